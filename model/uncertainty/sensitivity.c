/* cylch — sensitivity analysis: tornado, Spearman rank correlation and Sobol'
 * indices of the headline quantities to each uncertain input (see
 * include/cylch/sensitivity.h). */
#include "cylch/uncertainty/sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cylch/io/csvio.h"
#include "cylch/core/dist.h"
#include "cylch/io/format.h"
#include "cylch/io/json.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/io/text.h"
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
    o.sequence = CYLCH_SOBOL_SEQ_AUTO;
    return o;
}

void cylch_sens_free(cylch_sens *r)
{
    if (!r)
        return;
    cylch_text_list_free(r->label, r->k);
    cylch_text_list_free(r->label_text, r->label_text ? r->k : 0);
    free(r->scenario);
    free(r->against);
    free(r->name);
    free(r->point);
    free(r->rank);
    free(r->x_lo);
    free(r->x_hi);
    free(r->y_lo);
    free(r->y_hi);
    free(r->rho);
    cylch_text_list_free(r->with, r->nwith);
    cylch_text_list_free(r->with_text, r->nwith);
    free(r->out);
    cylch_sobol_result_free(r->sobol);
    free(r);
}

/* ---------------------------------------------------------------- helpers */

/* A readable label for parameter q: "households' local spending share" or
 * "local share of wages at GISDA"; in English (local 0) or the run's language (1). */
