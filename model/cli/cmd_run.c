/* cylch run: one scenario, its point result and draws, and its results folder. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/run.h"
#include "cylch/core/scenario.h"
#include "cylch/io/json.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/present/files.h"
#include "cylch/present/industries.h"
#include "cylch/present/plots.h"
#include "cylch/present/report.h"
#include "cylch/present/summary.h"
#include "cylch/uncertainty/mc.h"

/* industries.dat for plots/industries.gp: the headline source's industries. */
static int w_industries_dat(FILE *f, const void *ctx, cylch_error *err)
{
    const cylch_plots_run *run = ctx;
    (void)err;
    return cylch_write_industries_dat(f, run->industries, cylch_result_headline_index(run->r) / CYLCH_NQ);
}

/* The plots (unless --no-plots) and report.html, into the staging folder.
 * Missing scripts or gnuplot are warnings, not errors: the numbers stand. */
static int write_plots_and_report(cylch_outdir *od, int no_plots, const cylch_scenario *s,
                                  const cylch_network *net, const cylch_result *r, const cylch_mc *mc,
                                  const cylch_stats_summary *stats, const cylch_notes *notes,
                                  const cylch_industries *ind,
                                  cylch_plots_status *pst, int *have_pst, cylch_error *err)
{
    cylch_plots_run run = {s, net, r, mc, stats, notes, ind};
    char scripts[4096];
    int rc;
    if (!no_plots) {
        if (cylch_plots_find_scripts(scripts, sizeof scripts, err) == CYLCH_OK) {
            if ((rc = cylch_plots_write(od->stage, scripts, &run, 1, pst, err)))
                return rc;
            *have_pst = 1;
            if (ind) {
                /* Where the money goes by industry, for the headline source. */
                int drawn = 0;
                char msg[512];
                if ((rc = cylch_outdir_write(od, "industries.dat", w_industries_dat, &run, err)) ||
                    (rc = cylch_plots_extra(od->stage, scripts, "industries", &drawn, msg, sizeof msg, err)))
                    return rc;
                if (!drawn && pst->gnuplot_found)
                    fprintf(stderr, _("cylch: warning: the industries plot was not drawn: %s\n"), msg);
            }
        } else {
            /* The report must say why there are no plots: not --no-plots, but this. */
            fprintf(stderr, _("cylch: warning: %s; no plots were made\n"), err->msg);
            memset(pst, 0, sizeof *pst);
            snprintf(pst->message, sizeof pst->message, _("No plots were made: %.900s."), err->msg);
            cylch_error_clear(err);
            *have_pst = 1;
        }
    }
    return cylch_report_write(od->stage, &run, *have_pst ? pst : NULL, err);
}

