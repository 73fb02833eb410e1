/* cylch tests — small helpers shared by the test programs (header-only):
 * reading a whole file, a minimal JSON path lookup for the oracle files,
 * and relative comparison. Not part of cylch itself. */
#ifndef CYLCH_TESTUTIL_H
#define CYLCH_TESTUTIL_H

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole file as a NUL-terminated string (caller frees), or NULL. */
static inline char *tu_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static inline const char *tu_json_ws(const char *p)
{
    while (*p && isspace((unsigned char)*p))
        p++;
    return p;
}

/* Skip one JSON value starting at p; returns the position after it. */
static inline const char *tu_json_skip(const char *p)
{
    p = tu_json_ws(p);
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1])
                p++;
        return *p ? p + 1 : p;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '"') {
                for (p++; *p && *p != '"'; p++)
                    if (*p == '\\' && p[1])
                        p++;
            } else if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && !isspace((unsigned char)*p))
        p++;
    return p;
}

/* Find the value at a path like "by_source.grant.rounds[1]" or "members.caffi.multiplier".
 * Returns a pointer to the value's text or NULL. */
static inline const char *tu_json_find(const char *json, const char *path)
{
    const char *p = tu_json_ws(json);
    while (*path) {
        char key[256];
        size_t k = 0;
        if (*path == '.')
            path++;
        if (*path == '[') {
            long idx = strtol(path + 1, (char **)&path, 10);
            if (*path == ']')
                path++;
            if (*p != '[')
                return NULL;
            p = tu_json_ws(p + 1);
            for (long i = 0; i < idx; i++) {
                p = tu_json_ws(tu_json_skip(p));
                if (*p != ',')
                    return NULL;
                p = tu_json_ws(p + 1);
            }
            continue;
        }
        while (*path && *path != '.' && *path != '[' && k < sizeof key - 1)
            key[k++] = *path++;
        key[k] = '\0';
        if (*p != '{')
            return NULL;
        p = tu_json_ws(p + 1);
        for (;;) {
            const char *ks, *ke;
            if (*p != '"')
                return NULL;
            ks = p + 1;
            ke = strchr(ks, '"');
            if (!ke)
                return NULL;
            p = tu_json_ws(ke + 1);
            if (*p != ':')
                return NULL;
            p = tu_json_ws(p + 1);
            if ((size_t)(ke - ks) == k && strncmp(ks, key, k) == 0)
                break;
            p = tu_json_ws(tu_json_skip(p));
            if (*p != ',')
                return NULL;
            p = tu_json_ws(p + 1);
        }
    }
    return p;
}

/* The number at path, or NAN when absent or not a number. */
static inline double tu_json_num(const char *json, const char *path)
{
    const char *p = tu_json_find(json, path);
    char *end;
    double v;
    if (!p)
        return NAN;
    v = strtod(p, &end);
    return end == p ? NAN : v;
}

/* |a − b| <= tol·max(|b|, 1e-300): relative closeness (false for NaN). */
static inline int tu_close(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(fabs(b), 1e-300);
}

#define TU_ASSERT_CLOSE(a, b, tol)                                                            \
    do {                                                                                      \
        double a_ = (a), b_ = (b);                                                            \
        if (!tu_close(a_, b_, (tol)))                                                         \
            fail_msg("%s = %.17g, expected %.17g (relative tolerance %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

#define TU_ASSERT_NEAR(a, b, tol)                                                             \
    do {                                                                                      \
        double a_ = (a), b_ = (b);                                                            \
        if (!(fabs(a_ - b_) <= (tol)))                                                        \
            fail_msg("%s = %.17g, expected %.17g (absolute tolerance %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

#endif /* CYLCH_TESTUTIL_H */
