//go:build !exercise

package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"dlfs/internal/lesson"
)

func TestCh04_MainUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), nil, &out, &errOut); err != nil {
		t.Fatalf("go run . with no flags: %v", err)
	}
	for _, want := range []string{"usage: go run . -chapter=4", "-seed", "4.5.2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"-list"}, &out, &errOut); err != nil || !strings.Contains(out.String(), "4.4.1") {
		t.Errorf("-list: err %v, output:\n%s", err, out.String())
	}
}

func TestCh04_MainBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-chapter=4", "-lr=-1"}, "-lr=-1"},
		{[]string{"-chapter=4", "-lr=NaN"}, "-lr=NaN"},
		{[]string{"-chapter=4", "-iters=0"}, "-iters=0"},
		{[]string{"-chapter=4", "-batch=-5"}, "-batch=-5"},
		{[]string{"-chapter=4", "-hidden=0"}, "-hidden=0"},
		{[]string{"-chapter=7"}, "no chapter \"7\""},
		{[]string{"-section=4.42"}, "no section \"4.42\""},
		{[]string{"-iters=many", "-chapter=4"}, "invalid value"},
		{[]string{"-chapter=4", "extra"}, "unexpected argument"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), c.args, &out, &errOut)
		if !errors.Is(err, lesson.ErrUsage) {
			t.Errorf("%v: got %v, want a usage error (exit status 2)", c.args, err)
			continue
		}
		if msg := err.Error() + errOut.String(); !strings.Contains(msg, c.want) {
			t.Errorf("%v: error %q does not mention %q", c.args, msg, c.want)
		}
	}
}

func TestCh04_MainSection(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-section=4.4", "-out=" + t.TempDir()}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "6.00000000000378") {
		t.Errorf("-section=4.4 output lacks the partial derivative 6.00000000000378:\n%s", out.String())
	}
}

func TestFCN_MainLoadNeedsFCN(t *testing.T) {
	err := run(context.Background(), []string{"-chapter=4", "-load=x.npz"}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, lesson.ErrUsage) || !strings.Contains(err.Error(), "-chapter=fcn") {
		t.Errorf("-load with chapter 4: got %v, want a usage error pointing to -chapter=fcn", err)
	}
	err = run(context.Background(), []string{"-chapter=fcn", "-epochs=0"}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, lesson.ErrUsage) {
		t.Errorf("-epochs=0: got %v, want a usage error", err)
	}
}
