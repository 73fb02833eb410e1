/* cylch — the JSON API of `cylch serve` (docs/api.md): a table of routes,
 * each a handler over the library calls the command line makes. Long
 * commands (run, compare, sensitivity, io) are jobs running the cylch program
 * itself; explain, explore, the network and scenario editors and the
 * distribution preview are answered at once, in this process. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cylch/core/dist.h"
#include "cylch/core/iotable.h"
#include "cylch/core/model.h"
#include "cylch/core/network.h"
#include "cylch/core/run.h"
#include "cylch/core/scenario.h"
#include "cylch/io/json.h"
#include "cylch/io/lang.h"
#include "cylch/io/text.h"
#include "cylch/present/explain.h"
#include "cylch/present/files.h"
#include "cylch/server/api.h"
#include "cylch/uncertainty/sensitivity.h"

#ifndef CYLCH_VERSION
#define CYLCH_VERSION "0.0.0"
#endif

#define TEXT_MAX (4u * 1024u * 1024u)   /* a scenario or CSV file read back */

/* What each place parameter means, for the Place page (DESIGN §2, §4). */
static const struct {
    const char *meaning;
    int share;   /* 1: a share between 0 and 1; 0: a number >= 0 */
} place_info[CYLCH_NPLACE] = {
    {N_("Of each £1 of gross wages, the share that reaches the employee's household to spend "
     "(after income tax and National Insurance); 1 counts gross wages."), 1},
    {N_("Of each £1 of household income, the share households spend in the area."), 1},
    {N_("Of what households spend in the area, the share spent with the network's members."), 1},
    {N_("Of each £1 that other local businesses take, the share paid as wages to staff living in "
     "the area."), 1},
    {N_("Of each £1 that other local businesses take, the share they spend with other local "
     "businesses."), 1},
    {N_("Jobs (full-time equivalents) in other local businesses per £1 million they take."), 0},
};

json_t *cylch_api_error(const char *msg)
{
    json_t *o = json_pack("{s:s}", "error", msg ? msg : "error");
    const char *p;
    /* "FILE:LINE: …" → file and line, so a page can point at the row. */
    if (o && msg && (p = strstr(msg, ".csv:")) != NULL) {
        const char *start = p;
        char *end;
        long line;
        while (start > msg && start[-1] != ' ' && start[-1] != '\'')
            start--;
        line = strtol(p + 5, &end, 10);
        if (end != p + 5 && *end == ':') {
            json_object_set_new(o, "file", json_stringn(start, (size_t)(p + 4 - start)));
            json_object_set_new(o, "line", json_integer(line));
        }
    }
    return o;
}

static int http_status(int status)
{
    switch (status) {
    case CYLCH_EINPUT: case CYLCH_EMODEL: case CYLCH_EIO: return 400;
    case CYLCH_EEXIST: return 409;
    case CYLCH_SERVER_EBUSY: return 503;
    default: return 500;
    }
}

static int fail(const cylch_error *e, json_t **body)
{
    *body = cylch_api_error(e->msg[0] ? e->msg : cylch_strerror(e->status));
    return http_status(e->status);
}

static int fail_msg(int http, const char *msg, json_t **body)
{
    *body = cylch_api_error(msg);
    return http;
}

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* ---- arguments ---- */

/* A string argument; NULL when missing (or not a string: *bad set). */
static const char *arg_str(json_t *args, const char *key, int *bad)
{
    json_t *v = json_object_get(args, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* A whole-number argument in [0, max]: 1 when given, 0 when not, -1 when bad.
 * Query strings give text, bodies numbers: both are accepted. */
static int arg_ulong(json_t *args, const char *key, unsigned long long max, unsigned long long *out)
{
    json_t *v = json_object_get(args, key);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v)) {
        json_int_t k = json_integer_value(v);
        if (k < 0 || (unsigned long long)k > max)
            return -1;
        *out = (unsigned long long)k;
        return 1;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        unsigned long long k;
        errno = 0;
        k = strtoull(s, &end, 10);
        if (!*s || *end || errno || s[0] == '-' || k > max)
            return -1;
        *out = k;
        return 1;
    }
    return -1;
}

static int arg_bool(json_t *args, const char *key)
{
    json_t *v = json_object_get(args, key);
    if (json_is_boolean(v))
        return json_is_true(v);
    if (json_is_string(v))
        return strcmp(json_string_value(v), "true") == 0 || strcmp(json_string_value(v), "1") == 0;
    return json_is_integer(v) && json_integer_value(v) != 0;
}

/* A path argument checked to lie inside the workspace; NULL with *body set. */
static const char *arg_path(cylch_api *api, json_t *args, const char *key, int required,
                            int *http, json_t **body)
{
    int bad = 0;
    const char *p = arg_str(args, key, &bad);
    char abs[PATH_MAX], msg[256];
    cylch_error err;
    cylch_error_clear(&err);
    if (bad || (!p && required)) {
        snprintf(msg, sizeof msg, _("'%s' must be given as a path inside the workspace"), key);
        *http = fail_msg(400, msg, body);
        return NULL;
    }
    if (p && cylch_ws_path(api->ws, p, abs, sizeof abs, &err)) {
        *http = fail(&err, body);
        return NULL;
    }
    return p;
}

/* ---- loading as the command line does, with the network kept inside ---- */

static int network_inside(cylch_api *api, const char *dir, cylch_error *err)
{
    char abs[PATH_MAX];
    if (dir[0] == '/')
        snprintf(abs, sizeof abs, "%s", dir);
    else
        snprintf(abs, sizeof abs, "%s/%s", api->ws->root, dir);
    if (!cylch_ws_contains(api->ws, abs))
        return cylch_error_set(err, CYLCH_EINPUT, "the network folder %s is outside the workspace; "
                               "copy it into the workspace's data/ folder", dir);
    return CYLCH_OK;
}

