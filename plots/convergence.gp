# cylch — have there been enough draws? The running mean of the headline
# multiplier as draws accumulate, with its 95% band (mean ± 1.96 standard
# errors): once the band is narrow and flat, more draws would not change the
# answer. Reads convergence.dat.
load 'style.gp'

stats 'convergence.dat' using 1 nooutput name 'nd'
stats 'convergence.dat' using 3 nooutput name 'lo'
stats 'convergence.dat' using 4 nooutput name 'hi'
pad = (hi_max - lo_min) * 0.08
if (pad <= 0) { pad = 0.01 * abs(head_mean) + 0.01 }

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'convergence.'.fmt
    set title sprintf(w_conv_title, scenario)
    set xlabel w_conv_x
    set ylabel sprintf(w_conv_y, head_per)
    set logscale x
    set xrange [nd_min : (nd_max > nd_min ? nd_max : nd_min + 1)]
    set yrange [lo_min - pad : hi_max + pad]
    set ytics format "£%.2f"
    set grid xtics
    set key outside bottom center horizontal Left reverse samplen 2
    set arrow 1 from graph 0, first head_mean to graph 1, first head_mean nohead dt 2 lw 1.5 lc rgb col_text back
    plot 'convergence.dat' using 1:3:4 with filledcurves fc rgb col_lminf fs transparent solid 0.25 \
            title w_conv_band, \
         '' using 1:2 with lines lw 3 lc rgb col_lminf title w_conv_mean, \
         keyentry with lines dt 2 lw 1.5 lc rgb col_text title sprintf(w_conv_final, head_mean)
    unset output
}
