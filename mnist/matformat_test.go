package mnist

// The constants of the MAT-file format (package internal/mat), for the
// tests that write MAT-files.

// Data types of MAT-file elements.
const (
	miINT8       = 1
	miUINT8      = 2
	miINT16      = 3
	miUINT16     = 4
	miINT32      = 5
	miUINT32     = 6
	miSINGLE     = 7
	miDOUBLE     = 9
	miINT64      = 12
	miUINT64     = 13
	miMATRIX     = 14
	miCOMPRESSED = 15
	miUTF8       = 16
)

// Array classes, from the low byte of the array flags.
const (
	mxCELL   = 1
	mxSTRUCT = 2
	mxOBJECT = 3
	mxCHAR   = 4
	mxSPARSE = 5
	mxDOUBLE = 6
	mxUINT8  = 9
	mxUINT64 = 15 // the last class with the usual layout
)

// Bits of the array flags word besides the class.
const (
	matFlagComplex = 0x0800
	matFlagLogical = 0x0200
)

const (
	matHeaderLen = 128
	matVersion   = 0x0100
	matMaxDims   = 32 // dimensions read before giving up on a variable
	matMaxName   = 63 // MATLAB's longest variable name (namelengthmax)
)

// matTypeSize returns the size of one number of type typ, or 0 if typ is
// not a number type.
func matTypeSize(typ uint32) int64 {
	switch typ {
	case miINT8, miUINT8:
		return 1
	case miINT16, miUINT16:
		return 2
	case miINT32, miUINT32, miSINGLE:
		return 4
	case miDOUBLE, miINT64, miUINT64:
		return 8
	}
	return 0
}