int cli_cmd_run(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_run *run = NULL;
    const cylch_scenario *s;
    const cylch_network *net;
    const cylch_result *r;
    const cylch_notes *notes;
    cylch_run_options ro = cli_run_options(a);
    cylch_industries *ind = NULL;
    cylch_outdir od = {NULL, NULL};
    cylch_run_files rf;
    cylch_mc *mc = NULL;
    cylch_stats_summary *stats = NULL;
    cylch_summary_mc mcs = {0, NULL};
    cylch_plots_status pst;
    int have_pst = 0;
    char outbuf[4096];
    const char *outdir;
    int rc, status = 0;
    cylch_draws_file draws_file = CYLCH_DRAWS_CSV;

    (void)cmd;
    if (cli_given(a, OPT_DRAWS_FILE)) {
        const char *df = cli_text(a, OPT_DRAWS_FILE);
        if (!strcmp(df, "csv"))
            draws_file = CYLCH_DRAWS_CSV;
        else if (!strcmp(df, "npy"))
            draws_file = CYLCH_DRAWS_NPY;
        else if (!strcmp(df, "none"))
            draws_file = CYLCH_DRAWS_NONE;
        else
            return cli_misuse(cmd->name, "--draws-file '%s' must be csv, npy or none", df);
    }
    cylch_error_clear(&err);
    cli_install_sigint();

    if ((rc = cylch_run_new(a->pos[0], &ro, &run, &err)))
        goto done;
    s = run->s;
    net = run->net;
    r = run->point;
    notes = &run->notes;
    if (net->economy && (rc = cylch_industries_compute(run->model, net, &ind, &err)))
        goto done;
    if ((rc = cylch_mc_new(s, net, 0, &mc, &err)))
        goto done;
    if ((rc = cli_check_interrupted(&err)))
        goto done;
    if (s->draws == 0 && mc->nparams > 0 && !cli_given(a, OPT_QUIET))
        fprintf(stderr, _("cylch: note: the scenario has %zu uncertain inputs but draws = 0, so only the "
                          "point estimate (each input at its central value) is worked out; add --draws "
                          "N for ranges\n"), mc->nparams);
    if (s->draws > 0) {
        cli_progress ps;
        cli_progress_start(&ps, a);
        rc = cylch_mc_run(mc, s, net, (unsigned)cli_num(a, OPT_THREADS), ps.on ? cli_progress_show : NULL,
                          &ps, &cli_interrupted, &err);
        cli_progress_clear(&ps);
        /* A draw without a finite answer comes from the scenario's ranges: name its file. */
        if (rc == CYLCH_EMODEL || rc == CYLCH_EINPUT)
            rc = cylch_error_prefix(&err, rc, s->path);
        if (rc)
            goto done;
        if (!(stats = calloc(CYLCH_NHEAD, sizeof *stats))) {
            rc = cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = cylch_mc_summarise(mc, stats, &err)))
            goto done;
        mcs.draws = mc->done;
        mcs.head = stats;
    }
    /* [economy] with single_agent: the single agent B beside it, same draws */
    if (ind && (rc = cylch_industries_single_agent(ind, s, r, run->model, s->draws ? mc : NULL,
                                                   (unsigned)cli_num(a, OPT_THREADS),
                                                   &cli_interrupted, &err)))
        goto done;

    if (cli_given(a, OPT_OUT)) {
        outdir = cli_text(a, OPT_OUT);
    } else {
        snprintf(outbuf, sizeof outbuf, "results/%s", s->name);
        outdir = outbuf;
    }
    if ((rc = cylch_outdir_begin(&od, outdir, cli_given(a, OPT_FORCE), &err)))
        goto done;
    rf = (cylch_run_files){s, net, r, notes, s->draws ? mc : NULL, stats, draws_file, CYLCH_VERSION, ind};
    if ((rc = cylch_run_files_write(&od, &rf, &err)) ||
        (rc = write_plots_and_report(&od, cli_given(a, OPT_NO_PLOTS), s, net, r, s->draws ? mc : NULL, s->draws ? stats : NULL,
                                     notes, ind, &pst, &have_pst, &err)) ||
        (rc = cli_commit(&od, &err))) {
        cylch_outdir_abort(&od);
        goto done;
    }
    for (size_t i = 0; i < notes->n; i++)
        fprintf(stderr, strncmp(notes->line[i], "warning: ", 9) ? _("cylch: note: %s\n") : "cylch: %s\n",
                notes->text[i]);
    if (have_pst && !pst.gnuplot_found)
        fprintf(stderr, _("cylch: warning: gnuplot not found, so the plots were not drawn; to draw them "
                          "later: cd %s && gnuplot *.gp\n"), outdir);
    else if (have_pst && pst.message[0])
        fprintf(stderr, _("cylch: warning: %s\n"), pst.message);
    if (!cli_given(a, OPT_QUIET)) {
        cylch_summary_write(stdout, s, net, r, s->draws ? &mcs : NULL);
        if (ind)
            cylch_industries_write_single(stdout, ind);
        putchar('\n');
        printf(_("Results written to %s/ (report.html to read or print; results.xlsx for a spreadsheet; "
                 "summary-rounded.csv to paste; summary.json, rounds.csv, members.csv, leakage.csv%s%s%s).\n"),
               outdir, ind ? ", industries.csv" : "",
               !s->draws ? "" : draws_file == CYLCH_DRAWS_CSV ? ", draws.csv, histogram.csv, convergence.csv"
               : draws_file == CYLCH_DRAWS_NPY ? ", draws.npy, draws-columns.csv, histogram.csv, convergence.csv"
               : ", histogram.csv, convergence.csv",
               have_pst && pst.gnuplot_found ? _("; plots as PNG and SVG") : "");
    }
done:
    if (rc)
        status = cli_fail(&err);
    cylch_outdir_clear(&od);
    cylch_mc_free(mc);
    free(stats);
    cylch_industries_free(ind);
    cylch_run_free(run);
    return status;
}
