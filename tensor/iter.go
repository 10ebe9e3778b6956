package tensor

// Iterator visits every element of a tensor in row-major order of its
// multi-index and can read and write in place. It is the Go form of
//
//	it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
//	while not it.finished:
//	    idx = it.multi_index
//	    ...
//	    it.iternext()
//
// written as
//
//	it := x.Iter()
//	for it.Next() {
//	    idx := it.Index()
//	    ...
//	}
//
// It follows the strides, so it walks views (such as a transpose) in the
// order of their own indices, not of the storage.
type Iterator struct {
	t       *Tensor
	idx     []int
	off     int
	started bool
	done    bool
}

// Iter returns an iterator positioned before the first element.
func (t *Tensor) Iter() *Iterator {
	return &Iterator{t: t, idx: make([]int, len(t.shape)), done: t.Size() == 0}
}

// Next moves to the next element and reports whether there is one.
func (it *Iterator) Next() bool {
	if it.done {
		return false
	}
	if !it.started {
		it.started = true
		return true
	}
	sh, st := it.t.shape, it.t.strides
	for a := len(sh) - 1; a >= 0; a-- {
		it.idx[a]++
		it.off += st[a]
		if it.idx[a] < sh[a] {
			return true
		}
		it.off -= it.idx[a] * st[a]
		it.idx[a] = 0
	}
	it.done = true
	return false
}

// Index returns the current multi-index. The slice is reused by Next: copy
// it to keep it.
func (it *Iterator) Index() []int { return it.idx }

// Offset returns the current element's position in the backing slice.
func (it *Iterator) Offset() int { return it.off }

// Value returns the current element.
func (it *Iterator) Value() float64 { return it.t.data[it.off] }

// Set writes v to the current element.
func (it *Iterator) Set(v float64) { it.t.data[it.off] = v }
