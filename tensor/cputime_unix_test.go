//go:build unix

package tensor

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used so far (user and
// system), which, unlike the clock, does not run while other programs
// have the CPUs.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
