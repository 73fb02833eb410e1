/* cylch — results by industry of a scenario with [economy]. Definitions in
 * include/cylch/present/industries.h. */
#include "cylch/present/industries.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cylch/core/economy.h"
#include "cylch/core/run.h"
#include "cylch/io/csvio.h"
#include "cylch/io/format.h"
#include "cylch/io/lang.h"
#include "cylch/present/summary.h"
#include "cylch/uncertainty/stats.h"

static const char *const q_keys[CYLCH_IND_NQ] = {"local_output", "local_wages", "jobs", "gva"};

void cylch_industries_free(cylch_industries *ind)
{
    if (!ind)
        return;
    free(ind->v);
    free(ind->single.path);
    free(ind);
}

double cylch_industries_get(const cylch_industries *ind, int s, size_t k, int q)
{
    return ind->v[((size_t)s * ind->n + k) * CYLCH_IND_NQ + (size_t)q];
}

int cylch_industries_compute(cylch_model *m, const cylch_network *net, cylch_industries **out,
                             cylch_error *err)
{
    const cylch_economy *e = net->economy;
    cylch_industries *ind = NULL;
    size_t na = cylch_model_agents(m), B = net->n + 1;
    double *x = NULL;
    int rc = CYLCH_OK;
    *out = NULL;
    if (!e || na != net->n + 1 + e->n)
        return cylch_error_set(err, CYLCH_EINPUT, "results by industry need a scenario with [economy]");
    ind = calloc(1, sizeof *ind);
    x = malloc(na * sizeof *x);
    if (!ind || !x || !(ind->v = calloc(CYLCH_NSRC * e->n * CYLCH_IND_NQ, sizeof *ind->v))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto fail;
    }
    ind->n = e->n;
    ind->name = (const char *const *)e->table->name;
    ind->code = (const char *const *)e->code;
    for (int s = 0; s < CYLCH_NSRC; s++) {
        ind->injection[s] = 0.0;
        for (size_t i = 0; i < na; i++)
            ind->injection[s] += cylch_model_injection(m, s, i);
        if ((rc = cylch_model_turnover(m, s, x, err)))
            goto fail;
        for (size_t k = 0; k < e->n; k++) {
            double *v = ind->v + ((size_t)s * e->n + k) * CYLCH_IND_NQ, xk = x[B + k];
            v[CYLCH_IND_OUTPUT] = xk;
            v[CYLCH_IND_WAGES] = cylch_model_a(m, net->n, B + k) * xk;
            v[CYLCH_IND_JOBS] = e->jobs[k] * xk;
            v[CYLCH_IND_GVA] = e->gva[k] * xk;
        }
    }
    free(x);
    *out = ind;
    return CYLCH_OK;
fail:
    free(x);
    cylch_industries_free(ind);
    return rc;
}

/* ---- the single agent beside the [economy] ---- */

static const int single_q[CYLCH_SINGLE_NQ] = {CYLCH_Q_LM_INF, CYLCH_Q_LM3, CYLCH_Q_LOCAL_WAGES,
                                              CYLCH_Q_JOBS};
static const char *const single_keys[CYLCH_SINGLE_NQ] = {"lm_inf", "lm3", "local_wages", "jobs"};

/* 1 when a and b name the same folder (the same device and inode; the same
 * text if either cannot be looked at). */
static int same_folder(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The percentiles 5, 50, 95 of x[0..n-1] (reordered) into q; NaN when any is
 * not finite (a quantity with no value). */
static void pct3(double *x, size_t n, double q[3])
{
    static const double f[3] = {0.05, 0.5, 0.95};
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) {
            q[0] = q[1] = q[2] = NAN;
            return;
        }
    cylch_stats_quantiles_select(x, n, f, 3, q);
}

