/* cylch compare and cylch sensitivity: paired scenarios, and what the result rests on;
 * both write their figures, plots and a report page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/io/lang.h"
#include "cylch/io/results.h"
#include "cylch/present/plots.h"
#include "cylch/present/report.h"
#include "cylch/present/workbook.h"
#include "cylch/uncertainty/compare.h"
#include "cylch/uncertainty/sensitivity.h"

static void compare_progress(void *ctx, size_t i, size_t n, size_t done, size_t total)
{
    const cli_progress *ps = ctx;
    if (ps->lines) {
        fprintf(stderr, "cylch-progress %zu %zu %zu %zu\n", done, total, i, n);
        fflush(stderr);
        return;
    }
    cli_progress_show(ctx, done, total);
}

/* The files of a comparison and of a sensitivity analysis, each a row. */
CYLCH_FILE_WRITER_ARG(w_compare_json, cylch_compare_write_json, CYLCH_VERSION)
CYLCH_FILE_WRITER(w_compare_csv, cylch_compare_write_csv)
CYLCH_FILE_WRITER(w_compare_rounded, cylch_compare_write_rounded_csv)
CYLCH_FILE_WRITER(w_compare_draws, cylch_compare_write_draws_csv)
CYLCH_FILE_WRITER(w_compare_cost, cylch_compare_write_cost_csv)
static const cylch_file_spec compare_files[] = {
    {"compare.json", w_compare_json, 0},
    {"compare-rounded.csv", w_compare_rounded, 0},
    {"compare.csv", w_compare_csv, 0},
    {"compare-draws.csv", w_compare_draws, 0},
    {"cost.csv", w_compare_cost, 0},
};

CYLCH_FILE_WRITER(w_sens_csv, cylch_sens_write_csv)
CYLCH_FILE_WRITER_ARG(w_sens_json, cylch_sens_write_json, CYLCH_VERSION)
CYLCH_FILE_WRITER(w_sens_tornado, cylch_sens_write_tornado_csv)
CYLCH_FILE_WRITER(w_sens_sobol, cylch_sens_write_sobol_csv)
/* needs: the method's bit (1u << method) */
static const cylch_file_spec sens_files[] = {
    {"sensitivity.csv", w_sens_csv, 0},
    {"sensitivity.json", w_sens_json, 0},
    {"tornado.csv", w_sens_tornado, 1u << CYLCH_SENS_TORNADO},
    {"sobol.csv", w_sens_sobol, 1u << CYLCH_SENS_SOBOL},
};

/* The plots of compare/sensitivity (scripts names[], unless no_plots) and a
 * report.html holding text and the figures drawn, into the staging folder.
 * Missing gnuplot or scripts are warnings (into warn), not errors. */
static int extra_plots_and_page(cylch_outdir *od, int no_plots, const char *title, const char *text,
                                size_t n, const char *const *names, const char *const *titles,
                                const char *const *captions, const char *appendix_title,
                                const char *appendix, char *warn, size_t warnlen, cylch_error *err)
{
    const char *dn[8], *dt[8], *dc[8];
    size_t nd = 0;
    char scripts[4096];
    int rc;
    warn[0] = '\0';
    if (!no_plots && n > 0) {
        if (cylch_plots_find_scripts(scripts, sizeof scripts, err) != CYLCH_OK) {
            snprintf(warn, warnlen, _("%.500s; no plots were made"), err->msg);
            cylch_error_clear(err);
        } else {
            for (size_t i = 0; i < n && i < 8; i++) {
                int drawn = 0;
                char msg[512];
                if ((rc = cylch_plots_extra(od->stage, scripts, names[i], &drawn, msg, sizeof msg, err)))
                    return rc;
                if (drawn) {
                    dn[nd] = names[i];
                    dt[nd] = titles[i];
                    dc[nd++] = captions[i];
                } else if (!warn[0]) {
                    snprintf(warn, warnlen, "%s", msg);
                }
            }
        }
    }
    return cylch_report_page(od->stage, title, text, nd, dn, dt, dc, appendix_title, appendix, err);
}

