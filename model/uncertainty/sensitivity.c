/* cylch — sensitivity analysis: tornado, Spearman rank correlation and Sobol'
 * indices of the headline quantities to each uncertain input (see
 * include/cylch/sensitivity.h). */
#include "cylch/uncertainty/sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "cylch/io/csvio.h"
#include "cylch/core/dist.h"
#include "cylch/io/format.h"
#include "cylch/io/json.h"
#include "cylch/io/results.h"
#include "cylch/uncertainty/stats.h"

static const char *const method_names[CYLCH_NSENS] = {"tornado", "spearman", "sobol"};

const char *cylch_sens_method_name(int method)
{
    return (method >= 0 && method < CYLCH_NSENS) ? method_names[method] : "?";
}

int cylch_sens_method_find(const char *name)
{
    for (int m = 0; m < CYLCH_NSENS; m++)
        if (name && strcmp(name, method_names[m]) == 0)
            return m;
    return -1;
}

cylch_sens_options cylch_sens_options_default(void)
{
    cylch_sens_options o;
    memset(&o, 0, sizeof o);
    o.method = CYLCH_SENS_TORNADO;
    o.p_lo = 0.05;
    o.p_hi = 0.95;
    o.bootstrap = 500;
    o.level = 0.95;
    return o;
}

void cylch_sens_free(cylch_sens *r)
{
    if (!r)
        return;
    if (r->label)
        for (size_t i = 0; i < r->k; i++)
            free(r->label[i]);
    free(r->label);
    free(r->scenario);
    free(r->name);
    free(r->point);
    free(r->rank);
    free(r->x_lo);
    free(r->x_hi);
    free(r->y_lo);
    free(r->y_hi);
    free(r->rho);
    free(r->out);
    cylch_sobol_result_free(r->sobol);
    free(r);
}

/* ---------------------------------------------------------------- helpers */

/* A readable label for parameter q: "households' local spending share" or
 * "local share of wages at GISDA". */
static char *param_label(const cylch_mc_param *q, const cylch_network *net)
{
    static const char *const place_words[CYLCH_NPLACE] = {
        "share of gross pay reaching households (net_wage_share)",
        "households' local spending share (household_local_spend)",
        "share of households' local spending that goes to members (household_member_share)",
        "other local businesses' local wage share (business_local_wage_share)",
        "other local businesses' local supply share (business_local_supply_share)",
        "jobs per £1M in other local businesses (jobs_per_million)"
    };
    char buf[512];
    if (q->is_place) {
        snprintf(buf, sizeof buf, "%s", place_words[q->index]);
    } else {
        const char *who = q->member < net->n ? net->m[q->member].name : "?";
        switch (q->index) {
        case CYLCH_COL_WAGES_LOCAL_SHARE:
            snprintf(buf, sizeof buf, "local share of wages at %s", who);
            break;
        case CYLCH_COL_PURCHASES_LOCAL_SHARE:
            snprintf(buf, sizeof buf, "local share of purchases at %s", who);
            break;
        case CYLCH_COL_OTHER_LOCAL_SHARE:
            snprintf(buf, sizeof buf, "local share of other costs at %s", who);
            break;
        default:
            snprintf(buf, sizeof buf, "%s of %s", cylch_col_name(q->index), who);
        }
    }
    return strdup(buf);
}

/* The value of parameter q at probability p, kept inside its valid range. */
static double param_quantile(const cylch_mc_param *q, double p)
{
    double x = cylch_dist_quantile(q->dist, q->centre, p);
    if (q->range == CYLCH_RANGE_SHARE)
        x = x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
    else if (q->range == CYLCH_RANGE_NONNEG && x < 0.0)
        x = 0.0;
    return x;
}

/* The headline output: LM∞ of grant money when there is any, otherwise of
 * money from outside, otherwise of income (as cylch_result_headline_index). */
