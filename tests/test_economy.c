/* Tests of the [economy] section (model/core/economy.c, the industry block
 * in model/core/model.c; docs/model.md, "Regionalisation"):
 *  - a one-industry economy built to equal the single agent B gives the toy
 *    town's results exactly (every figure of every source);
 *  - the Bro Ffestiniog network in Gwynedd: money is conserved, Type I <= Type II,
 *    every coefficient is non-negative and every column sums below 1, a member's
 *    local purchases outside the network are split over industries exactly;
 *  - a two-industry economy checked by hand (every coefficient of A), and
 *    cylch explain showing its industry block;
 *  - the Schur-complement solve (industry block eliminated, T = (I - r)^T
 *    factorised once per delta) equals a dense LU solve of the whole system
 *    (GSL, every agent), at several deltas and back again;
 *  - bad [economy] input: an unknown member industry, a missing key, delta
 *    outside [0, 1), with file and line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_linalg.h>

#include "cylch/core/economy.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/io/error.h"
#include "cylch/core/run.h"
#include "cylch/present/explain.h"
#include "cylch/present/industries.h"

#define D "tests/data/economy/"

typedef struct loaded {
    cylch_scenario *s;
    cylch_network *net;
    cylch_model *m;
    cylch_result *r;
} loaded;

static int load(const char *path, loaded *L, cylch_error *err)
{
    double *vals = NULL;
    cylch_place p;
    int rc;
    memset(L, 0, sizeof *L);
    if ((rc = cylch_scenario_load(path, &L->s, err)) ||
        (rc = cylch_network_load(L->s->network, &L->net, err)) ||
        (rc = cylch_scenario_apply(L->s, L->net, NULL, err)))
        return rc;
    L->m = cylch_model_new(L->net);
    vals = cylch_network_values(L->net);
    L->r = cylch_result_new(L->net->n, L->s->rounds);
    assert_non_null(L->m);
    assert_non_null(vals);
    assert_non_null(L->r);
    cylch_scenario_place_point(L->s, &p);
    rc = cylch_model_build(L->m, vals, &p, err);
    if (!rc)
        rc = cylch_model_result(L->m, L->r, err);
    free(vals);
    return rc;
}

static void unload(loaded *L)
{
    cylch_result_free(L->r);
    cylch_model_free(L->m);
    cylch_network_free(L->net);
    cylch_scenario_free(L->s);
}

static void load_ok(const char *path, loaded *L)
{
    cylch_error err;
    cylch_error_clear(&err);
    if (load(path, L, &err) != CYLCH_OK)
        fail_msg("%s: %s", path, err.msg);
}

static void same(double a, double b, const char *what)
{
    if (!(fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b))))
        fail_msg("%s: %.17g against %.17g", what, a, b);
}

static void test_one_industry_is_b(void **state)
{
    loaded a, b;
    (void)state;
    load_ok("scenarios/toy-town.ini", &a);
    load_ok(D "toy-economy1.ini", &b);
    assert_int_equal(cylch_model_agents(b.m), a.net->n + 2);
    for (size_t i = 0; i < cylch_model_agents(a.m); i++)
        for (size_t j = 0; j < cylch_model_agents(a.m); j++)
            same(cylch_model_a(b.m, i, j), cylch_model_a(a.m, i, j), "A");
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *x = &a.r->src[s], *y = &b.r->src[s];
        same(y->injection, x->injection, "injection");
        if (x->injection > 0) {
            same(y->lm3, x->lm3, "lm3");
            same(y->lm_inf, x->lm_inf, "lm_inf");
            same(y->lm_inf_type1, x->lm_inf_type1, "lm_inf_type1");
        }
        same(y->local_wages, x->local_wages, "local_wages");
        same(y->jobs, x->jobs, "jobs");
        for (int d = 0; d < CYLCH_NLEAK; d++)
            same(y->leak_total[d], x->leak_total[d], "leakage");
    }
    unload(&a);
    unload(&b);
}

static void test_gwynedd_properties(void **state)
{
    loaded L;
    const cylch_economy *e;
    size_t n, na, H, B;
    (void)state;
    load_ok("scenarios/bro-ffestiniog-gwynedd.ini", &L);
    e = L.net->economy;
    assert_non_null(e);
    n = L.net->n;
    na = cylch_model_agents(L.m);
    H = n;
    B = n + 1;
    assert_int_equal(e->n, 105);
    assert_int_equal(na, n + 1 + 105);
    /* Coefficients: non-negative, columns below 1. */
    for (size_t j = 0; j < na; j++) {
        double cs = 0;
        for (size_t i = 0; i < na; i++) {
            double a = cylch_model_a(L.m, i, j);
            assert_true(a >= 0.0);
            cs += a;
        }
        assert_true(cs < 1.0);
    }
    /* A member's spending with businesses adds up to what B received: its local
     * purchases less member trade plus its local other costs. */
    for (size_t j = 0; j < n; j++) {
        const double *v = L.net->m[j].v;
        double T = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
                   v[CYLCH_COL_TRADE_EXTERNAL];
        double bought = 0, tot = 0;
        for (size_t t = 0; t < L.net->ntrade; t++)
            if (L.net->trade[t].buyer == j)
                bought += L.net->trade[t].amount;
        for (size_t k = 0; k < 105; k++)
            tot += cylch_model_a(L.m, B + k, j);
        same(tot, (v[CYLCH_COL_PURCHASES] * v[CYLCH_COL_PURCHASES_LOCAL_SHARE] - bought +
                   v[CYLCH_COL_OTHER_COSTS] * v[CYLCH_COL_OTHER_LOCAL_SHARE]) / T, "member split");
    }
    /* Money is conserved: total leakage = injection, and Type I <= Type II. */
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *x = &L.r->src[s];
        double leak = 0;
        if (!(x->injection > 0))
            continue;
        for (int d = 0; d < CYLCH_NLEAK; d++)
            leak += x->leak_total[d];
        if (fabs(leak - x->injection) > 1e-9 * x->injection)
            fail_msg("source %d: leakage %.12g, injection %.12g", s, leak, x->injection);
        assert_true(x->lm_inf_type1 <= x->lm_inf + 1e-12);
        assert_true(x->lm3 <= x->lm_inf + 1e-12);
    }
    (void)H;
    unload(&L);
}

