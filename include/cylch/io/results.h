/* cylch — results folders and the files in them (DESIGN.md §5).
 *
 * A results folder is written whole or not at all: files go into a staging
 * folder beside it ("DIR.partial-PID") which replaces DIR by rename only when
 * everything is written, so an interrupted run never leaves a half file and
 * the previous results stay intact until then.
 */
#ifndef CYLCH_IO_RESULTS_H
#define CYLCH_IO_RESULTS_H

#include <stdio.h>
#include "cylch/io/error.h"

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

#endif /* CYLCH_IO_RESULTS_H */
