# cylch — Sobol' sensitivity indices of the headline multiplier: for each
# uncertain input, the share of the multiplier's variance it explains alone
# (first order, S1) and with its interactions (total, ST), each with its
# bootstrap 95% interval. Inputs with the largest total index at the top (at
# most 15 are shown).
# Reads sobol.csv from the current folder (written by cylch sensitivity
# --method sobol: rank, input, label, s1, s1_low, s1_high, st, st_low,
# st_high, group, output). Writes sobol.png and sobol.svg. On a difference
# (--against) the output column starts "difference in" and the titles say so.
set encoding utf8
# The words of the plot in the run's language (w_… variables), written by cylch.
load 'words.gnuplot'
set datafile separator comma
set datafile columnheaders

# Okabe–Ito colours (Okabe & Ito 2008).
col_s1 = '#0072B2'
col_st = '#E69F00'
col_text = '#333333'

stats 'sobol.csv' using 4 nooutput
ninputs = STATS_records
if (ninputs < 1) {
    print "sobol.csv has no inputs"
    exit
}
shown = (ninputs < 15) ? ninputs : 15
# What the indices are of, from the output column of the first row.
out = ""
stats 'sobol.csv' every ::0::0 using (out = strcol(11), 0) nooutput
what = (strstrt(out, "difference in income.local_value") == 1) ? w_sobol_diff_local : \
       (strstrt(out, "difference in") == 1) ? w_sobol_diff_mult : w_sobol_mult
short(s) = (strstrt(s, "place.") == 1) ? s[7:*] : (strstrt(s, "member.") == 1) ? s[8:*] : s
# Estimates can stray a little below 0: bars start at 0.
pos(x) = (x > 0) ? x : 0

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,800 font 'DejaVu Sans,15' noenhanced background rgb 'white'
    } else {
        set terminal svg size 1200,800 font 'DejaVu Sans,18' noenhanced background rgb 'white'
    }
    set output 'sobol.' . fmt
    set title sprintf(w_sobol_title, what) tc rgb '#000000'
    set border 3 lw 1.2 lc rgb col_text
    set tics nomirror out tc rgb col_text
    set ytics scale 0
    set grid xtics lw 1 lc rgb '#d4d4d4'
    set lmargin 34
    set yrange [shown + 0.5 : 0.5]
    set xrange [0:*]
    set xlabel w_sobol_x tc rgb col_text
    set format x "%.0f%%"
    set style fill solid 0.9 noborder
    set bmargin 7
    set key at screen 0.5, 0.015 center bottom horizontal maxcols 3 samplen 2 width 2
    plot 'sobol.csv' every ::0::(shown - 1) \
            using (pos($4) * 50):($1 - 0.18):(0):(pos($4) * 100):($1 - 0.36):($1):ytic(short(strcol(2))) \
            with boxxyerror fc rgb col_s1 title w_sobol_s1, \
         '' every ::0::(shown - 1) using ($4 * 100):($1 - 0.18):($5 * 100):($6 * 100) \
            with xerrorbars pt -1 lw 1.5 lc rgb col_text notitle, \
         '' every ::0::(shown - 1) \
            using (pos($7) * 50):($1 + 0.18):(0):(pos($7) * 100):($1):($1 + 0.36) \
            with boxxyerror fc rgb col_st title w_sobol_st, \
         '' every ::0::(shown - 1) using ($7 * 100):($1 + 0.18):($8 * 100):($9 * 100) \
            with xerrorbars pt -1 lw 1.5 lc rgb col_text title w_sobol_ci
    unset output
}
