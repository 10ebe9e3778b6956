package npz

import (
	"archive/zip"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"dlfs/internal/outfile"
	"dlfs/tensor"
)

// zipTime is the modification time stamped on written members: the earliest
// date a zip file can hold, as Python's zipfile uses, so that saving the
// same arrays twice gives the same bytes.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// ReadNPZ reads every array of the .npz file at path (stored or deflated
// members, as np.savez and np.savez_compressed write them). It returns the
// arrays by name, a member "W1.npy" giving the name "W1", and the names in
// archive order. Every member must be a .npy file of a supported dtype.
func ReadNPZ(path string) (map[string]*Array, []string, error) {
	return ReadNPZSelect(path, nil, nil)
}

// ReadNPZSelect is ReadNPZ reading only the members whose array name want
// accepts (nil: all), so that a large member nobody needs costs nothing.
// Before a member's data is read or inflated, check (if not nil) sees the
// shape and dtype its .npy header declares and may refuse them with an
// error, which ReadNPZSelect returns naming the file and member. The names
// returned are those of every .npy member, read or not, in archive order.
func ReadNPZSelect(path string, want func(name string) bool, check func(name string, shape []int, dtype string) error) (map[string]*Array, []string, error) {
	return ReadNPZPlan(path, want, check, nil)
}

// A Header is what a member's .npy header declares.
type Header struct {
	Name  string // the array's name: "W1" for the member "W1.npy"
	Shape []int
	Dtype string // the descr, as '<f8'
}

// ReadNPZPlan is ReadNPZSelect that, before any member's data is read,
// reads the headers of every member want accepts and gives them, in
// archive order, to plan (if not nil): an error from plan is returned and
// nothing is inflated, so that arrays whose shapes do not fit together
// cost nothing however large they claim to be.
func ReadNPZPlan(path string, want func(name string) bool, check func(name string, shape []int, dtype string) error, plan func([]Header) error) (map[string]*Array, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("npz: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("npz: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("npz: %s is not a regular file", path)
	}
	return readArchivePlan(f, fi.Size(), path, want, check, plan)
}

// readArchive is ReadNPZSelect reading an archive of size bytes from ra;
// path is used in messages.
func readArchive(ra io.ReaderAt, size int64, path string, want func(name string) bool, check func(name string, shape []int, dtype string) error) (map[string]*Array, []string, error) {
	return readArchivePlan(ra, size, path, want, check, nil)
}

// errHeaderRead stops a member's reading once its header is known.
var errHeaderRead = errors.New("header read")

func readArchivePlan(ra io.ReaderAt, size int64, path string, want func(name string) bool, check func(name string, shape []int, dtype string) error, plan func([]Header) error) (map[string]*Array, []string, error) {
	zr, err := zip.NewReader(ra, size)
	// ErrInsecurePath comes with a usable reader; names are never used as
	// file paths here, so it does no harm.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, nil, fmt.Errorf("npz: %s: not a readable zip archive (truncated, or not an .npz file): %w", path, err)
	}
	if plan != nil {
		var hs []Header
		for _, zf := range zr.File {
			if name, ok := strings.CutSuffix(zf.Name, ".npy"); ok && want != nil && !want(name) {
				continue
			}
			var h Header
			_, err := readMember(zf, size, func(name string, shape []int, dtype string) error {
				if check != nil {
					if err := check(name, shape, dtype); err != nil {
						return err
					}
				}
				h = Header{Name: name, Shape: shape, Dtype: dtype}
				return errHeaderRead
			})
			if err != errHeaderRead {
				return nil, nil, fmt.Errorf("npz: %s: member %q: %w", path, zf.Name, err)
			}
			hs = append(hs, h)
		}
		if err := plan(hs); err != nil {
			return nil, nil, fmt.Errorf("npz: %s: %w", path, err)
		}
	}
	arrays := make(map[string]*Array, len(zr.File))
	names := make([]string, 0, len(zr.File))
	for _, zf := range zr.File {
		if name, ok := strings.CutSuffix(zf.Name, ".npy"); ok && want != nil && !want(name) {
			names = append(names, name)
			continue
		}
		a, err := readMember(zf, size, check)
		if err != nil {
			return nil, nil, fmt.Errorf("npz: %s: member %q: %w", path, zf.Name, err)
		}
		if _, dup := arrays[a.Name]; dup {
			return nil, nil, fmt.Errorf("npz: %s: member %q: the archive holds %q twice", path, zf.Name, a.Name)
		}
		arrays[a.Name] = a
		names = append(names, a.Name)
	}
	return arrays, names, nil
}

