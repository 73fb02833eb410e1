/* cylch — .xlsx workbooks at the level of their parts (see include/cylch/io/xlsx.h):
 * the zip archive through Debian's libminizip (unzip.h, zip.h), each XML part through
 * expat, namespaces resolved ("namespace|local" names, matched on the local name). */
#include "cylch/io/xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "cylch/io/dtoa.h"
#include "cylch/io/limits.h"

/* minizip's ioapi.h defines large-file macros of its own: included after the system's. */
#include <unzip.h>
#include <zip.h>

/* --------------------------------------------------------------- XML parts */

/* The local part of an expat name "namespace|local" (or the name when it has no namespace). */
static const char *xml_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* The value of the attribute whose local name is local (NULL when absent). */
static const char *xml_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(xml_local(atts[i]), local))
            return atts[i + 1];
    return NULL;
}

/* A document type declaration has no place in a workbook's parts (and would be the
 * way in for entity expansion): the parse stops. */
static void XMLCALL xml_no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    XML_StopParser((XML_Parser)ud, XML_FALSE);
}

/* Parses buf[0..len) with the handlers, ud their user data (the parser itself is
 * ud's first member, filled here). Returns 0, or -1 with why (of size n) saying what
 * is wrong and where. */
typedef struct xml_ctx {
    XML_Parser p;
    int stop;          /* a handler's reason to stop (the handler fills why) */
    char why[200];
} xml_ctx;

static int xml_run(const char *buf, size_t len, xml_ctx *ud, XML_StartElementHandler start,
                   XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
    int rc = 0;
    if (!p) {
        snprintf(ud->why, sizeof ud->why, "out of memory");
        return -1;
    }
    ud->p = p;
    ud->stop = 0;
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    if (text)
        XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, xml_no_doctype);
    XML_UseParserAsHandlerArg(p);
    XML_SetUserData(p, ud);
    if (len > (size_t)CYLCH_FILE_MAX) {
        snprintf(ud->why, sizeof ud->why, "a part of %zu bytes is too large", len);
        XML_ParserFree(p);
        return -1;
    }
    if (XML_Parse(p, buf, (int)len, XML_TRUE) != XML_STATUS_OK) {
        if (!ud->stop)
            snprintf(ud->why, sizeof ud->why, "%s at line %lu",
                     XML_GetErrorCode(p) == XML_ERROR_ABORTED ? "a document type declaration"
                                                              : XML_ErrorString(XML_GetErrorCode(p)),
                     (unsigned long)XML_GetCurrentLineNumber(p));
        rc = -1;
    }
    XML_ParserFree(p);
    return rc;
}

/* The handlers get the parser as their first argument (XML_UseParserAsHandlerArg):
 * its user data is the context. */
#define XML_CTX(type, arg) ((type *)XML_GetUserData((XML_Parser)(arg)))

/* Stops the parse from a handler with a reason. */
static void xml_fail(xml_ctx *x, const char *why)
{
    if (!x->stop) {
        x->stop = 1;
        snprintf(x->why, sizeof x->why, "%s", why);
    }
    XML_StopParser(x->p, XML_FALSE);
}

/* A cell reference "AB12" as a row and column from 0. Returns 0 when it is not one. */
static int cell_ref(const char *s, uint32_t *row, uint32_t *col)
{
    unsigned long c = 0, r = 0;
    const char *p = s;
    while (*p >= 'A' && *p <= 'Z' && c <= 16384)
        c = c * 26 + (unsigned long)(*p++ - 'A' + 1);
    if (p == s || c == 0 || c > 16384 || !(*p >= '1' && *p <= '9'))
        return 0;
    while (*p >= '0' && *p <= '9' && r <= 1048576)
        r = r * 10 + (unsigned long)(*p++ - '0');
    if (*p || r == 0 || r > 1048576)
        return 0;
    *row = (uint32_t)(r - 1);
    *col = (uint32_t)(c - 1);
    return 1;
}

/* ------------------------------------------------------------------ archive */

/* Reads the current entry of uf whole into *buf (NUL-terminated, the caller frees).
 * The CRC is checked when the entry is closed. Returns 0, or -1 with why. */
static int zip_read_current(unzFile uf, const unz_file_info64 *info, char **buf, size_t *len, char *why,
                            size_t whylen)
{
    size_t n = 0, cap;
    char *b;
    int got;
    *buf = NULL;
    if (info->uncompressed_size > (ZPOS64_T)CYLCH_FILE_MAX) {
        snprintf(why, whylen, "a part of %llu bytes, more than cylch reads",
                 (unsigned long long)info->uncompressed_size);
        return -1;
    }
    cap = (size_t)info->uncompressed_size + 1;
    if (!(b = malloc(cap))) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    if (unzOpenCurrentFile(uf) != UNZ_OK) {
        free(b);
        snprintf(why, whylen, "a part cannot be opened (compressed in a way zip readers do not know?)");
        return -1;
    }
    /* Read one byte beyond the stated size, so that a part longer than it says is caught. */
    while ((got = unzReadCurrentFile(uf, b + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap)
            break;
    }
    if (got < 0 || n != (size_t)info->uncompressed_size) {
        unzCloseCurrentFile(uf);
        free(b);
        snprintf(why, whylen, "a part is damaged (it cannot be uncompressed)");
        return -1;
    }
    if (unzCloseCurrentFile(uf) != UNZ_OK) {
        free(b);
        snprintf(why, whylen, "a part is damaged (its checksum is wrong)");
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* Reads the entry named name whole (see zip_read_current). Returns 0, 1 when there is
 * no such entry, or -1 with why. */
static int zip_read(unzFile uf, const char *name, char **buf, size_t *len, char *why, size_t whylen)
{
    unz_file_info64 info;
    *buf = NULL;
    if (unzLocateFile(uf, name, 1) != UNZ_OK)
        return 1;
    if (unzGetCurrentFileInfo64(uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) {
        snprintf(why, whylen, "the archive's directory is damaged");
        return -1;
    }
    return zip_read_current(uf, &info, buf, len, why, whylen);
}

/* ----------------------------------------------------------- workbook parts */

/* A relationship: its id and the part it points to, as a name in the archive. */
typedef struct rel {
    char *id, *target;
} rel;

typedef struct rels_ctx {
    xml_ctx x;
    const char *base;   /* the folder relative targets start from ("xl/") */
    rel *r;
    size_t n, cap;
} rels_ctx;

static void rels_free(rel *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].id);
        free(r[i].target);
    }
    free(r);
}

/* The part a target names: "/xl/worksheets/sheet1.xml" from the root, otherwise
 * relative to base with "../" resolved. */
static char *rel_target(const char *base, const char *target)
{
    size_t bl = strlen(base), tl = strlen(target);
    char *out = malloc(bl + tl + 1);
    if (!out)
        return NULL;
    if (target[0] == '/') {
        memcpy(out, target + 1, tl);
        return out;
    }
    memcpy(out, base, bl + 1);
    while (!strncmp(target, "../", 3)) {
        size_t n = strlen(out);
        if (n && out[n - 1] == '/')
            out[--n] = '\0';
        while (n && out[n - 1] != '/')
            out[--n] = '\0';
        target += 3;
    }
    strcat(out, target);
    return out;
}

static void XMLCALL rels_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    rels_ctx *c = XML_CTX(rels_ctx, arg);
    const char *id, *target;
    if (strcmp(xml_local(name), "Relationship") != 0)
        return;
    id = xml_attr(atts, "Id");
    target = xml_attr(atts, "Target");
    if (!id || !target)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        rel *r = realloc(c->r, cap * sizeof *r);
        if (!r) {
            xml_fail(&c->x, "out of memory");
            return;
        }
        c->r = r;
        c->cap = cap;
    }
    c->r[c->n].id = strdup(id);
    c->r[c->n].target = rel_target(c->base, target);
    c->n++;
    if (!c->r[c->n - 1].id || !c->r[c->n - 1].target)
        xml_fail(&c->x, "out of memory");
}

