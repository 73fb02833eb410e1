/* cylch explain: the model step by step, for checking by hand; with --csv DIR
 * the same tables as CSV files, written whole or not at all. */
#include <stdio.h>

#include "cli.h"
#include "cylch/core/model.h"
#include "cylch/core/run.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/present/explain.h"

int cli_cmd_explain(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_run *run = NULL;
    cylch_explain *e = NULL;
    cylch_outdir od = {NULL, NULL};
    const char *csv = cli_text(a, OPT_CSV);
    int source = CYLCH_SRC_GRANT, rc, status;

    if (cli_given(a, OPT_SOURCE) && (source = cylch_explain_source_find(cli_text(a, OPT_SOURCE))) == -2)
        return cli_misuse(cmd->name, "--source '%s' is not grant, loan, trade, external, income or all",
                          cli_text(a, OPT_SOURCE));
    if (cli_given(a, OPT_FORCE) && !csv)
        return cli_misuse(cmd->name, "%s replaces the --csv folder; give --csv DIR too", "--force");
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
    if ((rc = cylch_explain_new(run, source, (unsigned long)cli_num(a, OPT_ROUNDS), &e, &err)))
        goto done;
    /* The files first: a folder that cannot be written stops before the long print. */
    if (csv) {
        cli_install_sigint();
        if ((rc = cylch_outdir_begin(&od, csv, cli_given(a, OPT_FORCE), &err))) {
            if (rc == CYLCH_EEXIST) /* the folder was named with --csv, not --out */
                cylch_error_set(&err, rc, "%s already exists; add --force to replace it, or choose another "
                                "folder with --csv", csv);
            goto done;
        }
        if ((rc = cylch_outdir_write_files(&od, cylch_explain_files, cylch_explain_nfiles, 0, e, &err)) ||
            (rc = cli_commit(&od, &err))) {
            cylch_outdir_abort(&od);
            goto done;
        }
    }
    rc = cylch_explain_print(stdout, e, &err);
    if (rc == CYLCH_OK && csv)
        printf(_("\nThe tables as CSV: %s/ (A.csv, leontief.csv, injections.csv, rounds.csv).\n"), csv);
    if (rc == CYLCH_OK && ferror(stdout))
        rc = cylch_error_set(&err, CYLCH_EIO, "could not write the explanation");
    if (rc == CYLCH_EIO && ferror(stdout))
        rc = cylch_error_set(&err, CYLCH_EIO, "cannot write the explanation to standard output");
done:
    status = rc ? cli_fail(&err) : 0;
    cylch_outdir_clear(&od);
    cylch_explain_free(e);
    cylch_run_free(run);
    return status;
}
