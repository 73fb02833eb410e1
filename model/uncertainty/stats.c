/* cylch — summary statistics of Monte Carlo draws: mean, sd, standard error,
 * percentiles, histograms, running means for convergence, and Spearman rank
 * correlation. All sums run in draw order (see include/cylch/stats.h). */
#include "cylch/uncertainty/stats.h"
#include "cylch/io/lang.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
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
                                   _(what), k + 1, n);
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

/* ---- selection ---- */

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Move the k-th smallest of x[left..right] (inclusive) to x[k], smaller ones before it
 * and larger ones after: Floyd and Rivest's SELECT (Comm. ACM 18(3), 1975, Algorithm
 * 489). On a long range it first selects within a small sample around where the k-th
 * should fall, so that the pivot x[k] lands close to it and one partition pass leaves
 * little to do: about n + min(k, n - k) comparisons. Ties stop both scans, so runs of
 * equal values split evenly. If the range stops shrinking (never seen on real data)
 * after 2 log2(n) + 8 rounds it is sorted instead: O(n log n) at worst. */
static void select_kth(double *x, ptrdiff_t left, ptrdiff_t right, ptrdiff_t k)
{
    size_t budget = 8;
    for (ptrdiff_t m = right - left + 1; m > 1; m >>= 1)
        budget += 2;
    while (right > left) {
        if (budget-- == 0) {
            gsl_sort(x + left, 1, (size_t)(right - left + 1));
            return;
        }
        if (right - left > 600) {
            const double n = (double)(right - left + 1), i = (double)(k - left + 1);
            const double z = log(n), sz = 0.5 * exp(2.0 * z / 3.0);
            const double half = i - floor(n / 2.0);
            const double sd = 0.5 * sqrt(z * sz * (n - sz) / n) * (half < 0 ? -1.0 : half > 0 ? 1.0 : 0.0);
            ptrdiff_t nl = (ptrdiff_t)((double)k - i * sz / n + sd);
            ptrdiff_t nr = (ptrdiff_t)((double)k + (n - i) * sz / n + sd);
            select_kth(x, nl > left ? nl : left, nr < right ? nr : right, k);
        }
        const double t = x[k];
        ptrdiff_t i = left, j = right;
        swap(&x[left], &x[k]);
        if (x[right] > t)
            swap(&x[right], &x[left]);
        while (i < j) {
            swap(&x[i], &x[j]);
            i++;
            j--;
            while (x[i] < t)
                i++;
            while (x[j] > t)
                j--;
        }
        if (x[left] == t) {
            swap(&x[left], &x[j]);
        } else {
            j++;
            swap(&x[j], &x[right]);
        }
        if (j <= k)
            left = j + 1;
        if (k <= j)
            right = j - 1;
    }
}

void cylch_stats_quantiles_select(double *x, size_t n, const double *f, size_t nf, double *q)
{
    size_t from = 0;
    for (size_t t = 0; t < nf; t++) {
        double ft = f[t];
        if (n == 0) {
            q[t] = 0.0;
            continue;
        }
        if (!(ft > 0.0))
            ft = 0.0;
        if (ft > 1.0)
            ft = 1.0;
        /* As gsl_stats_quantile_from_sorted_data, term for term, so the result is
         * the same double the full sort gives. */
        const double index = ft * (double)(n - 1);
        const size_t lhs = (size_t)index;
        const double delta = index - (double)lhs;
        /* Earlier quantiles left x[0..from) at or below x[from - 1]: select above them. */
        size_t lo = lhs >= from ? from : 0;
        select_kth(x, (ptrdiff_t)lo, (ptrdiff_t)n - 1, (ptrdiff_t)lhs);
        if (lhs == n - 1) {
            q[t] = x[lhs];
        } else {
            /* The next order statistic is the smallest of the part above lhs. */
            double next = x[lhs + 1];
            for (size_t k = lhs + 2; k < n; k++)
                if (x[k] < next)
                    next = x[k];
            q[t] = (1 - delta) * x[lhs] + delta * next;
        }
        from = lhs + 1;
    }
}

/* min, max, mean and sd of x into s, in one pass for min, max and the sum and one
 * about the mean. The sums keep four partial sums, x[k] going to sum k mod 4, added
 * at the end in a fixed order: the result depends on the values and their draw order
 * alone, and the four independent chains run four times faster than one. */
