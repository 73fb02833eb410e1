/* cylch — the local economy of a scenario from a regionalised input-output
 * table: the `[economy]` section (docs/model.md, "Regionalisation").
 *
 * With [economy], the single agent B of other local businesses becomes the
 * industries of a national table made local by location quotients
 * (cylch/core/regional.h). For a draw with Flegg's delta d (lambda* from d),
 * the model's agents are the members, H, then the table's industries, and:
 *   - member j's local spending outside the network (what B received) goes to
 *     industry i in proportion to r_is, the regional coefficients of its
 *     industry s's column (member data sets how much; the table, where); a
 *     member without an industry, or whose industry buys nothing locally,
 *     uses the whole local economy's purchases sum_s r_is x_s;
 *   - households' local spending outside the members (what B received) goes
 *     to industry i in proportion to c_i min(1, Q_iH) (households' column
 *     made local), leaving out industries that pay no wages and employ no one
 *     (owner-occupiers' imputed rent is not cash spending);
 *   - industry k re-spends A[i][k] = r_ik with industry i, pays local wages
 *     A[H][k] = (w_k / x_k) * business_local_wage_share * net_wage_share,
 *     and supports emp_k / x_k jobs and gva_k / x_k GVA per £ of output
 *     (the table's money unit converted to £).
 * business_local_supply_share and jobs_per_million are not used.
 */
#ifndef CYLCH_ECONOMY_H
#define CYLCH_ECONOMY_H

#include <stddef.h>

#include "cylch/core/iotable.h"
#include "cylch/core/regional.h"
#include "cylch/io/error.h"

/* The [economy] section as written (strings owned; paths already resolved
 * against the folder of the file that names them). line: of each key in the
 * scenario file, 0 when absent or given by --set. */
typedef struct cylch_economy_spec {
    char *table, *regions, *area, *national, *measure, *map, *method;
    char *single_agent;     /* the scenario (same network, single agent B) this [economy]
                             * replaces B of, to compare with; NULL: none */
    long table_line, regions_line, area_line, national_line, measure_line, map_line,
        method_line, delta_line, single_agent_line;
    int has_delta;      /* delta was given (in the file or by --set) */
    double unit;        /* £ per money unit of the table (default 1e6: £ million) */
    long unit_line;
    long section_line;
} cylch_economy_spec;

void cylch_economy_spec_free(cylch_economy_spec *spec);

/* Industry-block solutions by series on pieces of lambda* (economy.c). */
typedef struct cylch_economy_series cylch_economy_series;

/* The local economy, loaded once and shared (read-only) by every model. */
typedef struct cylch_economy {
    int refs;               /* owners (networks); free when it falls to 0 */
    size_t n;               /* industries */
    cylch_iotable *table;   /* the national table */
    cylch_regional *rg;     /* the regional figures */
    cylch_lq_method method;
    double unit;            /* £ per money unit of the table */
    double *ac;             /* n x n national coefficients by columns: ac[k*n + i] = a_ik */
    double *aq;             /* n x n by columns: a_ik * Q_ik at lambda* = 1 (+inf allowed, 0
                             * where a_ik = 0), so that r_ik = min(a_ik, aq_ik * lambda*)
                             * (lambda* = 1 for SLQ and CILQ, whose Q has none) */
    double *hh;             /* n: national household consumption c_i */
    double *hh_cash;        /* n: c_i, or 0 where industry i pays no wages and employs no
                             * one (owner-occupiers' imputed rent is not cash spending) */
    double *wage, *jobs, *gva; /* n: per £ of output (jobs: the table's employment unit) */
    char **code;            /* n: short labels ("I56"), owned */
    double *x;              /* n: national output, weights of the average pattern */
    double lambda_lo, lambda_hi; /* lambda* over 0 <= delta <= CYLCH_ECONOMY_DELTA_MAX */
    cylch_economy_series *series; /* shared, filled piece by piece as draws need them */
} cylch_economy;

/* A draw's delta is clamped to [0, CYLCH_ECONOMY_DELTA_MAX]. */
#define CYLCH_ECONOMY_DELTA_MAX 0.999

/* Load the table and regional figures a spec names. path is the scenario
 * file (for messages). Errors: CYLCH_EINPUT naming the scenario's line (a
 * missing key, an unknown method or measure, a households' column that
 * localisation leaves empty) or the data file's, CYLCH_EIO, CYLCH_ENOMEM. */
int cylch_economy_load(const cylch_economy_spec *spec, const char *path, cylch_economy **out,
                       cylch_error *err);

/* Drop one reference; frees at 0. NULL allowed. Not while another thread
 * uses e. */
void cylch_economy_release(cylch_economy *e);