static char *param_label(const cylch_mc_param *q, const cylch_network *net, int local)
{
#define TR(x) (local ? _(x) : (x))
    static const char *const place_words[CYLCH_NPLACE] = {
        N_("share of gross pay reaching households (net_wage_share)"),
        N_("households' local spending share (household_local_spend)"),
        N_("share of households' local spending that goes to members (household_member_share)"),
        N_("other local businesses' local wage share (business_local_wage_share)"),
        N_("other local businesses' local supply share (business_local_supply_share)"),
        N_("jobs per £1M in other local businesses (jobs_per_million)"),
        N_("delta that shrinks the regional table's local purchases (Flegg's delta in [economy])")
    };
    char buf[512];
    if (q->is_place) {
        snprintf(buf, sizeof buf, "%s", TR(place_words[q->index]));
    } else {
        const char *who = q->member < net->n ? net->m[q->member].name : "?";
        if (q->role == CYLCH_MC_SCALE) {
            snprintf(buf, sizeof buf, TR(N_("income of %s (its costs moving with it)")), who);
            return strdup(buf);
        }
        if (q->role == CYLCH_MC_SPLIT) {
            snprintf(buf, sizeof buf, TR(N_("split of spending at %s (%s)")), who,
                     strrchr(q->name, '.') + 1);
            return strdup(buf);
        }
        switch (q->index) {
        case CYLCH_COL_WAGES_LOCAL_SHARE:
            snprintf(buf, sizeof buf, TR(N_("local share of wages at %s")), who);
            break;
        case CYLCH_COL_PURCHASES_LOCAL_SHARE:
            snprintf(buf, sizeof buf, TR(N_("local share of purchases at %s")), who);
            break;
        case CYLCH_COL_OTHER_LOCAL_SHARE:
            snprintf(buf, sizeof buf, TR(N_("local share of other costs at %s")), who);
            break;
        default:
            snprintf(buf, sizeof buf, TR(N_("%s of %s")), cylch_col_name(q->index), who);
        }
    }
    return strdup(buf);
#undef TR
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

void cylch_sens_output_name(const cylch_sens *r, int q, char *buf, size_t len)
{
    (void)r;
    cylch_compare_quantity_name(q, buf, len);
}

void cylch_sens_output_label(const cylch_sens *r, int q, char *buf, size_t len)
{
    char label[192];
    cylch_compare_quantity_label(q, r->rounds, label, sizeof label);
    if (r->against && label[0] >= 'A' && label[0] <= 'Z')
        label[0] = (char)(label[0] - 'A' + 'a');
    snprintf(buf, len, "%s%s", r->against ? "Difference in " : "", label);
}

/* output_measure and output_unit of output q: the output in words and its unit. */
static int put_output_words(FILE *f, const cylch_sens *r, int q)
{
    char label[224];
    cylch_sens_output_label(r, q, label, sizeof label);
    return cylch_csv_put(f, label, 0) | cylch_csv_put(f, cylch_compare_quantity_unit(q), 0);
}

/* Position of output q among the Sobol outputs, or −1. */
static long sobol_output(const cylch_sens *r, int q)
{
    if (!r->sobol)
        return -1;
    for (size_t o = 0; o < r->nout; o++)
        if (r->out[o] == q)
            return (long)o;
    return -1;
}

/* Importance of input i for output q (larger is more important); NaN when
 * the output has no value. */
static double importance(const cylch_sens *r, int q, size_t i)
{
    switch (r->method) {
    case CYLCH_SENS_TORNADO:
        return fabs(r->y_hi[i * r->nq + (size_t)q] - r->y_lo[i * r->nq + (size_t)q]);
    case CYLCH_SENS_SPEARMAN:
        return fabs(r->rho[i * r->nq + (size_t)q]);
    default: {
        long o = sobol_output(r, q);
        return o < 0 ? NAN : r->sobol->st[(size_t)o * r->k + i];
    }
    }
}

/* 1 if output q has results. */
static int has_output(const cylch_sens *r, int q)
{
    if (r->method == CYLCH_SENS_SOBOL)
        return sobol_output(r, q) >= 0;
    return isfinite(r->base[q]);
}

/* idx[0..k−1] = the inputs ordered by importance for output q, largest first;
 * a stable insertion sort, so ties keep the inputs' order. */
static void rank_inputs(const cylch_sens *r, int q, size_t *idx)
{
    for (size_t i = 0; i < r->k; i++) {
        double v = importance(r, q, i);
        size_t p = i;
        if (!isfinite(v))
            v = -1.0;
        while (p > 0) {
            double w = importance(r, q, idx[p - 1]);
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

void cylch_sens_tie_groups(const cylch_sens *r, int q, const size_t *rank, size_t *group)
{
    long o = r->method == CYLCH_SENS_SOBOL ? sobol_output(r, q) : -1;
    for (size_t p = 0; p < r->k; p++) {
        if (o < 0) {            /* tornado, spearman: every rank its own group */
            group[p] = p + 1;
            continue;
        }
        if (p == 0) {
            group[p] = 1;
            continue;
        }
        size_t a = (size_t)o * r->k + rank[p - 1], b = (size_t)o * r->k + rank[p];
        /* ranked by ST, so b's ST is at most a's: they overlap when b's high end
         * reaches a's low end */
        int overlap = r->sobol->st_hi[b] >= r->sobol->st_lo[a] && r->sobol->st_hi[a] >= r->sobol->st_lo[b];
        group[p] = overlap ? group[p - 1] : group[p - 1] + 1;
    }
}

/* ---------------------------------------------------------------- evaluation
 *
 * One evaluation sets every input to a probability (or to its point value)
 * and works out the outputs of one scenario, or the difference of two. */

/* The Gaussian copula of DESIGN §8.6, as a Monte Carlo draw applies it:
 * Φ(√ρ z_c + √(1 − ρ) z) with z_c and z the normal scores of the common uniform
 * uc and the parameter's own u (exact, by GSL), kept inside (0, 1). */
static double copula(double rho, double uc, double u)
{
    double z = sqrt(rho) * gsl_cdf_ugaussian_Pinv(uc) + sqrt(1.0 - rho) * gsl_cdf_ugaussian_Pinv(u);
    u = z < 0 ? gsl_cdf_ugaussian_P(z) : 1.0 - gsl_cdf_ugaussian_Q(z);
    if (!(u > 0.0))
        u = 0x1p-60;
    if (!(u < 1.0))
        u = 1.0 - 0x1p-53;
    return u;
}

/* No common factor. */
#define NO_COMMON ((size_t)-1)

/* One scenario's side of the evaluations. */
typedef struct sens_side {
    const cylch_scenario *s;
    const cylch_network *net;
    cylch_mc *mc;
    cylch_place place;     /* the place parameters at their point values */
    size_t *input;         /* mc->nparams: the input each parameter takes its probability from */
    size_t *common;        /* mc->nparams: the common factor it loads on (ρ > 0), or NO_COMMON */
} sens_side;

/* A common factor of DESIGN §8.6: one column's across the members, or their incomes'. */
typedef struct sens_common {
    uint64_t stream;       /* cylch_mc_param.common_stream */
    int col;               /* the column, or −1 for income */
    double rho[2];         /* its correlation on each side (0: independent there) */
    size_t n;              /* inputs that load on it, on either side */
} sens_common;

/* The inputs and the sides: side 0 the scenario, side 1 (on a difference) the
 * one it is set against. Input i is side 0's parameter of that name when it
 * has one, else side 1's (param[i], shown_side[i]).
 * An evaluation takes "coordinates", independent probabilities: ncoord = k + nc
 * of them, the inputs' own (0..k−1) then the common factors' (k + c). A
 * parameter with a correlation ρ > 0 takes copula(ρ, common, own), as a
 * Monte Carlo draw does; others take their own.
 * Sobol' groups (Jacques et al. 2006): the inputs that load on one common factor,
 * with the factor, form one group; every other input is a group of its own.
 * Groups are numbered in the order of their first input; group_of[x] for each
 * coordinate, gfirst[g] its first input, gcommon[g] its factor or NO_COMMON. */
typedef struct sens_setup {
    size_t nside;
    sens_side side[2];
    size_t k;
    const cylch_mc_param **param;
    int *shown_side;
    size_t *cls;           /* k: the common factor of input i (on either side), or NO_COMMON */
    size_t nc;
    sens_common common[CYLCH_NCOLS + 1];
    size_t ncoord;
    size_t ng;
    size_t *group_of;      /* ncoord */
    size_t *gfirst;        /* ng */
    size_t *gcommon;       /* ng */
    size_t nq;             /* outputs */
} sens_setup;

/* A thread's workspace: per side a model, member values, parameter values,
 * place and headline values. */
typedef struct sens_ws {
    const sens_setup *st;
    cylch_model *m[2];
    double *vals[2];
    double *x[2];
    cylch_place place[2];
    double head[CYLCH_NHEAD];
    cylch_error err;
} sens_ws;

static void setup_clear(sens_setup *st)
{
    for (size_t s = 0; s < 2; s++) {
        cylch_mc_free(st->side[s].mc);
        free(st->side[s].input);
        free(st->side[s].common);
    }
    free(st->param);
    free(st->shown_side);
    free(st->cls);
    free(st->group_of);
    free(st->gfirst);
    free(st->gcommon);
    memset(st, 0, sizeof *st);
}

/* The common factors (each side's parameters with ρ > 0, matched by their
 * factor's stream) and the Sobol' groups. Errors: CYLCH_ENOMEM. */
static int setup_commons(sens_setup *st, cylch_error *err)
{
    const size_t k = st->k;
    if (!(st->cls = malloc(k * sizeof *st->cls)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++)
        st->cls[i] = NO_COMMON;
    for (size_t s = 0; s < st->nside; s++) {
        sens_side *sd = &st->side[s];
        const cylch_mc *mc = sd->mc;
        if (!(sd->common = malloc((mc->nparams ? mc->nparams : 1) * sizeof *sd->common)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        for (size_t p = 0; p < mc->nparams; p++) {
            const cylch_mc_param *q = &mc->param[p];
            size_t c = 0;
            sd->common[p] = NO_COMMON;
            if (!(q->rho > 0.0))
                continue;
            while (c < st->nc && st->common[c].stream != q->common_stream)
                c++;
            if (c == st->nc) {
                if (st->nc == sizeof st->common / sizeof *st->common)
                    continue;   /* cannot happen: one factor per share column and income */
                memset(&st->common[c], 0, sizeof st->common[c]);
                st->common[c].stream = q->common_stream;
                st->common[c].col = q->role == CYLCH_MC_SCALE ? -1 : q->index;
                st->nc++;
            }
            st->common[c].rho[s] = q->rho;
            sd->common[p] = c;
            if (st->cls[sd->input[p]] == NO_COMMON) {
                st->cls[sd->input[p]] = c;
                st->common[c].n++;
            }
        }
    }
    st->ncoord = k + st->nc;
    if (!(st->group_of = malloc(st->ncoord * sizeof *st->group_of)) ||
        !(st->gfirst = malloc(st->ncoord * sizeof *st->gfirst)) ||
        !(st->gcommon = malloc(st->ncoord * sizeof *st->gcommon)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t c = 0; c < st->nc; c++)
        st->group_of[k + c] = NO_COMMON;
    for (size_t i = 0; i < k; i++) {
        size_t c = st->cls[i];
        if (c != NO_COMMON && st->group_of[k + c] != NO_COMMON) {
            st->group_of[i] = st->group_of[k + c];
            continue;
        }
        st->gfirst[st->ng] = i;
        st->gcommon[st->ng] = c;
        st->group_of[i] = st->ng;
        if (c != NO_COMMON)
            st->group_of[k + c] = st->ng;
        st->ng++;
    }
    return CYLCH_OK;
}

/* Lists the uncertain parameters of each side (cylch_mc_new, with the draws
 * kept for spearman) and matches them by name into the inputs. Promises on
 * CYLCH_OK: st->k >= 1 and every parameter of every side mapped to an input.
 * Errors: those of cylch_mc_new, CYLCH_EINPUT (no uncertain input), CYLCH_ENOMEM. */
static int setup_make(sens_setup *st, const cylch_scenario *const *sc, const cylch_network *const *net,
                      size_t nside, int keep_inputs, cylch_error *err)
{
    size_t total = 0;
    int rc;
    memset(st, 0, sizeof *st);
    st->nside = nside;
    st->nq = nside == 2 ? CYLCH_COMPARE_NQ : CYLCH_NHEAD;
    for (size_t s = 0; s < nside; s++) {
        st->side[s].s = sc[s];
        st->side[s].net = net[s];
        cylch_scenario_place_point(sc[s], &st->side[s].place);
        if ((rc = cylch_mc_new(sc[s], net[s], keep_inputs, &st->side[s].mc, err)))
            return rc;
        total += st->side[s].mc->nparams;
    }
    if (total == 0) {
        if (nside == 1)
            return cylch_error_set(err, CYLCH_EINPUT, "%s has no uncertain inputs (no distributions in "
                                   "[place] or [uncertainty]), so there is nothing to rank", sc[0]->path);
        return cylch_error_set(err, CYLCH_EINPUT, "neither %s nor %s has uncertain inputs (no "
                               "distributions in [place] or [uncertainty]), so there is nothing to rank",
                               sc[0]->path, sc[1]->path);
    }
    if (!(st->param = calloc(total, sizeof *st->param)) || !(st->shown_side = calloc(total, sizeof *st->shown_side)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t s = 0; s < nside; s++) {
        const cylch_mc *mc = st->side[s].mc;
        if (!(st->side[s].input = malloc((mc->nparams ? mc->nparams : 1) * sizeof *st->side[s].input)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        for (size_t p = 0; p < mc->nparams; p++) {
            size_t i = 0;
            while (i < st->k && strcmp(st->param[i]->name, mc->param[p].name) != 0)
                i++;
            if (i == st->k) {
                st->param[st->k] = &mc->param[p];
                st->shown_side[st->k++] = (int)s;
            }
            st->side[s].input[p] = i;
        }
    }
    return setup_commons(st, err);
}

static void sens_ws_free(void *p)
{
    sens_ws *w = p;
    if (!w)
        return;
    for (size_t s = 0; s < 2; s++) {
        cylch_model_free(w->m[s]);
        free(w->vals[s]);
        free(w->x[s]);
    }
    free(w);
}

static void *sens_ws_new(void *p)
{
    const sens_setup *st = p;
    sens_ws *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->st = st;
    cylch_error_clear(&w->err);
    for (size_t s = 0; s < st->nside; s++) {
        const sens_side *sd = &st->side[s];
        w->m[s] = cylch_model_new(sd->net);
        w->vals[s] = cylch_network_values(sd->net);
        w->x[s] = malloc((sd->mc->nparams ? sd->mc->nparams : 1) * sizeof *w->x[s]);
        w->place[s] = sd->place;
        if (!w->m[s] || !w->vals[s] || !w->x[s]) {
            sens_ws_free(w);
            return NULL;
        }
    }
    return w;
}

static const char *sens_ws_error(void *p)
{
    const sens_ws *w = p;
    return w && w->err.msg[0] ? w->err.msg : NULL;
}

/* Outputs of side s at coordinates u[ncoord] (an input's own NaN: the
 * parameter's point value; a common factor's NaN: its median) into y[st->nq]:
 * the headline entries and, on a difference, each source's local value
 * LM∞_s · 1ᵀ f_s (0 without injection). */
static int eval_side(sens_ws *w, size_t s, const double *u, double *y)
{
    const sens_side *sd = &w->st->side[s];
    const cylch_mc *mc = sd->mc;
    int rc;
    for (size_t p = 0; p < mc->nparams; p++) {
        const cylch_mc_param *q = &mc->param[p];
        double up = u[sd->input[p]];
        if (!isnan(up) && sd->common[p] != NO_COMMON) {
            double uc = u[w->st->k + sd->common[p]];
            up = copula(q->rho, isnan(uc) ? 0.5 : uc, up);
        }
        w->x[s][p] = isnan(up) ? q->point : param_quantile(q, up);
    }
    if ((rc = cylch_mc_eval(mc, w->m[s], w->vals[s], &w->place[s], w->x[s], w->head, &w->err)))
        return rc;
    memcpy(y, w->head, CYLCH_NHEAD * sizeof *y);
    for (size_t q = CYLCH_NHEAD; q < w->st->nq; q++) {
        int src = (int)(q - CYLCH_NHEAD);
        double inj = 0.0;
        for (size_t i = 0; i < cylch_model_agents(w->m[s]); i++)
            inj += cylch_model_injection(w->m[s], src, i);
        y[q] = inj > 0.0 ? w->head[CYLCH_HEAD(src, CYLCH_Q_LM_INF)] * inj : 0.0;
    }
    return CYLCH_OK;
}

/* The outputs at coordinates u[0] on side 0 and u[1] on side 1 (see
 * eval_side) into y[nq]: one scenario's, or x_A − x_B; sides[] (may be NULL)
 * receives each side's. On a failure the message names the scenario when there
 * are two. */
static int eval_at(sens_ws *w, const double *const u[2], double *y, double (*sides)[CYLCH_COMPARE_NQ])
{
    double ys[2][CYLCH_COMPARE_NQ];
    const sens_setup *st = w->st;
    for (size_t s = 0; s < st->nside; s++) {
        int rc = eval_side(w, s, u[s], ys[s]);
        if (rc) {
            if (st->nside == 2)
                cylch_error_prefix(&w->err, rc, st->side[s].s->name);
            return rc;
        }
    }
    for (size_t q = 0; q < st->nq; q++)
        y[q] = st->nside == 2 ? ys[0][q] - ys[1][q] : ys[0][q];
    if (sides)
        memcpy(sides, ys, sizeof ys);
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- steps */

/* What the inputs of common factor c are: "local share of purchases", "income". */
static const char *common_noun(int col)
{
    switch (col) {
    case -1:
        return "income";
    case CYLCH_COL_WAGES_LOCAL_SHARE:
        return "local share of wages";
    case CYLCH_COL_PURCHASES_LOCAL_SHARE:
        return "local share of purchases";
    case CYLCH_COL_OTHER_LOCAL_SHARE:
        return "local share of other costs";
    default:
        return cylch_col_name(col);
    }
}

/* common_noun in the run's language (a column's name stays as written). */
static const char *common_noun_text(int col)
{
    switch (col) {
    case -1:
        return _("income");
    case CYLCH_COL_WAGES_LOCAL_SHARE:
        return _("local share of wages");
    case CYLCH_COL_PURCHASES_LOCAL_SHARE:
        return _("local share of purchases");
    case CYLCH_COL_OTHER_LOCAL_SHARE:
        return _("local share of other costs");
    default:
        return cylch_col_name(col);
    }
}

/* "correlation 0.5", or on a difference whose sides differ "correlation 0.5 in
 * hire-local and 0 in bro-ffestiniog". */
static void rho_text(const sens_setup *st, const sens_common *c, char *buf, size_t len)
{
    if (st->nside == 1 || c->rho[0] == c->rho[1])
        snprintf(buf, len, "correlation %g", c->rho[0]);
    else
        snprintf(buf, len, "correlation %g in %s and %g in %s", c->rho[0], st->side[0].s->name,
                 c->rho[1], st->side[1].s->name);
}

/* Tornado and Spearman: what moves with input i (DESIGN §8.6), "the other 12
 * members' local share of purchases (correlation 0.5)", or NULL when nothing
 * does; *out NULL then. In English (cy 0: the results files) or in the run's
 * language (cy 1: for people). Errors: CYLCH_ENOMEM. */
static int with_text(const sens_setup *st, size_t i, int cy, char **out)
{
    char buf[320], rt[160];
    size_t c = st->cls[i];
    const sens_common *cm;
    *out = NULL;
    if (c == NO_COMMON || st->common[c].n < 2)
        return CYLCH_OK;
    cm = &st->common[c];
    if (!cy) {
        rho_text(st, cm, rt, sizeof rt);
        snprintf(buf, sizeof buf, "the other %zu member%s' %s (%s)", cm->n - 1, cm->n == 2 ? "" : "s",
                 common_noun(cm->col), rt);
    } else {
        if (st->nside == 1 || cm->rho[0] == cm->rho[1])
            snprintf(rt, sizeof rt, _("correlation %g"), cm->rho[0]);
        else
            snprintf(rt, sizeof rt, _("correlation %g in %s and %g in %s"), cm->rho[0],
                     st->side[0].s->name, cm->rho[1], st->side[1].s->name);
        /* TRANSLATORS: what moves with an input, e.g. "the other 12 members' local share
         * of purchases (correlation 0.5)"; the second %s is the English plural "s". */
        snprintf(buf, sizeof buf, _("the other %zu member%s' %s (%s)"), cm->n - 1, cm->n == 2 ? "" : "s",
                 common_noun_text(cm->col), rt);
    }
    return (*out = strdup(buf)) ? CYLCH_OK : CYLCH_ENOMEM;
}

/* Step 1. The result's inputs: names, labels and point values (as the value
 * used: kept_share applied), k × … arrays. For Sobol' the entries are the
 * groups (sens_setup): an input on its own as itself, a common factor's inputs
 * as "group.<column>" ("group.income"), "local share of purchases at all 13
 * members, moving together (correlation 0.5)", with no point value. Tornado
 * and Spearman: what moves with each input (with_text). Errors: CYLCH_ENOMEM. */
static int result_make(cylch_sens *r, const sens_setup *st, const cylch_sens_options *o,
                       cylch_error *err)
{
    const int grouped = o->method == CYLCH_SENS_SOBOL;
    const size_t k = grouped ? st->ng : st->k;
    r->method = o->method;
    r->k = k;
    r->nq = st->nq;
    if (!(r->scenario = strdup(st->side[0].s->name)) ||
        (st->nside == 2 && !(r->against = strdup(st->side[1].s->name))) ||
        !(r->name = calloc(k, sizeof *r->name)) || !(r->label = calloc(k, sizeof *r->label)) ||
        !(r->label_text = calloc(k, sizeof *r->label_text)) ||
        !(r->point = malloc(k * sizeof *r->point)) || !(r->rank = malloc(k * sizeof *r->rank)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    if (!grouped) {
        if (!(r->with = calloc(k, sizeof *r->with)) || !(r->with_text = calloc(k, sizeof *r->with_text)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        r->nwith = k;
    }
    for (size_t e = 0; e < k; e++) {
        size_t i = grouped ? st->gfirst[e] : e, c = grouped ? st->gcommon[e] : NO_COMMON;
        const cylch_mc_param *q = st->param[i];
        if (c != NO_COMMON && st->common[c].n > 1) {
            const sens_common *cm = &st->common[c];
            char buf[400], rt[160];
            rho_text(st, cm, rt, sizeof rt);
            snprintf(r->name[e], sizeof r->name[e], "group.%s", cm->col < 0 ? "income" : cylch_col_name(cm->col));
            snprintf(buf, sizeof buf, "%s %s all %zu members, moving together (%s)", common_noun(cm->col),
                     cm->col < 0 ? "of" : "at", cm->n, rt);
            r->point[e] = NAN;
            r->ngrouped++;
            if (!(r->label[e] = strdup(buf)))
                return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            /* for people, in the run's language (the names of the sides as written) */
            {
                static const char *const noun_words[] = {
                    N_("income"), N_("local share of wages"), N_("local share of purchases"),
                    N_("local share of other costs")
                };
                const char *noun = cm->col < 0 ? _(noun_words[0])
                                 : cm->col == CYLCH_COL_WAGES_LOCAL_SHARE ? _(noun_words[1])
                                 : cm->col == CYLCH_COL_PURCHASES_LOCAL_SHARE ? _(noun_words[2])
                                 : cm->col == CYLCH_COL_OTHER_LOCAL_SHARE ? _(noun_words[3])
                                 : cylch_col_name(cm->col);
                if (st->nside == 1 || cm->rho[0] == cm->rho[1])
                    snprintf(rt, sizeof rt, _("correlation %g"), cm->rho[0]);
                else
                    snprintf(rt, sizeof rt, _("correlation %g in %s and %g in %s"), cm->rho[0],
                             st->side[0].s->name, cm->rho[1], st->side[1].s->name);
                snprintf(buf, sizeof buf, cm->col < 0 ? _("%s of all %zu members, moving together (%s)")
                                                      : _("%s at all %zu members, moving together (%s)"),
                         noun, cm->n, rt);
            }
            if (!(r->label_text[e] = strdup(buf)))
                return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            continue;
        }
        memcpy(r->name[e], q->name, sizeof r->name[e]);
        if (!(r->label[e] = param_label(q, st->side[st->shown_side[i]].net, 0)) ||
            !(r->label_text[e] = param_label(q, st->side[st->shown_side[i]].net, 1)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        r->point[e] = cylch_mc_param_value(q, q->point);
        if (!grouped && (with_text(st, i, 0, &r->with[e]) || with_text(st, i, 1, &r->with_text[e])))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    return CYLCH_OK;
}

/* Step 2. Every output with every input at its point value (r->base, and each
 * side's in r->side), and the provisional headline: the run's headline
 * multiplier, or on a difference local circulation. */
static int point_outputs(cylch_sens *r, const sens_setup *st, sens_ws *w, double *u, cylch_error *err)
{
    const double *const us[2] = {u, u};
    int rc;
    for (size_t x = 0; x < st->ncoord; x++)
        u[x] = NAN;
    for (size_t q = 0; q < CYLCH_COMPARE_NQ; q++)
        r->base[q] = r->side[0][q] = r->side[1][q] = NAN;
    if ((rc = eval_at(w, us, r->base, r->side)))
        return cylch_error_set(err, rc, "%s", w->err.msg);
    r->headline = r->against ? CYLCH_COMPARE_VALUE(CYLCH_SRC_INCOME) : cylch_headline_index(r->base);
    return CYLCH_OK;
}

/* The coordinates of a tornado end, input i at probability pp, into u[0..ncoord)
 * for side 0 and u[ncoord..2 ncoord) for side 1: every other input at its
 * point value, except those that load on the same common factor as i on that
 * side (correlation ρ): they go to their medians given i under the copula. With
 * z = Φ⁻¹(pp): the factor at Φ(√ρ z), i's own at Φ(√(1 − ρ) z) (so i itself is
 * at Φ(ρ z + (1 − ρ) z) = pp), the others' own at ½ (so each is at Φ(ρ z), its
 * conditional median, the normal scores having correlation ρ). */
static void tornado_coords(const sens_setup *st, size_t i, double pp, double *u)
{
    const size_t k = st->k;
    for (size_t s = 0; s < st->nside; s++) {
        const sens_side *sd = &st->side[s];
        double *us = u + s * st->ncoord;
        size_t c = NO_COMMON;
        for (size_t x = 0; x < st->ncoord; x++)
            us[x] = NAN;
        for (size_t p = 0; p < sd->mc->nparams && c == NO_COMMON; p++)
            if (sd->input[p] == i)
                c = sd->common[p];
        if (c == NO_COMMON) {
            us[i] = pp;
            continue;
        }
        double rho = st->common[c].rho[s];
        double z = gsl_cdf_ugaussian_Pinv(pp < 1e-15 ? 1e-15 : pp > 1.0 - 1e-15 ? 1.0 - 1e-15 : pp);
        for (size_t p = 0; p < sd->mc->nparams; p++)
            if (sd->common[p] == c)
                us[sd->input[p]] = 0.5;
        us[k + c] = gsl_cdf_ugaussian_P(sqrt(rho) * z);
        us[i] = gsl_cdf_ugaussian_P(sqrt(1.0 - rho) * z);
    }
}

/* Step 3a. Tornado: each input at its p_lo and p_hi quantiles, the others at
 * their point values except those correlated with it (tornado_coords); y_lo,
 * y_hi (k × nq) and the inputs' values x_lo, x_hi. Errors: CYLCH_EINPUT (an
 * input without finite quantiles there), the model's status naming the input,
 * CYLCH_ENOMEM. */
static int run_tornado(cylch_sens *r, const sens_setup *st, sens_ws *w, double *u,
                       const cylch_sens_options *o, cylch_error *err)
{
    const size_t k = r->k, nq = r->nq;
    const double *const us[2] = {u, u + st->ncoord};
    r->p_lo = o->p_lo;
    r->p_hi = o->p_hi;
    if (!(r->x_lo = malloc(k * sizeof *r->x_lo)) || !(r->x_hi = malloc(k * sizeof *r->x_hi)) ||
        !(r->y_lo = malloc(k * nq * sizeof *r->y_lo)) || !(r->y_hi = malloc(k * nq * sizeof *r->y_hi)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++) {
        const cylch_mc_param *q = st->param[i];
        /* reported as the value used (§8.8: a member's whole purchases_local_share) */
        r->x_lo[i] = cylch_mc_param_value(q, param_quantile(q, o->p_lo));
        r->x_hi[i] = cylch_mc_param_value(q, param_quantile(q, o->p_hi));
        if (!isfinite(r->x_lo[i]) || !isfinite(r->x_hi[i]))
            return cylch_error_set(err, CYLCH_EINPUT, "tornado: %s has no finite %g and %g quantiles; "
                                   "choose percentiles inside (0, 1)", q->name, o->p_lo, o->p_hi);
        for (int hi = 0; hi < 2; hi++) {
            int rc;
            double pp = hi ? o->p_hi : o->p_lo;
            tornado_coords(st, i, pp, u);
            cylch_error_clear(&w->err);
            if ((rc = eval_at(w, us, (hi ? r->y_hi : r->y_lo) + i * nq, NULL)))
                return cylch_error_set(err, rc, "tornado: with %s at its %s (%g): %s. Its range "
                                       "in the scenario allows values for which the model has no "
                                       "finite answer; narrow it", q->name,
                                       hi ? _("high value") : _("low value"),
                                       param_quantile(q, pp), w->err.msg);
        }
    }
    return CYLCH_OK;
}

/* Step 3b. Spearman (one scenario): the Monte Carlo draws with their inputs
 * kept, and rho (k × nq) of each input with each output; NaN for an output
 * without a value in some draw. */
static int run_spearman(cylch_sens *r, const sens_setup *st, const cylch_scenario *sc,
                        const cylch_sens_options *o, cylch_error *err)
{
    cylch_mc *mc = st->side[0].mc;
    const size_t N = sc->draws, k = r->k;
    double *work = NULL, *x = NULL, *y = NULL;
    int rc;
    r->n = N;
    if ((rc = cylch_mc_run(mc, sc, st->side[0].net, o->threads, o->progress, o->progress_ctx, o->stop, err)))
        return rc;
    if (!(r->rho = malloc(k * r->nq * sizeof *r->rho)) || !(work = malloc(2 * N * sizeof *work)) ||
        !(x = malloc(N * sizeof *x)) || !(y = malloc(N * sizeof *y))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
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
            r->rho[i * r->nq + (size_t)h] = rho;
        }
    }
done:
    free(work);
    free(x);
    free(y);
    return rc;
}

/* The Sobol model: the evaluator above on u[k] uniforms, the outputs chosen. */
typedef struct sobol_ctx {
    const sens_setup *st;
    size_t nout;
    const int *out;
} sobol_ctx;

static void *sobol_ws_new(void *p)
{
    return sens_ws_new((void *)((const sobol_ctx *)p)->st);
}

static int sobol_eval(void *p, void *wp, const double *u, double *y)
{
    const sobol_ctx *c = p;
    sens_ws *w = wp;
    double all[CYLCH_COMPARE_NQ];
    const double *const us[2] = {u, u};
    int rc = eval_at(w, us, all, NULL);
    if (rc)
        return rc;
    for (size_t o = 0; o < c->nout; o++)
        y[o] = all[c->out[o]];
    return CYLCH_OK;
}

/* Step 3c (more than 20 coordinates). The order in which the coordinates take
 * those of the Sobol' sequence (sobol.h, "mixed"): groups by their tornado swing
 * on the headline output, from the 5th to the 95th percentile, largest first
 * (ties in group order) — an input alone moved by itself, a group of correlated
 * inputs by its common factor (their own parts at ½) — and within a group the
 * common factor first. 2 ng evaluations, serial. Errors: the model's status,
 * naming the input or group. */
static int sobol_priority(const cylch_sens *r, const sens_setup *st, sens_ws *w, double *u, size_t *prio,
                          cylch_error *err)
{
    const size_t ng = st->ng, k = st->k;
    const double *const us[2] = {u, u};
    double *swing = malloc(ng * sizeof *swing), y[2][CYLCH_COMPARE_NQ];
    size_t *gorder = malloc(ng * sizeof *gorder), at = 0;
    if (!swing || !gorder) {
        free(swing);
        free(gorder);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    for (size_t g = 0; g < ng; g++) {
        for (int hi = 0; hi < 2; hi++) {
            int rc;
            double pp = hi ? 0.95 : 0.05;
            for (size_t x = 0; x < st->ncoord; x++)
                u[x] = st->group_of[x] != g ? NAN : (x < k && st->gcommon[g] != NO_COMMON) ? 0.5 : pp;
            cylch_error_clear(&w->err);
            if ((rc = eval_at(w, us, y[hi], NULL))) {
                free(swing);
                free(gorder);
                return cylch_error_set(err, rc, "Sobol analysis, choosing the inputs for the quasi-random "
                                       "sequence: with %s at its %s: %s", r->name[g],
                                       hi ? _("95th percentile") : _("5th percentile"), w->err.msg);
            }
        }
        swing[g] = fabs(y[1][r->headline] - y[0][r->headline]);
        if (!isfinite(swing[g]))
            swing[g] = -1.0;
        /* stable insertion: larger swings first */
        size_t p = g;
        while (p > 0 && swing[gorder[p - 1]] < swing[g]) {
            gorder[p] = gorder[p - 1];
            p--;
        }
        gorder[p] = g;
    }
    for (size_t p = 0; p < ng; p++) {
        size_t g = gorder[p];
        if (st->gcommon[g] != NO_COMMON)
            prio[at++] = k + st->gcommon[g];
        for (size_t x = 0; x < k; x++)
            if (st->group_of[x] == g)
                prio[at++] = x;
    }
    free(swing);
    free(gorder);
    return CYLCH_OK;
}

/* Step 3d. Sobol: indices of every output that has a value at the point
 * values (r->out, r->nout), sample N = o->n (0: 1000); with more than 20
 * inputs the sequence goes to those of sobol_priority. */
static int run_sobol(cylch_sens *r, const sens_setup *st, sens_ws *w, double *u, const cylch_sens_options *o,
                     cylch_error *err)
{
    cylch_sobol_model model;
    cylch_sobol_options so = cylch_sobol_options_default();
    sobol_ctx ctx;
    size_t *prio = NULL;
    int rc;

    if (!(r->out = malloc(r->nq * sizeof *r->out)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    for (size_t q = 0; q < r->nq; q++)
        if (isfinite(r->base[q]))
            r->out[r->nout++] = (int)q;
    ctx.st = st;
    ctx.nout = r->nout;
    ctx.out = r->out;
    memset(&model, 0, sizeof model);
    model.k = st->ncoord;
    model.m = r->nout;
    model.eval = sobol_eval;
    model.ws_new = sobol_ws_new;
    model.ws_free = sens_ws_free;
    model.ws_error = sens_ws_error;
    model.ctx = &ctx;
    so.n = o->n ? o->n : 1000;
    so.seed = r->seed;
    so.bootstrap = o->bootstrap;
    so.level = o->level;
    so.threads = o->threads;
    so.sequence = o->sequence;
    if (st->nc) {   /* correlated inputs: one index per group (sens_setup) */
        so.group = st->group_of;
        so.ngroups = st->ng;
    }
    r->n = so.n;
    if (st->ncoord > CYLCH_SOBOL_MAX_K_SOBOL && o->sequence != CYLCH_SOBOL_SEQ_PSEUDO) {
        if (!(prio = malloc(st->ncoord * sizeof *prio)))
            return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        if ((rc = sobol_priority(r, st, w, u, prio, err))) {
            free(prio);
            return rc;
        }
        so.priority = prio;
        r->screened = 1;
    }
    rc = cylch_sobol_run(&model, &so, &r->sobol, err);
    free(prio);
    return rc;
}

/* Step 4. On a difference, the headline falls back from local circulation to
 * the headline multiplier when the former does not move at all. */
static void settle_headline(cylch_sens *r)
{
    if (!r->against)
        return;
    int q = r->headline, alt = cylch_headline_index(r->side[1]);
    int moves = 0;
    if (r->method == CYLCH_SENS_SOBOL) {
        long o = sobol_output(r, q);
        moves = o >= 0 && !r->sobol->zero_var[o];
    } else {
        for (size_t i = 0; i < r->k && !moves; i++)
            moves = importance(r, q, i) > 1e-9 * (fabs(r->side[0][q]) + fabs(r->side[1][q]));
    }
    if (!moves && has_output(r, alt))
        r->headline = alt;
}

/* Checks the options against the method. */
static int check_options(const cylch_sens_options *o, int against, cylch_error *err)
{
    if (o->method < 0 || o->method >= CYLCH_NSENS)
        return cylch_error_set(err, CYLCH_EINPUT, "unknown sensitivity method; use tornado, spearman "
                                                  "or sobol");
    if (o->method == CYLCH_SENS_TORNADO && !(o->p_lo >= 0.0 && o->p_lo < o->p_hi && o->p_hi <= 1.0))
        return cylch_error_set(err, CYLCH_EINPUT, "tornado percentiles %g and %g: need 0 <= low < high <= 1",
                               o->p_lo, o->p_hi);
    if (against && o->method == CYLCH_SENS_SPEARMAN)
        return cylch_error_set(err, CYLCH_EINPUT, "sensitivity on a difference (--against) works with "
                                                  "the tornado or sobol method, not spearman");
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- run */

/* The whole analysis on nside (1 or 2) scenarios: check → set up the inputs →
 * the result's inputs → point values → the method → ranking. */
static int sens_run(const cylch_scenario *const *sc, const cylch_network *const *net, size_t nside,
                    const cylch_sens_options *opt, cylch_sens **out, cylch_error *err)
{
    cylch_sens_options o = opt ? *opt : cylch_sens_options_default();
    cylch_scenario s0 = *sc[0], s1; /* shallow copies: only draws and seed differ */
    const cylch_scenario *sides[2] = {&s0, &s1};
    cylch_sens *r = NULL;
    sens_setup st;
    sens_ws *w = NULL;
    double *u = NULL;
    int rc;

    memset(&st, 0, sizeof st);
    *out = NULL;
    if ((rc = check_options(&o, nside == 2, err)))
        return rc;
    s0.seed = o.have_seed ? o.seed : sc[0]->seed;
    s0.draws = o.method == CYLCH_SENS_SPEARMAN ? (o.n ? o.n : sc[0]->draws) : 0;
    if (nside == 2) {
        s1 = *sc[1];
        s1.seed = s0.seed;
        s1.draws = 0;
    }
    if (o.method == CYLCH_SENS_SPEARMAN && s0.draws < 2)
        return cylch_error_set(err, CYLCH_EINPUT, "%s: the Spearman method needs Monte Carlo draws; "
                                                  "set draws in the scenario or give --draws N (N >= 2)",
                               sc[0]->path);
    if ((rc = setup_make(&st, sides, net, nside, o.method == CYLCH_SENS_SPEARMAN, err)))
        goto done;
    if (!(r = calloc(1, sizeof *r)) || !(u = malloc(2 * st.ncoord * sizeof *u)) || !(w = sens_ws_new(&st))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    r->seed = s0.seed;
    r->rounds = s0.rounds;
    if ((rc = result_make(r, &st, &o, err)) || (rc = point_outputs(r, &st, w, u, err)))
        goto done;
    if (o.method == CYLCH_SENS_TORNADO)
        rc = run_tornado(r, &st, w, u, &o, err);
    else if (o.method == CYLCH_SENS_SPEARMAN)
        rc = run_spearman(r, &st, &s0, &o, err);
    else
        rc = run_sobol(r, &st, w, u, &o, err);
    if (rc)
        goto done;
    settle_headline(r);
    rank_inputs(r, r->headline, r->rank);
done:
    free(u);
    sens_ws_free(w);
    setup_clear(&st);
    if (rc) {
        cylch_sens_free(r);
        return rc;
    }
    *out = r;
    return CYLCH_OK;
}

/* A failure of the model inside the analysis names the scenario file(s) it came from, as
 * `cylch run`'s do (out of memory and an interruption are about the machine, not a file). */
static int sens_prefix(int rc, const cylch_scenario *s, const cylch_scenario *base, cylch_error *err)
{
    char what[600];
    if (rc == CYLCH_OK || rc == CYLCH_ENOMEM || rc == CYLCH_EINTERRUPTED || strstr(err->msg, s->path))
        return rc;   /* a message about the scenarios' setup names them already */
    if (base)
        snprintf(what, sizeof what, "%s (against %s)", s->path, base->path);
    else
        snprintf(what, sizeof what, "%s", s->path);
    return cylch_error_prefix(err, rc, what);
}

int cylch_sens_run(const cylch_scenario *s, const cylch_network *net, const cylch_sens_options *opt,
                   cylch_sens **out, cylch_error *err)
{
    const cylch_scenario *sc[1] = {s};
    const cylch_network *nt[1] = {net};
    return sens_prefix(sens_run(sc, nt, 1, opt, out, err), s, NULL, err);
}

int cylch_sens_run_against(const cylch_scenario *s, const cylch_network *net,
                           const cylch_scenario *base, const cylch_network *base_net,
                           const cylch_sens_options *opt, cylch_sens **out, cylch_error *err)
{
    const cylch_scenario *sc[2] = {s, base};
    const cylch_network *nt[2] = {net, base_net};
    return sens_prefix(sens_run(sc, nt, 2, opt, out, err), s, base, err);
}

/* ---------------------------------------------------------------- writers */


static int put_size(FILE *f, size_t v, int first)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    return cylch_csv_put(f, b, first);
}

/* Sobol's six numbers of entry at (output * k + input): S1, its interval, ST, its interval. */
static int put_sobol_fields(FILE *f, const cylch_sobol_result *so, size_t at)
{
    const double v[6] = {so->s1[at], so->s1_lo[at], so->s1_hi[at], so->st[at], so->st_lo[at], so->st_hi[at]};
    int bad = 0;
    for (int k = 0; k < 6; k++)
        bad |= cylch_csv_put_num_or_empty(f, v[k], 0);
    return bad;
}

/* The method's numbers for output h and input i (in tie group g), as CSV fields. */
static int put_method_fields(FILE *f, const cylch_sens *r, int h, size_t i, size_t g)
{
    int bad = 0;
    if (r->method == CYLCH_SENS_TORNADO) {
        double lo = r->y_lo[i * r->nq + (size_t)h], hi = r->y_hi[i * r->nq + (size_t)h];
        bad |= cylch_csv_put_num_or_empty(f, r->x_lo[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_hi[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, lo, 0);
        bad |= cylch_csv_put_num_or_empty(f, hi, 0);
        bad |= cylch_csv_put_num_or_empty(f, fabs(hi - lo), 0);
        bad |= cylch_csv_put(f, r->with[i] ? r->with[i] : "", 0);
    } else if (r->method == CYLCH_SENS_SPEARMAN) {
        bad |= cylch_csv_put_num_or_empty(f, r->rho[i * r->nq + (size_t)h], 0);
        bad |= cylch_csv_put(f, r->with[i] ? r->with[i] : "", 0);
    } else {
        size_t o = (size_t)sobol_output(r, h), at = o * r->k + i;
        bad |= put_sobol_fields(f, r->sobol, at);
        bad |= put_size(f, g, 0);
    }
    return bad;
}

static const char *const tornado_cols[] = {"low_input", "high_input", "output_low", "output_high", "swing",
                                           "moves_with"};
static const char *const spearman_cols[] = {"spearman", "moves_with"};
static const char *const sobol_cols[] = {"s1", "s1_low", "s1_high", "st", "st_low", "st_high", "group"};

static void method_cols(int method, const char *const **cols, size_t *n)
{
    if (method == CYLCH_SENS_TORNADO) {
        *cols = tornado_cols;
        *n = sizeof tornado_cols / sizeof *tornado_cols;
    } else if (method == CYLCH_SENS_SPEARMAN) {
        *cols = spearman_cols;
        *n = sizeof spearman_cols / sizeof *spearman_cols;
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
    char name[96], shown[128];
    size_t *idx = malloc((r->k ? r->k : 1) * sizeof *idx), *grp = malloc((r->k ? r->k : 1) * sizeof *grp);
    if (!idx || !grp) {
        free(idx);
        free(grp);
        return -1;
    }
    method_cols(r->method, &cols, &ncols);
    for (size_t c = 0; c < sizeof head / sizeof *head; c++)
        bad |= cylch_csv_put(f, head[c], c == 0);
    for (size_t c = 0; c < ncols; c++)
        bad |= cylch_csv_put(f, cols[c], 0);
    bad |= cylch_csv_put(f, "output_measure", 0) | cylch_csv_put(f, "output_unit", 0);
    bad |= cylch_csv_end(f);
    for (int h = 0; h < (int)r->nq; h++) {
        if (!has_output(r, h))
            continue;
        cylch_sens_output_name(r, h, name, sizeof name);
        snprintf(shown, sizeof shown, "%s%s", r->against ? "difference in " : "", name);
        rank_inputs(r, h, idx);
        cylch_sens_tie_groups(r, h, idx, grp);
        for (size_t p = 0; p < r->k; p++) {
            size_t i = idx[p];
            bad |= cylch_csv_put(f, cylch_sens_method_name(r->method), 1);
            bad |= cylch_csv_put(f, shown, 0);
            bad |= put_size(f, p + 1, 0);
            bad |= cylch_csv_put(f, r->name[i], 0);
            bad |= cylch_csv_put(f, r->label[i], 0);
            bad |= cylch_csv_put_num_or_empty(f, r->point[i], 0);
            bad |= put_method_fields(f, r, h, i, grp[p]);
            bad |= put_output_words(f, r, h);
            bad |= cylch_csv_end(f);
        }
    }
    free(idx);
    free(grp);
    return bad || ferror(f) ? -1 : 0;
}

int cylch_sens_write_json(FILE *f, const cylch_sens *r, const char *version)
{
    cylch_json j;
    char name[96];
    size_t *idx = malloc((r->k ? r->k : 1) * sizeof *idx), *grp = malloc((r->k ? r->k : 1) * sizeof *grp);
    if (!idx || !grp) {
        free(idx);
        free(grp);
        return -1;
    }
    cylch_json_init(&j, f);
    cylch_json_begin_object(&j, NULL);
    if (version)
        cylch_json_str(&j, "cylch_version", version);
    cylch_json_str(&j, "method", cylch_sens_method_name(r->method));
    cylch_json_str(&j, "scenario", r->scenario);
    if (r->against) {
        cylch_json_str(&j, "against", r->against);
        cylch_json_str(&j, "outputs_are", "differences: scenario minus against, on the same input values");
    }
    if (r->method != CYLCH_SENS_TORNADO) {
        cylch_json_uint(&j, "seed", r->seed);
        cylch_json_uint(&j, r->method == CYLCH_SENS_SOBOL ? "base_sample" : "draws", r->n);
    }
    if (r->method == CYLCH_SENS_SOBOL) {
        cylch_json_uint(&j, "evaluations", r->sobol->evaluations);
        cylch_json_uint(&j, "bootstrap", r->sobol->bootstrap);
        cylch_json_num(&j, "level", r->sobol->level);
        cylch_json_str(&j, "sequence", cylch_sobol_sequence_name(r->sobol->sequence));
        cylch_json_str(&j, "sample", r->sobol->sequence_note);
    }
    if (r->method == CYLCH_SENS_TORNADO) {
        cylch_json_num(&j, "low_percentile", 100.0 * r->p_lo);
        cylch_json_num(&j, "high_percentile", 100.0 * r->p_hi);
    }
    cylch_sens_output_name(r, r->headline, name, sizeof name);
    cylch_json_str(&j, "headline", name);
    cylch_json_begin_object(&j, "base");
    for (int h = 0; h < (int)r->nq; h++) {
        cylch_sens_output_name(r, h, name, sizeof name);
        cylch_json_num(&j, name, r->base[h]);
    }
    cylch_json_end_object(&j);
    for (int sd = 0; r->against && sd < 2; sd++) {
        cylch_json_begin_object(&j, sd == 0 ? "scenario_base" : "against_base");
        for (int h = 0; h < (int)r->nq; h++) {
            cylch_sens_output_name(r, h, name, sizeof name);
            cylch_json_num(&j, name, r->side[sd][h]);
        }
        cylch_json_end_object(&j);
    }
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
        if (r->with && r->with[i])
            cylch_json_str(&j, "moves_with", r->with[i]);
        cylch_json_end_object(&j);
    }
    cylch_json_end_array(&j);
    cylch_json_begin_object(&j, "outputs");
    for (int h = 0; h < (int)r->nq; h++) {
        if (!has_output(r, h))
            continue;
        cylch_sens_output_name(r, h, name, sizeof name);
        cylch_json_begin_object(&j, name);
        if (r->method == CYLCH_SENS_SOBOL) {
            long o = sobol_output(r, h);
            cylch_json_num(&j, "mean", r->sobol->mean[o]);
            cylch_json_num(&j, "variance", r->sobol->var[o]);
            cylch_json_bool(&j, "constant", r->sobol->zero_var[o]);
            cylch_json_num(&j, "s1_sum", r->sobol->s1sum[o]);
            cylch_json_num(&j, "s1_sum_low", r->sobol->s1sum_lo[o]);
            cylch_json_num(&j, "s1_sum_high", r->sobol->s1sum_hi[o]);
        }
        rank_inputs(r, h, idx);
        cylch_sens_tie_groups(r, h, idx, grp);
        cylch_json_begin_array(&j, "ranking");
        for (size_t p = 0; p < r->k; p++) {
            size_t i = idx[p];
            cylch_json_begin_object(&j, NULL);
            cylch_json_str(&j, "input", r->name[i]);
            if (r->method == CYLCH_SENS_TORNADO) {
                double lo = r->y_lo[i * r->nq + (size_t)h], hi = r->y_hi[i * r->nq + (size_t)h];
                cylch_json_num(&j, "output_low", lo);
                cylch_json_num(&j, "output_high", hi);
                cylch_json_num(&j, "swing", fabs(hi - lo));
            } else if (r->method == CYLCH_SENS_SPEARMAN) {
                cylch_json_num(&j, "spearman", r->rho[i * r->nq + (size_t)h]);
            } else {
                size_t at = (size_t)sobol_output(r, h) * r->k + i;
                cylch_json_num(&j, "s1", r->sobol->s1[at]);
                cylch_json_num(&j, "s1_low", r->sobol->s1_lo[at]);
                cylch_json_num(&j, "s1_high", r->sobol->s1_hi[at]);
                cylch_json_num(&j, "st", r->sobol->st[at]);
                cylch_json_num(&j, "st_low", r->sobol->st_lo[at]);
                cylch_json_num(&j, "st_high", r->sobol->st_hi[at]);
                cylch_json_uint(&j, "group", grp[p]);
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
    free(grp);
    return ferror(f) ? -1 : 0;
}

int cylch_sens_write_tornado_csv(FILE *f, const cylch_sens *r)
{
    static const char *const cols[] = {"rank", "input", "label", "low_input", "high_input",
                                       "output_low", "output_high", "base", "swing", "moves_with",
                                       "output", "output_measure", "output_unit"};
    const int h = r->headline;
    int bad = 0;
    char name[96], shown[128];
    if (r->method != CYLCH_SENS_TORNADO)
        return -1;
    cylch_sens_output_name(r, h, name, sizeof name);
    snprintf(shown, sizeof shown, "%s%s", r->against ? "difference in " : "", name);
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        bad |= cylch_csv_put(f, cols[c], c == 0);
    bad |= cylch_csv_end(f);
    for (size_t p = 0; p < r->k; p++) {
        size_t i = r->rank[p];
        double lo = r->y_lo[i * r->nq + (size_t)h], hi = r->y_hi[i * r->nq + (size_t)h];
        bad |= put_size(f, p + 1, 1);
        bad |= cylch_csv_put(f, r->name[i], 0);
        bad |= cylch_csv_put(f, r->label[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_lo[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, r->x_hi[i], 0);
        bad |= cylch_csv_put_num_or_empty(f, lo, 0);
        bad |= cylch_csv_put_num_or_empty(f, hi, 0);
        bad |= cylch_csv_put_num_or_empty(f, r->base[h], 0);
        bad |= cylch_csv_put_num_or_empty(f, fabs(hi - lo), 0);
        bad |= cylch_csv_put(f, r->with[i] ? r->with[i] : "", 0);
        bad |= cylch_csv_put(f, shown, 0) | put_output_words(f, r, h);
        bad |= cylch_csv_end(f);
    }
    return bad || ferror(f) ? -1 : 0;
}

int cylch_sens_write_sobol_csv(FILE *f, const cylch_sens *r)
{
    static const char *const cols[] = {"rank", "input", "label", "s1", "s1_low", "s1_high",
                                       "st", "st_low", "st_high", "group", "output", "output_measure",
                                       "output_unit"};
    long o;
    int bad = 0;
    size_t *grp;
    char name[96], shown[128];
    if (r->method != CYLCH_SENS_SOBOL || (o = sobol_output(r, r->headline)) < 0 ||
        !(grp = malloc(r->k * sizeof *grp)))
        return -1;
    cylch_sens_tie_groups(r, r->headline, r->rank, grp);
    cylch_sens_output_name(r, r->headline, name, sizeof name);
    snprintf(shown, sizeof shown, "%s%s", r->against ? "difference in " : "", name);
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        bad |= cylch_csv_put(f, cols[c], c == 0);
    bad |= cylch_csv_end(f);
    for (size_t p = 0; p < r->k; p++) {
        size_t i = r->rank[p], at = (size_t)o * r->k + i;
        bad |= put_size(f, p + 1, 1);
        bad |= cylch_csv_put(f, r->name[i], 0);
        bad |= cylch_csv_put(f, r->label[i], 0);
        bad |= put_sobol_fields(f, r->sobol, at);
        bad |= put_size(f, grp[p], 0);
        bad |= cylch_csv_put(f, shown, 0) | put_output_words(f, r, r->headline);
        bad |= cylch_csv_end(f);
    }
    free(grp);
    return bad || ferror(f) ? -1 : 0;
}

/* ---------------------------------------------------------------- summary */

/* A value of output h for people: "£2.72" for multipliers, "£1.69M" for £
 * amounts (local wages, local values), "98p" for the round-2 share, "171.2
 * FTE" or "150 FTE" for jobs (cylch_format_fte, as the summary and report). */
static void head_text(int h, double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "%s", _("no value"));
    else if (h >= CYLCH_NHEAD)
        cylch_format_money(v, buf, len);
    else if (h == CYLCH_HEAD_R2GL)
        snprintf(buf, len, _("%.1fp in the £1"), 100.0 * v);
    else if (h % CYLCH_NQ == CYLCH_Q_JOBS) {
        char t[40];
        cylch_format_fte(v, t, sizeof t);   /* the terminal's and report's rule */
        snprintf(buf, len, _("%s FTE"), t);
    }
    else if (h % CYLCH_NQ == CYLCH_Q_LOCAL_WAGES)
        cylch_format_money(v, buf, len);
    else
        snprintf(buf, len, "£%.2f", v);
}

/* A change in output h: "25p" for multipliers, else as head_text. */
static void swing_text(int h, double d, char *buf, size_t len)
{
    int q = h % CYLCH_NQ;
    if (h < CYLCH_NHEAD && h != CYLCH_HEAD_R2GL && q != CYLCH_Q_JOBS && q != CYLCH_Q_LOCAL_WAGES) {
        if (d >= 1.0)
            snprintf(buf, len, "£%.2f", d);
        else
            snprintf(buf, len, "%.*fp", 100.0 * d < 9.95 ? 1 : 0, 100.0 * d);
    } else {
        head_text(h, d, buf, len);
    }
}

/* A signed change in output h: "+£48,000", "−3.1p". */
static void signed_text(int h, double d, char *buf, size_t len)
{
    char t[40];
    swing_text(h, fabs(d), t, sizeof t);
    snprintf(buf, len, "%s%s", d > 0.0 ? "+" : d < 0.0 ? "−" : "", t);
}

/* What "every £1" is of (gettext msgids). */
static const char *const src_words[CYLCH_NSRC] = {
    N_("of grant"), N_("of loan or investment"), N_("of trade from outside"), N_("of money from outside"),
    N_("of the members' income")
};

/* The opening line: what the analysis is of, and its value at the point values. */
static void summary_intro(FILE *f, const cylch_sens *r)
{
    const int h = r->headline;
    char a[48], b[48], c[48];
    if (!r->against) {
        head_text(h, r->base[h], a, sizeof a);
        fprintf(f, _("What drives the headline multiplier, every £1 %s over time (%s with every input "
                     "at its point value), in scenario %s:\n"), _(src_words[h / CYLCH_NQ]), a, r->scenario);
        return;
    }
    signed_text(h, r->base[h], a, sizeof a);
    head_text(h, r->side[0][h], b, sizeof b);
    head_text(h, r->side[1][h], c, sizeof c);
    if (h >= CYLCH_NHEAD)
        fprintf(f, _("What the difference in local circulation between %s and %s rests on (%s a year with "
                     "every input at its point value: %s against %s), the same input values in both:\n"),
                r->scenario, r->against, a, b, c);
    else
        fprintf(f, _("What the difference in the headline multiplier, every £1 %s over time, between %s "
                     "and %s rests on (%s with every input at its point value: %s against %s), the same "
                     "input values in both:\n"), _(src_words[h / CYLCH_NQ]), r->scenario, r->against, a, b, c);
}

/* "1st", "2nd", "3rd", "4th", … */
static const char *ordinal(size_t n)
{
    return (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd"
         : n % 10 == 3 ? "rd" : "th";
}

/* Sobol: the inputs among the first `shown` that cannot be told apart from
 * their neighbours, the first-order estimates above the total beyond their
 * intervals, and whether the inputs act alone (ΣS and its interval). */
static void summary_sobol_tail(FILE *f, const cylch_sens *r, size_t shown, const char *noun)
{
    const int h = r->headline;
    const size_t o = (size_t)sobol_output(r, h), k = r->k;
    const cylch_sobol_result *sb = r->sobol;
    const double lv = 100.0 * sb->level;
    size_t *grp = malloc(k * sizeof *grp);
    if (grp) {
        cylch_sens_tie_groups(r, h, r->rank, grp);
        for (size_t p = 0; p < shown; p++) {
            if (p > 0 && grp[p] == grp[p - 1])
                continue;   /* reported with the first of its group */
            size_t q = p;
            while (q + 1 < k && grp[q + 1] == grp[p])
                q++;
            if (q == p)
                continue;
            if (q == p + 1)
                fprintf(f, _("  The %zu%s and %zu%s cannot be told apart: their %.0f%% intervals overlap, "
                             "so their order here means nothing.\n"), p + 1, ordinal(p + 1), q + 1,
                        ordinal(q + 1), lv);
            else
                fprintf(f, _("  The %zu%s to %zu%s cannot be told apart: their %.0f%% intervals overlap, "
                             "so their order here means nothing.\n"), p + 1, ordinal(p + 1), q + 1,
                        ordinal(q + 1), lv);
        }
        free(grp);
    }
    /* Only for the inputs shown: among many inputs with tiny indices, one 95%
     * interval in twenty misses by chance. */
    for (size_t p = 0; p < shown; p++) {
        size_t i = r->rank[p], at = o * k + i;
        if (sb->s1_lo[at] > sb->st_hi[at])
            fprintf(f, _("  For the %s, the index alone (%.0f%%) is above the index with interactions "
                         "(%.0f%%) by more than their intervals allow: that can only be sampling error; "
                         "run with a larger N (--draws).\n"), r->label_text[i], 100.0 * sb->s1[at],
                    100.0 * sb->st[at]);
    }
    double s = sb->s1sum[o], lo = sb->s1sum_lo[o], hi = sb->s1sum_hi[o];
    if (lo <= 1.0 && 1.0 <= hi)
        fprintf(f, _("  The inputs' effects alone add up to %.0f%% of the variance (%.0f%% interval %.0f%% to "
                     "%.0f%%), which includes 100%%: no sign of inputs acting together on %s.\n"),
                100.0 * s, lv, 100.0 * lo, 100.0 * hi, noun);
    else if (hi < 1.0)
        fprintf(f, _("  The inputs' effects alone add up to %.0f%% of the variance (%.0f%% interval %.0f%% to "
                     "%.0f%%): the rest, %.0f%% to %.0f%%, comes from inputs acting together.\n"),
                100.0 * s, lv, 100.0 * lo, 100.0 * hi, 100.0 * (1.0 - hi), 100.0 * (1.0 - lo));
    else
        fprintf(f, _("  The inputs' effects alone add up to %.0f%% of the variance (%.0f%% interval %.0f%% to "
                     "%.0f%%), more than 100%%: that can only be sampling error; run with a larger N "
                     "(--draws).\n"), 100.0 * s, lv, 100.0 * lo, 100.0 * hi);
    fprintf(f, _("  (Sobol' indices from %s%s; N = %zu, %zu model evaluations; %.0f%% intervals from %zu "
                 "bootstrap resamples.)\n"), sb->sequence_text,
            r->screened ? _(" (the sequence went to the inputs with the largest tornado swings)") : "",
            r->n, sb->evaluations, lv, sb->bootstrap);
}

/* How inputs that move together (a correlation in [uncertainty], DESIGN §8.6)
 * were treated, when there are any. */
static void summary_correlated(FILE *f, const cylch_sens *r)
{
    int any = 0;
    for (size_t i = 0; r->with && i < r->k && !any; i++)
        any = r->with[i] != NULL;
    if (r->method == CYLCH_SENS_TORNADO && any)
        fprintf(f, _("  Inputs correlated in [uncertainty] move together here too: when one goes to its "
                     "%.0fth or %.0fth percentile, those correlated with it go to their medians given it "
                     "(under the scenario's Gaussian copula), the rest stay at their point values; so the "
                     "swings of correlated inputs overlap and do not add up.\n"), 100.0 * r->p_lo,
                100.0 * r->p_hi);
    else if (r->method == CYLCH_SENS_SPEARMAN && any)
        fputs(_("  The draws honour the correlations in [uncertainty], so an input's rank correlation "
                "includes the effect of the inputs that move with it.\n"), f);
    else if (r->method == CYLCH_SENS_SOBOL && r->ngrouped) {
        fputs(_("  Inputs correlated in [uncertainty] are taken as one group each (grouped Sobol' "
                "indices, Jacques et al. 2006): "), f);
        for (size_t i = 0, n = 0; i < r->k; i++)
            if (isnan(r->point[i]) && strncmp(r->name[i], "group.", 6) == 0)
                fprintf(f, _("%sthe %s"), n++ ? "; " : "", r->label_text[i]);
        fputs(_(". The groups and the other inputs are independent, so their indices add up as "
                "for independent inputs; the members within a group are not ranked apart.\n"), f);
    }
}

void cylch_sens_summary(FILE *f, const cylch_sens *r)
{
    const int h = r->headline;
    const char *noun = r->against ? _("the difference") : _("the multiplier");
    char a[48], b[48], c[48];
    size_t shown = 0;
    double scale = r->against ? fabs(r->side[0][h]) + fabs(r->side[1][h]) : fabs(r->base[h]);

    summary_intro(f, r);
    for (size_t p = 0; p < r->k && shown < 3; p++) {
        size_t i = r->rank[p];
        double v = importance(r, h, i);
        if (r->method == CYLCH_SENS_TORNADO) {
            double lo = r->y_lo[i * r->nq + (size_t)h], hi = r->y_hi[i * r->nq + (size_t)h];
            if (!(v > 1e-9 * scale))
                break;
            if (r->against) {
                signed_text(h, lo, a, sizeof a);
                signed_text(h, hi, b, sizeof b);
            } else {
                head_text(h, lo, a, sizeof a);
                head_text(h, hi, b, sizeof b);
            }
            swing_text(h, v, c, sizeof c);
            if (r->with[i])
                fprintf(f, _("  %zu. the %s, with %s moving with it: from its %.0fth to its %.0fth "
                             "percentile %s goes from %s to %s, a swing of %s;\n"), shown + 1, r->label_text[i],
                        r->with_text[i], 100.0 * r->p_lo, 100.0 * r->p_hi, noun, a, b, c);
            else
                fprintf(f, _("  %zu. the %s: from its %.0fth to its %.0fth percentile %s goes from "
                             "%s to %s, a swing of %s;\n"), shown + 1, r->label_text[i], 100.0 * r->p_lo,
                        100.0 * r->p_hi, noun, a, b, c);
        } else if (r->method == CYLCH_SENS_SPEARMAN) {
            double rho = r->rho[i * r->nq + (size_t)h];
            if (!(v >= 0.05))
                break;
            if (r->with[i])
                fprintf(f, _("  %zu. the %s, which moves with %s: rank correlation %+.2f over %zu draws (the "
                             "multiplier %s as it rises);\n"), shown + 1, r->label_text[i], r->with_text[i], rho, r->n,
                        rho > 0 ? _("rises") : _("falls"));
            else
                fprintf(f, _("  %zu. the %s: rank correlation %+.2f over %zu draws (the multiplier %s as it "
                             "rises);\n"), shown + 1, r->label_text[i], rho, r->n, rho > 0 ? _("rises") : _("falls"));
        } else {
            size_t at = (size_t)sobol_output(r, h) * r->k + i;
            const cylch_sobol_result *sb = r->sobol;
            if (!(v >= 0.01))
                break;
            fprintf(f, _("  %zu. the %s: %.0f%% of %s's variance alone (%.0f%% interval %.0f%% to %.0f%%), "
                         "%.0f%% with its interactions (%.0f%% to %.0f%%);\n"), shown + 1, r->label_text[i],
                    100.0 * sb->s1[at], noun, 100.0 * sb->level, 100.0 * sb->s1_lo[at],
                    100.0 * sb->s1_hi[at], 100.0 * sb->st[at], 100.0 * sb->st_lo[at], 100.0 * sb->st_hi[at]);
        }
        shown++;
    }
    if (shown == 0) {
        fprintf(f, _("  none of the %zu uncertain inputs moves it noticeably.\n"), r->k);
        return;
    }
    if (r->method == CYLCH_SENS_TORNADO && shown < r->k) {
        size_t next = r->rank[shown];
        swing_text(h, importance(r, h, next), c, sizeof c);
        fprintf(f, _("  each of the other %zu inputs swings it by %s or less.\n"), r->k - shown, c);
    } else if (r->method == CYLCH_SENS_SOBOL) {
        summary_sobol_tail(f, r, shown, noun);
    } else if (r->method == CYLCH_SENS_SPEARMAN) {
        fprintf(f, _("  (rank correlations over the Monte Carlo draws, seed %llu; each input varies "
                     "with all the others.)\n"), (unsigned long long)r->seed);
    }
    summary_correlated(f, r);
}

/* A share as a percentage with one decimal, never "-0.0". */
static double pct1(double x)
{
    double v = round(1000.0 * x) / 10.0;
    return v == 0.0 ? 0.0 : v;
}

void cylch_sens_write_table(FILE *f, const cylch_sens *r)
{
    long o = r->method == CYLCH_SENS_SOBOL ? sobol_output(r, r->headline) : -1;
    size_t *grp;
    if (o < 0 || !(grp = malloc(r->k * sizeof *grp)))
        return;
    const cylch_sobol_result *sb = r->sobol;
    cylch_sens_tie_groups(r, r->headline, r->rank, grp);
    fprintf(f, _("Every input, ranked by its index with interactions (%.0f%% intervals). Inputs in the same "
                 "group cannot be told apart.\n"), 100.0 * sb->level);
    fputs(_("rank group  alone (first order)          with interactions (total)    input\n"), f);
    for (size_t p = 0; p < r->k; p++) {
        size_t i = r->rank[p], at = (size_t)o * r->k + i;
        /* TRANSLATORS: the columns line up with those of the heading above */
        fprintf(f, _("%4zu %5zu  %6.1f%% (%6.1f%% to %6.1f%%)  %6.1f%% (%6.1f%% to %6.1f%%)  %s\n"), p + 1, grp[p],
                pct1(sb->s1[at]), pct1(sb->s1_lo[at]), pct1(sb->s1_hi[at]), pct1(sb->st[at]),
                pct1(sb->st_lo[at]), pct1(sb->st_hi[at]), r->label_text[i]);
    }
    free(grp);
}
