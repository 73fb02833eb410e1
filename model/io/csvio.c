/* cylch — CSV reading and writing on top of libcsv, with line numbers. */
#include "cylch/io/csvio.h"
#include "cylch/io/lang.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "cylch/io/dtoa.h"
#include "cylch/io/text.h"

/* Parser state passed to libcsv's callbacks. */
typedef struct csv_state {
    cylch_csv_table *t;
    cylch_csv_row cur;   /* the row being assembled */
    size_t cap_fields;
    size_t cap_rows;
    long line;           /* line being fed to the parser */
    int have_header;
    int nomem;
    unsigned flags;
} csv_state;

static char *dup_trim_cr(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static void row_clear(cylch_csv_row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->field[i]);
    free(r->field);
    r->field = NULL;
    r->n = 0;
}

static void on_field(void *s, size_t len, void *data)
{
    csv_state *st = data;
    char *f;
    if (st->nomem)
        return;
    if (st->cur.n == 0)
        st->cur.line = st->line;
    if (st->cur.n == st->cap_fields) {
        size_t cap = st->cap_fields ? 2 * st->cap_fields : 16;
        char **nf = realloc(st->cur.field, cap * sizeof *nf);
        if (!nf) {
            st->nomem = 1;
            return;
        }
        st->cur.field = nf;
        st->cap_fields = cap;
    }
    f = dup_trim_cr(s ? s : "", s ? len : 0);
    if (!f) {
        st->nomem = 1;
        return;
    }
    st->cur.field[st->cur.n++] = f;
}

static void on_row(int c, void *data)
{
    csv_state *st = data;
    cylch_csv_table *t = st->t;
    (void)c;
    if (st->nomem)
        return;
    if (st->cur.n == 0)
        return;
    if (st->flags & CYLCH_CSV_SPREADSHEET) {
        size_t j = 0;
        const char *f0 = st->cur.field[0];
        while (*f0 == ' ' || *f0 == '\t')
            f0++;
        for (; j < st->cur.n; j++) {
            const char *f = st->cur.field[j];
            while (*f && isspace((unsigned char)*f))
                f++;
            if (*f)
                break;
        }
        if (j == st->cur.n || *f0 == '#') {
            if (j < st->cur.n)
                t->comment_rows++;
            else if (st->have_header)
                t->blank_rows++;
            row_clear(&st->cur);
            st->cap_fields = 0;
            return;
        }
    }
    if (!st->have_header) {
        t->header = st->cur;
        st->have_header = 1;
    } else {
        if (t->nrows == st->cap_rows) {
            size_t cap = st->cap_rows ? 2 * st->cap_rows : 16;
            cylch_csv_row *nr = realloc(t->row, cap * sizeof *nr);
            if (!nr) {
                st->nomem = 1;
                return;
            }
            t->row = nr;
            st->cap_rows = cap;
        }
        t->row[t->nrows++] = st->cur;
    }
    st->cur.field = NULL;
    st->cur.n = 0;
    st->cap_fields = 0;
}

/* The separator of a spreadsheet export: the most frequent of ',', ';' and
 * TAB outside quotes on the first line; ',' when there is none. */
static char sniff_delim(const char *data, size_t len)
{
    size_t n[3] = {0, 0, 0};
    static const char cand[3] = {',', ';', '\t'};
    int quoted = 0, best = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (int k = 0; k < 3; k++)
                if (c == cand[k])
                    n[k]++;
    }
    for (int k = 1; k < 3; k++)
        if (n[k] > n[best])
            best = k;
    return cand[best];
}

int cylch_csv_parse(const char *name, const char *data, size_t len,
                    cylch_csv_table **out, cylch_error *err)
{
    return cylch_csv_parse_ex(name, data, len, 0, out, err);
}

