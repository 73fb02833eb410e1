/* cylch — loading and checking a network folder (enterprises.csv, trade.csv). */
#include "cylch/core/network.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cylch/io/csvio.h"

static const char *const col_names[CYLCH_NCOLS] = {
    "employees_fte", "grant", "loan", "trade_local", "trade_external", "wages",
    "wages_local_share", "purchases", "purchases_local_share", "other_costs",
    "other_local_share"
};

const char *cylch_col_name(int col)
{
    return (col >= 0 && col < CYLCH_NCOLS) ? col_names[col] : "?";
}

int cylch_col_find(const char *name)
{
    for (int c = 0; c < CYLCH_NCOLS; c++)
        if (strcmp(col_names[c], name) == 0)
            return c;
    return -1;
}

int cylch_col_is_share(int col)
{
    return col == CYLCH_COL_WAGES_LOCAL_SHARE || col == CYLCH_COL_PURCHASES_LOCAL_SHARE ||
           col == CYLCH_COL_OTHER_LOCAL_SHARE;
}

int cylch_col_is_optional(int col)
{
    return col == CYLCH_COL_OTHER_COSTS || col == CYLCH_COL_OTHER_LOCAL_SHARE;
}

double cylch_member_income(const cylch_member *m)
{
    return m->v[CYLCH_COL_GRANT] + m->v[CYLCH_COL_LOAN] + m->v[CYLCH_COL_TRADE_LOCAL] +
           m->v[CYLCH_COL_TRADE_EXTERNAL];
}

double cylch_member_local_spend(const cylch_member *m)
{
    return m->v[CYLCH_COL_WAGES] * m->v[CYLCH_COL_WAGES_LOCAL_SHARE] +
           m->v[CYLCH_COL_PURCHASES] * m->v[CYLCH_COL_PURCHASES_LOCAL_SHARE] +
           m->v[CYLCH_COL_OTHER_COSTS] * m->v[CYLCH_COL_OTHER_LOCAL_SHARE];
}

double cylch_network_trade_bought(const cylch_network *net, size_t j)
{
    double s = 0.0;
    for (size_t t = 0; t < net->ntrade; t++)
        if (net->trade[t].buyer == j)
            s += net->trade[t].amount;
    return s;
}

long cylch_network_find(const cylch_network *net, const char *id)
{
    for (size_t i = 0; i < net->n; i++)
        if (strcmp(net->m[i].id, id) == 0)
            return (long)i;
    return -1;
}

void cylch_network_free(cylch_network *net)
{
    if (!net)
        return;
    for (size_t i = 0; i < net->n; i++) {
        free(net->m[i].id);
        free(net->m[i].name);
    }
    free(net->m);
    free(net->trade);
    free(net->dir);
    free(net->enterprises_path);
    free(net->trade_path);
    free(net);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

cylch_network *cylch_network_copy(const cylch_network *net)
{
    cylch_network *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->dir = dup_or_null(net->dir);
    c->enterprises_path = dup_or_null(net->enterprises_path);
    c->trade_path = dup_or_null(net->trade_path);
    c->m = calloc(net->n ? net->n : 1, sizeof *c->m);
    c->trade = calloc(net->ntrade ? net->ntrade : 1, sizeof *c->trade);
    if (!c->m || !c->trade || (net->dir && !c->dir) ||
        (net->enterprises_path && !c->enterprises_path) || (net->trade_path && !c->trade_path)) {
        cylch_network_free(c);
        return NULL;
    }
    for (size_t i = 0; i < net->n; i++) {
        c->m[i] = net->m[i];
        c->m[i].id = strdup(net->m[i].id);
        c->m[i].name = strdup(net->m[i].name);
        c->n = i + 1;
        if (!c->m[i].id || !c->m[i].name) {
            cylch_network_free(c);
            return NULL;
        }
    }
    c->n = net->n;
    memcpy(c->trade, net->trade, net->ntrade * sizeof *c->trade);
    c->ntrade = net->ntrade;
    return c;
}

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Read one numeric cell; the message names file, line, column and member. */
static int read_number(const cylch_csv_table *t, const cylch_csv_row *r, long col,
                       const char *colname, const char *who, double *out, cylch_error *err)
{
    const char *s = cylch_csv_get(r, (size_t)col);
    if (!cylch_parse_double(s, out)) {
        if (*s == '\0')
            return cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                  "%s for '%s' (column %ld) is empty; a number is needed",
                                  colname, who, col + 1);
        return cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                              "%s for '%s' (column %ld) is '%s'; a finite number is needed",
                              colname, who, col + 1, s);
    }
    return CYLCH_OK;
}

