package net

import "dlfs/tensor"

// accuracy returns the fraction of rows of y whose largest score is the
// target class; t is one-hot (N, classes) or N class labels.
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
