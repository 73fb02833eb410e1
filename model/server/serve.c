/* cylch — `cylch serve`: the HTTP side (libmicrohttpd): same-origin checks,
 * bounded bodies, the pages from model/server/web/, result files from the workspace's
 * results/ folder, and /api/ handed to api.c (see serve.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cylch/io/lang.h"
#include "cylch/server/api.h"
#include "cylch/server/jobs.h"
#include "cylch/server/serve.h"
#include "cylch/server/workspace.h"

struct cylch_server {
    struct MHD_Daemon *d;
    cylch_ws *ws;
    cylch_jobs *jobs;
    cylch_api api;
    char web[PATH_MAX];
    char url[300];
    char listen[INET6_ADDRSTRLEN];
    int wildcard;            /* listening on every address: any Host with our port */
    unsigned port;
};

/* One request's body, gathered across calls. */
typedef struct request {
    char *body;
    size_t len, cap;
    int too_big;
} request;

/* File types served. */
static const struct {
    const char *ext, *type;
} mime[] = {
    {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".json", "application/json; charset=utf-8"},
    {".png", "image/png"}, {".svg", "image/svg+xml"}, {".csv", "text/csv; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"}, {".dat", "text/plain; charset=utf-8"},
    {".gp", "text/plain; charset=utf-8"}, {".ini", "text/plain; charset=utf-8"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

static const char *mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof mime / sizeof mime[0]; i++)
        if (strcasecmp(dot, mime[i].ext) == 0)
            return mime[i].type;
    return "application/octet-stream";
}

static void common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "SAMEORIGIN");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result send_json(struct MHD_Connection *c, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    struct MHD_Response *r;
    enum MHD_Result ret;
    json_decref(body);
    if (!text && !(text = strdup("{\"error\":\"out of memory\"}")))
        return MHD_NO;
    r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    common_headers(r);
    ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *msg)
{
    return send_json(c, status, cylch_api_error(msg));
}

/* Serve the regular file abs (already checked to be where it may be). */
static enum MHD_Result send_file(struct MHD_Connection *c, const char *abs, int page)
{
    struct stat sb;
    struct MHD_Response *r;
    enum MHD_Result ret;
    int fd = open(abs, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return send_error(c, 404, _("no such file"));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return send_error(c, 404, _("no such file"));
    }
    if (!(r = MHD_create_response_from_fd((size_t)sb.st_size, fd))) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", mime_of(abs));
    common_headers(r);
    if (page)
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' "
                                "'unsafe-inline'; frame-ancestors 'self'");
    ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* Host must name this server (a DNS name rebound to 127.0.0.1 does not). */
static int host_ok(const cylch_server *srv, const char *host)
{
    char want[INET6_ADDRSTRLEN + 40];
    const char *names[] = {"127.0.0.1", "localhost", "[::1]", NULL};
    const char *colon;
    if (!host)
        return 0;
    colon = strrchr(host, ':');
    if (!colon || strtoul(colon + 1, NULL, 10) != srv->port || strspn(colon + 1, "0123456789") !=
                                                                    strlen(colon + 1))
        return 0;
    if (srv->wildcard)
        return 1;
    for (int i = 0; names[i]; i++) {
        snprintf(want, sizeof want, "%s:%u", names[i], srv->port);
        if (strcasecmp(host, want) == 0)
            return 1;
    }
    if (strchr(srv->listen, ':'))
        snprintf(want, sizeof want, "[%s]:%u", srv->listen, srv->port);
    else
        snprintf(want, sizeof want, "%s:%u", srv->listen, srv->port);
    return strcasecmp(host, want) == 0;
}

/* 0 when the request may go on; otherwise the reason (for a 403). */
static const char *origin_refused(const cylch_server *srv, struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
    if (!host_ok(srv, host))
        return _("this request does not name this server in its Host header; open the address "
               "cylch serve printed");
    if (origin) {
        char want[400];
        snprintf(want, sizeof want, "http://%s", host);
        if (strcasecmp(origin, want) != 0)
            return _("a page from another origin may not use this server");
    }
    if (site && strcmp(site, "cross-site") == 0)
        return _("a page from another site may not use this server");
    return NULL;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    if (key && value)
        json_object_set_new((json_t *)cls, key, json_string(value));
    return MHD_YES;
}

static enum MHD_Result api(cylch_server *srv, struct MHD_Connection *c, const char *method,
                           const char *path, request *rq)
{
    json_t *args, *body = NULL;
    int status;
    if (rq->len > 0) {
        json_error_t je;
        if (!(args = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, &je))) {
            char msg[400];
            snprintf(msg, sizeof msg, _("the request body is not valid JSON (line %d, column %d: %s)"),
                     je.line, je.column, je.text);
            return send_error(c, 400, msg);
        }
        if (!json_is_object(args)) {
            json_decref(args);
            return send_error(c, 400, _("the request body must be a JSON object, e.g. "
                                      "{\"scenario\": \"scenarios/toy-town.ini\"}"));
        }
    } else {
        args = json_object();
    }
    if (!args)
        return send_error(c, 500, _("out of memory"));
    /* Query-string arguments (GET) join the body's; the body wins. */
    {
        json_t *q = json_object();
        if (q) {
            MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, q);
            json_object_update_missing(args, q);
            json_decref(q);
        }
    }
    status = cylch_api_handle(&srv->api, method, path, args, &body);
    json_decref(args);
    return send_json(c, status, body);
}

