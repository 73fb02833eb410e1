/* Tests of the rules of DESIGN.md §8 that numpy can check: cylch against an
 * independent reference (tests/reference/model_ref.py, dense numpy from the
 * formulas of DESIGN.md, no code shared) on random networks in which some
 * members spend more than their income (§8.2), with the exogenous income of
 * §8.1, the input-output figures of §8.3 and the leakage destinations of §8.4;
 * and the properties: no negative leakage anywhere, modelled member turnover
 * equal to reported income, modelled member jobs equal to reported FTE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/uncertainty/rng.h"
#include "testutil.h"

typedef struct ref_line {
    char name[96];
    double v;
} ref_line;

static uint64_t rng_state = 0x2385ABCDEF123457ULL;
static double unif(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Write a random network of n members into dir; some in deficit (costs up to
 * 3.4 times income), local spending kept below income as the loader asks. */
static void write_network(const char *dir, size_t n)
{
    char path[512];
    FILE *f;
    double purch[32], pls[32];
    snprintf(path, sizeof path, "%s/enterprises.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,"
               "purchases,purchases_local_share,other_costs,other_local_share\n");
    for (size_t j = 0; j < n; j++) {
        double g = unif() < 0.7 ? 1e4 + 9e4 * unif() : 0, l = unif() < 0.4 ? 5e4 * unif() : 0;
        double tl = 1e3 + 1e5 * unif(), te = unif() < 0.6 ? 6e4 * unif() : 0;
        double T = g + l + tl + te, Cf = j % 3 == 0 ? 1.2 + 2.2 * unif() : 0.5 + 0.5 * unif();
        double C = Cf * T, w = C * (0.2 + 0.4 * unif()), p = C * (0.1 + 0.3 * unif()), o = C - w - p;
        double wls = unif(), ols = 0.5 * unif(), local;
        pls[j] = unif();
        /* keep local spending at most 95% of income */
        local = w * wls + p * pls[j] + o * ols;
        if (local > 0.95 * T) {
            double k = 0.95 * T / local;
            wls *= k;
            pls[j] *= k;
            ols *= k;
        }
        purch[j] = p;
        fprintf(f, "m%zu,Member %zu,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n", j, j,
                1 + 20 * unif(), g, l, tl, te, w, wls, p, pls[j], o, ols);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/trade.csv", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "buyer,seller,amount\n");
    for (size_t j = 0; j < n; j++) {
        size_t s1 = (j + 1) % n, s2 = (j + 3) % n;
        if (s1 != j)
            fprintf(f, "m%zu,m%zu,%.6f\n", j, s1, 0.3 * purch[j] * pls[j]);
        if (s2 != j && s2 != s1)
            fprintf(f, "m%zu,m%zu,%.6f\n", j, s2, 0.2 * purch[j] * pls[j]);
    }
    fclose(f);
}

static size_t run_reference(const char *dir, const cylch_place *p, ref_line *out, size_t cap)
{
    char cmd[1024], line[256];
    size_t n = 0;
    FILE *f;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 tests/reference/model_ref.py '%s' %.17g %.17g %.17g %.17g %.17g %.17g",
             dir, p->v[0], p->v[1], p->v[2], p->v[3], p->v[4], p->v[5]);
    f = popen(cmd, "r");
    assert_non_null(f);
    while (n < cap && fgets(line, sizeof line, f)) {
        char *sp = strchr(line, ' ');
        assert_non_null(sp);
        *sp = '\0';
        snprintf(out[n].name, sizeof out[n].name, "%.95s", line);
        out[n].v = strtod(sp + 1, NULL);
        n++;
    }
    assert_int_equal(pclose(f), 0);
    return n;
}

static double ref_get(const ref_line *r, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].name, name) == 0)
            return r[i].v;
    fail_msg("the reference gave no %s", name);
    return NAN;
}

static void check_close(const char *what, double got, double want, double scale)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(fabs(want), scale)))
        fail_msg("%s: cylch %.17g, reference %.17g", what, got, want);
}

