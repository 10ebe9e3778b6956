// Package plot draws the pictures of the lessons: line charts (linear,
// log or log-log), quiver (vector field) plots, contour plots with paths
// on top, histograms, grids of several panels and diagrams of
// computational graphs, written as self-contained SVG files that any
// browser shows, plus small text charts for the terminal.
//
// The book draws its figures with matplotlib; this package copies the look
// of the figures it needs, not matplotlib's API. Every chart is a plain
// struct: fill in the fields you care about and call WriteSVG (or
// WriteFile, which writes atomically).
//
// # Output
//
// The SVG is deterministic: the same input gives byte-identical output.
// Coordinates are printed with at most two decimals, elements are written
// in the order of the input, and nothing depends on map order, time or
// randomness. The root element carries a viewBox, so the picture scales to
// whatever size the page gives it.
//
// It is also the same on every architecture. Where a product is added to
// or subtracted from something, the product is written float64(a*b): the
// explicit conversion rounds it, so the compiler cannot fuse the two
// operations into one FMA instruction (as it does on arm64, or amd64 with
// GOAMD64=v3), which rounds once and can change the last printed digit.
// Halvings x/2 count as products (the compiler turns them into x*0.5), and
// so do inlined calls that end in one, such as textWidth. Logarithms,
// powers, sines and hypotenuses come from internal/crmath, correctly
// rounded and the same code on every CPU, where the math package's are not.
//
// Colours follow the Okabe-Ito palette, which stays distinguishable for the
// common forms of colour blindness; contour levels use the viridis
// colour map, as matplotlib does.
//
// # Robustness
//
// Points whose coordinates are NaN or ±Inf are skipped; a line is broken
// at such points (as matplotlib does) instead of being joined across the
// gap. Empty series draw nothing but still give a chart with axes. A
// constant series gets a small, non-degenerate axis range around its value.
// On a logarithmic axis, points that are not positive are skipped.
//
// # Large series
//
// A line with many more points than the chart has pixel columns (a loss
// curve over 10000 iterations, say) is thinned before it is written: the
// points that fall into the same one-pixel-wide column, one after another,
// are reduced to the first, the lowest, the highest and the last of them,
// in their original order. What is drawn is the same to the eye — spikes
// stay visible — while the file holds a few points per column instead of
// thousands. Lines are also clipped to the plot area, and markers that
// would land on the same pixel as an earlier marker of the same series are
// drawn once. Contour lines are simplified to a quarter of a pixel.
//
// # Ranges
//
// LineChart takes optional fixed ranges as pointers: nil means "choose
// from the data", and with Go 1.26 a fixed value is written inline as
// new(0.0) or new(1.0). Automatic ranges are widened to the next "nice"
// tick (1, 2, 2.5 or 5 times a power of ten), so the axes start and end on
// a labelled value. Contour needs its rectangle; Quiver and Histogram
// choose their range from the data when Min >= Max (the zero values).
package plot
