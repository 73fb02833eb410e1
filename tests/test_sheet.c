/* Tests of reading spreadsheet cells and headers (io/sheet) and of a network
 * read from spreadsheet-shaped text in memory (core/network): money with £ and
 * thousands separators, percentages, blanks, ambiguous cells refused with the
 * fix, header keys and synonyms, the separator sniffed, blank and comment rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cylch/io/csvio.h"
#include "cylch/io/sheet.h"
#include "cylch/core/network.h"
#include "testutil.h"

static void test_money_cells(void **state)
{
    static const struct { const char *s; double v; unsigned what; } ok[] = {
        {"12500", 12500.0, 0},
        {"£12,500", 12500.0, CYLCH_NORM_CURRENCY | CYLCH_NORM_THOUSANDS},
        {"  £12,500.50 ", 12500.5, CYLCH_NORM_CURRENCY | CYLCH_NORM_THOUSANDS},
        {"1,234,567", 1234567.0, CYLCH_NORM_THOUSANDS},
        {"12 500", 12500.0, CYLCH_NORM_THOUSANDS},
        {"12\xC2\xA0" "500", 12500.0, CYLCH_NORM_THOUSANDS},   /* no-break space */
        {"£ 900", 900.0, CYLCH_NORM_CURRENCY},
        {"GBP 250", 250.0, CYLCH_NORM_CURRENCY},
        {"250 GBP", 250.0, CYLCH_NORM_CURRENCY},
        {"-", 0.0, CYLCH_NORM_DASH},
        {"£ -", 0.0, CYLCH_NORM_CURRENCY | CYLCH_NORM_DASH},
        {"(500)", -500.0, 0},
        {"-£500", -500.0, CYLCH_NORM_CURRENCY},
        {".5", 0.5, 0},
        {"1e3", 1000.0, 0},
    };
    static const char *const bad[] = {
        "12,5", "1,2345", "£", "ten", "nan", "inf", "12%", "1,234 567", "12..5", "£12,500x", "0x10",
    };
    double v;
    unsigned what;
    char why[320];
    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        assert_int_equal(cylch_sheet_number(ok[i].s, CYLCH_CELL_MONEY, &v, &what, why, sizeof why),
                         CYLCH_CELL_OK);
        assert_true(v == ok[i].v);
        assert_int_equal(what, ok[i].what);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(cylch_sheet_number(bad[i], CYLCH_CELL_MONEY, &v, &what, why, sizeof why),
                         CYLCH_CELL_BAD);
        assert_true(why[0] != '\0');
    }
    assert_int_equal(cylch_sheet_number("12,5", CYLCH_CELL_MONEY, &v, &what, why, sizeof why), CYLCH_CELL_BAD);
    assert_non_null(strstr(why, "write 12.5"));
    assert_int_equal(cylch_sheet_number("12%", CYLCH_CELL_MONEY, &v, &what, why, sizeof why), CYLCH_CELL_BAD);
    assert_non_null(strstr(why, "not a percentage"));
    assert_int_equal(cylch_sheet_number("", CYLCH_CELL_MONEY, &v, &what, why, sizeof why), CYLCH_CELL_BLANK);
    assert_int_equal(cylch_sheet_number(" \xC2\xA0 ", CYLCH_CELL_MONEY, &v, &what, why, sizeof why),
                     CYLCH_CELL_BLANK);
}

