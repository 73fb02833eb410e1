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
 *  - the industry block's series (cylch/core/economy.h) equals an exact solve
 *    at every kink of lambda* and between, and a draw's headline figures equal
 *    a dense solve of the whole system;
 *  - bad [economy] input: an unknown member industry or area, a missing key,
 *    delta outside [0, 1), households' spending that localisation leaves
 *    nowhere to go, with file and line. */
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
#include "cylch/uncertainty/mc.h"
#include "cylch/uncertainty/stats.h"

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

/* max_i |a_i - b_i| / max_i |b_i| */
static double rel_inf(const double *a, const double *b, size_t n)
{
    double d = 0.0, m = 0.0;
    for (size_t i = 0; i < n; i++) {
        d = fmax(d, fabs(a[i] - b[i]));
        m = fmax(m, fabs(b[i]));
    }
    return m > 0.0 ? d / m : d;
}

/* The deltas the series is checked at: 0, 0.999 (its range's ends), 301 equal
 * steps between, and, for FLQ/AFLQ, the delta of every kink lambda* =
 * a_ik / aq_ik of lambda*'s range (where a piece ends and the next begins)
 * and a little past it, up to max in all. Returns how many. */
static size_t series_deltas(const cylch_economy *e, double *deltas, size_t max)
{
    size_t nd = 0;
    const double L = log(cylch_regional_lambda(e->rg, 1.0));
    deltas[nd++] = 0.0;
    deltas[nd++] = CYLCH_ECONOMY_DELTA_MAX;
    for (size_t i = 1; i <= 301 && nd < max; i++)
        deltas[nd++] = CYLCH_ECONOMY_DELTA_MAX * (double)i / 302.0;
    for (size_t k = 0; k < e->n * e->n && nd + 2 <= max; k++) {
        double a = e->ac[k], aq = e->aq[k], lam, d;
        if (!(a > 0.0 && aq > 0.0 && isfinite(aq) && L < 0.0))
            continue;
        lam = a / aq;
        d = log(lam) / L;
        if (d > 0.0 && d < CYLCH_ECONOMY_DELTA_MAX) {
            deltas[nd++] = d;
            deltas[nd++] = d + 0.5 * CYLCH_ECONOMY_DELTA_MAX / 302.0;
        }
    }
    return nd;
}

/* The industry block's vectors u = T^-1 w, z1 = T^-1 1 and zj = T^-1 jobs from
 * the series on pieces of lambda* (cylch/core/economy.h: its truncation is
 * bounded by CYLCH_ECONOMY_SERIES_TOL = 1e-14 of the largest entry) equal an
 * LU of T at the same delta to 1e-12 relative (rounding of the LU and the
 * series' terms on top of the bound), at 2,000 deltas over [0, 0.999] for the
 * Bro Ffestiniog scenario (FLQ, Gwynedd) with 850 kinks, and at 1 for
 * the one-industry SLQ economy; every delta is served by the series, none by
 * the fall-back. */
static void test_series_equals_exact(void **state)
{
    static const char *const scen[] = {"scenarios/bro-ffestiniog-gwynedd.ini", D "toy-economy1.ini"};
    (void)state;
    for (size_t sc = 0; sc < sizeof scen / sizeof *scen; sc++) {
        loaded L;
        const cylch_economy *e;
        cylch_economy_draw *d;
        double *deltas, *ex, worst = 0.0;
        size_t nd, n, served = 0;
        load_ok(scen[sc], &L);
        e = L.net->economy;
        n = e->n;
        deltas = malloc(2000 * sizeof *deltas);
        ex = malloc(3 * n * sizeof *ex);
        d = cylch_economy_draw_new(e, NULL, 0);
        assert_non_null(deltas);
        assert_non_null(ex);
        assert_non_null(d);
        nd = series_deltas(e, deltas, 2000);
        for (size_t t = 0; t < nd; t++) {
            double err;
            cylch_economy_draw_set(e, d, deltas[t]);
            served += (size_t)d->from_series;
            assert_int_equal(cylch_economy_block_exact(e, deltas[t], ex, ex + n, ex + 2 * n), CYLCH_OK);
            err = fmax(rel_inf(d->u, ex, n), fmax(rel_inf(d->z1, ex + n, n), rel_inf(d->zj, ex + 2 * n, n)));
            if (!(err <= 1e-12))
                fail_msg("%s, delta %.17g: the series is %.3g from the exact solve", scen[sc], deltas[t], err);
            worst = fmax(worst, err);
        }
        assert_int_equal(served, nd);
        print_message("%s: %zu deltas, the series within %.2g of the exact solve\n", scen[sc], nd, worst);
        cylch_economy_draw_free(d);
        free(deltas);
        free(ex);
        unload(&L);
    }
}

