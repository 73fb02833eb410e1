/* cylch — status codes and error messages.
 *
 * Library code never prints or exits: a function that can fail returns a
 * cylch_status and, on failure, fills a caller-owned cylch_error with one
 * plain-English line that names the file, line, column and member where it
 * can ("data/x/enterprises.csv:7: wages_local_share for 'siop' is 1.3; ...").
 * Only main() prints it.
 */
#ifndef CYLCH_ERROR_H
#define CYLCH_ERROR_H

#include <stddef.h>

typedef enum cylch_status {
    CYLCH_OK = 0,          /* success */
    CYLCH_EINPUT = 1,      /* bad input: a data file, scenario or option (exit 2) */
    CYLCH_EMODEL = 2,      /* the model has no finite answer (spectral radius >= 1; exit 2) */
    CYLCH_EIO = 3,         /* a file could not be read or written (exit 1) */
    CYLCH_ENOMEM = 4,      /* out of memory (exit 1) */
    CYLCH_EEXIST = 5,      /* results folder exists and --force was not given (exit 2) */
    CYLCH_EINTERRUPTED = 6,/* the user pressed Ctrl-C (exit 130) */
    CYLCH_EINTERNAL = 7    /* a numerical library failed unexpectedly (exit 1) */
} cylch_status;

#define CYLCH_ERROR_MAX 1024

/* A caller-owned error message. msg is "" when no error has been set. */
typedef struct cylch_error {
    int status;
    char msg[CYLCH_ERROR_MAX];
} cylch_error;

/* Reset e to "no error". */
void cylch_error_clear(cylch_error *e);

/* Set e to status and a printf-style message; returns status so that
 * `return cylch_error_set(e, CYLCH_EINPUT, "...")` reads naturally.
 * e may be NULL (the message is then dropped). */
int cylch_error_set(cylch_error *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Puts "what: " before e's message unless the message already names what; returns
 * status (so that `return cylch_error_prefix(e, rc, path)` reads naturally). */
int cylch_error_prefix(cylch_error *e, int status, const char *what);

/* As cylch_error_set, prefixed with "FILE:LINE: " (line 0 omits the line). */
int cylch_error_at(cylch_error *e, int status, const char *file, long line,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* strerror(e) in the run's language (cylch/io/lang.h): Welsh for the system errors
 * a user meets with files (no such file, permission denied, disk full, …), the C
 * library's own words otherwise and in English. Never NULL. */
const char *cylch_errno_text(int e);

/* A short description of a status code, never NULL. */
const char *cylch_strerror(int status);

/* The process exit status that main() uses for a status:
 * 0 ok, 2 bad input / no finite model / refused overwrite, 130 interrupted, 1 otherwise. */
int cylch_exit_code(int status);

/* Parse a whole string as a finite double: no empty string, no trailing
 * text, no NaN or Inf. Leading and trailing blanks are allowed.
 * Returns 1 on success and stores the value, 0 otherwise. */
int cylch_parse_double(const char *s, double *out);

/* Parse a whole string as an unsigned long in [min, max]; as above. */
int cylch_parse_ulong(const char *s, unsigned long min, unsigned long max,
                      unsigned long *out);

/* Install a GSL error handler that does not abort: GSL functions then return
 * their codes and cylch checks them. Call once at start-up (main, tests). */
void cylch_gsl_quiet(void);

#endif /* CYLCH_ERROR_H */