static void test_share_cells(void **state)
{
    double v;
    unsigned what;
    char why[320];
    (void)state;
    assert_int_equal(cylch_sheet_number("53%", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_OK);
    assert_true(fabs(v - 0.53) < 1e-15);
    assert_int_equal(what, CYLCH_NORM_PERCENT);
    assert_int_equal(cylch_sheet_number("0.53", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_OK);
    assert_true(v == 0.53 && what == 0);
    assert_int_equal(cylch_sheet_number("1", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_OK);
    assert_true(v == 1.0);
    assert_int_equal(cylch_sheet_number("12.5 %", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_OK);
    assert_true(fabs(v - 0.125) < 1e-15);
    /* A share of 53 is ambiguous: the message says what was probably meant. */
    assert_int_equal(cylch_sheet_number("53", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_BAD);
    assert_non_null(strstr(why, "did you mean 53% (0.53)?"));
    assert_int_equal(cylch_sheet_number("£5", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_BAD);
    assert_non_null(strstr(why, "not an amount of money"));
    assert_int_equal(cylch_sheet_number("-", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_BAD);
    /* Above 100 is not a share written as a whole number: the range check says so later. */
    assert_int_equal(cylch_sheet_number("130", CYLCH_CELL_SHARE, &v, &what, why, sizeof why), CYLCH_CELL_OK);
    assert_true(v == 130.0);
}

static void test_header_keys(void **state)
{
    static const struct { const char *h, *key; } k[] = {
        {"ID", "id"}, {" Grant (£) ", "grant"}, {"Wages local %", "wages_local"},
        {"Employees - FTE", "employees_fte"}, {"wages_local_share", "wages_local_share"},
        {"Trade.External", "trade_external"}, {"Enw'r fenter", "enw'r_fenter"}, {"Ŵyn", "Ŵyn"},
        {"(£)", ""},
    };
    char out[64];
    (void)state;
    for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
        cylch_sheet_key(k[i].h, out, sizeof out);
        assert_string_equal(out, k[i].key);
    }
    cylch_sheet_key("a very long header indeed", out, 8);
    assert_int_equal(strlen(out), 7);
    assert_int_equal(cylch_sheet_distance("wagez", "wages", 2), 1);
    assert_int_equal(cylch_sheet_distance("grant", "grant", 2), 0);
    assert_int_equal(cylch_sheet_distance("notes", "wages", 2), 3);   /* capped: not near */
    assert_int_equal(cylch_sheet_distance("purchases_local_shar", "purchases_local_share", 2), 1);
}

/* The separator is sniffed from the header line (outside quotes); blank rows
 * and '#' rows are dropped and counted; a plain parse keeps them as before. */
static void test_sniff_and_blank_rows(void **state)
{
    static const char semi[] = "a;\"b,c\";d\r\n1;2,5;3\r\n# a comment;x;y\r\n;;\r\n4;5;6\r\n;;\r\n ; ;\r\n";
    static const char tab[] = "a\tb\n1\t2\n";
    static const char quoted[] = "\"x;y;z\",b\n1,2\n";
    cylch_csv_table *t;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_csv_parse_ex("s.csv", semi, sizeof semi - 1, CYLCH_CSV_SPREADSHEET, &t, &err),
                     CYLCH_OK);
    assert_int_equal(t->delim, ';');
    assert_int_equal(t->crlf, 1);
    assert_int_equal(t->header.n, 3);
    assert_string_equal(t->header.field[1], "b,c");
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->row[0].field[1], "2,5");
    assert_int_equal(t->row[1].line, 5);
    assert_int_equal(t->blank_rows, 3);
    assert_int_equal(t->comment_rows, 1);
    cylch_csv_table_free(t);
    assert_int_equal(cylch_csv_parse_ex("t.csv", tab, sizeof tab - 1, CYLCH_CSV_SPREADSHEET, &t, &err),
                     CYLCH_OK);
    assert_int_equal(t->delim, '\t');
    assert_int_equal(t->nrows, 1);
    assert_string_equal(t->row[0].field[1], "2");
    cylch_csv_table_free(t);
    assert_int_equal(cylch_csv_parse_ex("q.csv", quoted, sizeof quoted - 1, CYLCH_CSV_SPREADSHEET, &t, &err),
                     CYLCH_OK);
    assert_int_equal(t->delim, ',');
    assert_string_equal(t->header.field[0], "x;y;z");
    cylch_csv_table_free(t);
    /* Without the flag a semicolon file is one column, as before. */
    assert_int_equal(cylch_csv_parse("s.csv", "a;b\n1;2\n", 8, &t, &err), CYLCH_OK);
    assert_int_equal(t->header.n, 1);
    cylch_csv_table_free(t);
}

/* A network from text in memory (a web form): the spreadsheet's values equal the
 * plain ones, what was normalised is one line, sources are kept. */
static void test_network_from_memory(void **state)
{
    static const char sheet[] =
        "\xEF\xBB\xBF" "ID;Name;FTE;Grant (£);Loan;Local sales;Trade external;Wage bill;Wages local %;"
        "Purchases;Purchases local share;Notes\r\n"
        "Caffi;Caffi;4;£12,500;;£62,000;18 000;£50,000;53%;£40,000;0.5;accounts 2024\r\n"
        ";;;;;;;;;;;\r\n";
    static const char plain[] =
        "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,"
        "purchases,purchases_local_share\n"
        "caffi,Caffi,4,12500,0,62000,18000,50000,0.53,40000,0.5\n";
    cylch_network *a = NULL, *b = NULL, *c;
    cylch_error err;
    (void)state;
    assert_int_equal(cylch_network_parse("e.csv", sheet, sizeof sheet - 1, NULL, NULL, 0, &a, &err), CYLCH_OK);
    assert_int_equal(cylch_network_parse("p.csv", plain, sizeof plain - 1, NULL, NULL, 0, &b, &err), CYLCH_OK);
    assert_int_equal(a->n, 1);
    assert_string_equal(a->m[0].id, "caffi");
    for (int k = 0; k < CYLCH_NCOLS; k++)
        assert_true(a->m[0].v[k] == b->m[0].v[k]);
    assert_null(b->read_note[0]);
    assert_non_null(a->read_note[0]);
    assert_null(strchr(a->read_note[0], '\n'));
    assert_non_null(strstr(a->read_note[0], "separated by semicolons"));
    assert_non_null(strstr(a->read_note[0], "'FTE' as employees_fte"));
    assert_non_null(strstr(a->read_note[0], "'Local sales' as trade_local"));
    assert_non_null(strstr(a->read_note[0], "1 percentage read as a share"));
    assert_non_null(strstr(a->read_note[0], "1 blank cell taken as 0 (loan)"));
    assert_non_null(strstr(a->read_note[0], "1 blank row ignored"));
    assert_int_equal(a->nextra, 1);
    assert_string_equal(a->extra_name[0], "Notes");
    assert_string_equal(cylch_network_source(a, 0), "accounts 2024");
    assert_null(cylch_network_source(b, 0));
    /* A copy keeps the extra columns, and adding and removing members keeps them straight. */
    c = cylch_network_copy(a);
    assert_non_null(c);
    assert_string_equal(cylch_network_source(c, 0), "accounts 2024");
    assert_int_equal(cylch_network_add_member(c, "siop", NULL, b->m[0].v, 0, &err), CYLCH_OK);
    assert_null(cylch_network_source(c, 1));
    assert_int_equal(cylch_network_remove_member(c, 0, &err), CYLCH_OK);
    assert_null(cylch_network_source(c, 0));
    cylch_network_free(c);
    cylch_network_free(a);
    cylch_network_free(b);
}

static void test_network_errors(void **state)
{
    static const struct { const char *csv, *want; } cases[] = {
        {"id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
         "purchases_local_share\ncaffi,C,4,100,0,0,0,50,53,40,0.5\n",
         "e.csv:2: wages_local_share for 'caffi' (column 9) is '53'; shares must be between 0 and 1: "
         "did you mean 53% (0.53)?"},
        {"id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
         "purchases_local_share\ncaffi,C,4,100,0,0,0,50,,40,0.5\n",
         "wages_local_share for 'caffi' (column 9) is empty; enter the share kept local"},
        {"id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
         "purchases_local_share\ncaffi,C,,100,0,0,0,50,0.5,40,0.5\n",
         "employees_fte for 'caffi' (column 3) is empty; enter the figure (0 if there is none)"},
        {"id,name,employees_fte,grant,grants,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
         "purchases_local_share\ncaffi,C,1,100,1,0,0,0,50,0.5,40,0.5\n",
         "columns 4 ('grant') and 5 ('grants') both mean grant; keep one"},
        {"id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
         "purchases_local_shar\ncaffi,C,1,100,0,0,0,50,0.5,40,0.5\n",
         "column 11 is 'purchases_local_shar': did you mean 'purchases_local_share'?"},
    };
    cylch_network *net = NULL;
    cylch_error err;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(cylch_network_parse("e.csv", cases[i].csv, strlen(cases[i].csv), NULL, NULL, 0,
                                             &net, &err), CYLCH_EINPUT);
        if (!strstr(err.msg, cases[i].want))
            fail_msg("case %zu: got '%s'", i, err.msg);
        assert_null(net);
    }
    /* A blank local share of nothing is 0: a member buying nothing need not say where. */
    {
        static const char ok[] = "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,"
                                 "wages_local_share,purchases,purchases_local_share\ncaffi,C,1,100,0,0,0,50,0.5,0,\n";
        assert_int_equal(cylch_network_parse("e.csv", ok, sizeof ok - 1, NULL, NULL, 0, &net, &err), CYLCH_OK);
        assert_true(net->m[0].v[CYLCH_COL_PURCHASES_LOCAL_SHARE] == 0.0);
        cylch_network_free(net);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_cells),
        cmocka_unit_test(test_share_cells),
        cmocka_unit_test(test_header_keys),
        cmocka_unit_test(test_sniff_and_blank_rows),
        cmocka_unit_test(test_network_from_memory),
        cmocka_unit_test(test_network_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
