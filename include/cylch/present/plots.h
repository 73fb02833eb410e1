/* cylch — the plots of a run (DESIGN.md §5), drawn by gnuplot.
 *
 * For each plot NAME cylch writes, into the results folder, the data file
 * NAME.dat (tab-separated, '#' header), a copy of the script NAME.gp and of
 * style.gp (the shared terminals, fonts and Okabe–Ito palette), and
 * run-values.gnuplot (this run's scenario name, headline multiplier and its
 * range); then it runs `gnuplot NAME.gp` in that folder, which draws NAME.png
 * (pngcairo, 1200×800) and NAME.svg. Everything is read by relative name, so
 * a user can restyle a script and redraw by hand: cd DIR && gnuplot *.gp.
 *
 * gnuplot is an external program: when it is not on PATH the scripts and
 * data are still written and the status says so; this is not an error.
 */
#ifndef CYLCH_PLOTS_H
#define CYLCH_PLOTS_H

#include <stddef.h>
#include "cylch/io/error.h"
#include "cylch/uncertainty/mc.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/scenario.h"
#include "cylch/uncertainty/stats.h"

/* The plots, in the order the report shows them. */
typedef enum cylch_plot {
    CYLCH_PLOT_ROUNDS = 0,     /* each £1 round by round: kept locally vs leaked, by destination */
    CYLCH_PLOT_SOURCES,        /* grant, loan and trade money side by side, with 90% ranges */
    CYLCH_PLOT_DISTRIBUTION,   /* histogram of the headline multiplier over the draws */
    CYLCH_PLOT_LEAKAGE,        /* where the money goes when it leaves, per source */
    CYLCH_PLOT_MEMBERS,        /* each member's multiplier and round-2 local share, sorted */
    CYLCH_PLOT_NETWORK,        /* members' trade with each other as a heat map */
    CYLCH_PLOT_CONVERGENCE,    /* running mean and 95% band against draws */
    CYLCH_NPLOT
} cylch_plot;

/* The plot's file stem ("rounds": rounds.gp, rounds.dat, rounds.png, rounds.svg). */
const char *cylch_plots_name(int p);
/* A plain-English title for the plot ("What happens to each £1, round by round"). */
const char *cylch_plots_title(int p);

/* Everything a run made, as main() holds it after the run (nothing is owned). */
typedef struct cylch_plots_run {
    const cylch_scenario *s;
    const cylch_network *net;          /* after the scenario's changes */
    const cylch_result *r;             /* the point estimate */
    const cylch_mc *mc;                /* NULL (or no draws done) without Monte Carlo */
    const cylch_stats_summary *stats;  /* CYLCH_NHEAD entries; NULL without Monte Carlo */
    const cylch_notes *notes;          /* clamps made by [change] sections; may be NULL */
    const struct cylch_industries *industries; /* results by industry ([economy]), or NULL */
} cylch_plots_run;

/* 1 when the run has Monte Carlo draws done and their summaries, 0 otherwise. */
int cylch_plots_run_has_draws(const cylch_plots_run *run);

/* What happened to one plot. */
typedef enum cylch_plot_state {
    CYLCH_PLOT_SKIPPED = 0,    /* does not apply (distribution, convergence without draws) */
    CYLCH_PLOT_WRITTEN,        /* script and data written, not drawn */
    CYLCH_PLOT_DRAWN,          /* NAME.png and NAME.svg made, gnuplot exited 0 */
    CYLCH_PLOT_FAILED          /* gnuplot failed or made no image: see log */
} cylch_plot_state;

#define CYLCH_PLOTS_LOG_MAX 1024

typedef struct cylch_plots_status {
    int gnuplot_found;         /* 1 if gnuplot was found on PATH (and rendering was asked) */
    char gnuplot[1024];        /* its path, "" when not found */
    size_t written, drawn, failed;
    /* One plain-English line for the caller to print, "" when every plot that
     * applies was drawn: "gnuplot not found on PATH, so …" or "2 plots failed;
     * the first: …". It names no folder (dir may be a staging folder). */
    char message[CYLCH_ERROR_MAX];
    struct {
        int state;             /* cylch_plot_state */
        int exit_status;       /* gnuplot's exit status (-1: killed by a signal) */
        size_t log_len;        /* bytes gnuplot wrote to standard error (warnings, errors) */
        char log[CYLCH_PLOTS_LOG_MAX]; /* the first of them, NUL-terminated */
    } plot[CYLCH_NPLOT];
} cylch_plots_status;

/* Write the plots of run into the folder dir (which must exist): each plot's
 * data file, the scripts copied from scriptdir (a folder holding style.gp and
 * one NAME.gp per plot), run-values.gnuplot; then, when render is non-zero
 * and gnuplot is on PATH, run gnuplot once per plot with dir as its working
 * folder, its standard error captured into st. Plots that need draws
 * (distribution, convergence) are skipped when run->mc is NULL or has none.
 *
 * Data are per £1 of each source (rounds, leakage: pence of each £1), £ per £1
 * (multipliers), £/year (trade heat map) and percent of draws (histogram);
 * sources with no money (injection 0) are left out.
 *
 * st is always filled (gnuplot not found or a plot that failed are reported
 * there, not as errors: the run's numbers stand without pictures).
 * Errors: CYLCH_EINPUT (NULL arguments), CYLCH_EIO (a script missing from
 * scriptdir, a file that cannot be written), CYLCH_ENOMEM. */
int cylch_plots_write(const char *dir, const char *scriptdir, const cylch_plots_run *run,
                      int render, cylch_plots_status *st, cylch_error *err);

/* Find the folder of the plot scripts into buf (len bytes), trying in turn:
 * the CYLCH_PLOTS environment variable (used as given: an error if it lacks
 * the scripts); "../share/cylch/plots" beside the running executable (an
 * installed copy, whatever PREFIX it was installed under); and "plots" in the
 * source tree the executable was built in (its folder or up to three above it:
 * build/cylch, build/san/cylch, build/san/tests/x). No path is compiled in, so
 * `make install PREFIX=…` needs no rebuild. A folder qualifies when it holds
 * style.gp and rounds.gp. Errors: CYLCH_EIO naming the places looked in. */
int cylch_plots_find_scripts(char *buf, size_t len, cylch_error *err);

/* Copy scriptdir/NAME.gp into dir and, when gnuplot is on PATH, run it there
 * to draw NAME.png and NAME.svg from the data files already in dir (the plots
 * of `cylch compare` and `cylch sensitivity`). *drawn is 1 when both images
 * were drawn without a gnuplot warning; otherwise msg says why (gnuplot
 * missing, or its first message) and no half image is left. Errors (the
 * script cannot be copied): CYLCH_EIO, CYLCH_ENOMEM. */
int cylch_plots_extra(const char *dir, const char *scriptdir, const char *name, int *drawn,
                      char *msg, size_t msglen, cylch_error *err);

#endif /* CYLCH_PLOTS_H */
