# cylch — the scenarios of `cylch compare` side by side: how each scenario's
# headline multiplier (£ of local economic activity per £1, over time) and the
# local circulation set off by the members' whole income (£ a year) spread
# over the paired Monte Carlo draws (kernel density estimates; the base
# scenario in black).
# Reads compare-draws.csv from the current folder (written by cylch compare:
# draw, then per scenario <name>.multiplier, <name>.local_value,
# <name>.multiplier_diff, <name>.local_value_diff). Writes
# compare-distributions.png and compare-distributions.svg.
#   cd results/compare-bro-ffestiniog && gnuplot /path/to/plots/compare-distributions.gp
set encoding utf8
# The words of the plot in the run's language (w_… variables), written by cylch.
load 'words.gnuplot'
set datafile separator comma
set datafile columnheaders

# The Okabe–Ito palette (Okabe & Ito 2008). Scenario i (0: the base) gets
# black, the others the seven colours in turn, dashed from the eighth on.
palette_oi = "#000000 #E69F00 #56B4E9 #009E73 #0072B2 #D55E00 #CC79A7 #999999"
scen_colour(i) = (i == 0) ? word(palette_oi, 1) : word(palette_oi, ((i - 1) % 7) + 2)
scen_dash(i) = (i <= 7) ? 1 : 2
# A tick step giving at most about n steps over a range r (1, 2 or 5 times a power of 10).
nice_step(r, n) = (r <= 0) ? 1 : (e_ = 10**floor(log10(r / n)), f_ = r / n / e_, \
    (f_ <= 1 ? 1 : f_ <= 2 ? 2 : f_ <= 5 ? 5 : 10) * e_)
# A spread this small next to the values is rounding: no density is drawn.
tiny(sd, m) = sd <= 1e-9 * (abs(m) + 1e-300)

stats 'compare-draws.csv' using 1 nooutput
ncol = STATS_columns
ndraws = STATS_records
nscen = (ncol - 1) / 4
if (ndraws < 2) {
    print "compare-draws.csv holds no Monte Carlo draws: run cylch compare with --draws N (N > 1)"
    exit
}
# Scenario names from the header ("grant-cut-20.multiplier" -> "grant-cut-20"),
# the spread of each column, and the ranges of both panels.
names = ""
array flat_mult[nscen]
array flat_value[nscen]
m_lo = 1e300; m_hi = -1e300; v_lo = 1e300; v_hi = -1e300
array mean_m[nscen]
array mean_v[nscen]
do for [i = 0:nscen - 1] {
    stats 'compare-draws.csv' using (h = columnhead(2 + 4*i), column(2 + 4*i)) nooutput
    flat_mult[i + 1] = tiny(STATS_stddev, STATS_mean)
    mean_m[i + 1] = STATS_mean
    m_lo = (STATS_min < m_lo) ? STATS_min : m_lo
    m_hi = (STATS_max > m_hi) ? STATS_max : m_hi
    names = names . " " . h[1:strstrt(h, ".multiplier") - 1]
    stats 'compare-draws.csv' using (column(3 + 4*i) / 1e6) nooutput
    flat_value[i + 1] = tiny(STATS_stddev, STATS_mean)
    mean_v[i + 1] = STATS_mean
    v_lo = (STATS_min < v_lo) ? STATS_min : v_lo
    v_hi = (STATS_max > v_hi) ? STATS_max : v_hi
}

# A scenario whose values do not vary across the draws (nothing uncertain in
# it) has no density: it is drawn as a vertical line at its value. Ranges are
# padded so that a single value still gets an axis.
all_m = 1; all_v = 1
do for [i = 1:nscen] {
    if (!flat_mult[i]) { all_m = 0 }
    if (!flat_value[i]) { all_v = 0 }
}
pad(lo, hi) = (hi > lo) ? 0.05 * (hi - lo) : (abs(hi) > 0 ? 0.01 * abs(hi) : 0.01)
pm = pad(m_lo, m_hi); pv = pad(v_lo, v_hi)

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,800 font 'DejaVu Sans,15' noenhanced background rgb 'white'
    } else {
        set terminal svg size 1200,800 font 'DejaVu Sans,18' noenhanced background rgb 'white'
    }
    set output 'compare-distributions.' . fmt
    set border 3 lw 1.2 lc rgb '#333333'
    set tics nomirror out
    set grid xtics lw 1 lc rgb '#d4d4d4'
    set multiplot title sprintf(w_cmp_title, ndraws)
    # Two panels, and one key for both on the right.
    set bmargin at screen 0.12
    set tmargin at screen 0.86
    set key at screen 0.995, 0.86 right top vertical Left reverse samplen 2 spacing 1.15 width 0

    set lmargin at screen 0.06
    set rmargin at screen 0.36
    set title w_cmp_mult
    set xlabel w_per_pound
    set ylabel w_cmp_density
    set xtics nice_step(m_hi - m_lo + 2 * pm, 4.0)
    set format x "£%.2f"
    set format y ""
    set ytics scale 0
    set xrange [m_lo - pm : m_hi + pm]
    set yrange [0:*]
    do for [i = 0:nscen - 1] {
        if (flat_mult[i + 1]) {
            set arrow (10 + i) from first mean_m[i + 1], graph 0 to first mean_m[i + 1], graph 1 nohead \
                lw (i == 0 ? 3.5 : 2.5) lc rgb scen_colour(i) dt scen_dash(i)
        }
    }
    if (all_m) {
        set yrange [0:1]
        plot for [i = 0:nscen - 1] NaN lw (i == 0 ? 3.5 : 2.5) lc rgb scen_colour(i) dt scen_dash(i) \
            title word(names, i + 1)
    } else {
        plot for [i = 0:nscen - 1] 'compare-draws.csv' \
            using (flat_mult[i + 1] ? NaN : column(2 + 4*i)):(1.0 / ndraws) smooth kdensity \
            lw (i == 0 ? 3.5 : 2.5) lc rgb scen_colour(i) dt scen_dash(i) title word(names, i + 1)
    }
    do for [i = 0:nscen - 1] { unset arrow (10 + i) }

    unset key
    set lmargin at screen 0.42
    set rmargin at screen 0.72
    set title w_cmp_local
    set xlabel w_cmp_million
    set ylabel ""
    set format x "£%.2gM"
    set xtics nice_step(v_hi - v_lo + 2 * pv, 3.0)
    set xrange [v_lo - pv : v_hi + pv]
    set yrange [0:*]
    do for [i = 0:nscen - 1] {
        if (flat_value[i + 1]) {
            set arrow (10 + i) from first mean_v[i + 1], graph 0 to first mean_v[i + 1], graph 1 nohead \
                lw (i == 0 ? 3.5 : 2.5) lc rgb scen_colour(i) dt scen_dash(i)
        }
    }
    if (all_v) {
        set yrange [0:1]
        plot NaN notitle
    } else {
        plot for [i = 0:nscen - 1] 'compare-draws.csv' \
            using (flat_value[i + 1] ? NaN : column(3 + 4*i) / 1e6):(1.0 / ndraws) smooth kdensity \
            lw (i == 0 ? 3.5 : 2.5) lc rgb scen_colour(i) dt scen_dash(i) notitle
    }
    do for [i = 0:nscen - 1] { unset arrow (10 + i) }
    set xrange [*:*]
    unset multiplot
    unset output
}
