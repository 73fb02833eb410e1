/* cylch — numbers formatted for people. */
#ifndef CYLCH_IO_FORMAT_H
#define CYLCH_IO_FORMAT_H

#include <stddef.h>

/* Format £ for people: "£1,234", "£1.2M", "£3.40bn", "38p"; from £10^12 on in the
 * short %g form ("£1.5e+14"), never dozens of digits. */
void cylch_format_money(double v, char *buf, size_t len);

/* Format full-time-equivalent jobs or staff for people: rounded to one decimal,
 * without a trailing ".0" ("25.5", "150", "167.2"; "0" for values that round
 * to zero); "no value" when not finite. The one rounding rule for FTE that
 * the terminal summary and report.html both use, so they always agree. */
void cylch_format_fte(double v, char *buf, size_t len);

#endif /* CYLCH_IO_FORMAT_H */