int cylch_industries_single_agent(cylch_industries *ind, const cylch_scenario *s,
                                  const cylch_result *r, const cylch_model *m, const cylch_mc *mc,
                                  unsigned threads, volatile sig_atomic_t *stop, cylch_error *err)
{
    cylch_industries_single *sg = &ind->single;
    cylch_run_options ro = {0};
    cylch_run *run = NULL;
    cylch_mc *mc1 = NULL;
    double *x = NULL, *y = NULL;
    char what[1200];
    int h, src, rc = CYLCH_OK;
    size_t B, H, nd;
    if (!s->economy || !s->economy->single_agent)
        return CYLCH_OK;
    snprintf(what, sizeof what, _("single_agent = %s in [economy] of %s"), s->economy->single_agent,
             s->path);
    nd = mc ? mc->done : 0;
    ro.have_seed = 1;
    ro.seed = s->seed;
    ro.have_draws = 1;
    ro.draws = nd;
    if ((rc = cylch_run_new(s->economy->single_agent, &ro, &run, err)))
        return cylch_error_prefix(err, rc, what);
    if (run->s->economy) {
        rc = cylch_error_at(err, CYLCH_EINPUT, s->path, s->economy->single_agent_line,
                            "single_agent = %s in [economy] has an [economy] itself; name the "
                            "scenario with the single agent B of other local businesses that this "
                            "one replaces", s->economy->single_agent);
        goto done;
    }
    if (!same_folder(run->s->network, s->network)) {
        rc = cylch_error_at(err, CYLCH_EINPUT, s->path, s->economy->single_agent_line,
                            "single_agent = %s in [economy] is about the network %s, not %s; name "
                            "the scenario of the same network with the single agent B",
                            s->economy->single_agent, run->s->network, s->network);
        goto done;
    }
    h = cylch_result_headline_index(r);
    src = h / CYLCH_NQ;
    sg->source = src;
    for (int q = 0; q < CYLCH_SINGLE_NQ; q++) {
        sg->point[0][q] = cylch_result_headline(run->point, CYLCH_HEAD(src, single_q[q]));
        sg->point[1][q] = cylch_result_headline(r, CYLCH_HEAD(src, single_q[q]));
    }
    /* Why: per £1 other local businesses receive. The single agent: A[B][B] and
     * A[H][B]; the industries: their columns, weighted by their turnover. */
    B = run->net->n + 1;
    H = run->net->n;
    sg->respend[0] = cylch_model_a(run->model, B, B);
    sg->wages[0] = cylch_model_a(run->model, H, B);
    {
        double tot = 0.0, rs = 0.0, wg = 0.0;
        size_t Be = s->economy ? H + 1 : B;
        for (size_t k = 0; k < ind->n; k++) {
            double xk = cylch_industries_get(ind, src, k, CYLCH_IND_OUTPUT), cs = 0.0;
            if (!(xk > 0.0))
                continue;
            for (size_t i = 0; i < ind->n; i++)
                cs += cylch_model_a(m, Be + i, Be + k);
            tot += xk;
            rs += xk * cs;
            wg += xk * cylch_model_a(m, H, Be + k);
        }
        sg->respend[1] = tot > 0.0 ? rs / tot : NAN;
        sg->wages[1] = tot > 0.0 ? wg / tot : NAN;
    }
    if (nd > 0) {
        if ((rc = cylch_mc_new(run->s, run->net, 0, &mc1, err)) ||
            (rc = cylch_mc_run(mc1, run->s, run->net, threads, NULL, NULL, stop, err))) {
            cylch_error_prefix(err, rc, what);
            goto done;
        }
        x = malloc(nd * sizeof *x);
        y = malloc(nd * sizeof *y);
        if (!x || !y) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto done;
        }
        for (int q = 0; q < CYLCH_SINGLE_NQ; q++) {
            int hq = CYLCH_HEAD(src, single_q[q]);
            cylch_mc_column(mc1, hq, x);
            cylch_mc_column(mc, hq, y);
            for (size_t k = 0; k < nd; k++)
                y[k] -= x[k];
            pct3(y, nd, sg->diff[q]);
            pct3(x, nd, sg->range[0][q]);
            cylch_mc_column(mc, hq, y);
            pct3(y, nd, sg->range[1][q]);
        }
    }
    sg->draws = nd;
    if (!(sg->path = strdup(s->economy->single_agent))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    sg->have = 1;
done:
    free(x);
    free(y);
    cylch_mc_free(mc1);
    cylch_run_free(run);
    return rc;
}

/* "£2.72" for a multiplier, "£1.2M" for money, "25.5" for jobs. */
static void fmt_single(int q, double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "%s", _("no value"));
    else if (q == CYLCH_SINGLE_JOBS)
        cylch_format_fte(v, buf, len);
    else if (q == CYLCH_SINGLE_WAGES)
        cylch_format_money(v, buf, len);
    else
        snprintf(buf, len, "£%.2f", v);
}

