/* Tests for model/uncertainty/sobol.c: the Ishigami function, a linear and an
 * additive model against their analytic indices (the closed forms inside the
 * bootstrap intervals; the quasi-random sample more accurate than a
 * pseudo-random one), bit-identical results for 1, 2 and 3 threads, the
 * documented samples (GSL's Sobol' sequence, the pseudo-random streams, the
 * fallback beyond 20 inputs), workspaces, constant outputs and failures of
 * the model. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <omp.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "cylch/io/error.h"
#include "cylch/uncertainty/rng.h"
#include "cylch/uncertainty/sobol.h"

#define assert_close(a, b, tol) do { \
        double a_ = (a), b_ = (b); \
        if (!(fabs(a_ - b_) <= (tol))) \
            fail_msg("%s = %.10g, expected %.10g (tolerance %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

/* ---- Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi) ---- */

typedef struct ishigami { double a, b; } ishigami;

static int ishigami_eval(void *ctx, void *ws, const double *u, double *y)
{
    const ishigami *p = ctx;
    (void)ws;
    double x1 = -M_PI + 2.0 * M_PI * u[0];
    double x2 = -M_PI + 2.0 * M_PI * u[1];
    double x3 = -M_PI + 2.0 * M_PI * u[2];
    double s2 = sin(x2);
    y[0] = sin(x1) + p->a * s2 * s2 + p->b * pow(x3, 4) * sin(x1);
    return CYLCH_OK;
}

/* Analytic indices (Ishigami & Homma 1990; Sobol' & Levitan 1999). */
static void ishigami_exact(double a, double b, double s1[3], double st[3])
{
    double pi4 = pow(M_PI, 4), pi8 = pow(M_PI, 8);
    double v = a * a / 8.0 + b * pi4 / 5.0 + b * b * pi8 / 18.0 + 0.5;
    double v1 = 0.5 * (1.0 + b * pi4 / 5.0) * (1.0 + b * pi4 / 5.0);
    double v2 = a * a / 8.0;
    double v13 = 8.0 * b * b * pi8 / 225.0;
    s1[0] = v1 / v;
    s1[1] = v2 / v;
    s1[2] = 0.0;
    st[0] = (v1 + v13) / v;
    st[1] = v2 / v;
    st[2] = v13 / v;
}

static void assert_no_nan(const cylch_sobol_result *r)
{
    size_t mk = r->m * r->k;
    for (size_t q = 0; q < mk; q++) {
        assert_true(isfinite(r->s1[q]) && isfinite(r->s1_lo[q]) && isfinite(r->s1_hi[q]));
        assert_true(isfinite(r->st[q]) && isfinite(r->st_lo[q]) && isfinite(r->st_hi[q]));
    }
    for (size_t o = 0; o < r->m; o++)
        assert_true(isfinite(r->mean[o]) && isfinite(r->var[o]));
}

static void assert_intervals_hold(const cylch_sobol_result *r)
{
    for (size_t q = 0; q < r->m * r->k; q++) {
        if (!(r->s1_lo[q] <= r->s1[q] && r->s1[q] <= r->s1_hi[q]))
            fail_msg("S1[%zu] = %g outside its interval [%g, %g]", q, r->s1[q], r->s1_lo[q], r->s1_hi[q]);
        if (!(r->st_lo[q] <= r->st[q] && r->st[q] <= r->st_hi[q]))
            fail_msg("ST[%zu] = %g outside its interval [%g, %g]", q, r->st[q], r->st_lo[q], r->st_hi[q]);
    }
}

