/* cylch — `cylch serve`: a local web server (libmicrohttpd) for the pages in
 * model/server/web/ and a JSON API over the same library calls and program the command
 * line uses (docs/api.md). One workspace folder holds networks, scenarios and
 * results as the same files the command line reads and writes.
 *
 * Safety: it listens on 127.0.0.1 unless told otherwise; every request must
 * name this server in its Host header and, when it has one, come from this
 * server's own origin (a page elsewhere cannot drive it, nor can a DNS name
 * rebound to 127.0.0.1); request bodies are at most CYLCH_SERVER_BODY_MAX
 * bytes; files are read and written only inside the workspace (workspace.h);
 * at most max_jobs Monte Carlo jobs run at once (jobs.h).
 *
 * Language: the server speaks the language it was started with (cfg.lang). The pages load
 * strings.js, which this server writes from cylch's catalogue (window.cylchStrings: the
 * pages' words translated, cylch_api_strings), the API's messages are in that language,
 * and every job is started with --lang, so its report, plots and summary are too.
 */
#ifndef CYLCH_SERVER_SERVE_H
#define CYLCH_SERVER_SERVE_H

#include "cylch/io/error.h"

#define CYLCH_SERVER_BODY_MAX (10u * 1024u * 1024u)   /* bytes of a request body */

typedef struct cylch_server_config {
    const char *dir;        /* the workspace folder (created when missing) */
    const char *listen;     /* IPv4 or IPv6 address to listen on; NULL: 127.0.0.1 */
    unsigned port;          /* TCP port; 0: any free port (see cylch_server_url) */
    unsigned max_jobs;      /* jobs at once; 0: 2 */
    const char *web;        /* folder of the pages; NULL: found beside the program */
    const char *exe;        /* the cylch program for jobs; NULL: this program */
    const char *lang;       /* the language of the pages, the API's messages and the jobs' results:
                             * "en" or "cy", already chosen for the process (cylch_lang_set);
                             * NULL: "en" */
} cylch_server_config;

typedef struct cylch_server cylch_server;

/* Start serving in background threads. The process's working folder becomes
 * the workspace (jobs and messages name files relative to it, as the command
 * line run there would). On success *out owns the running server. Errors:
 * CYLCH_EINPUT (a bad address), CYLCH_EIO (the workspace, the pages or the
 * port cannot be used: the message says which and why), CYLCH_ENOMEM. */
int cylch_server_start(const cylch_server_config *cfg, cylch_server **out, cylch_error *err);

/* The address to open in a browser, e.g. "http://127.0.0.1:8080/". */
const char *cylch_server_url(const cylch_server *srv);

/* The workspace's real path. */
const char *cylch_server_workspace(const cylch_server *srv);

/* Stop accepting requests, cancel running jobs (their previous results stay),
 * wait for them and free everything. NULL is allowed. */
void cylch_server_stop(cylch_server *srv);

#endif /* CYLCH_SERVER_SERVE_H */
