package progress

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a hand-driven clock for deterministic tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestProgressPlainFastJob(t *testing.T) {
	// A job that finishes in under 5 s prints the 0% line and the final
	// line, nothing in between, however many steps it takes.
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "epoch 1", 600, false, false, clk.now)
	for range 600 {
		clk.advance(5 * time.Millisecond)
		b.Add(1)
	}
	b.Finish()
	got := lines(buf.String())
	want := []string{
		"epoch 1:   0%  0/600  ETA --",
		"epoch 1: done 100%  600/600  in 3.0s (200/s)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("plain output:\n%s\nwant:\n%s", buf.String(), strings.Join(want, "\n"))
	}
	if strings.Contains(buf.String(), "\r") {
		t.Error("plain mode must not write carriage returns")
	}
}

func TestProgressPlainSlowJob(t *testing.T) {
	// A slow job (100 s) prints at each 10% step: 0%, 10%, ..., 90%, done.
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "grad", 100, false, false, clk.now)
	for range 100 {
		clk.advance(time.Second)
		b.Add(1)
	}
	b.Finish()
	got := lines(buf.String())
	if len(got) != 11 {
		t.Fatalf("got %d lines, want 11 (0%%..90%% and done):\n%s", len(got), buf.String())
	}
	if got[1] != "grad:  10%  10/100  1.0/s  ETA 1m30s" {
		t.Errorf("line 2 = %q", got[1])
	}
	if got[10] != "grad: done 100%  100/100  in 1m40s (1.0/s)" {
		t.Errorf("last line = %q", got[10])
	}
}

func TestProgressPlainRarerOfTheTwo(t *testing.T) {
	// 10% every second but only one line per 5 s: the time rule wins.
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "x", 100, false, false, clk.now)
	for range 100 {
		clk.advance(100 * time.Millisecond)
		b.Add(1)
	}
	b.Finish()
	// 10 s in all: lines at 0 s, ~5 s, ~10 s is 100% (left to Finish).
	if n := len(lines(buf.String())); n != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", n, buf.String())
	}
}

func TestProgressPlainUnknownTotalIsBounded(t *testing.T) {
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "stream", 0, false, false, clk.now)
	for range 100_000 { // 100,000 s, more than a day
		clk.advance(time.Second)
		b.Add(3)
	}
	b.Finish()
	got := lines(buf.String())
	if len(got) > maxPlainLines {
		t.Fatalf("%d lines, want at most %d:\n%s", len(got), maxPlainLines, buf.String())
	}
	if got[0] != "stream: 0  0.0s elapsed" {
		t.Errorf("first line = %q", got[0])
	}
	if last := got[len(got)-1]; last != "stream: done 300000  in 27h47m (3.0/s)" {
		t.Errorf("last line = %q", last)
	}
}

func TestProgressPlainLineCap(t *testing.T) {
	// Going back and forth must not print more than maxPlainLines lines.
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "x", 10, false, false, clk.now)
	for range 50 {
		for i := int64(1); i <= 9; i++ {
			clk.advance(10 * time.Second)
			b.Set(i)
		}
	}
	b.Finish()
	if n := len(lines(buf.String())); n > maxPlainLines {
		t.Fatalf("%d lines, want at most %d", n, maxPlainLines)
	}
	if !strings.Contains(buf.String(), "stopped at  90%") {
		t.Errorf("an unfinished bar should say where it stopped:\n%s", buf.String())
	}
}

func TestProgressTerminal(t *testing.T) {
	t.Setenv("COLUMNS", "") // assume 80 columns
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "train-images-idx3-ubyte.gz", 10_000_000, true, true, clk.now)
	// 100 writes of 100 kB, 10 ms apart: one second in all, so at most
	// about ten redraws besides the first.
	chunk := make([]byte, 100_000)
	for range 100 {
		clk.advance(10 * time.Millisecond)
		if _, err := b.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	b.Finish()
	b.Finish() // idempotent
	out := buf.String()
	if !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("terminal mode should end with exactly one newline: %q", out)
	}
	draws := strings.Count(out, "\r")
	if draws < 5 || draws > 13 {
		t.Errorf("%d redraws in 1 s, want about 10 (at most 10 a second):\n%q", draws, out)
	}
	frames := strings.Split(strings.TrimSuffix(out, "\n"), "\r")
	first := frames[1]
	if want := "train-images-idx3-ubyte.gz [>         ]   0%  0.0/10.0 MB  ETA --"; first != want {
		t.Errorf("first frame\n%q, want\n%q", first, want)
	}
	mid := frames[6]
	if !strings.Contains(mid, "[=====") || !strings.Contains(mid, "MB/s") || !strings.Contains(mid, "ETA ") {
		t.Errorf("a middle frame lacks bar, rate or ETA: %q", mid)
	}
	last := strings.TrimRight(frames[len(frames)-1], " ")
	if want := "train-images-idx3-ubyte.gz [==========] 100%  10.0/10.0 MB  in 1.0s (10.0 MB/s)"; last != want {
		t.Errorf("final frame\n%q, want\n%q", last, want)
	}
}