static void XMLCALL ignore_end(void *arg, const XML_Char *name)
{
    (void)arg;
    (void)name;
}

/* A sheet of the workbook: its name and its part in the archive. */
typedef struct wb_sheet_part {
    char *name, *part;
} wb_sheet_part;

typedef struct book_ctx {
    xml_ctx x;
    wb_sheet_part *s;
    size_t n, cap;
    int date1904;
} book_ctx;

static void XMLCALL book_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    book_ctx *c = XML_CTX(book_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "workbookPr")) {
        const char *d = xml_attr(atts, "date1904");
        c->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
        return;
    }
    if (strcmp(l, "sheet") != 0)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        wb_sheet_part *s = realloc(c->s, cap * sizeof *s);
        if (!s) {
            xml_fail(&c->x, "out of memory");
            return;
        }
        c->s = s;
        c->cap = cap;
    }
    /* The part is the relationship's target: the id is kept here for now. */
    {
        const char *nm = xml_attr(atts, "name");
        const char *id = NULL;
        for (size_t i = 0; atts[i]; i += 2)
            if (!strcmp(xml_local(atts[i]), "id") && strchr(atts[i], '|'))
                id = atts[i + 1];
        c->s[c->n].name = strdup(nm ? nm : "");
        c->s[c->n].part = strdup(id ? id : "");
        c->n++;
        if (!c->s[c->n - 1].name || !c->s[c->n - 1].part)
            xml_fail(&c->x, "out of memory");
    }
}

static void sheets_free(wb_sheet_part *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].name);
        free(s[i].part);
    }
    free(s);
}

/* The workbook part's name: the package's officeDocument relationship ("xl/workbook.xml"). */
static int book_part(unzFile uf, char **part, char *why, size_t whylen)
{
    char *buf;
    size_t len;
    rels_ctx rc = {.base = ""};
    int r = zip_read(uf, "_rels/.rels", &buf, &len, why, whylen);
    *part = NULL;
    if (r < 0)
        return -1;
    if (r == 0) {
        if (xml_run(buf, len, &rc.x, rels_start, ignore_end, NULL)) {
            snprintf(why, whylen, "_rels/.rels: %s", rc.x.why);
            free(buf);
            rels_free(rc.r, rc.n);
            return -1;
        }
        free(buf);
        for (size_t i = 0; i < rc.n && !*part; i++) {
            size_t tl = strlen(rc.r[i].target);
            if (tl >= 4 && !strcmp(rc.r[i].target + tl - 4, ".xml") && strstr(rc.r[i].target, "workbook"))
                *part = strdup(rc.r[i].target);
        }
        rels_free(rc.r, rc.n);
    }
    if (!*part)
        *part = strdup("xl/workbook.xml");
    if (!*part) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    return 0;
}

/* The workbook's sheets in order, each with its part. Returns 0, or -1 with why. */
static int book_sheets(unzFile uf, wb_sheet_part **out, size_t *nout, int *date1904, char *why,
                       size_t whylen)
{
    char *part = NULL, *relpart = NULL, *buf = NULL, *slash;
    size_t len;
    book_ctx bc = {0};
    rels_ctx rc = {0};
    int r = -1, z;
    *out = NULL;
    *nout = 0;
    if (book_part(uf, &part, why, whylen))
        return -1;
    if ((z = zip_read(uf, part, &buf, &len, why, whylen)) != 0) {
        if (z > 0)
            snprintf(why, whylen, "it has no %s (is it a workbook?)", part);
        goto done;
    }
    if (xml_run(buf, len, &bc.x, book_start, ignore_end, NULL)) {
        snprintf(why, whylen, "%s: %s", part, bc.x.why);
        goto done;
    }
    free(buf);
    buf = NULL;
    /* xl/workbook.xml's relationships are in xl/_rels/workbook.xml.rels. */
    if (!(relpart = malloc(strlen(part) + 16))) {
        snprintf(why, whylen, "out of memory");
        goto done;
    }
    slash = strrchr(part, '/');
    snprintf(relpart, strlen(part) + 16, "%.*s_rels/%s.rels", slash ? (int)(slash - part + 1) : 0, part,
             slash ? slash + 1 : part);
    if (slash)
        slash[1] = '\0';
    else
        part[0] = '\0';
    rc.base = part;
    if ((z = zip_read(uf, relpart, &buf, &len, why, whylen)) != 0) {
        if (z > 0)
            snprintf(why, whylen, "it has no %s (is it a workbook?)", relpart);
        goto done;
    }
    if (xml_run(buf, len, &rc.x, rels_start, ignore_end, NULL)) {
        snprintf(why, whylen, "%s: %s", relpart, rc.x.why);
        goto done;
    }
    for (size_t i = 0; i < bc.n; i++) {
        char *target = NULL;
        for (size_t k = 0; k < rc.n && !target; k++)
            if (!strcmp(rc.r[k].id, bc.s[i].part))
                target = rc.r[k].target;
        if (!target) {
            snprintf(why, whylen, "the sheet '%.60s' has no part in the archive", bc.s[i].name);
            goto done;
        }
        free(bc.s[i].part);
        if (!(bc.s[i].part = strdup(target))) {
            snprintf(why, whylen, "out of memory");
            goto done;
        }
    }
    *out = bc.s;
    *nout = bc.n;
    if (date1904)
        *date1904 = bc.date1904;
    bc.s = NULL;
    bc.n = 0;
    r = 0;
done:
    free(buf);
    free(part);
    free(relpart);
    sheets_free(bc.s, bc.n);
    rels_free(rc.r, rc.n);
    return r;
}

/* --------------------------------------------------- exact numbers (writing) */