/* Results by industry: the forward turnover (rounds summed) agrees with the
 * transposed solves of the headline figures: 1ᵀx = LM∞ · injection and
 * x_H = local wages; each industry's wages and jobs are its turnover times
 * its coefficients. */
static void test_industries(void **state)
{
    loaded L;
    cylch_industries *ind = NULL;
    cylch_error err;
    size_t na;
    double *x;
    (void)state;
    cylch_error_clear(&err);
    load_ok("scenarios/bro-ffestiniog-gwynedd.ini", &L);
    na = cylch_model_agents(L.m);
    x = malloc(na * sizeof *x);
    assert_non_null(x);
    assert_int_equal(cylch_industries_compute(L.m, L.net, &ind, &err), CYLCH_OK);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *r = &L.r->src[s];
        double tot = 0, jobs = 0;
        if (!(r->injection > 0))
            continue;
        assert_int_equal(cylch_model_turnover(L.m, s, x, &err), CYLCH_OK);
        for (size_t i = 0; i < na; i++)
            tot += x[i];
        same(tot / r->injection, r->lm_inf, "1'x / injection = LM-inf");
        same(x[L.net->n], r->local_wages, "x_H = local wages");
        /* DESIGN §8.1: from the exogenous part of income, every member's modelled
         * turnover is its reported income (the households' baseline of the
         * Schur-complement formula is right). */
        if (s == CYLCH_SRC_INCOME)
            for (size_t j = 0; j < L.net->n; j++) {
                const double *v = L.net->m[j].v;
                if (!cylch_model_member_inconsistent(L.m, j))
                    same(x[j], v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
                                   v[CYLCH_COL_TRADE_EXTERNAL], "member turnover = income");
            }
        for (size_t k = 0; k < ind->n; k++) {
            same(cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT), x[L.net->n + 1 + k], "output");
            same(cylch_industries_get(ind, s, k, CYLCH_IND_WAGES),
                 cylch_model_a(L.m, L.net->n, L.net->n + 1 + k) * x[L.net->n + 1 + k], "wages");
            jobs += cylch_industries_get(ind, s, k, CYLCH_IND_JOBS);
        }
        /* Members' jobs plus the industries' make the source's jobs. */
        for (size_t j = 0; j < L.net->n; j++) {
            const double *v = L.net->m[j].v;
            double T = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
                       v[CYLCH_COL_TRADE_EXTERNAL];
            jobs += v[CYLCH_COL_FTE] / T * x[j];
        }
        if (fabs(jobs - r->jobs) > 1e-9 * fmax(1.0, r->jobs))
            fail_msg("jobs %.12g against %.12g", jobs, r->jobs);
    }
    free(x);
    cylch_industries_free(ind);
    unload(&L);
}

