/* cylch — the result files of a run: summary.json's objects, rounds, members,
 * leakage, draws, histogram and convergence. */
#include "cylch/present/files.h"
#include "cylch/io/lang.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"
#include "cylch/io/dtoa.h"
#include "cylch/io/lang.h"
#include "cylch/present/workbook.h"
#include "cylch/present/industries.h"

static int npy_swap_needed(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b != 1;
}

/* n doubles as little-endian bytes. */
static int npy_write_doubles(FILE *f, const double *x, size_t n)
{
    if (!npy_swap_needed())
        return fwrite(x, sizeof *x, n, f) == n ? 0 : -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char b[8], r[8];
        memcpy(b, &x[i], 8);
        for (int j = 0; j < 8; j++)
            r[j] = b[7 - j];
        if (fwrite(r, 1, 8, f) != 8)
            return -1;
    }
    return 0;
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
        /* DESIGN §8.3: the input-output figures over the rows of published tables */
        cylch_json_num(j, "output_type1", sr->output_type1);
        cylch_json_num(j, "output_type2", sr->output_type2);
        cylch_json_num(j, "income_type1", sr->income_type1);
        cylch_json_num(j, "income_type2", sr->income_type2);
        cylch_json_num(j, "local_wages", sr->local_wages);
        cylch_json_num(j, "jobs", sr->jobs);
        cylch_json_num(j, "member_turnover", sr->member_turnover);
        if (s == CYLCH_SRC_INCOME)
            cylch_json_num(j, "lm3_nef", sr->lm3_nef);
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


/* Each source of money in words, in English (the CSV files are the same in every
 * language; results.xlsx translates): summary-rounded.csv's Money, and the money
 * column of rounds.csv and leakage.csv. */
static const char *const rounded_money[CYLCH_NSRC] = {
    N_("Grant"), N_("Loans and investment"), N_("Sales outside the place"),
    N_("Money from outside (grant, loans and sales outside)"),
    N_("Members' income (the part the model does not generate itself)"),
};

int cylch_write_rounds_csv(FILE *f, const cylch_result *r)
{
    int bad = 0;
    bad |= cylch_csv_put(f, "source", 1) | cylch_csv_put(f, "round", 0) |
           cylch_csv_put(f, "received_locally", 0) | cylch_csv_put(f, "cumulative", 0) |
           cylch_csv_put(f, "multiplier_so_far", 0) | cylch_csv_put(f, "leaked", 0) |
           cylch_csv_put(f, "money", 0) | cylch_csv_end(f);
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
                   cylch_csv_put_num_or_empty(f, sr->injection > 0 ? cum / sr->injection : NAN, 0) |
                   cylch_csv_put_num(f, leaked, 0) | cylch_csv_put(f, rounded_money[s], 0) | cylch_csv_end(f);
        }
    }
    return bad ? -1 : 0;
}

/* The figures of summary-rounded.csv: a headline quantity, its unit and decimals. The CSV is
 * in English whatever the language (for scripts); the words are marked N_ for the workbook's
 * Summary sheet, which shows them in the run's language (workbook.c). */
static const struct {
    int q;
    const char *figure, *unit;
    int decimals;
} rounded_figures[] = {
    {CYLCH_Q_LM3, N_("Local multiplier LM3 (three rounds)"), N_("£ per £1"), 2},
    {CYLCH_Q_LMK, NULL, N_("£ per £1"), 2},   /* "LMk (k rounds)", only when k is not 3 */
    {CYLCH_Q_LM_INF, N_("Local multiplier over time (every round)"), N_("£ per £1"), 2},
    {CYLCH_Q_LM_INF_TYPE1, N_("Over time, households' re-spending left out (Type I)"), N_("£ per £1"), 2},
    {CYLCH_Q_LOCAL_WAGES, N_("Local wages supported"), N_("£ a year"), 0},
    {CYLCH_Q_JOBS, N_("Jobs supported"), N_("FTE"), 1},
};


/* v rounded to d decimals as a CSV field; empty for a quantity with no value. */
static int put_rounded(FILE *f, double v, int d)
{
    char b[64];
    if (!isfinite(v))
        return cylch_csv_put(f, "", 0);
    snprintf(b, sizeof b, "%.*f", d, v);
    /* No "-0": a tiny negative rounds to plain 0. */
    if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
        memmove(b, b + 1, strlen(b));
    return cylch_csv_put(f, b, 0);
}