/* A number cell's <v> text in a sheet's XML: bytes [start, end), at (row, col). */
typedef struct num_text {
    size_t start, end;
    uint32_t row, col;
} num_text;

typedef struct fix_ctx {
    xml_ctx x;
    int in_num;            /* inside a <c> that holds a number */
    uint32_t row, col;
    long v_start;          /* just after <v>, or -1 */
    num_text *t;
    size_t n, cap;
} fix_ctx;

static void XMLCALL fix_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    fix_ctx *c = XML_CTX(fix_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "c")) {
        const char *t = xml_attr(atts, "t"), *r = xml_attr(atts, "r");
        c->in_num = !t || !strcmp(t, "n");
        c->v_start = -1;
        if (c->in_num && (!r || !cell_ref(r, &c->row, &c->col)))
            xml_fail(&c->x, "a number cell without a cell reference");
    } else if (!strcmp(l, "v") && c->in_num) {
        c->v_start = (long)(XML_GetCurrentByteIndex(c->x.p) + XML_GetCurrentByteCount(c->x.p));
    }
}

static void XMLCALL fix_end(void *arg, const XML_Char *name)
{
    fix_ctx *c = XML_CTX(fix_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "c")) {
        c->in_num = 0;
    } else if (!strcmp(l, "v") && c->in_num && c->v_start >= 0) {
        long end = (long)XML_GetCurrentByteIndex(c->x.p);
        if (end < c->v_start)   /* <v/> */
            end = c->v_start;
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 256;
            num_text *t = realloc(c->t, cap * sizeof *t);
            if (!t) {
                xml_fail(&c->x, "out of memory");
                return;
            }
            c->t = t;
            c->cap = cap;
        }
        c->t[c->n++] = (num_text){(size_t)c->v_start, (size_t)end, c->row, c->col};
        c->v_start = -1;
    }
}

static int cell_order(const void *a, const void *b)
{
    const cylch_xlsx_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

/* Column letters of a column from 0 ("A", "AB"). */
static void col_name(uint32_t col, char *buf)
{
    char t[8];
    int n = 0;
    for (uint32_t c = col + 1; c && n < 7; c = (c - 1) / 26)
        t[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        buf[i] = t[n - 1 - i];
    buf[n] = '\0';
}

/* The sheet's XML with the listed cells' numbers exact: *out (malloc'd) or NULL when
 * nothing changes. Returns 0, or a status with err filled. */
static int fix_sheet(const char *xml, size_t len, const char *shown, const char *sheet,
                     const cylch_xlsx_numbers *nums, char **out, size_t *outlen, size_t *changed,
                     cylch_error *err)
{
    fix_ctx c = {0};
    cylch_xlsx_cell *cells = NULL;
    char *o = NULL;
    size_t on = 0, matched = 0, from = 0, nchanged = 0;
    int rc = CYLCH_OK;
    *out = NULL;
    c.v_start = -1;
    if (xml_run(xml, len, &c.x, fix_start, fix_end, NULL)) {
        rc = cylch_error_set(err, c.x.why[0] == 'o' ? CYLCH_ENOMEM : CYLCH_EINTERNAL,
                             "cannot write %s: the sheet '%s' as written does not read back: %s", shown, sheet,
                             c.x.why);
        goto done;
    }
    if (nums->n && !(cells = malloc(nums->n * sizeof *cells))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
        goto done;
    }
    if (nums->n) {
        memcpy(cells, nums->cell, nums->n * sizeof *cells);
        qsort(cells, nums->n, sizeof *cells, cell_order);   /* never with NULL (UBSan) */
    }
    /* Each number needs at most CYLCH_DTOA_MAX bytes in place of its text. */
    if (!(o = malloc(len + c.n * CYLCH_DTOA_MAX + 1))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
        goto done;
    }
    for (size_t i = 0; i < c.n; i++) {
        cylch_xlsx_cell key = {c.t[i].row, c.t[i].col, 0.0}, *cell;
        char text[64], want[40], digits[CYLCH_DTOA_MAX];
        size_t tl = c.t[i].end - c.t[i].start, dl;
        if (!(cell = bsearch(&key, cells, nums->n, sizeof *cells, cell_order)))
            continue;   /* a number cylch did not list (the About sheet's, say): as written */
        snprintf(text, sizeof text, "%.*s", (int)(tl < 63 ? tl : 63), xml + c.t[i].start);
        snprintf(want, sizeof want, "%.16G", cell->v);
        if (tl >= 63 || strtod(text, NULL) != strtod(want, NULL)) {
            char ref[16];
            col_name(cell->col, ref);
            snprintf(ref + strlen(ref), sizeof ref - strlen(ref), "%lu", (unsigned long)cell->row + 1);
            rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: cell %s of the sheet '%s' holds "
                                 "'%s', not %s as written", shown, ref, sheet, text, want);
            goto done;
        }
        matched++;
        dl = cylch_dtoa(cell->v, digits);
        memcpy(o + on, xml + from, c.t[i].start - from);
        on += c.t[i].start - from;
        memcpy(o + on, digits, dl);
        on += dl;
        from = c.t[i].end;
        nchanged += dl != tl || memcmp(digits, xml + c.t[i].start, tl) != 0;
    }
    if (matched != nums->n) {
        rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: the sheet '%s' holds %zu of the %zu "
                             "numbers written to it", shown, sheet, matched, nums->n);
        goto done;
    }
    memcpy(o + on, xml + from, len - from);
    on += len - from;
    o[on] = '\0';
    *changed += nchanged;
    if (nchanged) {
        *out = o;
        *outlen = on;
        o = NULL;
    }
done:
    free(o);
    free(cells);
    free(c.t);
    return rc;
}

/* The entry's file information for the copy: its dates and attributes as they were. */
static void zip_info(const unz_file_info64 *info, zip_fileinfo *zi)
{
    memset(zi, 0, sizeof *zi);
    zi->tmz_date.tm_sec = info->tmu_date.tm_sec;
    zi->tmz_date.tm_min = info->tmu_date.tm_min;
    zi->tmz_date.tm_hour = info->tmu_date.tm_hour;
    zi->tmz_date.tm_mday = info->tmu_date.tm_mday;
    zi->tmz_date.tm_mon = info->tmu_date.tm_mon;
    zi->tmz_date.tm_year = info->tmu_date.tm_year;
    zi->dosDate = info->dosDate;
    zi->internal_fa = info->internal_fa;
    zi->external_fa = info->external_fa;
}

/* Copies the current entry of uf to zf as it is stored (compressed bytes, CRC, sizes,
 * extra fields, comment). Returns 0, or -1 (errno says why when the system does). */