/* Two industries by hand (tests/data/economy/toy-economy2.ini: table2.csv,
 * regions2.csv, the toy town with caffi in x, siop in y, ynni in none).
 *   National coefficients a_ij = z_ij / x_j: x column (x_x = 100): a_xx = 10/100
 *   = 0.1, a_yx = 40/100 = 0.4; y column (x_y = 200): a_xy = 20/200 = 0.1,
 *   a_yy = 10/200 = 0.05.
 *   SLQ: R has 10 of 40 jobs in x against N's 50 of 100: SLQ_x = 0.25/0.5 = 0.5;
 *   SLQ_y = (30/40)/(50/100) = 1.5. SLQ method: r_ij = a_ij min(1, SLQ_i):
 *   r_xx = 0.05, r_yx = 0.4, r_xy = 0.05, r_yy = 0.05.
 *   Industry columns: A[H][k] = wages_k/x_k x business_local_wage_share (0.5) x
 *   net_wage_share (1): x 40/100 x 0.5 = 0.2, y 60/200 x 0.5 = 0.15; jobs per £:
 *   1000 / (100 x £1M) = 1e-5 and 1000 / (200 x £1M) = 5e-6.
 *   Members' spending with other businesses (as B of the toy town):
 *   caffi (40000 x 0.5 - 5000 bought from siop + 8000 x 0.25) / 100000 = 0.17,
 *   split by x's regional column: 0.05 : 0.4 = 1/9 : 8/9;
 *   siop (60000 x 0.4 - 2000 from caffi) / 100000 = 0.22, by y's column 1/2 : 1/2;
 *   ynni (120000 x 0.25 - 5000 + 30000 x 0.1) / 200000 = 0.14, by the whole local
 *   economy's purchases r_i. x_. : x 0.05x100 + 0.05x200 = 15, y 0.4x100 +
 *   0.05x200 = 50: 3/13 : 10/13.
 *   Households: 0.5 local, 0.1 of it with members (0.05), 0.45 with businesses,
 *   split by their column made local: x 30 x min(1, 0.5) = 15, y 20 x min(1, 1.5)
 *   = 20: 3/7 : 4/7. */
static void test_two_industries(void **state)
{
    loaded L;
    cylch_run *run = NULL;
    cylch_error err;
    char *text = NULL;
    size_t len = 0;
    FILE *f;
    size_t H, x, y;
    (void)state;
    cylch_error_clear(&err);
    load_ok(D "toy-economy2.ini", &L);
    assert_int_equal(cylch_model_agents(L.m), 6);
    H = 3;
    x = 4;
    y = 5;
    same(cylch_model_a(L.m, x, x), 0.05, "r_xx");
    same(cylch_model_a(L.m, y, x), 0.4, "r_yx");
    same(cylch_model_a(L.m, x, y), 0.05, "r_xy");
    same(cylch_model_a(L.m, y, y), 0.05, "r_yy");
    same(cylch_model_a(L.m, H, x), 0.2, "A[H][x]");
    same(cylch_model_a(L.m, H, y), 0.15, "A[H][y]");
    same(cylch_model_a(L.m, x, 0), 0.17 / 9, "A[x][caffi]");
    same(cylch_model_a(L.m, y, 0), 0.17 * 8 / 9, "A[y][caffi]");
    same(cylch_model_a(L.m, x, 1), 0.11, "A[x][siop]");
    same(cylch_model_a(L.m, y, 1), 0.11, "A[y][siop]");
    same(cylch_model_a(L.m, x, 2), 0.14 * 3 / 13, "A[x][ynni]");
    same(cylch_model_a(L.m, y, 2), 0.14 * 10 / 13, "A[y][ynni]");
    same(cylch_model_a(L.m, x, H), 0.45 * 3 / 7, "A[x][H]");
    same(cylch_model_a(L.m, y, H), 0.45 * 4 / 7, "A[y][H]");
    same(L.net->economy->jobs[0], 1e-5, "jobs per £ of x");
    same(L.net->economy->jobs[1], 5e-6, "jobs per £ of y");
    unload(&L);

    /* cylch explain shows the industry block (two industries fit on a page). */
    assert_int_equal(cylch_run_new(D "toy-economy2.ini", NULL, &run, &err), CYLCH_OK);
    f = open_memstream(&text, &len);
    assert_non_null(f);
    if (cylch_explain_write(f, run, CYLCH_EXPLAIN_ALL, 0, &err) != CYLCH_OK)
        fail_msg("explain: %s", err.msg);
    fclose(f);
    {
        /* Columns are as wide as their contents: compare with runs of spaces as one. */
        size_t o = 0;
        for (size_t i = 0; text[i]; i++)
            if (!(text[i] == ' ' && o > 0 && text[o - 1] == ' '))
                text[o++] = text[i];
        text[o] = '\0';
    }
    if (!strstr(text, "\n y 0.151111 0.110000 0.107692 0.257143 0.400000 0.050000\n") ||
        !strstr(text, "\n x 0.500000 0.400000 10.000000\n"))
        fail_msg("explain lacks the industry block:\n%s", text);
    free(text);
    cylch_run_free(run);
}

