/* Tests of sensitivity analysis (model/uncertainty/sensitivity.c): a tornado on
 * one uncertain input equals two model evaluations by hand; Spearman signs
 * follow the model's direction (households spending more locally raise LM∞);
 * Sobol' first-order indices of bro-ffestiniog sum to at most 1 (within
 * sampling error) and rank household_local_spend first; at N = 1000 no shown
 * first-order index is above its total beyond their intervals and the words
 * follow the intervals; on a two-input toy town (and on the difference of two
 * toy towns) the indices agree with a quadrature on a grid, done here; a
 * tornado on a difference equals four model evaluations by hand; every method
 * gives identical results on 1 and 2 threads; bad requests are refused with a
 * reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

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
    cylch_notes notes = {0, NULL, NULL};
    cylch_error_clear(&err);
    if (cylch_scenario_parse("t.ini", "scenarios", text, &l->s, &err) ||
        cylch_network_load(l->s->network, &l->net, &err) || cylch_scenario_apply(l->s, l->net, &notes, &err))
        fail_msg("%s", err.msg);
    cylch_notes_clear(&notes);
}

static void load_file(const char *path, loaded *l)
{
    cylch_error err;
    cylch_notes notes = {0, NULL, NULL};
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
        assert_non_null(strstr(buf, "rank,input,label,low_input,high_input,output_low,output_high,base,swing,"
                                    "moves_with,output,output_measure,output_unit\n1,place.household_local_spend,"));
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
    assert_true(strncmp(buf, "method,output,rank,input,label,point,s1,s1_low,s1_high,st,st_low,st_high,group,"
                             "output_measure,output_unit\n", 106) == 0);
    /* each row names its output in words, with its unit */
    assert_non_null(strstr(buf, ",\"Local circulation per £1 of grant, over time (every round)\",£ per £1\n"));
    assert_non_null(strstr(buf, ",Jobs supported by grant,FTE\n"));
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


/* ---- Sobol' at N = 1000 on bro-ffestiniog: what the review measured ---- */

static char *summary_text(const cylch_sens *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    cylch_sens_summary(f, r);
    cylch_sens_write_table(f, r);
    fclose(f);
    return buf;
}

