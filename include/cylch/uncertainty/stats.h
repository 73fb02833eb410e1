/* cylch — summary statistics of Monte Carlo draws (DESIGN.md §5–§6).
 *
 * Every function here takes the kept per-draw values of one quantity as a
 * double array in draw order and is serial: sums run in draw order, so the
 * results depend on the values alone, never on how many threads made them.
 * Percentiles are found by selection (no full sort) in a caller-provided
 * scratch buffer; only the histogram (an object the caller keeps) allocates.
 *
 * Percentiles, everywhere in cylch: the linear interpolation between order
 * statistics of GSL's gsl_stats_quantile_from_sorted_data (Hyndman & Fan
 * 1996, definition 7; R's and NumPy's default). For sorted x[0..n-1] and
 * f in [0, 1]: d = (n - 1) f, i = floor(d), q = (1 - (d - i)) x[i] + (d - i) x[i+1].
 * For the values 1..10: p5 = 1.45, p50 = 5.5, p95 = 9.55.
 *
 * Non-finite values are refused (CYLCH_EINPUT naming the draw): the model
 * stops with an error rather than produce a NaN, so one here is a bug.
 */
#ifndef CYLCH_STATS_H
#define CYLCH_STATS_H

#include <stddef.h>
#include "cylch/io/error.h"

/* The summary of one quantity over n draws, as written to summary.json
 * under "mc": {mean, sd, se, p5, p50, p95, min, max}. */
typedef struct cylch_stats_summary {
    size_t n;       /* number of draws */
    double mean;    /* (1/n) sum x_k */
    double sd;      /* sample standard deviation, divisor n - 1 (0 when n = 1) */
    double se;      /* Monte Carlo standard error of the mean, sd / sqrt(n) */
    double p5, p50, p95; /* percentiles, definition above */
    double min, max;
} cylch_stats_summary;

/* Summarise x[0..n-1] (draw order) into s. scratch: caller-owned, at least
 * n doubles; it receives a copy of x rearranged by the percentile selection
 * (not sorted). Mean from the sum in draw order (four interleaved partial
 * sums, k mod 4, added in a fixed order) and sd by a second pass about it;
 * constant data give mean = the constant and sd = 0 exactly. Percentiles by selection (cylch_stats_quantiles_select), in O(n):
 * the same doubles as from a full sort. Never allocates.
 * Errors: CYLCH_EINPUT if n = 0, a pointer is NULL, or a value is NaN/Inf. */
int cylch_stats_summarise(const double *x, size_t n, double *scratch,
                          cylch_stats_summary *s, cylch_error *err);

/* The same, without a copy: x's moments are taken in draw order first, then x
 * itself is rearranged by the selection (its order is lost). */
int cylch_stats_summarise_inplace(double *x, size_t n, cylch_stats_summary *s, cylch_error *err);

/* The f[t]-quantiles (t = 0..nf-1, each f clamped to [0, 1]) of x[0..n-1]
 * under the definition above, into q[t], without sorting: Floyd and Rivest's
 * selection (pivots from a small sample; a sort of the range if it ever stops
 * shrinking) puts order statistic i in place and the next one is the least of
 * those above it. Ascending f reuse the
 * partition already made, so p5, p50 and p95 together cost about two passes.
 * Each q[t] is computed term for term as gsl_stats_quantile_from_sorted_data
 * computes it, so it is the same double a full sort gives. x is rearranged;
 * values must not be NaN. n = 0 gives 0. Never allocates. */
void cylch_stats_quantiles_select(double *x, size_t n, const double *f, size_t nf, double *q);

/* The f-quantile (f in [0, 1], clamped) of sorted[0..n-1] (ascending, n >= 1)
 * under the definition above. */
double cylch_stats_quantile_sorted(const double *sorted, size_t n, double f);

/* ---- histogram ---- */

/* Bin counts for automatic histograms are clamped to this range. */
#define CYLCH_STATS_BINS_MIN 10
#define CYLCH_STATS_BINS_MAX 60

