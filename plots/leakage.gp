# cylch — where the money goes when it leaves the area. Every £1 leaks out in
# the end; each bar splits it, over all rounds of spending, by where it goes.
# Reads leakage.dat (pence of each £1 per destination; each row sums to 100).
load 'style.gp'

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'leakage.'.fmt
    set title sprintf(w_leak_title, scenario)
    set ylabel w_leak_y
    set xlabel ""
    set yrange [0:100]
    set ytics 10 format "%gp"
    set xtics scale 0
    set style data histogram
    set style histogram rowstacked
    set boxwidth 0.55
    set style fill solid 1.0 border rgb 'white'
    set key outside bottom center horizontal maxcols 2 Left reverse samplen 2
    label(v) = v >= 4 ? sprintf("%.0fp", v) : ""
    plot 'leakage.dat' using 2:xtic(1) lc rgb col_staff title w_leak_staff, \
         '' using 3 lc rgb col_suppliers title w_leak_suppliers, \
         '' using 4 lc rgb col_households title w_leak_households, \
         '' using 5 lc rgb col_businesses title w_leak_businesses, \
         '' using 6 lc rgb col_other title w_leak_other, \
         '' using ($0):($2/2):(label($2)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3/2):(label($3)) with labels tc rgb 'white' notitle, \
         '' using ($0):($2+$3+$4/2):(label($4)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3+$4+$5/2):(label($5)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3+$4+$5+$6/2):(label($6)) with labels tc rgb oi_black notitle
    unset output
}