static void test_sobol_words_follow_intervals(void **state)
{
    loaded l;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_sens *r = NULL;
    cylch_error err;
    size_t grp[64];
    (void)state;
    load_file("scenarios/bro-ffestiniog.ini", &l);
    /* the review's case: the shares and place values (31 inputs), without the members'
     * drawn incomes and splits of spending that the sample scenario adds (DESIGN §8.6) */
    l.s->has_income = 0;
    l.s->split_sd = 0.0;
    /* ... and, as the review had them, independent: no common factor, so 31 entries
     * (test_correlated_* check the grouped indices) */
    for (int c = 0; c < CYLCH_NCOLS; c++)
        l.s->unc_rho[c] = 0.0;
    o.method = CYLCH_SENS_SOBOL;
    o.n = 1000;
    o.threads = 2;
    cylch_error_clear(&err);
    if (cylch_sens_run(l.s, l.net, &o, &r, &err))
        fail_msg("%s", err.msg);
    const cylch_sobol_result *sb = r->sobol;
    const size_t k = r->k;
    long ho = -1;
    for (size_t q = 0; q < r->nout; q++)
        if (r->out[q] == r->headline)
            ho = (long)q;
    assert_true(ho >= 0 && k <= 64);
    /* 31 inputs: more than the Sobol' sequence holds; the mixed sample, said so */
    assert_int_equal(k, 31);
    assert_int_equal(sb->sequence, CYLCH_SOBOL_SEQ_MIXED);
    assert_int_equal(r->screened, 1);
    /* The review's case: first order above total beyond the intervals, for an
     * input that matters (ST >= 1%), must not happen. */
    for (size_t i = 0; i < k; i++) {
        size_t at = (size_t)ho * k + i;
        if (sb->st[at] >= 0.01 && !(sb->s1_lo[at] <= sb->st_hi[at]))
            fail_msg("%s: S1 %g [%g, %g] above ST %g [%g, %g]", r->name[i], sb->s1[at], sb->s1_lo[at],
                     sb->s1_hi[at], sb->st[at], sb->st_lo[at], sb->st_hi[at]);
    }
    /* groups: neighbours share one exactly when their ST intervals overlap */
    cylch_sens_tie_groups(r, r->headline, r->rank, grp);
    assert_int_equal(grp[0], 1);
    for (size_t p = 1; p < k; p++) {
        size_t a = (size_t)ho * k + r->rank[p - 1], b = (size_t)ho * k + r->rank[p];
        int overlap = sb->st_hi[b] >= sb->st_lo[a] && sb->st_hi[a] >= sb->st_lo[b];
        assert_int_equal(grp[p], overlap ? grp[p - 1] : grp[p - 1] + 1);
    }
    char *text = summary_text(r);
    /* never the old claim; independence only when the interval of the sum holds 100% */
    assert_null(strstr(text, "act almost independently"));
    int holds = sb->s1sum_lo[ho] <= 1.0 && 1.0 <= sb->s1sum_hi[ho];
    assert_true((strstr(text, "which includes 100%: no sign of inputs acting together") != NULL) == holds);
    assert_non_null(strstr(text, "for 20 of the 31 inputs and pseudo-random numbers for the other 11, "
                                 "because 31 inputs need 62 dimensions"));
    assert_non_null(strstr(text, "the sequence went to the inputs with the largest tornado swings"));
    assert_non_null(strstr(text, "Every input, ranked by its index with interactions"));
    print_message("bro-ffestiniog N = 1000: S1 of %s %.3f [%.3f, %.3f], ST %.3f [%.3f, %.3f]; "
                  "sum of S1 %.3f [%.3f, %.3f]\n", r->name[r->rank[0]], sb->s1[ho * k + r->rank[0]],
                  sb->s1_lo[ho * k + r->rank[0]], sb->s1_hi[ho * k + r->rank[0]], sb->st[ho * k + r->rank[0]],
                  sb->st_lo[ho * k + r->rank[0]], sb->st_hi[ho * k + r->rank[0]], sb->s1sum[ho],
                  sb->s1sum_lo[ho], sb->s1sum_hi[ho]);
    /* "cannot be told apart" exactly when two of the inputs shown share a group */
    int tie_shown = 0;
    for (size_t p = 1; p < 3; p++)
        tie_shown |= grp[p] == grp[p - 1] && sb->st[ho * k + r->rank[p]] >= 0.01;
    if (tie_shown)
        assert_non_null(strstr(text, "cannot be told apart"));
    free(text);
    cylch_sens_free(r);
    unload(&l);
}

/* ---- two toy towns, two uncertain inputs: an independent quadrature ---- */

/* A: households' local spending uniform(0.4, 0.6) and other businesses' local
 * wage share uniform(0.15, 0.25). B: the same with that wage share fixed at 0.2. */
static const char *const toy_two =
    "[scenario]\nname = toy-two\nnetwork = ../data/toy-town\ndraws = 0\n"
    "[place]\nhousehold_local_spend = uniform(0.4,0.6)\nhousehold_member_share = 0.1\n"
    "business_local_wage_share = uniform(0.15,0.25)\nbusiness_local_supply_share = 0.15\n"
    "jobs_per_million = 10\n";
static const char *const toy_two_fixed =
    "[scenario]\nname = toy-two-fixed\nnetwork = ../data/toy-town\ndraws = 0\n"
    "[place]\nhousehold_local_spend = uniform(0.4,0.6)\nhousehold_member_share = 0.1\n"
    "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\njobs_per_million = 10\n";

/* Grant LM∞ and income's local value (LM∞ · 1ᵀf, £/year) of l at the two
 * place values, by building the model here. */
