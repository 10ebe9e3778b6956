//go:build ignore

// mkbookcase makes testdata/twolayer_case.npz from the reference file the
// book's Python code wrote (testdata/README.md says how that was made):
//
//	go run testdata/mkbookcase.go ../shared/ref/twolayer_case.npz testdata/twolayer_case.npz
//
// It keeps every member NumPy wrote byte for byte, in its order, except that
// it leaves out x_f64 (x widened to float64, which is what reading x gives)
// and zeroes the rows of W1 whose pixel is 0 in all three images: no output,
// loss or gradient depends on them, and the book's gradients of those rows
// are exactly 0 (checked here). The members are deflated (best compression) and dated 1980-01-01,
// so that a run with the same Go gives the same bytes.
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"time"

	"dlfs/internal/npz"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run testdata/mkbookcase.go SRC.npz DST.npz")
		os.Exit(2)
	}
	src, dst := os.Args[1], os.Args[2]
	zr, err := zip.OpenReader(src)
	if err != nil {
		log.Fatal(err)
	}
	defer zr.Close()
	members := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			log.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			log.Fatalf("%s: %v", f.Name, err)
		}
		members[f.Name] = b
		order = append(order, f.Name)
	}
	read := func(name string) *npz.Array {
		a, err := npz.ReadNPY(bytes.NewReader(members[name]))
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		return a
	}

	// The pixels that are 0 in every image: their rows of W1 meet only 0.
	x := read("x.npy")
	rows, cols := x.Shape[1], read("W1.npy").Shape[1]
	unused := make([]bool, rows)
	n := 0
	for i := range rows {
		unused[i] = true
		for k := range x.Shape[0] {
			if x.Data[k*rows+i] != 0 {
				unused[i] = false
			}
		}
		if unused[i] {
			n++
		}
	}
	for _, g := range []string{"num_W1.npy", "bp_W1.npy", "ch05_num_W1.npy", "ch05_bp_W1.npy"} {
		a := read(g)
		for i := range rows {
			for j := range cols {
				if v := a.Data[i*cols+j]; unused[i] && v != 0 {
					log.Fatalf("%s[%d, %d] = %v, but pixel %d is 0 in every image", g, i, j, v, i)
				}
			}
		}
	}
	w1 := members["W1.npy"]
	data := len(w1) - rows*cols*8 // the .npy header's length
	for i := range rows {
		if unused[i] {
			for j := range cols {
				binary.LittleEndian.PutUint64(w1[data+(i*cols+j)*8:], math.Float64bits(0))
			}
		}
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, name := range order {
		if name == "x_f64.npy" {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write(members[name]); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d bytes, %d members; %d of W1's %d rows zeroed (pixels 0 in all %d images)\n",
		dst, buf.Len(), len(order)-1, n, rows, x.Shape[0])
}
