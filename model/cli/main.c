/* cylch — the command line. It parses options, calls the modules in the order
 * data flows (load → scenario → model → Monte Carlo → statistics → outputs →
 * plots) and is the only place that prints errors or exits. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "cylch/io/error.h"
#include "cylch/uncertainty/compare.h"
#include "cylch/present/explain.h"
#include "cylch/core/iotable.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/io/format.h"
#include "cylch/io/results.h"
#include "cylch/present/files.h"
#include "cylch/present/plots.h"
#include "cylch/present/report.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/sensitivity.h"
#include "cylch/present/summary.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

static const char usage_main[] =
    "cylch " CYLCH_VERSION " — how much of the money reaching a network of social enterprises\n"
    "circulates in the local economy, through wages and local trade, before it leaks away.\n"
    "\n"
    "Usage:\n"
    "  cylch run SCENARIO.ini [options]   work out the local multipliers of a network\n"
    "  cylch compare BASE.ini OTHER.ini…  what changes between scenarios, with its uncertainty\n"
    "  cylch sensitivity SCENARIO.ini     which assumptions the result rests on\n"
    "  cylch explain SCENARIO.ini         the model step by step: matrix, rounds, limit\n"
    "  cylch report DIR [DIR…]            one report from several results folders\n"
    "  cylch io TABLE.csv [options]       Type I and Type II multipliers of an input-output table\n"
    "  cylch COMMAND --help               the options of a command\n"
    "  cylch --version                    print the version\n"
    "\n"
    "Example:\n"
    "  cylch run scenarios/bro-ffestiniog.ini\n"
    "\n"
    "Money is in pounds a year (£), staff in full-time equivalents (FTE); results go to\n"
    "results/<scenario name>/ unless --out says.\n"
    "\n"
    "Documentation, in the docs/ folder of cylch's source: model.md (the model and every\n"
    "formula), funding-case.md (a network's case from its own accounts), policy.md (comparing\n"
    "scenarios), students.md (a worksheet), data-sources.md (where the sample data come from).\n";

static const char usage_run[] =
    "Usage: cylch run SCENARIO.ini [options]\n"
    "\n"
    "Reads the scenario (and the network folder it names), applies its changes, and works\n"
    "out how each £1 of grant, loan and trade money circulates locally: rounds of spending\n"
    "(LM3), the long-run (Leontief) multiplier with and without households' re-spending,\n"
    "local wages, jobs, and where the money leaks out.\n"
    "\n"
    "Options:\n"
    "  --out DIR      write the results into DIR (default: results/<scenario name>)\n"
    "  --force        replace DIR if it already exists\n"
    "  --draws N      Monte Carlo draws (overrides the scenario's 'draws'; 0 = point only)\n"
    "  --seed S       random seed (overrides the scenario's 'seed')\n"
    "  --threads T    threads for the draws (default: all cores; results are the same)\n"
    "  --no-plots     do not draw the plots (report.html is still written)\n"
    "  --quiet        print nothing but errors\n"
    "  -h, --help     this help\n"
    "\n"
    "Files written: summary.json, rounds.csv, members.csv, leakage.csv, report.html; with draws\n"
    "also draws.csv, histogram.csv, convergence.csv; and each plot as NAME.png and NAME.svg\n"
    "with the data (NAME.dat) and gnuplot script (NAME.gp) it was drawn from.\n"
    "Exit status: 0 done, 2 bad input (the message names the file and line), 1 other errors.\n"
    "See docs/model.md for what each figure means, docs/funding-case.md for a worked case.\n";

static const char usage_io[] =
    "Usage: cylch io TABLE.csv [options]\n"
    "\n"
    "Reads an industry-by-industry input-output table (wide CSV: the row label, one column per\n"
    "industry, optional 'households' and 'final_demand' columns, then 'total_output'; optional\n"
    "'households', 'gva' and 'employment' rows) and writes each industry's Type I and Type II\n"
    "output multiplier and income, GVA and employment effects and multipliers.\n"
    "\n"
    "Options:\n"
    "  --out DIR      write the results into DIR (default: results/io-<table name>)\n"
    "  --force        replace DIR if it already exists\n"
    "  -h, --help     this help\n"
    "\n"
    "Files written: multipliers.csv, leontief.csv (Type I), leontief-type2.csv (when the table\n"
    "has households).\n"
    "See docs/model.md (section 10) for the formulas, docs/students.md (part B) for exercises.\n";

static const char usage_compare[] =
    "Usage: cylch compare BASE.ini OTHER.ini [MORE.ini…] [options]\n"
    "\n"
    "Runs every scenario with the same random numbers (paired draws: the same seed and draw\n"
    "give every shared uncertain input the same value) and reports, for each scenario, the\n"
    "difference from the base: at the reported values, on average, its 90% range, and the\n"
    "probability that it is higher than the base. The other scenarios take the base's seed and\n"
    "number of draws.\n"
    "\n"
    "Options:\n"
    "  --out DIR      write the results into DIR (default: results/compare-<base name>)\n"
    "  --force        replace DIR if it already exists\n"
    "  --draws N      Monte Carlo draws for every scenario (default: the base's)\n"
    "  --seed S       random seed for every scenario (default: the base's)\n"
    "  --threads T    threads for the draws (results are the same)\n"
    "  --no-plots     do not draw the plots\n"
    "  --quiet        print nothing but errors\n"
    "  -h, --help     this help\n"
    "\n"
    "Files written: report.html, compare.json, compare.csv, compare-draws.csv, and the plots\n"
    "compare-distributions and compare-differences (PNG and SVG, with their gnuplot scripts).\n"
    "See docs/policy.md for writing policies as scenarios and reading paired ranges.\n";

static const char usage_sensitivity[] =
    "Usage: cylch sensitivity SCENARIO.ini [options]\n"
    "\n"
    "Which uncertain inputs move the result most.\n"
    "\n"
    "Options:\n"
    "  --method M     tornado (default): each input alone from its 5th to its 95th percentile;\n"
    "                 spearman: rank correlation of each input with each result over the draws;\n"
    "                 sobol: first-order and total Sobol indices with 95% bootstrap intervals\n"
    "  --draws N      draws for spearman, base sample size for sobol (default 1000)\n"
    "  --seed S       random seed (default: the scenario's)\n"
    "  --threads T    threads (results are the same)\n"
    "  --out DIR      write the results into DIR (default: results/sensitivity-<name>-<method>)\n"
    "  --force        replace DIR if it already exists\n"
    "  --no-plots     do not draw the plots\n"
    "  --quiet        print nothing but errors\n"
    "  -h, --help     this help\n"
    "\n"
    "Files written: report.html, sensitivity.csv, sensitivity.json, and tornado.csv or sobol.csv\n"
    "with its plot (PNG and SVG, with the gnuplot script).\n"
    "See docs/policy.md (section 4) for choosing a method, docs/model.md (section 12) for the formulas.\n";

static const char usage_explain[] =
    "Usage: cylch explain SCENARIO.ini [options]\n"
    "\n"
    "Prints the model step by step so it can be checked by hand: the coefficient matrix A\n"
    "(what each agent spends locally with each other agent per £1 it receives), the money\n"
    "coming in, each round's flows and leaks, and the long-run (Leontief) limit.\n"
    "\n"
    "Options:\n"
    "  --source S     grant, loan, trade, external, income or all (default: grant, or income\n"
    "                 when there is no grant)\n"
    "  --rounds K     rounds to print (default: the scenario's)\n"
    "  -h, --help     this help\n"
    "\n"
    "See docs/model.md for the formulas, docs/students.md for exercises to check by hand.\n";

static const char usage_report[] =
    "Usage: cylch report DIR [DIR…] [--out FILE] [--force]\n"
    "\n"
    "Joins the report.html of several results folders (from cylch run, compare and sensitivity)\n"
    "into one self-contained page, each part starting on a new printed page: a funding case with\n"
    "its comparison and what it rests on, in one file to attach.\n"
    "\n"
    "Options:\n"
    "  --out FILE     the page to write (default: results/report.html)\n"
    "  --force        replace FILE if it already exists\n"
    "  -h, --help     this help\n"
    "\n"
    "See docs/funding-case.md for what to say, and not say, about the figures.\n";

/* Options shared by the commands, as a table. */
typedef struct opts {
    const char *input;
    const char *out;
    int force, quiet, help, no_plots;
    int have_draws, have_seed, have_threads;
    const char *method, *source;   /* sensitivity --method, explain --source */
    int have_rounds;
    unsigned long rounds;          /* explain --rounds */
    unsigned long draws, threads;
    unsigned long long seed;
} opts;

