/* cylch — Sobol' sensitivity indices by Saltelli sampling on a quasi-random
 * sample: first-order (Saltelli 2010) and total (Jansen 1999) estimators with
 * percentile bootstrap intervals, the model evaluated in parallel with OpenMP
 * and every sum taken in row order after the loop (see
 * include/cylch/uncertainty/sobol.h). The run is a sequence of steps, each a
 * static function below: check → sample → evaluate → estimate → bootstrap →
 * finish. */
#include "cylch/uncertainty/sobol.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cylch/io/lang.h"

#include "cylch/uncertainty/rng.h"

/* An output counts as constant when its spread is below this fraction of
 * its magnitude: rounding noise, not a signal to apportion. */
#define ZERO_VAR_REL 1e-12

cylch_sobol_options cylch_sobol_options_default(void)
{
    cylch_sobol_options o;
    o.n = 1000;
    o.seed = 1;
    o.bootstrap = 500;
    o.level = 0.95;
    o.threads = 0;
    o.sequence = CYLCH_SOBOL_SEQ_AUTO;
    o.priority = NULL;
    return o;
}

static const char *const sequence_names[CYLCH_SOBOL_NSEQ] = {"auto", "sobol", "pseudo", "mixed"};

const char *cylch_sobol_sequence_name(int seq)
{
    return seq >= 0 && seq < CYLCH_SOBOL_NSEQ ? sequence_names[seq] : "?";
}

void cylch_sobol_result_free(cylch_sobol_result *r)
{
    if (!r)
        return;
    free(r->s1);
    free(r->s1_lo);
    free(r->s1_hi);
    free(r->st);
    free(r->st_lo);
    free(r->st_hi);
    free(r->mean);
    free(r->var);
    free(r->zero_var);
    free(r->s1sum);
    free(r->s1sum_lo);
    free(r->s1sum_hi);
    free(r);
}

cylch_sobol_result *cylch_sobol_result_new(size_t k, size_t m)
{
    if (k == 0 || m == 0 || k > SIZE_MAX / m / sizeof(double))
        return NULL;
    size_t mk = m * k;
    cylch_sobol_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->k = k;
    r->m = m;
    r->s1 = calloc(mk, sizeof *r->s1);
    r->s1_lo = calloc(mk, sizeof *r->s1_lo);
    r->s1_hi = calloc(mk, sizeof *r->s1_hi);
    r->st = calloc(mk, sizeof *r->st);
    r->st_lo = calloc(mk, sizeof *r->st_lo);
    r->st_hi = calloc(mk, sizeof *r->st_hi);
    r->mean = calloc(m, sizeof *r->mean);
    r->var = calloc(m, sizeof *r->var);
    r->zero_var = calloc(m, sizeof *r->zero_var);
    r->s1sum = calloc(m, sizeof *r->s1sum);
    r->s1sum_lo = calloc(m, sizeof *r->s1sum_lo);
    r->s1sum_hi = calloc(m, sizeof *r->s1sum_hi);
    if (!r->s1 || !r->s1_lo || !r->s1_hi || !r->st || !r->st_lo || !r->st_hi
        || !r->mean || !r->var || !r->zero_var || !r->s1sum || !r->s1sum_lo || !r->s1sum_hi) {
        cylch_sobol_result_free(r);
        return NULL;
    }
    return r;
}

/* The evaluations, one block per row j: Y[((j (k + 2)) + c) m + o] is output
 * o of the model on row j of matrix c, with c = 0 for A, 1 for B and 2 + i
 * for A_B^(i); here k is the number of indices (groups, sobol.h). */
typedef struct sobol_data {
    const double *y;
    size_t n, k, m;
} sobol_data;

static const double *row_of(const sobol_data *d, size_t j, size_t c)
{
    return d->y + (j * (d->k + 2) + c) * d->m;
}

/* Per-call accumulators for estimate(): 3 m + 2 m k doubles. */
static size_t acc_size(size_t k, size_t m)
{
    return 3 * m + 2 * m * k;
}

/* The estimators of sobol.h over rows idx[0..n-1] (idx NULL: rows 0..n-1),
 * every sum in that order. Writes s1 and st (m k) and sum (m: Σ_i s1), and
 * when given mean, var and zero (m). acc: acc_size(k, m) doubles of scratch.
 * A constant output gets indices 0. */
