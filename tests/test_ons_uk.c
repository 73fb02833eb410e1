/* Test: `cylch io data/uk-2019/io-table.csv` reproduces the Office for
 * National Statistics' published 2019 Type I output multipliers, income and
 * GVA effects and multipliers (data/uk-2019/published-multipliers.csv) to
 * 1e-9, cell by cell, through the command a user runs. Expected numbers are
 * read from the published file, never copied here. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cylch/io/csvio.h"
#include "cylch/io/error.h"

#define UK_TABLE "data/uk-2019/io-table.csv"
#define UK_PUBLISHED "data/uk-2019/published-multipliers.csv"

static cylch_csv_table *csv_ok(const char *path)
{
    cylch_csv_table *c = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (cylch_csv_read(path, &c, &err) != CYLCH_OK)
        fail_msg("%s: %s", path, err.msg);
    return c;
}

static void test_ons_uk_published(void **state)
{
    /* The columns ONS publishes that cylch computes (named alike). */
    static const char *const cols[] = {"type1_output_m", "type1_income_e", "type1_gva_e",
                                       "type1_income_m", "type1_gva_m"};
    const char *bin = getenv("CYLCH_BIN") ? getenv("CYLCH_BIN") : "build/cylch";
    char dir[] = "/tmp/cylch-ons-uk.XXXXXX", cmd[8192], path[4200];
    cylch_csv_table *pub, *ours;
    double worst[5] = {0};
    int cells = 0, empty = 0;
    (void)state;

    if (!mkdtemp(dir))
        fail_msg("cannot make a temporary folder");
    snprintf(cmd, sizeof cmd, "'%s' io " UK_TABLE " --out '%s/io' --quiet", bin, dir);
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    snprintf(path, sizeof path, "%s/io/multipliers.csv", dir);
    ours = csv_ok(path);
    pub = csv_ok(UK_PUBLISHED);
    assert_int_equal(pub->nrows, 105);
    assert_int_equal(ours->nrows, pub->nrows);
    for (size_t c = 0; c < 5; c++) {
        long cp = cylch_csv_column(pub, cols[c]), co = cylch_csv_column(ours, cols[c]);
        assert_true(cp > 0 && co > 0);
        for (size_t i = 0; i < pub->nrows; i++) {
            const char *sp = cylch_csv_get(&pub->row[i], (size_t)cp);
            const char *so = cylch_csv_get(&ours->row[i], (size_t)co);
            double vp, vo;
            assert_string_equal(cylch_csv_get(&pub->row[i], 0), cylch_csv_get(&ours->row[i], 0));
            if (sp[0] == '\0') {
                /* ONS's "." (no multiplier): cylch must have none either. */
                assert_string_equal(so, "");
                empty++;
                continue;
            }
            if (!cylch_parse_double(sp, &vp) || !cylch_parse_double(so, &vo))
                fail_msg("%s of '%s': published '%s', cylch '%s'", cols[c],
                         cylch_csv_get(&pub->row[i], 0), sp, so);
            if (fabs(vo - vp) > 1e-9)
                fail_msg("%s of '%s': cylch %.15g, ONS %.15g", cols[c],
                         cylch_csv_get(&pub->row[i], 0), vo, vp);
            worst[c] = fmax(worst[c], fabs(vo - vp));
            cells++;
        }
        print_message("ONS UK 2019 %-15s largest difference %.2g\n", cols[c], worst[c]);
    }
    /* ONS publishes every value but one: owner-occupiers' housing (L68A) pays
     * no wages, so it has no income multiplier. */
    assert_int_equal(empty, 1);
    assert_int_equal(cells, 5 * 105 - 1);
    cylch_csv_table_free(pub);
    cylch_csv_table_free(ours);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ons_uk_published),
    };
    cylch_gsl_quiet();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