static int load_enterprises(cylch_network *net, cylch_error *err)
{
    cylch_csv_table *t = NULL;
    long colidx[CYLCH_NCOLS], id_col, name_col;
    int rc = cylch_csv_read(net->enterprises_path, &t, err);
    if (rc)
        return rc;

    /* Every header name must be known, and every required column present. */
    for (size_t j = 0; j < t->header.n; j++) {
        const char *h = t->header.field[j];
        if (strcmp(h, "id") && strcmp(h, "name") && cylch_col_find(h) < 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                "unknown column '%s' (column %zu); the columns are id, name, "
                                "employees_fte, grant, loan, trade_local, trade_external, wages, "
                                "wages_local_share, purchases, purchases_local_share, other_costs, "
                                "other_local_share", h, j + 1);
            goto cleanup;
        }
        for (size_t k = 0; k < j; k++)
            if (strcmp(t->header.field[k], h) == 0) {
                rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                    "column '%s' appears twice (columns %zu and %zu)", h, k + 1, j + 1);
                goto cleanup;
            }
    }
    id_col = cylch_csv_column(t, "id");
    name_col = cylch_csv_column(t, "name");
    if (id_col < 0) {
        rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line, "missing column 'id'");
        goto cleanup;
    }
    for (int c = 0; c < CYLCH_NCOLS; c++) {
        colidx[c] = cylch_csv_column(t, col_names[c]);
        if (colidx[c] < 0 && !cylch_col_is_optional(c)) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                "missing column '%s'", col_names[c]);
            goto cleanup;
        }
    }
    if (t->nrows == 0) {
        rc = cylch_error_at(err, CYLCH_EINPUT, t->path, 0,
                            "no members: the file has a header but no rows");
        goto cleanup;
    }
    net->m = calloc(t->nrows, sizeof *net->m);
    if (!net->m) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        const cylch_csv_row *r = &t->row[i];
        cylch_member *m = &net->m[i];
        const char *id = cylch_csv_get(r, (size_t)id_col);
        if (r->n != t->header.n) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "this row has %zu fields but the header has %zu", r->n, t->header.n);
            goto cleanup;
        }
        if (!valid_id(id)) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "id '%s' (column %ld) is not a valid id; use lower-case letters, "
                                "digits, '_' and '-' only", id, id_col + 1);
            goto cleanup;
        }
        if (cylch_network_find(net, id) >= 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "id '%s' is used twice (first on line %ld)", id,
                                net->m[cylch_network_find(net, id)].line);
            goto cleanup;
        }
        m->id = strdup(id);
        m->name = strdup(name_col >= 0 && *cylch_csv_get(r, (size_t)name_col)
                             ? cylch_csv_get(r, (size_t)name_col) : id);
        m->line = r->line;
        net->n = i + 1;
        if (!m->id || !m->name) {
            rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (int c = 0; c < CYLCH_NCOLS; c++) {
            m->v[c] = 0.0;
            if (colidx[c] >= 0) {
                rc = read_number(t, r, colidx[c], col_names[c], id, &m->v[c], err);
                if (rc)
                    goto cleanup;
            }
        }
    }
cleanup:
    cylch_csv_table_free(t);
    return rc;
}

