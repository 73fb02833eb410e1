/* cylch — results folders written atomically, JSON and CSV result files. */
#include "cylch/output.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cylch/csvio.h"

static char *str_printf2(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

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
        sub = str_printf2(path, e->d_name);
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
        return cylch_error_set(err, CYLCH_EIO, "cannot create a folder for %s: %s", dir, strerror(e));
    }
    return CYLCH_OK;
}

char *cylch_outdir_path(const cylch_outdir *o, const char *name)
{
    return str_printf2(o->stage, name);
}

FILE *cylch_outdir_open(cylch_outdir *o, const char *name, cylch_error *err)
{
    char *p = cylch_outdir_path(o, name);
    FILE *f;
    if (!p) {
        cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        return NULL;
    }
    f = fopen(p, "wb");
    if (!f)
        cylch_error_set(err, CYLCH_EIO, "cannot write %s/%s: %s", o->final, name, strerror(errno));
    free(p);
    return f;
}

int cylch_outdir_close(FILE *f, const char *name, cylch_error *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return cylch_error_set(err, CYLCH_EIO, "writing %s failed (disk full?)", name);
    return CYLCH_OK;
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
            return cylch_error_set(err, CYLCH_EIO, "cannot replace %s: %s", o->final, strerror(e));
        }
        if (rename(o->stage, o->final) != 0) {
            int e = errno;
            if (rename(old, o->final) != 0) { /* put the old results back */ }
            free(old);
            return cylch_error_set(err, CYLCH_EIO, "cannot replace %s: %s", o->final, strerror(e));
        }
        remove_tree(old);
        free(old);
    } else if (rename(o->stage, o->final) != 0) {
        return cylch_error_set(err, CYLCH_EIO, "cannot create %s: %s", o->final, strerror(errno));
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

/* ---------------------------------------------------------------- JSON */

void cylch_json_init(cylch_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->first[0] = 1;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_key(cylch_json *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
    if (j->depth > 0) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    if (key) {
        json_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void json_open(cylch_json *j, const char *key, char c)
{
    json_key(j, key);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

static void json_close(cylch_json *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    fputc(c, j->f);
    if (j->depth == 0)
        fputc('\n', j->f);
}

void cylch_json_begin_object(cylch_json *j, const char *key) { json_open(j, key, '{'); }
void cylch_json_end_object(cylch_json *j) { json_close(j, '}'); }
void cylch_json_begin_array(cylch_json *j, const char *key) { json_open(j, key, '['); }
void cylch_json_end_array(cylch_json *j) { json_close(j, ']'); }

void cylch_json_num(cylch_json *j, const char *key, double v)
{
    char buf[64];
    json_key(j, key);
    if (!isfinite(v)) {
        fputs("null", j->f);
        return;
    }
    snprintf(buf, sizeof buf, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, j->f);
}

void cylch_json_str(cylch_json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_string(j->f, s);
}

void cylch_json_uint(cylch_json *j, const char *key, unsigned long long v)
{
    json_key(j, key);
    fprintf(j->f, "%llu", v);
}

void cylch_json_bool(cylch_json *j, const char *key, int v)
{
    json_key(j, key);
    fputs(v ? "true" : "false", j->f);
}

void cylch_json_null(cylch_json *j, const char *key)
{
    json_key(j, key);
    fputs("null", j->f);
}

void cylch_json_point(cylch_json *j, const char *key, const cylch_network *net, const cylch_result *r)
{
    cylch_json_begin_object(j, key);
    cylch_json_begin_object(j, "by_source");
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        cylch_json_begin_object(j, cylch_source_name(s));
        cylch_json_num(j, "injection", sr->injection);
        cylch_json_begin_array(j, "rounds");
        for (size_t k = 0; k < r->K; k++)
            cylch_json_num(j, NULL, sr->rounds[k]);
        cylch_json_end_array(j);
        cylch_json_num(j, "lm3", sr->lm3);
        cylch_json_num(j, "lmk", sr->lmk);
        cylch_json_num(j, "lm_inf", sr->lm_inf);
        cylch_json_num(j, "lm_inf_type1", sr->lm_inf_type1);
        cylch_json_num(j, "local_wages", sr->local_wages);
        cylch_json_num(j, "jobs", sr->jobs);
        cylch_json_begin_object(j, "leakage");
        for (int d = 0; d < CYLCH_NLEAK; d++)
            cylch_json_num(j, cylch_leak_name(d), sr->leak_total[d]);
        cylch_json_end_object(j);
        cylch_json_end_object(j);
    }
    cylch_json_end_object(j);
    cylch_json_num(j, "round2_local_share_grant_loan", r->round2_local_share_grant_loan);
    cylch_json_begin_object(j, "members");
    for (size_t i = 0; i < net->n; i++) {
        cylch_json_begin_object(j, net->m[i].id);
        cylch_json_str(j, "name", net->m[i].name);
        cylch_json_num(j, "income", r->member_income[i]);
        cylch_json_num(j, "employees_fte", r->member_jobs[i]);
        cylch_json_num(j, "multiplier", r->member_multiplier[i]);
        cylch_json_num(j, "round2_local_share", r->member_round2_share[i]);
        cylch_json_end_object(j);
    }
    cylch_json_end_object(j);
    cylch_json_end_object(j);
}

/* ---------------------------------------------------------------- CSV */

static int put_num_or_empty(FILE *f, double v, int first)
{
    return isfinite(v) ? cylch_csv_put_num(f, v, first) : cylch_csv_put(f, "", first);
}

int cylch_write_rounds_csv(FILE *f, const cylch_result *r)
{
    int bad = 0;
    bad |= cylch_csv_put(f, "source", 1) | cylch_csv_put(f, "round", 0) |
           cylch_csv_put(f, "received_locally", 0) | cylch_csv_put(f, "cumulative", 0) |
           cylch_csv_put(f, "multiplier_so_far", 0) | cylch_csv_put(f, "leaked", 0) | cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        double cum = 0.0;
        for (size_t k = 0; k < r->K; k++) {
            double leaked = 0.0;
            char rb[32];
            for (int d = 0; d < CYLCH_NLEAK; d++)
                leaked += sr->leak[k * CYLCH_NLEAK + d];
            cum += sr->rounds[k];
            snprintf(rb, sizeof rb, "%zu", k + 1);
            bad |= cylch_csv_put(f, cylch_source_name(s), 1) | cylch_csv_put(f, rb, 0) |
                   cylch_csv_put_num(f, sr->rounds[k], 0) | cylch_csv_put_num(f, cum, 0) |
                   put_num_or_empty(f, sr->injection > 0 ? cum / sr->injection : NAN, 0) |
                   cylch_csv_put_num(f, leaked, 0) | cylch_csv_end(f);
        }
    }
    return bad ? -1 : 0;
}

int cylch_write_members_csv(FILE *f, const cylch_network *net, const cylch_result *r)
{
    int bad = 0;
    bad |= cylch_csv_put(f, "id", 1) | cylch_csv_put(f, "name", 0) | cylch_csv_put(f, "income", 0) |
           cylch_csv_put(f, "employees_fte", 0) | cylch_csv_put(f, "multiplier", 0) |
           cylch_csv_put(f, "round2_local_share", 0) | cylch_csv_end(f);
    for (size_t i = 0; i < net->n; i++)
        bad |= cylch_csv_put(f, net->m[i].id, 1) | cylch_csv_put(f, net->m[i].name, 0) |
               cylch_csv_put_num(f, r->member_income[i], 0) | cylch_csv_put_num(f, r->member_jobs[i], 0) |
               cylch_csv_put_num(f, r->member_multiplier[i], 0) |
               cylch_csv_put_num(f, r->member_round2_share[i], 0) | cylch_csv_end(f);
    return bad ? -1 : 0;
}

int cylch_write_leakage_csv(FILE *f, const cylch_result *r)
{
    int bad = 0;
    bad |= cylch_csv_put(f, "source", 1) | cylch_csv_put(f, "round", 0);
    for (int d = 0; d < CYLCH_NLEAK; d++)
        bad |= cylch_csv_put(f, cylch_leak_name(d), 0);
    bad |= cylch_csv_put(f, "total", 0) | cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        const cylch_source_result *sr = &r->src[s];
        for (size_t k = 0; k <= r->K; k++) {
            const double *l = k < r->K ? sr->leak + k * CYLCH_NLEAK : sr->leak_total;
            double tot = 0.0;
            char rb[32];
            if (k < r->K)
                snprintf(rb, sizeof rb, "%zu", k + 1);
            else
                snprintf(rb, sizeof rb, "all");
            bad |= cylch_csv_put(f, cylch_source_name(s), 1) | cylch_csv_put(f, rb, 0);
            for (int d = 0; d < CYLCH_NLEAK; d++) {
                bad |= cylch_csv_put_num(f, l[d], 0);
                tot += l[d];
            }
            bad |= cylch_csv_put_num(f, tot, 0) | cylch_csv_end(f);
        }
    }
    return bad ? -1 : 0;
}

void cylch_format_money(double v, char *buf, size_t len)
{
    double a = fabs(v);
    const char *sign = v < 0 ? "-" : "";
    if (!isfinite(v))
        snprintf(buf, len, "no value");
    else if (a < 1.0)
        snprintf(buf, len, "%s%.0fp", sign, a * 100.0);
    else if (a < 10.0)
        snprintf(buf, len, "%s£%.2f", sign, a);
    else if (a < 1e6) {
        long long w = (long long)(a + 0.5);
        if (w >= 1000)
            snprintf(buf, len, "%s£%lld,%03lld", sign, w / 1000, w % 1000);
        else
            snprintf(buf, len, "%s£%lld", sign, w);
    } else
        snprintf(buf, len, "%s£%.2fM", sign, a / 1e6);
}

/* ---------------------------------------------------------------- Monte Carlo */

static void json_stats(cylch_json *j, const char *key, const cylch_stats_summary *s)
{
    if (!isfinite(s->mean)) {
        cylch_json_null(j, key);
        return;
    }
    cylch_json_begin_object(j, key);
    cylch_json_num(j, "mean", s->mean);
    cylch_json_num(j, "sd", s->sd);
    cylch_json_num(j, "se", s->se);
    cylch_json_num(j, "p5", s->p5);
    cylch_json_num(j, "p50", s->p50);
    cylch_json_num(j, "p95", s->p95);
    cylch_json_num(j, "min", s->min);
    cylch_json_num(j, "max", s->max);
    cylch_json_end_object(j);
}

void cylch_json_mc(cylch_json *j, const char *key, const cylch_mc *mc, const cylch_stats_summary *st)
{
    cylch_json_begin_object(j, key);
    cylch_json_uint(j, "draws", mc->done);
    cylch_json_uint(j, "uncertain_inputs", mc->nparams);
    cylch_json_begin_object(j, "by_source");
    for (int s = 0; s < CYLCH_NSRC; s++) {
        cylch_json_begin_object(j, cylch_source_name(s));
        for (int q = 0; q < CYLCH_NQ; q++)
            json_stats(j, cylch_q_name(q), &st[CYLCH_HEAD(s, q)]);
        cylch_json_end_object(j);
    }
    cylch_json_end_object(j);
    json_stats(j, "round2_local_share_grant_loan", &st[CYLCH_HEAD_R2GL]);
    cylch_json_end_object(j);
}

int cylch_write_draws_csv(FILE *f, const cylch_mc *mc)
{
    int bad = cylch_csv_put(f, "draw", 1);
    char name[96];
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        cylch_headline_name(h, name, sizeof name);
        bad |= cylch_csv_put(f, name, 0);
    }
    if (mc->inputs)
        for (size_t i = 0; i < mc->nparams; i++)
            bad |= cylch_csv_put(f, mc->param[i].name, 0);
    bad |= cylch_csv_end(f);
    for (size_t k = 0; k < mc->done && !bad; k++) {
        fprintf(f, "%zu", k + 1);
        for (int h = 0; h < CYLCH_NHEAD; h++)
            bad |= put_num_or_empty(f, mc->head[k * CYLCH_NHEAD + (size_t)h], 0);
        if (mc->inputs)
            for (size_t i = 0; i < mc->nparams; i++)
                bad |= cylch_csv_put_num(f, mc->inputs[k * mc->nparams + i], 0);
        bad |= cylch_csv_end(f);
    }
    return bad ? -1 : 0;
}

int cylch_write_histogram_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err)
{
    double *x = malloc((mc->done ? mc->done : 1) * sizeof *x);
    double *scratch = malloc((mc->done ? mc->done : 1) * sizeof *scratch);
    cylch_stats_hist *hist = NULL;
    int rc, bad = 0;
    if (!x || !scratch) {
        free(x);
        free(scratch);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    cylch_mc_column(mc, h, x);
    rc = cylch_stats_hist_new(x, mc->done, 0, scratch, &hist, err);
    if (rc == CYLCH_OK) {
        bad |= cylch_csv_put(f, "bin_low", 1) | cylch_csv_put(f, "bin_high", 0) |
               cylch_csv_put(f, "count", 0) | cylch_csv_put(f, "share", 0) | cylch_csv_end(f);
        for (size_t b = 0; b < hist->bins; b++)
            bad |= cylch_csv_put_num(f, hist->edges[b], 1) | cylch_csv_put_num(f, hist->edges[b + 1], 0) |
                   cylch_csv_put_num(f, (double)hist->counts[b], 0) |
                   cylch_csv_put_num(f, (double)hist->counts[b] / (double)mc->done, 0) | cylch_csv_end(f);
        if (bad)
            rc = cylch_error_set(err, CYLCH_EIO, "writing histogram.csv failed");
    }
    cylch_stats_hist_free(hist);
    free(x);
    free(scratch);
    return rc;
}

int cylch_write_convergence_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err)
{
    size_t cp[200], nc;
    double mean[200], lo[200], hi[200];
    double *x = malloc((mc->done ? mc->done : 1) * sizeof *x);
    int rc, bad = 0;
    if (!x)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_mc_column(mc, h, x);
    nc = cylch_stats_checkpoints(mc->done, 200, cp);
    rc = cylch_stats_running(x, mc->done, cp, nc, mean, lo, hi, err);
    if (rc == CYLCH_OK) {
        bad |= cylch_csv_put(f, "draws", 1) | cylch_csv_put(f, "mean", 0) | cylch_csv_put(f, "low95", 0) |
               cylch_csv_put(f, "high95", 0) | cylch_csv_end(f);
        for (size_t c = 0; c < nc; c++) {
            fprintf(f, "%zu", cp[c]);
            bad |= cylch_csv_put_num(f, mean[c], 0) | cylch_csv_put_num(f, lo[c], 0) |
                   cylch_csv_put_num(f, hi[c], 0) | cylch_csv_end(f);
        }
        if (bad)
            rc = cylch_error_set(err, CYLCH_EIO, "writing convergence.csv failed");
    }
    free(x);
    return rc;
}
