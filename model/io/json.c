/* cylch — a small streaming JSON writer. */
#include "cylch/io/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cylch/io/csvio.h"
#include "cylch/io/dtoa.h"

void cylch_json_init(cylch_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->first[0] = 1;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_key(cylch_json *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
    if (j->depth > 0) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    if (key) {
        json_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void json_open(cylch_json *j, const char *key, char c)
{
    json_key(j, key);
    fputc(c, j->f);
    if (j->depth < 31)
        j->depth++;
    j->first[j->depth] = 1;
}

static void json_close(cylch_json *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty) {
        fputc('\n', j->f);
        for (int i = 0; i < j->depth; i++)
            fputs("  ", j->f);
    }
    fputc(c, j->f);
    if (j->depth == 0)
        fputc('\n', j->f);
}

void cylch_json_begin_object(cylch_json *j, const char *key) { json_open(j, key, '{'); }
void cylch_json_end_object(cylch_json *j) { json_close(j, '}'); }
void cylch_json_begin_array(cylch_json *j, const char *key) { json_open(j, key, '['); }
void cylch_json_end_array(cylch_json *j) { json_close(j, ']'); }

void cylch_json_num(cylch_json *j, const char *key, double v)
{
    char buf[CYLCH_DTOA_MAX];
    json_key(j, key);
    if (!isfinite(v)) {
        fputs("null", j->f);
        return;
    }
    cylch_dtoa(v, buf);
    fputs(buf, j->f);
}

void cylch_json_str(cylch_json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_string(j->f, s);
}

void cylch_json_uint(cylch_json *j, const char *key, unsigned long long v)
{
    json_key(j, key);
    fprintf(j->f, "%llu", v);
}

void cylch_json_bool(cylch_json *j, const char *key, int v)
{
    json_key(j, key);
    fputs(v ? "true" : "false", j->f);
}

void cylch_json_null(cylch_json *j, const char *key)
{
    json_key(j, key);
    fputs("null", j->f);
}
