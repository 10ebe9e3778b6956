package plot

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// WriteFile renders p into the file at path. The parent directory is
// created if needed, and the picture is written to a temporary file in
// the same directory that is then renamed over path, so a reader never
// sees a half-written picture.
func WriteFile(path string, p interface{ WriteSVG(io.Writer) error }) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriter(f)
	if err = p.WriteSVG(bw); err != nil {
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
	return os.Rename(tmp, path)
}
