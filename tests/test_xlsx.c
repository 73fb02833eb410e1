/* Tests of io/xlsx: a workbook's numbers made exact after libxlsxwriter (every other
 * byte of the archive kept), on workbooks libxlsxwriter writes here, read back with
 * minizip independently of the code under test; and sheets read as tables, from
 * workbooks written here by libxlsxwriter and, for what it does not write (inline
 * strings, prefixed names, cells without references, formulas without values, error
 * values), part by part with minizip; damaged and hostile files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cylch/io/dtoa.h"
#include "cylch/io/error.h"
#include "cylch/io/xlsx.h"

#include <unzip.h>
#include <zip.h>

/* A folder of its own under /tmp (caller frees and removes). */
static char *make_dir(void)
{
    char *d = strdup("/tmp/cylch-test-xlsx-XXXXXX");
    assert_non_null(d);
    assert_non_null(mkdtemp(d));
    return d;
}

static void remove_dir(char *d)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
    free(d);
}

static char *join(const char *d, const char *name)
{
    size_t n = strlen(d) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", d, name);
    return p;
}

/* Doubles whose shortest decimal needs 17 digits, and some that need fewer, at the
 * edges of the range (subnormal, huge, negative, negative zero). */
static const double values[] = {
    0.30000000000000004, 3.2999999999999998, 1.5488214285714286, 18513.150951453572,
    0.020161525974026206, 1008016.9204103834, -2.4581110863264914, 5e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, 1e22, 9007199254740993.0, 123456789012345678.0, -0.0, 0.1, 509000, 2.5,
    1e-7, 4.35e-5, 0.000012345678901234567,
};
#define NVALUES (sizeof values / sizeof *values)

/* A workbook with a text sheet, a sheet of numbers (values[] down column B, with a
 * string and a formula beside them) and a third sheet; the numbers' cells in *cells. */
static void write_book(const char *path, cylch_xlsx_cell *cells)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *about, *nums, *other;
    assert_non_null(wb);
    about = workbook_add_worksheet(wb, "About");
    nums = workbook_add_worksheet(wb, "Numbers £");
    other = workbook_add_worksheet(wb, "Other");
    worksheet_write_string(about, 0, 0, "cylch", NULL);
    worksheet_write_number(about, 1, 0, 0.30000000000000004, NULL);   /* not listed: left as written */
    for (size_t i = 0; i < NVALUES; i++) {
        assert_int_equal(worksheet_write_number(nums, (lxw_row_t)(i + 1), 1, values[i], NULL), LXW_NO_ERROR);
        worksheet_write_string(nums, (lxw_row_t)(i + 1), 0, "label", NULL);
        cells[i] = (cylch_xlsx_cell){(uint32_t)(i + 1), 1, values[i]};
    }
    worksheet_write_formula_num(nums, 0, 2, "=B2*2", NULL, 0.6000000000000001);
    worksheet_write_number(other, 0, 0, 1.0, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

/* One entry of an archive as stored: name, information and raw (compressed) bytes. */
typedef struct entry {
    char name[256];
    unz_file_info64 info;
    char *raw;
    size_t rawlen;
    char *data;   /* uncompressed */
    size_t len;
} entry;

static size_t read_entries(const char *path, entry *e, size_t max)
{
    unzFile uf = unzOpen64(path);
    size_t n = 0;
    assert_non_null(uf);
    for (int u = unzGoToFirstFile(uf); u == UNZ_OK && n < max; u = unzGoToNextFile(uf), n++) {
        int method, level, got;
        char buf[4096];
        assert_int_equal(unzGetCurrentFileInfo64(uf, &e[n].info, e[n].name, sizeof e[n].name, NULL, 0, NULL, 0),
                         UNZ_OK);
        for (int raw = 1; raw >= 0; raw--) {
            char *b = NULL;
            size_t bl = 0;
            assert_int_equal(unzOpenCurrentFile2(uf, &method, &level, raw), UNZ_OK);
            while ((got = unzReadCurrentFile(uf, buf, sizeof buf)) > 0) {
                b = realloc(b, bl + (size_t)got + 1);
                assert_non_null(b);
                memcpy(b + bl, buf, (size_t)got);
                bl += (size_t)got;
            }
            assert_int_equal(got, 0);
            assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);   /* the CRC, when not raw */
            if (!b)
                b = calloc(1, 1);
            b[bl] = '\0';
            if (raw) {
                e[n].raw = b;
                e[n].rawlen = bl;
            } else {
                e[n].data = b;
                e[n].len = bl;
            }
        }
    }
    unzClose(uf);
    return n;
}

