// Package progress draws a progress bar for long work: downloads, training
// epochs, a slow numerical gradient.
//
// A Bar adapts to where its output goes:
//
//   - On a terminal it redraws one line in place (with a carriage return),
//     at most ten times a second, like the one shown below.
//   - Anywhere else (a pipe, a log file, CI) a redrawn line would turn into
//     garbage, so it prints an ordinary line now and then instead: one at the
//     start, then at most one per 10% of progress and per 5 seconds
//     (whichever comes more rarely), never more than a dozen in all, and one
//     when the work is finished.
//   - With a nil writer or io.Discard it prints nothing and Add costs one
//     atomic addition.
//
// A terminal line looks like this:
//
//	train-images-idx3-ubyte.gz [==========>             ]  45%  4.5/9.9 MB  2.1 MB/s  ETA 3.0s
//
// and the same progress in a log looks like this:
//
//	train-images-idx3-ubyte.gz:  45%  4.5/9.9 MB  2.1 MB/s  ETA 3.0s
//
// Typical use:
//
//	bar := progress.New(os.Stderr, "epoch 1", int64(iters))
//	for i := 0; i < iters; i++ {
//		step()
//		bar.Add(1)
//	}
//	bar.Finish()
//
// A Bar is also an io.Writer that counts the bytes written to it, so a
// download can be tracked with io.Copy(io.MultiWriter(file, bar), body).
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

const (
	minBar, maxBar = 10, 30                 // characters between the brackets
	lineWidth      = 80                     // assumed terminal width unless $COLUMNS says otherwise
	redrawEvery    = 100 * time.Millisecond // terminal: at most 10 redraws a second
	plainEvery     = 5 * time.Second        // plain: at least this long between lines
	maxPlainLines  = 12                     // plain: lines per bar, the final one included
	rateAfter      = 500 * time.Millisecond // before this a rate or ETA is mostly noise
)

// Bar reports the progress of one piece of work. Create it with New or
// NewBytes. All methods are safe for concurrent use, and all of them do
// nothing on a nil *Bar, so optional progress needs no if statements.
type Bar struct {
	n atomic.Int64 // the position; the only field Add touches when silent

	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int64 // 0 when unknown
	bytes    bool  // format counts as B/kB/MB/GB
	silent   bool  // w is nil or io.Discard
	terminal bool  // redraw in place rather than print lines
	barWidth int   // characters between the brackets
	now      func() time.Time

	start    time.Time
	finished bool

	// terminal mode
	lastDraw time.Time
	lastLen  int // length of the last drawn line, to blank out leftovers

	// plain mode
	lines     int           // lines printed so far
	lastLine  time.Time     // when the last line was printed
	lastTenth int64         // progress in tenths at the last line (known total)
	interval  time.Duration // wait before the next line (unknown total)
}

// New returns a bar labelled label that reports on w, normally os.Stderr,
// for work of total units (iterations, images, ...). Pass total 0 if the
// amount of work is unknown: the bar then shows only the count and the rate.
// New writes the first (0%) report at once.
func New(w io.Writer, label string, total int64) *Bar {
	return newBar(w, label, total, false, isTerminal(w), time.Now)
}

// NewBytes is New for a byte count, as in a download: sizes and rates are
// printed as kB, MB or GB (powers of 1000) instead of plain numbers.
func NewBytes(w io.Writer, label string, total int64) *Bar {
	return newBar(w, label, total, true, isTerminal(w), time.Now)
}

// newBar is the constructor behind New and NewBytes; tests call it to force
// the mode and inject a clock.
func newBar(w io.Writer, label string, total int64, bytes, terminal bool, now func() time.Time) *Bar {
	if total < 0 {
		total = 0
	}
	b := &Bar{
		w:        w,
		label:    label,
		total:    total,
		bytes:    bytes,
		silent:   w == nil || w == io.Discard,
		terminal: terminal,
		now:      now,
		interval: plainEvery,
	}
	b.barWidth = b.fitBar(terminalWidth())
	b.start = now()
	if b.silent {
		return b
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.terminal {
		b.draw(b.start, 0)
	} else {
		b.printLine(b.start, 0)
	}
	return b
}

// fitBar returns the widest bar (within minBar..maxBar) that keeps the
// longest line this bar can draw shorter than cols, so that the terminal
// never wraps it (a wrapped line cannot be redrawn with '\r').
func (b *Bar) fitBar(cols int) int {
	// label [bar] 100%  counts  rate(≤10)  ETA 59m59s
	fixed := utf8.RuneCountInString(b.label) + len(" [] 100%  ") + len(b.counts(b.total)) + len("  999.9 MB/s  ETA 59m59s")
	return max(minBar, min(maxBar, cols-1-fixed))
}

// terminalWidth returns $COLUMNS if it is set to a sensible number, else 80.
func terminalWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return lineWidth
}