// readMember reads one member of a zip archive of archiveSize bytes.
func readMember(zf *zip.File, archiveSize int64, check func(name string, shape []int, dtype string) error) (*Array, error) {
	name, ok := strings.CutSuffix(zf.Name, ".npy")
	if !ok || name == "" {
		return nil, errors.New("not a .npy file (the name does not end in .npy)")
	}
	if zf.UncompressedSize64 > math.MaxInt64 {
		return nil, fmt.Errorf("declared size %d is absurd", zf.UncompressedSize64)
	}
	size := int64(zf.UncompressedSize64)
	// The declared size of a stored member can be trusted for allocation
	// once it is known to lie inside the archive; that of a compressed
	// member cannot, so its array grows as data is inflated.
	trusted := false
	if zf.Method == zip.Store && zf.CompressedSize64 == zf.UncompressedSize64 {
		off, err := zf.DataOffset()
		if err != nil {
			return nil, err
		}
		if off < 0 || off > archiveSize || size > archiveSize-off {
			return nil, fmt.Errorf("truncated archive: the member's %d bytes do not fit in the file", size)
		}
		trusted = true
	}
	rc, err := zf.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, fmt.Errorf("unsupported compression method %d (only stored and deflated members are read)", zf.Method)
		}
		return nil, err
	}
	defer rc.Close()
	var checkHeader func([]int, string) error
	if check != nil {
		checkHeader = func(shape []int, descr string) error { return check(name, shape, descr) }
	}
	a, err := readNPY(rc, size, trusted, checkHeader)
	if err != nil {
		return nil, err
	}
	a.Name = name
	return a, nil
}

// WriteNPZ saves the tensors ts under the given names as an uncompressed
// .npz file at path, as np.savez(path, **dict(zip(names, ts))) would, with
// the members in the order given. Each array is written as '<f8' (see
// WriteNPY). Names must be non-empty, distinct and free of '/' and '\'.
//
// The file is written to a temporary file in the same directory and renamed
// over path at the end (see package outfile), so a crash or an interrupt
// never leaves a half-written path behind.
func WriteNPZ(path string, names []string, ts []*tensor.Tensor) error {
	if len(names) != len(ts) {
		return fmt.Errorf("npz: %s: %d names for %d tensors", path, len(names), len(ts))
	}
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		switch {
		case n == "":
			return fmt.Errorf("npz: %s: name %d is empty", path, i)
		case strings.ContainsAny(n, `/\`):
			return fmt.Errorf("npz: %s: name %q contains a path separator", path, n)
		case seen[n]:
			return fmt.Errorf("npz: %s: name %q is given twice", path, n)
		case ts[i] == nil:
			return fmt.Errorf("npz: %s: tensor %q is nil", path, n)
		}
		seen[n] = true
	}

	err := outfile.Write(path, func(w io.Writer) error { return write(w, names, ts) })
	if err != nil {
		return fmt.Errorf("npz: %s: %w", path, err)
	}
	return nil
}

// write writes the archive of WriteNPZ to w.
func write(w io.Writer, names []string, ts []*tensor.Tensor) error {
	zw := zip.NewWriter(w)
	for i, t := range ts {
		if err := writeMember(zw, names[i]+".npy", t); err != nil {
			return fmt.Errorf("member %q: %w", names[i]+".npy", err)
		}
	}
	return zw.Close()
}

// writeMember adds t as a stored member. The .npy bytes are produced twice:
// first only to learn their size and checksum, so that the local header can
// carry them (no data descriptor, which some readers handle poorly), then
// for real.
func writeMember(zw *zip.Writer, name string, t *tensor.Tensor) error {
	c := crcCounter{h: crc32.NewIEEE()}
	if err := writeNPY(&c, t); err != nil {
		return err
	}
	fh := &zip.FileHeader{
		Name:               name,
		Method:             zip.Store,
		Modified:           zipTime,
		CRC32:              c.h.Sum32(),
		CompressedSize64:   c.n,
		UncompressedSize64: c.n,
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	return writeNPY(w, t)
}

// crcCounter is a writer that only counts and checksums its input.
type crcCounter struct {
	h hash.Hash32
	n uint64
}

func (c *crcCounter) Write(p []byte) (int, error) {
	c.n += uint64(len(p))
	return c.h.Write(p)
}