static int put_rounded_row(FILE *f, const char *figure, const char *money, const char *unit, int d,
                           double scale, double point, const cylch_stats_summary *st)
{
    int bad = cylch_csv_put(f, figure, 1) | cylch_csv_put(f, money, 0) | cylch_csv_put(f, unit, 0) |
              put_rounded(f, scale * point, d);
    if (st && isfinite(st->mean))
        bad |= put_rounded(f, scale * st->mean, d) | put_rounded(f, scale * st->p5, d) |
               put_rounded(f, scale * st->p95, d);
    else
        bad |= cylch_csv_put(f, "", 0) | cylch_csv_put(f, "", 0) | cylch_csv_put(f, "", 0);
    return bad | cylch_csv_end(f);
}

int cylch_write_summary_rounded_csv(FILE *f, const cylch_result *r, const cylch_stats_summary *st)
{
    static const char *const head[] = {N_("Figure"), N_("Money"), N_("Unit"), N_("At reported values"),
                                       N_("Average of draws"), N_("90% range from"), N_("90% range to")};
    int bad = 0;
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
        bad |= cylch_csv_put(f, head[i], i == 0);
    bad |= cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC; s++)
        for (size_t i = 0; i < sizeof rounded_figures / sizeof *rounded_figures; i++) {
            int h = CYLCH_HEAD(s, rounded_figures[i].q);
            char fig[96];
            if (rounded_figures[i].figure)
                snprintf(fig, sizeof fig, "%s", rounded_figures[i].figure);
            else if (r->K != 3)
                snprintf(fig, sizeof fig, "Local multiplier LM%zu (%zu rounds)", r->K, r->K);
            else
                continue;
            bad |= put_rounded_row(f, fig, rounded_money[s], rounded_figures[i].unit,
                                   rounded_figures[i].decimals, 1.0, cylch_result_headline(r, h),
                                   st ? &st[h] : NULL);
        }
    bad |= put_rounded_row(f, N_("Share of round 1 spent locally in round 2"), N_("Grant and loans"), "%", 1, 100.0,
                           r->round2_local_share_grant_loan, st ? &st[CYLCH_HEAD_R2GL] : NULL);
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
    bad |= cylch_csv_put(f, "total", 0) | cylch_csv_put(f, "money", 0) | cylch_csv_end(f);
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
            bad |= cylch_csv_put_num(f, tot, 0) | cylch_csv_put(f, rounded_money[s], 0) | cylch_csv_end(f);
        }
    }
    return bad ? -1 : 0;
}

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

/* Draws per chunk of draws.csv: each thread formats whole chunks into its own buffer. */
#define DRAWS_CHUNK 2048

/* One row of draws.csv for draw k into p (room for draws_row_max bytes); returns the end. */
static char *format_draw_row(char *p, const cylch_mc *mc, size_t k)
{
    const double *head = mc->head + k * CYLCH_NHEAD;
    size_t n = k + 1, len = 0;
    char digits[24];
    do {
        digits[len++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (len)
        *p++ = digits[--len];
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        *p++ = ',';
        if (isfinite(head[h]))
            p += cylch_dtoa(head[h], p);
    }
    if (mc->inputs)
        for (size_t i = 0; i < mc->nparams; i++) {
            *p++ = ',';
            p += cylch_dtoa(mc->inputs[k * mc->nparams + i], p);
        }
    *p++ = '\n';
    return p;
}

static size_t draws_row_max(const cylch_mc *mc)
{
    return 24 + (CYLCH_NHEAD + (mc->inputs ? mc->nparams : 0)) * (CYLCH_DTOA_MAX + 1) + 1;
}

/* The column names of the draws (headline quantities, then kept inputs), each
 * preceded by a comma unless first; `draw` first when with_draw. */
static int put_draws_header(FILE *f, const cylch_mc *mc, int with_draw)
{
    int bad = with_draw ? cylch_csv_put(f, "draw", 1) : 0;
    char name[96];
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        cylch_headline_name(h, name, sizeof name);
        bad |= cylch_csv_put(f, name, !with_draw && h == 0);
    }
    if (mc->inputs)
        for (size_t i = 0; i < mc->nparams; i++)
            bad |= cylch_csv_put(f, mc->param[i].name, 0);
    return bad | cylch_csv_end(f);
}

