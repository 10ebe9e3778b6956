//go:build !amd64 || purego

package tensor

// Without amd64 assembly (another architecture, or -tags purego) MatMul
// runs the pure-Go kernels of matmul.go only.

type operand struct {
	data   []float64
	rs, cs int
}

func vectorMatMul(c []float64, a, b operand, m, k, n int) {
	panic("tensor: no vector engine in this build")
}

func scan(x []float64) (zeros int, finite bool) { return scanRef(x) }
