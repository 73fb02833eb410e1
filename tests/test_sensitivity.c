/* Tests of sensitivity analysis (model/sensitivity.c): a tornado on one
 * uncertain input equals two model evaluations by hand; Spearman signs follow
 * the model's direction (households spending more locally raise LM∞); Sobol'
 * first-order indices of bro-ffestiniog sum to at most 1 (within sampling
 * error) and rank household_local_spend first; every method gives identical
 * results on 1 and 2 threads; bad requests are refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/sensitivity.h"
#include "testutil.h"

typedef struct loaded {
    cylch_scenario *s;
    cylch_network *net;
} loaded;

static void load_text(const char *text, loaded *l)
{
    cylch_error err;
    cylch_notes notes = {0, NULL};
    cylch_error_clear(&err);
    if (cylch_scenario_parse("t.ini", "scenarios", text, &l->s, &err) ||
        cylch_network_load(l->s->network, &l->net, &err) || cylch_scenario_apply(l->s, l->net, &notes, &err))
        fail_msg("%s", err.msg);
    cylch_notes_clear(&notes);
}

static void load_file(const char *path, loaded *l)
{
    cylch_error err;
    cylch_notes notes = {0, NULL};
    cylch_error_clear(&err);
    if (cylch_scenario_load(path, &l->s, &err) || cylch_network_load(l->s->network, &l->net, &err) ||
        cylch_scenario_apply(l->s, l->net, &notes, &err))
        fail_msg("%s", err.msg);
    cylch_notes_clear(&notes);
}

static void unload(loaded *l)
{
    cylch_network_free(l->net);
    cylch_scenario_free(l->s);
}

static cylch_sens *run(const loaded *l, int method, size_t n, unsigned threads)
{
    cylch_sens_options o = cylch_sens_options_default();
    cylch_sens *r = NULL;
    cylch_error err;
    o.method = method;
    o.n = n;
    o.threads = threads;
    o.bootstrap = 60;
    cylch_error_clear(&err);
    if (cylch_sens_run(l->s, l->net, &o, &r, &err))
        fail_msg("%s: %s", cylch_sens_method_name(method), err.msg);
    return r;
}

/* The toy town with one uncertain input: households' local spending uniform on [0.4, 0.6]. */
static const char *const toy_one =
    "[scenario]\nname = toy-one\nnetwork = ../data/toy-town\ndraws = 0\n"
    "[place]\nhousehold_local_spend = uniform(0.4,0.6)\nhousehold_member_share = 0.1\n"
    "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\njobs_per_million = 10\n";

/* Headline entries of the toy town with household_local_spend = hls, by hand:
 * build the model at that value and evaluate it. */
static void toy_eval(const loaded *l, double hls, double *h)
{
    cylch_model *m = cylch_model_new(l->net);
    double *vals = cylch_network_values(l->net);
    cylch_place p;
    cylch_error err;
    assert_non_null(m);
    assert_non_null(vals);
    cylch_scenario_place_point(l->s, &p);
    p.v[CYLCH_P_HOUSEHOLD_LOCAL_SPEND] = hls;
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_headline(m, l->s->rounds, h, &err), CYLCH_OK);
    free(vals);
    cylch_model_free(m);
}

