# cylch — what each scenario changes, draw by draw: the difference from the
# base scenario in the same Monte Carlo draw (common random numbers), for the
# local circulation set off by the members' income (£ a year) and for the
# headline multiplier (pence per £1). Kernel density estimates of the paired
# differences; the dashed line is "no change". A curve wholly on one side of
# it is a change that the uncertainty does not overturn.
# Reads compare-draws.csv from the current folder (see compare-distributions.gp).
# Writes compare-differences.png and compare-differences.svg.
set encoding utf8
# The words of the plot in the run's language (w_… variables), written by cylch.
load 'words.gnuplot'
set datafile separator comma
set datafile columnheaders

palette_oi = "#000000 #E69F00 #56B4E9 #009E73 #0072B2 #D55E00 #CC79A7 #999999"
scen_colour(i) = (i == 0) ? word(palette_oi, 1) : word(palette_oi, ((i - 1) % 7) + 2)
scen_dash(i) = (i <= 7) ? 1 : 2
nice_step(r, n) = (r <= 0) ? 1 : (e_ = 10**floor(log10(r / n)), f_ = r / n / e_, \
    (f_ <= 1 ? 1 : f_ <= 2 ? 2 : f_ <= 2.5 && e_ >= 1 ? 2.5 : f_ <= 5 ? 5 : 10) * e_)
# A tick label: signed, with as many decimals as the step needs, and 0 as "0"
# (not "+0k", once the only label on an axis of five scenarios' differences).
tick_label(v, step, unit) = (abs(v) < step / 2) ? "0" : \
    sprintf(step >= 1 ? "%+.0f%s" : sprintf("%%+.%df%%s", -floor(log10(step) + 1e-9)), v, unit)
# A spread this small next to the scenario's own values is rounding, not
# uncertainty: the difference is constant and has no density to draw.
tiny(sd, scale) = sd <= 1e-9 * (abs(scale) + 1e-300)

