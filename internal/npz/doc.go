// Package npz reads and writes NumPy's .npy and .npz files, so that Go code
// can exchange arrays with the book's Python programs: load the reference
// outputs the Python code computed, and save trained parameters that
// np.load can open.
//
// # The .npy format
//
// A .npy file holds one array. It is a short text header followed by the raw
// bytes of the elements:
//
//	\x93NUMPY              6 bytes, the magic string
//	major, minor           2 bytes, the format version (1.0, 2.0 or 3.0)
//	HEADER_LEN             little-endian length of the header text:
//	                       uint16 in version 1.0, uint32 in 2.0 and 3.0
//	header                 HEADER_LEN bytes of text, e.g.
//	                       {'descr': '<f8', 'fortran_order': False, 'shape': (3, 784), }
//	                       padded with spaces and ending in '\n', so that the
//	                       data starts at a multiple of 64 bytes (older NumPy
//	                       versions used 16)
//	data                   product(shape) elements of the dtype, one after
//	                       the other
//
// The header is a Python dictionary literal with exactly three keys:
//
//   - descr names the element type. The first character is the byte order
//     ('<' little-endian, '>' big-endian, '|' not applicable for single
//     bytes), then a kind letter ('f' float, 'i' signed integer, 'u'
//     unsigned integer, 'b' boolean) and the size in bytes. So '<f8' is a
//     little-endian float64 and '|u1' a byte.
//   - fortran_order tells whether the elements are stored column by column
//     (True) instead of row by row (False, "C order").
//   - shape is a Python tuple: () for a 0-d array (a single number), (5,)
//     for a vector of five, (3, 784) for a matrix.
//
// Version 2.0 only widens HEADER_LEN to four bytes for very long headers;
// version 3.0 additionally allows UTF-8 in the header.
//
// # The .npz format
//
// A .npz file is an ordinary zip archive whose members are .npy files, one
// per array: np.savez(f, W1=w) stores the array w as the member "W1.npy".
// np.savez stores members uncompressed, np.savez_compressed deflates them;
// this package reads both and writes the uncompressed form.
//
// # Values
//
// Whatever the element type in the file, ReadNPY returns the values widened
// to float64 in row-major (C) order, which is what the tensor package works
// with. Integers are exact up to 2^53 in magnitude; larger ones are an error
// rather than a silent rounding. The writers always produce little-endian
// float64 ('<f8') in C order with a version 1.0 header, the most portable
// form.
package npz
