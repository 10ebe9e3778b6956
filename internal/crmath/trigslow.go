package crmath

import (
	"math/big"
	"sync"
)

// The rare inputs whose double-double result sits too near a rounding
// boundary are evaluated again with math/big, at doubling precision until
// the rounding is certain (Ziv's strategy).

var (
	trPiMu    sync.Mutex
	trPiCache *big.Float
)

// trBigPi returns π to at least prec bits (Machin's formula in fixed point).
func trBigPi(prec uint) *big.Float {
	trPiMu.Lock()
	defer trPiMu.Unlock()
	if trPiCache != nil && trPiCache.Prec() >= prec {
		return trPiCache
	}
	p := prec + 64
	one := new(big.Int).Lsh(big.NewInt(1), p)
	atanInv := func(n int64) *big.Int {
		x := new(big.Int).Quo(one, big.NewInt(n))
		n2 := big.NewInt(n * n)
		sum := new(big.Int).Set(x)
		t := new(big.Int)
		for k := int64(1); x.Sign() != 0; k++ {
			x.Quo(x, n2)
			t.Quo(x, big.NewInt(2*k+1))
			if k%2 == 1 {
				sum.Sub(sum, t)
			} else {
				sum.Add(sum, t)
			}
		}
		return sum
	}
	a := atanInv(5)
	a.Lsh(a, 4)
	b := atanInv(239)
	b.Lsh(b, 2)
	a.Sub(a, b)
	pi := new(big.Float).SetPrec(p).SetInt(a)
	pi.SetMantExp(pi, -int(p))
	trPiCache = pi.SetPrec(prec + 32)
	return trPiCache
}

var (
	twoOverPiOnce sync.Once
	twoOverPiTab  [24]uint64
)

// twoOverPiWords returns the bits of 2/π after the binary point, 64 to a
// word, behind one word of zeros (the integer part and padding), enough for
// the largest float64 exponent plus a 256-bit window.
func twoOverPiWords() *[24]uint64 {
	twoOverPiOnce.Do(func() {
		const nbits = 64 * 23
		v := new(big.Float).SetPrec(nbits+64).Quo(big.NewFloat(2), trBigPi(nbits+64))
		v.SetMantExp(v, nbits)
		z, _ := v.Int(nil)
		for i := 23; i >= 1; i-- {
			twoOverPiTab[i] = z.Uint64()
			z.Rsh(z, 64)
		}
	})
	return &twoOverPiTab
}

// trBigSinCos returns sin r and cos r for |r| <= 1 to about prec bits
// by their Taylor series.
func trBigSinCos(r *big.Float, prec uint) (s, c *big.Float) {
	s = new(big.Float).SetPrec(prec)
	c = new(big.Float).SetPrec(prec).SetInt64(1)
	t := new(big.Float).SetPrec(prec).SetInt64(1)
	d := new(big.Float).SetPrec(prec)
	limit := min(r.MantExp(nil), 0) - int(prec) - 8 // below sin r's last bit
	for n := int64(1); ; n++ {
		t.Mul(t, r)
		t.Quo(t, d.SetInt64(n))
		if t.Sign() == 0 || t.MantExp(nil) < limit {
			return s, c
		}
		switch n % 4 {
		case 1:
			s.Add(s, t)
		case 2:
			c.Sub(c, t)
		case 3:
			s.Sub(s, t)
		case 0:
			c.Add(c, t)
		}
	}
}

// trigSlow returns sin ax (or cos ax) for finite ax >= 0 by math/big.
func trigSlow(ax float64, cos bool) float64 {
	X := new(big.Float).SetFloat64(ax)
	ex := X.MantExp(nil)
	if ex < 0 {
		ex = 0
	}
	for p := uint(128); ; p *= 2 {
		wp := p + 64
		pr := wp + uint(ex) + 64
		pio2 := new(big.Float).SetPrec(pr).Quo(trBigPi(pr), big.NewFloat(2))
		q := new(big.Float).SetPrec(pr).Quo(X, pio2)
		q.Add(q, big.NewFloat(0.5))
		k, _ := q.Int(nil)
		r := new(big.Float).SetPrec(pr).SetInt(k)
		r.Mul(r, pio2)
		r.Sub(X, r)
		n := uint64(k.Bit(0) | k.Bit(1)<<1)
		if cos {
			n++
		}
		neg := n&2 != 0
		if r.Sign() < 0 && n&1 == 0 {
			neg = !neg
		}
		r.Abs(r).SetPrec(wp)
		s, c := trBigSinCos(r, wp)
		v := s
		if n&1 != 0 {
			v = c
		}
		if neg {
			v.Neg(v)
		}
		eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(p))
		lo := new(big.Float).SetPrec(wp).Mul(v, eps)
		hi := new(big.Float).SetPrec(wp).Add(v, lo)
		lo.Sub(v, lo)
		a, _ := lo.Float64()
		b, _ := hi.Float64()
		if a == b {
			return a
		}
	}
}
