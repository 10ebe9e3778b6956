package lesson

import (
	"os/exec"
	"path/filepath"
	"testing"

	"dlfs/internal/npz"
	"dlfs/mnist"
	"dlfs/net"
	"dlfs/tensor"
)

// noteTraining is note 001's training step in NumPy, as the note writes it
// (forward, cross_entropy_loss, fc_backward with its / N, relu_backward,
// the updates), run from the start dlfs saved, on the images dlfs saved.
const noteTraining = `
import sys
import numpy as np
d = np.load(sys.argv[1])
P = {k: d[k].copy() for k in ("W1", "B1", "W2", "B2", "W3", "B3")}
X_all, Y_all, order = d["X"], d["Y"], d["order"].astype(np.int64)
steps, batch, lr = int(sys.argv[3]), 128, 0.01

def relu_backward(next_dz, z):
    return np.where(np.greater(z, 0), next_dz, 0)

def fc_backward(next_dz, W, z):
    N = z.shape[1]
    dz = np.dot(next_dz.T, W)
    dw = np.dot(z, next_dz.T).T
    db = np.sum(next_dz, axis=1, keepdims=True)
    return dw / N, db / N, dz

for i in range(steps):
    rows = order[(i * batch + np.arange(batch)) % len(order)]
    X, Y = X_all[rows].T, Y_all[rows].T
    A1 = np.dot(P["W1"], X) + P["B1"]; Z1 = np.maximum(A1, 0)
    A2 = np.dot(P["W2"], Z1) + P["B2"]; Z2 = np.maximum(A2, 0)
    A3 = np.dot(P["W3"], Z2) + P["B3"]
    y = A3.T - np.max(A3.T, axis=-1, keepdims=True)
    p = np.exp(y) / np.sum(np.exp(y), axis=-1, keepdims=True)
    dA3 = (p - Y.T).T
    dW3, dB3, dZ2 = fc_backward(dA3, P["W3"], Z2)
    dA2 = relu_backward(dZ2.T, A2)
    dW2, dB2, dZ1 = fc_backward(dA2, P["W2"], Z1)
    dA1 = relu_backward(dZ1.T, A1)
    dW1, dB1, _ = fc_backward(dA1, P["W1"], X)
    for k, g in (("W3", dW3), ("B3", dB3), ("W2", dW2), ("B2", dB2), ("W1", dW1), ("B1", dB1)):
        P[k] -= lr * g
np.savez(sys.argv[2], **P)
`

// TestFCN_3_SameAsNumPy checks that dlfs trains exactly as the note's NumPy
// code does: from the same weights, on the same batches, 40 updates of the
// 784-256-128-10 net leave every parameter equal to within 1e-13. (So the
// accuracies dlfs reports differ from the note's only by the random start
// and shuffle, which Go and NumPy draw differently.)
func TestFCN_3_SameAsNumPy(t *testing.T) {
	const python = "/usr/bin/python3" // the system one, which has NumPy if anything does
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skipf("%s with numpy not available (%v): skipping the NumPy cross-check", python, err)
	}
	cfg := Defaults()
	r := &Runner{Config: cfg}
	data := mnist.Synthetic(700, 10)
	rng := r.Rand(14)
	n, err := net.NewColumnNet(rng, []int{784, 256, 128, 10}, "xavier")
	if err != nil {
		t.Fatal(err)
	}
	order := rng.Perm(data.Train.Len())
	all := firstN(data.Train.Len())
	names := []string{"X", "Y", "order"}
	ts := []*tensor.Tensor{data.Train.Batch(nil, all), data.Train.OneHot(nil, all), tensor.New(len(order))}
	for i, v := range order {
		ts[2].Data()[i] = float64(v)
	}
	for _, p := range n.Params() {
		names, ts = append(names, p.Name), append(ts, p.Value.Clone())
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "start.npz"), filepath.Join(dir, "numpy.npz")
	if err := npz.WriteNPZ(in, names, ts); err != nil {
		t.Fatal(err)
	}
	const steps = 40
	x, y := tensor.New(128, 784), tensor.New(128, 10)
	idx := make([]int, 128)
	for i := range steps { // fcnTrain's loop
		for k := range idx {
			idx[k] = order[(i*128+k)%len(order)]
		}
		data.Train.Batch(x, idx)
		data.Train.OneHot(y, idx)
		n.Forward(x.T())
		n.Backward(x.T(), y.T())
		n.Step(0.01)
	}
	cmd := exec.Command(python, "-c", noteTraining, in, out, "40")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the note's training in NumPy failed: %v\n%s", err, msg)
	}
	got, _, err := npz.ReadNPZ(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range n.Params() {
		want := got[p.Name].Tensor()
		if d := tensor.MaxAbsDiff(p.Value, want.Reshape(p.Value.Shape()...)); d > 1e-13 || d != d {
			t.Errorf("§fcn.3 after %d updates: %s differs from the note's NumPy code by %g, want <= 1e-13", steps, p.Name, d)
		}
	}
}
