/* cylch — probability distributions of uncertain inputs (DESIGN.md §4).
 *
 * Text forms, as written in scenario files:
 *   a plain number                 fixed
 *   uniform(a,b)                   a <= b
 *   triangular(min,mode,max)       min <= mode <= max, min < max
 *   pert(min,mode,max)             Beta-PERT, shape 4 (Vose 2008)
 *   normal(mean,sd)                sd >= 0
 *   lognormal(mean,sd)             mean and sd of the variable itself (not of its log), mean > 0
 *   beta(a,b)                      a, b > 0, on [0, 1]; two numbers that also read as a mean
 *                                  and an sd with both below 1 (beta(0.53,0.05)) are refused
 *                                  with "did you mean beta(mean=0.53,sd=0.05)?"; by name,
 *                                  beta(a=0.53,b=0.05), they are taken as shapes
 *   beta(mean=m,sd=s)              method of moments; needs 0 < m < 1, 0 < s, s^2 < m(1-m)
 *   normal(mean=m,sd=s), lognormal(mean=m,sd=s)   the same as normal(m,s), lognormal(m,s)
 * and, centred on each member's reported value c (only in [uncertainty]):
 *   beta(sd=s)                     beta with mean c and sd s (DESIGN §8.7): the sd is capped
 *                                  so that both shapes are >= 1 (cylch_dist_sd_capped), and a
 *                                  reported 0 or 1 is fixed there (not refused)
 *   normal(sd=s)                   normal with mean c and sd s
 *   normal(rel=q)                  normal with mean c and sd q|c|
 *   lognormal(rel=q)               lognormal with mean c and sd q*c; needs c >= 0 (c = 0 gives 0)
 *   uniform(rel=q)                 uniform on [c - q|c|, c + q|c|]
 *   triangular(rel=q)              triangular on [c - q|c|, c + q|c|] with mode c
 * Spreads (sd, rel) must not be negative; a zero spread gives the value itself
 * (except in a beta, whose sd must be above 0).
 * sd is in the units of the quantity; rel is a fraction (0.1 = 10%).
 * Sampling is by inverse CDF from one uniform per variate (DESIGN §8.5), so a
 * small change of a parameter moves each draw a little (monotone coupling).
 */
#ifndef CYLCH_DIST_H
#define CYLCH_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "cylch/io/error.h"
#include "cylch/core/quantile.h"

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

/* The sd actually used by beta(sd=s) around c when s is above the largest sd
 * whose beta shapes are both >= 1, sqrt(c(1-c) / (1 + max(1/c, 1/(1-c))));
 * NaN when d is not capped there (the caller writes the note). */
double cylch_dist_sd_capped(const cylch_dist *d, double c);

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

/* One sample: the quantile (cylch_dist_quantile) of one uniform u in (0, 1)
 * taken from r (gsl_rng_uniform(r) + 2^-54). c is the reported value for
 * centred forms (ignored otherwise). Precondition: cylch_dist_check
 * succeeded (otherwise NaN may be returned). Never allocates. Fixed values
 * and zero-width forms use no random numbers. */
double cylch_dist_sample(const cylch_dist *d, double c, const gsl_rng *r);

/* As cylch_dist_sample, but from the distribution truncated to the range
 * (only normal and lognormal tails can reach outside it, at most
 * CYLCH_DIST_TAIL_MAX of them once cylch_dist_check let d through): the
 * quantile of F(lo) + u (F(hi) − F(lo)), still one uniform, still monotone
 * in u. When nothing of the distribution lies in the range (the
 * precondition broken) its centre clamped to the range is returned. */
double cylch_dist_sample_in(const cylch_dist *d, cylch_dist_range range, double c,
                            const gsl_rng *r);

/* A sampler prepared for one parameter: d centred on c, truncated to range.
 * cylch_dist_sampler_quantile(s, u) is the quantile of u in (0, 1), fast and
 * allocation-free, for the Monte Carlo draw loop:
 *   uniform, triangular: closed forms;
 *   beta, pert, normal, lognormal: a table of the quantile (cylch_qtable,
 *   cylch/core/quantile.h: quintic Hermite cells on binades of u and of 1 − u,
 *   built to 1e-12 relative to max(scale, |x|), scale 1 for the unit beta and
 *   normal and the mean for a lognormal); where the table leaves a part out (u
 *   or 1 − u below 2^-17, a singular density) the exact quantile is computed
 *   per draw: GSL's gsl_cdf_ugaussian_Pinv (Wichura's AS 241) for normal and
 *   lognormal, the exact beta quantile for beta and pert. Truncated normal and
 *   lognormal as in cylch_dist_sample_in.
 * The exact beta quantile is Newton's method on the regularised incomplete
 * beta (gsl_sf_beta_inc) inside a shrinking bracket with bisection on the
 * doubles, at most 200 steps: it ends for every accepted parameter.
 * init checks d as cylch_dist_check (errors the same) and builds the table;
 * prepare does the same without the table, which tabulate then builds (once:
 * a second call does nothing; the Monte Carlo builds its parameters' tables
 * in parallel); until then quantiles are exact. Errors of tabulate:
 * CYLCH_ENOMEM. clear frees the table (and accepts a zeroed sampler). */
