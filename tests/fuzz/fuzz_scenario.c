/* cylch — fuzz target: a scenario file with distributions and changes.
 *
 * Input: the text of a scenario file. It is parsed as cylch_scenario_load
 * does; a scenario that parses is applied to the Bro Ffestiniog network
 * (data/bro-ffestiniog, loaded once), the point estimate is computed, every
 * distribution is summarised, its quantiles taken and a few values drawn
 * around each member's value (all finite, in range, and in bounded time),
 * and a few Monte Carlo draws are evaluated. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/mc.h"
#include "fuzz.h"

static cylch_network *base;
static gsl_rng *rng;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    cylch_error err;
    (void)argc;
    (void)argv;
    cylch_gsl_quiet();
    if (cylch_network_load(CYLCH_SOURCE_DIR "/data/bro-ffestiniog", &base, &err)) {
        fprintf(stderr, "fuzz_scenario: %s\n", err.msg);
        exit(1);
    }
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    return 0;
}

static void check_draws(const cylch_scenario *s, const cylch_network *net)
{
    cylch_mc *mc = NULL;
    cylch_model *m = NULL;
    double *vals = NULL, *u = NULL, head[CYLCH_NHEAD];
    cylch_place p;
    cylch_error err;
    cylch_scenario s1 = *s;
    s1.draws = 0;
    if (cylch_mc_new(&s1, net, 0, &mc, &err) || !(m = cylch_model_new(net)) ||
        !(vals = cylch_network_values(net)) || !(u = calloc(mc->nparams + 1, sizeof *u)))
        goto done;
    for (int k = 0; k < 4; k++) {
        int rc;
        for (size_t i = 0; i < mc->nparams; i++)
            u[i] = cylch_dist_sample_in(mc->param[i].dist, mc->param[i].range, mc->param[i].centre, rng);
        cylch_scenario_place_point(s, &p);
        cylch_error_clear(&err);
        rc = cylch_mc_eval(mc, m, vals, &p, u, head, &err);
        if (rc) {
            fuzz_refused(rc, &err, NULL);
            continue;
        }
        for (int h = 0; h < CYLCH_NHEAD; h++)
            if (isinf(head[h]))
                FUZZ_FAIL("draw %d: headline %d is %g", k, h, head[h]);
    }
done:
    free(u);
    free(vals);
    cylch_model_free(m);
    cylch_mc_free(mc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m = NULL;
    cylch_result *r = NULL;
    double *vals = NULL;
    cylch_notes notes = {0, NULL, NULL};
    cylch_error err;
    cylch_place place;
    int rc;

    if (memchr(data, '\0', size))
        return 0; /* the loader refuses a NUL byte before parsing */
    if (!(text = malloc(size + 1)))
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cylch_error_clear(&err);
    rc = cylch_scenario_parse("fuzz.ini", ".", text, &s, &err);
    free(text);
    if (rc) {
        fuzz_refused(rc, &err, "fuzz.ini");
        return 0;
    }
    for (int p = 0; p < CYLCH_NPLACE; p++)
        fuzz_check_dist(&s->place[p], p == CYLCH_P_JOBS_PER_MILLION ? CYLCH_RANGE_NONNEG
                                                                    : CYLCH_RANGE_SHARE, 0.0, rng);
    if (!(net = cylch_network_copy(base)))
        goto done;
    rc = cylch_scenario_apply(s, net, &notes, &err);
    if (rc) {
        fuzz_refused(rc, &err, NULL);
        goto done;
    }
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (s->has_unc[c])
            for (size_t j = 0; j < net->n; j++)
                fuzz_check_dist(&s->unc[c], cylch_col_is_share(c) ? CYLCH_RANGE_SHARE
                                                                  : CYLCH_RANGE_NONNEG,
                                net->m[j].v[c], rng);
    if (!(m = cylch_model_new(net)) || !(r = cylch_result_new(net->n, s->rounds)) ||
        !(vals = cylch_network_values(net)))
        goto done;
    cylch_scenario_place_point(s, &place);
    rc = cylch_model_build(m, vals, &place, &err);
    if (rc == CYLCH_OK)
        rc = cylch_model_result(m, r, &err);
    if (rc) {
        fuzz_refused(rc, &err, NULL);
        goto done;
    }
    fuzz_check_result(r);
    check_draws(s, net);
done:
    cylch_notes_clear(&notes);
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return 0;
}