/* Position of headline entry h among the Sobol outputs, or −1. */
static long sobol_output(const cylch_sens *r, int h)
{
    for (size_t o = 0; o < r->nout; o++)
        if (r->out[o] == h)
            return (long)o;
    return -1;
}

/* Importance of input i for output h (larger is more important); NaN when
 * the output has no value. */
static double importance(const cylch_sens *r, int h, size_t i)
{
    switch (r->method) {
    case CYLCH_SENS_TORNADO:
        return fabs(r->y_hi[i * CYLCH_NHEAD + (size_t)h] - r->y_lo[i * CYLCH_NHEAD + (size_t)h]);
    case CYLCH_SENS_SPEARMAN:
        return fabs(r->rho[i * CYLCH_NHEAD + (size_t)h]);
    default: {
        long o = sobol_output(r, h);
        return o < 0 ? NAN : r->sobol->st[(size_t)o * r->k + i];
    }
    }
}

/* 1 if output h has results. */
static int has_output(const cylch_sens *r, int h)
{
    if (r->method == CYLCH_SENS_SOBOL)
        return sobol_output(r, h) >= 0;
    return isfinite(r->base[h]);
}

/* idx[0..k−1] = the inputs ordered by importance for output h, largest first;
 * a stable insertion sort, so ties keep the inputs' order. */
static void rank_inputs(const cylch_sens *r, int h, size_t *idx)
{
    for (size_t i = 0; i < r->k; i++) {
        double v = importance(r, h, i);
        size_t p = i;
        if (!isfinite(v))
            v = -1.0;
        while (p > 0) {
            double w = importance(r, h, idx[p - 1]);
            if (!isfinite(w))
                w = -1.0;
            if (w >= v)
                break;
            idx[p] = idx[p - 1];
            p--;
        }
        idx[p] = i;
    }
}

/* ---------------------------------------------------------------- Sobol' */

typedef struct sobol_ctx {
    const cylch_mc *mc;
    const cylch_network *net;
    cylch_place place;
    size_t nout;
    const int *out;
} sobol_ctx;

typedef struct sobol_ws {
    cylch_model *m;
    double *vals;
    double *x;
    cylch_place place;
    double head[CYLCH_NHEAD];
    cylch_error err;
} sobol_ws;

static void sobol_ws_free(void *p)
{
    sobol_ws *w = p;
    if (!w)
        return;
    cylch_model_free(w->m);
    free(w->vals);
    free(w->x);
    free(w);
}

static void *sobol_ws_new(void *p)
{
    const sobol_ctx *c = p;
    sobol_ws *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->m = cylch_model_new(c->net);
    w->vals = cylch_network_values(c->net);
    w->x = malloc((c->mc->nparams ? c->mc->nparams : 1) * sizeof *w->x);
    w->place = c->place;
    cylch_error_clear(&w->err);
    if (!w->m || !w->vals || !w->x) {
        sobol_ws_free(w);
        return NULL;
    }
    return w;
}

static const char *sobol_ws_error(void *p)
{
    const sobol_ws *w = p;
    return w && w->err.msg[0] ? w->err.msg : NULL;
}

static int sobol_eval(void *p, void *wp, const double *u, double *y)
{
    const sobol_ctx *c = p;
    sobol_ws *w = wp;
    int rc;
    for (size_t i = 0; i < c->mc->nparams; i++)
        w->x[i] = param_quantile(&c->mc->param[i], u[i]);
    if ((rc = cylch_mc_eval(c->mc, w->m, w->vals, &w->place, w->x, w->head, &w->err)))
        return rc;
    for (size_t o = 0; o < c->nout; o++)
        y[o] = w->head[c->out[o]];
    return CYLCH_OK;
}