static void estimate(const sobol_data *d, const size_t *idx, double *acc,
                     double *s1, double *st, double *sum, double *mean, double *var, int *zero)
{
    const size_t n = d->n, k = d->k, m = d->m;
    double *fsum = acc, *fbig = acc + m, *ss = acc + 2 * m;
    double *s1num = acc + 3 * m, *stnum = s1num + m * k;

    for (size_t o = 0; o < m; o++)
        fsum[o] = fbig[o] = ss[o] = 0.0;
    for (size_t q = 0; q < m * k; q++)
        s1num[q] = stnum[q] = 0.0;

    /* The mean is summed about a shift, the first row's f(A): exact for a
     * constant output and accurate for one with a large mean and small spread. */
    const double *f0 = row_of(d, idx ? idx[0] : 0, 0);
    for (size_t jj = 0; jj < n; jj++) {
        size_t j = idx ? idx[jj] : jj;
        const double *fa = row_of(d, j, 0), *fb = row_of(d, j, 1);
        for (size_t o = 0; o < m; o++) {
            fsum[o] += fa[o] - f0[o];
            fsum[o] += fb[o] - f0[o];
            fbig[o] = fmax(fbig[o], fmax(fabs(fa[o]), fabs(fb[o])));
        }
    }
    for (size_t o = 0; o < m; o++)
        fsum[o] = f0[o] + fsum[o] / (double)(2 * n);   /* now the mean f̄ */
    for (size_t jj = 0; jj < n; jj++) {
        size_t j = idx ? idx[jj] : jj;
        const double *fa = row_of(d, j, 0), *fb = row_of(d, j, 1);
        for (size_t o = 0; o < m; o++) {
            double da = fa[o] - fsum[o], db = fb[o] - fsum[o];
            ss[o] += da * da;
            ss[o] += db * db;
        }
    }
    for (size_t jj = 0; jj < n; jj++) {
        size_t j = idx ? idx[jj] : jj;
        const double *fa = row_of(d, j, 0), *fb = row_of(d, j, 1);
        for (size_t i = 0; i < k; i++) {
            const double *fab = row_of(d, j, 2 + i);
            for (size_t o = 0; o < m; o++) {
                double diff = fab[o] - fa[o];
                s1num[o * k + i] += (fb[o] - fsum[o]) * diff;
                stnum[o * k + i] += diff * diff;
            }
        }
    }
    for (size_t o = 0; o < m; o++) {
        double v = ss[o] / (double)(2 * n);
        double tiny = ZERO_VAR_REL * fbig[o];
        int flat = !(v > tiny * tiny);
        sum[o] = 0.0;
        for (size_t i = 0; i < k; i++) {
            size_t q = o * k + i;
            s1[q] = flat ? 0.0 : s1num[q] / (double)n / v;
            st[q] = flat ? 0.0 : stnum[q] / (double)(2 * n) / v;
            sum[o] += s1[q];
        }
        if (mean)
            mean[o] = fsum[o];
        if (var)
            var[o] = v;
        if (zero)
            zero[o] = flat;
    }
}


/* The first failure a thread met, ordered by (row, matrix). */
typedef struct sobol_fail {
    size_t key;      /* row (k + 2) + matrix; SIZE_MAX when none */
    int status;
    size_t output;   /* for a non-finite output */
    int nonfinite;
} sobol_fail;

static void matrix_name(size_t c, char *buf, size_t len)
{
    if (c == 0)
        snprintf(buf, len, "A");
    else if (c == 1)
        snprintf(buf, len, "B");
    else
        snprintf(buf, len, "A_B(%zu)", c - 1);
}

/* Step 1. Promises: CYLCH_OK only when the model has k, m >= 1, an eval and
 * a freer for any workspace maker; N, level and sequence are in range; and
 * every array of the run fits in size_t. Otherwise a status and message. */
