package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file that makes a folder dlfs's own: Prepare writes into
// a folder only if it holds Marker or is empty (or new), so that no file
// of the user's is ever replaced.
const Marker = ".dlfs-out"

const markerText = "This folder was made by dlfs (go run . -chapter=4): lesson pages, pictures, their numbers and models.\n" +
	"dlfs writes only into a folder that holds this file or is empty, and replaces its own files in it.\n"

// Adopt, when not nil, tells whether a folder without Marker, none of
// whose files has a foreign name, was written by an earlier dlfs (its
// lesson pages say so): it returns "" if so, else the name of a file that
// dlfs did not write. Package report sets it.
var Adopt func(dir string) (foreign string)

// ownNames are the kinds of file dlfs writes into its folder.
func ownName(name string) bool {
	if strings.HasPrefix(name, ".") {
		return name == Marker || strings.Contains(name, ".tmp") || strings.HasPrefix(name, ".probe")
	}
	return slices.Contains([]string{".html", ".json", ".svg", ".csv", ".npz"}, filepath.Ext(name))
}

// Prepare makes dir ready for a program's output before any work starts:
// it creates dir (and Marker in it) if needed, refuses a folder that holds
// files dlfs did not write, and checks that files can be created in it.
// The error names the file that makes the folder not dlfs's.
func Prepare(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	case err != nil:
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if m, err := os.Lstat(filepath.Join(dir, Marker)); err == nil {
		if !m.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", filepath.Join(dir, Marker))
		}
		return Probe(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var foreign []string
	for _, e := range entries {
		if !ownName(e.Name()) || !e.Type().IsRegular() {
			foreign = append(foreign, e.Name())
		}
	}
	if len(entries) > 0 && len(foreign) == 0 {
		if Adopt == nil {
			foreign = append(foreign, entries[0].Name())
		} else if f := Adopt(dir); f != "" {
			foreign = append(foreign, f)
		}
	}
	if len(foreign) > 0 {
		name := foreign[0]
		return fmt.Errorf("the folder already holds %s, which dlfs did not write (dlfs writes only into a new or empty folder, "+
			"or one with its marker %s), so nothing was written", filepath.Join(dir, name), Marker)
	}
	if err := Probe(dir); err != nil {
		return err
	}
	// Created, not renamed into place: a program that holds the lock on
	// a marker made a moment ago keeps it.
	f, err := os.OpenFile(filepath.Join(dir, Marker), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	_, werr := io.WriteString(f, markerText)
	return errors.Join(werr, f.Close())
}