static int zip_copy_raw(unzFile uf, zipFile zf, const char *name, const unz_file_info64 *info,
                        const char *extra, const char *comment)
{
    zip_fileinfo zi;
    int method, level, got, nl, rc = -1;
    char *local = NULL, buf[65536];
    if (unzOpenCurrentFile2(uf, &method, &level, 1) != UNZ_OK)
        return -1;
    if ((nl = unzGetLocalExtrafield(uf, NULL, 0)) < 0)
        goto done;
    if (nl > 0 && (!(local = malloc((size_t)nl)) || unzGetLocalExtrafield(uf, local, (unsigned)nl) != nl))
        goto done;
    zip_info(info, &zi);
    if (zipOpenNewFileInZip4_64(zf, name, &zi, local, (uInt)nl, extra, (uInt)info->size_file_extra, comment,
                                method, level, 1, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, NULL, 0,
                                info->version, info->flag & ~0x0FuL,
                                info->uncompressed_size >= 0xffffffffu) != ZIP_OK)
        goto done;
    while ((got = unzReadCurrentFile(uf, buf, sizeof buf)) > 0)
        if (zipWriteInFileInZip(zf, buf, (unsigned)got) != ZIP_OK) {
            got = -1;
            break;
        }
    if (zipCloseFileInZipRaw64(zf, info->uncompressed_size, info->crc) != ZIP_OK || got < 0)
        goto done;
    rc = 0;
done:
    if (unzCloseCurrentFile(uf) != UNZ_OK)
        rc = -1;
    free(local);
    return rc;
}

/* Writes data as the entry name of zf, deflated, with the dates and attributes of info. */
static int zip_write_new(zipFile zf, const char *name, const unz_file_info64 *info, const char *extra,
                         const char *comment, const char *data, size_t len)
{
    zip_fileinfo zi;
    zip_info(info, &zi);
    if (zipOpenNewFileInZip4_64(zf, name, &zi, NULL, 0, extra, (uInt)info->size_file_extra, comment,
                                Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0, -MAX_WBITS, DEF_MEM_LEVEL,
                                Z_DEFAULT_STRATEGY, NULL, 0, info->version, info->flag & ~0x0FuL,
                                len >= 0xffffffffu) != ZIP_OK)
        return -1;
    if (zipWriteInFileInZip(zf, data, (unsigned)len) != ZIP_OK) {
        zipCloseFileInZip(zf);
        return -1;
    }
    return zipCloseFileInZip(zf) == ZIP_OK ? 0 : -1;
}

int cylch_xlsx_exact_numbers(const char *in, const char *out, const char *shown,
                             const cylch_xlsx_numbers *sheets, size_t nsheets, size_t *changed,
                             cylch_error *err)
{
    unzFile uf = NULL;
    zipFile zf = NULL;
    wb_sheet_part *parts = NULL;
    const char **target = NULL;   /* per listed sheet, its part */
    char why[300], *comment = NULL, *extra = NULL, *ecomment = NULL, *xml = NULL, *fixed = NULL;
    size_t nparts = 0, nchanged = 0;
    unz_global_info64 gi;
    int rc = CYLCH_OK, u;

    if (changed)
        *changed = 0;
    errno = 0;
    if (!(uf = unzOpen64(in))) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown,
                             errno ? strerror(errno) : "the workbook as written is not a zip archive");
        goto done;
    }
    if (book_sheets(uf, &parts, &nparts, NULL, why, sizeof why)) {
        rc = cylch_error_set(err, strcmp(why, "out of memory") ? CYLCH_EINTERNAL : CYLCH_ENOMEM,
                             "cannot write %s: the workbook as written does not read back: %s", shown, why);
        goto done;
    }
    if (!(target = calloc(nsheets ? nsheets : 1, sizeof *target))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
        goto done;
    }
    for (size_t s = 0; s < nsheets; s++) {
        for (size_t k = 0; k < nparts && !target[s]; k++)
            if (!strcmp(parts[k].name, sheets[s].sheet))
                target[s] = parts[k].part;
        if (!target[s]) {
            rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: it has no sheet '%s'", shown,
                                 sheets[s].sheet);
            goto done;
        }
    }
    if (unzGetGlobalInfo64(uf, &gi) != UNZ_OK ||
        !(comment = calloc(gi.size_comment + 1, 1)) ||
        (gi.size_comment && unzGetGlobalComment(uf, comment, gi.size_comment + 1) < 0)) {
        rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: the archive as written does not read "
                             "back", shown);
        goto done;
    }
    errno = 0;
    if (!(zf = zipOpen64(out, APPEND_STATUS_CREATE))) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown,
                             errno ? strerror(errno) : "the file cannot be made");
        goto done;
    }
    for (u = unzGoToFirstFile(uf); u == UNZ_OK; u = unzGoToNextFile(uf)) {
        unz_file_info64 info;
        char name[1024];
        const char *sheet = NULL;
        const cylch_xlsx_numbers *nums = NULL;
        size_t len, flen = 0;
        if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK ||
            info.size_filename >= sizeof name) {
            rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: an entry of the archive as written "
                                 "does not read back", shown);
            goto done;
        }
        free(extra);
        free(ecomment);
        extra = malloc(info.size_file_extra + 1);
        ecomment = calloc(info.size_file_comment + 1, 1);
        if (!extra || !ecomment ||
            unzGetCurrentFileInfo64(uf, &info, NULL, 0, extra, info.size_file_extra, ecomment,
                                    info.size_file_comment) != UNZ_OK) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory writing %s", shown);
            goto done;
        }
        for (size_t s = 0; s < nsheets && !nums; s++)
            if (!strcmp(target[s], name)) {
                nums = &sheets[s];
                sheet = sheets[s].sheet;
            }
        if (nums) {
            if (zip_read_current(uf, &info, &xml, &len, why, sizeof why)) {
                rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: the sheet '%s' as written does "
                                     "not read back: %s", shown, sheet, why);
                goto done;
            }
            if ((rc = fix_sheet(xml, len, shown, sheet, nums, &fixed, &flen, &nchanged, err)))
                goto done;
        }
        errno = 0;
        if (fixed ? zip_write_new(zf, name, &info, extra, *ecomment ? ecomment : NULL, fixed, flen)
                  : zip_copy_raw(uf, zf, name, &info, extra, *ecomment ? ecomment : NULL)) {
            rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown,
                                 errno ? strerror(errno) : "an entry of the archive cannot be copied");
            goto done;
        }
        free(xml);
        free(fixed);
        xml = fixed = NULL;
    }
    if (u != UNZ_END_OF_LIST_OF_FILE) {
        rc = cylch_error_set(err, CYLCH_EINTERNAL, "cannot write %s: the archive as written does not read "
                             "back", shown);
        goto done;
    }
    errno = 0;
    u = zipClose(zf, *comment ? comment : NULL);
    zf = NULL;
    if (u != ZIP_OK) {
        rc = cylch_error_set(err, CYLCH_EIO, "cannot write %s: %s", shown,
                             errno ? strerror(errno) : "the archive cannot be finished");
        goto done;
    }
    if (changed)
        *changed = nchanged;
