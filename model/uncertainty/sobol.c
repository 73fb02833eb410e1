/* cylch — Sobol' sensitivity indices by Saltelli sampling: first-order
 * (Saltelli 2010) and total (Jansen 1999) estimators with percentile
 * bootstrap intervals, the model evaluated in parallel with OpenMP and every
 * sum taken in row order after the loop (see include/cylch/sobol.h). */
#include "cylch/uncertainty/sobol.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

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
    return o;
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
    if (!r->s1 || !r->s1_lo || !r->s1_hi || !r->st || !r->st_lo || !r->st_hi
        || !r->mean || !r->var || !r->zero_var) {
        cylch_sobol_result_free(r);
        return NULL;
    }
    return r;
}

/* The evaluations, one block per row j: Y[((j (k + 2)) + c) m + o] is output
 * o of the model on row j of matrix c, with c = 0 for A, 1 for B and 2 + i
 * for A_B^(i). */
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
 * every sum in that order. Writes s1 and st (m k), and when given mean,
 * var and zero (m). acc: acc_size(k, m) doubles of scratch. */
static void estimate(const sobol_data *d, const size_t *idx, double *acc,
                     double *s1, double *st, double *mean, double *var, int *zero)
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
        for (size_t i = 0; i < k; i++) {
            size_t q = o * k + i;
            s1[q] = flat ? 0.0 : s1num[q] / (double)n / v;
            st[q] = flat ? 0.0 : stnum[q] / (double)(2 * n) / v;
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
    size_t cols = model->k + 2;
    if (cols < model->k || opt->n > SIZE_MAX / cols / model->m / sizeof(double)
        || (opt->bootstrap > 0
            && opt->bootstrap > SIZE_MAX / 2 / model->k / model->m / sizeof(double)))
        return cylch_error_set(err, CYLCH_ENOMEM,
                               "Sobol analysis: N = %zu with %zu inputs and %zu outputs is too "
                               "large to hold in memory", opt->n, model->k, model->m);
    return CYLCH_OK;
}

