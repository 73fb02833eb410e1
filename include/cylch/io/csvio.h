/* cylch — reading and writing CSV with libcsv.
 *
 * A table is read whole: a header row, then data rows, each row remembering
 * the line of the file it started on so that messages can name it (libcsv
 * does not count lines). A UTF-8 byte-order mark, CRLF line ends, quoted
 * fields (commas, quotes and newlines inside) and blank lines are accepted.
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
} cylch_csv_table;

/* Read the CSV file at path. On success *out owns a new table (free with
 * cylch_csv_table_free). Errors: CYLCH_EIO if the file cannot be read,
 * CYLCH_EINPUT if it is empty (no header), malformed (an unterminated
 * quote), or not valid text (a NUL byte). */
int cylch_csv_read(const char *path, cylch_csv_table **out, cylch_error *err);

/* As cylch_csv_read, from memory; name is used in messages. */
int cylch_csv_parse(const char *name, const char *data, size_t len,
                    cylch_csv_table **out, cylch_error *err);

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

/* End a CSV row ("\n"). */
int cylch_csv_end(FILE *f);

#endif /* CYLCH_CSVIO_H */
