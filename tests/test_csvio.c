/* Tests of the CSV reader and writer: line numbers, BOM, CRLF, quotes,
 * Welsh names, blank lines, malformed input; the writer's quoting round-trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cylch/io/csvio.h"
#include "testutil.h"

static void test_bom_crlf_quotes_welsh(void **state)
{
    static const char text[] =
        "\xEF\xBB\xBF" "id,name,grant\r\n"
        "caffi,\"Caffi'r Dref, Blaenau\",20000\r\n"
        "\r\n"
        "siop,\"Siop \"\"Ŵy\"\" a Chôr\",0\r\n"
        "ynni,\"Ynni\nLleol\",5\r\n"
        "dwr,Dŵr Cymunedol,7";
    cylch_csv_table *t;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_csv_parse("x.csv", text, sizeof text - 1, &t, &err), CYLCH_OK);
    assert_int_equal(t->header.n, 3);
    assert_string_equal(t->header.field[0], "id");   /* no BOM in the first name */
    assert_int_equal(cylch_csv_column(t, "grant"), 2);
    assert_int_equal(t->nrows, 4);
    assert_string_equal(t->row[0].field[1], "Caffi'r Dref, Blaenau");
    assert_int_equal(t->row[0].line, 2);
    assert_string_equal(t->row[1].field[1], "Siop \"Ŵy\" a Chôr");
    assert_int_equal(t->row[1].line, 4);            /* the blank line 3 is skipped, and counted */
    assert_string_equal(t->row[2].field[1], "Ynni\nLleol");
    assert_int_equal(t->row[2].line, 5);
    assert_string_equal(t->row[3].field[1], "Dŵr Cymunedol");
    assert_int_equal(t->row[3].line, 7);            /* a quoted newline counts as a line */
    assert_string_equal(t->row[3].field[2], "7");   /* no final newline */
    cylch_csv_table_free(t);
}

static void test_errors(void **state)
{
    cylch_csv_table *t = NULL;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_csv_parse("e.csv", "", 0, &t, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "e.csv: the file is empty"));
    assert_int_equal(cylch_csv_parse("q.csv", "a,b\n1,\"2\n", 9, &t, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "q.csv:"));
    assert_non_null(strstr(err.msg, "not closed"));
    assert_int_equal(cylch_csv_parse("n.csv", "a,b\n1\0,2\n", 9, &t, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "NUL"));
    assert_int_equal(cylch_csv_read("/nonexistent/x.csv", &t, &err), CYLCH_EIO);
    assert_null(t);
}

/* Round trip through the writer, then read back in every chunk size (the reader
 * feeds libcsv line by line; the writer must quote what needs quoting). */
static void test_writer_round_trip(void **state)
{
    const char *fields[] = {"plain", "with, comma", "with \"quote\"", "two\nlines", " padded ", "Ŵ"};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cylch_csv_table *t;
    cylch_error err;
    (void)state;
    for (int r = 0; r < 2; r++) {
        for (int i = 0; i < 6; i++)
            assert_int_equal(cylch_csv_put(f, fields[i], i == 0), 0);
        cylch_csv_end(f);
    }
    cylch_csv_put_num(f, 0.1, 1);
    cylch_csv_put_num(f, 1.0 / 3.0, 0);
    cylch_csv_put_num(f, 2.385e5, 0);
    cylch_csv_end(f);
    fclose(f);
    assert_int_equal(cylch_csv_parse("w.csv", buf, len, &t, &err), CYLCH_OK);
    assert_int_equal(t->nrows, 2);
    for (int i = 0; i < 6; i++)
        assert_string_equal(t->row[0].field[i], fields[i]);
    assert_string_equal(t->row[1].field[0], "0.1");
    assert_true(strtod(t->row[1].field[1], NULL) == 1.0 / 3.0);
    assert_string_equal(t->row[1].field[2], "238500");
    cylch_csv_table_free(t);
    free(buf);
}

/* cylch_csv_put_fixed: the full number rounded once, never "-0", empty without a value. */
static void test_put_fixed(void **state)
{
    static const struct {
        double v;
        int d;
        const char *want;
    } cases[] = {
        {2.7226754363388013, 3, "2.723"}, {-94813.73477989301, 0, "-94814"}, {-0.0004, 3, "0.000"},
        {-4.440892098500626e-16, 3, "0.000"}, {0.0, 1, "0.0"}, {98.04898126493105, 1, "98.0"},
        {0.125, 2, "0.12"}, /* the nearest decimal of the double, ties to even as printf */
        {1385841.7970964499, 0, "1385842"}, {NAN, 2, ""}, {INFINITY, 0, ""}, {-0.05, 1, "-0.1"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(cylch_csv_put_fixed(f, cases[i].v, cases[i].d, 1), 0);
        fclose(f);
        assert_string_equal(buf, cases[i].want);
        free(buf);
    }
}

static void test_parse_double(void **state)
{
    double v;
    (void)state;
    assert_true(cylch_parse_double(" 2.385 ", &v) && v == 2.385);
    assert_true(cylch_parse_double("1e3", &v) && v == 1000);
    assert_false(cylch_parse_double("nan", &v));
    assert_false(cylch_parse_double("inf", &v));
    assert_false(cylch_parse_double("0x10", &v));
    assert_false(cylch_parse_double("12abc", &v));
    assert_false(cylch_parse_double("", &v));
    assert_false(cylch_parse_double("1e999", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_crlf_quotes_welsh),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_writer_round_trip),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test(test_put_fixed),
    };
    return cmocka_run_group_tests_name("csvio", tests, NULL, NULL);
}
