# cylch — the style every plot script loads: terminals, fonts, colours.
# Edit this file to restyle all the plots, then redraw:  gnuplot *.gp
#
# Fonts: DejaVu Sans has every Welsh letter (â ê î ô û ŵ ŷ, ä ë ï ö ü ẅ ÿ,
# à è ì ò ù ẁ ỳ, á é í ó ú ẃ ý); fontconfig substitutes a similar font if it is
# missing. Text is plain (noenhanced), so names with _ ^ { } @ & print as written.
# Each script starts afresh, so that  gnuplot *.gp  (one session running
# every script in turn) draws each plot as if it ran alone.
reset session
set encoding utf8
font_name = 'DejaVu Sans'
term_png = sprintf("set terminal pngcairo size 1200,800 font '%s,15' noenhanced background rgb 'white'", font_name)
term_svg = sprintf("set terminal svg size 1200,800 font '%s,19' noenhanced background rgb 'white'", font_name)
# A larger font for labels that head a group of bars, for terminal fmt ("png" or "svg").
font_big(fmt) = sprintf("%s,%d", font_name, fmt eq "png" ? 17 : 21)
# A smaller one for labels inside cells and bars.
font_small(fmt) = sprintf("%s,%d", font_name, fmt eq "png" ? 12 : 15)

# The Okabe–Ito palette, safe for the common kinds of colour blindness
# (Okabe & Ito 2008, "Color Universal Design").
oi_black = '#000000'
oi_orange = '#E69F00'
oi_sky = '#56B4E9'
oi_green = '#009E73'
oi_yellow = '#F0E442'
oi_blue = '#0072B2'
oi_vermillion = '#D55E00'
oi_purple = '#CC79A7'
oi_grey = '#999999'

# What each colour means, the same in every plot.
col_kept = oi_green          # money kept circulating locally
col_staff = oi_orange        # wages of staff living outside the area
col_suppliers = oi_vermillion # purchases from suppliers outside
col_households = oi_purple   # households spending outside the area
col_businesses = oi_yellow   # other local businesses' own leakage (imports, staff, profits)
col_other = oi_grey          # members' tax, surpluses, other costs outside
col_lm3 = oi_sky             # within three rounds of spending
col_lminf = oi_blue          # over time (the Leontief limit)
col_range = oi_orange        # 90% range of the draws
col_text = '#333333'

set datafile separator "\t"
set datafile commentschars "#"
set border 3 lw 1.2 lc rgb col_text
set tics nomirror out tc rgb col_text
set grid ytics lw 1 lc rgb '#d4d4d4' dt solid
set grid noxtics
set grid back
set key noautotitle
set key tc rgb col_text
set style fill solid 1.0 noborder
set title tc rgb '#000000'
set xlabel tc rgb col_text
set ylabel tc rgb col_text
set decimalsign '.'

# Every script loads this run's values (scenario name, the headline multiplier
# and its range) and the words of the plots in the run's language (w_… variables),
# both written by cylch beside the data.
load 'run-values.gnuplot'
load 'words.gnuplot'
