package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Job is work on a range of rows: Rows(lo, hi) computes rows [lo, hi), and
// calls for disjoint ranges may run at the same time.
type Job interface {
	Rows(lo, hi int)
}

// spin is how long an idle helper or a waiting caller keeps looking before
// it blocks.
const spin = time.Millisecond

type task struct {
	job    Job
	lo, hi int
	g      *group
}

// group is one call of Rows or Both in flight.
type group struct {
	left atomic.Int32 // blocks handed to helpers and not yet finished
	wg   sync.WaitGroup
}

var (
	once    sync.Once
	tasks   chan task // blocks waiting for a helper
	helpers int
	busy    atomic.Int32 // calls splitting work right now
	groups  = sync.Pool{New: func() any { return new(group) }}
)

func start() {
	helpers = runtime.GOMAXPROCS(0) - 1
	tasks = make(chan task, max(helpers, 1))
	for range helpers {
		go helper()
	}
}

// helper runs blocks from tasks, looking for the next one for spin before
// it blocks on the channel.
func helper() {
	for {
		t, ok := poll(tasks)
		if !ok {
			t = <-tasks
		}
		t.job.Rows(t.lo, t.hi)
		t.g.left.Add(-1)
		t.g.wg.Done()
	}
}

// poll receives from c, spinning for up to spin; ok is false if nothing
// came.
func poll(c chan task) (t task, ok bool) {
	deadline := time.Now().Add(spin)
	for {
		for range 64 {
			select {
			case t = <-c:
				return t, true
			default:
			}
		}
		if time.Now().After(deadline) {
			return t, false
		}
		// Let any other goroutine that is ready run first: the spinning
		// must not hold a CPU that real work is waiting for.
		runtime.Gosched()
	}
}

// Hold tells Rows and Both that the CPUs are busy with the caller's own
// goroutines (workers computing a numerical gradient, trainings run side by
// side), so that work is computed whole on its caller rather than handed to
// helpers competing for the same CPUs. Each Hold needs a Release.
func Hold() { busy.Add(1) }

// Release undoes one Hold.
func Release() { busy.Add(-1) }

// Rows computes j.Rows(0, m) with the rows shared between the CPUs: they
// are cut into a few contiguous chunks per CPU, and the caller and the
// helpers take the next chunk until none is left, each chunk computed by
// one goroutine. Taking chunks as they come, rather than one fixed share
// each, means a helper that is slow to start (its CPU busy with another
// program) costs at most the chunk it is on, not a whole share. With one
// CPU, or while another call of Rows or Both is sharing out work (so that
// the CPUs are busy already), the caller computes all rows itself.
//
// A job must not panic: a block running on a helper would take the whole
// program down. Check shapes before calling Rows, as MatMul does. Helpers
// are started at the first split, one per CPU then allowed (GOMAXPROCS)
// less the caller; raising GOMAXPROCS later adds none.
func Rows(j Job, m int) {
	workers := min(runtime.GOMAXPROCS(0), m)
	if workers <= 1 || backingOff() {
		j.Rows(0, m)
		return
	}
	if busy.Add(1) > 1 {
		busy.Add(-1)
		j.Rows(0, m)
		return
	}
	defer busy.Add(-1)
	once.Do(start)
	t0 := time.Now()
	workers = min(workers, helpers+1)
	g := groups.Get().(*group)
	sh := shares.Get().(*shared)
	sh.job, sh.m, sh.chunks = j, m, min(m, chunksPerCPU*workers)
	sh.next.Store(0)
	for w := 1; w < workers; w++ {
		g.left.Add(1)
		g.wg.Add(1)
		select {
		case tasks <- task{sh, 0, 1, g}:
		default: // every helper is busy: the caller takes the chunks
			g.left.Add(-1)
			g.wg.Done()
		}
	}
	sh.take()
	t1 := time.Now()
	g.wait()
	noteWait(t0, t1)
	*sh = shared{}
	shares.Put(sh)
	groups.Put(g)
}

// When another program keeps a CPU busy, the operating system shares that
// CPU between it and a helper: a helper can be stopped for a time slice
// (milliseconds) in the middle of a chunk, or be slow to start, while the
// caller waits for it, and sharing then costs more than it gains. So Rows
// and Both keep account of how long their caller waited for helpers
// against how long it worked itself (decaying sums over recent calls); when
// the waiting reaches half the working (and a couple of milliseconds, so
// that tiny jobs and a helper waking from sleep do not count), all work
// stays on the caller for a while before sharing is tried again. A busy
// machine then costs about what one CPU would; on a quiet one the waits
// are the last chunk's tail, a small fraction. A back-off that follows
// soon after the last one ended lasts twice as long (the machine is still
// busy), up to maxBackoff.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 2 * time.Second
	decay      = 0.9  // weight of the past in the sums, per call
	minWaited  = 2e-3 // seconds of (decayed) waiting that can count
)

