package lesson

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dlfs/internal/npz"
	"dlfs/internal/plot"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
)

var fcn = &Chapter{
	ID:       "fcn",
	Title:    "Note 001: a column-major fully connected network (全连接神经网络)",
	Tutorial: "tutorial/fcn.md",
	Sections: []Section{
		{"fcn.1", "The dimension walk-through", note001 + ` "核心矩阵维度参考", "前向传播", "反向传播"`, "FCN_1_", runDimensions},
		{"fcn.2", "The note's parts: activations, losses, initializations", note001 + ` "激活函数", "损失函数", "参数初始化"`, "FCN_2_", runParts},
		{"fcn.3", "Training as the note does it", note001 + ` "训练过程", "数据读取函数"`, "FCN_3_", runFCNTraining},
		{"fcn.4", "Evaluation done right", note001 + ` "验证" (dev)`, "FCN_4_", runFCNEvaluation},
		{"fcn.5", "Save and load", note001 + ` "保存模型参数", "读取模型参数"`, "FCN_5_", runSaveLoad},
	},
}

func init() { Chapters = append(Chapters, fcn) }

// walkShapes runs one forward and backward pass of a ColumnNet with the
// given sizes on a random batch of i columns and returns its shape table.
func walkShapes(r *Runner, sizes []int, i int) ([][4]string, error) {
	rng := r.Rand(11)
	n, err := net.NewColumnNet(rng, sizes, "xavier")
	if err != nil {
		return nil, err
	}
	x := tensor.RandN(rng, 1, sizes[0], i)
	y := tensor.New(sizes[len(sizes)-1], i)
	for j := range i {
		y.Set(1, j%sizes[len(sizes)-1], j)
	}
	n.Forward(x)
	n.Backward(x, y)
	var rows [][4]string
	rows = append(rows, [4]string{"X", fmt.Sprint(x.Shape()), "", ""})
	for l := range len(sizes) - 1 {
		p := n.Params()
		rows = append(rows, [4]string{fmt.Sprintf("layer %d", l+1),
			fmt.Sprintf("W%d %v  B%d %v", l+1, p[2*l].Value.Shape(), l+1, p[2*l+1].Value.Shape()),
			fmt.Sprintf("A%d %v  Z%d %v", l+1, n.A[l].Shape(), l+1, n.Z[l].Shape()),
			fmt.Sprintf("dW%d %v  dB%d %v", l+1, n.Grads()[2*l].Shape(), l+1, n.Grads()[2*l+1].Shape())})
	}
	return rows, nil
}

func runDimensions(r *Runner) error {
	for _, c := range []struct {
		sizes []int
		i     int
	}{{[]int{4, 8, 8, 4, 1}, 5}, {[]int{784, 256, 128, 10}, 128}} {
		rows, err := walkShapes(r, c.sizes, c.i)
		if err != nil {
			return err
		}
		r.printf("network %v, a batch of i = %d samples as columns (shapes read from the tensors):\n", c.sizes, c.i)
		for _, row := range rows {
			r.printf("  %-8s %-28s %-28s %s\n", row[0], row[1], row[2], row[3])
		}
		r.printf("\n")
	}
	r.printf("W[l] is (n[l], n[l-1]); every A, Z and their gradients is (n[l], i): one column per sample.\n")
	r.printf("The book stores the same numbers transposed, one row per sample (chapters 4-6).\n")
	return nil
}

