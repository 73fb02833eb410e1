/* cylch — one run of a scenario: the object that owns what `cylch run`, `compare`,
 * `sensitivity` and `explain` all start from: the scenario, its network after the
 * scenario's edits, the notes made on the way, the model built at the point values
 * (every input at its central value) and the point result.
 *
 * In steps, so that a caller can act in between (compare gives every scenario the base's
 * seed and draws; the web server checks where the network is and applies the page's
 * values): cylch_run_load reads the scenario file; cylch_run_apply loads its network and
 * applies its edits; cylch_run_solve builds the model and solves it (applying first if
 * that was not done). cylch_run_new does it all. */
#ifndef CYLCH_CORE_RUN_H
#define CYLCH_CORE_RUN_H

#include <stdint.h>
#include "cylch/io/error.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"

/* What the command line may put in place of the scenario file's values. */
typedef struct cylch_run_options {
    int have_draws;            /* 1: draws replaces the scenario's draws */
    unsigned long draws;       /* 0 to CYLCH_DRAWS_MAX */
    int have_seed;             /* 1: seed replaces the scenario's seed */
    uint64_t seed;
    size_t nset;               /* settings "section.key=value" applied in order (cylch_scenario_set) */
    const char *const *set;
} cylch_run_options;

typedef struct cylch_run {
    cylch_scenario *s;         /* the scenario, draws and seed as the options say */
    cylch_network *net;        /* after the scenario's edits; NULL before cylch_run_solve */
    cylch_notes notes;         /* clamps of the edits, and any note a caller adds */
    double *vals;              /* net's values (cylch_network_values) */
    cylch_place place;         /* the place parameters at their point values */
    cylch_model *model;        /* built at the point values */
    cylch_result *point;       /* the point result, s->rounds rounds */
} cylch_run;

/* Reads the scenario at path (cylch_scenario_load) and applies opt (may be NULL).
 * On success *out owns a new run, not yet solved (cylch_run_free); on error *out is
 * NULL. Errors: those of cylch_scenario_load, CYLCH_ENOMEM. */
int cylch_run_load(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err);

/* Loads the network the scenario names into run->net and applies the scenario's edits
 * (notes into run->notes). Errors: those of cylch_network_load and cylch_scenario_apply
 * (which name their file). After an error, free the run. */
int cylch_run_apply(cylch_run *run, cylch_error *err);

/* Applies the scenario (cylch_run_apply) unless run->net is already there, then builds
 * the model at the point values and works out the point result over run->s->rounds.
 * Errors: those of cylch_run_apply; those of cylch_model_build and cylch_model_result,
 * prefixed with the scenario file's path; CYLCH_ENOMEM. After an error, free the run. */
int cylch_run_solve(cylch_run *run, cylch_error *err);

/* cylch_run_load, then cylch_run_solve. */
int cylch_run_new(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err);

/* Frees the run and everything it owns; NULL is allowed. */
void cylch_run_free(cylch_run *run);

#endif /* CYLCH_CORE_RUN_H */