static int check_args(const cylch_sobol_model *model, const cylch_sobol_options *opt,
                      cylch_error *err)
{
    if (!model || !opt)
        return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: no model or options given");
    if (model->k == 0 || model->m == 0)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "Sobol analysis: the model needs at least one input and one "
                               "output (it has %zu and %zu)", model->k, model->m);
    if (!model->eval)
        return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: no model function given");
    if (model->ws_new && !model->ws_free)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "Sobol analysis: a workspace maker was given without its freer");
    if (opt->n < 2 || opt->n > 0xffffffffUL)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "Sobol analysis: the sample size N is %zu; it must be between 2 "
                               "and 4294967295", opt->n);
    if (!(opt->level > 0.0 && opt->level < 1.0))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "Sobol analysis: the interval level is %g; it must be between 0 "
                               "and 1 (e.g. 0.95)", opt->level);
    if (opt->sequence < 0 || opt->sequence >= CYLCH_SOBOL_NSEQ)
        return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: unknown sequence %d", opt->sequence);
    if (opt->sequence == CYLCH_SOBOL_SEQ_SOBOL && model->k > CYLCH_SOBOL_MAX_K_SOBOL)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "Sobol analysis: %zu inputs need a sample of %zu dimensions; GSL's "
                               "Sobol' sequence has at most 40 (20 inputs): use the mixed sample, "
                               "pseudo-random numbers, or let cylch choose", model->k, 2 * model->k);
    if (opt->group) {
        /* every coordinate in a group, and every group with a coordinate */
        if (opt->ngroups == 0 || opt->ngroups > model->k)
            return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: %zu groups for %zu inputs; "
                                   "there must be from 1 to %zu", opt->ngroups, model->k, model->k);
        for (size_t i = 0; i < model->k; i++)
            if (opt->group[i] >= opt->ngroups)
                return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: input %zu is in group %zu "
                                       "of %zu", i + 1, opt->group[i] + 1, opt->ngroups);
        for (size_t g = 0; g < opt->ngroups; g++) {
            size_t seen = 0;
            for (size_t i = 0; i < model->k; i++)
                seen += opt->group[i] == g;
            if (seen == 0)
                return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: group %zu has no input",
                                       g + 1);
        }
    }
    if (opt->priority) {
        /* a permutation: every input once */
        for (size_t p = 0; p < model->k; p++) {
            size_t seen = 0;
            for (size_t q = 0; q < model->k; q++)
                seen += opt->priority[q] == p;
            if (seen != 1)
                return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: the priority of the inputs "
                                       "names input %zu %zu times; it must name each of the %zu inputs "
                                       "once", p + 1, seen, model->k);
        }
    }
    size_t cols = model->k + 2;   /* at most: ngroups <= k */
    if (cols < model->k || opt->n > SIZE_MAX / cols / model->m / sizeof(double)
        || opt->n > SIZE_MAX / 2 / model->k / sizeof(double)
        || (opt->bootstrap > 0
            && opt->bootstrap > SIZE_MAX / (2 * model->k + 1) / model->m / sizeof(double)))
        return cylch_error_set(err, CYLCH_ENOMEM,
                               "Sobol analysis: N = %zu with %zu inputs and %zu outputs is too "
                               "large to hold in memory", opt->n, model->k, model->m);
    return CYLCH_OK;
}

/* Step 2a. The sequence a run uses: the one asked for (MIXED with k <= 20 is
 * SOBOL), or for AUTO sobol when it holds 2k dimensions and mixed otherwise;
 * and a sentence saying which and why into note, in English (local 0) or in
 * the run's language (1). */
static int pick_sequence(int asked, size_t k, int grouped, int local, char *note, size_t len)
{
#define TR(x) (local ? _(x) : (x))
    int seq = asked;
    /* with groups, the sample's coordinates are the inputs' own uniforms and the common factors' */
    const char *what = grouped ? TR(N_("inputs and common factors")) : TR(N_("inputs"));
    if (seq == CYLCH_SOBOL_SEQ_AUTO || seq == CYLCH_SOBOL_SEQ_MIXED)
        seq = k <= CYLCH_SOBOL_MAX_K_SOBOL ? CYLCH_SOBOL_SEQ_SOBOL : CYLCH_SOBOL_SEQ_MIXED;
    if (seq == CYLCH_SOBOL_SEQ_SOBOL)
        snprintf(note, len, TR(N_("a Sobol' quasi-random sequence (GSL, %zu dimensions)")), 2 * k);
    else if (seq == CYLCH_SOBOL_SEQ_MIXED)
        snprintf(note, len, TR(N_("a Sobol' quasi-random sequence (GSL, 40 dimensions) for %d of the %zu "
                 "%s and pseudo-random numbers for the other %zu, because %zu %s need %zu "
                 "dimensions and GSL's sequence has 40")), CYLCH_SOBOL_MAX_K_SOBOL, k, what,
                 k - CYLCH_SOBOL_MAX_K_SOBOL, k, what, 2 * k);
    else
        snprintf(note, len, "%s", TR(N_("pseudo-random numbers (as asked): the indices carry ordinary "
                                        "Monte Carlo error, which the intervals show")));
    return seq;
#undef TR
}