static void toy_two_eval(const loaded *l, double hls, double bws, double *lm, double *value)
{
    cylch_model *m = cylch_model_new(l->net);
    double *vals = cylch_network_values(l->net), h[CYLCH_NHEAD], inj = 0.0;
    cylch_place p;
    cylch_error err;
    assert_true(m && vals);
    cylch_scenario_place_point(l->s, &p);
    p.v[CYLCH_P_HOUSEHOLD_LOCAL_SPEND] = hls;
    p.v[CYLCH_P_BUSINESS_LOCAL_WAGE_SHARE] = bws;
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_headline(m, l->s->rounds, h, &err), CYLCH_OK);
    for (size_t i = 0; i < cylch_model_agents(m); i++)
        inj += cylch_model_injection(m, CYLCH_SRC_INCOME, i);
    *lm = h[CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)];
    *value = h[CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_LM_INF)] * inj;
    free(vals);
    cylch_model_free(m);
}

/* First-order and total indices of f on a G × G midpoint grid of (u1, u2):
 * V = Var f, V_1 = Var E[f | u1], ST_1 = E_{u2} Var(f | u2) / V, and the same
 * for input 2. f is G × G values, f[a G + b] at u1 = (a + ½)/G, u2 = (b + ½)/G. */
static void grid_indices(const double *f, int G, double s1[2], double st[2])
{
    double mean = 0.0, v = 0.0, m1[400], m2[400], v1 = 0.0, v2 = 0.0, e1 = 0.0, e2 = 0.0;
    assert_true(G <= 400);
    for (int a = 0; a < G * G; a++)
        mean += f[a];
    mean /= G * G;
    for (int a = 0; a < G * G; a++)
        v += (f[a] - mean) * (f[a] - mean);
    v /= G * G;
    for (int a = 0; a < G; a++) {
        m1[a] = m2[a] = 0.0;
        for (int b = 0; b < G; b++) {
            m1[a] += f[a * G + b] / G;   /* E[f | u1 = a] */
            m2[a] += f[b * G + a] / G;   /* E[f | u2 = a] */
        }
    }
    for (int a = 0; a < G; a++) {
        v1 += (m1[a] - mean) * (m1[a] - mean) / G;
        v2 += (m2[a] - mean) * (m2[a] - mean) / G;
        /* Var(f | u2 = a) averaged over a gives the total of input 1, and back */
        for (int b = 0; b < G; b++) {
            e1 += (f[b * G + a] - m2[a]) * (f[b * G + a] - m2[a]) / (G * G);
            e2 += (f[a * G + b] - m1[a]) * (f[a * G + b] - m1[a]) / (G * G);
        }
    }
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    st[0] = e1 / v;
    st[1] = e2 / v;
}

static void assert_index_near(const char *what, double est, double lo, double hi, double exact, double tol)
{
    print_message("%s: %.4f [%.4f, %.4f], quadrature %.4f\n", what, est, lo, hi, exact);
    if (!(lo - 1e-9 <= exact && exact <= hi + 1e-9) || !(fabs(est - exact) <= tol))
        fail_msg("%s = %g [%g, %g], quadrature %g (tolerance %g)", what, est, lo, hi, exact, tol);
}

