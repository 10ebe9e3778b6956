package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// sameBits reports whether x and y hold the same float64 values bit for
// bit (any NaN equals any NaN), and else the first index that differs.
func sameBits(x, y []float64) (int, bool) {
	if len(x) != len(y) {
		return min(len(x), len(y)), false
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) && !(math.IsNaN(x[i]) && math.IsNaN(y[i])) {
			return i, false
		}
	}
	return 0, true
}

// refProduct is MatMulNaive's definition without its At calls (fast
// enough for the large shapes): the sum over p in increasing order, from
// +0, of the rounded products.
func refProduct(a, b *Tensor) []float64 {
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				s += float64(a.data[i*a.strides[0]+p*a.strides[1]] * b.data[p*b.strides[0]+j*b.strides[1]])
			}
			c[i*n+j] = s
		}
	}
	return c
}

// filled returns a (r, c) matrix: kind "dense" (normal values), "sparse"
// (80% zeros in runs, both signs), "zero", or "nan"/"inf" (sparse with a
// few NaN or ±Inf).
func filled(rng *rand.Rand, r, c int, kind string) *Tensor {
	x := New(r, c)
	if kind == "zero" {
		return x
	}
	d := x.data
	copy(d, RandN(rng, 1, r, c).data)
	if kind == "dense" {
		return x
	}
	for i := 0; i < len(d); {
		run, zero := 1+rng.IntN(9), rng.Float64() < 0.8
		for ; run > 0 && i < len(d); run, i = run-1, i+1 {
			if zero {
				d[i] = math.Copysign(0, float64(rng.IntN(2))-0.5)
			}
		}
	}
	if len(d) > 0 && (kind == "nan" || kind == "inf") {
		for range 1 + len(d)/97 {
			v := math.NaN()
			if kind == "inf" {
				v = math.Inf(2*rng.IntN(2) - 1)
			}
			d[rng.IntN(len(d))] = v
		}
	}
	return x
}

// layout returns the (r, c) matrix x stored as asked: "rows" (row-major),
// "view" (the transposed view of its transpose) or "odd" (row-major in a
// slice starting at an odd offset of a larger array).
func layout(x *Tensor, how string) *Tensor {
	switch how {
	case "view":
		return x.T().Clone().T()
	case "odd":
		buf := make([]float64, len(x.data)+5)
		copy(buf[3:], x.data)
		return FromSlice(buf[3:3+len(x.data)], x.shape...)
	}
	return x
}

// withEngine runs f with MatMul on engine e and GOMAXPROCS procs.
func withEngine(e engine, procs int, f func()) {
	prevE, prevP := active, runtime.GOMAXPROCS(procs)
	active = e
	defer func() { active = prevE; runtime.GOMAXPROCS(prevP) }()
	f()
}