/* Step 2b. The sample: u[j 2k + c] for rows j = 0..n−1, columns c < k of A and
 * c >= k of B, every value strictly inside (0, 1), as sobol.h describes:
 * pseudo-random rows from their own streams, then (sobol, mixed) the
 * quasi-random coordinates over the inputs that take them. Quasi-random points
 * are generated serially (a sequence cannot skip ahead). The sample depends on
 * (sequence, n, k, priority, seed) only. Returns CYLCH_OK or CYLCH_ENOMEM. */
static int sample_make(int seq, size_t n, size_t k, const size_t *priority, uint64_t seed, double *u,
                       cylch_error *err)
{
    const size_t d = 2 * k;
    if (seq != CYLCH_SOBOL_SEQ_SOBOL) {
        gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
        const uint64_t id_a = cylch_rng_stream_id("sobol-A"), id_b = cylch_rng_stream_id("sobol-B");
        if (!r)
            return cylch_error_set(err, CYLCH_ENOMEM, "Sobol analysis: out of memory for a generator");
        for (size_t j = 0; j < n; j++) {
            cylch_rng_seek(r, seed, id_a, (uint64_t)j);
            for (size_t i = 0; i < k; i++)
                u[j * d + i] = gsl_rng_uniform_pos(r);
            cylch_rng_seek(r, seed, id_b, (uint64_t)j);
            for (size_t i = 0; i < k; i++)
                u[j * d + k + i] = gsl_rng_uniform_pos(r);
        }
        gsl_rng_free(r);
        if (seq == CYLCH_SOBOL_SEQ_PSEUDO)
            return CYLCH_OK;
    }
    /* kq inputs take the sequence's coordinates: input in[p] coordinate p in A, kq + p in B */
    const size_t kq = k < CYLCH_SOBOL_MAX_K_SOBOL ? k : CYLCH_SOBOL_MAX_K_SOBOL;
    double x[2 * CYLCH_SOBOL_MAX_K_SOBOL];
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * kq));
    if (!q)
        return cylch_error_set(err, CYLCH_ENOMEM, "Sobol analysis: out of memory for the sequence");
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, x);
        for (size_t p = 0; p < kq; p++) {
            size_t i = seq == CYLCH_SOBOL_SEQ_MIXED && priority ? priority[p] : p;
            u[j * d + i] = x[p];
            u[j * d + k + i] = x[kq + p];
        }
    }
    gsl_qrng_free(q);
    /* GSL's sequence starts after the origin and never reaches 1, so this only
     * guards the quantile functions against a point on the edge. */
    for (size_t c = 0; c < n * d; c++)
        if (!(u[c] > 0.0 && u[c] < 1.0))
            u[c] = u[c] <= 0.0 ? 0x1p-40 : 1.0 - 0x1p-40;
    return CYLCH_OK;
}

/* What the threads share: the evaluations y (layout of sobol_data), per-thread
 * scratch made before the parallel loops, and each thread's first failure. */
typedef struct sobol_work {
    int nt;
    double *u;        /* n × 2k sample (step 2) */
    double *y;        /* n (k + 2) m evaluations */
    double *ubuf;     /* nt × k: the row being evaluated */
    double *acc;      /* nt × acc_size */
    size_t *idx;      /* nt × n bootstrap rows (when B > 0) */
    double *boot;     /* B × (2 m k + m) bootstrap estimates (when B > 0) */
    void **ws;        /* nt model workspaces */
    gsl_rng **rng;    /* nt generators for the bootstrap */
    sobol_fail *fail; /* nt */
    char *msgs;       /* nt × CYLCH_ERROR_MAX: the workspace's message at the failure */
    size_t ng;        /* indices: groups (sobol.h), k without them */
    size_t *gstart;   /* ng + 1: group g's coordinates are gcoord[gstart[g] .. gstart[g + 1]) */
    size_t *gcoord;   /* k coordinates, by group, in input order within one */
} sobol_work;

/* Free what work_make made (model's freer for the workspaces); accepts a
 * partly made work. */
