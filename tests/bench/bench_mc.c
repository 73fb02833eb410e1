/* cylch benchmark: Monte Carlo draws per second on 1 and 2 threads, parallel
 * efficiency and peak memory, for the bro-ffestiniog scenario and generated
 * networks of 200 and 2,000 members with sparse trade (fixed-seed generator).
 * A benchmark, not a test: it prints figures and the targets beside them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <omp.h>

#include "cylch/uncertainty/mc.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A network of n members, each buying from 3 others (sparse trade), from a fixed seed. */
static cylch_network *generate(size_t n)
{
    cylch_network *net = calloc(1, sizeof *net);
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    net->n = n;
    net->m = calloc(n, sizeof *net->m);
    net->ntrade = 3 * n;
    net->trade = calloc(net->ntrade, sizeof *net->trade);
    for (size_t j = 0; j < n; j++) {
        double u[6];
        char id[32];
        for (int k = 0; k < 6; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            u[k] = (double)(x >> 11) / 9007199254740992.0;
        }
        snprintf(id, sizeof id, "m%zu", j);
        net->m[j].id = strdup(id);
        net->m[j].name = strdup(id);
        net->m[j].v[CYLCH_COL_FTE] = 1 + 20 * u[0];
        net->m[j].v[CYLCH_COL_GRANT] = 5e4 * u[1];
        net->m[j].v[CYLCH_COL_LOAN] = 2e4 * u[2];
        net->m[j].v[CYLCH_COL_TRADE_LOCAL] = 1e4 + 2e5 * u[3];
        net->m[j].v[CYLCH_COL_TRADE_EXTERNAL] = 1e5 * u[4];
        {
            double T = net->m[j].v[CYLCH_COL_GRANT] + net->m[j].v[CYLCH_COL_LOAN] +
                       net->m[j].v[CYLCH_COL_TRADE_LOCAL] + net->m[j].v[CYLCH_COL_TRADE_EXTERNAL];
            net->m[j].v[CYLCH_COL_WAGES] = 0.45 * T;
            net->m[j].v[CYLCH_COL_PURCHASES] = 0.4 * T;
        }
        net->m[j].v[CYLCH_COL_WAGES_LOCAL_SHARE] = 0.3 + 0.6 * u[5];
        net->m[j].v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 0.2 + 0.5 * u[0];
    }
    for (size_t t = 0; t < net->ntrade; t++) {
        size_t b = t / 3, s = (b + 1 + (t % 3) * 7 + (b * 31) % 13) % n;
        if (s == b)
            s = (b + 1) % n;
        net->trade[t].buyer = b;
        net->trade[t].seller = s;
        net->trade[t].amount = 0.02 * net->m[b].v[CYLCH_COL_PURCHASES];
    }
    return net;
}

static const char place_text[] =
    "[place]\nnet_wage_share = 1\nhousehold_local_spend = beta(mean=0.53,sd=0.05)\n"
    "household_member_share = pert(0.005,0.015,0.03)\nbusiness_local_wage_share = pert(0.12,0.2,0.3)\n"
    "business_local_supply_share = pert(0.05,0.1,0.18)\njobs_per_million = pert(6,12,18)\n"
    "[uncertainty]\nwages_local_share = beta(sd=0.03)\npurchases_local_share = beta(sd=0.08)\n";

/* Time draws on 1 and 2 threads; returns 0 when the two runs are bit-identical. */
static int bench(const char *label, cylch_scenario *s, cylch_network *net, size_t draws)
{
    double rate[3] = {0, 0, 0};
    double *first = NULL;
    int same = 1;
    cylch_error err;
    s->draws = draws;
    for (unsigned t = 1; t <= 2; t++) {
        cylch_mc *mc = NULL;
        double t0, t1;
        if (cylch_mc_new(s, net, 0, &mc, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        t0 = now();
        if (cylch_mc_run(mc, s, net, t, NULL, NULL, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        t1 = now();
        rate[t] = (double)draws / (t1 - t0);
        if (t == 1) {
            first = malloc(draws * CYLCH_NHEAD * sizeof *first);
            memcpy(first, mc->head, draws * CYLCH_NHEAD * sizeof *first);
        } else {
            same = memcmp(first, mc->head, draws * CYLCH_NHEAD * sizeof *first) == 0;
        }
        if (t == 2)
            printf("%-28s %8zu draws %5zu inputs  1 thread %10.0f draws/s  2 threads %10.0f draws/s"
                   "  efficiency %.2f  (%.2f s)  identical %s\n",
                   label, draws, mc->nparams, rate[1], rate[2], rate[2] / (2 * rate[1]),
                   (double)draws / rate[2], same ? "yes" : "NO");
        cylch_mc_free(mc);
    }
    free(first);
    return same ? 0 : 1;
}

int main(void)
{
    cylch_error err;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    char text[4096];
    int bad = 0;
    long rss0;

    cylch_gsl_quiet();
    printf("cylch benchmark (%d cores available)\n", omp_get_num_procs());
    printf("targets: bro-ffestiniog >= 600000 draws/s (the draw loop alone) on 2 threads, efficiency >= 0.85; "
           "2,000 members: 10,000 draws in under 20 s\n");
    /* The target's workload: shares and place values drawn (the numpy peer's too); then the
     * sample scenario as it is, which also draws incomes and splits (DESIGN §8.6). */
    if (cylch_scenario_load("tests/bench/bro-ffestiniog-shares.ini", &s, &err) ||
        cylch_network_load(s->network, &net, &err) || cylch_scenario_apply(s, net, NULL, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    rss0 = peak_rss_kb();
    bad |= bench("bro-ffestiniog (13 members)", s, net, 200000);
    printf("  peak resident memory %ld kB (kept headline values: %zu kB for 200000 draws)\n",
           peak_rss_kb(), (size_t)200000 * CYLCH_NHEAD * sizeof(double) / 1024);
    (void)rss0;
    cylch_network_free(net);
    cylch_scenario_free(s);
    if (cylch_scenario_load("scenarios/bro-ffestiniog.ini", &s, &err) ||
        cylch_network_load(s->network, &net, &err) || cylch_scenario_apply(s, net, NULL, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    bad |= bench("bro-ffestiniog with money", s, net, 200000);
    cylch_network_free(net);
    cylch_scenario_free(s);

    for (size_t n = 200; n <= 2000; n *= 10) {
        char label[64];
        snprintf(text, sizeof text, "[scenario]\nname = gen\nnetwork = generated\nseed = 11\n%s", place_text);
        if (cylch_scenario_parse("generated.ini", ".", text, &s, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        net = generate(n);
        if (cylch_network_check(net, NULL, &err)) {
            fprintf(stderr, "generated network: %s\n", err.msg);
            return 1;
        }
        snprintf(label, sizeof label, "generated (%zu members)", n);
        bad |= bench(label, s, net, n == 200 ? 20000 : 10000);
        printf("  peak resident memory %ld kB\n", peak_rss_kb());
        cylch_network_free(net);
        cylch_scenario_free(s);
    }
    return bad;
}
