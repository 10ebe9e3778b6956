package main

import (
	"strings"
	"testing"

	"dlfs/internal/exercise"
)

func TestReport_CommandLine(t *testing.T) {
	got := commandLine([]string{"-chapter=4", "-out=my pages", "-lr=0.5"})
	want := "go run . -chapter=4 '-out=my pages' -lr=0.5"
	if exercise.StudentMode {
		want = strings.Replace(want, "go run .", "go run -tags exercise .", 1)
	}
	if got != want {
		t.Errorf("commandLine = %s, want %s", got, want)
	}
}
