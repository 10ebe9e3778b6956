package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"dlfs/internal/exercise"
	"dlfs/internal/lesson"
	"dlfs/internal/outfile"
	"dlfs/internal/report"
)

// commandLine is how the lesson page shows the command that made it.
func commandLine(args []string) string {
	q := []string{"go", "run"}
	q = append(q, ".")
	for _, a := range args {
		q = append(q, report.ShellQuote(a))
	}
	return strings.Join(q, " ")
}

// grade runs the classroom graders (go test, whatever this
// program was built with), prints one line per exercise and writes the
// table as grade.html into out.
func grade(ctx context.Context, out, student string, limit time.Duration, stdout, stderr io.Writer) error {
	if out == "" {
		return fmt.Errorf("%w: -out is empty: name a folder for the grade page", lesson.ErrUsage)
	}
	if err := outfile.Prepare(out); err != nil {
		return fmt.Errorf("%w: -out=%s: cannot write the grade page there: %v (choose another folder with -out)", lesson.ErrUsage, out, err)
	}
	_, file, _, _ := runtime.Caller(0)
	root, _ := report.Root(file)
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if root, _ = report.Root(wd + "/main.go"); root == "" {
			return fmt.Errorf("-grade runs the graders with go test: run it in the dlfs folder (no go.mod found from %s)", wd)
		}
	}
	var exs []report.Exercise
	for _, e := range exercise.All {
		exs = append(exs, report.ExerciseOf(e))
	}
	if stderr != nil {
		var q []string
		for _, a := range report.GradeCommand(exs) {
			q = append(q, report.ShellQuote(a))
		}
		fmt.Fprintf(stderr, "grading %d exercises: go %s\n", len(exs), strings.Join(q, " "))
	}
	sheet, err := report.RunGraders(ctx, root, exs, report.GradeOptions{Timeout: limit, Stderr: stderr})
	if err != nil {
		return err
	}
	sheet.Student = student
	if sheet.Student == "" {
		if name, err := exec.CommandContext(ctx, "git", "-C", root, "config", "user.name").Output(); err == nil {
			sheet.Student = strings.TrimSpace(string(name))
		}
	}
	if sheet.Checksum, err = report.FilesChecksum(root, exs); err != nil {
		return err
	}
	if err := sheet.WriteTable(stdout); err != nil {
		return err
	}
	path, err := report.WriteGradePage(out, sheet)
	if err != nil {
		return fmt.Errorf("writing the grade page: %w (choose another folder with -out)", err)
	}
	fmt.Fprintf(stdout, "Grade page: %s\n", path)
	return nil
}
