/* cylch — results as a workbook for people (results.xlsx, compare.xlsx), written with
 * libxlsxwriter.
 *
 * The workbook is driven by the table of result files that a command writes
 * (cylch_file_spec rows, io/results.h): every CSV table of that table gets a sheet,
 * read back from the folder it was just written to, so a table added to a command's
 * list of files gets a sheet without more code. Per-draw files (draws.csv,
 * draws-columns.csv, compare-draws.csv) are left out: they are for programs, and a
 * run of 100,000 draws would make a sheet of millions of cells.
 *
 * A sheet holds the CSV's cells in the same places: numbers as numbers (each read
 * with strtod from the CSV's shortest round-trip decimal), text as text, the header
 * row replaced by readable names with units ("Income (£ a year)"). Number formats
 * come from one table of column names (£ with thousands separators, shares as %,
 * FTE with one decimal, multipliers with three); a column the table does not know is
 * named and formatted from the words of its name (…_share → %, …jobs/fte → FTE,
 * …wages/gbp/output → £). The header row is frozen, filtered and wrapped, and each
 * column is as wide as its widest formatted cell.
 *
 * A first sheet, About, says what the workbook is: the scenario (for a comparison the
 * base and each scenario compared), its description, the date of the run, cylch's
 * version, the draws and seed, the members' accounts year, what each sheet holds, the
 * units, and the report's caveats paragraph (present/report.h: one text for both).
 *
 * Every number cell holds the CSV's double exactly. libxlsxwriter 1.1.4 (Debian 12)
 * writes each number with 16 significant digits ("%.16G"; built without its
 * USE_DTOA_LIBRARY option, and no call of its API writes a number otherwise), which
 * loses the last digit of a double whose shortest decimal has 17. So the doubles
 * written are recorded cell by cell, and once the library has closed the workbook
 * (still under its temporary name) io/xlsx.h rewrites those cells' text with the
 * shortest decimal that reads back to the double, the same digits as the CSV; every
 * other byte of the archive stays as the library wrote it. cylch never changes
 * LC_NUMERIC, so the decimal point is always '.'.
 */
#ifndef CYLCH_PRESENT_WORKBOOK_H
#define CYLCH_PRESENT_WORKBOOK_H

#include <stddef.h>
#include "cylch/io/error.h"
#include "cylch/io/results.h"
#include "cylch/core/scenario.h"

/* What the About sheet says. s[0..n): the run's scenario, or a comparison's base
 * then the scenarios compared with it (n >= 2 makes it a comparison); draws and
 * seed as run (draws 0: the reported values only). */
typedef struct cylch_workbook_about {
    const cylch_scenario *const *s;
    size_t n;
    size_t draws;
    unsigned long long seed;
} cylch_workbook_about;

/* 1 when the file named name is a table that gets a sheet: a CSV that is not per-draw data. */
int cylch_workbook_has_sheet(const char *name);

/* Writes dir/name, a workbook with the About sheet of about (none when about is
 * NULL) and one sheet for each row of files[0..n) that
 * cylch_files_write wrote under have (needs ⊆ have) and cylch_workbook_has_sheet
 * accepts, in table order, each read from dir/<file>. The workbook is written to a
 * temporary name beside it and renamed when complete; after an error nothing of it
 * is left. Messages name the workbook as shown/name (shown NULL: dir).
 * Errors: CYLCH_EIO (a CSV cannot be read back, the library cannot write or the
 * rename fails: the message says which and why), CYLCH_ENOMEM, CYLCH_EINPUT (a CSV
 * that does not parse). */
int cylch_workbook_write(const char *dir, const char *shown, const char *name,
                         const cylch_file_spec *files, size_t n, unsigned have,
                         const cylch_workbook_about *about, cylch_error *err);

/* cylch_workbook_write into the staging folder of o (named in messages by the folder
 * the user asked for). */
int cylch_workbook_write_outdir(cylch_outdir *o, const char *name, const cylch_file_spec *files,
                                size_t n, unsigned have, const cylch_workbook_about *about,
                                cylch_error *err);

#endif /* CYLCH_PRESENT_WORKBOOK_H */
