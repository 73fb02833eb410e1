/* Tests of DESIGN §8.6, uncertainty on money (cylch/core/money.h):
 *
 * - a member's income drawn as a scale (income = …), or one income column drawn
 *   (grant = …), leaves its spending per £1 (its column of A) exactly as
 *   reported in every draw, and no draw stops. Under 0.1's rule (costs fixed
 *   while income was drawn) a lower grant made the grant-funded members re-spend
 *   more than £1 (Bro Ffestiniog stopped at draw 1, "re-spends 1.071"); under
 *   §8.2 alone the spending per £1 still moved (98p became 90p–98p);
 * - the Dirichlet split: its concentration, stick shapes and means by hand, its
 *   draws sum to 1, their means and sds match the formulas, and every draw's
 *   column sum stays at most 1 − the surplus share;
 * - [change] scale = income moves a member's costs, staff and purchases from
 *   members with its income, as the hand factors of grant-cut-20.ini did, and
 *   raising income then raises jobs;
 * - bad forms are refused with the fix in the message. */
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
#include "cylch/core/money.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/uncertainty/rng.h"
#include "testutil.h"

static const char bro_head[] =
    "[scenario]\nname = t\nnetwork = data/bro-ffestiniog\ndraws = %d\nseed = 2018\n[place]\n"
    "household_local_spend = beta(mean=0.53,sd=0.05)\nhousehold_member_share = pert(0.005,0.015,0.03)\n"
    "business_local_wage_share = pert(0.12,0.20,0.30)\nbusiness_local_supply_share = pert(0.05,0.10,0.18)\n"
    "jobs_per_million = pert(6,12,18)\n[uncertainty]\n%s";

typedef struct setup {
    cylch_scenario *s;
    cylch_network *net;
    cylch_mc *mc;
} setup;

static void setup_free(setup *x)
{
    cylch_mc_free(x->mc);
    cylch_network_free(x->net);
    cylch_scenario_free(x->s);
}

static int setup_text(const char *text, setup *x, cylch_error *err)
{
    int rc;
    memset(x, 0, sizeof *x);
    cylch_error_clear(err);
    if ((rc = cylch_scenario_parse("t.ini", ".", text, &x->s, err)) ||
        (rc = cylch_network_load(x->s->network, &x->net, err)) ||
        (rc = cylch_scenario_apply(x->s, x->net, NULL, err)) ||
        (rc = cylch_mc_new(x->s, x->net, 1, &x->mc, err)))
        return rc;
    return CYLCH_OK;
}

static void setup_bro(const char *unc, int draws, setup *x)
{
    char text[2048];
    cylch_error err;
    snprintf(text, sizeof text, bro_head, draws, unc);
    if (setup_text(text, x, &err))
        fail_msg("%s", err.msg);
}

/* Draw k's parameter values, as cylch_mc_run draws them. */
static void draw_u(const cylch_mc *mc, size_t k, double *u)
{
    for (size_t i = 0; i < mc->nparams; i++)
        u[i] = cylch_mc_draw(mc, &mc->param[i], k);
}

static double colsum(const cylch_model *m, size_t j)
{
    double cs = 0.0;
    for (size_t i = 0; i < cylch_model_agents(m); i++)
        cs += cylch_model_a(m, i, j);
    return cs;
}

/* Every member's column of A in every draw equals its column at the reported
 * values, to 1e-12, when only money (not shares or place) is drawn. */
