/* cylch — reading and writing CSV with libcsv.
 *
 * A table is read whole: a header row, then data rows, each row remembering
 * the line of the file it started on so that messages can name it (libcsv
 * does not count lines). A UTF-8 byte-order mark, CRLF and lone-CR line ends,
 * quoted fields (commas, quotes and newlines inside) and blank lines are
 * accepted; a file over CYLCH_FILE_MAX, a NUL byte or bytes that are not UTF-8
 * are refused (cylch/io/text.h).
 */
#ifndef CYLCH_CSVIO_H
#define CYLCH_CSVIO_H

#include <stdio.h>
#include "cylch/io/error.h"

typedef struct cylch_csv_row {
    size_t n;       /* number of fields */
    char **field;   /* n NUL-terminated strings, owned by the table */
    long line;      /* 1-based line of the file where the row starts */
} cylch_csv_row;

typedef struct cylch_csv_table {
    char *path;           /* the file name, as given (used in messages) */
    cylch_csv_row header; /* the first row */
    size_t nrows;         /* data rows, header excluded */
    cylch_csv_row *row;
    /* What the reader met (for saying what was normalised): */
    char delim;           /* the field separator used: ',', ';' or '\t' */
    int bom;              /* 1 if a UTF-8 byte-order mark was removed */
    int crlf;             /* 1 if lines ended in CR LF */
    size_t blank_rows;    /* CYLCH_CSV_SPREADSHEET: rows of empty cells dropped */
    size_t comment_rows;  /* CYLCH_CSV_SPREADSHEET: rows whose first cell starts with '#' dropped */
    /* A table read from a sheet of a workbook (io/xlsx.h), NULL for a CSV file: the
     * sheet's name; each row's line is then its row in the sheet, and field j is in
     * the sheet's column col0 + j (from 0), so that messages can name the cell. */
    char *sheet;
    long col0;
} cylch_csv_table;

/* Flags of cylch_csv_parse_ex. */
enum {
    /* A spreadsheet export: the separator is sniffed from the header line
     * (the most frequent of ',', ';' and TAB outside quotes; ',' when none),
     * rows whose cells are all blank (Excel's trailing ",,,," rows) are
     * dropped, and so are rows whose first cell starts with '#' (comments,
     * e.g. the explanations in the template that `cylch new` writes).
     * Both are counted in the table. */
    CYLCH_CSV_SPREADSHEET = 1u << 0
};

/* Read the CSV file at path. On success *out owns a new table (free with
 * cylch_csv_table_free). Errors: CYLCH_EIO if the file cannot be read,
 * CYLCH_EINPUT if it is empty (no header), malformed (an unterminated
 * quote), too large, a dangling link, or not valid text (a NUL byte, not UTF-8). */
int cylch_csv_read(const char *path, cylch_csv_table **out, cylch_error *err);

/* As cylch_csv_read, from memory; name is used in messages. */
int cylch_csv_parse(const char *name, const char *data, size_t len,
                    cylch_csv_table **out, cylch_error *err);

/* As cylch_csv_parse, with flags (CYLCH_CSV_SPREADSHEET). Usable on a
 * buffer received from anywhere (a web form, a test): data need not be
 * NUL-terminated. */
int cylch_csv_parse_ex(const char *name, const char *data, size_t len, unsigned flags,
                       cylch_csv_table **out, cylch_error *err);

/* As cylch_csv_read, with flags. */
int cylch_csv_read_ex(const char *path, unsigned flags, cylch_csv_table **out, cylch_error *err);

/* Read a whole file into *buf (malloc'd, NUL-terminated; the caller frees),
 * its length without the NUL in *len. Errors: CYLCH_EIO (with the path),
 * CYLCH_ENOMEM. */
int cylch_file_read(const char *path, char **buf, size_t *len, cylch_error *err);

/* Free a table; NULL is allowed. */
void cylch_csv_table_free(cylch_csv_table *t);

/* Index of the header column named name (exact, after trimming blanks), or -1. */
long cylch_csv_column(const cylch_csv_table *t, const char *name);

/* Field j of row r, or "" when the row is short. */
const char *cylch_csv_get(const cylch_csv_row *r, size_t j);

/* Write one CSV field (quoted by libcsv only when it must be), preceded by a
 * comma unless first. Returns 0 on success, -1 on a write error. */
int cylch_csv_put(FILE *f, const char *s, int first);

/* Write a number as a CSV field: the shortest decimal that reads back to the
 * same double (cylch_dtoa; "nan"/"inf" for non-finite values). */
int cylch_csv_put_num(FILE *f, double v, int first);
/* As cylch_csv_put_num, but an empty cell for NaN or ±∞ (a quantity with no value). */
int cylch_csv_put_num_or_empty(FILE *f, double v, int first);
/* v rounded to `decimals` places (0–17) for people, as printf's "%.*f" (the nearest
 * decimal, ties to even on the binary value), never "-0" (a tiny negative is "0");
 * an empty cell for NaN or ±∞. For the rounded tables meant for pasting. */
int cylch_csv_put_fixed(FILE *f, double v, int decimals, int first);

/* End a CSV row ("\n"). */
int cylch_csv_end(FILE *f);

#endif /* CYLCH_CSVIO_H */
