/* cylch — the command line: the table of commands, and main, which finds the command,
 * reads its options (options.c) and calls it. Only model/cli prints errors or exits;
 * each command calls the library in the order data flows (load → scenario → model →
 * Monte Carlo → statistics → outputs → plots). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cylch/io/lang.h"

static const cli_command cli_commands[] = {
    {"run", CLI_RUN, N_("run SCENARIO.ini [options]"), N_("work out the local multipliers of a network"),
     N_("Reads the scenario (and the network folder it names), applies its changes, and works\n"
     "out how each £1 of grant, loan and trade money circulates locally: rounds of spending\n"
     "(LM3), the long-run (Leontief) multiplier with and without households' re-spending,\n"
     "local wages, jobs, and where the money leaks out."),
     N_("Files written: summary.json, rounds.csv, members.csv, leakage.csv, report.html; with draws\n"
     "also draws.csv (see --draws-file), histogram.csv, convergence.csv; with [economy] also industries.csv;\n"
     "and each plot as NAME.png and NAME.svg with the data (NAME.dat) and gnuplot script (NAME.gp) it was\n"
     "drawn from.\n"
     "The CSVs keep every digit and short column names for programs; for people, results.xlsx\n"
     "has a sheet per table (draws aside) with readable headers, units and £/%/FTE formats, and\n"
     "summary-rounded.csv the headline figures rounded (£ to the pound, multipliers to the penny,\n"
     "FTE and % to one decimal) for pasting into a document.\n"
     "Exit status: 0 done, 2 bad input (the message names the file and line), 1 other errors.\n"
     "See docs/model.md for what each figure means, docs/funding-case.md for a worked case."),
     N_("results/<scenario name>"), 1, 1, N_("which scenario? e.g. cylch run scenarios/bro-ffestiniog.ini"),
     cli_cmd_run},
    {"compare", CLI_COMPARE, N_("compare BASE.ini OTHER.ini [MORE.ini…] [options]"),
     N_("what changes between scenarios, with its uncertainty"),
     N_("Runs every scenario with the same random numbers (paired draws: the same seed and draw\n"
     "give every shared uncertain input the same value) and reports, for each scenario, the\n"
     "difference from the base: at the reported values, on average, its 90% range, and the\n"
     "probability that it is higher than the base. The other scenarios take the base's seed and\n"
     "number of draws."),
     /* xgettext:no-c-format */
     N_("Files written: report.html, compare.xlsx (a sheet per table, readable headers and units),\n"
     "compare-rounded.csv (each difference with its measure in words and its unit, rounded for\n"
     "pasting into a document: £ to the pound, £ per £1 to 3 decimals, FTE and % to one decimal),\n"
     "compare.json, compare.csv (every digit; each figure's code, measure and unit; a difference of\n"
     "rounding alone is 0), cost.csv (the ranking per £ of cost), compare-draws.csv, and the plots\n"
     "compare-distributions and compare-differences (PNG and SVG, with their gnuplot scripts).\n"
     "See docs/policy.md for writing policies as scenarios and reading paired ranges."),
     N_("results/compare-<base name>"), 2, SIZE_MAX, N_("give a base scenario and at least one other"),
     cli_cmd_compare},
    {"sensitivity", CLI_SENSITIVITY, N_("sensitivity SCENARIO.ini [--against OTHER.ini] [options]"),
     N_("which assumptions the result rests on"),
     /* xgettext:no-c-format */
     N_("Which uncertain inputs move the result most. With --against OTHER.ini, which inputs the\n"
     "difference between two scenarios rests on (SCENARIO minus OTHER, the same input values in\n"
     "both): e.g. cylch sensitivity scenarios/hire-local.ini --against scenarios/bro-ffestiniog.ini\n"
     "Sobol indices come with 95% intervals; inputs whose intervals overlap are said to be\n"
     "impossible to tell apart rather than ranked."),
     N_("Files written: report.html, sensitivity.csv, sensitivity.json, and tornado.csv or sobol.csv\n"
     "with its plot (PNG and SVG, with the gnuplot script).\n"
     "See docs/policy.md (section 4) for choosing a method and for differences, docs/model.md\n"
     "(section 12 and 8.10) for the formulas."),
     N_("results/sensitivity-<name>[-against-<other>]-<method>"), 1, 1,
     N_("which scenario? e.g. cylch sensitivity scenarios/bro-ffestiniog.ini"), cli_cmd_sensitivity},
    {"explain", CLI_EXPLAIN, N_("explain SCENARIO.ini [options]"), N_("the model step by step: matrix, rounds, limit"),
     N_("Prints the model step by step so it can be checked by hand: the coefficient matrix A\n"
     "(what each agent spends locally with each other agent per £1 it receives), the money\n"
     "coming in, each round's flows and leaks, and the long-run (Leontief) limit."),
     N_("Tables wider than 100 columns come in groups of columns. With --csv DIR, A, the Leontief\n"
     "inverse, the injections and the rounds are also written to DIR as CSV (whole or not at all).\n"
     "See docs/model.md for the formulas, docs/students.md for exercises to check by hand."), NULL, 1, 1,
     N_("which scenario? e.g. cylch explain scenarios/toy-town.ini"), cli_cmd_explain},
    {"report", CLI_REPORT, N_("report DIR [DIR…] [--out FILE] [--force]"),
     N_("one report from several results folders"),
     N_("Joins the report.html of several results folders (from cylch run, compare and sensitivity)\n"
     "into one self-contained page, each part starting on a new printed page: a funding case with\n"
     "its comparison and what it rests on, in one file to attach."),
     N_("See docs/funding-case.md for what to say, and not say, about the figures."), "results/report.html", 1,
     SIZE_MAX,
     N_("which results folders? e.g. cylch report results/bro-ffestiniog results/compare-bro-ffestiniog"),
     cli_cmd_report},
    {"io", CLI_IO, N_("io TABLE.csv [options]"), N_("Type I and Type II multipliers of an input-output table"),
     N_("Reads an industry-by-industry input-output table (wide CSV: the row label, one column per\n"
     "industry, optional 'households' and 'final_demand' columns, then 'total_output'; optional\n"
     "'households', 'gva' and 'employment' rows) and writes each industry's Type I and Type II\n"
     "output multiplier and income, GVA and employment effects and multipliers."),
     N_("Files written: multipliers.csv, leontief.csv (Type I), leontief-type2.csv (when the table\n"
     "has households); regionalised, the multipliers are the area's, and quotients.csv,\n"
     "local-shares.csv, coefficients.csv and regionalisation.json (lambda*) are added.\n"
     "Example:\n"
     "  cylch io data/uk-2019/io-table.csv --regions data/regions/employment-2019.csv \\\n"
     "      --area Scotland --national 'United Kingdom' --measure employment --method flq --delta 0.25\n"
     "See docs/model.md (section 10 and 'Regionalisation') for the formulas, docs/students.md\n"
     "(part B) for exercises."),
     N_("results/io-<table name>"), 1, 1, N_("which table? e.g. cylch io data/scotland-2019/io-table.csv"), cli_cmd_io},
    {"new", CLI_NEW, N_("new DIR [--force]"), N_("a starter network to fill in with your own figures"),
     N_("Writes a folder to start a network from: enterprises.csv with one example member and a\n"
     "row (starting with #, which cylch skips) saying what each column holds, trade.csv, and\n"
     "a scenario with every place value explained and set for a small UK town."),
     N_("See docs/funding-case.md for the steps from here to a funding case."), NULL, 1, 1,
     N_("which folder? e.g. cylch new data/my-network"), cli_cmd_new},
    {"serve", CLI_SERVE, N_("serve [options]"), N_("all of it in a web browser, on this computer"),
     N_("Serves cylch's pages and JSON API on this computer: enter a network as a table (paste\n"
     "it from a spreadsheet), set the place and its uncertainty, run, compare scenarios and\n"
     "explore the model with sliders, in a web browser. The workspace folder holds the same\n"
     "files the command line reads and writes (data/NETWORK/, scenarios/*.ini, results/), so\n"
     "you can switch between the two at any time. Ctrl-C stops it."),
     N_("See docs/api.md for the JSON API, with curl examples."), NULL, 0, 0, NULL, cli_cmd_serve},
};
#define NCOMMANDS (sizeof cli_commands / sizeof cli_commands[0])

