/* cylch — numbers formatted for people. */
#include "cylch/io/format.h"
#include "cylch/io/lang.h"

#include <math.h>
#include <stdio.h>

void cylch_format_money(double v, char *buf, size_t len)
{
    double a = fabs(v);
    const char *sign = v < 0 ? "-" : "";
    if (!isfinite(v))
        snprintf(buf, len, "%s", _("no value"));
    else if (a < 1.0)
        snprintf(buf, len, "%s%.0fp", sign, a * 100.0);
    else if (a < 10.0)
        snprintf(buf, len, "%s£%.2f", sign, a);
    else if (a < 1e6) {
        long long w = (long long)(a + 0.5);
        if (w >= 1000)
            snprintf(buf, len, "%s£%lld,%03lld", sign, w / 1000, w % 1000);
        else
            snprintf(buf, len, "%s£%lld", sign, w);
    } else if (a < 1e9)
        snprintf(buf, len, "%s£%.2fM", sign, a / 1e6);
    else if (a < 1e12)
        snprintf(buf, len, "%s£%.2fbn", sign, a / 1e9);
    else
        snprintf(buf, len, "%s£%.3g", sign, a);
}

void cylch_format_fte(double v, char *buf, size_t len)
{
    double t;
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", _("no value"));
        return;
    }
    t = round(v * 10.0) / 10.0;
    if (t == 0.0)
        t = 0.0;    /* no "-0" */
    if (t == round(t) && fabs(t) < 1e15)
        snprintf(buf, len, "%.0f", t);
    else
        snprintf(buf, len, "%.1f", t);
}