static void test_ishigami(void **state)
{
    (void)state;
    ishigami p = {7.0, 0.1};
    double s1[3], st[3];
    ishigami_exact(p.a, p.b, s1, st);
    /* the published values */
    const double s1_pub[3] = {0.3139, 0.4424, 0.0}, st_pub[3] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < 3; i++) {
        assert_close(s1[i], s1_pub[i], 1e-4);
        assert_close(st[i], st_pub[i], 1e-4);
    }

    cylch_sobol_model model = {3, 1, ishigami_eval, NULL, NULL, NULL, &p};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = 20000;
    opt.seed = 2385;
    opt.bootstrap = 200;
    cylch_sobol_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    int rc = cylch_sobol_run(&model, &opt, &r, &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_non_null(r);
    assert_int_equal(r->evaluations, 20000 * 5);
    assert_int_equal(r->n, 20000);
    assert_int_equal(r->k, 3);
    assert_int_equal(r->m, 1);
    assert_int_equal(r->zero_var[0], 0);
    /* mean a/2 = 3.5, variance as in ishigami_exact, within a few standard errors */
    double v = p.a * p.a / 8.0 + p.b * pow(M_PI, 4) / 5.0 + p.b * p.b * pow(M_PI, 8) / 18.0 + 0.5;
    assert_close(r->mean[0], 3.5, 4.0 * sqrt(v / 40000.0));
    assert_close(r->var[0], v, 0.05 * v);
    for (int i = 0; i < 3; i++) {
        /* within 0.02, and within 4 bootstrap standard errors ((hi - lo) / 3.92);
         * at this N the standard error of ST1 is about 0.01, of the others 0.003-0.007 */
        assert_close(r->s1[i], s1[i], 0.02);
        assert_close(r->st[i], st[i], 0.02);
        assert_close(r->s1[i], s1[i], 4.0 * (r->s1_hi[i] - r->s1_lo[i]) / 3.92);
        assert_close(r->st[i], st[i], 4.0 * (r->st_hi[i] - r->st_lo[i]) / 3.92);
        /* the intervals are a few hundredths wide, not degenerate nor huge */
        assert_true(r->s1_hi[i] - r->s1_lo[i] > 1e-3 && r->s1_hi[i] - r->s1_lo[i] < 0.1);
        assert_true(r->st_hi[i] - r->st_lo[i] > 1e-4 && r->st_hi[i] - r->st_lo[i] < 0.1);
    }
    assert_intervals_hold(r);
    assert_no_nan(r);
    cylch_sobol_result_free(r);
}

/* ---- linear: y_o = sum_i c_oi x_i, x_i = 10 + 4 u_i (equal variances,
 * a large mean to exercise the centring); S_i = ST_i = c_i^2 / sum c^2.
 * Output 2 is constant. ---- */

enum { LIN_K = 4, LIN_M = 3 };
static const double lin_c[2][LIN_K] = {{2.385, -1.2, 0.5, 3.1}, {0.0, 1.0, 1.0, -2.0}};

typedef struct lin_ctx {
    int ws_made, ws_freed;   /* touched only serially (ws_new / ws_free) */
    size_t evals;            /* summed from the workspaces at ws_free */
} lin_ctx;

typedef struct lin_ws {
    lin_ctx *ctx;
    size_t evals;
    double x[LIN_K];
} lin_ws;

static void *lin_ws_new(void *ctx)
{
    lin_ws *w = calloc(1, sizeof *w);
    if (w) {
        w->ctx = ctx;
        w->ctx->ws_made++;
    }
    return w;
}

static void lin_ws_free(void *ws)
{
    lin_ws *w = ws;
    w->ctx->ws_freed++;
    w->ctx->evals += w->evals;
    free(w);
}

static int lin_eval(void *ctx, void *ws, const double *u, double *y)
{
    lin_ws *w = ws;
    (void)ctx;
    w->evals++;
    for (int i = 0; i < LIN_K; i++) {
        /* no cmocka assert here: this runs on worker threads */
        if (!(u[i] > 0.0 && u[i] < 1.0))
            return CYLCH_EINTERNAL;
        w->x[i] = 10.0 + 4.0 * u[i];
    }
    for (int o = 0; o < 2; o++) {
        y[o] = 0.0;
        for (int i = 0; i < LIN_K; i++)
            y[o] += lin_c[o][i] * w->x[i];
    }
    y[2] = 2.385;
    return CYLCH_OK;
}

static void test_linear(void **state)
{
    (void)state;
    lin_ctx ctx = {0, 0, 0};
    cylch_sobol_model model = {LIN_K, LIN_M, lin_eval, lin_ws_new, lin_ws_free, NULL, &ctx};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = 20000;
    opt.seed = 77;
    opt.bootstrap = 200;
    cylch_sobol_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    int rc = cylch_sobol_run(&model, &opt, &r, &err);
    if (rc)
        fail_msg("%s", err.msg);
    /* one workspace per thread, all freed, every evaluation made through one */
    assert_int_equal(ctx.ws_made, omp_get_max_threads());
    assert_int_equal(ctx.ws_freed, ctx.ws_made);
    assert_int_equal(ctx.evals, 20000 * (LIN_K + 2));

    for (int o = 0; o < 2; o++) {
        double sum2 = 0.0, mean = 0.0;
        for (int i = 0; i < LIN_K; i++) {
            sum2 += lin_c[o][i] * lin_c[o][i];
            mean += 12.0 * lin_c[o][i];
        }
        assert_int_equal(r->zero_var[o], 0);
        assert_close(r->var[o], sum2 * 16.0 / 12.0, 0.05 * sum2 * 16.0 / 12.0);
        assert_close(r->mean[o], mean, 4.0 * sqrt(sum2 * 16.0 / 12.0 / 20000.0));
        for (int i = 0; i < LIN_K; i++) {
            /* within 4 bootstrap standard errors, themselves below 0.01 */
            size_t q = (size_t)(o * LIN_K + i);
            double exact = lin_c[o][i] * lin_c[o][i] / sum2;
            double se1 = (r->s1_hi[q] - r->s1_lo[q]) / 3.92, set = (r->st_hi[q] - r->st_lo[q]) / 3.92;
            assert_true(se1 < 0.01 && set < 0.01);
            assert_close(r->s1[q], exact, 4.0 * se1 + 1e-12);
            assert_close(r->st[q], exact, 4.0 * set + 1e-12);
        }
        /* an input with no effect has ST exactly 0: f(A_B) = f(A) */
        if (o == 1) {
            assert_true(r->st[o * LIN_K + 0] == 0.0);
            assert_true(r->s1[o * LIN_K + 0] == 0.0);
        }
    }
    /* the constant output: flagged, everything 0, nothing NaN */
    assert_int_equal(r->zero_var[2], 1);
    assert_close(r->mean[2], 2.385, 1e-12);
    for (int i = 0; i < LIN_K; i++) {
        size_t q = 2 * LIN_K + i;
        assert_true(r->s1[q] == 0.0 && r->s1_lo[q] == 0.0 && r->s1_hi[q] == 0.0);
        assert_true(r->st[q] == 0.0 && r->st_lo[q] == 0.0 && r->st_hi[q] == 0.0);
    }
    assert_intervals_hold(r);
    assert_no_nan(r);
    cylch_sobol_result_free(r);
}