/* Columns on screen of a UTF-8 string (one per character). */
static int columns(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void usage_main(FILE *f)
{
    fprintf(f, "cylch %s — %s", CYLCH_VERSION,
            _("how much of the money reaching a network of social enterprises\n"
              "circulates in the local economy, through wages and local trade, before it leaks away.\n"
              "\n"
              "Usage:\n"));
    for (size_t i = 0; i < NCOMMANDS; i++) {
        /* the synopsis up to its optional parts */
        const char *syn = _(cli_commands[i].synopsis), *cut = strstr(syn, " [");
        char head[160];
        snprintf(head, sizeof head, "cylch %.*s", cut ? (int)(cut - syn) : (int)strlen(syn), syn);
        fprintf(f, "  %s%*s%s\n", head, 35 - columns(head) > 1 ? 35 - columns(head) : 1, "",
                _(cli_commands[i].summary));
    }
    fputs(_("  cylch COMMAND --help               the options of a command\n"
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
            "scenarios), students.md (a worksheet), data-sources.md (where the sample data come from),\n"
            "api.md (the JSON API of cylch serve).\n"),
          f);
}

/* --lang L anywhere on the command line (before a "--"), the last one given: chosen
 * before the options are read, so that --help and the messages about the options are
 * in that language too. Returns 0, or the exit status of a misuse or failure. */
static int set_lang(const char *cmd, int argc, char **argv)
{
    const char *lang = NULL;
    cylch_error err;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[++i];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
    }
    if (!lang)
        return 0;
    if (!cylch_lang_known(lang)) {
        char msg[160];
        snprintf(msg, sizeof msg, _("--lang '%%s' is not a language cylch writes; choose %s"),
                 cylch_lang_supported());
        return cli_misuse(cmd, msg, lang);
    }
    cylch_error_clear(&err);
    return cylch_lang_set(lang, NULL, &err) ? cli_fail(&err) : 0;
}

