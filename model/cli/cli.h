/* cylch — the command line's own header, private to model/cli: the one option table,
 * the commands, the parsed arguments, and what every command shares (messages, exit
 * statuses, the progress bar, Ctrl-C).
 *
 * Adding an option: one row in cli_options[] (options.c) with the commands it belongs to,
 * an id below, and the code in the command that reads it (cli_given, cli_text, cli_num).
 * Adding a command: one row in cli_commands[] (main.c) and its function. */
#ifndef CYLCH_CLI_H
#define CYLCH_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include "cylch/io/error.h"
#include "cylch/core/run.h"
#include "cylch/io/results.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

/* Commands, as bits: an option row names the commands it belongs to. */
enum {
    CLI_RUN = 1u << 0,
    CLI_IO = 1u << 1,
    CLI_COMPARE = 1u << 2,
    CLI_SENSITIVITY = 1u << 3,
    CLI_EXPLAIN = 1u << 4,
    CLI_REPORT = 1u << 5,
    CLI_SERVE = 1u << 6,
    CLI_NEW = 1u << 7
};

/* Every option, by what it means (two rows may share an id: the same option with
 * another help text for other commands). */
typedef enum cli_opt {
    OPT_OUT,
    OPT_FORCE,
    OPT_DRAWS,
    OPT_SEED,
    OPT_THREADS,
    OPT_METHOD,
    OPT_SOURCE,
    OPT_ROUNDS,
    OPT_NO_PLOTS,
    OPT_QUIET,
    OPT_DRAWS_FILE,
    OPT_PORT,      /* serve */
    OPT_DIR,
    OPT_LISTEN,
    OPT_JOBS,
    OPT_SET,       /* run, explain, sensitivity: change a scenario value */
    OPT_REGIONS,   /* io: regionalising (docs/model.md, "Regionalisation") */
    OPT_AREA,
    OPT_NATIONAL,
    OPT_MEASURE,
    OPT_MAP,
    OPT_DELTA,
    OPT_AGAINST,   /* sensitivity: on the difference from another scenario */
    OPT_CSV,       /* explain: the tables as CSV into a folder */
    OPT_LANG,      /* every command: the language it writes (main.c sets it before parsing) */
    OPT_COUNT
} cli_opt;

typedef enum cli_kind {
    CLI_FLAG,   /* no value */
    CLI_TEXT,   /* a value, kept as written */
    CLI_NUMBER, /* a whole number from min to max */
    CLI_LIST    /* a value that may be given more than once; every one kept in order */
} cli_kind;

/* One row of the option table. */
typedef struct cli_option {
    const char *name;             /* the long name, without "--" */
    unsigned commands;            /* CLI_RUN | … : the commands it belongs to */
    cli_opt id;
    cli_kind kind;
    unsigned long min, max;       /* CLI_NUMBER: the accepted range */
    const char *arg;              /* the value's name in --help ("DIR"), or NULL for a flag */
    const char *help;             /* for --help; "\n" starts an indented line, "%s" stands
                                     for the command's default output */
} cli_option;

/* What was given for one option. */
typedef struct cli_value {
    int given;
    const char *text;             /* CLI_TEXT, CLI_NUMBER: the last value as written */
    unsigned long long num;       /* CLI_NUMBER */
    const char **list;            /* CLI_LIST: every value, in order */
    size_t n;
} cli_value;

/* The parsed command line of one command: its operands and options. */
typedef struct cli_args {
    const char **pos;
    size_t npos;
    cli_value v[OPT_COUNT];
} cli_args;

struct cli_command;
typedef int (*cli_handler)(const struct cli_command *cmd, const cli_args *a);

/* One row of the command table (main.c). */
typedef struct cli_command {
    const char *name;
    unsigned bit;                 /* CLI_RUN, … */
    const char *synopsis;         /* after "cylch ", e.g. "run SCENARIO.ini [options]" */
    const char *summary;          /* one line for cylch --help */
    const char *about;            /* --help: what it does, before the options */
    const char *footer;           /* --help: after the options (files written…), or NULL */
    const char *out_default;      /* --help: where --out defaults to */
    size_t min_pos, max_pos;      /* how many operands */
    const char *which;            /* the message when there are too few */
    cli_handler run;
} cli_command;

extern const cli_option cli_options[];
extern const size_t cli_noptions;

/* Parses argv[0..argc) (argv[0] being the command's name) for cmd with getopt_long.
 * Returns 0 and fills a (free with cli_args_clear), or prints the misuse to stderr and
 * returns 2. Sets *help when -h or --help was given. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a, int *help);
void cli_args_clear(cli_args *a);

/* The --help of cmd: usage, about, the options of the table that belong to it, footer. */
void cli_usage(FILE *f, const cli_command *cmd);

static inline int cli_given(const cli_args *a, cli_opt id) { return a->v[id].given; }
static inline const char *cli_text(const cli_args *a, cli_opt id) { return a->v[id].given ? a->v[id].text : NULL; }
static inline unsigned long long cli_num(const cli_args *a, cli_opt id) { return a->v[id].num; }

/* "cylch CMD: <fmt with what>" and "try 'cylch CMD --help'" on stderr; returns 2. */
int cli_misuse(const char *cmd, const char *fmt, const char *what);
/* Prints the error ("cylch: …") and returns its exit status. */
int cli_fail(const cylch_error *e);

/* Ctrl-C and SIGTERM set cli_interrupted (to the signal's number): the draws stop,
 * nothing is committed, and cli_fail returns 128 + the signal. Installed by main()
 * for every command. */
extern volatile sig_atomic_t cli_interrupted;
void cli_install_sigint(void);

/* CYLCH_EINTERRUPTED with its message when a signal came, else CYLCH_OK. */
int cli_check_interrupted(cylch_error *err);
/* Commit a results folder, unless a signal came first (CYLCH_EINTERRUPTED). */
int cli_commit(cylch_outdir *od, cylch_error *err);

/* A progress bar on standard error, when it is a terminal and the run is not quiet. */
typedef struct cli_progress {
    int on;        /* not --quiet, standard error a terminal, not under CI; or lines */
    int lines;     /* CYLCH_PROGRESS_LINES=1 (cylch serve's jobs): lines
                      "cylch-progress DONE TOTAL [SCENARIO NSCENARIOS]" for a program to read */
    int shown;
    double start;
} cli_progress;
/* Starts the clock; p->on says whether to pass cli_progress_show (with p) to the draws. */
void cli_progress_start(cli_progress *p, const cli_args *a);
void cli_progress_show(void *ctx, size_t done, size_t total);
/* Clears the bar's line when p->on. */
void cli_progress_clear(const cli_progress *p);

/* --draws and --seed, as a run's options. */
cylch_run_options cli_run_options(const cli_args *a);

/* The commands. */
int cli_cmd_run(const cli_command *cmd, const cli_args *a);
int cli_cmd_io(const cli_command *cmd, const cli_args *a);
int cli_cmd_compare(const cli_command *cmd, const cli_args *a);
int cli_cmd_sensitivity(const cli_command *cmd, const cli_args *a);
int cli_cmd_explain(const cli_command *cmd, const cli_args *a);
int cli_cmd_report(const cli_command *cmd, const cli_args *a);
int cli_cmd_serve(const cli_command *cmd, const cli_args *a);
int cli_cmd_new(const cli_command *cmd, const cli_args *a);

#endif /* CYLCH_CLI_H */
