package net

import "dlfs/internal/crmath"

// The lessons' exponential, logarithm and hyperbolic tangent. They are not
// math.Exp, math.Log and math.Tanh because those are assembly on some CPUs
// and Go on others, and disagree in the last digit: crmath's are correctly
// rounded, so they give the same bits on every machine (and those of any
// correctly rounding libm), and a student's run prints the tutorial's
// digits.
func exp(x float64) float64  { return crmath.Exp(x) }
func log(x float64) float64  { return crmath.Log(x) }
func tanh(x float64) float64 { return crmath.Tanh(x) }