/* The text of a report page: what print writes for x, then method (caller frees), or NULL. */
static char *page_text(void (*print)(FILE *, const void *), const void *x, const char *method)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    print(f, x);
    fputs(method, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void print_compare(FILE *f, const void *c)
{
    cylch_compare_summary(f, c);
}

static void print_ranking(FILE *f, const void *c)
{
    cylch_compare_write_ranking(f, c);
}

/* The ranking by cost (caller frees), or NULL when there is none. */
static char *capture_ranking(const cylch_compare *c)
{
    char *buf = page_text(print_ranking, c, "");
    if (buf && !*buf) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

static void print_sens(FILE *f, const void *r)
{
    cylch_sens_summary(f, r);
}

static void print_sens_table(FILE *f, const void *r)
{
    cylch_sens_write_table(f, r);
}

int cli_cmd_compare(const cli_command *cmd, const cli_args *a)
{
    (void)cmd;
    cylch_error err;
    cylch_compare *c = NULL;
    cylch_compare_options co;
    cylch_outdir od = {NULL, NULL};
    cli_progress ps;
    char outbuf[4096];
    const char *outdir;
    int rc = 0, status = 0;
    char warn[600];

    cylch_error_clear(&err);
    memset(&co, 0, sizeof co);
    co.have_draws = cli_given(a, OPT_DRAWS); co.draws = cli_num(a, OPT_DRAWS);
    co.have_seed = cli_given(a, OPT_SEED); co.seed = cli_num(a, OPT_SEED);
    co.threads = (unsigned)cli_num(a, OPT_THREADS);
    co.stop = &cli_interrupted;
    cli_progress_start(&ps, a);
    if (ps.on) {
        co.progress = compare_progress;
        co.progress_ctx = &ps;
    }
    cli_install_sigint();
    if ((rc = cylch_compare_new(a->pos, a->npos, &co, &c, &err)) || (rc = cylch_compare_run(c, &co, &err)))
        goto done;
    cli_progress_clear(&ps);
    if (cli_text(a, OPT_OUT)) outdir = cli_text(a, OPT_OUT);
    else { snprintf(outbuf, sizeof outbuf, "results/compare-%s", c->sc[0].s->name); outdir = outbuf; }
    if ((rc = cylch_outdir_begin(&od, outdir, cli_given(a, OPT_FORCE), &err)))
        goto done;
    if ((rc = cylch_outdir_write_files(&od, compare_files, sizeof compare_files / sizeof *compare_files, 0,
                                       c, &err)))
        goto abort;
    {
        /* The workbook's About sheet names the base and every scenario compared with it. */
        const cylch_scenario **sc = calloc(c->nscen, sizeof *sc);
        cylch_workbook_about about = {sc, c->nscen, c->draws, (unsigned long long)c->seed};
        if (!sc) {
            rc = cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
            goto abort;
        }
        for (size_t i = 0; i < c->nscen; i++)
            sc[i] = c->sc[i].s;
        rc = cylch_workbook_write_outdir(&od, "compare.xlsx", compare_files,
                                         sizeof compare_files / sizeof *compare_files, 0, &about, &err);
        free(sc);
        if (rc)
            goto abort;
    }
    {
        static const char *const names[] = {"compare-distributions", "compare-differences"};
        const char *const titles[] = {_("The scenarios side by side"), _("The difference each scenario makes")};
        const char *const captions[] = {
            _("How the headline multiplier and the local circulation set off by the members' income "
              "spread over the paired Monte Carlo draws, scenario by scenario (the base in black)."),
            _("The difference from the base, draw by draw: because every scenario uses the same random "
              "numbers for what they share, this spread is the uncertainty of the difference itself.")};
        const char *const method = _(
            "\n\nHow to read this. Every scenario was worked out for the same Monte Carlo draws: in draw k "
            "each uncertain input the scenarios share (the households' local spending, other businesses' "
            "local shares, each member's local shares) takes the same value in every scenario, drawn "
            "from the distributions written in the scenario files. The difference a policy makes is "
            "then computed draw by draw, so the 90% range of a difference measures how sure we are of "
            "the difference itself, and is much narrower than comparing two separate ranges. \"Lower "
            "in 100% of draws\" means that in every draw the scenario gave less than the base.\n\n"
            "Local circulation is the pounds a year that the members' whole income sets circulating in "
            "the local economy over all rounds of local spending (the Leontief limit, round 1 "
            "included). The multiplier is the pounds of local economic activity per £1 of money coming "
            "in. Both are worked out as in cylch run; compare.csv and compare.json hold every headline "
            "figure's difference (at the reported values, on average, 5th, 50th and 95th percentile, "
            "and the probability of being higher than the base), and compare-draws.csv every draw.");
        char *text = page_text(print_compare, c, method), *ranking = capture_ranking(c);
        char title[300];
        snprintf(title, sizeof title, _("Comparing scenarios with %s"), c->sc[0].s->name);
        rc = text ? extra_plots_and_page(&od, cli_given(a, OPT_NO_PLOTS), title, text, 2, names, titles, captions,
                                         ranking ? _("Value for public money: the scenarios ranked") : NULL,
                                         ranking, warn, sizeof warn, &err)
                  : cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
        free(text);
        free(ranking);
        if (rc)
            goto abort;
    }
    if ((rc = cli_commit(&od, &err)))
        goto abort;
    if (warn[0])
        fprintf(stderr, _("cylch: warning: %s\n"), warn);
    /* Each note once: scenarios on the same network share what reading it normalised. */
    for (size_t i = 0; i < c->nscen; i++)
        for (size_t k = 0; k < c->sc[i].notes->n; k++) {
            int seen = 0;
            for (size_t i2 = 0; i2 <= i && !seen; i2++)
                for (size_t k2 = 0; k2 < (i2 < i ? c->sc[i2].notes->n : k) && !seen; k2++)
                    seen = strcmp(c->sc[i2].notes->line[k2], c->sc[i].notes->line[k]) == 0;
            /* Warnings are in the summary (and the report); with --quiet, here. */
            if (!seen && strncmp(c->sc[i].notes->line[k], "warning: ", 9) == 0) {
                if (cli_given(a, OPT_QUIET))
                    fprintf(stderr, "cylch: %s\n", c->sc[i].notes->text[k]);
            } else if (!seen) {
                fprintf(stderr, _("cylch: note: %s\n"), c->sc[i].notes->text[k]);
            }
        }
    if (!cli_given(a, OPT_QUIET)) {
        cylch_compare_summary(stdout, c);
        {
            char *ranking = capture_ranking(c);
            if (ranking)
                printf("\n%s", ranking);
            free(ranking);
        }
        printf(_("\nResults written to %s/ (report.html; compare.xlsx; compare-rounded.csv to paste; "
                 "compare.json, compare.csv, cost.csv, compare-draws.csv).\n"), outdir);
    }
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc) status = cli_fail(&err);
    cylch_outdir_clear(&od);
    cylch_compare_free(c);
    return status;
}


/* How to read a sensitivity page: the methods, and on a difference what the
 * difference is. */
static const char sens_method_text[] = N_(
    "\n\nHow to read this. Tornado: each uncertain input is moved from its 5th to its 95th "
    "percentile while every other input stays at its point value, except those correlated with it "
    "in [uncertainty], which move with it to their medians given it; the swing of the multiplier "
    "ranks the inputs. Spearman: over the Monte Carlo draws (which honour the correlations), the "
    "rank correlation of each input with each result (+1: the result always rises with the input; "
    "0: no link). Sobol: "
    "the share of the result's variance that each input explains alone (first-order index) "
    "and with its interactions (total index), from Saltelli's sampling scheme on a quasi-random "
    "sample, with 95% bootstrap intervals; inputs correlated with each other count as one group. "
    "Two inputs whose intervals overlap cannot be told "
    "apart: their order means nothing. An input that matters little can be left as it is; an "
    "input that matters most is the one worth better evidence. sensitivity.csv and "
    "sensitivity.json hold the figures for every input and every headline quantity.");
static const char sens_against_text[] = N_(
    "\n\nOn a difference. Every figure here is of the difference between the two scenarios, "
    "worked out with the same value of each input in both (as cylch compare pairs its draws): an "
    "input both scenarios share moves both together, so what is left is what the difference "
    "itself rests on. An input only one scenario has moves that scenario alone.");

/* The report page of a sensitivity analysis: the summary, how to read it, the
 * plot of the method and, for Sobol, the table of every input. */
static int sens_page(cylch_outdir *od, const cylch_sens *r, int no_plots, char *warn, size_t warnlen,
                     cylch_error *err)
{
    static const char *const tn[] = {"tornado"}, *const sn[] = {"sobol"};
    const char *const tt[] = {_("What moves the multiplier most")},
                      *const tc[] = {_("Each uncertain input moved from its 5th to its 95th "
                                       "percentile, the others at their point values (those "
                                       "correlated with it at their medians given it); the "
                                       "inputs with the largest swing are at the top.")};
    const char *const st[] = {_("Sobol sensitivity indices")},
                      *const sc[] = {_("First-order index (the input alone) and total index (with "
                                       "its interactions) of each input, with 95% bootstrap "
                                       "intervals: the share of the result's variance each "
                                       "input accounts for.")};
    const int tor = r->method == CYLCH_SENS_TORNADO, sob = r->method == CYLCH_SENS_SOBOL;
    char *method = NULL, *text = NULL, *table = NULL, title[400];
    size_t len = 0;
    int rc;
    FILE *f = open_memstream(&method, &len);
    if (f) {
        fputs(_(sens_method_text), f);
        if (r->against)
            fputs(_(sens_against_text), f);
        if (fclose(f) != 0) {
            free(method);
            method = NULL;
        }
    }
    if (method)
        text = page_text(print_sens, r, method);
    if (sob)
        table = page_text(print_sens_table, r, "");
    if (!text || (sob && !table)) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    } else {
        if (r->against)
            snprintf(title, sizeof title, _("What the difference between %s and %s rests on (%s)"), r->scenario,
                     r->against, cylch_sens_method_name(r->method));
        else
            snprintf(title, sizeof title, _("What the result rests on: %s (%s)"), r->scenario,
                     cylch_sens_method_name(r->method));
        rc = extra_plots_and_page(od, no_plots, title, text, (tor || sob) ? 1 : 0, tor ? tn : sn,
                                  tor ? tt : st, tor ? tc : sc, sob ? _("Every input's Sobol indices") : NULL,
                                  table, warn, warnlen, err);
    }
    free(method);
    free(text);
    free(table);
    return rc;
}