enum { ARG_NONE, ARG_STRING, ARG_ULONG, ARG_SEED };
typedef struct opt_def {
    const char *name;
    int arg;
    size_t offset;      /* into opts */
    size_t flag_offset; /* "have_" flag, or (size_t)-1 */
    unsigned long max;
} opt_def;

#define OFF(f) offsetof(opts, f)
static const opt_def run_opts[] = {
    {"--out", ARG_STRING, OFF(out), (size_t)-1, 0},
    {"--force", ARG_NONE, OFF(force), (size_t)-1, 0},
    {"--quiet", ARG_NONE, OFF(quiet), (size_t)-1, 0},
    {"--draws", ARG_ULONG, OFF(draws), OFF(have_draws), CYLCH_DRAWS_MAX},
    {"--seed", ARG_SEED, OFF(seed), OFF(have_seed), 0},
    {"--threads", ARG_ULONG, OFF(threads), OFF(have_threads), 1024},
    {"--no-plots", ARG_NONE, OFF(no_plots), (size_t)-1, 0},
    {NULL, 0, 0, 0, 0}
};
static const opt_def io_opts[] = {
    {"--out", ARG_STRING, OFF(out), (size_t)-1, 0},
    {"--force", ARG_NONE, OFF(force), (size_t)-1, 0},
    {"--quiet", ARG_NONE, OFF(quiet), (size_t)-1, 0},
    {NULL, 0, 0, 0, 0}
};