/* Every headline figure of a draw (LM3, LMk, LM-inf Type I and II, local wages,
 * jobs; each source) with the industry block from the series and the couplings
 * kept per delta equals a dense LU solve of the whole (n + 1 + 105)-agent
 * system (GSL, every agent) to 1e-10 relative, at 150 deltas over [0, 0.999]
 * and with delta fixed over draws that move the other inputs (the block and
 * patterns reused). The rounds are checked against A^k f summed forward. */
static void test_headline_equals_dense(void **state)
{
    loaded L;
    cylch_place p;
    cylch_error err;
    size_t na, n, H;
    double *vals, *vals0, *b, *x, *v, *vn, *A, *ej, h[CYLCH_NHEAD];
    (void)state;
    cylch_error_clear(&err);
    load_ok("scenarios/bro-ffestiniog-gwynedd.ini", &L);
    n = L.net->n;
    H = n;
    na = cylch_model_agents(L.m);
    vals = cylch_network_values(L.net);
    vals0 = cylch_network_values(L.net);
    b = malloc(na * sizeof *b);
    x = malloc(na * sizeof *x);
    v = malloc(na * sizeof *v);
    vn = malloc(na * sizeof *vn);
    A = malloc(na * na * sizeof *A);
    ej = malloc(na * sizeof *ej);
    assert_non_null(A);
    assert_non_null(ej);
    assert_non_null(vals);
    assert_non_null(vals0);
    assert_non_null(b);
    assert_non_null(x);
    assert_non_null(v);
    assert_non_null(vn);
    cylch_scenario_place_point(L.s, &p);
    for (int t = 0; t < 200; t++) {
        /* 150 deltas, then 50 draws at delta 0.25 with the members' local shares
         * and the place's wage share moved */
        if (t < 150) {
            p.v[CYLCH_P_ECONOMY_DELTA] = CYLCH_ECONOMY_DELTA_MAX * t / 149.0;
        } else {
            p.v[CYLCH_P_ECONOMY_DELTA] = 0.25;
            p.v[CYLCH_P_BUSINESS_LOCAL_WAGE_SHARE] = 0.4 + 0.008 * (t - 150);
            for (size_t j = 0; j < n; j++)
                vals[j * CYLCH_NCOLS + CYLCH_COL_PURCHASES_LOCAL_SHARE] =
                    vals0[j * CYLCH_NCOLS + CYLCH_COL_PURCHASES_LOCAL_SHARE] * (0.5 + 0.01 * (t - 150));
        }
        assert_int_equal(cylch_model_build(L.m, vals, &p, &err), CYLCH_OK);
        assert_int_equal(cylch_model_headline(L.m, 4, h, &err), CYLCH_OK);
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < na; j++)
                A[i * na + j] = cylch_model_a(L.m, i, j);
        /* jobs per £: a member's FTE over its income, an industry's from the table */
        for (size_t j = 0; j < na; j++) {
            const double *w = vals + j * CYLCH_NCOLS;
            ej[j] = j < n ? w[CYLCH_COL_FTE] / (w[CYLCH_COL_GRANT] + w[CYLCH_COL_LOAN] +
                                                w[CYLCH_COL_TRADE_LOCAL] + w[CYLCH_COL_TRADE_EXTERNAL])
                  : j == H ? 0.0 : L.net->economy->jobs[j - H - 1];
        }
        for (int s = 0; s < CYLCH_NSRC; s++) {
            double inj = 0, tot = 0, tot1 = 0, jobs = 0, r[4] = {0, 0, 0, 0};
            for (size_t i = 0; i < na; i++)
                inj += b[i] = cylch_model_injection(L.m, s, i);
            if (!(inj > 0))
                continue;
            dense_solve(L.m, H, 0, b, x);
            for (size_t i = 0; i < na; i++) {
                tot += x[i];
                jobs += x[i] * ej[i];
            }
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)], tot / inj, "LM-inf", p.v[CYLCH_P_ECONOMY_DELTA]);
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_LOCAL_WAGES)], x[H], "local wages", p.v[CYLCH_P_ECONOMY_DELTA]);
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_JOBS)], jobs, "jobs", p.v[CYLCH_P_ECONOMY_DELTA]);
            dense_solve(L.m, H, 1, b, x);
            for (size_t i = 0; i < na; i++)
                tot1 += x[i];
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_LM_INF_TYPE1)], tot1 / inj, "LM-inf Type I", p.v[CYLCH_P_ECONOMY_DELTA]);
            /* rounds forward: r_k = 1ᵀ A^(k-1) f */
            memcpy(v, b, na * sizeof *v);
            for (int k = 0; k < 4; k++) {
                for (size_t i = 0; i < na; i++)
                    r[k] += v[i];
                for (size_t i = 0; i < na; i++) {
                    vn[i] = 0.0;
                    for (size_t j = 0; j < na; j++)
                        vn[i] += A[i * na + j] * v[j];
                }
                memcpy(v, vn, na * sizeof *v);
            }
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_LM3)], (r[0] + r[1] + r[2]) / r[0], "LM3", p.v[CYLCH_P_ECONOMY_DELTA]);
            close_to(h[CYLCH_HEAD(s, CYLCH_Q_LMK)], (r[0] + r[1] + r[2] + r[3]) / r[0], "LM4", p.v[CYLCH_P_ECONOMY_DELTA]);
        }
    }
    free(vals);
    free(vals0);
    free(b);
    free(x);
    free(v);
    free(vn);
    free(A);
    free(ej);
    unload(&L);
}

