//go:build unix

package outfile

import (
	"os"
	"path/filepath"
	"syscall"
)

// Lock holds an exclusive lock on dir until unlock is called, so that two
// programs updating the same files in it (read, merge, write) take turns.
// The lock is the kernel's (flock): it ends with the process, however it
// ends.
func Lock(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, Marker), os.O_RDONLY|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
