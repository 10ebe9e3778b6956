package train

import (
	"dlfs/net"
	"dlfs/tensor"
)

// An Optimizer updates parameters in place from their gradients, given in
// the same order (the order of the model's Params).
type Optimizer interface {
	Update(params []net.Param, grads []*tensor.Tensor)
}

// SGD is stochastic gradient descent (随机梯度下降法): W ← W - η·∂L/∂W for
// every parameter, with η = LR.
type SGD struct {
	LR float64
}

// Update applies one SGD step to every parameter.
func (o *SGD) Update(params []net.Param, grads []*tensor.Tensor) {
	for i, p := range params {
		tensor.AddScaled(p.Value, p.Value, -o.LR, grads[i])
	}
}
