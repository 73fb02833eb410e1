/* Tests of regionalisation (model/core/regional.c, docs/model.md 'Regionalisation'):
 *  - a 3-industry example worked by hand for SLQ, CILQ, FLQ and AFLQ, with
 *    the arithmetic written out below;
 *  - the UK 2019 table regionalised to Scotland (BRES employment) and to
 *    Gwynedd (GVA by 45 groups through the map), for every method and
 *    delta 0.1 to 0.4, through `cylch io --regions …`, against an independent
 *    numpy computation (tests/regional_ref.py);
 *  - every kind of bad regional input, with its file and line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cylch/core/iotable.h"
#include "cylch/core/regional.h"
#include "cylch/io/csvio.h"
#include "cylch/io/error.h"

#define D "tests/data/regional/"
#define UK_TABLE "data/uk-2019/io-table.csv"
#define REGIONS "data/regions/employment-2019.csv"
#define MAP "data/regions/industry-map.csv"

static cylch_iotable *table_ok(const char *path)
{
    cylch_iotable *t = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_iotable_read(path, &t, &err) != CYLCH_OK)
        fail_msg("%s: %s", path, err.msg);
    return t;
}

static cylch_regional *regional_ok(const char *regions, const char *map, const cylch_iotable *t,
                                   const char *area, const char *nat, cylch_lq_measure m)
{
    cylch_regional *rg = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_regional_read(regions, map, t, area, nat, m, &rg, &err) != CYLCH_OK)
        fail_msg("%s: %s", regions, err.msg);
    return rg;
}

static void close_to(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol * fmax(1.0, fabs(want))))
        fail_msg("%s: got %.17g, expected %.17g", what, got, want);
}

/* ------------------------------------------------- the 3x3 example by hand
 *
 * tests/data/regional/table3.csv, industries a, b, c with outputs 100, 200,
 * 100, so the national coefficients a_ij = z_ij / x_j are
 *        a     b     c
 *   a  0.10  0.10  0.05
 *   b  0.20  0.20  0.10
 *   c  0.05  0.05  0.25
 * regions3.csv: area R employs 30, 10, 0 (TRE 40); nation N 100, 200, 100
 * (TNE 400). So SLQ_a = (30/40)/(100/400) = 3, SLQ_b = (10/40)/(200/400) = 0.5,
 * SLQ_c = 0 (no c in R), and for delta = 0.3
 *   lambda* = log2(1 + 40/400)^0.3 = 0.13750352374993502^0.3 = 0.5514347723323603.
 */
#define LAMBDA 0.5514347723323603

/* Type I output multipliers of r whose row c is zero: with the 2x2 block
 * M = [[p, q], [s, u]] of rows and columns a, b, det = (1-p)(1-u) - qs,
 * (I - M)^-1 = [[1-u, q], [s, 1-p]] / det; column sums (1-u+s)/det and
 * (q+1-p)/det; for c, 1 + the sum of (I - M)^-1 (r_ac, r_bc). */
static void hand_multipliers(double p, double q, double s, double u, double rac, double rbc,
                             double out[3])
{
    double det = (1 - p) * (1 - u) - q * s;
    out[0] = (1 - u + s) / det;
    out[1] = (q + 1 - p) / det;
    out[2] = 1 + ((1 - u) * rac + q * rbc + s * rac + (1 - p) * rbc) / det;
}

static void check_method(cylch_lq_method m, double delta, const double r_expected[3][3],
                         const double mult_expected[3], const double hh_share[3])
{
    cylch_iotable *t = table_ok(D "table3.csv"), *rt = NULL;
    cylch_regional *rg = regional_ok(D "regions3.csv", NULL, t, "R", "N", CYLCH_LQ_EMPLOYMENT);
    cylch_io_result *res = NULL;
    gsl_matrix *a = NULL;
    cylch_error err;
    char what[128];
    cylch_error_clear(&err);

    assert_int_equal(cylch_regional_table(t, rg, m, delta, &rt, &err), CYLCH_OK);
    assert_int_equal(cylch_iotable_coefficients(rt, 0, &a, &err), CYLCH_OK);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            snprintf(what, sizeof what, "%s r[%zu][%zu]", cylch_lq_method_name(m), i, j);
            close_to(gsl_matrix_get(a, i, j), r_expected[i][j], 1e-15, what);
        }
    for (size_t i = 0; i < 3; i++) {
        snprintf(what, sizeof what, "%s households' local share of %zu", cylch_lq_method_name(m), i);
        close_to(cylch_regional_household_share(rg, m, cylch_regional_lambda(rg, delta), i),
                 hh_share[i], 1e-15, what);
    }
    assert_int_equal(cylch_iotable_solve(rt, &res, &err), CYLCH_OK);
    for (size_t j = 0; j < 3; j++) {
        double v;
        assert_true(cylch_io_result_get(res, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, j, &v));
        snprintf(what, sizeof what, "%s output multiplier %zu", cylch_lq_method_name(m), j);
        close_to(v, mult_expected[j], 1e-14, what);
    }
    gsl_matrix_free(a);
    cylch_io_result_free(res);
    cylch_iotable_free(rt);
    cylch_regional_free(rg);
    cylch_iotable_free(t);
}

