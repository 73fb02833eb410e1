/* cylch — fuzz target: a request to the web API of `cylch serve`.
 *
 * Input: "METHOD ROUTE" on the first line (e.g. "POST scenario"), then the
 * request body, parsed as the server parses it (jansson, duplicates refused,
 * an object). The request is answered by cylch_api_handle in a private
 * workspace holding copies of the project's networks and scenarios, as the
 * server answers it; long commands (run, compare, sensitivity, io) are
 * refused by a job table that runs none, so only the request handling is
 * fuzzed. Every answer must be a status from 200 to 599 with a JSON body. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cylch/server/api.h"
#include "cylch/server/jobs.h"
#include "cylch/server/workspace.h"
#include "fuzz.h"

static cylch_api api;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX], cmd[3 * PATH_MAX];
    cylch_error err;
    (void)argc;
    (void)argv;
    cylch_gsl_quiet();
    snprintf(dir, sizeof dir, "%s/cylch-fuzz-web.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/data' && cp -r '%s/data/toy-town' '%s/data/bro-ffestiniog' '%s/data/' "
             "&& cp -r '%s/scenarios' '%s/'", dir, CYLCH_SOURCE_DIR, CYLCH_SOURCE_DIR, dir,
             CYLCH_SOURCE_DIR, dir);
    if (system(cmd) != 0 || chdir(dir) != 0 || cylch_ws_open(dir, &api.ws, &err) != CYLCH_OK) {
        fprintf(stderr, "fuzz_web: cannot make the workspace %s\n", dir);
        exit(1);
    }
    /* No job ever starts: at most 0 running. */
    api.jobs = cylch_jobs_new("/bin/false", dir, 0);
    if (!api.jobs)
        exit(1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    char line[128], method[16], route[100];
    json_t *args, *body = NULL;
    json_error_t je;
    size_t n1 = nl ? (size_t)(nl - data) : size;
    int status;

    if (n1 >= sizeof line)
        return 0;
    memcpy(line, data, n1);
    line[n1] = '\0';
    if (sscanf(line, "%15s %99s", method, route) != 2)
        return 0;
    if (strcmp(method, "GET") && strcmp(method, "POST") && strcmp(method, "DELETE"))
        return 0;
    if (nl && size > n1 + 1)
        args = json_loadb((const char *)nl + 1, size - n1 - 1, JSON_REJECT_DUPLICATES, &je);
    else
        args = json_object();
    if (!args)
        return 0;
    if (!json_is_object(args)) {
        json_decref(args);
        return 0;
    }
    status = cylch_api_handle(&api, method, route, args, &body);
    if (status < 200 || status > 599)
        FUZZ_FAIL("%s %s answered status %d", method, route, status);
    if (!body)
        FUZZ_FAIL("%s %s answered %d with no body", method, route, status);
    {
        char *text = json_dumps(body, JSON_COMPACT);
        if (!text)
            FUZZ_FAIL("%s %s answered a body that is not JSON", method, route);
        free(text);
    }
    json_decref(body);
    json_decref(args);
    return 0;
}
