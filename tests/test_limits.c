/* Tests of issue 14: nothing a user types can hang, crash or poison the results.
 * One test per class the fuzzing of version 0.1 found; each fails on 0.1:
 * subnormal numbers refused, CR-only line ends counted as one line, Latin-1
 * taken as text, lines over 200 bytes refused and the next line misnumbered,
 * an empty unknown section accepted, a narrow beta or a huge pert hanging or
 * overflowing, a huge relative spread accepted, an IO table's matrix allocated
 * from its header alone, inputs above output accepted, a multiplier of inf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "cylch/core/dist.h"
#include "cylch/core/iotable.h"
#include "cylch/core/scenario.h"
#include "cylch/io/csvio.h"
#include "cylch/io/format.h"
#include "cylch/io/limits.h"
#include "cylch/io/text.h"

static void test_subnormal_numbers(void **state)
{
    double v = -1;
    (void)state;
    assert_true(cylch_parse_double("5e-324", &v));
    assert_true(v > 0 && v < 1e-323);
    assert_true(cylch_parse_double("2.2e-310", &v));
    assert_true(v > 0);
    assert_true(cylch_parse_double("1e-400", &v));  /* below the smallest double: 0 */
    assert_true(v == 0.0);
    assert_false(cylch_parse_double("1e400", &v));  /* overflow is no number */
    assert_false(cylch_parse_double("-1e400", &v));
}

static void test_utf8_checked(void **state)
{
    cylch_error err;
    cylch_csv_table *t = NULL;
    static const char welsh[] = "id,name\ncaffi,Caffi Ŵy a Chôr\n";
    static const char latin1[] = "id,name\ncaffi,Caf\xe9\n";
    static const char overlong[] = "id,name\ncaffi,\xc0\xaf\n";
    (void)state;
    assert_int_equal(cylch_text_check("x.csv", welsh, sizeof welsh - 1, &err), CYLCH_OK);
    assert_int_equal(cylch_csv_parse("x.csv", latin1, sizeof latin1 - 1, &t, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "x.csv:2: byte 0xE9 (column 10) is not UTF-8"));
    assert_int_equal(cylch_text_check("x.csv", overlong, sizeof overlong - 1, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "x.csv:2:"));
    /* surrogates and code points past U+10FFFF are not UTF-8 either */
    assert_int_equal(cylch_text_check("x", "\xed\xa0\x80", 3, &err), CYLCH_EINPUT);
    assert_int_equal(cylch_text_check("x", "\xf4\x90\x80\x80", 4, &err), CYLCH_EINPUT);
    assert_int_equal(cylch_text_check("x", "\xf0\x9f\x98\x80", 4, &err), CYLCH_OK);
}

static void test_cr_only_lines(void **state)
{
    static const char text[] = "id,grant\rcaffi,1\rsiop,2\r\r\"ynni\",x";
    cylch_csv_table *t = NULL;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_csv_parse("x.csv", text, sizeof text - 1, &t, &err), CYLCH_OK);
    assert_int_equal(t->nrows, 3);
    assert_int_equal(t->row[0].line, 2);
    assert_int_equal(t->row[1].line, 3);
    assert_int_equal(t->row[2].line, 5);
    cylch_csv_table_free(t);
    assert_int_equal(cylch_text_check("x", "a\rb\r\xff", 5, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "x:3:"));
    assert_int_equal(cylch_text_line("ab\r\ncd", 6), 4);
    assert_int_equal(cylch_text_line("ab\rcd", 5), 3);
    assert_int_equal(cylch_text_line("abcd", 4), 4);
}

static const char place[] =
    "[place]\n"
    "household_local_spend = 0.5\n"
    "business_local_wage_share = 0.2\n"
    "business_local_supply_share = 0.15\n"
    "jobs_per_million = 10\n";

/* A scenario of header + middle + place, parsed; returns the status. */
static int parse(const char *middle, cylch_error *err)
{
    size_t n = strlen(middle) + sizeof place + 100;
    char *text = malloc(n);
    cylch_scenario *s = NULL;
    int rc;
    assert_non_null(text);
    snprintf(text, n, "[scenario]\nname = x\nnetwork = .\n%s%s", middle, place);
    rc = cylch_scenario_parse("s.ini", ".", text, &s, err);
    cylch_scenario_free(s);
    free(text);
    return rc;
}

