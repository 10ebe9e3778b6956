package exercise

// All lists the exercises in the order of the lessons.
var All = []Exercise{
	// Chapter 4: net/ch04_exercise.go
	{Name: "net.crossEntropyLabels", Section: "4.2.3", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.2.3", Test: "TestCh04_Exercise_CrossEntropyLabels",
		What: "the mean cross-entropy of a batch whose targets are class labels"},
	{Name: "net.NumericalDiff", Section: "4.3.1", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.3.1", Test: "TestCh04_Exercise_NumericalDiff",
		What: "the central difference (f(x+h) - f(x-h)) / 2h"},
	{Name: "net.NumericalGradient", Section: "4.4", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.4", Test: "TestCh04_Exercise_NumericalGradient",
		What: "the numerical gradient, walking x with the multi-index iterator"},
	{Name: "net.GradientDescent", Section: "4.4.1", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.4.1", Test: "TestCh04_Exercise_GradientDescent",
		What: "steps of x ← x - lr·∇f(x), keeping the path"},
	{Name: "net.softmaxRows", Section: "4.4.2", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.4.2", Test: "TestCh04_Exercise_Softmax",
		What: "the softmax of each row, safe from overflow"},
	{Name: "net.TwoLayerNet.GradientFormula", Section: "4.5.1", File: "net/ch04_exercise.go", Tutorial: "tutorial/ch04.md §4.5.1", Test: "TestCh04_Exercise_TwoLayerGradient",
		What: "TwoLayerNet's gradient by note 000's formulas"},

	// Chapter 5: net/ch05_exercise.go
	{Name: "net.MulLayer.Backward", Section: "5.4.1", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.4.1", Test: "TestCh05_Exercise_MulLayer",
		What: "the backward pass of a multiplication node"},
	{Name: "net.AddLayer.Backward", Section: "5.4.2", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.4.2", Test: "TestCh05_Exercise_AddLayer",
		What: "the backward pass of an addition node"},
	{Name: "net.ReluLayer.Backward", Section: "5.5", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_Exercise_Relu",
		What: "ReLU's backward pass"},
	{Name: "net.SigmoidLayer.Backward", Section: "5.5", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_Exercise_Sigmoid",
		What: "Sigmoid's backward pass, from the output it kept"},
	{Name: "net.Affine.Backward", Section: "5.6", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.6", Test: "TestCh05_Exercise_Affine",
		What: "dW, db and dx of the fully connected layer"},
	{Name: "net.SoftmaxWithLoss.Backward", Section: "5.6", File: "net/ch05_exercise.go", Tutorial: "tutorial/ch05.md §5.6", Test: "TestCh05_Exercise_SoftmaxWithLoss",
		What: "(y - t) / N, for one-hot and for label targets"},

	// Chapter 6: train/ch06_exercise.go
	{Name: "train.SGD.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_SGD",
		What: "W ← W - η·∂L/∂W"},
	{Name: "train.Momentum.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_Momentum",
		What: "a velocity that remembers past gradients"},
	{Name: "train.Nesterov.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_Nesterov",
		What: "momentum that looks ahead"},
	{Name: "train.AdaGrad.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_AdaGrad",
		What: "a learning rate per weight that shrinks"},
	{Name: "train.RMSprop.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_RMSprop",
		What: "AdaGrad that forgets"},
	{Name: "train.Adam.Update", Section: "6.1", File: "train/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.1", Test: "TestCh06_Exercise_Adam",
		What: "momentum and RMSprop with bias correction"},

	// Chapter 6: net/ch06_exercise.go
	{Name: "net.BatchNormalization.Backward", Section: "6.3.1", File: "net/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.3.1", Test: "TestCh06_Exercise_BatchNormBackward",
		What: "batch normalization's backward pass, column by column"},
	{Name: "net.weightDecay", Section: "6.4.2", File: "net/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.4.2", Test: "TestCh06_Exercise_WeightDecayLoss",
		What: "the loss term ½λ·ΣW²"},
	{Name: "net.addWeightDecay", Section: "6.4.2", File: "net/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.4.2", Test: "TestCh06_Exercise_WeightDecayGradient",
		What: "the gradient term dW + λ·W"},
	{Name: "net.Dropout.ForwardMode", Section: "6.4.3", File: "net/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.4.3", Test: "TestCh06_Exercise_DropoutForward",
		What: "dropout's forward pass, in training and at test time"},
	{Name: "net.Dropout.Backward", Section: "6.4.3", File: "net/ch06_exercise.go", Tutorial: "tutorial/ch06.md §6.4.3", Test: "TestCh06_Exercise_DropoutBackward",
		What: "dropout's backward pass through the mask"},

	// Note 001: net/fcn_exercise.go
	{Name: "net.ColumnNet.Backward", Section: "fcn.1", File: "net/fcn_exercise.go", Tutorial: "tutorial/fcn.md §fcn.1", Test: "TestFCN_Exercise_ColumnBackward",
		What: "backpropagation with one sample per column"},
	{Name: "net.TanhBackward", Section: "fcn.2", File: "net/fcn_exercise.go", Tutorial: "tutorial/fcn.md §fcn.2", Test: "TestFCN_Exercise_TanhBackward",
		What: "nextDz ⊙ (1 - tanh²z), as note 001 means it"},
	{Name: "net.ELUBackward", Section: "fcn.2", File: "net/fcn_exercise.go", Tutorial: "tutorial/fcn.md §fcn.2", Test: "TestFCN_Exercise_ELUBackward",
		What: "ELU's backward pass"},

	// Exercises that build, not only retell: net/ch0N_build_exercise.go.
	{Name: "net.accuracy", Section: "4.5.2", File: "net/ch04_build_exercise.go", Tutorial: "tutorial/ch04.md §4.5.2", Test: "TestCh04_Exercise_Accuracy",
		What: "a batch's accuracy, for one-hot or label targets"},
	{Name: "net.UsedTwice.Backward", Section: "5.4.2", File: "net/ch05_build_exercise.go", Tutorial: "tutorial/ch05.md §5.4.2", Test: "TestCh05_Exercise_UsedTwice",
		What: "the graph of (x + y)·x, where x is used twice"},
	{Name: "net.LeakyReLULayer.Backward", Section: "5.5", File: "net/ch05_build_exercise.go", Tutorial: "tutorial/ch05.md §5.5", Test: "TestCh05_Exercise_LeakyReLU",
		What: "the backward pass of a new activation, LeakyReLU"},
	{Name: "net.CheckLayer", Section: "5.7.3", File: "net/ch05_build_exercise.go", Tutorial: "tutorial/ch05.md §5.7.3", Test: "TestCh05_Exercise_CheckLayer",
		What: "a gradient check of any layer that catches a broken Backward"},
	{Name: "net.HeInit", Section: "6.2", File: "net/ch06_build_exercise.go", Tutorial: "tutorial/ch06.md §6.2", Test: "TestCh06_Exercise_HeInit",
		What: "He's initialization, from a seeded source"},
}
