package main

import "testing"

func TestReport_CommandLine(t *testing.T) {
	got := commandLine([]string{"-chapter=4", "-out=my pages", "-lr=0.5"})
	want := "go run . -chapter=4 '-out=my pages' -lr=0.5"
	if got != want {
		t.Errorf("commandLine = %s, want %s", got, want)
	}
}