/* The scenario at path with its network (which must be inside the workspace) and its
 * edits applied, not yet solved; *run is NULL on error. */
static int load_run(cylch_api *api, const char *path, cylch_run **run, cylch_error *err)
{
    int rc;
    if ((rc = cylch_run_load(path, NULL, run, err)))
        return rc;
    if ((rc = network_inside(api, (*run)->s->network, err)) || (rc = cylch_run_apply(*run, err))) {
        cylch_run_free(*run);
        *run = NULL;
    }
    return rc;
}

/* The path of abs relative to the workspace (into buf). */
static const char *ws_relative(cylch_api *api, const char *path, char *buf, size_t len)
{
    char real[PATH_MAX];
    size_t n = strlen(api->ws->root);
    if (!realpath(path, real) || strncmp(real, api->ws->root, n) != 0) {
        snprintf(buf, len, "%s", path);
        return buf;
    }
    snprintf(buf, len, "%s", real[n] == '/' ? real + n + 1 : real + n);
    return buf;
}

/* ---- GET version, workspace ---- */

static const char *api_lang(const cylch_api *api)
{
    return api->lang && *api->lang ? api->lang : "en";
}

static int h_version(cylch_api *api, json_t *args, json_t **body)
{
    (void)args;
    *body = json_pack("{s:s, s:s, s:I, s:s}", "cylch_version", CYLCH_VERSION, "workspace", api->ws->root,
                      "jobs_running", (json_int_t)cylch_jobs_running(api->jobs), "lang", api_lang(api));
    return 200;
}

/* The messages of the pages (the JavaScript and index.html of model/server/web), as `make pot` found
 * them in cylch.pot (web-strings.h is written by `make pot`, checked by tests/lang-check.sh). */
static const char *const web_strings[] = {
#include "web-strings.h"
};

json_t *cylch_api_strings(const cylch_api *api)
{
    json_t *o = json_object(), *all = json_pack("{s:s}", "lang", api_lang(api));
    for (size_t i = 0; o && i < sizeof web_strings / sizeof *web_strings; i++) {
        const char *t = _(web_strings[i]);
        if (t != web_strings[i] && strcmp(t, web_strings[i]) != 0)
            json_object_set_new(o, web_strings[i], json_string(t));
    }
    if (!o || !all || json_object_set_new(all, "strings", o) != 0) {
        json_decref(all);
        return NULL;
    }
    return all;
}

static int h_strings(cylch_api *api, json_t *args, json_t **body)
{
    (void)args;
    *body = cylch_api_strings(api);
    return 200;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in folder dir (relative to the workspace) passing keep(); caller frees. */
static char **list_dir(const char *dir, int (*keep)(const char *dir, const char *name), size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d))) {
        char **nn;
        if (e->d_name[0] == '.' || !keep(dir, e->d_name))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            if (!(nn = realloc(names, cap * sizeof *names)))
                break;
            names = nn;
        }
        if (!(names[*n] = strdup(e->d_name)))
            break;
        (*n)++;
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, name_cmp);
    return names;
}

static int has_file(const char *dir, const char *name, const char *file)
{
    char p[PATH_MAX];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s/%s", dir, name, file);
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int keep_network(const char *dir, const char *name)
{
    return has_file(dir, name, "enterprises.csv");
}

static int keep_ini(const char *dir, const char *name)
{
    size_t n = strlen(name);
    (void)dir;
    return n > 4 && strcmp(name + n - 4, ".ini") == 0;
}

static const char *result_kind(const char *dir, const char *name)
{
    static const char *const files[][2] = {{"summary.json", "run"}, {"compare.json", "compare"},
                                          {"sensitivity.json", "sensitivity"},
                                          {"multipliers.csv", "io"}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (has_file(dir, name, files[i][0]))
            return files[i][1];
    return NULL;
}

static int keep_result(const char *dir, const char *name)
{
    return result_kind(dir, name) != NULL;
}

/* Every place parameter with its meaning, whether it is a share, and its default
 * (null when a scenario must give it). */
static json_t *place_list(void)
{
    json_t *a = json_array();
    for (int p = 0; p < CYLCH_NPLACE; p++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:o}", "name", cylch_place_name(p), "meaning",
                                           _(place_info[p].meaning), "share", place_info[p].share, "default",
                                           p == CYLCH_P_NET_WAGE_SHARE ? json_real(1.0)
                                           : p == CYLCH_P_HOUSEHOLD_MEMBER_SHARE ? json_real(0.0)
                                                                                  : json_null()));
    return a;
}

