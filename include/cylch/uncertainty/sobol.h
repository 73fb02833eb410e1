/* cylch — variance-based (Sobol') sensitivity indices, for
 * `cylch sensitivity --method sobol` (DESIGN.md §8.10).
 *
 * Saltelli sampling (Saltelli et al. 2010, "Variance based sensitivity
 * analysis of model output. Design and estimator for the total sensitivity
 * index", Comput. Phys. Commun. 181:259–270, section 3). Two N × k matrices A
 * and B of numbers in (0, 1) are the two halves of an N × 2k quasi-random
 * sample: row j (j = 0..N−1) of A is the first k coordinates of point j of the
 * sequence, row j of B its last k (the sequence's own first point is point 0).
 * The sequence (cylch_sobol_sequence) is chosen by the number of inputs:
 *   sobol   k <= 20 (2k <= 40 dimensions): GSL's gsl_qrng_sobol (Bratley & Fox
 *           1988, Antonov–Saleev construction), the sequence Saltelli 2010 uses;
 *   mixed   k > 20: GSL's Sobol' sequence stops at 40 dimensions, so the 20
 *           inputs named first in opt->priority (by default inputs 0..19) take
 *           its coordinates (input priority[p] coordinate p in A, 20 + p in B)
 *           and the others pseudo-random numbers as below ("padding" a
 *           quasi-random sample with random coordinates: Owen 1998, Spanier
 *           1995); the estimates stay consistent, and most of the gain of the
 *           sequence is kept when the inputs that matter come first;
 *   pseudo  when asked: pseudo-random uniforms, row j of A from the cylch_rng
 *           stream (seed, cylch_rng_stream_id("sobol-A"), j), of B from (seed,
 *           "sobol-B", j); the indices then carry ordinary Monte Carlo error,
 *           which the bootstrap intervals show.
 * The result says which (sequence, sequence_note). GSL's Halton and reverse
 * Halton sequences reach 1229 dimensions but were tried and rejected: at 62
 * dimensions and N = 1000 they gave a first-order index above the total by more
 * than both intervals, a bias the bootstrap cannot see.
 * A quasi-random sample does not depend on the seed (only the bootstrap and the
 * pseudo-random coordinates do).
 * A_B^(i) is A with its column i taken from B. The model is evaluated on the
 * rows of A, B and every A_B^(i): N (k + 2) evaluations, in parallel over rows
 * (OpenMP, static schedule, opt->threads threads — OpenMP's global setting is
 * left alone), each result stored by row and reduced in row order after the
 * loop, so the indices depend on the seed and N only — bit-identical for any
 * thread count.
 *
 * For each output, with f̄ and V the mean and variance (divisor 2N) of f over
 * the rows of A and B together:
 *   first order (Saltelli 2010, table 2 (b)), centred on f̄:
 *     S_i  = (1/N) Σ_j (f(B)_j − f̄) (f(A_B^(i))_j − f(A)_j) / V
 *   total (Jansen 1999; Saltelli 2010, table 2 (f)):
 *     ST_i = (1/2N) Σ_j (f(A)_j − f(A_B^(i))_j)² / V
 * Centring f(B) on f̄ leaves the expectation unchanged (E[f(A_B^(i)) − f(A)] = 0)
 * and makes S_i invariant to adding a constant to f; without it an output
 * with a large mean and small spread (a multiplier near 2 ± 0.05) would need
 * thousands of times more rows for the same precision. ΣS = Σ_i S_i, the
 * share of the variance the inputs explain alone (1 for an additive model).
 * Groups (opt->group; Jacques, Lavergne & Devictor 2006, "Sensitivity analysis
 * in presence of model uncertainty and correlated inputs", Reliab. Eng. Syst.
 * Saf. 91:1126–1134; Saltelli et al. 2008, Global Sensitivity Analysis, §1.2.15):
 * the model's k uniforms may be gathered into groups, each group one index.
 * A_B^(g) is A with every column of group g taken from B, and the estimators
 * above hold unchanged with g for i: S_g = Var E[f | u_g] / V and ST_g =
 * E Var(f | u_~g) / V. The uniforms are independent, so the groups are too and
 * their indices keep their meaning (ΣS_g <= 1 up to sampling error) even when
 * the inputs the model makes of the uniforms are correlated within a group. With
 * groups there are N (G + 2) evaluations for G groups; the sample still has 2k
 * dimensions (the quasi-random sequence, mixed padding and priority are over the
 * k uniforms).
 * Intervals: percentile bootstrap over rows — resample b (b = 0..B−1) draws
 * N row indices, uniformly with replacement, from the stream
 * (seed, cylch_rng_stream_id("sobol-boot"), b) and recomputes f̄, V, S_i, ST_i
 * and ΣS on them; low/high are its (1 − level)/2 and (1 + level)/2 percentiles
 * (the percentile definition of stats.h). Resamples run in parallel, each
 * stored in its own slot: also bit-identical for any thread count.
 */
#ifndef CYLCH_SOBOL_H
#define CYLCH_SOBOL_H

#include <stddef.h>
#include <stdint.h>
#include "cylch/io/error.h"

/* The model: y[0..m-1] = f(u[0..k-1]). u holds k uniforms in (0, 1) that
 * the callee maps to its inputs by quantile (inverse CDF); it must not keep
 * u or y. ws is this thread's workspace (from ws_new, or NULL without one):
 * the callee may use it freely but must not allocate. Called concurrently
 * from several threads with different ws, so ctx must only be read.
 * Returns CYLCH_OK, or a cylch_status which stops the run and is returned. */
typedef int (*cylch_sobol_eval_fn)(void *ctx, void *ws, const double *u, double *y);

