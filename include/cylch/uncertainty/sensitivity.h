/* cylch — which uncertain inputs drive the results (`cylch sensitivity`).
 *
 * The inputs are the Monte Carlo's uncertain parameters (mc.h: the [place]
 * distributions and the [uncertainty] distributions around each member's
 * reported values), in cylch_mc_new's order; the outputs are the headline
 * quantities of model.h (CYLCH_NHEAD of them). The headline output is the
 * run's headline multiplier (cylch_result_headline_index: LM∞ of grant money when
 * there is any). Three methods:
 *
 *   tornado   one at a time: input i is set to its p_lo and p_hi quantiles
 *             (cylch_dist_quantile, default the 5th and 95th percentiles)
 *             while every other input keeps its point value (cylch_mc_param's
 *             point); swing_i = |y(hi) − y(lo)| of the headline output. Two
 *             model evaluations per input; no randomness.
 *   spearman  the Monte Carlo draws (cylch_mc_run with the inputs kept):
 *             rho_{i,h} = Spearman rank correlation (cylch_stats_spearman) of
 *             input i with headline quantity h over the draws. It catches
 *             monotone effects, with the other inputs varying at the same time.
 *   sobol     variance-based indices (sobol.h, Saltelli 2010 / Jansen 1999):
 *             S1_i, the share of the output's variance due to input i alone,
 *             and ST_i, including its interactions, with percentile-bootstrap
 *             intervals. Uniforms u map to inputs by
 *             x_i = cylch_dist_quantile(dist_i, centre_i, u_i), kept inside the
 *             input's valid range. N (k + 2) model evaluations for k inputs.
 *             With more than 20 inputs the sample is sobol.h's "mixed" one, the
 *             Sobol' sequence going to the 20 inputs with the largest tornado
 *             swings of the headline (2k more evaluations).
 *
 * Inputs are ranked, for the headline output, by swing (tornado), |rho|
 * (spearman) or ST (sobol), largest first; ties keep the inputs' order.
 * Sobol ranks are not claims: inputs whose total-index intervals overlap
 * their neighbour's in the ranking share a group (cylch_sens_tie_groups) and
 * the words say they cannot be told apart.
 * Every method's result is bit-identical whatever the number of threads.
 *
 * On a difference (cylch_sens_run_against, `cylch sensitivity A.ini --against
 * B.ini`; tornado and sobol): the outputs are x_A − x_B for the headline
 * entries and each source's local value V_s = LM∞_s · 1ᵀ f_s (£/year, as
 * compare.h), evaluated on the same input values in both scenarios: the inputs
 * are the union of both scenarios' uncertain parameters, matched by name
 * (cylch_mc_param.name), and an input both share takes the same probability u
 * in both (its quantile under each scenario's own distribution), as compare's
 * paired draws do. An input only one scenario has moves that scenario alone.
 * The headline output is then the difference in local circulation
 * (income.local_value), or, when that does not vary, the difference in the
 * headline multiplier.
 *
 * Correlated inputs (DESIGN §8.6: `<column>.correlation = ρ` and
 * `income.correlation = ρ` in [uncertainty], a one-factor Gaussian copula whose
 * normal scores z_i = √ρ c + √(1 − ρ) e_i share the common factor c):
 *   tornado   input i at its quantile p moves the inputs of the same common
 *             factor to their medians given it: each at probability Φ(ρ Φ⁻¹(p))
 *             (the conditional median of a normal score with correlation ρ);
 *             inputs of other factors and uncorrelated ones stay at their point
 *             values. Its `with` phrase says what moved with it; the swings of
 *             correlated inputs overlap and do not add up.
 *   spearman  the draws are the Monte Carlo's, which honour the copula, so each
 *             input's rank correlation includes the effect of those that move
 *             with it (said by `with`).
 *   sobol     indices of groups (Jacques, Lavergne & Devictor 2006; sobol.h,
 *             "Groups"): the inputs of one common factor are one entry,
 *             named "group.<column>" or "group.income", "local share of
 *             purchases at all 13 members, moving together (correlation 0.5)";
 *             each other input is an entry of its own. The model is evaluated on
 *             independent uniforms (each input's own and each factor's), so the
 *             groups are independent and their indices add up as for
 *             independent inputs; the members of a group are not ranked apart.
 * On a difference an input correlated in either scenario counts as
 * correlated; each scenario applies its own ρ.
 */