static void test_hand_slq_values(void **state)
{
    cylch_iotable *t = table_ok(D "table3.csv");
    cylch_regional *rg = regional_ok(D "regions3.csv", NULL, t, "R", "N", CYLCH_LQ_EMPLOYMENT);
    (void)state;
    close_to(rg->slq[0], 3.0, 1e-15, "SLQ_a");
    close_to(rg->slq[1], 0.5, 1e-15, "SLQ_b");
    assert_true(rg->slq[2] == 0.0);
    close_to(rg->tre, 40, 0, "TRE");
    close_to(rg->tne, 400, 0, "TNE");
    close_to(cylch_regional_lambda(rg, 0.3), LAMBDA, 1e-15, "lambda* at delta 0.3");
    close_to(cylch_regional_lambda(rg, 0.0), 1.0, 0, "lambda* at delta 0");
    /* CILQ: Q_ab = 3/0.5 = 6, Q_ba = 0.5/3, Q_ac infinite (no c in R: c's
     * purchases stay national), Q_ca = 0 (c cannot be bought in R). */
    close_to(cylch_regional_quotient(rg, CYLCH_LQ_CILQ, 1, 0, 1), 6.0, 1e-15, "CILQ_ab");
    close_to(cylch_regional_quotient(rg, CYLCH_LQ_CILQ, 1, 1, 0), 0.5 / 3, 1e-15, "CILQ_ba");
    assert_true(isinf(cylch_regional_quotient(rg, CYLCH_LQ_CILQ, 1, 0, 2)));
    assert_true(cylch_regional_quotient(rg, CYLCH_LQ_CILQ, 1, 2, 0) == 0.0);
    close_to(cylch_regional_quotient(rg, CYLCH_LQ_CILQ, 1, 1, 1), 0.5, 1e-15, "CILQ_bb = SLQ_b");
    /* AFLQ: column a has SLQ 3 > 1, so FLQ_ba = lambda/6 gains log2(1 + 3) = 2. */
    close_to(cylch_regional_quotient(rg, CYLCH_LQ_AFLQ, LAMBDA, 1, 0), LAMBDA / 3, 1e-15, "AFLQ_ba");
    close_to(cylch_regional_quotient(rg, CYLCH_LQ_AFLQ, LAMBDA, 0, 1), 6 * LAMBDA, 1e-15, "AFLQ_ab");
    cylch_regional_free(rg);
    cylch_iotable_free(t);
}

/* SLQ: r_ij = a_ij min(1, SLQ_i): row a x1 (3 capped), row b x0.5, row c x0:
 *   r = [[0.1, 0.1, 0.05], [0.1, 0.1, 0.05], [0, 0, 0]];
 * M = [[0.1, 0.1], [0.1, 0.1]], det = 0.81 - 0.01 = 0.8,
 * multipliers (0.9 + 0.1)/0.8 = 1.25, 1.25, and c: 1 + (0.9*0.05 + 0.1*0.05
 * + 0.1*0.05 + 0.9*0.05)/0.8 = 1 + 0.1/0.8 = 1.125. */
static void test_hand_slq(void **state)
{
    const double r[3][3] = {{0.1, 0.1, 0.05}, {0.1, 0.1, 0.05}, {0, 0, 0}};
    const double mult[3] = {1.25, 1.25, 1.125}, hh[3] = {1, 0.5, 0};
    double check[3];
    (void)state;
    hand_multipliers(0.1, 0.1, 0.1, 0.1, 0.05, 0.05, check);
    close_to(check[0], 1.25, 1e-15, "hand formula");
    check_method(CYLCH_LQ_SLQ, 0.0, r, mult, hh);
}

