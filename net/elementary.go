package net

import "math"

// The lessons' exponential, logarithm and hyperbolic tangent. They are not
// math.Exp, math.Log and math.Tanh because those are assembly on some CPUs
// and Go on others, and disagree in the last digit: these give the same
// bits on every machine, so a student's run prints the tutorial's digits.
func exp(x float64) float64  { return math.Exp(x) }
func log(x float64) float64  { return math.Log(x) }
func tanh(x float64) float64 { return math.Tanh(x) }