// partsCheck runs every backward function of note 001 against a numerical
// gradient and returns the largest difference of each.
func partsCheck(r *Runner) map[string]float64 {
	rng := r.Rand(12)
	z := tensor.RandN(rng, 1, 3, 4)
	next := tensor.RandN(rng, 1, 3, 4)
	out := map[string]float64{}
	for _, c := range []struct {
		name     string
		forward  func(z *tensor.Tensor) *tensor.Tensor
		backward func() *tensor.Tensor
	}{
		{"sigmoid", func(z *tensor.Tensor) *tensor.Tensor { return net.Sigmoid(nil, z) }, func() *tensor.Tensor { return net.SigmoidBackward(nil, next, z) }},
		{"tanh", func(z *tensor.Tensor) *tensor.Tensor { return net.Tanh(nil, z) }, func() *tensor.Tensor { return net.TanhBackward(nil, next, z) }},
		{"relu", func(z *tensor.Tensor) *tensor.Tensor { return net.ReLU(nil, z) }, func() *tensor.Tensor { return net.ReLUBackward(nil, next, z) }},
		{"elu", func(z *tensor.Tensor) *tensor.Tensor { return net.ELU(nil, z, 0.1) }, func() *tensor.Tensor { return net.ELUBackward(nil, next, z, 0.1) }},
	} {
		num := net.NumericalGradient(func(z *tensor.Tensor) float64 { return tensor.Sum(tensor.Mul(nil, c.forward(z), next)) }, z)
		out[c.name] = tensor.MaxAbsDiff(num, c.backward())
	}
	y := tensor.RandN(rng, 1, 5, 3)
	t := tensor.New(5, 3)
	for i := range 5 {
		t.Set(1, i, i%3)
	}
	_, dMSE := net.MeanSquaredLoss(y, t)
	numMSE := net.NumericalGradient(func(y *tensor.Tensor) float64 { l, _ := net.MeanSquaredLoss(y, t); return l }, y)
	// The note's gradients leave out constant factors: 2/N for the squared
	// error, 1/N for cross-entropy (applied later in fc_backward).
	out["mean_squared_loss"] = tensor.MaxAbsDiff(numMSE, tensor.Scale(nil, 2.0/5, dMSE))
	cols, tc := y.T().Clone(), t.T().Clone()
	_, dCE := net.CrossEntropyLossColumns(cols, tc)
	numCE := net.NumericalGradient(func(s *tensor.Tensor) float64 { l, _ := net.CrossEntropyLossColumns(s, tc); return l }, cols)
	out["cross_entropy_loss"] = tensor.MaxAbsDiff(numCE, tensor.Scale(nil, 1.0/5, dCE))
	return out
}

func runParts(r *Runner) error {
	d := partsCheck(r)
	r.printf("each backward function against a numerical gradient (max |difference|):\n")
	for _, name := range []string{"sigmoid", "tanh", "relu", "elu", "mean_squared_loss", "cross_entropy_loss"} {
		r.printf("  %-19s %v\n", name, d[name])
	}
	r.printf("\nNote 001's tanh_backward writes next_dz(1 - np.square(np.tanh(z))): a call, not a\n")
	r.printf("product, so it fails; net.TanhBackward multiplies. Its losses return the gradient\n")
	r.printf("without constant factors (2/N for squared error, 1/N for cross-entropy, which\n")
	r.printf("fc_backward divides in later): the check above puts them back.\n\n")
	rng := r.Rand(13)
	for _, kind := range []string{"rand", "normal", "xavier"} {
		w, err := net.InitColumns(rng, kind, 256, 784)
		if err != nil {
			return err
		}
		m, s := meanStd(w)
		r.printf("initParam(%-8q) W1 (256, 784): mean %.5f std %.5f\n", kind, m, s)
	}
	r.printf("(§6.2 of chapter 6 compares these with Xavier's %.5f and He's %.5f for 784 inputs.)\n", net.Xavier.Scale(784), net.He.Scale(784))
	return nil
}

// fcnResult is the outcome of §fcn.3 and §fcn.4.
type fcnResult struct {
	Net              *net.ColumnNet
	Iters            []int
	Loss, Acc        []float64 // every 200 updates: loss and accuracy on the batch
	Validation, Test float64   // the note's "validation" (10000 training rows) and the test set
	ValN, TestN      int       // how many images each was measured on
	PerEpoch         time.Duration
}

// fcnCache keeps the trained network between sections of one replay.
var fcnCache = map[*Runner]*fcnResult{}