/* A histogram: bins equal-width bins; bin b is [edges[b], edges[b+1]),
 * the last bin also includes its upper edge, so the bins cover
 * [edges[0], edges[bins]] = [min, max] of the data and the counts sum to n.
 * Data whose range is too narrow to split into distinct edges (constant
 * data above all, min = max) get instead the range [c - w, c + w] around
 * c = (min + max) / 2, with w = 0.01 |c| (0.5 when c = 0). */
typedef struct cylch_stats_hist {
    size_t bins;
    size_t n;       /* values counted: the sum of counts */
    double *edges;  /* bins + 1 ascending edges */
    size_t *counts; /* bins counts */
} cylch_stats_hist;

/* Sturges' rule: ceil(log2 n) + 1 bins (1 when n <= 1), not clamped. */
size_t cylch_stats_bins_sturges(size_t n);

/* The Freedman–Diaconis rule on sorted[0..n-1]: bin width
 * h = 2 IQR n^(-1/3) (IQR = p75 - p25), bins = ceil((max - min) / h).
 * Returns 0 when it does not apply (n < 2, IQR = 0 or max = min). Not clamped. */
size_t cylch_stats_bins_fd(const double *sorted, size_t n);

/* The automatic bin count: Freedman–Diaconis, or Sturges where FD does not
 * apply (IQR 0), clamped to CYLCH_STATS_BINS_MIN..CYLCH_STATS_BINS_MAX. */
size_t cylch_stats_bins_auto(const double *sorted, size_t n);

/* Build a histogram of x[0..n-1] (n >= 1). bins: the number of bins, or 0
 * for the automatic count (cylch_stats_bins_auto); at most 100000.
 * scratch: caller-owned, n doubles (used to sort for the automatic count;
 * may be NULL when bins > 0; the quartiles for the automatic count are found
 * in it by selection; it may be x itself, which is then rearranged: the
 * counts do not depend on the order). On success *out is a new histogram that the
 * caller frees with cylch_stats_hist_free. Errors: CYLCH_EINPUT (n = 0,
 * NULL pointers, non-finite values, too many bins), CYLCH_ENOMEM. */
int cylch_stats_hist_new(const double *x, size_t n, size_t bins, double *scratch,
                         cylch_stats_hist **out, cylch_error *err);

/* Free h; accepts NULL. */
void cylch_stats_hist_free(cylch_stats_hist *h);

/* ---- convergence ---- */

/* Running mean with its 95% interval at chosen points, in one pass
 * (Welford 1962): for each checkpoint k (1-based count of draws, strictly
 * increasing, each <= n), mean[c] = (1/k) sum_{j<=k} x_j and
 * lo[c], hi[c] = mean[c] -/+ 1.96 sd_k / sqrt(k), sd_k with divisor k - 1
 * (0 when k = 1). mean, lo, hi: caller-owned arrays of ncheck doubles
 * (lo and hi may be NULL). Never allocates.
 * Errors: CYLCH_EINPUT (bad checkpoints, non-finite values, NULL pointers). */
int cylch_stats_running(const double *x, size_t n, const size_t *checkpoints,
                        size_t ncheck, double *mean, double *lo, double *hi,
                        cylch_error *err);

/* Fill out[0..] with up to max_points checkpoints for n draws, spaced
 * evenly on a log scale from min(n, 10) to n, strictly increasing and ending
 * at n; returns how many were written (0 when n = 0 or max_points = 0). */
size_t cylch_stats_checkpoints(size_t n, size_t max_points, size_t *out);

/* ---- rank correlation ---- */

/* Spearman rank correlation of x[0..n-1] and y[0..n-1]: the Pearson
 * correlation of their ranks, tied values sharing their average rank
 * (gsl_stats_spearman). Result in [-1, 1]; 0 when n < 2 or either array is
 * constant (no ranking to correlate), never NaN. work: caller-owned, 2n
 * doubles. Errors: CYLCH_EINPUT (NULL pointers, non-finite values). */
int cylch_stats_spearman(const double *x, const double *y, size_t n,
                         double *work, double *rho, cylch_error *err);

#endif /* CYLCH_STATS_H */
