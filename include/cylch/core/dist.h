/* cylch — probability distributions of uncertain inputs (DESIGN.md §4).
 *
 * Text forms, as written in scenario files:
 *   a plain number                 fixed
 *   uniform(a,b)                   a <= b
 *   triangular(min,mode,max)       min <= mode <= max, min < max
 *   pert(min,mode,max)             Beta-PERT, shape 4 (Vose 2008)
 *   normal(mean,sd)                sd >= 0
 *   lognormal(mean,sd)             mean and sd of the variable itself (not of its log), mean > 0
 *   beta(a,b)                      a, b > 0, on [0, 1]
 *   beta(mean=m,sd=s)              method of moments; needs 0 < m < 1, 0 < s, s^2 < m(1-m)
 *   normal(mean=m,sd=s), lognormal(mean=m,sd=s)   the same as normal(m,s), lognormal(m,s)
 * and, centred on each member's reported value c (only in [uncertainty]):
 *   beta(sd=s)                     beta with mean c and sd s; needs 0 < c < 1, s^2 < c(1-c)
 *   normal(sd=s)                   normal with mean c and sd s
 *   normal(rel=q)                  normal with mean c and sd q|c|
 *   lognormal(rel=q)               lognormal with mean c and sd q*c; needs c >= 0 (c = 0 gives 0)
 *   uniform(rel=q)                 uniform on [c - q|c|, c + q|c|]
 *   triangular(rel=q)              triangular on [c - q|c|, c + q|c|] with mode c
 * Spreads (sd, rel) must not be negative; a zero spread gives the value itself
 * (except in a beta, whose sd must be above 0).
 * sd is in the units of the quantity; rel is a fraction (0.1 = 10%).
 * Sampling uses GSL's distributions with any gsl_rng.
 */
#ifndef CYLCH_DIST_H
#define CYLCH_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "cylch/io/error.h"

typedef enum cylch_dist_kind {
    CYLCH_DIST_FIXED = 0,
    CYLCH_DIST_UNIFORM,
    CYLCH_DIST_TRIANGULAR,
    CYLCH_DIST_PERT,
    CYLCH_DIST_NORMAL,
    CYLCH_DIST_LOGNORMAL,
    CYLCH_DIST_BETA,
    CYLCH_DIST_BETA_MEAN_SD,   /* beta(mean=m,sd=s): p = {m, s} */
    /* centred on a reported value c, given at sampling time */
    CYLCH_DIST_BETA_SD,
    CYLCH_DIST_NORMAL_SD,
    CYLCH_DIST_NORMAL_REL,
    CYLCH_DIST_LOGNORMAL_REL,
    CYLCH_DIST_UNIFORM_REL,
    CYLCH_DIST_TRIANGULAR_REL
} cylch_dist_kind;

/* The range a quantity may take: shares live in [0, 1], money and counts in [0, inf). */
typedef enum cylch_dist_range {
    CYLCH_RANGE_ANY = 0,
    CYLCH_RANGE_NONNEG,
    CYLCH_RANGE_SHARE
} cylch_dist_range;

typedef struct cylch_dist {
    cylch_dist_kind kind;
    double p[3];      /* the parameters as written, in the order written
                         (named ones as mean, sd; unused ones 0) */
} cylch_dist;

/* The range rule: a distribution on a share, or on a quantity that cannot be
 * negative, may put at most this fraction of its draws outside the range
 * (1 in a million). Only normal and lognormal forms have such tails; bounded
 * forms (uniform, triangular, pert, rel forms of them) must lie inside. */
#define CYLCH_DIST_TAIL_MAX 1e-6

/* Enough room for cylch_dist_format's text of any distribution. */
#define CYLCH_DIST_TEXT_MAX 128

