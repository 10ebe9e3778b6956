package exercise

// All lists the exercises in the order of the lessons.
var All = []Exercise{
	// Chapter 4
	{Name: "net.crossEntropyLabels", Section: "4.2.3", File: "net/loss.go", Tutorial: "tutorial/ch04.md §4.2.3", Test: "TestCh04_2_3_Exercise_CrossEntropyLabels",
		What: "the mean cross-entropy of a batch whose targets are class labels",
		Hint: `only the correct class of each row counts; y.At(n, labels[n]) reads
it. Add delta (1e-7) inside the log, and divide by N: the mean, not the sum.`},
	{Name: "net.NumericalDiff", Section: "4.3.1", File: "net/gradient.go", Tutorial: "tutorial/ch04.md §4.3.1", Test: "TestCh04_3_1_Exercise_NumericalDiff",
		What: "the central difference (f(x+h) - f(x-h)) / 2h",
		Hint: `one line. Why H = 1e-4 and not 1e-50? Try it.`},
	{Name: "net.NumericalGradient", Section: "4.4", File: "net/gradient.go", Tutorial: "tutorial/ch04.md §4.4", Test: "TestCh04_4_Exercise_NumericalGradient",
		What: "the numerical gradient, walking x with the multi-index iterator",
		Hint: `tensor.New takes a shape, so the gradient can start as a zero
tensor shaped like x. x.Iter() and the gradient's Iter() walk both in the
same order: for it.Next() { g.Next(); ... }. Save it.Value(), set it to
value+H, call f(x), set value-H, call f(x), write the difference with
g.Set, and restore the value.`},
	{Name: "net.GradientDescent", Section: "4.4.1", File: "net/gradient.go", Tutorial: "tutorial/ch04.md §4.4.1", Test: "TestCh04_4_1_Exercise_GradientDescent",
		What: "steps of x ← x - lr·∇f(x), keeping the path",
		Hint: `work on init.Clone(), never on init. tensor.AddScaled(dst, a, s, b)
is dst = a + s·b, in place when dst is a. Append a clone of x to the
path, not x itself.`},
	{Name: "net.softmaxRows", Section: "4.4.2", File: "net/activation.go", Tutorial: "tutorial/ch04.md §4.4.2", Test: "TestCh04_4_2_Exercise_Softmax",
		What: "the softmax of each row, safe from overflow",
		Hint: `subtract the row's maximum before exp, or softmax of 1010, 1000
and 990 comes out NaN.`},
	{Name: "net.TwoLayerNet.GradientFormula", Section: "4.5.1", File: "net/twolayer.go", Tutorial: "tutorial/ch04.md §4.5.1", Test: "TestCh04_5_1_Exercise_TwoLayerGradient",
		What: "TwoLayerNet's gradient by note 000's formulas",
		Hint: `n.W1, n.B1, n.W2, n.B2 are the parameters and n.Activation says
which activation the net uses. tensor.MatMul, tensor.AddRow (adds b to
every row), tensor.SumAxis(nil, d, 0) (Σrows), Softmax, Sigmoid,
SigmoidGrad and Step do the work; a.T() is a transpose. Flatten image
batches first: x = x.Reshape(x.Dim(0), -1).`},

	// Chapter 5
	{Name: "net.MulLayer.Backward", Section: "5.4.1", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.4.1", Test: "TestCh05_4_1_Exercise_MulLayer",
		What: "the backward pass of a multiplication node",
		Hint: `Forward kept l.x and l.y. out = x·y, so ∂out/∂x = y.`},
	{Name: "net.AddLayer.Backward", Section: "5.4.2", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.4.2", Test: "TestCh05_4_2_Exercise_AddLayer",
		What: "the backward pass of an addition node",
		Hint: `out = x + y.`},
	{Name: "net.ReluLayer.Backward", Section: "5.5", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_5_Exercise_Relu",
		What: "ReLU's backward pass",
		Hint: `Forward kept its output in l.out; out > 0 exactly where x > 0.
l.dx = like(l.dx, dout) gives a buffer of the right shape; fill it
through l.dx.Data() and return it.`},
	{Name: "net.SigmoidLayer.Backward", Section: "5.5", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_5_Exercise_Sigmoid",
		What: "Sigmoid's backward pass, from the output it kept",
		Hint: `as ReluLayer.Backward, with l.out the sigmoid's output.`},
	{Name: "net.Affine.Backward", Section: "5.6", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.6", Test: "TestCh05_6_Exercise_Affine",
		What: "dW, db and dx of the fully connected layer",
		Hint: `Forward kept x (flattened to 2-D) in l.x and its transpose in l.xT.
tensor.MatMul(dst, a, b) and tensor.SumAxis(dst, a, axis) write into
dst: let them fill l.DW and l.DB in place. For dx, like(l.dx, l.x) is a
buffer of x's shape (keep it in l.dx), and l.W.T() is Wᵀ. If l.inShape
is not nil the input had more axes: reshape dx back to it.`},
	{Name: "net.SoftmaxWithLoss.Backward", Section: "5.6", File: "net/layers.go", Tutorial: "tutorial/ch05.md §5.6", Test: "TestCh05_6_Exercise_SoftmaxWithLoss",
		What: "(y - t) / N, for one-hot and for label targets",
		Hint: `with labels, t is 1 at (row r, column labels[r]) and 0 elsewhere.
like(l.dx, l.y) is a buffer of y's shape: keep it in l.dx for the result.`},

	// Chapter 6
	{Name: "train.SGD.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_SGD",
		What: "W ← W - η·∂L/∂W",
		Hint: `tensor.AddScaled(w, w, -lr, g) is w -= lr·g.`},
	{Name: "train.Momentum.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_Momentum",
		What: "a velocity that remembers past gradients",
		Hint: `state(o.v, params) returns the velocities, zero on the first call:
keep them in o.v before the loop.`},
	{Name: "train.Nesterov.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_Nesterov",
		What: "momentum that looks ahead",
		Hint: `as Momentum, with a different step for W, taken before v changes.`},
	{Name: "train.AdaGrad.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_AdaGrad",
		What: "a learning rate per weight that shrinks",
		Hint: `the 1e-7 keeps the first step finite where h is still 0.`},
	{Name: "train.RMSprop.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_RMSprop",
		What: "AdaGrad that forgets"},
	{Name: "train.Adam.Update", Section: "6.1", File: "train/optimizer.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_1_Exercise_Adam",
		What: "momentum and RMSprop with bias correction",
		Hint: `ηt is computed once per Update, before the loop over weights.`},

	// Chapter 6
	{Name: "net.BatchNormalization.Backward", Section: "6.3.1", File: "net/regularize.go", Tutorial: "tutorial/ch06.md §6.3.1", Test: "TestCh06_3_1_Exercise_BatchNormBackward",
		What: "batch normalization's backward pass, column by column",
		Hint: `element (i, j) of an (N, D) tensor's Data() is at i·D + j. Fill
l.DBeta.Data() and l.DGamma.Data() (clear them first), and return a new
or reused (N, D) tensor, such as l.dx = like(l.dx, dout).`},
	{Name: "net.weightDecay", Section: "6.4.2", File: "net/multilayer.go", Tutorial: "tutorial/ch06.md §6.4.2", Test: "TestCh06_4_2_Exercise_WeightDecayLoss",
		What: "the loss term ½λ·ΣW²",
		Hint: `tensor.Sum(tensor.Mul(nil, w, w)) is ΣW² for one matrix.`},
	{Name: "net.addWeightDecay", Section: "6.4.2", File: "net/multilayer.go", Tutorial: "tutorial/ch06.md §6.4.2", Test: "TestCh06_4_2_Exercise_WeightDecayGradient",
		What: "the gradient term dW + λ·W",
		Hint: `tensor.AddScaled(dst, a, s, b) is dst = a + s·b.`},
	{Name: "net.Dropout.ForwardMode", Section: "6.4.3", File: "net/regularize.go", Tutorial: "tutorial/ch06.md §6.4.3", Test: "TestCh06_4_3_Exercise_DropoutForward",
		What: "dropout's forward pass, in training and at test time",
		Hint: `keep the mask in l.mask (a []bool of x's size) for Backward. Write
the result into l.out = like(l.out, x), through l.out.Data();
x.Contiguous().Data() gives x's elements in order.`},
	{Name: "net.Dropout.Backward", Section: "6.4.3", File: "net/regularize.go", Tutorial: "tutorial/ch06.md §6.4.3", Test: "TestCh06_4_3_Exercise_DropoutBackward",
		What: "dropout's backward pass through the mask",
		Hint: `as ReluLayer.Backward, with l.mask in place of out > 0; write into
l.dx = like(l.dx, dout).`},

	// Note 001
	{Name: "net.ColumnNet.Backward", Section: "fcn.1", File: "net/column.go", Tutorial: "tutorial/fcn.md §fcn.1", Test: "TestFCN_1_Exercise_ColumnBackward",
		What: "backpropagation with one sample per column",
		Hint: `count the L = len(n.params)/2 layers from 0 here. Layer l has
W = n.params[2*l].Value and B = n.params[2*l+1].Value, its gradients go
into n.grads[2*l] and n.grads[2*l+1], and Forward kept its A in n.A[l]
and its Z in n.Z[l]. Start with loss, dA := CrossEntropyLossColumns(
n.A[L-1], y) and walk l from L-1 down to 0. tensor.MatMul(dst, a, b.T())
reads a transpose in place; tensor.SumAxis(nil, dA, 1) sums the columns;
tensor.Scale divides; ReLUBackward(nil, dz, n.A[l-1]) is relu_backward.`},
	{Name: "net.TanhBackward", Section: "fcn.2", File: "net/column.go", Tutorial: "tutorial/fcn.md §fcn.2", Test: "TestFCN_2_Exercise_TanhBackward",
		What: "nextDz ⊙ (1 - tanh²z), as note 001 means it",
		Hint: `note 001 writes next_dz(1 - np.square(np.tanh(z))), calling the
gradient as if it were a function; it means a product.
tensor.Apply and tensor.Mul do the element-wise work.`},
	{Name: "net.ELUBackward", Section: "fcn.2", File: "net/column.go", Tutorial: "tutorial/fcn.md §fcn.2", Test: "TestFCN_2_Exercise_ELUBackward",
		What: "ELU's backward pass",
		Hint: `the derivative of α(eᶻ - 1) is α·eᶻ.`},

	// Exercises that build, not only retell.
	{Name: "net.accuracy", Section: "4.5.2", File: "net/loss.go", Tutorial: "tutorial/ch04.md §4.5.2", Test: "TestCh04_5_2_Exercise_Accuracy",
		What: "a batch's accuracy, for one-hot or label targets",
		Hint: `tensor.ArgmaxAxis is np.argmax(·, axis=…). How do you tell the
two kinds of t apart? And mind what Go does with int / int.`},
	{Name: "net.UsedTwice", Section: "5.4.2", File: "net/usedtwice.go", Tutorial: "tutorial/ch05.md §5.4.2", Test: "TestCh05_4_2_Exercise_UsedTwice",
		What: "the graph of (x + y)·x, where x is used twice",
		Hint: `draw the graph first. x goes into two nodes; what reaches x from
each of them?`},
	{Name: "net.LeakyReLULayer.Backward", Section: "5.5", File: "net/leaky.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_5_Exercise_LeakyReLU",
		What: "the backward pass of a new activation, LeakyReLU",
		Hint: `Forward kept a copy of its input in l.x; ReluLayer.Backward shows
how to fill l.dx. Then check it with your CheckLayer (§5.7.3).`},
	{Name: "net.CheckLayer", Section: "5.7.3", File: "net/gradcheck.go", Tutorial: "tutorial/ch05.md §5.7.3", Test: "TestCh05_7_3_Exercise_CheckLayer",
		What: "a gradient check of any layer that catches a broken Backward",
		Hint: `with L = Σ out, dout is 1 everywhere: which broken Backward would
then pass? Which Forward does the layer remember when Backward runs?
And the output may not have x's shape.`},
	{Name: "net.HeInit", Section: "6.2", File: "net/multilayer.go", Tutorial: "tutorial/ch06.md §6.2", Test: "TestCh06_2_Exercise_HeInit",
		What: "He's initialization, from a seeded source",
		Hint: `choose the deviation so that a unit's input keeps the variance of
the layer before it. The unit sums how many products w·z, and what does
ReLU do to half of the z? Note 001 puts the wrong n under the root (see
InitColumns). tensor.RandN draws the numbers.`},
}
