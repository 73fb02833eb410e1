/* cylch — reading input files as text: size limit, NUL bytes, UTF-8, line ends.
 *
 * Every input file (CSV or scenario) is read whole through cylch_text_read,
 * which refuses a file over CYLCH_FILE_MAX before reading it, and checked by
 * cylch_text_check, which refuses a NUL byte or bytes that are not UTF-8 with
 * the line and column. Lines end with "\n", "\r\n" or a lone "\r" (old Mac
 * files), and are counted that way everywhere. Also the small string helpers
 * the readers share: blanks around a field, and a file's path in a folder.
 */
#ifndef CYLCH_IO_TEXT_H
#define CYLCH_IO_TEXT_H

#include <stddef.h>
#include "cylch/io/error.h"

/* Read the file at path into *buf (NUL-terminated; *len bytes before the NUL;
 * free with free()). Errors: CYLCH_EIO (cannot open or read: what names it
 * in the message, e.g. "the scenario file"), CYLCH_EINPUT (a dangling link,
 * not a regular file, or larger than CYLCH_FILE_MAX), CYLCH_ENOMEM. */
int cylch_text_read(const char *path, const char *what, char **buf, size_t *len,
                    cylch_error *err);

/* Check len bytes of data from file name: no NUL byte and valid UTF-8 (a
 * byte-order mark at the start is allowed). CYLCH_EINPUT names the line and
 * column of the first bad byte. */
int cylch_text_check(const char *name, const char *data, size_t len, cylch_error *err);

/* The length of the line starting at data[0] (len bytes available),
 * including its end ("\n", "\r\n" or "\r"), or len when no end follows. */
size_t cylch_text_line(const char *data, size_t len);

/* Write an amount of money v into buf shortly for a message: "1500.00" below
 * 10^12, otherwise in the %g form ("1e+308"), never hundreds of digits. */
void cylch_text_money(char *buf, size_t len, double v);

/* Is s empty or only blanks (isspace)? */
int cylch_text_blank(const char *s);

/* Does s equal word once the blanks around s are ignored? ("  grant " is "grant"). */
int cylch_text_is(const char *s, const char *word);

/* A new copy of s without the blanks around it (caller frees), NULL when out of memory. */
char *cylch_text_trimmed(const char *s);

/* Free the n strings of v and v itself; v may be NULL. */
void cylch_text_list_free(char **v, size_t n);

/* "dir/name" as a new string (caller frees), NULL when out of memory. */
char *cylch_path_join(const char *dir, const char *name);

#endif /* CYLCH_IO_TEXT_H */
