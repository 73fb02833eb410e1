/* Tests for model/stats.c: summaries against hand calculations, the
 * percentile definition, Welford against two passes, histograms, Spearman
 * with and without ties, constant data and refused input. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cylch/io/error.h"
#include "cylch/uncertainty/stats.h"

#define TOL(v) (1e-13 * fmax(1.0, fabs(v)))
#define assert_close(a, b, tol) do { \
        double a_ = (a), b_ = (b); \
        if (!(fabs(a_ - b_) <= (tol))) \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

/* 2.385 k for k = 1..10, in a scrambled draw order so that sorting matters. */
static const double scale = 2.385;
static const int order[10] = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};

static void test_summary_hand(void **state)
{
    (void)state;
    double x[10], scratch[10];
    for (int k = 0; k < 10; k++)
        x[k] = scale * order[k];
    cylch_stats_summary s;
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_stats_summarise(x, 10, scratch, &s, &err), CYLCH_OK);
    assert_int_equal(s.n, 10);
    /* mean 5.5 c; sd c sqrt(55/6) (divisor n - 1); se = sd / sqrt(10) */
    assert_close(s.mean, scale * 5.5, TOL(s.mean));
    assert_close(s.sd, scale * sqrt(55.0 / 6.0), TOL(s.sd));
    assert_close(s.se, scale * sqrt(55.0 / 6.0) / sqrt(10.0), TOL(s.se));
    /* Hyndman-Fan 7 on 1..10: d = 9 f; p5 = 1.45, p50 = 5.5, p95 = 9.55 */
    assert_close(s.p5, scale * 1.45, TOL(s.p5));
    assert_close(s.p50, scale * 5.5, TOL(s.p50));
    assert_close(s.p95, scale * 9.55, TOL(s.p95));
    assert_close(s.min, scale * 1.0, 0.0);
    assert_close(s.max, scale * 10.0, 0.0);
    /* the scratch buffer holds the sorted copy; x is untouched */
    for (int k = 0; k < 10; k++) {
        assert_close(scratch[k], scale * (k + 1), 0.0);
        assert_close(x[k], scale * order[k], 0.0);
    }
    /* more percentiles from the sorted copy */
    assert_close(cylch_stats_quantile_sorted(scratch, 10, 0.25), scale * 3.25, TOL(8.0));
    assert_close(cylch_stats_quantile_sorted(scratch, 10, 0.0), scale, 0.0);
    assert_close(cylch_stats_quantile_sorted(scratch, 10, 1.0), scale * 10.0, 0.0);
    assert_close(cylch_stats_quantile_sorted(scratch, 10, 1.5), scale * 10.0, 0.0);
}

static void test_summary_one_and_two(void **state)
{
    (void)state;
    double x[2] = {4.25, -1.75}, scratch[2];
    cylch_stats_summary s;
    assert_int_equal(cylch_stats_summarise(x, 1, scratch, &s, NULL), CYLCH_OK);
    assert_close(s.mean, 4.25, 0.0);
    assert_close(s.sd, 0.0, 0.0);
    assert_close(s.se, 0.0, 0.0);
    assert_close(s.p5, 4.25, 0.0);
    assert_close(s.p95, 4.25, 0.0);
    assert_int_equal(cylch_stats_summarise(x, 2, scratch, &s, NULL), CYLCH_OK);
    assert_close(s.mean, 1.25, TOL(1.0));
    assert_close(s.sd, 6.0 / sqrt(2.0), TOL(4.0));   /* |x1 - x2| / sqrt 2 */
    assert_close(s.se, 3.0, TOL(3.0));
    assert_close(s.p5, -1.75 + 0.05 * 6.0, TOL(1.0));
    assert_close(s.p50, 1.25, TOL(1.0));
}

