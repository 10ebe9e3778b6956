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
	left    int // elements still to visit, the current one included
	started bool
}

// Iter returns an iterator positioned before the first element.
func (t *Tensor) Iter() *Iterator { return t.IterRange(0, t.Size()) }

// IterRange returns an iterator over the elements lo, lo+1, ..., hi-1 in
// row-major order of their multi-index, like np.nditer's iterrange. Split
// [0, Size()) into ranges to share one tensor's elements among goroutines.
// It panics unless 0 <= lo <= hi <= Size().
func (t *Tensor) IterRange(lo, hi int) *Iterator {
	if lo < 0 || lo > hi || hi > t.Size() {
		panic(shapeErr("IterRange", t.shape, []int{lo, hi}, "range outside the tensor (shape, [lo hi])"))
	}
	it := &Iterator{t: t, idx: make([]int, len(t.shape)), left: hi - lo}
	for a, rest := len(t.shape)-1, lo; a >= 0 && rest > 0; a-- {
		it.idx[a] = rest % t.shape[a]
		it.off += it.idx[a] * t.strides[a]
		rest /= t.shape[a]
	}
	return it
}

// Next moves to the next element and reports whether there is one.
func (it *Iterator) Next() bool {
	if !it.started {
		it.started = true
		return it.left > 0
	}
	if it.left <= 1 {
		it.left = 0
		return false
	}
	it.left--
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
	return true
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
