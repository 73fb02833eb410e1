/* cylch — report.html: one self-contained page about a run, for a treasurer
 * making a funding case (DESIGN.md §1, §5).
 *
 * The page holds everything it shows: the plots are embedded as base64
 * data: URIs (SVG, or PNG when there is no SVG), the styles are inline, and
 * nothing is fetched from the network, so it can be mailed or printed to A4
 * as it is. It gives the headline sentences with their 90% ranges, the
 * figures to quote (pence of each £1 spent locally at once, the share of
 * wages spent locally), the plots, a table per member, the scenario's
 * assumptions with the comments that give their sources, a short note on the
 * method and how to reproduce the run. Every string from the user's files
 * (names, scenario text) is HTML-escaped.
 */
#ifndef CYLCH_REPORT_H
#define CYLCH_REPORT_H

#include <time.h>

#include "cylch/io/error.h"
#include "cylch/present/plots.h"

/* Write dir/report.html for run. plots: what cylch_plots_write did in dir
 * (each plot it drew is read back from dir/NAME.svg or dir/NAME.png and
 * embedded), or NULL when plots were not made (--no-plots): the report then
 * says so. Money is in £ a year, multipliers in £ per £1, shares in pence per
 * £1; ranges are the 5th and 95th percentiles of the draws (none without
 * draws). Non-finite values are written as "no value", never as NaN.
 * Errors: CYLCH_EINPUT (NULL arguments), CYLCH_EIO (report.html cannot be
 * written, or a drawn plot cannot be read back), CYLCH_ENOMEM. */
int cylch_report_write(const char *dir, const cylch_plots_run *run, const cylch_plots_status *plots,
                       cylch_error *err);

/* A self-contained report.html in dir for the other commands (compare,
 * sensitivity): a title, text (paragraphs separated by blank lines), the
 * figures fig_names[i].svg (or .png) read from dir with their titles and
 * captions, and an optional preformatted appendix. Every string is
 * HTML-escaped. Errors: CYLCH_EIO (a figure or the page), CYLCH_ENOMEM. */
int cylch_report_page(const char *dir, const char *title, const char *text, size_t nfig,
                      const char *const *fig_names, const char *const *fig_titles,
                      const char *const *fig_captions, const char *appendix_title,
                      const char *appendix_text, cylch_error *err);

/* One self-contained page joining the report.html of each results folder in
 * dirs (a run, a comparison, a sensitivity analysis …), in order, each part
 * starting on a new printed page; written to out. Errors: CYLCH_EINPUT (a
 * folder without a cylch report), CYLCH_EIO, CYLCH_ENOMEM. */
int cylch_report_combine(const char *const *dirs, size_t n, FILE *out, cylch_error *err);

/* The caveats paragraph of the report (what the figures are and are not: gross local
 * circulation, not additional impact; additionality, displacement, deadweight) and its
 * heading, in English as gettext msgids: pass them through _() to show them in the
 * language chosen. The paragraph marks terms with <b>…</b> and holds no other markup.
 * One text for the report and the workbooks' About sheet (present/workbook.h). */
const char *cylch_report_caveats_title(void);
const char *cylch_report_caveats(void);

/* The time of the run, as the report and the workbooks give it: now, or
 * SOURCE_DATE_EPOCH when it is set to a whole number of seconds (reproducible files). */
time_t cylch_report_run_time(void);

#endif /* CYLCH_REPORT_H */