static void check_columns_unchanged(const char *unc)
{
    setup x;
    cylch_error err;
    cylch_model *m, *m0;
    cylch_place p;
    double *vals, *vals0, *u, head[CYLCH_NHEAD], tsum = 0.0, t0 = 0.0, moved = 0.0;
    const size_t draws = 2000;
    setup_bro(unc, (int)draws, &x);
    assert_true(x.mc->nparams >= 5);
    m = cylch_model_new(x.net);
    m0 = cylch_model_new(x.net);
    vals = cylch_network_values(x.net);
    vals0 = cylch_network_values(x.net);
    u = calloc(x.mc->nparams, sizeof *u);
    cylch_scenario_place_point(x.s, &p);
    assert_int_equal(cylch_model_build(m0, vals0, &p, &err), CYLCH_OK);
    for (size_t j = 0; j < x.net->n; j++)
        t0 += cylch_member_income(&x.net->m[j]);
    for (size_t k = 0; k < draws; k++) {
        draw_u(x.mc, k, u);
        if (cylch_mc_eval(x.mc, m, vals, &p, u, head, &err))
            fail_msg("draw %zu: %s", k, err.msg);
        for (size_t j = 0; j < x.net->n; j++) {
            double T = vals[j * CYLCH_NCOLS + CYLCH_COL_GRANT] + vals[j * CYLCH_NCOLS + CYLCH_COL_LOAN] +
                       vals[j * CYLCH_NCOLS + CYLCH_COL_TRADE_LOCAL] +
                       vals[j * CYLCH_NCOLS + CYLCH_COL_TRADE_EXTERNAL];
            tsum += T;
            moved = fmax(moved, fabs(T / cylch_member_income(&x.net->m[j]) - 1.0));
            for (size_t i = 0; i < cylch_model_agents(m); i++)
                if (fabs(cylch_model_a(m, i, j) - cylch_model_a(m0, i, j)) > 1e-12)
                    fail_msg("%s, draw %zu: A[%zu][%s] = %.15g, reported %.15g", unc, k, i,
                             x.net->m[j].id, cylch_model_a(m, i, j), cylch_model_a(m0, i, j));
            assert_true(colsum(m, j) < 1.0);
        }
    }
    /* the money did move, around the reported incomes */
    print_message("%s: incomes moved up to %.0f%%; mean of all incomes %.4f of reported\n", unc,
                  100 * moved, tsum / draws / t0);
    assert_true(moved > 0.1);
    assert_true(fabs(tsum / draws / t0 - 1.0) < 0.01);
    free(u);
    free(vals);
    free(vals0);
    cylch_model_free(m);
    cylch_model_free(m0);
    setup_free(&x);
}

static void test_scale_keeps_spending_per_pound(void **state)
{
    (void)state;
    check_columns_unchanged("income = lognormal(rel=0.2)\n");
    check_columns_unchanged("income = normal(rel=0.1)\nincome.correlation = 0.6\n");
    /* one income column drawn: the member's costs move with its income */
    check_columns_unchanged("grant = lognormal(rel=0.1)\ntrade_external = uniform(rel=0.3)\n");
}

/* A whole run with income, grant and split drawn does not stop, and the grant
 * members' round-2 local share keeps its reported value when only money moves. */