static void work_clear(sobol_work *w, const cylch_sobol_model *model)
{
    for (int t = 0; t < w->nt; t++) {
        if (w->ws && w->ws[t] && model->ws_free)
            model->ws_free(w->ws[t]);
        if (w->rng)
            gsl_rng_free(w->rng[t]);
    }
    free(w->u);
    free(w->y);
    free(w->ubuf);
    free(w->acc);
    free(w->idx);
    free(w->boot);
    free(w->ws);
    free(w->rng);
    free(w->fail);
    free(w->msgs);
    free(w->gstart);
    free(w->gcoord);
    memset(w, 0, sizeof *w);
}

/* Step 2c. Everything the parallel steps need, for nt threads; on failure
 * CYLCH_ENOMEM with w cleared. */
static int work_make(sobol_work *w, const cylch_sobol_model *model, const cylch_sobol_options *opt,
                     int nt, cylch_error *err)
{
    const size_t n = opt->n, k = model->k, m = model->m, nb = opt->bootstrap;
    const size_t ng = opt->group ? opt->ngroups : k;
    memset(w, 0, sizeof *w);
    w->nt = nt;
    w->ng = ng;
    w->gstart = malloc((ng + 1) * sizeof *w->gstart);
    w->gcoord = malloc(k * sizeof *w->gcoord);
    w->u = malloc(n * 2 * k * sizeof *w->u);
    w->y = malloc(n * (ng + 2) * m * sizeof *w->y);
    w->ubuf = malloc((size_t)nt * k * sizeof *w->ubuf);
    w->acc = malloc((size_t)nt * acc_size(ng, m) * sizeof *w->acc);
    w->ws = calloc((size_t)nt, sizeof *w->ws);
    w->rng = calloc((size_t)nt, sizeof *w->rng);
    w->fail = malloc((size_t)nt * sizeof *w->fail);
    w->msgs = calloc((size_t)nt, CYLCH_ERROR_MAX);
    if (nb > 0) {
        w->boot = malloc(nb * (2 * m * ng + m) * sizeof *w->boot);
        w->idx = malloc((size_t)nt * n * sizeof *w->idx);
    }
    if (!w->u || !w->y || !w->ubuf || !w->acc || !w->ws || !w->rng || !w->fail || !w->msgs
        || !w->gstart || !w->gcoord || (nb > 0 && (!w->boot || !w->idx)))
        goto nomem;
    for (size_t g = 0, at = 0; g < ng; g++) {
        w->gstart[g] = at;
        for (size_t i = 0; i < k; i++)
            if (opt->group ? opt->group[i] == g : i == g)
                w->gcoord[at++] = i;
        w->gstart[g + 1] = at;
    }
    for (int t = 0; t < nt; t++) {
        w->fail[t].key = SIZE_MAX;
        w->fail[t].status = CYLCH_OK;
        w->fail[t].output = 0;
        w->fail[t].nonfinite = 0;
        if (!(w->rng[t] = gsl_rng_alloc(cylch_rng_philox)))
            goto nomem;
        if (model->ws_new && !(w->ws[t] = model->ws_new(model->ctx))) {
            work_clear(w, model);
            return cylch_error_set(err, CYLCH_ENOMEM,
                                   "Sobol analysis: could not make a model workspace (out of memory)");
        }
    }
    return CYLCH_OK;
nomem:
    work_clear(w, model);
    return cylch_error_set(err, CYLCH_ENOMEM,
                           "Sobol analysis: out of memory for N = %zu, %zu inputs, %zu outputs", n, k, m);
}

/* Record in f a failure at row j, matrix c if it comes before f's own:
 * status st (or, with st CYLCH_OK, output `bad` not finite) and the
 * workspace's message. */
static void fail_note(sobol_fail *f, char *msg, const cylch_sobol_model *model, void *ws,
                      size_t key, int st, size_t bad)
{
    if (key >= f->key)
        return;
    f->key = key;
    f->status = st != CYLCH_OK ? st : CYLCH_EMODEL;
    f->nonfinite = st == CYLCH_OK;
    f->output = bad;
    const char *wm = (st != CYLCH_OK && model->ws_error) ? model->ws_error(ws) : NULL;
    snprintf(msg, CYLCH_ERROR_MAX, "%s", wm ? wm : "");
}

/* Step 3. Evaluate the model on every row of A, B and A_B^(i) into w->y, in
 * parallel. Promises: on CYLCH_OK every value of y is finite; otherwise the
 * status and message of the first failure in (row, matrix) order, the same
 * whatever the thread count (a thread skips rows after its own first failure:
 * they cannot be the first overall). */
