package tensor

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
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

// TestMatMulMatchesNaive checks the fast product against the reference
// on awkward shapes (1, primes, k not a multiple of 4, large enough to run in
// parallel), dense and sparse, for every operand layout.
func TestMatMulMatchesNaive(t *testing.T) {
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

func TestMatMulVectors(t *testing.T) {
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

// TestMatMulDeterministic checks that the result does not depend on how
// many CPUs share the work.
func TestMatMulDeterministic(t *testing.T) {
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

func TestMatMulNoAllocWithDst(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	rng := rand.New(rand.NewPCG(6, 6))
	a, b := sparse(rng, 100, 784, 0.8), RandN(rng, 1, 784, 50)
	dst := New(100, 50)
	g, at := New(784, 50), a.T()
	big, bw, bdst := RandN(rng, 1, 300, 300), RandN(rng, 1, 300, 100), New(300, 100) // split among CPUs
	MatMul(bdst, big, bw)                                                            // start the workers
	bwT := RandN(rng, 1, 100, 300).T()
	wx, xs, xdst := RandN(rng, 1, 64, 784), digits(rng, 128).T(), New(64, 128)
	var sb Sparse
	sb.Set(sparse(rng, 100, 50, 0.9))
	sbig := new(Sparse).Set(sparse(rng, 1000, 300, 0.8))
	sdst := New(300, 1000)
	var sx Sparse
	sx.Set(a) // grow its buffers once
	for name, f := range map[string]func(){
		"a·b":           func() { MatMul(dst, a, b) },
		"aᵀ·d":          func() { MatMul(g, at, dst) },
		"large, split":  func() { MatMul(bdst, big, bw) },
		"sparse b":      func() { MatMulSparse(g, at, &sb) },
		"sparse bᵀ":     func() { MatMulSparseT(sdst, big, sbig) },
		"a·bᵀ":          func() { MatMul(bdst, big, bwT) },
		"w·x, x sparse": func() { MatMul(xdst, wx, xs) },
		"Sparse.Set":    func() { sx.Set(a) },
	} {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("MatMul %s with a dst: %v allocations per call, want 0", name, n)
		}
	}
}

// reportGFLOPs reports 2·work floating-point operations per call as
// GFLOP/s of wall time and, when the process used no more than one CPU
// (-cpu 1), as GFLOP per CPU-second too: on a machine shared with other
// programs the second is close to what the kernel does on a quiet one.
func reportGFLOPs(b *testing.B, work int, cpu time.Duration) {
	flop := 2 * float64(work) * float64(b.N)
	b.ReportMetric(flop/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if runtime.GOMAXPROCS(0) == 1 && cpu > 0 {
		b.ReportMetric(flop/cpu.Seconds()/1e9, "GFLOP/cpu-s")
	}
}

// BenchmarkMatMul times the four shapes of numpy_ref.py's matmul workload
// (dense, as there) and the two first-layer products of a TwoLayerNet step
// on a batch of digit-like images:
//
//	go test ./tensor -run '^$' -bench 'MatMul$' -cpu 1
//	go test ./tensor -run '^$' -bench 'MatMul$' -cpu 2
//
// (one -cpu value per run: with a list, Go runs the first pass with the
// last value's GOMAXPROCS, golang.org/issue/49980).
func BenchmarkMatMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	// The shapes of numpy_ref.py's matmul workload; x is dense here, as there.
	for _, sh := range [][3]int{{100, 784, 50}, {784, 100, 50}, {128, 784, 256}, {1024, 1024, 1024}} {
		m, k, n := sh[0], sh[1], sh[2]
		a, w, dst := RandN(rng, 1, m, k), RandN(rng, 1, k, n), New(m, n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				MatMul(dst, a, w)
			}
			reportGFLOPs(b, m*k*n, cpuTime()-cpu0)
		})
	}
	// The products of one TwoLayerNet step on an MNIST-like batch (85% zeros).
	x := digits(rng, 100)
	w1, dst := RandN(rng, 1, 784, 50), New(100, 50)
	b.Run("mnist_x·W1", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			MatMul(dst, x, w1)
		}
		reportGFLOPs(b, 100*784*50, cpuTime()-cpu0)
	})
	g := New(784, 50)
	b.Run("mnist_xᵀ·d", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			MatMul(g, x.T(), dst)
		}
		reportGFLOPs(b, 100*784*50, cpuTime()-cpu0)
	})
}

// BenchmarkMatMul_Column times note 001's products written plainly, as
// the column-layout network computes them (W·X, dW = dA·Zᵀ, dZ = Wᵀ·dA):
// X is a batch of 128 digit-like images (85% zeros), Z1 and the δ's of
// the hidden layers are half zeros (ReLU). MatMul picks its kernel from
// the operands.
//
//	go test ./tensor -run '^$' -bench MatMul_Column -cpu 1   # then -cpu 2
func BenchmarkMatMul_Column(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 11))
	x := digits(rng, 128).T().Clone()
	w1, w2, w3 := RandN(rng, 1, 256, 784), RandN(rng, 1, 128, 256), RandN(rng, 1, 10, 128)
	z1, z2 := sparse(rng, 256, 128, 0.5), sparse(rng, 128, 128, 0.5)
	d1, d2, d3 := sparse(rng, 256, 128, 0.5), sparse(rng, 128, 128, 0.5), RandN(rng, 1, 10, 128)
	for _, c := range []struct {
		name string
		a, b *Tensor
	}{
		{"W1·X", w1, x}, {"W2·Z1", w2, z1}, {"W3·Z2", w3, z2},
		{"dA3·Z2ᵀ", d3, z2.T()}, {"dA2·Z1ᵀ", d2, z1.T()}, {"dA1·Xᵀ", d1, x.T()},
		{"W3ᵀ·dA3", w3.T(), d3}, {"W2ᵀ·dA2", w2.T(), d2},
	} {
		m, k, n := c.a.Dim(0), c.a.Dim(1), c.b.Dim(1)
		dst := New(m, n)
		b.Run(c.name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				MatMul(dst, c.a, c.b)
			}
			reportGFLOPs(b, m*k*n, cpuTime()-cpu0)
		})
	}
}

// digits returns count MNIST-like images as rows of a (count, 784)
// matrix: on a 28×28 grid, a few thick random strokes near the centre,
// values in (0, 1], about four pixels in five left zero, as in MNIST,
// where the zeros come in long runs (the border, the gaps between strokes).
func digits(rng *rand.Rand, count int) *Tensor {
	x := New(count, 784)
	for i := range count {
		img := x.data[i*784 : (i+1)*784]
		for range 3 + rng.IntN(3) {
			x0, y0 := 6+rng.Float64()*16, 6+rng.Float64()*16
			x1, y1 := 6+rng.Float64()*16, 6+rng.Float64()*16
			for s := 0.0; s <= 1; s += 0.02 {
				cx, cy := x0+s*(x1-x0), y0+s*(y1-y0)
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						if r, c := int(cy)+dy, int(cx)+dx; r >= 0 && r < 28 && c >= 0 && c < 28 {
							img[r*28+c] = max(img[r*28+c], 0.2+0.8*rng.Float64())
						}
					}
				}
			}
		}
	}
	return x
}