static int misuse(const char *cmd, const char *fmt, const char *what)
{
    fprintf(stderr, "cylch%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\ntry 'cylch %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
    return 2;
}

/* Parse argv[first..] against defs; returns 0 or an exit status. */
static int parse_opts(const char *cmd, const opt_def *defs, int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        const opt_def *d;
        char name[64];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = 1;
            return 0;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->input)
                return misuse(cmd, "unexpected argument '%s'", a);
            o->input = a;
            continue;
        }
        /* --name=value or --name value */
        snprintf(name, sizeof name, "%s", a);
        if (strchr(name, '=')) {
            *strchr(name, '=') = '\0';
            val = strchr(a, '=') + 1;
        }
        for (d = defs; d->name; d++)
            if (strcmp(d->name, name) == 0)
                break;
        if (!d->name)
            return misuse(cmd, "unknown option '%s'", a);
        if (d->arg == ARG_NONE) {
            if (val)
                return misuse(cmd, "option '%s' takes no value", name);
            *(int *)((char *)o + d->offset) = 1;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc)
                return misuse(cmd, "option '%s' needs a value", name);
            val = argv[++i];
        }
        if (d->arg == ARG_STRING) {
            *(const char **)((char *)o + d->offset) = val;
        } else if (d->arg == ARG_ULONG) {
            unsigned long v;
            if (!cylch_parse_ulong(val, 0, d->max, &v) || (d->offset == OFF(threads) && v == 0)) {
                fprintf(stderr, "cylch %s: %s '%s' must be a whole number from %d to %lu\ntry 'cylch %s --help'\n",
                        cmd, name, val, d->offset == OFF(threads) ? 1 : 0, d->max, cmd);
                return 2;
            }
            *(unsigned long *)((char *)o + d->offset) = v;
        } else {
            char *end;
            unsigned long long v;
            errno = 0;
            v = strtoull(val, &end, 10);
            if (!*val || *end || errno == ERANGE || val[0] == '-') {
                fprintf(stderr, "cylch %s: --seed '%s' must be a whole number\ntry 'cylch %s --help'\n",
                        cmd, val, cmd);
                return 2;
            }
            *(unsigned long long *)((char *)o + d->offset) = v;
        }
        if (d->flag_offset != (size_t)-1)
            *(int *)((char *)o + d->flag_offset) = 1;
    }
    return 0;
}

/* Ctrl-C: the draws stop, nothing is committed, the previous results stay. */
static volatile sig_atomic_t interrupted = 0;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress_state {
    int shown;
    double start;
} progress_state;

/* A progress bar on standard error (a terminal only). */
static void show_progress(void *ctx, size_t done, size_t total)
{
    progress_state *ps = ctx;
    double el = wall_seconds() - ps->start, rate = el > 0 ? (double)done / el : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    int width = 30, fill = total ? (int)((double)width * (double)done / (double)total) : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r[%s] %3.0f%%  %zu of %zu draws, %.0f draws/s, %.0f s left ", bar,
            total ? 100.0 * (double)done / (double)total : 100.0, done, total, rate, left);
    fflush(stderr);
    ps->shown = 1;
}

static int fail(const cylch_error *e)
{
    fprintf(stderr, "cylch: %s\n", e->msg[0] ? e->msg : cylch_strerror(e->status));
    return cylch_exit_code(e->status);
}

static int write_run_files(cylch_outdir *od, const cylch_scenario *s, const cylch_network *net,
                           const cylch_result *r, const cylch_notes *notes, const cylch_mc *mc,
                           const cylch_stats_summary *stats, cylch_error *err)
{
    FILE *f;
    cylch_json j;
    int rc;
    int head = cylch_result_headline_index(r);
    char headline_name[96];

    cylch_headline_name(head, headline_name, sizeof headline_name);
    if (!(f = cylch_outdir_open(od, "summary.json", err)))
        return err->status;
    cylch_json_init(&j, f);
    cylch_json_begin_object(&j, NULL);
    cylch_json_str(&j, "cylch_version", CYLCH_VERSION);
    cylch_json_str(&j, "scenario", s->name);
    cylch_json_str(&j, "scenario_file", s->path);
    cylch_json_str(&j, "network", s->network);
    cylch_json_uint(&j, "seed", s->seed);
    cylch_json_uint(&j, "draws", s->draws);
    cylch_json_uint(&j, "rounds", s->rounds);
    cylch_json_begin_array(&j, "notes");
    for (size_t i = 0; i < notes->n; i++)
        cylch_json_str(&j, NULL, notes->line[i]);
    cylch_json_end_array(&j);
    cylch_json_str(&j, "headline", headline_name);
    cylch_json_point(&j, "point", net, r);
    if (mc)
        cylch_json_mc(&j, "mc", mc, stats);
    cylch_json_end_object(&j);
    if ((rc = cylch_outdir_close(f, "summary.json", err)))
        return rc;
    if (mc) {
        if (!(f = cylch_outdir_open(od, "draws.csv", err)))
            return err->status;
        cylch_write_draws_csv(f, mc);
        if ((rc = cylch_outdir_close(f, "draws.csv", err)))
            return rc;
        if (!(f = cylch_outdir_open(od, "histogram.csv", err)))
            return err->status;
        if ((rc = cylch_write_histogram_csv(f, mc, head, err))) {
            fclose(f);
            return rc;
        }
        if ((rc = cylch_outdir_close(f, "histogram.csv", err)))
            return rc;
        if (!(f = cylch_outdir_open(od, "convergence.csv", err)))
            return err->status;
        if ((rc = cylch_write_convergence_csv(f, mc, head, err))) {
            fclose(f);
            return rc;
        }
        if ((rc = cylch_outdir_close(f, "convergence.csv", err)))
            return rc;
    }

    if (!(f = cylch_outdir_open(od, "rounds.csv", err)))
        return err->status;
    cylch_write_rounds_csv(f, r);
    if ((rc = cylch_outdir_close(f, "rounds.csv", err)))
        return rc;
    if (!(f = cylch_outdir_open(od, "members.csv", err)))
        return err->status;
    cylch_write_members_csv(f, net, r);
    if ((rc = cylch_outdir_close(f, "members.csv", err)))
        return rc;
    if (!(f = cylch_outdir_open(od, "leakage.csv", err)))
        return err->status;
    cylch_write_leakage_csv(f, r);
    return cylch_outdir_close(f, "leakage.csv", err);
}

