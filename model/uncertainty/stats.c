/* cylch — summary statistics of Monte Carlo draws: mean, sd, standard error,
 * percentiles, histograms, running means for convergence, and Spearman rank
 * correlation. All sums run in draw order (see include/cylch/stats.h). */
#include "cylch/uncertainty/stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* Refuse NaN and Inf: a non-finite draw would poison every statistic. */
static int check_finite(const double *x, size_t n, const char *what, cylch_error *err)
{
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(x[k]))
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s: draw %zu of %zu is not a finite number",
                                   what, k + 1, n);
    }
    return CYLCH_OK;
}

double cylch_stats_quantile_sorted(const double *sorted, size_t n, double f)
{
    if (n == 0)
        return 0.0;
    if (!(f > 0.0))
        f = 0.0;
    if (f > 1.0)
        f = 1.0;
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, f);
}

int cylch_stats_summarise(const double *x, size_t n, double *scratch,
                          cylch_stats_summary *s, cylch_error *err)
{
    if (!x || !scratch || !s)
        return cylch_error_set(err, CYLCH_EINPUT, "statistics: missing data (a NULL pointer)");
    if (n == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "statistics: no draws to summarise");
    int rc = check_finite(x, n, "statistics", err);
    if (rc)
        return rc;

    memcpy(scratch, x, n * sizeof *x);
    gsl_sort(scratch, 1, n);

    memset(s, 0, sizeof *s);
    s->n = n;
    s->min = scratch[0];
    s->max = scratch[n - 1];
    /* GSL's running mean m += (x - m) / k keeps a constant exactly, so
     * constant data give sd = 0 exactly rather than a rounding residue. */
    s->mean = gsl_stats_mean(x, 1, n);
    if (n > 1 && s->min < s->max) {
        double ss = 0.0;
        for (size_t k = 0; k < n; k++) {
            double d = x[k] - s->mean;
            ss += d * d;
        }
        s->sd = sqrt(ss / (double)(n - 1));
    } else {
        s->mean = s->min;
        s->sd = 0.0;
    }
    s->se = s->sd / sqrt((double)n);
    s->p5 = cylch_stats_quantile_sorted(scratch, n, 0.05);
    s->p50 = cylch_stats_quantile_sorted(scratch, n, 0.50);
    s->p95 = cylch_stats_quantile_sorted(scratch, n, 0.95);
    return CYLCH_OK;
}

/* ---- histogram ---- */

size_t cylch_stats_bins_sturges(size_t n)
{
    if (n <= 1)
        return 1;
    return (size_t)ceil(log2((double)n)) + 1;
}

size_t cylch_stats_bins_fd(const double *sorted, size_t n)
{
    if (!sorted || n < 2)
        return 0;
    double range = sorted[n - 1] - sorted[0];
    double iqr = cylch_stats_quantile_sorted(sorted, n, 0.75)
               - cylch_stats_quantile_sorted(sorted, n, 0.25);
    if (!(iqr > 0.0) || !(range > 0.0))
        return 0;
    double h = 2.0 * iqr / cbrt((double)n);
    double b = ceil(range / h);
    /* A huge ratio means a few far outliers; the caller clamps anyway. */
    if (!(b < 1e9))
        return 1000000000;
    return b < 1.0 ? 1 : (size_t)b;
}

size_t cylch_stats_bins_auto(const double *sorted, size_t n)
{
    size_t b = cylch_stats_bins_fd(sorted, n);
    if (b == 0)
        b = cylch_stats_bins_sturges(n);
    if (b < CYLCH_STATS_BINS_MIN)
        b = CYLCH_STATS_BINS_MIN;
    if (b > CYLCH_STATS_BINS_MAX)
        b = CYLCH_STATS_BINS_MAX;
    return b;
}

void cylch_stats_hist_free(cylch_stats_hist *h)
{
    if (!h)
        return;
    free(h->edges);
    free(h->counts);
    free(h);
}

#define HIST_BINS_LIMIT 100000

int cylch_stats_hist_new(const double *x, size_t n, size_t bins, double *scratch,
                         cylch_stats_hist **out, cylch_error *err)
{
    cylch_stats_hist *h = NULL;
    int rc;

    if (!out)
        return cylch_error_set(err, CYLCH_EINPUT, "histogram: missing output (a NULL pointer)");
    *out = NULL;
    if (!x || (bins == 0 && !scratch))
        return cylch_error_set(err, CYLCH_EINPUT, "histogram: missing data (a NULL pointer)");
    if (n == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "histogram: no draws to count");
    if (bins > HIST_BINS_LIMIT)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "histogram: %zu bins asked for; at most %d are allowed",
                               bins, HIST_BINS_LIMIT);
    rc = check_finite(x, n, "histogram", err);
    if (rc)
        return rc;

    double lo = x[0], hi = x[0];
    for (size_t k = 1; k < n; k++) {
        if (x[k] < lo)
            lo = x[k];
        if (x[k] > hi)
            hi = x[k];
    }
    if (bins == 0) {
        memcpy(scratch, x, n * sizeof *x);
        gsl_sort(scratch, 1, n);
        bins = cylch_stats_bins_auto(scratch, n);
    }

    /* A range too narrow to split into distinct edges (constant data above
     * all) is widened symmetrically so that every bin has a positive width. */
    double scale = fmax(fabs(lo), fabs(hi));
    if (!(hi - lo > 8.0 * DBL_EPSILON * (double)bins * scale)) {
        double c = 0.5 * (lo + hi);
        double w = c != 0.0 ? 0.01 * fabs(c) : 0.5;
        lo = c - w;
        hi = c + w;
    }

    h = calloc(1, sizeof *h);
    if (!h)
        goto nomem;
    h->bins = bins;
    h->n = n;
    h->edges = malloc((bins + 1) * sizeof *h->edges);
    h->counts = calloc(bins, sizeof *h->counts);
    if (!h->edges || !h->counts)
        goto nomem;

    double width = (hi - lo) / (double)bins;
    for (size_t b = 0; b < bins; b++)
        h->edges[b] = lo + (double)b * width;
    h->edges[bins] = hi;

    for (size_t k = 0; k < n; k++) {
        double t = (x[k] - lo) / width;
        size_t b = t < (double)bins ? (size_t)t : bins - 1;
        /* The division may round across an edge: settle on the stored edges. */
        while (b > 0 && x[k] < h->edges[b])
            b--;
        while (b + 1 < bins && x[k] >= h->edges[b + 1])
            b++;
        h->counts[b]++;
    }
    *out = h;
    return CYLCH_OK;

