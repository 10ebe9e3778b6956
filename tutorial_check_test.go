package main

import (
	"slices"
	"strings"
	"testing"
)

// TestTutorialOutputMask checks what the output check masks, and what not.
func TestTutorialOutputMask(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"  39760 parameters × 2 forward passes = 79520 passes in 11.11 s", "  39760 parameters × 2 forward passes = 79520 passes in <duration>"},
		{"analytic gradient: 0.002713 s, 4097× faster", "analytic gradient: <duration>, <ratio>× faster"},
		{"  backpropagation (1 forward + 1 backward):   0.707 ms", "  backpropagation (1 forward + 1 backward):   <duration>"},
		{"31.8 hours with numerical gradients.", "<duration> with numerical gradients."},
		{"took 1.523s at 12:04:05 on 2026-12-01", "took <duration> at <clock> on <date>"},
		{"MNIST: /home/x/.cache/dlfs/mnist (cache)", "MNIST: <folder>"},
		{"forward:  price = (100×2 + 150×3) × 1.1 = 715.0000000000001", "forward:  price = (100×2 + 150×3) × 1.1 = 715.0000000000001"},
		{"epoch 16  update  9600   train acc 0.9472333333333334   ", "epoch 16  update  9600   train acc 0.9472333333333334"},
		{"784-100×6-10 (ReLU, He), 300 training images, 201 epochs", "784-100×6-10 (ReLU, He), 300 training images, 201 epochs"},
		{"(10000 updates, 17 evaluations)", "(10000 updates, 17 evaluations)"},
	} {
		if got := mask(c.in); got != c.want {
			t.Errorf("mask(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTutorialCheckBlock checks how a block is compared with a replay's
// output, and the edits -update would make.
func TestTutorialCheckBlock(t *testing.T) {
	out := strings.Split("header\nMNIST: /data\na = 1\nb = 2 in 1.5 s\nc = 3\n\nd = 4\ne = 5", "\n")
	for _, c := range []struct {
		name, block string
		ok          bool
		edited      string // the block after -update, if not ok
	}{
		{"exact", "a = 1\nb = 2 in 1.5 s\nc = 3", true, ""},
		{"masked", "MNIST: /elsewhere\na = 1\nb = 2 in 9 s", true, ""},
		{"elided", "a = 1\n...\nd = 4\ne = 5", true, ""},
		{"parts out of order", "d = 4\n...\na = 1", false, ""},
		{"changed number", "a = 1\nb = 7 in 2 s\nc = 3", false, "a = 1\nb = 2 in 1.5 s\nc = 3"},
		{"line missing from the tutorial", "b = 2 in 3 s\nc = 3\nd = 4", false, "b = 2 in 3 s\nc = 3\n\nd = 4"},
		{"line the replay no longer prints", "a = 1\nb = 2 in 1.5 s\ngone\nc = 3", false, "a = 1\nb = 2 in 1.5 s\nc = 3"},
		{"nothing alike", "x\ny", false, ""},
	} {
		b := &mdBlock{File: "t.md", Line: 10, Lines: strings.Split(c.block, "\n")}
		r := checkBlock(b, out)
		if ok := len(r.problems) == 0; ok != c.ok {
			t.Errorf("%s: ok = %v, want %v (problems %q)", c.name, ok, c.ok, r.problems)
			continue
		}
		if c.edited == "" {
			if len(r.edits) != 0 && c.name != "parts out of order" {
				t.Errorf("%s: edits %v, want none", c.name, r.edits)
			}
			continue
		}
		lines := slices.Clone(b.Lines)
		for _, e := range slices.Backward(r.edits) {
			lines = slices.Replace(lines, e.start-b.Line-1, e.end-b.Line-1, e.lines...)
		}
		if got := strings.Join(lines, "\n"); got != c.edited {
			t.Errorf("%s: -update makes\n%s\nwant\n%s", c.name, got, c.edited)
		}
	}
}