int cli_cmd_sensitivity(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_run *run = NULL, *other = NULL;
    cylch_sens *r = NULL;
    cylch_sens_options so = cylch_sens_options_default();
    char warn[600];
    cylch_outdir od = {NULL, NULL};
    cli_progress ps;
    char outbuf[4096];
    const char *outdir, *against = cli_text(a, OPT_AGAINST);
    int rc = 0, status = 0;

    if (against)
        so.method = CYLCH_SENS_SOBOL;
    if (cli_text(a, OPT_METHOD) && (so.method = cylch_sens_method_find(cli_text(a, OPT_METHOD))) < 0)
        return cli_misuse(cmd->name, "--method '%s' is not tornado, spearman or sobol", cli_text(a, OPT_METHOD));
    if (against && so.method == CYLCH_SENS_SPEARMAN)
        return cli_misuse(cmd->name, "--against works with --method tornado or sobol, not %s", "spearman");
    cylch_error_clear(&err);
    so.n = cli_given(a, OPT_DRAWS) ? cli_num(a, OPT_DRAWS) : 0;   /* spearman: draws; sobol: base sample N */
    so.have_seed = cli_given(a, OPT_SEED);
    so.seed = cli_num(a, OPT_SEED);
    so.threads = (unsigned)cli_num(a, OPT_THREADS);
    so.stop = &cli_interrupted;
    cli_progress_start(&ps, a);
    if (ps.on) {
        so.progress = cli_progress_show;
        so.progress_ctx = &ps;
    }
    cli_install_sigint();
    cylch_run_options ro = cli_run_options(a);
    ro.have_draws = ro.have_seed = 0;   /* the sensitivity options say what they mean here */
    if ((rc = cylch_run_new(a->pos[0], &ro, &run, &err)))
        goto done;
    if (against) {
        cylch_run_options ra = ro;
        ra.nset = 0;                    /* --set changes SCENARIO.ini only */
        ra.set = NULL;
        if ((rc = cylch_run_new(against, &ra, &other, &err)) ||
            (rc = cylch_sens_run_against(run->s, run->net, other->s, other->net, &so, &r, &err)))
            goto done;
    } else if ((rc = cylch_sens_run(run->s, run->net, &so, &r, &err))) {
        goto done;
    }
    cli_progress_clear(&ps);
    if (cli_text(a, OPT_OUT))
        outdir = cli_text(a, OPT_OUT);
    else if (against)
        outdir = outbuf, snprintf(outbuf, sizeof outbuf, "results/sensitivity-%s-against-%s-%s", run->s->name,
                                  other->s->name, cylch_sens_method_name(so.method));
    else
        outdir = outbuf, snprintf(outbuf, sizeof outbuf, "results/sensitivity-%s-%s", run->s->name,
                                  cylch_sens_method_name(so.method));
    if ((rc = cylch_outdir_begin(&od, outdir, cli_given(a, OPT_FORCE), &err)))
        goto done;
    if ((rc = cylch_outdir_write_files(&od, sens_files, sizeof sens_files / sizeof *sens_files,
                                       1u << so.method, r, &err)) ||
        (rc = sens_page(&od, r, cli_given(a, OPT_NO_PLOTS), warn, sizeof warn, &err)) ||
        (rc = cli_commit(&od, &err)))
        goto abort;
    if (warn[0])
        fprintf(stderr, _("cylch: warning: %s\n"), warn);
    if (!cli_given(a, OPT_QUIET)) {
        cylch_sens_summary(stdout, r);
        if (so.method == CYLCH_SENS_SOBOL) {
            putchar('\n');
            cylch_sens_write_table(stdout, r);
        }
        printf(_("\nResults written to %s/ (report.html, sensitivity.csv, sensitivity.json).\n"), outdir);
    }
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc) status = cli_fail(&err);
    cylch_outdir_clear(&od);
    cylch_sens_free(r);
    cylch_run_free(other);
    cylch_run_free(run);
    return status;
}
