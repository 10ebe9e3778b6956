package plot

import (
	"io"
	"os"
	"path/filepath"

	"dlfs/internal/outfile"
)

// WriteFile renders p into the file at path. The parent directory is
// created if needed, and the picture is written to a temporary file in
// the same directory that is then renamed over path (see package outfile),
// so a reader never sees a half-written picture, and once the program has
// been interrupted no picture is written at all.
func WriteFile(path string, p interface{ WriteSVG(io.Writer) error }) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return outfile.Write(path, p.WriteSVG)
}
