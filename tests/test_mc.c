/* Tests of the Monte Carlo engine (DESIGN §6): collapsed distributions give the
 * point result in every draw, a known-variance case matches its analytic mean
 * and sd, draws are identical for any thread count, and shared parameters pair
 * up between scenarios of the same seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <omp.h>

#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "testutil.h"

typedef struct run {
    cylch_scenario *s;
    cylch_network *net;
    cylch_mc *mc;
    cylch_result *r;
} run;

static void run_free(run *x)
{
    cylch_mc_free(x->mc);
    cylch_result_free(x->r);
    cylch_network_free(x->net);
    cylch_scenario_free(x->s);
}

/* Parse scenario text (network folder relative to dir), run point and draws. */
static void run_text(const char *text, const char *dir, unsigned threads, int keep, run *x)
{
    cylch_error err;
    cylch_model *m;
    cylch_place p;
    double *vals;
    memset(x, 0, sizeof *x);
    cylch_error_clear(&err);
    if (cylch_scenario_parse("test.ini", dir, text, &x->s, &err) ||
        cylch_network_load(x->s->network, &x->net, &err) ||
        cylch_scenario_apply(x->s, x->net, NULL, &err) || cylch_mc_new(x->s, x->net, keep, &x->mc, &err))
        fail_msg("%s", err.msg);
    m = cylch_model_new(x->net);
    x->r = cylch_result_new(x->net->n, x->s->rounds);
    vals = cylch_network_values(x->net);
    cylch_scenario_place_point(x->s, &p);
    assert_int_equal(cylch_model_build(m, vals, &p, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, x->r, &err), CYLCH_OK);
    if (cylch_mc_run(x->mc, x->s, x->net, threads, NULL, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    free(vals);
    cylch_model_free(m);
}

static const char toy_collapsed[] =
    "[scenario]\nname = t\nnetwork = .\ndraws = 500\nseed = 7\nrounds = 3\n"
    "[place]\nnet_wage_share = 1.0\nhousehold_local_spend = normal(0.5,0)\n"
    "household_member_share = uniform(0.1,0.1)\nbusiness_local_wage_share = normal(0.2,0)\n"
    "business_local_supply_share = 0.15\njobs_per_million = 10\n"
    "[uncertainty]\nwages_local_share = normal(sd=0)\ntrade_local = uniform(rel=0)\n";

static void test_collapsed_equals_point(void **state)
{
    run x;
    (void)state;
    run_text(toy_collapsed, "tests/oracles/toy-town", 2, 0, &x);
    assert_int_equal(x.mc->done, 500);
    for (size_t k = 0; k < x.mc->done; k++) {
        const double *h = x.mc->head + k * CYLCH_NHEAD;
        for (int s = 0; s < CYLCH_NSRC; s++) {
            TU_ASSERT_CLOSE(h[CYLCH_HEAD(s, CYLCH_Q_LM3)], x.r->src[s].lm3, 1e-13);
            TU_ASSERT_CLOSE(h[CYLCH_HEAD(s, CYLCH_Q_LM_INF)], x.r->src[s].lm_inf, 1e-13);
            TU_ASSERT_CLOSE(h[CYLCH_HEAD(s, CYLCH_Q_LM_INF_TYPE1)], x.r->src[s].lm_inf_type1, 1e-13);
            TU_ASSERT_CLOSE(h[CYLCH_HEAD(s, CYLCH_Q_LOCAL_WAGES)], x.r->src[s].local_wages, 1e-13);
            TU_ASSERT_CLOSE(h[CYLCH_HEAD(s, CYLCH_Q_JOBS)], x.r->src[s].jobs, 1e-13);
        }
        TU_ASSERT_CLOSE(h[CYLCH_HEAD_R2GL], x.r->round2_local_share_grant_loan, 1e-13);
    }
    run_free(&x);
}

/* One member paying half its income as local wages; households spend a share
 * h ~ uniform(0.3, 0.7) back with it. LM3 = 1 + 0.5 + 0.5 h:
 * mean 1.75, sd 0.5 · 0.4/√12. */
static void test_known_variance(void **state)
{
    static const char text[] =
        "[scenario]\nname = one\nnetwork = .\ndraws = 40000\nseed = 2385\n"
        "[place]\nhousehold_local_spend = uniform(0.3,0.7)\nhousehold_member_share = 1\n"
        "business_local_wage_share = 0\nbusiness_local_supply_share = 0\njobs_per_million = 0\n";
    run x;
    cylch_stats_summary st[CYLCH_NHEAD];
    cylch_error err;
    double sd = 0.5 * 0.4 / sqrt(12.0);
    (void)state;
    run_text(text, "tests/data/one-member", 2, 0, &x);
    assert_int_equal(cylch_mc_summarise(x.mc, st, &err), CYLCH_OK);
    {
        const cylch_stats_summary *g = &st[CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM3)];
        TU_ASSERT_NEAR(g->mean, 1.75, 4 * sd / sqrt(40000.0));
        TU_ASSERT_NEAR(g->se, sd / sqrt(40000.0), 0.02 * sd / sqrt(40000.0));
        TU_ASSERT_CLOSE(g->sd, sd, 0.02);
        assert_true(g->min >= 1.65 - 1e-12 && g->max <= 1.85 + 1e-12);
        TU_ASSERT_NEAR(g->p5, 1.65 + 0.05 * 0.2, 0.003);
        TU_ASSERT_NEAR(g->p95, 1.65 + 0.95 * 0.2, 0.003);
    }
    run_free(&x);
}

static void test_thread_count_identity(void **state)
{
    run a, b;
    (void)state;
    run_text("[scenario]\nname = b\nnetwork = ../data/bro-ffestiniog\ndraws = 3001\nseed = 99\n"
             "[place]\nnet_wage_share = 1\nhousehold_local_spend = beta(mean=0.53,sd=0.05)\n"
             "household_member_share = pert(0.05,0.1,0.2)\nbusiness_local_wage_share = uniform(0.3,0.5)\n"
             "business_local_supply_share = triangular(0.1,0.2,0.3)\njobs_per_million = lognormal(20,3)\n"
             "[uncertainty]\nwages_local_share = beta(sd=0.03)\npurchases_local_share = beta(sd=0.08)\n",
             "scenarios", 1, 1, &a);
    for (unsigned t = 2; t <= 3; t++) {
        run_text("[scenario]\nname = b\nnetwork = ../data/bro-ffestiniog\ndraws = 3001\nseed = 99\n"
                 "[place]\nnet_wage_share = 1\nhousehold_local_spend = beta(mean=0.53,sd=0.05)\n"
                 "household_member_share = pert(0.05,0.1,0.2)\nbusiness_local_wage_share = uniform(0.3,0.5)\n"
                 "business_local_supply_share = triangular(0.1,0.2,0.3)\njobs_per_million = lognormal(20,3)\n"
                 "[uncertainty]\nwages_local_share = beta(sd=0.03)\npurchases_local_share = beta(sd=0.08)\n",
                 "scenarios", t, 1, &b);
        assert_int_equal(a.mc->nparams, b.mc->nparams);
        assert_memory_equal(a.mc->head, b.mc->head, 3001 * CYLCH_NHEAD * sizeof(double));
        assert_memory_equal(a.mc->inputs, b.mc->inputs, 3001 * a.mc->nparams * sizeof(double));
        run_free(&b);
    }
    /* The draws do vary. */
    assert_true(a.mc->head[CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)] !=
                a.mc->head[CYLCH_NHEAD + CYLCH_HEAD(CYLCH_SRC_GRANT, CYLCH_Q_LM_INF)]);
    run_free(&a);
}

