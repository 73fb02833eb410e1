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

/* How every file of cylch is written: a writer fills an open FILE and returns 0, or -1
 * when a write failed (the caller names the file), or a status with err filled. */
typedef int (*cylch_file_writer)(FILE *f, const void *ctx, cylch_error *err);

/* Defines a static cylch_file_writer called name for a writer fn(f, ctx) — or
 * fn(f, ctx, arg) — that fails only when a write fails (returns -1). */
#define CYLCH_FILE_WRITER(name, fn) \
    static int name(FILE *f, const void *ctx, cylch_error *err) { (void)err; return fn(f, ctx); }
#define CYLCH_FILE_WRITER_ARG(name, fn, arg) \
    static int name(FILE *f, const void *ctx, cylch_error *err) { (void)err; return fn(f, ctx, arg); }

/* One row of a table of files: written when every bit of needs is in the call's have. */
typedef struct cylch_file_spec {
    const char *name;
    cylch_file_writer write;
    unsigned needs;
} cylch_file_spec;

/* Writes dir/name with write(f, ctx, err) (binary); checks that everything reached the
 * disk; after an error the file is removed. Errors name the file as shown/name (shown
 * NULL: dir): CYLCH_ENOMEM, CYLCH_EIO, or the writer's status. */
int cylch_file_write(const char *dir, const char *shown, const char *name, cylch_file_writer write,
                     const void *ctx, cylch_error *err);

/* Writes files[0..n) whose needs are all in have, in order, into dir (shown as in
 * cylch_file_write); stops at the first error. */
int cylch_files_write(const char *dir, const char *shown, const cylch_file_spec *files, size_t n,
                      unsigned have, const void *ctx, cylch_error *err);

/* cylch_file_write / cylch_files_write into the staging folder of o (named in
 * messages by the folder the user asked for). */
int cylch_outdir_write(cylch_outdir *o, const char *name, cylch_file_writer write, const void *ctx,
                       cylch_error *err);
int cylch_outdir_write_files(cylch_outdir *o, const cylch_file_spec *files, size_t n, unsigned have,
                             const void *ctx, cylch_error *err);

/* Writes the single file path whole or not at all: into a temporary name beside it,
 * renamed to path when complete. Refuses (CYLCH_EEXIST) when path exists and force is 0.
 * Errors: CYLCH_EEXIST, CYLCH_ENOMEM, CYLCH_EIO, or the writer's status. */
int cylch_file_write_atomic(const char *path, int force, cylch_file_writer write, const void *ctx,
                            cylch_error *err);

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
