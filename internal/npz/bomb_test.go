package npz

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestNPZSelectSkipsUnwantedMembers reads a small model from an archive
// that also holds a deflated member of 2^24 zero bytes: ReadNPZSelect must
// not inflate it (ReadNPZ, which reads everything, would widen it to 128 MB).
func TestNPZSelectSkipsUnwantedMembers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.npz")
	junk := v1(dictFor("|u1", false, "(16777216,)"), make([]byte, 1<<24))
	writeZip(t, path,
		member{name: "W1.npy", data: npyOf(t, filled(1, 3, 4))},
		member{name: "junk.npy", data: junk, deflate: true},
		member{name: "B1.npy", data: npyOf(t, filled(2, 3, 1))})
	var arrays map[string]*Array
	var names []string
	var err error
	got := allocated(func() {
		arrays, names, err = ReadNPZSelect(path, func(n string) bool { return n != "junk" }, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(arrays) != 2 || arrays["W1"] == nil || arrays["B1"] == nil || strings.Join(names, " ") != "W1 junk B1" {
		t.Errorf("read %d arrays, names %v; want W1 and B1 of W1 junk B1", len(arrays), names)
	}
	if got > 4<<20 {
		t.Errorf("reading two small members allocated %d MB: the unwanted one was inflated", got>>20)
	}
}

// TestNPZSelectChecksHeaderBeforeInflating gives a member whose header
// declares 2^24 values (and whose data is all there, deflated): the check
// refuses it before anything is inflated.
func TestNPZSelectChecksHeaderBeforeInflating(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.npz")
	writeZip(t, path, member{name: "W1.npy", data: v1(dictFor("|u1", false, "(4096, 4096)"), make([]byte, 1<<24)), deflate: true})
	tooBig := errors.New("too big")
	var err error
	got := allocated(func() {
		_, _, err = ReadNPZSelect(path, nil, func(name string, shape []int, dtype string) error {
			if name != "W1" || len(shape) != 2 || shape[0] != 4096 || dtype != "|u1" {
				t.Errorf("check saw %s %v %s, want W1 [4096 4096] |u1", name, shape, dtype)
			}
			return tooBig
		})
	})
	if !errors.Is(err, tooBig) || !strings.Contains(err.Error(), `npz: `+path+`: member "W1.npy"`) {
		t.Errorf("got %v, want the check's error naming the file and member", err)
	}
	if got > 4<<20 {
		t.Errorf("a refused header cost %d MB of allocation", got>>20)
	}
}

// TestNPZPlanSeesEveryHeaderBeforeInflating gives an archive of several
// members of 2^24 values each, all there and deflated, where each member
// alone passes the check but together they do not: the plan sees every
// header, in order, before any member is inflated.
func TestNPZPlanSeesEveryHeaderBeforeInflating(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.npz")
	big := v1(dictFor("|u1", false, "(4096, 4096)"), make([]byte, 1<<24))
	var ms []member
	for _, n := range []string{"W1", "B1", "W2", "B2"} {
		ms = append(ms, member{name: n + ".npy", data: big, deflate: true})
	}
	writeZip(t, path, ms...)
	refused := errors.New("the shapes do not chain")
	var seen []string
	var err error
	got := allocated(func() {
		_, _, err = ReadNPZPlan(path, nil, nil, func(hs []Header) error {
			for _, h := range hs {
				seen = append(seen, h.Name)
			}
			return refused
		})
	})
	if !errors.Is(err, refused) || !strings.HasPrefix(err.Error(), "npz: "+path+": ") {
		t.Errorf("got %v, want the plan's error naming the file", err)
	}
	if strings.Join(seen, " ") != "W1 B1 W2 B2" {
		t.Errorf("the plan saw %v, want W1 B1 W2 B2", seen)
	}
	if got > 8<<20 {
		t.Errorf("refusing the plan cost %d MB of allocation: members were inflated", got>>20)
	}
}
