/* Tests of the network model (DESIGN §2–§3): the toy-town oracle, closed forms,
 * money conservation, LMk → LM∞, Type I ≤ Type II, the spectral-radius error,
 * and the sparse iterative path against a dense GSL solve. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_linalg.h>

#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "testutil.h"

/* Load a scenario, its network, apply changes and compute the point result. */
static int run_point(const char *path, size_t K, cylch_network **pnet, cylch_result **pres,
                     cylch_error *err)
{
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m = NULL;
    cylch_result *r = NULL;
    double *vals = NULL;
    cylch_place p;
    int rc;
    if ((rc = cylch_scenario_load(path, &s, err)) || (rc = cylch_network_load(s->network, &net, err)) ||
        (rc = cylch_scenario_apply(s, net, NULL, err)))
        goto done;
    m = cylch_model_new(net);
    r = cylch_result_new(net->n, K ? K : s->rounds);
    vals = cylch_network_values(net);
    assert_non_null(m);
    assert_non_null(r);
    assert_non_null(vals);
    cylch_scenario_place_point(s, &p);
    if ((rc = cylch_model_build(m, vals, &p, err)) || (rc = cylch_model_result(m, r, err)))
        goto done;
    *pres = r;
    r = NULL;
    *pnet = net;
    net = NULL;
done:
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return rc;
}

static void test_toy_town_oracle(void **state)
{
    cylch_network *net = NULL;
    cylch_result *r = NULL;
    cylch_error err;
    char *json = tu_read_file("tests/oracles/toy-town/expected.json");
    char path[256];
    (void)state;
    assert_non_null(json);
    cylch_error_clear(&err);
    if (run_point("tests/oracles/toy-town/scenario.ini", 0, &net, &r, &err))
        fail_msg("%s", err.msg);
    /* Every source, the income source as DESIGN.md §8.1 (exogenous income only),
     * and the input-output figures of §8.3. */
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        const char *name = cylch_source_name(s);
#define CHECK(field, value)                                                   \
    snprintf(path, sizeof path, "by_source.%s.%s", name, field);             \
    assert_true(isfinite(tu_json_num(json, path)));                          \
    TU_ASSERT_CLOSE(value, tu_json_num(json, path), 1e-9)
        CHECK("injection", sr->injection);
        CHECK("rounds[0]", sr->rounds[0]);
        CHECK("rounds[1]", sr->rounds[1]);
        CHECK("rounds[2]", sr->rounds[2]);
        CHECK("lm3", sr->lm3);
        CHECK("lm_inf", sr->lm_inf);
        CHECK("lm_inf_type1", sr->lm_inf_type1);
        CHECK("output_type1", sr->output_type1);
        CHECK("output_type2", sr->output_type2);
        CHECK("income_type1", sr->income_type1);
        CHECK("income_type2", sr->income_type2);
        CHECK("local_wages", sr->local_wages);
        CHECK("jobs", sr->jobs);
        CHECK("member_turnover", sr->member_turnover);
        if (s == CYLCH_SRC_INCOME) {
            /* expected.json gives NEF's LM3 to 4 decimals */
            snprintf(path, sizeof path, "by_source.income.lm3_nef");
            TU_ASSERT_CLOSE(sr->lm3_nef, tu_json_num(json, path), 1e-4);
        }
#undef CHECK
    }
    TU_ASSERT_CLOSE(r->round2_local_share_grant_loan,
                    tu_json_num(json, "round2_local_share_grant_loan"), 1e-9);
    for (size_t i = 0; i < net->n; i++) {
        snprintf(path, sizeof path, "members.%s.multiplier", net->m[i].id);
        TU_ASSERT_CLOSE(r->member_multiplier[i], tu_json_num(json, path), 1e-9);
        snprintf(path, sizeof path, "members.%s.round2_local_share", net->m[i].id);
        TU_ASSERT_CLOSE(r->member_round2_share[i], tu_json_num(json, path), 1e-9);
    }
    free(json);
    cylch_result_free(r);
    cylch_network_free(net);
}

/* A one-member economy in which money cycles member → households → member,
 * each keeping a share p locally: rounds 1, p, p², LM3 = 1 + p + p², LM∞ = 1/(1 − p). */