/* Dense x = (I − A)⁻¹ b over every agent (GSL's LU with partial pivoting);
 * type1: households' row and column removed (x_H = 0). */
static void dense_solve(const cylch_model *m, size_t H, int type1, const double *b, double *x)
{
    size_t na = cylch_model_agents(m);
    gsl_matrix *M = gsl_matrix_alloc(na, na);
    gsl_permutation *p = gsl_permutation_alloc(na);
    gsl_vector *bv = gsl_vector_alloc(na), *xv = gsl_vector_alloc(na);
    int sign;
    assert_non_null(M);
    assert_non_null(p);
    assert_non_null(bv);
    assert_non_null(xv);
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < na; j++) {
            double a = type1 && (i == H || j == H) ? 0.0 : cylch_model_a(m, i, j);
            gsl_matrix_set(M, i, j, (i == j) - a);
        }
        gsl_vector_set(bv, i, type1 && i == H ? 0.0 : b[i]);
    }
    assert_int_equal(gsl_linalg_LU_decomp(M, p, &sign), 0);
    assert_int_equal(gsl_linalg_LU_solve(M, p, bv, xv), 0);
    for (size_t i = 0; i < na; i++)
        x[i] = gsl_vector_get(xv, i);
    gsl_matrix_free(M);
    gsl_permutation_free(p);
    gsl_vector_free(bv);
    gsl_vector_free(xv);
}

static void close_to(double a, double b, const char *what, double delta)
{
    if (!(fabs(a - b) <= 1e-11 * fmax(1.0, fabs(b))))
        fail_msg("delta %g, %s: Schur %.17g against dense %.17g", delta, what, a, b);
}

/* The model solves by eliminating the industry block (T = (I − r)ᵀ factorised
 * once per delta, then a members-and-households system): its LM∞ (Type I and
 * II), output Type II, local wages and each member's multiplier equal a dense
 * solve of the whole (n + 1 + 105)-agent system, at the scenario's delta, at
 * 0.1 and 0.35 (T refactorised) and at 0.1 again (after a change). */
