/* cylch — the economy as a coefficient matrix, and what it computes (DESIGN.md §2–§3).
 *
 * Agents: members 0..n-1 in file order, then H (local households, index n),
 * then B (other local businesses, index n+1). A[i][j] is the money agent j
 * spends with local agent i per £1 j receives; 1 − colsum(j) leaks out.
 *
 * A cylch_model is also the workspace of one thread in the Monte Carlo: it is
 * allocated once for a network's shape (members and trade links) and rebuilt
 * in place for each draw, without allocating.
 *
 * Solves: for small networks (at most CYLCH_MODEL_DENSE_MAX agents) (I − A) is
 * factorised by GSL's LU (or, in the Monte Carlo draws, by a plain LU without
 * pivoting: see cylch_model_set_fast); above that (DESIGN §8.9) by SuiteSparse's
 * KLU sparse LU, analysed once for the network's pattern and refactorised for
 * each build; a system whose reciprocal condition number is below 1e-13 is
 * CYLCH_EMODEL naming the agent with the largest column sum.
 */
#ifndef CYLCH_MODEL_H
#define CYLCH_MODEL_H

#include <stddef.h>
#include "cylch/io/error.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"

#define CYLCH_MODEL_DENSE_MAX 64

/* Sources of money entering the network (DESIGN §2). */
typedef enum cylch_source {
    CYLCH_SRC_GRANT = 0,
    CYLCH_SRC_LOAN,
    CYLCH_SRC_TRADE,      /* trade_external */
    CYLCH_SRC_EXTERNAL,   /* grant + loan + trade_external */
    CYLCH_SRC_INCOME,     /* the exogenous part of T_j (DESIGN §8.1): income less the local
                             sales the model itself generates at baseline */
    CYLCH_NSRC
} cylch_source;
const char *cylch_source_name(int s);   /* "grant", "loan", … */

/* Where money goes when it leaves (DESIGN §3). */
typedef enum cylch_leak {
    CYLCH_LEAK_STAFF = 0,     /* wages of staff living outside the place */
    CYLCH_LEAK_SUPPLIERS,     /* purchases from suppliers outside */
    CYLCH_LEAK_HOUSEHOLDS,    /* households spending outside */
    CYLCH_LEAK_BUSINESSES,    /* other local businesses' own leakage: imports, staff, profits (§8.4) */
    CYLCH_LEAK_OTHER,         /* members' tax, surplus and other costs outside */
    CYLCH_NLEAK
} cylch_leak;
const char *cylch_leak_name(int d);     /* "non_local_staff", … */

/* Headline quantities of one evaluation, the per-draw record of the Monte Carlo. */
typedef enum cylch_headline_q {
    CYLCH_Q_LM3 = 0, CYLCH_Q_LMK, CYLCH_Q_LM_INF, CYLCH_Q_LM_INF_TYPE1, CYLCH_Q_LOCAL_WAGES,
    CYLCH_Q_JOBS, CYLCH_NQ
} cylch_headline_q;
#define CYLCH_NHEAD (CYLCH_NSRC * CYLCH_NQ + 1)
/* Index of quantity q of source s in a headline array; the last entry
 * (CYLCH_NHEAD − 1) is round2_local_share_grant_loan. */
#define CYLCH_HEAD(s, q) ((s) * CYLCH_NQ + (q))
#define CYLCH_HEAD_R2GL (CYLCH_NHEAD - 1)
const char *cylch_q_name(int q);        /* "lm3", "lmk", "lm_inf", … */
/* The name of headline entry h, e.g. "grant.lm3" or "round2_local_share_grant_loan". */
void cylch_headline_name(int h, char *buf, size_t len);
/* The readable name of headline entry h, in English for CSV files (the report and
 * terminal have their own, translated words), e.g. "Local circulation per £1 of
 * grant, LM3 (three rounds)" or "Jobs supported by grant"; K the rounds of LMk. */
void cylch_headline_label(int h, size_t K, char *buf, size_t len);
/* The unit of headline entry h: "£ per £1" (multipliers), "£ a year" (local wages),
 * "FTE" (jobs) or "share" (a number from 0 to 1). */
const char *cylch_headline_unit(int h);
/* What source s's "every £1" is of, in English: "grant", "loans and investment", … */
const char *cylch_source_words(int s);

typedef struct cylch_model cylch_model;

/* A model (and workspace) for networks of net's shape: its members and trade
 * links. NULL when out of memory. */
cylch_model *cylch_model_new(const cylch_network *net);
void cylch_model_free(cylch_model *m);

size_t cylch_model_agents(const cylch_model *m);   /* n + 2 */

/* fast = 1: factorise small networks with a plain LU without pivoting (stable
 * here: (I − A)ᵀ is strictly diagonally dominant) instead of GSL's, to avoid
 * BLAS call overhead in the draw loop; results agree to rounding. Default 0. */
void cylch_model_set_fast(cylch_model *m, int fast);

/* Members whose modelled local sales at baseline exceed their reported income
 * in the last build (DESIGN §8.1: their exogenous income is set to 0): the
 * count, and the first one's index in *first (may be NULL). */
size_t cylch_model_inconsistent(const cylch_model *m, size_t *first);
int cylch_model_member_inconsistent(const cylch_model *m, size_t j);
/* 1 if households' spending with member j was capped in the last build (DESIGN
 * §8.8: at most what it reports selling locally beyond its sales to members). */
