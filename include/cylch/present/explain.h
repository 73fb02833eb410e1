/* cylch — the model laid open, for students (`cylch explain`): every number
 * of DESIGN.md §2–§3 for one scenario at its point values, in fixed-width
 * tables that can be checked by hand (the toy town's numbers are those of
 * data/toy-town/README.md).
 *
 * Printed, in order:
 *   1. the agents: the members (by id, with name and income T), H (local
 *      households) and B (other local businesses), and the place parameters;
 *   2. the coefficient matrix A (A[i][j]: £ agent j spends with local agent i
 *      per £1 it receives; rows i, columns j), its column sums, each column's
 *      leakage 1 − colsum(j) and that leakage by destination;
 *   3. the injection vectors f, per source (£/year);
 *   4. for each source chosen: the money each agent receives in each round,
 *      A^(k−1) f for k = 1..K, the round totals r_k, the leakage of each round
 *      (r_k − r_{k+1}, by destination), LM_k = Σ_{k'<=k} r_k' / r_1, and the
 *      Leontief limit x = (I − A)⁻¹ f per agent, 1ᵀx and LM∞ = 1ᵀx / 1ᵀf, with
 *      the Type I limit (H's row and column set to zero).
 * Shares are printed with 6 decimals, money in £ with 2 decimals and
 * thousands separators (strip the commas to parse them).
 */
#ifndef CYLCH_EXPLAIN_H
#define CYLCH_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/core/run.h"

/* Every source with money, for cylch_explain_write's source argument. */
#define CYLCH_EXPLAIN_ALL (-1)

/* The source named name ("grant", "loan", "trade", "external", "income") or
 * CYLCH_EXPLAIN_ALL for "all"; −2 when the name is unknown. */
int cylch_explain_source_find(const char *name);

/* Write the explanation of a solved run (cylch_run_new) to f, at the point values of
 * every parameter (run->model), for source (a cylch_source, or
 * CYLCH_EXPLAIN_ALL for every source that brings money) over `rounds` rounds
 * (1..1000; 0: the scenario's rounds). Errors: CYLCH_EINPUT (a source that
 * brings no money, bad rounds), CYLCH_EMODEL (no finite multiplier, naming
 * the agent), CYLCH_EINTERNAL (a failed solve), CYLCH_ENOMEM, CYLCH_EIO (a
 * write error). */
int cylch_explain_write(FILE *f, const cylch_run *run, int source, size_t rounds, cylch_error *err);

#endif /* CYLCH_EXPLAIN_H */
