/* cylch — the JSON API of `cylch serve` (documented in docs/api.md): one
 * handler per route, each taking its arguments as a JSON object (the request
 * body, or the query string of a GET) and answering a status and a JSON body.
 * The handlers call the library exactly as the command line does; long
 * commands become jobs (jobs.h). Bad input is 400 with the message the
 * command line would print (without its "cylch: " prefix).
 */
#ifndef CYLCH_SERVER_API_H
#define CYLCH_SERVER_API_H

#include <jansson.h>
#include "cylch/server/jobs.h"
#include "cylch/server/workspace.h"

typedef struct cylch_api {
    cylch_ws *ws;
    cylch_jobs *jobs;
    const char *lang;   /* the language of the server (cylch_lang_set done): "en", "cy"; NULL: "en" */
} cylch_api;

/* Answer method (GET, POST, DELETE) on path (after "/api/", e.g. "run" or
 * "jobs/3") with args (never NULL; borrowed). Returns the HTTP status and sets
 * *body to a new JSON value (the caller decrefs). Never fails otherwise:
 * errors are {"error": message} bodies with a 4xx or 5xx status. */
int cylch_api_handle(cylch_api *api, const char *method, const char *path, json_t *args,
                     json_t **body);

/* {"error": msg} with extra fields from an error's message where it names a
 * file and line ("file", "line"). */
json_t *cylch_api_error(const char *msg);

/* The words of the pages (model/server/web/) in the server's language, as a new JSON
 * object {"lang": "cy", "strings": {English: translation}} (caller decrefs; NULL when
 * out of memory): every message of the pages that the catalogue translates (none in
 * English). Also GET /api/strings, and window.cylchStrings in the pages' strings.js. */
json_t *cylch_api_strings(const cylch_api *api);

#endif /* CYLCH_SERVER_API_H */
