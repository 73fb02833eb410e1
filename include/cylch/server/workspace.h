/* cylch — the workspace of `cylch serve`: the one folder the web server may
 * read and write (networks in data/, scenarios in scenarios/, results in
 * results/, the same files the command line reads and writes).
 *
 * Every path that reaches the server (in a URL or a request body) is a path
 * relative to the workspace, '/'-separated. cylch_ws_path refuses any path
 * that could name a file outside it: an absolute path, a ".." component, a
 * backslash or control character, and, after resolving symbolic links of the
 * part that exists, anything whose real path lies outside the workspace's real
 * path. Percent-decoding is done once, by the HTTP layer, before the check,
 * so "%2e%2e/" arrives here as "../" and is refused.
 */
#ifndef CYLCH_SERVER_WORKSPACE_H
#define CYLCH_SERVER_WORKSPACE_H

#include <stddef.h>
#include "cylch/io/error.h"

typedef struct cylch_ws {
    char *root;     /* the workspace's real path (no trailing '/') */
} cylch_ws;

/* Open the folder dir (created when missing) as a workspace. On success *out
 * owns a new workspace. Errors: CYLCH_EIO (not a folder, cannot be created). */
int cylch_ws_open(const char *dir, cylch_ws **out, cylch_error *err);
void cylch_ws_free(cylch_ws *ws);

/* The absolute path of rel inside the workspace, into out (len bytes): root,
 * '/', then rel with empty and "." components dropped. rel "" or "." is the
 * root itself. Errors: CYLCH_EINPUT with a message naming rel (absolute, "..",
 * a backslash or control character, too long, or resolving outside the
 * workspace through a symbolic link). Touches nothing on disk. */
int cylch_ws_path(const cylch_ws *ws, const char *rel, char *out, size_t len, cylch_error *err);

/* 1 if the absolute path abs lies inside the workspace once its existing part
 * is resolved (symbolic links followed), 0 otherwise. */
int cylch_ws_contains(const cylch_ws *ws, const char *abs);

/* Write len bytes of data to rel (a file inside the workspace) whole or not
 * at all: into a temporary name in the same folder, then renamed. Parent
 * folders inside the workspace are created. Errors: as cylch_ws_path,
 * CYLCH_EIO. */
int cylch_ws_write(const cylch_ws *ws, const char *rel, const char *data, size_t len,
                   cylch_error *err);

/* Read rel whole into *data (NUL-terminated, caller frees), at most max bytes.
 * Errors: as cylch_ws_path, CYLCH_EIO (missing, unreadable, larger than max). */
int cylch_ws_read(const cylch_ws *ws, const char *rel, size_t max, char **data, size_t *len,
                  cylch_error *err);

#endif /* CYLCH_SERVER_WORKSPACE_H */
