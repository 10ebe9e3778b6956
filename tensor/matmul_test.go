package tensor

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// sparse returns a (r, c) tensor of normal values with about frac of them
// set to zero, in runs, as MNIST pixels are.
func sparse(rng *rand.Rand, r, c int, frac float64) *Tensor {
	x := RandN(rng, 1, r, c)
	d := x.Data()
	for i := 0; i < len(d); {
		run := 1 + rng.IntN(9)
		zero := rng.Float64() < frac
		for ; run > 0 && i < len(d); run, i = run-1, i+1 {
			if zero {
				d[i] = 0
			}
		}
	}
	return x
}

// TestCh04_MatMulMatchesNaive checks the fast product against the reference
// on awkward shapes (1, primes, k not a multiple of 4, large enough to run in
// parallel), dense and sparse, for every operand layout.
func TestCh04_MatMulMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	shapes := [][3]int{{1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {2, 3, 4}, {5, 7, 3}, {17, 13, 11}, {100, 784, 50}, {33, 129, 65}, {257, 3, 1}, {1, 1000, 3},
		{131, 521, 129}} // the last is large enough to be split among CPUs
	for _, sh := range shapes {
		m, k, n := sh[0], sh[1], sh[2]
		for _, frac := range []float64{0, 0.8} {
			a, b := sparse(rng, m, k, frac), sparse(rng, k, n, frac)
			want := MatMulNaive(nil, a, b)
			cases := map[string]*Tensor{
				"a·b":     MatMul(nil, a, b),
				"(aᵀ)ᵀ·b": MatMul(nil, a.T().Clone().T(), b),
				"a·(bᵀ)ᵀ": MatMul(nil, a, b.T().Clone().T()),
				"both ᵀ":  MatMul(nil, a.T().Clone().T(), b.T().Clone().T()),
			}
			for name, got := range cases {
				if d := MaxAbsDiff(got, want); d > 1e-12 {
					t.Errorf("MatMul %s (%d,%d)x(%d,%d) zeros %.0f%%: max |fast-naive| = %g, want <= 1e-12", name, m, k, k, n, 100*frac, d)
				}
			}
		}
	}
}

func TestCh04_MatMulVectors(t *testing.T) {
	x := Vector(0.6, 0.9)
	w := FromRows([][]float64{{1, 2, 3}, {4, 5, 6}})
	got := MatMul(nil, x, w)
	if s := got.Shape(); len(s) != 1 || s[0] != 3 {
		t.Fatalf("vector · matrix: got shape %v, want [3]", s)
	}
	if want := []float64{0.6 + 3.6, 1.2 + 4.5, 1.8 + 5.4}; !equal(got.Data(), want) {
		t.Errorf("vector · matrix: got %v, want %v", got.Data(), want)
	}
	if got := MatMul(nil, w, Vector(1, 1, 1)).Data(); !equal(got, []float64{6, 15}) {
		t.Errorf("matrix · vector: got %v, want [6 15]", got)
	}
	if got := MatMul(nil, x, x).Item(); got != 0.6*0.6+0.9*0.9 {
		t.Errorf("vector · vector: got %v", got)
	}
	mustPanicShape(t, "MatMul", func() { MatMul(nil, w, w) }, "[2 3]", "[2 3]")
	mustPanicShape(t, "MatMul aliasing", func() {
		sq := New(2, 2)
		MatMul(sq, sq, sq)
	}, "shares storage")
}

// TestCh04_MatMulDeterministic checks that the result does not depend on how
// many CPUs share the work.
func TestCh04_MatMulDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	a, b := sparse(rng, 301, 257, 0.5), sparse(rng, 257, 131, 0.5) // above splitWork
	want := MatMul(nil, a, b)
	prev := runtime.GOMAXPROCS(1)
	one := MatMul(nil, a, b)
	runtime.GOMAXPROCS(prev)
	for i, v := range one.Data() {
		if v != want.Data()[i] {
			t.Fatalf("element %d: %v with 1 CPU, %v with %d", i, v, want.Data()[i], prev)
		}
	}
}

func TestCh04_MatMulNoAllocWithDst(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	rng := rand.New(rand.NewPCG(6, 6))
	a, b := sparse(rng, 100, 784, 0.8), RandN(rng, 1, 784, 50)
	dst := New(100, 50)
	g, at := New(784, 50), a.T()
	big, bw, bdst := RandN(rng, 1, 300, 300), RandN(rng, 1, 300, 100), New(300, 100) // split among CPUs
	MatMul(bdst, big, bw)                                                            // start the workers
	var sb Sparse
	sb.Set(sparse(rng, 100, 50, 0.9))
	sbig := new(Sparse).Set(sparse(rng, 1000, 300, 0.8))
	sdst := New(300, 1000)
	var sx Sparse
	sx.Set(a) // grow its buffers once
	for name, f := range map[string]func(){
		"a·b":          func() { MatMul(dst, a, b) },
		"aᵀ·d":         func() { MatMul(g, at, dst) },
		"large, split": func() { MatMul(bdst, big, bw) },
		"sparse b":     func() { MatMulSparse(g, at, &sb) },
		"sparse bᵀ":    func() { MatMulSparseT(sdst, big, sbig) },
		"Sparse.Set":   func() { sx.Set(a) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("MatMul %s with a dst: %v allocations per call, want 0", name, n)
		}
	}
}

func BenchmarkMatMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	// The shapes of numpy_ref.py's matmul workload; x is dense here, as there.
	for _, sh := range [][3]int{{100, 784, 50}, {784, 100, 50}, {128, 784, 256}, {1024, 1024, 1024}} {
		m, k, n := sh[0], sh[1], sh[2]
		a, w, dst := RandN(rng, 1, m, k), RandN(rng, 1, k, n), New(m, n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				MatMul(dst, a, w)
			}
			b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	// The products of one TwoLayerNet step on an MNIST-like batch (80% zeros).
	x := sparse(rng, 100, 784, 0.8)
	w1, dst := RandN(rng, 1, 784, 50), New(100, 50)
	b.Run("mnist_x·W1", func(b *testing.B) {
		for b.Loop() {
			MatMul(dst, x, w1)
		}
	})
	g := New(784, 50)
	b.Run("mnist_xᵀ·d", func(b *testing.B) {
		for b.Loop() {
			MatMul(g, x.T(), dst)
		}
	})
}
