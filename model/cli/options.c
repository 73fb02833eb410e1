/* cylch — the one option table of every command, read with getopt_long, and the --help
 * it prints. A row names the commands it belongs to, whether it takes a value, the
 * range of a number and its help; an option is given by its whole name (no
 * abbreviations), as "--name value" or "--name=value". */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cylch/io/lang.h"
#include "cylch/uncertainty/mc.h"

#define SEED_MAX ULONG_MAX
_Static_assert(ULONG_MAX >= UINT64_MAX, "--seed is read as an unsigned long and must hold any 64-bit seed");
#define DRAWING (CLI_RUN | CLI_COMPARE | CLI_SENSITIVITY)
#define WRITING (CLI_RUN | CLI_IO | CLI_COMPARE | CLI_SENSITIVITY)

const cli_option cli_options[] = {
    {"method", CLI_SENSITIVITY, OPT_METHOD, CLI_TEXT, 0, 0, "M",
     N_("tornado (default): each input alone from its 5th to its 95th percentile;\n"
     "spearman: rank correlation of each input with each result over the draws;\n"
     "sobol (default with --against): first-order and total Sobol indices with\n"
     "95% bootstrap intervals, on a quasi-random sample")},
    {"against", CLI_SENSITIVITY, OPT_AGAINST, CLI_TEXT, 0, 0, "F",
     N_("analyse the difference SCENARIO minus the scenario in file F (local\n"
     "circulation, or the headline multiplier) instead of SCENARIO alone:\n"
     "both use the same value of every input they share, as cylch compare's\n"
     "paired draws do; tornado or sobol; --set changes SCENARIO.ini only")},
    {"source", CLI_EXPLAIN, OPT_SOURCE, CLI_TEXT, 0, 0, "S",
     N_("grant, loan, trade, external, income or all (default: grant, or income\n"
     "when there is no grant)")},
    {"rounds", CLI_EXPLAIN, OPT_ROUNDS, CLI_NUMBER, 1, 1000, "K", N_("rounds to print (default: the scenario's)")},
    {"csv", CLI_EXPLAIN, OPT_CSV, CLI_TEXT, 0, 0, "DIR",
     N_("also write the tables as CSV into DIR: A.csv (the matrix A), leontief.csv\n"
     "(the inverse (I - A)^-1), injections.csv and rounds.csv, with the agents'\n"
     "ids as row and column headings")},
    {"force", CLI_EXPLAIN, OPT_FORCE, CLI_FLAG, 0, 0, NULL, N_("replace the --csv folder if it already exists")},
    {"out", WRITING, OPT_OUT, CLI_TEXT, 0, 0, "DIR", N_("write the results into DIR (default: %s)")},
    {"out", CLI_REPORT, OPT_OUT, CLI_TEXT, 0, 0, "FILE", N_("the page to write (default: %s)")},
    {"force", WRITING, OPT_FORCE, CLI_FLAG, 0, 0, NULL, N_("replace DIR if it already exists")},
    {"force", CLI_REPORT, OPT_FORCE, CLI_FLAG, 0, 0, NULL, N_("replace FILE if it already exists")},
    {"draws", CLI_RUN, OPT_DRAWS, CLI_NUMBER, 0, CYLCH_DRAWS_MAX, "N",
     N_("Monte Carlo draws (overrides the scenario's 'draws'; 0 = point only)")},
    {"draws", CLI_COMPARE, OPT_DRAWS, CLI_NUMBER, 0, CYLCH_DRAWS_MAX, "N",
     N_("Monte Carlo draws for every scenario (default: the base's)")},
    {"draws", CLI_SENSITIVITY, OPT_DRAWS, CLI_NUMBER, 0, CYLCH_DRAWS_MAX, "N",
     N_("draws for spearman, base sample size for sobol (default 1000)")},
    {"seed", CLI_RUN, OPT_SEED, CLI_NUMBER, 0, SEED_MAX, "S", N_("random seed (overrides the scenario's 'seed')")},
    {"seed", CLI_COMPARE, OPT_SEED, CLI_NUMBER, 0, SEED_MAX, "S",
     N_("random seed for every scenario (default: the base's)")},
    {"seed", CLI_SENSITIVITY, OPT_SEED, CLI_NUMBER, 0, SEED_MAX, "S", N_("random seed (default: the scenario's)")},
    {"threads", DRAWING, OPT_THREADS, CLI_NUMBER, 1, 1024, "T",
     N_("threads for the draws (default: all cores; results are the same)")},
    {"no-plots", CLI_RUN, OPT_NO_PLOTS, CLI_FLAG, 0, 0, NULL,
     N_("do not draw the plots (report.html is still written)")},
    {"no-plots", CLI_COMPARE | CLI_SENSITIVITY, OPT_NO_PLOTS, CLI_FLAG, 0, 0, NULL, N_("do not draw the plots")},
    {"lang", CLI_RUN | CLI_COMPARE | CLI_SENSITIVITY, OPT_LANG, CLI_TEXT, 0, 0, "L",
     N_("the language of the terminal, report.html and the plots: en (English,\n"
     "the default) or cy (Cymraeg: Welsh); numbers and £ are written the same")},
    {"lang", CLI_EXPLAIN, OPT_LANG, CLI_TEXT, 0, 0, "L",
     N_("the language of the explanation: en (English, the default) or cy\n"
     "(Cymraeg: Welsh); numbers and the --csv files are written the same")},
    {"lang", CLI_SERVE, OPT_LANG, CLI_TEXT, 0, 0, "L",
     N_("the language of the pages, of the server's messages and of the results\n"
     "its jobs write: en (English, the default) or cy (Cymraeg: Welsh)")},
    {"lang", CLI_IO | CLI_REPORT | CLI_NEW, OPT_LANG, CLI_TEXT, 0, 0, "L",
     N_("the language of this help and of messages: en (English, the default)\n"
     "or cy (Cymraeg: Welsh)")},
    {"draws-file", CLI_RUN, OPT_DRAWS_FILE, CLI_TEXT, 0, 0, "F",
     N_("how to keep every draw's figures: csv, npy or none. Choose csv (the\n"
     "default, draws.csv) to open them in a spreadsheet; npy (draws.npy, with\n"
     "its columns named in draws-columns.csv) to analyse many draws in Python\n"
     "(numpy.load), R (RcppCNPy) or Julia (NPZ): exact, a third of the size and\n"
     "much faster to write; none when the ranges in summary.json and the report\n"
     "are all you need (the fastest)")},
    {"set", CLI_RUN | CLI_EXPLAIN | CLI_SENSITIVITY, OPT_SET, CLI_LIST, 0, 0, "S.K=V",
     N_("change one value of the scenario for this run, as if the file said so\n"
     "(repeatable): --set place.household_local_spend=0.6,\n"
     "--set scenario.draws=5000, --set 'change \"grant cut\".grant=*0.7'")},
    {"force", CLI_NEW, OPT_FORCE, CLI_FLAG, 0, 0, NULL, N_("replace the template files if DIR already has them")},
    {"quiet", CLI_NEW, OPT_QUIET, CLI_FLAG, 0, 0, NULL, N_("print nothing but errors")},
    {"quiet", WRITING, OPT_QUIET, CLI_FLAG, 0, 0, NULL, N_("print nothing but errors")},
    {"port", CLI_SERVE, OPT_PORT, CLI_NUMBER, 0, 65535, "N", N_("the TCP port (default 8080; 0: any free port)")},
    {"dir", CLI_SERVE, OPT_DIR, CLI_TEXT, 0, 0, "DIR", N_("the workspace folder (default: the current folder)")},
    {"listen", CLI_SERVE, OPT_LISTEN, CLI_TEXT, 0, 0, "ADDR",
     N_("the address to listen on (default 127.0.0.1: this computer only;\n"
     "0.0.0.0 lets other computers in, with no password: take care)")},
    {"jobs", CLI_SERVE, OPT_JOBS, CLI_NUMBER, 1, 64, "N",
     N_("Monte Carlo jobs at once (default 2; more are refused until one ends)")},
    {"regions", CLI_IO, OPT_REGIONS, CLI_TEXT, 0, 0, "FILE",
     N_("regionalise: regional and national figures by industry (region,industry,\n"
     "measure,value; e.g. data/regions/employment-2019.csv)")},
    {"area", CLI_IO, OPT_AREA, CLI_TEXT, 0, 0, "NAME", N_("the region to model (e.g. Scotland, Gwynedd)")},
    {"national", CLI_IO, OPT_NATIONAL, CLI_TEXT, 0, 0, "NAME", N_("the nation the table is for (e.g. 'United Kingdom')")},
    {"measure", CLI_IO, OPT_MEASURE, CLI_TEXT, 0, 0, "M", N_("employment or gva: which figures the quotients use")},
    {"map", CLI_IO, OPT_MAP, CLI_TEXT, 0, 0, "FILE",
     N_("industry -> group map, when the figures come by groups\n(e.g. data/regions/industry-map.csv for GVA)")},
    {"method", CLI_IO, OPT_METHOD, CLI_TEXT, 0, 0, "M", N_("slq, cilq, flq or aflq")},
    {"delta", CLI_IO, OPT_DELTA, CLI_TEXT, 0, 0, "D", N_("Flegg's delta for flq and aflq, 0 <= D < 1")},
};
const size_t cli_noptions = sizeof cli_options / sizeof cli_options[0];