int cylch_write_draws_csv(FILE *f, const cylch_mc *mc)
{
    const size_t chunks = (mc->done + DRAWS_CHUNK - 1) / DRAWS_CHUNK;
    const size_t room = DRAWS_CHUNK * draws_row_max(mc);
    int bad = put_draws_header(f, mc, 1);
    int nthreads = mc->threads ? (int)mc->threads : 1;
    if (bad)
        return -1;
    /* Threads format chunks side by side; the ordered region writes them one after
     * another in draw order, so the bytes never depend on the thread count. */
#pragma omp parallel num_threads(nthreads)
    {
        char *buf = malloc(room);
#pragma omp for ordered schedule(static, 1)
        for (size_t c = 0; c < chunks; c++) {
            char *p = buf;
            size_t end = (c + 1) * DRAWS_CHUNK < mc->done ? (c + 1) * DRAWS_CHUNK : mc->done;
            if (buf && !bad)
                for (size_t k = c * DRAWS_CHUNK; k < end; k++)
                    p = format_draw_row(p, mc, k);
#pragma omp ordered
            {
                if (!buf || (!bad && fwrite(buf, 1, (size_t)(p - buf), f) != (size_t)(p - buf)))
                    bad = 1;
            }
        }
        free(buf);
    }
    return bad ? -1 : 0;
}

int cylch_write_draws_npy(FILE *f, const cylch_mc *mc)
{
    const size_t ncols = CYLCH_NHEAD + (mc->inputs ? mc->nparams : 0);
    char header[256];
    int len = snprintf(header + 10, sizeof header - 10,
                       "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), }",
                       mc->done, ncols);
    /* Magic, version 1.0, header length; the header padded with spaces and a
     * newline so that the data start on a multiple of 64 bytes. */
    size_t total = ((size_t)(10 + len + 1) + 63) / 64 * 64;
    size_t hlen = total - 10;
    memcpy(header, "\x93NUMPY\x01\x00", 8);
    header[8] = (char)(hlen & 0xff);
    header[9] = (char)(hlen >> 8);
    memset(header + 10 + len, ' ', total - 10 - (size_t)len - 1);
    header[total - 1] = '\n';
    if (fwrite(header, 1, total, f) != total)
        return -1;
    if (!mc->inputs && !npy_swap_needed()) {
        /* Draw-major headline values are already the array's bytes: one write. */
        size_t n = mc->done * CYLCH_NHEAD;
        return fwrite(mc->head, sizeof *mc->head, n, f) == n ? 0 : -1;
    }
    for (size_t k = 0; k < mc->done; k++)
        if (npy_write_doubles(f, mc->head + k * CYLCH_NHEAD, CYLCH_NHEAD) ||
            (mc->inputs && npy_write_doubles(f, mc->inputs + k * mc->nparams, mc->nparams)))
            return -1;
    return 0;
}

int cylch_write_draws_columns_csv(FILE *f, const cylch_mc *mc)
{
    int bad = cylch_csv_put(f, "column", 1) | cylch_csv_put(f, "name", 0) | cylch_csv_put(f, "measure", 0) |
              cylch_csv_put(f, "unit", 0) | cylch_csv_end(f);
    char name[96], num[24], label[192];
    for (size_t c = 0; c < CYLCH_NHEAD + (mc->inputs ? mc->nparams : 0); c++) {
        if (c < CYLCH_NHEAD) {
            cylch_headline_name((int)c, name, sizeof name);
            cylch_headline_label((int)c, mc->rounds, label, sizeof label);
        }
        snprintf(num, sizeof num, "%zu", c);
        bad |= cylch_csv_put(f, num, 1) |
               cylch_csv_put(f, c < CYLCH_NHEAD ? name : mc->param[c - CYLCH_NHEAD].name, 0) |
               cylch_csv_put(f, c < CYLCH_NHEAD ? label : "", 0) |
               cylch_csv_put(f, c < CYLCH_NHEAD ? cylch_headline_unit((int)c) : "", 0) | cylch_csv_end(f);
    }
    return bad ? -1 : 0;
}

