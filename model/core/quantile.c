/* cylch — tabulated quantile functions (see cylch/core/quantile.h). */
#include "cylch/core/quantile.h"
#include "cylch/io/lang.h"

#include <math.h>
#include <stdlib.h>

enum { SHIFT_MIN = 2, SHIFT_MAX = 9 };

/* Q, dQ/ds, d²Q/ds² at probability v of the given side, where dv/ds = w. */
static int node(const cylch_qfun *fn, int side, double v, double w, double guess, double *d)
{
    double q = fn->quantile(fn->ctx, v, side, guess), f = NAN, dlogf = NAN, qv, qvv;
    if (!isfinite(q))
        return 0;
    fn->density(fn->ctx, q, &f, &dlogf);
    if (!(f > 0) || !isfinite(f) || !isfinite(dlogf))
        return 0;
    qv = (side ? -1.0 : 1.0) / f;
    qvv = -dlogf / (f * f);
    d[0] = q;
    d[1] = qv * w;
    d[2] = qvv * w * w;
    return isfinite(d[1]) && isfinite(d[2]);
}

/* Fit binade j of side with 2^sh cells: its 2^sh + 1 nodes into nd; the largest
 * midpoint error relative to the tolerance's scale in *worst (infinite when a
 * node fails). The midpoint is evaluated exactly as cylch_qtable_eval does. */
static void fit(const cylch_qfun *fn, int side, unsigned j, unsigned sh, double *nd, double *worst)
{
    const size_t m = (size_t)1 << sh;
    const double base = ldexp(1.0, -(int)j - 1), w = base / (double)m;
    double *d0 = nd, *d1;
    *worst = INFINITY;
    if (!node(fn, side, base, w, NAN, d0))
        return;
    *worst = 0;
    for (size_t k = 0; k < m; k++) {
        double v1 = base * (1.0 + (double)(k + 1) / (double)m);
        double guess = d0[0] + d0[1] + d0[2] / 2, mid, exact, err;
        d1 = d0 + 3;
        if (!node(fn, side, v1, w, guess, d1)) {
            *worst = INFINITY;
            return;
        }
        mid = cylch_qtable_cell(d0, 0.5);
        exact = fn->quantile(fn->ctx, base * (1.0 + ((double)k + 0.5) / (double)m), side, mid);
        err = fabs(mid - exact) / fmax(fn->scale, fabs(exact));
        if (!(err <= *worst))
            *worst = isfinite(err) ? err : INFINITY;
        if (!isfinite(*worst))
            return;
        d0 = d1;
    }
}

int cylch_qtable_init(cylch_qtable *t, const cylch_qfun *fn, cylch_error *err)
{
    const size_t maxcells = (size_t)1 << SHIFT_MAX;
    double *scratch = malloc(2 * (maxcells + 1) * 3 * sizeof *scratch), *lower;
    size_t cap = 2 * CYLCH_QTABLE_BINADES * 16, ncells = 0;
    memset(t, 0, sizeof *t);
    t->coef = malloc(cap * 6 * sizeof *t->coef);
    if (!scratch || !t->coef)
        goto nomem;
    lower = scratch + (maxcells + 1) * 3;
    for (int side = 0; side < 2; side++) {
        /* The quantile is nearly self-similar from one binade to the next: start
         * each one at the last one's cells and jump by the error's h^6 law; when
         * the first fit passes with room for a factor 16, one halving fewer may
         * pass too, and is tried (the fewest cells found, as when each binade
         * started a step below, with a third fewer fits). */
        unsigned start = SHIFT_MIN + 1;
        for (unsigned j = 1; j <= CYLCH_QTABLE_BINADES; j++) {
            double prev = INFINITY;
            unsigned sh = start;
            int first = 1;
            while (sh <= SHIFT_MAX) {
                double worst;
                size_t m;
                const double *nodes = scratch;
                fit(fn, side, j, sh, scratch, &worst);
                if (worst <= CYLCH_QTABLE_TOL && first && j > 1 && sh > SHIFT_MIN &&
                    worst <= CYLCH_QTABLE_TOL / 16) {
                    double w2;
                    fit(fn, side, j, sh - 1, lower, &w2);
                    if (w2 <= CYLCH_QTABLE_TOL) {
                        sh--;
                        nodes = lower;
                    }
                }
                m = (size_t)1 << sh;
                if (worst <= CYLCH_QTABLE_TOL) {
                    if (ncells + m > cap) {
                        double *grown;
                        while (ncells + m > cap)
                            cap *= 2;
                        if (!(grown = realloc(t->coef, cap * 6 * sizeof *grown)))
                            goto nomem;
                        t->coef = grown;
                    }
                    for (size_t k = 0; k < m; k++)
                        cylch_qtable_coef(nodes + 3 * k, t->coef + 6 * (ncells + k));
                    t->first[side][j - 1] = (uint32_t)ncells;
                    ncells += m;
                    t->shift[side][j - 1] = (uint8_t)sh;
                    t->ncells += m;
                    start = sh;
                    break;
                }
                first = 0;
                /* A smooth quantile gains a factor near 64 per halving of the cells;
                 * one that does not gain 4 has a singularity here: exact instead. */
                if (!isfinite(worst) || (isfinite(prev) && worst > prev / 4))
                    break;
                prev = worst;
                {
                    double need = ceil(log2(worst / CYLCH_QTABLE_TOL) / 6.0);
                    sh += need > 1 ? (unsigned)fmin(need, SHIFT_MAX) : 1;
                }
            }
        }
    }
    free(scratch);
    return CYLCH_OK;
nomem:
    free(scratch);
    cylch_qtable_clear(t);
    return cylch_error_set(err, CYLCH_ENOMEM, "out of memory for a quantile table");
}

void cylch_qtable_clear(cylch_qtable *t)
{
    if (!t)
        return;
    free(t->coef);
    memset(t, 0, sizeof *t);
}

int cylch_qtable_empty(const cylch_qtable *t)
{
    return t->ncells == 0;
}