done:
    if (zf)
        zipClose(zf, NULL);
    if (uf)
        unzClose(uf);
    sheets_free(parts, nparts);
    free(target);
    free(comment);
    free(extra);
    free(ecomment);
    free(xml);
    free(fixed);
    return rc;
}

/* ------------------------------------------------------- reading (a network) */

/* The archive from memory: minizip's file functions over a buffer. */
typedef struct mem_file {
    const char *data;
    size_t len, pos;
} mem_file;

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ)
        return NULL;
    ((mem_file *)opaque)->pos = 0;
    return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    mem_file *m = stream;
    size_t n = m->len - m->pos < size ? m->len - m->pos : size;
    (void)opaque;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((mem_file *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    mem_file *m = stream;
    ZPOS64_T base;
    (void)opaque;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = m->len; break;
    default: return -1;
    }
    if (offset > m->len - base)
        return -1;
    m->pos = (size_t)(base + offset);
    return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

/* Excel's built-in number formats that show a percentage ("0%", "0.00%"). */
#define XLSX_PERCENT_BUILTIN(id) ((id) == 9 || (id) == 10)

struct cylch_xlsx {
    char *shown;              /* the workbook as messages name it */
    char *data;               /* the file */
    mem_file mem;
    unzFile uf;
    wb_sheet_part *sheet;
    size_t nsheets;
    char **sst;               /* shared strings */
    size_t nsst;
    unsigned char *pct;       /* per cell format (s="…"), 1 when it shows a percentage */
    size_t npct;
};

/* ---- shared strings: <si> of <t> or runs <r><t>; phonetic runs <rPh> left out. */
typedef struct sst_ctx {
    xml_ctx x;
    char **s;
    size_t n, cap;
    char *buf;
    size_t len, bcap, total;
    int in_si, in_t, in_rph;
} sst_ctx;

/* Appends text to a growing buffer; total bounds all text of a part or sheet. */
static int buf_add(char **buf, size_t *len, size_t *cap, size_t *total, const char *s, size_t n)
{
    if (*total + n > (size_t)CYLCH_FILE_MAX)
        return -1;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        char *b;
        while (c < *len + n + 1)
            c *= 2;
        if (!(b = realloc(*buf, c)))
            return -2;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    *total += n;
    return 0;
}

static void XMLCALL sst_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    sst_ctx *c = XML_CTX(sst_ctx, arg);
    const char *l = xml_local(name);
    (void)atts;
    if (!strcmp(l, "si")) {
        c->in_si = 1;
        c->len = 0;
        if (c->buf)
            c->buf[0] = '\0';
    } else if (!strcmp(l, "rPh")) {
        c->in_rph++;
    } else if (!strcmp(l, "t") && c->in_si && !c->in_rph) {
        c->in_t = 1;
    }
}

static void XMLCALL sst_end(void *arg, const XML_Char *name)
{
    sst_ctx *c = XML_CTX(sst_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "t")) {
        c->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        c->in_rph--;
    } else if (!strcmp(l, "si") && c->in_si) {
        c->in_si = 0;
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 64;
            char **s = realloc(c->s, cap * sizeof *s);
            if (!s) {
                xml_fail(&c->x, "out of memory");
                return;
            }
            c->s = s;
            c->cap = cap;
        }
        if (!(c->s[c->n++] = strdup(c->buf ? c->buf : "")))
            xml_fail(&c->x, "out of memory");
    }
}

static void XMLCALL sst_text(void *arg, const XML_Char *s, int n)
{
    sst_ctx *c = XML_CTX(sst_ctx, arg);
    int r;
    if (!c->in_t)
        return;
    if ((r = buf_add(&c->buf, &c->len, &c->bcap, &c->total, s, (size_t)n)))
        xml_fail(&c->x, r == -2 ? "out of memory" : "its shared strings hold more than " CYLCH_FILE_MAX_TEXT);
}

/* ---- styles: each cell format's number format, and which custom formats are percentages. */
typedef struct styles_ctx {
    xml_ctx x;
    unsigned long *pct_fmt;   /* custom format ids that show a percentage */
    size_t npf, pfcap;
    unsigned long *xf_fmt;    /* per cell format, its numFmtId */
    size_t nxf, xfcap;
    int in_cellxfs;
} styles_ctx;

/* 1 when an Excel format code shows a percentage: a '%' outside quotes and not escaped. */
static int format_is_percent(const char *code)
{
    int quoted = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && (*p == '\\' || *p == '_' || *p == '*') && p[1])
            p++;
        else if (!quoted && *p == '%')
            return 1;
    }
    return 0;
}

static int ulong_push(unsigned long **a, size_t *n, size_t *cap, unsigned long v)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        unsigned long *b = realloc(*a, c * sizeof *b);
        if (!b)
            return -1;
        *a = b;
        *cap = c;
    }
    (*a)[(*n)++] = v;
    return 0;
}

static void XMLCALL styles_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    styles_ctx *c = XML_CTX(styles_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "numFmt")) {
        const char *id = xml_attr(atts, "numFmtId"), *code = xml_attr(atts, "formatCode");
        if (id && code && format_is_percent(code) &&
            ulong_push(&c->pct_fmt, &c->npf, &c->pfcap, strtoul(id, NULL, 10)))
            xml_fail(&c->x, "out of memory");
    } else if (!strcmp(l, "cellXfs")) {
        c->in_cellxfs = 1;
    } else if (!strcmp(l, "xf") && c->in_cellxfs) {
        const char *id = xml_attr(atts, "numFmtId");
        if (c->nxf >= 65536)
            xml_fail(&c->x, "more than 65,536 cell formats");
        else if (ulong_push(&c->xf_fmt, &c->nxf, &c->xfcap, id ? strtoul(id, NULL, 10) : 0))
            xml_fail(&c->x, "out of memory");
    }
}

static void XMLCALL styles_end(void *arg, const XML_Char *name)
{
    styles_ctx *c = XML_CTX(styles_ctx, arg);
    if (!strcmp(xml_local(name), "cellXfs"))
        c->in_cellxfs = 0;
}

void cylch_xlsx_close(cylch_xlsx *x)
{
    if (!x)
        return;
    if (x->uf)
        unzClose(x->uf);
    sheets_free(x->sheet, x->nsheets);
    for (size_t i = 0; i < x->nsst; i++)
        free(x->sst[i]);
    free(x->sst);
    free(x->pct);
    free(x->data);
    free(x->shown);
    free(x);
}

/* A message about the workbook as a whole. */
static int book_error(const cylch_xlsx *x, cylch_error *err, const char *why)
{
    if (!strcmp(why, "out of memory"))
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
    return cylch_error_set(err, CYLCH_EINPUT, "%s: cylch cannot read this workbook: %s; save it again from "
                           "the spreadsheet as an Excel workbook (.xlsx)", x->shown, why);
}

