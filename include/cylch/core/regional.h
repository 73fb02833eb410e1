/* cylch — regionalising a national input-output table by location quotients
 * (docs/model.md, 'Regionalisation').
 *
 * With i the supplying row and j the buying column, RE_i and NE_i the
 * regional and national employment (or GVA) of industry i, TRE and TNE their
 * totals, and a_ij the national coefficients:
 *   SLQ_i  = (RE_i/TRE) / (NE_i/TNE)   (1 where NE_i = 0: no information;
 *                                       0 where RE_i = 0: nothing local)
 *   CILQ_ij = SLQ_i / SLQ_j (i != j),  CILQ_ii = SLQ_i
 *   FLQ_ij  = CILQ_ij * lambda*,        lambda* = [log2(1 + TRE/TNE)]^delta,
 *                                       0 <= delta < 1
 *             (Flegg, Webber & Elliott 1995; Flegg & Webber 1997)
 *   AFLQ_ij = FLQ_ij * log2(1 + SLQ_j) where SLQ_j > 1 (Flegg & Webber 2000)
 *   r_ij    = a_ij * min(1, Q_ij)       what is not bought locally has leaked.
 * SLQ uses Q_ij = SLQ_i for every buyer j. A buying industry absent from the
 * area (SLQ_j = 0) has an infinite cross-industry quotient: its coefficients
 * stay national (min(1, inf) = 1); a supplier absent from the area (SLQ_i = 0)
 * sells nothing locally (Q_ij = 0 whatever the buyer).
 *
 * Households, for Type II, are a buyer present everywhere: their SLQ is taken
 * as 1, so their spending on industry i is localised by min(1, SLQ_i) (SLQ and
 * CILQ) or min(1, SLQ_i * lambda*) (FLQ; AFLQ adds nothing, as
 * log2(1 + 1) = 1 and households' SLQ is not above 1). Households' own row
 * (labour income per unit of output) is the national one: an industry in the
 * area pays wages as the national industry does.
 *
 * Where the regional figures come by coarser groups (Gwynedd's GVA comes by
 * 45 groups), a map file gives each industry its group and the industry takes
 * its group's SLQ; TRE and TNE are then the group totals.
 */
#ifndef CYLCH_REGIONAL_H
#define CYLCH_REGIONAL_H

#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_matrix.h>

#include "cylch/core/iotable.h"
#include "cylch/io/error.h"

/* The location-quotient methods. */
typedef enum cylch_lq_method {
    CYLCH_LQ_SLQ = 0,   /* simple location quotient */
    CYLCH_LQ_CILQ,      /* cross-industry location quotient */
    CYLCH_LQ_FLQ,       /* Flegg's location quotient */
    CYLCH_LQ_AFLQ,      /* augmented FLQ */
    CYLCH_LQ_NMETHODS
} cylch_lq_method;

/* What the regional figures measure. */
typedef enum cylch_lq_measure {
    CYLCH_LQ_EMPLOYMENT = 0,
    CYLCH_LQ_GVA,
    CYLCH_LQ_NMEASURES
} cylch_lq_measure;

/* "slq", "cilq", "flq", "aflq"; "employment", "gva" (static strings, "" out of range). */
const char *cylch_lq_method_name(cylch_lq_method m);
const char *cylch_lq_measure_name(cylch_lq_measure m);

/* Parse a method or measure name (lower case, as above). Returns 1 and stores
 * it, or 0 for an unknown name. */
int cylch_lq_method_parse(const char *s, cylch_lq_method *m);
int cylch_lq_measure_parse(const char *s, cylch_lq_measure *m);

/* Check delta: CYLCH_OK when 0 <= delta < 1 and finite, else CYLCH_EINPUT
 * with a message naming where (e.g. "--delta" or "scenario.ini:12: delta"). */
int cylch_lq_delta_check(double delta, const char *where, cylch_error *err);

/* The regional figures of one area against one nation, for the industries of
 * one table. All fields are owned by the object; read them, do not modify. */
typedef struct cylch_regional {
    size_t n;            /* industries of the table */
    size_t ngroups;      /* groups the figures come by (= n without a map) */
    char **group;        /* ngroups labels, as in the regions file */
    size_t *group_of;    /* n: the group of each industry */
    double *re, *ne;     /* ngroups: regional and national figure of each group, >= 0 */
    double tre, tne;     /* totals over the groups, > 0 */
    double *slq;         /* n: each industry's SLQ (its group's) */
    char *area, *national;
    cylch_lq_measure measure;
} cylch_regional;

