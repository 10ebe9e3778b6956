//go:build !unix

package report

import (
	"os/exec"
	"time"
)

// killGroup makes sure cmd is killed when its context ends (without
// process groups, its children may outlive it).
func killGroup(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }
