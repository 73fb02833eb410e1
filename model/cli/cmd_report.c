/* cylch report: one page from several results folders. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cylch/present/report.h"

/* cylch report DIR… [--out FILE]: one page from several results folders. */
int cli_cmd_report(const cli_command *cmd, const cli_args *a)
{
    const char *out = cli_given(a, OPT_OUT) ? cli_text(a, OPT_OUT) : cmd->out_default;
    const char **dirs = a->pos;
    size_t nd = a->npos;
    int status = 0, rc;
    cylch_error err;
    char *tmp = NULL;
    FILE *f = NULL;
    struct stat sb;

    cylch_error_clear(&err);
    if (stat(out, &sb) == 0 && !cli_given(a, OPT_FORCE)) {
        rc = cylch_error_set(&err, CYLCH_EEXIST, "%s already exists; add --force to replace it, or choose "
                             "another file with --out", out);
        goto done;
    }
    /* Written to a temporary name beside the target, then renamed. */
    if (!(tmp = malloc(strlen(out) + 32))) {
        rc = cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    snprintf(tmp, strlen(out) + 32, "%s.partial-%ld", out, (long)getpid());
    if (!(f = fopen(tmp, "wb"))) {
        rc = cylch_error_set(&err, CYLCH_EIO, "cannot write %s: %s", out, strerror(errno));
        goto done;
    }
    rc = cylch_report_combine(dirs, nd, f, &err);
    if (fclose(f) != 0 && rc == CYLCH_OK)
        rc = cylch_error_set(&err, CYLCH_EIO, "writing %s failed (disk full?)", out);
    if (rc == CYLCH_OK && rename(tmp, out) != 0)
        rc = cylch_error_set(&err, CYLCH_EIO, "cannot write %s: %s", out, strerror(errno));
    if (rc)
        remove(tmp);
    else
        printf("Report of %zu results folders written to %s (self-contained: open it in a browser, or "
               "print it to A4).\n", nd, out);
done:
    if (rc)
        status = cli_fail(&err);
    free(tmp);
    return status;
}