static cylch_sobol_result *run_threads(int threads, const cylch_sobol_model *model,
                                       const cylch_sobol_options *opt)
{
    cylch_sobol_result *r = NULL;
    cylch_sobol_options o = *opt;
    cylch_error err;
    int before = omp_get_max_threads();
    cylch_error_clear(&err);
    o.threads = (unsigned)threads;   /* the run's own count: OpenMP's default stays as it is */
    int rc = cylch_sobol_run(model, &o, &r, &err);
    if (rc)
        fail_msg("%d threads: %s", threads, err.msg);
    assert_int_equal(omp_get_max_threads(), before);
    return r;
}

static void assert_same_bits(const double *a, const double *b, size_t n, const char *what)
{
    if (memcmp(a, b, n * sizeof *a) != 0)
        fail_msg("%s differs between thread counts", what);
}

static void test_threads_bit_identical(void **state)
{
    (void)state;
    int saved = omp_get_max_threads();
    lin_ctx ctx = {0, 0, 0};
    ishigami p = {7.0, 0.1};
    cylch_sobol_model lin = {LIN_K, LIN_M, lin_eval, lin_ws_new, lin_ws_free, NULL, &ctx};
    cylch_sobol_model ish = {3, 1, ishigami_eval, NULL, NULL, NULL, &p};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = 3001;   /* not a multiple of 2 or 3: uneven chunks */
    opt.seed = 5;
    opt.bootstrap = 101;
    const cylch_sobol_model *models[2] = {&lin, &ish};
    for (int mi = 0; mi < 2; mi++) {
        cylch_sobol_result *r1 = run_threads(1, models[mi], &opt);
        for (int t = 2; t <= 3; t++) {
            cylch_sobol_result *rt = run_threads(t, models[mi], &opt);
            size_t mk = r1->m * r1->k;
            assert_same_bits(r1->s1, rt->s1, mk, "S1");
            assert_same_bits(r1->s1_lo, rt->s1_lo, mk, "S1 low");
            assert_same_bits(r1->s1_hi, rt->s1_hi, mk, "S1 high");
            assert_same_bits(r1->st, rt->st, mk, "ST");
            assert_same_bits(r1->st_lo, rt->st_lo, mk, "ST low");
            assert_same_bits(r1->st_hi, rt->st_hi, mk, "ST high");
            assert_same_bits(r1->mean, rt->mean, r1->m, "mean");
            assert_same_bits(r1->var, rt->var, r1->m, "variance");
            assert_same_bits(r1->s1sum, rt->s1sum, r1->m, "sum of S1");
            assert_same_bits(r1->s1sum_lo, rt->s1sum_lo, r1->m, "sum of S1 low");
            assert_same_bits(r1->s1sum_hi, rt->s1sum_hi, r1->m, "sum of S1 high");
            cylch_sobol_result_free(rt);
        }
        /* a different seed: the same quasi-random sample (same estimates), other
         * bootstrap resamples (other intervals) */
        cylch_sobol_options o2 = opt;
        o2.seed = 6;
        cylch_sobol_result *r2 = run_threads(2, models[mi], &o2);
        assert_true(r1->sequence == CYLCH_SOBOL_SEQ_SOBOL);
        assert_same_bits(r1->s1, r2->s1, r1->m * r1->k, "S1 across seeds");
        assert_true(r2->s1_lo[0] != r1->s1_lo[0]);
        cylch_sobol_result_free(r2);
        /* with pseudo-random numbers, thread counts agree too and the seed moves the estimates */
        cylch_sobol_options op = opt;
        op.sequence = CYLCH_SOBOL_SEQ_PSEUDO;
        cylch_sobol_result *p1 = run_threads(1, models[mi], &op), *p3 = run_threads(3, models[mi], &op);
        assert_same_bits(p1->s1, p3->s1, p1->m * p1->k, "pseudo-random S1");
        assert_same_bits(p1->st_hi, p3->st_hi, p1->m * p1->k, "pseudo-random ST high");
        assert_same_bits(p1->s1sum_lo, p3->s1sum_lo, p1->m, "pseudo-random sum low");
        op.seed = 6;
        cylch_sobol_result *p2 = run_threads(2, models[mi], &op);
        assert_true(p2->s1[0] != p1->s1[0]);
        cylch_sobol_result_free(p1);
        cylch_sobol_result_free(p2);
        cylch_sobol_result_free(p3);
        cylch_sobol_result_free(r1);
    }
    assert_int_equal(ctx.ws_made, ctx.ws_freed);
    /* the linear model made one workspace per thread asked for: 1, 2, 3, 2, then 1, 3, 2 */
    assert_int_equal(ctx.ws_made, 1 + 2 + 3 + 2 + 1 + 3 + 2);
    omp_set_num_threads(saved);
}