/* CILQ: min(1, Q) = [[1, 1, 1], [1/6, 0.5, 1], [0, 0, 0]], so
 *   r = [[0.1, 0.1, 0.05], [0.2/6, 0.1, 0.1], [0, 0, 0]];
 * det = 0.9*0.9 - 0.1/30 = 121/150; multipliers (0.9 + 1/30)*150/121 = 140/121,
 * (0.1 + 0.9)*150/121 = 150/121, and c: 1 + (0.9*0.05 + 0.1*0.1 + 0.05/30
 * + 0.9*0.1)*150/121 = 1 + 22/121 = 13/11. Households' shares as SLQ. */
static void test_hand_cilq(void **state)
{
    const double r[3][3] = {{0.1, 0.1, 0.05}, {0.2 / 6, 0.1, 0.1}, {0, 0, 0}};
    const double mult[3] = {140.0 / 121, 150.0 / 121, 13.0 / 11}, hh[3] = {1, 0.5, 0};
    (void)state;
    check_method(CYLCH_LQ_CILQ, 0.0, r, mult, hh);
}

/* FLQ, delta 0.3: Q = lambda CILQ; row a stays capped at 1 (3 lambda = 1.65,
 * 6 lambda = 3.3), row b becomes lambda/6 and lambda/2:
 *   r = [[0.1, 0.1, 0.05], [0.2 lambda/6, 0.2 lambda/2, 0.1], [0, 0, 0]];
 * multipliers by the 2x2 formula above. Households: min(1, SLQ_i lambda) =
 * 1, 0.5 lambda, 0. */
static void test_hand_flq(void **state)
{
    const double l = LAMBDA;
    const double r[3][3] = {{0.1, 0.1, 0.05}, {0.2 * l / 6, 0.2 * l / 2, 0.1}, {0, 0, 0}};
    const double hh[3] = {1, 0.5 * l, 0};
    double mult[3];
    (void)state;
    hand_multipliers(0.1, 0.1, 0.2 * l / 6, 0.2 * l / 2, 0.05, 0.1, mult);
    check_method(CYLCH_LQ_FLQ, 0.3, r, mult, hh);
}

/* AFLQ, delta 0.3: as FLQ, but buyer a (SLQ 3 > 1) multiplies its column by
 * log2(1 + 3) = 2: r_ba = 0.2 * lambda/3; r_aa stays capped; buyers b
 * (SLQ 0.5) and c (0) are unchanged. */
static void test_hand_aflq(void **state)
{
    const double l = LAMBDA;
    const double r[3][3] = {{0.1, 0.1, 0.05}, {0.2 * l / 3, 0.2 * l / 2, 0.1}, {0, 0, 0}};
    const double hh[3] = {1, 0.5 * l, 0};
    double mult[3];
    (void)state;
    hand_multipliers(0.1, 0.1, 0.2 * l / 3, 0.2 * l / 2, 0.05, 0.1, mult);
    check_method(CYLCH_LQ_AFLQ, 0.3, r, mult, hh);
}

/* Groups through a map: g1 = {a, b} (R 40 of 50, N 300 of 400), g2 = {c}
 * (R 10, N 100). SLQ_g1 = 0.8/0.75 = 16/15, SLQ_g2 = 0.2/0.25 = 0.8; a and b
 * take 16/15, c takes 0.8; TRE/TNE = 50/400. */
static void test_hand_groups(void **state)
{
    cylch_iotable *t = table_ok(D "table3.csv");
    cylch_regional *rg = regional_ok(D "regions3-groups.csv", D "map3.csv", t, "R", "N", CYLCH_LQ_GVA);
    (void)state;
    assert_int_equal(rg->ngroups, 2);
    close_to(rg->slq[0], 16.0 / 15, 1e-15, "SLQ a (g1)");
    close_to(rg->slq[1], 16.0 / 15, 1e-15, "SLQ b (g1)");
    close_to(rg->slq[2], 0.8, 1e-15, "SLQ c (g2)");
    close_to(cylch_regional_lambda(rg, 0.25), pow(log2(1.125), 0.25), 1e-15, "lambda*");
    cylch_regional_free(rg);
    cylch_iotable_free(t);
}

/* ------------------------------------------ UK 2019 against numpy, by cylch io */

