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
 *   beta(mean=m,sd=s)              method of moments; needs s^2 < m(1-m)
 * and, centred on each member's reported value c (only in [uncertainty]):
 *   beta(sd=s)                     beta with mean c and sd s
 *   normal(sd=s)                   normal with mean c and sd s
 *   normal(rel=q)                  normal with mean c and sd q*c
 *   lognormal(rel=q)               lognormal with mean c and sd q*c
 *   uniform(rel=q)                 uniform on [c(1-q), c(1+q)]
 *   triangular(rel=q)              triangular on [c(1-q), c(1+q)] with mode c
 * Sampling uses GSL's distributions with any gsl_rng.
 */
#ifndef CYLCH_DIST_H
#define CYLCH_DIST_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "cylch/error.h"

typedef enum cylch_dist_kind {
    CYLCH_DIST_FIXED = 0,
    CYLCH_DIST_UNIFORM,
    CYLCH_DIST_TRIANGULAR,
    CYLCH_DIST_PERT,
    CYLCH_DIST_NORMAL,
    CYLCH_DIST_LOGNORMAL,
    CYLCH_DIST_BETA,
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
    double p[3];      /* the parameters as written, in the order written */
} cylch_dist;

/* Parse text into d. centred: 1 where the centred forms are allowed
 * ([uncertainty]), 0 elsewhere. On error returns CYLCH_EINPUT with a message
 * saying why, without file or line (the caller adds them), e.g.
 * "triangular(5,1,3): min 5 is above max 3". */
int cylch_dist_parse(const char *text, int centred, cylch_dist *d, cylch_error *err);

/* 1 if d is centred on a reported value. */
int cylch_dist_is_centred(const cylch_dist *d);

/* 1 if d is a fixed number (no uncertainty). */
int cylch_dist_is_fixed(const cylch_dist *d);

/* Check that d can be sampled for a quantity of the given range, centred on
 * c (ignored unless centred). An impossible distribution is CYLCH_EINPUT with
 * the reason: a beta whose sd is too large for its mean, a share distribution
 * reaching outside 0-1, a negative-money distribution. */
int cylch_dist_check(const cylch_dist *d, cylch_dist_range range, double c, cylch_error *err);

/* One sample. c is the reported value for centred forms (ignored otherwise).
 * Precondition: cylch_dist_check succeeded. Never allocates. */
double cylch_dist_sample(const cylch_dist *d, double c, const gsl_rng *r);

/* The value used for the point estimate: the fixed number, c for centred
 * forms, otherwise the distribution's mean (the mode for triangular and pert,
 * which users write as their best guess). */
double cylch_dist_point(const cylch_dist *d, double c);

/* Analytic mean, variance, and quantile (0 < p < 1). */
double cylch_dist_mean(const cylch_dist *d, double c);
double cylch_dist_var(const cylch_dist *d, double c);
double cylch_dist_quantile(const cylch_dist *d, double c, double p);

/* Write d back as text (as it would be written in a scenario) into buf. */
void cylch_dist_format(const cylch_dist *d, char *buf, size_t len);

#endif /* CYLCH_DIST_H */
