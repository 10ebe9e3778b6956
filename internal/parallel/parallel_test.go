package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// count records how many times each row was computed.
type count []atomic.Int32

func (c count) Rows(lo, hi int) {
	for i := lo; i < hi; i++ {
		c[i].Add(1)
	}
}

func TestParallel_RowsEachOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		for _, m := range []int{0, 1, 2, 3, 7, 128, 1001} {
			c := make(count, m)
			Rows(c, m)
			for i := range c {
				if got := c[i].Load(); got != 1 {
					t.Errorf("GOMAXPROCS %d, m %d: row %d computed %d times, want 1", procs, m, i, got)
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// nested calls Rows from inside a block, as a product inside Both does.
type nested struct{ inner count }

func (n nested) Rows(lo, hi int) {
	for range hi - lo {
		Rows(n.inner, len(n.inner))
	}
}

func TestParallel_NestedAndConcurrent(t *testing.T) {
	n := nested{make(count, 50)}
	done := make(chan struct{})
	other := make(count, 300)
	go func() {
		defer close(done)
		for range 100 {
			Rows(other, len(other))
		}
	}()
	for range 100 {
		Rows(n, 4)
	}
	<-done
	for i := range n.inner {
		if got := n.inner[i].Load(); got != 400 {
			t.Fatalf("inner row %d computed %d times, want 400", i, got)
		}
	}
	for i := range other {
		if got := other[i].Load(); got != 100 {
			t.Fatalf("row %d of the concurrent job computed %d times, want 100", i, got)
		}
	}
}

func TestParallel_Both(t *testing.T) {
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		var f, g int
		for range 1000 {
			Both(func() { f++ }, func() { g++ })
		}
		if f != 1000 || g != 1000 {
			t.Errorf("GOMAXPROCS %d: f ran %d times and g %d, want 1000 each", procs, f, g)
		}
		// Both inside Both: the inner pair runs on the calling goroutine.
		var a, b atomic.Int32
		Both(func() { Both(func() { a.Add(1) }, func() { b.Add(1) }) }, func() { b.Add(1) })
		if a.Load() != 1 || b.Load() != 2 {
			t.Errorf("GOMAXPROCS %d: nested Both ran a %d and b %d times, want 1 and 2", procs, a.Load(), b.Load())
		}
		runtime.GOMAXPROCS(prev)
	}
}

// A helper that finds no work for a while blocks, and a later job still
// reaches it.
func TestParallel_AfterIdle(t *testing.T) {
	c := make(count, 64)
	Rows(c, 64)
	for range 3 {
		runtimeSleep()
		Rows(c, 64)
	}
	for i := range c {
		if got := c[i].Load(); got != 4 {
			t.Fatalf("row %d computed %d times, want 4", i, got)
		}
	}
}

func runtimeSleep() { time.Sleep(3 * spin) }

// calls records the blocks a job was asked for.
type calls struct {
	mu     sync.Mutex
	blocks [][2]int
}

func (c *calls) Rows(lo, hi int) {
	c.mu.Lock()
	c.blocks = append(c.blocks, [2]int{lo, hi})
	c.mu.Unlock()
}

func TestParallel_HoldKeepsWorkWhole(t *testing.T) {
	prev := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(prev)
	backoffUntil.Store(0)
	c := new(calls)
	Rows(c, 100)
	if len(c.blocks) != 2*chunksPerCPU {
		t.Fatalf("with 2 CPUs: blocks %v, want %d chunks", c.blocks, 2*chunksPerCPU)
	}
	Hold()
	c = new(calls)
	Rows(c, 100)
	Release()
	if len(c.blocks) != 1 || c.blocks[0] != [2]int{0, 100} {
		t.Fatalf("while held: blocks %v, want [[0 100]]", c.blocks)
	}
	if b := busy.Load(); b != 0 {
		t.Fatalf("after Rows, Both, Hold and Release the busy count is %d, want 0", b)
	}
}

func TestParallel_BacksOffFromLateHelpers(t *testing.T) {
	prev := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(prev)
	backoffUntil.Store(0)
	// The helper's half takes 5 ms, the caller's nothing: the caller
	// waits far longer than it works, as when the helper's CPU is shared
	// with another busy program.
	for range 3 {
		Both(func() { time.Sleep(5 * time.Millisecond) }, func() {})
	}
	if !backingOff() {
		t.Fatalf("after three calls waiting 5 ms each for a helper, Rows is not backing off")
	}
	c := new(calls)
	Rows(c, 100)
	if len(c.blocks) != 1 {
		t.Fatalf("while backing off: blocks %v, want the whole job on the caller", c.blocks)
	}
	backoffUntil.Store(time.Now().UnixNano()) // the back-off is over
	c = new(calls)
	Rows(c, 100)
	if len(c.blocks) != 2*chunksPerCPU {
		t.Fatalf("after the back-off: blocks %v, want %d chunks again", c.blocks, 2*chunksPerCPU)
	}
}
