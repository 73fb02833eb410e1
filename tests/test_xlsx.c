/* Tests of io/xlsx: a workbook's numbers made exact after libxlsxwriter (every other
 * byte of the archive kept), on workbooks libxlsxwriter writes here, read back with
 * minizip independently of the code under test. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_numbers),
        cmocka_unit_test(test_exact_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
