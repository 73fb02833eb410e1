/* cylch — scenario files (DESIGN.md §4), read with libinih.
 *
 *   [scenario]   name, network (folder relative to the scenario file), draws, seed,
 *                rounds, description, base, cost, accounts_year
 *
 * `base = other.ini` (relative to this file) builds on another scenario:
 * everything this file does not restate comes from it (network, draws, seed,
 * rounds, [place], [uncertainty], and its changes, applied before this file's),
 * so a comparison with the base stays paired. name must be restated;
 * description is not inherited (accounts_year is: it belongs to the network).
 * accounts_year is the year of the accounts the members' figures come from:
 * 2023, or a financial year 2023-24, 2023/24 or 2023-2024; anything else is an
 * error. Left out, the report says "accounts year not given" (no default). A [change] may not reuse a base's label.
 *   [place]      net_wage_share, household_local_spend, household_member_share,
 *                business_local_wage_share, business_local_supply_share,
 *                jobs_per_million — each a number or a distribution
 *   [uncertainty] a distribution around each member's reported value, per column
 *   [change "label"] members = all | id id …; column = *k | +d | -d | v;
 *                scale = income (costs move with income) | none
 *
 * Changes to the network's membership and trade (an extension of DESIGN §4,
 * whose [change] only edits columns):
 *   [member "id"]  a new member joining the network: `name = …` (optional,
 *                  default the id) and every column of enterprises.csv
 *                  (employees_fte, grant, loan, trade_local, trade_external,
 *                  wages, wages_local_share, purchases, purchases_local_share;
 *                  other_costs and other_local_share optional, default 0),
 *                  each a plain number. It is added after the file's members.
 *   [remove]       members = id id … — members leaving the network: their rows
 *                  go, and so do the trade links they buy or sell in (what the
 *                  remaining members bought from them they now buy from other
 *                  local businesses: their purchases_local_share is unchanged).
 *   [trade "buyer seller"]  amount = v | +d | -d | *k — the £/year buyer buys
 *                  from seller: a plain number sets it (a new link when there
 *                  was none), +d / -d adds, *k multiplies an existing link; a
 *                  result of 0 removes the link, below 0 is kept at 0 (a note).
 *   [trade "all"]  amount = *k — every trade link multiplied by k.
 * cylch_scenario_apply applies them in this order: [remove], then [member]
 * sections in file order, then [trade] sections in file order, then the
 * [change] sections in file order (so `members = all` includes new members).
 *
 * Unknown sections or keys, repeated keys and values that do not parse are
 * CYLCH_EINPUT errors naming the file and line: a typo must not vanish.
 */
#ifndef CYLCH_SCENARIO_H
#define CYLCH_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "cylch/core/dist.h"
#include "cylch/io/error.h"
#include "cylch/core/network.h"
#include "cylch/core/economy.h"

/* At most this many draws: every draw's headline values are kept (31 numbers,
 * 248 bytes a draw), so 10 million draws need about 2.5 GB. */
#define CYLCH_DRAWS_MAX 10000000UL

/* Place parameters (DESIGN §2), in this order. */
typedef enum cylch_place_param {
    CYLCH_P_NET_WAGE_SHARE = 0,
    CYLCH_P_HOUSEHOLD_LOCAL_SPEND,
    CYLCH_P_HOUSEHOLD_MEMBER_SHARE,
    CYLCH_P_BUSINESS_LOCAL_WAGE_SHARE,
    CYLCH_P_BUSINESS_LOCAL_SUPPLY_SHARE,
    CYLCH_P_JOBS_PER_MILLION,
    CYLCH_P_ECONOMY_DELTA,      /* Flegg's delta of [economy] (key `delta` there; default 0) */
    CYLCH_NPLACE
} cylch_place_param;

/* The place parameters' values for one evaluation of the model. */
typedef struct cylch_place {
    double v[CYLCH_NPLACE];
} cylch_place;

const char *cylch_place_name(int p);
int cylch_place_find(const char *name);