static void test_constant(void **state)
{
    (void)state;
    enum { N = 257 };
    double x[N], scratch[N], mean[3], lo[3], hi[3], rho = 7.0, work[2 * N], y[N];
    for (int k = 0; k < N; k++) {
        x[k] = 0.1;   /* not exactly representable: a plain sum would drift */
        y[k] = (double)k * 1.5;
    }
    cylch_stats_summary s;
    assert_int_equal(cylch_stats_summarise(x, N, scratch, &s, NULL), CYLCH_OK);
    assert_true(s.mean == 0.1);
    assert_true(s.sd == 0.0);
    assert_true(s.se == 0.0);
    assert_true(s.p5 == 0.1 && s.p50 == 0.1 && s.p95 == 0.1);
    assert_true(s.min == 0.1 && s.max == 0.1);

    cylch_stats_hist *h = NULL;
    assert_int_equal(cylch_stats_hist_new(x, N, 0, scratch, &h, NULL), CYLCH_OK);
    assert_in_range(h->bins, CYLCH_STATS_BINS_MIN, CYLCH_STATS_BINS_MAX);
    size_t total = 0;
    for (size_t b = 0; b < h->bins; b++) {
        assert_true(isfinite(h->edges[b]) && h->edges[b] < h->edges[b + 1]);
        total += h->counts[b];
        if (h->counts[b])
            assert_true(h->edges[b] <= 0.1 && (0.1 < h->edges[b + 1] || b + 1 == h->bins));
    }
    assert_true(h->edges[0] <= 0.1 && h->edges[h->bins] >= 0.1);
    assert_int_equal(total, N);
    cylch_stats_hist_free(h);

    /* constant zero too */
    double z[5] = {0, 0, 0, 0, 0};
    assert_int_equal(cylch_stats_hist_new(z, 5, 4, NULL, &h, NULL), CYLCH_OK);
    assert_close(h->edges[0], -0.5, 0.0);
    assert_close(h->edges[4], 0.5, 0.0);
    assert_int_equal(h->counts[0] + h->counts[1] + h->counts[2] + h->counts[3], 5);
    assert_int_equal(h->counts[2], 5);   /* 0 is the lower edge of bin 2 */
    cylch_stats_hist_free(h);

    size_t cp[3] = {1, 100, N};
    assert_int_equal(cylch_stats_running(x, N, cp, 3, mean, lo, hi, NULL), CYLCH_OK);
    for (int c = 0; c < 3; c++) {
        assert_true(mean[c] == 0.1);
        assert_true(lo[c] == 0.1 && hi[c] == 0.1);
    }

    assert_int_equal(cylch_stats_spearman(x, y, N, work, &rho, NULL), CYLCH_OK);
    assert_true(rho == 0.0);
    rho = 7.0;
    assert_int_equal(cylch_stats_spearman(y, x, N, work, &rho, NULL), CYLCH_OK);
    assert_true(rho == 0.0);
}

/* Welford's one-pass running mean and sd against a direct two-pass
 * computation over the first k draws. */
