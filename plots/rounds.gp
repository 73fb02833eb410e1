# cylch — the "leaky bucket": what happens to each £1 of grant, loan and
# outside trade money round by round. Each bar is the money received locally
# in a round, per £1 that came in; its green part is re-spent locally (the
# next round), the rest leaks out of the area, coloured by where it goes.
# Reads rounds.dat (block 0: the bars; block 1: a label per source).
load 'style.gp'

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'rounds.'.fmt
    set title sprintf(w_rounds_title, scenario)
    set ylabel w_rounds_y
    set xlabel w_rounds_x
    set yrange [0:1.25]
    set ytics 0.2 format "£%.2f"
    set xrange [0.3:*]
    set xtics scale 0
    set boxwidth 0.8
    set key outside bottom center horizontal maxcols 3 maxrows 2 Left reverse width -2 samplen 2
    plot 'rounds.dat' index 0 using 1:($5+$6+$7+$8+$9+$10):xtic(sprintf(w_rounds_round, int(column(3)))) \
            with boxes lc rgb col_other title w_rounds_other, \
         '' index 0 using 1:($5+$6+$7+$8+$9) with boxes lc rgb col_businesses title w_rounds_businesses, \
         '' index 0 using 1:($5+$6+$7+$8) with boxes lc rgb col_households title w_rounds_households, \
         '' index 0 using 1:($5+$6+$7) with boxes lc rgb col_suppliers title w_rounds_suppliers, \
         '' index 0 using 1:($5+$6) with boxes lc rgb col_staff title w_rounds_staff, \
         '' index 0 using 1:5 with boxes lc rgb col_kept title w_rounds_kept, \
         '' index 0 using 1:($4+0.03):11 with labels tc rgb col_text notitle, \
         '' index 1 using 1:(1.155):(stringcolumn(2)."\n".stringcolumn(3)) with labels font font_big(fmt) tc rgb '#000000' notitle
    unset output
}
