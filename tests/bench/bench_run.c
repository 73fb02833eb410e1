/* bench_run: run a command and report its wall-clock time and peak resident memory.
 *   bench_run CMD [ARG...]
 * The command's own output passes through; then one line on standard output:
 *   bench_run: wall 1.234567 s, peak rss 123456 kB, exit 0
 * (wall from CLOCK_MONOTONIC around fork/exec/wait, peak RSS from wait4's rusage,
 * i.e. of the command and not of this wrapper). Used by tests/bench/run-bench.sh. */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    struct rusage ru;
    int status = 0;
    pid_t pid;
    double t0, t1;
    if (argc < 2) {
        fprintf(stderr, "usage: bench_run CMD [ARG...]\n");
        return 2;
    }
    fflush(stdout);
    t0 = now();
    pid = fork();
    if (pid < 0) {
        perror("bench_run: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("bench_run: exec");
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("bench_run: wait4");
        return 1;
    }
    t1 = now();
    printf("bench_run: wall %.6f s, peak rss %ld kB, exit %d\n", t1 - t0, ru.ru_maxrss,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