int cylch_xlsx_open_mem(const char *shown, const char *data, size_t len, cylch_xlsx **out, cylch_error *err)
{
    cylch_xlsx *x;
    zlib_filefunc64_def ff;
    char why[300], *buf = NULL;
    size_t blen;
    int r, rc = CYLCH_OK;
    sst_ctx sc = {0};
    styles_ctx st = {0};

    *out = NULL;
    if (!(x = calloc(1, sizeof *x)) || !(x->shown = strdup(shown)) || !(x->data = malloc(len ? len : 1))) {
        cylch_xlsx_close(x);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", shown);
    }
    if (len)
        memcpy(x->data, data, len);
    x->mem = (mem_file){x->data, len, 0};
    if (len < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
        /* An old .xls (a compound file) or something else renamed. */
        int ole = len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s: not an Excel workbook (.xlsx)%s; save it from the "
                             "spreadsheet as \"Excel Workbook (.xlsx)\", or as CSV UTF-8 (enterprises.csv)",
                             shown, ole ? ": it is an old-style .xls file" : len == 0 ? ": the file is empty"
                             : ": it is not a zip archive");
        goto fail;
    }
    memset(&ff, 0, sizeof ff);
    ff.zopen64_file = mem_open;
    ff.zread_file = mem_read;
    ff.zwrite_file = mem_write;
    ff.ztell64_file = mem_tell;
    ff.zseek64_file = mem_seek;
    ff.zclose_file = mem_close;
    ff.zerror_file = mem_error;
    ff.opaque = &x->mem;
    if (!(x->uf = unzOpen2_64(shown, &ff))) {
        rc = book_error(x, err, "the zip archive is damaged (cut short?)");
        goto fail;
    }
    if (book_sheets(x->uf, &x->sheet, &x->nsheets, NULL, why, sizeof why)) {
        rc = book_error(x, err, why);
        goto fail;
    }
    if (x->nsheets == 0) {
        rc = book_error(x, err, "it has no sheets");
        goto fail;
    }
    /* Shared strings (absent when no cell holds one). */
    if ((r = zip_read(x->uf, "xl/sharedStrings.xml", &buf, &blen, why, sizeof why)) < 0) {
        rc = book_error(x, err, why);
        goto fail;
    }
    if (r == 0) {
        int bad = xml_run(buf, blen, &sc.x, sst_start, sst_end, sst_text);
        free(buf);
        buf = NULL;
        x->sst = sc.s;
        x->nsst = sc.n;
        free(sc.buf);
        if (bad) {
            snprintf(why, sizeof why, "xl/sharedStrings.xml: %s", sc.x.why);
            rc = book_error(x, err, why);
            goto fail;
        }
    }
    /* Number formats: which cell formats show a percentage. */
    if ((r = zip_read(x->uf, "xl/styles.xml", &buf, &blen, why, sizeof why)) < 0) {
        rc = book_error(x, err, why);
        goto fail;
    }
    if (r == 0) {
        int bad = xml_run(buf, blen, &st.x, styles_start, styles_end, NULL);
        free(buf);
        buf = NULL;
        if (bad) {
            snprintf(why, sizeof why, "xl/styles.xml: %s", st.x.why);
            rc = book_error(x, err, why);
            goto fail;
        }
        if (st.nxf && !(x->pct = calloc(st.nxf, 1))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", shown);
            goto fail;
        }
        x->npct = st.nxf;
        for (size_t i = 0; i < st.nxf; i++) {
            x->pct[i] = XLSX_PERCENT_BUILTIN(st.xf_fmt[i]);
            for (size_t k = 0; k < st.npf && !x->pct[i]; k++)
                x->pct[i] = st.pct_fmt[k] == st.xf_fmt[i];
        }
    }
    free(st.pct_fmt);
    free(st.xf_fmt);
    *out = x;
    return CYLCH_OK;
fail:
    free(st.pct_fmt);
    free(st.xf_fmt);
    cylch_xlsx_close(x);
    return rc;
}

int cylch_xlsx_open(const char *path, const char *shown, cylch_xlsx **out, cylch_error *err)
{
    FILE *f;
    char *data = NULL;
    size_t len = 0, got;
    int rc;
    *out = NULL;
    if (!shown)
        shown = path;
    if (!(f = fopen(path, "rb")))
        return cylch_error_set(err, CYLCH_EIO, "%s: %s", shown, strerror(errno));
    /* Whole, up to the size limit: one byte more tells a file that is too large. */
    if (!(data = malloc((size_t)CYLCH_FILE_MAX + 1))) {
        fclose(f);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", shown);
    }
    while ((got = fread(data + len, 1, (size_t)CYLCH_FILE_MAX + 1 - len, f)) > 0 && len + got <= (size_t)CYLCH_FILE_MAX)
        len += got;
    if (got > 0)
        len += got;
    if (ferror(f)) {
        rc = cylch_error_set(err, CYLCH_EIO, "%s: %s", shown, strerror(errno));
        fclose(f);
        free(data);
        return rc;
    }
    fclose(f);
    if (len > (size_t)CYLCH_FILE_MAX) {
        free(data);
        return cylch_error_set(err, CYLCH_EINPUT, "%s is more than " CYLCH_FILE_MAX_TEXT "; cylch reads files "
                               "of up to " CYLCH_FILE_MAX_TEXT, shown);
    }
    rc = cylch_xlsx_open_mem(shown, data, len, out, err);
    free(data);
    return rc;
}

size_t cylch_xlsx_nsheets(const cylch_xlsx *x)
{
    return x->nsheets;
}

const char *cylch_xlsx_sheet_name(const cylch_xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheet[i].name : NULL;
}

/* ASCII case-insensitive equality, blanks at either end of a ignored. */
static int same_name(const char *a, const char *b)
{
    size_t n;
    while (*a == ' ')
        a++;
    n = strlen(a);
    while (n && a[n - 1] == ' ')
        n--;
    if (strlen(b) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] - 'A' + 'a') : b[i];
        if (x != y)
            return 0;
    }
    return 1;
}

long cylch_xlsx_find_sheet(const cylch_xlsx *x, const char *name)
{
    for (size_t i = 0; i < x->nsheets; i++)
        if (same_name(x->sheet[i].name, name))
            return (long)i;
    return -1;
}

void cylch_xlsx_sheet_list(const cylch_xlsx *x, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < x->nsheets && len + 1 < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s'%s'", i ? ", " : "", x->sheet[i].name);
}

/* ---- a sheet's cells */

typedef struct xcell {
    uint32_t row, col;
    char *text;
} xcell;

