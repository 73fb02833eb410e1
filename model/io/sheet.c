/* cylch — cells and headers as typed in spreadsheets (see sheet.h). */
#include "cylch/io/sheet.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cylch/io/error.h"
#include "cylch/io/lang.h"

#define CELL_MAX 256

/* Length of a blank at s (ASCII blank, no-break space U+00A0, narrow no-break
 * space U+202F, thin space U+2009), or 0. Spreadsheets put these in numbers. */
static size_t blank_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
        return 3;
    return 0;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Digits grouped in threes by sep: "12,500", "1 200 000" (sep already one byte). */
static int grouped(const char *s, size_t len, char sep)
{
    size_t i = 0, first = 0;
    while (i < len && isdigit((unsigned char)s[i]))
        i++, first++;
    if (first < 1 || first > 3)
        return 0;
    while (i < len) {
        if (s[i] != sep)
            return 0;
        i++;
        for (int k = 0; k < 3; k++, i++)
            if (i >= len || !isdigit((unsigned char)s[i]))
                return 0;
    }
    return 1;
}

cylch_cell_status cylch_sheet_number(const char *s, cylch_cell_kind kind, double *out,
                                     unsigned *what, char *why, size_t whylen)
{
    char buf[CELL_MAX], body[CELL_MAX];
    size_t n = 0, b = 0, len, intlen;
    int neg = 0, paren = 0;
    const char *p;
    double v;
    char sep = 0;

    *what = 0;
    if (whylen)
        why[0] = '\0';
    /* Copy without blanks at either end; blanks inside become one ' '. */
    while (*s && blank_len(s))
        s += blank_len(s);
    if (!*s)
        return CYLCH_CELL_BLANK;
    for (p = s; *p; ) {
        size_t bl = blank_len(p);
        if (n + 4 >= sizeof buf) {
            if (whylen)
                snprintf(why, whylen, "%s", _("a number is needed (this cell is too long to be one)"));
            return CYLCH_CELL_BAD;
        }
        if (bl) {
            buf[n++] = ' ';
            p += bl;
            while (blank_len(p))
                p += blank_len(p);
        } else {
            buf[n++] = *p++;
        }
    }
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
    p = buf;

    /* Signs and an accountant's brackets: "-500", "(500)", "−500" (U+2212). */
    if (*p == '(' && n > 1 && buf[n - 1] == ')') {
        paren = 1;
        buf[--n] = '\0';
        p++;
    }
    if (*p == '-' && p[1]) {
        neg = 1;
        p++;
    } else if (starts(p, "\xE2\x88\x92")) {
        neg = 1;
        p += 3;
    }
    while (*p == ' ')
        p++;
    /* Currency before or after: "£12,500", "GBP 12500", "12500 GBP". */
    if (starts(p, "\xC2\xA3")) {
        p += 2;
        *what |= CYLCH_NORM_CURRENCY;
    } else if (starts(p, "GBP") || starts(p, "gbp")) {
        p += 3;
        *what |= CYLCH_NORM_CURRENCY;
    }
    while (*p == ' ')
        p++;
    if (!neg && *p == '-' && p[1]) {  /* "£-500" */
        neg = 1;
        p++;
    }
    len = strlen(p);
    while (len && p[len - 1] == ' ')
        len--;
    if (len >= 3 && (strncmp(p + len - 3, "GBP", 3) == 0 || strncmp(p + len - 3, "gbp", 3) == 0)) {
        len -= 3;
        *what |= CYLCH_NORM_CURRENCY;
    }
    while (len && p[len - 1] == ' ')
        len--;
    if (len && p[len - 1] == '%') {
        len--;
        *what |= CYLCH_NORM_PERCENT;
        while (len && p[len - 1] == ' ')
            len--;
    }
    if ((*what & CYLCH_NORM_CURRENCY) && kind != CYLCH_CELL_MONEY) {
        if (whylen)
            snprintf(why, whylen, "%s", kind == CYLCH_CELL_SHARE
                     ? _("a share is needed (0 to 1, or a percentage such as 53%), not an amount of money")
                     : _("a number is needed, not an amount of money"));
        return CYLCH_CELL_BAD;
    }
    if ((*what & CYLCH_NORM_PERCENT) && kind != CYLCH_CELL_SHARE) {
        if (whylen)
            snprintf(why, whylen, "%s", kind == CYLCH_CELL_MONEY
                     ? _("an amount in £ is needed here, not a percentage")
                     : _("a number is needed here, not a percentage"));
        return CYLCH_CELL_BAD;
    }
    /* An accountant's dash for nothing: "-", "–" (en dash), "£ -". */
    if ((len == 0 && neg) || (len == 1 && p[0] == '-') ||
        (len == 3 && strncmp(p, "\xE2\x80\x93", 3) == 0)) {
        if (kind == CYLCH_CELL_SHARE) {
            if (whylen)
                snprintf(why, whylen, "%s", _("a share is needed (0 to 1, or a percentage such as 53%)"));
            return CYLCH_CELL_BAD;
        }
        *out = 0.0;
        *what |= CYLCH_NORM_DASH;
        return CYLCH_CELL_OK;
    }
    if (len == 0 || len >= sizeof body)
        goto bad;
    /* The integer part may be grouped in threes by ',' or ' ' (one kind only). */
    intlen = 0;
    while (intlen < len && p[intlen] != '.' && p[intlen] != 'e' && p[intlen] != 'E')
        intlen++;
    for (size_t i = 0; i < intlen; i++)
        if (p[i] == ',' || p[i] == ' ') {
            if (sep && p[i] != sep)
                goto bad;
            sep = p[i];
        }
    if (sep) {
        if (!grouped(p, intlen, sep)) {
            if (sep == ',' && whylen) {
                /* "12,5" or "0,53": a decimal comma, most likely. */
                char alt[CELL_MAX];
                size_t k;
                for (k = 0; k < len && k < sizeof alt - 1; k++)
                    alt[k] = p[k] == ',' ? '.' : p[k];
                alt[k] = '\0';
                snprintf(why, whylen, _("a number is needed; if the comma is a decimal point, write %s "
                         "(cylch reads ',' only as a thousands separator, as in 12,500)"), alt);
                return CYLCH_CELL_BAD;
            }
            goto bad;
        }
        *what |= CYLCH_NORM_THOUSANDS;
    }
    for (size_t i = 0; i < len; i++)
        if (p[i] != sep || i >= intlen) {
            if (p[i] == ',' || p[i] == ' ')
                goto bad;
            body[b++] = p[i];
        }
    body[b] = '\0';
    if (!isdigit((unsigned char)body[0]) && body[0] != '.')
        goto bad;
    if (!cylch_parse_double(body, &v))
        goto bad;
    if (neg || paren)
        v = -v;
    if (*what & CYLCH_NORM_PERCENT)
        v /= 100.0;
    else if (kind == CYLCH_CELL_SHARE && v > 1.0 && v <= 100.0) {
        if (whylen) {
            char num[64];
            snprintf(num, sizeof num, "%.10g", v);
            snprintf(why, whylen, _("shares must be between 0 and 1: did you mean %s%% (%.10g)? "
                     "Write %s%% or %.10g"), num, v / 100.0, num, v / 100.0);
        }
        return CYLCH_CELL_BAD;
    }
    *out = v;
    return CYLCH_CELL_OK;
bad:
    if (whylen)
        snprintf(why, whylen, "%s", kind == CYLCH_CELL_MONEY
                 ? _("a finite amount in £ is needed, e.g. 12500 or £12,500")
                 : kind == CYLCH_CELL_SHARE
                 ? _("a finite share is needed, e.g. 0.53 or 53%")
                 : _("a finite number is needed, e.g. 25.5"));
    return CYLCH_CELL_BAD;
}

void cylch_sheet_key(const char *h, char *out, size_t n)
{
    size_t k = 0;
    int pending = 0;
    if (!n)
        return;
    for (const unsigned char *u = (const unsigned char *)h; *u; u++) {
        unsigned char c = *u;
        if (c == 0xC2 && u[1] == 0xA3) {      /* '£' */
            u++;
            continue;
        }
        if (c == 0xC2 && u[1] == 0xA0) {      /* no-break space */
            u++;
            pending = k > 0;
            continue;
        }
        if (c == '%' || c == '(' || c == ')' || c == '[' || c == ']')
            continue;
        if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '_' || c == '\r' ||
            c == '\n') {
            pending = k > 0;
            continue;
        }
        if (pending && k + 1 < n)
            out[k++] = '_';
        pending = 0;
        if (k + 1 < n)
            out[k++] = c < 128 ? (char)tolower(c) : (char)c;
    }
    out[k] = '\0';
}

size_t cylch_sheet_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b), row[64], best;
    if (la >= 63 || lb >= 63)
        return strcmp(a, b) ? cap + 1 : 0;
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t sub = diag + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            diag = up;
            if (row[j] < best)
                best = row[j];
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}
