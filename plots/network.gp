# cylch — the members' trade with each other, £ a year, as a heat map: the
# cell in row "seller" and column "buyer" is what the buyer pays the seller.
# Reads network.dat (the matrix, with members' names as row and column
# headers) and network-cells.dat (one row per trade link, for the labels).
load 'style.gp'

show_labels = members <= 25
if (trade_links > 0) {
    stats 'network-cells.dat' using 3 nooutput name 'cell'
} else {
    cell_max = 1
}

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'network.'.fmt
    set title sprintf("Members' trade with each other (%s): £%.0f a year in %d links", scenario, trade_total, trade_links)
    set xlabel "buyer (the member that pays)"
    set ylabel "seller (the member that is paid)"
    set xrange [-0.5 : members - 0.5]
    set yrange [members - 0.5 : -0.5]
    set cbrange [0 : cell_max]
    set cblabel "£ a year"
    set cbtics format "£%.0f"
    # One hue from white to deep blue: readable with any colour vision and in grey.
    set palette defined (0 '#ffffff', 0.15 '#d7e9f6', 0.5 '#56B4E9', 0.8 '#0072B2', 1 '#003a5c')
    set xtics rotate by 40 right scale 0
    set ytics scale 0
    set grid noxtics noytics
    set border 15
    set size ratio -1
    set lmargin at screen 0.28
    if (!show_labels) { set xtics format ""; set ytics format "" }
    plot 'network.dat' matrix rowheaders columnheaders using 1:2:3 with image pixels, \
         (trade_links > 0 && show_labels ? 'network-cells.dat' : '/dev/null') \
            using 1:2:4:(column(3) > 0.55 * cell_max ? 0xffffff : 0x000000) with labels tc rgb variable
    unset output
}