func TestProgressTerminalFitsTheWidth(t *testing.T) {
	t.Setenv("COLUMNS", "")
	// A line that wraps cannot be redrawn in place: every frame must fit
	// in 79 columns, even with a long label and the slowest ETA.
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "t10k-images-idx3-ubyte.gz", 1_648_877, true, true, clk.now)
	for range 100 {
		clk.advance(37 * time.Second)
		b.Add(1000)
	}
	b.Finish()
	for _, frame := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\r") {
		if n := len(strings.TrimRight(frame, " ")); n > 79 {
			t.Errorf("frame of %d characters: %q", n, frame)
		}
	}
	// A short label leaves room for a wider bar, up to maxBar; a wider
	// terminal ($COLUMNS) too.
	short := newBar(nil, "epoch 1", 600, false, true, clk.now)
	if short.barWidth != maxBar {
		t.Errorf("bar width %d for a short label, want %d", short.barWidth, maxBar)
	}
	if long := newBar(nil, strings.Repeat("x", 100), 600, false, true, clk.now); long.barWidth != minBar {
		t.Errorf("bar width %d for a very long label, want %d", long.barWidth, minBar)
	}
	t.Setenv("COLUMNS", "200")
	if wide := newBar(nil, "train-images-idx3-ubyte.gz", 1e7, true, true, clk.now); wide.barWidth != maxBar {
		t.Errorf("bar width %d with COLUMNS=200, want %d", wide.barWidth, maxBar)
	}
}

func TestProgressTerminalPadsShorterLines(t *testing.T) {
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "n", 0, false, true, clk.now)
	clk.advance(time.Second)
	b.Set(123456789)
	clk.advance(time.Second)
	b.Set(1)
	frames := strings.Split(buf.String(), "\r")
	long, short := frames[2], frames[3]
	if len(short) < len(strings.TrimRight(long, " ")) {
		t.Errorf("a shorter redraw must blank the old text: %q then %q", long, short)
	}
}

func TestProgressSilent(t *testing.T) {
	for _, w := range []io.Writer{nil, io.Discard} {
		b := New(w, "quiet", 10)
		b.Add(5)
		b.Set(7)
		b.Finish()
		if allocs := testing.AllocsPerRun(1000, func() { b.Add(1) }); allocs != 0 {
			t.Errorf("Add on a silent bar allocates %v times", allocs)
		}
	}
	var nilBar *Bar
	nilBar.Add(1) // must not panic
	nilBar.Set(1)
	nilBar.Finish()
}

func TestProgressConcurrentAdd(t *testing.T) {
	var buf bytes.Buffer
	clk := newClock()
	b := newBar(&buf, "par", 8000, false, true, clk.now)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				clk.advance(time.Millisecond)
				b.Add(1)
			}
		})
	}
	wg.Wait()
	b.Finish()
	if got := b.n.Load(); got != 8000 {
		t.Fatalf("count %d, want 8000", got)
	}
	if !strings.Contains(buf.String(), "8000/8000") {
		t.Errorf("final line lacks 8000/8000: %q", buf.String())
	}
}

func TestProgressNotTerminalForBuffers(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) || isTerminal(nil) {
		t.Fatal("a buffer is not a terminal")
	}
}

func TestProgressFormatting(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {999, "999 B"}, {45_300, "45.3 kB"}, {9_912_422, "9.9 MB"}, {1_200_000_000, "1.2 GB"}} {
		if got := FormatBytes(c.n); got != c.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{400 * time.Millisecond, "0.4s"}, {42 * time.Second, "42s"}, {185 * time.Second, "3m05s"}, {62 * time.Minute, "1h02m"}, {-time.Second, "0.0s"}} {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := drawBar(0.5, 24); got != "[============>           ]" {
		t.Errorf("drawBar(0.5) = %q", got)
	}
}

func BenchmarkAddSilent(b *testing.B) {
	bar := New(io.Discard, "bench", int64(b.N))
	for b.Loop() {
		bar.Add(1)
	}
}

func BenchmarkAddPlain(b *testing.B) {
	bar := New(io.Discard, "bench", int64(b.N))
	bar.silent = false // measure the locking path; the output is discarded
	for b.Loop() {
		bar.Add(1)
	}
}