typedef struct cylch_dist_sampler {
    int shape;          /* private: the concrete shape */
    double x[4];        /* its parameters */
    double lo, hi;      /* the range */
    double ulo, uhi;    /* F(lo), F(hi) for truncated normal and lognormal */
    int tabulated;      /* tabulate has run */
    int shared;         /* qt is another sampler's (cylch_dist_sampler_share) */
    cylch_qtable qt;    /* the unit quantile (beta on [0, 1], standard normal,
                           the lognormal itself); empty: exact per draw */
} cylch_dist_sampler;

int cylch_dist_sampler_init(cylch_dist_sampler *s, const cylch_dist *d, cylch_dist_range range,
                            double c, cylch_error *err);
int cylch_dist_sampler_prepare(cylch_dist_sampler *s, const cylch_dist *d, cylch_dist_range range,
                               double c, cylch_error *err);
int cylch_dist_sampler_tabulate(cylch_dist_sampler *s, cylch_error *err);
void cylch_dist_sampler_clear(cylch_dist_sampler *s);
/* A total order on the tables samplers build: 0 when a and b tabulate the same
 * function (the same unit beta, the standard normal, the same lognormal), so
 * that one table can serve both; samplers without a table compare unequal to
 * every other one. */
int cylch_dist_sampler_table_cmp(const cylch_dist_sampler *a, const cylch_dist_sampler *b);
/* s uses the table of from (tabulated, and table_cmp 0 with s), which must stay
 * valid while s is used; clearing s leaves it alone. */
void cylch_dist_sampler_share(cylch_dist_sampler *s, const cylch_dist_sampler *from);
double cylch_dist_sampler_quantile(const cylch_dist_sampler *s, double u);
/* The quantiles of four uniforms in two steps, for the draw loop: find4 finds
 * the table cells of u[0..3] and asks for them from memory; finish4 then
 * gives, in out[0..3], the same doubles as cylch_dist_sampler_quantile. Work
 * done between the two (the other parameters' look-ups) overlaps the wait for
 * the cells, which are mostly not in the first-level cache. */
typedef struct cylch_dist_pending4 {
    const double *cell[4];   /* private */
    double s[4], u[4];
} cylch_dist_pending4;
void cylch_dist_sampler_find4(const cylch_dist_sampler *s, const double u[4], cylch_dist_pending4 *p);
void cylch_dist_sampler_finish4(const cylch_dist_sampler *s, const cylch_dist_pending4 *p, double out[4]);

/* The standard normal CDF Φ(z) (from the C library's erfc: relative error a
 * few ulp in the lower tail), clamped to [2^-60, 1 − 2^-53] so that it is a
 * usable uniform for cylch_dist_sampler_quantile. */
double cylch_dist_phi(double z);

/* cylch_dist_sampler_quantile(s, Φ(z)): the value at normal score z (a Gaussian
 * copula's output). An untruncated normal or lognormal is μ + σz or exp(μ + σz)
 * in closed form (no Φ, no table); other shapes go through cylch_dist_phi. */
double cylch_dist_sampler_at_z(const cylch_dist_sampler *s, double z);
/* 1 when cylch_dist_sampler_at_z is in closed form for s (it then needs no table). */
int cylch_dist_sampler_closed_at_z(const cylch_dist_sampler *s);

/* The value used for the point estimate: the fixed number, c for centred
 * forms, otherwise the distribution's mean (the mode for triangular and pert,
 * which users write as their best guess). */
double cylch_dist_point(const cylch_dist *d, double c);

/* Analytic mean, variance (units squared), and quantile: the value x with
 * P(X <= x) = p, 0 <= p <= 1 (p = 0 and 1 give the ends, infinite for normal
 * tails); NaN for p outside [0, 1] or an impossible centred form. Triangular
 * quantiles in closed form, beta and pert by the bounded exact inversion
 * described above, the others by gsl_cdf_*_Pinv. */
double cylch_dist_mean(const cylch_dist *d, double c);
double cylch_dist_var(const cylch_dist *d, double c);
double cylch_dist_quantile(const cylch_dist *d, double c, double p);

/* Write d back as text (as it would be written in a scenario) into buf of
 * len bytes (CYLCH_DIST_TEXT_MAX is always enough; longer text is cut), with
 * no blanks and each number in the fewest digits (up to 17) that parse back
 * to the same double, so that cylch_dist_parse gives d again. */
void cylch_dist_format(const cylch_dist *d, char *buf, size_t len);

#endif /* CYLCH_DIST_H */