static void closed_form_case(double p)
{
    cylch_network net;
    cylch_member mem;
    cylch_place pl = {{1.0, p, 1.0, 0.0, 0.0, 0.0}};
    cylch_model *m;
    cylch_result *r;
    cylch_error err;
    memset(&net, 0, sizeof net);
    memset(&mem, 0, sizeof mem);
    mem.id = "one";
    mem.name = "One";
    /* local sales (2.385e5) cover households' spending with it (p² · 3.385e5), so no cap (§8.8) */
    mem.v[CYLCH_COL_GRANT] = 1.0e5;
    mem.v[CYLCH_COL_TRADE_LOCAL] = 2.385e5;
    mem.v[CYLCH_COL_WAGES] = p * 3.385e5;
    mem.v[CYLCH_COL_WAGES_LOCAL_SHARE] = 1.0;
    mem.v[CYLCH_COL_FTE] = 3;
    net.n = 1;
    net.m = &mem;
    m = cylch_model_new(&net);
    r = cylch_result_new(1, 3);
    assert_non_null(m);
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].lm3, 1 + p + p * p, 1e-12);
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].lm_inf, 1 / (1 - p), 1e-12);
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].rounds[1], p * 1.0e5, 1e-12);
    /* Type I: wages leave the system, so nothing comes back. */
    TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].lm_inf_type1, 1.0, 1e-12);
    cylch_result_free(r);
    cylch_model_free(m);
}

static void test_closed_forms(void **state)
{
    (void)state;
    closed_form_case(0.8);  /* LM3 2.44, LM∞ 5 */
    closed_form_case(0.2);  /* 1.24, 1.25 */
    closed_form_case(0.5);  /* 1.75, 2 */
}

static void check_properties(const char *scenario)
{
    cylch_network *net = NULL;
    cylch_result *r = NULL, *rk = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (run_point(scenario, 3, &net, &r, &err) || (cylch_network_free(net), net = NULL,
                                                   run_point(scenario, 400, &net, &rk, &err)))
        fail_msg("%s: %s", scenario, err.msg);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        double total = 0.0;
        if (!(sr->injection > 0))
            continue;
        /* Money is conserved: all of it leaks in the end, destinations sum to it. */
        for (int d = 0; d < CYLCH_NLEAK; d++)
            total += sr->leak_total[d];
        TU_ASSERT_CLOSE(total, sr->injection, 1e-9);
        /* Each round's leakage is what does not reach the next round. */
        for (size_t k = 0; k + 1 < r->K; k++) {
            double lk = 0.0;
            for (int d = 0; d < CYLCH_NLEAK; d++)
                lk += sr->leak[k * CYLCH_NLEAK + d];
            TU_ASSERT_CLOSE(lk, sr->rounds[k] - sr->rounds[k + 1], 1e-9);
        }
        /* LMk → LM∞ as K grows; and LM3 below both. */
        TU_ASSERT_CLOSE(rk->src[s].lmk, sr->lm_inf, 1e-9);
        assert_true(sr->lm3 <= sr->lm_inf);
        assert_true(sr->lm_inf_type1 <= sr->lm_inf);
        assert_true(sr->lm_inf_type1 >= 1.0);
        assert_true(sr->lm3 >= 1.0 && sr->lm3 <= 3.0);
    }
    for (size_t i = 0; i < net->n; i++) {
        assert_true(r->member_multiplier[i] >= 1.0);
        assert_true(r->member_round2_share[i] >= 0.0 && r->member_round2_share[i] < 1.0);
    }
    cylch_result_free(r);
    cylch_result_free(rk);
    cylch_network_free(net);
}

static void test_properties(void **state)
{
    (void)state;
    check_properties("tests/oracles/toy-town/scenario.ini");
    check_properties("scenarios/toy-town.ini");
}

static void test_spectral_radius_error(void **state)
{
    cylch_network net;
    cylch_member mem;
    cylch_place pl = {{1.0, 0.5, 0.0, 0.2, 0.1, 10.0}};
    cylch_model *m;
    cylch_error err;
    (void)state;
    memset(&net, 0, sizeof net);
    memset(&mem, 0, sizeof mem);
    mem.id = "siop";
    mem.name = "Siop";
    mem.v[CYLCH_COL_GRANT] = 1000;
    mem.v[CYLCH_COL_WAGES] = 600;
    mem.v[CYLCH_COL_WAGES_LOCAL_SHARE] = 1.0;
    mem.v[CYLCH_COL_PURCHASES] = 400;
    mem.v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 1.0;
    net.n = 1;
    net.m = &mem;
    m = cylch_model_new(&net);
    cylch_error_clear(&err);
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_EMODEL);
    assert_non_null(strstr(err.msg, "'siop'"));
    assert_non_null(strstr(err.msg, "not finite"));
    /* Other local businesses re-spending everything locally. */
    mem.v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 0.5;
    pl.v[CYLCH_P_BUSINESS_LOCAL_WAGE_SHARE] = 0.6;
    pl.v[CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE] = 0.4;
    assert_int_equal(cylch_model_build(m, mem.v, &pl, &err), CYLCH_EMODEL);
    assert_non_null(strstr(err.msg, "other local businesses"));
    cylch_model_free(m);
}

