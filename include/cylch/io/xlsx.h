/* cylch — .xlsx workbooks at the level of their parts: a zip archive (Debian's
 * libminizip) of XML documents (Debian's expat). Two jobs: the numbers of the
 * workbooks cylch writes made exact, and a network's tables read from workbooks.
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
 *
 * Reading a sheet as a table: a network's enterprises and trade may be workbooks
 * (enterprises.xlsx, trade.xlsx; core/network.h says which sheets). A sheet becomes a
 * cylch_csv_table of its cells' text, which then goes through the same
 * spreadsheet-tolerant reading as a CSV file (io/sheet.h: headers, synonyms, blank and
 * comment rows, £ and % in text cells). What each cell gives:
 * - a text cell (shared string, inline string, a formula's text): its text; rich text
 *   runs joined, phonetic guides left out;
 * - a number: the shortest decimal that reads back to the same double (cylch_dtoa), so
 *   the number is exactly the workbook's; in a cell whose number format shows a
 *   percentage (Excel's "0%", "0.00%", or any format with a '%' outside quotes), the
 *   shortest percentage that divided by 100 gives the same double ("53%" for 0.53), so
 *   that a share is counted as a percentage and a percentage in a money column is
 *   refused as in a CSV. Other formats (£, thousands, dates) are not applied: the cell's
 *   number is what counts;
 * - a boolean: TRUE or FALSE; a date stored as text (t="d"): its text;
 * - a formula: its value as last calculated and saved (its cached value); a formula with
 *   no saved value is refused, naming the cell, as is an error value (#DIV/0!, …);
 * - an empty or missing cell: "".
 * The header is the sheet's first row with something in it; the table's columns run
 * from its first heading to its last. Something outside them is refused, naming the
 * cell; rows of blanks are counted as blank rows and rows whose first cell starts with
 * '#' as comment rows, as CYLCH_CSV_SPREADSHEET does. The workbook is read whole (at
 * most CYLCH_FILE_MAX bytes; no part may unpack to more), document type declarations
 * are refused, and no part is trusted: a damaged or hostile file is an error with a
 * message, never a crash.
 */
#ifndef CYLCH_IO_XLSX_H
#define CYLCH_IO_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "cylch/io/csvio.h"
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

/* A workbook open for reading. */
typedef struct cylch_xlsx cylch_xlsx;

/* Opens the workbook at path (named shown in messages; NULL: path), reading its list
 * of sheets, shared strings and number formats. On success *out owns it (close with
 * cylch_xlsx_close). Errors: CYLCH_EIO (cannot be read), CYLCH_EINPUT (not an .xlsx
 * workbook: a CSV or an old .xls renamed, damaged, too large; the message says which
 * and how to save it), CYLCH_ENOMEM. */
int cylch_xlsx_open(const char *path, const char *shown, cylch_xlsx **out, cylch_error *err);

/* As cylch_xlsx_open, from data[0..len) (copied). */
int cylch_xlsx_open_mem(const char *shown, const char *data, size_t len, cylch_xlsx **out, cylch_error *err);

/* Frees x; NULL is allowed. */
void cylch_xlsx_close(cylch_xlsx *x);

/* The number of sheets (at least 1), and the name of sheet i (from 0; NULL past the end). */
size_t cylch_xlsx_nsheets(const cylch_xlsx *x);
const char *cylch_xlsx_sheet_name(const cylch_xlsx *x, size_t i);

/* The sheet whose name is name ignoring ASCII case and blanks at its ends, or -1. */
long cylch_xlsx_find_sheet(const cylch_xlsx *x, const char *name);

/* The sheets' names for a message: "'Members', 'Notes'" (truncated to n bytes). */
void cylch_xlsx_sheet_list(const cylch_xlsx *x, char *buf, size_t n);

/* Reads sheet i as a table (see above): *out owns a new table whose path is the
 * workbook as shown and sheet the sheet's name. Errors: CYLCH_EINPUT (a cell that
 * cannot be read, naming it: "enterprises.xlsx, sheet 'Members', cell D7: holds a
 * formula … with no value saved"; an empty sheet; a damaged part), CYLCH_ENOMEM. */
int cylch_xlsx_read_sheet(cylch_xlsx *x, size_t i, cylch_csv_table **out, cylch_error *err);

/* "D7" for a row and column from 0, into buf of n bytes (24 suffice). */
void cylch_xlsx_cell_name(uint32_t row, uint32_t col, char *buf, size_t n);

#endif /* CYLCH_IO_XLSX_H */