static void moments(const double *x, size_t n, cylch_stats_summary *s)
{
    double lo = x[0], hi = x[0], sum[4] = {0, 0, 0, 0};
    size_t k = 0;
    memset(s, 0, sizeof *s);
    for (; k + 4 <= n; k += 4) {
        for (int l = 0; l < 4; l++) {
            const double v = x[k + (size_t)l];
            sum[l] += v;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    }
    for (; k < n; k++) {
        sum[k % 4] += x[k];
        lo = x[k] < lo ? x[k] : lo;
        hi = x[k] > hi ? x[k] : hi;
    }
    s->n = n;
    s->min = lo;
    s->max = hi;
    if (n > 1 && lo < hi) {
        double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / (double)n;
        double ss[4] = {0, 0, 0, 0};
        /* Rounding cannot put the mean outside the data. */
        mean = mean < lo ? lo : mean > hi ? hi : mean;
        for (k = 0; k + 4 <= n; k += 4)
            for (int l = 0; l < 4; l++) {
                const double d = x[k + (size_t)l] - mean;
                ss[l] += d * d;
            }
        for (; k < n; k++) {
            const double d = x[k] - mean;
            ss[k % 4] += d * d;
        }
        s->mean = mean;
        s->sd = sqrt(((ss[0] + ss[1]) + (ss[2] + ss[3])) / (double)(n - 1));
    } else {
        /* Constant data: the constant and no spread, exactly. */
        s->mean = lo;
        s->sd = 0.0;
    }
    s->se = s->sd / sqrt((double)n);
}

static void percentiles(double *work, size_t n, cylch_stats_summary *s)
{
    static const double f[3] = {0.05, 0.50, 0.95};
    double q[3];
    cylch_stats_quantiles_select(work, n, f, 3, q);
    s->p5 = q[0];
    s->p50 = q[1];
    s->p95 = q[2];
}

int cylch_stats_summarise(const double *x, size_t n, double *scratch,
                          cylch_stats_summary *s, cylch_error *err)
{
    if (!x || !scratch || !s)
        return cylch_error_set(err, CYLCH_EINPUT, "statistics: missing data (a NULL pointer)");
    /* The same numbers in the same order: the same moments, and x is left as it was. */
    if (n > 0)
        memcpy(scratch, x, n * sizeof *x);
    return cylch_stats_summarise_inplace(scratch, n, s, err);
}

int cylch_stats_summarise_inplace(double *x, size_t n, cylch_stats_summary *s, cylch_error *err)
{
    if (!x || !s)
        return cylch_error_set(err, CYLCH_EINPUT, "statistics: missing data (a NULL pointer)");
    if (n == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "statistics: no draws to summarise");
    int rc = check_finite(x, n, N_("statistics"), err);
    if (rc)
        return rc;
    moments(x, n, s);
    percentiles(x, n, s);
    return CYLCH_OK;
}

/* ---- histogram ---- */

size_t cylch_stats_bins_sturges(size_t n)
{
    if (n <= 1)
        return 1;
    return (size_t)ceil(log2((double)n)) + 1;
}

/* Freedman–Diaconis from the range, the IQR and n (0 when it does not apply). */
static size_t bins_fd(double range, double iqr, size_t n)
{
    if (!(iqr > 0.0) || !(range > 0.0))
        return 0;
    double h = 2.0 * iqr / cbrt((double)n);
    double b = ceil(range / h);
    /* A huge ratio means a few far outliers; the caller clamps anyway. */
    if (!(b < 1e9))
        return 1000000000;
    return b < 1.0 ? 1 : (size_t)b;
}

static size_t clamp_bins(size_t b, size_t n)
{
    if (b == 0)
        b = cylch_stats_bins_sturges(n);
    if (b < CYLCH_STATS_BINS_MIN)
        b = CYLCH_STATS_BINS_MIN;
    if (b > CYLCH_STATS_BINS_MAX)
        b = CYLCH_STATS_BINS_MAX;
    return b;
}

size_t cylch_stats_bins_fd(const double *sorted, size_t n)
{
    if (!sorted || n < 2)
        return 0;
    return bins_fd(sorted[n - 1] - sorted[0],
                   cylch_stats_quantile_sorted(sorted, n, 0.75) -
                   cylch_stats_quantile_sorted(sorted, n, 0.25), n);
}

size_t cylch_stats_bins_auto(const double *sorted, size_t n)
{
    return clamp_bins(cylch_stats_bins_fd(sorted, n), n);
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
    rc = check_finite(x, n, N_("histogram"), err);
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
        /* The quartiles by selection in the scratch copy: the same as from a full sort. */
        static const double f[2] = {0.25, 0.75};
        double q[2];
        if (scratch != x)
            memcpy(scratch, x, n * sizeof *x);
        cylch_stats_quantiles_select(scratch, n, f, 2, q);
        bins = clamp_bins(n < 2 ? 0 : bins_fd(hi - lo, q[1] - q[0], n), n);
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
    int rc = check_finite(x, last, N_("running mean"), err);
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
    int rc = check_finite(x, n, N_("rank correlation (first quantity)"), err);
    if (!rc)
        rc = check_finite(y, n, N_("rank correlation (second quantity)"), err);
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