static void test_running_vs_two_pass(void **state)
{
    (void)state;
    enum { N = 5000, NC = 7 };
    static double x[N];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 2385);
    for (int k = 0; k < N; k++)   /* a mean far from 0 tests the stability */
        x[k] = 1.0e4 + 3.7 * gsl_rng_uniform(r) + (k % 3);
    gsl_rng_free(r);

    size_t cp[NC] = {1, 2, 3, 10, 99, 1000, N};
    double mean[NC], lo[NC], hi[NC];
    assert_int_equal(cylch_stats_running(x, N, cp, NC, mean, lo, hi, NULL), CYLCH_OK);
    for (int c = 0; c < NC; c++) {
        size_t k = cp[c];
        double m = 0.0, ss = 0.0;
        for (size_t j = 0; j < k; j++)
            m += x[j];
        m /= (double)k;
        for (size_t j = 0; j < k; j++)
            ss += (x[j] - m) * (x[j] - m);
        double sd = k > 1 ? sqrt(ss / (double)(k - 1)) : 0.0;
        double half = 1.96 * sd / sqrt((double)k);
        assert_close(mean[c], m, 1e-14 * m);
        assert_close(hi[c] - mean[c], half, 1e-9 * fmax(half, 1.0));
        assert_close(mean[c] - lo[c], half, 1e-9 * fmax(half, 1.0));
    }
    assert_true(lo[0] == mean[0] && hi[0] == mean[0]);   /* k = 1: no spread yet */

    /* the last checkpoint agrees with the summary's mean and sd */
    static double scratch[N];
    cylch_stats_summary s;
    assert_int_equal(cylch_stats_summarise(x, N, scratch, &s, NULL), CYLCH_OK);
    assert_close(mean[NC - 1], s.mean, 1e-14 * s.mean);
    assert_close((hi[NC - 1] - mean[NC - 1]) / 1.96, s.se, 1e-9 * s.se);

    /* lo and hi are optional */
    assert_int_equal(cylch_stats_running(x, N, cp, NC, mean, NULL, NULL, NULL), CYLCH_OK);
}

static void test_running_errors(void **state)
{
    (void)state;
    double x[4] = {1, 2, 3, 4}, mean[2];
    cylch_error err;
    size_t bad1[2] = {0, 2}, bad2[2] = {3, 3}, bad3[2] = {2, 5};
    cylch_error_clear(&err);
    assert_int_equal(cylch_stats_running(x, 4, bad1, 2, mean, NULL, NULL, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "checkpoint 1"));
    assert_int_equal(cylch_stats_running(x, 4, bad2, 2, mean, NULL, NULL, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "checkpoint 2"));
    assert_int_equal(cylch_stats_running(x, 4, bad3, 2, mean, NULL, NULL, &err), CYLCH_EINPUT);
    x[1] = NAN;
    size_t ok[1] = {4};
    assert_int_equal(cylch_stats_running(x, 4, ok, 1, mean, NULL, NULL, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "draw 2 of"));
}

static void test_checkpoints(void **state)
{
    (void)state;
    size_t cp[40];
    size_t n = cylch_stats_checkpoints(20000, 40, cp);
    assert_in_range(n, 30, 40);
    assert_int_equal(cp[0], 10);
    assert_int_equal(cp[n - 1], 20000);
    for (size_t c = 1; c < n; c++)
        assert_true(cp[c] > cp[c - 1]);
    /* roughly geometric: the middle point is near sqrt(10 * 20000) */
    double mid = (double)cp[n / 2];
    assert_in_range((size_t)mid, 200, 1000);

    n = cylch_stats_checkpoints(15, 40, cp);   /* fewer distinct values than points */
    assert_int_equal(n, 6);
    assert_int_equal(cp[0], 10);
    assert_int_equal(cp[n - 1], 15);
    assert_int_equal(cylch_stats_checkpoints(7, 40, cp), 1);
    assert_int_equal(cp[0], 7);
    assert_int_equal(cylch_stats_checkpoints(0, 40, cp), 0);
    assert_int_equal(cylch_stats_checkpoints(100, 1, cp), 1);
    assert_int_equal(cp[0], 100);
}

