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

#include "cylch/error.h"
#include "cylch/iotable.h"
#include "cylch/mc.h"
#include "cylch/model.h"
#include "cylch/network.h"
#include "cylch/output.h"
#include "cylch/scenario.h"
#include "cylch/summary.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

static const char usage_main[] =
    "cylch " CYLCH_VERSION " — how much of the money reaching a network of social enterprises\n"
    "circulates in the local economy, through wages and local trade, before it leaks away.\n"
    "\n"
    "Usage:\n"
    "  cylch run SCENARIO.ini [options]   work out the local multipliers of a network\n"
    "  cylch io TABLE.csv [options]       Type I and Type II multipliers of an input-output table\n"
    "  cylch COMMAND --help               the options of a command\n"
    "  cylch --version                    print the version\n"
    "\n"
    "Example:\n"
    "  cylch run scenarios/bro-ffestiniog.ini\n"
    "\n"
    "Money is in pounds a year (£), staff in full-time equivalents (FTE). The model and its\n"
    "files are described in DESIGN.md; results go to results/<scenario name>/ unless --out says.\n";

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
    "  --quiet        print nothing but errors\n"
    "  -h, --help     this help\n"
    "\n"
    "Files written: summary.json, rounds.csv, members.csv, leakage.csv.\n"
    "Exit status: 0 done, 2 bad input (the message names the file and line), 1 other errors.\n";

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
    "has households).\n";

/* Options shared by the commands, as a table. */
typedef struct opts {
    const char *input;
    const char *out;
    int force, quiet, help;
    int have_draws, have_seed, have_threads;
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
    int head = cylch_summary_headline(r);
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
        (interrupted && (rc = cylch_error_set(&err, CYLCH_EINTERRUPTED,
                                              "interrupted; the previous results are untouched"))) ||
        (rc = cylch_outdir_commit(&od, &err))) {
        cylch_outdir_abort(&od);
        goto done;
    }
    for (size_t i = 0; i < notes.n; i++)
        fprintf(stderr, "cylch: note: %s\n", notes.line[i]);
    if (!o.quiet) {
        cylch_summary_write(stdout, s, net, r, s->draws ? &mcs : NULL);
        printf("\nResults written to %s/ (summary.json, rounds.csv, members.csv, leakage.csv%s).\n",
               outdir, s->draws ? ", draws.csv, histogram.csv, convergence.csv" : "");
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
    } else {
        return misuse(NULL, "unknown command '%s'", argv[1]);
    }
    if (fclose(stdout) != 0 && status == 0) {
        fprintf(stderr, "cylch: cannot write to standard output\n");
        status = 1;
    }
    return status;
}