static const char *python(void)
{
    const char *p = getenv("CYLCH_PYTHON");
    if (p)
        return p;
    /* Debian's interpreter has Debian's numpy (python3-numpy). */
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static cylch_csv_table *csv_ok(const char *path)
{
    cylch_csv_table *c = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_csv_read(path, &c, &err) != CYLCH_OK)
        fail_msg("%s: %s", path, err.msg);
    return c;
}

/* Compare one regionalisation by cylch io with the reference. */
static double compare_run(const char *dir, const char *area, const char *nat, const char *measure,
                          const char *map, const char *method, const char *delta)
{
    static const char *const cols[] = {"type1_output_m", "type1_income_e", "type1_gva_e",
                                       "type1_employment_e", "type2_output_m", "type2_income_e"};
    const char *bin = getenv("CYLCH_BIN") ? getenv("CYLCH_BIN") : "build/cylch";
    char cmd[8192], path[4300], ref[4300];
    cylch_csv_table *ours, *theirs, *quot;
    double worst = 0.0;
    int is_flq = strcmp(method, "flq") == 0 || strcmp(method, "aflq") == 0;

    snprintf(cmd, sizeof cmd,
             "'%s' io " UK_TABLE " --regions " REGIONS " --area '%s' --national '%s' --measure %s "
             "%s%s --method %s %s%s --out '%s/io' --force --quiet",
             bin, area, nat, measure, map ? "--map " : "", map ? map : "", method,
             is_flq ? "--delta " : "", is_flq ? delta : "", dir);
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    snprintf(ref, sizeof ref, "%s/ref.csv", dir);
    snprintf(cmd, sizeof cmd, "%s tests/regional_ref.py " UK_TABLE " " REGIONS " %s '%s' '%s' %s %s %s > '%s'",
             python(), map ? map : "-", area, nat, measure, method, is_flq ? delta : "0", ref);
    if (system(cmd) != 0)
        fail_msg("the reference computation failed: %s", cmd);
    snprintf(path, sizeof path, "%s/io/multipliers.csv", dir);
    ours = csv_ok(path);
    theirs = csv_ok(ref);
    snprintf(path, sizeof path, "%s/io/quotients.csv", dir);
    quot = csv_ok(path);
    assert_int_equal(ours->nrows, 105);
    assert_int_equal(theirs->nrows, 105);
    assert_int_equal(quot->nrows, 105);
    for (size_t i = 0; i < 105; i++) {
        double a, b;
        assert_string_equal(cylch_csv_get(&ours->row[i], 0), cylch_csv_get(&theirs->row[i], 0));
        assert_true(cylch_parse_double(cylch_csv_get(&quot->row[i], (size_t)cylch_csv_column(quot, "slq")), &a));
        assert_true(cylch_parse_double(cylch_csv_get(&theirs->row[i], 1), &b));
        close_to(a, b, 1e-13, "SLQ");
        for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
            const char *so = cylch_csv_get(&ours->row[i], (size_t)cylch_csv_column(ours, cols[c]));
            const char *st = cylch_csv_get(&theirs->row[i], (size_t)cylch_csv_column(theirs, cols[c]));
            if (!cylch_parse_double(so, &a) || !cylch_parse_double(st, &b))
                fail_msg("%s %s: cylch '%s', numpy '%s'", method, cols[c], so, st);
            if (fabs(a - b) > 1e-11 * fmax(1.0, fabs(b)))
                fail_msg("%s %s (delta %s), %s of '%s': cylch %.15g, numpy %.15g", area, method,
                         delta, cols[c], cylch_csv_get(&ours->row[i], 0), a, b);
            worst = fmax(worst, fabs(a - b) / fmax(1.0, fabs(b)));
        }
    }
    cylch_csv_table_free(ours);
    cylch_csv_table_free(theirs);
    cylch_csv_table_free(quot);
    return worst;
}