/* The plots (unless --no-plots) and report.html, into the staging folder.
 * Missing scripts or gnuplot are warnings, not errors: the numbers stand. */
static int write_plots_and_report(cylch_outdir *od, const opts *o, const cylch_scenario *s,
                                  const cylch_network *net, const cylch_result *r, const cylch_mc *mc,
                                  const cylch_stats_summary *stats, const cylch_notes *notes,
                                  cylch_plots_status *pst, int *have_pst, cylch_error *err)
{
    cylch_plots_run run = {s, net, r, mc, stats, notes};
    char scripts[4096];
    int rc;
    if (!o->no_plots) {
        if (cylch_plots_find_scripts(scripts, sizeof scripts, err) == CYLCH_OK) {
            if ((rc = cylch_plots_write(od->stage, scripts, &run, 1, pst, err)))
                return rc;
            *have_pst = 1;
        } else {
            /* The report must say why there are no plots: not --no-plots, but this. */
            fprintf(stderr, "cylch: warning: %s; no plots were made\n", err->msg);
            memset(pst, 0, sizeof *pst);
            snprintf(pst->message, sizeof pst->message, "No plots were made: %.900s.", err->msg);
            cylch_error_clear(err);
            *have_pst = 1;
        }
    }
    return cylch_report_write(od->stage, &run, *have_pst ? pst : NULL, err);
}

static int cmd_run(int argc, char **argv)
{
    opts o;
    cylch_error err;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_model *m = NULL;
    cylch_result *r = NULL;
    cylch_notes notes = {0, NULL};
    cylch_outdir od = {NULL, NULL};
    cylch_place place;
    cylch_mc *mc = NULL;
    cylch_stats_summary *stats = NULL;
    cylch_summary_mc mcs = {0, NULL};
    cylch_plots_status pst;
    int have_pst = 0;
    double *vals = NULL;
    char outbuf[4096];
    const char *outdir;
    int rc, status = 0;

    if ((status = parse_opts("run", run_opts, argc, argv, &o)))
        return status;
    if (o.help) {
        fputs(usage_run, stdout);
        return 0;
    }
    if (!o.input)
        return misuse("run", "%s", "which scenario? e.g. cylch run scenarios/bro-ffestiniog.ini");
    cylch_error_clear(&err);
    install_sigint();

    if ((rc = cylch_scenario_load(o.input, &s, &err)))
        goto done;
    if (o.have_draws)
        s->draws = o.draws;
    if (o.have_seed)
        s->seed = o.seed;
    if ((rc = cylch_network_load(s->network, &net, &err)))
        goto done;
    if ((rc = cylch_scenario_apply(s, net, &notes, &err)))
        goto done;
    if (!(m = cylch_model_new(net)) || !(r = cylch_result_new(net->n, s->rounds)) ||
        !(vals = cylch_network_values(net))) {
        rc = cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
        goto done;
    }
    cylch_scenario_place_point(s, &place);
    if ((rc = cylch_model_build(m, vals, &place, &err)) || (rc = cylch_model_result(m, r, &err)))
        goto done;
    if ((rc = cylch_mc_new(s, net, 0, &mc, &err)))
        goto done;
    if (interrupted) {
        rc = cylch_error_set(&err, CYLCH_EINTERRUPTED, "interrupted; the previous results are untouched");
        goto done;
    }
    if (s->draws == 0 && mc->nparams > 0 && !o.quiet)
        fprintf(stderr, "cylch: note: the scenario has %zu uncertain inputs but draws = 0, so only the "
                        "point estimate (each input at its central value) is worked out; add --draws "
                        "N for ranges\n", mc->nparams);
    if (s->draws > 0) {
        progress_state ps = {0, 0.0};
        int show = !o.quiet && isatty(STDERR_FILENO) && !getenv("CI");
        ps.start = wall_seconds();
        rc = cylch_mc_run(mc, s, net, o.have_threads ? (unsigned)o.threads : 0,
                          show ? show_progress : NULL, &ps, &interrupted, &err);
        if (show)
            fputs("\r\033[K", stderr);
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

    if (o.out) {
        outdir = o.out;
    } else {
        snprintf(outbuf, sizeof outbuf, "results/%s", s->name);
        outdir = outbuf;
    }
    if ((rc = cylch_outdir_begin(&od, outdir, o.force, &err)))
        goto done;
    if ((rc = write_run_files(&od, s, net, r, &notes, s->draws ? mc : NULL, stats, &err)) ||
        (rc = write_plots_and_report(&od, &o, s, net, r, s->draws ? mc : NULL, s->draws ? stats : NULL,
                                     &notes, &pst, &have_pst, &err)) ||
        (interrupted && (rc = cylch_error_set(&err, CYLCH_EINTERRUPTED,
                                              "interrupted; the previous results are untouched"))) ||
        (rc = cylch_outdir_commit(&od, &err))) {
        cylch_outdir_abort(&od);
        goto done;
    }
    for (size_t i = 0; i < notes.n; i++)
        fprintf(stderr, "cylch: note: %s\n", notes.line[i]);
    if (have_pst && !pst.gnuplot_found)
        fprintf(stderr, "cylch: warning: gnuplot not found, so the plots were not drawn; to draw them "
                        "later: cd %s && gnuplot *.gp\n", outdir);
    else if (have_pst && pst.message[0])
        fprintf(stderr, "cylch: warning: %s\n", pst.message);
    if (!o.quiet) {
        cylch_summary_write(stdout, s, net, r, s->draws ? &mcs : NULL);
        printf("\nResults written to %s/ (report.html to read or print; summary.json, rounds.csv, "
               "members.csv, leakage.csv%s%s).\n", outdir,
               s->draws ? ", draws.csv, histogram.csv, convergence.csv" : "",
               have_pst && pst.gnuplot_found ? "; plots as PNG and SVG" : "");
    }
done:
    if (rc)
        status = fail(&err);
    cylch_outdir_clear(&od);
    cylch_notes_clear(&notes);
    cylch_mc_free(mc);
    free(stats);
    free(vals);
    cylch_result_free(r);
    cylch_model_free(m);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return status;
}

static int cmd_io(int argc, char **argv)
{
    opts o;
    cylch_error err;
    cylch_iotable *t = NULL;
    cylch_io_result *r = NULL;
    cylch_outdir od = {NULL, NULL};
    char outbuf[4096];
    const char *outdir;
    FILE *f;
    int rc, status = 0;

    if ((status = parse_opts("io", io_opts, argc, argv, &o)))
        return status;
    if (o.help) {
        fputs(usage_io, stdout);
        return 0;
    }
    if (!o.input)
        return misuse("io", "%s", "which table? e.g. cylch io data/scotland-2019/io-table.csv");
    cylch_error_clear(&err);
    if ((rc = cylch_iotable_read(o.input, &t, &err)) || (rc = cylch_iotable_solve(t, &r, &err)))
        goto done;
    if (o.out) {
        outdir = o.out;
    } else {
        const char *base = strrchr(o.input, '/') ? strrchr(o.input, '/') + 1 : o.input;
        const char *slash = strrchr(o.input, '/');
        /* data/scotland-2019/io-table.csv -> results/io-scotland-2019 */
        if (slash && slash != o.input) {
            const char *p = slash - 1;
            while (p > o.input && p[-1] != '/')
                p--;
            snprintf(outbuf, sizeof outbuf, "results/io-%.*s", (int)(slash - p), p);
        } else {
            snprintf(outbuf, sizeof outbuf, "results/io-%s", base);
        }
        outdir = outbuf;
    }
    if ((rc = cylch_outdir_begin(&od, outdir, o.force, &err)))
        goto done;
    if (!(f = cylch_outdir_open(&od, "multipliers.csv", &err))) {
        rc = err.status;
        goto abort;
    }
    rc = cylch_io_write_multipliers(f, t, r, &err);
    if (rc) {
        fclose(f);
        goto abort;
    }
    if ((rc = cylch_outdir_close(f, "multipliers.csv", &err)))
        goto abort;
    if (!(f = cylch_outdir_open(&od, "leontief.csv", &err))) {
        rc = err.status;
        goto abort;
    }
    rc = cylch_io_write_leontief(f, t, r, CYLCH_IO_TYPE1, &err);
    if (rc) {
        fclose(f);
        goto abort;
    }
    if ((rc = cylch_outdir_close(f, "leontief.csv", &err)))
        goto abort;
    if (cylch_io_result_has_type2(r)) {
        if (!(f = cylch_outdir_open(&od, "leontief-type2.csv", &err))) {
            rc = err.status;
            goto abort;
        }
        rc = cylch_io_write_leontief(f, t, r, CYLCH_IO_TYPE2, &err);
        if (rc) {
            fclose(f);
            goto abort;
        }
        if ((rc = cylch_outdir_close(f, "leontief-type2.csv", &err)))
            goto abort;
    }
    if ((rc = cylch_outdir_commit(&od, &err)))
        goto abort;
    if (!o.quiet)
        printf("%zu industries: Type I%s multipliers written to %s/multipliers.csv, the Leontief "
               "inverse to %s/leontief.csv.\n", cylch_io_result_n(r),
               cylch_io_result_has_type2(r) ? " and Type II" : "", outdir, outdir);
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc)
        status = fail(&err);
    cylch_outdir_clear(&od);
    cylch_io_result_free(r);
    cylch_iotable_free(t);
    return status;
}

