// Package crmath provides correctly rounded elementary functions in pure
// Go: Exp, Expm1, Log, Log10, Tanh and Pow (and Sin, Cos, Hypot, Cbrt),
// each returning the float64 nearest to the exact value (ties to even).
//
// Why: dlfs must print the same digits on every machine, and the math
// package does not compute the same bits everywhere. math.Exp has three
// implementations (amd64 and arm64 assembly, pure Go elsewhere) that
// disagree on about 16% of inputs, math.Log is assembly on amd64 only, and
// Tanh and Pow call Exp. The compiler also fuses a*b + c into one FMA on
// arm64 (and may elsewhere), even across statements, which changes the
// rounding of any formula. Here every function is the same Go code on
// every GOARCH, calls no math function that rounds (only exact ones such as
// Sqrt, Abs, Frexp, Ldexp and Float64bits), and wraps every product that
// meets an addition in float64(), which forbids fusion. Since the results
// are correctly rounded, any correct libm (glibc's or CORE-MATH's correctly
// rounded functions, say) returns the same bits.
//
// How (Ziv's strategy): a fast path in double and double-double arithmetic
// with a proven error bound; a rounding test (if every value within the
// bound rounds to the same double, that double is returned); else an
// accurate double-double path with error below 2^-100 and the same test;
// else math/big at growing precision, which always terminates because the
// exact values of these functions at doubles are never doubles or midpoints
// (the exceptions — Log(1), Log10(10^k), exact and half-way powers — are
// detected before).
//
// Exp: x = k·ln2/256 + r, |r| <= ln2/512, with 2^(j/256) tabulated as a
// 26-bit head (so that head·r is exact after one split of r) and tails, and
// e^r - 1 by a degree-5 polynomial (Taylor's to degree 6, the last term
// economized). Its error bound is 2^-68 of the result (the test uses
// 2^-67); the largest error seen is 2^-70. Log: x = 2^e·m, m in one of 256
// segments with c ≈ 1/m of 9 bits so that z = m·c - 1 is exact and below
// 2^-8; log(1/c) in three words; log1p(z) with z² exact and an economized
// polynomial. Bound 2^-67.8 (test 2^-66), largest seen 2^-68.8. The fast
// paths defer to the accurate ones for about 1 input in 12000 (Exp) and 1 in
// 3000 (Log). Expm1 and Tanh reuse Exp's reduction (series near 0), Log10 is
// Log times 1/ln10 in double-double, and Pow is exp(y·log x) with the
// accurate paths only (it is called rarely).
//
// Measured (tests against an independent math/big reference): 0 results
// off by any ulp among 30 million random inputs each of Exp, Log, Expm1,
// Tanh, Log10 and 5 million of Pow, plus their edge cases. On amd64,
// math.Exp is not correctly rounded for 9.8% of those inputs (up to 2 ulps,
// and +Inf above 709.436 where the result is finite), math.Log for 1.0% (1
// ulp; far off for subnormal inputs), math.Tanh 3.0%, math.Log10 25%,
// math.Pow 51% (millions of ulps for x near 1 and large y).
//
// Speed on amd64 (ns per call on the lessons' inputs, this package vs the
// math package's, best of 25 interleaved runs on a busy 2-core machine;
// on a quiet one Exp took 6.4 ns and math.Exp 6.8): Exp 11.4 vs 11.7, Log
// 13.7 vs 13.1, Expm1 16.9 vs 16.1, Tanh 35.7 vs 17.8, Log10 20.2 vs 13.2,
// Pow 262 (β^t, 10^k, 10^u) vs 101 (math.Pow(0.999, t)). The slow paths
// take about 25 µs in math/big but run for fewer than 1 call in 10^4.
package crmath