static void test_scenario_lines_of_any_length(void **state)
{
    cylch_error err;
    size_t n = 5000;
    char *mid = malloc(n + 64);
    (void)state;
    assert_non_null(mid);
    /* a 5000-character description, then an error on the next line (line 5) */
    strcpy(mid, "description = ");
    memset(mid + 14, 'a', n);
    strcpy(mid + 14 + n, "\n");
    assert_int_equal(parse(mid, &err), CYLCH_OK);
    strcat(mid, "rounds = many\n");
    assert_int_equal(parse(mid, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:5: rounds = 'many'"));
    free(mid);
    /* a line over the limit is refused with its number and the limit */
    mid = malloc((size_t)CYLCH_LINE_MAX + 64);
    assert_non_null(mid);
    strcpy(mid, "description = ");
    memset(mid + 14, 'b', (size_t)CYLCH_LINE_MAX);
    strcpy(mid + 14 + CYLCH_LINE_MAX, "\n");
    assert_int_equal(parse(mid, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:4: this line is"));
    assert_non_null(strstr(err.msg, CYLCH_LINE_MAX_TEXT));
    free(mid);
}

static void test_scenario_cr_only_and_sections(void **state)
{
    cylch_error err;
    cylch_scenario *s = NULL;
    (void)state;
    assert_int_equal(parse("[plcae]\n", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:4: unknown section [plcae]"));
    assert_int_equal(parse("[change \"x\"]\nmembers = all\n", &err), CYLCH_OK);
    assert_int_equal(cylch_scenario_parse("s.ini", ".",
                                          "[scenario]\rname = x\rnetwork = .\r\rrounds = 0\r", &s,
                                          &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:5: rounds"));
    assert_int_equal(cylch_scenario_parse("s.ini", ".", "[scenario]\nname = Caf\xe9\n", &s, &err),
                     CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:2: byte 0xE9"));
    assert_int_equal(parse("[change \"x\"]\nmembers = all\ngrant = *1e308\n", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "s.ini:6: grant = '*1e308'"));
}

/* Parse text as a place distribution and check it. */
static int dist_status(const char *text, cylch_dist_range range, double c, int centred,
                       cylch_error *err)
{
    cylch_dist d;
    int rc = cylch_dist_parse(text, centred, &d, err);
    if (rc == CYLCH_OK)
        rc = cylch_dist_check(&d, range, c, err);
    return rc;
}

static void test_distributions_computable(void **state)
{
    cylch_error err;
    cylch_dist d;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    clock_t t0;
    (void)state;
    /* betas too narrow for gsl_cdf_beta_Pinv (0.1 hung there): quantiles and draws
     * come back, finite and quickly */
    {
        static const char *const narrow[] = {"beta(mean=0.5,sd=0.0001)", "beta(2e6,2e6)",
                                             "beta(mean=0.9,sd=0.00001)", "beta(1e9,3)"};
        for (size_t k = 0; k < sizeof narrow / sizeof *narrow; k++) {
            assert_int_equal(cylch_dist_parse(narrow[k], 0, &d, &err), CYLCH_OK);
            assert_int_equal(cylch_dist_check(&d, CYLCH_RANGE_SHARE, 0, &err), CYLCH_OK);
            t0 = clock();
            for (int i = 1; i < 100; i++) {
                double q = cylch_dist_quantile(&d, 0, i / 100.0);
                assert_true(q >= 0 && q <= 1);
            }
            for (int i = 0; i < 100; i++) {
                double x = cylch_dist_sample_in(&d, CYLCH_RANGE_SHARE, 0, r);
                assert_true(x >= 0 && x <= 1);
            }
            assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
        }
    }
    assert_int_equal(cylch_dist_parse("beta(sd=0.0001)", 1, &d, &err), CYLCH_OK);
    assert_int_equal(cylch_dist_check(&d, CYLCH_RANGE_SHARE, 0.5, &err), CYLCH_OK);
    assert_true(isfinite(cylch_dist_quantile(&d, 0.5, 0.999)));
    /* overflowing parameters are refused */
    assert_int_equal(dist_status("pert(0,1,1.7e308)", CYLCH_RANGE_NONNEG, 0, 0, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "1e15"));
    assert_int_equal(dist_status("lognormal(rel=1e308)", CYLCH_RANGE_NONNEG, 1000, 1, &err),
                     CYLCH_EINPUT);
    assert_int_equal(dist_status("lognormal(rel=1000)", CYLCH_RANGE_NONNEG, 1000, 1, &err),
                     CYLCH_EINPUT);
    assert_int_equal(dist_status("lognormal(1e-300,1)", CYLCH_RANGE_NONNEG, 0, 0, &err), CYLCH_EINPUT);
    /* the widest accepted spreads on the largest values stay finite */
    assert_int_equal(cylch_dist_parse("lognormal(rel=100)", 1, &d, &err), CYLCH_OK);
    assert_int_equal(cylch_dist_check(&d, CYLCH_RANGE_NONNEG, CYLCH_VALUE_MAX, &err), CYLCH_OK);
    assert_true(isfinite(cylch_dist_quantile(&d, CYLCH_VALUE_MAX, 1 - 1e-9)));
    assert_true(isfinite(cylch_dist_var(&d, CYLCH_VALUE_MAX)));
    for (int i = 0; i < 100; i++)
        assert_true(isfinite(cylch_dist_sample_in(&d, CYLCH_RANGE_NONNEG, CYLCH_VALUE_MAX, r)));
    assert_int_equal(cylch_dist_parse("pert(-1e15,0,1e15)", 0, &d, &err), CYLCH_OK);
    assert_true(isfinite(cylch_dist_var(&d, 0)));
    assert_true(isfinite(cylch_dist_quantile(&d, 0, 0.999)));
    gsl_rng_free(r);
}

static int io_status(const char *text, cylch_error *err)
{
    cylch_csv_table *csv = NULL;
    cylch_iotable *t = NULL;
    cylch_io_result *r = NULL;
    int rc = cylch_csv_parse("io.csv", text, strlen(text), &csv, err);
    if (rc == CYLCH_OK)
        rc = cylch_iotable_from_csv(csv, &t, err);
    if (rc == CYLCH_OK)
        rc = cylch_iotable_solve(t, &r, err);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    cylch_csv_table_free(csv);
    return rc;
}

static void test_iotable_sizes_first(void **state)
{
    cylch_error err;
    size_t n = 40000, cap = n * 12 + 64;
    char *text = malloc(cap), *p = text;
    clock_t t0;
    (void)state;
    assert_non_null(text);
    /* 40,000 industry columns and one row: refused before any matrix is made */
    p += sprintf(p, "industry");
    for (size_t j = 0; j < n; j++)
        p += sprintf(p, ",i%zu", j);
    p += sprintf(p, ",total_output\ni0");
    for (size_t j = 0; j <= n; j++)
        p += sprintf(p, ",1");
    t0 = clock();
    assert_int_equal(io_status(text, &err), CYLCH_EINPUT);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    assert_non_null(strstr(err.msg, "io.csv:1: the header names 40000 industry columns; cylch takes "
                                    "tables of up to 2000"));
    free(text);
    /* a small header with too few rows */
    assert_int_equal(io_status("industry,a,b,total_output\na,1,1,10\n", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "io.csv:2: the table ends after 1 industry rows"));
}

static void test_iotable_finite(void **state)
{
    cylch_error err;
    (void)state;
    /* inputs above output: refused by the spectral radius, naming the industry */
    assert_int_equal(io_status("industry,a,b,total_output\na,11,1,10\nb,1,1,10\n", &err),
                     CYLCH_EMODEL);
    assert_non_null(strstr(err.msg, "io.csv: the multipliers are not finite"));
    /* a huge income coefficient over a tiny direct one: an error, not inf */
    assert_int_equal(io_status("industry,a,b,households,total_output\n"
                               "a,0,1e-10,1e15,1e15\n"
                               "b,1e14,0,0,1e15\n"
                               "households,1e-299,1e14,0,\n", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "not a finite number"));
    /* numbers over the limit */
    assert_int_equal(io_status("industry,a,total_output\na,1,1e300\n", &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "io.csv:2: column 'total_output' of row 'a' is 1e+300"));
}

/* Huge amounts are written shortly, in messages and in the summary. */
static void test_short_numbers(void **state)
{
    char buf[64];
    (void)state;
    cylch_format_money(2.5e9, buf, sizeof buf);
    assert_string_equal(buf, "£2.50bn");
    cylch_format_money(1.5e14, buf, sizeof buf);
    assert_string_equal(buf, "£1.5e+14");
    cylch_format_money(1e308, buf, sizeof buf);
    assert_true(strlen(buf) < 12);
    cylch_text_money(buf, sizeof buf, 1e308);
    assert_string_equal(buf, "1e+308");
    cylch_text_money(buf, sizeof buf, 1234.5);
    assert_string_equal(buf, "1234.50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subnormal_numbers),
        cmocka_unit_test(test_utf8_checked),
        cmocka_unit_test(test_cr_only_lines),
        cmocka_unit_test(test_scenario_lines_of_any_length),
        cmocka_unit_test(test_scenario_cr_only_and_sections),
        cmocka_unit_test(test_distributions_computable),
        cmocka_unit_test(test_iotable_sizes_first),
        cmocka_unit_test(test_iotable_finite),
        cmocka_unit_test(test_short_numbers),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
