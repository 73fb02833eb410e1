/* cylch benchmark: Monte Carlo draws per second of the network inside a
 * regionalised economy (scenarios/bro-ffestiniog-gwynedd.ini: 13 members,
 * households and 105 industries, 119 agents) with Flegg's delta fixed and
 * drawn, beside the single-agent model (scenarios/bro-ffestiniog.ini), on 1
 * and 2 threads. A benchmark, not a test: it prints figures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <omp.h>

#include "cylch/uncertainty/mc.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int load(const char *path, cylch_scenario **s, cylch_network **net)
{
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_scenario_load(path, s, &err) || cylch_network_load((*s)->network, net, &err) ||
        cylch_scenario_apply(*s, *net, NULL, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        return 1;
    }
    return 0;
}

static int bench(const char *label, cylch_scenario *s, cylch_network *net, size_t draws)
{
    double rate[3] = {0, 0, 0};
    cylch_error err;
    s->draws = draws;
    for (unsigned t = 1; t <= 2; t++) {
        cylch_mc *mc = NULL;
        double t0;
        if (cylch_mc_new(s, net, 0, &mc, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        t0 = now();
        if (cylch_mc_run(mc, s, net, t, NULL, NULL, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            cylch_mc_free(mc);
            return 1;
        }
        rate[t] = (double)draws / (now() - t0);
        if (t == 2)
            printf("%-44s %7zu draws %3zu inputs  1 thread %9.0f draws/s  2 threads %9.0f draws/s\n",
                   label, draws, mc->nparams, rate[1], rate[2]);
        cylch_mc_free(mc);
    }
    return 0;
}

int main(void)
{
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    int bad = 0;
    cylch_gsl_quiet();
    printf("cylch regional benchmark (%d cores available): the network in Gwynedd's economy "
           "(105 industries) beside the single agent B\n", omp_get_num_procs());
    if (load("scenarios/bro-ffestiniog.ini", &s, &net))
        return 1;
    bad |= bench("bro-ffestiniog, single agent B (15 agents)", s, net, 100000);
    cylch_network_free(net);
    cylch_scenario_free(s);

    if (load("scenarios/bro-ffestiniog-gwynedd.ini", &s, &net))
        return 1;
    bad |= bench("bro-ffestiniog-gwynedd, delta drawn (119)", s, net, 4000);
    /* The same with delta fixed at its mode. */
    s->place[CYLCH_P_ECONOMY_DELTA].kind = CYLCH_DIST_FIXED;
    s->place[CYLCH_P_ECONOMY_DELTA].p[0] = 0.25;
    bad |= bench("bro-ffestiniog-gwynedd, delta fixed (119)", s, net, 4000);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return bad;
}