static int h_workspace(cylch_api *api, json_t *args, json_t **body)
{
    size_t nn = 0, ns = 0, nr = 0;
    char **nets = list_dir("data", keep_network, &nn), **scens = list_dir("scenarios", keep_ini, &ns);
    char **res = list_dir("results", keep_result, &nr);
    json_t *jn = json_array(), *js = json_array(), *jr = json_array();
    (void)args;
    for (size_t i = 0; i < nn; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "data/%s", nets[i]);
        json_array_append_new(jn, json_string(p));
    }
    for (size_t i = 0; i < ns; i++) {
        char p[PATH_MAX], rel[PATH_MAX];
        cylch_scenario *s = NULL;
        cylch_error err;
        json_t *o;
        cylch_error_clear(&err);
        snprintf(p, sizeof p, "scenarios/%s", scens[i]);
        o = json_pack("{s:s}", "path", p);
        if (cylch_scenario_load(p, &s, &err) == CYLCH_OK) {
            json_object_set_new(o, "name", json_string(s->name));
            json_object_set_new(o, "description", s->description ? json_string(s->description)
                                                                  : json_null());
            json_object_set_new(o, "network", json_string(ws_relative(api, s->network, rel, sizeof rel)));
            json_object_set_new(o, "draws", json_integer((json_int_t)s->draws));
        } else {
            json_object_set_new(o, "error", json_string(err.msg));
        }
        cylch_scenario_free(s);
        json_array_append_new(js, o);
    }
    for (size_t i = 0; i < nr; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "results/%s", res[i]);
        json_array_append_new(jr, json_pack("{s:s, s:s, s:b}", "path", p, "kind",
                                            result_kind("results", res[i]), "report",
                                            has_file("results", res[i], "report.html")));
    }
    cylch_text_list_free(nets, nn);
    cylch_text_list_free(scens, ns);
    cylch_text_list_free(res, nr);
    *body = json_pack("{s:s, s:o, s:o, s:o, s:o}", "workspace", api->ws->root, "networks", jn, "scenarios",
                      js, "results", jr, "place_parameters", place_list());
    return 200;
}

/* ---- networks ---- */

static json_t *network_json(cylch_api *api, const cylch_network *net, const char *dir)
{
    json_t *cols = json_array(), *members = json_array(), *trade = json_array(), *notes = json_array();
    char rel[PATH_MAX];
    (void)api;
    for (int c = 0; c < CYLCH_NCOLS; c++)
        json_array_append_new(cols, json_pack("{s:s, s:b, s:b}", "name", cylch_col_name(c), "share",
                                              cylch_col_is_share(c), "optional",
                                              cylch_col_is_optional(c)));
    for (size_t j = 0; j < net->n; j++) {
        json_t *v = json_object();
        for (int c = 0; c < CYLCH_NCOLS; c++)
            json_object_set_new(v, cylch_col_name(c), jnum(net->m[j].v[c]));
        json_array_append_new(members, json_pack("{s:s, s:s, s:o, s:f}", "id", net->m[j].id, "name",
                                                 net->m[j].name, "values", v, "income",
                                                 cylch_member_income(&net->m[j])));
    }
    for (size_t t = 0; t < net->ntrade; t++)
        json_array_append_new(trade, json_pack("{s:s, s:s, s:f}", "buyer", net->m[net->trade[t].buyer].id,
                                               "seller", net->m[net->trade[t].seller].id, "amount",
                                               net->trade[t].amount));
    snprintf(rel, sizeof rel, "%s", dir);
    for (int k = 0; k < 2; k++)
        if (net->read_note[k])
            json_array_append_new(notes, json_string(net->read_note[k]));
    return json_pack("{s:s, s:o, s:o, s:o, s:o}", "dir", rel, "columns", cols, "members", members, "trade",
                     trade, "notes", notes);
}

static int h_network_get(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0;
    const char *dir = arg_path(api, args, "dir", 1, &http, body);
    cylch_network *net = NULL;
    cylch_error err;
    if (!dir)
        return http;
    cylch_error_clear(&err);
    if (cylch_network_load(dir, &net, &err))
        return fail(&err, body);
    *body = network_json(api, net, dir);
    cylch_network_free(net);
    return 200;
}

/* One CSV field, quoted when it must be (RFC 4180). */
static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' ')) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

/* rows (an array of arrays of strings or numbers) as CSV text (caller frees);
 * NULL with msg set when a row is not an array of cells. */