/* ---- cylch compare, cylch sensitivity, cylch explain ---- */

static const opt_def compare_opts[] = {
    {"--out", ARG_STRING, OFF(out), (size_t)-1, 0},
    {"--no-plots", ARG_NONE, OFF(no_plots), (size_t)-1, 0},
    {"--force", ARG_NONE, OFF(force), (size_t)-1, 0},
    {"--quiet", ARG_NONE, OFF(quiet), (size_t)-1, 0},
    {"--draws", ARG_ULONG, OFF(draws), OFF(have_draws), CYLCH_DRAWS_MAX},
    {"--seed", ARG_SEED, OFF(seed), OFF(have_seed), 0},
    {"--threads", ARG_ULONG, OFF(threads), OFF(have_threads), 1024},
    {NULL, 0, 0, 0, 0}
};

static void compare_progress(void *ctx, size_t i, size_t n, size_t done, size_t total)
{
    (void)n;
    (void)i;
    show_progress(ctx, done, total);
}

/* Write one file of the staging folder with writer(f, ...) returning 0 or -1. */
#define WRITE_FILE(od, name, call)                                                     \
    do {                                                                               \
        FILE *f_ = cylch_outdir_open(od, name, &err);                                  \
        if (!f_) { rc = err.status; goto abort; }                                      \
        if ((call) != 0) { fclose(f_); rc = cylch_error_set(&err, CYLCH_EIO, "cannot write %s", name); goto abort; } \
        if ((rc = cylch_outdir_close(f_, name, &err))) goto abort;                     \
    } while (0)

