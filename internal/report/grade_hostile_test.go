//go:build unix

package report

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileModule writes a module whose graders loop (after starting a
// child process that would outlive them), print millions of lines, end
// the test process with os.Exit(3), or pass; pidFile receives the child's
// process id.
func hostileModule(t *testing.T) (root, pidFile string, exs []Exercise) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool")
	}
	root = t.TempDir()
	pidFile = filepath.Join(t.TempDir(), "pid")
	write := func(path, src string) { writeModuleFile(t, root, path, src) }
	write("go.mod", "module m\n\ngo 1.26\n")
	write("net/net.go", "package net\n")
	write("net/net_test.go", `package net

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

func TestA_Exercise_Loop(t *testing.T) {
	c := exec.Command("sleep", "300")
	if err := c.Start(); err == nil {
		os.WriteFile(`+strconv.Quote(pidFile)+`, []byte(strconv.Itoa(c.Process.Pid)), 0o644)
	}
	for x := 0; ; x++ {
	}
}

func TestA_Exercise_Print(t *testing.T) {
	for i := range 1000000 {
		fmt.Println("spam line", i)
	}
	t.Fatal("§4.2 net.Print: not attempted (write it in net/ex.go)")
}

func TestA_Exercise_Exit(t *testing.T) {
	fmt.Println("about to exit")
	os.Exit(3)
}

func TestA_Exercise_Pass(t *testing.T) {}
`)
	exs = []Exercise{
		{Chapter: "4", Section: "4.1", Name: "net.Loop", File: "net/ex.go", Test: "TestA_Exercise_Loop"},
		{Chapter: "4", Section: "4.2", Name: "net.Print", File: "net/ex.go", Test: "TestA_Exercise_Print"},
		{Chapter: "4", Section: "4.3", Name: "net.Exit", File: "net/ex.go", Test: "TestA_Exercise_Exit"},
		{Chapter: "4", Section: "4.4", Name: "net.Pass", File: "net/ex.go", Test: "TestA_Exercise_Pass"},
	}
	return root, pidFile, exs
}

// childGone waits a little for the grader's child process to be gone.
func childGone(t *testing.T, pidFile string) {
	t.Helper()
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the looping grader did not start its child: %v", err)
	}
	pid, _ := strconv.Atoi(string(b))
	for range 50 {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("the grader's child process %d outlived it", pid)
}

// TestReport_GradersThatMisbehave: a grader that loops is stopped at the
// time limit and graded "timed out", with its child killed; one that
// prints millions of lines is graded from its last lines, kept in part;
// one that ends the process fails alone, as a crash; the others are
// graded as usual.
func TestReport_GradersThatMisbehave(t *testing.T) {
	root, pidFile, exs := hostileModule(t)
	start := time.Now()
	sheet, err := RunGraders(context.Background(), root, exs, GradeOptions{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 3*time.Minute {
		t.Errorf("grading took %v", took)
	}
	want := []struct{ result, detail string }{
		{GradeFailed, "timed out after 30s"},
		{GradeNotAttempted, ""},
		{GradeFailed, "crashed (exit status 3)"},
		{GradePassed, ""},
	}
	for i, g := range sheet.Grades {
		if g.Result != want[i].result || !strings.Contains(g.Detail, want[i].detail) {
			t.Errorf("%s: %s %q, want %s with %q", g.Name, g.Result, g.Detail, want[i].result, want[i].detail)
		}
		if len(g.Detail) > 2*maxGradeOutput+1000 {
			t.Errorf("%s: %d bytes of detail kept", g.Name, len(g.Detail))
		}
	}
	if !strings.Contains(sheet.Grades[2].Detail, "about to exit") {
		t.Errorf("the crash's detail lacks the grader's last line: %q", sheet.Grades[2].Detail)
	}
	var table strings.Builder
	sheet.WriteTable(&table)
	for _, want := range []string{"net.Loop   failed (timed out after 30s)", "net.Exit   failed (crashed (exit status 3))"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, table.String())
		}
	}
	childGone(t, pidFile)
}

// TestReport_GradersInterrupted: when the context ends (Ctrl-C) while a
// grader loops, RunGraders returns at once with the context's error, and
// no process it started is left.
func TestReport_GradersInterrupted(t *testing.T) {
	root, pidFile, exs := hostileModule(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := RunGraders(ctx, root, exs[:1], GradeOptions{Timeout: 10 * time.Minute})
		done <- err
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(pidFile); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the looping grader never started")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("RunGraders still running 30 s after the interrupt")
	}
	childGone(t, pidFile)
}

func TestReport_BoundedLog(t *testing.T) {
	b := newBoundedLog(100)
	for i := range 10000 {
		b.Write([]byte("line " + strconv.Itoa(i) + "\n"))
	}
	s := b.String()
	if !strings.HasPrefix(s, "line 0\n") || !strings.HasSuffix(s, "line 9999\n") || !strings.Contains(s, "bytes left out") || len(s) > 300 {
		t.Errorf("kept %d bytes: %q", len(s), s)
	}
}