// fcnTrain trains note 001's 784-256-128-10 ReLU network as the note does:
// shuffle the training set once, take batches of 128 by a running offset
// that wraps around, learning rate 0.01, plain SGD.
func fcnTrain(r *Runner) (*fcnResult, error) {
	if res := fcnCache[r]; res != nil {
		return res, nil
	}
	data, err := r.MNIST()
	if err != nil {
		return nil, err
	}
	rng := r.Rand(14)
	n, err := net.NewColumnNet(rng, []int{data.Train.Rows * data.Train.Cols, 256, 128, 10}, "xavier")
	if err != nil {
		return nil, err
	}
	if r.Load != "" {
		if n, err = loadColumnNet(r.Load); err != nil {
			return nil, err
		}
	}
	order := rng.Perm(data.Train.Len()) // np.random.shuffle(Train)
	const batch, lr = 128, 0.01
	res := &fcnResult{Net: n}
	x, y := tensor.New(batch, data.Train.Rows*data.Train.Cols), tensor.New(batch, 10)
	idx := make([]int, batch)
	steps := r.Epochs * data.Train.Len() / batch
	if r.Load != "" {
		steps = 0
	}
	report, finish := r.progress("training")
	start := time.Now()
	for i := range steps {
		for k := range idx { // getBatchTrain: rows (offset + k) % length
			idx[k] = order[(i*batch+k)%len(order)]
		}
		data.Train.Batch(x, idx)
		data.Train.OneHot(y, idx)
		X, Y := x.T(), y.T() // (784, 128) and (10, 128): one column per sample
		n.Forward(X)
		loss := n.Backward(X, Y)
		n.Step(lr)
		if i%200 == 0 {
			labels := tensor.ArgmaxAxis(nil, Y, 0)
			pred := n.Forward(X)
			hits := 0
			for k, p := range pred {
				if p == labels[k] {
					hits++
				}
			}
			res.Iters = append(res.Iters, i)
			res.Loss = append(res.Loss, loss)
			res.Acc = append(res.Acc, float64(hits)/float64(batch))
		}
		if report != nil {
			report(i+1, steps)
		}
	}
	finish()
	if steps > 0 {
		res.PerEpoch = time.Since(start) / time.Duration(max(r.Epochs, 1))
	}
	// dev(): getBatchTrain(batch_size=10000, offset=0) reads the first 10000
	// rows of the shuffled *training* set.
	res.ValN, res.TestN = min(10000, len(order)), data.Test.Len()
	res.Validation = columnAccuracy(n, data.Train, order[:res.ValN])
	res.Test = columnAccuracy(n, data.Test, firstN(res.TestN))
	fcnCache[r] = res
	return res, nil
}

// columnAccuracy returns the fraction of the listed images that n
// classifies correctly, a chunk of columns at a time.
func columnAccuracy(n *net.ColumnNet, s *mnist.Set, idx []int) float64 {
	hits := 0
	var labels []int
	var x *tensor.Tensor // one buffer for every full chunk
	for lo := 0; lo < len(idx); lo += 1000 {
		chunk := idx[lo:min(lo+1000, len(idx))]
		if x == nil || x.Dim(0) != len(chunk) {
			x = tensor.New(len(chunk), s.Size())
		}
		s.Batch(x, chunk)
		labels = s.LabelsOf(labels, chunk)
		for k, p := range n.Forward(x.T()) {
			if p == labels[k] {
				hits++
			}
		}
	}
	return float64(hits) / float64(len(idx))
}

func runFCNTraining(r *Runner) error {
	if r.Load != "" {
		r.printf("-load=%s: evaluating the saved model, no training.\n", r.Load)
		return nil
	}
	res, err := fcnTrain(r)
	if err != nil {
		return err
	}
	data, _ := r.MNIST()
	r.printf("784-256-128-10, ReLU, \"xavier\" init, lr 0.01, batch 128, %d epochs = %d updates;\n", r.Epochs, r.Epochs*data.Train.Len()/128)
	r.printf("pixels / 255 (the note divides by 225, which leaves values up to 1.13)\n\n")
	for k, i := range res.Iters {
		if k%5 == 0 || k == len(res.Iters)-1 {
			r.printf("update %5d: loss %-20v batch accuracy %v\n", i, res.Loss[k], res.Acc[k])
		}
	}
	r.printf("(every 200th update is recorded; every 1000th printed)\n")
	r.printf("one epoch took %.2f s\n", res.PerEpoch.Seconds())
	its := make([]float64, len(res.Iters))
	for k, i := range res.Iters {
		its[k] = float64(i)
	}
	if err := r.picture("fcn_loss.svg", &plot.LineChart{Title: "Note 001's network: loss every 200 updates", XLabel: "i", YLabel: "loss",
		Series: []plot.Series{{Name: "loss", X: its, Y: res.Loss, Color: "#D55E00"}}, YMin: new(0.0)}); err != nil {
		return err
	}
	return r.picture("fcn_accuracy.svg", &plot.LineChart{Title: "Note 001's network: batch accuracy every 200 updates", XLabel: "i", YLabel: "ACC",
		Series: []plot.Series{{Name: "accuracy", X: its, Y: res.Acc, Dashed: true, Color: "#0072B2"}}, YMin: new(0.0), YMax: new(1.0), Legend: "lower right"})
}