nomem:
    cylch_stats_hist_free(h);
    return cylch_error_set(err, CYLCH_ENOMEM, "histogram: out of memory for %zu bins", bins);
}

/* ---- convergence ---- */

int cylch_stats_running(const double *x, size_t n, const size_t *checkpoints,
                        size_t ncheck, double *mean, double *lo, double *hi,
                        cylch_error *err)
{
    if (ncheck == 0)
        return CYLCH_OK;
    if (!x || !checkpoints || !mean)
        return cylch_error_set(err, CYLCH_EINPUT, "running mean: missing data (a NULL pointer)");
    for (size_t c = 0; c < ncheck; c++) {
        if (checkpoints[c] == 0 || checkpoints[c] > n
            || (c > 0 && checkpoints[c] <= checkpoints[c - 1]))
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "running mean: checkpoint %zu (%zu draws) must be between 1 "
                                   "and %zu and above the one before it",
                                   c + 1, checkpoints[c], n);
    }
    size_t last = checkpoints[ncheck - 1];
    int rc = check_finite(x, last, "running mean", err);
    if (rc)
        return rc;

    /* Welford: m_k = m_{k-1} + (x_k - m_{k-1}) / k,
     *          M2_k = M2_{k-1} + (x_k - m_{k-1}) (x_k - m_k). */
    double m = 0.0, m2 = 0.0;
    size_t c = 0;
    for (size_t k = 1; k <= last; k++) {
        double d = x[k - 1] - m;
        m += d / (double)k;
        m2 += d * (x[k - 1] - m);
        if (k == checkpoints[c]) {
            double sd = k > 1 ? sqrt(m2 / (double)(k - 1)) : 0.0;
            double half = 1.96 * sd / sqrt((double)k);
            mean[c] = m;
            if (lo)
                lo[c] = m - half;
            if (hi)
                hi[c] = m + half;
            c++;
        }
    }
    return CYLCH_OK;
}

size_t cylch_stats_checkpoints(size_t n, size_t max_points, size_t *out)
{
    if (n == 0 || max_points == 0 || !out)
        return 0;
    size_t first = n < 10 ? n : 10;
    if (max_points == 1 || first == n) {
        out[0] = n;
        return 1;
    }
    size_t count = 0;
    double ratio = log((double)n / (double)first);
    for (size_t t = 0; t < max_points; t++) {
        double v = (double)first * exp(ratio * (double)t / (double)(max_points - 1));
        size_t k = (size_t)llround(v);
        if (k < first)
            k = first;
        if (k > n || t == max_points - 1)
            k = n;
        if (count == 0 || k > out[count - 1])
            out[count++] = k;
    }
    return count;
}

/* ---- rank correlation ---- */

static int is_constant(const double *x, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        if (x[k] != x[0])
            return 0;
    }
    return 1;
}

int cylch_stats_spearman(const double *x, const double *y, size_t n,
                         double *work, double *rho, cylch_error *err)
{
    if (!rho)
        return cylch_error_set(err, CYLCH_EINPUT, "rank correlation: missing output (a NULL pointer)");
    *rho = 0.0;
    if (n < 2)
        return CYLCH_OK;
    if (!x || !y || !work)
        return cylch_error_set(err, CYLCH_EINPUT, "rank correlation: missing data (a NULL pointer)");
    int rc = check_finite(x, n, "rank correlation (first quantity)", err);
    if (!rc)
        rc = check_finite(y, n, "rank correlation (second quantity)", err);
    if (rc)
        return rc;
    /* Constant data have no ranking; GSL would divide 0 by 0. */
    if (is_constant(x, n) || is_constant(y, n))
        return CYLCH_OK;

    double r = gsl_stats_spearman(x, 1, y, 1, n, work);
    if (!isfinite(r))
        return cylch_error_set(err, CYLCH_EINTERNAL,
                               "rank correlation: GSL returned a value that is not a number");
    if (r > 1.0)
        r = 1.0;
    if (r < -1.0)
        r = -1.0;
    *rho = r;
    return CYLCH_OK;
}
