/* cylch new: a starter network folder — a template enterprises.csv (an
 * example row, and a '#' row saying what each column holds), trade.csv and
 * a scenario with every place parameter explained and set to a sensible
 * value for a small UK town — to copy one's own figures into. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cylch/io/lang.h"

static const char enterprises_csv[] =
    "id,name,employees_fte,grant,loan,trade_local,trade_external,wages,wages_local_share,purchases,"
    "purchases_local_share,other_costs,other_local_share,source\n"
    "\"# a short lower-case name (letters, digits, - and _)\",\"# the member's name as people know it\","
    "\"# staff, full-time equivalent\",\"# grants received, £ a year (blank: none)\","
    "\"# loans or investment received, £ a year (blank: none)\","
    "\"# sales to customers in the area, £ a year\",\"# sales to customers outside the area, £ a year\","
    "\"# the wage bill, £ a year\",\"# share of the wage bill paid to staff living in the area (0.53 or 53%)\","
    "\"# goods and services bought, £ a year\","
    "\"# share of purchases bought from suppliers in the area\",\"# rent, energy and other costs, £ a year "
    "(blank: none)\",\"# share of other costs paid in the area (blank: 0)\","
    "\"# where these figures came from (shown in the report)\"\n"
    "caffi,Caffi'r Stryd Fawr,4,\"£12,500\",,\"£68,000\",\"£18,000\",\"£50,000\",90%,\"£40,000\",50%,"
    "\"£8,000\",25%,\"2024-25 accounts (example: replace with your own)\"\n";

static const char trade_csv[] =
    "buyer,seller,amount\n"
    "\"# the member that buys (its id)\",\"# the member that sells\",\"# £ a year\"\n";

static const char scenario_ini[] =
    "; A starter scenario written by `cylch new`. Replace the example member in\n"
    "; enterprises.csv with your own, check each value below against what you know of\n"
    "; your place, then: cylch run %s\n"
    ";\n"
    "; Every path here is relative to the folder this file is in.\n"
    "[scenario]\n"
    "name = %s\n"
    "description = The %s network as it is\n"
    "network = .\n"
    "; The year of the members' accounts the figures come from, shown in the report\n"
    "; (e.g. 2024 or a financial year 2024-25); take the ';' away once it is filled in.\n"
    "; accounts_year = 2024-25\n"
    "; Monte Carlo draws for the 90%% ranges (0: the figures at the values below only).\n"
    "draws = 10000\n"
    "seed = 1\n"
    "; rounds of spending counted by LM3 (3 is the New Economics Foundation's method)\n"
    "rounds = 3\n"
    "\n"
    "[place]\n"
    "; Each value is a number, or a distribution such as beta(mean=0.4,sd=0.05),\n"
    "; pert(low,likely,high) or uniform(low,high) when it is uncertain.\n"
    ";\n"
    "; Share of a member's gross wage bill that reaches its staff's households, after\n"
    "; income tax and National Insurance (1 counts gross pay). For wages near the UK\n"
    "; median, about 0.8.\n"
    "net_wage_share = 0.8\n"
    "\n"
    "; Share of households' spending made in the area (shops, trades, services). A\n"
    "; small town with a high street keeps perhaps 30-45p of each £1; a survey of\n"
    "; your staff is better.\n"
    "household_local_spend = pert(0.25,0.35,0.45)\n"
    "\n"
    "; Share of households' local spending that goes to the members themselves (the\n"
    "; rest goes to other local businesses): the members' local sales to households\n"
    "; divided by what the town's households spend locally; a few pence in the pound.\n"
    "household_member_share = pert(0.005,0.02,0.05)\n"
    "\n"
    "; Of each £1 other local businesses take, the pence paid to staff living in the\n"
    "; area (wages are 15-40%% of takings; most staff of small firms live locally).\n"
    "business_local_wage_share = pert(0.12,0.20,0.30)\n"
    "\n"
    "; Of each £1 other local businesses take, the pence they spend with other firms\n"
    "; in the area (a small town's supply chains are thin: wholesalers and most\n"
    "; services are elsewhere).\n"
    "business_local_supply_share = pert(0.05,0.10,0.18)\n"
    "\n"
    "; Full-time-equivalent jobs in other local businesses per £1 million of their\n"
    "; takings (retail and food services have about 12-20).\n"
    "jobs_per_million = pert(6,12,18)\n"
    "\n"
    "[uncertainty]\n"
    "; How far each member's reported local shares may be from the truth (a standard\n"
    "; deviation around each member's own value).\n"
    "wages_local_share = beta(sd=0.03)\n"
    "purchases_local_share = beta(sd=0.05)\n";

/* Write text to dir/name through a temporary name, renamed when whole. */
static int write_file(const char *dir, const char *name, const char *text, cylch_error *err)
{
    char path[4096], tmp[4200];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    if (!(f = fopen(tmp, "wb")))
        return cylch_error_at(err, CYLCH_EIO, tmp, 0, "cannot write: %s", cylch_errno_text(errno));
    if (fputs(text, f) == EOF || fclose(f) != 0) {
        remove(tmp);
        return cylch_error_at(err, CYLCH_EIO, tmp, 0, "cannot write: %s", cylch_errno_text(errno));
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return cylch_error_at(err, CYLCH_EIO, path, 0, "cannot write: %s", cylch_errno_text(errno));
    }
    return CYLCH_OK;
}