/* Make one per-thread workspace (called serially, before the parallel loop);
 * NULL means out of memory. */
typedef void *(*cylch_sobol_ws_new_fn)(void *ctx);

/* Free a workspace from ws_new (called serially after the loop). */
typedef void (*cylch_sobol_ws_free_fn)(void *ws);

/* Optional: the message of the last failure in ws, in plain English
 * ("draw with wages_local_share 1.2: ..."), or NULL. Read after the loop. */
typedef const char *(*cylch_sobol_ws_error_fn)(void *ws);

typedef struct cylch_sobol_model {
    size_t k;                      /* number of inputs, >= 1 */
    size_t m;                      /* number of outputs, >= 1 */
    cylch_sobol_eval_fn eval;      /* required */
    cylch_sobol_ws_new_fn ws_new;  /* optional (NULL: ws is NULL) */
    cylch_sobol_ws_free_fn ws_free;/* required when ws_new is given */
    cylch_sobol_ws_error_fn ws_error; /* optional */
    void *ctx;                     /* passed to eval and ws_new */
} cylch_sobol_model;

/* The sample's sequence (see above). */
typedef enum cylch_sobol_sequence {
    CYLCH_SOBOL_SEQ_AUTO = 0,      /* options only: sobol when it holds 2k dimensions, else mixed */
    CYLCH_SOBOL_SEQ_SOBOL,
    CYLCH_SOBOL_SEQ_PSEUDO,
    CYLCH_SOBOL_SEQ_MIXED,
    CYLCH_SOBOL_NSEQ
} cylch_sobol_sequence;

/* Largest number of inputs the Sobol' sequence holds (2k <= 40 dimensions). */
#define CYLCH_SOBOL_MAX_K_SOBOL 20

/* "auto", "sobol", "pseudo", "mixed" ("?" when out of range). */
const char *cylch_sobol_sequence_name(int seq);

typedef struct cylch_sobol_options {
    size_t n;          /* base sample size N (rows of A and B), 2 .. 2^32 - 1 */
    uint64_t seed;     /* cylch_rng seed */
    size_t bootstrap;  /* B, number of bootstrap resamples; 0: no intervals */
    double level;      /* interval coverage in (0, 1), e.g. 0.95 */
    unsigned threads;  /* threads for the evaluations and the bootstrap; 0: OpenMP's default.
                          The results are the same for any number. */
    int sequence;      /* cylch_sobol_sequence; AUTO (the default) picks by k as above.
                          SOBOL with k > 20 is refused; MIXED with k <= 20 is SOBOL. */
    const size_t *priority; /* mixed: the k inputs, most important first (a permutation
                          of 0..k−1), or NULL for 0..k−1; read during the call only */
    size_t ngroups;    /* groups (see "Groups" above); used only with group */
    const size_t *group; /* k: group[i] in 0..ngroups−1 is the group of input i (every group
                          non-empty), or NULL: each input is its own group */
} cylch_sobol_options;

/* Options with N = 1000, seed 1, B = 500, level 0.95, threads 0 (OpenMP's default),
 * sequence AUTO, no priority, no groups. */
cylch_sobol_options cylch_sobol_options_default(void);

/* Results. Per-output-and-input arrays hold m × k values, row-major:
 * the index of output o and input i is o * k + i; with groups, k is the number
 * of groups and "input i" is group i. */
typedef struct cylch_sobol_result {
    size_t k, m, n, bootstrap;
    uint64_t seed;
    double level;
    size_t evaluations;  /* model evaluations made: N (k + 2), k the indices (groups) */
    double *s1, *s1_lo, *s1_hi;   /* first-order index and its interval */
    double *st, *st_lo, *st_hi;   /* total index and its interval */
    double *mean;        /* m: f̄, the mean of each output over A and B */
    double *var;         /* m: V, its variance (divisor 2N) */
    int *zero_var;       /* m: 1 when the output does not vary (V <= (1e-12 max|f|)^2):
                            its indices and intervals are then 0, not NaN */
    double *s1sum, *s1sum_lo, *s1sum_hi; /* m: ΣS over the inputs and its interval */
    int sequence;        /* the cylch_sobol_sequence used (never AUTO) */
    char sequence_note[320]; /* in plain English: which sample and why */
    char sequence_text[640]; /* the same in the run's language (cylch_lang_set), for people */
} cylch_sobol_result;

/* A result for k inputs and m outputs, every array zeroed; NULL when out of
 * memory. Free with cylch_sobol_result_free. */
cylch_sobol_result *cylch_sobol_result_new(size_t k, size_t m);

/* Free r; accepts NULL. */
void cylch_sobol_result_free(cylch_sobol_result *r);

/* Run the analysis described above. On success *out is a new result owned
 * by the caller. Without bootstrap (B = 0) low = high = the estimate.
 * Indices are estimates: with small N they can stray below 0 or above 1
 * and are reported as estimated.
 * Errors (with *out NULL and a message in err):
 *   CYLCH_EINPUT   bad model or options (k, m, N, level, missing callbacks, a
 *                  sequence too short for k inputs, a priority that is not a
 *                  permutation of the inputs, a group number out of range or
 *                  a group with no input);
 *   CYLCH_ENOMEM   out of memory, or ws_new returned NULL;
 *   an eval status the model returned: the first failing row (in row order,
 *                  whatever the thread count), the matrix (A, B or A_B(i))
 *                  and the ws_error message when given;
 *   CYLCH_EMODEL   the model returned a value that is not a finite number. */
int cylch_sobol_run(const cylch_sobol_model *model, const cylch_sobol_options *opt,
                    cylch_sobol_result **out, cylch_error *err);

#endif /* CYLCH_SOBOL_H */