static void test_against_reference(void **state)
{
    static const char *const q[] = {"lm_inf", "output_type1", "output_type2", "income_type1",
                                    "income_type2"};
    ref_line *ref = calloc(4096, sizeof *ref);
    (void)state;
    assert_non_null(ref);
    for (int rep = 0; rep < 12; rep++) {
        char dir[] = "/tmp/cylch-rules-XXXXXX", path[512];
        size_t n = 2 + (size_t)rep % 9, nref, ndeficit = 0;
        cylch_place pl = {{0.8 + 0.2 * unif(), 0.3 + 0.5 * unif(), 0.2 * unif(), 0.1 + 0.3 * unif(),
                           0.05 + 0.2 * unif(), 5 + 15 * unif()}};
        cylch_network *net = NULL;
        cylch_model *m;
        cylch_result *r;
        cylch_error err;
        double *vals, fte = 0;
        assert_non_null(mkdtemp(dir));
        write_network(dir, n);
        cylch_error_clear(&err);
        if (cylch_network_load(dir, &net, &err))
            fail_msg("%s", err.msg);
        nref = run_reference(dir, &pl, ref, 4096);
        m = cylch_model_new(net);
        r = cylch_result_new(net->n, 3);
        vals = cylch_network_values(net);
        if (cylch_model_build(m, vals, &pl, &err) || cylch_model_result(m, r, &err))
            fail_msg("%s", err.msg);
        for (size_t j = 0; j < n; j++) {
            const double *v = net->m[j].v;
            ndeficit += v[CYLCH_COL_WAGES] + v[CYLCH_COL_PURCHASES] + v[CYLCH_COL_OTHER_COSTS] >
                        cylch_member_income(&net->m[j]);
            fte += v[CYLCH_COL_FTE];
        }
        for (size_t j = 0; j < net->n + 2; j++) {
            char name[64];
            snprintf(name, sizeof name, "colsum.%zu", j);
            {
                double cs = 0;
                for (size_t i = 0; i < net->n + 2; i++)
                    cs += cylch_model_a(m, i, j);
                check_close(name, cs, ref_get(ref, nref, name), 1.0);
            }
            for (int d = 0; d < CYLCH_NLEAK; d++) {
                double ls = cylch_model_leak_share(m, d, j);
                snprintf(name, sizeof name, "leakshare.%d.%zu", d, j);
                check_close(name, ls, ref_get(ref, nref, name), 1.0);
                /* §8.2: no negative leakage anywhere */
                if (!(ls >= 0))
                    fail_msg("leak share %s of agent %zu is %g", cylch_leak_name(d), j, ls);
            }
        }
        for (int s = 0; s < CYLCH_NSRC; s++) {
            const cylch_source_result *sr = &r->src[s];
            char name[96];
            const double vals_c[] = {sr->lm_inf, sr->output_type1, sr->output_type2, sr->income_type1,
                                     sr->income_type2};
            if (!(sr->injection > 0))
                continue;
            snprintf(name, sizeof name, "%s.injection", cylch_source_name(s));
            check_close(name, sr->injection, ref_get(ref, nref, name), 1.0);
            for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
                snprintf(name, sizeof name, "%s.%s", cylch_source_name(s), q[k]);
                check_close(name, vals_c[k], ref_get(ref, nref, name), 1.0);
            }
            snprintf(name, sizeof name, "%s.jobs", cylch_source_name(s));
            check_close(name, sr->jobs, ref_get(ref, nref, name), 1.0);
            snprintf(name, sizeof name, "%s.member_turnover", cylch_source_name(s));
            check_close(name, sr->member_turnover, ref_get(ref, nref, name), 1.0);
            for (int d = 0; d < CYLCH_NLEAK; d++) {
                snprintf(name, sizeof name, "%s.leak.%s", cylch_source_name(s), cylch_leak_name(d));
                check_close(name, sr->leak_total[d], ref_get(ref, nref, name), sr->injection);
                assert_true(sr->leak_total[d] >= -1e-9 * sr->injection);
            }
            /* Type I <= Type II, business rows <= all rows */
            assert_true(sr->output_type1 <= sr->output_type2 * (1 + 1e-12));
            assert_true(sr->output_type2 <= sr->lm_inf * (1 + 1e-12));
            assert_true(sr->income_type1 <= sr->income_type2 * (1 + 1e-12));
        }
        /* §8.1: modelled member turnover is reported income, member jobs are reported FTE
         * (when no member is inconsistent) */
        if (cylch_model_inconsistent(m, NULL) == 0) {
            double T = 0, mj = 0;
            for (size_t j = 0; j < n; j++) {
                T += cylch_member_income(&net->m[j]);
                mj += r->member_jobs[j];
            }
            check_close("income.member_turnover = reported income",
                        r->src[CYLCH_SRC_INCOME].member_turnover, T, 1.0);
            check_close("member jobs = reported FTE", mj, fte, 1.0);
        }
        assert_true(ndeficit > 0 || n < 3);
        free(vals);
        cylch_result_free(r);
        cylch_model_free(m);
        cylch_network_free(net);
        snprintf(path, sizeof path, "%s/enterprises.csv", dir);
        remove(path);
        snprintf(path, sizeof path, "%s/trade.csv", dir);
        remove(path);
        rmdir(dir);
    }
    free(ref);
}