/* path as a shell takes it: as it is when it holds only letters, digits and -_./+,:@%
 * (most paths), else in single quotes ("my network/x.ini" -> 'my network/x.ini'), so
 * that the command printed can be copied as it is. */
static void shell_word(const char *path, char *out, size_t n)
{
    size_t k = 0;
    int plain = *path != '\0';
    for (const char *p = path; *p; p++)
        plain &= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                 strchr("-_./+,:@%", *p) != NULL || (unsigned char)*p >= 0x80;
    if (plain || n < 3) {
        snprintf(out, n, "%s", path);
        return;
    }
    out[k++] = '\'';
    for (const char *p = path; *p && k + 6 < n; p++) {
        if (*p == '\'') {
            memcpy(out + k, "'\\''", 4);
            k += 4;
        } else {
            out[k++] = *p;
        }
    }
    out[k++] = '\'';
    out[k] = '\0';
}

/* mkdir -p: dir and any folders above it that are missing. */
static int make_dirs(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                return -1;
            *s = '/';
        }
    return mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

int cli_cmd_new(const cli_command *cmd, const cli_args *a)
{
    const char *dir = a->pos[0];
    const char *base = strrchr(dir, '/');
    char name[256], scen[16384], ini[300], command[9000];
    cylch_error err;
    struct stat st;
    int rc = CYLCH_OK;
    (void)cmd;
    cylch_error_clear(&err);
    base = base && base[1] ? base + 1 : dir;
    /* The scenario's name: the folder's, made a valid name. */
    {
        size_t k = 0;
        for (const char *p = base; *p && k + 1 < sizeof name; p++)
            name[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a')
                      : ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
                      ? *p : '-';
        name[k] = '\0';
        if (!k || strcmp(name, "-") == 0)
            snprintf(name, sizeof name, "my-network");
    }
    if (stat(dir, &st) == 0) {
        char p[4096];
        snprintf(p, sizeof p, "%s/enterprises.csv", dir);
        if (!S_ISDIR(st.st_mode))
            rc = cylch_error_set(&err, CYLCH_EINPUT, "%s exists and is not a folder", dir);
        else if (stat(p, &st) == 0 && !cli_given(a, OPT_FORCE))
            rc = cylch_error_set(&err, CYLCH_EEXIST, "%s already holds enterprises.csv; add --force to "
                                 "replace it with the template", dir);
    } else if (make_dirs(dir) != 0) {
        rc = cylch_error_set(&err, CYLCH_EIO, "%s: cannot make the folder: %s", dir, cylch_errno_text(errno));
    }
    snprintf(ini, sizeof ini, "%s.ini", name);
    {
        char where[4400];
        snprintf(where, sizeof where, "%s/%s", dir, ini);
        shell_word(where, command, sizeof command);
        snprintf(scen, sizeof scen, scenario_ini, command, name, name);
    }
    if (rc == CYLCH_OK && !(rc = write_file(dir, "enterprises.csv", enterprises_csv, &err)) &&
        !(rc = write_file(dir, "trade.csv", trade_csv, &err)))
        rc = write_file(dir, ini, scen, &err);
    if (rc)
        return cli_fail(&err);
    if (!cli_given(a, OPT_QUIET))
        printf(_("A starter network is in %s/: enterprises.csv (one example member, and a row starting "
                 "with # saying what each column holds), trade.csv (what members buy from each other) "
                 "and %s (the place, each value explained).\nPut your members' figures in "
                 "enterprises.csv (straight from a spreadsheet: £, commas and 53%% are fine), check the "
                 "values in %s, then:\n  cylch run %s\n"), dir, ini, ini, command);
    return 0;
}