#ifndef CYLCH_SENSITIVITY_H
#define CYLCH_SENSITIVITY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/uncertainty/compare.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/sobol.h"

typedef enum cylch_sens_method {
    CYLCH_SENS_TORNADO = 0,
    CYLCH_SENS_SPEARMAN,
    CYLCH_SENS_SOBOL,
    CYLCH_NSENS
} cylch_sens_method;

/* "tornado", "spearman", "sobol"; and back (−1 when unknown). */
const char *cylch_sens_method_name(int method);
int cylch_sens_method_find(const char *name);

typedef struct cylch_sens_options {
    int method;            /* cylch_sens_method */
    size_t n;              /* spearman: draws (0: the scenario's draws);
                              sobol: base sample size N (0: 1000) */
    int have_seed;         /* 1: seed replaces the scenario's */
    uint64_t seed;
    unsigned threads;      /* 0: OpenMP's default */
    double p_lo, p_hi;     /* tornado percentiles, 0 <= p_lo < p_hi <= 1 (0.05, 0.95) */
    size_t bootstrap;      /* sobol: bootstrap resamples (500) */
    double level;          /* sobol: interval coverage (0.95) */
    int sequence;          /* sobol: cylch_sobol_sequence (AUTO) */
    cylch_mc_progress_fn progress;   /* spearman's draws (may be NULL) */
    void *progress_ctx;
    volatile sig_atomic_t *stop;     /* spearman: polled, CYLCH_EINTERRUPTED */
} cylch_sens_options;

/* tornado, N = 0, the scenario's seed, default threads, 5%/95%, B = 500, 95%. */
cylch_sens_options cylch_sens_options_default(void);

typedef struct cylch_sens {
    int method;
    char *scenario;        /* the scenario's name */
    char *against;         /* on a difference: the other scenario's name (else NULL) */
    size_t nq;             /* outputs per input: CYLCH_NHEAD, or on a difference
                              CYLCH_COMPARE_NQ (the headline entries, then local values) */
    uint64_t seed;         /* spearman and sobol */
    size_t rounds;         /* K, the scenario's rounds (for the name of LMk) */
    size_t n;              /* spearman: draws; sobol: N; tornado: 0 */
    size_t k;              /* inputs; sobol: entries, an input or a group of correlated
                              inputs (see above) */
    char (*name)[160];     /* k parameter names ("place.household_local_spend") */
    char **label;          /* k readable labels ("households' local spending share"), in English
                              for the result files */
    char **label_text;     /* the same k labels in the run's language, for people */
    double *point;         /* k point values */
    int headline;          /* the headline output (a CYLCH_HEAD or CYLCH_COMPARE_VALUE index) */
    double base[CYLCH_COMPARE_NQ]; /* every output with every input at its point value
                              (on a difference: x_A − x_B there) */
    double side[2][CYLCH_COMPARE_NQ]; /* on a difference: x_A and x_B at the point values */
    size_t *rank;          /* k input indices, most important first, for the headline */
    /* tornado */
    double p_lo, p_hi;
    double *x_lo, *x_hi;   /* k: the inputs' p_lo and p_hi quantiles */
    double *y_lo, *y_hi;   /* k × nq outputs with input i at x_lo / x_hi */
    /* tornado, spearman: what moves with input i ("the other 12 members' local
       share of purchases (correlation 0.5)"), NULL when nothing does; nwith = k */
    char **with;
    char **with_text;      /* the same in the run's language, for people (cylch/io/lang.h) */
    size_t nwith;
    /* sobol: entries that are groups of correlated inputs (named "group.…";
       point NaN) */
    size_t ngrouped;
    /* spearman */
    double *rho;           /* k × nq; NaN for an output with no value */
    /* sobol: outputs are those (of nq) that have a value at the point values */
    size_t nout;
    int *out;              /* nout CYLCH_HEAD indices */
    cylch_sobol_result *sobol; /* m = nout outputs, k inputs */
    int screened;          /* sobol, more than 20 inputs: the Sobol' sequence went to the 20
                              with the largest tornado swings of the headline (5th to 95th
                              percentile), the others took pseudo-random numbers */
} cylch_sens;