static void run_all(const char *area, const char *nat, const char *measure, const char *map)
{
    static const char *const deltas[] = {"0.1", "0.2", "0.3", "0.4"};
    char dir[] = "/tmp/cylch-regional.XXXXXX", cmd[256];
    double worst = 0.0;
    if (!mkdtemp(dir))
        fail_msg("cannot make a temporary folder");
    worst = fmax(worst, compare_run(dir, area, nat, measure, map, "slq", NULL));
    worst = fmax(worst, compare_run(dir, area, nat, measure, map, "cilq", NULL));
    for (size_t k = 0; k < 4; k++) {
        worst = fmax(worst, compare_run(dir, area, nat, measure, map, "flq", deltas[k]));
        worst = fmax(worst, compare_run(dir, area, nat, measure, map, "aflq", deltas[k]));
    }
    print_message("%s: largest relative difference from numpy over 10 regionalisations %.2g\n",
                  area, worst);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_uk_scotland_numpy(void **state)
{
    (void)state;
    run_all("Scotland", "United Kingdom", "employment", NULL);
}

static void test_uk_gwynedd_numpy(void **state)
{
    (void)state;
    run_all("Gwynedd", "United Kingdom less Extra-Regio", "gva", MAP);
}

/* Properties on the real table: every regional multiplier lies between 1
 * and the national one, and FLQ's fall as delta grows. */
static void test_uk_properties(void **state)
{
    cylch_iotable *t = table_ok(UK_TABLE);
    cylch_regional *rg = regional_ok(REGIONS, NULL, t, "Scotland", "United Kingdom", CYLCH_LQ_EMPLOYMENT);
    cylch_io_result *nat = NULL;
    double prev[105];
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    assert_int_equal(cylch_iotable_solve(t, &nat, &err), CYLCH_OK);
    for (int k = 0; k <= 4; k++) {
        cylch_iotable *rt = NULL;
        cylch_io_result *res = NULL;
        double delta = 0.1 * k;
        assert_int_equal(cylch_regional_table(t, rg, CYLCH_LQ_FLQ, delta, &rt, &err), CYLCH_OK);
        assert_int_equal(cylch_iotable_solve(rt, &res, &err), CYLCH_OK);
        for (size_t j = 0; j < t->n; j++) {
            double v, vn, v2;
            assert_true(cylch_io_result_get(res, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, j, &v));
            assert_true(cylch_io_result_get(nat, CYLCH_IO_TYPE1, CYLCH_IO_OUTPUT_M, j, &vn));
            assert_true(cylch_io_result_get(res, CYLCH_IO_TYPE2, CYLCH_IO_OUTPUT_M, j, &v2));
            assert_true(v >= 1.0 && v <= vn + 1e-12);
            assert_true(v <= v2 + 1e-12); /* Type I <= Type II */
            if (k > 0)
                assert_true(v <= prev[j] + 1e-12);
            prev[j] = v;
        }
        cylch_io_result_free(res);
        cylch_iotable_free(rt);
    }
    cylch_io_result_free(nat);
    cylch_regional_free(rg);
    cylch_iotable_free(t);
}

/* ------------------------------------------------------------ bad input */

static void expect_error(const char *regions, const char *map, const char *area, const char *nat,
                         cylch_lq_measure m, const char *want1, const char *want2)
{
    cylch_iotable *t = table_ok(D "table3.csv");
    cylch_regional *rg = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_regional_read(regions, map, t, area, nat, m, &rg, &err), CYLCH_EINPUT);
    assert_null(rg);
    if (!strstr(err.msg, want1) || (want2 && !strstr(err.msg, want2)))
        fail_msg("message '%s' lacks '%s'%s%s", err.msg, want1, want2 ? " or " : "", want2 ? want2 : "");
    cylch_iotable_free(t);
}

