# cylch — each member's own multiplier (£ of local economic activity per £1 of
# its income, over time) and the pence of each £1 it spends locally at once
# (its round-2 local share), members sorted by multiplier, largest at the top.
# Reads members.dat.
load 'style.gp'

# Long names are shortened to fit; past 40 members names would overlap.
maxname = 38
short(s) = strlen(s) > maxname ? s[1:maxname-1]."…" : s
show_names = members <= 40

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'members.'.fmt
    set multiplot title sprintf("Each member's multiplier and how much it spends locally at once (%s)", scenario)
    set yrange [members - 0.5 : -0.5]
    set ytics scale 0
    set grid noytics xtics
    set style fill solid 1.0 noborder
    set tmargin 4
    set bmargin 5

    set lmargin at screen 0.31
    set rmargin at screen 0.64
    set xlabel "£ of local economic activity per £1 of its income"
    set xrange [0:*]
    set xtics format "£%.1f"
    set offsets 0, graph 0.12, 0, 0
    if (show_names) {
        plot 'members.dat' using (column(3)/2):1:(column(3)/2):(0.38):ytic(short(strcol(2))) \
                with boxxyerror fc rgb col_lminf, \
             '' using 3:1:(sprintf(" £%.2f", column(3))) with labels left tc rgb col_text
    } else {
        set ytics format ""
        set ylabel "members, largest multiplier at the top"
        plot 'members.dat' using (column(3)/2):1:(column(3)/2):(0.38) with boxxyerror fc rgb col_lminf
        unset ylabel
    }

    set lmargin at screen 0.67
    set rmargin at screen 0.97
    set xlabel "pence of each £1 of income spent locally at once"
    set xrange [0:100]
    set xtics 20 format "%gp"
    set offsets 0, 0, 0, 0
    set ytics format ""
    plot 'members.dat' using (column(4)/2):1:(column(4)/2):(0.38) with boxxyerror fc rgb col_kept, \
         '' using (column(4) > 80 ? column(4) : column(4)):1:(sprintf(column(4) > 80 ? "%.0fp " : " %.0fp", column(4))) \
            with labels tc rgb col_text
    unset multiplot
    unset output
}