static int evaluate_all(sobol_work *w, const cylch_sobol_model *model, size_t n, cylch_error *err)
{
    const size_t k = model->k, m = model->m, cols = w->ng + 2, d = 2 * k;

    #pragma omp parallel num_threads(w->nt)
    {
        const int t = omp_get_thread_num();
        double *u = w->ubuf + (size_t)t * k;
        void *ws = w->ws[t];
        sobol_fail *f = &w->fail[t];
        char *msg = w->msgs + (size_t)t * CYLCH_ERROR_MAX;

        #pragma omp for schedule(static)
        for (size_t j = 0; j < n; j++) {
            if (f->key != SIZE_MAX && f->key < j * cols)
                continue;
            const double *a = w->u + j * d, *b = a + k;
            memcpy(u, a, k * sizeof *u);
            for (size_t c = 0; c < cols; c++) {
                const double *in = c == 0 ? a : c == 1 ? b : u;
                double *yo = w->y + (j * cols + c) * m;
                /* A_B^(g): group g's coordinates from B */
                for (size_t x = c >= 2 ? w->gstart[c - 2] : 0; c >= 2 && x < w->gstart[c - 1]; x++)
                    u[w->gcoord[x]] = b[w->gcoord[x]];
                int st = model->eval(model->ctx, ws, in, yo);
                for (size_t x = c >= 2 ? w->gstart[c - 2] : 0; c >= 2 && x < w->gstart[c - 1]; x++)
                    u[w->gcoord[x]] = a[w->gcoord[x]];
                size_t bad = m;
                for (size_t o = 0; st == CYLCH_OK && o < m && bad == m; o++)
                    if (!isfinite(yo[o]))
                        bad = o;
                if (st != CYLCH_OK || bad < m) {
                    fail_note(f, msg, model, ws, j * cols + c, st, bad);
                    break;
                }
            }
        }
    }

    int first = -1;
    for (int t = 0; t < w->nt; t++)
        if (w->fail[t].key != SIZE_MAX && (first < 0 || w->fail[t].key < w->fail[first].key))
            first = t;
    if (first < 0)
        return CYLCH_OK;
    const sobol_fail *f = &w->fail[first];
    char mat[32];
    matrix_name(f->key % cols, mat, sizeof mat);
    const char *wm = w->msgs + (size_t)first * CYLCH_ERROR_MAX;
    if (f->nonfinite)
        return cylch_error_set(err, CYLCH_EMODEL,
                               "Sobol analysis: the model gave output %zu that is not a finite "
                               "number on sample %zu (matrix %s)",
                               f->output + 1, f->key / cols + 1, mat);
    return cylch_error_set(err, f->status,
                           "Sobol analysis: the model failed on sample %zu (matrix %s): %s. The "
                           "uncertainty ranges allow values for which the model has no finite "
                           "answer; narrow them",
                           f->key / cols + 1, mat, wm[0] ? wm : cylch_strerror(f->status));
}

/* The (1 − level)/2 and (1 + level)/2 percentiles of x[0], x[stride], …
 * (nb values, sorted in place). */
static void percentiles(double *x, size_t stride, size_t nb, double level, double *lo, double *hi)
{
    gsl_sort(x, stride, nb);
    *lo = gsl_stats_quantile_from_sorted_data(x, stride, nb, 0.5 * (1.0 - level));
    *hi = gsl_stats_quantile_from_sorted_data(x, stride, nb, 0.5 * (1.0 + level));
}

/* Step 5. Percentile bootstrap intervals of S_i, ST_i and ΣS into res (see
 * sobol.h); each resample in its own slot of w->boot, so the intervals are
 * the same for any thread count. Without resamples the interval is the
 * estimate. */