/* The single agent B beside the [economy] (single_agent = bro-ffestiniog.ini):
 * its point is that scenario's own point result; over the draws its
 * percentiles are those of that scenario run on its own with the same seed and
 * draws (on one thread, against two here), and the difference is taken draw by
 * draw: paired, the two columns are strongly correlated (unpaired they would
 * not be); the why figures are B's own coefficients. A single_agent with an
 * [economy] of its own, or about another network, is refused with the line. */
static void test_single_agent(void **state)
{
    enum { ND = 400 };
    cylch_run_options ro = {0};
    cylch_run *ge = NULL, *sa = NULL;
    cylch_mc *mce = NULL, *mcs = NULL;
    cylch_industries *ind = NULL;
    cylch_error err;
    const cylch_industries_single *sg;
    double xs[ND], xe[ND], d[ND], q[3], mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    static const double f[3] = {0.05, 0.5, 0.95};
    int h;
    (void)state;
    cylch_error_clear(&err);
    ro.have_draws = 1;
    ro.draws = ND;
    assert_int_equal(cylch_run_new("scenarios/bro-ffestiniog-gwynedd.ini", &ro, &ge, &err), CYLCH_OK);
    assert_int_equal(cylch_industries_compute(ge->model, ge->net, &ind, &err), CYLCH_OK);
    assert_int_equal(cylch_mc_new(ge->s, ge->net, 0, &mce, &err), CYLCH_OK);
    assert_int_equal(cylch_mc_run(mce, ge->s, ge->net, 1, NULL, NULL, NULL, &err), CYLCH_OK);
    if (cylch_industries_single_agent(ind, ge->s, ge->point, ge->model, mce, 2, NULL, &err))
        fail_msg("%s", err.msg);
    sg = &ind->single;
    assert_true(sg->have);
    assert_int_equal(sg->draws, ND);
    assert_string_equal(sg->path, "scenarios/bro-ffestiniog.ini");
    h = cylch_result_headline_index(ge->point);
    assert_int_equal(sg->source, h / CYLCH_NQ);
    /* the single-agent scenario on its own, same seed and draws, one thread */
    ro.have_seed = 1;
    ro.seed = ge->s->seed;
    assert_int_equal(cylch_run_new("scenarios/bro-ffestiniog.ini", &ro, &sa, &err), CYLCH_OK);
    assert_true(sa->net->economy == NULL);
    same(sg->point[0][CYLCH_SINGLE_LM_INF], cylch_result_headline(sa->point, h), "single agent's point");
    same(sg->point[1][CYLCH_SINGLE_LM_INF], cylch_result_headline(ge->point, h), "economy's point");
    same(sg->respend[0], cylch_model_a(sa->model, sa->net->n + 1, sa->net->n + 1), "B's supply share");
    same(sg->wages[0], cylch_model_a(sa->model, sa->net->n, sa->net->n + 1), "B's wage share");
    assert_true(sg->respend[1] > 0.0 && sg->respend[1] < 1.0 && sg->wages[1] > 0.0 && sg->wages[1] < 1.0);
    assert_int_equal(cylch_mc_new(sa->s, sa->net, 0, &mcs, &err), CYLCH_OK);
    assert_int_equal(cylch_mc_run(mcs, sa->s, sa->net, 1, NULL, NULL, NULL, &err), CYLCH_OK);
    cylch_mc_column(mcs, h, xs);
    cylch_mc_column(mce, h, xe);
    for (size_t k = 0; k < ND; k++)
        d[k] = xe[k] - xs[k];
    cylch_stats_quantiles_select(d, ND, f, 3, q);
    for (int t = 0; t < 3; t++)
        assert_true(sg->diff[CYLCH_SINGLE_LM_INF][t] == q[t]);
    cylch_mc_column(mcs, h, d);
    cylch_stats_quantiles_select(d, ND, f, 3, q);
    for (int t = 0; t < 3; t++)
        assert_true(sg->range[0][CYLCH_SINGLE_LM_INF][t] == q[t]);
    for (size_t k = 0; k < ND; k++) {
        mx += xs[k] / ND;
        my += xe[k] / ND;
    }
    for (size_t k = 0; k < ND; k++) {
        sxy += (xs[k] - mx) * (xe[k] - my);
        sxx += (xs[k] - mx) * (xs[k] - mx);
        syy += (xe[k] - my) * (xe[k] - my);
    }
    if (!(sxy / sqrt(sxx * syy) > 0.8))
        fail_msg("the paired draws are correlated only %.3f", sxy / sqrt(sxx * syy));
    cylch_mc_free(mcs);
    cylch_run_free(sa);
    cylch_mc_free(mce);
    cylch_industries_free(ind);
    cylch_run_free(ge);
    /* single_agent naming a scenario with [economy], or one about another network */
    {
        static const char *const bad[2][2] = {
            {"economy.single_agent=scenarios/bro-ffestiniog-gwynedd.ini", "has an [economy] itself"},
            {"economy.single_agent=scenarios/toy-town.ini", "is about the network"}};
        for (int b = 0; b < 2; b++) {
            const char *set[1] = {bad[b][0]};
            cylch_run_options o = {0};
            o.nset = 1;
            o.set = set;
            assert_int_equal(cylch_run_new("scenarios/bro-ffestiniog-gwynedd.ini", &o, &ge, &err), CYLCH_OK);
            assert_int_equal(cylch_industries_compute(ge->model, ge->net, &ind, &err), CYLCH_OK);
            assert_int_equal(cylch_industries_single_agent(ind, ge->s, ge->point, ge->model, NULL, 1, NULL, &err),
                             CYLCH_EINPUT);
            if (!strstr(err.msg, bad[b][1]) || !strstr(err.msg, "scenarios/bro-ffestiniog-gwynedd.ini: single_agent = "))
                fail_msg("'%s' lacks '%s'", err.msg, bad[b][1]);
            cylch_industries_free(ind);
            cylch_run_free(ge);
        }
    }
}

