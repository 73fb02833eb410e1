/* cylch — the language of what cylch writes for people (the terminal summary and
 * report.html), through GNU gettext (glibc's libintl) with the text domain
 * "cylch". English is the source language; cy (Cymraeg, Welsh) comes from
 * model/present/po/cy.po, compiled at build time into LOCALEDIR/cy/LC_MESSAGES/cylch.mo.
 *
 * Strings for people are written _("…") where they are used, or N_("…") in a
 * table and _(table[i]) where they are used; `make pot` collects them. Numbers
 * and £ are formatted the same in every language (cylch_format_money): only
 * words change.
 *
 * Until cylch_lang_set chooses Welsh, the program's LC_MESSAGES stays "C" and
 * _() returns its argument unchanged, whatever the user's environment says:
 * English is never replaced by accident. */
#ifndef CYLCH_IO_LANG_H
#define CYLCH_IO_LANG_H

#include <libintl.h>
#include <stddef.h>
#include "cylch/io/error.h"

#define CYLCH_TEXTDOMAIN "cylch"
/* The usual gettext marks (GNU style): _ translates now, N_ marks for later. */
#define _(s) dgettext(CYLCH_TEXTDOMAIN, s)
#define N_(s) s

/* The languages cylch writes, for messages: "en (English) or cy (Cymraeg)". */
const char *cylch_lang_supported(void);

/* 1 if code ("en", "cy") is a language cylch writes, else 0. */
int cylch_lang_known(const char *code);

/* The folder that holds cy/LC_MESSAGES/cylch.mo, into buf: $CYLCH_LOCALEDIR
 * when set; else, beside the running program, ../share/locale (installed:
 * PREFIX/bin/cylch and PREFIX/share/locale) or locale/ in its folder or the
 * folder above (the build tree: build/cylch, build/tests/…, and build/locale).
 * Errors: CYLCH_EIO (not found; the message says where it looked). */
int cylch_lang_find_dir(char *buf, size_t len, cylch_error *err);

/* Write in language code from now on, for the whole process (call it once, from
 * the command line, before any thread starts): "en" changes nothing; "cy" binds
 * the text domain to localedir (NULL: cylch_lang_find_dir), sets LC_MESSAGES to
 * C.UTF-8 (numbers stay C) and LANGUAGE to cy, and checks that the catalogue
 * answers. Errors: CYLCH_EINPUT (an unknown code: the message lists the
 * supported ones), CYLCH_EIO (the catalogue cannot be found or read). */
int cylch_lang_set(const char *code, const char *localedir, cylch_error *err);

#endif /* CYLCH_IO_LANG_H */
