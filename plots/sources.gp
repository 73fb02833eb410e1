# cylch — grant, loan and outside trade money side by side: how many £ of
# local economic activity each £1 brings, within three rounds of spending
# (LM3) and over time (the Leontief limit), with the 90% range of the
# Monte Carlo draws as whiskers (when there are draws). Reads sources.dat.
load 'style.gp'

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'sources.'.fmt
    set title sprintf(w_sources_title, scenario, \
        draws > 0 ? sprintf(w_sources_draws, draws) : w_sources_nodraws)
    set ylabel w_per_pound
    set xlabel ""
    set yrange [0:*]
    set offsets 0, 0, graph 0.22, 0
    set ytics format "£%.2f"
    set xtics scale 0
    set style data histogram
    set boxwidth 0.9 relative
    set key top left Left reverse samplen 2
    # The £1 itself: anything above this line is what re-spending adds.
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb col_text front
    set label 1 w_sources_itself at graph 0.01, first 1 offset 0,0.6 tc rgb col_text front
    # Two bars per source in a cluster of width 1 with a gap of 1.5 bars.
    w = 1.0 / (2 + 1.5)
    if (draws > 0) {
        set style histogram errorbars gap 1.5 lw 2
        set errorbars lc rgb col_text
        plot 'sources.dat' using 2:3:4:xtic(1) lc rgb col_lm3 title w_lm3, \
             '' using 5:6:7 lc rgb col_lminf title w_lminf, \
             '' using ($0 - w/2):4:(sprintf("£%.2f", $2)) with labels offset 0,0.8 tc rgb col_text notitle, \
             '' using ($0 + w/2):7:(sprintf("£%.2f", $5)) with labels offset 0,0.8 tc rgb col_text notitle
    } else {
        set style histogram clustered gap 1.5
        plot 'sources.dat' using 2:xtic(1) lc rgb col_lm3 title w_lm3, \
             '' using 5 lc rgb col_lminf title w_lminf, \
             '' using ($0 - w/2):2:(sprintf("£%.2f", $2)) with labels offset 0,0.8 tc rgb col_text notitle, \
             '' using ($0 + w/2):5:(sprintf("£%.2f", $5)) with labels offset 0,0.8 tc rgb col_text notitle
    }
    unset output
}