int cylch_sobol_run(const cylch_sobol_model *model, const cylch_sobol_options *opt,
                    cylch_sobol_result **out, cylch_error *err)
{
    cylch_sobol_result *res = NULL;
    double *y = NULL, *ubuf = NULL, *acc = NULL, *boot = NULL;
    size_t *idx = NULL;
    void **ws = NULL;
    gsl_rng **rng = NULL;
    sobol_fail *fail = NULL;
    char *msgs = NULL;
    int nt = 0, rc;

    if (!out)
        return cylch_error_set(err, CYLCH_EINPUT, "Sobol analysis: no place for the result");
    *out = NULL;
    rc = check_args(model, opt, err);
    if (rc)
        return rc;

    const size_t n = opt->n, k = model->k, m = model->m, nb = opt->bootstrap;
    const size_t cols = k + 2, mk = m * k;
    const uint64_t seed = opt->seed;
    const uint64_t id_a = cylch_rng_stream_id("sobol-A");
    const uint64_t id_b = cylch_rng_stream_id("sobol-B");
    const uint64_t id_boot = cylch_rng_stream_id("sobol-boot");

    nt = opt->threads ? (int)opt->threads : omp_get_max_threads();
    if (nt < 1)
        nt = 1;

    /* Everything a thread needs is made here, before the parallel loops. */
    res = cylch_sobol_result_new(k, m);
    y = malloc(n * cols * m * sizeof *y);
    ubuf = malloc((size_t)nt * 3 * k * sizeof *ubuf);
    acc = malloc((size_t)nt * acc_size(k, m) * sizeof *acc);
    ws = calloc((size_t)nt, sizeof *ws);
    rng = calloc((size_t)nt, sizeof *rng);
    fail = malloc((size_t)nt * sizeof *fail);
    msgs = calloc((size_t)nt, CYLCH_ERROR_MAX);
    if (nb > 0) {
        boot = malloc(nb * 2 * mk * sizeof *boot);
        idx = malloc((size_t)nt * n * sizeof *idx);
    }
    if (!res || !y || !ubuf || !acc || !ws || !rng || !fail || !msgs
        || (nb > 0 && (!boot || !idx))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM,
                             "Sobol analysis: out of memory for N = %zu, %zu inputs, %zu outputs",
                             n, k, m);
        goto cleanup;
    }
    for (int t = 0; t < nt; t++) {
        rng[t] = gsl_rng_alloc(cylch_rng_philox);
        if (!rng[t]) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "Sobol analysis: out of memory for a generator");
            goto cleanup;
        }
        if (model->ws_new) {
            ws[t] = model->ws_new(model->ctx);
            if (!ws[t]) {
                rc = cylch_error_set(err, CYLCH_ENOMEM,
                                     "Sobol analysis: could not make a model workspace "
                                     "(out of memory)");
                goto cleanup;
            }
        }
        fail[t].key = SIZE_MAX;
        fail[t].status = CYLCH_OK;
        fail[t].output = 0;
        fail[t].nonfinite = 0;
    }

    /* Evaluate the model on every row of A, B and A_B^(i). A thread skips
     * rows after its own first failure: they cannot be the first overall. */
    #pragma omp parallel num_threads(nt)
    {
        const int t = omp_get_thread_num();
        double *a = ubuf + (size_t)t * 3 * k, *b = a + k, *u = b + k;
        gsl_rng *r = rng[t];
        void *w = ws[t];
        sobol_fail *f = &fail[t];

        #pragma omp for schedule(static)
        for (size_t j = 0; j < n; j++) {
            if (f->key != SIZE_MAX && f->key < j * cols)
                continue;
            cylch_rng_seek(r, seed, id_a, (uint64_t)j);
            for (size_t i = 0; i < k; i++)
                a[i] = gsl_rng_uniform_pos(r);
            cylch_rng_seek(r, seed, id_b, (uint64_t)j);
            for (size_t i = 0; i < k; i++)
                b[i] = gsl_rng_uniform_pos(r);
            memcpy(u, a, k * sizeof *u);
            for (size_t c = 0; c < cols; c++) {
                const double *in = c == 0 ? a : c == 1 ? b : u;
                double *yo = y + (j * cols + c) * m;
                if (c >= 2)
                    u[c - 2] = b[c - 2];
                int st = model->eval(model->ctx, w, in, yo);
                if (c >= 2)
                    u[c - 2] = a[c - 2];
                size_t bad = m;
                if (st == CYLCH_OK) {
                    for (size_t o = 0; o < m && bad == m; o++) {
                        if (!isfinite(yo[o]))
                            bad = o;
                    }
                }
                if (st != CYLCH_OK || bad < m) {
                    size_t key = j * cols + c;
                    if (key < f->key) {
                        f->key = key;
                        f->status = st != CYLCH_OK ? st : CYLCH_EMODEL;
                        f->nonfinite = st == CYLCH_OK;
                        f->output = bad;
                        char *msg = msgs + (size_t)t * CYLCH_ERROR_MAX;
                        const char *wm = (st != CYLCH_OK && model->ws_error)
                                       ? model->ws_error(w) : NULL;
                        snprintf(msg, CYLCH_ERROR_MAX, "%s", wm ? wm : "");
                    }
                    break;
                }
            }
        }
    }

    int first = -1;
    for (int t = 0; t < nt; t++) {
        if (fail[t].key != SIZE_MAX && (first < 0 || fail[t].key < fail[first].key))
            first = t;
    }
    if (first >= 0) {
        const sobol_fail *f = &fail[first];
        char mat[32];
        matrix_name(f->key % cols, mat, sizeof mat);
        const char *wm = msgs + (size_t)first * CYLCH_ERROR_MAX;
        if (f->nonfinite)
            rc = cylch_error_set(err, CYLCH_EMODEL,
                                 "Sobol analysis: the model gave output %zu that is not a finite "
                                 "number on sample %zu (matrix %s)",
                                 f->output + 1, f->key / cols + 1, mat);
        else
            rc = cylch_error_set(err, f->status,
                                 "Sobol analysis: the model failed on sample %zu (matrix %s): %s",
                                 f->key / cols + 1, mat,
                                 wm[0] ? wm : cylch_strerror(f->status));
        goto cleanup;
    }

    sobol_data d = {y, n, k, m};
    estimate(&d, NULL, acc, res->s1, res->st, res->mean, res->var, res->zero_var);

    if (nb > 0) {
        /* Each resample b fills its own slot of boot: s1 at b 2mk + q, st at
         * b 2mk + mk + q, q = o k + i. */
        #pragma omp parallel num_threads(nt)
        {
            const int t = omp_get_thread_num();
            size_t *ix = idx + (size_t)t * n;
            double *ac = acc + (size_t)t * acc_size(k, m);
            gsl_rng *r = rng[t];

            #pragma omp for schedule(static)
            for (size_t bb = 0; bb < nb; bb++) {
                cylch_rng_seek(r, seed, id_boot, (uint64_t)bb);
                for (size_t j = 0; j < n; j++)
                    ix[j] = (size_t)gsl_rng_uniform_int(r, (unsigned long)n);
                double *slot = boot + bb * 2 * mk;
                estimate(&d, ix, ac, slot, slot + mk, NULL, NULL, NULL);
            }
        }
        const double flo = 0.5 * (1.0 - opt->level), fhi = 0.5 * (1.0 + opt->level);
        const size_t stride = 2 * mk;
        for (size_t q = 0; q < mk; q++) {
            double *bs1 = boot + q, *bst = boot + mk + q;
            gsl_sort(bs1, stride, nb);
            gsl_sort(bst, stride, nb);
            res->s1_lo[q] = gsl_stats_quantile_from_sorted_data(bs1, stride, nb, flo);
            res->s1_hi[q] = gsl_stats_quantile_from_sorted_data(bs1, stride, nb, fhi);
            res->st_lo[q] = gsl_stats_quantile_from_sorted_data(bst, stride, nb, flo);
            res->st_hi[q] = gsl_stats_quantile_from_sorted_data(bst, stride, nb, fhi);
        }
    } else {
        memcpy(res->s1_lo, res->s1, mk * sizeof *res->s1);
        memcpy(res->s1_hi, res->s1, mk * sizeof *res->s1);
        memcpy(res->st_lo, res->st, mk * sizeof *res->st);
        memcpy(res->st_hi, res->st, mk * sizeof *res->st);
    }
    /* An output that does not vary has nothing to apportion: all zero. */
    for (size_t o = 0; o < m; o++) {
        if (!res->zero_var[o])
            continue;
        for (size_t i = 0; i < k; i++) {
            size_t q = o * k + i;
            res->s1[q] = res->s1_lo[q] = res->s1_hi[q] = 0.0;
            res->st[q] = res->st_lo[q] = res->st_hi[q] = 0.0;
        }
    }

    res->n = n;
    res->bootstrap = nb;
    res->seed = seed;
    res->level = opt->level;
    res->evaluations = n * cols;
    *out = res;
    res = NULL;
    rc = CYLCH_OK;

cleanup:
    if (ws && model->ws_free) {
        for (int t = 0; t < nt; t++) {
            if (ws[t])
                model->ws_free(ws[t]);
        }
    }
    if (rng) {
        for (int t = 0; t < nt; t++)
            gsl_rng_free(rng[t]);
    }
    free(ws);
    free(rng);
    free(fail);
    free(msgs);
    free(y);
    free(ubuf);
    free(acc);
    free(boot);
    free(idx);
    cylch_sobol_result_free(res);
    return rc;
}
