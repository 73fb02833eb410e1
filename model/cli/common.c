/* cylch — what every command of the command line shares: the error exit, Ctrl-C, and
 * the progress bar of the draws. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cylch/io/lang.h"

/* Ctrl-C (SIGINT) and SIGTERM alike: the work stops where it next looks, nothing
 * is committed, the staging folder is removed and the previous results stay; the
 * exit status is 128 + the signal (130 or 143). cli_interrupted holds the signal. */
volatile sig_atomic_t cli_interrupted = 0;

int cli_fail(const cylch_error *e)
{
    fprintf(stderr, "cylch: %s\n", e->msg[0] ? e->msg : cylch_strerror(e->status));
    if (e->status == CYLCH_EINTERRUPTED && cli_interrupted > 0)
        return 128 + cli_interrupted;
    return cylch_exit_code(e->status);
}

static void on_sigint(int sig)
{
    cli_interrupted = sig;
}

int cli_check_interrupted(cylch_error *err)
{
    if (cli_interrupted)
        return cylch_error_set(err, CYLCH_EINTERRUPTED,
                               "interrupted; the previous results are untouched");
    return CYLCH_OK;
}

int cli_commit(cylch_outdir *od, cylch_error *err)
{
    int rc = cli_check_interrupted(err);
    return rc ? rc : cylch_outdir_commit(od, err);
}

void cli_install_sigint(void)
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

void cli_progress_start(cli_progress *p, const cli_args *a)
{
    const char *lines = getenv("CYLCH_PROGRESS_LINES");
    p->lines = lines && strcmp(lines, "1") == 0;
    p->on = p->lines || (!cli_given(a, OPT_QUIET) && isatty(STDERR_FILENO) && !getenv("CI"));
    p->shown = 0;
    p->start = wall_seconds();
}

void cli_progress_show(void *ctx, size_t done, size_t total)
{
    cli_progress *ps = ctx;
    double el = wall_seconds() - ps->start, rate = el > 0 ? (double)done / el : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    int width = 30, fill = total ? (int)((double)width * (double)done / (double)total) : width;
    char bar[64];
    if (ps->lines) {
        fprintf(stderr, "cylch-progress %zu %zu\n", done, total);
        fflush(stderr);
        return;
    }
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    /* TRANSLATORS: the progress bar of the draws; keep it short (one line of a terminal). */
    fputc('\r', stderr);
    fprintf(stderr, _("[%s] %3.0f%%  %zu of %zu draws, %.0f draws/s, %.0f s left "), bar,
            total ? 100.0 * (double)done / (double)total : 100.0, done, total, rate, left);
    fflush(stderr);
    ps->shown = 1;
}

void cli_progress_clear(const cli_progress *p)
{
    if (p->on && !p->lines)
        fputs("\r\033[K", stderr);
}

cylch_run_options cli_run_options(const cli_args *a)
{
    cylch_run_options o;
    memset(&o, 0, sizeof o);
    o.have_draws = cli_given(a, OPT_DRAWS);
    o.draws = (unsigned long)cli_num(a, OPT_DRAWS);
    o.have_seed = cli_given(a, OPT_SEED);
    o.seed = cli_num(a, OPT_SEED);
    o.nset = a->v[OPT_SET].n;
    o.set = a->v[OPT_SET].list;
    return o;
}
