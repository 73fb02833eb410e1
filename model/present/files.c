/* cylch — the result files of a run: summary.json's objects, rounds, members,
 * leakage, draws, histogram and convergence. */
#include "cylch/present/files.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"

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
