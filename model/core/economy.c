/* cylch — the local economy of a scenario from a regionalised input-output
 * table: loading it once, and the coefficients of one draw. Definitions in
 * include/cylch/core/economy.h. */
#include "cylch/core/economy.h"
#include "cylch/io/lang.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct econ_piece econ_piece;
static void series_free(cylch_economy_series *s);
static cylch_economy_series *series_new(const cylch_economy *e);

void cylch_economy_spec_free(cylch_economy_spec *spec)
{
    if (!spec)
        return;
    free(spec->table);
    free(spec->regions);
    free(spec->area);
    free(spec->national);
    free(spec->measure);
    free(spec->map);
    free(spec->method);
    free(spec->single_agent);
    free(spec);
}

void cylch_economy_release(cylch_economy *e)
{
    if (!e || --e->refs > 0)
        return;
    cylch_iotable_free(e->table);
    cylch_regional_free(e->rg);
    series_free(e->series);
    free(e->ac);
    free(e->aq);
    free(e->hh);
    free(e->hh_cash);
    free(e->wage);
    free(e->jobs);
    free(e->gva);
    free(e->x);
    if (e->code)
        for (size_t i = 0; i < e->n; i++)
            free(e->code[i]);
    free(e->code);
    free(e);
}

/* "Accommodation Services (I55)" -> "I55"; a label without a final
 * parenthesis is its own code. */
static char *code_of(const char *label)
{
    size_t len = strlen(label);
    const char *open = strrchr(label, '(');
    if (len > 2 && label[len - 1] == ')' && open)
        return strndup(open + 1, (size_t)(label + len - 1 - (open + 1)));
    return strdup(label);
}

long cylch_economy_find(const cylch_economy *e, const char *industry)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(industry, e->table->name[i]) == 0 || strcmp(industry, e->code[i]) == 0)
            return (long)i;
    return -1;
}

static int need(const char *v, long section_line, const char *path, const char *key,
                const char *example, cylch_error *err)
{
    if (v)
        return CYLCH_OK;
    return cylch_error_at(err, CYLCH_EINPUT, path, section_line,
                          "[economy] needs %s (e.g. %s = %s)", key, key, example);
}

/* A file named by key of [economy] (on line of the scenario path) must open. */
static int readable(const char *file, const char *key, long line, const char *path, cylch_error *err)
{
    FILE *f = fopen(file, "rb");
    if (f) {
        fclose(f);
        return CYLCH_OK;
    }
    return cylch_error_at(err, CYLCH_EINPUT, path, line,
                          "%s = %s in [economy]: cannot open the file (%s); a path in [economy] is "
                          "relative to the folder of the file that names it (the current folder "
                          "for --set)", key, file, cylch_errno_text(errno));
}

/* Households' local spending is split over industries by their column made
 * local (c_i min(1, Q_iH), left out where an industry pays no wages and
 * employs no one): a split that is zero everywhere would lose that spending
 * without a word. lambda* > 0 does not change which entries are zero. */
static int check_households(const cylch_economy *e, const cylch_economy_spec *spec, const char *path,
                            cylch_error *err)
{
    double any = 0.0, local = 0.0;
    for (size_t i = 0; i < e->n; i++) {
        double c = e->hh_cash[i];
        any += c > 0.0 ? c : 0.0;
        local += c > 0.0 ? c * cylch_regional_household_share(e->rg, e->method, 1.0, i) : 0.0;
    }
    if (!(any > 0.0))
        return cylch_error_at(err, CYLCH_EINPUT, path, spec->table_line,
                              "households spend nothing with any industry of %s that pays wages or "
                              "employs anyone (its households column is zero or negative there), so "
                              "their local spending in [economy] would go nowhere; give the table "
                              "households' final consumption by industry in its households column",
                              spec->table);
    if (!(local > 0.0))
        return cylch_error_at(err, CYLCH_EINPUT, path, spec->regions_line,
                              "none of the industries households buy from has any %s in %s in %s "
                              "(every location quotient households' spending goes through is 0), so "
                              "their local spending in [economy] would go nowhere; check area, measure "
                              "and the figures for %s",
                              cylch_lq_measure_name(e->rg->measure), e->rg->area, spec->regions,
                              e->rg->area);
    return CYLCH_OK;
}

