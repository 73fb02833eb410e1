/* cylch — results folders written whole or not at all. */
#include "cylch/io/results.h"
#include "cylch/io/lang.h"
#include "cylch/io/text.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p for the parents of path. */
static int make_parents(const char *path)
{
    char *p = strdup(path), *s;
    if (!p)
        return -1;
    for (s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    free(p);
    return 0;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d) {
        unlink(path);
        return;
    }
    while ((e = readdir(d))) {
        char *sub;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        sub = cylch_path_join(path, e->d_name);
        if (sub) {
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(sub);
            else
                unlink(sub);
            free(sub);
        }
    }
    closedir(d);
    rmdir(path);
}

/* The first file in dir that is someone's input, not a result (a network's
 * enterprises.csv or trade.csv, a scenario .ini) into name; 0 when there is none. */
static int holds_inputs(const char *dir, char *name, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    if (!d)
        return 0;
    while (!found && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (!strcmp(e->d_name, "enterprises.csv") || !strcmp(e->d_name, "trade.csv") ||
            (len > 4 && !strcmp(e->d_name + len - 4, ".ini"))) {
            snprintf(name, n, "%s", e->d_name);
            found = 1;
        }
    }
    closedir(d);
    return found;
}

int cylch_outdir_begin(cylch_outdir *o, const char *dir, int force, cylch_error *err)
{
    struct stat st;
    size_t n;
    memset(o, 0, sizeof *o);
    if (stat(dir, &st) == 0 && !force)
        return cylch_error_set(err, CYLCH_EEXIST,
                               "%s already exists; add --force to replace it, or choose another "
                               "folder with --out", dir);
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return cylch_error_set(err, CYLCH_EINPUT, "%s exists and is not a folder", dir);
    {
        /* --force replaces a results folder, never a folder of someone's figures. */
        char name[256];
        if (stat(dir, &st) == 0 && holds_inputs(dir, name, sizeof name))
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s holds %s, which is not a result (a network's or a scenario's "
                                   "file): --force would delete it with the folder; write the results "
                                   "to another folder", dir, name);
    }
    o->final = strdup(dir);
    n = strlen(dir) + 40;
    o->stage = malloc(n);
    if (!o->final || !o->stage) {
        cylch_outdir_clear(o);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    snprintf(o->stage, n, "%s.partial-%ld", dir, (long)getpid());
    if (make_parents(o->stage) != 0 || (mkdir(o->stage, 0777) != 0 && errno != EEXIST)) {
        int e = errno;
        cylch_outdir_clear(o);
        return cylch_error_set(err, CYLCH_EIO, "cannot create a folder for %s: %s", dir, cylch_errno_text(e));
    }
    return CYLCH_OK;
}

char *cylch_outdir_path(const cylch_outdir *o, const char *name)
{
    return cylch_path_join(o->stage, name);
}

/* Writes path (shown in messages as shown) with write; removes it after an error. */
static int write_path(const char *path, const char *shown, cylch_file_writer write, const void *ctx,
                      cylch_error *err)
{
    FILE *f = fopen(path, "wb");
    int rc, bad;
    if (!f)
        return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown, cylch_errno_text(errno));
    rc = write(f, ctx, err);
    bad = ferror(f);
    if (fclose(f) != 0 || bad || rc < 0)
        rc = rc > 0 ? rc : cylch_error_set(err, CYLCH_EIO, "writing %s failed (disk full?)", shown);
    if (rc)
        remove(path);
    return rc;
}

int cylch_file_write(const char *dir, const char *shown, const char *name, cylch_file_writer write,
                     const void *ctx, cylch_error *err)
{
    char *path = cylch_path_join(dir, name), *show = cylch_path_join(shown ? shown : dir, name);
    int rc = path && show ? write_path(path, show, write, ctx, err)
                          : cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    free(path);
    free(show);
    return rc;
}

int cylch_files_write(const char *dir, const char *shown, const cylch_file_spec *files, size_t n,
                      unsigned have, const void *ctx, cylch_error *err)
{
    int rc;
    for (size_t i = 0; i < n; i++)
        if ((files[i].needs & have) == files[i].needs &&
            (rc = cylch_file_write(dir, shown, files[i].name, files[i].write, ctx, err)))
            return rc;
    return CYLCH_OK;
}

int cylch_outdir_write(cylch_outdir *o, const char *name, cylch_file_writer write, const void *ctx,
                       cylch_error *err)
{
    return cylch_file_write(o->stage, o->final, name, write, ctx, err);
}

int cylch_outdir_write_files(cylch_outdir *o, const cylch_file_spec *files, size_t n, unsigned have,
                             const void *ctx, cylch_error *err)
{
    return cylch_files_write(o->stage, o->final, files, n, have, ctx, err);
}

int cylch_file_write_atomic(const char *path, int force, cylch_file_writer write, const void *ctx,
                            cylch_error *err)
{
    struct stat sb;
    size_t n = strlen(path) + 32;
    char *tmp;
    int rc;
    if (stat(path, &sb) == 0 && !force)
        return cylch_error_set(err, CYLCH_EEXIST, "%s already exists; add --force to replace it, or "
                               "choose another file with --out", path);
    if (!(tmp = malloc(n)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.partial-%ld", path, (long)getpid());
    if (!(rc = write_path(tmp, path, write, ctx, err)) && rename(tmp, path) != 0) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", path, cylch_errno_text(errno));
        remove(tmp);
    }
    free(tmp);
    return rc;
}

int cylch_outdir_commit(cylch_outdir *o, cylch_error *err)
{
    struct stat st;
    if (stat(o->final, &st) == 0) {
        /* Move the old results aside first, so that a failure leaves one of the two whole. */
        size_t n = strlen(o->final) + 40;
        char *old = malloc(n);
        if (!old)
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        snprintf(old, n, "%s.old-%ld", o->final, (long)getpid());
        if (rename(o->final, old) != 0) {
            int e = errno;
            free(old);
            return cylch_error_set(err, CYLCH_EIO, "cannot replace %s: %s", o->final, cylch_errno_text(e));
        }
        if (rename(o->stage, o->final) != 0) {
            int e = errno;
            if (rename(old, o->final) != 0) { /* put the old results back */ }
            free(old);
            return cylch_error_set(err, CYLCH_EIO, "cannot replace %s: %s", o->final, cylch_errno_text(e));
        }
        remove_tree(old);
        free(old);
    } else if (rename(o->stage, o->final) != 0) {
        return cylch_error_set(err, CYLCH_EIO, "cannot create %s: %s", o->final, cylch_errno_text(errno));
    }
    return CYLCH_OK;
}

void cylch_outdir_abort(cylch_outdir *o)
{
    if (o->stage)
        remove_tree(o->stage);
}

void cylch_outdir_clear(cylch_outdir *o)
{
    free(o->final);
    free(o->stage);
    o->final = o->stage = NULL;
}