static int run_sobol(cylch_sens *r, const cylch_mc *mc, const cylch_network *net,
                     const cylch_place *place, const cylch_sens_options *opt, cylch_error *err)
{
    sobol_ctx ctx;
    cylch_sobol_model model;
    cylch_sobol_options so = cylch_sobol_options_default();

    r->out = malloc(CYLCH_NHEAD * sizeof *r->out);
    if (!r->out)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (int h = 0; h < CYLCH_NHEAD; h++)
        if (isfinite(r->base[h]))
            r->out[r->nout++] = h;
    ctx.mc = mc;
    ctx.net = net;
    ctx.place = *place;
    ctx.nout = r->nout;
    ctx.out = r->out;
    memset(&model, 0, sizeof model);
    model.k = mc->nparams;
    model.m = r->nout;
    model.eval = sobol_eval;
    model.ws_new = sobol_ws_new;
    model.ws_free = sobol_ws_free;
    model.ws_error = sobol_ws_error;
    model.ctx = &ctx;
    so.n = opt->n ? opt->n : 1000;
    so.seed = r->seed;
    so.bootstrap = opt->bootstrap;
    so.level = opt->level;
    so.threads = opt->threads;
    r->n = so.n;
    return cylch_sobol_run(&model, &so, &r->sobol, err);
}

/* ---------------------------------------------------------------- run */