// isTerminal reports whether w is a character device such as a console.
// TERM=dumb (Emacs shells and the like) counts as not a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	return os.Getenv("TERM") != "dumb"
}

// Add advances the bar by n units.
func (b *Bar) Add(n int64) {
	if b == nil {
		return
	}
	b.n.Add(n)
	if !b.silent {
		b.update()
	}
}

// Set moves the bar to position n (which may be less than before).
func (b *Bar) Set(n int64) {
	if b == nil {
		return
	}
	b.n.Store(n)
	if !b.silent {
		b.update()
	}
}

// Write counts len(p) bytes of progress and discards p. It never fails, so
// a Bar can sit in an io.MultiWriter next to the real destination.
func (b *Bar) Write(p []byte) (int, error) {
	b.Add(int64(len(p)))
	return len(p), nil
}

// Finish prints the final report with the elapsed time (and, on a terminal,
// ends the line). Calls after the first do nothing. Call it also when the
// work stopped early: the report then shows how far it got.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	if b.silent {
		return
	}
	now := b.now()
	line := b.finalText(now, b.n.Load())
	if b.terminal {
		fmt.Fprintf(b.w, "\r%s%s\n", line, b.padding(len(line)))
	} else {
		fmt.Fprintf(b.w, "%s\n", line)
	}
}

// update decides, under the lock, whether the current position deserves a
// report. It reads the position under the lock, so that with several
// goroutines adding at once a report never goes backwards.
func (b *Bar) update() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	pos := b.n.Load()
	now := b.now()
	if b.terminal {
		if now.Sub(b.lastDraw) >= redrawEvery {
			b.draw(now, pos)
		}
		return
	}
	if b.lines >= maxPlainLines-1 { // keep the last line for Finish
		return
	}
	since := now.Sub(b.lastLine)
	if b.total > 0 {
		tenth := min(pos*10/b.total, 10)
		// Both conditions must hold: a new 10% step and 5 s of quiet.
		// 100% is left to Finish, which prints it anyway.
		if tenth > b.lastTenth && tenth < 10 && since >= plainEvery {
			b.lastTenth = tenth
			b.printLine(now, pos)
		}
		return
	}
	// Unknown total: wait twice as long before each new line, so that a
	// long job still prints only a handful.
	if since >= b.interval {
		b.interval *= 2
		b.printLine(now, pos)
	}
}

// draw redraws the terminal line. Caller holds b.mu.
func (b *Bar) draw(now time.Time, pos int64) {
	line := b.liveText(now, pos, true)
	fmt.Fprintf(b.w, "\r%s%s", line, b.padding(len(line)))
	b.lastLen = len(line)
	b.lastDraw = now
}

// printLine prints one plain line. Caller holds b.mu.
func (b *Bar) printLine(now time.Time, pos int64) {
	fmt.Fprintf(b.w, "%s\n", b.liveText(now, pos, false))
	b.lines++
	b.lastLine = now
}

// padding returns the spaces that blank out the rest of a longer line drawn
// before on the same terminal row.
func (b *Bar) padding(n int) string {
	if b.lastLen > n {
		return strings.Repeat(" ", b.lastLen-n)
	}
	return ""
}