/* One operation of a [change]: v' = v·k, v + d, or d. */
typedef struct cylch_change_op {
    int col;            /* cylch_col */
    char op;            /* '*', '+' or '=' */
    double value;
    long line;
} cylch_change_op;

typedef struct cylch_change {
    char *label;
    long line;          /* line of the section header */
    int all;            /* members = all */
    size_t nmembers;    /* otherwise the listed ids */
    char **members;
    long members_line;
    size_t nops;
    cylch_change_op *ops;
    double cost;        /* cost = …: £ a year of public money (0: none said) */
    int cost_per_member;/* 1: cost is per member the change applies to */
    /* `scale = income` (DESIGN §8.6): a member whose income the change moves
     * (×k = new income / old) has its staff, wages, purchases, other costs and
     * purchases from other members moved by k too, except the columns the
     * change itself sets. `scale = none` (the default) leaves them. */
    int scale_income;
    long scale_line;
} cylch_change;

/* A member joining the network, from a [member "id"] section. */
typedef struct cylch_new_member {
    char *id;
    char *name;                  /* NULL: the id */
    long line;                   /* line of the section header */
    double v[CYLCH_NCOLS];       /* optional columns left out are 0 */
    long col_line[CYLCH_NCOLS];  /* line of each column's key, 0 when not given */
} cylch_new_member;

/* An edit of trade between members, from a [trade "buyer seller"] or
 * [trade "all"] section. */
typedef struct cylch_trade_edit {
    char *buyer, *seller;        /* member ids; both NULL for "all" */
    char op;                     /* '*', '+' or '=' (as cylch_change_op) */
    double value;                /* k, d or the amount, £/year */
    long line;                   /* line of the amount key */
    long section_line;           /* line of the section header */
} cylch_trade_edit;

typedef struct cylch_scenario {
    char *path;             /* the scenario file, as given */
    char *name;
    char *description;      /* may be NULL */
    char *accounts_year;    /* as written ("2023-24"), NULL when not given */
    char *network;          /* the network folder, resolved against the file's folder */
    char *network_written;  /* `network =` as the file wrote it (NULL before one is read) */
    char *network_file;     /* the file that wrote it (this scenario, its base or "--set") */
    char *network_dir;      /* that file's folder, which network_written is relative to */
    long network_line;      /* its line there */
    unsigned long draws;
    uint64_t seed;
    unsigned long rounds;   /* K >= 1 */
    cylch_dist place[CYLCH_NPLACE];
    long place_line[CYLCH_NPLACE];   /* 0 where the default applies */
    int has_unc[CYLCH_NCOLS];
    cylch_dist unc[CYLCH_NCOLS];
    long unc_line[CYLCH_NCOLS];
    /* DESIGN §8.6: `<column>.correlation = ρ` in [uncertainty], 0 <= ρ <= 1: the members'
     * draws of that column share a common factor (a Gaussian copula with correlation ρ
     * between any two members' normal scores); 0 (independent) by default. */
    double unc_rho[CYLCH_NCOLS];
    long unc_rho_line[CYLCH_NCOLS];
    /* DESIGN §8.6, money (cylch/core/money.h). `income = <centred form>` in
     * [uncertainty]: each member's income is drawn around its reported income and
     * its costs, staff and purchases from members move with it (a scale);
     * `income.correlation = ρ` gives the members' scales a common factor.
     * `split = dirichlet(sd=s)`: the split of each member's spending between
     * wages, purchases, other costs and surplus is drawn around the reported one.
     * A single income column drawn (grant = …) also moves the member's costs. */
    int has_income;
    cylch_dist income;
    long income_line;
    double income_rho;
    long income_rho_line;
    double split_sd;        /* 0: no split drawn */
    long split_line;
    size_t nchanges;
    cylch_change *changes;
    char *text;             /* the whole file, for the report's assumptions */
    double cost;            /* [scenario] cost = …: £ a year of public money the policy costs */
    /* membership and trade edits (see the top of this file) */
    size_t nnew;
    cylch_new_member *new_members;
    size_t nremove;
    char **remove;          /* ids of members leaving */
    long remove_line;       /* line of [remove]'s members key, 0 when none */
    size_t ntrade_edits;
    cylch_trade_edit *trade_edits;
    /* [economy] (docs/model.md, "Regionalisation"), or NULL: other local
     * businesses are then the single agent B. Its delta is place parameter
     * CYLCH_P_ECONOMY_DELTA, so it is drawn like any place parameter. */
    cylch_economy_spec *economy;
} cylch_scenario;

