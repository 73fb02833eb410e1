/* cylch — a network of member enterprises: their accounts and their trade (DESIGN.md §4).
 *
 * Loaded from a folder holding enterprises.csv (one row per member, header
 * required, columns in any order) and an optional trade.csv (buyer, seller,
 * amount). Every value is checked: bad input is CYLCH_EINPUT with one line
 * naming the file, line, column and member.
 */
#ifndef CYLCH_NETWORK_H
#define CYLCH_NETWORK_H

#include <stddef.h>
#include "cylch/io/error.h"

/* The numeric columns of enterprises.csv, in the order of DESIGN §4. */
typedef enum cylch_col {
    CYLCH_COL_FTE = 0,              /* employees_fte, FTE >= 0 */
    CYLCH_COL_GRANT,                /* £/year >= 0 */
    CYLCH_COL_LOAN,                 /* £/year >= 0 */
    CYLCH_COL_TRADE_LOCAL,          /* £/year >= 0 */
    CYLCH_COL_TRADE_EXTERNAL,       /* £/year >= 0 */
    CYLCH_COL_WAGES,                /* £/year >= 0 */
    CYLCH_COL_WAGES_LOCAL_SHARE,    /* 0..1 */
    CYLCH_COL_PURCHASES,            /* £/year >= 0 */
    CYLCH_COL_PURCHASES_LOCAL_SHARE,/* 0..1 */
    CYLCH_COL_OTHER_COSTS,          /* £/year >= 0, optional (default 0) */
    CYLCH_COL_OTHER_LOCAL_SHARE,    /* 0..1, optional (default 0) */
    CYLCH_NCOLS
} cylch_col;

/* The column's name in enterprises.csv ("wages_local_share"). */
const char *cylch_col_name(int col);
/* The column with that name, or -1. */
int cylch_col_find(const char *name);
/* 1 if the column is a share (0..1), 0 if it is money or FTE (>= 0). */
int cylch_col_is_share(int col);
/* 1 if the column may be left out of enterprises.csv. */
int cylch_col_is_optional(int col);

typedef struct cylch_member {
    char *id;               /* [a-z0-9_-]+ */
    char *name;             /* display name, UTF-8 */
    double v[CYLCH_NCOLS];  /* the numeric columns */
    long line;              /* line in enterprises.csv (0 for members not from a file) */
    char **extra;           /* the network's nextra extra columns' cells (each may be NULL) */
} cylch_member;

typedef struct cylch_trade {
    size_t buyer, seller;   /* member indices */
    double amount;          /* £/year > 0 */
    long line;              /* line in trade.csv */
} cylch_trade;

typedef struct cylch_network {
    char *dir;              /* the folder, as given */
    char *enterprises_path; /* dir/enterprises.csv */
    char *trade_path;       /* dir/trade.csv, or NULL when there is none */
    size_t n;               /* members */
    cylch_member *m;
    size_t ntrade;
    cylch_trade *trade;
    /* Columns of enterprises.csv that cylch does not use, kept as written
     * (a `notes` or `source` column says where a member's figures came from). */
    size_t nextra;
    char **extra_name;      /* their headers, as written */
    long source_col;        /* the extra column that holds sources (source, notes, …), or -1 */
    /* What reading normalised, one line per file (NULL when the file was
     * already plain): "enterprises.csv: read as a spreadsheet export: …". */
    char *read_note[2];     /* [0] enterprises.csv, [1] trade.csv */
    char *read_text[2];     /* the same in the run's language (cylch/io/lang.h) */
    struct cylch_economy *economy; /* the scenario's [economy], or NULL: one reference owned
                                    * (cylch_economy_release), shared by copies */
} cylch_network;

/* Load dir/enterprises.csv and dir/trade.csv (if present) and check them with
 * cylch_network_check. On success *out owns a new network. Errors:
 * CYLCH_EIO (unreadable), CYLCH_EINPUT (any bad value, with file:line).
 *
 * The files are read as spreadsheets export them (cylch_csv_parse_ex with
 * CYLCH_CSV_SPREADSHEET, cells through cylch_sheet_number): the separator
 * sniffed, "£12,500" and "53%" read as numbers, headers matched ignoring case,
 * blanks, '£' and '%' and through common synonyms ("FTE", "Grant income",
 * "Supplier"), blank cells of grant, loan, trade_local, trade_external,
 * other_costs and other_local_share (and of a local share whose amount is 0)
 * taken as 0, ids lower-cased, other columns kept (nextra), blank and '#'
 * rows dropped. What was done is said once per file in read_note. Ambiguous
 * cells (a share of 53, "12,5") and near-misses of a column name are errors
 * whose message holds the fix. */