int cylch_economy_load(const cylch_economy_spec *spec, const char *path, cylch_economy **out,
                       cylch_error *err)
{
    cylch_economy *e = NULL;
    cylch_lq_measure measure;
    cylch_regional_origin origin = {path, spec->area_line, spec->national_line, _("in [economy]")};
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = need(spec->table, spec->section_line, path, "table", "../data/uk-2019/io-table.csv", err)) ||
        (rc = need(spec->regions, spec->section_line, path, "regions",
                   "../data/regions/employment-2019.csv", err)) ||
        (rc = need(spec->area, spec->section_line, path, "area", "Gwynedd", err)) ||
        (rc = need(spec->national, spec->section_line, path, "national",
                   "United Kingdom less Extra-Regio", err)) ||
        (rc = need(spec->measure, spec->section_line, path, "measure", "gva", err)) ||
        (rc = need(spec->method, spec->section_line, path, "method", "flq", err)))
        return rc;
    if (!cylch_lq_measure_parse(spec->measure, &measure))
        return cylch_error_at(err, CYLCH_EINPUT, path, spec->measure_line,
                              "measure '%s' in [economy] is not known; use employment or gva",
                              spec->measure);
    e = calloc(1, sizeof *e);
    if (!e)
        goto nomem;
    e->refs = 1;
    e->unit = spec->unit > 0.0 ? spec->unit : 1e6;
    if (!cylch_lq_method_parse(spec->method, &e->method)) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->method_line,
                            "method '%s' in [economy] is not known; use slq, cilq, flq or aflq",
                            spec->method);
        goto fail;
    }
    if ((e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ) && !spec->has_delta) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->method_line,
                            "method %s needs delta in [economy] (a number or a distribution, "
                            "0 <= delta < 1; see docs/model.md for the value the Scotland check "
                            "supports)", spec->method);
        goto fail;
    }
    if ((rc = readable(spec->table, "table", spec->table_line, path, err)) ||
        (rc = readable(spec->regions, "regions", spec->regions_line, path, err)) ||
        (spec->map && (rc = readable(spec->map, "map", spec->map_line, path, err))) ||
        (spec->single_agent &&
         (rc = readable(spec->single_agent, "single_agent", spec->single_agent_line, path, err))) ||
        (rc = cylch_iotable_read(spec->table, &e->table, err)) ||
        (rc = cylch_regional_read_from(spec->regions, spec->map, e->table, spec->area,
                                       spec->national, measure, &origin, &e->rg, err)))
        goto fail;
    if (!e->table->hh_wages || !e->table->employment || !e->table->gva) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->table_line,
                            "table = %s in [economy] has no %s row; an [economy] table needs "
                            "households, gva and employment rows (the industries' wages, GVA and "
                            "jobs per unit of output; docs/model.md, section 10)",
                            spec->table, !e->table->hh_wages ? "households"
                                         : !e->table->gva ? "gva" : "employment");
        goto fail;
    }
    if (!e->table->hh_cons) {
        rc = cylch_error_at(err, CYLCH_EINPUT, path, spec->table_line,
                            "table = %s in [economy] has no households column; add one with "
                            "households' final consumption from each industry (an [economy] "
                            "splits households' local spending over industries by it)",
                            spec->table);
        goto fail;
    }
    n = e->n = e->table->n;
    e->ac = calloc(n * n, sizeof *e->ac);
    e->aq = calloc(n * n, sizeof *e->aq);
    e->hh = calloc(n, sizeof *e->hh);
    e->hh_cash = calloc(n, sizeof *e->hh_cash);
    e->wage = calloc(n, sizeof *e->wage);
    e->jobs = calloc(n, sizeof *e->jobs);
    e->gva = calloc(n, sizeof *e->gva);
    e->x = calloc(n, sizeof *e->x);
    e->code = calloc(n, sizeof *e->code);
    if (!e->ac || !e->aq || !e->hh || !e->hh_cash || !e->wage || !e->jobs || !e->gva || !e->x || !e->code)
        goto nomem;
    for (size_t j = 0; j < n; j++) {
        double xj = gsl_vector_get(e->table->x, j);
        if (!(e->code[j] = code_of(e->table->name[j])))
            goto nomem;
        e->x[j] = xj;
        e->hh[j] = gsl_vector_get(e->table->hh_cons, j);
        if (xj <= 0.0)
            continue;
        for (size_t i = 0; i < n; i++) {
            double a = gsl_matrix_get(e->table->z, i, j) / xj;
            /* Q_ij is linear in lambda* (FLQ, AFLQ) or free of it: a_ij Q_ij at
             * lambda* = 1, so that a draw's r_ij is one multiplication and a min. */
            e->ac[j * n + i] = a;
            e->aq[j * n + i] = a == 0.0 ? 0.0 : a * cylch_regional_quotient(e->rg, e->method, 1.0, i, j);
        }
        e->wage[j] = gsl_vector_get(e->table->hh_wages, j) / xj;
        /* Per £: the table's figures are per money unit (e.g. £ million). */
        e->jobs[j] = gsl_vector_get(e->table->employment, j) / (xj * e->unit);
        e->gva[j] = gsl_vector_get(e->table->gva, j) / xj;
    }
    for (size_t i = 0; i < n; i++)
        e->hh_cash[i] = e->wage[i] == 0.0 && e->jobs[i] == 0.0 ? 0.0 : e->hh[i];
    if ((rc = check_households(e, spec, path, err)))
        goto fail;
    e->lambda_hi = cylch_regional_lambda(e->rg, 0.0);
    e->lambda_lo = cylch_regional_lambda(e->rg, CYLCH_ECONOMY_DELTA_MAX);
    if (!(e->series = series_new(e)))
        goto nomem;
    *out = e;
    return CYLCH_OK;