var (
	backoffUntil atomic.Int64 // time.Now().UnixNano() before which Rows works alone
	account      struct {
		sync.Mutex
		waited, worked float64       // decaying sums, in seconds
		backoff        time.Duration // the length of the last back-off
	}
)

func backingOff() bool { return time.Now().UnixNano() < backoffUntil.Load() }

// noteWait adds a call to the account: it started at t0, the caller had
// done its own work at t1, and its helpers were done now.
func noteWait(t0, t1 time.Time) {
	now := time.Now()
	a := &account
	a.Lock()
	a.waited = float64(a.waited*decay) + now.Sub(t1).Seconds()
	a.worked = float64(a.worked*decay) + t1.Sub(t0).Seconds()
	if a.waited > minWaited && a.waited > a.worked/2 {
		a.waited, a.worked = 0, 0
		if ended := time.Unix(0, backoffUntil.Load()); now.Sub(ended) < 2*a.backoff {
			a.backoff = min(2*a.backoff, maxBackoff)
		} else {
			a.backoff = minBackoff
		}
		backoffUntil.Store(now.Add(a.backoff).UnixNano())
	}
	a.Unlock()
}

// chunksPerCPU is how many chunks Rows cuts per CPU: enough that a late
// helper delays the caller by a fraction of the work, few enough that each
// chunk is long compared with taking it (one atomic add).
const chunksPerCPU = 4

// shared is one call of Rows being computed by whoever takes its chunks.
type shared struct {
	job       Job
	m, chunks int
	next      atomic.Int64
}

var shares = sync.Pool{New: func() any { return new(shared) }}

// take computes chunks of sh until none is left.
func (sh *shared) take() {
	for {
		c := int(sh.next.Add(1)) - 1
		if c >= sh.chunks {
			return
		}
		sh.job.Rows(sh.m*c/sh.chunks, sh.m*(c+1)/sh.chunks)
	}
}

// Rows makes shared a Job for a helper: it takes chunks too.
func (sh *shared) Rows(int, int) { sh.take() }

// For calls f on blocks of [0, n), one contiguous block per CPU, as Rows
// does. Callers use it for element-wise work of tens of thousands of
// elements or more; below that, calling the loop directly is cheaper (and
// allocates no closure).
func For(n int, f func(lo, hi int)) { Rows(rangeFunc(f), n) }

type rangeFunc func(lo, hi int)

func (f rangeFunc) Rows(lo, hi int) { f(lo, hi) }

// call is a function run as a Job, for Both.
type call func()

func (f call) Rows(lo, hi int) { f() }

// Both runs f and g at the same time, f on a helper and g on the caller,
// and returns when both are done. With one CPU, or while other work is
// being shared out, it runs f and then g on the caller.
func Both(f, g func()) {
	procs := runtime.GOMAXPROCS(0)
	if procs <= 1 || backingOff() {
		f()
		g()
		return
	}
	if busy.Add(1) > 1 {
		busy.Add(-1)
		f()
		g()
		return
	}
	defer busy.Add(-1)
	once.Do(start)
	if helpers < 1 {
		f()
		g()
		return
	}
	t0 := time.Now()
	gr := groups.Get().(*group)
	gr.left.Add(1)
	gr.wg.Add(1)
	select {
	case tasks <- task{call(f), 0, 1, gr}:
	default:
		f()
		gr.left.Add(-1)
		gr.wg.Done()
	}
	g()
	t1 := time.Now()
	gr.wait()
	noteWait(t0, t1)
	groups.Put(gr)
}

// wait takes back the blocks no helper has started (the caller computes
// them), then waits for the rest: spinning for up to spin, then blocking.
func (g *group) wait() {
	for {
		select {
		case t := <-tasks:
			t.job.Rows(t.lo, t.hi)
			t.g.left.Add(-1)
			t.g.wg.Done()
			continue
		default:
		}
		break
	}
	deadline := time.Now().Add(spin)
	for n := 0; g.left.Load() != 0; n++ {
		if n%64 == 0 && time.Now().After(deadline) {
			break
		}
	}
	g.wg.Wait()
}