int cylch_sens_run(const cylch_scenario *s, const cylch_network *net, const cylch_sens_options *opt,
                   cylch_sens **out, cylch_error *err)
{
    cylch_sens_options o = opt ? *opt : cylch_sens_options_default();
    cylch_scenario sc = *s; /* a shallow copy: only draws and seed differ */
    cylch_sens *r = NULL;
    cylch_mc *mc = NULL;
    cylch_model *m = NULL;
    double *vals = NULL, *u = NULL, *work = NULL, *x = NULL, *y = NULL;
    cylch_place place;
    size_t k;
    int rc = CYLCH_OK;

    *out = NULL;
    if (o.method < 0 || o.method >= CYLCH_NSENS)
        return cylch_error_set(err, CYLCH_EINPUT, "unknown sensitivity method; use tornado, spearman "
                                                  "or sobol");
    if (o.method == CYLCH_SENS_TORNADO && !(o.p_lo >= 0.0 && o.p_lo < o.p_hi && o.p_hi <= 1.0))
        return cylch_error_set(err, CYLCH_EINPUT, "tornado percentiles %g and %g: need 0 <= low < high <= 1",
                               o.p_lo, o.p_hi);
    sc.seed = o.have_seed ? o.seed : s->seed;
    sc.draws = o.method == CYLCH_SENS_SPEARMAN ? (o.n ? o.n : s->draws) : 0;
    if (o.method == CYLCH_SENS_SPEARMAN && sc.draws < 2)
        return cylch_error_set(err, CYLCH_EINPUT, "%s: the Spearman method needs Monte Carlo draws; "
                                                  "set draws in the scenario or give --draws N (N >= 2)",
                                s->path);
    if ((rc = cylch_mc_new(&sc, net, o.method == CYLCH_SENS_SPEARMAN, &mc, err)))
        return rc;
    k = mc->nparams;
    if (k == 0) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s has no uncertain inputs (no distributions in [place] "
                             "or [uncertainty]), so there is nothing to rank", s->path);
        goto done;
    }
    r = calloc(1, sizeof *r);
    if (!r || !(r->scenario = strdup(s->name)) || !(r->name = calloc(k, sizeof *r->name)) ||
        !(r->label = calloc(k, sizeof *r->label)) || !(r->point = malloc(k * sizeof *r->point)) ||
        !(r->rank = malloc(k * sizeof *r->rank)) || !(u = malloc(k * sizeof *u)) ||
        !(m = cylch_model_new(net)) || !(vals = cylch_network_values(net)))
        goto nomem;
    r->method = o.method;
    r->seed = sc.seed;
    r->k = k;
    for (size_t i = 0; i < k; i++) {
        memcpy(r->name[i], mc->param[i].name, sizeof r->name[i]);
        if (!(r->label[i] = param_label(&mc->param[i], net)))
            goto nomem;
        r->point[i] = cylch_mc_param_value(&mc->param[i], mc->param[i].point);
        u[i] = mc->param[i].point;
    }
    cylch_scenario_place_point(s, &place);
    if ((rc = cylch_mc_eval(mc, m, vals, &place, u, r->base, err)))
        goto done;
    r->headline = cylch_headline_index(r->base);

    if (o.method == CYLCH_SENS_TORNADO) {
        r->p_lo = o.p_lo;
        r->p_hi = o.p_hi;
        if (!(r->x_lo = malloc(k * sizeof *r->x_lo)) || !(r->x_hi = malloc(k * sizeof *r->x_hi)) ||
            !(r->y_lo = malloc(k * CYLCH_NHEAD * sizeof *r->y_lo)) ||
            !(r->y_hi = malloc(k * CYLCH_NHEAD * sizeof *r->y_hi)))
            goto nomem;
        for (size_t i = 0; i < k; i++) {
            const cylch_mc_param *q = &mc->param[i];
            /* reported as the value used (§8.8: a member's whole purchases_local_share) */
            r->x_lo[i] = cylch_mc_param_value(q, param_quantile(q, o.p_lo));
            r->x_hi[i] = cylch_mc_param_value(q, param_quantile(q, o.p_hi));
            if (!isfinite(r->x_lo[i]) || !isfinite(r->x_hi[i])) {
                rc = cylch_error_set(err, CYLCH_EINPUT, "tornado: %s has no finite %g and %g quantiles; "
                                     "choose percentiles inside (0, 1)", q->name, o.p_lo, o.p_hi);
                goto done;
            }
            for (int side = 0; side < 2; side++) {
                cylch_error e;
                u[i] = side ? param_quantile(q, o.p_hi) : param_quantile(q, o.p_lo);
                cylch_error_clear(&e);
                rc = cylch_mc_eval(mc, m, vals, &place, u, (side ? r->y_hi : r->y_lo) + i * CYLCH_NHEAD, &e);
                if (rc) {
                    rc = cylch_error_set(err, rc, "tornado: with %s at its %s (%g): %s", q->name,
                                         side ? "high value" : "low value", u[i], e.msg);
                    goto done;
                }
            }
            u[i] = mc->param[i].point;
        }
    } else if (o.method == CYLCH_SENS_SPEARMAN) {
        const size_t N = sc.draws;
        r->n = N;
        if ((rc = cylch_mc_run(mc, &sc, net, o.threads, o.progress, o.progress_ctx, o.stop, err)))
            goto done;
        if (!(r->rho = malloc(k * CYLCH_NHEAD * sizeof *r->rho)) || !(work = malloc(2 * N * sizeof *work)) ||
            !(x = malloc(N * sizeof *x)) || !(y = malloc(N * sizeof *y)))
            goto nomem;
        for (int h = 0; h < CYLCH_NHEAD; h++) {
            int finite = 1;
            cylch_mc_column(mc, h, y);
            for (size_t d = 0; d < N && finite; d++)
                finite = isfinite(y[d]);
            for (size_t i = 0; i < k; i++) {
                double rho = NAN;
                if (finite) {
                    for (size_t d = 0; d < N; d++)
                        x[d] = mc->inputs[d * k + i];
                    if ((rc = cylch_stats_spearman(x, y, N, work, &rho, err)))
                        goto done;
                }
                r->rho[i * CYLCH_NHEAD + (size_t)h] = rho;
            }
        }
    } else {
        if ((rc = run_sobol(r, mc, net, &place, &o, err)))
            goto done;
    }
    rank_inputs(r, r->headline, r->rank);
    goto done;
nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
done:
    free(u);
    free(work);
    free(x);
    free(y);
    free(vals);
    cylch_model_free(m);
    cylch_mc_free(mc);
    if (rc) {
        cylch_sens_free(r);
        return rc;
    }
    *out = r;
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- writers */