func runFCNEvaluation(r *Runner) error {
	res, err := fcnTrain(r)
	if err != nil {
		return err
	}
	if r.Load != "" {
		r.printf("(the model loaded from %s)\n", r.Load)
	}
	r.printf("the note's \"validation accuracy\" (dev(): the first %d rows of the shuffled TRAINING set): %v\n", res.ValN, res.Validation)
	r.printf("accuracy on the %d test images, which the network never saw:%*s%v\n", res.TestN, 27+len(fmt.Sprint(res.ValN))-len(fmt.Sprint(res.TestN)), "", res.Test)
	r.printf("\ndev() calls getBatchTrain, which reads self.Train: the note measures images it trained\n")
	r.printf("on, so its 0.9464 (5 epochs) and 0.9645 (15 epochs) flatter the network. ")
	if res.Validation > res.Test {
		r.printf("Here the gap is %.4f.\n", res.Validation-res.Test)
	} else {
		r.printf("Here the two happen to agree within %.4f.\n", res.Test-res.Validation)
	}
	return nil
}

// saveColumnNet writes the parameters as an .npz that np.load reads.
func saveColumnNet(path string, n *net.ColumnNet) error {
	var names []string
	var ts []*tensor.Tensor
	for _, p := range n.Params() {
		names, ts = append(names, p.Name), append(ts, p.Value)
	}
	return npz.WriteNPZ(path, names, ts)
}

// loadColumnNet reads a network saved by saveColumnNet.
func loadColumnNet(path string) (*net.ColumnNet, error) {
	arrays, names, err := readModelArrays(path)
	if err != nil {
		return nil, fmt.Errorf("-load: %w", err)
	}
	var params []net.Param
	for l := 1; ; l++ {
		w, b := arrays[fmt.Sprintf("W%d", l)], arrays[fmt.Sprintf("B%d", l)]
		if w == nil && b == nil {
			break
		}
		if w == nil || b == nil {
			have, miss := "W", "B"
			if w == nil {
				have, miss = "B", "W"
			}
			return nil, fmt.Errorf("-load: %s has %s%d but no %s%d (names are case-sensitive; it holds %s): is it a model saved by -chapter=fcn?",
				path, have, l, miss, l, strings.Join(names, ", "))
		}
		params = append(params, net.Param{Name: fmt.Sprintf("W%d", l), Value: w.Tensor()}, net.Param{Name: fmt.Sprintf("B%d", l), Value: b.Tensor()})
	}
	if len(params) == 0 {
		return nil, fmt.Errorf("-load: %s holds no W1/B1 (it holds %s): is it a model saved by -chapter=fcn?", path, strings.Join(names, ", "))
	}
	n, err := net.NewColumnNetFrom(params)
	if err != nil {
		return nil, fmt.Errorf("-load: %s: %w", path, err)
	}
	if n.Sizes[0] != 784 || n.Sizes[len(n.Sizes)-1] != 10 {
		return nil, fmt.Errorf("-load: %s is a %v network; MNIST needs 784 inputs and 10 outputs", path, n.Sizes)
	}
	return n, nil
}

func runSaveLoad(r *Runner) error {
	res, err := fcnTrain(r)
	if err != nil {
		return err
	}
	if r.Load != "" {
		r.printf("loaded %s: test accuracy %v\n", r.Load, res.Test)
		return nil
	}
	if err := os.MkdirAll(r.Out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w (choose another folder with -out)", r.Out, err)
	}
	path := filepath.Join(r.Out, "fcn_model.npz")
	if err := saveColumnNet(path, res.Net); err != nil {
		return err
	}
	back, err := loadColumnNet(path)
	if err != nil {
		return err
	}
	data, _ := r.MNIST()
	all := firstN(data.Test.Len())
	again := columnAccuracy(back, data.Test, all)
	r.printf("saved the parameters to %s (W1 B1 W2 B2 W3 B3; np.load reads it)\n", path)
	r.printf("reloaded: test accuracy %v (before saving: %v)\n", again, res.Test)
	if again != res.Test || math.IsNaN(again) {
		return fmt.Errorf("the reloaded model gives test accuracy %v, not %v", again, res.Test)
	}
	r.printf("evaluate it later without training: go run . -chapter=fcn -load=%s\n", path)
	return nil
}