static void test_tornado_by_hand(void **state)
{
    loaded l;
    cylch_sens *r;
    double lo[CYLCH_NHEAD], hi[CYLCH_NHEAD], mid[CYLCH_NHEAD], lit_lo[CYLCH_NHEAD], lit_hi[CYLCH_NHEAD];
    const int g = CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF);
    (void)state;
    load_text(toy_one, &l);
    r = run(&l, CYLCH_SENS_TORNADO, 0, 0);
    assert_int_equal(r->k, 1);
    assert_string_equal(r->name[0], "place.household_local_spend");
    assert_int_equal(r->headline, g);
    /* The 5th and 95th percentiles of uniform(0.4, 0.6): 0.41 and 0.59. */
    TU_ASSERT_CLOSE(r->x_lo[0], 0.41, 1e-15);
    TU_ASSERT_CLOSE(r->x_hi[0], 0.59, 1e-15);
    TU_ASSERT_CLOSE(r->point[0], 0.5, 1e-15);
    /* Two model evaluations give exactly the same outputs and swing. */
    toy_eval(&l, r->x_lo[0], lo);
    toy_eval(&l, r->x_hi[0], hi);
    toy_eval(&l, 0.5, mid);
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        assert_true(r->y_lo[h] == lo[h] || (isnan(lo[h]) && isnan(r->y_lo[h])));
        assert_true(r->y_hi[h] == hi[h] || (isnan(hi[h]) && isnan(r->y_hi[h])));
        assert_true(r->base[h] == mid[h] || (isnan(mid[h]) && isnan(r->base[h])));
    }
    /* ... and, at the literal 0.41 and 0.59, the same swing to rounding; the
     * base is the oracle's LM∞ 1.661688. */
    toy_eval(&l, 0.41, lit_lo);
    toy_eval(&l, 0.59, lit_hi);
    TU_ASSERT_CLOSE(fabs(r->y_hi[g] - r->y_lo[g]), lit_hi[g] - lit_lo[g], 1e-12);
    TU_ASSERT_CLOSE(r->base[g], 1.6616882473828407, 1e-12);
    assert_true(lit_hi[g] - lit_lo[g] > 0.05); /* households spending more locally: a real swing */
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(cylch_sens_write_tornado_csv(f, r), 0);
        fclose(f);
        assert_non_null(strstr(buf, "rank,input,label,low_input,high_input,output_low,output_high,base,swing\n"
                                    "1,place.household_local_spend,"));
        free(buf);
        buf = NULL;
        f = open_memstream(&buf, &len);
        cylch_sens_summary(f, r);
        fclose(f);
        assert_non_null(strstr(buf, "households' local spending share"));
        assert_non_null(strstr(buf, "a swing of"));
        free(buf);
    }
    cylch_sens_free(r);
    unload(&l);
}

static void test_spearman_signs(void **state)
{
    loaded l;
    cylch_sens *r1, *r2;
    long hls = -1, blws = -1;
    (void)state;
    load_file("scenarios/bro-ffestiniog.ini", &l);
    r1 = run(&l, CYLCH_SENS_SPEARMAN, 800, 1);
    r2 = run(&l, CYLCH_SENS_SPEARMAN, 800, 2);
    assert_int_equal(r1->n, 800);
    for (size_t i = 0; i < r1->k; i++) {
        if (strcmp(r1->name[i], "place.household_local_spend") == 0)
            hls = (long)i;
        if (strcmp(r1->name[i], "place.business_local_wage_share") == 0)
            blws = (long)i;
    }
    assert_true(hls >= 0 && blws >= 0);
    /* Households spending more locally raise every LM∞; so do other businesses paying more locally.
     * With 800 draws the standard error of rho is about 0.03: these are far from 0. */
    for (int s = 0; s < CYLCH_NSRC; s++) {
        double rho = r1->rho[(size_t)hls * CYLCH_NHEAD + CYLCH_HEAD(s, CYLCH_Q_LM_INF)];
        if (!(rho > 0.4))
            fail_msg("rho(household_local_spend, %s lm_inf) = %g", cylch_source_name(s), rho);
        assert_true(r1->rho[(size_t)blws * CYLCH_NHEAD + CYLCH_HEAD(s, CYLCH_Q_LM_INF)] > 0.2);
    }
    /* The round-2 local share of grant and loan does not depend on households at all. */
    assert_true(fabs(r1->rho[(size_t)hls * CYLCH_NHEAD + CYLCH_HEAD_R2GL]) < 0.15);
    assert_int_equal(r1->rank[0], hls);
    assert_memory_equal(r1->rho, r2->rho, r1->k * CYLCH_NHEAD * sizeof *r1->rho);
    cylch_sens_free(r1);
    cylch_sens_free(r2);
    unload(&l);
}