/* A generated network larger than the dense limit: the iterative solve must
 * agree with GSL's LU on the same A, and conserve money. */
static void test_sparse_matches_dense(void **state)
{
    const size_t n = 400;
    cylch_network net;
    cylch_member *mem = calloc(n, sizeof *mem);
    cylch_trade *tr = calloc(3 * n, sizeof *tr);
    cylch_place pl = {{0.9, 0.53, 0.2, 0.3, 0.25, 12.0}};
    cylch_model *m;
    cylch_result *r;
    cylch_error err;
    double *vals;
    uint64_t x = 88172645463325252ULL;
    size_t na = n + 2;
    gsl_matrix *M;
    gsl_permutation *perm;
    gsl_vector *b, *y;
    int sign;
    (void)state;
    memset(&net, 0, sizeof net);
    for (size_t j = 0; j < n; j++) {
        double u[6];
        for (int k = 0; k < 6; k++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            u[k] = (double)(x >> 11) / 9007199254740992.0;
        }
        mem[j].id = "m";
        mem[j].name = "m";
        mem[j].v[CYLCH_COL_GRANT] = 1e4 + 9e4 * u[0];
        mem[j].v[CYLCH_COL_TRADE_LOCAL] = 1e4 + 2e5 * u[1];
        mem[j].v[CYLCH_COL_TRADE_EXTERNAL] = 5e4 * u[2];
        mem[j].v[CYLCH_COL_WAGES] = 0.4 * (mem[j].v[CYLCH_COL_GRANT] + mem[j].v[CYLCH_COL_TRADE_LOCAL]);
        mem[j].v[CYLCH_COL_WAGES_LOCAL_SHARE] = 0.3 + 0.6 * u[3];
        mem[j].v[CYLCH_COL_PURCHASES] = 0.4 * (mem[j].v[CYLCH_COL_GRANT] + mem[j].v[CYLCH_COL_TRADE_LOCAL]);
        mem[j].v[CYLCH_COL_PURCHASES_LOCAL_SHARE] = 0.2 + 0.6 * u[4];
        mem[j].v[CYLCH_COL_FTE] = 1 + 10 * u[5];
    }
    for (size_t t = 0; t < 2 * n; t++) {
        tr[t].buyer = t % n;
        tr[t].seller = (t * 7 + 3) % n == t % n ? (t + 1) % n : (t * 7 + 3) % n;
        tr[t].amount = 0.01 * mem[t % n].v[CYLCH_COL_PURCHASES];
    }
    net.n = n;
    net.m = mem;
    net.ntrade = 2 * n;
    net.trade = tr;
    m = cylch_model_new(&net);
    r = cylch_result_new(n, 3);
    vals = cylch_network_values(&net);
    assert_non_null(m);
    assert_int_equal(cylch_model_build(m, vals, &pl, &err), CYLCH_OK);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_OK);
    /* Reference: y = (I − A)⁻ᵀ 1 by LU. */
    M = gsl_matrix_alloc(na, na);
    perm = gsl_permutation_alloc(na);
    b = gsl_vector_alloc(na);
    y = gsl_vector_alloc(na);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++)
            gsl_matrix_set(M, j, i, (i == j) - cylch_model_a(m, i, j));
    gsl_vector_set_all(b, 1.0);
    gsl_linalg_LU_decomp(M, perm, &sign);
    gsl_linalg_LU_solve(M, perm, b, y);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        double num = 0.0, inj = 0.0, total = 0.0;
        for (size_t i = 0; i < na; i++) {
            num += gsl_vector_get(y, i) * cylch_model_injection(m, s, i);
            inj += cylch_model_injection(m, s, i);
        }
        if (inj <= 0)
            continue;
        TU_ASSERT_CLOSE(r->src[s].lm_inf, num / inj, 1e-10);
        for (int d = 0; d < CYLCH_NLEAK; d++)
            total += r->src[s].leak_total[d];
        TU_ASSERT_CLOSE(total, inj, 1e-9);
    }
    for (size_t j = 0; j < n; j++)
        TU_ASSERT_CLOSE(r->member_multiplier[j], gsl_vector_get(y, j), 1e-10);
    gsl_matrix_free(M);
    gsl_permutation_free(perm);
    gsl_vector_free(b);
    gsl_vector_free(y);
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    free(mem);
    free(tr);
}