static void test_histogram_hand(void **state)
{
    (void)state;
    /* 0..9 in 4 bins: edges 0, 2.25, 4.5, 6.75, 9; the top value counts in the last bin */
    double x[10] = {9, 0, 4, 5, 1, 8, 2, 6, 3, 7};
    cylch_stats_hist *h = NULL;
    assert_int_equal(cylch_stats_hist_new(x, 10, 4, NULL, &h, NULL), CYLCH_OK);
    assert_int_equal(h->bins, 4);
    assert_int_equal(h->n, 10);
    const double edges[5] = {0, 2.25, 4.5, 6.75, 9};
    const size_t counts[4] = {3, 2, 2, 3};
    for (int b = 0; b < 5; b++)
        assert_close(h->edges[b], edges[b], 1e-15);
    for (int b = 0; b < 4; b++)
        assert_int_equal(h->counts[b], counts[b]);
    cylch_stats_hist_free(h);

    /* values on interior edges go up: 0, 1, 2, 3, 4 in 4 bins -> 1, 1, 1, 2 */
    double y[5] = {0, 1, 2, 3, 4};
    assert_int_equal(cylch_stats_hist_new(y, 5, 4, NULL, &h, NULL), CYLCH_OK);
    assert_int_equal(h->counts[0], 1);
    assert_int_equal(h->counts[1], 1);
    assert_int_equal(h->counts[2], 1);
    assert_int_equal(h->counts[3], 2);
    cylch_stats_hist_free(h);
    cylch_stats_hist_free(NULL);
}

static void test_bin_rules(void **state)
{
    (void)state;
    assert_int_equal(cylch_stats_bins_sturges(1), 1);
    assert_int_equal(cylch_stats_bins_sturges(1000), 11);   /* ceil(9.97) + 1 */
    assert_int_equal(cylch_stats_bins_sturges(1024), 11);
    assert_int_equal(cylch_stats_bins_sturges(1025), 12);

    /* 1..100: IQR = 75.25 - 25.75 = 49.5, h = 99 / 100^(1/3) = 21.33, bins ceil(4.64) = 5 */
    double x[100];
    for (int k = 0; k < 100; k++)
        x[k] = k + 1;
    assert_int_equal(cylch_stats_bins_fd(x, 100), 5);
    assert_int_equal(cylch_stats_bins_auto(x, 100), CYLCH_STATS_BINS_MIN);   /* clamped up */

    /* 5000 values, IQR 1, one far outlier: FD asks for thousands, clamped to 60 */
    enum { N = 5000 };
    static double y[N], scratch[N];
    for (int k = 0; k < N; k++)
        y[k] = (double)k / (N - 1) * 2.0;
    y[N - 1] = 1000.0;
    memcpy(scratch, y, sizeof y);
    assert_true(cylch_stats_bins_fd(scratch, N) > 1000);
    assert_int_equal(cylch_stats_bins_auto(scratch, N), CYLCH_STATS_BINS_MAX);

    /* IQR 0 but some spread: Sturges, 5000 -> 14 */
    for (int k = 0; k < N; k++)
        y[k] = k < 10 ? (double)k : 5.0;
    memcpy(scratch, y, sizeof y);
    gsl_sort(scratch, 1, N);
    assert_int_equal(cylch_stats_bins_fd(scratch, N), 0);
    assert_int_equal(cylch_stats_bins_auto(scratch, N), 14);
}

static void test_histogram_auto(void **state)
{
    (void)state;
    enum { N = 20000 };
    static double x[N], scratch[N];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    gsl_rng_set(r, 11);
    for (int k = 0; k < N; k++)
        x[k] = 1.8 + 0.3 * gsl_rng_uniform(r) * gsl_rng_uniform(r);
    gsl_rng_free(r);
    cylch_stats_hist *h = NULL;
    assert_int_equal(cylch_stats_hist_new(x, N, 0, scratch, &h, NULL), CYLCH_OK);
    /* The count found by selection is the rule applied to the sorted data. */
    memcpy(scratch, x, sizeof x);
    gsl_sort(scratch, 1, N);
    assert_int_equal(h->bins, cylch_stats_bins_auto(scratch, N));
    assert_in_range(h->bins, CYLCH_STATS_BINS_MIN, CYLCH_STATS_BINS_MAX);
    cylch_stats_summary s;
    assert_int_equal(cylch_stats_summarise(x, N, scratch, &s, NULL), CYLCH_OK);
    assert_true(h->edges[0] == s.min);
    assert_true(h->edges[h->bins] == s.max);
    size_t total = 0;
    for (size_t b = 0; b < h->bins; b++) {
        assert_true(h->edges[b] < h->edges[b + 1]);
        total += h->counts[b];
    }
    assert_int_equal(total, N);
    /* each count matches a direct count against the stored edges */
    for (size_t b = 0; b < h->bins; b++) {
        size_t c = 0;
        for (int k = 0; k < N; k++) {
            int last = b + 1 == h->bins;
            if (x[k] >= h->edges[b] && (x[k] < h->edges[b + 1] || (last && x[k] <= h->edges[b + 1])))
                c++;
        }
        assert_int_equal(h->counts[b], c);
    }
    cylch_stats_hist_free(h);
}