/* The review's member in deficit: £34,000 of spending on £10,000 of income,
 * £9,100 of it local. Under 0.1 its column sum was 0.91, its grant LM∞ 2.62
 * and £14,623 leaked to "other" with a minus sign. Now each £1 is spent as its
 * costs are: column sum 9,100 / 34,000, leakage >= 0 by destination, and by
 * hand (one member, households re-spending nothing locally): LM∞ of grant =
 * 1 + A[H][m] + A[B][m] · (1 + A[H][B] + …) from the 2 × 2 solve below. */
static void test_deficit_member(void **state)
{
    cylch_network net;
    cylch_member mem;
    cylch_place pl = {{1.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
    cylch_model *m;
    cylch_result *r;
    cylch_error err;
    (void)state;
    memset(&net, 0, sizeof net);
    memset(&mem, 0, sizeof mem);
    mem.id = "diffyg";
    mem.name = "Diffyg";
    mem.v[CYLCH_COL_GRANT] = 10000;
    mem.v[CYLCH_COL_FTE] = 1;
    mem.v[CYLCH_COL_WAGES] = 20000;
    mem.v[CYLCH_COL_WAGES_LOCAL_SHARE] = 0.3;     /* 6,000 local */
    mem.v[CYLCH_COL_PURCHASES] = 14000;
    mem.v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 3100.0 / 14000.0;  /* 3,100 local */
    net.n = 1;
    net.m = &mem;
    m = cylch_model_new(&net);
    r = cylch_result_new(1, 3);
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(cylch_model_a(m, 1, 0), 6000.0 / 34000.0, 1e-14);
    TU_ASSERT_CLOSE(cylch_model_a(m, 2, 0), 3100.0 / 34000.0, 1e-14);
    /* Place: households and businesses re-spend nothing locally, so LM∞ = 1 + 9,100/34,000. */
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].lm_inf, 1 + 9100.0 / 34000.0, 1e-13);
    for (int d = 0; d < CYLCH_NLEAK; d++)
        assert_true(r->src[CYLCH_SRC_GRANT].leak_total[d] >= 0);
    /* staff 14,000/34,000, suppliers 10,900/34,000, other 0 per £1 of the member */
    TU_ASSERT_CLOSE(cylch_model_leak_share(m, CYLCH_LEAK_STAFF, 0), 14000.0 / 34000.0, 1e-14);
    TU_ASSERT_CLOSE(cylch_model_leak_share(m, CYLCH_LEAK_SUPPLIERS, 0), 10900.0 / 34000.0, 1e-14);
    assert_true(fabs(cylch_model_leak_share(m, CYLCH_LEAK_OTHER, 0)) < 1e-15);
    cylch_result_free(r);
    cylch_model_free(m);
}

/* DESIGN §8.8: households cannot buy more from a member than it sells locally
 * beyond its sales to members. One member with £1 of local sales: 0.1's
 * proportional split sent it all of households' member spending
 * (hls · hms · y_H); now A[m][H] · y_H = £1 and the rest goes to other local
 * businesses. By hand: with other businesses re-spending nothing locally,
 * y_H = wages · wages_local_share = £30,000. */