/* ---- the sampling contract: row j of A and B are the two halves of point j
 * of GSL's 2k-dimensional Sobol' sequence (or, pseudo-random, of the named
 * streams) ---- */

/* Rows 0..n−1 of A and B (n × k each) for sequence seq, made here independently
 * of sobol.c: straight from gsl_qrng_sobol or the cylch_rng streams. */
static void rows_of(int seq, uint64_t seed, size_t n, size_t k, double *a, double *b)
{
    if (seq == CYLCH_SOBOL_SEQ_PSEUDO) {
        gsl_rng *r = gsl_rng_alloc(cylch_rng_philox);
        assert_non_null(r);
        for (size_t j = 0; j < n; j++) {
            cylch_rng_seek(r, seed, cylch_rng_stream_id("sobol-A"), j);
            for (size_t i = 0; i < k; i++)
                a[j * k + i] = gsl_rng_uniform_pos(r);
            cylch_rng_seek(r, seed, cylch_rng_stream_id("sobol-B"), j);
            for (size_t i = 0; i < k; i++)
                b[j * k + i] = gsl_rng_uniform_pos(r);
        }
        gsl_rng_free(r);
        return;
    }
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    double x[40];
    assert_non_null(q);
    assert_true(2 * k <= 40);
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, x);
        memcpy(a + j * k, x, k * sizeof *x);
        memcpy(b + j * k, x + k, k * sizeof *x);
    }
    gsl_qrng_free(q);
}

/* Fails (with a message in its workspace) when u[0] < 0.02 and u[1] > 0.5;
 * gives NaN as output 2 when u[0] > 0.995 and the ctx asks for it. */
typedef struct fail_ws { char msg[128]; } fail_ws;
static void *fail_ws_new(void *ctx) { (void)ctx; return calloc(1, sizeof(fail_ws)); }
static void fail_ws_free(void *ws) { free(ws); }
static const char *fail_ws_error(void *ws) { return ((fail_ws *)ws)->msg; }

static int fail_eval(void *ctx, void *ws, const double *u, double *y)
{
    const int *nan_mode = ctx;
    fail_ws *w = ws;
    y[0] = u[0] + u[1];
    y[1] = u[1];
    if (*nan_mode) {
        if (u[0] > 0.995)
            y[1] = NAN;
        return CYLCH_OK;
    }
    if (u[0] < 0.02 && u[1] > 0.5) {
        snprintf(w->msg, sizeof w->msg, "u1 = %.6f is too small", u[0]);
        return CYLCH_EMODEL;
    }
    return CYLCH_OK;
}

/* The first (row, matrix) in row order at which pred(u) holds, and its u[0]. */
static void first_hit(int seq, uint64_t seed, size_t n, int (*pred)(const double *), size_t *row,
                      size_t *mat, double *u0)
{
    double *a = malloc(n * 2 * sizeof *a), *b = malloc(n * 2 * sizeof *b), u[2];
    assert_true(a && b);
    rows_of(seq, seed, n, 2, a, b);
    for (size_t j = 0; j < n; j++) {
        for (size_t c = 0; c < 4; c++) {
            memcpy(u, c == 1 ? b + 2 * j : a + 2 * j, sizeof u);
            if (c >= 2)
                u[c - 2] = b[2 * j + c - 2];
            if (pred(u)) {
                *row = j;
                *mat = c;
                *u0 = u[0];
                free(a);
                free(b);
                return;
            }
        }
    }
    free(a);
    free(b);
    fail_msg("no failing row in the sample");
}