int cylch_network_load(const char *dir, cylch_network **out, cylch_error *err);

/* As cylch_network_load, from text already in memory (a web form, a test):
 * enterprises_name and trade_name are used in messages; trade may be NULL
 * (no trade between members). Neither buffer needs a final NUL. */
int cylch_network_parse(const char *enterprises_name, const char *enterprises, size_t enterprises_len,
                        const char *trade_name, const char *trade, size_t trade_len,
                        cylch_network **out, cylch_error *err);

/* Where member i's figures came from (its cell in the source column), or
 * NULL when the network has no such column or the cell is blank. */
const char *cylch_network_source(const cylch_network *net, size_t i);

/* Member i's industry for a scenario's [economy]: the cell of its extra column
 * `industry` (any case), e.g. "I56"; NULL when the network has no such column or
 * the cell is empty. */
const char *cylch_network_industry(const cylch_network *net, size_t i);

/* A deep copy of net, or NULL when out of memory. */
cylch_network *cylch_network_copy(const cylch_network *net);

void cylch_network_free(cylch_network *net);

/* Member index of id, or -1. */
long cylch_network_find(const cylch_network *net, const char *id);

/* 1 if s is a valid member id: one or more of a-z, 0-9, '_' and '-' (as enterprises.csv
 * and scenario sections name members); 0 otherwise. */
int cylch_id_valid(const char *s);

/* Income T_j = grant + loan + trade_local + trade_external, £/year. */
double cylch_member_income(const cylch_member *m);

/* Local spending of a member: wages·wages_local_share + purchases·purchases_local_share
 * + other_costs·other_local_share, £/year (gross wages: before any net_wage_share). */
double cylch_member_local_spend(const cylch_member *m);

/* Validate every value: money and FTE finite and >= 0, shares in [0, 1],
 * income > 0, a member's trade with other members at most its local purchases
 * (purchases · purchases_local_share), local spending at most income. Messages
 * name the file and line of the member ("enterprises.csv:7: wages_local_share for
 * 'siop' is 1.3; shares must be between 0 and 1"); what is a scenario's change
 * rather than the file says so through `context` (may be NULL). */
int cylch_network_check(const cylch_network *net, const char *context, cylch_error *err);

/* Σ over trade of amounts bought by member j from other members, £/year. */
double cylch_network_trade_bought(const cylch_network *net, size_t j);


/* ---- editing a network (scenario files' [member], [remove] and [trade] sections) ---- */

/* Append a new member with the given id (`[a-z0-9_-]+`, not already in net),
 * display name (NULL: the id) and numeric columns v[CYLCH_NCOLS]; line is the
 * scenario-file line it came from (kept in cylch_member.line, used in
 * messages). The values are not checked here: call cylch_network_check.
 * Errors: CYLCH_EINPUT (bad or duplicate id), CYLCH_ENOMEM; net is unchanged
 * on error. */
int cylch_network_add_member(cylch_network *net, const char *id, const char *name,
                             const double v[CYLCH_NCOLS], long line, cylch_error *err);

/* Remove member j (a member leaving the network): its row and every trade
 * link it buys or sells in go; later members move up one place and the trade
 * links' indices follow. Errors: CYLCH_EINPUT (j out of range, or the last
 * member: a network needs at least one). */
int cylch_network_remove_member(cylch_network *net, size_t j, cylch_error *err);

/* Index in net->trade of the link "buyer buys from seller", or -1. */
long cylch_network_find_trade(const cylch_network *net, size_t buyer, size_t seller);

/* Add the link "buyer buys amount £/year from seller" (line: where it came
 * from, for messages). Errors: CYLCH_EINPUT (an index out of range, a member
 * trading with itself, a link already present, an amount that is negative or
 * not finite), CYLCH_ENOMEM; net is unchanged on error. Whether the buyer's
 * local purchases cover it is left to cylch_network_check. */
int cylch_network_add_trade(cylch_network *net, size_t buyer, size_t seller, double amount,
                            long line, cylch_error *err);

/* Remove trade link t (an index into net->trade); later links move up. */
void cylch_network_remove_trade(cylch_network *net, size_t t);

#endif /* CYLCH_NETWORK_H */
