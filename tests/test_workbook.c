/* Tests of the results workbook (present/workbook): which tables get a sheet, a
 * workbook written whole under its name with its numbers exact, and every way of failing to write it
 * leaving no partial file and a message that names the workbook and says why.
 * What the sheets hold is read back by an independent reader (openpyxl) in
 * tests/workbook-check.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cylch/io/error.h"
#include "cylch/io/results.h"
#include "cylch/present/workbook.h"

#include <unzip.h>

static int w_table(FILE *f, const void *ctx, cylch_error *err)
{
    (void)ctx;
    (void)err;
    return fputs("id,income,round2_local_share,grant.jobs,round\n"
                 "caffi,120000.5,0.53,3.2999999999999998,1\n"
                 "\"siop, y dref\",0.30000000000000004,1,,all\n", f) < 0 ? -1 : 0;
}

static int w_bad_csv(FILE *f, const void *ctx, cylch_error *err)
{
    (void)ctx;
    (void)err;
    return fputs("id,income\n\"never closed,1\n", f) < 0 ? -1 : 0;
}

static int w_json(FILE *f, const void *ctx, cylch_error *err)
{
    (void)ctx;
    (void)err;
    return fputs("{}\n", f) < 0 ? -1 : 0;
}

/* A folder of its own under /tmp (caller frees and removes). */
static char *make_dir(void)
{
    char *d = strdup("/tmp/cylch-test-workbook-XXXXXX");
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

/* 1 when a name in dir contains part. */
static int dir_has(const char *dir, const char *part)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    int found = 0;
    assert_non_null(dp);
    while ((e = readdir(dp)))
        found |= strstr(e->d_name, part) != NULL;
    closedir(dp);
    return found;
}

static int is_file(const char *dir, const char *name)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static const cylch_file_spec files[] = {
    {"summary.json", w_json, 0},
    {"table.csv", w_table, 0},
    {"draws.csv", w_table, 0},
    {"needs-draws.csv", w_table, 1u},
};
#define NFILES (sizeof files / sizeof *files)

static void test_which_tables(void **state)
{
    (void)state;
    assert_true(cylch_workbook_has_sheet("rounds.csv"));
    assert_true(cylch_workbook_has_sheet("industries.csv"));   /* a table no one listed */
    assert_true(cylch_workbook_has_sheet("cost.csv"));
    assert_false(cylch_workbook_has_sheet("draws.csv"));
    assert_false(cylch_workbook_has_sheet("draws-columns.csv"));
    assert_false(cylch_workbook_has_sheet("compare-draws.csv"));
    assert_false(cylch_workbook_has_sheet("compare-rounded.csv"));   /* text for pasting */
    assert_false(cylch_workbook_has_sheet("summary.json"));
    assert_false(cylch_workbook_has_sheet("csv"));
}

static void test_written_whole(void **state)
{
    char *d = make_dir();
    cylch_error err;
    char path[512], magic[4] = {0};
    FILE *f;
    (void)state;
    cylch_error_clear(&err);
    /* needs-draws.csv is not written (have 0) and is not read back: it is not on disk. */
    assert_int_equal(cylch_files_write(d, "out", files, NFILES, 0u, NULL, &err), CYLCH_OK);
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", files, NFILES, 0u, NULL, &err), CYLCH_OK);
    assert_true(is_file(d, "results.xlsx"));
    assert_false(dir_has(d, "partial"));
    /* An xlsx file is a zip archive. */
    snprintf(path, sizeof path, "%s/results.xlsx", d);
    assert_non_null(f = fopen(path, "rb"));
    assert_int_equal(fread(magic, 1, 4, f), 4);
    fclose(f);
    assert_memory_equal(magic, "PK\x03\x04", 4);
    /* Each number the shortest decimal of the CSV's double, 17 digits where it needs
     * them (the library alone writes 16: 0.3000000000000000). The table's sheet is
     * the first (no About sheet here). */
    {
        unzFile uf = unzOpen64(path);
        char xml[8192];
        int got;
        assert_non_null(uf);
        assert_int_equal(unzLocateFile(uf, "xl/worksheets/sheet1.xml", 1), UNZ_OK);
        assert_int_equal(unzOpenCurrentFile(uf), UNZ_OK);
        got = unzReadCurrentFile(uf, xml, sizeof xml - 1);
        assert_true(got > 0);
        xml[got] = '\0';
        assert_int_equal(unzCloseCurrentFile(uf), UNZ_OK);
        unzClose(uf);
        assert_non_null(strstr(xml, "<v>120000.5</v>"));
        assert_non_null(strstr(xml, "<v>0.53</v>"));
        assert_non_null(strstr(xml, "<v>3.3</v>"));   /* the same double as 3.2999999999999998 */
        assert_non_null(strstr(xml, "<v>0.30000000000000004</v>"));
    }
    remove_dir(d);
}