static void test_spearman(void **state)
{
    (void)state;
    double work[20], rho;
    cylch_error err;
    cylch_error_clear(&err);

    /* ties: ranks x = 1, 2.5, 2.5, 4, 5 and y = 2, 1, 3.5, 3.5, 5;
     * Pearson of the ranks = 7.25 / 9.5 */
    double x[5] = {1.2, 2.385, 2.385, 3.1, 4.7};
    double y[5] = {20, 10, 30, 30, 50};
    assert_int_equal(cylch_stats_spearman(x, y, 5, work, &rho, &err), CYLCH_OK);
    assert_close(rho, 7.25 / 9.5, 1e-14);

    /* no ties: 1 - 6 sum d^2 / (n (n^2 - 1)); ranks of b: 2, 1, 4, 3, 6, 5, 7 -> sum d^2 = 6 */
    double a[7] = {1, 2, 3, 4, 5, 6, 7};
    double b[7] = {0.2, 0.1, 0.4, 0.3, 0.6, 0.5, 0.7};
    assert_int_equal(cylch_stats_spearman(a, b, 7, work, &rho, &err), CYLCH_OK);
    assert_close(rho, 1.0 - 6.0 * 6.0 / (7.0 * 48.0), 1e-14);

    /* rank correlation is invariant under monotone maps */
    double e[7], ne[7];
    for (int k = 0; k < 7; k++) {
        e[k] = exp(b[k] * 10.0);
        ne[k] = -e[k];
    }
    assert_int_equal(cylch_stats_spearman(a, e, 7, work, &rho, &err), CYLCH_OK);
    assert_close(rho, 1.0 - 6.0 * 6.0 / (7.0 * 48.0), 1e-14);
    assert_int_equal(cylch_stats_spearman(a, ne, 7, work, &rho, &err), CYLCH_OK);
    assert_close(rho, -(1.0 - 6.0 * 6.0 / (7.0 * 48.0)), 1e-14);
    assert_int_equal(cylch_stats_spearman(a, a, 7, work, &rho, &err), CYLCH_OK);
    assert_close(rho, 1.0, 1e-15);

    /* inputs are left untouched */
    assert_close(x[1], 2.385, 0.0);
    assert_close(y[0], 20.0, 0.0);

    /* n < 2 is 0, a NaN is refused */
    rho = 5.0;
    assert_int_equal(cylch_stats_spearman(a, b, 1, work, &rho, &err), CYLCH_OK);
    assert_true(rho == 0.0);
    b[3] = NAN;
    assert_int_equal(cylch_stats_spearman(a, b, 7, work, &rho, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "draw 4 of 7"));
}

