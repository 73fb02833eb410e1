/* cylch — fuzz target: a workbook (.xlsx) read as a network's tables (io/xlsx.h).
 *
 * Input: the bytes of an .xlsx file (a zip archive of XML parts). A workbook that
 * opens has each sheet read as a table; a refusal must carry a message that names the
 * workbook, and a table read must hold NUL-terminated cells, as many in each row as
 * in its header, each row on a sheet row after the header's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"
#include "cylch/io/xlsx.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cylch_xlsx *x = NULL;
    cylch_error err;
    int rc;

    cylch_error_clear(&err);
    rc = cylch_xlsx_open_mem("fuzz.xlsx", (const char *)data, size, &x, &err);
    if (rc) {
        fuzz_refused(rc, &err, "fuzz.xlsx");
        return 0;
    }
    for (size_t s = 0; s < cylch_xlsx_nsheets(x); s++) {
        cylch_csv_table *t = NULL;
        cylch_error_clear(&err);
        rc = cylch_xlsx_read_sheet(x, s, &t, &err);
        if (rc) {
            fuzz_refused(rc, &err, "fuzz.xlsx");
            continue;
        }
        if (!t->sheet || strcmp(t->sheet, cylch_xlsx_sheet_name(x, s)) != 0)
            FUZZ_FAIL("sheet %zu read with the wrong name", s);
        for (size_t r = 0; r < t->nrows; r++) {
            if (t->row[r].n != t->header.n)
                FUZZ_FAIL("row %zu has %zu cells, the header %zu", r, t->row[r].n, t->header.n);
            if (t->row[r].line <= t->header.line)
                FUZZ_FAIL("row %zu (sheet row %ld) is not below the header (row %ld)", r, t->row[r].line,
                          t->header.line);
            for (size_t j = 0; j < t->row[r].n; j++)
                if (!t->row[r].field[j] || strlen(t->row[r].field[j]) > (size_t)64 * 1024 * 1024)
                    FUZZ_FAIL("row %zu cell %zu is not text", r, j);
        }
        cylch_csv_table_free(t);
    }
    cylch_xlsx_close(x);
    return 0;
}