static int run_command(const cli_command *cmd, int argc, char **argv)
{
    cli_args a;
    int help, status;
    if ((status = set_lang(cmd->name, argc, argv)) || (status = cli_parse(cmd, argc, argv, &a, &help)))
        return status;
    if (help) {
        cli_usage(stdout, cmd);
        status = 0;
    } else {
        status = cmd->run(cmd, &a);
    }
    cli_args_clear(&a);
    return status;
}

int main(int argc, char **argv)
{
    int status;
    const cli_command *cmd = NULL;
    cylch_gsl_quiet();
    cli_install_sigint();
    if (argc < 2) {
        usage_main(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        /* cylch --help --lang cy */
        if ((status = set_lang(NULL, argc, argv)))
            return status;
        usage_main(stdout);
    } else if (strcmp(argv[1], "--version") == 0) {
        if ((status = set_lang(NULL, argc, argv)))
            return status;
        printf("cylch %s\n", CYLCH_VERSION);
        status = 0;
    } else {
        for (size_t i = 0; i < NCOMMANDS && !cmd; i++)
            if (strcmp(argv[1], cli_commands[i].name) == 0)
                cmd = &cli_commands[i];
        if (!cmd) {
            /* cylch frobnicate --lang cy: said in Welsh too */
            if ((status = set_lang(NULL, argc, argv)))
                return status;
            return cli_misuse(NULL, "unknown command '%s'", argv[1]);
        }
        status = run_command(cmd, argc - 1, argv + 1);
    }
    if (fclose(stdout) != 0 && status == 0) {
        fputs(_("cylch: cannot write to standard output\n"), stderr);
        status = 1;
    }
    return status;
}