static void test_sobol_toy_quadrature(void **state)
{
    enum { G = 120 };
    loaded a, b;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_sens *r = NULL, *d = NULL, *d3 = NULL;
    cylch_error err;
    double *lm = malloc(G * G * sizeof *lm), *diff = malloc(G * G * sizeof *diff);
    double s1[2], st[2];
    (void)state;
    assert_true(lm && diff);
    load_text(toy_two, &a);
    load_text(toy_two_fixed, &b);
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            double hls = 0.4 + 0.2 * (i + 0.5) / G, bws = 0.15 + 0.1 * (j + 0.5) / G, va, vb, lb;
            toy_two_eval(&a, hls, bws, &lm[i * G + j], &va);
            toy_two_eval(&b, hls, 0.2, &lb, &vb);
            diff[i * G + j] = va - vb;
        }

    /* One scenario: grant LM∞, inputs in the order of the scenario (hls, bws). */
    o.method = CYLCH_SENS_SOBOL;
    o.n = 1024;
    o.bootstrap = 400;
    o.threads = 1;
    cylch_error_clear(&err);
    if (cylch_sens_run(a.s, a.net, &o, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r->k, 2);
    assert_string_equal(r->name[0], "place.household_local_spend");
    assert_string_equal(r->name[1], "place.business_local_wage_share");
    assert_int_equal(r->sobol->sequence, CYLCH_SOBOL_SEQ_SOBOL);
    grid_indices(lm, G, s1, st);
    long ho = -1;
    for (size_t q = 0; q < r->nout; q++)
        if (r->out[q] == CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF))
            ho = (long)q;
    assert_true(ho >= 0);
    for (int i = 0; i < 2; i++) {
        size_t at = (size_t)ho * 2 + (size_t)i;
        char what[64];
        snprintf(what, sizeof what, "toy grant LM_inf S1_%d", i + 1);
        assert_index_near(what, r->sobol->s1[at], r->sobol->s1_lo[at], r->sobol->s1_hi[at], s1[i], 0.01);
        snprintf(what, sizeof what, "toy grant LM_inf ST_%d", i + 1);
        assert_index_near(what, r->sobol->st[at], r->sobol->st_lo[at], r->sobol->st_hi[at], st[i], 0.01);
    }

    /* The difference A − B in local circulation: both inputs count, the shared
     * one (hls) with the same value on both sides. */
    if (cylch_sens_run_against(a.s, a.net, b.s, b.net, &o, &d, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(d->k, 2);
    assert_string_equal(d->against, "toy-two-fixed");
    assert_int_equal(d->headline, CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME));
    grid_indices(diff, G, s1, st);
    ho = -1;
    for (size_t q = 0; q < d->nout; q++)
        if (d->out[q] == d->headline)
            ho = (long)q;
    assert_true(ho >= 0);
    for (int i = 0; i < 2; i++) {
        size_t at = (size_t)ho * 2 + (size_t)i;
        char what[64];
        snprintf(what, sizeof what, "difference in local value S1_%d", i + 1);
        assert_index_near(what, d->sobol->s1[at], d->sobol->s1_lo[at], d->sobol->s1_hi[at], s1[i], 0.01);
        snprintf(what, sizeof what, "difference in local value ST_%d", i + 1);
        assert_index_near(what, d->sobol->st[at], d->sobol->st_lo[at], d->sobol->st_hi[at], st[i], 0.01);
    }
    /* The scenarios differ only in the wage share: it carries the difference's variance. */
    assert_true(st[1] > 0.9);
    assert_int_equal(d->rank[0], 1);
    /* at the point values the difference is 0 (the fixed value is the uniform's centre) */
    TU_ASSERT_CLOSE(d->base[d->headline], 0.0, 1e-6 * fabs(d->side[0][d->headline]));
    /* any thread count */
    o.threads = 3;
    if (cylch_sens_run_against(a.s, a.net, b.s, b.net, &o, &d3, &err))
        fail_msg("%s", err.msg);
    assert_memory_equal(d->sobol->s1, d3->sobol->s1, d->nout * d->k * sizeof(double));
    assert_memory_equal(d->sobol->st_lo, d3->sobol->st_lo, d->nout * d->k * sizeof(double));
    assert_memory_equal(d->sobol->s1sum_hi, d3->sobol->s1sum_hi, d->nout * sizeof(double));
    char *text = summary_text(d);
    assert_non_null(strstr(text, "What the difference in local circulation between toy-two and toy-two-fixed"));
    assert_non_null(strstr(text, "of the difference's variance alone"));
    free(text);
    cylch_sens_free(d3);
    cylch_sens_free(d);
    cylch_sens_free(r);
    free(lm);
    free(diff);
    unload(&a);
    unload(&b);
}

/* A tornado on a difference: each end is two model evaluations by hand; a
 * scenario against itself gives a difference of 0 everywhere. */
