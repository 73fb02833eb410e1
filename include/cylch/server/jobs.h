/* cylch — long commands of `cylch serve` (run, compare, sensitivity, io) as
 * jobs: each job is the cylch program itself, started with the same arguments
 * a person would type (so the numbers are those of the command line, to the
 * last digit), in its own process group with the workspace as its working
 * folder. Progress comes from the child's standard error as lines
 * "cylch-progress DONE TOTAL [SCENARIO NSCENARIOS]" (CYLCH_PROGRESS_LINES=1 in
 * its environment); its other lines are its notes, warnings and error message.
 *
 * Cancelling sends SIGINT, as Ctrl-C would: the child stops its draws, writes
 * nothing and leaves the previous results intact (SIGKILL after 10 s if it has
 * not stopped). At most max_running jobs run at once; a job asked for beyond
 * that is refused (CYLCH_SERVER_EBUSY), never queued without bound. A crash of
 * a job is a failed job, never a crash of the server. Finished jobs are kept
 * (the 64 most recent) so their output can be read.
 */
#ifndef CYLCH_SERVER_JOBS_H
#define CYLCH_SERVER_JOBS_H

#include <stddef.h>
#include <jansson.h>
#include "cylch/io/error.h"

/* Status beyond cylch_status for the server: too many jobs running. */
#define CYLCH_SERVER_EBUSY 100

typedef struct cylch_jobs cylch_jobs;

/* A job table that starts exe (the cylch program) in folder cwd. NULL when out
 * of memory. */
cylch_jobs *cylch_jobs_new(const char *exe, const char *cwd, unsigned max_running);

/* Cancel every running job, wait for them, and free the table. */
void cylch_jobs_free(cylch_jobs *jobs);

/* Start `exe argv[0] argv[1] …` (argv NULL-terminated; argv[0] the command,
 * e.g. "run") as a new job; outdir is the results folder it writes, relative
 * to the workspace (shown in its status). On success *id is the job's number.
 * Errors: CYLCH_SERVER_EBUSY (max_running jobs already run), CYLCH_EIO (the
 * program could not be started), CYLCH_ENOMEM. */
int cylch_jobs_start(cylch_jobs *jobs, const char *command, char *const argv[], const char *outdir,
                     unsigned *id, cylch_error *err);

/* The status of job id as a new JSON object (caller decrefs), or NULL when
 * there is no such job: {id, command, state ("running", "done", "failed",
 * "cancelled"), done, total, scenario, scenarios, progress (0–1), outdir,
 * output (its standard output), messages (its other lines of standard error),
 * error (the message when it failed), exit_status, seconds}. */
json_t *cylch_jobs_status(cylch_jobs *jobs, unsigned id);

/* Every job's status (without output), newest first. */
json_t *cylch_jobs_list(cylch_jobs *jobs);

/* Ask job id to stop (SIGINT). Returns 0 when sent or already finished, -1
 * when there is no such job. */
int cylch_jobs_cancel(cylch_jobs *jobs, unsigned id);

/* Number of jobs running now. */
unsigned cylch_jobs_running(cylch_jobs *jobs);

#endif /* CYLCH_SERVER_JOBS_H */