/* Parse text into d. centred: 1 where the centred forms are allowed
 * ([uncertainty]), 0 elsewhere. Blanks are allowed around names, numbers,
 * brackets, commas and '='; names are not case-sensitive; numbers are
 * strict (cylch_parse_double). normal and lognormal also accept
 * (mean=m,sd=s). Parameters are checked here (order of min, mode, max; sd
 * not negative; a beta's sd small enough for its mean; ...), but not the
 * range of the quantity: see cylch_dist_check. Returns CYLCH_OK, or
 * CYLCH_EINPUT with a message saying why, without file or line (the caller
 * adds them), e.g. "triangular(5,1,3): min 5 is above max 3"; d is then
 * unchanged. */
int cylch_dist_parse(const char *text, int centred, cylch_dist *d, cylch_error *err);

/* 1 if d is centred on a reported value. */
int cylch_dist_is_centred(const cylch_dist *d);

/* 1 if d is a fixed number (no uncertainty). */
int cylch_dist_is_fixed(const cylch_dist *d);

/* Check that d can be sampled for a quantity of the given range, centred on
 * c (ignored unless centred). An impossible distribution is CYLCH_EINPUT with
 * the reason: a beta whose sd is too large for its mean, a beta(sd=...)
 * centred on 0 or 1, a lognormal(rel=...) centred on a negative value, a
 * share distribution reaching outside 0-1 (suggesting a beta with the same
 * mean and sd), a distribution of a quantity that cannot be negative reaching
 * below 0 (suggesting a lognormal). Normal and lognormal tails count as
 * reaching outside when more than CYLCH_DIST_TAIL_MAX of the draws would.
 * A lognormal(rel=q) centred on 0 is the number 0. */
int cylch_dist_check(const cylch_dist *d, cylch_dist_range range, double c, cylch_error *err);

/* One sample. c is the reported value for centred forms (ignored otherwise).
 * Precondition: cylch_dist_check succeeded (otherwise NaN may be returned).
 * Never allocates. Fixed values and zero-width forms use no random numbers.
 * Methods: gsl_ran_flat; triangular by the inverse CDF of one uniform;
 * pert = min + (max - min) Beta(1 + 4(mode - min)/(max - min),
 * 1 + 4(max - mode)/(max - min)) with gsl_ran_beta; mean + gsl_ran_gaussian;
 * gsl_ran_lognormal(zeta, sigma) with sigma^2 = ln(1 + sd^2/mean^2),
 * zeta = ln(mean) - sigma^2/2; beta(mean=m,sd=s) is Beta(m k, (1 - m) k)
 * with k = m(1 - m)/s^2 - 1. */
double cylch_dist_sample(const cylch_dist *d, double c, const gsl_rng *r);

/* As cylch_dist_sample, but a draw outside the range (possible only in a
 * normal or lognormal tail that cylch_dist_check let through, at most
 * CYLCH_DIST_TAIL_MAX of them) is drawn again, so the value always lies in
 * the range: the distribution truncated to the range. After 1000 misses
 * (only when the precondition is broken) the value is clamped. */
double cylch_dist_sample_in(const cylch_dist *d, cylch_dist_range range, double c,
                            const gsl_rng *r);

/* The value used for the point estimate: the fixed number, c for centred
 * forms, otherwise the distribution's mean (the mode for triangular and pert,
 * which users write as their best guess). */
double cylch_dist_point(const cylch_dist *d, double c);

/* Analytic mean, variance (units squared), and quantile: the value x with
 * P(X <= x) = p, 0 <= p <= 1 (p = 0 and 1 give the ends, infinite for normal
 * tails); NaN for p outside [0, 1] or an impossible centred form. Triangular
 * quantiles in closed form, pert by gsl_cdf_beta_Pinv, the others by
 * gsl_cdf_*_Pinv. */
double cylch_dist_mean(const cylch_dist *d, double c);
double cylch_dist_var(const cylch_dist *d, double c);
double cylch_dist_quantile(const cylch_dist *d, double c, double p);

/* Write d back as text (as it would be written in a scenario) into buf of
 * len bytes (CYLCH_DIST_TEXT_MAX is always enough; longer text is cut), with
 * no blanks and each number in the fewest digits (up to 17) that parse back
 * to the same double, so that cylch_dist_parse gives d again. */
void cylch_dist_format(const cylch_dist *d, char *buf, size_t len);

#endif /* CYLCH_DIST_H */
