/* cylch — a small streaming JSON writer: numbers round-trip, non-finite numbers
 * are written as null, strings are escaped. */
#ifndef CYLCH_IO_JSON_H
#define CYLCH_IO_JSON_H

#include <stdio.h>

typedef struct cylch_json {
    FILE *f;
    int depth;
    int first[32];  /* no comma needed yet at this depth */
} cylch_json;
void cylch_json_init(cylch_json *j, FILE *f);
void cylch_json_begin_object(cylch_json *j, const char *key);  /* key NULL inside arrays/top */
void cylch_json_end_object(cylch_json *j);
void cylch_json_begin_array(cylch_json *j, const char *key);
void cylch_json_end_array(cylch_json *j);
void cylch_json_num(cylch_json *j, const char *key, double v);
void cylch_json_str(cylch_json *j, const char *key, const char *s);
void cylch_json_uint(cylch_json *j, const char *key, unsigned long long v);
void cylch_json_bool(cylch_json *j, const char *key, int v);
void cylch_json_null(cylch_json *j, const char *key);

#endif /* CYLCH_IO_JSON_H */
