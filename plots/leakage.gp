# cylch — where the money goes when it leaves the area. Every £1 leaks out in
# the end; each bar splits it, over all rounds of spending, by where it goes.
# Reads leakage.dat (pence of each £1 per destination; each row sums to 100).
load 'style.gp'

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'leakage.'.fmt
    set title sprintf("Where the money goes when it leaves the area (%s)\nevery £1 leaks out in the end: where each 100p goes, over all rounds of spending", scenario)
    set ylabel "pence of each £1"
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
    plot 'leakage.dat' using 2:xtic(1) lc rgb col_staff title "wages of staff living outside", \
         '' using 3 lc rgb col_suppliers title "suppliers outside the area", \
         '' using 4 lc rgb col_households title "households spending outside", \
         '' using 5 lc rgb col_businesses title "other local businesses' own leakage", \
         '' using 6 lc rgb col_other title "members' tax, surplus, other costs", \
         '' using ($0):($2/2):(label($2)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3/2):(label($3)) with labels tc rgb 'white' notitle, \
         '' using ($0):($2+$3+$4/2):(label($4)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3+$4+$5/2):(label($5)) with labels tc rgb oi_black notitle, \
         '' using ($0):($2+$3+$4+$5+$6/2):(label($6)) with labels tc rgb oi_black notitle
    unset output
}