static void test_household_cap(void **state)
{
    cylch_network net;
    cylch_member mem;
    cylch_place pl = {{1.0, 0.5, 0.2, 0.0, 0.0, 0.0}};
    cylch_model *m;
    cylch_error err;
    (void)state;
    memset(&net, 0, sizeof net);
    memset(&mem, 0, sizeof mem);
    mem.id = "siop";
    mem.name = "Siop";
    mem.v[CYLCH_COL_GRANT] = 99999;
    mem.v[CYLCH_COL_TRADE_LOCAL] = 1;
    mem.v[CYLCH_COL_FTE] = 1;
    mem.v[CYLCH_COL_WAGES] = 50000;
    mem.v[CYLCH_COL_WAGES_LOCAL_SHARE] = 0.6;
    mem.v[CYLCH_COL_PURCHASES] = 20000;
    mem.v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 0.5;
    net.n = 1;
    net.m = &mem;
    m = cylch_model_new(&net);
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(cylch_model_a(m, 0, 1) * 30000.0, 1.0, 1e-12);
    TU_ASSERT_CLOSE(cylch_model_a(m, 2, 1), 0.5 - 1.0 / 30000.0, 1e-14);
    assert_true(cylch_model_member_capped(m, 0));
    /* with £10,000 of local sales the split (0.5 · 0.2 · 30,000 = £3,000) fits: no cap */
    mem.v[CYLCH_COL_TRADE_LOCAL] = 10000;
    mem.v[CYLCH_COL_GRANT] = 90000;
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(cylch_model_a(m, 0, 1), 0.1, 1e-14);
    assert_false(cylch_model_member_capped(m, 0));
    cylch_model_free(m);
}

/* DESIGN §8.8, in a draw: member-to-member trade (hard data) is kept, and the
 * local share of purchases from non-members is what moves. The toy town with
 * a wide beta(sd=0.2) on purchases_local_share: in 0.1, draws with local
 * purchases below the caffi's £5,000 from the siop scaled that trade down;
 * now the trade coefficient is the reported amount / income in every draw. */
static void test_trade_kept_in_draws(void **state)
{
    static const char text[] =
        "[scenario]\nname = t\nnetwork = .\ndraws = 4000\nseed = 3\n[place]\nhousehold_local_spend = 0.5\n"
        "household_member_share = 0.1\nbusiness_local_wage_share = 0.2\n"
        "business_local_supply_share = 0.15\njobs_per_million = 10\n"
        "[uncertainty]\npurchases_local_share = beta(sd=0.2)\n";
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_mc *mc = NULL;
    cylch_model *m;
    cylch_error err;
    cylch_place p;
    double *vals, *u, head[CYLCH_NHEAD], low = 0;
    (void)state;
    assert_int_equal(cylch_scenario_parse("t.ini", "tests/oracles/toy-town", text, &s, &err), CYLCH_OK);
    assert_int_equal(cylch_network_load(s->network, &net, &err), CYLCH_OK);
    assert_int_equal(cylch_scenario_apply(s, net, NULL, &err), CYLCH_OK);
    assert_int_equal(cylch_mc_new(s, net, 0, &mc, &err), CYLCH_OK);
    m = cylch_model_new(net);
    vals = cylch_network_values(net);
    u = calloc(mc->nparams, sizeof *u);
    cylch_scenario_place_point(s, &p);
    for (size_t k = 0; k < s->draws; k++) {
        for (size_t i = 0; i < mc->nparams; i++)
            u[i] = cylch_dist_sampler_quantile(&mc->param[i].smp,
                                               cylch_rng_u01(mc->seed, mc->param[i].stream, k));
        if (cylch_mc_eval(mc, m, vals, &p, u, head, &err))
            fail_msg("draw %zu: %s", k, err.msg);
        /* caffi (0) buys £5,000 from the siop (1) on £100,000 of income */
        TU_ASSERT_CLOSE(cylch_model_a(m, 1, 0), 0.05, 1e-14);
        low += vals[0 * CYLCH_NCOLS + CYLCH_COL_PURCHASES_LOCAL_SHARE] < 0.2;
        assert_true(vals[0 * CYLCH_NCOLS + CYLCH_COL_PURCHASES_LOCAL_SHARE] >= 5000.0 / 40000.0);
    }
    assert_true(low > 0);   /* the draws did reach down towards the kept trade */
    free(u);
    free(vals);
    cylch_model_free(m);
    cylch_mc_free(mc);
    cylch_network_free(net);
    cylch_scenario_free(s);
}

