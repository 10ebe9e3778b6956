package parallel

import (
	"sync/atomic"
	"testing"
	"time"
)

type spinJob struct {
	out      []float64
	act, max atomic.Int32
	calls    atomic.Int32
}

func (j *spinJob) Rows(lo, hi int) {
	a := j.act.Add(1)
	if a > j.max.Load() {
		j.max.Store(a)
	}
	j.calls.Add(1)
	for i := lo; i < hi; i++ {
		s := 1.0
		for k := 0; k < 20000; k++ {
			s = s*1.0000001 + 1e-9
		}
		j.out[i] = s
	}
	j.act.Add(-1)
}

func TestZZWho(t *testing.T) {
	j := &spinJob{out: make([]float64, 16)}
	for range 5 {
		s := time.Now()
		Rows(j, 16)
		t.Logf("helpers %d max %d calls %d %v", helpers, j.max.Load(), j.calls.Load(), time.Since(s))
	}
	s := time.Now()
	j.Rows(0, 16)
	t.Logf("serial %v", time.Since(s))
}

func BenchmarkZZRows(b *testing.B) {
	j := &spinJob{out: make([]float64, 16)}
	for b.Loop() {
		Rows(j, 16)
	}
	b.ReportMetric(float64(j.max.Load()), "maxconc")
}
