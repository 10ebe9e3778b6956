package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCh04_4_1_LRFlag: -lr reaches §4.4.1's gradient descent, beside the
// book's three rates, and only when it is given.
func TestCh04_4_1_LRFlag(t *testing.T) {
	const book = 3 // lr = 0.1, 10 and 1e-10
	for _, c := range []struct {
		args  []string
		lines int
		want  string
	}{
		{nil, book, ""},
		{[]string{"-lr=0.1"}, book, ""}, // the book's own rate: no fourth line
		{[]string{"-lr=0.01"}, book + 1, "lr=0.01, step_num=100) = [-0.39785866768397027 0.5304782235783754]   (your -lr)"}, // (-3, 4)·0.98¹⁰⁰
		{[]string{"-lr", "1"}, book + 1, "lr=1, step_num=100) = [-3 4]   (your -lr)"},                                       // factor -1: back and forth
	} {
		var out bytes.Buffer
		args := append([]string{"-section=4.4.1", "-out=" + t.TempDir()}, c.args...)
		if err := run(context.Background(), args, &out, nil); err != nil {
			t.Fatalf("§4.4.1 %v: %v", c.args, err)
		}
		if got := strings.Count(out.String(), "gradient_descent(function_2"); got != c.lines {
			t.Errorf("§4.4.1 %v: got %d descents, want %d:\n%s", c.args, got, c.lines, out.String())
		}
		if c.want != "" && !strings.Contains(out.String(), c.want) {
			t.Errorf("§4.4.1 %v: no line %q in\n%s", c.args, c.want, out.String())
		}
	}
}