int cylch_write_histogram_csv(FILE *f, const cylch_mc *mc, int h, cylch_error *err)
{
    double *x = malloc((mc->done ? mc->done : 1) * sizeof *x);
    cylch_stats_hist *hist = NULL;
    int rc, bad = 0;
    if (!x)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_mc_column(mc, h, x);
    rc = cylch_stats_hist_new(x, mc->done, 0, x, &hist, err);
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

/* ------------------------------------------------------------ the files of a run */

static int w_summary(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_run_files *rf = ctx;
    cylch_json j;
    char headline_name[96];
    (void)err;
    cylch_headline_name(cylch_result_headline_index(rf->r), headline_name, sizeof headline_name);
    cylch_json_init(&j, f);
    cylch_json_begin_object(&j, NULL);
    cylch_json_str(&j, "cylch_version", rf->version);
    cylch_json_str(&j, "scenario", rf->s->name);
    cylch_json_str(&j, "scenario_file", rf->s->path);
    cylch_json_str(&j, "network", rf->s->network);
    cylch_json_uint(&j, "seed", rf->s->seed);
    cylch_json_uint(&j, "draws", rf->s->draws);
    cylch_json_uint(&j, "rounds", rf->s->rounds);
    cylch_json_begin_array(&j, "notes");
    for (size_t i = 0; i < rf->notes->n; i++)
        cylch_json_str(&j, NULL, rf->notes->line[i]);
    cylch_json_end_array(&j);
    cylch_json_str(&j, "headline", headline_name);
    cylch_json_point(&j, "point", rf->net, rf->r);
    if (rf->industries)
        cylch_json_industries(&j, "industries", rf->industries);
    if (rf->mc)
        cylch_json_mc(&j, "mc", rf->mc, rf->stats);
    cylch_json_end_object(&j);
    return 0;
}

static int w_rounds(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_rounds_csv(f, ((const cylch_run_files *)ctx)->r);
}

static int w_summary_rounded(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_run_files *rf = ctx;
    (void)err;
    return cylch_write_summary_rounded_csv(f, rf->r, rf->mc ? rf->stats : NULL);
}

static int w_members(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_run_files *rf = ctx;
    (void)err;
    return cylch_write_members_csv(f, rf->net, rf->r);
}

static int w_leakage(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_leakage_csv(f, ((const cylch_run_files *)ctx)->r);
}

static int w_draws_csv(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_draws_csv(f, ((const cylch_run_files *)ctx)->mc);
}

static int w_draws_npy(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_draws_npy(f, ((const cylch_run_files *)ctx)->mc);
}

static int w_draws_columns(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_draws_columns_csv(f, ((const cylch_run_files *)ctx)->mc);
}

static int w_histogram(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_run_files *rf = ctx;
    return cylch_write_histogram_csv(f, rf->mc, cylch_result_headline_index(rf->r), err);
}

static int w_convergence(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_run_files *rf = ctx;
    return cylch_write_convergence_csv(f, rf->mc, cylch_result_headline_index(rf->r), err);
}

static int w_industries(FILE *f, const void *ctx, cylch_error *err)
{
    (void)err;
    return cylch_write_industries_csv(f, ((const cylch_run_files *)ctx)->industries);
}

enum { NEED_DRAWS = 1u, NEED_CSV = 2u, NEED_NPY = 4u, NEED_INDUSTRIES = 8u };

/* In the order of the workbook's sheets (per-draw files get none). */
static const cylch_file_spec run_files[] = {
    {"summary.json", w_summary, 0},
    {"summary-rounded.csv", w_summary_rounded, 0},
    {"draws.csv", w_draws_csv, NEED_DRAWS | NEED_CSV},
    {"draws.npy", w_draws_npy, NEED_DRAWS | NEED_NPY},
    {"draws-columns.csv", w_draws_columns, NEED_DRAWS | NEED_NPY},
    {"rounds.csv", w_rounds, 0},
    {"members.csv", w_members, 0},
    {"leakage.csv", w_leakage, 0},
    {"industries.csv", w_industries, NEED_INDUSTRIES},
    {"histogram.csv", w_histogram, NEED_DRAWS},
    {"convergence.csv", w_convergence, NEED_DRAWS},
};

int cylch_run_files_write(cylch_outdir *o, const cylch_run_files *rf, cylch_error *err)
{
    unsigned have = (rf->mc ? NEED_DRAWS : 0u) | (rf->draws_file == CYLCH_DRAWS_CSV ? NEED_CSV : 0u) |
                    (rf->draws_file == CYLCH_DRAWS_NPY ? NEED_NPY : 0u) |
                    (rf->industries ? NEED_INDUSTRIES : 0u);
    const size_t n = sizeof run_files / sizeof run_files[0];
    int rc = cylch_outdir_write_files(o, run_files, n, have, rf, err);
    const cylch_scenario *const sc[1] = {rf->s};
    const cylch_workbook_about about = {sc, 1, rf->mc ? rf->s->draws : 0, (unsigned long long)rf->s->seed};
    return rc ? rc : cylch_workbook_write_outdir(o, "results.xlsx", run_files, n, have, &about, err);
}