typedef struct cells_ctx {
    xml_ctx x;
    const cylch_xlsx *book;
    xcell *c;
    size_t n, cap, total;
    uint32_t row, col;        /* the current row and cell (from 0); col is the next */
    int have_row;
    /* the cell being read */
    int in_c, in_v, in_is_t, in_rph, has_v, has_f;
    char type[16];
    unsigned long style;
    char *v, *f;
    size_t vlen, vcap, flen, fcap;
    /* a cell's problem: where, and why (the message is made after the parse) */
    int bad;
    uint32_t bad_row, bad_col;
    char bad_why[300];
} cells_ctx;

static void cell_problem(cells_ctx *c, const char *fmt, const char *a)
{
    if (c->bad)
        return;
    c->bad = 1;
    c->bad_row = c->row;
    c->bad_col = c->col;
    snprintf(c->bad_why, sizeof c->bad_why, fmt, a);
    xml_fail(&c->x, "a cell");
}

static void XMLCALL cells_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
    cells_ctx *c = XML_CTX(cells_ctx, arg);
    const char *l = xml_local(name);
    if (!strcmp(l, "row")) {
        const char *r = xml_attr(atts, "r");
        char *end;
        unsigned long rn;
        if (r) {
            rn = strtoul(r, &end, 10);
            if (*end || rn == 0 || rn > 1048576 || (c->have_row && rn - 1 <= c->row)) {
                xml_fail(&c->x, "a row number out of order or out of range");
                return;
            }
            c->row = (uint32_t)(rn - 1);
        } else {
            c->row = c->have_row ? c->row + 1 : 0;
        }
        c->have_row = 1;
        c->col = 0;
    } else if (!strcmp(l, "c")) {
        const char *r = xml_attr(atts, "r"), *t = xml_attr(atts, "t"), *s = xml_attr(atts, "s");
        uint32_t row, col;
        if (!c->have_row) {
            xml_fail(&c->x, "a cell outside a row");
            return;
        }
        if (r) {
            if (!cell_ref(r, &row, &col) || row != c->row || (c->n && c->c[c->n - 1].row == row &&
                                                              col <= c->c[c->n - 1].col)) {
                xml_fail(&c->x, "a cell reference out of order or out of range");
                return;
            }
            c->col = col;
        }
        c->in_c = 1;
        c->has_v = c->has_f = 0;
        c->vlen = c->flen = 0;
        if (c->v)
            c->v[0] = '\0';
        if (c->f)
            c->f[0] = '\0';
        snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
        c->style = s ? strtoul(s, NULL, 10) : 0;
    } else if (c->in_c && !strcmp(l, "v")) {
        c->in_v = 1;
        c->has_v = 1;
    } else if (c->in_c && !strcmp(l, "f")) {
        c->has_f = 1;
    } else if (c->in_c && !strcmp(l, "rPh")) {
        c->in_rph++;
    } else if (c->in_c && !strcmp(l, "t") && !c->in_rph) {
        c->in_is_t = 1;
        c->has_v = 1;
    }
}

/* The text of a number for the spreadsheet-tolerant reading: the shortest decimal
 * that reads back to it, or, in a cell shown as a percentage, the shortest
 * percentage p with p / 100 == v ("53%"), so that the reading counts it as one. */
static void number_text(double v, int pct, char *out, size_t n)
{
    char d[CYLCH_DTOA_MAX];
    if (pct) {
        for (int prec = 1; prec <= 17; prec++) {
            char p[48];
            snprintf(p, sizeof p, "%.*g", prec, v * 100.0);
            if (strtod(p, NULL) / 100.0 == v && !strchr(p, 'e') && !strchr(p, 'n') && !strchr(p, 'i')) {
                snprintf(out, n, "%s%%", p);
                return;
            }
        }
    }
    cylch_dtoa(v, d);
    snprintf(out, n, "%s", d);
}

static void XMLCALL cells_end(void *arg, const XML_Char *name)
{
    cells_ctx *c = XML_CTX(cells_ctx, arg);
    const char *l = xml_local(name);
    const char *text;
    char num[64];
    if (!strcmp(l, "v")) {
        c->in_v = 0;
        return;
    }
    if (!strcmp(l, "t")) {
        c->in_is_t = 0;
        return;
    }
    if (!strcmp(l, "rPh")) {
        c->in_rph--;
        return;
    }
    if (strcmp(l, "c") != 0 || !c->in_c)
        return;
    c->in_c = 0;
    text = c->v ? c->v : "";
    if (c->has_f && (!c->has_v || (!*text && strcmp(c->type, "str") != 0))) {
        cell_problem(c, "holds a formula (=%.60s) with no value saved in the file (a program other than "
                        "a spreadsheet wrote it?); open the workbook in a spreadsheet program and save it, "
                        "so that the values are stored, or type the value", c->f ? c->f : "");
        return;
    }
    if (!c->has_v) {
        c->col++;
        return;   /* a blank cell (formatted, empty) */
    }
    if (!strcmp(c->type, "s")) {
        char *end;
        unsigned long k = strtoul(text, &end, 10);
        if (!*text || *end || k >= c->book->nsst) {
            cell_problem(c, "refers to shared string '%.20s', which the workbook does not have; save it "
                            "again from the spreadsheet", text);
            return;
        }
        text = c->book->sst[k];
    } else if (!strcmp(c->type, "b")) {
        text = !strcmp(text, "1") ? "TRUE" : "FALSE";
    } else if (!strcmp(c->type, "e")) {
        cell_problem(c, "holds the error %.40s (a formula that fails); correct the formula or clear the cell",
                     text);
        return;
    } else if (!strcmp(c->type, "n")) {
        double v;
        char *end;
        if (!*text)
            text = "";
        else {
            v = strtod(text, &end);
            if (*end || end == text || !isfinite(v)) {
                cell_problem(c, "holds '%.40s', which is not a number; save the workbook again from the "
                                "spreadsheet", text);
                return;
            }
            number_text(v, c->style < c->book->npct && c->book->pct[c->style], num, sizeof num);
            text = num;
        }
    } else if (strcmp(c->type, "str") != 0 && strcmp(c->type, "inlineStr") != 0 && strcmp(c->type, "d") != 0) {
        cell_problem(c, "has a type '%.15s' cylch does not know; save the workbook again from the spreadsheet",
                     c->type);
        return;
    }
    if (*text) {
        if (c->n == c->cap) {
            size_t cap = c->cap ? 2 * c->cap : 256;
            xcell *x = realloc(c->c, cap * sizeof *x);
            if (!x) {
                xml_fail(&c->x, "out of memory");
                return;
            }
            c->c = x;
            c->cap = cap;
        }
        c->total += strlen(text);
        if (c->total > (size_t)CYLCH_FILE_MAX) {
            xml_fail(&c->x, "the sheet holds more than " CYLCH_FILE_MAX_TEXT " of text");
            return;
        }
        if (!(c->c[c->n].text = strdup(text))) {
            xml_fail(&c->x, "out of memory");
            return;
        }
        c->c[c->n].row = c->row;
        c->c[c->n].col = c->col;
        c->n++;
    }
    c->col++;
}