static int pred_fail(const double *u) { return u[0] < 0.02 && u[1] > 0.5; }
static int pred_nan(const double *u) { return u[0] > 0.995; }

static void model_failure(int seq)
{
    int saved = omp_get_max_threads();
    int nan_mode = 0;
    cylch_sobol_model model = {2, 2, fail_eval, fail_ws_new, fail_ws_free, fail_ws_error, &nan_mode};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = 2000;
    opt.seed = 123;
    opt.bootstrap = 10;
    opt.sequence = seq;
    const char *names[4] = {"A", "B", "A_B(1)", "A_B(2)"};

    size_t row = 0, mat = 0;
    double u0 = 0.0;
    first_hit(seq, opt.seed, opt.n, pred_fail, &row, &mat, &u0);
    char want[256];
    /* the message the failing evaluation left in its workspace */
    snprintf(want, sizeof want, "the model failed on sample %zu (matrix %s): u1 = %.6f is too small",
             row + 1, names[mat], u0);

    for (int t = 1; t <= 3; t++) {
        cylch_sobol_result *r = (cylch_sobol_result *)&opt;   /* must be reset to NULL */
        cylch_error err;
        cylch_error_clear(&err);
        omp_set_num_threads(t);
        assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EMODEL);
        assert_null(r);
        if (!strstr(err.msg, want))
            fail_msg("%d threads: got '%s', wanted '%s'", t, err.msg, want);
    }

    nan_mode = 1;
    first_hit(seq, opt.seed, opt.n, pred_nan, &row, &mat, &u0);
    snprintf(want, sizeof want, "output 2 that is not a finite number on sample %zu (matrix %s)",
             row + 1, names[mat]);
    for (int t = 1; t <= 3; t++) {
        cylch_sobol_result *r = NULL;
        cylch_error err;
        cylch_error_clear(&err);
        omp_set_num_threads(t);
        assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EMODEL);
        assert_null(r);
        if (!strstr(err.msg, want))
            fail_msg("%d threads: got '%s', wanted '%s'", t, err.msg, want);
    }
    omp_set_num_threads(saved);
}

static void test_model_failure(void **state)
{
    (void)state;
    for (int seq = CYLCH_SOBOL_SEQ_SOBOL; seq <= CYLCH_SOBOL_SEQ_PSEUDO; seq++)
        model_failure(seq);
}

/* The estimates use exactly the rows of the documented streams: with
 * y = u (one output per input) and N = 2, recompute them by hand. */
static int identity_eval(void *ctx, void *ws, const double *u, double *y)
{
    (void)ctx;
    (void)ws;
    y[0] = u[0];
    y[1] = 3.0 * u[1] * u[1];
    return CYLCH_OK;
}

static void sampling_contract(int seq)
{
    enum { N = 3 };
    cylch_sobol_model model = {2, 2, identity_eval, NULL, NULL, NULL, NULL};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = N;
    opt.seed = 42;
    opt.bootstrap = 0;
    opt.sequence = seq;
    cylch_sobol_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_OK);
    assert_int_equal(r->sequence, seq);
    assert_non_null(strstr(r->sequence_note, seq == CYLCH_SOBOL_SEQ_SOBOL ? "Sobol' quasi-random" : "pseudo-random"));

    double a[N][2], b[N][2];
    rows_of(seq, opt.seed, N, 2, &a[0][0], &b[0][0]);
    for (int o = 0; o < 2; o++) {
        double fa[N], fb[N], fab[2][N], mean = 0.0, v = 0.0;
        for (int j = 0; j < N; j++) {
            double ua[2] = {a[j][0], a[j][1]}, ub[2] = {b[j][0], b[j][1]};
            double y[2];
            identity_eval(NULL, NULL, ua, y);
            fa[j] = y[o];
            identity_eval(NULL, NULL, ub, y);
            fb[j] = y[o];
            for (int i = 0; i < 2; i++) {
                double u[2] = {a[j][0], a[j][1]};
                u[i] = b[j][i];
                identity_eval(NULL, NULL, u, y);
                fab[i][j] = y[o];
            }
            mean += fa[j] + fb[j];
        }
        mean /= 2.0 * N;
        for (int j = 0; j < N; j++)
            v += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
        v /= 2.0 * N;
        assert_close(r->mean[o], mean, 1e-14);
        assert_close(r->var[o], v, 1e-14);
        for (int i = 0; i < 2; i++) {
            double s = 0.0, t = 0.0;
            for (int j = 0; j < N; j++) {
                s += (fb[j] - mean) * (fab[i][j] - fa[j]);
                t += (fa[j] - fab[i][j]) * (fa[j] - fab[i][j]);
            }
            assert_close(r->s1[o * 2 + i], s / N / v, 1e-12);
            assert_close(r->st[o * 2 + i], t / (2.0 * N) / v, 1e-12);
            /* no bootstrap: the interval is the estimate */
            assert_true(r->s1_lo[o * 2 + i] == r->s1[o * 2 + i]);
            assert_true(r->st_hi[o * 2 + i] == r->st[o * 2 + i]);
        }
        /* y_o depends on u_o alone */
        assert_true(r->st[o * 2 + (1 - o)] == 0.0);
        assert_true(r->s1sum[o] == r->s1[o * 2] + r->s1[o * 2 + 1]);
        assert_true(r->s1sum_lo[o] == r->s1sum[o] && r->s1sum_hi[o] == r->s1sum[o]);
    }
    cylch_sobol_result_free(r);
}