/* The plots of compare/sensitivity (scripts names[], unless no_plots) and a
 * report.html holding text and the figures drawn, into the staging folder.
 * Missing gnuplot or scripts are warnings (into warn), not errors. */
static int extra_plots_and_page(cylch_outdir *od, int no_plots, const char *title, const char *text,
                                size_t n, const char *const *names, const char *const *titles,
                                const char *const *captions, char *warn, size_t warnlen,
                                cylch_error *err)
{
    const char *dn[8], *dt[8], *dc[8];
    size_t nd = 0;
    char scripts[4096];
    int rc;
    warn[0] = '\0';
    if (!no_plots && n > 0) {
        if (cylch_plots_find_scripts(scripts, sizeof scripts, err) != CYLCH_OK) {
            snprintf(warn, warnlen, "%.500s; no plots were made", err->msg);
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
    return cylch_report_page(od->stage, title, text, nd, dn, dt, dc, NULL, NULL, err);
}

/* What a summary function prints, as a string (caller frees), or NULL. */
static char *capture_compare(const cylch_compare *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    cylch_compare_summary(f, c);
    fclose(f);
    return buf;
}

static char *capture_sens(const cylch_sens *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    cylch_sens_summary(f, r);
    fclose(f);
    return buf;
}

static int cmd_compare(int argc, char **argv)
{
    opts o;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t np = 0;
    cylch_error err;
    cylch_compare *c = NULL;
    cylch_compare_options co;
    cylch_outdir od = {NULL, NULL};
    progress_state ps = {0, 0.0};
    char outbuf[4096];
    const char *outdir;
    int rc = 0, status = 0;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    char warn[600];

    if (!paths || !rest) { fprintf(stderr, "cylch: out of memory\n"); free(paths); free(rest); return 1; }
    /* Positional arguments are the scenarios; the rest go through parse_opts. */
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] != '-') { paths[np++] = argv[i]; continue; }
        rest[nrest++] = argv[i];
        if (strchr(argv[i], '=') == NULL && i + 1 < argc &&
            (!strcmp(argv[i], "--out") || !strcmp(argv[i], "--draws") || !strcmp(argv[i], "--seed") ||
             !strcmp(argv[i], "--threads")))
            rest[nrest++] = argv[++i];
    }
    if ((status = parse_opts("compare", compare_opts, nrest, rest, &o)))
        goto out;
    if (o.help) { fputs(usage_compare, stdout); goto out; }
    if (np < 2) { status = misuse("compare", "%s", "give a base scenario and at least one other"); goto out; }
    cylch_error_clear(&err);
    memset(&co, 0, sizeof co);
    co.have_draws = o.have_draws; co.draws = o.draws;
    co.have_seed = o.have_seed; co.seed = o.seed;
    co.threads = o.have_threads ? (unsigned)o.threads : 0;
    co.stop = &interrupted;
    if (!o.quiet && isatty(STDERR_FILENO) && !getenv("CI")) { co.progress = compare_progress; co.progress_ctx = &ps; }
    install_sigint();
    ps.start = wall_seconds();
    if ((rc = cylch_compare_new(paths, np, &co, &c, &err)) || (rc = cylch_compare_run(c, &co, &err)))
        goto done;
    if (co.progress) fputs("\r\033[K", stderr);
    if (o.out) outdir = o.out;
    else { snprintf(outbuf, sizeof outbuf, "results/compare-%s", c->sc[0].s->name); outdir = outbuf; }
    if ((rc = cylch_outdir_begin(&od, outdir, o.force, &err)))
        goto done;
    WRITE_FILE(&od, "compare.json", cylch_compare_write_json(f_, c, CYLCH_VERSION));
    WRITE_FILE(&od, "compare.csv", cylch_compare_write_csv(f_, c));
    WRITE_FILE(&od, "compare-draws.csv", cylch_compare_write_draws_csv(f_, c));
    {
        static const char *const names[] = {"compare-distributions", "compare-differences"};
        static const char *const titles[] = {"The scenarios side by side",
                                             "The difference each scenario makes"};
        static const char *const captions[] = {
            "How the headline multiplier and the local circulation set off by the members' income "
            "spread over the paired Monte Carlo draws, scenario by scenario (the base in black).",
            "The difference from the base, draw by draw: because every scenario uses the same random "
            "numbers for what they share, this spread is the uncertainty of the difference itself."};
        static const char method[] =
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
            "and the probability of being higher than the base), and compare-draws.csv every draw.";
        char *body = capture_compare(c), *text = NULL;
        char title[300];
        if (body && (text = malloc(strlen(body) + sizeof method)))
            snprintf(text, strlen(body) + sizeof method, "%s%s", body, method);
        free(body);
        snprintf(title, sizeof title, "Comparing scenarios with %s", c->sc[0].s->name);
        rc = text ? extra_plots_and_page(&od, o.no_plots, title, text, 2, names, titles, captions,
                                         warn, sizeof warn, &err)
                  : cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
        free(text);
        if (rc)
            goto abort;
    }
    if ((rc = cylch_outdir_commit(&od, &err)))
        goto abort;
    if (warn[0])
        fprintf(stderr, "cylch: warning: %s\n", warn);
    for (size_t i = 0; i < c->nscen; i++)
        for (size_t k = 0; k < c->sc[i].notes.n; k++)
            fprintf(stderr, "cylch: note: %s\n", c->sc[i].notes.line[k]);
    if (!o.quiet) {
        cylch_compare_summary(stdout, c);
        printf("\nResults written to %s/ (report.html; compare.json, compare.csv, compare-draws.csv).\n",
               outdir);
    }
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc) status = fail(&err);
    cylch_outdir_clear(&od);
    cylch_compare_free(c);
