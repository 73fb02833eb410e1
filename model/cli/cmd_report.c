/* cylch report: one page from several results folders. */
#include <stdio.h>

#include "cli.h"
#include "cylch/io/results.h"
#include "cylch/io/lang.h"
#include "cylch/present/report.h"

/* cylch report DIR… [--out FILE]: one page from several results folders. */
/* The combined page, from the folders given. After Ctrl-C or SIGTERM (which may also
 * have cut a read short) the page is not kept: cylch_file_write_atomic removes its
 * temporary file, the previous page stays, and the exit status is 128 + the signal. */
static int w_combined(FILE *f, const void *ctx, cylch_error *err)
{
    const cli_args *a = ctx;
    int rc = cli_check_interrupted(err);
    if (!rc)
        rc = cylch_report_combine(a->pos, a->npos, f, err);
    if (cli_interrupted) {
        cylch_error_clear(err);
        rc = cli_check_interrupted(err);
    }
    return rc;
}

int cli_cmd_report(const cli_command *cmd, const cli_args *a)
{
    const char *out = cli_given(a, OPT_OUT) ? cli_text(a, OPT_OUT) : cmd->out_default;
    cylch_error err;

    cylch_error_clear(&err);
    if (cylch_file_write_atomic(out, cli_given(a, OPT_FORCE), w_combined, a, &err))
        return cli_fail(&err);
    printf(_("Report of %zu results folders written to %s (self-contained: open it in a browser, or "
             "print it to A4).\n"), a->npos, out);
    return 0;
}
