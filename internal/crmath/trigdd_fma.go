//go:build !wasm

package crmath

import "math"

// trTwoProd returns p = fl(a*b) and the exact error e. math.FMA rounds
// once by definition, so e is the same on every GOARCH; wasm, which has no
// FMA instruction, splits the factors instead (trigdd_wasm.go), with the
// same exact result.
func trTwoProd(a, b float64) (p, e float64) {
	p = float64(a * b)
	return p, math.FMA(a, b, -p)
}