static void test_rename_fails(void **state)
{
    char *d = make_dir();
    char p[512];
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    assert_int_equal(cylch_files_write(d, "out", files, NFILES, 0u, NULL, &err), CYLCH_OK);
    /* A non-empty folder where the workbook should go: the rename cannot replace it. */
    snprintf(p, sizeof p, "%s/results.xlsx", d);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/results.xlsx/keep", d);
    assert_int_equal(mkdir(p, 0777), 0);
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", files, NFILES, 0u, NULL, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "cannot write out/results.xlsx: Is a directory");
    assert_false(dir_has(d, "partial"));
    assert_int_equal(access(p, F_OK), 0);   /* what was there is left alone */
    remove_dir(d);
}

static void test_library_cannot_write(void **state)
{
    char *d = make_dir();
    char p[512];
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    assert_int_equal(cylch_files_write(d, "out", files, NFILES, 0u, NULL, &err), CYLCH_OK);
    /* The temporary name taken by a folder: libxlsxwriter cannot create its zip file. */
    snprintf(p, sizeof p, "%s/results.xlsx.partial-%ld", d, (long)getpid());
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/results.xlsx.partial-%ld/x", d, (long)getpid());
    assert_int_equal(mkdir(p, 0777), 0);
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", files, NFILES, 0u, NULL, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "cannot write out/results.xlsx: Is a directory");
    assert_false(is_file(d, "results.xlsx"));
    /* The name the numbers are made exact under taken: the library's file is removed too. */
    snprintf(p, sizeof p, "rm -r '%s/results.xlsx.partial-%ld'", d, (long)getpid());
    assert_int_equal(system(p), 0);
    snprintf(p, sizeof p, "%s/results.xlsx.partial-%ld-exact", d, (long)getpid());
    assert_int_equal(mkdir(p, 0777), 0);
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", files, NFILES, 0u, NULL, &err), CYLCH_EIO);
    assert_string_equal(err.msg, "cannot write out/results.xlsx: Is a directory");
    assert_false(is_file(d, "results.xlsx"));
    snprintf(p, sizeof p, "results.xlsx.partial-%ld", (long)getpid());
    assert_false(is_file(d, p));
    remove_dir(d);
}

static void test_table_missing_or_bad(void **state)
{
    static const cylch_file_spec bad[] = {{"bad.csv", w_bad_csv, 0}};
    char *d = make_dir();
    cylch_error err;
    (void)state;
    cylch_error_clear(&err);
    /* table.csv was never written: the workbook cannot read it back. */
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", files, NFILES, 0u, NULL, &err), CYLCH_EIO);
    assert_non_null(strstr(err.msg, "cannot read out/table.csv back for the workbook"));
    assert_false(dir_has(d, "results.xlsx"));
    cylch_error_clear(&err);
    assert_int_equal(cylch_files_write(d, "out", bad, 1, 0u, NULL, &err), CYLCH_OK);
    assert_int_equal(cylch_workbook_write(d, "out", "results.xlsx", bad, 1, 0u, NULL, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "out/bad.csv"));
    assert_false(dir_has(d, "results.xlsx"));
    remove_dir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which_tables),
        cmocka_unit_test(test_written_whole),
        cmocka_unit_test(test_rename_fails),
        cmocka_unit_test(test_library_cannot_write),
        cmocka_unit_test(test_table_missing_or_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
