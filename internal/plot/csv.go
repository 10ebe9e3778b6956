package plot

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
)

// The numbers behind a picture, as CSV with a header row, for a
// spreadsheet or pandas. Every chart type has a CSV method; numbers are
// written at full precision (strconv 'g', -1), NaN and ±Inf as NaN, +Inf
// and -Inf, and a missing value as an empty field.
//
//	LineChart  one x column and a column per series when all series share
//	           their x values (iteration,loss); otherwise series,x,y rows
//	Contour    series,step,x,y: the points of every path and mark
//	Quiver     x,y,u,v: one row per arrow
//	Histogram  bin_start,bin_end,count
//	Grid       panel, then the columns of its panels (their union, in order)
//	Diagram    part,label: its nodes, then each edge's forward and
//	           backward labels
//
// Column names come from the axis labels and series names.

// CSV writes the chart's series.
func (c *LineChart) CSV(w io.Writer) error { return writeTable(w, c.table) }

// CSV writes the points of the paths and marks.
func (c *Contour) CSV(w io.Writer) error { return writeTable(w, c.table) }

// CSV writes one row per arrow.
func (q *Quiver) CSV(w io.Writer) error { return writeTable(w, q.table) }

// CSV writes the bins and their counts, as drawn.
func (h *Histogram) CSV(w io.Writer) error { return writeTable(w, h.table) }

// CSV writes the tables of all panels, each row starting with the panel's
// title (or "panel 1", "panel 2", ... for panels without one).
func (g *Grid) CSV(w io.Writer) error { return writeTable(w, g.table) }

func writeTable(w io.Writer, table func() ([]string, [][]string)) error {
	header, rows := table()
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil { // WriteAll flushes
		return err
	}
	return cw.Error()
}

func csvNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sharedX reports whether all series have the same x values.
func sharedX(ss []Series) bool {
	for i := 1; i < len(ss); i++ {
		a, b := &ss[0], &ss[i]
		if a.len() != b.len() {
			return false
		}
		for k := range a.len() {
			xa, _ := a.at(k)
			xb, _ := b.at(k)
			if xa != xb && !(math.IsNaN(xa) && math.IsNaN(xb)) {
				return false
			}
		}
	}
	return true
}

func (c *LineChart) table() ([]string, [][]string) {
	xname := orDefault(c.XLabel, "x")
	if sharedX(c.Series) {
		header := []string{xname}
		for i, s := range c.Series {
			name := s.Name
			if len(c.Series) == 1 && c.YLabel != "" {
				name = c.YLabel
			}
			header = append(header, orDefault(name, "y"+strconv.Itoa(i+1)))
		}
		var rows [][]string
		if len(c.Series) > 0 {
			for k := range c.Series[0].len() {
				x, _ := c.Series[0].at(k)
				row := []string{csvNum(x)}
				for i := range c.Series {
					_, y := c.Series[i].at(k)
					row = append(row, csvNum(y))
				}
				rows = append(rows, row)
			}
		}
		return header, rows
	}
	header := []string{"series", xname, orDefault(c.YLabel, "y")}
	return header, seriesRows(c.Series, false)
}

// seriesRows lists the points of every series as name,[step,]x,y.
func seriesRows(ss []Series, step bool) [][]string {
	var rows [][]string
	for i := range ss {
		s := &ss[i]
		name := orDefault(s.Name, "series "+strconv.Itoa(i+1))
		for k := range s.len() {
			x, y := s.at(k)
			row := []string{name}
			if step {
				row = append(row, strconv.Itoa(k))
			}
			rows = append(rows, append(row, csvNum(x), csvNum(y)))
		}
	}
	return rows
}

func (c *Contour) table() ([]string, [][]string) {
	header := []string{"series", "step", orDefault(c.XLabel, "x"), orDefault(c.YLabel, "y")}
	return header, append(seriesRows(c.Paths, true), seriesRows(c.Mark, true)...)
}

func (q *Quiver) table() ([]string, [][]string) {
	header := []string{orDefault(q.XLabel, "x"), orDefault(q.YLabel, "y"), "u", "v"}
	n := min(len(q.X), len(q.Y), len(q.U), len(q.V))
	rows := make([][]string, n)
	for i := range n {
		rows[i] = []string{csvNum(q.X[i]), csvNum(q.Y[i]), csvNum(q.U[i]), csvNum(q.V[i])}
	}
	return header, rows
}

func (h *Histogram) table() ([]string, [][]string) {
	counts, lo, hi := h.counts()
	width := (hi - lo) / float64(len(counts))
	rows := make([][]string, len(counts))
	for i, n := range counts {
		end := lo + float64(float64(i+1)*width)
		if i == len(counts)-1 {
			end = hi
		}
		rows[i] = []string{csvNum(lo + float64(float64(i)*width)), csvNum(end), strconv.Itoa(n)}
	}
	return []string{"bin_start", "bin_end", "count"}, rows
}

// tabler is a panel that can list its numbers.
type tabler interface {
	table() ([]string, [][]string)
}

// panelTable returns the title and table of a panel, or a nil tabler for
// a nil panel.
func panelTable(p Panel) (string, tabler) {
	switch p := p.(type) {
	case *LineChart:
		if p != nil {
			return p.Title, p
		}
	case *Contour:
		if p != nil {
			return p.Title, p
		}
	case *Quiver:
		if p != nil {
			return p.Title, p
		}
	case *Histogram:
		if p != nil {
			return p.Title, p
		}
	}
	return "", nil
}

func (g *Grid) table() ([]string, [][]string) {
	header := []string{"panel"}
	type part struct {
		title  string
		header []string
		rows   [][]string
	}
	var parts []part
	for i, p := range g.Panels {
		title, t := panelTable(p)
		if t == nil {
			continue
		}
		title = orDefault(title, "panel "+strconv.Itoa(i+1))
		h, rows := t.table()
		for _, name := range h {
			if !slices.Contains(header[1:], name) {
				header = append(header, name)
			}
		}
		parts = append(parts, part{title, h, rows})
	}
	var rows [][]string
	for _, p := range parts {
		col := make([]int, len(p.header)) // p's column k goes to header[col[k]]
		for k, name := range p.header {
			col[k] = slices.Index(header, name)
		}
		for _, r := range p.rows {
			row := make([]string, len(header))
			row[0] = p.title
			for k, v := range r {
				row[col[k]] = v
			}
			rows = append(rows, row)
		}
	}
	return header, rows
}