/* With trade capped in a draw (members' trade above local purchases) no coefficient is negative. */
static void test_trade_capped(void **state)
{
    cylch_network *net = NULL;
    cylch_error err;
    cylch_model *m;
    cylch_place pl = {{1.0, 0.5, 0.1, 0.2, 0.15, 10}};
    double *vals;
    (void)state;
    assert_int_equal(cylch_network_load("tests/oracles/toy-town", &net, &err), CYLCH_OK);
    m = cylch_model_new(net);
    vals = cylch_network_values(net);
    /* caffi buys £5,000 from siop; make its local purchases only £1,000. */
    vals[0 * CYLCH_NCOLS + CYLCH_COL_PURCHASES_LOCAL_SHARE] = 1000.0 / 40000.0;
    assert_int_equal(cylch_model_build(m, vals, &pl, &err), CYLCH_OK);
    TU_ASSERT_CLOSE(cylch_model_a(m, 1, 0), 1000.0 / 100000.0, 1e-12);
    assert_true(cylch_model_a(m, net->n + 1, 0) >= 0.0);
    free(vals);
    cylch_model_free(m);
    cylch_network_free(net);
}

/* The draw loop's factorisation (no pivoting, H moved last, Type I from the leading
 * block of the same factors) gives the headline figures of GSL's pivoted LU with a
 * separate Type I matrix, on the sample networks and several places. */
static void test_fast_matches_dense(void **state)
{
    static const char *const scen[] = {"scenarios/bro-ffestiniog.ini", "scenarios/toy-town.ini",
                                       "scenarios/new-member-brocast.ini"};
    static const cylch_place places[] = {
        {{1.0, 0.53, 0.015, 0.2, 0.1, 12.0}},
        {{0.9, 0.80, 0.030, 0.3, 0.18, 6.0}},
        {{0.7, 0.10, 0.005, 0.12, 0.05, 18.0}},
    };
    (void)state;
    for (size_t i = 0; i < sizeof scen / sizeof scen[0]; i++) {
        cylch_scenario *s = NULL;
        cylch_network *net = NULL;
        cylch_error err;
        double hf[CYLCH_NHEAD], hd[CYLCH_NHEAD];
        assert_int_equal(cylch_scenario_load(scen[i], &s, &err), CYLCH_OK);
        assert_int_equal(cylch_network_load(s->network, &net, &err), CYLCH_OK);
        assert_int_equal(cylch_scenario_apply(s, net, NULL, &err), CYLCH_OK);
        cylch_model *m = cylch_model_new(net);
        double *vals = cylch_network_values(net);
        assert_non_null(m);
        for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
            assert_int_equal(cylch_model_build(m, vals, &places[p], &err), CYLCH_OK);
            cylch_model_set_fast(m, 1);
            assert_int_equal(cylch_model_headline(m, s->rounds, hf, &err), CYLCH_OK);
            cylch_model_set_fast(m, 0);
            assert_int_equal(cylch_model_headline(m, s->rounds, hd, &err), CYLCH_OK);
            for (int h = 0; h < CYLCH_NHEAD; h++) {
                if (isnan(hd[h])) {
                    assert_true(isnan(hf[h]));
                    continue;
                }
                TU_ASSERT_CLOSE(hf[h], hd[h], 1e-12);
            }
        }
        free(vals);
        cylch_model_free(m);
        cylch_network_free(net);
        cylch_scenario_free(s);
    }
}

/* A ring of n members that pay everything as wages to staff living locally
 * (share w), households spending hls locally, all of it with the members. */