/* getopt_long's val of row i; below it, short options and getopt's own returns. */
#define VAL_BASE 1000

int cli_misuse(const char *cmd, const char *fmt, const char *what)
{
    fprintf(stderr, "cylch%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, _(fmt), what);
    fprintf(stderr, _("\ntry 'cylch %s%s--help'\n"), cmd ? cmd : "", cmd ? " " : "");
    return 2;
}

/* The option as written on the command line, without "=value": "--out=x" → "--out". */
static void written_name(const char *arg, char *buf, size_t len)
{
    snprintf(buf, len, "%s", arg);
    if (strchr(buf, '='))
        *strchr(buf, '=') = '\0';
}

static int store(const cli_command *cmd, const cli_option *o, const char *val, cli_args *a, int argc)
{
    cli_value *v = &a->v[o->id];
    unsigned long num;
    char msg[160];
    switch (o->kind) {
    case CLI_FLAG:
        break;
    case CLI_TEXT:
        v->text = val;
        break;
    case CLI_NUMBER:
        if (!cylch_parse_ulong(val, o->min, o->max, &num)) {
            if (o->max == SEED_MAX)
                snprintf(msg, sizeof msg, _("--%s '%%s' must be a whole number"), o->name);
            else
                snprintf(msg, sizeof msg, _("--%s '%%s' must be a whole number from %lu to %lu"), o->name,
                         o->min, o->max);
            return cli_misuse(cmd->name, msg, val);
        }
        v->num = num;
        v->text = val;
        break;
    case CLI_LIST:
        if (!v->list && !(v->list = calloc((size_t)argc + 1, sizeof *v->list))) {
            fprintf(stderr, "cylch: out of memory\n");
            return 1;
        }
        v->list[v->n++] = val;
        v->text = val;
        break;
    }
    v->given = 1;
    return 0;
}

/* "unknown option '--for'", with the option meant when the text is the start of one. */
static int unknown(const cli_command *cmd, const char *arg)
{
    char name[64], msg[200];
    const char *meant = NULL;
    written_name(arg, name, sizeof name);
    if (strncmp(name, "--", 2) == 0 && name[2])
        for (size_t i = 0; i < cli_noptions; i++)
            if ((cli_options[i].commands & cmd->bit) && strncmp(cli_options[i].name, name + 2, strlen(name + 2)) == 0) {
                meant = cli_options[i].name;
                break;
            }
    if (!meant)
        return cli_misuse(cmd->name, "unknown option '%s'", arg);
    snprintf(msg, sizeof msg, _("unknown option '%%s' (options are given whole: --%s?)"), meant);
    return cli_misuse(cmd->name, msg, arg);
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a, int *help)
{
    struct option *lo = calloc(cli_noptions + 2, sizeof *lo);
    size_t nl = 0;
    int status = 0, c;

    memset(a, 0, sizeof *a);
    *help = 0;
    if (!lo || !(a->pos = calloc((size_t)argc + 1, sizeof *a->pos))) {
        free(lo);
        fprintf(stderr, "cylch: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < cli_noptions; i++)
        if (cli_options[i].commands & cmd->bit)
            lo[nl++] = (struct option){cli_options[i].name,
                                       cli_options[i].kind == CLI_FLAG ? no_argument : required_argument, NULL,
                                       VAL_BASE + (int)i};
    lo[nl++] = (struct option){"help", no_argument, NULL, 'h'};
    lo[nl] = (struct option){NULL, 0, NULL, 0};

    optind = 0; /* glibc: start afresh */
    opterr = 0;
    while (!status && (c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
        const char *arg = argv[optind - 1];
        char name[64];
        if (c == 'h') {
            *help = 1;
            break;
        } else if (c == ':') {
            written_name(arg, name, sizeof name);
            status = cli_misuse(cmd->name, "option '%s' needs a value", name);
        } else if (c == '?') {
            if (optopt >= VAL_BASE) {
                written_name(arg, name, sizeof name);
                status = cli_misuse(cmd->name, "option '%s' takes no value", name);
            } else if (optopt > 0) {
                snprintf(name, sizeof name, "-%c", optopt);
                status = cli_misuse(cmd->name, "unknown option '%s'", name);
            } else {
                status = unknown(cmd, arg);
            }
        } else {
            const cli_option *o = &cli_options[c - VAL_BASE];
            /* "--out x": the option is the argument before its value. */
            if (o->kind != CLI_FLAG && optarg == arg && optind >= 2)
                arg = argv[optind - 2];
            written_name(arg, name, sizeof name);
            if (strncmp(name, "--", 2) != 0 || strcmp(name + 2, o->name) != 0)
                status = unknown(cmd, arg);   /* an abbreviation */
            else
                status = store(cmd, o, optarg, a, argc);
        }
    }
    if (!status && !*help) {
        for (int i = optind; i < argc; i++)
            a->pos[a->npos++] = argv[i];
        if (a->npos < cmd->min_pos)
            status = cli_misuse(cmd->name, "%s", _(cmd->which));
        else if (a->npos > cmd->max_pos)
            status = cli_misuse(cmd->name, "unexpected argument '%s'", a->pos[cmd->max_pos]);
    }
    free(lo);
    if (status)
        cli_args_clear(a);
    return status;
}

void cli_args_clear(cli_args *a)
{
    for (size_t i = 0; i < OPT_COUNT; i++)
        free(a->v[i].list);
    free(a->pos);
    memset(a, 0, sizeof *a);
}

/* Prints help, "%s" standing for def, each "\n" followed by the help column's indent. */
static void put_help(FILE *f, const char *help, const char *def)
{
    for (const char *p = help; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            fputs(def ? def : "", f);
            p++;
        } else if (*p == '\n') {
            fprintf(f, "\n%17s", "");
        } else {
            fputc(*p, f);
        }
    }
    fputc('\n', f);
}

void cli_usage(FILE *f, const cli_command *cmd)
{
    fprintf(f, _("Usage: cylch %s\n\n%s\n\nOptions:\n"), _(cmd->synopsis), _(cmd->about));
    for (size_t i = 0; i < cli_noptions; i++) {
        const cli_option *o = &cli_options[i];
        char lhs[64];
        if (!(o->commands & cmd->bit))
            continue;
        snprintf(lhs, sizeof lhs, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(f, "  %-14s ", lhs);
        put_help(f, _(o->help), _(cmd->out_default));
    }
    fputs(_("  -h, --help     this help\n"), f);
    if (cmd->footer)
        fprintf(f, "\n%s\n", _(cmd->footer));
}