static void free_entries(entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].raw);
        free(e[i].data);
    }
}

/* The text of each <v> of a sheet's XML in order, and the XML with every <v>'s text
 * taken out (so that two sheets can be compared apart from their numbers). */
static size_t split_values(const char *xml, char vals[][40], size_t max, char *rest)
{
    size_t n = 0;
    const char *p = xml;
    for (const char *v; (v = strstr(p, "<v>")); ) {
        const char *end = strstr(v, "</v>");
        assert_non_null(end);
        memcpy(rest, p, (size_t)(v - p) + 3);
        rest += (v - p) + 3;
        assert_true(n < max && end - v - 3 < 40);
        snprintf(vals[n++], 40, "%.*s", (int)(end - v - 3), v + 3);
        p = end;
    }
    strcpy(rest, p);
    return n;
}

/* The text of the <v> of cell ref in a sheet's XML. */
static void cell_v(const char *xml, const char *ref, char *out)
{
    char key[32];
    const char *c, *v, *end;
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    assert_non_null(c = strstr(xml, key));
    assert_non_null(v = strstr(c, "<v>"));
    assert_non_null(end = strstr(v, "</v>"));
    assert_true(end - v - 3 < 40);
    snprintf(out, 40, "%.*s", (int)(end - v - 3), v + 3);
}

static void test_exact_numbers(void **state)
{
    char *d = make_dir(), *in = join(d, "lib.xlsx"), *out = join(d, "exact.xlsx");
    cylch_xlsx_cell cells[NVALUES];
    cylch_xlsx_numbers nums = {"Numbers £", cells, NVALUES};
    entry a[32], b[32];
    size_t na, nb, changed = 0, long17 = 0;
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    write_book(in, cells);
    assert_int_equal(cylch_xlsx_exact_numbers(in, out, "x/results.xlsx", &nums, 1, &changed, &err), CYLCH_OK);
    na = read_entries(in, a, 32);
    nb = read_entries(out, b, 32);
    assert_int_equal(na, nb);
    assert_true(na >= 10);
    for (size_t i = 0; i < NVALUES; i++) {
        char b16[40];
        snprintf(b16, sizeof b16, "%.16G", values[i]);
        long17 += strtod(b16, NULL) != values[i];
    }
    /* At least the doubles "%.16G" gets wrong changed: 0.30000000000000004 and the others. */
    assert_true(long17 >= 8);
    assert_true(changed >= long17);
    for (size_t i = 0; i < na; i++) {
        /* Same order, same names, same dates and attributes. */
        assert_string_equal(a[i].name, b[i].name);
        assert_int_equal(a[i].info.dosDate, b[i].info.dosDate);
        assert_int_equal(a[i].info.external_fa, b[i].info.external_fa);
        assert_int_equal(a[i].info.compression_method, b[i].info.compression_method);
        if (strcmp(a[i].name, "xl/worksheets/sheet2.xml") != 0) {
            /* Every other entry byte for byte, compressed bytes included. */
            assert_int_equal(a[i].info.crc, b[i].info.crc);
            assert_int_equal(a[i].rawlen, b[i].rawlen);
            assert_memory_equal(a[i].raw, b[i].raw, a[i].rawlen);
            assert_int_equal(a[i].len, b[i].len);
            assert_memory_equal(a[i].data, b[i].data, a[i].len);
        } else {
            static char va[64][40], vb[64][40];
            char *ra = malloc(a[i].len + 1), *rb = malloc(b[i].len + 1);
            size_t nva, nvb, k = 0;
            assert_non_null(ra);
            assert_non_null(rb);
            nva = split_values(a[i].data, va, 64, ra);
            nvb = split_values(b[i].data, vb, 64, rb);
            /* Apart from the numbers' text, the sheet is as the library wrote it. */
            assert_string_equal(ra, rb);
            assert_int_equal(nva, nvb);
            /* Each listed number reads back to its double exactly, in the shortest
             * digits; every other <v> (shared-string indices, the formula's cached
             * value, the About sheet's number) is as the library wrote it. */
            for (size_t j = 0; j < nvb; j++)
                if (strcmp(va[j], vb[j]) != 0)
                    k++;
            assert_int_equal(k, changed);
            for (size_t m = 0; m < NVALUES; m++) {
                char ref[16], old[40], now[40], want[CYLCH_DTOA_MAX], b16[40];
                snprintf(ref, sizeof ref, "B%zu", m + 2);
                cell_v(a[i].data, ref, old);
                cell_v(b[i].data, ref, now);
                snprintf(b16, sizeof b16, "%.16G", values[m]);
                assert_true(strtod(old, NULL) == strtod(b16, NULL));
                cylch_dtoa(values[m], want);
                assert_string_equal(now, want);
                assert_true(strtod(now, NULL) == values[m]);
                assert_int_equal(signbit(strtod(now, NULL)), signbit(values[m]));
            }
            k = NVALUES;
            assert_int_equal(k, NVALUES);
            free(ra);
            free(rb);
        }
    }
    free_entries(a, na);
    free_entries(b, nb);
    free(in);
    free(out);
    remove_dir(d);
}

