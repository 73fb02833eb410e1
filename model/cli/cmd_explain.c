/* cylch explain: the model step by step, for checking by hand. */
#include <stdio.h>

#include "cli.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/core/model.h"
#include "cylch/present/explain.h"

int cli_cmd_explain(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_notes notes = {0, NULL};
    int source = CYLCH_SRC_GRANT, rc, status;

    if (cli_given(a, OPT_SOURCE) && (source = cylch_explain_source_find(cli_text(a, OPT_SOURCE))) == -2)
        return cli_misuse(cmd->name, "--source '%s' is not grant, loan, trade, external, income or all",
                          cli_text(a, OPT_SOURCE));
    cylch_error_clear(&err);
    if ((rc = cli_load_applied(a->pos[0], &s, &net, &notes, &err)))
        goto done;
    /* Default: grant money when there is any, otherwise the members' income. */
    if (!cli_given(a, OPT_SOURCE)) {
        double g = 0.0;
        for (size_t j = 0; j < net->n; j++)
            g += net->m[j].v[CYLCH_COL_GRANT];
        source = g > 0.0 ? CYLCH_SRC_GRANT : CYLCH_SRC_INCOME;
    }
    rc = cylch_explain_write(stdout, s, net, source, (unsigned long)cli_num(a, OPT_ROUNDS), &err);
done:
    status = rc ? cli_fail(&err) : 0;
    cylch_notes_clear(&notes);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return status;
}