/* Read and check a scenario file. On success *out owns a new scenario.
 * Errors: CYLCH_EIO (unreadable), CYLCH_EINPUT ("FILE:LINE: …"). */
int cylch_scenario_load(const char *path, cylch_scenario **out, cylch_error *err);

/* As cylch_scenario_load, from text; name is used in messages and dir is the
 * folder the network path is relative to. */
int cylch_scenario_parse(const char *name, const char *dir, const char *text,
                         cylch_scenario **out, cylch_error *err);

/* Change one value of a loaded scenario, as the command line's --set does:
 * setting is "section.key=value" (the section as in a file, e.g. place,
 * uncertainty or `change "grant cut"`), read exactly as that line of a file
 * would be, replacing what the file said. Errors: CYLCH_EINPUT ("--set '…': …"). */
int cylch_scenario_set(cylch_scenario *s, const char *setting, cylch_error *err);

void cylch_scenario_free(cylch_scenario *s);

/* What the scenario's policy costs, £ a year of public money: [scenario] cost
 * plus each [change]'s cost (times the members it applies to when written
 * "per member"; net, after the edits, counts `members = all`; may be NULL). */
double cylch_scenario_cost(const cylch_scenario *s, const cylch_network *net);

/* The place parameters at their point values. */
void cylch_scenario_place_point(const cylch_scenario *s, cylch_place *out);

/* 1 if any parameter of s is uncertain (a distribution in [place] or any [uncertainty]). */
int cylch_scenario_is_uncertain(const cylch_scenario *s);

/* Notes made while applying changes (a clamp to a valid range), one line each: line[i]
 * in English (for result files such as summary.json, the same in every language) and
 * text[i], the same note in the language of the run (cylch_lang_set), for people. */
typedef struct cylch_notes {
    size_t n;
    char **line;
    char **text;
} cylch_notes;
void cylch_notes_clear(cylch_notes *notes);
/* Adds a copy of text as the last line, in every language (notes NULL: nothing).
 * Returns 0, or -1 out of memory. */
int cylch_notes_add(cylch_notes *notes, const char *text);
/* Adds a line in English and its text for people in the run's language (notes NULL:
 * nothing). Returns 0, or -1 out of memory. */
int cylch_notes_add_text(cylch_notes *notes, const char *line, const char *text);
/* Adds a line formatted as printf does from fmt, and its text for people from fmt's
 * translation (_(fmt): fmt is a gettext msgid, collected by `make pot`; the arguments
 * must read the same in every language). notes NULL: nothing. Returns CYLCH_OK, or
 * CYLCH_ENOMEM with err saying "out of memory". */
int cylch_notes_addf(cylch_notes *notes, cylch_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Apply the scenario's edits to net: [remove], [member], [trade], then the
 * [change] sections; with [economy], load the local economy into net->economy
 * (once; copies share it) and check every member's industry against its
 * table (an unknown industry is CYLCH_EINPUT naming enterprises.csv's line).
 * Details: the
 * [change] sections in file order, clamping each changed value to its
 * valid range (shares 0–1, money >= 0, trade amounts >= 0) and adding a note
 * for each clamp; the network is checked again after each
 * [change] and after all edits (an error names the section). Also checks every
 * [uncertainty] distribution against every member's value. Errors: CYLCH_EINPUT
 * (an unknown member id, a new member whose id is taken, a trade edit that is
 * not possible, a changed network that is not valid, an impossible
 * distribution for a member), CYLCH_ENOMEM. */
int cylch_scenario_apply(const cylch_scenario *s, cylch_network *net, cylch_notes *notes,
                         cylch_error *err);

#endif /* CYLCH_SCENARIO_H */