/* strings.js: the pages' words in the server's language (cylch_api_strings), loaded by
 * index.html before its own scripts: window.cylchLang and window.cylchStrings. */
static enum MHD_Result strings_js(cylch_server *srv, struct MHD_Connection *c)
{
    json_t *all = cylch_api_strings(&srv->api);
    char *lang = all ? json_dumps(json_object_get(all, "lang"), JSON_ENCODE_ANY) : NULL;
    char *words = all ? json_dumps(json_object_get(all, "strings"), JSON_COMPACT | JSON_SORT_KEYS |
                                                                       JSON_ENSURE_ASCII) : NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *f = NULL;
    struct MHD_Response *r;
    enum MHD_Result ret;
    json_decref(all);
    if (lang && words && (f = open_memstream(&text, &len))) {
        fprintf(f, "/* cylch serve: the pages' words in its language (cylch --lang) */\n"
                   "window.cylchLang = %s;\nwindow.cylchStrings = %s;\n", lang, words);
        if (fclose(f) != 0) {
            free(text);
            text = NULL;
        }
    }
    free(lang);
    free(words);
    if (!text)
        return send_error(c, 500, _("out of memory"));
    if (!(r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE))) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/javascript; charset=utf-8");
    common_headers(r);
    ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* A page of web/: one level, plain names only. */
