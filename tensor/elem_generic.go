//go:build !amd64 || purego

package tensor

// Without amd64 assembly the element-wise work runs the Go loops of
// elem.go.

func scaleVec(o []float64, s float64, x []float64)        { scaleGo(o, s, x) }
func addScaledVec(o, x []float64, s float64, y []float64) { addScaledGo(o, x, s, y) }
func addScalarVec(o, x []float64, v float64)              { addScalarGo(o, x, v) }
func maxScalarVec(o, x []float64, s float64)              { maxScalarGo(o, x, s) }
func wherePositiveVec(o, z, a []float64)                  { wherePositiveGo(o, z, a) }
func addVec(o, x, y []float64)                            { addGo(o, x, y) }
func sumRowsVec(o, x []float64, n int)                    { sumRowsGo(o, x, n) }

func transposeRows(dst, src []float64, r, c, lo, hi int) { transposeGo(dst, src, r, c, lo, hi) }