out:
    free(paths);
    free(rest);
    return status;
}

static const opt_def sensitivity_opts[] = {
    {"--method", ARG_STRING, OFF(method), (size_t)-1, 0},
    {"--no-plots", ARG_NONE, OFF(no_plots), (size_t)-1, 0},
    {"--out", ARG_STRING, OFF(out), (size_t)-1, 0},
    {"--force", ARG_NONE, OFF(force), (size_t)-1, 0},
    {"--quiet", ARG_NONE, OFF(quiet), (size_t)-1, 0},
    {"--draws", ARG_ULONG, OFF(draws), OFF(have_draws), CYLCH_DRAWS_MAX},
    {"--seed", ARG_SEED, OFF(seed), OFF(have_seed), 0},
    {"--threads", ARG_ULONG, OFF(threads), OFF(have_threads), 1024},
    {NULL, 0, 0, 0, 0}
};

static const opt_def explain_opts[] = {
    {"--source", ARG_STRING, OFF(source), (size_t)-1, 0},
    {"--rounds", ARG_ULONG, OFF(rounds), OFF(have_rounds), 1000},
    {NULL, 0, 0, 0, 0}
};

/* Load a scenario and its network and apply its edits, as cmd_run does. */
static int load_applied(const char *path, cylch_scenario **s, cylch_network **net, cylch_notes *notes,
                        cylch_error *err)
{
    int rc;
    if ((rc = cylch_scenario_load(path, s, err)) || (rc = cylch_network_load((*s)->network, net, err)))
        return rc;
    return cylch_scenario_apply(*s, *net, notes, err);
}

static int cmd_sensitivity(int argc, char **argv)
{
    opts o;
    cylch_error err;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_notes notes = {0, NULL};
    cylch_sens *r = NULL;
    cylch_sens_options so = cylch_sens_options_default();
    char warn[600];
    cylch_outdir od = {NULL, NULL};
    progress_state ps = {0, 0.0};
    char outbuf[4096];
    const char *outdir;
    int rc = 0, status;

    if ((status = parse_opts("sensitivity", sensitivity_opts, argc, argv, &o)))
        return status;
    if (o.help) { fputs(usage_sensitivity, stdout); return 0; }
    if (!o.input)
        return misuse("sensitivity", "%s", "which scenario? e.g. cylch sensitivity scenarios/bro-ffestiniog.ini");
    if (o.method && (so.method = cylch_sens_method_find(o.method)) < 0)
        return misuse("sensitivity", "--method '%s' is not tornado, spearman or sobol", o.method);
    cylch_error_clear(&err);
    so.n = o.have_draws ? o.draws : 0;   /* spearman: draws; sobol: base sample N */
    so.have_seed = o.have_seed;
    so.seed = o.seed;
    so.threads = o.have_threads ? (unsigned)o.threads : 0;
    so.stop = &interrupted;
    if (!o.quiet && isatty(STDERR_FILENO) && !getenv("CI")) { so.progress = show_progress; so.progress_ctx = &ps; }
    install_sigint();
    ps.start = wall_seconds();
    if ((rc = load_applied(o.input, &s, &net, &notes, &err)) || (rc = cylch_sens_run(s, net, &so, &r, &err)))
        goto done;
    if (so.progress) fputs("\r\033[K", stderr);
    if (o.out) outdir = o.out;
    else { snprintf(outbuf, sizeof outbuf, "results/sensitivity-%s-%s", s->name, cylch_sens_method_name(so.method)); outdir = outbuf; }
    if ((rc = cylch_outdir_begin(&od, outdir, o.force, &err)))
        goto done;
    WRITE_FILE(&od, "sensitivity.csv", cylch_sens_write_csv(f_, r));
    WRITE_FILE(&od, "sensitivity.json", cylch_sens_write_json(f_, r, CYLCH_VERSION));
    if (so.method == CYLCH_SENS_TORNADO)
        WRITE_FILE(&od, "tornado.csv", cylch_sens_write_tornado_csv(f_, r));
    if (so.method == CYLCH_SENS_SOBOL)
        WRITE_FILE(&od, "sobol.csv", cylch_sens_write_sobol_csv(f_, r));
    {
        static const char *const tn[] = {"tornado"}, *const tt[] = {"What moves the multiplier most"},
                                 *const tc[] = {"Each uncertain input moved alone from its 5th to its 95th "
                                                "percentile, the others at their point values; the "
                                                "inputs with the largest swing are at the top."};
        static const char *const sn[] = {"sobol"}, *const st[] = {"Sobol sensitivity indices"},
                                 *const sc[] = {"First-order index (the input alone) and total index (with "
                                                "its interactions) of each input, with 95% bootstrap "
                                                "intervals: the share of the result's variance each "
                                                "input accounts for."};
        int tor = so.method == CYLCH_SENS_TORNADO, sob = so.method == CYLCH_SENS_SOBOL;
        static const char method[] =
            "\n\nHow to read this. Tornado: each uncertain input is moved alone from its 5th to its 95th "
            "percentile while every other input stays at its point value; the swing of the multiplier "
            "ranks the inputs. Spearman: over the Monte Carlo draws, the rank correlation of each "
            "input with each result (+1: the result always rises with the input; 0: no link). Sobol: "
            "the share of the result's variance that each input explains alone (first-order index) "
            "and with its interactions (total index), from Saltelli's sampling scheme, with 95% "
            "bootstrap intervals. An input that matters little can be left as it is; an input that "
            "matters most is the one worth better evidence. sensitivity.csv and sensitivity.json hold "
            "the figures for every input and every headline quantity.";
        char *body = capture_sens(r), *text = NULL;
        char title[300];
        if (body && (text = malloc(strlen(body) + sizeof method)))
            snprintf(text, strlen(body) + sizeof method, "%s%s", body, method);
        free(body);
        snprintf(title, sizeof title, "What the result rests on: %s (%s)", s->name,
                 cylch_sens_method_name(so.method));
        rc = text ? extra_plots_and_page(&od, o.no_plots, title, text, (tor || sob) ? 1 : 0,
                                         tor ? tn : sn, tor ? tt : st, tor ? tc : sc, warn, sizeof warn,
                                         &err)
                  : cylch_error_set(&err, CYLCH_ENOMEM, "out of memory");
        free(text);
        if (rc)
            goto abort;
    }
    if ((rc = cylch_outdir_commit(&od, &err)))
        goto abort;
    if (warn[0])
        fprintf(stderr, "cylch: warning: %s\n", warn);
    if (!o.quiet) {
        cylch_sens_summary(stdout, r);
        printf("\nResults written to %s/ (report.html, sensitivity.csv, sensitivity.json).\n", outdir);
    }
    goto done;
abort:
    cylch_outdir_abort(&od);
done:
    if (rc) status = fail(&err);
    cylch_outdir_clear(&od);
    cylch_sens_free(r);
    cylch_notes_clear(&notes);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return status;
}

