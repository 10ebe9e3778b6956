package train

import (
	"math"
	"testing"

	"dlfs/net"
	"dlfs/tensor"
)

// step applies one update of opt to the point (x, y) of f = x²/20 + y²,
// whose gradient is (x/10, 2y).
func step(opt Optimizer, p []net.Param) {
	x, y := p[0].Value.Data()[0], p[1].Value.Data()[0]
	opt.Update(p, []*tensor.Tensor{tensor.Vector(x / 10), tensor.Vector(2 * y)})
}

func point(x, y float64) []net.Param {
	return []net.Param{{Name: "x", Value: tensor.Vector(x)}, {Name: "y", Value: tensor.Vector(y)}}
}

// TestCh06_1_FirstSteps checks each optimizer's first two updates from
// (-7, 2) against the book's formulas worked by hand.
func TestCh06_1_FirstSteps(t *testing.T) {
	gx0, gy0 := -0.7, 4.0 // the gradient at (-7, 2)
	cases := []struct {
		name   string
		opt    Optimizer
		x1, y1 float64 // after one update
	}{
		{"SGD lr 0.95", &SGD{LR: 0.95}, -7 - 0.95*gx0, 2 - 0.95*gy0},
		{"Momentum lr 0.1", &Momentum{LR: 0.1, Momentum: 0.9}, -7 - 0.1*gx0, 2 - 0.1*gy0},
		{"Nesterov", &Nesterov{LR: 0.01, Momentum: 0.9}, -7 - 1.9*0.01*gx0, 2 - 1.9*0.01*gy0}, // v is still 0
		{"AdaGrad lr 1.5", &AdaGrad{LR: 1.5}, -7 - 1.5*gx0/(0.7+1e-7), 2 - 1.5*gy0/(4+1e-7)},
		{"RMSprop", &RMSprop{LR: 0.01, DecayRate: 0.99}, -7 - 0.01*gx0/(math.Sqrt(0.01*gx0*gx0)+1e-7), 2 - 0.01*gy0/(math.Sqrt(0.01*gy0*gy0)+1e-7)},
		{"Adam lr 0.3", &Adam{LR: 0.3, Beta1: 0.9, Beta2: 0.999},
			-7 - 0.3*math.Sqrt(0.001)/0.1*(0.1*gx0)/(math.Sqrt(0.001*gx0*gx0)+1e-7),
			2 - 0.3*math.Sqrt(0.001)/0.1*(0.1*gy0)/(math.Sqrt(0.001*gy0*gy0)+1e-7)},
	}
	for _, c := range cases {
		p := point(-7, 2)
		step(c.opt, p)
		x, y := p[0].Value.Data()[0], p[1].Value.Data()[0]
		if math.Abs(x-c.x1) > 1e-12 || math.Abs(y-c.y1) > 1e-12 {
			t.Errorf("§6.1 %s, first update: got (%v, %v), want (%v, %v)", c.name, x, y, c.x1, c.y1)
		}
	}
	// Second updates, where the state matters.
	p := point(-7, 2)
	m := &Momentum{LR: 0.1, Momentum: 0.9}
	step(m, p)
	step(m, p) // v2 = 0.9·v1 - 0.1·g(x1)
	x1 := -7 - 0.1*gx0
	if want := x1 + 0.9*(-0.1*gx0) - 0.1*(x1/10); math.Abs(p[0].Value.Data()[0]-want) > 1e-12 {
		t.Errorf("§6.1 Momentum, second update of x: got %v, want %v", p[0].Value.Data()[0], want)
	}
	p = point(-7, 2)
	nag := &Nesterov{LR: 0.01, Momentum: 0.9}
	step(nag, p)
	step(nag, p) // moves with v1 = -0.01·g0, then v2 = 0.9·v1 - 0.01·g1
	nx1 := -7 - 1.9*0.01*gx0
	if want := nx1 + 0.81*(-0.01*gx0) - 1.9*0.01*(nx1/10); math.Abs(p[0].Value.Data()[0]-want) > 1e-12 {
		t.Errorf("§6.1 Nesterov, second update of x: got %v, want %v (the book's code since 2021: W moves with the old v)", p[0].Value.Data()[0], want)
	}
	p = point(-7, 2)
	a := &AdaGrad{LR: 1.5}
	step(a, p)
	step(a, p) // h2 = g1² + g2²
	ax1 := -7 - 1.5*gx0/(0.7+1e-7)
	g2 := ax1 / 10
	if want := ax1 - 1.5*g2/(math.Sqrt(gx0*gx0+g2*g2)+1e-7); math.Abs(p[0].Value.Data()[0]-want) > 1e-12 {
		t.Errorf("§6.1 AdaGrad, second update of x: got %v, want %v", p[0].Value.Data()[0], want)
	}
}