static int put_size(FILE *f, size_t v, int first)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    return cylch_csv_put(f, b, first);
}

/* The method's numbers for output h and input i, as CSV fields. */
static int put_method_fields(FILE *f, const cylch_sens *r, int h, size_t i)
{
    int bad = 0;
    if (r->method == CYLCH_SENS_TORNADO) {
        double lo = r->y_lo[i * CYLCH_NHEAD + (size_t)h], hi = r->y_hi[i * CYLCH_NHEAD + (size_t)h];
        bad |= cylch_csv_put_num_or_empty(f, r->x_lo[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_hi[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, lo, 0);
        bad |= cylch_csv_put_num_or_empty(f, hi, 0);
        bad |= cylch_csv_put_num_or_empty(f, fabs(hi - lo), 0);
    } else if (r->method == CYLCH_SENS_SPEARMAN) {
        bad |= cylch_csv_put_num_or_empty(f, r->rho[i * CYLCH_NHEAD + (size_t)h], 0);
    } else {
        size_t o = (size_t)sobol_output(r, h), at = o * r->k + i;
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1_lo[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1_hi[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st_lo[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st_hi[at], 0);
    }
    return bad;
}

static const char *const tornado_cols[] = {"low_input", "high_input", "output_low", "output_high", "swing"};
static const char *const spearman_cols[] = {"spearman"};
static const char *const sobol_cols[] = {"s1", "s1_low", "s1_high", "st", "st_low", "st_high"};

static void method_cols(int method, const char *const **cols, size_t *n)
{
    if (method == CYLCH_SENS_TORNADO) {
        *cols = tornado_cols;
        *n = sizeof tornado_cols / sizeof *tornado_cols;
    } else if (method == CYLCH_SENS_SPEARMAN) {
        *cols = spearman_cols;
        *n = 1;
    } else {
        *cols = sobol_cols;
        *n = sizeof sobol_cols / sizeof *sobol_cols;
    }
}

int cylch_sens_write_csv(FILE *f, const cylch_sens *r)
{
    static const char *const head[] = {"method", "output", "rank", "input", "label", "point"};
    const char *const *cols;
    size_t ncols;
    int bad = 0;
    char name[96];
    size_t *idx = malloc((r->k ? r->k : 1) * sizeof *idx);
    if (!idx)
        return -1;
    method_cols(r->method, &cols, &ncols);
    for (size_t c = 0; c < sizeof head / sizeof *head; c++)
        bad |= cylch_csv_put(f, head[c], c == 0);
    for (size_t c = 0; c < ncols; c++)
        bad |= cylch_csv_put(f, cols[c], 0);
    bad |= cylch_csv_end(f);
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        if (!has_output(r, h))
            continue;
        cylch_headline_name(h, name, sizeof name);
        rank_inputs(r, h, idx);
        for (size_t p = 0; p < r->k; p++) {
            size_t i = idx[p];
            bad |= cylch_csv_put(f, cylch_sens_method_name(r->method), 1);
            bad |= cylch_csv_put(f, name, 0);
            bad |= put_size(f, p + 1, 0);
            bad |= cylch_csv_put(f, r->name[i], 0);
            bad |= cylch_csv_put(f, r->label[i], 0);
            bad |= cylch_csv_put_num_or_empty(f, r->point[i], 0);
            bad |= put_method_fields(f, r, h, i);
            bad |= cylch_csv_end(f);
        }
    }
    free(idx);
    return bad || ferror(f) ? -1 : 0;
}

int cylch_sens_write_json(FILE *f, const cylch_sens *r, const char *version)
{
    cylch_json j;
    char name[96];
    size_t *idx = malloc((r->k ? r->k : 1) * sizeof *idx);
    if (!idx)
        return -1;
    cylch_json_init(&j, f);
    cylch_json_begin_object(&j, NULL);
    if (version)
        cylch_json_str(&j, "cylch_version", version);
    cylch_json_str(&j, "method", cylch_sens_method_name(r->method));
    cylch_json_str(&j, "scenario", r->scenario);
    if (r->method != CYLCH_SENS_TORNADO) {
        cylch_json_uint(&j, "seed", r->seed);
        cylch_json_uint(&j, r->method == CYLCH_SENS_SOBOL ? "base_sample" : "draws", r->n);
    }
    if (r->method == CYLCH_SENS_SOBOL) {
        cylch_json_uint(&j, "evaluations", r->sobol->evaluations);
        cylch_json_uint(&j, "bootstrap", r->sobol->bootstrap);
        cylch_json_num(&j, "level", r->sobol->level);
    }
    if (r->method == CYLCH_SENS_TORNADO) {
        cylch_json_num(&j, "low_percentile", 100.0 * r->p_lo);
        cylch_json_num(&j, "high_percentile", 100.0 * r->p_hi);
    }
    cylch_headline_name(r->headline, name, sizeof name);
    cylch_json_str(&j, "headline", name);
    cylch_json_begin_object(&j, "base");
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        cylch_headline_name(h, name, sizeof name);
        cylch_json_num(&j, name, r->base[h]);
    }
    cylch_json_end_object(&j);
    cylch_json_begin_array(&j, "inputs");
    for (size_t i = 0; i < r->k; i++) {
        cylch_json_begin_object(&j, NULL);
        cylch_json_str(&j, "name", r->name[i]);
        cylch_json_str(&j, "label", r->label[i]);
        cylch_json_num(&j, "point", r->point[i]);
        if (r->method == CYLCH_SENS_TORNADO) {
            cylch_json_num(&j, "low", r->x_lo[i]);
            cylch_json_num(&j, "high", r->x_hi[i]);
        }
        cylch_json_end_object(&j);
    }
    cylch_json_end_array(&j);
    cylch_json_begin_object(&j, "outputs");
    for (int h = 0; h < CYLCH_NHEAD; h++) {
        if (!has_output(r, h))
            continue;
        cylch_headline_name(h, name, sizeof name);
        cylch_json_begin_object(&j, name);
        if (r->method == CYLCH_SENS_SOBOL) {
            long o = sobol_output(r, h);
            cylch_json_num(&j, "mean", r->sobol->mean[o]);
            cylch_json_num(&j, "variance", r->sobol->var[o]);
            cylch_json_bool(&j, "constant", r->sobol->zero_var[o]);
        }
        rank_inputs(r, h, idx);
        cylch_json_begin_array(&j, "ranking");
        for (size_t p = 0; p < r->k; p++) {
            size_t i = idx[p];
            cylch_json_begin_object(&j, NULL);
            cylch_json_str(&j, "input", r->name[i]);
            if (r->method == CYLCH_SENS_TORNADO) {
                double lo = r->y_lo[i * CYLCH_NHEAD + (size_t)h], hi = r->y_hi[i * CYLCH_NHEAD + (size_t)h];
                cylch_json_num(&j, "output_low", lo);
                cylch_json_num(&j, "output_high", hi);
                cylch_json_num(&j, "swing", fabs(hi - lo));
            } else if (r->method == CYLCH_SENS_SPEARMAN) {
                cylch_json_num(&j, "spearman", r->rho[i * CYLCH_NHEAD + (size_t)h]);
            } else {
                size_t at = (size_t)sobol_output(r, h) * r->k + i;
                cylch_json_num(&j, "s1", r->sobol->s1[at]);
                cylch_json_num(&j, "s1_low", r->sobol->s1_lo[at]);
                cylch_json_num(&j, "s1_high", r->sobol->s1_hi[at]);
                cylch_json_num(&j, "st", r->sobol->st[at]);
                cylch_json_num(&j, "st_low", r->sobol->st_lo[at]);
                cylch_json_num(&j, "st_high", r->sobol->st_hi[at]);
            }
            cylch_json_end_object(&j);
        }
        cylch_json_end_array(&j);
        cylch_json_end_object(&j);
    }
    cylch_json_end_object(&j);
    cylch_json_end_object(&j);
    fputc('\n', f);
    free(idx);
    return ferror(f) ? -1 : 0;
}

int cylch_sens_write_tornado_csv(FILE *f, const cylch_sens *r)
{
    static const char *const cols[] = {"rank", "input", "label", "low_input", "high_input",
                                       "output_low", "output_high", "base", "swing"};
    const int h = r->headline;
    int bad = 0;
    if (r->method != CYLCH_SENS_TORNADO)
        return -1;
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        bad |= cylch_csv_put(f, cols[c], c == 0);
    bad |= cylch_csv_end(f);
    for (size_t p = 0; p < r->k; p++) {
        size_t i = r->rank[p];
        double lo = r->y_lo[i * CYLCH_NHEAD + (size_t)h], hi = r->y_hi[i * CYLCH_NHEAD + (size_t)h];
        bad |= put_size(f, p + 1, 1);
        bad |= cylch_csv_put(f, r->name[i], 0);
        bad |= cylch_csv_put(f, r->label[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_lo[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_hi[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, lo, 0);
        bad |= cylch_csv_put_num_or_empty(f, hi, 0);
        bad |= cylch_csv_put_num_or_empty(f, r->base[h], 0);
        bad |= cylch_csv_put_num_or_empty(f, fabs(hi - lo), 0);
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

int cylch_sens_write_sobol_csv(FILE *f, const cylch_sens *r)
{
    static const char *const cols[] = {"rank", "input", "label", "s1", "s1_low", "s1_high",
                                       "st", "st_low", "st_high"};
    long o;
    int bad = 0;
    if (r->method != CYLCH_SENS_SOBOL || (o = sobol_output(r, r->headline)) < 0)
        return -1;
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        bad |= cylch_csv_put(f, cols[c], c == 0);
    bad |= cylch_csv_end(f);
    for (size_t p = 0; p < r->k; p++) {
        size_t i = r->rank[p], at = (size_t)o * r->k + i;
        bad |= put_size(f, p + 1, 1);
        bad |= cylch_csv_put(f, r->name[i], 0);
        bad |= cylch_csv_put(f, r->label[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1_lo[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->s1_hi[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st_lo[at], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->sobol->st_hi[at], 0);
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

/* ---------------------------------------------------------------- summary */

/* A value of headline entry h for people: "£2.72" for multipliers and £
 * amounts, "98p" for the round-2 share, "171.2 FTE" for jobs. */
static void head_text(int h, double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "no value");
    else if (h == CYLCH_HEAD_R2GL)
        snprintf(buf, len, "%.1fp in the £1", 100.0 * v);
    else if (h % CYLCH_NQ == CYLCH_Q_JOBS)
        snprintf(buf, len, "%.1f FTE", v);
    else if (h % CYLCH_NQ == CYLCH_Q_LOCAL_WAGES)
        cylch_format_money(v, buf, len);
    else
        snprintf(buf, len, "£%.2f", v);
}

/* A change in headline entry h: "25p" for multipliers, else as head_text. */
static void swing_text(int h, double d, char *buf, size_t len)
{
    int q = h % CYLCH_NQ;
    if (h != CYLCH_HEAD_R2GL && q != CYLCH_Q_JOBS && q != CYLCH_Q_LOCAL_WAGES) {
        if (d >= 1.0)
            snprintf(buf, len, "£%.2f", d);
        else
            snprintf(buf, len, "%.*fp", 100.0 * d < 9.95 ? 1 : 0, 100.0 * d);
    } else {
        head_text(h, d, buf, len);
    }
}

void cylch_sens_summary(FILE *f, const cylch_sens *r)
{
    static const char *const src_words[CYLCH_NSRC] = {
        "grant", "loan or investment", "trade from outside", "money from outside", "the members' income"
    };
    const int h = r->headline;
    char name[96], a[48], b[48], c[48];
    size_t shown = 0;

    (void)name;
    head_text(h, r->base[h], a, sizeof a);
    fprintf(f, "What drives the headline multiplier, every £1 of %s over time (%s with every input "
               "at its point value), in scenario %s:\n",
            src_words[h / CYLCH_NQ], a, r->scenario);
    for (size_t p = 0; p < r->k && shown < 3; p++) {
        size_t i = r->rank[p];
        double v = importance(r, h, i);
        if (r->method == CYLCH_SENS_TORNADO) {
            double lo = r->y_lo[i * CYLCH_NHEAD + (size_t)h], hi = r->y_hi[i * CYLCH_NHEAD + (size_t)h];
            if (!(v > 1e-9 * fabs(r->base[h])))
                break;
            head_text(h, lo, a, sizeof a);
            head_text(h, hi, b, sizeof b);
            swing_text(h, v, c, sizeof c);
            fprintf(f, "  %zu. the %s: from its %.0fth to its %.0fth percentile the multiplier goes from "
                       "%s to %s, a swing of %s;\n", shown + 1, r->label[i], 100.0 * r->p_lo,
                    100.0 * r->p_hi, a, b, c);
        } else if (r->method == CYLCH_SENS_SPEARMAN) {
            double rho = r->rho[i * CYLCH_NHEAD + (size_t)h];
            if (!(v >= 0.05))
                break;
            fprintf(f, "  %zu. the %s: rank correlation %+.2f over %zu draws (the multiplier %s as it "
                       "rises);\n", shown + 1, r->label[i], rho, r->n, rho > 0 ? "rises" : "falls");
        } else {
            size_t at = (size_t)sobol_output(r, h) * r->k + i;
            if (!(v >= 0.01))
                break;
            fprintf(f, "  %zu. the %s: alone it explains %.0f%% of the multiplier's variance (%.0f%% "
                       "interval %.0f%% to %.0f%%), %.0f%% with its interactions;\n", shown + 1,
                    r->label[i], 100.0 * r->sobol->s1[at], 100.0 * r->sobol->level,
                    100.0 * r->sobol->s1_lo[at], 100.0 * r->sobol->s1_hi[at], 100.0 * r->sobol->st[at]);
        }
        shown++;
    }
    if (shown == 0) {
        fprintf(f, "  none of the %zu uncertain inputs moves it noticeably.\n", r->k);
        return;
    }
    if (r->method == CYLCH_SENS_TORNADO && shown < r->k) {
        size_t next = r->rank[shown];
        swing_text(h, importance(r, h, next), c, sizeof c);
        fprintf(f, "  each of the other %zu inputs swings it by %s or less.\n", r->k - shown, c);
    } else if (r->method == CYLCH_SENS_SOBOL) {
        size_t o = (size_t)sobol_output(r, h);
        double sum = 0.0;
        for (size_t i = 0; i < r->k; i++)
            sum += r->sobol->s1[o * r->k + i];
        if (sum >= 0.95)
            fprintf(f, "  the inputs' effects alone add up to about %.0f%% of the variance: they act "
                       "almost independently, with little interaction (Sobol' indices, N = %zu, %zu "
                       "model evaluations; estimates carry sampling error).\n",
                    100.0 * sum, r->n, r->sobol->evaluations);
        else
            fprintf(f, "  the inputs' effects alone add up to %.0f%% of the variance; the other %.0f%% "
                       "comes from inputs acting together (Sobol' indices, N = %zu, %zu model "
                       "evaluations).\n", 100.0 * sum, 100.0 * (1.0 - sum), r->n,
                    r->sobol->evaluations);
    } else if (r->method == CYLCH_SENS_SPEARMAN) {
        fprintf(f, "  (rank correlations over the Monte Carlo draws, seed %llu; each input varies "
                   "with all the others.)\n", (unsigned long long)r->seed);
    }
}
