/* cylch — one run of a scenario: load, edit, build and solve at the point values
 * (include/cylch/core/run.h). */
#include <stdlib.h>
#include <string.h>

#include "cylch/core/run.h"

int cylch_run_load(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err)
{
    cylch_run *run;
    int rc;
    *out = NULL;
    if (!(run = calloc(1, sizeof *run)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    if ((rc = cylch_scenario_load(path, &run->s, err))) {
        cylch_run_free(run);
        return rc;
    }
    if (opt && opt->have_draws)
        run->s->draws = opt->draws;
    if (opt && opt->have_seed)
        run->s->seed = opt->seed;
    for (size_t i = 0; opt && i < opt->nset; i++)
        if ((rc = cylch_scenario_set(run->s, opt->set[i], err))) {
            cylch_run_free(run);
            return rc;
        }
    *out = run;
    return CYLCH_OK;
}

int cylch_run_apply(cylch_run *run, cylch_error *err)
{
    int rc;
    if ((rc = cylch_network_load(run->s->network, &run->net, err)))
        return rc;
    return cylch_scenario_apply(run->s, run->net, &run->notes, err);
}

int cylch_run_solve(cylch_run *run, cylch_error *err)
{
    int rc;
    if (!run->net && (rc = cylch_run_apply(run, err)))
        return rc;
    if (!(run->model = cylch_model_new(run->net)) ||
        !(run->point = cylch_result_new(run->net->n, run->s->rounds)) ||
        !(run->vals = cylch_network_values(run->net)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_scenario_place_point(run->s, &run->place);
    if ((rc = cylch_model_build(run->model, run->vals, &run->place, err)) ||
        (rc = cylch_model_result(run->model, run->point, err)))
        return cylch_error_prefix(err, rc, run->s->path);
    return CYLCH_OK;
}

int cylch_run_new(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err)
{
    int rc;
    if ((rc = cylch_run_load(path, opt, out, err)))
        return rc;
    if ((rc = cylch_run_solve(*out, err))) {
        cylch_run_free(*out);
        *out = NULL;
    }
    return rc;
}

void cylch_run_free(cylch_run *run)
{
    if (!run)
        return;
    cylch_result_free(run->point);
    cylch_model_free(run->model);
    free(run->vals);
    cylch_notes_clear(&run->notes);
    cylch_network_free(run->net);
    cylch_scenario_free(run->s);
    free(run);
}