void cylch_industries_write_single(FILE *f, const cylch_industries *ind)
{
    const cylch_industries_single *sg;
    char a[64], b[64], d[3][32], r[2][32], w[2][32];
    if (!ind || !(sg = &ind->single)->have)
        return;
    fmt_single(CYLCH_SINGLE_LM_INF, sg->point[1][CYLCH_SINGLE_LM_INF], a, sizeof a);
    fmt_single(CYLCH_SINGLE_LM_INF, sg->point[0][CYLCH_SINGLE_LM_INF], b, sizeof b);
    for (int t = 0; t < 3; t++)
        snprintf(d[t], sizeof d[t], "%+.1fp",
                 100 * (sg->draws ? sg->diff[CYLCH_SINGLE_LM_INF][t]
                                  : sg->point[1][CYLCH_SINGLE_LM_INF] - sg->point[0][CYLCH_SINGLE_LM_INF]));
    for (int k = 0; k < 2; k++) {
        snprintf(r[k], sizeof r[k], "%.1fp", 100 * sg->respend[k]);
        snprintf(w[k], sizeof w[k], "%.1fp", 100 * sg->wages[k]);
    }
    putc('\n', f);
    if (sg->draws && isfinite(sg->diff[CYLCH_SINGLE_LM_INF][1]))
        fprintf(f, _("Beside the single agent B (%s, the same %zu draws): every £1 %s is worth %s over time "
                     "with the industries, %s with B; the difference is %s (%s to %s).\n"),
                sg->path, sg->draws, cylch_summary_source_phrase(sg->source), a, b, d[1], d[0], d[2]);
    else
        fprintf(f, _("Beside the single agent B (%s): every £1 %s is worth %s over time with the industries, "
                     "%s with B; the difference is %s.\n"),
                sg->path, cylch_summary_source_phrase(sg->source), a, b, d[1]);
    fprintf(f, _("Why: of each £1 they receive, the industries re-spend %s locally and pay %s in local wages; "
                 "B re-spends %s and pays %s.\n"), r[1], w[1], r[0], w[0]);
}

/* Industries by decreasing local output for source s (order[] of n). */
static void rank(const cylch_industries *ind, int s, size_t *order)
{
    for (size_t k = 0; k < ind->n; k++)
        order[k] = k;
    /* Insertion sort: 105 industries, stable (ties keep table order). */
    for (size_t a = 1; a < ind->n; a++) {
        size_t k = order[a], b = a;
        double v = cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT);
        while (b > 0 && cylch_industries_get(ind, s, order[b - 1], CYLCH_IND_OUTPUT) < v) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = k;
    }
}

void cylch_json_industries(cylch_json *j, const char *key, const cylch_industries *ind)
{
    size_t *order = malloc((ind->n ? ind->n : 1) * sizeof *order);
    cylch_json_begin_object(j, key);
    for (int s = 0; s < CYLCH_NSRC; s++) {
        if (!(ind->injection[s] > 0.0))
            continue;
        cylch_json_begin_array(j, cylch_source_name(s));
        if (order)
            rank(ind, s, order);
        for (size_t r = 0; r < ind->n; r++) {
            size_t k = order ? order[r] : r;
            if (!(cylch_industries_get(ind, s, k, CYLCH_IND_OUTPUT) > 0.0))
                continue;
            cylch_json_begin_object(j, NULL);
            cylch_json_str(j, "code", ind->code[k]);
            cylch_json_str(j, "industry", ind->name[k]);
            for (int q = 0; q < CYLCH_IND_NQ; q++)
                cylch_json_num(j, q_keys[q], cylch_industries_get(ind, s, k, q));
            cylch_json_end_object(j);
        }
        cylch_json_end_array(j);
    }
    if (ind->single.have) {
        const cylch_industries_single *sg = &ind->single;
        static const char *const who[2] = {"single_agent", "economy"};
        static const char *const pk[3] = {"p5", "p50", "p95"};
        cylch_json_begin_object(j, "single_agent");
        cylch_json_str(j, "scenario", sg->path);
        cylch_json_str(j, "source", cylch_source_name(sg->source));
        cylch_json_uint(j, "paired_draws", sg->draws);
        for (int q = 0; q < CYLCH_SINGLE_NQ; q++) {
            cylch_json_begin_object(j, single_keys[q]);
            for (int w = 0; w < 2; w++) {
                cylch_json_begin_object(j, who[w]);
                cylch_json_num(j, "point", sg->point[w][q]);
                for (int t = 0; sg->draws && t < 3; t++)
                    cylch_json_num(j, pk[t], sg->range[w][q][t]);
                cylch_json_end_object(j);
            }
            cylch_json_begin_object(j, "difference");
            cylch_json_num(j, "point", sg->point[1][q] - sg->point[0][q]);
            for (int t = 0; sg->draws && t < 3; t++)
                cylch_json_num(j, pk[t], sg->diff[q][t]);
            cylch_json_end_object(j);
            cylch_json_end_object(j);
        }
        /* why: per £1 other local businesses receive */
        cylch_json_begin_object(j, "per_pound_received");
        for (int w = 0; w < 2; w++) {
            cylch_json_begin_object(j, who[w]);
            cylch_json_num(j, "respent_locally", sg->respend[w]);
            cylch_json_num(j, "local_wages", sg->wages[w]);
            cylch_json_end_object(j);
        }
        cylch_json_end_object(j);
        cylch_json_end_object(j);
    }
    cylch_json_end_object(j);
    free(order);
}

