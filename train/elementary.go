package train

import "dlfs/internal/crmath"

// pow is x to the y for Adam's bias correction, β^t. It is not math.Pow,
// whose result is not correctly rounded (math.Pow(0.9, 4) is
// 0.6561000000000001, not 0.6561) and differs between CPUs: crmath's is
// correctly rounded, the same bits on every machine and those of a
// correctly rounding libm, as NumPy's Python floats use.
func pow(x, y float64) float64 { return crmath.Pow(x, y) }