// TestCh06_1_RaceReachesMinimum checks where 30 updates leave each
// optimizer with the book's settings: the fast ones close to (0, 0), the
// defaults of RMSprop and Nesterov (learning rate 0.01) still far away.
func TestCh06_1_RaceReachesMinimum(t *testing.T) {
	for _, c := range []struct {
		opt  Optimizer
		near bool
	}{
		{&SGD{LR: 0.95}, true}, {&Momentum{LR: 0.1, Momentum: 0.9}, true}, {&AdaGrad{LR: 1.5}, true},
		{&Adam{LR: 0.3, Beta1: 0.9, Beta2: 0.999}, true}, {NewOptimizer("RMSprop"), false}, {NewOptimizer("Nesterov"), false},
	} {
		p := point(-7, 2)
		for range 30 {
			step(c.opt, p)
		}
		x, y := p[0].Value.Data()[0], p[1].Value.Data()[0]
		if f := x*x/20 + y*y; (f < 0.2) != c.near {
			t.Errorf("§6.1 %T after 30 updates: f(%v, %v) = %v; near the minimum: %v, want %v", c.opt, x, y, f, f < 0.2, c.near)
		}
	}
}

func TestCh06_1_NewOptimizer(t *testing.T) {
	for _, name := range OptimizerNames {
		if NewOptimizer(name) == nil {
			t.Errorf("NewOptimizer(%q) = nil", name)
		}
	}
	if NewOptimizer("Adadelta") != nil {
		t.Error("NewOptimizer accepted an unknown name")
	}
}

// TestCh06_1_BookEndPoints checks where 30 updates from (-7, 2) leave each
// optimizer, to the last digit, against the book's own code: these are the
// values common/optimizer.py (its current Nesterov, fixed in 2021) prints
// for optimizer_compare_naive.py's loop with the same rates, run with
// NumPy. Adam's needs a correctly rounded β^t, as Python's ** is: with
// math.Pow it ends 1.65e-14 away.
func TestCh06_1_BookEndPoints(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Optimizer
		x, y float64
	}{
		{"SGD", &SGD{LR: 0.95}, -0.3503929957523197, 0.0847823165504322},
		{"Momentum", &Momentum{LR: 0.1, Momentum: 0.9}, 0.896413858493733, 0.08808560171506971},
		{"Nesterov", &Nesterov{LR: 0.01, Momentum: 0.9}, -5.5495573504987, -0.2644753473688764},
		{"AdaGrad", &AdaGrad{LR: 1.5}, -0.12016232231416045, 2.486389893984459e-17},
		{"RMSprop", &RMSprop{LR: 0.01, DecayRate: 0.99}, -6.042496091345981, 1.119824923633101},
		{"Adam", &Adam{LR: 0.3, Beta1: 0.9, Beta2: 0.999}, 0.13600685239498186, 0.31824537553721943},
	} {
		p := point(-7, 2)
		for range 30 {
			step(c.opt, p)
		}
		if x, y := p[0].Value.Data()[0], p[1].Value.Data()[0]; x != c.x || y != c.y {
			t.Errorf("§6.1 %s after 30 updates: got (%v, %v), want the book's (%v, %v)", c.name, x, y, c.x, c.y)
		}
	}
}