/* Read the regional figures for table t. regions_path: a long CSV with at
 * least the columns region, industry, measure and value (data/regions/
 * employment-2019.csv is one); only rows whose region is area or national and
 * whose measure is the one asked are used. Without a map (map_path NULL),
 * their industry is a label of t; with a map, a CSV with the columns industry
 * (a label of t) and group (or gva_industry), their industry is a group.
 * On success *out owns a new object (free with cylch_regional_free).
 * Errors (CYLCH_EINPUT, naming the file and line): a missing column; an area
 * or nation with no rows for the measure (the message lists the regions that
 * have it); a row whose industry is not an industry of t (nor a group of the
 * map); a missing, non-numeric or negative value; a figure given twice; an
 * industry or group used but without a figure for the area or the nation;
 * a map row naming an unknown industry, a map row with an empty group, an
 * industry of t without a map row (the map leaves it without a group); a
 * total of zero. CYLCH_EIO if a file cannot be read; CYLCH_ENOMEM. */
int cylch_regional_read(const char *regions_path, const char *map_path,
                        const cylch_iotable *t, const char *area, const char *national,
                        cylch_lq_measure measure, cylch_regional **out, cylch_error *err);

/* Where the area and the nation were named, for messages (e.g. a scenario's
 * [economy]): an area or nation with no rows is then reported at file:line
 * ("area 'Mars' in [economy] is not a region of REGIONS ..."). */
typedef struct cylch_regional_origin {
    const char *file;           /* the file that names them */
    long area_line, national_line; /* their lines (0: unknown) */
    const char *where;          /* e.g. "in [economy]" */
} cylch_regional_origin;

/* cylch_regional_read, with an unknown area or nation reported where origin
 * (may be NULL: as cylch_regional_read) says it was named. */
int cylch_regional_read_from(const char *regions_path, const char *map_path,
                             const cylch_iotable *t, const char *area, const char *national,
                             cylch_lq_measure measure, const cylch_regional_origin *origin,
                             cylch_regional **out, cylch_error *err);

/* Free; NULL is allowed. */
void cylch_regional_free(cylch_regional *rg);

/* lambda* = [log2(1 + TRE/TNE)]^delta (delta checked by the caller). */
double cylch_regional_lambda(const cylch_regional *rg, double delta);

/* The quotient Q_ij of the method (above), for supplier i and buyer j, both
 * industries; +INFINITY for a cross-industry quotient over an absent buyer.
 * lambda is cylch_regional_lambda's value (unused by SLQ and CILQ). */
double cylch_regional_quotient(const cylch_regional *rg, cylch_lq_method m, double lambda,
                               size_t i, size_t j);

/* The share of households' spending on industry i bought locally:
 * min(1, Q_iH) with households' SLQ taken as 1 (above). */
double cylch_regional_household_share(const cylch_regional *rg, cylch_lq_method m,
                                      double lambda, size_t i);

/* Fill share (n x n, caller-allocated) with min(1, Q_ij): the share of
 * industry j's purchases from industry i bought in the area. */
void cylch_regional_shares(const cylch_regional *rg, cylch_lq_method m, double lambda,
                           gsl_matrix *share);

/* The regional table of t: the same industries, outputs and coefficient rows
 * (labour income, GVA, employment per unit of output), with flows
 * z_ij * min(1, Q_ij) and households' consumption c_i * min(1, Q_iH); household
 * income and households' own cell as in t (the latter localised as a buyer
 * and seller present everywhere, by min(1, lambda*) for FLQ and AFLQ). Its
 * coefficients are r_ij = a_ij min(1, Q_ij) and cylch_iotable_solve gives the
 * regional Type I and Type II multipliers. Coefficient ratios need no regional
 * totals: scaling every regional output and household income by the area's
 * share would leave them unchanged. On success *out owns a new table (its
 * path is t's). Errors: CYLCH_EINPUT if rg is not for t (industry count) or
 * delta is outside [0, 1); CYLCH_ENOMEM. */
int cylch_regional_table(const cylch_iotable *t, const cylch_regional *rg, cylch_lq_method m,
                         double delta, cylch_iotable **out, cylch_error *err);

/* Write quotients.csv to f: header
 * industry,group,regional,national,slq,diagonal_quotient,local_share_households
 * and one row per industry (regional and national are its group's figures;
 * diagonal_quotient is Q_ii of the method). Returns CYLCH_OK or CYLCH_EIO. */
int cylch_regional_write_quotients(FILE *f, const cylch_iotable *t, const cylch_regional *rg,
                                   cylch_lq_method m, double delta, cylch_error *err);

/* Write a square matrix with industry labels (header `industry` + labels;
 * one row per industry), e.g. the local shares or the regional coefficients;
 * rows and columns past t's industries (households, for Type II) are
 * labelled `households`. Returns CYLCH_OK or CYLCH_EIO. */
int cylch_regional_write_matrix(FILE *f, const cylch_iotable *t, const gsl_matrix *a,
                                cylch_error *err);

#endif /* CYLCH_REGIONAL_H */