nomem:
    rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory loading the [economy] of %s", path);
fail:
    cylch_economy_release(e);
    return rc;
}

/* ---------------------------------------------------------------------------
 * The industry block T = (I - r)^T and its three vectors (economy.h). */

/* Doolittle LU in place of the n x n row-major matrix a, without pivoting
 * (T is strictly diagonally dominant by rows: row k's off-diagonal entries
 * are column k of r, whose sum is below 1 - r_kk... in all r's column sum
 * is below 1, checked by the model). */
static void lu_factor(double *a, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const double inv = 1.0 / a[k * n + k];
        const double *ak = a + k * n;
        for (size_t i = k + 1; i < n; i++) {
            double *ai = a + i * n;
            const double l = ai[k] * inv;
            ai[k] = l;
            if (l != 0.0) {
#pragma omp simd
                for (size_t j = k + 1; j < n; j++)
                    ai[j] -= l * ak[j];
            }
        }
    }
}

/* x := (LU)^-1 x with lu_factor's factors. */
static void lu_solve(const double *a, size_t n, double *x)
{
    for (size_t i = 1; i < n; i++) {
        double s = x[i];
        for (size_t j = 0; j < i; j++)
            s -= a[i * n + j] * x[j];
        x[i] = s;
    }
    for (size_t i = n; i-- > 0;) {
        double s = x[i];
        for (size_t j = i + 1; j < n; j++)
            s -= a[i * n + j] * x[j];
        x[i] = s / a[i * n + i];
    }
}

/* r at lambda by columns into r (column k at r + k*ld), column sums into cs
 * (may be NULL). */
static void fill_r(const cylch_economy *e, double lambda, double *r, size_t ld, double *cs)
{
    const size_t n = e->n;
    for (size_t k = 0; k < n; k++) {
        const double *a = e->ac + k * n, *aq = e->aq + k * n;
        double *rk = r + k * ld, s = 0.0;
#pragma omp simd reduction(+ : s)
        for (size_t i = 0; i < n; i++) {
            const double v = aq[i] * lambda;
            rk[i] = v < a[i] ? v : a[i];   /* a_ik min(1, Q_ik): inf stays a_ik */
            s += rk[i];
        }
        if (cs)
            cs[k] = s;
    }
}

/* T = (I - r)^T row-major from r by columns: row k is minus column k. */
static void fill_T(size_t n, const double *r, size_t ld, double *T)
{
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < n; i++)
            T[k * n + i] = (i == k) - r[k * ld + i];
}