static void ring_network(size_t n, double w, double w7, double hls, double g, cylch_network *net,
                         cylch_member *mem, cylch_place *pl)
{
    memset(net, 0, sizeof *net);
    for (size_t j = 0; j < n; j++) {
        memset(&mem[j], 0, sizeof mem[j]);
        mem[j].id = j == 7 ? "siop-saith" : "m";
        mem[j].name = "m";
        mem[j].v[CYLCH_COL_GRANT] = g * (1 + (double)(j % 5));
        mem[j].v[CYLCH_COL_TRADE_LOCAL] = 2e4;
        mem[j].v[CYLCH_COL_WAGES] = mem[j].v[CYLCH_COL_GRANT] + 2e4;
        mem[j].v[CYLCH_COL_WAGES_LOCAL_SHARE] = j == 7 ? w7 : w;
        mem[j].v[CYLCH_COL_FTE] = 2;
    }
    net->n = n;
    net->m = mem;
    /* other businesses pay no local wages, so households' income is the members' wages
     * and their spending with members stays within the members' local sales (§8.8) */
    *pl = (cylch_place){{1.0, hls, 1.0, 0.0, 0.1, 10.0}};
}

/* DESIGN §8.9: large networks by a sparse direct factorisation (KLU). 0.1's
 * Gauss–Seidel stopped with "did not converge", naming no agent, when money
 * circulated almost for ever (column sums 0.99999 both ways: spectral radius
 * about 0.99998); KLU solves it, as a dense LU does, and a system that is
 * singular to rounding is an error that names the agent keeping most. */
static void test_large_near_singular(void **state)
{
    const size_t n = 100, na = n + 2;
    cylch_member *mem = calloc(n, sizeof *mem);
    cylch_network net;
    cylch_place pl;
    cylch_model *m;
    cylch_result *r;
    cylch_error err;
    double *vals;
    gsl_matrix *M = gsl_matrix_alloc(na, na);
    gsl_permutation *perm = gsl_permutation_alloc(na);
    gsl_vector *b = gsl_vector_alloc(na), *y = gsl_vector_alloc(na);
    int sign;
    (void)state;
    ring_network(n, 1 - 1e-5, 1 - 1e-5, 1 - 1e-5, 0.05, &net, mem, &pl);
    m = cylch_model_new(&net);
    r = cylch_result_new(n, 3);
    vals = cylch_network_values(&net);
    assert_non_null(m);
    cylch_error_clear(&err);
    assert_int_equal(cylch_model_build(m, vals, &pl, &err), CYLCH_OK);
    if (cylch_model_result(m, r, &err))
        fail_msg("%s", err.msg);
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++)
            gsl_matrix_set(M, j, i, (i == j) - cylch_model_a(m, i, j));
    gsl_vector_set_all(b, 1.0);
    gsl_linalg_LU_decomp(M, perm, &sign);
    gsl_linalg_LU_solve(M, perm, b, y);
    {
        double num = 0, inj = 0;
        for (size_t i = 0; i < na; i++) {
            num += gsl_vector_get(y, i) * cylch_model_injection(m, CYLCH_SRC_GRANT, i);
            inj += cylch_model_injection(m, CYLCH_SRC_GRANT, i);
        }
        assert_true(num / inj > 1000);   /* money circulates a long time */
        TU_ASSERT_CLOSE(r->src[CYLCH_SRC_GRANT].lm_inf, num / inj, 1e-8);
    }
    free(vals);
    cylch_model_free(m);
    /* Singular to rounding: an error naming the member that keeps most. */
    ring_network(n, 1 - 1e-15, 1 - 4.5e-16, 1 - 1e-14, 0.0, &net, mem, &pl);
    m = cylch_model_new(&net);
    vals = cylch_network_values(&net);
    if (cylch_model_build(m, vals, &pl, &err)) fail_msg("%s", err.msg);
    assert_int_equal(cylch_model_result(m, r, &err), CYLCH_EMODEL);
    assert_non_null(strstr(err.msg, "'siop-saith'"));
    assert_non_null(strstr(err.msg, "nearly singular"));
    free(vals);
    cylch_model_free(m);
    cylch_result_free(r);
    gsl_matrix_free(M);
    gsl_permutation_free(perm);
    gsl_vector_free(b);
    gsl_vector_free(y);
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toy_town_oracle),
        cmocka_unit_test(test_closed_forms),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_spectral_radius_error),
        cmocka_unit_test(test_sparse_matches_dense),
        cmocka_unit_test(test_trade_capped),
        cmocka_unit_test(test_fast_matches_dense),
        cmocka_unit_test(test_large_near_singular),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