static void bootstrap(sobol_work *w, const sobol_data *d, const cylch_sobol_options *opt,
                      cylch_sobol_result *res)
{
    const size_t n = d->n, k = d->k, m = d->m, mk = m * k, nb = opt->bootstrap;
    const size_t stride = 2 * mk + m;
    const uint64_t seed = opt->seed, id_boot = cylch_rng_stream_id("sobol-boot");
    if (nb == 0) {
        memcpy(res->s1_lo, res->s1, mk * sizeof *res->s1);
        memcpy(res->s1_hi, res->s1, mk * sizeof *res->s1);
        memcpy(res->st_lo, res->st, mk * sizeof *res->st);
        memcpy(res->st_hi, res->st, mk * sizeof *res->st);
        memcpy(res->s1sum_lo, res->s1sum, m * sizeof *res->s1sum);
        memcpy(res->s1sum_hi, res->s1sum, m * sizeof *res->s1sum);
        return;
    }
    /* Slot b: s1 at b stride + q, st at b stride + mk + q, ΣS at b stride + 2mk + o. */
    #pragma omp parallel num_threads(w->nt)
    {
        const int t = omp_get_thread_num();
        size_t *ix = w->idx + (size_t)t * n;
        double *ac = w->acc + (size_t)t * acc_size(k, m);
        gsl_rng *r = w->rng[t];

        #pragma omp for schedule(static)
        for (size_t bb = 0; bb < nb; bb++) {
            cylch_rng_seek(r, seed, id_boot, (uint64_t)bb);
            for (size_t j = 0; j < n; j++)
                ix[j] = (size_t)gsl_rng_uniform_int(r, (unsigned long)n);
            double *slot = w->boot + bb * stride;
            estimate(d, ix, ac, slot, slot + mk, slot + 2 * mk, NULL, NULL, NULL);
        }
    }
    for (size_t q = 0; q < mk; q++) {
        percentiles(w->boot + q, stride, nb, opt->level, &res->s1_lo[q], &res->s1_hi[q]);
        percentiles(w->boot + mk + q, stride, nb, opt->level, &res->st_lo[q], &res->st_hi[q]);
    }
    for (size_t o = 0; o < m; o++)
        percentiles(w->boot + 2 * mk + o, stride, nb, opt->level, &res->s1sum_lo[o], &res->s1sum_hi[o]);
}

/* Step 6. An output that does not vary has nothing to apportion: its
 * indices, sums and intervals are all 0. */
static void zero_constant_outputs(cylch_sobol_result *res)
{
    for (size_t o = 0; o < res->m; o++) {
        if (!res->zero_var[o])
            continue;
        res->s1sum[o] = res->s1sum_lo[o] = res->s1sum_hi[o] = 0.0;
        for (size_t i = 0; i < res->k; i++) {
            size_t q = o * res->k + i;
            res->s1[q] = res->s1_lo[q] = res->s1_hi[q] = 0.0;
            res->st[q] = res->st_lo[q] = res->st_hi[q] = 0.0;
        }
    }
}

int cylch_sobol_run(const cylch_sobol_model *model, const cylch_sobol_options *opt,
                    cylch_sobol_result **out, cylch_error *err)
{
    cylch_sobol_result *res = NULL;
    sobol_work w;
    int rc;

    memset(&w, 0, sizeof w);
    if (!out)
        return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: no place for the result");
    *out = NULL;
    if ((rc = check_args(model, opt, err)))
        return rc;

    const size_t n = opt->n, k = model->k, m = model->m, ng = opt->group ? opt->ngroups : k;
    int nt = opt->threads ? (int)opt->threads : omp_get_max_threads();
    if (nt < 1)
        nt = 1;
    if (!(res = cylch_sobol_result_new(ng, m)))
        return cylch_error_set(err, CYLCH_ENOMEM, "Sobol analysis: out of memory for the result");
    res->sequence = pick_sequence(opt->sequence, k, opt->group != NULL, 0, res->sequence_note,
                                  sizeof res->sequence_note);
    pick_sequence(opt->sequence, k, opt->group != NULL, 1, res->sequence_text, sizeof res->sequence_text);
    if ((rc = work_make(&w, model, opt, nt, err))
        || (rc = sample_make(res->sequence, n, k, opt->priority, opt->seed, w.u, err))
        || (rc = evaluate_all(&w, model, n, err)))
        goto cleanup;

    sobol_data d = {w.y, n, ng, m};
    estimate(&d, NULL, w.acc, res->s1, res->st, res->s1sum, res->mean, res->var, res->zero_var);
    bootstrap(&w, &d, opt, res);
    zero_constant_outputs(res);

    res->n = n;
    res->bootstrap = opt->bootstrap;
    res->seed = opt->seed;
    res->level = opt->level;
    res->evaluations = n * (ng + 2);
    *out = res;
    res = NULL;
    rc = CYLCH_OK;

cleanup:
    work_clear(&w, model);
    cylch_sobol_result_free(res);
    return rc;
}
