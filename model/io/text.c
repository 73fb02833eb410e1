/* cylch — reading input files as text (see cylch/io/text.h). */
#include "cylch/io/text.h"
#include "cylch/io/lang.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cylch/io/limits.h"

int cylch_text_read(const char *path, const char *what, char **buf, size_t *len,
                    cylch_error *err)
{
    struct stat st;
    FILE *f;
    char *b;
    size_t got;
    *buf = NULL;
    *len = 0;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            return cylch_error_at(err, CYLCH_EINPUT, path, 0,
                                  "%s is a link to a file that does not exist (%s)", _(what),
                                  cylch_errno_text(e));
        return cylch_error_at(err, CYLCH_EIO, path, 0, "cannot open %s: %s", _(what), cylch_errno_text(e));
    }
    if (S_ISDIR(st.st_mode))
        return cylch_error_at(err, CYLCH_EINPUT, path, 0, "%s is a folder, not a file", _(what));
    if (S_ISREG(st.st_mode) && st.st_size > CYLCH_FILE_MAX)
        return cylch_error_at(err, CYLCH_EINPUT, path, 0,
                              "%s is %lld bytes; cylch reads files of up to %s",
                              _(what), (long long)st.st_size, _(CYLCH_FILE_MAX_TEXT));
    f = fopen(path, "rb");
    if (!f)
        return cylch_error_at(err, CYLCH_EIO, path, 0, "cannot open %s: %s", _(what), cylch_errno_text(errno));
    /* Read at most one byte over the limit (a pipe or device has no size). */
    b = malloc(S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : (size_t)CYLCH_FILE_MAX + 2);
    if (!b) {
        fclose(f);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", path);
    }
    got = fread(b, 1, S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : (size_t)CYLCH_FILE_MAX + 1, f);
    if (ferror(f)) {
        fclose(f);
        free(b);
        return cylch_error_at(err, CYLCH_EIO, path, 0, "cannot read %s", _(what));
    }
    fclose(f);
    if (got > (size_t)CYLCH_FILE_MAX) {
        free(b);
        return cylch_error_at(err, CYLCH_EINPUT, path, 0,
                              "%s is larger than %s, the most cylch reads", _(what),
                              _(CYLCH_FILE_MAX_TEXT));
    }
    b[got] = '\0';
    *buf = b;
    *len = got;
    return CYLCH_OK;
}

size_t cylch_text_line(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n')
            return i + 1;
        if (data[i] == '\r')
            return (i + 1 < len && data[i + 1] == '\n') ? i + 2 : i + 1;
    }
    return len;
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 if invalid
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        k = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < k || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

int cylch_text_check(const char *name, const char *data, size_t len, cylch_error *err)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t pos = 0, line_start = 0;
    long line = 1;
    while (pos < len) {
        size_t k;
        if (s[pos] == '\n' || s[pos] == '\r') {
            if (s[pos] == '\r' && pos + 1 < len && s[pos + 1] == '\n')
                pos++;
            pos++;
            line++;
            line_start = pos;
            continue;
        }
        if (s[pos] == '\0')
            return cylch_error_at(err, CYLCH_EINPUT, name, line,
                                  "this is not a text file (it contains a NUL byte, column %zu)",
                                  pos - line_start + 1);
        k = utf8_len(s + pos, len - pos);
        if (k == 0)
            return cylch_error_at(err, CYLCH_EINPUT, name, line,
                                  "byte 0x%02X (column %zu) is not UTF-8 text; save the file as "
                                  "UTF-8 (in a spreadsheet: 'CSV UTF-8'; in an editor: encoding "
                                  "UTF-8)", s[pos], pos - line_start + 1);
        pos += k;
    }
    return CYLCH_OK;
}

void cylch_text_money(char *buf, size_t len, double v)
{
    if (isfinite(v) && fabs(v) < 1e12)
        snprintf(buf, len, "%.2f", v);
    else
        snprintf(buf, len, "%.6g", v);
}

int cylch_text_blank(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return *s == '\0';
}

int cylch_text_is(const char *s, const char *word)
{
    size_t len = strlen(word);
    while (isspace((unsigned char)*s))
        s++;
    return strncmp(s, word, len) == 0 && cylch_text_blank(s + len);
}

char *cylch_text_trimmed(const char *s)
{
    size_t len;
    char *c;
    while (isspace((unsigned char)*s))
        s++;
    len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if ((c = malloc(len + 1))) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

void cylch_text_list_free(char **v, size_t n)
{
    if (v)
        for (size_t i = 0; i < n; i++)
            free(v[i]);
    free(v);
}

char *cylch_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}