static int cmd_explain(int argc, char **argv)
{
    opts o;
    cylch_error err;
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_notes notes = {0, NULL};
    int source = CYLCH_SRC_GRANT, rc, status;

    if ((status = parse_opts("explain", explain_opts, argc, argv, &o)))
        return status;
    if (o.help) { fputs(usage_explain, stdout); return 0; }
    if (!o.input)
        return misuse("explain", "%s", "which scenario? e.g. cylch explain scenarios/toy-town.ini");
    if (o.source && (source = cylch_explain_source_find(o.source)) == -2)
        return misuse("explain", "--source '%s' is not grant, loan, trade, external, income or all", o.source);
    if (o.have_rounds && o.rounds == 0)
        return misuse("explain", "%s", "--rounds must be from 1 to 1000");
    cylch_error_clear(&err);
    if ((rc = load_applied(o.input, &s, &net, &notes, &err)))
        goto done;
    /* Default: grant money when there is any, otherwise the members' income. */
    if (!o.source) {
        double g = 0.0;
        for (size_t j = 0; j < net->n; j++)
            g += net->m[j].v[CYLCH_COL_GRANT];
        source = g > 0.0 ? CYLCH_SRC_GRANT : CYLCH_SRC_INCOME;
    }
    rc = cylch_explain_write(stdout, s, net, source, o.have_rounds ? o.rounds : 0, &err);
done:
    status = rc ? fail(&err) : 0;
    cylch_notes_clear(&notes);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return status;
}

/* cylch report DIR… [--out FILE]: one page from several results folders. */
static int cmd_report(int argc, char **argv)
{
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    const char *out = "results/report.html";
    int force = 0, status = 0, rc;
    size_t nd = 0;
    cylch_error err;
    char *tmp = NULL;
    FILE *f = NULL;
    struct stat sb;

    if (!dirs) {
        fprintf(stderr, "cylch: out of memory\n");
        return 1;
    }
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage_report, stdout);
            goto out;
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else if (!strcmp(argv[i], "--out")) {
            if (i + 1 >= argc) {
                status = misuse("report", "option '%s' needs a value", "--out");
                goto out;
            }
            out = argv[++i];
        } else if (!strncmp(argv[i], "--out=", 6)) {
            out = argv[i] + 6;
        } else if (argv[i][0] == '-') {
            status = misuse("report", "unknown option '%s'", argv[i]);
            goto out;
        } else {
            dirs[nd++] = argv[i];
        }
    }
    if (nd == 0) {
        status = misuse("report", "%s", "which results folders? e.g. cylch report results/bro-ffestiniog "
                                        "results/compare-bro-ffestiniog");
        goto out;
    }
    cylch_error_clear(&err);
    if (stat(out, &sb) == 0 && !force) {
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
        status = fail(&err);
out:
    free(tmp);
    free(dirs);
    return status;
}

int main(int argc, char **argv)
{
    int status;
    cylch_gsl_quiet();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage_main, stdout);
        status = 0;
    } else if (strcmp(argv[1], "--version") == 0) {
        printf("cylch %s\n", CYLCH_VERSION);
        status = 0;
    } else if (strcmp(argv[1], "run") == 0) {
        status = cmd_run(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "io") == 0) {
        status = cmd_io(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "compare") == 0) {
        status = cmd_compare(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "sensitivity") == 0) {
        status = cmd_sensitivity(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "explain") == 0) {
        status = cmd_explain(argc - 2, argv + 2);
    } else if (strcmp(argv[1], "report") == 0) {
        status = cmd_report(argc - 2, argv + 2);
    } else {
        return misuse(NULL, "unknown command '%s'", argv[1]);
    }
    if (fclose(stdout) != 0 && status == 0) {
        fprintf(stderr, "cylch: cannot write to standard output\n");
        status = 1;
    }
    return status;
}
