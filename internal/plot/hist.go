package plot

import (
	"io"
	"math"
	"strings"
)

// Histogram counts Values in Bins equal bins over [Min, Max] and draws
// the counts as bars, like plt.hist(values, bins, range=(min, max)).
// Chapter 6 draws one per layer to show how activations are distributed.
type Histogram struct {
	Title, XLabel, YLabel string
	Values                []float64
	// Bins is the number of bins (default 10, at most 100000).
	Bins int
	// Min and Max are the range counted; values outside it are ignored
	// and Max itself falls into the last bin. When Min >= Max (as for the
	// zero values) the range is that of the finite values.
	Min, Max float64
	// YMax fixes the top of the count axis (0 = automatic), so that
	// several histograms can share a scale.
	YMax float64
	// Color of the bars; "" is the first palette colour.
	Color         string
	Width, Height int
}

// WriteSVG renders the histogram as an SVG document.
func (h *Histogram) WriteSVG(w io.Writer) error { return writePanel(w, h) }

func (h *Histogram) size() (int, int) {
	if h == nil {
		return 0, 0
	}
	return h.Width, h.Height
}

// counts bins the values and returns the counts with the range used.
func (h *Histogram) counts() (counts []int, lo, hi float64) {
	bins := h.Bins
	if bins <= 0 {
		bins = 10
	}
	bins = min(bins, 100000)
	lo, hi = h.Min, h.Max
	if !(lo < hi) || !isFinite(lo) || !isFinite(hi) {
		e := newExtent()
		for _, v := range h.Values {
			e.add(v)
		}
		switch {
		case e.empty():
			lo, hi = 0, 1
		case e.lo == e.hi:
			lo, hi = e.lo-0.5, e.hi+0.5
		default:
			lo, hi = e.lo, e.hi
		}
		if !isFinite(hi - lo) {
			lo, hi = -math.MaxFloat64/2, math.MaxFloat64/2
		}
	}
	counts = make([]int, bins)
	width := (hi - lo) / float64(bins)
	for _, v := range h.Values {
		if !(v >= lo && v <= hi) { // also drops NaN
			continue
		}
		k := int((v - lo) / width)
		counts[min(max(k, 0), bins-1)]++
	}
	return counts, lo, hi
}

func (h *Histogram) draw(cv *canvas, r rect) error {
	if h == nil {
		return errNilPanel
	}
	counts, lo, hi := h.counts()
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	zero := 0.0
	ys := axisSpec{dataLo: 0, dataHi: float64(max(most, 1)), fixLo: &zero}
	if h.YMax > 0 && isFinite(h.YMax) {
		ys.fixHi = &h.YMax
	}
	a := layoutAxes(r, h.Title, h.XLabel, h.YLabel, axisSpec{fixLo: &lo, fixHi: &hi}, ys)
	a.drawGrid(cv)
	a.beginData(cv)
	color := h.Color
	if color == "" {
		color = palette[0]
	}
	var d strings.Builder
	base := a.py(0)
	for k, n := range counts {
		if n == 0 {
			continue
		}
		x0 := a.px(lo + (hi-lo)*float64(k)/float64(len(counts)))
		x1 := a.px(lo + (hi-lo)*float64(k+1)/float64(len(counts)))
		top := math.Max(a.py(float64(n)), a.plot.y-2) // bars above a fixed YMax are cut
		d.WriteString("M" + num(x0) + " " + num(base) + "V" + num(top) + "H" + num(x1) + "V" + num(base) + "Z")
	}
	if d.Len() > 0 {
		// A thin white edge keeps neighbouring bars apart, as
		// matplotlib's edgecolor does.
		stroke := "0.6"
		if a.plot.w/float64(len(counts)) < 4 {
			stroke = "0"
		}
		cv.put(`<path class="bars" d="`, d.String(), `" fill="`, color, `" stroke="#ffffff" stroke-width="`, stroke, `"/>`, "\n")
	}
	a.endData(cv)
	a.drawFrame(cv)
	return nil
}