static void test_tornado_difference(void **state)
{
    loaded a, b;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_sens *d = NULL, *same = NULL;
    cylch_error err;
    const int qv = CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME), g = CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF);
    (void)state;
    load_text(toy_two, &a);
    load_text(toy_two_fixed, &b);
    cylch_error_clear(&err);
    if (cylch_sens_run_against(a.s, a.net, b.s, b.net, &o, &d, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(d->nq, CYLCH_COMPARE_NQ);
    /* input 1 (hls) at 0.41 and 0.59, bws at its point 0.2 in both: the same
     * world on both sides, so no difference */
    /* input 2 (bws, only in A) at 0.155 and 0.245; B keeps 0.2 */
    const double hl[2] = {0.41, 0.59}, bw[2] = {0.155, 0.245};
    for (int e = 0; e < 2; e++) {
        double la, va, lb, vb;
        toy_two_eval(&a, hl[e], 0.2, &la, &va);
        toy_two_eval(&b, hl[e], 0.2, &lb, &vb);
        double *y = e ? d->y_hi : d->y_lo;
        TU_ASSERT_CLOSE(y[0 * d->nq + qv], va - vb, 1e-9 * fabs(va));
        TU_ASSERT_CLOSE(y[0 * d->nq + g], la - lb, 1e-12);
        toy_two_eval(&a, 0.5, bw[e], &la, &va);
        toy_two_eval(&b, 0.5, 0.2, &lb, &vb);
        TU_ASSERT_CLOSE(y[1 * d->nq + qv], va - vb, 1e-9 * fabs(va));
        TU_ASSERT_CLOSE(y[1 * d->nq + g], la - lb, 1e-12);
    }
    assert_true(fabs(d->y_hi[d->nq + qv] - d->y_lo[d->nq + qv]) > 100.0); /* pounds a year */
    assert_int_equal(d->headline, qv);
    assert_int_equal(d->rank[0], 1);

    /* against itself: nothing moves; Sobol gives zeros, not NaN */
    o.method = CYLCH_SENS_SOBOL;
    o.n = 64;
    o.bootstrap = 20;
    if (cylch_sens_run_against(a.s, a.net, a.s, a.net, &o, &same, &err))
        fail_msg("%s", err.msg);
    for (size_t q = 0; q < same->nout * same->k; q++)
        assert_true(same->sobol->st[q] == 0.0 && same->sobol->s1_hi[q] == 0.0);
    char *text = summary_text(same);
    assert_non_null(strstr(text, "none of the 2 uncertain inputs moves it noticeably"));
    free(text);
    cylch_sens_free(same);
    same = NULL;

    /* Spearman is not offered on a difference */
    o.method = CYLCH_SENS_SPEARMAN;
    assert_int_equal(cylch_sens_run_against(a.s, a.net, b.s, b.net, &o, &same, &err), CYLCH_EINPUT);
    assert_null(same);
    assert_non_null(strstr(err.msg, "works with the tornado or sobol method"));
    cylch_sens_free(d);
    unload(&a);
    unload(&b);
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

/* ---- correlated inputs (DESIGN §8.6): the toy town's wages shares with a common factor ---- */

/* Households' local spending uniform(0.4, 0.6) and each member's local wage share
 * uniform(rel=0.1) around its reported value (caffi 0.9, siop 0.8, ynni 0.5), with
 * the correlation ρ (the %s). */
static void load_corr(const char *rho, loaded *l)
{
    char text[1024];
    snprintf(text, sizeof text,
             "[scenario]\nname = toy-corr-%s\nnetwork = ../data/toy-town\ndraws = 0\nseed = 7\n"
             "[place]\nhousehold_local_spend = uniform(0.4,0.6)\nhousehold_member_share = 0.1\n"
             "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\njobs_per_million = 10\n"
             "[uncertainty]\nwages_local_share = uniform(rel=0.1)\nwages_local_share.correlation = %s\n",
             rho, rho);
    load_text(text, l);
}

/* Headline entries and income's local value of the toy town with households' local
 * spending hls and member j's local wage share at probability pw[j] of uniform(rel=0.1)
 * (NaN: its reported value), built here. */
static void corr_eval(const loaded *l, double hls, const double pw[3], double *h, double *value)
{
    cylch_model *m = cylch_model_new(l->net);
    double *vals = cylch_network_values(l->net), inj = 0.0;
    cylch_place p;
    cylch_error err;
    assert_true(m && vals);
    assert_int_equal(l->net->n, 3);
    for (size_t j = 0; j < 3; j++)
        if (!isnan(pw[j]))
            vals[j * CYLCH_NCOLS + CYLCH_COL_WAGES_LOCAL_SHARE] *= 0.9 + 0.2 * pw[j];
    cylch_scenario_place_point(l->s, &p);
    p.v[CYLCH_P_HOUSEHOLD_LOCAL_SPEND] = hls;
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_headline(m, l->s->rounds, h, &err), CYLCH_OK);
    for (size_t i = 0; i < cylch_model_agents(m); i++)
        inj += cylch_model_injection(m, CYLCH_SRC_INCOME, i);
    if (value)
        *value = h[CYLCH_HEAD(CYLCH_SRC_INCOME, CYLCH_Q_LM_INF)] * inj;
    free(vals);
    cylch_model_free(m);
}

static long out_index(const cylch_sens *r, int q)
{
    for (size_t o = 0; o < r->nout; o++)
        if (r->out[o] == q)
            return (long)o;
    return -1;
}

/* Three perfectly correlated inputs (ρ = 1: every member's wage share at the same
 * probability p) and households' spending: the Sobol' entries are the group and
 * households, and their indices are those of the two-variable function
 * f(hls, p) by quadrature, done here. The old rule (inputs independent, ρ
 * ignored) gives households an index far from it. */
static void test_correlated_sobol_groups(void **state)
{
    enum { G = 120 };
    loaded l;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_sens *r = NULL, *old = NULL, *self = NULL;
    cylch_error err;
    const int g = CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF);
    double *f = malloc(G * G * sizeof *f), s1[2], st[2], h[CYLCH_NHEAD];
    (void)state;
    assert_non_null(f);
    load_corr("1", &l);
    for (int a = 0; a < G; a++)
        for (int b = 0; b < G; b++) {
            double p = (b + 0.5) / G, pw[3] = {p, p, p};
            corr_eval(&l, 0.4 + 0.2 * (a + 0.5) / G, pw, h, NULL);
            f[a * G + b] = h[g];
        }
    grid_indices(f, G, s1, st);

    o.method = CYLCH_SENS_SOBOL;
    o.n = 1024;
    o.bootstrap = 400;
    o.threads = 2;
    cylch_error_clear(&err);
    if (cylch_sens_run(l.s, l.net, &o, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r->k, 2);
    assert_int_equal(r->ngrouped, 1);
    assert_string_equal(r->name[0], "place.household_local_spend");
    assert_string_equal(r->name[1], "group.wages_local_share");
    assert_string_equal(r->label[1], "local share of wages at all 3 members, moving together (correlation 1)");
    assert_true(isnan(r->point[1]));
    /* 1 + 3 own uniforms and the common factor: 5 coordinates, the Sobol' sequence;
     * N (G + 2) evaluations for the 2 entries */
    assert_int_equal(r->sobol->sequence, CYLCH_SOBOL_SEQ_SOBOL);
    assert_int_equal(r->sobol->evaluations, 1024 * 4);
    long ho = out_index(r, g);
    assert_true(ho >= 0);
    for (int i = 0; i < 2; i++) {
        size_t at = (size_t)ho * 2 + (size_t)i;
        char what[64];
        snprintf(what, sizeof what, "correlated toy grant LM_inf S1 of %s", r->name[i]);
        assert_index_near(what, r->sobol->s1[at], r->sobol->s1_lo[at], r->sobol->s1_hi[at], s1[i], 0.01);
        snprintf(what, sizeof what, "correlated toy grant LM_inf ST of %s", r->name[i]);
        assert_index_near(what, r->sobol->st[at], r->sobol->st_lo[at], r->sobol->st_hi[at], st[i], 0.01);
    }
    /* the entries add up: an almost additive function */
    assert_true(r->sobol->s1sum_lo[ho] <= 1.0 && 1.0 <= r->sobol->s1sum_hi[ho]);
    char *text = summary_text(r);
    assert_non_null(strstr(text, "Inputs correlated in [uncertainty] are taken as one group each (grouped Sobol' "
                                 "indices, Jacques et al. 2006): the local share of wages at all 3 members"));
    free(text);
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        assert_int_equal(cylch_sens_write_sobol_csv(fp, r), 0);
        fclose(fp);
        assert_non_null(strstr(buf, ",group.wages_local_share,\"local share of wages at all 3 members, moving "
                                    "together (correlation 1)\","));
        free(buf);
    }

    /* The old rule: the same scenario with its correlation ignored. Four entries, and
     * households' index is that of a world where the members' shares cancel out. */
    l.s->unc_rho[CYLCH_COL_WAGES_LOCAL_SHARE] = 0.0;
    if (cylch_sens_run(l.s, l.net, &o, &old, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(old->k, 4);
    assert_int_equal(old->ngrouped, 0);
    long oo = out_index(old, g);
    double hold = old->sobol->s1[(size_t)oo * 4 + 0];
    print_message("households' S1: %.4f grouped, %.4f by quadrature, %.4f under the old (independent) rule\n",
                  r->sobol->s1[(size_t)ho * 2], s1[0], hold);
    assert_true(fabs(hold - s1[0]) > 0.05);

    /* against itself (correlated): nothing differs, every index 0 */
    l.s->unc_rho[CYLCH_COL_WAGES_LOCAL_SHARE] = 1.0;
    o.n = 64;
    o.bootstrap = 20;
    if (cylch_sens_run_against(l.s, l.net, l.s, l.net, &o, &self, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(self->k, 2);
    for (size_t q = 0; q < self->nout * self->k; q++)
        assert_true(self->sobol->st[q] == 0.0 && self->sobol->s1_hi[q] == 0.0);
    cylch_sens_free(self);
    cylch_sens_free(old);
    cylch_sens_free(r);
    free(f);
    unload(&l);
}

/* A tornado at ρ = 0.5: caffi's wage share at its 5th percentile takes siop's and
 * ynni's to their medians given it, probability Φ(0.5 Φ⁻¹(0.05)); households' share
 * moves alone. Each end equals a model evaluation by hand; under the old rule
 * (the others at their point values) it would not. On a difference against the
 * same town with ρ = 0, the other side keeps the others at their point values. */
static void test_correlated_tornado(void **state)
{
    loaded a, b;
    cylch_sens *r = NULL, *d = NULL;
    cylch_sens_options o = cylch_sens_options_default();
    cylch_error err;
    const int g = CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF), qv = CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME);
    double h[CYLCH_NHEAD], hb[CYLCH_NHEAD], hold[CYLCH_NHEAD], va, vb;
    (void)state;
    load_corr("0.5", &a);
    load_corr("0", &b);
    cylch_error_clear(&err);
    if (cylch_sens_run(a.s, a.net, &o, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r->k, 4);
    assert_string_equal(r->name[1], "member.caffi.wages_local_share");
    assert_null(r->with[0]);
    assert_string_equal(r->with[1], "the other 2 members' local share of wages (correlation 0.5)");
    for (int e = 0; e < 2; e++) {
        double p = e ? 0.95 : 0.05, pc = gsl_cdf_ugaussian_P(0.5 * gsl_cdf_ugaussian_Pinv(p));
        const double *y = (e ? r->y_hi : r->y_lo) + 1 * r->nq;
        double pw[3] = {p, pc, pc}, pold[3] = {p, NAN, NAN};
        corr_eval(&a, 0.5, pw, h, NULL);
        corr_eval(&a, 0.5, pold, hold, NULL);
        for (int q = 0; q < CYLCH_NHEAD; q++)
            if (isfinite(h[q]))
                TU_ASSERT_CLOSE(y[q], h[q], 1e-12);
        TU_ASSERT_CLOSE(e ? r->x_hi[1] : r->x_lo[1], 0.9 * (0.9 + 0.2 * p), 1e-12);
        print_message("caffi's wage share at p = %.2f: grant LM_inf %.6f (others at their medians given it), "
                      "%.6f under the old rule\n", p, y[g], hold[g]);
        assert_true(fabs(y[g] - hold[g]) > 1e-4);
        /* households' share alone: the members' at their point values */
        const double none[3] = {NAN, NAN, NAN};
        corr_eval(&a, e ? 0.59 : 0.41, none, h, NULL);
        TU_ASSERT_CLOSE((e ? r->y_hi : r->y_lo)[g], h[g], 1e-12);
    }
    char *text = summary_text(r);
    assert_non_null(strstr(text, "those correlated with it go to their medians given it"));
    free(text);
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        assert_int_equal(cylch_sens_write_tornado_csv(fp, r), 0);
        fclose(fp);
        assert_non_null(strstr(buf, ",the other 2 members' local share of wages (correlation 0.5),"));
        free(buf);
    }

    /* A (ρ = 0.5) against B (ρ = 0): caffi at p on both sides; A's others at their
     * conditional medians, B's at their point values. */
    if (cylch_sens_run_against(a.s, a.net, b.s, b.net, &o, &d, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(d->with[1], "the other 2 members' local share of wages (correlation 0.5 in toy-corr-0.5 "
                                    "and 0 in toy-corr-0)");
    for (int e = 0; e < 2; e++) {
        double p = e ? 0.95 : 0.05, pc = gsl_cdf_ugaussian_P(0.5 * gsl_cdf_ugaussian_Pinv(p));
        double pa[3] = {p, pc, pc}, pb[3] = {p, NAN, NAN};
        corr_eval(&a, 0.5, pa, h, &va);
        corr_eval(&b, 0.5, pb, hb, &vb);
        const double *y = (e ? d->y_hi : d->y_lo) + 1 * d->nq;
        TU_ASSERT_CLOSE(y[qv], va - vb, 1e-9);
        TU_ASSERT_CLOSE(y[g], h[g] - hb[g], 1e-9);
    }
    cylch_sens_free(d);
    cylch_sens_free(r);
    unload(&a);
    unload(&b);
}

/* Spearman on draws that honour the copula: at ρ = 1 the three wage shares rise and
 * fall together, so their rank correlations with every output are the same, and
 * each says what it moves with. */
static void test_correlated_spearman(void **state)
{
    loaded l;
    cylch_sens *r;
    (void)state;
    load_corr("1", &l);
    l.s->draws = 500;
    r = run(&l, CYLCH_SENS_SPEARMAN, 500, 2);
    assert_int_equal(r->k, 4);
    for (int q = 0; q < CYLCH_NHEAD; q++) {
        double r1 = r->rho[1 * CYLCH_NHEAD + (size_t)q];
        if (isnan(r1))
            continue;
        assert_true(r->rho[2 * CYLCH_NHEAD + (size_t)q] == r1 && r->rho[3 * CYLCH_NHEAD + (size_t)q] == r1);
    }
    assert_true(r->rho[1 * CYLCH_NHEAD + CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)] > 0.2);
    assert_string_equal(r->with[3], "the other 2 members' local share of wages (correlation 1)");
    char *text = summary_text(r);
    assert_non_null(strstr(text, "The draws honour the correlations in [uncertainty]"));
    free(text);
    cylch_sens_free(r);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tornado_by_hand),
        cmocka_unit_test(test_spearman_signs),
        cmocka_unit_test(test_sobol),
        cmocka_unit_test(test_tornado_threads_and_errors),
        cmocka_unit_test(test_sobol_words_follow_intervals),
        cmocka_unit_test(test_sobol_toy_quadrature),
        cmocka_unit_test(test_tornado_difference),
        cmocka_unit_test(test_correlated_sobol_groups),
        cmocka_unit_test(test_correlated_tornado),
        cmocka_unit_test(test_correlated_spearman),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("sensitivity", tests, NULL, NULL);
}
