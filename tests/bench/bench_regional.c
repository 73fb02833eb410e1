/* cylch benchmark: Monte Carlo draws per second of the network inside a
 * regionalised economy (scenarios/bro-ffestiniog-gwynedd.ini: 13 members,
 * households and 105 industries, 119 agents) with Flegg's delta fixed and
 * drawn, beside the single-agent model (scenarios/bro-ffestiniog.ini), on 1
 * and 2 threads. Every run loads the scenario afresh, so a run with delta
 * drawn pays for the pieces of the industry block's series it needs
 * (cylch/core/economy.h), as a user's run does. A benchmark, not a test: it
 * prints figures. Arguments (for profiling): single, drawn or fixed runs only
 * that one; a number after it sets the draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include <omp.h>

#include "cylch/uncertainty/mc.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU time of the process (user + system), s. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

enum { SINGLE, DRAWN, FIXED, NCASES };
static const char *case_name[NCASES] = {"single", "drawn", "fixed"};
static const char *case_label[NCASES] = {
    "bro-ffestiniog, single agent B (15 agents)",
    "bro-ffestiniog-gwynedd, delta drawn (119)",
    "bro-ffestiniog-gwynedd, delta fixed (119)",
};

/* Draws/s of one case on the given threads, everything loaded afresh: by the
 * clock (*out) and by the process's CPU time (*out_cpu; on one thread, what a
 * quiet machine would show). */
static int rate(int c, unsigned threads, size_t draws, double *out, double *out_cpu, size_t *nparams)
{
    const char *path = c == SINGLE ? "scenarios/bro-ffestiniog.ini" : "scenarios/bro-ffestiniog-gwynedd.ini";
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_mc *mc = NULL;
    cylch_error err;
    double t0, c0;
    int bad = 1;
    cylch_error_clear(&err);
    if (cylch_scenario_load(path, &s, &err))
        goto done;
    if (c == FIXED) {   /* delta at the mode of its triangular distribution */
        s->place[CYLCH_P_ECONOMY_DELTA].kind = CYLCH_DIST_FIXED;
        s->place[CYLCH_P_ECONOMY_DELTA].p[0] = 0.25;
    }
    s->draws = draws;
    t0 = now();
    c0 = cpu();
    if (cylch_network_load(s->network, &net, &err) || cylch_scenario_apply(s, net, NULL, &err) ||
        cylch_mc_new(s, net, 0, &mc, &err) || cylch_mc_run(mc, s, net, threads, NULL, NULL, NULL, &err))
        goto done;
    *out = (double)draws / (now() - t0);
    *out_cpu = (double)draws / (cpu() - c0);
    *nparams = mc->nparams;
    bad = 0;
done:
    if (bad)
        fprintf(stderr, "%s: %s\n", path, err.msg);
    cylch_mc_free(mc);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return bad;
}

int main(int argc, char **argv)
{
    static const size_t draws[NCASES] = {100000, 20000, 20000};
    int bad = 0;
    cylch_gsl_quiet();
    printf("cylch regional benchmark (%d cores available): the network in Gwynedd's economy "
           "(105 industries) beside the single agent B; loading included\n", omp_get_num_procs());
    for (int c = 0; c < NCASES; c++) {
        double r[3] = {0, 0, 0}, rc[3] = {0, 0, 0};
        size_t np = 0, nd = draws[c];
        if (argc > 1 && strcmp(argv[1], case_name[c]) != 0)
            continue;
        if (argc > 2)
            nd = strtoul(argv[2], NULL, 10);
        for (unsigned t = 1; t <= 2; t++)
            bad |= rate(c, t, nd, &r[t], &rc[t], &np);
        printf("%-44s %7zu draws %3zu inputs  1 thread %9.0f draws/s  2 threads %9.0f draws/s"
               "  (1 thread by CPU time %9.0f draws/s)\n", case_label[c], nd, np, r[1], r[2], rc[1]);
    }
    return bad;
}