var engineShapes = [][3]int{
	{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {2, 3, 4}, {5, 7, 3}, {7, 13, 17},
	{8, 16, 16}, {9, 17, 15}, {17, 13, 11}, {31, 29, 57}, {33, 129, 65}, {257, 3, 1}, {1, 1000, 3}, {3, 300, 61},
	{100, 784, 50},  // ch4/ch5 x·W1
	{784, 100, 50},  // xᵀ·δ
	{100, 50, 784},  // δ·W1ᵀ
	{256, 784, 128}, // note 001: W1·X
	{131, 521, 129}, // split among CPUs, every edge short
	{40, 37, 41},    // pure Go's right-sparse way (m ≥ 32)
}

// TestMatMulEnginesSameBits checks every engine against the definition,
// bit for bit, on awkward shapes, for each layout of either operand and
// each kind of values, with 1 and 2 CPUs. MatMulNaive itself is checked
// on the smaller shapes.
func TestMatMulEnginesSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	kinds := []string{"dense", "sparse", "zero", "nan", "inf"}
	for _, sh := range engineShapes {
		m, k, n := sh[0], sh[1], sh[2]
		big := m*k*n > 1<<20
		if big && raceEnabled {
			continue // the race detector slows the pure-Go kernels tenfold
		}
		for _, ka := range kinds {
			for _, kb := range kinds {
				if big && !(ka == "sparse" && kb != "zero" || kb == "sparse" && (ka == "dense" || ka == "inf")) {
					continue // keep the large shapes to the cases that matter
				}
				a0, b0 := filled(rng, m, k, ka), filled(rng, k, n, kb)
				want := refProduct(a0, b0)
				if m*k*n < 1<<16 {
					if i, ok := sameBits(MatMulNaive(nil, a0, b0).data, want); !ok {
						t.Fatalf("MatMulNaive (%d,%d)·(%d,%d) %s·%s: element %d differs from the definition", m, k, k, n, ka, kb, i)
					}
				}
				for _, la := range []string{"rows", "view", "odd"} {
					for _, lb := range []string{"rows", "view", "odd"} {
						if big && (la == "odd" || lb == "odd") {
							continue
						}
						a, b := layout(a0, la), layout(b0, lb)
						for _, e := range engines {
							for _, procs := range []int{1, 2} {
								var got *Tensor
								withEngine(e, procs, func() { got = MatMul(nil, a, b) })
								if i, ok := sameBits(got.data, want); !ok {
									t.Fatalf("MatMul on %v, %d CPUs: (%d,%d)·(%d,%d), a %s %s, b %s %s: element %d = %v, want %v (the definition)",
										e, procs, m, k, k, n, ka, la, kb, lb, i, got.data[i], want[i])
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestMatMulSameBitsAnyGOMAXPROCS checks that a product large enough to
// be split gives the same bits with 1 to 4 CPUs, on every engine.
func TestMatMulSameBitsAnyGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	for _, kinds := range [][2]string{{"dense", "dense"}, {"sparse", "dense"}, {"dense", "sparse"}} {
		a, b := filled(rng, 301, 257, kinds[0]), filled(rng, 257, 131, kinds[1])
		want := refProduct(a, b)
		for _, e := range engines {
			for procs := 1; procs <= 4; procs++ {
				var got *Tensor
				withEngine(e, procs, func() { got = MatMul(nil, a, b) })
				if i, ok := sameBits(got.data, want); !ok {
					t.Fatalf("%s·%s on %v with GOMAXPROCS=%d: element %d = %v, want %v", kinds[0], kinds[1], e, procs, i, got.data[i], want[i])
				}
			}
		}
	}
}

// TestMatMulNonFinite checks that NaN and Inf in either operand give what
// plain arithmetic gives (0·Inf = NaN is not skipped), for MatMul and the
// sparse products.
func TestMatMulNonFinite(t *testing.T) {
	x := FromRows([][]float64{{0, 1}, {0, 0}})
	w := FromRows([][]float64{{math.Inf(1), 2}, {3, math.NaN()}})
	for _, e := range engines {
		withEngine(e, 1, func() {
			got := MatMul(nil, x, w)
			want := MatMulNaive(nil, x, w) // [[0·Inf+3, 0·2+NaN], [0·Inf+0, ...]] = all NaN
			if i, ok := sameBits(got.data, want.data); !ok || !math.IsNaN(got.data[2]) {
				t.Errorf("%v: MatMul %v · %v = %v, want %v (element %d)", e, x, w, got, want, i)
			}
			got = MatMulSparse(nil, w, new(Sparse).Set(x))
			if i, ok := sameBits(got.data, MatMulNaive(nil, w, x).data); !ok {
				t.Errorf("%v: MatMulSparse(w, x) = %v, want %v (element %d)", e, got, MatMulNaive(nil, w, x), i)
			}
			got = MatMulSparseT(nil, w, new(Sparse).Set(x))
			if i, ok := sameBits(got.data, MatMulNaive(nil, w, x.T()).data); !ok {
				t.Errorf("%v: MatMulSparseT(w, x) = %v, want %v (element %d)", e, got, MatMulNaive(nil, w, x.T()), i)
			}
		})
	}
}

// FuzzMatMul drives shapes, layouts and values (including ±0, Inf and
// NaN from the raw bits) through every engine against the definition:
//
//	go test ./tensor -run '^$' -fuzz FuzzMatMul -fuzztime 60s
func FuzzMatMul(f *testing.F) {
	f.Add(uint8(3), uint8(4), uint8(5), uint8(0), uint64(1), []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f})
	f.Add(uint8(9), uint8(17), uint8(15), uint8(5), uint64(7), []byte{})
	f.Add(uint8(1), uint8(1), uint8(1), uint8(8), uint64(3), []byte{0, 0, 0, 0, 0, 0, 0, 0x80})
	f.Fuzz(func(t *testing.T, m8, k8, n8, how uint8, seed uint64, raw []byte) {
		m, k, n := int(m8)%70, int(k8)%90, int(n8)%70
		rng := rand.New(rand.NewPCG(seed, 1))
		a0, b0 := filled(rng, m, k, "dense"), filled(rng, k, n, "dense")
		// zero runs, then the raw bytes as float64 bits over both
		for _, d := range [][]float64{a0.data, b0.data} {
			for i := range d {
				if (how>>2)&1 == 1 && rng.IntN(5) != 0 {
					d[i] = 0
				}
			}
		}
		for i := 0; i+8 <= len(raw); i += 8 {
			var u uint64
			for j := range 8 {
				u |= uint64(raw[i+j]) << (8 * j)
			}
			all := len(a0.data) + len(b0.data)
			if all == 0 {
				break
			}
			if pos := int(u>>40) % all; pos < len(a0.data) {
				a0.data[pos] = math.Float64frombits(u)
			} else {
				b0.data[pos-len(a0.data)] = math.Float64frombits(u)
			}
		}
		want := refProduct(a0, b0)
		layouts := []string{"rows", "view", "odd"}
		a, b := layout(a0, layouts[int(how)%3]), layout(b0, layouts[int(how/3)%3])
		for _, e := range engines {
			for _, procs := range []int{1, 2} {
				var got *Tensor
				withEngine(e, procs, func() { got = MatMul(nil, a, b) })
				if i, ok := sameBits(got.data, want); !ok {
					t.Fatalf("MatMul on %v, %d CPUs, (%d,%d)·(%d,%d): element %d = %v, want %v", e, procs, m, k, k, n, i, got.data[i], want[i])
				}
			}
		}
	})
}

func ExampleMatMul_engines() {
	fmt.Println(engines[0])
	// Output: pure Go
}
