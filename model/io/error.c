/* cylch — status codes, error messages and strict number parsing. */
#include "cylch/io/error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

void cylch_error_clear(cylch_error *e)
{
    if (e) {
        e->status = CYLCH_OK;
        e->msg[0] = '\0';
    }
}

int cylch_error_set(cylch_error *e, int status, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->status = status;
    }
    return status;
}

int cylch_error_prefix(cylch_error *e, int status, const char *what)
{
    char msg[CYLCH_ERROR_MAX];
    if (!e || strstr(e->msg, what))
        return status;
    snprintf(msg, sizeof msg, "%s", e->msg);
    return cylch_error_set(e, status, "%s: %s", what, msg);
}

int cylch_error_at(cylch_error *e, int status, const char *file, long line,
                   const char *fmt, ...)
{
    if (e) {
        int off;
        va_list ap;
        if (line > 0)
            off = snprintf(e->msg, sizeof e->msg, "%s:%ld: ", file, line);
        else
            off = snprintf(e->msg, sizeof e->msg, "%s: ", file);
        if (off < 0)
            off = 0;
        if ((size_t)off < sizeof e->msg) {
            va_start(ap, fmt);
            vsnprintf(e->msg + off, sizeof e->msg - (size_t)off, fmt, ap);
            va_end(ap);
        }
        e->status = status;
    }
    return status;
}

const char *cylch_strerror(int status)
{
    switch (status) {
    case CYLCH_OK: return "success";
    case CYLCH_EINPUT: return "bad input";
    case CYLCH_EMODEL: return "the multiplier is not finite";
    case CYLCH_EIO: return "file could not be read or written";
    case CYLCH_ENOMEM: return "out of memory";
    case CYLCH_EEXIST: return "results folder already exists";
    case CYLCH_EINTERRUPTED: return "interrupted";
    case CYLCH_EINTERNAL: return "internal numerical error";
    default: return "unknown error";
    }
}

int cylch_exit_code(int status)
{
    switch (status) {
    case CYLCH_OK: return 0;
    case CYLCH_EINPUT:
    case CYLCH_EMODEL:
    case CYLCH_EEXIST: return 2;
    case CYLCH_EINTERRUPTED: return 130;
    default: return 1;
    }
}

int cylch_parse_double(const char *s, double *out)
{
    char *end;
    double v;
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return 0;
    /* strtod accepts "nan", "inf" and hex floats; only plain decimals are money. */
    for (const char *p = s; *p; p++)
        if (isalpha((unsigned char)*p) && *p != 'e' && *p != 'E')
            return 0;
    errno = 0;
    v = strtod(s, &end);
    /* ERANGE with a result below 1 in size is underflow: a subnormal such as
     * 5e-324, or 0 for 1e-400, which are numbers; overflow (1e400) is not. */
    if (end == s || (errno == ERANGE && !(fabs(v) < 1.0)))
        return 0;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0' || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

int cylch_parse_ulong(const char *s, unsigned long min, unsigned long max,
                      unsigned long *out)
{
    char *end;
    unsigned long v;
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno == ERANGE)
        return 0;
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '\0' || v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

void cylch_gsl_quiet(void)
{
    gsl_set_error_handler_off();
}
