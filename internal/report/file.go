package report

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// writeFile writes a file through write into a temporary file beside path
// and renames it over path, so a browser never shows half a page and a
// failed write leaves the old file as it was.
func writeFile(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// WriteCSV writes the numbers of a picture (any value with a CSV method,
// as plot's charts have) to path.
func WriteCSV(path string, p interface{ CSV(io.Writer) error }) error {
	return writeFile(path, p.CSV)
}