// liveText is the report while the work runs: the bar (on a terminal),
// percentage, count, rate and ETA.
func (b *Bar) liveText(now time.Time, pos int64, withBar bool) string {
	var s strings.Builder
	s.WriteString(b.label)
	elapsed := now.Sub(b.start)
	rate := -1.0
	if elapsed >= rateAfter && pos > 0 {
		rate = float64(pos) / elapsed.Seconds()
	}
	if b.total > 0 {
		frac := fraction(pos, b.total)
		if withBar {
			s.WriteString(" " + drawBar(frac, b.barWidth))
		} else {
			s.WriteString(":")
		}
		fmt.Fprintf(&s, " %3d%%  %s", int(frac*100), b.counts(pos))
		if rate > 0 {
			s.WriteString("  " + b.rateText(rate))
			if pos < b.total {
				eta := time.Duration(float64(b.total-pos) / rate * float64(time.Second))
				s.WriteString("  ETA " + formatDuration(eta))
			}
		} else {
			s.WriteString("  ETA --")
		}
		return s.String()
	}
	if !withBar {
		s.WriteString(":")
	}
	s.WriteString(" " + b.counts(pos))
	if rate > 0 {
		s.WriteString("  " + b.rateText(rate))
	}
	if !withBar {
		s.WriteString("  " + formatDuration(elapsed) + " elapsed")
	}
	return s.String()
}

// finalText is the report printed by Finish.
func (b *Bar) finalText(now time.Time, pos int64) string {
	var s strings.Builder
	s.WriteString(b.label)
	elapsed := now.Sub(b.start)
	if b.total > 0 {
		frac := fraction(pos, b.total)
		if b.terminal {
			s.WriteString(" " + drawBar(frac, b.barWidth))
		} else if pos >= b.total {
			s.WriteString(": done")
		} else {
			s.WriteString(": stopped at")
		}
		fmt.Fprintf(&s, " %3d%%  %s", int(frac*100), b.counts(pos))
	} else {
		if !b.terminal {
			s.WriteString(": done")
		}
		s.WriteString(" " + b.counts(pos))
	}
	s.WriteString("  in " + formatDuration(elapsed))
	if elapsed > 0 && pos > 0 {
		s.WriteString(" (" + b.rateText(float64(pos)/elapsed.Seconds()) + ")")
	}
	return s.String()
}

// fraction is pos/total clamped to [0, 1].
func fraction(pos, total int64) float64 {
	f := float64(pos) / float64(total)
	return max(0, min(f, 1))
}

// drawBar returns "[=====>     ]", width characters between the brackets,
// filled to frac.
func drawBar(frac float64, width int) string {
	full := int(frac * float64(width))
	var s strings.Builder
	s.Grow(width + 2)
	s.WriteByte('[')
	s.WriteString(strings.Repeat("=", full))
	if full < width {
		s.WriteByte('>')
		s.WriteString(strings.Repeat(" ", width-full-1))
	}
	s.WriteByte(']')
	return s.String()
}

// counts returns "pos/total", or just "pos" when the total is unknown.
func (b *Bar) counts(pos int64) string {
	if b.bytes {
		if b.total > 0 {
			unit, div := byteUnit(b.total)
			return fmt.Sprintf("%s/%s %s", scaled(pos, div), scaled(b.total, div), unit)
		}
		return FormatBytes(pos)
	}
	if b.total > 0 {
		return fmt.Sprintf("%d/%d", pos, b.total)
	}
	return fmt.Sprint(pos)
}

// rateText formats units (or bytes) per second.
func (b *Bar) rateText(perSec float64) string {
	if b.bytes {
		return FormatBytes(int64(perSec)) + "/s"
	}
	if perSec >= 100 {
		return fmt.Sprintf("%.0f/s", perSec)
	}
	return fmt.Sprintf("%.1f/s", perSec)
}

// byteUnit picks the unit that suits a size of n bytes.
func byteUnit(n int64) (unit string, div float64) {
	switch {
	case n >= 1e9:
		return "GB", 1e9
	case n >= 1e6:
		return "MB", 1e6
	case n >= 1e3:
		return "kB", 1e3
	}
	return "B", 1
}

func scaled(n int64, div float64) string {
	if div == 1 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%.1f", float64(n)/div)
}

// FormatBytes formats a byte count for people: "532 B", "45.3 kB",
// "9.9 MB", "1.2 GB" (powers of 1000, as download sizes are usually quoted).
func FormatBytes(n int64) string {
	unit, div := byteUnit(n)
	return scaled(n, div) + " " + unit
}

// formatDuration prints a duration the way a person reads it: "0.4s", "42s",
// "3m05s", "1h02m".
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
