package lesson

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"dlfs/internal/npz"
)

// maxModelWeights bounds each array of a model given to -load: note 001's
// largest is W1 with 256·784 values; this allows layers a hundred times
// larger, yet stays far below what would strain memory.
const maxModelWeights = 1 << 24

// maxModelWeight bounds the size of a weight given to -load: note 001's
// trained weights stay below 10; 1e6 leaves room for any honest training
// while 784 inputs in [0, 1] through a few such layers stay far from
// float64's 1.8e308.
const maxModelWeight = 1e6

// checkChain checks, from the headers alone, that the arrays W1, B1, W2,
// ... of a model chain into one network from 784 inputs to 10 outputs, so
// that a file whose shapes do not fit is refused before anything is
// inflated.
func checkChain(hs []npz.Header) error {
	shapes := map[string][]int{}
	var names []string
	total := 0
	for _, h := range hs {
		shapes[h.Name] = h.Shape
		names = append(names, h.Name)
		n := 1
		for _, d := range h.Shape {
			n *= d
		}
		total += n
	}
	in := 784
	for l := 1; ; l++ {
		wn, bn := fmt.Sprintf("W%d", l), fmt.Sprintf("B%d", l)
		w, b := shapes[wn], shapes[bn]
		if w == nil && b == nil {
			if l == 1 {
				return fmt.Errorf("it holds no W1/B1 (it holds %s): is it a model saved by -chapter=fcn?", strings.Join(names, ", "))
			}
			if in != 10 {
				return fmt.Errorf("its last layer W%d has %d outputs; MNIST needs 784 inputs and 10 outputs", l-1, in)
			}
			if total > 4*maxModelWeights {
				return fmt.Errorf("its layers hold %d values together, more than the limit of %d", total, 4*maxModelWeights)
			}
			return nil
		}
		switch {
		case w == nil || b == nil:
			have, miss := wn, bn
			if w == nil {
				have, miss = bn, wn
			}
			return fmt.Errorf("it has %s but no %s (names are case-sensitive; it holds %s): is it a model saved by -chapter=fcn?", have, miss, strings.Join(names, ", "))
		case w[1] != in && l == 1:
			return fmt.Errorf("%s has shape %v, %d inputs; MNIST needs 784 inputs and 10 outputs (W1 is (outputs, 784))", wn, w, w[1])
		case w[1] != in:
			return fmt.Errorf("%s has shape %v: it takes %d inputs but W%d has %d outputs", wn, w, w[1], l-1, in)
		case b[0]*b[1] != w[0]:
			return fmt.Errorf("%s has shape %v but %s %v has %d outputs: one bias per output", bn, b, wn, w, w[0])
		}
		in = w[0]
	}
}

// modelMember matches the names of a saved ColumnNet's arrays.
var modelMember = regexp.MustCompile(`^[WB][1-9][0-9]?$`)

// readModelArrays reads the arrays of a model saved by saveColumnNet (W1,
// B1, W2, ...), and nothing else of the file: each header is checked
// (two dimensions, none empty, at most maxModelWeights values) before its
// data is inflated, and every weight read must be a finite number. It
// returns the arrays by name and the names of every member of the file.
func readModelArrays(path string) (map[string]*npz.Array, []string, error) {
	arrays, names, err := npz.ReadNPZPlan(path, modelMember.MatchString, func(name string, shape []int, dtype string) error {
		n := 1
		for _, d := range shape {
			if d == 0 {
				return fmt.Errorf("%s has shape %v: an empty layer (a model saved by -chapter=fcn has none)", name, shape)
			}
			n *= d
		}
		if len(shape) != 2 {
			return fmt.Errorf("%s has shape %v; the layers of a model saved by -chapter=fcn are matrices", name, shape)
		}
		if n > maxModelWeights {
			return fmt.Errorf("%s has shape %v, %d values, more than the limit of %d per layer", name, shape, n, maxModelWeights)
		}
		return nil
	}, checkChain)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range names {
		a := arrays[name]
		if a == nil {
			continue
		}
		for i, v := range a.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("npz: %s: %s holds %v at index %d (of shape %v): a model with a weight that is not a finite number gives meaningless results; train it again",
					path, name, v, i, a.Shape)
			}
			if math.Abs(v) > maxModelWeight {
				return nil, nil, fmt.Errorf("npz: %s: %s holds %v at index %d (of shape %v), beyond ±%g: a trained model's weights are below 10 in size, and this one's would overflow "+
					"the products of the first layers to ±Inf; train it again", path, name, v, i, a.Shape, float64(maxModelWeight))
			}
		}
	}
	return arrays, names, nil
}