/* The industry of a label or code ("I56" matches "... (I56)"), or -1. */
long cylch_economy_find(const cylch_economy *e, const char *industry);

/* Per-draw coefficients for a given delta (workspace owned by the caller,
 * one per thread).
 *
 * The industry block of the model's system is T = (I - r)^T (T x = v reads
 * x_k - sum_i r_ik x_i = v_k). A draw needs it only through three vectors
 * (the Schur complement of the members' block, model.c):
 *   u = T^-1 w (wages per £ of output), z1 = T^-1 1, zj = T^-1 j (jobs per £).
 * For FLQ and AFLQ, r_ik = min(a_ik, aq_ik lambda*) is linear in lambda* between
 * the kinks lambda* = a_ik / aq_ik where an entry reaches its national value.
 * lambda*'s range is cut at every kink (and at 128 equal steps); on a piece
 * [l0, l1], with r(l0 + h) = r0 + h P, the three vectors are the series
 *   x(l0 + h) = sum_k h^k M^k x(l0),   M = T(l0)^-1 P^T,
 * exact in the limit. With rho = max_k sum_i r_ik(l0) < 1 and
 * beta = max_k sum_i P_ik / (1 - rho) >= ||M||_inf, the terms past the K-th
 * sum to at most (h beta)^(K+1) / (1 - h beta) ||x(l0)||_inf; K is chosen so
 * that this bound is at most CYLCH_ECONOMY_SERIES_TOL for the piece's width.
 * A piece is computed (one LU and a few solves) the first time a draw falls in
 * it, by whichever thread, and then shared: the same numbers whatever the
 * thread count. Where h beta > 1/4 for a piece's width (not seen on the UK
 * table) or memory runs out, the draw solves T exactly (LU) instead. SLQ and
 * CILQ have one piece with h = 0: the exact solve. */
#define CYLCH_ECONOMY_SERIES_TOL 1e-14

typedef struct cylch_economy_draw {
    double delta;           /* the delta they were computed for (NAN: none yet) */
    double lambda;          /* lambda* of delta (1 for SLQ and CILQ) */
    double *r;              /* regional coefficients by columns: r[k*ld + i] = r_ik */
    size_t ld;              /* the stride of r's columns (>= n) */
    int r_owned;            /* r allocated by the draw (else the caller's) */
    double *colsum;         /* n: sum_i r_ik, what industry k buys locally per £ */
    double *hh_share;       /* n: households' local spending split, sums to 1 */
    double *avg_share;      /* n: the whole local economy's purchase pattern (sums to 1,
                             * or all 0 when nothing is bought locally): only after
                             * cylch_economy_draw_avg */
    double avg_delta;       /* the delta avg_share is for (NAN: none) */
    double *u, *z1, *zj;    /* n each: T^-1 wage, T^-1 1, T^-1 jobs (above) */
    int from_series;        /* 1: u, z1, zj came from the series; 0: exact LU */
    double *lu;             /* n x n: LU of T for cylch_economy_draw_solve */
    double lu_delta;        /* the delta lu was factorised for (NAN: none) */
} cylch_economy_draw;

/* Allocate a draw workspace for e (NULL when out of memory). r: where the draw
 * writes r (column k at r + k*ld, ld >= n; e.g. a model's own coefficient
 * columns), or NULL for its own. */
cylch_economy_draw *cylch_economy_draw_new(const cylch_economy *e, double *r, size_t ld);
void cylch_economy_draw_free(cylch_economy_draw *d);

/* Fill d for delta (clamped to [0, CYLCH_ECONOMY_DELTA_MAX]; nothing is
 * recomputed when it did not change): r and colsum in O(n^2), hh_share in
 * O(n), and u, z1, zj from the series in O(n K) (or, when no piece serves, by
 * an LU of T). Thread-safe for different d on the same e. */
void cylch_economy_draw_set(const cylch_economy *e, cylch_economy_draw *d, double delta);

/* d->avg_share for the delta of the last cylch_economy_draw_set (O(n^2) the
 * first time per delta); returns it. */
const double *cylch_economy_draw_avg(const cylch_economy *e, cylch_economy_draw *d);

/* x := T^-1 x for the delta of the last cylch_economy_draw_set, exactly (an
 * LU of T, factorised the first time per delta). */
void cylch_economy_draw_solve(const cylch_economy *e, cylch_economy_draw *d, double *x);

/* The same three vectors by an LU of T at delta, whatever the series (tests).
 * Returns CYLCH_OK or CYLCH_ENOMEM. */
int cylch_economy_block_exact(const cylch_economy *e, double delta, double *u, double *z1,
                              double *zj);

#endif /* CYLCH_ECONOMY_H */
