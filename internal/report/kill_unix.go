//go:build unix

package report

import (
	"os/exec"
	"syscall"
	"time"
)

// killGroup puts cmd in a process group of its own, which is killed
// whole when cmd's context ends: a grader's own children (or the
// compiler's) do not outlive it, and a Ctrl-C in the terminal reaches
// dlfs alone, which then kills the group.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
}