static int load_trade(cylch_network *net, cylch_error *err)
{
    cylch_csv_table *t = NULL;
    long cb, cs, ca;
    int rc = cylch_csv_read(net->trade_path, &t, err);
    if (rc)
        return rc;
    for (size_t j = 0; j < t->header.n; j++) {
        const char *h = t->header.field[j];
        if (strcmp(h, "buyer") && strcmp(h, "seller") && strcmp(h, "amount")) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line,
                                "unknown column '%s' (column %zu); the columns are buyer, seller, amount",
                                h, j + 1);
            goto cleanup;
        }
    }
    cb = cylch_csv_column(t, "buyer");
    cs = cylch_csv_column(t, "seller");
    ca = cylch_csv_column(t, "amount");
    if (cb < 0 || cs < 0 || ca < 0) {
        rc = cylch_error_at(err, CYLCH_EINPUT, t->path, t->header.line, "missing column '%s'",
                            cb < 0 ? "buyer" : cs < 0 ? "seller" : "amount");
        goto cleanup;
    }
    net->trade = calloc(t->nrows ? t->nrows : 1, sizeof *net->trade);
    if (!net->trade) {
        rc = cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        const cylch_csv_row *r = &t->row[i];
        const char *b = cylch_csv_get(r, (size_t)cb), *s = cylch_csv_get(r, (size_t)cs);
        long bi = cylch_network_find(net, b), si = cylch_network_find(net, s);
        cylch_trade *tr = &net->trade[net->ntrade];
        if (r->n != t->header.n) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "this row has %zu fields but the header has %zu", r->n, t->header.n);
            goto cleanup;
        }
        if (bi < 0 || si < 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "%s '%s' (column %ld) is not a member in %s",
                                bi < 0 ? "buyer" : "seller", bi < 0 ? b : s,
                                (bi < 0 ? cb : cs) + 1, net->enterprises_path);
            goto cleanup;
        }
        if (bi == si) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "'%s' cannot trade with itself", b);
            goto cleanup;
        }
        rc = read_number(t, r, ca, "amount", b, &tr->amount, err);
        if (rc)
            goto cleanup;
        if (tr->amount < 0) {
            rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                "amount for '%s' buying from '%s' is %g; money cannot be negative",
                                b, s, tr->amount);
            goto cleanup;
        }
        for (size_t k = 0; k < net->ntrade; k++)
            if (net->trade[k].buyer == (size_t)bi && net->trade[k].seller == (size_t)si) {
                rc = cylch_error_at(err, CYLCH_EINPUT, t->path, r->line,
                                    "'%s' buying from '%s' is listed twice (first on line %ld)",
                                    b, s, net->trade[k].line);
                goto cleanup;
            }
        tr->buyer = (size_t)bi;
        tr->seller = (size_t)si;
        tr->line = r->line;
        net->ntrade++;
    }
cleanup:
    cylch_csv_table_free(t);
    return rc;
}

int cylch_network_check(const cylch_network *net, const char *context, cylch_error *err)
{
    for (size_t i = 0; i < net->n; i++) {
        const cylch_member *m = &net->m[i];
        const char *file = net->enterprises_path ? net->enterprises_path : "network";
        long line = m->line;
        double T, bought, local_purch, local;
        char ctx[256] = "";
        if (context)
            snprintf(ctx, sizeof ctx, " after %s", context);
        for (int c = 0; c < CYLCH_NCOLS; c++) {
            double v = m->v[c];
            if (cylch_col_is_share(c) && !(v >= 0.0 && v <= 1.0))
                return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                      "%s for '%s' is %g%s; shares must be between 0 and 1",
                                      col_names[c], m->id, v, ctx);
            if (!cylch_col_is_share(c) && !(v >= 0.0))
                return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                      "%s for '%s' is %g%s; %s cannot be negative",
                                      col_names[c], m->id, v, ctx,
                                      c == CYLCH_COL_FTE ? "staff numbers" : "money");
        }
        T = cylch_member_income(m);
        if (!(T > 0.0))
            return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                  "'%s' has no income%s (grant, loan, trade_local and trade_external "
                                  "are all 0); every member needs some income", m->id, ctx);
        bought = cylch_network_trade_bought(net, i);
        local_purch = m->v[CYLCH_COL_PURCHASES] * m->v[CYLCH_COL_PURCHASES_LOCAL_SHARE];
        if (bought > local_purch * (1 + 1e-12) + 1e-9)
            return cylch_error_at(err, CYLCH_EINPUT, net->trade_path ? net->trade_path : file, 0,
                                  "'%s' buys £%.2f from other members, more than its local purchases "
                                  "(purchases × purchases_local_share = £%.2f%s in %s line %ld)",
                                  m->id, bought, local_purch, ctx, file, line);
        local = cylch_member_local_spend(m);
        if (local > T * (1 + 1e-12))
            return cylch_error_at(err, CYLCH_EINPUT, file, line,
                                  "'%s' spends £%.2f locally%s but its income is only £%.2f; local "
                                  "spending (wages, purchases and other costs kept local) cannot exceed income",
                                  m->id, local, ctx, T);
    }
    return CYLCH_OK;
}

int cylch_network_load(const char *dir, cylch_network **out, cylch_error *err)
{
    cylch_network *net;
    struct stat st;
    int rc;

    *out = NULL;
    net = calloc(1, sizeof *net);
    if (!net)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    net->dir = strdup(dir);
    net->enterprises_path = path_join(dir, "enterprises.csv");
    net->trade_path = path_join(dir, "trade.csv");
    if (!net->dir || !net->enterprises_path || !net->trade_path) {
        cylch_network_free(net);
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = cylch_error_set(err, CYLCH_EINPUT, "%s: the network folder does not exist", dir);
        cylch_network_free(net);
        return rc;
    }
    rc = load_enterprises(net, err);
    if (rc == CYLCH_OK) {
        if (stat(net->trade_path, &st) == 0) {
            rc = load_trade(net, err);
        } else {
            free(net->trade_path);
            net->trade_path = NULL;
        }
    }
    if (rc == CYLCH_OK)
        rc = cylch_network_check(net, NULL, err);
    if (rc) {
        cylch_network_free(net);
        return rc;
    }
    *out = net;
    return CYLCH_OK;
}

