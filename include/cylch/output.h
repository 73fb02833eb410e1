/* cylch — results folders and the files in them (DESIGN.md §5).
 *
 * A results folder is written whole or not at all: files go into a staging
 * folder beside it ("DIR.partial-PID") which replaces DIR by rename only when
 * everything is written, so an interrupted run never leaves a half file and
 * the previous results stay intact until then.
 */
#ifndef CYLCH_OUTPUT_H
#define CYLCH_OUTPUT_H

#include <stdio.h>
#include "cylch/error.h"
#include "cylch/model.h"
#include "cylch/network.h"
#include "cylch/scenario.h"

typedef struct cylch_outdir {
    char *final;    /* the folder the user asked for */
    char *stage;    /* where files are written meanwhile */
} cylch_outdir;

/* Prepare to write into dir: refuses (CYLCH_EEXIST) when dir exists and force
 * is 0; creates the parent folders and an empty staging folder. */
int cylch_outdir_begin(cylch_outdir *o, const char *dir, int force, cylch_error *err);

/* Open name for writing inside the staging folder ("w", binary). NULL on error
 * (err set). */
FILE *cylch_outdir_open(cylch_outdir *o, const char *name, cylch_error *err);

/* Close a file opened by cylch_outdir_open, checking that everything was written. */
int cylch_outdir_close(FILE *f, const char *name, cylch_error *err);

/* Replace the final folder by the staging folder. */
int cylch_outdir_commit(cylch_outdir *o, cylch_error *err);

/* Remove the staging folder and everything in it (after an error or Ctrl-C);
 * the final folder is left as it was. Safe to call twice and from cleanup. */
void cylch_outdir_abort(cylch_outdir *o);

/* Free the names (does not touch the disk). */
void cylch_outdir_clear(cylch_outdir *o);

/* Path of name inside the staging folder (caller frees). */
char *cylch_outdir_path(const cylch_outdir *o, const char *name);

/* --- JSON writing (a small streaming writer: numbers round-trip, non-finite numbers are null) --- */
typedef struct cylch_json {
    FILE *f;
    int depth;
    int first[32];  /* no comma needed yet at this depth */
} cylch_json;
void cylch_json_init(cylch_json *j, FILE *f);
void cylch_json_begin_object(cylch_json *j, const char *key);  /* key NULL inside arrays/top */
void cylch_json_end_object(cylch_json *j);
void cylch_json_begin_array(cylch_json *j, const char *key);
void cylch_json_end_array(cylch_json *j);
void cylch_json_num(cylch_json *j, const char *key, double v);
void cylch_json_str(cylch_json *j, const char *key, const char *s);
void cylch_json_uint(cylch_json *j, const char *key, unsigned long long v);
void cylch_json_bool(cylch_json *j, const char *key, int v);
void cylch_json_null(cylch_json *j, const char *key);

/* The "point" object of summary.json (layout of ../shared/oracles/toy-town/expected.json,
 * plus lmk, leakage by destination and per-member names, incomes and jobs). */
void cylch_json_point(cylch_json *j, const char *key, const cylch_network *net, const cylch_result *r);

/* rounds.csv: source, round, received_locally (£), cumulative (£), multiplier so far,
 * leaked this round (£). */
int cylch_write_rounds_csv(FILE *f, const cylch_result *r);

/* members.csv: id, name, income (£), employees_fte, multiplier, round2_local_share. */
int cylch_write_members_csv(FILE *f, const cylch_network *net, const cylch_result *r);

/* leakage.csv: source, round (1..K, then "all"), each destination (£), total (£). */
int cylch_write_leakage_csv(FILE *f, const cylch_result *r);

/* Format £ for people: "£1,234", "£1.2M", "38p". */
void cylch_format_money(double v, char *buf, size_t len);



#include "cylch/mc.h"
#include "cylch/stats.h"

/* The "mc" object of summary.json: the point layout's headline numbers, each
 * replaced by {mean, sd, se, p5, p50, p95, min, max}. */
void cylch_json_mc(cylch_json *j, const char *key, const cylch_mc *mc, const cylch_stats_summary *st);

/* draws.csv: draw, then every headline quantity (grant.lm3, …), then the sampled inputs
 * when kept. */
int cylch_write_draws_csv(FILE *f, const cylch_mc *mc);

/* histogram.csv of headline entry h: bin_low, bin_high, count, share. Errors as cylch_stats_hist_new. */
int cylch_write_histogram_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err);

/* convergence.csv of headline entry h: draws, mean, low95, high95 at log-spaced points. */
int cylch_write_convergence_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err);
#endif /* CYLCH_OUTPUT_H */
