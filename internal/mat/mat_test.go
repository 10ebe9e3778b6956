package mat

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// element is one tagged element, padded to 8 bytes.
func element(typ uint32, data []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, typ)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	for len(b)%8 != 0 {
		b = append(b, 0)
	}
	return b
}

// matrix is a little-endian MiMATRIX element for a uint8 variable.
func matrix(name string, rows, cols int32, data []byte) []byte {
	flags := binary.LittleEndian.AppendUint32(nil, MxUINT8)
	flags = append(flags, 0, 0, 0, 0)
	dims := binary.LittleEndian.AppendUint32(nil, uint32(rows))
	dims = binary.LittleEndian.AppendUint32(dims, uint32(cols))
	var c []byte
	c = append(c, element(MiUINT32, flags)...)
	c = append(c, element(MiINT32, dims)...)
	c = append(c, element(MiINT8, []byte(name))...)
	c = append(c, element(MiUINT8, data)...)
	return element(MiMATRIX, c)
}

func file(elems ...[]byte) []byte {
	h := make([]byte, HeaderLen)
	copy(h, "MATLAB 5.0 MAT-file, written by a test")
	binary.LittleEndian.PutUint16(h[124:], Version)
	copy(h[126:], "IM")
	for _, e := range elems {
		h = append(h, e...)
	}
	return h
}

func compressed(elem []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(elem)
	zw.Close()
	// Unlike other elements, a compressed one is not padded.
	b := binary.LittleEndian.AppendUint32(nil, MiCOMPRESSED)
	b = binary.LittleEndian.AppendUint32(b, uint32(z.Len()))
	return append(b, z.Bytes()...)
}

func TestMatReadSelectsAndBounds(t *testing.T) {
	a := matrix("a", 2, 3, []byte{1, 2, 3, 4, 5, 6})
	b := matrix("b", 1, 2, []byte{7, 8})
	f := file(a, compressed(b))
	var seen []string
	vars, err := Read(bytes.NewReader(f), "t.mat", Options{MaxBytes: 100, Want: func(h Header) (bool, error) {
		seen = append(seen, h.Name)
		return h.Name == "b", nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, " ") != "a b" || len(vars) != 1 || vars[0].Name != "b" || !bytes.Equal(vars[0].Bytes(), []byte{7, 8}) || vars[0].Value(1) != 8 {
		t.Fatalf("saw %v, read %+v", seen, vars)
	}

	// The declared sizes are checked against MaxBytes before reading.
	_, err = Read(bytes.NewReader(f), "t.mat", Options{MaxBytes: 7})
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "mat: t.mat: variable b is 2 bytes, more than the limit of 1 bytes left") {
		t.Errorf("over MaxBytes: got %v", err)
	}
	// Want's refusal stops the read, as a FormatError.
	_, err = Read(bytes.NewReader(f), "t.mat", Options{MaxBytes: 100, Want: func(h Header) (bool, error) {
		return false, errors.New("not wanted here")
	}})
	if !errors.As(err, &fe) || fe.Problem != "not wanted here" {
		t.Errorf("refused by Want: got %v", err)
	}
}

// FuzzMatRead feeds arbitrary bytes to Read. It must never panic, and
// every variable it returns must hold as many values as its dimensions say.
func FuzzMatRead(f *testing.F) {
	good := file(matrix("x", 2, 2, []byte{1, 2, 3, 4}), compressed(matrix("y", 1, 3, []byte{5, 6, 7})))
	f.Add(good)
	for _, n := range []int{0, 127, 128, 140, len(good) / 2, len(good) - 1} {
		f.Add(good[:n])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		vars, err := Read(bytes.NewReader(b), "fuzz.mat", Options{MaxBytes: 1 << 20})
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FormatError", err, err)
			}
			return
		}
		for _, v := range vars {
			n := int64(1)
			for _, d := range v.Dims {
				n *= d
			}
			if int64(v.Len()) != n {
				t.Fatalf("%s: %d values for dims %v", v.Name, v.Len(), v.Dims)
			}
			if v.Len() > 0 {
				_ = v.Value(v.Len() - 1)
			}
		}
	})
}
