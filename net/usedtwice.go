package net

// UsedTwice is f(x, y) = (x + y)·x built from an AddLayer and a MulLayer.
//
//dlfs:exercise net.UsedTwice
type UsedTwice struct {
	add AddLayer
	mul MulLayer
}

// Forward returns f(x, y) = (x + y)·x.
//
//dlfs:exercise net.UsedTwice
func (g *UsedTwice) Forward(x, y float64) float64 {
	a := g.add.Forward(x, y)
	return g.mul.Forward(a, x)
}

// Backward returns dout·∂f/∂x and dout·∂f/∂y: the nodes in reverse order,
// and x's two gradients summed where it forks.
//
//dlfs:exercise net.UsedTwice
func (g *UsedTwice) Backward(dout float64) (dx, dy float64) {
	da, dxMul := g.mul.Backward(dout)
	dxAdd, dy := g.add.Backward(da)
	return float64(dxAdd) + float64(dxMul), dy
}