static void test_sampling_contract(void **state)
{
    (void)state;
    sampling_contract(CYLCH_SOBOL_SEQ_SOBOL);
    sampling_contract(CYLCH_SOBOL_SEQ_PSEUDO);
}

/* ---- an additive model with closed-form indices, at a small N ----
 * y = Σ_i c_i g_i(x_i) with independent inputs: x_1 ~ U(0, 1), g_1 = x;
 * x_2 ~ U(0, 1), g_2 = x²; x_3 ~ U(0, 1), g_3 = sin(2π x). Variances by hand:
 * Var x = 1/12; Var x² = 1/5 − 1/9 = 4/45; Var sin 2πx = 1/2. With c =
 * (2.385, 3, 0.7): V_i = c_i² Var g_i and, additive, S_i = ST_i = V_i / Σ V,
 * ΣS = 1. */
static const double add_c[3] = {2.385, 3.0, 0.7};

static int additive_eval(void *ctx, void *ws, const double *u, double *y)
{
    (void)ctx;
    (void)ws;
    y[0] = add_c[0] * u[0] + add_c[1] * u[1] * u[1] + add_c[2] * sin(2.0 * M_PI * u[2]);
    return CYLCH_OK;
}

static void test_additive_closed_form(void **state)
{
    (void)state;
    const double var_g[3] = {1.0 / 12.0, 4.0 / 45.0, 0.5};
    double v[3], vsum = 0.0;
    for (int i = 0; i < 3; i++)
        vsum += v[i] = add_c[i] * add_c[i] * var_g[i];
    cylch_sobol_model model = {3, 1, additive_eval, NULL, NULL, NULL, NULL};
    cylch_sobol_options opt = cylch_sobol_options_default();
    opt.n = 1000;
    opt.seed = 9;
    opt.bootstrap = 1000;
    double err_qmc = 0.0, err_mc = 0.0;
    for (int seq = CYLCH_SOBOL_SEQ_SOBOL; seq <= CYLCH_SOBOL_SEQ_PSEUDO; seq++) {
        cylch_sobol_result *r = NULL;
        cylch_error err;
        cylch_error_clear(&err);
        opt.sequence = seq;
        if (cylch_sobol_run(&model, &opt, &r, &err))
            fail_msg("%s", err.msg);
        for (int i = 0; i < 3; i++) {
            double exact = v[i] / vsum;
            print_message("%s: S1_%d %.4f [%.4f, %.4f], ST_%d %.4f [%.4f, %.4f], exact %.4f\n",
                          cylch_sobol_sequence_name(seq), i + 1, r->s1[i], r->s1_lo[i], r->s1_hi[i],
                          i + 1, r->st[i], r->st_lo[i], r->st_hi[i], exact);
            /* the closed form lies inside both intervals, and within 0.01 of the
             * quasi-random estimate (measured: 0.002 at most; the row bootstrap
             * treats the rows as independent, so its intervals, ±0.04, are
             * conservative for a quasi-random sample) or 0.05 of the
             * pseudo-random one (about 2.5 of its standard errors) */
            if (!(r->s1_lo[i] <= exact && exact <= r->s1_hi[i]))
                fail_msg("%s: S1_%d = %g, interval [%g, %g], exact %g", cylch_sobol_sequence_name(seq),
                         i + 1, r->s1[i], r->s1_lo[i], r->s1_hi[i], exact);
            if (!(r->st_lo[i] <= exact && exact <= r->st_hi[i]))
                fail_msg("%s: ST_%d = %g, interval [%g, %g], exact %g", cylch_sobol_sequence_name(seq),
                         i + 1, r->st[i], r->st_lo[i], r->st_hi[i], exact);
            double tol = seq == CYLCH_SOBOL_SEQ_SOBOL ? 0.01 : 0.05;
            assert_close(r->s1[i], exact, tol);
            assert_close(r->st[i], exact, tol);
            /* first order is not above total beyond the intervals */
            assert_true(r->s1_lo[i] <= r->st_hi[i]);
            double e = fabs(r->s1[i] - exact) + fabs(r->st[i] - exact);
            if (seq == CYLCH_SOBOL_SEQ_SOBOL)
                err_qmc += e;
            else
                err_mc += e;
        }
        /* additive: ΣS = 1 lies in its interval */
        if (!(r->s1sum_lo[0] <= 1.0 && 1.0 <= r->s1sum_hi[0]))
            fail_msg("%s: sum of S1 %g, interval [%g, %g]", cylch_sobol_sequence_name(seq), r->s1sum[0],
                     r->s1sum_lo[0], r->s1sum_hi[0]);
        cylch_sobol_result_free(r);
    }
    /* the reason for the quasi-random sample: a smaller error at the same N */
    print_message("additive model, N = 1000: total absolute error of the 6 indices %.4f (Sobol' "
                  "sequence) against %.4f (pseudo-random)\n", err_qmc, err_mc);
    assert_true(err_qmc < err_mc);
}

