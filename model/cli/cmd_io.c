/* cylch io: Type I and Type II multipliers of an input-output table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cylch/cli/io_regional.h"
#include "cylch/io/lang.h"
#include "cylch/core/iotable.h"
#include "cylch/io/results.h"

/* The files of cylch io, each a row. */
typedef struct io_files {
    const cylch_iotable *t;
    const cylch_io_result *r;
} io_files;

static int w_multipliers(FILE *f, const void *ctx, cylch_error *err)
{
    const io_files *x = ctx;
    return cylch_io_write_multipliers(f, x->t, x->r, err);
}

static int w_leontief1(FILE *f, const void *ctx, cylch_error *err)
{
    const io_files *x = ctx;
    return cylch_io_write_leontief(f, x->t, x->r, CYLCH_IO_TYPE1, err);
}

static int w_leontief2(FILE *f, const void *ctx, cylch_error *err)
{
    const io_files *x = ctx;
    return cylch_io_write_leontief(f, x->t, x->r, CYLCH_IO_TYPE2, err);
}

enum { NEED_TYPE2 = 1u };
static const cylch_file_spec io_file_table[] = {
    {"multipliers.csv", w_multipliers, 0},
    {"leontief.csv", w_leontief1, 0},
    {"leontief-type2.csv", w_leontief2, NEED_TYPE2},
};

int cli_cmd_io(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_iotable *t = NULL;
    cylch_io_result *r = NULL;
    cylch_outdir od = {NULL, NULL};
    cli_io_regional reg;
    cli_io_regional_opts ro = {cli_text(a, OPT_REGIONS), cli_text(a, OPT_AREA),
                               cli_text(a, OPT_NATIONAL), cli_text(a, OPT_MEASURE),
                               cli_text(a, OPT_MAP), cli_text(a, OPT_METHOD), cli_text(a, OPT_DELTA)};
    const cylch_iotable *solved;
    char outbuf[4096];
    const char *outdir;
    int rc, status = 0;

    (void)cmd;
    memset(&reg, 0, sizeof reg);
    cylch_error_clear(&err);
    if ((rc = cylch_iotable_read(a->pos[0], &t, &err)))
        goto done;
    /* Regionalised, every multiplier is the area's (its table replaces the nation's). */
    if (cli_io_regional_wanted(&ro) && (rc = cli_io_regionalise(&ro, t, &reg, &err)))
        goto done;
    solved = reg.table ? reg.table : t;
    if ((rc = cylch_iotable_solve(solved, &r, &err)))
        goto done;
    if (cli_text(a, OPT_OUT)) {
        outdir = cli_text(a, OPT_OUT);
    } else {
        const char *base = strrchr(a->pos[0], '/') ? strrchr(a->pos[0], '/') + 1 : a->pos[0];
        const char *slash = strrchr(a->pos[0], '/');
        /* data/scotland-2019/io-table.csv -> results/io-scotland-2019 */
        if (slash && slash != a->pos[0]) {
            const char *p = slash - 1;
            while (p > a->pos[0] && p[-1] != '/')
                p--;
            snprintf(outbuf, sizeof outbuf, "results/io-%.*s", (int)(slash - p), p);
        } else {
            snprintf(outbuf, sizeof outbuf, "results/io-%s", base);
        }
        outdir = outbuf;
    }
    if ((rc = cylch_outdir_begin(&od, outdir, cli_given(a, OPT_FORCE), &err)))
        goto done;
    {
        const io_files ctx = {solved, r};
        if ((rc = cylch_outdir_write_files(&od, io_file_table, sizeof io_file_table / sizeof *io_file_table,
                                           cylch_io_result_has_type2(r) ? NEED_TYPE2 : 0u, &ctx, &err)))
            goto abort;
    }
    if (reg.table && (rc = cli_io_regional_write(&od, t, &reg, &err)))
        goto abort;
    if ((rc = cli_commit(&od, &err)))
        goto abort;
    if (!cli_given(a, OPT_QUIET) && reg.table)
        printf(_("Regionalised to %s (%s, %s%s%.3g): lambda* = %.4f.\n"), reg.rg->area,
               cylch_lq_measure_name(reg.rg->measure), cylch_lq_method_name(reg.method),
               reg.method >= CYLCH_LQ_FLQ ? ", delta " : "", reg.method >= CYLCH_LQ_FLQ ? reg.delta : 0.0,
               cylch_regional_lambda(reg.rg, reg.delta));
    if (!cli_given(a, OPT_QUIET))
        printf(_("%zu industries: Type I%s multipliers written to %s/multipliers.csv, the Leontief "
                 "inverse to %s/leontief.csv.\n"), cylch_io_result_n(r),
               cylch_io_result_has_type2(r) ? _(" and Type II") : "", outdir, outdir);
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc)
        status = cli_fail(&err);
    cylch_outdir_clear(&od);
    cylch_io_result_free(r);
    cli_io_regional_clear(&reg);
    cylch_iotable_free(t);
    return status;
}
