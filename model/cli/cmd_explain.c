/* cylch explain: the model step by step, for checking by hand. */
#include <stdio.h>

#include "cli.h"
#include "cylch/core/model.h"
#include "cylch/core/run.h"
#include "cylch/present/explain.h"

int cli_cmd_explain(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_run *run = NULL;
    int source = CYLCH_SRC_GRANT, rc, status;

    if (cli_given(a, OPT_SOURCE) && (source = cylch_explain_source_find(cli_text(a, OPT_SOURCE))) == -2)
        return cli_misuse(cmd->name, "--source '%s' is not grant, loan, trade, external, income or all",
                          cli_text(a, OPT_SOURCE));
    cylch_error_clear(&err);
    {
        cylch_run_options ro = cli_run_options(a);
        ro.have_draws = ro.have_seed = 0;
        rc = cylch_run_new(a->pos[0], &ro, &run, &err);
    }
    if (rc)
        goto done;
    /* Default: grant money when there is any, otherwise the members' income. */
    if (!cli_given(a, OPT_SOURCE)) {
        double g = 0.0;
        for (size_t j = 0; j < run->net->n; j++)
            g += run->net->m[j].v[CYLCH_COL_GRANT];
        source = g > 0.0 ? CYLCH_SRC_GRANT : CYLCH_SRC_INCOME;
    }
    rc = cylch_explain_write(stdout, run, source, (unsigned long)cli_num(a, OPT_ROUNDS), &err);
    if (rc == CYLCH_EIO && ferror(stdout))
        rc = cylch_error_set(&err, CYLCH_EIO, "cannot write the explanation to standard output");
done:
    status = rc ? cli_fail(&err) : 0;
    cylch_run_free(run);
    return status;
}
