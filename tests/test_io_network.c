/* DESIGN.md §8.3 against `cylch io`: a network written as an input-output table.
 *
 * The network model reports, per source, output_type1/2 and income_type1/2 "over
 * the rows published tables use". This test writes the network's economy as an
 * industry-by-industry table in cylch's IO-table format (industries = members
 * and other local businesses B; households = H) and solves it with the
 * input-output code (core/iotable.c, Miller & Blair's Type I and Type II), which
 * shares nothing with the network model's solve. A source's figures must then be
 * the injection-weighted averages of the table's multipliers and income effects:
 *
 *     output_typeT = Σ_j f_j · output multiplier_T(j) / Σ_j f_j
 *     income_typeT = Σ_j f_j · income effect_T(j)    / Σ_j f_j
 *
 * The table is made consistent by choosing outputs x = (I − A)⁻¹ 1 (a unit of
 * final demand for every agent), so flows z_ij = A_ij x_j, households'
 * consumption c_i = A_iH x_H, wages w_j = A_Hj x_j, household income y = x_H and
 * final demand 1: the reader recovers A exactly as z / x. Under 0.1's rule
 * there were no such figures; `lm_inf` (households counted as output) differs
 * from the table's Type II output multiplier, which the last check shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <gsl/gsl_linalg.h>

#include "cylch/core/iotable.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"

static void close_rel(const char *what, double got, double want)
{
    double tol = 1e-9 * fmax(1.0, fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: network model %.15g, input-output table %.15g", what, got, want);
}

static void check_scenario(const char *scenario)
{
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m = NULL;
    cylch_result *r = NULL;
    cylch_iotable *t = NULL;
    cylch_io_result *io = NULL;
    double *vals = NULL;
    cylch_place p;
    cylch_error err;
    char path[] = "/tmp/cylch-io-network-XXXXXX";
    cylch_error_clear(&err);
    if (cylch_scenario_load(scenario, &s, &err) || cylch_network_load(s->network, &net, &err) ||
        cylch_scenario_apply(s, net, NULL, &err))
        fail_msg("%s: %s", scenario, err.msg);
    m = cylch_model_new(net);
    r = cylch_result_new(net->n, 3);
    vals = cylch_network_values(net);
    assert_non_null(m);
    assert_non_null(r);
    assert_non_null(vals);
    cylch_scenario_place_point(s, &p);
    if (cylch_model_build(m, vals, &p, &err) || cylch_model_result(m, r, &err))
        fail_msg("%s: %s", scenario, err.msg);

    /* agents: members 0..n-1, H = n, B = n+1; industries of the table: members then B */
    size_t n = net->n, na = cylch_model_agents(m), H = n, ni = n + 1;
    assert_int_equal(na, n + 2);
    size_t *agent = malloc(ni * sizeof *agent); /* industry k → agent */
    assert_non_null(agent);
    for (size_t k = 0; k < n; k++)
        agent[k] = k;
    agent[n] = n + 1;

    /* x = (I − A)⁻¹ 1 over all agents (GSL's LU, independent of the model's solve) */
    gsl_matrix *ia = gsl_matrix_alloc(na, na);
    gsl_vector *one = gsl_vector_alloc(na), *x = gsl_vector_alloc(na);
    gsl_permutation *perm = gsl_permutation_alloc(na);
    int sign;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < na; j++)
            gsl_matrix_set(ia, i, j, (i == j) - cylch_model_a(m, i, j));
    gsl_vector_set_all(one, 1.0);
    assert_int_equal(gsl_linalg_LU_decomp(ia, perm, &sign), 0);
    assert_int_equal(gsl_linalg_LU_solve(ia, perm, one, x), 0);

    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "row");
    for (size_t k = 0; k < ni; k++)
        fprintf(f, ",ind%zu", k);
    fprintf(f, ",households,final_demand,total_output\n");
    for (size_t k = 0; k < ni; k++) {
        size_t i = agent[k];
        fprintf(f, "ind%zu", k);
        for (size_t l = 0; l < ni; l++)
            fprintf(f, ",%.17g", cylch_model_a(m, i, agent[l]) * gsl_vector_get(x, agent[l]));
        fprintf(f, ",%.17g,1,%.17g\n", cylch_model_a(m, i, H) * gsl_vector_get(x, H),
                gsl_vector_get(x, i));
    }
    fprintf(f, "households");
    for (size_t l = 0; l < ni; l++)
        fprintf(f, ",%.17g", cylch_model_a(m, H, agent[l]) * gsl_vector_get(x, agent[l]));
    fprintf(f, ",%.17g,1,%.17g\n", cylch_model_a(m, H, H) * gsl_vector_get(x, H),
            gsl_vector_get(x, H));
    assert_int_equal(fclose(f), 0);

    if (cylch_iotable_read(path, &t, &err) || cylch_iotable_solve(t, &io, &err))
        fail_msg("%s as an IO table: %s", scenario, err.msg);
    unlink(path);
    assert_int_equal(cylch_io_result_n(io), ni);
    assert_true(cylch_io_result_has_type2(io));

    int checked = 0;
    for (int src = 0; src < CYLCH_NSRC; src++) {
        const cylch_source_result *sr = &r->src[src];
        double tot = 0, out1 = 0, out2 = 0, inc1 = 0, inc2 = 0;
        assert_true(cylch_model_injection(m, src, H) == 0.0);
        for (size_t k = 0; k < ni; k++) {
            double fk = cylch_model_injection(m, src, agent[k]), v;
            tot += fk;
            assert_true(cylch_io_result_get(io, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, k, &v));
            out1 += fk * v;
            assert_true(cylch_io_result_get(io, CYLCH_IO_TYPE2, CYLCH_IO_OUTPUT_M, k, &v));
            out2 += fk * v;
            assert_true(cylch_io_result_get(io, CYLCH_IO_TYPE1, CYLCH_IO_INCOME_E, k, &v));
            inc1 += fk * v;
            assert_true(cylch_io_result_get(io, CYLCH_IO_TYPE2, CYLCH_IO_INCOME_E, k, &v));
            inc2 += fk * v;
        }
        if (tot <= 0)
            continue;
        char what[96];
        snprintf(what, sizeof what, "%s %s output_type1", scenario, cylch_source_name(src));
        close_rel(what, sr->output_type1, out1 / tot);
        snprintf(what, sizeof what, "%s %s output_type2", scenario, cylch_source_name(src));
        close_rel(what, sr->output_type2, out2 / tot);
        snprintf(what, sizeof what, "%s %s income_type1", scenario, cylch_source_name(src));
        close_rel(what, sr->income_type1, inc1 / tot);
        snprintf(what, sizeof what, "%s %s income_type2", scenario, cylch_source_name(src));
        close_rel(what, sr->income_type2, inc2 / tot);
        /* 0.1's "Type II" (lm_inf) counts households' income as output: it is the
         * table's Type II output plus income, not its output multiplier */
        close_rel("lm_inf = output_type2 + income_type2", sr->lm_inf, (out2 + inc2) / tot);
        assert_true(sr->lm_inf > out2 / tot + 1e-6);
        checked++;
    }
    assert_true(checked >= 3);

    gsl_permutation_free(perm);
    gsl_vector_free(x);
    gsl_vector_free(one);
    gsl_matrix_free(ia);
    free(agent);
    free(vals);
    cylch_io_result_free(io);
    cylch_iotable_free(t);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
}

static void test_toy_town(void **state)
{
    (void)state;
    check_scenario("scenarios/toy-town.ini");
}

static void test_bro_ffestiniog(void **state)
{
    (void)state;
    check_scenario("scenarios/bro-ffestiniog.ini");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toy_town),
        cmocka_unit_test(test_bro_ffestiniog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
