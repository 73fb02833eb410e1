/* cylch — choosing the language of the summary and the report (gettext). */
#include "cylch/io/lang.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static const struct {
    const char *code, *name;
} langs[] = {
    {"en", "English"},
    {"cy", "Cymraeg"},
};

const char *cylch_lang_supported(void)
{
    return "en (English) or cy (Cymraeg)";
}

int cylch_lang_known(const char *code)
{
    for (size_t i = 0; code && i < sizeof langs / sizeof *langs; i++)
        if (strcmp(code, langs[i].code) == 0)
            return 1;
    return 0;
}

/* 1 if dir/cy/LC_MESSAGES/cylch.mo is a file. */
static int has_catalogue(const char *dir)
{
    char p[PATH_MAX + 64];
    struct stat sb;
    snprintf(p, sizeof p, "%s/cy/LC_MESSAGES/" CYLCH_TEXTDOMAIN ".mo", dir);
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

int cylch_lang_find_dir(char *buf, size_t len, cylch_error *err)
{
    const char *env = getenv("CYLCH_LOCALEDIR");
    char exe[PATH_MAX], cand[PATH_MAX + 32];
    ssize_t k;
    if (env && *env) {
        if (has_catalogue(env) && (size_t)snprintf(buf, len, "%s", env) < len)
            return CYLCH_OK;
        return cylch_error_set(err, CYLCH_EIO, "CYLCH_LOCALEDIR is %s, but it holds no "
                               "cy/LC_MESSAGES/cylch.mo", env);
    }
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        char *slash;
        exe[k] = '\0';
        if ((slash = strrchr(exe, '/'))) {
            *slash = '\0';
            snprintf(cand, sizeof cand, "%s/../share/locale", exe);
            if (has_catalogue(cand) && (size_t)snprintf(buf, len, "%s", cand) < len)
                return CYLCH_OK;
            snprintf(cand, sizeof cand, "%s/locale", exe);
            if (has_catalogue(cand) && (size_t)snprintf(buf, len, "%s", cand) < len)
                return CYLCH_OK;
            if ((slash = strrchr(exe, '/'))) {
                *slash = '\0';
                snprintf(cand, sizeof cand, "%s/locale", exe);
                if (has_catalogue(cand) && (size_t)snprintf(buf, len, "%s", cand) < len)
                    return CYLCH_OK;
            }
        }
    }
    return cylch_error_set(err, CYLCH_EIO, "cannot find the Welsh messages (cy/LC_MESSAGES/cylch.mo) in "
                           "../share/locale or locale/ beside the program; run make (or make install), "
                           "or set CYLCH_LOCALEDIR to the folder holding cy/");
}

int cylch_lang_set(const char *code, const char *localedir, cylch_error *err)
{
    static const char header_msgid[] = "";
    char dir[PATH_MAX];
    int rc;
    if (!cylch_lang_known(code))
        return cylch_error_set(err, CYLCH_EINPUT, "--lang '%s' is not a language cylch writes; "
                               "choose %s", code ? code : "", cylch_lang_supported());
    if (strcmp(code, "en") == 0)
        return CYLCH_OK;
    if (!localedir) {
        if ((rc = cylch_lang_find_dir(dir, sizeof dir, err)))
            return rc;
        localedir = dir;
    }
    /* gettext ignores LANGUAGE when LC_MESSAGES is "C"; C.UTF-8 is not "C", needs no
     * generated locale (glibc has it built in), and leaves numbers alone. */
    if (!setlocale(LC_MESSAGES, "C.UTF-8") && !setlocale(LC_MESSAGES, "C.utf8"))
        return cylch_error_set(err, CYLCH_EIO, "cannot write Welsh: the C.UTF-8 locale is missing");
    if (setenv("LANGUAGE", code, 1) != 0 || !bindtextdomain(CYLCH_TEXTDOMAIN, localedir) ||
        !bind_textdomain_codeset(CYLCH_TEXTDOMAIN, "UTF-8"))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    /* The catalogue's header (the translation of "") names its language. (Through a
     * variable: xgettext would take a literal "" for a message.) */
    if (!strstr(dgettext(CYLCH_TEXTDOMAIN, header_msgid), "Language: cy"))
        return cylch_error_set(err, CYLCH_EIO, "%s/cy/LC_MESSAGES/cylch.mo cannot be read as cylch's "
                               "Welsh messages; run make again", localedir);
    return CYLCH_OK;
}
