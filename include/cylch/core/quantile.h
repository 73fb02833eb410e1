/* cylch — fast inverse CDFs: a distribution's quantile function tabulated once
 * and evaluated per draw by a table look-up and one polynomial (DESIGN §8.5).
 *
 * Any continuous distribution whose exact quantile and density can be
 * computed can be tabulated (beta, pert, normal and lognormal in dist.c; a
 * gamma or any other the same way). The grid is nonuniform, made for the
 * tails: u in (0, 1/2] is split into binades [2^-(j+1), 2^-j), j = 1 ..
 * CYLCH_QTABLE_BINADES (u = 1/2 joins the first), and 1 − u in the same way
 * for u above 1/2, so that the upper tail is tabulated in the upper tail
 * probability (exact in doubles for u >= 1/2) and keeps its precision. Each
 * binade is cut into 2^k equal cells (k = 2 .. 9, the fewest found that
 * meet the tolerance); on each cell the quantile is the quintic Hermite polynomial
 * through the exact quantile and its first two derivatives (1/f and
 * −f'/f³) at both ends. A binade is accepted when the midpoint of every cell
 * is within CYLCH_QTABLE_TOL × max(scale, |Q|) of the exact quantile; one that
 * no 512 cells fit (an infinite density, a U-shaped beta's ends) is left to the
 * exact quantile, as is u below 2^-(CYLCH_QTABLE_BINADES+1) (about 1 draw in
 * 130,000 on each side). The interpolation error is then below 1e-10 of
 * max(scale, |Q|) everywhere (tests/test_quantile.c checks it against GSL's
 * gsl_cdf_*_Pinv over a million uniforms and every binade of both tails).
 *
 * The look-up uses the bits of u (no logarithm, no division): binade from the
 * exponent, cell and position in it from the mantissa. The table keeps each
 * cell's six polynomial coefficients (computed once from its two end nodes as
 * cylch_qtable_cell computes them, so the value is the same double): a look-up
 * reads the same 48 bytes as two nodes would and does no arithmetic beyond
 * Horner's rule.
 */
#ifndef CYLCH_QUANTILE_H
#define CYLCH_QUANTILE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cylch/io/error.h"

/* Binades tabulated on each side: u (and 1 − u) from 2^-17 up. */
#define CYLCH_QTABLE_BINADES 16
/* The build's accuracy criterion, relative to max(scale, |Q|). */
#define CYLCH_QTABLE_TOL 1e-11

/* What a table needs to know about a distribution. */
typedef struct cylch_qfun {
    /* The exact quantile x with P(X <= x) = p (upper 0) or P(X > x) = p
     * (upper 1), for p in (0, 1/2]; guess is a nearby value (or NaN) that an
     * iterative inversion may start from. NaN when it cannot be computed. */
    double (*quantile)(const void *ctx, double p, int upper, double guess);
    /* The density f(x) > 0 and d log f / dx at x inside the support. */
    void (*density)(const void *ctx, double x, double *f, double *dlogf);
    const void *ctx;
    double scale;   /* the size of the values (1 for a unit beta or normal; a
                       lognormal's mean): the absolute part of the tolerance */
} cylch_qfun;

/* A tabulated quantile function. Caller-owned: cylch_qtable_init fills it,
 * cylch_qtable_clear frees it (a zeroed table is valid and empty: every
 * evaluation is NaN). */
typedef struct cylch_qtable {
    double *coef;                                   /* per binade 2^shift cells, each the
                                                       six coefficients of its polynomial
                                                       in s (the position in the cell, 0
                                                       to 1), constant term first */
    uint32_t first[2][CYLCH_QTABLE_BINADES + 1];    /* [side][binade − 1]: its first cell */
    uint8_t shift[2][CYLCH_QTABLE_BINADES + 1];     /* log2 cells; 0: not tabulated */
    size_t ncells;
} cylch_qtable;

/* Tabulate fn (which must stay valid during the call only). Returns CYLCH_OK
 * (binades that no table fits are left out, see above), or CYLCH_ENOMEM. */
int cylch_qtable_init(cylch_qtable *t, const cylch_qfun *fn, cylch_error *err);
void cylch_qtable_clear(cylch_qtable *t);

