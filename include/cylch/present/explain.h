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
 * thousands separators (strip the commas to parse them). A table wider than
 * CYLCH_EXPLAIN_WIDTH columns is printed in groups of its columns, each group
 * under a line "(columns a to b of n)" and with the row labels repeated, so no
 * table line is wider (a single column wider than that excepted).
 *
 * The same numbers, in full precision, as CSV files (cylch_explain_files):
 *   A.csv           the matrix A: a header row "agent,<id>,…,H,B", then one row
 *                   per agent i (its id, then A[i][j] for every agent j);
 *   leontief.csv    the Leontief inverse (I − A)⁻¹, laid out as A.csv;
 *   injections.csv  agent, then f per source (grant, loan, trade, external, income);
 *   rounds.csv      source, agent, round_1 … round_K (A^(k−1) f), all_rounds
 *                   ((I − A)⁻¹ f) for each source explained.
 */
#ifndef CYLCH_EXPLAIN_H
#define CYLCH_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/core/run.h"

#include "cylch/io/results.h"

/* With [economy], the industries are shown as agents (one row and column each)
 * when there are at most this many; more are refused with a message saying
 * where the industry block can be read (cylch io, industries.csv). */
#define CYLCH_EXPLAIN_MAX_INDUSTRIES 8

/* Every source with money, for cylch_explain_write's source argument. */
#define CYLCH_EXPLAIN_ALL (-1)

/* The widest a line of a table may be, in columns. */
#define CYLCH_EXPLAIN_WIDTH 100

/* Everything explain shows, worked out: A, the injections, the rounds of each
 * source explained and the Leontief inverses. */
typedef struct cylch_explain cylch_explain;

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

/* The first step of cylch_explain_write: work out every number (arguments and
 * errors as there, but no CYLCH_EIO). *out borrows run, which must outlive it;
 * free with cylch_explain_free. */
int cylch_explain_new(const cylch_run *run, int source, size_t rounds, cylch_explain **out, cylch_error *err);

/* The second step: print the explanation to f. Errors: CYLCH_ENOMEM, CYLCH_EIO. */
int cylch_explain_print(FILE *f, const cylch_explain *e, cylch_error *err);

/* NULL is allowed. */
void cylch_explain_free(cylch_explain *e);

/* The CSV files of an explanation (A.csv, leontief.csv, injections.csv,
 * rounds.csv, as above), as rows for cylch_outdir_write_files with ctx the
 * cylch_explain; none has needs. */
extern const cylch_file_spec cylch_explain_files[];
extern const size_t cylch_explain_nfiles;

#endif /* CYLCH_EXPLAIN_H */
