/* cylch — .xlsx workbooks at the level of their parts: a zip archive (Debian's
 * libminizip) of XML documents (Debian's expat).
 *
 * Making a written workbook's numbers exact: libxlsxwriter 1.1.4 (Debian 12)
 * writes every number with printf's "%.16G", 16 significant digits, while a double
 * can need 17 to be read back. cylch_xlsx_exact_numbers takes the workbook the
 * library wrote and the doubles cylch asked it to write, cell by cell, and rewrites
 * the text of exactly those cells' <v> elements with the shortest decimal that reads
 * back to the same double (cylch_dtoa, io/dtoa.h); every other byte of the sheet's
 * XML is kept as written, every other entry of the archive is copied byte for byte
 * (compressed data, dates, attributes and extra fields as they were), in the same
 * order.
 */
#ifndef CYLCH_IO_XLSX_H
#define CYLCH_IO_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "cylch/io/error.h"

/* A number cell as written: row and column from 0 (A1 is 0, 0), as libxlsxwriter counts. */
typedef struct cylch_xlsx_cell {
    uint32_t row;
    uint32_t col;
    double v;     /* finite */
} cylch_xlsx_cell;

/* The number cells written to one sheet, named as in the workbook. */
typedef struct cylch_xlsx_numbers {
    const char *sheet;
    const cylch_xlsx_cell *cell;
    size_t n;
} cylch_xlsx_numbers;

/* Reads the workbook in (as libxlsxwriter wrote it) and writes out: the same
 * archive, entries in the same order and byte-identical, except the worksheets of
 * sheets[0..nsheets): in each, the number cell at each listed (row, col) gets the
 * shortest round-trip decimal of its v. Before changing a cell it checks that the
 * cell is a number cell whose value is v to 16 significant digits (what the library
 * writes), so a cell is never rewritten with another cell's value. A worksheet in
 * which no cell's text changes is copied as it was. *changed (may be NULL) gets the
 * number of cells whose text changed. On failure out may exist and the caller removes
 * it. Messages name the workbook as shown.
 * Errors: CYLCH_EIO (in cannot be read as a zip archive or out cannot be written:
 * the message says why), CYLCH_ENOMEM, CYLCH_EINTERNAL (a sheet or a listed cell is
 * not in the workbook as expected). */
int cylch_xlsx_exact_numbers(const char *in, const char *out, const char *shown,
                             const cylch_xlsx_numbers *sheets, size_t nsheets, size_t *changed,
                             cylch_error *err);

#endif /* CYLCH_IO_XLSX_H */
