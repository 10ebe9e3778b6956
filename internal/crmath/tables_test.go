package crmath

import (
	"math"
	"math/big"
	"math/bits"
	"testing"
)

// sigBits returns the number of significant bits of f.
func sigBits(f float64) int {
	if f == 0 {
		return 0
	}
	m := math.Float64bits(f)&(1<<52-1) | 1<<52
	return 53 - bits.TrailingZeros64(m)
}

// sum3 returns a+b+c exactly.
func sum3(a, b, c float64) *big.Float {
	s := new(big.Float).SetPrec(2000).SetFloat64(a)
	s.Add(s, bf(b))
	return s.Add(s, bf(c))
}

// relDiff returns |a-b|/|b| as a float64.
func relDiff(a, b *big.Float) float64 {
	d := new(big.Float).SetPrec(200).Sub(a, b)
	d.Quo(d, b)
	f, _ := d.Float64()
	return math.Abs(f)
}

// TestCrmathTables checks gen_tables.go's output against the reference and
// the properties the code relies on.
func TestCrmathTables(t *testing.T) {
	refInit()
	if sigBits(expL1) > 34 || sigBits(ln2Hi) > 42 {
		t.Errorf("expL1 or ln2Hi too long")
	}
	step := new(big.Float).SetPrec(400).SetMantExp(ref.ln2, -8)
	if d := relDiff(sum3(expL1, expL2, expL3), step); d > 0x1p-140 {
		t.Errorf("ln2/256 in three words: relative error %g", d)
	}
	if d := relDiff(sum3(ln2Hi, ln2Mid, ln2Lo), ref.ln2); d > 0x1p-140 {
		t.Errorf("ln2 in three words: relative error %g", d)
	}
	for j, e := range expTab {
		if sigBits(e[0]) > 26 {
			t.Errorf("expTab[%d][0] has %d bits", j, sigBits(e[0]))
		}
		if d := relDiff(sum3(e[0], e[1], e[2]), ref.tab1[j]); d > 0x1p-128 { // 26+53+53 bits
			t.Errorf("expTab[%d]: relative error %g", j, d)
		}
	}
	for i, e := range logTab {
		c := e[0]
		if sigBits(c) > 10 {
			t.Errorf("logTab[%d]: c = %v has %d bits", i, c, sigBits(c))
		}
		lo, hi := 1+float64(i)/256, 1+float64(i+1)/256
		zmax := math.Max(math.Abs(lo*c-1), math.Abs(hi*c-1))
		if math.Abs(lo*c-1) >= 0x1p-8 || zmax > 0x1p-8 {
			t.Errorf("logTab[%d]: |z| up to %g", i, zmax)
		}
		if e[1] != 0 && math.Abs(e[1]) < zmax {
			t.Errorf("logTab[%d]: |log c| < |z|, Fast2Sum unsafe", i)
		}
		cc := c
		if i >= logSplit {
			cc *= 2
		}
		if cc == 1 {
			if e[1] != 0 || e[2] != 0 || e[3] != 0 {
				t.Errorf("logTab[%d]: log 1 != 0", i)
			}
			continue
		}
		want := refLog(bf(cc), 320)
		want.Neg(want)
		if d := relDiff(sum3(e[1], e[2], e[3]), want); d > 0x1p-140 {
			t.Errorf("logTab[%d]: relative error %g", i, d)
		}
	}
}
