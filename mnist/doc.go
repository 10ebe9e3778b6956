// Package mnist loads the MNIST handwritten digits, the data set of
// chapters 3 to 6 of "Deep Learning from Scratch": 60,000 training and
// 10,000 test images of 28x28 grey pixels, each labelled with the digit
// 0-9 it shows. It is the Go counterpart of the book's dataset/mnist.py.
//
// # Getting the data
//
// Load finds the data the way you would hope on a fresh machine:
//
//  1. a directory you name with Options.Dir (a -data flag), or a .mat
//     file such as note 001's mnist_all.mat (see ReadMat), or else
//  2. a directory named by the environment variable MNIST_DIR, or else
//  3. the cache, ~/.cache/dlfs/mnist on Linux (see os.UserCacheDir), or else
//  4. a download of the four files (11 MB) into the cache, or else
//  5. a synthetic stand-in: digits drawn by a program (see Synthetic).
//
// A directory you name is the only place looked at: if its files are
// missing or damaged, Load says so instead of quietly using other data.
// Downloads are checked against known SHA-256 sums and only moved into the
// cache once complete, so an interrupted run never leaves half a file; a
// cached file is checked against its sum before it is decompressed, and
// temporary files left by a killed download are removed whenever the cache
// is opened. One timeout policy (Options.Timeout) covers the connection,
// the answer and every pause of the body, and a mirror that failed is not
// asked again in the same Load. Reading honours the context: a cancelled
// Load stops between reads, even on a named pipe.
// The synthetic digits let every example run without a network, but its
// numbers will not match the book: when Data.Synthetic is set, show the
// user Data.Banner.
//
// A directory may hold the files gzipped, as distributed:
//
//	train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
//	t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz
//
// or uncompressed, under the same names without .gz (or with a dot, as in
// train-images.idx3-ubyte).
//
// # Bytes in memory, float64 in batches
//
// The book's load_mnist converts the whole data set to floating point at
// once. That costs 440 MB as float64. A Set instead keeps the pixels as the
// bytes found in the files (55 MB for all of MNIST) and converts only the
// images a training step asks for:
//
//	x := train.Batch(nil, idx)  // (len(idx), 784) float64 in [0, 1]
//	t := train.OneHot(nil, idx) // (len(idx), 10) one-hot labels
//
// The options of the book's load_mnist map to methods:
//
//	normalize=True,  flatten=True   Set.Batch        (n, 784), p/255
//	normalize=True,  flatten=False  Set.BatchImages  (n, 1, 28, 28), p/255
//	normalize=False, flatten=True   Set.BatchRaw     (n, 784), 0..255
//	one_hot_label=True              Set.OneHot       (n, 10)
//	one_hot_label=False             Set.LabelsOf     []int
//
// Each Batch method takes a destination tensor. Pass nil to allocate, or
// the previous batch of the same shape to overwrite it without allocating,
// which keeps a training loop free of garbage.
//
// # The file format
//
// MNIST comes in the IDX format: a four-byte magic number, the dimensions
// as big-endian 32-bit integers, then the values as unsigned bytes.
// ReadIDX decodes one such file, gzipped or not, and checks it thoroughly:
// a damaged or truncated file gives an error that names the file and the
// problem, never a panic or a huge allocation. Memory follows the bytes
// that really arrive, not what a header claims: the headers of an images
// file and its labels file are compared before either is inflated, and a
// buffer grows only as inflated data comes in.
package mnist