static char *rows_csv(json_t *rows, const char *what, char *msg, size_t msglen, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    size_t i, k;
    json_t *row, *cell;
    if (!f)
        return NULL;
    json_array_foreach(rows, i, row) {
        if (!json_is_array(row)) {
            snprintf(msg, msglen, _("%s: row %zu is not a list of cells"), what, i + 1);
            fclose(f);
            free(buf);
            return NULL;
        }
        json_array_foreach(row, k, cell) {
            char num[64];
            if (k)
                fputc(',', f);
            if (json_is_string(cell)) {
                const char *s = json_string_value(cell);
                if (strchr(s, '\0') != s + json_string_length(cell)) {
                    snprintf(msg, msglen, _("%s: row %zu, cell %zu holds a NUL character"), what, i + 1,
                             k + 1);
                    fclose(f);
                    free(buf);
                    return NULL;
                }
                csv_field(f, s);
            } else if (json_is_number(cell)) {
                snprintf(num, sizeof num, "%.17g", json_number_value(cell));
                fputs(num, f);
            } else if (!json_is_null(cell)) {
                snprintf(msg, msglen, _("%s: row %zu, cell %zu is neither text nor a number"), what,
                         i + 1, k + 1);
                fclose(f);
                free(buf);
                return NULL;
            }
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* POST network {dir, enterprises: rows, trade: rows|null, save}: the rows are
 * made CSV text and read with the command line's reader (cylch_network_parse:
 * the same spreadsheet-tolerant reading and messages, naming dir's files), and
 * when save is true and they are valid, written whole as dir's enterprises.csv
 * and trade.csv. */
static int h_network_post(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0, rc, save = arg_bool(args, "save");
    const char *dir = arg_path(api, args, "dir", 1, &http, body);
    json_t *ent = json_object_get(args, "enterprises"), *tr = json_object_get(args, "trade");
    char *ecsv = NULL, *tcsv = NULL, msg[300], p[PATH_MAX], ename[PATH_MAX], tname[PATH_MAX];
    size_t elen = 0, tlen = 0;
    cylch_network *net = NULL;
    cylch_error err;
    if (!dir)
        return http;
    cylch_error_clear(&err);
    if (!json_is_array(ent) || json_array_size(ent) < 2)
        return fail_msg(400, _("'enterprises' must be the table of members: a header row, then one row "
                             "per member"), body);
    if (tr && !json_is_null(tr) && !json_is_array(tr))
        return fail_msg(400, _("'trade' must be a table (a header row buyer, seller, amount, then a row "
                             "per link) or null"), body);
    if (!(ecsv = rows_csv(ent, "enterprises", msg, sizeof msg, &elen)))
        return fail_msg(400, msg, body);
    if (json_is_array(tr) && json_array_size(tr) > 1 && !(tcsv = rows_csv(tr, "trade", msg, sizeof msg, &tlen))) {
        free(ecsv);
        return fail_msg(400, msg, body);
    }
    /* Read from memory with the command line's reader, named as the files will be. */
    snprintf(ename, sizeof ename, "%s/enterprises.csv", dir);
    snprintf(tname, sizeof tname, "%s/trade.csv", dir);
    if (cylch_network_parse(ename, ecsv, elen, tname, tcsv, tcsv ? tlen : 0, &net, &err)) {
        http = fail(&err, body);
        goto out;
    }
    if (save) {
        snprintf(p, sizeof p, "%s/enterprises.csv", dir);
        rc = cylch_ws_write(api->ws, p, ecsv, elen, &err);
        snprintf(p, sizeof p, "%s/trade.csv", dir);
        if (!rc && tcsv)
            rc = cylch_ws_write(api->ws, p, tcsv, tlen, &err);
        else if (!rc && !tcsv) {
            char abs[PATH_MAX];
            if (cylch_ws_path(api->ws, p, abs, sizeof abs, &err) == CYLCH_OK)
                unlink(abs);   /* no trade rows: no trade.csv */
            cylch_error_clear(&err);
        }
        if (rc) {
            http = fail(&err, body);
            goto out;
        }
    }
    *body = network_json(api, net, dir);
    json_object_set_new(*body, "saved", json_boolean(save));
    http = 200;
out:
    cylch_network_free(net);
    free(ecsv);
    free(tcsv);
    return http;
}

/* ---- scenarios ---- */

static json_t *scenario_json(cylch_api *api, const cylch_scenario *s, const cylch_network *net,
                             const cylch_notes *notes)
{
    json_t *place = json_array(), *unc = json_object(), *jnotes = json_array();
    char text[CYLCH_DIST_TEXT_MAX], rel[PATH_MAX];
    for (int p = 0; p < CYLCH_NPLACE; p++) {
        cylch_dist_format(&s->place[p], text, sizeof text);
        json_array_append_new(place, json_pack("{s:s, s:s, s:o, s:s, s:b, s:b, s:I}", "name",
                                               cylch_place_name(p), "text", text, "point",
                                               jnum(cylch_dist_point(&s->place[p], 0.0)), "meaning",
                                               _(place_info[p].meaning), "share", place_info[p].share,
                                               "fixed", cylch_dist_is_fixed(&s->place[p]), "line",
                                               (json_int_t)s->place_line[p]));
    }
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (s->has_unc[c]) {
            cylch_dist_format(&s->unc[c], text, sizeof text);
            json_object_set_new(unc, cylch_col_name(c), json_string(text));
        }
    for (size_t i = 0; notes && i < notes->n; i++)
        json_array_append_new(jnotes, json_string(notes->line[i]));
    return json_pack("{s:s, s:s, s:o, s:s, s:I, s:I, s:I, s:o, s:o, s:s, s:o, s:I}", "path", s->path,
                     "name", s->name, "description",
                     s->description ? json_string(s->description) : json_null(), "network",
                     ws_relative(api, s->network, rel, sizeof rel), "draws", (json_int_t)s->draws,
                     "seed", (json_int_t)s->seed, "rounds", (json_int_t)s->rounds, "place", place,
                     "uncertainty", unc, "text", s->text ? s->text : "", "notes", jnotes, "members",
                     (json_int_t)(net ? net->n : 0));
}

static int h_scenario_get(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0;
    const char *path = arg_path(api, args, "path", 1, &http, body);
    cylch_run *run = NULL;
    cylch_error err;
    if (!path)
        return http;
    cylch_error_clear(&err);
    if (load_run(api, path, &run, &err))
        http = fail(&err, body);
    else {
        *body = scenario_json(api, run->s, run->net, &run->notes);
        http = 200;
    }
    cylch_run_free(run);
    return http;
}

/* POST scenario {path, text, save}: the text is checked as `cylch run` would
 * read it (the scenario, its network and its changes), then saved. */
static int h_scenario_post(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0, bad = 0, save = !json_is_false(json_object_get(args, "save"));
    const char *path = arg_path(api, args, "path", 1, &http, body);
    const char *text = arg_str(args, "text", &bad);
    cylch_scenario *s = NULL;
    cylch_network *net = NULL;
    cylch_notes notes = {0, NULL, NULL};
    cylch_error err;
    char dir[PATH_MAX];
    size_t n;
    if (!path)
        return http;
    if (!text || bad)
        return fail_msg(400, _("'text' must be the scenario file's text"), body);
    n = strlen(path);
    if (n < 5 || strcmp(path + n - 4, ".ini") != 0)
        return fail_msg(400, _("a scenario's path must end in .ini, e.g. scenarios/my-network.ini"), body);
    cylch_error_clear(&err);
    snprintf(dir, sizeof dir, "%s", path);
    if (strrchr(dir, '/'))
        *strrchr(dir, '/') = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (cylch_scenario_parse(path, dir, text, &s, &err) || network_inside(api, s->network, &err) ||
        cylch_network_load(s->network, &net, &err) || cylch_scenario_apply(s, net, &notes, &err) ||
        (save && cylch_ws_write(api->ws, path, text, strlen(text), &err))) {
        http = fail(&err, body);
    } else {
        *body = scenario_json(api, s, net, &notes);
        json_object_set_new(*body, "saved", json_boolean(save));
        http = 200;
    }
    cylch_notes_clear(&notes);
    cylch_network_free(net);
    cylch_scenario_free(s);
    return http;
}

/* GET dist {text, param}: a distribution as written in a scenario, with its
 * point value, mean, sd and 99 percentiles for a preview. */
static int h_dist(cylch_api *api, json_t *args, json_t **body)
{
    int bad = 0, range = CYLCH_RANGE_ANY, p;
    const char *text = arg_str(args, "text", &bad), *param = arg_str(args, "param", &bad);
    cylch_dist d;
    cylch_error err;
    json_t *q;
    (void)api;
    if (!text || bad)
        return fail_msg(400, _("'text' must be a number or a distribution, e.g. beta(mean=0.53,sd=0.05)"),
                        body);
    if (param) {
        if ((p = cylch_place_find(param)) >= 0)
            range = place_info[p].share ? CYLCH_RANGE_SHARE : CYLCH_RANGE_NONNEG;
        else if ((p = cylch_col_find(param)) >= 0)
            range = cylch_col_is_share(p) ? CYLCH_RANGE_SHARE : CYLCH_RANGE_NONNEG;
    }
    cylch_error_clear(&err);
    if (cylch_dist_parse(text, 0, &d, &err) || cylch_dist_check(&d, range, 0.0, &err)) {
        char msg[CYLCH_ERROR_MAX + 64];
        snprintf(msg, sizeof msg, "%.60s%s%s", param ? param : "", param ? ": " : "", err.msg);
        return fail_msg(400, msg, body);
    }
    q = json_array();
    for (int k = 1; k <= 99; k++)
        json_array_append_new(q, jnum(cylch_dist_quantile(&d, 0.0, k / 100.0)));
    *body = json_pack("{s:s, s:b, s:o, s:o, s:o, s:o}", "text", text, "fixed", cylch_dist_is_fixed(&d),
                      "point", jnum(cylch_dist_point(&d, 0.0)), "mean", jnum(cylch_dist_mean(&d, 0.0)),
                      "sd", jnum(sqrt(cylch_dist_var(&d, 0.0))), "percentiles", q);
    return 200;
}

/* ---- explain and explore: the point model, in this process ---- */

/* Apply explore's overrides: place {name: value} fixes a place parameter;
 * members {id: {column: value}} replaces a member's value. The network is
 * checked again with the command line's checks. */
static int apply_overrides(json_t *args, cylch_scenario *s, cylch_network *net, cylch_error *err)
{
    json_t *place = json_object_get(args, "place"), *members = json_object_get(args, "members"), *v;
    const char *key;
    if (place && !json_is_null(place)) {
        if (!json_is_object(place))
            return cylch_error_set(err, CYLCH_EINPUT, "'place' must be an object of place parameters");
        json_object_foreach(place, key, v) {
            int p = cylch_place_find(key);
            double x;
            if (p < 0)
                return cylch_error_set(err, CYLCH_EINPUT, "'%s' is not a place parameter", key);
            if (!json_is_number(v) || !isfinite(x = json_number_value(v)))
                return cylch_error_set(err, CYLCH_EINPUT, "place parameter %s must be a number", key);
            if (x < 0.0 || (place_info[p].share && x > 1.0))
                return cylch_error_set(err, CYLCH_EINPUT, "%s is %g; it must be %s", key, x,
                                       place_info[p].share ? "between 0 and 1" : "0 or more");
            s->place[p].kind = CYLCH_DIST_FIXED;
            s->place[p].p[0] = x;
            s->place[p].p[1] = s->place[p].p[2] = 0.0;
        }
    }
    if (members && !json_is_null(members)) {
        json_t *cols;
        if (!json_is_object(members))
            return cylch_error_set(err, CYLCH_EINPUT, "'members' must be an object {id: {column: value}}");
        json_object_foreach(members, key, cols) {
            long j = cylch_network_find(net, key);
            const char *col;
            if (j < 0)
                return cylch_error_set(err, CYLCH_EINPUT, "there is no member '%s' in the network", key);
            if (!json_is_object(cols))
                return cylch_error_set(err, CYLCH_EINPUT, "the values of member '%s' must be an object", key);
            json_object_foreach(cols, col, v) {
                int c = cylch_col_find(col);
                if (c < 0)
                    return cylch_error_set(err, CYLCH_EINPUT, "'%s' is not a column of enterprises.csv", col);
                if (!json_is_number(v) || !isfinite(json_number_value(v)))
                    return cylch_error_set(err, CYLCH_EINPUT, "%s of '%s' must be a number", col, key);
                net->m[j].v[c] = json_number_value(v);
            }
        }
        return cylch_network_check(net, "the values set on the page", err);
    }
    return CYLCH_OK;
}

static int explain_source(json_t *args, const cylch_network *net, int *source, cylch_error *err)
{
    int bad = 0;
    const char *name = arg_str(args, "source", &bad);
    if (bad)
        return cylch_error_set(err, CYLCH_EINPUT, "'source' must be a name");
    if (name) {
        if ((*source = cylch_explain_source_find(name)) == -2)
            return cylch_error_set(err, CYLCH_EINPUT, "source '%s' is not grant, loan, trade, external, "
                                   "income or all", name);
        return CYLCH_OK;
    }
    /* As cylch explain: grant money when there is any, otherwise the members' income. */
    double g = 0.0;
    for (size_t j = 0; j < net->n; j++)
        g += net->m[j].v[CYLCH_COL_GRANT];
    *source = g > 0.0 ? CYLCH_SRC_GRANT : CYLCH_SRC_INCOME;
    return CYLCH_OK;
}

static char *explain_text(const cylch_run *run, int source, size_t rounds, cylch_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;
    if (!f) {
        cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        return NULL;
    }
    rc = cylch_explain_write(f, run, source, rounds, err);
    fclose(f);
    if (rc) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The scenario (path) loaded, edited, with explore's overrides and rounds applied, and
 * solved at its point values. */
static int explore_load(cylch_api *api, json_t *args, cylch_run **run, int *http, json_t **body)
{
    const char *path = arg_path(api, args, "scenario", 1, http, body);
    unsigned long long k = 0;
    cylch_error err;
    int r;
    if (!path)
        return -1;
    cylch_error_clear(&err);
    if ((r = arg_ulong(args, "rounds", 1000, &k)) < 0 || (r == 1 && k == 0)) {
        *http = fail_msg(400, _("'rounds' must be a whole number from 1 to 1000"), body);
        return -1;
    }
    if (load_run(api, path, run, &err) || apply_overrides(args, (*run)->s, (*run)->net, &err) ||
        ((*run)->s->rounds = k ? (size_t)k : (*run)->s->rounds, cylch_run_solve(*run, &err))) {
        *http = fail(&err, body);
        return -1;
    }
    return 0;
}

static int h_explain(cylch_api *api, json_t *args, json_t **body)
{
    cylch_run *run = NULL;
    int http = 0, source;
    char *text = NULL;
    cylch_error err;
    cylch_error_clear(&err);
    if (explore_load(api, args, &run, &http, body) == 0) {
        if (explain_source(args, run->net, &source, &err) || !(text = explain_text(run, source, 0, &err)))
            http = fail(&err, body);
        else {
            *body = json_pack("{s:s, s:s}", "scenario", run->s->path, "text", text);
            http = 200;
        }
    }
    free(text);
    cylch_run_free(run);
    return http;
}

/* POST explore {scenario, place, members, rounds, source, explain}: the point
 * model with the page's values: every figure of summary.json's "point" (the
 * same writer), the matrix A with its agents, and `cylch explain`'s text. */
static int h_explore(cylch_api *api, json_t *args, json_t **body)
{
    cylch_run *run = NULL;
    const cylch_scenario *s;
    const cylch_network *net;
    const cylch_model *m;
    const cylch_result *r;
    size_t na;
    int http = 0, source;
    char *text = NULL, *pbuf = NULL;
    size_t plen = 0;
    cylch_error err;
    json_t *point = NULL, *a = NULL, *agents = NULL, *leak = NULL, *pl;
    FILE *f;
    cylch_error_clear(&err);
    if (explore_load(api, args, &run, &http, body))
        goto out;
    s = run->s;
    net = run->net;
    m = run->model;
    r = run->point;
    if (explain_source(args, net, &source, &err)) {
        http = fail(&err, body);
        goto out;
    }
    if (!json_is_false(json_object_get(args, "explain")) &&
        !(text = explain_text(run, source, 0, &err))) {
        http = fail(&err, body);
        goto out;
    }
    if (!(f = open_memstream(&pbuf, &plen))) {
        http = fail_msg(500, _("out of memory"), body);
        goto out;
    }
    {
        cylch_json j;
        cylch_json_init(&j, f);
        cylch_json_point(&j, NULL, net, r);
        fclose(f);
    }
    if (!(point = json_loadb(pbuf, plen, 0, NULL))) {
        http = fail_msg(500, _("the point results could not be read back"), body);
        goto out;
    }
    na = cylch_model_agents(m);
    a = json_array();
    agents = json_array();
    for (size_t i = 0; i < na; i++) {
        json_t *row = json_array();
        for (size_t j = 0; j < na; j++)
            json_array_append_new(row, jnum(cylch_model_a(m, i, j)));
        json_array_append_new(a, row);
        json_array_append_new(agents, json_string(i < net->n ? net->m[i].id : i == net->n ? "H" : "B"));
    }
    pl = json_object();
    for (int p = 0; p < CYLCH_NPLACE; p++)
        json_object_set_new(pl, cylch_place_name(p), jnum(run->place.v[p]));
    /* Round by round leakage of the source shown, by destination (£/year). */
    leak = json_array();
    {
        int src = source < 0 ? CYLCH_SRC_INCOME : source;
        for (size_t k = 0; k < r->K; k++) {
            json_t *row = json_object();
            for (int d = 0; d < CYLCH_NLEAK; d++)
                json_object_set_new(row, cylch_leak_name(d), jnum(r->src[src].leak[k * CYLCH_NLEAK + d]));
            json_array_append_new(leak, row);
        }
    }
    *body = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "scenario", s->path, "source",
                      cylch_source_name(source < 0 ? CYLCH_SRC_INCOME : source), "rounds",
                      (json_int_t)s->rounds, "place", pl, "agents", agents, "A", a, "point", point,
                      "leak_rounds", leak, "explain", text ? text : "", "network",
                      network_json(api, net, s->network));
    a = agents = point = leak = NULL;
    http = 200;
out:
    json_decref(a);
    json_decref(agents);
    json_decref(point);
    json_decref(leak);
    free(pbuf);
    free(text);
    cylch_run_free(run);
    return http;
}

/* ---- jobs: run, compare, sensitivity, io ---- */

typedef struct argv_buf {
    char *v[32];
    char store[8][32];
    int n, ns;
} argv_buf;

static void av_add(argv_buf *a, const char *s)
{
    if (a->n < 31)
        a->v[a->n++] = (char *)s;
    a->v[a->n] = NULL;
}

static void av_num(argv_buf *a, const char *opt, unsigned long long v)
{
    if (a->ns >= 8)
        return;
    snprintf(a->store[a->ns], sizeof a->store[a->ns], "%llu", v);
    av_add(a, opt);
    av_add(a, a->store[a->ns++]);
}

/* Options shared by the jobs: draws, seed, threads, force, no_plots; out (default_out
 * when not given) checked inside the workspace and, without force, not there already. */
static int job_options(cylch_api *api, json_t *args, argv_buf *a, const char *default_out,
                       const char **outp, int *http, json_t **body)
{
    unsigned long long v;
    int r, bad = 0;
    char abs[PATH_MAX], msg[PATH_MAX + 200];
    const char *out = arg_str(args, "out", &bad);
    cylch_error err;
    struct stat sb;
    cylch_error_clear(&err);
    if (bad) {
        *http = fail_msg(400, _("'out' must be a folder inside the workspace"), body);
        return -1;
    }
    *outp = out = out ? out : default_out;
    if ((r = arg_ulong(args, "draws", CYLCH_DRAWS_MAX, &v)) < 0) {
        snprintf(msg, sizeof msg, _("'draws' must be a whole number from 0 to %lu"), CYLCH_DRAWS_MAX);
        *http = fail_msg(400, msg, body);
        return -1;
    }
    if (r)
        av_num(a, "--draws", v);
    if ((r = arg_ulong(args, "seed", ~0ULL, &v)) < 0) {
        *http = fail_msg(400, _("'seed' must be a whole number"), body);
        return -1;
    }
    if (r)
        av_num(a, "--seed", v);
    if ((r = arg_ulong(args, "threads", 1024, &v)) < 0 || (r && v == 0)) {
        *http = fail_msg(400, _("'threads' must be a whole number from 1 to 1024"), body);
        return -1;
    }
    if (r)
        av_num(a, "--threads", v);
    if (cylch_ws_path(api->ws, out, abs, sizeof abs, &err)) {
        *http = fail(&err, body);
        return -1;
    }
    if (arg_bool(args, "force"))
        av_add(a, "--force");
    else if (stat(abs, &sb) == 0) {
        snprintf(msg, sizeof msg, _("%s already exists; add \"force\": true to replace it, or choose "
                 "another folder with \"out\""), out);
        *http = fail_msg(409, msg, body);
        return -1;
    }
    if (arg_bool(args, "no_plots"))
        av_add(a, "--no-plots");
    /* The job writes in the server's language: its report, plots, summary and messages. */
    if (strcmp(api_lang(api), "en") != 0) {
        av_add(a, "--lang");
        av_add(a, api_lang(api));
    }
    av_add(a, "--out");
    av_add(a, out);
    return 0;
}

/* Start the job a->v (the command first, then its arguments) with the options of
 * args (job_options; its results in default_out unless args names 'out'). Returns
 * the HTTP status: 202 with the job's status in *body, or an error. */
static int start_job(cylch_api *api, json_t *args, argv_buf *a, const char *default_out, json_t **body)
{
    unsigned id = 0;
    int http = 0;
    const char *out;
    cylch_error err;
    if (job_options(api, args, a, default_out, &out, &http, body))
        return http;
    cylch_error_clear(&err);
    if (cylch_jobs_start(api->jobs, a->v[0], a->v, out, &id, &err))
        return fail(&err, body);
    *body = cylch_jobs_status(api->jobs, id);
    return 202;
}

/* Check the scenario at path (inside the workspace) as its job will, with the command
 * line's messages, so that bad input is a 400 and not a failed job; its name into name
 * (len bytes, at least 256). Returns 0, or the HTTP status of the error in *body. */
static int check_scenario(cylch_api *api, const char *path, char *name, size_t len, json_t **body)
{
    cylch_run *run = NULL;
    cylch_error err;
    char abs[PATH_MAX];
    cylch_error_clear(&err);
    if (cylch_ws_path(api->ws, path, abs, sizeof abs, &err) || load_run(api, path, &run, &err))
        return fail(&err, body);
    snprintf(name, len, "%.255s", run->s->name);   /* a scenario name is short; bounded so -O1 sees no truncation */
    cylch_run_free(run);
    return 0;
}

static int h_run(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0;
    const char *path = arg_path(api, args, "scenario", 1, &http, body);
    argv_buf a = {.n = 0, .ns = 0};
    char name[256], outbuf[PATH_MAX];
    if (!path || (http = check_scenario(api, path, name, sizeof name, body)))
        return http;
    snprintf(outbuf, sizeof outbuf, "results/%s", name);
    av_add(&a, "run");
    av_add(&a, path);
    return start_job(api, args, &a, outbuf, body);
}

static int h_compare(cylch_api *api, json_t *args, json_t **body)
{
    json_t *list = json_object_get(args, "scenarios"), *v;
    size_t i, n = json_array_size(list);
    const char *paths[16];
    char outbuf[PATH_MAX];
    argv_buf a = {.n = 0, .ns = 0};
    if (!json_is_array(list) || n < 2 || n > 16)
        return fail_msg(400, _("'scenarios' must list a base scenario and 1 to 15 others"), body);
    av_add(&a, "compare");
    json_array_foreach(list, i, v) {
        char name[256];
        int http;
        if (!json_is_string(v))
            return fail_msg(400, _("'scenarios' must be paths of scenario files"), body);
        paths[i] = json_string_value(v);
        if ((http = check_scenario(api, paths[i], name, sizeof name, body)))
            return http;
        if (i == 0)
            snprintf(outbuf, sizeof outbuf, "results/compare-%s", name);
        av_add(&a, paths[i]);
    }
    return start_job(api, args, &a, outbuf, body);
}

static int h_sensitivity(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0, bad = 0, method = CYLCH_SENS_TORNADO;
    const char *path = arg_path(api, args, "scenario", 1, &http, body), *mname;
    argv_buf a = {.n = 0, .ns = 0};
    char name[256], outbuf[PATH_MAX];
    if (!path)
        return http;
    mname = arg_str(args, "method", &bad);
    if (bad || (mname && (method = cylch_sens_method_find(mname)) < 0))
        return fail_msg(400, _("'method' must be tornado, spearman or sobol"), body);
    if ((http = check_scenario(api, path, name, sizeof name, body)))
        return http;
    snprintf(outbuf, sizeof outbuf, "results/sensitivity-%s-%s", name, cylch_sens_method_name(method));
    av_add(&a, "sensitivity");
    av_add(&a, path);
    av_add(&a, "--method");
    av_add(&a, cylch_sens_method_name(method));
    return start_job(api, args, &a, outbuf, body);
}

static int h_io(cylch_api *api, json_t *args, json_t **body)
{
    int http = 0;
    const char *path = arg_path(api, args, "table", 1, &http, body), *slash;
    cylch_iotable *t = NULL;
    cylch_error err;
    argv_buf a = {.n = 0, .ns = 0};
    char outbuf[PATH_MAX];
    if (!path)
        return http;
    cylch_error_clear(&err);
    if (cylch_iotable_read(path, &t, &err))
        return fail(&err, body);
    cylch_iotable_free(t);
    /* As cylch io: data/scotland-2019/io-table.csv -> results/io-scotland-2019 */
    slash = strrchr(path, '/');
    if (slash && slash != path) {
        const char *p = slash - 1;
        while (p > path && p[-1] != '/')
            p--;
        snprintf(outbuf, sizeof outbuf, "results/io-%.*s", (int)(slash - p), p);
    } else {
        snprintf(outbuf, sizeof outbuf, "results/io-%s", slash ? slash + 1 : path);
    }
    av_add(&a, "io");
    av_add(&a, path);
    return start_job(api, args, &a, outbuf, body);
}

static int h_jobs(cylch_api *api, json_t *args, json_t **body)
{
    (void)args;
    *body = json_pack("{s:o}", "jobs", cylch_jobs_list(api->jobs));
    return 200;
}

/* ---- the routes ---- */

typedef int (*handler_fn)(cylch_api *api, json_t *args, json_t **body);
static const struct route {
    const char *method, *path;
    handler_fn fn;
} routes[] = {
    {"GET", "version", h_version},
    {"GET", "strings", h_strings},
    {"GET", "workspace", h_workspace},
    {"GET", "network", h_network_get},
    {"POST", "network", h_network_post},
    {"GET", "scenario", h_scenario_get},
    {"POST", "scenario", h_scenario_post},
    {"GET", "dist", h_dist},
    {"POST", "explain", h_explain},
    {"POST", "explore", h_explore},
    {"POST", "run", h_run},
    {"POST", "compare", h_compare},
    {"POST", "sensitivity", h_sensitivity},
    {"POST", "io", h_io},
    {"GET", "jobs", h_jobs},
};

/* jobs/N and jobs/N/cancel. */
static int job_route(cylch_api *api, const char *method, const char *path, json_t **body)
{
    char *end;
    unsigned long id;
    errno = 0;
    id = strtoul(path + 5, &end, 10);
    if (end == path + 5 || errno || id > 0xffffffffUL)
        return fail_msg(404, _("no such job"), body);
    if (*end == '\0' && strcmp(method, "GET") == 0) {
        if (!(*body = cylch_jobs_status(api->jobs, (unsigned)id)))
            return fail_msg(404, _("no such job"), body);
        return 200;
    }
    if ((*end == '\0' && strcmp(method, "DELETE") == 0) ||
        (strcmp(end, "/cancel") == 0 && strcmp(method, "POST") == 0)) {
        if (cylch_jobs_cancel(api->jobs, (unsigned)id) != 0)
            return fail_msg(404, _("no such job"), body);
        *body = cylch_jobs_status(api->jobs, (unsigned)id);
        return *body ? 202 : fail_msg(404, _("no such job"), body);
    }
    return fail_msg(405, _("a job is read with GET and cancelled with DELETE (or POST …/cancel)"), body);
}

int cylch_api_handle(cylch_api *api, const char *method, const char *path, json_t *args, json_t **body)
{
    int known = 0, http;
    char msg[300];
    *body = NULL;
    if (strncmp(path, "jobs/", 5) == 0)
        http = job_route(api, method, path, body);
    else {
        for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
            if (strcmp(routes[i].path, path) != 0)
                continue;
            known = 1;
            if (strcmp(routes[i].method, method) == 0 ||
                (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
                http = routes[i].fn(api, args, body);
                goto done;
            }
        }
        if (known)
            snprintf(msg, sizeof msg, _("'%.100s' does not take %.10s"), path, method);
        else
            snprintf(msg, sizeof msg, _("unknown command '%.100s'; the commands are run, compare, "
                     "sensitivity, explain, explore and io (see docs/api.md)"), path);
        http = fail_msg(known ? 405 : 404, msg, body);
    }
done:
    if (!*body) {
        *body = cylch_api_error(_("out of memory"));
        http = 500;
    }
    return http;
}