static void test_exact_fails(void **state)
{
    char *d = make_dir(), *in = join(d, "lib.xlsx"), *out = join(d, "exact.xlsx"), *txt = join(d, "not.xlsx");
    cylch_xlsx_cell cells[NVALUES], wrong;
    cylch_xlsx_numbers nums = {"Numbers £", cells, NVALUES};
    cylch_error err;
    FILE *f;
    (void)state;
    cylch_error_clear(&err);
    write_book(in, cells);
    /* No such sheet. */
    nums.sheet = "Numbers";
    assert_int_equal(cylch_xlsx_exact_numbers(in, out, "x/r.xlsx", &nums, 1, NULL, &err), CYLCH_EINTERNAL);
    assert_string_equal(err.msg, "cannot write x/r.xlsx: it has no sheet 'Numbers'");
    nums.sheet = "Numbers £";
    /* A cell listed with another value than the library wrote there: never rewritten. */
    cells[3].v = 2.0;
    assert_int_equal(cylch_xlsx_exact_numbers(in, out, "x/r.xlsx", &nums, 1, NULL, &err), CYLCH_EINTERNAL);
    assert_string_equal(err.msg, "cannot write x/r.xlsx: cell B5 of the sheet 'Numbers £' holds "
                                 "'18513.15095145357', not 2 as written");
    cells[3].v = values[3];
    /* A cell listed that holds no number (A2 holds text). */
    wrong = (cylch_xlsx_cell){1, 0, 1.0};
    nums = (cylch_xlsx_numbers){"Numbers £", &wrong, 1};
    assert_int_equal(cylch_xlsx_exact_numbers(in, out, "x/r.xlsx", &nums, 1, NULL, &err), CYLCH_EINTERNAL);
    assert_string_equal(err.msg, "cannot write x/r.xlsx: the sheet 'Numbers £' holds 0 of the 1 numbers written to it");
    nums = (cylch_xlsx_numbers){"Numbers £", cells, NVALUES};
    /* Not a zip archive; an output that cannot be made. */
    assert_non_null(f = fopen(txt, "w"));
    fputs("id,grant\n", f);
    fclose(f);
    assert_int_equal(cylch_xlsx_exact_numbers(txt, out, "x/r.xlsx", &nums, 1, NULL, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "cannot write x/r.xlsx: the workbook as written is not a zip archive");
    remove(out);   /* what the failures above left (the caller removes it) */
    assert_int_equal(mkdir(out, 0777), 0);
    assert_int_equal(cylch_xlsx_exact_numbers(in, out, "x/r.xlsx", &nums, 1, NULL, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "cannot write x/r.xlsx: Is a directory");
    free(in);
    free(out);
    free(txt);
    remove_dir(d);
}

/* ------------------------------------------------------------------ reading */

/* A members workbook as a treasurer's might be: a title-less table on a sheet named
 * "Members" (shared strings, numbers, a £ format, a percent format, a blank cell, a
 * formula with its cached value, a boolean, a blank row, a comment row), and a
 * second sheet. */
static void write_members(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws, *notes;
    lxw_format *pct, *gbp, *pct2;
    assert_non_null(wb);
    ws = workbook_add_worksheet(wb, "Members");
    notes = workbook_add_worksheet(wb, "Notes");
    pct = workbook_add_format(wb);
    format_set_num_format(pct, "0%");
    pct2 = workbook_add_format(wb);
    format_set_num_format(pct2, "0.0\"%\"");   /* a '%' in quotes: not a percentage */
    gbp = workbook_add_format(wb);
    format_set_num_format(gbp, "\"£\"#,##0");
    worksheet_write_string(ws, 0, 0, "ID", NULL);
    worksheet_write_string(ws, 0, 1, "Grant (£)", NULL);
    worksheet_write_string(ws, 0, 2, "Wages local %", NULL);
    worksheet_write_string(ws, 0, 3, "Notes", NULL);
    worksheet_write_string(ws, 0, 4, "Total", NULL);
    worksheet_write_string(ws, 1, 0, "caffi", NULL);
    worksheet_write_number(ws, 1, 1, 12500, gbp);
    worksheet_write_number(ws, 1, 2, 0.53, pct);
    worksheet_write_string(ws, 1, 3, "Accounts 2024–25, tudalen 3", NULL);
    worksheet_write_formula_num(ws, 1, 4, "=B2*2", NULL, 25000);
    /* row 3 blank; row 4 a comment */
    worksheet_write_string(ws, 3, 0, "# example row", NULL);
    worksheet_write_string(ws, 4, 0, "siop", NULL);
    worksheet_write_number(ws, 4, 1, 1234.5, NULL);
    worksheet_write_number(ws, 4, 2, 0.07, pct);
    /* D5 blank */
    worksheet_write_boolean(ws, 4, 4, 1, NULL);
    worksheet_write_blank(ws, 5, 1, gbp);   /* a formatted, empty cell: a blank row */
    worksheet_write_number(ws, 6, 0, 17.5, pct2);
    worksheet_write_string(notes, 0, 0, "nothing", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_read_sheet(void **state)
{
    char *d = make_dir(), *path = join(d, "enterprises.xlsx");
    cylch_xlsx *x = NULL;
    cylch_csv_table *t = NULL;
    cylch_error err;
    char list[200];
    (void)state;
    cylch_error_clear(&err);
    write_members(path);
    assert_int_equal(cylch_xlsx_open(path, "net/enterprises.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_nsheets(x), 2);
    assert_string_equal(cylch_xlsx_sheet_name(x, 0), "Members");
    assert_int_equal(cylch_xlsx_find_sheet(x, "members"), 0);
    assert_int_equal(cylch_xlsx_find_sheet(x, "trade"), -1);
    cylch_xlsx_sheet_list(x, list, sizeof list);
    assert_string_equal(list, "'Members', 'Notes'");
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_OK);
    assert_string_equal(t->path, "net/enterprises.xlsx");
    assert_string_equal(t->sheet, "Members");
    assert_int_equal(t->header.n, 5);
    assert_int_equal(t->header.line, 1);
    assert_string_equal(t->header.field[1], "Grant (£)");
    assert_int_equal(t->nrows, 3);
    /* caffi: £ format read as the plain number, 53% as a percentage, the formula's value. */
    assert_int_equal(t->row[0].line, 2);
    assert_string_equal(t->row[0].field[0], "caffi");
    assert_string_equal(t->row[0].field[1], "12500");
    assert_string_equal(t->row[0].field[2], "53%");
    assert_string_equal(t->row[0].field[3], "Accounts 2024–25, tudalen 3");
    assert_string_equal(t->row[0].field[4], "25000");
    /* siop: 7% (0.07 exactly as 7 / 100), a blank, a boolean. */
    assert_int_equal(t->row[1].line, 5);
    assert_string_equal(t->row[1].field[1], "1234.5");
    assert_string_equal(t->row[1].field[2], "7%");
    assert_true(strtod("7", NULL) / 100.0 == 0.07);
    assert_string_equal(t->row[1].field[3], "");
    assert_string_equal(t->row[1].field[4], "TRUE");
    /* A '%' in quotes is not a percentage format. */
    assert_int_equal(t->row[2].line, 7);
    assert_string_equal(t->row[2].field[0], "17.5");
    assert_int_equal(t->blank_rows, 2);     /* rows 3 and 6 */
    assert_int_equal(t->comment_rows, 1);   /* row 4 */
    cylch_csv_table_free(t);
    assert_int_equal(cylch_xlsx_read_sheet(x, 1, &t, &err), CYLCH_OK);
    assert_int_equal(t->nrows, 0);
    cylch_csv_table_free(t);
    cylch_xlsx_close(x);
    free(path);
    remove_dir(d);
}

/* Bytes as a file. */
static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A workbook of one sheet whose XML is given (and no styles or shared strings),
 * written with minizip. */
static void write_raw_book(const char *path, const char *sheet_xml)
{
    static const char *const parts[][2] = {
        {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
        {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets>"
                            "<x:sheet name=\"trade\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"},
        {"xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/s.xml\"/></Relationships>"},
    };
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < sizeof parts / sizeof *parts + 1; i++) {
        const char *name = i < 4 ? parts[i][0] : "xl/worksheets/s.xml", *data = i < 4 ? parts[i][1] : sheet_xml;
        assert_int_equal(zipOpenNewFileInZip64(zf, name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0), ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, data, (unsigned)strlen(data)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
}

#define SHEET_XML(rows) "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" rows "</sheetData></worksheet>"

static void test_read_raw(void **state)
{
    char *d = make_dir(), *path = join(d, "trade.xlsx");
    cylch_xlsx *x = NULL;
    cylch_csv_table *t = NULL;
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    /* Prefixed names, inline strings, cells without references, a formula with its
     * cached string, a table that starts at B2. */
    write_raw_book(path, SHEET_XML("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>buyer</t></is></c><c t=\"inlineStr\">"
                                   "<is><r><t>sel</t></r><r><t>ler</t></r><rPh><t>x</t></rPh></is></c>"
                                   "<c t=\"inlineStr\"><is><t>amount</t></is></c></row>"
                                   "<row><c r=\"B3\" t=\"str\"><f>LOWER(\"CAFFI\")</f><v>caffi</v></c>"
                                   "<c r=\"C3\" t=\"inlineStr\"><is><t>siop</t></is></c><c r=\"D3\"><v>1.5E3</v></c></row>"
                                   "<row r=\"4\"><c r=\"D4\"><v>0.30000000000000004</v></c></row>"));
    assert_int_equal(cylch_xlsx_open(path, "trade.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_OK);
    assert_int_equal(t->col0, 1);
    assert_int_equal(t->header.line, 2);
    assert_string_equal(t->header.field[1], "seller");
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->row[0].field[0], "caffi");
    assert_string_equal(t->row[0].field[2], "1500");
    /* Every digit of a number (a spreadsheet writes 17 where a double needs them). */
    assert_string_equal(t->row[1].field[2], "0.30000000000000004");
    assert_string_equal(t->row[1].field[0], "");
    cylch_csv_table_free(t);
    cylch_xlsx_close(x);

    /* A formula without its value (as openpyxl writes one). */
    write_raw_book(path, SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>amount</t></is></c></row>"
                                   "<row r=\"7\"><c r=\"A7\"><f>B7*2</f><v></v></c></row>"));
    assert_int_equal(cylch_xlsx_open(path, "trade.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "trade.xlsx, sheet 'trade', cell A7: holds a formula (=B7*2) with no value saved "
                                 "in the file (a program other than a spreadsheet wrote it?); open the workbook in a "
                                 "spreadsheet program and save it, so that the values are stored, or type the value");
    cylch_xlsx_close(x);
    /* An error value; text beyond the last heading. */
    write_raw_book(path, SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>amount</t></is></c></row>"
                                   "<row r=\"2\"><c r=\"A2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"));
    assert_int_equal(cylch_xlsx_open(path, "trade.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "trade.xlsx, sheet 'trade', cell A2: holds the error #DIV/0! (a formula that fails); "
                                 "correct the formula or clear the cell");
    cylch_xlsx_close(x);
    write_raw_book(path, SHEET_XML("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>amount</t></is></c></row>"
                                   "<row r=\"2\"><c r=\"A2\"><v>3</v></c><c r=\"C2\"><v>4</v></c></row>"));
    assert_int_equal(cylch_xlsx_open(path, "trade.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "trade.xlsx, sheet 'trade', cell C2: '4' is beyond the last column with a heading; "
                                 "cylch reads the table from its header row (row 1, columns from the first heading "
                                 "to the last): give its column a heading or clear the cell");
    cylch_xlsx_close(x);
    /* A document type declaration (the way in for entity expansion) is refused. */
    write_raw_book(path, "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet/>");
    assert_int_equal(cylch_xlsx_open(path, "trade.xlsx", &x, &err), CYLCH_OK);
    assert_int_equal(cylch_xlsx_read_sheet(x, 0, &t, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "a document type declaration"));
    cylch_xlsx_close(x);
    free(path);
    remove_dir(d);
}

static void test_read_bad_files(void **state)
{
    char *d = make_dir(), *path = join(d, "enterprises.xlsx"), *good = join(d, "good.xlsx");
    cylch_xlsx *x = NULL;
    cylch_error err;
    char *data;
    size_t len;
    FILE *f;
    (void)state;
    cylch_error_clear(&err);
    /* A CSV renamed; an old .xls; an empty file; a missing file. */
    write_bytes(path, "id,grant\n", 9);
    assert_int_equal(cylch_xlsx_open(path, "n/enterprises.xlsx", &x, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "n/enterprises.xlsx: not an Excel workbook (.xlsx): it is not a zip archive; save it "
                                 "from the spreadsheet as \"Excel Workbook (.xlsx)\", or as CSV UTF-8 (enterprises.csv)");
    write_bytes(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old", 12);
    assert_int_equal(cylch_xlsx_open(path, "n/enterprises.xlsx", &x, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "it is an old-style .xls file"));
    write_bytes(path, "", 0);
    assert_int_equal(cylch_xlsx_open(path, "n/enterprises.xlsx", &x, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "the file is empty"));
    assert_null(x);
    assert_int_equal(cylch_xlsx_open("/nonexistent/e.xlsx", NULL, &x, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "/nonexistent/e.xlsx: No such file or directory");
    /* A workbook cut short, and one with a byte of a part changed (its checksum). */
    write_members(good);
    assert_non_null(f = fopen(good, "rb"));
    data = malloc(1 << 20);
    assert_non_null(data);
    len = fread(data, 1, 1 << 20, f);
    fclose(f);
    write_bytes(path, data, len / 2);
    assert_int_equal(cylch_xlsx_open(path, "n/enterprises.xlsx", &x, &err), CYLCH_EINPUT);
    assert_string_equal(err.msg, "n/enterprises.xlsx: cylch cannot read this workbook: the zip archive is damaged "
                                 "(cut short?); save it again from the spreadsheet as an Excel workbook (.xlsx)");
    /* Every single byte changed in turn, through the whole file: refused with a message
     * or read, never a crash (the sanitizers watch). */
    for (size_t i = 0; i < len; i += 7) {
        cylch_csv_table *t = NULL;
        char keep = data[i];
        data[i] = (char)(data[i] ^ 0x5a);
        if (cylch_xlsx_open_mem("n/enterprises.xlsx", data, len, &x, &err) == CYLCH_OK) {
            for (size_t s = 0; s < cylch_xlsx_nsheets(x); s++) {
                if (cylch_xlsx_read_sheet(x, s, &t, &err) == CYLCH_OK)
                    cylch_csv_table_free(t);
                else
                    assert_non_null(strstr(err.msg, "n/enterprises.xlsx"));
            }
            cylch_xlsx_close(x);
        } else {
            assert_non_null(strstr(err.msg, "n/enterprises.xlsx"));
        }
        data[i] = keep;
    }
    free(data);
    free(path);
    free(good);
    remove_dir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_numbers),
        cmocka_unit_test(test_exact_fails),
        cmocka_unit_test(test_read_sheet),
        cmocka_unit_test(test_read_raw),
        cmocka_unit_test(test_read_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
