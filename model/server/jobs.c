/* cylch — the server's jobs: the cylch program run as a child process per
 * long command, watched by one thread each (see jobs.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cylch/server/jobs.h"

extern char **environ;

#define JOBS_KEEP 64              /* finished jobs kept for their output */
#define JOB_OUT_MAX (1u << 20)    /* bytes of a job's output kept */
#define JOB_KILL_AFTER 10.0       /* seconds from SIGINT to SIGKILL */

enum { JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED };
static const char *const state_name[] = {"running", "done", "failed", "cancelled"};

typedef struct job {
    unsigned id;
    char command[32];
    char *outdir;
    pid_t pid;
    int state;
    size_t done, total, scen, nscen;
    char *out, *msgs;          /* standard output; other standard error lines */
    size_t outlen, msglen;
    char errline[CYLCH_ERROR_MAX];
    char partial[4096];        /* an unfinished standard error line */
    size_t plen;
    int exit_status;
    int cancel;                /* SIGINT sent */
    double start, end, cancel_at;
    int out_fd, err_fd;
    pthread_t thread;
    int joined;
    struct job *next;
    struct cylch_jobs *owner;
} job;

struct cylch_jobs {
    pthread_mutex_t lock;
    char *exe, *cwd;
    unsigned max_running, next_id, running;
    job *list;                 /* newest first */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

cylch_jobs *cylch_jobs_new(const char *exe, const char *cwd, unsigned max_running)
{
    cylch_jobs *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (!(j->exe = strdup(exe)) || !(j->cwd = strdup(cwd))) {
        free(j->exe);
        free(j);
        return NULL;
    }
    pthread_mutex_init(&j->lock, NULL);
    j->max_running = max_running ? max_running : 1;
    j->next_id = 1;
    return j;
}

static void job_free(job *jb)
{
    if (!jb)
        return;
    if (!jb->joined)
        pthread_join(jb->thread, NULL);
    free(jb->outdir);
    free(jb->out);
    free(jb->msgs);
    free(jb);
}

void cylch_jobs_free(cylch_jobs *jobs)
{
    job *jb, *next;
    if (!jobs)
        return;
    pthread_mutex_lock(&jobs->lock);
    for (jb = jobs->list; jb; jb = jb->next)
        if (jb->state == JOB_RUNNING && !jb->cancel) {
            kill(jb->pid, SIGINT);
            jb->cancel = 1;
            jb->cancel_at = now();
        }
    pthread_mutex_unlock(&jobs->lock);
    for (jb = jobs->list; jb; jb = next) {
        next = jb->next;
        job_free(jb);
    }
    pthread_mutex_destroy(&jobs->lock);
    free(jobs->exe);
    free(jobs->cwd);
    free(jobs);
}

static void append(char **buf, size_t *len, const char *s, size_t n)
{
    char *b;
    if (*len + n + 1 > JOB_OUT_MAX)
        return;
    if (!(b = realloc(*buf, *len + n + 1)))
        return;
    memcpy(b + *len, s, n);
    *len += n;
    b[*len] = '\0';
    *buf = b;
}

/* "cylch-progress D T [S N]": 1 with the numbers in v[4], 0 for any other line. */
static int progress_line(const char *line, unsigned long long v[4])
{
    const char *p = line + 15;
    int k = 0;
    if (strncmp(line, "cylch-progress ", 15) != 0)
        return 0;
    v[2] = v[3] = 0;
    while (*p && k < 4) {
        char *end;
        errno = 0;
        v[k++] = strtoull(p, &end, 10);
        if (end == p || errno)
            return 0;
        p = end;
        while (*p == ' ')
            p++;
    }
    return !*p && (k == 2 || k == 4);
}

/* One line of the child's standard error (lock held). */
static void err_line(job *jb, const char *line)
{
    unsigned long long v[4];
    if (progress_line(line, v)) {
        jb->done = (size_t)v[0];
        jb->total = (size_t)v[1];
        jb->scen = (size_t)v[2];
        jb->nscen = (size_t)v[3];
        return;
    }
    append(&jb->msgs, &jb->msglen, line, strlen(line));
    append(&jb->msgs, &jb->msglen, "\n", 1);
    /* The error message is the last "cylch: …" line that is not a note or a warning. */
    if (strncmp(line, "cylch: ", 7) == 0 && strncmp(line + 7, "note:", 5) != 0 &&
        strncmp(line + 7, "warning:", 8) != 0)
        snprintf(jb->errline, sizeof jb->errline, "%s", line + 7);
}

static void *watch(void *arg)
{
    job *jb = arg;
    cylch_jobs *jobs = jb->owner;
    struct pollfd pf[2];
    char buf[8192];
    int open_fds = 2, status = 0, killed = 0;
    pf[0].fd = jb->out_fd;
    pf[1].fd = jb->err_fd;
    pf[0].events = pf[1].events = POLLIN;
    while (open_fds > 0) {
        int r = poll(pf, 2, 500);
        if (r < 0 && errno != EINTR)
            break;
        pthread_mutex_lock(&jobs->lock);
        if (jb->cancel && !killed && now() - jb->cancel_at > JOB_KILL_AFTER) {
            kill(-jb->pid, SIGKILL);
            killed = 1;
        }
        pthread_mutex_unlock(&jobs->lock);
        for (int i = 0; i < 2 && r > 0; i++) {
            ssize_t n;
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            n = read(pf[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                close(pf[i].fd);
                pf[i].fd = -1;
                open_fds--;
                continue;
            }
            pthread_mutex_lock(&jobs->lock);
            if (i == 0) {
                append(&jb->out, &jb->outlen, buf, (size_t)n);
            } else {
                for (ssize_t c = 0; c < n; c++) {
                    /* The terminal's progress bar uses '\r'; a line ends at either. */
                    if (buf[c] == '\n' || buf[c] == '\r') {
                        jb->partial[jb->plen] = '\0';
                        if (jb->plen)
                            err_line(jb, jb->partial);
                        jb->plen = 0;
                    } else if (jb->plen + 1 < sizeof jb->partial) {
                        jb->partial[jb->plen++] = buf[c];
                    }
                }
            }
            pthread_mutex_unlock(&jobs->lock);
        }
    }
    while (waitpid(jb->pid, &status, 0) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&jobs->lock);
    if (jb->plen) {
        jb->partial[jb->plen] = '\0';
        err_line(jb, jb->partial);
        jb->plen = 0;
    }
    jb->end = now();
    if (WIFEXITED(status)) {
        jb->exit_status = WEXITSTATUS(status);
        jb->state = jb->exit_status == 0 ? JOB_DONE : jb->cancel ? JOB_CANCELLED : JOB_FAILED;
    } else {
        jb->exit_status = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        jb->state = jb->cancel ? JOB_CANCELLED : JOB_FAILED;
        if (!jb->cancel)
            snprintf(jb->errline, sizeof jb->errline, "the %s stopped unexpectedly (signal %d); the "
                     "previous results are untouched", jb->command,
                     WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    if (jb->state == JOB_CANCELLED)
        snprintf(jb->errline, sizeof jb->errline, "cancelled; the previous results are untouched");
    if (jb->state == JOB_FAILED && !jb->errline[0])
        snprintf(jb->errline, sizeof jb->errline, "the %s failed (exit status %d)", jb->command,
                 jb->exit_status);
    jobs->running--;
    pthread_mutex_unlock(&jobs->lock);
    return NULL;
}

/* Drop the oldest finished jobs beyond JOBS_KEEP (lock held). */
static void prune(cylch_jobs *jobs)
{
    unsigned kept = 0;
    job **pp = &jobs->list;
    while (*pp) {
        job *jb = *pp;
        if (jb->state != JOB_RUNNING && ++kept > JOBS_KEEP) {
            *pp = jb->next;
            job_free(jb);   /* its thread has finished: the join is immediate */
            continue;
        }
        pp = &jb->next;
    }
}

int cylch_jobs_start(cylch_jobs *jobs, const char *command, char *const argv[], const char *outdir,
                     unsigned *id, cylch_error *err)
{
    int outp[2] = {-1, -1}, errp[2] = {-1, -1}, rc = CYLCH_OK, sprc;
    size_t nargs = 0, nenv = 0;
    char **args = NULL, **env = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, def;
    job *jb = NULL;

    pthread_mutex_lock(&jobs->lock);
    if (jobs->running >= jobs->max_running) {
        pthread_mutex_unlock(&jobs->lock);
        return cylch_error_set(err, CYLCH_SERVER_EBUSY, "%u jobs are running already, the most this "
                               "server runs at once; wait for one to finish or cancel one, then try "
                               "again", jobs->running);
    }
    jobs->running++;   /* reserved; released below on failure */
    pthread_mutex_unlock(&jobs->lock);

    while (argv[nargs])
        nargs++;
    while (environ[nenv])
        nenv++;
    if (!(jb = calloc(1, sizeof *jb)) || !(args = calloc(nargs + 2, sizeof *args)) ||
        !(env = calloc(nenv + 2, sizeof *env)) || !(jb->outdir = strdup(outdir ? outdir : ""))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto fail;
    }
    args[0] = jobs->exe;
    for (size_t i = 0; i < nargs; i++)
        args[i + 1] = argv[i];
    for (size_t i = 0, k = 0; i < nenv; i++)
        if (strncmp(environ[i], "CYLCH_PROGRESS_LINES=", 21) != 0)
            env[k++] = environ[i];
    for (nenv = 0; env[nenv]; nenv++)
        ;
    env[nenv] = "CYLCH_PROGRESS_LINES=1";
    snprintf(jb->command, sizeof jb->command, "%s", command);
    if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot start the %s: %s", command, strerror(errno));
        goto fail;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    posix_spawn_file_actions_addchdir_np(&fa, jobs->cwd);
    posix_spawnattr_init(&at);
    sigemptyset(&none);
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    sprc = posix_spawn(&jb->pid, jobs->exe, &fa, &at, args, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(outp[1]);
    close(errp[1]);
    outp[1] = errp[1] = -1;
    if (sprc != 0) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot start %s: %s", jobs->exe, strerror(sprc));
        goto fail;
    }
    jb->out_fd = outp[0];
    jb->err_fd = errp[0];
    jb->owner = jobs;
    jb->state = JOB_RUNNING;
    jb->start = now();
    pthread_mutex_lock(&jobs->lock);
    jb->id = jobs->next_id++;
    if (pthread_create(&jb->thread, NULL, watch, jb) != 0) {
        /* Without a watcher the child is stopped and reaped here. */
        kill(-jb->pid, SIGKILL);
        waitpid(jb->pid, NULL, 0);
        jobs->running--;
        pthread_mutex_unlock(&jobs->lock);
        close(outp[0]);
        close(errp[0]);
        free(jb->outdir);
        free(jb);
        free(args);
        free(env);
        return cylch_error_set(err, CYLCH_ENOMEM, "cannot start a thread for the %s", command);
    }
    jb->next = jobs->list;
    jobs->list = jb;
    *id = jb->id;
    prune(jobs);
    pthread_mutex_unlock(&jobs->lock);
    free(args);
    free(env);
    return CYLCH_OK;
fail:
    for (int i = 0; i < 2; i++) {
        if (outp[i] >= 0)
            close(outp[i]);
        if (errp[i] >= 0)
            close(errp[i]);
    }
    if (jb)
        free(jb->outdir);
    free(jb);
    free(args);
    free(env);
    pthread_mutex_lock(&jobs->lock);
    jobs->running--;
    pthread_mutex_unlock(&jobs->lock);
    return rc;
}

static job *find(cylch_jobs *jobs, unsigned id)
{
    for (job *jb = jobs->list; jb; jb = jb->next)
        if (jb->id == id)
            return jb;
    return NULL;
}

static json_t *status_of(const job *jb, int full)
{
    double progress = 0.0, secs = (jb->state == JOB_RUNNING ? now() : jb->end) - jb->start;
    json_t *o;
    if (jb->state == JOB_DONE)
        progress = 1.0;
    else if (jb->total > 0) {
        double within = (double)jb->done / (double)jb->total;
        progress = jb->nscen > 0 ? ((double)jb->scen + within) / (double)jb->nscen : within;
    }
    o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:f, s:s, s:f}", "id", (json_int_t)jb->id,
                  "command", jb->command, "state", state_name[jb->state], "done", (json_int_t)jb->done,
                  "total", (json_int_t)jb->total, "scenario", (json_int_t)jb->scen, "scenarios",
                  (json_int_t)jb->nscen, "progress", progress, "outdir", jb->outdir, "seconds", secs);
    if (!o)
        return NULL;
    if (jb->state != JOB_RUNNING)
        json_object_set_new(o, "exit_status", json_integer(jb->exit_status));
    if (jb->errline[0] && jb->state != JOB_DONE)
        json_object_set_new(o, "error", json_string(jb->errline));
    if (full) {
        json_object_set_new(o, "output", json_stringn(jb->out ? jb->out : "", jb->outlen));
        json_object_set_new(o, "messages", json_stringn(jb->msgs ? jb->msgs : "", jb->msglen));
    }
    return o;
}

json_t *cylch_jobs_status(cylch_jobs *jobs, unsigned id)
{
    json_t *o = NULL;
    job *jb;
    pthread_mutex_lock(&jobs->lock);
    if ((jb = find(jobs, id)))
        o = status_of(jb, 1);
    pthread_mutex_unlock(&jobs->lock);
    return o;
}

json_t *cylch_jobs_list(cylch_jobs *jobs)
{
    json_t *a = json_array();
    pthread_mutex_lock(&jobs->lock);
    for (job *jb = jobs->list; jb && a; jb = jb->next)
        json_array_append_new(a, status_of(jb, 0));
    pthread_mutex_unlock(&jobs->lock);
    return a;
}

int cylch_jobs_cancel(cylch_jobs *jobs, unsigned id)
{
    int rc = 0;
    job *jb;
    pthread_mutex_lock(&jobs->lock);
    if (!(jb = find(jobs, id)))
        rc = -1;
    else if (jb->state == JOB_RUNNING && !jb->cancel) {
        kill(jb->pid, SIGINT);
        jb->cancel = 1;
        jb->cancel_at = now();
    }
    pthread_mutex_unlock(&jobs->lock);
    return rc;
}

unsigned cylch_jobs_running(cylch_jobs *jobs)
{
    unsigned n;
    pthread_mutex_lock(&jobs->lock);
    n = jobs->running;
    pthread_mutex_unlock(&jobs->lock);
    return n;
}
