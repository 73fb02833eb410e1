# cylch — the members' trade with each other, £ a year, as a heat map: the
# cell in row "seller" and column "buyer" is what the buyer pays the seller.
# Reads network.dat (the matrix, with members' names as row and column
# headers, which become the tic labels) and network-cells.dat (one row per
# trade link, for the amounts written in the cells).
load 'style.gp'

# Amounts are written in the cells while they fit.
show_labels = members <= 25 && trade_links > 0
if (trade_links > 0) {
    stats 'network-cells.dat' using 3 nooutput name 'cell'
} else {
    cell_max = 1
}

do for [fmt in "png svg"] {
    eval (fmt eq "png" ? term_png : term_svg)
    set output 'network.'.fmt
    set title sprintf(w_network_title, scenario, trade_total_text, trade_links)
    set xlabel ""
    set xrange [-0.5 : members - 0.5]
    set yrange [members - 0.5 : -0.5]
    set cbrange [0 : cell_max]
    set cblabel w_a_year offset 1,0
    set cbtics format "£%.0f"
    # One hue from white to deep blue: readable with any colour vision and in grey.
    set palette defined (0 '#ffffff', 0.15 '#d7e9f6', 0.5 '#56B4E9', 0.8 '#0072B2', 1 '#003a5c')
    set xtics rotate by 50 right scale 0
    set ytics scale 0
    set grid noxtics noytics
    set border 15
    set rmargin at screen 0.84
    set tmargin at screen 0.88
    if (members <= 40) {
        set lmargin at screen 0.34
        set bmargin at screen 0.40
    } else {
        # Too many names to write: members are in file order.
        unset xtics
        unset ytics
        set lmargin at screen 0.12
        set bmargin at screen 0.12
        set xlabel w_network_buyers
        set ylabel w_network_sellers
    }
    # Each cell drawn as a rectangle ("pixels") keeps its edges sharp in the SVG;
    # past 60 members that makes the SVG too big, and one embedded image is used.
    if (show_labels) {
        plot 'network.dat' matrix rowheaders columnheaders using 1:2:3 with image pixels, \
             'network-cells.dat' using 1:2:4:(column(3) > 0.55 * cell_max ? 0xffffff : 0x000000) \
                with labels font font_small(fmt) tc rgb variable
    } else {
        if (members <= 60) {
            plot 'network.dat' matrix rowheaders columnheaders using 1:2:3 with image pixels
        } else {
            plot 'network.dat' matrix rowheaders columnheaders using 1:2:3 with image
        }
    }
    unset output
}
