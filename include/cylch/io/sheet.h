/* cylch — reading cells and headers as people type them in spreadsheets.
 *
 * A treasurer's spreadsheet writes money as "£12,500", shares as "53%",
 * leaves optional cells blank and capitalises headers ("Grant (£)"). These
 * functions turn such text into numbers and column keys, say what they changed
 * (so a reader can report it once per file), and refuse what is ambiguous
 * with the fix in the message ("a share of 53: did you mean 53% (0.53)?").
 * No I/O: they work on strings, from a file or from a web form alike.
 */
#ifndef CYLCH_SHEET_H
#define CYLCH_SHEET_H

#include <stddef.h>

/* What a cell holds. */
typedef enum cylch_cell_kind {
    CYLCH_CELL_MONEY = 0,   /* £ a year: "£12,500", "12 500", "12500.50", "-" (0 in accounts) */
    CYLCH_CELL_SHARE,       /* a share 0..1: "0.53" or "53%" */
    CYLCH_CELL_COUNT        /* a plain quantity (FTE): "25.5", "1,200" */
} cylch_cell_kind;

/* What was normalised in a cell (bits of cylch_sheet_number's *what). */
enum {
    CYLCH_NORM_CURRENCY = 1u << 0,  /* a £ sign (or "GBP") removed */
    CYLCH_NORM_THOUSANDS = 1u << 1, /* thousands separators (',' or spaces) removed */
    CYLCH_NORM_PERCENT = 1u << 2,   /* "53%" read as 0.53 */
    CYLCH_NORM_DASH = 1u << 3       /* an accountant's "-" read as 0 */
};

/* Results of cylch_sheet_number. */
typedef enum cylch_cell_status {
    CYLCH_CELL_OK = 0,      /* *out holds the value */
    CYLCH_CELL_BLANK,       /* empty or only blanks: the caller decides (a default or an error) */
    CYLCH_CELL_BAD          /* not a number of this kind; why says what is wrong and the fix */
} cylch_cell_status;

/* Read cell s as a number of the given kind. On CYLCH_CELL_OK *out is finite
 * and *what has the CYLCH_NORM_* bits of what was changed (0 for a plain
 * number). On CYLCH_CELL_BAD, why (of size whylen, may be 0) holds a phrase
 * to follow "grant for 'caffi' is '…'; ", e.g. "a share must be between 0 and 1:
 * did you mean 53% (0.53)?". Shares greater than 1 and at most 100 written
 * without '%' are ambiguous and refused that way; a comma not followed by
 * exactly three digits (a decimal comma?) is refused. Values are not range
 * checked otherwise (a negative amount is the caller's message). */
cylch_cell_status cylch_sheet_number(const char *s, cylch_cell_kind kind, double *out,
                                     unsigned *what, char *why, size_t whylen);

/* The key of a header as typed: lower case (ASCII), '£', '%' and brackets
 * dropped, runs of spaces, '-', '.', '/' and '_' as one '_', no '_' at either
 * end: "Grant (£)" → "grant", " Wages local %" → "wages_local",
 * "Employees FTE" → "employees_fte". Bytes beyond ASCII are kept. out has
 * room for n bytes (truncated, always NUL-terminated). */
void cylch_sheet_key(const char *header, char *out, size_t n);

/* The edit distance (insertions, deletions, substitutions) between a and b,
 * capped at cap+1 (enough to say "near" or "not near"). */
size_t cylch_sheet_distance(const char *a, const char *b, size_t cap);

#endif /* CYLCH_SHEET_H */
