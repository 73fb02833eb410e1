/* cylch — one run of a scenario: load, edit, build and solve at the point values
 * (include/cylch/core/run.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cylch/core/run.h"
#include "cylch/io/lang.h"

/* path made absolute (against the current folder) with "." and ".." taken out as
 * written, for a message about a folder that does not exist (so realpath cannot). */
static void absolute_path(const char *path, char *out, size_t n)
{
    char buf[PATH_MAX * 2], cwd[PATH_MAX];
    size_t k = 0;
    const char *p;
    if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
        snprintf(buf, sizeof buf, "%s", path);
    else
        snprintf(buf, sizeof buf, "%s/%s", cwd, path);
    if (n == 0)
        return;
    p = buf;
    while (*p) {
        const char *q;
        size_t len;
        while (*p == '/')
            p++;
        q = strchr(p, '/');
        len = q ? (size_t)(q - p) : strlen(p);
        if (len == 0)
            break;
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (k > 0 && out[k - 1] != '/')
                k--;
            if (k > 0)
                k--;
        } else if (!(len == 1 && p[0] == '.') && k + len + 2 < n) {
            out[k++] = '/';
            memcpy(out + k, p, len);
            k += len;
        }
        p += len;
    }
    if (k == 0)
        out[k++] = '/';
    out[k] = '\0';
}

/* The network folder a scenario names does not exist: say which file and line named
 * it, where cylch looked, and what the path is relative to. */
static int network_missing(const cylch_scenario *s, cylch_error *err)
{
    char where[PATH_MAX], dir[PATH_MAX];
    absolute_path(s->network, where, sizeof where);
    if (strcmp(s->network_file, "--set") == 0)
        return cylch_error_set(err, CYLCH_EINPUT, "--set 'scenario.network=%s': there is no folder %s; "
                               "give the folder that holds enterprises.csv, from the current folder "
                               "or in full", s->network_written, where);
    if (s->network_written[0] == '/')
        return cylch_error_at(err, CYLCH_EINPUT, s->network_file, s->network_line,
                              "network = %s: there is no folder %s; give the folder that holds "
                              "enterprises.csv", s->network_written, where);
    absolute_path(s->network_dir, dir, sizeof dir);
    return cylch_error_at(err, CYLCH_EINPUT, s->network_file, s->network_line,
                          "network = %s: there is no folder %s (a path in a scenario is relative to "
                          "the folder the scenario file is in, %s); write the path from there to the "
                          "folder that holds enterprises.csv, or its full path", s->network_written,
                          where, dir);
}

/* The slips people make naming the scenario: the network's folder or its
 * enterprises.csv in its place, or the file's name without .ini. CYLCH_OK when
 * path looks like a scenario file (or is missing with no better guess). */
static int scenario_slip(const char *path, cylch_error *err)
{
    struct stat st;
    size_t n = strlen(path);
    char other[PATH_MAX];
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(other, sizeof other, "%s/enterprises.csv", path);
        if (stat(other, &st) == 0)
            return cylch_error_set(err, CYLCH_EINPUT,
                                   "%s is a network folder (it holds enterprises.csv), not a scenario: "
                                   "give the scenario file (.ini) whose `network =` names this folder, "
                                   "e.g. scenarios/toy-town.ini; `cylch new DIR` writes one to start from",
                                   path);
        return CYLCH_OK;
    }
    if (stat(path, &st) == 0 && n > 4 && strcasecmp(path + n - 4, ".csv") == 0)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "%s is a CSV file, not a scenario: give the scenario file (.ini) whose "
                               "`network =` names the folder that holds enterprises.csv, e.g. "
                               "scenarios/toy-town.ini; `cylch new DIR` writes one to start from", path);
    if (stat(path, &st) != 0 && errno == ENOENT) {
        snprintf(other, sizeof other, "%s.ini", path);
        if (stat(other, &st) == 0 && S_ISREG(st.st_mode))
            return cylch_error_set(err, CYLCH_EIO, "%s: there is no such file; did you mean %s?", path,
                                   other);
    }
    return CYLCH_OK;
}

int cylch_run_load(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err)
{
    cylch_run *run;
    int rc;
    *out = NULL;
    if ((rc = scenario_slip(path, err)))
        return rc;
    if (!(run = calloc(1, sizeof *run)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    if ((rc = cylch_scenario_load(path, &run->s, err))) {
        cylch_run_free(run);
        return rc;
    }
    if (opt && opt->have_draws)
        run->s->draws = opt->draws;
    if (opt && opt->have_seed)
        run->s->seed = opt->seed;
    for (size_t i = 0; opt && i < opt->nset; i++)
        if ((rc = cylch_scenario_set(run->s, opt->set[i], err))) {
            cylch_run_free(run);
            return rc;
        }
    *out = run;
    return CYLCH_OK;
}

int cylch_run_apply(cylch_run *run, cylch_error *err)
{
    int rc;
    struct stat st;
    if (run->s->network_written && run->s->network_file && stat(run->s->network, &st) != 0 &&
        (errno == ENOENT || errno == ENOTDIR))
        return network_missing(run->s, err);
    if ((rc = cylch_network_load(run->s->network, &run->net, err)))
        return rc;
    return cylch_scenario_apply(run->s, run->net, &run->notes, err);
}

int cylch_run_solve(cylch_run *run, cylch_error *err)
{
    int rc;
    if (!run->net && (rc = cylch_run_apply(run, err)))
        return rc;
    if (!(run->model = cylch_model_new(run->net)) ||
        !(run->point = cylch_result_new(run->net->n, run->s->rounds)) ||
        !(run->vals = cylch_network_values(run->net)))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    cylch_scenario_place_point(run->s, &run->place);
    if ((rc = cylch_model_build(run->model, run->vals, &run->place, err)) ||
        (rc = cylch_model_result(run->model, run->point, err)))
        return cylch_error_prefix(err, rc, run->s->path);
    return CYLCH_OK;
}

int cylch_run_new(const char *path, const cylch_run_options *opt, cylch_run **out, cylch_error *err)
{
    int rc;
    if ((rc = cylch_run_load(path, opt, out, err)))
        return rc;
    if ((rc = cylch_run_solve(*out, err))) {
        cylch_run_free(*out);
        *out = NULL;
    }
    return rc;
}

void cylch_run_free(cylch_run *run)
{
    if (!run)
        return;
    cylch_result_free(run->point);
    cylch_model_free(run->model);
    free(run->vals);
    cylch_notes_clear(&run->notes);
    cylch_network_free(run->net);
    cylch_scenario_free(run->s);
    free(run);
}
