package train

import "math"

// pow is x to the y for Adam's bias correction, β^t. It is not math.Pow,
// whose result is not correctly rounded (math.Pow(0.9, 4) is
// 0.6561000000000001) and differs between CPUs: this one gives the same
// bits on every machine, and those of a correctly rounding libm (NumPy's).
func pow(x, y float64) float64 { return math.Pow(x, y) }
