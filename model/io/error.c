/* cylch — status codes, error messages and strict number parsing.
 *
 * Messages are written in English at the call and translated here: the format
 * of cylch_error_set and cylch_error_at goes through gettext before it is
 * filled in (xgettext knows both as keywords, see the Makefile's XGETTEXT), so
 * under --lang cy every message comes out in Welsh, and in English (the C
 * locale: gettext returns the format itself) exactly as written. */
#include "cylch/io/error.h"
#include "cylch/io/lang.h"

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
        vsnprintf(e->msg, sizeof e->msg, _(fmt), ap);
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
            vsnprintf(e->msg + off, sizeof e->msg - (size_t)off, _(fmt), ap);
            va_end(ap);
        }
        e->status = status;
    }
    return status;
}

/* The system's errors a user meets reading and writing files, for translation; the
 * msgids are glibc's own words (an English run prints strerror's text itself). */
static const struct {
    int e;
    const char *msgid;
} errno_words[] = {
    {ENOENT, N_("No such file or directory")},
    {EACCES, N_("Permission denied")},
    {EPERM, N_("Operation not permitted")},
    {EISDIR, N_("Is a directory")},
    {ENOTDIR, N_("Not a directory")},
    {ENOSPC, N_("No space left on device")},
    {EEXIST, N_("File exists")},
    {EROFS, N_("Read-only file system")},
    {ENAMETOOLONG, N_("File name too long")},
    {ELOOP, N_("Too many levels of symbolic links")},
    {EMFILE, N_("Too many open files")},
    {ENOTEMPTY, N_("Directory not empty")},
    {EDQUOT, N_("Disk quota exceeded")},
    {EIO, N_("Input/output error")},
    {ENOMEM, N_("Cannot allocate memory")},
};

const char *cylch_errno_text(int e)
{
    for (size_t i = 0; i < sizeof errno_words / sizeof *errno_words; i++)
        if (errno_words[i].e == e) {
            const char *t = _(errno_words[i].msgid);
            if (t != errno_words[i].msgid)
                return t;
            break;
        }
    return strerror(e);
}

const char *cylch_strerror(int status)
{
    switch (status) {
    case CYLCH_OK: return _("success");
    case CYLCH_EINPUT: return _("bad input");
    case CYLCH_EMODEL: return _("the multiplier is not finite");
    case CYLCH_EIO: return _("file could not be read or written");
    case CYLCH_ENOMEM: return _("out of memory");
    case CYLCH_EEXIST: return _("results folder already exists");
    case CYLCH_EINTERRUPTED: return _("interrupted");
    case CYLCH_EINTERNAL: return _("internal numerical error");
    default: return _("unknown error");
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