static void test_schur_equals_full(void **state)
{
    loaded L;
    cylch_place p;
    cylch_error err;
    double deltas[4];
    size_t na, n, H;
    double *vals, *b, *x;
    (void)state;
    cylch_error_clear(&err);
    load_ok("scenarios/bro-ffestiniog-gwynedd.ini", &L);
    n = L.net->n;
    H = n;
    na = cylch_model_agents(L.m);
    vals = cylch_network_values(L.net);
    b = malloc(na * sizeof *b);
    x = malloc(na * sizeof *x);
    assert_non_null(vals);
    assert_non_null(b);
    assert_non_null(x);
    cylch_scenario_place_point(L.s, &p);
    deltas[0] = p.v[CYLCH_P_ECONOMY_DELTA];
    deltas[1] = 0.1;
    deltas[2] = 0.35;
    deltas[3] = 0.1;
    for (int d = 0; d < 4; d++) {
        p.v[CYLCH_P_ECONOMY_DELTA] = deltas[d];
        assert_int_equal(cylch_model_build(L.m, vals, &p, &err), CYLCH_OK);
        assert_int_equal(cylch_model_result(L.m, L.r, &err), CYLCH_OK);
        for (int s = 0; s < CYLCH_NSRC; s++) {
            const cylch_source_result *r = &L.r->src[s];
            double inj = 0, tot = 0, tot1 = 0, bus = 0;
            for (size_t i = 0; i < na; i++)
                inj += b[i] = cylch_model_injection(L.m, s, i);
            if (!(inj > 0))
                continue;
            dense_solve(L.m, H, 0, b, x);
            for (size_t i = 0; i < na; i++) {
                tot += x[i];
                bus += i == H ? 0.0 : x[i];
            }
            close_to(r->lm_inf, tot / inj, "LM-inf", deltas[d]);
            close_to(r->output_type2, bus / inj, "output Type II", deltas[d]);
            close_to(r->local_wages, x[H], "local wages", deltas[d]);
            dense_solve(L.m, H, 1, b, x);
            for (size_t i = 0; i < na; i++)
                tot1 += x[i];
            close_to(r->lm_inf_type1, tot1 / inj, "LM-inf Type I", deltas[d]);
        }
        /* Each member's multiplier 1ᵀ(I − A)⁻¹ e_j. */
        for (size_t j = 0; j < n; j++) {
            double tot = 0;
            memset(b, 0, na * sizeof *b);
            b[j] = 1.0;
            dense_solve(L.m, H, 0, b, x);
            for (size_t i = 0; i < na; i++)
                tot += x[i];
            close_to(L.r->member_multiplier[j], tot, "member multiplier", deltas[d]);
        }
    }
    free(vals);
    free(b);
    free(x);
    unload(&L);
}

/* A scenario on top of one with [economy] (base = …) replaces delta and keeps
 * the base's paths, resolved against the base's folder: it gives what the base
 * gives at that delta. */
static void test_economy_base(void **state)
{
    loaded a, b;
    cylch_place p;
    cylch_error err;
    double *vals;
    (void)state;
    cylch_error_clear(&err);
    load_ok(D "gwynedd-child.ini", &b);
    assert_string_equal(b.s->economy->table, D "../../../scenarios/../data/uk-2019/io-table.csv");
    cylch_scenario_place_point(b.s, &p);
    same(p.v[CYLCH_P_ECONOMY_DELTA], 0.1, "delta");
    load_ok("scenarios/bro-ffestiniog-gwynedd.ini", &a);
    vals = cylch_network_values(a.net);
    assert_non_null(vals);
    cylch_scenario_place_point(a.s, &p);
    p.v[CYLCH_P_ECONOMY_DELTA] = 0.1;
    assert_int_equal(cylch_model_build(a.m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(a.m, a.r, &err), CYLCH_OK);
    for (int s = 0; s < CYLCH_NSRC; s++)
        if (a.r->src[s].injection > 0)
            same(b.r->src[s].lm_inf, a.r->src[s].lm_inf, "LM-inf at delta 0.1");
    free(vals);
    unload(&a);
    unload(&b);
}

static void expect_error(const char *ini, const char *want)
{
    loaded L;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(load(ini, &L, &err), CYLCH_EINPUT);
    if (!strstr(err.msg, want))
        fail_msg("%s: message '%s' lacks '%s'", ini, err.msg, want);
    unload(&L);
}

static void test_bad_economy(void **state)
{
    (void)state;
    expect_error(D "bad-industry.ini", D "bad-net/enterprises.csv:3: industry 'Z99' of 'siop' is not an industry of");
    expect_error(D "bad-missing.ini", D "bad-missing.ini:8: [economy] needs regions");
    expect_error(D "bad-table.ini", D "bad-table.ini:9: table = " D "no-such-table.csv in [economy]: "
                                    "cannot open the file");
    expect_error(D "bad-delta.ini", D "bad-delta.ini:15: delta in [economy] is '1'");
    expect_error(D "bad-delta-dist.ini", D "bad-delta-dist.ini:15: delta in [economy]");
    expect_error(D "bad-method.ini", D "bad-method.ini:14: method 'lq' in [economy] is not known");
    expect_error(D "bad-key.ini", D "bad-key.ini:15: unknown key 'deltas' in [economy]");
    expect_error(D "bad-place.ini", D "bad-place.ini:18: unknown key 'economy_delta' in [place]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_industry_is_b),
        cmocka_unit_test(test_gwynedd_properties),
        cmocka_unit_test(test_industries),
        cmocka_unit_test(test_two_industries),
        cmocka_unit_test(test_schur_equals_full),
        cmocka_unit_test(test_economy_base),
        cmocka_unit_test(test_bad_economy),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