int cylch_write_industries_csv(FILE *f, const cylch_industries *ind)
{
    int bad = cylch_csv_put(f, "source", 1) | cylch_csv_put(f, "code", 0) |
              cylch_csv_put(f, "industry", 0);
    for (int q = 0; q < CYLCH_IND_NQ; q++)
        bad |= cylch_csv_put(f, q_keys[q], 0);
    bad |= cylch_csv_end(f);
    for (int s = 0; s < CYLCH_NSRC && !bad; s++) {
        if (!(ind->injection[s] > 0.0))
            continue;
        for (size_t k = 0; k < ind->n; k++) {
            bad |= cylch_csv_put(f, cylch_source_name(s), 1) | cylch_csv_put(f, ind->code[k], 0) |
                   cylch_csv_put(f, ind->name[k], 0);
            for (int q = 0; q < CYLCH_IND_NQ; q++)
                bad |= cylch_csv_put_num(f, cylch_industries_get(ind, s, k, q), 0);
            bad |= cylch_csv_end(f);
        }
    }
    return bad || ferror(f) ? -1 : 0;
}

int cylch_write_industries_dat(FILE *f, const cylch_industries *ind, int s)
{
    size_t *order = malloc((ind->n ? ind->n : 1) * sizeof *order), top;
    double rest = 0.0, inj = ind->injection[s];
    int bad = 0;
    if (!order || !(inj > 0.0)) {
        free(order);
        return -1;
    }
    rank(ind, s, order);
    top = ind->n < 15 ? ind->n : 15;
    fprintf(f, "# rank\tcode\tname\tpence_per_pound (local turnover of each industry per £1 of %s money)\n",
            cylch_source_name(s));
    for (size_t r = 0; r < top; r++) {
        char name[64];
        const char *src = ind->name[order[r]];
        size_t len = strlen(src), o = 0;
        /* Short names, quotes replaced: gnuplot reads them as strings. */
        for (size_t i = 0; i < len && o < 44; i++)
            name[o++] = src[i] == '"' ? '\'' : src[i];
        if (len > 44) {
            memcpy(name + 41, "...", 3);
            o = 44;
        }
        name[o] = '\0';
        fprintf(f, "%zu\t\"%s\"\t\"%s\"\t%.6f\n", r, ind->code[order[r]], name,
                100.0 * cylch_industries_get(ind, s, order[r], CYLCH_IND_OUTPUT) / inj);
    }
    for (size_t r = top; r < ind->n; r++)
        rest += cylch_industries_get(ind, s, order[r], CYLCH_IND_OUTPUT);
    fprintf(f, "%zu\t\"rest\"\t\"all other industries (%zu)\"\t%.6f\n", top, ind->n - top, 100.0 * rest / inj);
    bad = ferror(f);
    free(order);
    return bad ? -1 : 0;
}