stats 'compare-draws.csv' using 1 nooutput
ncol = STATS_columns
ndraws = STATS_records
nscen = (ncol - 1) / 4
if (ndraws < 2 || nscen < 2) {
    print "compare-draws.csv holds no Monte Carlo draws or only one scenario: nothing to plot"
    exit
}
names = ""
array flat_mult[nscen]
array flat_value[nscen]
array mean_mult[nscen]
array mean_value[nscen]
m_lo = 0; m_hi = 0; v_lo = 0; v_hi = 0
do for [i = 0:nscen - 1] {
    stats 'compare-draws.csv' using (h = columnhead(2 + 4*i), column(2 + 4*i)) nooutput
    scale_m = STATS_mean
    names = names . " " . h[1:strstrt(h, ".multiplier") - 1]
    stats 'compare-draws.csv' using (column(3 + 4*i)) nooutput
    scale_v = STATS_mean
    # The base's differences from itself are 0 in every draw: no stats on them
    # (gnuplot warns about the empty range of a constant column).
    if (i == 0) {
        flat_mult[1] = 1; mean_mult[1] = 0; flat_value[1] = 1; mean_value[1] = 0
    } else {
        stats 'compare-draws.csv' using (column(4 + 4*i) * 100) nooutput
        flat_mult[i + 1] = tiny(STATS_stddev, 100 * scale_m)
        mean_mult[i + 1] = STATS_mean
        m_lo = (STATS_min < m_lo) ? STATS_min : m_lo
        m_hi = (STATS_max > m_hi) ? STATS_max : m_hi
        stats 'compare-draws.csv' using (column(5 + 4*i) / 1e3) nooutput
        flat_value[i + 1] = tiny(STATS_stddev, scale_v / 1e3)
        mean_value[i + 1] = STATS_mean
        v_lo = (STATS_min < v_lo) ? STATS_min : v_lo
        v_hi = (STATS_max > v_hi) ? STATS_max : v_hi
    }
}
# A scenario whose difference does not vary has no density: its key entry says so.
# (Means below half the last digit shown print as 0, not as rounding noise.)
round_to(x, q) = (abs(x) < q / 2) ? 0 : x
key_of(i, flat, mean, unit) = word(names, i + 1) . \
    (flat ? sprintf(w_diff_always, round_to(mean, 1), unit) : "")

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,800 font 'DejaVu Sans,15' noenhanced background rgb 'white'
    } else {
        set terminal svg size 1200,800 font 'DejaVu Sans,18' noenhanced background rgb 'white'
    }
    set output 'compare-differences.' . fmt
    set border 3 lw 1.2 lc rgb '#333333'
    set tics nomirror out
    set grid xtics lw 1 lc rgb '#d4d4d4'
    set multiplot title sprintf(w_diff_title, word(names, 1), ndraws)
    # Two panels, and one key for both on the right.
    set bmargin at screen 0.12
    set tmargin at screen 0.86
    set key at screen 0.995, 0.86 right top vertical Left reverse samplen 2 spacing 1.15 width 0

    set lmargin at screen 0.06
    set rmargin at screen 0.36
    set title w_cmp_local
    set xlabel w_diff_local_x
    set ylabel w_cmp_density
    # The range always holds 0 (v_lo <= 0 <= v_hi), so the no-change line is
    # inside the panel (gnuplot does not clip arrows to it).
    x_lo = v_lo - 0.08 * (v_hi - v_lo + 1e-9); x_hi = v_hi + 0.08 * (v_hi - v_lo + 1e-9)
    set xrange [x_lo : x_hi]
    # Four to six ticks whatever the spread of the scenarios, each labelled by hand.
    step = nice_step(v_hi - v_lo, 5.0)
    set xtics ()
    do for [k = ceil(x_lo / step) : floor(x_hi / step)] { set xtics add (tick_label(k * step, step, "k") k * step) }
    set format y ""
    set ytics scale 0
    set yrange [0:*]
    set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lw 2 lc rgb '#333333' front
    any_value = 0
    do for [i = 2:nscen] { if (!flat_value[i]) { any_value = 1 } }
    if (any_value) {
        plot for [i = 1:nscen - 1] 'compare-draws.csv' \
            using (flat_value[i + 1] ? NaN : column(5 + 4*i) / 1e3):(1.0 / ndraws) smooth kdensity \
            lw 2.5 lc rgb scen_colour(i) dt scen_dash(i) \
            title key_of(i, flat_value[i + 1], mean_value[i + 1], "k") . \
                  (!flat_mult[i + 1] ? "" : round_to(mean_mult[i + 1], 0.1) == 0 ? w_diff_unchanged : \
                   sprintf(w_diff_mult_always, mean_mult[i + 1]))
    } else {
        set yrange [0:1]
        set label 3 w_diff_no_local at graph 0.5, graph 0.55 center
        plot for [i = 1:nscen - 1] NaN lw 2.5 lc rgb scen_colour(i) dt scen_dash(i) \
            title key_of(i, flat_value[i + 1], mean_value[i + 1], "k")
        unset label 3
        set yrange [0:*]
    }

    unset key
    set lmargin at screen 0.42
    set rmargin at screen 0.72
    set title w_diff_mult
    set xlabel w_diff_mult_x
    set ylabel ""
    x_lo = m_lo - 0.08 * (m_hi - m_lo + 1e-9); x_hi = m_hi + 0.08 * (m_hi - m_lo + 1e-9)
    set xrange [x_lo : x_hi]
    step = nice_step(m_hi - m_lo, 4.0)
    set xtics ()
    do for [k = ceil(x_lo / step) : floor(x_hi / step)] { set xtics add (tick_label(k * step, step, "p") k * step) }
    # A scenario whose multiplier does not vary (a grant cut scales money, not
    # shares) has no density to draw; when none varies, say so instead.
    any_mult = 0
    do for [i = 2:nscen] { if (!flat_mult[i]) { any_mult = 1 } }
    if (any_mult) {
        plot for [i = 1:nscen - 1] 'compare-draws.csv' \
            using (flat_mult[i + 1] ? NaN : column(4 + 4*i) * 100):(1.0 / ndraws) smooth kdensity \
            lw 2.5 lc rgb scen_colour(i) dt scen_dash(i) notitle
    } else {
        unset arrow 1
        set xrange [-1:1]
        set xtics ()
        do for [k = -2:2] { set xtics add (tick_label(k * 0.5, 0.5, "p") k * 0.5) }
        set yrange [0:1]
        set label 2 w_diff_no_mult at graph 0.5, graph 0.55 center
        plot NaN notitle
        unset label 2
        # Back to autoscaling for the next format's first panel.
        set xrange [*:*]
        set yrange [0:*]
    }
    unset arrow 1
    unset multiplot
    unset output
}