/* ---------------------------------------------------------------- editing */

int cylch_network_add_member(cylch_network *net, const char *id, const char *name,
                             const double v[CYLCH_NCOLS], long line, cylch_error *err)
{
    cylch_member *nm;
    char *nid, *nname;
    if (!id || !valid_id(id))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "'%s' is not a valid member id; use lower-case letters, digits, "
                               "'_' and '-' only", id ? id : "");
    if (cylch_network_find(net, id) >= 0)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' is already a member of the network in %s",
                               id, net->dir ? net->dir : "this network");
    nid = strdup(id);
    nname = strdup(name && *name ? name : id);
    nm = realloc(net->m, (net->n + 1) * sizeof *nm);
    if (!nid || !nname || !nm) {
        free(nid);
        free(nname);
        if (nm)
            net->m = nm;
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    }
    net->m = nm;
    nm[net->n].id = nid;
    nm[net->n].name = nname;
    memcpy(nm[net->n].v, v, CYLCH_NCOLS * sizeof *v);
    nm[net->n].line = line;
    net->n++;
    return CYLCH_OK;
}

void cylch_network_remove_trade(cylch_network *net, size_t t)
{
    if (t >= net->ntrade)
        return;
    memmove(net->trade + t, net->trade + t + 1, (net->ntrade - t - 1) * sizeof *net->trade);
    net->ntrade--;
}

int cylch_network_remove_member(cylch_network *net, size_t j, cylch_error *err)
{
    size_t t = 0;
    if (j >= net->n)
        return cylch_error_set(err, CYLCH_EINPUT, "no member number %zu to remove (the network has %zu)",
                               j + 1, net->n);
    if (net->n == 1)
        return cylch_error_set(err, CYLCH_EINPUT,
                               "'%s' is the network's only member; a network needs at least one",
                               net->m[j].id);
    while (t < net->ntrade) {
        cylch_trade *tr = &net->trade[t];
        if (tr->buyer == j || tr->seller == j) {
            cylch_network_remove_trade(net, t);
            continue;
        }
        if (tr->buyer > j)
            tr->buyer--;
        if (tr->seller > j)
            tr->seller--;
        t++;
    }
    free(net->m[j].id);
    free(net->m[j].name);
    memmove(net->m + j, net->m + j + 1, (net->n - j - 1) * sizeof *net->m);
    net->n--;
    return CYLCH_OK;
}

long cylch_network_find_trade(const cylch_network *net, size_t buyer, size_t seller)
{
    for (size_t t = 0; t < net->ntrade; t++)
        if (net->trade[t].buyer == buyer && net->trade[t].seller == seller)
            return (long)t;
    return -1;
}

int cylch_network_add_trade(cylch_network *net, size_t buyer, size_t seller, double amount,
                            long line, cylch_error *err)
{
    cylch_trade *nt;
    if (buyer >= net->n || seller >= net->n)
        return cylch_error_set(err, CYLCH_EINPUT, "a trade link names a member that is not in the network");
    if (buyer == seller)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' cannot trade with itself", net->m[buyer].id);
    if (cylch_network_find_trade(net, buyer, seller) >= 0)
        return cylch_error_set(err, CYLCH_EINPUT, "'%s' buying from '%s' is already a trade link",
                               net->m[buyer].id, net->m[seller].id);
    if (!(amount >= 0.0) || !isfinite(amount))
        return cylch_error_set(err, CYLCH_EINPUT,
                               "amount for '%s' buying from '%s' is %g; money cannot be negative",
                               net->m[buyer].id, net->m[seller].id, amount);
    nt = realloc(net->trade, (net->ntrade + 1) * sizeof *nt);
    if (!nt)
        return cylch_error_set(err, CYLCH_ENOMEM, "out of memory");
    net->trade = nt;
    nt[net->ntrade].buyer = buyer;
    nt[net->ntrade].seller = seller;
    nt[net->ntrade].amount = amount;
    nt[net->ntrade].line = line;
    net->ntrade++;
    return CYLCH_OK;
}