int cylch_csv_parse_ex(const char *name, const char *data, size_t len, unsigned flags,
                       cylch_csv_table **out, cylch_error *err)
{
    struct csv_parser p;
    csv_state st;
    cylch_csv_table *t;
    size_t pos = 0;
    int rc = CYLCH_OK;

    *out = NULL;
    if ((rc = cylch_text_check(name, data, len, err)) != CYLCH_OK)
        return rc;
    t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(name))) {
        free(t);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", name);
    }
    memset(&st, 0, sizeof st);
    st.t = t;
    st.line = 1;
    st.flags = flags;
    t->delim = ',';
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(t->path);
        free(t);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", name);
    }
    /* A UTF-8 byte-order mark (spreadsheets write one) is not part of the first name. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        pos = 3;
        t->bom = 1;
    }
    {
        const char *nl = memchr(data + pos, '\n', len - pos);
        t->crlf = nl && nl > data + pos && nl[-1] == '\r';
    }
    if (flags & CYLCH_CSV_SPREADSHEET) {
        t->delim = sniff_delim(data + pos, len - pos);
        csv_set_delim(&p, (unsigned char)t->delim);
    }
    /* Feed one line at a time so the state knows which line a row starts on
     * (lines end with LF, CRLF or a lone CR). */
    while (pos < len && rc == CYLCH_OK) {
        size_t chunk = cylch_text_line(data + pos, len - pos);
        if (csv_parse(&p, data + pos, chunk, on_field, on_row, &st) != chunk) {
            rc = cylch_error_at(err, CYLCH_EINPUT, name, st.line,
                                "malformed CSV (%s): check the quotes on this line",
                                csv_strerror(csv_error(&p)));
        }
        pos += chunk;
        st.line++;
    }
    if (rc == CYLCH_OK && csv_fini(&p, on_field, on_row, &st) != 0)
        rc = cylch_error_at(err, CYLCH_EINPUT, name, st.line - 1,
                            "malformed CSV: a quoted field is not closed before the end of the file");
    csv_free(&p);
    if (rc == CYLCH_OK && st.nomem)
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", name);
    if (rc == CYLCH_OK && !st.have_header)
        rc = cylch_error_at(err, CYLCH_EINPUT, name, 0,
                            "the file is empty; it needs a header row naming its columns");
    row_clear(&st.cur);
    if (rc != CYLCH_OK) {
        cylch_csv_table_free(t);
        return rc;
    }
    /* Header names are compared trimmed: "grant " and " grant" mean grant. */
    for (size_t j = 0; j < t->header.n; j++) {
        char *h = t->header.field[j];
        size_t a = 0, b = strlen(h);
        while (a < b && isspace((unsigned char)h[a]))
            a++;
        while (b > a && isspace((unsigned char)h[b - 1]))
            b--;
        memmove(h, h + a, b - a);
        h[b - a] = '\0';
    }
    *out = t;
    return CYLCH_OK;
}

int cylch_file_read(const char *path, char **out, size_t *outlen, cylch_error *err)
{
    return cylch_text_read(path, N_("the file"), out, outlen, err);
}

int cylch_csv_read_ex(const char *path, unsigned flags, cylch_csv_table **out, cylch_error *err)
{
    char *buf;
    size_t len;
    int rc;

    *out = NULL;
    if ((rc = cylch_file_read(path, &buf, &len, err)))
        return rc;
    rc = cylch_csv_parse_ex(path, buf, len, flags, out, err);
    free(buf);
    return rc;
}

int cylch_csv_read(const char *path, cylch_csv_table **out, cylch_error *err)
{
    return cylch_csv_read_ex(path, 0, out, err);
}

void cylch_csv_table_free(cylch_csv_table *t)
{
    if (!t)
        return;
    row_clear(&t->header);
    for (size_t i = 0; i < t->nrows; i++)
        row_clear(&t->row[i]);
    free(t->row);
    free(t->path);
    free(t->sheet);
    free(t);
}

long cylch_csv_column(const cylch_csv_table *t, const char *name)
{
    for (size_t j = 0; j < t->header.n; j++)
        if (strcmp(t->header.field[j], name) == 0)
            return (long)j;
    return -1;
}

const char *cylch_csv_get(const cylch_csv_row *r, size_t j)
{
    return j < r->n ? r->field[j] : "";
}

int cylch_csv_put(FILE *f, const char *s, int first)
{
    if (!first && fputc(',', f) == EOF)
        return -1;
    if (strpbrk(s, ",\"\r\n") || (s[0] && (isspace((unsigned char)s[0]) ||
                                            isspace((unsigned char)s[strlen(s) - 1]))))
        return csv_fwrite(f, s, strlen(s)) == 0 ? 0 : -1;
    return fputs(s, f) == EOF ? -1 : 0;
}

int cylch_csv_put_num(FILE *f, double v, int first)
{
    char buf[CYLCH_DTOA_MAX];
    size_t n = cylch_dtoa(v, buf);
    /* A number never needs quoting. */
    if (!first && fputc(',', f) == EOF)
        return -1;
    return fwrite(buf, 1, n, f) == n ? 0 : -1;
}

int cylch_csv_put_num_or_empty(FILE *f, double v, int first)
{
    return isfinite(v) ? cylch_csv_put_num(f, v, first) : cylch_csv_put(f, "", first);
}

int cylch_csv_put_fixed(FILE *f, double v, int decimals, int first)
{
    char b[400];
    if (!isfinite(v))
        return cylch_csv_put(f, "", first);
    snprintf(b, sizeof b, "%.*f", decimals < 0 ? 0 : decimals > 17 ? 17 : decimals, v);
    if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
        memmove(b, b + 1, strlen(b));
    return cylch_csv_put(f, b, first);
}

int cylch_csv_end(FILE *f)
{
    return fputc('\n', f) == EOF ? -1 : 0;
}
