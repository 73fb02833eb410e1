/* cylch — the result files of a run (DESIGN.md §5): the objects of summary.json and
 * the CSV files. Each writer writes to an open FILE and returns 0, or -1 when a
 * write failed. */
#ifndef CYLCH_PRESENT_FILES_H
#define CYLCH_PRESENT_FILES_H

#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/io/json.h"
#include "cylch/io/results.h"
#include "cylch/core/scenario.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/uncertainty/stats.h"

/* The "point" object of summary.json (layout of tests/oracles/toy-town/expected.json,
 * plus lmk, leakage by destination and per-member names, incomes and jobs). */
void cylch_json_point(cylch_json *j, const char *key, const cylch_network *net, const cylch_result *r);

/* rounds.csv: source, round, received_locally (£ a year), cumulative (£ a year),
 * multiplier_so_far (£ per £1), leaked this round (£ a year), money (the source in
 * words: "Grant", "Loans and investment", …). */
int cylch_write_rounds_csv(FILE *f, const cylch_result *r);

/* summary-rounded.csv, the headline figures rounded for pasting into a document:
 * Figure, Money, Unit, At reported values, Average of draws, 90% range from, 90% range to
 * (the last three empty without draws, st NULL). One row per source of money and
 * headline quantity (LMk only when K is not 3), then the round-2 local share of grant
 * and loan money; £ a year to the pound, £ per £1 to the penny, FTE to one decimal,
 * % to one decimal (in percent: 98.2). Returns 0, or -1 when a write failed. */
int cylch_write_summary_rounded_csv(FILE *f, const cylch_result *r, const cylch_stats_summary *st);

/* members.csv: id, name, income (£), employees_fte, multiplier, round2_local_share. */
int cylch_write_members_csv(FILE *f, const cylch_network *net, const cylch_result *r);

/* leakage.csv: source, round (1..K, then "all"), each destination (£ a year), total
 * (£ a year), money (the source in words, as rounds.csv). */
int cylch_write_leakage_csv(FILE *f, const cylch_result *r);

/* The "mc" object of summary.json: the point layout's headline numbers, each
 * replaced by {mean, sd, se, p5, p50, p95, min, max}. */
void cylch_json_mc(cylch_json *j, const char *key, const cylch_mc *mc, const cylch_stats_summary *st);

/* draws.csv: draw, then every headline quantity (grant.lm3, …), then the sampled inputs
 * when kept; each number the shortest decimal that reads back exactly (cylch_dtoa), an
 * empty cell for a quantity with no value. Formatted in chunks of draws by mc->threads
 * threads, each into its own buffer, and written in draw order: the file is the same,
 * byte for byte, on any number of threads. Returns 0, or -1 when a write (or the
 * buffer's allocation) failed. */
int cylch_write_draws_csv(FILE *f, const cylch_mc *mc);

/* draws.npy: the same numbers as draws.csv without the draw column, as NumPy's format
 * 1.0 (NEP 1 and numpy.lib.format: magic "\x93NUMPY", version 1.0, a 2-byte
 * little-endian header length, a Python-literal header padded to 64 bytes, then the
 * data): a (draws, columns) array of little-endian doubles in C order, NaN where a
 * quantity has no value. Row k is draw k + 1; draws-columns.csv names the columns.
 * Returns 0, or -1 when a write failed. */
int cylch_write_draws_npy(FILE *f, const cylch_mc *mc);

/* draws-columns.csv: column (0-based), name, measure, unit — the columns of draws.npy,
 * each headline quantity with its readable name and unit (cylch_headline_label and
 * _unit); a sampled input's measure and unit are empty. */
int cylch_write_draws_columns_csv(FILE *f, const cylch_mc *mc);

/* histogram.csv of headline entry h: bin_low, bin_high, count, share. Errors as cylch_stats_hist_new. */
int cylch_write_histogram_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err);

/* convergence.csv of headline entry h: draws, mean, low95, high95 at log-spaced points. */
int cylch_write_convergence_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err);

/* --draws-file: how every draw's figures are kept. */
typedef enum cylch_draws_file { CYLCH_DRAWS_CSV, CYLCH_DRAWS_NPY, CYLCH_DRAWS_NONE } cylch_draws_file;

/* What the result files of a run are written from. mc and stats are NULL without draws. */
typedef struct cylch_run_files {
    const cylch_scenario *s;
    const cylch_network *net;
    const cylch_result *r;
    const cylch_notes *notes;
    const cylch_mc *mc;
    const cylch_stats_summary *stats;
    cylch_draws_file draws_file;
    const char *version;       /* cylch's version, for summary.json */
    const struct cylch_industries *industries; /* results by industry ([economy]), or NULL */
} cylch_run_files;

/* Writes the result files of a run into o's staging folder, from one table: summary.json,
 * summary-rounded.csv, rounds.csv, members.csv, leakage.csv; with [economy] (industries)
 * also industries.csv and an "industries" object in summary.json; with draws also
 * histogram.csv, convergence.csv and draws.csv, or draws.npy with draws-columns.csv;
 * then results.xlsx, a sheet for each of those tables but the per-draw ones
 * (present/workbook.h). Errors: those of cylch_outdir_write, of the writers and of
 * cylch_workbook_write. */
int cylch_run_files_write(cylch_outdir *o, const cylch_run_files *rf, cylch_error *err);

#endif /* CYLCH_PRESENT_FILES_H */
