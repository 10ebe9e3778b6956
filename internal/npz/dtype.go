package npz

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// ErrUnsupportedDtype is wrapped by the error for an array whose element
// type this package cannot convert to float64 (complex, object, string,
// datetime, structured, ...). Test for it with errors.Is.
var ErrUnsupportedDtype = errors.New("unsupported dtype")

// exactInt is the largest magnitude up to which every integer has an exact
// float64 representation.
const exactInt = 1 << 53

// dtype is a decoded descr: the element kind ('f', 'i', 'u' or 'b'), its
// size in bytes and its byte order.
type dtype struct {
	descr string
	kind  byte
	size  int
	order binary.ByteOrder
}

// unsupported builds the error for a descr this package does not read.
func unsupported(descr, why string) error {
	return fmt.Errorf("%w %q (%s); supported are bool, int8 to int64, uint8 to uint64, float32 and float64",
		ErrUnsupportedDtype, descr, why)
}

// parseDtype decodes a descr string such as "<f8", ">i4" or "|u1".
func parseDtype(descr string) (dtype, error) {
	dt := dtype{descr: descr}
	if descr == "" {
		return dt, unsupported(descr, "empty")
	}
	orderChar := byte(0)
	rest := descr
	switch descr[0] {
	case '<', '>', '|', '=':
		orderChar, rest = descr[0], descr[1:]
	}
	if rest == "" {
		return dt, unsupported(descr, "no type code")
	}
	dt.kind = rest[0]
	switch dt.kind {
	case 'c':
		return dt, unsupported(descr, "complex numbers")
	case 'O':
		return dt, unsupported(descr, "Python objects")
	case 'U', 'S', 'a':
		return dt, unsupported(descr, "strings")
	case 'V':
		return dt, unsupported(descr, "raw or structured records")
	case 'M', 'm':
		return dt, unsupported(descr, "dates and times")
	case 'f', 'i', 'u', 'b':
	default:
		return dt, unsupported(descr, "unknown type code")
	}
	size, err := strconv.Atoi(rest[1:])
	if err != nil {
		return dt, unsupported(descr, "unreadable item size")
	}
	dt.size = size
	switch {
	case dt.kind == 'f' && size == 2:
		return dt, unsupported(descr, "16-bit floats")
	case dt.kind == 'f' && (size == 4 || size == 8):
	case (dt.kind == 'i' || dt.kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8):
	case dt.kind == 'b' && size == 1:
	default:
		return dt, unsupported(descr, "item size not handled")
	}
	switch orderChar {
	case '<':
		dt.order = binary.LittleEndian
	case '>':
		dt.order = binary.BigEndian
	default:
		if size > 1 {
			return dt, unsupported(descr, "a multi-byte type needs an explicit byte order '<' or '>'")
		}
		dt.order = binary.LittleEndian // irrelevant for single bytes
	}
	return dt, nil
}

// decode converts the items in src (a whole number of items) to float64 and
// appends them to dst. first is the index of src's first item in the array,
// for error messages.
func (dt dtype) decode(dst []float64, src []byte, first int) ([]float64, error) {
	n := len(src) / dt.size
	o := dt.order
	for k := range n {
		b := src[k*dt.size : (k+1)*dt.size]
		var v float64
		switch dt.kind {
		case 'f':
			if dt.size == 4 {
				v = float64(math.Float32frombits(o.Uint32(b)))
			} else {
				v = math.Float64frombits(o.Uint64(b))
			}
		case 'b':
			if b[0] != 0 {
				v = 1
			}
		case 'i':
			var x int64
			switch dt.size {
			case 1:
				x = int64(int8(b[0]))
			case 2:
				x = int64(int16(o.Uint16(b)))
			case 4:
				x = int64(int32(o.Uint32(b)))
			default:
				x = int64(o.Uint64(b))
				if x > exactInt || x < -exactInt {
					return dst, fmt.Errorf("element %d of the %s array is %d, beyond ±2^53, where float64 cannot hold every integer exactly", first+k, dt.descr, x)
				}
			}
			v = float64(x)
		case 'u':
			var x uint64
			switch dt.size {
			case 1:
				x = uint64(b[0])
			case 2:
				x = uint64(o.Uint16(b))
			case 4:
				x = uint64(o.Uint32(b))
			default:
				x = o.Uint64(b)
				if x > exactInt {
					return dst, fmt.Errorf("element %d of the %s array is %d, beyond 2^53, where float64 cannot hold every integer exactly", first+k, dt.descr, x)
				}
			}
			v = float64(x)
		}
		dst = append(dst, v)
	}
	return dst, nil
}