static void test_whole_run(void **state)
{
    setup x;
    cylch_error err;
    double *r2;
    (void)state;
    setup_bro("grant = lognormal(rel=0.1)\nincome = lognormal(rel=0.1)\n", 4000, &x);
    if (cylch_mc_run(x.mc, x.s, x.net, 0, NULL, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    r2 = malloc(x.mc->done * sizeof *r2);
    cylch_mc_column(x.mc, CYLCH_HEAD_R2GL, r2);
    /* the grant- and loan-funded members' mix changes with their incomes, but each
     * spends the same per £1: the share stays within the members' own shares */
    for (size_t k = 0; k < x.mc->done; k++)
        assert_true(r2[k] > 0.97 && r2[k] < 0.99);
    free(r2);
    setup_free(&x);
    setup_bro("grant = lognormal(rel=0.1)\nincome = lognormal(rel=0.1)\nsplit = dirichlet(sd=0.03)\n"
              "wages_local_share = beta(sd=0.03)\npurchases_local_share = beta(sd=0.08)\n",
              4000, &x);
    if (cylch_mc_run(x.mc, x.s, x.net, 0, NULL, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    for (size_t k = 0; k < x.mc->done; k++)
        assert_true(isfinite(x.mc->head[k * CYLCH_NHEAD + CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)]));
    setup_free(&x);
}

/* The split of a member with wages 60, purchases 30, no other costs and income
 * 100 (surplus 10), sd 0.05, by hand: parts 0.6, 0.3, 0.1; the largest
 * p(1 − p) is 0.24, so α = 0.24 / 0.0025 − 1 = 95; sticks Beta(57, 38) and
 * Beta(28.5, 9.5); at their means 0.6 and 0.75 the split is 0.6, 0.4 × 0.75 = 0.3, 0.1. */
static void test_split_by_hand(void **state)
{
    double v[CYLCH_NCOLS] = {0}, stick[3], share[CYLCH_NPARTS], sum[CYLCH_NPARTS] = {0},
           sq[CYLCH_NPARTS] = {0};
    cylch_split sp;
    cylch_error err;
    cylch_dist_sampler smp[2];
    const size_t N = 200000;
    (void)state;
    v[CYLCH_COL_GRANT] = 100;
    v[CYLCH_COL_WAGES] = 60;
    v[CYLCH_COL_PURCHASES] = 30;
    assert_int_equal(cylch_split_init(&sp, v, 0.05, &err), CYLCH_OK);
    assert_int_equal(sp.np, 3);
    assert_int_equal(sp.part[0], CYLCH_PART_WAGES);
    assert_int_equal(sp.part[1], CYLCH_PART_PURCHASES);
    assert_int_equal(sp.part[2], CYLCH_PART_SURPLUS);
    TU_ASSERT_CLOSE(sp.D, 100.0, 1e-15);
    TU_ASSERT_CLOSE(sp.alpha, 95.0, 1e-12);
    TU_ASSERT_CLOSE(sp.a[0], 57.0, 1e-12);
    TU_ASSERT_CLOSE(sp.b[0], 38.0, 1e-12);
    TU_ASSERT_CLOSE(sp.a[1], 28.5, 1e-12);
    TU_ASSERT_CLOSE(sp.b[1], 9.5, 1e-12);
    stick[0] = 0.6;
    stick[1] = 0.75;
    cylch_split_shares(&sp, stick, share);
    TU_ASSERT_CLOSE(share[CYLCH_PART_WAGES], 0.6, 1e-15);
    TU_ASSERT_CLOSE(share[CYLCH_PART_PURCHASES], 0.3, 1e-15);
    assert_true(share[CYLCH_PART_OTHER] == 0.0);
    TU_ASSERT_CLOSE(share[CYLCH_PART_SURPLUS], 0.1, 1e-14);
    /* draws: one uniform per stick, inverse CDF */
    for (int k = 0; k < 2; k++) {
        cylch_dist d = {CYLCH_DIST_BETA, {sp.a[k], sp.b[k], 0}};
        assert_int_equal(cylch_dist_sampler_init(&smp[k], &d, CYLCH_RANGE_SHARE, 0, &err), CYLCH_OK);
    }
    for (size_t n = 0; n < N; n++) {
        double tot = 0.0;
        for (int k = 0; k < 2; k++)
            stick[k] = cylch_dist_sampler_quantile(&smp[k], cylch_rng_u01(11, 100 + (uint64_t)k, n));
        cylch_split_shares(&sp, stick, share);
        for (int p = 0; p < CYLCH_NPARTS; p++) {
            assert_true(share[p] >= 0.0);
            tot += share[p];
            sum[p] += share[p];
            sq[p] += share[p] * share[p];
        }
        TU_ASSERT_CLOSE(tot, 1.0, 1e-14);
    }
    {
        /* Dirichlet: mean p_k, sd √(p_k (1 − p_k) / (α + 1)); 4 standard errors */
        static const double p[3] = {0.6, 0.3, 0.1};
        static const int part[3] = {CYLCH_PART_WAGES, CYLCH_PART_PURCHASES, CYLCH_PART_SURPLUS};
        for (int k = 0; k < 3; k++) {
            double mean = sum[part[k]] / N, sd = sqrt(sq[part[k]] / N - mean * mean);
            double want = sqrt(p[k] * (1 - p[k]) / 96.0);
            print_message("part %s: mean %.5f (%.2f), sd %.5f (%.5f)\n", cylch_part_name(part[k]),
                          mean, p[k], sd, want);
            assert_true(fabs(mean - p[k]) < 4 * want / sqrt((double)N));
            assert_true(fabs(sd / want - 1) < 0.01);
        }
        TU_ASSERT_CLOSE(sqrt(0.24 / 96.0), 0.05, 1e-12);   /* the largest part's sd is the sd asked */
    }
    cylch_dist_sampler_clear(&smp[0]);
    cylch_dist_sampler_clear(&smp[1]);
    /* too wide: sd² must be below 0.24 */
    assert_int_equal(cylch_split_init(&sp, v, 0.5, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "must be below 0.49"));
}

/* In a draw of the split, a member's costs are the drawn shares of D, its staff
 * follow its wage bill, and its column sum is at most 1 − its surplus share. */
static void test_split_draws(void **state)
{
    setup x;
    cylch_error err;
    cylch_model *m;
    cylch_place p;
    double *vals, *u, head[CYLCH_NHEAD];
    size_t nsplit = 0;
    (void)state;
    if (setup_text("[scenario]\nname = t\nnetwork = data/toy-town\ndraws = 3000\nseed = 5\n[place]\n"
                   "household_local_spend = 0.5\nhousehold_member_share = 0.1\n"
                   "business_local_wage_share = 0.2\nbusiness_local_supply_share = 0.15\n"
                   "jobs_per_million = 10\n[uncertainty]\nsplit = dirichlet(sd=0.04)\n"
                   "income = triangular(rel=0.2)\n", &x, &err))
        fail_msg("%s", err.msg);
    /* per member: its income and three sticks (wages, purchases, other costs; the surplus is the rest) */
    for (size_t i = 0; i < x.mc->nparams; i++)
        nsplit += x.mc->param[i].role == CYLCH_MC_SPLIT;
    assert_int_equal(nsplit, 9);
    assert_int_equal(x.mc->nparams, 12);
    assert_string_equal(x.mc->param[1].name, "member.caffi.split.wages");
    m = cylch_model_new(x.net);
    vals = cylch_network_values(x.net);
    u = calloc(x.mc->nparams, sizeof *u);
    cylch_scenario_place_point(x.s, &p);
    for (size_t k = 0; k < 3000; k++) {
        draw_u(x.mc, k, u);
        if (cylch_mc_eval(x.mc, m, vals, &p, u, head, &err))
            fail_msg("draw %zu: %s", k, err.msg);
        for (size_t j = 0; j < x.net->n; j++) {
            const double *v = vals + j * CYLCH_NCOLS, *b = x.net->m[j].v;
            double T = v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
                       v[CYLCH_COL_TRADE_EXTERNAL];
            double C = v[CYLCH_COL_WAGES] + v[CYLCH_COL_PURCHASES] + v[CYLCH_COL_OTHER_COSTS];
            double s = T / cylch_member_income(&x.net->m[j]);
            assert_true(C < T);                                   /* the surplus is a part */
            TU_ASSERT_CLOSE(v[CYLCH_COL_FTE] / b[CYLCH_COL_FTE],
                            v[CYLCH_COL_WAGES] / b[CYLCH_COL_WAGES], 1e-12);
            assert_true(colsum(m, j) <= 1.0 - (T - C) / T + 1e-12);
            /* the trade it buys moves with its purchases: caffi buys £5,000 from the siop */
            if (j == 0)
                TU_ASSERT_CLOSE(cylch_model_a(m, 1, 0) * T,
                                5000.0 * v[CYLCH_COL_PURCHASES] / b[CYLCH_COL_PURCHASES], 1e-12);
            assert_true(s > 0.8 - 1e-12 && s < 1.2 + 1e-12);
        }
    }
    free(u);
    free(vals);
    cylch_model_free(m);
    setup_free(&x);
}

/* [change] scale = income: Bro Ffestiniog's 20% grant cut written with the rule
 * gives the network that grant-cut-20.ini's hand factors gave (to 1e-12). */
static void test_change_scale_income(void **state)
{
    static const char *const who[5] = {"caban-bach", "cyfeillion-croesor", "cellb", "gisda", "dref-werdd"};
    static const double kept[5] = {0.819047619047619, 0.86, 0.9891891891891892, 0.8523206751054853,
                                   0.8202247191011236};
    char text[4096];
    size_t len;
    cylch_scenario *s = NULL;
    cylch_network *a = NULL, *b = NULL;
    cylch_notes notes = {0};
    cylch_error err;
    (void)state;
    snprintf(text, sizeof text, bro_head, 0, "");
    strcat(text, "[change \"grant cut\"]\nmembers = all\ngrant = *0.8\nscale = income\n");
    assert_int_equal(cylch_scenario_parse("t.ini", ".", text, &s, &err), CYLCH_OK);
    assert_int_equal(cylch_network_load(s->network, &a, &err), CYLCH_OK);
    assert_int_equal(cylch_network_load(s->network, &b, &err), CYLCH_OK);
    if (cylch_scenario_apply(s, a, &notes, &err))
        fail_msg("%s", err.msg);
    {
        int said = 0;
        for (size_t i = 0; i < notes.n; i++)
            said |= strstr(notes.line[i], "scale = income") != NULL &&
                    strstr(notes.line[i], "of 5 members") != NULL;
        assert_true(said);
    }
    cylch_notes_clear(&notes);
    cylch_scenario_free(s);
    /* the hand factors */
    snprintf(text, sizeof text, bro_head, 0, "");
    len = strlen(text);
    for (int k = 0; k < 5; k++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "[change \"%s\"]\nmembers = %s\ngrant = *0.8\nemployees_fte = *%.17g\n"
                                "wages = *%.17g\npurchases = *%.17g\nother_costs = *%.17g\n",
                                who[k], who[k], kept[k], kept[k], kept[k], kept[k]);
    assert_int_equal(cylch_scenario_parse("t.ini", ".", text, &s, &err), CYLCH_OK);
    assert_int_equal(cylch_scenario_apply(s, b, NULL, &err), CYLCH_OK);
    for (size_t j = 0; j < a->n; j++)
        for (int c = 0; c < CYLCH_NCOLS; c++)
            TU_ASSERT_CLOSE(a->m[j].v[c], b->m[j].v[c], 1e-12);
    /* and their purchases from other members, by the same factors */
    assert_int_equal(a->ntrade, b->ntrade);
    for (size_t t = 0; t < a->ntrade; t++) {
        double k = 1.0;
        for (int w = 0; w < 5; w++)
            if (strcmp(a->m[a->trade[t].buyer].id, who[w]) == 0)
                k = kept[w];
        TU_ASSERT_CLOSE(a->trade[t].amount, b->trade[t].amount * k, 1e-12);
    }
    cylch_network_free(a);
    cylch_network_free(b);
    cylch_scenario_free(s);
}

/* Raising a member's sales with scale = income raises the jobs its income
 * supports; without it (costs fixed) the same change lowered them. */
static double toy_jobs(const char *change)
{
    char text[1024];
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m;
    cylch_result *r;
    cylch_place p;
    cylch_error err;
    double *vals, jobs;
    snprintf(text, sizeof text,
             "[scenario]\nname = t\nnetwork = data/toy-town\n[place]\nhousehold_local_spend = 0.5\n"
             "household_member_share = 0.1\nbusiness_local_wage_share = 0.2\n"
             "business_local_supply_share = 0.15\njobs_per_million = 10\n%s", change);
    if (cylch_scenario_parse("t.ini", ".", text, &s, &err) || cylch_network_load(s->network, &net, &err) ||
        cylch_scenario_apply(s, net, NULL, &err))
        fail_msg("%s", err.msg);
    m = cylch_model_new(net);
    r = cylch_result_new(net->n, 3);
    vals = cylch_network_values(net);
    cylch_scenario_place_point(s, &p);
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_OK);
    jobs = r->src[CYLCH_SRC_INCOME].jobs;
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return jobs;
}

static void test_change_raises_jobs(void **state)
{
    double base = toy_jobs(""), fixed, scaled;
    (void)state;
    fixed = toy_jobs("[change \"more sales\"]\nmembers = siop\ntrade_external = *3\n");
    scaled = toy_jobs("[change \"more sales\"]\nmembers = siop\ntrade_external = *3\nscale = income\n");
    print_message("income jobs: base %.4f, costs fixed %.4f, scale = income %.4f\n", base, fixed, scaled);
    assert_true(fixed <= base + 1e-9);
    assert_true(scaled > base + 0.5);
    /* the siop's income goes from 100,000 to 130,000: its 3 FTE become 3.9 */
    {
        cylch_scenario *s = NULL;
        cylch_network *net = NULL;
        cylch_error err;
        assert_int_equal(cylch_scenario_parse("t.ini", ".",
                                              "[scenario]\nname = t\nnetwork = data/toy-town\n[place]\n"
                                              "household_local_spend = 0.5\nbusiness_local_wage_share = 0.2\n"
                                              "business_local_supply_share = 0.15\njobs_per_million = 10\n"
                                              "[change \"x\"]\nmembers = siop\ntrade_external = *3\n"
                                              "purchases = 70000\nscale = income\n",
                                              &s, &err), CYLCH_OK);
        assert_int_equal(cylch_network_load(s->network, &net, &err), CYLCH_OK);
        assert_int_equal(cylch_scenario_apply(s, net, NULL, &err), CYLCH_OK);
        TU_ASSERT_CLOSE(net->m[1].v[CYLCH_COL_FTE], 3.9, 1e-14);
        TU_ASSERT_CLOSE(net->m[1].v[CYLCH_COL_WAGES], 39000.0, 1e-14);
        TU_ASSERT_CLOSE(net->m[1].v[CYLCH_COL_OTHER_COSTS], 7800.0, 1e-14);
        /* purchases named in the change are as it says, and so its purchases from members stay */
        TU_ASSERT_CLOSE(net->m[1].v[CYLCH_COL_PURCHASES], 70000.0, 1e-14);
        TU_ASSERT_CLOSE(net->trade[cylch_network_find_trade(net, 1, 0)].amount, 2000.0, 1e-14);
        /* the caffi is untouched */
        TU_ASSERT_CLOSE(net->m[0].v[CYLCH_COL_WAGES], 50000.0, 1e-14);
        cylch_network_free(net);
        cylch_scenario_free(s);
    }
}

static void expect_error(const char *unc, const char *want)
{
    char text[2048];
    cylch_error err;
    setup x;
    snprintf(text, sizeof text, bro_head, 10, unc);
    assert_int_equal(setup_text(text, &x, &err), CYLCH_EINPUT);
    if (!strstr(err.msg, want))
        fail_msg("%s: got '%s', expected it to say '%s'", unc, err.msg, want);
    setup_free(&x);
}

static void test_refused(void **state)
{
    (void)state;
    expect_error("income = lognormal(100000,10000)\n", "write a form centred on it such as lognormal(rel=0.1)");
    expect_error("income = beta(sd=0.1)\n", "centred on it");
    expect_error("split = dirichlet(0.05)\n", "write dirichlet(sd=s)");
    expect_error("split = dirichlet(sd=0.7)\n", "between 0 and 0.5");
    expect_error("split = dirichlet(sd=0.45)\n", "split in [uncertainty] for 'caban-bach': dirichlet(sd=0.45) is too wide");
    expect_error("split = dirichlet(sd=0.03)\nwages = lognormal(rel=0.1)\n", "leave wages out");
    expect_error("income = lognormal(rel=0.1)\nincome = lognormal(rel=0.2)\n", "'income' is set twice");
    expect_error("income.correlation = 2\n", "a correlation is a number from 0");
    expect_error("[change \"x\"]\nmembers = all\nscale = costs\n", "write 'scale = income'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_keeps_spending_per_pound),
        cmocka_unit_test(test_whole_run),
        cmocka_unit_test(test_split_by_hand),
        cmocka_unit_test(test_split_draws),
        cmocka_unit_test(test_change_scale_income),
        cmocka_unit_test(test_change_raises_jobs),
        cmocka_unit_test(test_refused),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