/* Run a sensitivity analysis of scenario s on net (the network after
 * cylch_scenario_apply). Errors: CYLCH_EINPUT (no uncertain inputs; spearman
 * with 0 draws; bad options), CYLCH_EMODEL (a model evaluation with no finite
 * answer, naming the input and value), CYLCH_EINTERRUPTED, CYLCH_ENOMEM, and
 * those of cylch_mc_run and cylch_sobol_run. On success *out is owned by the
 * caller (cylch_sens_free). */
int cylch_sens_run(const cylch_scenario *s, const cylch_network *net, const cylch_sens_options *opt,
                   cylch_sens **out, cylch_error *err);

/* The same on the difference between scenario s (on net) and scenario base (on
 * base_net), x_s − x_base, as described above. Errors as cylch_sens_run, and
 * CYLCH_EINPUT for the spearman method (not available on a difference) or
 * when neither scenario has uncertain inputs. */
int cylch_sens_run_against(const cylch_scenario *s, const cylch_network *net,
                           const cylch_scenario *base, const cylch_network *base_net,
                           const cylch_sens_options *opt, cylch_sens **out, cylch_error *err);

/* The name of output q of r ("grant.lm_inf", "income.local_value"). */
void cylch_sens_output_name(const cylch_sens *r, int q, char *buf, size_t len);
/* Output q in words, in English for the result files (cylch_compare_quantity_label):
 * "Local circulation per £1 of grant, over time (every round)"; on a difference
 * "Difference in local circulation set going by …". */
void cylch_sens_output_label(const cylch_sens *r, int q, char *buf, size_t len);

/* Sobol: group[p] for the inputs in ranked order (rank[p]) for output q: p = 0
 * starts group 1, and each next input joins the group of the one above it when
 * their total-index intervals overlap (they cannot be told apart), else starts
 * the next group. Other methods: group[p] = p + 1. */
void cylch_sens_tie_groups(const cylch_sens *r, int q, const size_t *rank, size_t *group);

void cylch_sens_free(cylch_sens *r);

/* sensitivity.csv: one row per output and input: method, output, rank (1 = most
 * important for that output), input, label, point, then the method's columns
 * (tornado: low_input, high_input, output_low, output_high, swing, moves_with;
 * spearman: spearman, moves_with; sobol: s1, s1_low, s1_high, st, st_low,
 * st_high, group — inputs with the same group cannot be told apart; a group of
 * correlated inputs has no point); moves_with is the `with` phrase or empty;
 * every output with a value; on a
 * difference the output is named "difference in NAME"; then output_measure and
 * output_unit (cylch_sens_output_label, cylch_compare_quantity_unit). Returns 0,
 * or −1 on a write error. */
int cylch_sens_write_csv(FILE *f, const cylch_sens *r);

/* sensitivity.json: method, scenario, seed, n, headline, base outputs, inputs
 * (name, label, point; tornado low/high quantiles; moves_with when something
 * does), and per output the ranked
 * inputs with the method's numbers (sobol also the output's mean and variance). */
int cylch_sens_write_json(FILE *f, const cylch_sens *r, const char *version);

/* tornado.csv (plot data for plots/tornado.gp, tornado method only): the
 * headline output, inputs by rank: rank, input, label, low_input, high_input,
 * output_low, output_high, base, swing, moves_with, output (its name, as in
 * sensitivity.csv), output_measure, output_unit. */
int cylch_sens_write_tornado_csv(FILE *f, const cylch_sens *r);

/* sobol.csv (plot data for plots/sobol.gp, sobol method only): the headline
 * output, inputs by rank: rank, input, label, s1, s1_low, s1_high, st, st_low,
 * st_high, group, output (its name, "difference in NAME" on a difference),
 * output_measure, output_unit. */
int cylch_sens_write_sobol_csv(FILE *f, const cylch_sens *r);

/* A plain-English paragraph naming the inputs that matter most for the
 * headline output (at most three, and only those that matter at all), with
 * what moves with each and a line on how correlated inputs were treated. Sobol:
 * every index with its interval; inputs whose intervals overlap are said to be
 * impossible to tell apart, not ranked; the inputs are said to act
 * independently only when the interval of ΣS includes 100%. */
void cylch_sens_summary(FILE *f, const cylch_sens *r);

/* Sobol: a table of every input for the headline output (rank, group, S1 and
 * ST with their intervals, the input's label), for the terminal and the
 * report's appendix. Other methods: nothing. */
void cylch_sens_write_table(FILE *f, const cylch_sens *r);

#endif /* CYLCH_SENSITIVITY_H */