static void test_errors(void **state)
{
    (void)state;
    double x[3] = {1.0, INFINITY, 2.0}, scratch[3];
    cylch_stats_summary s;
    cylch_stats_hist *h = (cylch_stats_hist *)&s;   /* must be reset to NULL */
    cylch_error err;
    cylch_error_clear(&err);
    assert_int_equal(cylch_stats_summarise(x, 3, scratch, &s, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "draw 2 of 3 is not a finite number"));
    assert_int_equal(cylch_stats_summarise(x, 0, scratch, &s, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "no draws"));
    assert_int_equal(cylch_stats_summarise(x, 3, NULL, &s, &err), CYLCH_EINPUT);
    assert_int_equal(cylch_stats_hist_new(x, 3, 5, NULL, &h, &err), CYLCH_EINPUT);
    assert_null(h);
    x[1] = 1.5;
    assert_int_equal(cylch_stats_hist_new(x, 3, 0, NULL, &h, &err), CYLCH_EINPUT);   /* no scratch */
    assert_int_equal(cylch_stats_hist_new(x, 3, 1000001, NULL, &h, &err), CYLCH_EINPUT);
    assert_non_null(strstr(err.msg, "1000001 bins"));
    assert_int_equal(cylch_stats_hist_new(x, 0, 5, NULL, &h, &err), CYLCH_EINPUT);
    assert_null(h);
}

/* ---- percentiles by selection against the full sort ---- */

/* Data shapes that trouble selection: ties, runs, order, organ pipes, constants. */
static void fill_shape(double *x, size_t n, int shape, gsl_rng *r)
{
    for (size_t k = 0; k < n; k++) {
        switch (shape) {
        case 0: x[k] = gsl_rng_uniform(r) * 2.385; break;                 /* distinct */
        case 1: x[k] = (double)gsl_rng_uniform_int(r, 3); break;           /* three values */
        case 2: x[k] = (double)k; break;                                    /* ascending */
        case 3: x[k] = (double)(n - k); break;                              /* descending */
        case 4: x[k] = (double)(k < n / 2 ? k : n - k); break;              /* organ pipe */
        case 5: x[k] = 2.385; break;                                        /* constant */
        case 6: x[k] = k % 2 ? -0.0 : 0.0; break;                           /* signed zeros */
        case 7: x[k] = gsl_rng_uniform(r) < 0.9 ? 1.0 : gsl_rng_uniform(r); break; /* one tie, mostly */
        default: x[k] = (double)(k % 7) - 3.0 * (double)(k % 3); break;    /* sawtooth */
        }
    }
}

static void check_against_sort(const double *x, size_t n, const double *f, size_t nf,
                               double *work, double *sorted, const char *what)
{
    double q[16];
    memcpy(sorted, x, n * sizeof *x);
    gsl_sort(sorted, 1, n);
    memcpy(work, x, n * sizeof *x);
    cylch_stats_quantiles_select(work, n, f, nf, q);
    for (size_t t = 0; t < nf; t++) {
        double want = gsl_stats_quantile_from_sorted_data(sorted, 1, n, f[t]);
        if (memcmp(&q[t], &want, sizeof want) != 0 && !(q[t] == 0.0 && want == 0.0))
            fail_msg("%s, n = %zu: quantile %g by selection %.17g, by sorting %.17g",
                     what, n, f[t], q[t], want);
    }
}

