/* cylch — uncertainty on a member's money (DESIGN.md §8.6).
 *
 * Two ways of drawing a member's accounts keep its spending per £1 sensible:
 *
 * - a scale: the member's income and its costs move together. The member's
 *   income is drawn around its reported T (any centred form, e.g.
 *   lognormal(rel=0.1)); every money column (grant, loan, trade_local,
 *   trade_external, wages, purchases, other_costs), its staff (FTE) and the
 *   trade it buys from other members are multiplied by s = drawn / T, so its
 *   column of A (spending per £1) is unchanged. A draw of one income column
 *   (grant = lognormal(rel=0.1)) moves the member's costs in proportion to its
 *   income in the same way: k = T' / T.
 *
 * - a split: the shares of the member's spending denominator D = max(T, C)
 *   (C = wages + purchases + other costs, §8.2) going to wages, purchases,
 *   other costs and surplus (T − C when positive) are drawn from a Dirichlet
 *   whose mean is the reported split. Its concentration α is set so that the
 *   part nearest a half has standard deviation sd:
 *       α = max_k p_k (1 − p_k) / sd² − 1,   sd_k = √(p_k (1 − p_k) / (α + 1)).
 *   The parts sum to 1, so the member's local spending per £1 is
 *   Σ_k share_k × local share_k ≤ 1 − surplus share: column sums stay below 1
 *   by construction. Staff move with the wage bill and the trade bought from
 *   members with purchases. Parts reported as 0 stay 0.
 *
 * The Dirichlet is drawn by stick-breaking from independent betas, each by
 * inverse CDF from one uniform (§8.5): with the used parts 1..m and
 * α_k = α p_k, V_k ~ Beta(α_k, α_{k+1} + … + α_m) for k < m, and
 *   share_1 = V_1, share_k = V_k (1 − V_1) … (1 − V_{k−1}), share_m the rest
 * (exactly Dirichlet(α_1, …, α_m)). At the betas' means the reported split
 * comes back.
 */
#ifndef CYLCH_MONEY_H
#define CYLCH_MONEY_H

#include "cylch/io/error.h"
#include "cylch/core/network.h"

/* The parts of a member's spending, in this order. */
enum { CYLCH_PART_WAGES = 0, CYLCH_PART_PURCHASES, CYLCH_PART_OTHER, CYLCH_PART_SURPLUS,
       CYLCH_NPARTS };
/* "wages", "purchases", "other_costs", "surplus". */
const char *cylch_part_name(int k);

/* A member's reported split of spending and the Dirichlet around it. */
typedef struct cylch_split {
    int np;                       /* parts with a positive reported amount (0..4) */
    int part[CYLCH_NPARTS];       /* which part each used one is (CYLCH_PART_…) */
    double p[CYLCH_NPARTS];       /* reported share of D of each part (0 when unused), by part */
    double D;                     /* max(T, C), £/year */
    double alpha;                 /* concentration (0 when np < 2: nothing to draw) */
    double a[CYLCH_NPARTS - 1];   /* stick k's beta shapes, k < np − 1 */
    double b[CYLCH_NPARTS - 1];
} cylch_split;

/* The reported split of a member's values v[CYLCH_NCOLS] and the Dirichlet of
 * standard deviation sd (> 0) around it. Errors: CYLCH_EINPUT when sd is too
 * large for the split (sd² must be below max_k p_k (1 − p_k)), saying the
 * largest sd possible for it; the caller adds the member. */
int cylch_split_init(cylch_split *sp, const double *v, double sd, cylch_error *err);

/* The shares by part (out[CYLCH_NPARTS], unused parts 0) from the np − 1
 * stick values V_k in (0, 1). */
void cylch_split_shares(const cylch_split *sp, const double *stick, double *out);

/* Member values in one draw. base[CYLCH_NCOLS] are the member's reported
 * values; row[CYLCH_NCOLS] holds them with any drawn columns already written
 * (shares, or single income or cost columns) and is completed here:
 *   k = T(row) / T(base), from income columns drawn one by one (1 when none);
 *   with share (NULL: none) the costs are share × D(base), else row's costs;
 *   then income columns × scale, costs and FTE × k·scale (FTE also × the wage
 *   share over the reported one). Returns the factor on the trade the member
 *   buys from other members: k·scale × purchases' share over the reported one. */
double cylch_money_apply(const double *base, double *row, double scale, const double *share);

#endif /* CYLCH_MONEY_H */
