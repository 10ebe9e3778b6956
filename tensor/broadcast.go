package tensor

// AddCol sets dst = a + col, adding the column col to every column of the
// 2-D a (NumPy's broadcasting of np.dot(w, x) + b for b of shape (n, 1)). a
// is (n, m), col is (n, 1) or (n), dst (n, m); dst may be a.
func AddCol(dst, a, col *Tensor) *Tensor {
	if a.NDim() != 2 || col.Size() != a.shape[0] || col.NDim() > 2 || (col.NDim() == 2 && col.shape[1] != 1) {
		panic(shapeErr("AddCol", a.shape, col.shape, "need a (n, m) matrix and an (n, 1) column"))
	}
	dst = prepare("AddCol", dst, a.shape)
	x, c, o := flat(a), flat(col), out(dst)
	m := a.shape[1]
	for i, v := range c {
		addScalarVec(o[i*m:(i+1)*m], x[i*m:(i+1)*m], v)
	}
	return finish(dst, o)
}
