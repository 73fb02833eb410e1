# cylch — how sure are we? The headline multiplier (£ of local economic
# activity per £1, over time) in every Monte Carlo draw, as a histogram, with
# the mean and the 90% range (5th to 95th percentile) marked.
# Reads distribution.dat and, from run-values.gnuplot, head_mean, head_p5,
# head_p95 and head_point.
load 'style.gp'

# When nothing in the scenario is uncertain every draw gives the same answer:
# the histogram is one bar, shown in a window of ±5% around it.
flat = (head_p95 - head_p5) <= 1e-9 * (abs(head_mean) + 1)
half = 0.05 * abs(head_mean) + 0.01

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'distribution.'.fmt
    set title sprintf(w_dist_title, head_per, head_text, scenario, draws, flat ? w_dist_flat : "")
    set xlabel sprintf(w_dist_x, head_per) offset 0,0.4
    set ylabel w_dist_y
    if (flat) {
        set xrange [head_mean - half : head_mean + half]
        set yrange [0:110]
    } else {
        set yrange [0:*]
        set offsets 0, 0, graph 0.08, 0
    }
    set xtics format "£%.2f"
    set ytics format "%g%%"
    set key outside bottom center horizontal maxcols 2 Left reverse samplen 2
    set object 1 rectangle from first head_p5, graph 0 to first head_p95, graph 1 \
        fc rgb col_range fs transparent solid 0.18 noborder behind
    set arrow 1 from first head_mean, graph 0 to first head_mean, graph 1 nohead lw 3 lc rgb oi_black front
    set arrow 2 from first head_point, graph 0 to first head_point, graph 1 nohead lw 2 dt 2 lc rgb oi_vermillion front
    plot 'distribution.dat' using 1:4:($3-$2) with boxes fc rgb col_lminf fs solid 0.85 border rgb 'white' \
            title w_dist_bars, \
         keyentry with boxes fc rgb col_range fs transparent solid 0.35 noborder \
            title sprintf(w_dist_range, head_p5, head_p95), \
         keyentry with lines lw 3 lc rgb oi_black title sprintf(w_dist_mean, head_mean), \
         keyentry with lines lw 2 dt 2 lc rgb oi_vermillion \
            title sprintf(w_dist_point, head_point)
    unset output
}