/* The draws are the same bits on 1 and on 2 threads with delta drawn, each run
 * loading the economy afresh, so that on 2 threads the pieces of the series
 * are built by whichever thread first needs them, concurrently. */
static void test_threads_identical(void **state)
{
    enum { ND = 600 };
    double *head[2] = {NULL, NULL};
    (void)state;
    for (unsigned t = 1; t <= 2; t++) {
        cylch_run_options ro = {0};
        cylch_run *run = NULL;
        cylch_mc *mc = NULL;
        cylch_error err;
        cylch_error_clear(&err);
        ro.have_draws = 1;
        ro.draws = ND;
        assert_int_equal(cylch_run_load("scenarios/bro-ffestiniog-gwynedd.ini", &ro, &run, &err), CYLCH_OK);
        assert_int_equal(cylch_run_apply(run, &err), CYLCH_OK);
        assert_int_equal(cylch_mc_new(run->s, run->net, 0, &mc, &err), CYLCH_OK);
        assert_int_equal(cylch_mc_run(mc, run->s, run->net, t, NULL, NULL, NULL, &err), CYLCH_OK);
        head[t - 1] = malloc(ND * CYLCH_NHEAD * sizeof **head);
        assert_non_null(head[t - 1]);
        memcpy(head[t - 1], mc->head, ND * CYLCH_NHEAD * sizeof **head);
        cylch_mc_free(mc);
        cylch_run_free(run);
    }
    assert_memory_equal(head[0], head[1], ND * CYLCH_NHEAD * sizeof **head);
    free(head[0]);
    free(head[1]);
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
    expect_error(D "bad-area.ini", D "bad-area.ini:12: area 'Mars' in [economy] is not a region of " D "regions1.csv");
    expect_error(D "bad-households-zero.ini", D "bad-households-zero.ini:10: households spend nothing");
    expect_error(D "bad-households-absent.ini", D "bad-households-absent.ini:11: none of the industries households buy from");
    expect_error(D "bad-households-column.ini", D "bad-households-column.ini:10: table = " D "table-no-hh.csv in [economy] has no households column");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_industry_is_b),
        cmocka_unit_test(test_gwynedd_properties),
        cmocka_unit_test(test_industries),
        cmocka_unit_test(test_two_industries),
        cmocka_unit_test(test_schur_equals_full),
        cmocka_unit_test(test_series_equals_exact),
        cmocka_unit_test(test_headline_equals_dense),
        cmocka_unit_test(test_single_agent),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_economy_base),
        cmocka_unit_test(test_bad_economy),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