/* 1 when no binade could be tabulated. */
int cylch_qtable_empty(const cylch_qtable *t);

/* The coefficients c[0..5] of the quintic Hermite in s in [0, 1] through a
 * cell's two end nodes d[0..2] and d[3..5] (value, first and second derivative
 * in s). */
static inline void cylch_qtable_coef(const double *d, double *c)
{
    const double dy = d[3] - d[0];
    c[0] = d[0];
    c[1] = d[1];
    c[2] = 0.5 * d[2];
    c[3] = 10 * dy - 6 * d[1] - 4 * d[4] - 1.5 * d[2] + 0.5 * d[5];
    c[4] = -15 * dy + 8 * d[1] + 7 * d[4] + 1.5 * d[2] - d[5];
    c[5] = 6 * dy - 3 * d[1] - 3 * d[4] - 0.5 * d[2] + 0.5 * d[5];
}

/* A cell's polynomial at s by Horner's rule. */
static inline double cylch_qtable_poly(const double *c, double s)
{
    return c[0] + s * (c[1] + s * (c[2] + s * (c[3] + s * (c[4] + s * c[5]))));
}

/* The quintic Hermite at s through the end nodes d[0..5] (cylch_qtable_coef). */
static inline double cylch_qtable_cell(const double *d, double s)
{
    double c[6];
    cylch_qtable_coef(d, c);
    return cylch_qtable_poly(c, s);
}

/* The cell of u in (0, 1) and the position *s in it (cylch_qtable_eval is
 * cylch_qtable_poly of the two), or NULL where u is not tabulated. */
static inline const double *cylch_qtable_find(const cylch_qtable *t, double u, double *s)
{
    const int side = u > 0.5;
    const double v = side ? 1.0 - u : u;   /* exact for u >= 1/2 (Sterbenz) */
    uint64_t bits, mant, cell;
    unsigned j, sh;
    memcpy(&bits, &v, sizeof bits);
    j = 1022u - (unsigned)(bits >> 52);    /* v in [2^-(j+1), 2^-j); v = 1/2 gives 0 */
    mant = bits & 0xFFFFFFFFFFFFFull;
    if (j == 0) {                          /* v = 1/2 exactly: the top of binade 1 */
        j = 1;
        mant = 0x10000000000000ull;
    }
    if (j > CYLCH_QTABLE_BINADES || !(sh = t->shift[side][j - 1]))
        return NULL;
    cell = mant >> (52 - sh);
    if (cell >> sh)                        /* only v = 1/2 */
        cell = ((uint64_t)1 << sh) - 1;
    *s = (double)(mant - (cell << (52 - sh))) * (1.0 / 4503599627370496.0) * (double)((uint64_t)1 << sh);
    return t->coef + 6 * (t->first[side][j - 1] + cell);
}

/* The tabulated quantile at u in (0, 1), or NaN where u is not tabulated (the
 * caller then computes the exact quantile). Inline: the Monte Carlo loop's
 * hottest call. */
static inline double cylch_qtable_eval(const cylch_qtable *t, double u)
{
    const int side = u > 0.5;
    const double v = side ? 1.0 - u : u;   /* exact for u >= 1/2 (Sterbenz) */
    uint64_t bits, mant, cell;
    unsigned j, sh;
    double s;
    memcpy(&bits, &v, sizeof bits);
    j = 1022u - (unsigned)(bits >> 52);    /* v in [2^-(j+1), 2^-j); v = 1/2 gives 0 */
    mant = bits & 0xFFFFFFFFFFFFFull;
    if (j == 0) {                          /* v = 1/2 exactly: the top of binade 1 */
        j = 1;
        mant = 0x10000000000000ull;
    }
    if (j > CYLCH_QTABLE_BINADES || !(sh = t->shift[side][j - 1]))
        return NAN;
    cell = mant >> (52 - sh);
    if (cell >> sh)                        /* only v = 1/2 */
        cell = ((uint64_t)1 << sh) - 1;
    s = (double)(mant - (cell << (52 - sh))) * (1.0 / 4503599627370496.0) * (double)((uint64_t)1 << sh);
    return cylch_qtable_poly(t->coef + 6 * (t->first[side][j - 1] + cell), s);
}

#endif /* CYLCH_QUANTILE_H */
