# cylch — where the money goes in the local economy, by industry ([economy]
# scenarios): the local turnover of the 15 industries with the most per £1 of
# the headline source, and all the others as one bar, in pence.
# Reads industries.dat (rank, code, name, pence).
load 'style.gp'

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'industries.'.fmt
    set title w_ind_title
    set yrange [15.5 : -0.5]
    set ytics scale 0
    set grid noytics xtics
    set style fill solid 1.0 noborder
    set lmargin at screen 0.42
    set rmargin at screen 0.92
    set xrange [0:*]
    set xtics format "%gp"
    set xlabel w_ind_x
    set offsets 0, graph 0.12, 0, 0
    plot 'industries.dat' using (column(4)/2):1:(column(4)/2):(0.38):ytic(strcol(3)) \
            with boxxyerror fc rgb col_lminf notitle, \
         '' using 4:1:(sprintf("%.1fp", column(4))) with labels left offset 0.4,0 tc rgb col_text notitle
    unset output
}