/* More inputs than GSL's Sobol' sequence holds: the mixed sample, said so in
 * the note; the Sobol' sequence by name is refused with a message.
 * y = Σ_i w_i u_i with w_i = 0.5^(i/2) over k = 30 inputs, the inputs given in
 * reverse order of importance: Var = Σ w_i² / 12, S_i = ST_i = w_i² / Σ w².
 * With the important inputs named first in the priority, the mixed sample is
 * more accurate than a pseudo-random one at the same N. */
enum { MANY_K = 30 };

static int many_eval(void *ctx, void *ws, const double *u, double *y)
{
    const size_t *k = ctx;
    (void)ws;
    y[0] = 0.0;
    for (size_t i = 0; i < *k; i++)
        y[0] += pow(0.5, 0.5 * (double)(*k - 1 - i)) * u[i];
    return CYLCH_OK;
}

static void test_many_inputs(void **state)
{
    (void)state;
    size_t k = MANY_K, prio[MANY_K];
    double w2[MANY_K], sum = 0.0;
    for (size_t i = 0; i < k; i++) {
        w2[i] = pow(0.5, (double)(k - 1 - i));
        sum += w2[i];
        prio[i] = k - 1 - i;   /* the largest weight first */
    }
    cylch_sobol_model model = {k, 1, many_eval, NULL, NULL, NULL, &k};
    cylch_sobol_options opt = cylch_sobol_options_default();
    cylch_sobol_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    opt.n = 1000;
    opt.bootstrap = 300;
    opt.seed = 11;
    double e[2] = {0.0, 0.0};
    int miss[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        opt.sequence = pass == 0 ? CYLCH_SOBOL_SEQ_AUTO : CYLCH_SOBOL_SEQ_PSEUDO;
        opt.priority = pass == 0 ? prio : NULL;
        if (cylch_sobol_run(&model, &opt, &r, &err))
            fail_msg("%s", err.msg);
        if (pass == 0) {
            assert_int_equal(r->sequence, CYLCH_SOBOL_SEQ_MIXED);
            assert_non_null(strstr(r->sequence_note, "for 20 of the 30 inputs and pseudo-random numbers "
                                                     "for the other 10"));
        }
        for (size_t i = 0; i < k; i++) {
            double exact = w2[i] / sum;
            e[pass] += fabs(r->s1[i] - exact) + fabs(r->st[i] - exact);
            miss[pass] += !(r->s1_lo[i] <= exact && exact <= r->s1_hi[i]);
            miss[pass] += !(r->st_lo[i] <= exact && exact <= r->st_hi[i]);
        }
        assert_close(r->st[k - 1], w2[k - 1] / sum, 0.05);
        cylch_sobol_result_free(r);
        r = NULL;
    }
    print_message("30 inputs, N = 1000: total absolute error of the 60 indices %.4f (mixed sample) against "
                  "%.4f (pseudo-random); closed forms outside their 95%% interval: %d and %d of 60\n",
                  e[0], e[1], miss[0], miss[1]);
    assert_true(e[0] < 0.5 * e[1]);
    /* 95% intervals: about 3 of 60 miss by chance; more than 8 would mean too narrow intervals */
    assert_true(miss[0] <= 8 && miss[1] <= 8);

    opt.sequence = CYLCH_SOBOL_SEQ_SOBOL;
    opt.priority = NULL;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_null(r);
    assert_non_null(strstr(err.msg, "30 inputs need a sample of 60 dimensions; GSL's Sobol' sequence "
                                    "has at most 40"));
    /* a priority that is not a permutation */
    opt.sequence = CYLCH_SOBOL_SEQ_AUTO;
    prio[3] = prio[4];
    opt.priority = prio;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "must name each of the 30 inputs once"));
    /* 20 inputs: the whole sequence */
    k = 20;
    model.k = 20;
    opt.priority = NULL;
    opt.n = 100;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_OK);
    assert_int_equal(r->sequence, CYLCH_SOBOL_SEQ_SOBOL);
    cylch_sobol_result_free(r);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    ishigami p = {7.0, 0.1};
    cylch_sobol_model model = {3, 1, ishigami_eval, NULL, NULL, NULL, &p};
    cylch_sobol_options opt = cylch_sobol_options_default();
    cylch_sobol_result *r = NULL;
    cylch_error err;
    cylch_error_clear(&err);

    opt.n = 1;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "sample size N is 1"));
    opt.n = 100;
    opt.level = 1.5;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "level is 1.5"));
    opt.level = 0.95;
    model.k = 0;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "at least one input"));
    model.k = 3;
    model.eval = NULL;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    model.eval = ishigami_eval;
    model.ws_new = fail_ws_new;
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "without its freer"));
    model.ws_new = NULL;
    assert_int_equal(cylch_sobol_run(&model, &opt, NULL, &err), CYLCH_EINPUT);
    assert_null(r);

    assert_null(cylch_sobol_result_new(0, 1));
    cylch_sobol_result_free(NULL);
}

