# cylch — a tornado plot: how far the headline multiplier (£ of local economic
# activity per £1, over time) moves when each uncertain input alone goes from
# its 5th to its 95th percentile, every other input at its point value (inputs
# correlated with it at their medians given it). The
# inputs with the largest swing are at the top (at most 15 are shown).
# Reads tornado.csv from the current folder (written by cylch sensitivity
# --method tornado: rank, input, label, low_input, high_input, output_low,
# output_high, base, swing, moves_with). Writes tornado.png and tornado.svg.
set encoding utf8
# The words of the plot in the run's language (w_… variables), written by cylch.
load 'words.gnuplot'
set datafile separator comma
set datafile columnheaders

# Okabe–Ito colours (Okabe & Ito 2008): sky blue for the input at its low
# percentile, orange at its high one.
col_low = '#56B4E9'
col_high = '#E69F00'
col_text = '#333333'

stats 'tornado.csv' using 6 nooutput
ninputs = STATS_records
if (ninputs < 1) {
    print "tornado.csv has no inputs"
    exit
}
stats 'tornado.csv' using 8 nooutput
base = STATS_mean
shown = (ninputs < 15) ? ninputs : 15
# Short names: "place.household_local_spend" -> "household_local_spend",
# "member.gisda.wages_local_share" -> "gisda.wages_local_share".
short(s) = (strstrt(s, "place.") == 1) ? s[7:*] : (strstrt(s, "member.") == 1) ? s[8:*] : s
lo(a, b) = (a < b) ? a : b
hi(a, b) = (a > b) ? a : b

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,800 font 'DejaVu Sans,15' noenhanced background rgb 'white'
    } else {
        set terminal svg size 1200,800 font 'DejaVu Sans,18' noenhanced background rgb 'white'
    }
    set output 'tornado.' . fmt
    set title sprintf(w_tornado_title, base) tc rgb '#000000'
    set border 3 lw 1.2 lc rgb col_text
    set tics nomirror out tc rgb col_text
    set ytics scale 0
    set grid xtics lw 1 lc rgb '#d4d4d4'
    set lmargin 34
    set yrange [shown + 0.5 : 0.5]
    set xlabel w_tornado_x tc rgb col_text
    set format x "£%.2f"
    set style fill solid 0.9 noborder
    set bmargin 7
    set key at screen 0.5, 0.015 center bottom horizontal maxcols 3 samplen 2 width 2
    set arrow 1 from first base, graph 0 to first base, graph 1 nohead lw 2 dt 2 lc rgb col_text front
    plot 'tornado.csv' every ::0::(shown - 1) \
            using (($6 + base) / 2):1:(lo($6, base)):(hi($6, base)):($1 - 0.35):($1 + 0.35):ytic(short(strcol(2))) \
            with boxxyerror fc rgb col_low title w_tornado_low, \
         '' every ::0::(shown - 1) \
            using (($7 + base) / 2):1:(lo($7, base)):(hi($7, base)):($1 - 0.35):($1 + 0.35) \
            with boxxyerror fc rgb col_high title w_tornado_high, \
         keyentry with lines dt 2 lw 2 lc rgb col_text title w_tornado_point
    unset arrow 1
    unset output
}
