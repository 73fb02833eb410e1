/* cylch serve: start the web server (model/server), print where it is, and wait for
 * Ctrl-C. The signals are blocked before the server's threads start (they inherit the
 * mask) and taken here by sigwait, so a Ctrl-C always reaches this thread. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cylch/io/lang.h"
#include "cylch/server/serve.h"

int cli_cmd_serve(const cli_command *cmd, const cli_args *a)
{
    cylch_error err;
    cylch_server *srv = NULL;
    cylch_server_config cfg;
    sigset_t sigs;
    int sig = 0;

    (void)cmd;
    memset(&cfg, 0, sizeof cfg);
    cfg.dir = cli_given(a, OPT_DIR) ? cli_text(a, OPT_DIR) : ".";
    cfg.listen = cli_text(a, OPT_LISTEN);
    cfg.port = cli_given(a, OPT_PORT) ? (unsigned)cli_num(a, OPT_PORT) : 8080;
    cfg.max_jobs = cli_given(a, OPT_JOBS) ? (unsigned)cli_num(a, OPT_JOBS) : 2;
    /* main.c has chosen the process's language from --lang already (the API's messages
     * follow it); the pages and the jobs are told which it is. */
    cfg.lang = cli_given(a, OPT_LANG) ? cli_text(a, OPT_LANG) : "en";
    cylch_error_clear(&err);
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (cylch_server_start(&cfg, &srv, &err))
        return cli_fail(&err);
    printf(_("cylch serve: the workspace is %s\n"
             "Open %s in a web browser on this computer. Ctrl-C stops the server.\n"),
           cylch_server_workspace(srv), cylch_server_url(srv));
    fflush(stdout);
    while (sigwait(&sigs, &sig) != 0)
        ;
    printf(_("cylch serve: stopping (running jobs are cancelled; their previous results stay)\n"));
    fflush(stdout);
    cylch_server_stop(srv);
    return 0;
}
