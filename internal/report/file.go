package report

import (
	"io"

	"dlfs/internal/outfile"
)

// writeFile writes a file through write with the program's one atomic
// writer (package outfile): a browser never shows half a page, a failed
// write leaves the old file as it was, and nothing is committed after an
// interrupt.
func writeFile(path string, write func(w io.Writer) error) error {
	return outfile.Write(path, write)
}

// WriteCSV writes the numbers of a picture (any value with a CSV method,
// as plot's charts have) to path.
func WriteCSV(path string, p interface{ CSV(io.Writer) error }) error {
	return writeFile(path, p.CSV)
}