/* The right-hand sides of the three vectors: wages, ones, jobs per £. */
static void block_rhs(const cylch_economy *e, double *u, double *z1, double *zj)
{
    for (size_t i = 0; i < e->n; i++) {
        u[i] = e->wage[i];
        z1[i] = 1.0;
        zj[i] = e->jobs[i];
    }
}

/* ---- the series on pieces of lambda* ---- */

enum { PIECE_EMPTY = 0, PIECE_BUILDING, PIECE_READY, PIECE_EXACT };

struct econ_piece {
    atomic_int state;       /* PIECE_*: set once, by the thread that builds it */
    double lo, hi;          /* lambda* at its ends; the series is about lo */
    int K;                  /* terms past the value */
    double *t;              /* 3 x (K + 1) x n: t[(v (K + 1) + k) n + i], v = u, z1, zj */
};

struct cylch_economy_series {
    size_t npieces;
    econ_piece *piece;
};

static void series_free(cylch_economy_series *s)
{
    if (!s)
        return;
    for (size_t p = 0; p < s->npieces; p++)
        free(s->piece[p].t);
    free(s->piece);
    free(s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The pieces: lambda*'s range cut at every kink a_ik / aq_ik inside it and at
 * 128 equal steps (FLQ, AFLQ); one piece [1, 1] for SLQ and CILQ. */
static cylch_economy_series *series_new(const cylch_economy *e)
{
    enum { STEPS = 128 };
    const size_t n = e->n;
    const double lo = e->lambda_lo, hi = e->lambda_hi;
    cylch_economy_series *s = calloc(1, sizeof *s);
    double *cut = NULL;
    size_t ncut = 0;
    if (!s)
        return NULL;
    if (e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ) {
        if (!(cut = malloc((n * n + STEPS + 1) * sizeof *cut)))
            goto fail;
        for (size_t j = 0; j <= STEPS; j++)
            cut[ncut++] = j == STEPS ? hi : lo + (hi - lo) * (double)j / STEPS;
        for (size_t k = 0; k < n * n; k++) {
            double a = e->ac[k], aq = e->aq[k];
            if (a > 0.0 && aq > 0.0 && isfinite(aq) && a / aq > lo && a / aq < hi)
                cut[ncut++] = a / aq;
        }
        qsort(cut, ncut, sizeof *cut, cmp_double);
        {
            size_t w = 0;
            for (size_t k = 0; k < ncut; k++)
                if (w == 0 || cut[k] > cut[w - 1])
                    cut[w++] = cut[k];
            ncut = w;
        }
    }
    s->npieces = ncut > 1 ? ncut - 1 : 1;
    if (!(s->piece = calloc(s->npieces, sizeof *s->piece)))
        goto fail;
    for (size_t p = 0; p < s->npieces; p++) {
        atomic_init(&s->piece[p].state, PIECE_EMPTY);
        s->piece[p].lo = ncut > 1 ? cut[p] : 1.0;
        s->piece[p].hi = ncut > 1 ? cut[p + 1] : 1.0;
    }
    free(cut);
    return s;
fail:
    free(cut);
    series_free(s);
    return NULL;
}

/* Build piece p (economy.h): 0, or -1 when it cannot serve (then PIECE_EXACT). */
static int piece_build(const cylch_economy *e, econ_piece *p)
{
    const size_t n = e->n;
    const double h = p->hi - p->lo, mid = 0.5 * (p->lo + p->hi);
    const int linear = e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ;
    double *r = malloc(n * n * sizeof *r), *P = malloc(n * n * sizeof *P);
    double *T = malloc(n * n * sizeof *T), *w = malloc(n * sizeof *w);
    double rho = 0.0, pmax = 0.0, hb, bound;
    int K = 0, ok = 0;
    if (!r || !P || !T || !w)
        goto done;
    fill_r(e, linear ? p->lo : 1.0, r, n, w);
    for (size_t k = 0; k < n; k++) {
        double ps = 0.0;
        rho = fmax(rho, w[k]);
        /* P: the entries still below their national value inside the piece. */
        for (size_t i = 0; i < n; i++) {
            double aq = e->aq[k * n + i];
            P[k * n + i] = linear && aq * mid < e->ac[k * n + i] ? aq : 0.0;
            ps += P[k * n + i];
        }
        pmax = fmax(pmax, ps);
    }
    if (!(rho < 1.0))
        goto done;
    hb = h * pmax / (1.0 - rho);
    if (!(hb <= 0.25))
        goto done;
    for (bound = hb / (1.0 - hb); hb > 0.0 && bound > CYLCH_ECONOMY_SERIES_TOL; K++)
        bound *= hb;
    if (!(p->t = malloc(3 * (size_t)(K + 1) * n * sizeof *p->t)))
        goto done;
    fill_T(n, r, n, T);
    lu_factor(T, n);
    block_rhs(e, p->t, p->t + (size_t)(K + 1) * n, p->t + 2 * (size_t)(K + 1) * n);
    for (int v = 0; v < 3; v++) {
        double *t = p->t + (size_t)v * (K + 1) * n;
        lu_solve(T, n, t);
        for (int k = 1; k <= K; k++) {
            double *prev = t + (size_t)(k - 1) * n, *next = t + (size_t)k * n;
            for (size_t c = 0; c < n; c++) {   /* P^T prev */
                const double *pc = P + c * n;
                double sum = 0.0;
#pragma omp simd reduction(+ : sum)
                for (size_t i = 0; i < n; i++)
                    sum += pc[i] * prev[i];
                next[c] = sum;
            }
            lu_solve(T, n, next);
        }
    }
    p->K = K;
    ok = 1;
done:
    free(r);
    free(P);
    free(T);
    free(w);
    return ok ? 0 : -1;
}

/* The piece serving lambda, built if need be (waiting while another thread
 * builds it); NULL when none can. */
static const econ_piece *series_piece(const cylch_economy *e, double lambda)
{
    cylch_economy_series *s = e->series;
    size_t lo = 0, hi = s->npieces;
    econ_piece *p;
    int st;
    /* the last piece whose lo <= lambda (the first when lambda is below all) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->piece[mid].lo <= lambda)
            lo = mid;
        else
            hi = mid;
    }
    p = &s->piece[lo];
    if (!(lambda >= p->lo && lambda <= p->hi))
        return NULL;   /* outside the range (rounding at its ends): solve exactly */
    st = atomic_load_explicit(&p->state, memory_order_acquire);
    if (st == PIECE_EMPTY) {
        int expect = PIECE_EMPTY;
        if (atomic_compare_exchange_strong(&p->state, &expect, PIECE_BUILDING)) {
            st = piece_build(e, p) ? PIECE_EXACT : PIECE_READY;
            atomic_store_explicit(&p->state, st, memory_order_release);
        }
    }
    while ((st = atomic_load_explicit(&p->state, memory_order_acquire)) == PIECE_BUILDING)
        sched_yield();
    return st == PIECE_READY ? p : NULL;
}

/* The three vectors at lambda from piece p: Horner in h = lambda - lo. */
static void piece_eval(const econ_piece *p, size_t n, double lambda, double *u, double *z1,
                       double *zj)
{
    double *out[3] = {u, z1, zj};
    const double h = lambda - p->lo;
    const size_t K = (size_t)p->K;
    for (int v = 0; v < 3; v++) {
        const double *t = p->t + (size_t)v * (K + 1) * n;
        double *restrict o = out[v];
        memcpy(o, t + K * n, n * sizeof *o);
        for (size_t k = K; k-- > 0;) {
            const double *restrict tk = t + k * n;
#pragma omp simd
            for (size_t i = 0; i < n; i++)
                o[i] = o[i] * h + tk[i];
        }
    }
}

cylch_economy_draw *cylch_economy_draw_new(const cylch_economy *e, double *r, size_t ld)
{
    cylch_economy_draw *d = calloc(1, sizeof *d);
    size_t n = e->n;
    if (!d)
        return NULL;
    d->delta = NAN;
    d->lu_delta = NAN;
    d->avg_delta = NAN;
    d->r_owned = !r;
    d->r = r ? r : calloc(n * n, sizeof *d->r);
    d->ld = r ? ld : n;
    d->lu = calloc(n * n, sizeof *d->lu);
    d->colsum = calloc(n, sizeof *d->colsum);
    d->hh_share = calloc(n, sizeof *d->hh_share);
    d->avg_share = calloc(n, sizeof *d->avg_share);
    d->u = calloc(3 * n, sizeof *d->u);
    if (!d->r || !d->lu || !d->colsum || !d->hh_share || !d->avg_share || !d->u) {
        cylch_economy_draw_free(d);
        return NULL;
    }
    d->z1 = d->u + n;
    d->zj = d->u + 2 * n;
    return d;
}

void cylch_economy_draw_free(cylch_economy_draw *d)
{
    if (!d)
        return;
    if (d->r_owned)
        free(d->r);
    free(d->lu);
    free(d->colsum);
    free(d->hh_share);
    free(d->avg_share);
    free(d->u);
    free(d);
}

static void draw_factor(const cylch_economy *e, cylch_economy_draw *d)
{
    if (d->lu_delta == d->delta)
        return;
    fill_T(e->n, d->r, d->ld, d->lu);
    lu_factor(d->lu, e->n);
    d->lu_delta = d->delta;
}

void cylch_economy_draw_solve(const cylch_economy *e, cylch_economy_draw *d, double *x)
{
    draw_factor(e, d);
    lu_solve(d->lu, e->n, x);
}

const double *cylch_economy_draw_avg(const cylch_economy *e, cylch_economy_draw *d)
{
    const size_t n = e->n;
    double *avg = d->avg_share, sum = 0.0;
    if (d->avg_delta == d->delta)
        return avg;
    for (size_t i = 0; i < n; i++)
        avg[i] = 0.0;
    for (size_t k = 0; k < n; k++) {
        const double *rk = d->r + k * d->ld, xk = e->x[k];
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            avg[i] += rk[i] * xk;
    }
    for (size_t i = 0; i < n; i++)
        sum += avg[i];
    for (size_t i = 0; i < n; i++)
        avg[i] = sum > 0.0 ? avg[i] / sum : 0.0;
    d->avg_delta = d->delta;
    return avg;
}

void cylch_economy_draw_set(const cylch_economy *e, cylch_economy_draw *d, double delta)
{
    const size_t n = e->n;
    const int linear = e->method == CYLCH_LQ_FLQ || e->method == CYLCH_LQ_AFLQ;
    const econ_piece *p;
    double lambda, hsum = 0.0;
    delta = !linear ? 0.0 : delta < 0.0 ? 0.0 : delta > CYLCH_ECONOMY_DELTA_MAX ? CYLCH_ECONOMY_DELTA_MAX : delta;
    if (d->delta == delta)
        return;
    lambda = linear ? cylch_regional_lambda(e->rg, delta) : 1.0;
    /* households' column made local: c_i min(1, SLQ_i lambda*) (cylch/core/regional.h;
     * lambda* = 1 for SLQ and CILQ) */
    for (size_t i = 0; i < n; i++) {
        double q = e->rg->slq[i] * lambda;
        d->hh_share[i] = e->hh_cash[i] * (q < 1.0 ? q : 1.0);
        hsum += d->hh_share[i];
    }
    /* hsum > 0: checked at load (check_households), lambda* > 0 */
    for (size_t i = 0; i < n; i++)
        d->hh_share[i] /= hsum;
    fill_r(e, lambda, d->r, d->ld, d->colsum);
    d->delta = delta;
    d->lambda = lambda;
    if ((p = series_piece(e, lambda))) {
        piece_eval(p, n, lambda, d->u, d->z1, d->zj);
        d->from_series = 1;
    } else {
        block_rhs(e, d->u, d->z1, d->zj);
        draw_factor(e, d);
        lu_solve(d->lu, n, d->u);
        lu_solve(d->lu, n, d->z1);
        lu_solve(d->lu, n, d->zj);
        d->from_series = 0;
    }
}

int cylch_economy_block_exact(const cylch_economy *e, double delta, double *u, double *z1,
                              double *zj)
{
    cylch_economy_draw *d = cylch_economy_draw_new(e, NULL, 0);
    if (!d)
        return CYLCH_ENOMEM;
    cylch_economy_draw_set(e, d, delta);
    block_rhs(e, u, z1, zj);
    cylch_economy_draw_solve(e, d, u);
    cylch_economy_draw_solve(e, d, z1);
    cylch_economy_draw_solve(e, d, zj);
    cylch_economy_draw_free(d);
    return CYLCH_OK;
}