/* DESIGN §8.6 money and correlated shares (every kind of variate of the sample
 * scenario: copula on betas and on a lognormal income, Dirichlet sticks) are
 * identical on 1, 2 and 3 threads, and the run's kept inputs are
 * cylch_mc_draw's values bit for bit (the batched loop and the one-draw
 * definition agree). */
static void test_money_threads_and_draw(void **state)
{
    static const char text[] =
        "[scenario]\nname = b\nnetwork = ../data/bro-ffestiniog\ndraws = 2001\nseed = 7\n"
        "[place]\nnet_wage_share = 1\nhousehold_local_spend = beta(mean=0.53,sd=0.05)\n"
        "household_member_share = pert(0.005,0.015,0.03)\nbusiness_local_wage_share = pert(0.12,0.2,0.3)\n"
        "business_local_supply_share = pert(0.05,0.1,0.18)\njobs_per_million = pert(6,12,18)\n"
        "[uncertainty]\nwages_local_share = beta(sd=0.03)\nwages_local_share.correlation = 0.3\n"
        "purchases_local_share = beta(sd=0.08)\npurchases_local_share.correlation = 0.5\n"
        "income = lognormal(rel=0.1)\nincome.correlation = 0.3\nsplit = dirichlet(sd=0.03)\n";
    run a, b;
    size_t np, seen[3] = {0, 0, 0};
    (void)state;
    run_text(text, "scenarios", 1, 1, &a);
    np = a.mc->nparams;
    assert_int_equal(np, 70);
    assert_int_equal(a.mc->ncommon, 3);
    for (size_t i = 0; i < np; i++) {
        const cylch_mc_param *q = &a.mc->param[i];
        seen[q->role]++;
        for (size_t k = 0; k < 2001; k++) {
            double x = cylch_mc_param_value(q, cylch_mc_draw(a.mc, q, k));
            if (memcmp(&x, &a.mc->inputs[k * np + i], sizeof x) != 0)
                fail_msg("%s, draw %zu: run %.17g, cylch_mc_draw %.17g", q->name, k,
                         a.mc->inputs[k * np + i], x);
        }
    }
    assert_int_equal(seen[CYLCH_MC_SCALE], 13);
    assert_int_equal(seen[CYLCH_MC_SPLIT], 26);
    for (unsigned t = 2; t <= 3; t++) {
        run_text(text, "scenarios", t, 1, &b);
        assert_memory_equal(a.mc->head, b.mc->head, 2001 * CYLCH_NHEAD * sizeof(double));
        assert_memory_equal(a.mc->inputs, b.mc->inputs, 2001 * np * sizeof(double));
        run_free(&b);
    }
    run_free(&a);
}

