package lesson

import (
	"fmt"
	"math"
	"regexp"

	"dlfs/internal/npz"
)

// maxModelWeights bounds each array of a model given to -load: note 001's
// largest is W1 with 256·784 values; this allows layers a hundred times
// larger, yet stays far below what would strain memory.
const maxModelWeights = 1 << 24

// modelMember matches the names of a saved ColumnNet's arrays.
var modelMember = regexp.MustCompile(`^[WB][1-9][0-9]?$`)

// readModelArrays reads the arrays of a model saved by saveColumnNet (W1,
// B1, W2, ...), and nothing else of the file: each header is checked
// (two dimensions, none empty, at most maxModelWeights values) before its
// data is inflated, and every weight read must be a finite number. It
// returns the arrays by name and the names of every member of the file.
func readModelArrays(path string) (map[string]*npz.Array, []string, error) {
	arrays, names, err := npz.ReadNPZSelect(path, modelMember.MatchString, func(name string, shape []int, dtype string) error {
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
	})
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
		}
	}
	return arrays, names, nil
}