int cylch_model_member_capped(const cylch_model *m, size_t j);

/* Fill A, the leakage shares, jobs per £ and the injections from member values
 * (an array of n × CYLCH_NCOLS doubles, member-major: vals[j*CYLCH_NCOLS + c],
 * the same shape as net) and place parameters. Trade amounts come from the
 * network given to cylch_model_new; if a member's trade with members exceeds its
 * local purchases (possible only in a Monte Carlo draw: the loader refuses it)
 * it is scaled down to them, so that no coefficient is negative.
 * Errors: CYLCH_EMODEL when a column of A sums to 1 or more (the message names
 * the agent: the multiplier would be infinite). Never allocates. */
int cylch_model_build(cylch_model *m, const double *vals, const cylch_place *p, cylch_error *err);

/* The factors (n of them, one per member, writable; 1 after cylch_model_new)
 * by which the next builds multiply every trade link member j buys: a draw in
 * which a member's purchases move with its income or its split of spending
 * (DESIGN §8.6) moves its purchases from other members with them. */
double *cylch_model_trade_factors(cylch_model *m);

/* The coefficient A[i][j] of the last build (for explain and tests). */
double cylch_model_a(const cylch_model *m, size_t i, size_t j);
/* Injection of source s into agent i, £/year. */
double cylch_model_injection(const cylch_model *m, int s, size_t i);
/* Share of agent j's receipts leaking to destination d. */
double cylch_model_leak_share(const cylch_model *m, int d, size_t j);

/* The headline quantities of the last build into h[CYLCH_NHEAD], for K rounds
 * (lmk; lm3 always uses 3). A quantity whose injection is zero is NaN (the
 * caller writes it as "no value"). Never allocates. Errors: CYLCH_EINTERNAL if
 * a solve fails or an iteration does not converge. */
int cylch_model_headline(cylch_model *m, size_t K, double *h, cylch_error *err);

/* Everything of DESIGN §3 for one source. */
typedef struct cylch_source_result {
    double injection;        /* 1ᵀ f, £/year */
    double *rounds;          /* r_1..r_K, £/year (K entries) */
    double lm3;              /* (r1 + r2 + r3) / r1 */
    double lmk;              /* Σ_k r_k / r1 over K rounds */
    double lm_inf;           /* 1ᵀ (I − A)⁻¹ f / 1ᵀ f, Type II */
    double lm_inf_type1;     /* the same with households outside the model */
    double local_wages;      /* [(I − A)⁻¹ f]_H, £/year */
    double jobs;             /* eᵀ (I − A)⁻¹ f, FTE */
    /* DESIGN §8.3, over the rows of published input-output tables (point estimate only): */
    double output_type1;     /* business rows (members and B), households outside: = lm_inf_type1 */
    double output_type2;     /* business rows, households closed in */
    double income_type1;     /* households' income per £1, households outside */
    double income_type2;     /* households' income per £1, households closed in (local_wages / 1ᵀf) */
    double member_turnover;  /* Σ_m [(I − A)⁻¹ f]_m, £/year (§8.1) */
    double member_jobs;      /* Σ_m e_m [(I − A)⁻¹ f]_m, FTE: the members' own jobs */
    double lm3_nef;          /* income only: NEF's LM3 with round 1 the whole income T; NaN otherwise */
    double *leak;            /* K × CYLCH_NLEAK: leakage of round k by destination, £/year */
    double leak_total[CYLCH_NLEAK]; /* over all rounds (the Leontief limit), £/year */
} cylch_source_result;

typedef struct cylch_result {
    size_t n, K;
    cylch_source_result src[CYLCH_NSRC];
    double round2_local_share_grant_loan;
    double *member_multiplier;     /* 1ᵀ (I − A)⁻¹ e_j */
    double *member_round2_share;   /* colsum(j) */
    double *member_income;         /* T_j, £/year */
    double *member_jobs;           /* fte_j */
} cylch_result;

cylch_result *cylch_result_new(size_t n, size_t K);

/* The point value of headline entry h (a CYLCH_HEAD index) of r: the same
 * number that cylch_model_headline gives for the same build. */
double cylch_result_headline(const cylch_result *r, int h);
void cylch_result_free(cylch_result *r);

/* The headline multiplier of a run: LM∞ of grant money when there is any,
 * otherwise of money from outside, otherwise of income (a CYLCH_HEAD index). */
int cylch_result_headline_index(const cylch_result *r);
/* The same choice from the CYLCH_NHEAD headline values h of one evaluation: grant's LM∞
 * when it has a value (finite), else outside money's, else the members' income's. */
int cylch_headline_index(const double *h);

/* Compute r from the last build of m. Errors as cylch_model_headline. */
int cylch_model_result(cylch_model *m, cylch_result *r, cylch_error *err);

/* x = (I − A)⁻¹ f_s: every agent's turnover (£/year) from source s in the last
 * build, by summing the rounds A^k f_s until they are below 1e-15 of the total
 * (x has cylch_model_agents(m) entries). Errors: CYLCH_EINTERNAL if the rounds
 * do not shrink (cannot happen with column sums below 1). */
int cylch_model_turnover(cylch_model *m, int s, double *x, cylch_error *err);

/* Convenience: values of a network as the vals array of cylch_model_build
 * (n × CYLCH_NCOLS, caller owns; NULL when out of memory). */
double *cylch_network_values(const cylch_network *net);

#endif /* CYLCH_MODEL_H */