/* Parameters with the same distribution share one quantile table (the members'
 * shares of Bro Ffestiniog: 31 inputs, 22 distributions), and each still draws
 * exactly what a table of its own gives. */
static void test_shared_tables(void **state)
{
    run a;
    size_t shared = 0;
    (void)state;
    run_text("[scenario]\nname = b\nnetwork = ../data/bro-ffestiniog\ndraws = 2001\nseed = 3\n"
             "[place]\nnet_wage_share = 1\nhousehold_local_spend = beta(mean=0.53,sd=0.05)\n"
             "household_member_share = pert(0.005,0.015,0.03)\nbusiness_local_wage_share = pert(0.12,0.2,0.3)\n"
             "business_local_supply_share = pert(0.05,0.1,0.18)\njobs_per_million = pert(6,12,18)\n"
             "[uncertainty]\nwages_local_share = beta(sd=0.03)\npurchases_local_share = beta(sd=0.08)\n",
             "scenarios", 2, 1, &a);
    assert_int_equal(a.mc->nparams, 31);
    for (size_t i = 0; i < a.mc->nparams; i++) {
        const cylch_mc_param *q = &a.mc->param[i];
        cylch_dist_sampler own;
        cylch_error err;
        shared += q->smp.shared;
        assert_int_equal(cylch_dist_sampler_init(&own, q->dist, q->range, q->centre, &err), CYLCH_OK);
        for (size_t k = 0; k < 2001; k++) {
            double want = cylch_dist_sampler_quantile(&own, cylch_mc_uniform(a.mc, q, k));
            double got = cylch_mc_draw(a.mc, q, k);
            if (memcmp(&want, &got, sizeof want) != 0)
                fail_msg("%s, draw %zu: run %.17g, own table %.17g", q->name, k, got, want);
        }
        cylch_dist_sampler_clear(&own);
    }
    assert_int_equal(shared, 31 - 22);
    run_free(&a);
}

/* Two scenarios with the same seed draw the same values for the parameters they share. */
static void test_common_random_numbers(void **state)
{
    static const char base[] =
        "[scenario]\nname = a\nnetwork = .\ndraws = 200\nseed = 5\n"
        "[place]\nhousehold_local_spend = uniform(0.3,0.7)\nhousehold_member_share = 1\n"
        "business_local_wage_share = 0\nbusiness_local_supply_share = 0\njobs_per_million = 0\n";
    static const char other[] =
        "[scenario]\nname = b\nnetwork = .\ndraws = 200\nseed = 5\n"
        "[place]\nbusiness_local_supply_share = uniform(0,0.2)\nhousehold_local_spend = uniform(0.3,0.7)\n"
        "household_member_share = 1\nbusiness_local_wage_share = 0\njobs_per_million = 0\n"
        "[change \"cut\"]\nmembers = all\ngrant = *0.8\n";
    run a, b;
    size_t ia = 0, ib = 0;
    (void)state;
    run_text(base, "tests/data/one-member", 2, 1, &a);
    run_text(other, "tests/data/one-member", 1, 1, &b);
    for (size_t i = 0; i < b.mc->nparams; i++)
        if (strcmp(b.mc->param[i].name, "place.household_local_spend") == 0)
            ib = i;
    assert_string_equal(a.mc->param[ia].name, "place.household_local_spend");
    for (size_t k = 0; k < 200; k++)
        assert_true(a.mc->inputs[k * a.mc->nparams + ia] == b.mc->inputs[k * b.mc->nparams + ib]);
    run_free(&a);
    run_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collapsed_equals_point),
        cmocka_unit_test(test_known_variance),
        cmocka_unit_test(test_thread_count_identity),
        cmocka_unit_test(test_money_threads_and_draw),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_shared_tables),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("mc", tests, NULL, NULL);
}