static void XMLCALL cells_text(void *arg, const XML_Char *s, int n)
{
    cells_ctx *c = XML_CTX(cells_ctx, arg);
    int r = 0;
    if (!c->in_c)
        return;
    if (c->in_v || c->in_is_t)
        r = buf_add(&c->v, &c->vlen, &c->vcap, &c->total, s, (size_t)n);
    else if (c->has_f && c->flen < 200)
        r = buf_add(&c->f, &c->flen, &c->fcap, &c->total, s, (size_t)n);
    if (r)
        xml_fail(&c->x, r == -2 ? "out of memory" : "the sheet holds more than " CYLCH_FILE_MAX_TEXT " of text");
}

void cylch_xlsx_cell_name(uint32_t row, uint32_t col, char *buf, size_t n)
{
    char letters[8];
    col_name(col, letters);
    snprintf(buf, n, "%s%lu", letters, (unsigned long)row + 1);
}

/* A row of the table from the cells [a, b) of one sheet row: fields from column col0,
 * width fields. */
static int row_make(cylch_csv_row *r, xcell *c, size_t a, size_t b, uint32_t col0, size_t width)
{
    r->n = width;
    r->line = (long)c[a].row + 1;
    if (!(r->field = calloc(width ? width : 1, sizeof *r->field)))
        return -1;
    for (size_t i = a; i < b; i++) {
        /* The text moves to the row (blank cells left of the header's first column were
         * refused, and those right of its last are blank: dropped). */
        if (c[i].col >= col0 && c[i].col - col0 < width) {
            r->field[c[i].col - col0] = c[i].text;
            c[i].text = NULL;
        }
    }
    for (size_t j = 0; j < width; j++)
        if (!r->field[j] && !(r->field[j] = strdup("")))
            return -1;
    return 0;
}

static int blank_text(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

int cylch_xlsx_read_sheet(cylch_xlsx *x, size_t i, cylch_csv_table **out, cylch_error *err)
{
    cells_ctx c = {0};
    cylch_csv_table *t = NULL;
    char why[300], *xml = NULL;
    size_t len, k, a;
    uint32_t col0 = 0, width = 0;
    int z, rc = CYLCH_OK;

    *out = NULL;
    if (i >= x->nsheets)
        return cylch_error_set(err, CYLCH_EINPUT, "%s has no sheet %zu", x->shown, i + 1);
    if ((z = zip_read(x->uf, x->sheet[i].part, &xml, &len, why, sizeof why)) != 0) {
        if (z > 0)
            snprintf(why, sizeof why, "the sheet '%.60s' is missing from the archive", x->sheet[i].name);
        return book_error(x, err, why);
    }
    c.book = x;
    if (xml_run(xml, len, &c.x, cells_start, cells_end, cells_text)) {
        char where[24];
        free(xml);
        xml = NULL;
        if (c.bad) {
            cylch_xlsx_cell_name(c.bad_row, c.bad_col, where, sizeof where);
            rc = cylch_error_set(err, CYLCH_EINPUT, "%s, sheet '%s', cell %s: %s", x->shown, x->sheet[i].name,
                                 where, c.bad_why);
        } else if (!strcmp(c.x.why, "out of memory")) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
        } else {
            snprintf(why, sizeof why, "the sheet '%.60s': %s", x->sheet[i].name, c.x.why);
            rc = book_error(x, err, why);
        }
        goto done;
    }
    free(xml);
    xml = NULL;
    if (!(t = calloc(1, sizeof *t)) || !(t->path = strdup(x->shown)) || !(t->sheet = strdup(x->sheet[i].name))) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
        goto done;
    }
    t->delim = ',';
    /* The header: the first row with something in it. Cells of only blanks are blank. */
    for (k = 0; k < c.n; k++)
        if (!blank_text(c.c[k].text))
            break;
    if (k == c.n) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s, sheet '%s': the sheet is empty; the first row must name "
                             "the columns", x->shown, x->sheet[i].name);
        goto done;
    }
    /* The header's columns: from its first cell to its last that is not blank. */
    a = k;
    col0 = c.c[a].col;
    for (size_t m = a; m < c.n && c.c[m].row == c.c[a].row; m++)
        if (!blank_text(c.c[m].text))
            width = c.c[m].col - col0 + 1;
    for (size_t m = 0; m < c.n; m++) {
        int before = c.c[m].row < c.c[a].row || c.c[m].col < col0;
        if ((before || c.c[m].col >= col0 + width) && !blank_text(c.c[m].text)) {
            char where[24];
            cylch_xlsx_cell_name(c.c[m].row, c.c[m].col, where, sizeof where);
            rc = cylch_error_set(err, CYLCH_EINPUT, "%s, sheet '%s', cell %s: '%.40s' is %s; cylch reads "
                                 "the table from its header row (row %lu, columns from the first heading to "
                                 "the last): %s", x->shown, x->sheet[i].name, where, c.c[m].text,
                                 before ? "outside the table" : "beyond the last column with a heading",
                                 (unsigned long)c.c[a].row + 1,
                                 before ? "move the table to the top left or clear the cell"
                                        : "give its column a heading or clear the cell");
            goto done;
        }
    }
    /* Header, then one row per sheet row with something in it; blank rows and
     * comment rows ('#' first) counted, as CYLCH_CSV_SPREADSHEET does for a CSV. */
    {
        size_t m = a, e;
        uint32_t last = c.c[a].row;
        for (e = m; e < c.n && c.c[e].row == c.c[m].row; e++)
            ;
        if (row_make(&t->header, c.c, m, e, col0, width)) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
            goto done;
        }
        if (!(t->row = calloc(c.n - e + 1, sizeof *t->row))) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
            goto done;
        }
        for (m = e; m < c.n; m = e) {
            int blank = 1;
            for (e = m; e < c.n && c.c[e].row == c.c[m].row; e++)
                blank &= blank_text(c.c[e].text);
            t->blank_rows += c.c[m].row - last - 1;   /* rows with nothing in them between */
            last = c.c[m].row;
            if (blank) {
                t->blank_rows++;
                continue;
            }
            if (c.c[m].col == col0 && c.c[m].text[0] == '#') {
                t->comment_rows++;
                continue;
            }
            if (row_make(&t->row[t->nrows], c.c, m, e, col0, width)) {
                t->nrows++;
                rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory reading %s", x->shown);
                goto done;
            }
            t->nrows++;
        }
    }
    t->col0 = (long)col0;
    *out = t;
    t = NULL;
done:
    for (size_t m = 0; m < c.n; m++)
        free(c.c[m].text);
    free(c.c);
    free(c.v);
    free(c.f);
    free(xml);
    cylch_csv_table_free(t);
    return rc;
}
