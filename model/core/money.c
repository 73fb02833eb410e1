/* cylch — uncertainty on a member's money: scale and split (DESIGN.md §8.6). */
#include "cylch/core/money.h"
#include "cylch/io/lang.h"

#include <math.h>
#include <string.h>

static const char *const part_names[CYLCH_NPARTS] = {"wages", "purchases", "other_costs", "surplus"};

const char *cylch_part_name(int k)
{
    return k >= 0 && k < CYLCH_NPARTS ? part_names[k] : "?";
}

static double income_of(const double *v)
{
    return v[CYLCH_COL_GRANT] + v[CYLCH_COL_LOAN] + v[CYLCH_COL_TRADE_LOCAL] +
           v[CYLCH_COL_TRADE_EXTERNAL];
}

/* The four parts' amounts, £/year, and D = max(T, C). */
static double parts_of(const double *v, double amount[CYLCH_NPARTS])
{
    double T = income_of(v);
    double C = v[CYLCH_COL_WAGES] + v[CYLCH_COL_PURCHASES] + v[CYLCH_COL_OTHER_COSTS];
    amount[CYLCH_PART_WAGES] = v[CYLCH_COL_WAGES];
    amount[CYLCH_PART_PURCHASES] = v[CYLCH_COL_PURCHASES];
    amount[CYLCH_PART_OTHER] = v[CYLCH_COL_OTHER_COSTS];
    amount[CYLCH_PART_SURPLUS] = T > C ? T - C : 0.0;
    return T > C ? T : C;
}

int cylch_split_init(cylch_split *sp, const double *v, double sd, cylch_error *err)
{
    double amount[CYLCH_NPARTS], top = 0.0;
    memset(sp, 0, sizeof *sp);
    sp->D = parts_of(v, amount);
    if (!(sp->D > 0.0))
        return CYLCH_OK;
    for (int k = 0; k < CYLCH_NPARTS; k++)
        if (amount[k] > 0.0) {
            sp->p[k] = amount[k] / sp->D;
            sp->part[sp->np++] = k;
            if (sp->p[k] * (1.0 - sp->p[k]) > top)
                top = sp->p[k] * (1.0 - sp->p[k]);
        }
    if (sp->np < 2)
        return CYLCH_OK;
    if (!(sd > 0.0) || !(sd * sd < top))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "dirichlet(sd=%g) is too wide for a split whose largest part is %.0f%%: "
                               "the sd must be below %.3g", sd,
                               100.0 * (0.5 + sqrt(0.25 - top)), sqrt(top));
    sp->alpha = top / (sd * sd) - 1.0;
    for (int i = 0; i + 1 < sp->np; i++) {
        sp->a[i] = sp->alpha * sp->p[sp->part[i]];
        /* the parts after i, summed from their shares (not by subtraction) */
        sp->b[i] = 0.0;
        for (int k = i + 1; k < sp->np; k++)
            sp->b[i] += sp->alpha * sp->p[sp->part[k]];
    }
    return CYLCH_OK;
}

void cylch_split_shares(const cylch_split *sp, const double *stick, double *out)
{
    double left = 1.0;
    for (int k = 0; k < CYLCH_NPARTS; k++)
        out[k] = 0.0;
    if (sp->np == 0)
        return;
    for (int i = 0; i + 1 < sp->np; i++) {
        double x = left * stick[i];
        out[sp->part[i]] = x;
        left -= x;
    }
    out[sp->part[sp->np - 1]] = left > 0.0 ? left : 0.0;
}

double cylch_money_apply(const double *base, double *row, double scale, const double *share)
{
    static const int income_cols[] = {CYLCH_COL_GRANT, CYLCH_COL_LOAN, CYLCH_COL_TRADE_LOCAL,
                                      CYLCH_COL_TRADE_EXTERNAL};
    double T0 = income_of(base), k = T0 > 0.0 ? income_of(row) / T0 : 1.0, f, staff, buy;
    if (!(scale > 0.0))
        scale = 1e-12;   /* a drawn income of 0 (a normal tail at its end): a tiny member */
    if (!(k > 0.0))
        k = 1e-12;
    f = k * scale;
    staff = f;
    buy = f;
    if (share) {
        double amount[CYLCH_NPARTS], D = parts_of(base, amount);
        row[CYLCH_COL_WAGES] = share[CYLCH_PART_WAGES] * D;
        row[CYLCH_COL_PURCHASES] = share[CYLCH_PART_PURCHASES] * D;
        row[CYLCH_COL_OTHER_COSTS] = share[CYLCH_PART_OTHER] * D;
        if (amount[CYLCH_PART_WAGES] > 0.0)
            staff *= row[CYLCH_COL_WAGES] / amount[CYLCH_PART_WAGES];
        if (amount[CYLCH_PART_PURCHASES] > 0.0)
            buy *= row[CYLCH_COL_PURCHASES] / amount[CYLCH_PART_PURCHASES];
    }
    for (size_t i = 0; i < sizeof income_cols / sizeof *income_cols; i++)
        row[income_cols[i]] *= scale;
    row[CYLCH_COL_WAGES] *= f;
    row[CYLCH_COL_PURCHASES] *= f;
    row[CYLCH_COL_OTHER_COSTS] *= f;
    row[CYLCH_COL_FTE] *= staff;
    return buy;
}
