# cylch — each member's own multiplier (£ of local economic activity per £1 of
# its income, over time) and the pence of each £1 it spends locally at once
# (its round-2 local share), members sorted by multiplier, largest at the top.
# Reads members.dat.
load 'style.gp'

# Column 7 holds the names shortened to fit (column 2 the full names);
# past 40 members names would overlap.
show_names = members <= 40

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'members.'.fmt
    set multiplot title sprintf(w_members_title, scenario)
    set yrange [members - 0.5 : -0.5]
    set ytics scale 0
    set grid noytics xtics
    set style fill solid 1.0 noborder
    set tmargin 4
    set bmargin 4

    set lmargin at screen 0.34
    set rmargin at screen 0.64
    set title w_members_mult
    set xlabel ""
    set xrange [0:*]
    set xtics 1 format "£%.0f"
    set offsets 0, graph 0.16, 0, 0
    if (show_names) {
        plot 'members.dat' using (column(3)/2):1:(column(3)/2):(0.38):ytic(strcol(7)) \
                with boxxyerror fc rgb col_lminf, \
             '' using 3:1:(sprintf("£%.2f", column(3))) with labels left offset 0.4,0 tc rgb col_text
    } else {
        set lmargin at screen 0.08
        set ytics format ""
        set ylabel w_members_y
        plot 'members.dat' using (column(3)/2):1:(column(3)/2):(0.38) with boxxyerror fc rgb col_lminf
        unset ylabel
    }

    set lmargin at screen 0.68
    set rmargin at screen 0.96
    set title w_members_local
    set xrange [0:100]
    set xtics 20 format "%gp"
    set offsets 0, 0, 0, 0
    set ytics format ""
    # Values inside long bars (in white), beside short ones.
    plot 'members.dat' using (column(4)/2):1:(column(4)/2):(0.38) with boxxyerror fc rgb col_kept, \
         '' using 4:1:(column(4) >= 15 ? sprintf("%.0fp", column(4)) : "") with labels right offset -0.4,0 tc rgb 'white', \
         '' using 4:1:(column(4) < 15 ? sprintf("%.0fp", column(4)) : "") with labels left offset 0.4,0 tc rgb col_text
    unset multiplot
    unset output
}