static enum MHD_Result page(cylch_server *srv, struct MHD_Connection *c, const char *url)
{
    char abs[PATH_MAX + 300];
    const char *name = url[1] ? url + 1 : "index.html";
    if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(name) ||
        name[0] == '.' || strlen(name) > 200)
        return send_error(c, 404, _("no such page"));
    snprintf(abs, sizeof abs, "%s/%s", srv->web, name);
    return send_file(c, abs, 1);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size,
                              void **con_cls)
{
    cylch_server *srv = cls;
    request *rq = *con_cls;
    const char *why;
    (void)version;
    if (!rq) {
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        if ((why = origin_refused(srv, c)))
            return send_error(c, 403, why);
        if (cl && strtoull(cl, NULL, 10) > CYLCH_SERVER_BODY_MAX) {
            char msg[200];
            snprintf(msg, sizeof msg, _("the request body is larger than %u MB"), CYLCH_SERVER_BODY_MAX >> 20);
            return send_error(c, 413, msg);
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!rq->too_big) {
            if (rq->len + *upload_size > CYLCH_SERVER_BODY_MAX) {
                rq->too_big = 1;
            } else {
                if (rq->len + *upload_size + 1 > rq->cap) {
                    size_t cap = rq->cap ? rq->cap : 4096;
                    char *b;
                    while (cap < rq->len + *upload_size + 1)
                        cap *= 2;
                    if (!(b = realloc(rq->body, cap)))
                        return MHD_NO;
                    rq->body = b;
                    rq->cap = cap;
                }
                memcpy(rq->body + rq->len, upload, *upload_size);
                rq->len += *upload_size;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_big) {
        char msg[200];
        snprintf(msg, sizeof msg, _("the request body is larger than %u MB"), CYLCH_SERVER_BODY_MAX >> 20);
        return send_error(c, 413, msg);
    }
    if (strncmp(url, "/api/", 5) == 0)
        return api(srv, c, method, url + 5, rq);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return send_error(c, 405, _("only GET here; the API is under /api/"));
    if (strncmp(url, "/results/", 9) == 0) {
        char abs[PATH_MAX];
        cylch_error err;
        cylch_error_clear(&err);
        /* url is already percent-decoded: "%2e%2e" arrives as ".." and is refused here. */
        if (cylch_ws_path(srv->ws, url + 1, abs, sizeof abs, &err))
            return send_error(c, 403, err.msg);
        return send_file(c, abs, 0);
    }
    if (strcmp(url, "/strings.js") == 0)
        return strings_js(srv, c);
    return page(srv, c, url);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    request *rq = *con_cls;
    (void)cls;
    (void)c;
    (void)toe;
    if (rq) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* The pages: CYLCH_WEB, then PREFIX/share/cylch/web beside an installed
 * program, then model/server/web/ (the source tree) beside the program's folder
 * or up to three above it (build/, build/san/tests/), as the plot scripts are found. */
static int find_web(const char *given, char *buf, size_t len, cylch_error *err)
{
    const char *env = getenv("CYLCH_WEB");
    char exe[PATH_MAX], cand[PATH_MAX + 40], real[PATH_MAX];
    struct stat sb;
    ssize_t k;
    const char *dir = given ? given : env;
    if (dir && *dir) {
        snprintf(cand, sizeof cand, "%s/index.html", dir);
        if (stat(cand, &sb) == 0 && realpath(dir, real) && (size_t)snprintf(buf, len, "%s", real) < len)
            return CYLCH_OK;
        return cylch_error_set(err, CYLCH_EIO, "%s does not hold cylch's pages (index.html)", dir);
    }
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        char *slash;
        exe[k] = '\0';
        if ((slash = strrchr(exe, '/'))) {
            snprintf(cand, sizeof cand, "%.*s/../share/cylch/web/index.html", (int)(slash - exe), exe);
            if (stat(cand, &sb) == 0) {
                cand[strlen(cand) - 11] = '\0';
                if (realpath(cand, real) && (size_t)snprintf(buf, len, "%s", real) < len)
                    return CYLCH_OK;
            }
        }
        for (int up = 0; up < 4 && (slash = strrchr(exe, '/')); up++) {
            *slash = '\0';
            snprintf(cand, sizeof cand, "%s/model/server/web/index.html", exe);
            if (stat(cand, &sb) == 0) {
                cand[strlen(cand) - 11] = '\0';
                if (realpath(cand, real) && (size_t)snprintf(buf, len, "%s", real) < len)
                    return CYLCH_OK;
            }
        }
    }
    return cylch_error_set(err, CYLCH_EIO, "cannot find cylch's pages (looked in ../share/cylch/web "
                           "beside the program and in model/server/web/ beside it and its parent folders); set "
                           "CYLCH_WEB to the folder holding index.html");
}

int cylch_server_start(const cylch_server_config *cfg, cylch_server **out, cylch_error *err)
{
    cylch_server *srv;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    const union MHD_DaemonInfo *info;
    char exe[PATH_MAX];
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1";
    int rc;

    *out = NULL;
    if (cfg->port > 65535)
        return cylch_error_set(err, CYLCH_EINPUT, "port %u is not a TCP port (1 to 65535, or 0 for any "
                               "free port)", cfg->port);
    if (!(srv = calloc(1, sizeof *srv)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, listen, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&a4;
        srv->wildcard = a4.sin_addr.s_addr == htonl(INADDR_ANY);
    } else if (inet_pton(AF_INET6, listen, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)cfg->port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
        srv->wildcard = memcmp(&a6.sin6_addr, &in6addr_any, sizeof a6.sin6_addr) == 0;
    } else {
        free(srv);
        return cylch_error_set(err, CYLCH_EINPUT, "--listen '%s' is not an IP address (e.g. 127.0.0.1, "
                               "or 0.0.0.0 for every address)", listen);
    }
    snprintf(srv->listen, sizeof srv->listen, "%s", listen);
    if ((rc = find_web(cfg->web, srv->web, sizeof srv->web, err)) ||
        (rc = cylch_ws_open(cfg->dir ? cfg->dir : ".", &srv->ws, err)))
        goto fail;
    if (chdir(srv->ws->root) != 0) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot work in %s: %s", srv->ws->root, strerror(errno));
        goto fail;
    }
    if (cfg->exe)
        snprintf(exe, sizeof exe, "%s", cfg->exe);
    else {
        ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (k <= 0) {
            rc = cylch_error_set(err, CYLCH_EIO, "cannot find the cylch program to run jobs with");
            goto fail;
        }
        exe[k] = '\0';
    }
    if (!(srv->jobs = cylch_jobs_new(exe, srv->ws->root, cfg->max_jobs ? cfg->max_jobs : 2))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto fail;
    }
    srv->api.ws = srv->ws;
    srv->api.jobs = srv->jobs;
    srv->api.lang = cfg->lang;
    srv->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, handle, srv,
                              MHD_OPTION_SOCK_ADDR, sa,
                              MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
                              MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
                              MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                              MHD_OPTION_END);
    if (!srv->d) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot listen on %s port %u (in use by another program? "
                             "try --port with another number)", listen, cfg->port);
        goto fail;
    }
    info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info && info->port ? info->port : cfg->port;
    if (strchr(listen, ':'))
        snprintf(srv->url, sizeof srv->url, "http://[%s]:%u/", srv->wildcard ? "::1" : listen, srv->port);
    else
        snprintf(srv->url, sizeof srv->url, "http://%s:%u/", srv->wildcard ? "127.0.0.1" : listen,
                 srv->port);
    *out = srv;
    return CYLCH_OK;
fail:
    cylch_server_stop(srv);
    return rc;
}

const char *cylch_server_url(const cylch_server *srv)
{
    return srv->url;
}

const char *cylch_server_workspace(const cylch_server *srv)
{
    return srv->ws->root;
}

void cylch_server_stop(cylch_server *srv)
{
    if (!srv)
        return;
    if (srv->d)
        MHD_stop_daemon(srv->d);
    cylch_jobs_free(srv->jobs);
    cylch_ws_free(srv->ws);
    free(srv);
}