static void test_select_vs_sort(void **state)
{
    static const double f3[3] = {0.05, 0.50, 0.95};
    static const double f7[7] = {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0};
    static const double fdown[4] = {0.95, 0.5, 0.05, 0.5};   /* not ascending: still right */
    const size_t big = 200003;
    double *x = malloc(big * sizeof *x), *work = malloc(big * sizeof *x), *sorted = malloc(big * sizeof *x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    char what[64];
    (void)state;
    gsl_rng_set(r, 2385);
    for (int shape = 0; shape < 9; shape++) {
        /* Tiny N (every n from 1 to 40), then a few large ones. */
        for (size_t n = 1; n <= 40; n++) {
            fill_shape(x, n, shape, r);
            snprintf(what, sizeof what, "shape %d", shape);
            check_against_sort(x, n, f3, 3, work, sorted, what);
            check_against_sort(x, n, f7, 7, work, sorted, what);
            check_against_sort(x, n, fdown, 4, work, sorted, what);
        }
        for (size_t n = 257; n <= big; n = n * 7 + 1) {
            fill_shape(x, n, shape, r);
            snprintf(what, sizeof what, "shape %d", shape);
            check_against_sort(x, n, f3, 3, work, sorted, what);
            check_against_sort(x, n, f7, 7, work, sorted, what);
        }
    }
    /* Random quantiles of random data with heavy ties. */
    for (int t = 0; t < 200; t++) {
        size_t n = 1 + gsl_rng_uniform_int(r, 3000);
        double f[5];
        for (size_t k = 0; k < n; k++)
            x[k] = (double)gsl_rng_uniform_int(r, 1 + (unsigned long)t);
        for (int i = 0; i < 5; i++)
            f[i] = gsl_rng_uniform(r);
        gsl_sort(f, 1, 5);
        check_against_sort(x, n, f, 5, work, sorted, "random quantiles");
    }
    gsl_rng_free(r);
    free(x);
    free(work);
    free(sorted);
}

/* summarise, summarise_inplace and the automatic histogram agree with the sort-based values. */
static void test_summary_select_matches_sort(void **state)
{
    const size_t n = 100001;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *x), *scratch = malloc(n * sizeof *x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    cylch_stats_summary a, b;
    cylch_stats_hist *h1 = NULL, *h2 = NULL;
    (void)state;
    gsl_rng_set(r, 7);
    for (size_t k = 0; k < n; k++)
        x[k] = 2.0 + 0.3 * gsl_rng_uniform(r) + (k % 10 == 0 ? 1.0 : 0.0);
    memcpy(y, x, n * sizeof *x);
    assert_int_equal(cylch_stats_summarise(x, n, scratch, &a, NULL), CYLCH_OK);
    assert_int_equal(cylch_stats_summarise_inplace(y, n, &b, NULL), CYLCH_OK);
    assert_memory_equal(&a, &b, sizeof a);
    memcpy(scratch, x, n * sizeof *x);
    gsl_sort(scratch, 1, n);
    assert_true(a.min == scratch[0] && a.max == scratch[n - 1]);
    assert_true(a.p5 == gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.05));
    assert_true(a.p50 == gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.50));
    assert_true(a.p95 == gsl_stats_quantile_from_sorted_data(scratch, 1, n, 0.95));
    /* The automatic bin count from selection equals the rule applied to the sorted data,
     * and a histogram made in place (scratch = x) has the same counts. */
    assert_int_equal(cylch_stats_hist_new(x, n, 0, scratch, &h1, NULL), CYLCH_OK);
    memcpy(scratch, x, n * sizeof *x);
    gsl_sort(scratch, 1, n);
    assert_int_equal(h1->bins, cylch_stats_bins_auto(scratch, n));
    memcpy(y, x, n * sizeof *x);
    assert_int_equal(cylch_stats_hist_new(y, n, 0, y, &h2, NULL), CYLCH_OK);
    assert_int_equal(h1->bins, h2->bins);
    assert_memory_equal(h1->counts, h2->counts, h1->bins * sizeof *h1->counts);
    assert_memory_equal(h1->edges, h2->edges, (h1->bins + 1) * sizeof *h1->edges);
    cylch_stats_hist_free(h1);
    cylch_stats_hist_free(h2);
    gsl_rng_free(r);
    free(x);
    free(y);
    free(scratch);
}

int main(void)
{
    cylch_gsl_quiet();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_hand),
        cmocka_unit_test(test_summary_one_and_two),
        cmocka_unit_test(test_constant),
        cmocka_unit_test(test_running_vs_two_pass),
        cmocka_unit_test(test_running_errors),
        cmocka_unit_test(test_checkpoints),
        cmocka_unit_test(test_histogram_hand),
        cmocka_unit_test(test_bin_rules),
        cmocka_unit_test(test_histogram_auto),
        cmocka_unit_test(test_spearman),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_select_vs_sort),
        cmocka_unit_test(test_summary_select_matches_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
