/* cylch — the workspace of `cylch serve`: paths checked to stay inside one
 * folder, and whole-file reads and writes there (see workspace.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cylch/server/workspace.h"

int cylch_ws_open(const char *dir, cylch_ws **out, cylch_error *err)
{
    char real[PATH_MAX];
    struct stat sb;
    cylch_ws *ws;
    *out = NULL;
    if (!dir || !*dir)
        return cylch_error_set(err, CYLCH_EINPUT, "no workspace folder given");
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0)
            return cylch_error_set(err, CYLCH_EIO, "cannot use %s as the workspace: %s", dir,
                                   strerror(errno));
    } else if (!S_ISDIR(sb.st_mode)) {
        return cylch_error_set(err, CYLCH_EIO, "the workspace %s is not a folder", dir);
    }
    if (!realpath(dir, real))
        return cylch_error_set(err, CYLCH_EIO, "cannot use %s as the workspace: %s", dir,
                               strerror(errno));
    if (!(ws = calloc(1, sizeof *ws)) || !(ws->root = strdup(real))) {
        free(ws);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    *out = ws;
    return CYLCH_OK;
}

void cylch_ws_free(cylch_ws *ws)
{
    if (!ws)
        return;
    free(ws->root);
    free(ws);
}

static int under_root(const cylch_ws *ws, const char *real)
{
    size_t n = strlen(ws->root);
    if (strcmp(ws->root, "/") == 0)
        return 1;
    return strncmp(real, ws->root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

int cylch_ws_contains(const cylch_ws *ws, const char *abs)
{
    char path[PATH_MAX], real[PATH_MAX];
    struct stat sb;
    if (strlen(abs) >= sizeof path)
        return 0;
    strcpy(path, abs);
    /* Resolve the longest part that exists; a missing tail is created later
     * under it. A dangling symbolic link in the missing part is refused: a
     * write through it would land wherever it points. */
    for (;;) {
        char *slash;
        if (realpath(path, real))
            return under_root(ws, real);
        if (errno != ENOENT && errno != ENOTDIR)
            return 0;
        if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
            return 0;
        slash = strrchr(path, '/');
        if (!slash || slash == path)
            return 0;
        *slash = '\0';
    }
}

int cylch_ws_path(const cylch_ws *ws, const char *rel, char *out, size_t len, cylch_error *err)
{
    size_t n = 0, rootlen = strlen(ws->root);
    const char *p = rel;
    if (!rel)
        return cylch_error_set(err, CYLCH_EINPUT, "no path given");
    if (rel[0] == '/')
        return cylch_error_set(err, CYLCH_EINPUT, "'%.200s' is an absolute path; give a path inside "
                               "the workspace, such as data/my-network or scenarios/base.ini", rel);
    for (const unsigned char *c = (const unsigned char *)rel; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '\\')
            return cylch_error_set(err, CYLCH_EINPUT, "'%.200s' has a backslash or a control "
                                   "character; give a plain path inside the workspace", rel);
    if (rootlen + 1 >= len)
        return cylch_error_set(err, CYLCH_EINPUT, "path too long");
    memcpy(out, ws->root, rootlen);
    n = rootlen;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == 2 && p[0] == '.' && p[1] == '.')
            return cylch_error_set(err, CYLCH_EINPUT, "'%.200s' reaches outside the workspace "
                                   "(\"..\"); give a path inside it", rel);
        if (k > 0 && !(k == 1 && p[0] == '.')) {
            if (n + 1 + k + 1 > len)
                return cylch_error_set(err, CYLCH_EINPUT, "the path '%.200s' is too long", rel);
            out[n++] = '/';
            memcpy(out + n, p, k);
            n += k;
        }
        p += k;
        if (*p == '/')
            p++;
    }
    out[n] = '\0';
    if (!cylch_ws_contains(ws, out))
        return cylch_error_set(err, CYLCH_EINPUT, "'%.200s' leads outside the workspace (through a "
                               "symbolic link); give a path inside it", rel);
    return CYLCH_OK;
}

/* mkdir -p of the folders above abs, each checked to stay inside. */
static int make_parents(const cylch_ws *ws, const char *abs, cylch_error *err)
{
    char path[PATH_MAX];
    size_t rootlen = strlen(ws->root);
    if (strlen(abs) >= sizeof path)
        return cylch_error_set(err, CYLCH_EINPUT, "path too long");
    strcpy(path, abs);
    for (char *s = path + rootlen + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            *s = '/';
            return cylch_error_set(err, CYLCH_EIO, "cannot make the folder for %s: %s",
                                   abs + rootlen + 1, strerror(e));
        }
        if (!cylch_ws_contains(ws, path))
            return cylch_error_set(err, CYLCH_EINPUT, "%s leads outside the workspace",
                                   abs + rootlen + 1);
        *s = '/';
    }
    return CYLCH_OK;
}

int cylch_ws_write(const cylch_ws *ws, const char *rel, const char *data, size_t len,
                   cylch_error *err)
{
    char abs[PATH_MAX], tmp[PATH_MAX + 32];
    int fd, rc;
    size_t off = 0;
    if ((rc = cylch_ws_path(ws, rel, abs, sizeof abs, err)) || (rc = make_parents(ws, abs, err)))
        return rc;
    snprintf(tmp, sizeof tmp, "%s.partial-XXXXXX", abs);
    if ((fd = mkstemp(tmp)) < 0)
        return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", rel, strerror(errno));
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlink(tmp);
            return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", rel, strerror(e));
        }
        off += (size_t)w;
    }
    fchmod(fd, 0644);
    if (close(fd) != 0 || rename(tmp, abs) != 0) {
        int e = errno;
        unlink(tmp);
        return cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", rel, strerror(e));
    }
    return CYLCH_OK;
}

int cylch_ws_read(const cylch_ws *ws, const char *rel, size_t max, char **data, size_t *len,
                  cylch_error *err)
{
    char abs[PATH_MAX];
    struct stat sb;
    char *buf;
    size_t off = 0;
    int fd, rc;
    *data = NULL;
    if ((rc = cylch_ws_path(ws, rel, abs, sizeof abs, err)))
        return rc;
    if ((fd = open(abs, O_RDONLY | O_CLOEXEC)) < 0)
        return cylch_error_set(err, CYLCH_EIO, "cannot read %s: %s", rel, strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max) {
        close(fd);
        return cylch_error_set(err, CYLCH_EIO, "%s is not a file of at most %zu bytes", rel, max);
    }
    if (!(buf = malloc((size_t)sb.st_size + 1))) {
        close(fd);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    while (off < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + off, (size_t)sb.st_size - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += (size_t)r;
    }
    close(fd);
    buf[off] = '\0';
    *data = buf;
    if (len)
        *len = off;
    return CYLCH_OK;
}
