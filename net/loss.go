package net

import "dlfs/tensor"

// delta keeps log away from log(0) = -Inf when a predicted probability is 0.
const delta = 1e-7

// MeanSquaredError returns E = ½ Σk (yk - tk)², the book's
// mean_squared_error (均方误差), summed over every element of y and t.
func MeanSquaredError(y, t *tensor.Tensor) float64 {
	d := tensor.Sub(nil, y, t)
	return 0.5 * tensor.Sum(tensor.Mul(d, d, d))
}

// batchRows returns the number of rows of y seen as a batch: a 1-D y is one
// sample, a 2-D y is (batch, classes).
func batchRows(op string, y *tensor.Tensor) int {
	switch y.NDim() {
	case 1:
		return 1
	case 2:
		return y.Dim(0)
	}
	panic(&tensor.ShapeError{Op: "net." + op, A: y.Shape(), Why: "y must be (classes) or (batch, classes)"})
}

// CrossEntropyError returns E = -(1/N) Σn Σk tnk·log(ynk + 1e-7), the
// cross-entropy error (交叉熵误差) averaged over the N rows of a batch, for
// one-hot targets t of y's shape. A 1-D y is a batch of one.
//
// Terms where tnk is 0 add exactly zero, so they are skipped: the result is
// the same, with one log per row instead of one per class.
func CrossEntropyError(y, t *tensor.Tensor) float64 {
	n := batchRows("CrossEntropyError", y)
	if !sameShape(y, t) {
		panic(&tensor.ShapeError{Op: "net.CrossEntropyError", A: y.Shape(), B: t.Shape(), Why: "y and one-hot t must have the same shape"})
	}
	yd, td := y.Contiguous().Data(), t.Contiguous().Data()
	s := 0.0
	for i, tv := range td {
		if tv != 0 {
			s += float64(tv * log(yd[i]+delta))
		}
	}
	return -s / float64(n)
}

func sameShape(a, b *tensor.Tensor) bool {
	if a.NDim() != b.NDim() {
		return false
	}
	for i := 0; i < a.NDim(); i++ {
		if a.Dim(i) != b.Dim(i) {
			return false
		}
	}
	return true
}

// CrossEntropyErrorLabels is CrossEntropyError for targets given as class
// labels (labels[n] is the correct class of row n) instead of one-hot rows:
// the book's y[np.arange(batch_size), t]. A 1-D y is a batch of one.
func CrossEntropyErrorLabels(y *tensor.Tensor, labels []int) float64 {
	n := batchRows("CrossEntropyErrorLabels", y)
	if len(labels) != n {
		panic(&tensor.ShapeError{Op: "net.CrossEntropyErrorLabels", A: y.Shape(), B: []int{len(labels)}, Why: "need one label per row (y, labels)"})
	}
	k := y.Dim(y.NDim() - 1)
	for i, l := range labels {
		if l < 0 || l >= k {
			panic(&tensor.ShapeError{Op: "net.CrossEntropyErrorLabels", A: y.Shape(), B: []int{i, l}, Why: "label out of range (y, [row label])"})
		}
	}
	return crossEntropyLabels(y.Contiguous().Reshape(n, k), labels)
}

// accuracy returns the fraction of rows of y whose largest score is the
// target class; t is one-hot (N, classes) or N class labels.
//
//dlfs:exercise net.accuracy
func accuracy(y, t *tensor.Tensor) float64 {
	pred := tensor.ArgmaxAxis(nil, y, 1) // np.argmax(y, axis=1): ties go to the first
	var want []int
	if t.NDim() == 2 {
		want = tensor.ArgmaxAxis(nil, t, 1) // one-hot: the position of the 1
	} else {
		for _, v := range t.Contiguous().Data() {
			want = append(want, int(v))
		}
	}
	correct := 0
	for i, p := range pred {
		if p == want[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(pred)) // not correct / N: integer division
}

// crossEntropyLabels returns -(1/N) Σn log(y[n][labels[n]] + 1e-7) for the
// probabilities y (N, classes), contiguous, and valid labels: only the
// correct class's probability counts, so one log per row.
//
//dlfs:exercise net.crossEntropyLabels
func crossEntropyLabels(y *tensor.Tensor, labels []int) float64 {
	yd, k := y.Data(), y.Dim(1)
	s := 0.0
	for i, l := range labels {
		s += log(yd[i*k+l] + delta)
	}
	return -s / float64(len(labels))
}