static void test_bad_input(void **state)
{
    cylch_error err;
    (void)state;
    expect_error(D "regions3.csv", NULL, "Q", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3.csv: unknown area 'Q'", "regions with it: 'R', 'N'");
    expect_error(D "regions3.csv", NULL, "R", "Nation", CYLCH_LQ_EMPLOYMENT,
                 "unknown nation 'Nation'", NULL);
    expect_error(D "regions3.csv", NULL, "R", "N", CYLCH_LQ_GVA, "unknown area 'R'",
                 "measure 'gva'; regions with it: none");
    expect_error(D "regions3-unknown.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-unknown.csv:4: industry 'd'", "is not an industry of");
    expect_error(D "regions3-negative.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-negative.csv:3: the employment of 'b' in 'R' is -10", "cannot be negative");
    expect_error(D "regions3-missing.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-missing.csv:4: the employment of 'c' in 'R' is missing", NULL);
    expect_error(D "regions3-groups.csv", D "map3-nogroup.csv", "R", "N", CYLCH_LQ_GVA,
                 D "map3-nogroup.csv:3: the map leaves industry 'b' without a group", NULL);
    expect_error(D "regions3-groups.csv", D "map3-missing.csv", "R", "N", CYLCH_LQ_GVA,
                 D "map3-missing.csv:3: the map leaves industry 'b' without a group", NULL);
    expect_error(D "table3.csv", NULL, "R", "N", CYLCH_LQ_GVA, D "table3.csv:1: the header has no 'region' column", NULL);
    /* Figures whose sums or quotients are not finite numbers (cylch io wrote inf and nan
     * into quotients.csv and said lambda* = -nan, with exit 0, before they were refused). */
    expect_error(D "regions3-huge.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-huge.csv:2: the employment of 'a' in 'R' is 1e+308", "figures of up to 1e15");
    expect_error(D "regions3-tiny-total.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-tiny-total.csv: the employment of 'N' adds up to 4.94066e-324",
                 "not a finite number");
    expect_error(D "regions3-tiny.csv", NULL, "R", "N", CYLCH_LQ_EMPLOYMENT,
                 D "regions3-tiny.csv:5: the employment of 'a' in 'N' is 4.94066e-324", "too small");
    /* delta outside [0, 1) */
    cylch_error_clear(&err);
    assert_int_equal(cylch_lq_delta_check(1.0, "--delta", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "--delta: delta is 1; Flegg's delta must be at least 0 and below 1"));
    assert_int_equal(cylch_lq_delta_check(-0.1, "x", &err), CYLCH_EINPUT);
    assert_int_equal(cylch_lq_delta_check(NAN, "x", &err), CYLCH_EINPUT);
    assert_int_equal(cylch_lq_delta_check(0.0, "x", &err), CYLCH_OK);
    assert_int_equal(cylch_lq_delta_check(0.999, "x", &err), CYLCH_OK);
}

/* The command line: the same errors, exit status 2, file and line named. */
static void test_bad_command_line(void **state)
{
    const char *bin = getenv("CYLCH_BIN") ? getenv("CYLCH_BIN") : "build/cylch";
    static const struct {
        const char *args, *want;
    } cases[] = {
        {"--regions " D "regions3.csv --area R --national N --measure employment --method flq --delta 1",
         "cylch: --delta: delta is 1; Flegg's delta must be at least 0 and below 1"},
        {"--regions " D "regions3.csv --area R --national N --measure employment --method flq --delta -0.2",
         "delta is -0.2"},
        {"--regions " D "regions3.csv --area R --national N --measure employment --method flq",
         "--method flq needs --delta D"},
        {"--regions " D "regions3.csv --area R --national N --measure employment --method lq",
         "--method 'lq' is not known"},
        {"--regions " D "regions3.csv --area R --national N --measure jobs --method slq",
         "--measure 'jobs' is not known"},
        {"--area R", "need --regions FILE"},
        {"--regions " D "regions3-negative.csv --area R --national N --measure employment --method slq",
         "cylch: " D "regions3-negative.csv:3: the employment of 'b' in 'R' is -10"},
    };
    char dir[] = "/tmp/cylch-regional-cli.XXXXXX";
    (void)state;
    if (!mkdtemp(dir))
        fail_msg("cannot make a temporary folder");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char cmd[4096], out[4200];
        FILE *p;
        size_t len;
        int status;
        snprintf(cmd, sizeof cmd, "'%s' io " D "table3.csv %s --out '%s/io' 2>&1", bin, cases[k].args, dir);
        p = popen(cmd, "r");
        assert_non_null(p);
        len = fread(out, 1, sizeof out - 1, p);
        out[len] = '\0';
        status = pclose(p);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) != 2 || !strstr(out, cases[k].want))
            fail_msg("%s: exit %d, output '%s', expected exit 2 and '%s'", cmd, WEXITSTATUS(status),
                     out, cases[k].want);
        /* Nothing half-written. */
        snprintf(cmd, sizeof cmd, "%s/io", dir);
        assert_int_not_equal(access(cmd, F_OK), 0);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_slq_values),
        cmocka_unit_test(test_hand_slq),
        cmocka_unit_test(test_hand_cilq),
        cmocka_unit_test(test_hand_flq),
        cmocka_unit_test(test_hand_aflq),
        cmocka_unit_test(test_hand_groups),
        cmocka_unit_test(test_uk_scotland_numpy),
        cmocka_unit_test(test_uk_gwynedd_numpy),
        cmocka_unit_test(test_uk_properties),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_bad_command_line),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