/* Groups (Jacques et al. 2006): f = u0 u1 + u2 with u0 and u1 one group. By hand:
 * Var(u0 u1) = 1/9 − 1/16 = 7/144, Var(u2) = 1/12 = 12/144, V = 19/144, so the
 * group's S = ST = 7/19 and u2's 12/19. The group holds the interaction of its
 * members, which the sum of their separate first-order indices (3/19 each,
 * 6/19 together) misses. */
static int group_eval(void *ctx, void *ws, const double *u, double *y)
{
    (void)ctx;
    (void)ws;
    y[0] = u[0] * u[1] + u[2];
    return CYLCH_OK;
}

static void test_groups(void **state)
{
    (void)state;
    cylch_sobol_model model = {3, 1, group_eval, NULL, NULL, NULL, NULL};
    cylch_sobol_options opt = cylch_sobol_options_default();
    const size_t group[3] = {0, 0, 1}, bad[3] = {0, 2, 0};
    cylch_sobol_result *r = NULL, *alone = NULL;
    cylch_error err;
    opt.n = 4096;
    opt.seed = 9;
    opt.bootstrap = 200;
    opt.threads = 2;
    opt.group = group;
    opt.ngroups = 2;
    cylch_error_clear(&err);
    assert_int_equal(cylch_sobol_run(&model, &opt, &r, &err), CYLCH_OK);
    assert_int_equal(r->k, 2);
    assert_int_equal(r->evaluations, 4096 * 4);
    assert_int_equal(r->sequence, CYLCH_SOBOL_SEQ_SOBOL);
    print_message("groups: S1 %.4f %.4f (7/19 = %.4f, 12/19 = %.4f), ST %.4f %.4f\n", r->s1[0], r->s1[1],
                  7.0 / 19.0, 12.0 / 19.0, r->st[0], r->st[1]);
    for (int g = 0; g < 2; g++) {
        double exact = g == 0 ? 7.0 / 19.0 : 12.0 / 19.0;
        assert_true(fabs(r->s1[g] - exact) < 0.01 && fabs(r->st[g] - exact) < 0.01);
        assert_true(r->s1_lo[g] <= exact && exact <= r->s1_hi[g]);
        assert_true(r->st_lo[g] <= exact && exact <= r->st_hi[g]);
    }
    /* one by one: u0 and u1 each 3/19 alone, together short of the group's 7/19 */
    opt.group = NULL;
    assert_int_equal(cylch_sobol_run(&model, &opt, &alone, &err), CYLCH_OK);
    assert_int_equal(alone->k, 3);
    assert_true(fabs(alone->s1[0] - 3.0 / 19.0) < 0.01 && fabs(alone->s1[1] - 3.0 / 19.0) < 0.01);
    assert_true(alone->s1[0] + alone->s1[1] < r->s1[0] - 0.03);
    /* bad groups */
    opt.group = bad;
    opt.ngroups = 3;
    cylch_sobol_result *none = NULL;
    assert_int_equal(cylch_sobol_run(&model, &opt, &none, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "group 2 has no input"));
    opt.ngroups = 2;
    assert_int_equal(cylch_sobol_run(&model, &opt, &none, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "input 2 is in group 3 of 2"));
    assert_null(none);
    cylch_sobol_result_free(alone);
    cylch_sobol_result_free(r);
}

int main(void)
{
    cylch_gsl_quiet();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ishigami),
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_threads_bit_identical),
        cmocka_unit_test(test_sampling_contract),
        cmocka_unit_test(test_model_failure),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_additive_closed_form),
        cmocka_unit_test(test_many_inputs),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