static void test_sobol(void **state)
{
    loaded l;
    cylch_sens *r1, *r2;
    char *buf = NULL;
    size_t len = 0, lines = 0;
    FILE *f;
    (void)state;
    load_file("scenarios/bro-ffestiniog.ini", &l);
    r1 = run(&l, CYLCH_SENS_SOBOL, 512, 1);
    r2 = run(&l, CYLCH_SENS_SOBOL, 512, 2);
    assert_int_equal(r1->sobol->evaluations, 512 * (r1->k + 2));
    assert_int_equal(r1->nout, CYLCH_NHEAD); /* bro-ffestiniog has money from every source */
    for (size_t o = 0; o < r1->nout; o++) {
        double sum = 0.0;
        if (r1->sobol->zero_var[o])
            continue;
        for (size_t i = 0; i < r1->k; i++)
            sum += r1->sobol->s1[o * r1->k + i];
        /* Sampling error of each index at N = 512 is a few hundredths. */
        if (!(sum <= 1.0 + 0.15))
            fail_msg("output %d: sum of first-order indices %g", r1->out[o], sum);
    }
    assert_string_equal(r1->name[r1->rank[0]], "place.household_local_spend");
    assert_memory_equal(r1->sobol->s1, r2->sobol->s1, r1->nout * r1->k * sizeof(double));
    assert_memory_equal(r1->sobol->st_hi, r2->sobol->st_hi, r1->nout * r1->k * sizeof(double));

    f = open_memstream(&buf, &len);
    assert_int_equal(cylch_sens_write_csv(f, r1), 0);
    fclose(f);
    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    assert_int_equal(lines, 1 + r1->nout * r1->k);
    assert_true(strncmp(buf, "method,output,rank,input,label,point,s1,s1_low,s1_high,st,st_low,st_high\n", 73) == 0);
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    assert_int_equal(cylch_sens_write_sobol_csv(f, r1), 0);
    assert_int_equal(cylch_sens_write_tornado_csv(f, r1), -1); /* not a tornado */
    fclose(f);
    assert_non_null(strstr(buf, "\n1,place.household_local_spend,"));
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    assert_int_equal(cylch_sens_write_json(f, r1, "test"), 0);
    fclose(f);
    TU_ASSERT_CLOSE(tu_json_num(buf, "base_sample"), 512, 0);
    assert_non_null(strstr(buf, "\"method\": \"sobol\"") ? strstr(buf, "\"method\": \"sobol\"")
                                                         : strstr(buf, "\"method\":\"sobol\""));
    free(buf);
    cylch_sens_free(r1);
    cylch_sens_free(r2);
    unload(&l);
}

static void test_tornado_threads_and_errors(void **state)
{
    loaded l, toy;
    cylch_sens *r1, *r2, *r = NULL;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_error err;
    (void)state;
    load_file("scenarios/bro-ffestiniog.ini", &l);
    r1 = run(&l, CYLCH_SENS_TORNADO, 0, 1);
    r2 = run(&l, CYLCH_SENS_TORNADO, 0, 2);
    assert_memory_equal(r1->y_lo, r2->y_lo, r1->k * CYLCH_NHEAD * sizeof(double));
    assert_memory_equal(r1->rank, r2->rank, r1->k * sizeof(size_t));
    assert_string_equal(r1->name[r1->rank[0]], "place.household_local_spend");
    /* Swings are ranked largest first. */
    for (size_t p = 1; p < r1->k; p++) {
        size_t a = r1->rank[p - 1], b = r1->rank[p];
        int h = r1->headline;
        assert_true(fabs(r1->y_hi[a * CYLCH_NHEAD + h] - r1->y_lo[a * CYLCH_NHEAD + h]) >=
                    fabs(r1->y_hi[b * CYLCH_NHEAD + h] - r1->y_lo[b * CYLCH_NHEAD + h]));
    }
    cylch_sens_free(r1);
    cylch_sens_free(r2);

    /* Spearman without draws; tornado with impossible percentiles. */
    cylch_error_clear(&err);
    o.method = CYLCH_SENS_SPEARMAN;
    l.s->draws = 0;
    assert_int_equal(cylch_sens_run(l.s, l.net, &o, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "needs Monte Carlo draws"));
    o.method = CYLCH_SENS_TORNADO;
    o.p_lo = 0.9;
    o.p_hi = 0.1;
    assert_int_equal(cylch_sens_run(l.s, l.net, &o, &r, &err), CYLCH_EINPUT);
    assert_null(r);
    unload(&l);

    /* Nothing uncertain in the toy town: nothing to rank. */
    load_file("scenarios/toy-town.ini", &toy);
    o = cylch_sens_options_default();
    assert_int_equal(cylch_sens_run(toy.s, toy.net, &o, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "no uncertain inputs"));
    unload(&toy);
    assert_int_equal(cylch_sens_method_find("sobol"), CYLCH_SENS_SOBOL);
    assert_int_equal(cylch_sens_method_find("morris"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tornado_by_hand),
        cmocka_unit_test(test_spearman_signs),
        cmocka_unit_test(test_sobol),
        cmocka_unit_test(test_tornado_threads_and_errors),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("sensitivity", tests, NULL, NULL);
}