/* DESIGN §8.6: `<column>.correlation = ρ` gives the members' draws of a column a
 * common factor (a Gaussian copula). ρ = 1: every member draws the same
 * uniform; ρ = 0.5: the normal scores of two members correlate at 0.5 (within
 * 4 standard errors, (1 − ρ²)/√N); and the range of the trade multiplier
 * widens against independent draws, as the review found (2.06–2.26 against
 * 2.03–2.29 for Bro Ffestiniog). 0.1 refused the key. */
static cylch_mc *copula_run(const char *rho, cylch_scenario **ps, cylch_network **pn)
{
    char text[1024];
    cylch_error err;
    cylch_mc *mc = NULL;
    snprintf(text, sizeof text,
             "[scenario]\nname = t\nnetwork = .\ndraws = 4000\nseed = 9\n[place]\n"
             "household_local_spend = 0.5\nhousehold_member_share = 0.1\n"
             "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\n"
             "jobs_per_million = 10\n[uncertainty]\npurchases_local_share = beta(sd=0.08)\n"
             "purchases_local_share.correlation = %s\n", rho);
    if (cylch_scenario_parse("t.ini", "tests/oracles/toy-town", text, ps, &err) ||
        cylch_network_load((*ps)->network, pn, &err) || cylch_scenario_apply(*ps, *pn, NULL, &err) ||
        cylch_mc_new(*ps, *pn, 0, &mc, &err) || cylch_mc_run(mc, *ps, *pn, 0, NULL, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    return mc;
}

static double range90_of(const cylch_mc *mc, int h)
{
    double *x = malloc(mc->done * sizeof *x);
    double lo, hi;
    cylch_mc_column(mc, h, x);
    for (size_t a = 1; a < mc->done; a++)
        for (size_t b = a; b > 0 && x[b - 1] > x[b]; b--) {
            double t = x[b];
            x[b] = x[b - 1];
            x[b - 1] = t;
        }
    lo = x[(size_t)(0.05 * (double)mc->done)];
    hi = x[(size_t)(0.95 * (double)mc->done)];
    free(x);
    return hi - lo;
}

static void test_copula(void **state)
{
    cylch_scenario *s1, *s5, *s0;
    cylch_network *n1, *n5, *n0;
    cylch_mc *m1 = copula_run("1", &s1, &n1), *m5 = copula_run("0.5", &s5, &n5);
    cylch_mc *m0 = copula_run("0", &s0, &n0);
    double sxy = 0, sxx = 0, syy = 0;
    const int h = CYLCH_HEAD(CYLCH_SRC_TRADE, CYLCH_Q_LM_INF);
    (void)state;
    assert_int_equal(m1->nparams, 3);
    for (size_t k = 0; k < 4000; k++) {
        double u0 = cylch_mc_uniform(m1, &m1->param[0], k);
        double za, zb;
        assert_true(u0 > 0 && u0 < 1);
        for (size_t i = 1; i < m1->nparams; i++)
            TU_ASSERT_CLOSE(cylch_mc_uniform(m1, &m1->param[i], k), u0, 1e-12);
        za = gsl_cdf_ugaussian_Pinv(cylch_mc_uniform(m5, &m5->param[0], k));
        zb = gsl_cdf_ugaussian_Pinv(cylch_mc_uniform(m5, &m5->param[2], k));
        sxy += za * zb;
        sxx += za * za;
        syy += zb * zb;
    }
    {
        double r = sxy / sqrt(sxx * syy);
        print_message("normal-score correlation at rho 0.5: %.4f\n", r);
        assert_true(fabs(r - 0.5) < 4 * 0.75 / sqrt(4000.0));
    }
    print_message("trade LM_inf 90%% range: rho 0 %.4f, rho 0.5 %.4f, rho 1 %.4f\n",
                  range90_of(m0, h), range90_of(m5, h), range90_of(m1, h));
    assert_true(range90_of(m1, h) > range90_of(m5, h));
    assert_true(range90_of(m5, h) > range90_of(m0, h));
    cylch_mc_free(m1);
    cylch_mc_free(m5);
    cylch_mc_free(m0);
    cylch_network_free(n1);
    cylch_network_free(n5);
    cylch_network_free(n0);
    cylch_scenario_free(s1);
    cylch_scenario_free(s5);
    cylch_scenario_free(s0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_deficit_member),
        cmocka_unit_test(test_household_cap),
        cmocka_unit_test(test_trade_kept_in_draws),
        cmocka_unit_test(test_copula),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
