package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dlfs/internal/lesson"
)

// raceFlags are §6.1's rate flags with the optimizer each sets, as the
// race prints it.
var raceFlags = [][2]string{
	{"lr-sgd", "SGD"}, {"lr-momentum", "Momentum"}, {"lr-nesterov", "Nesterov"},
	{"lr-adagrad", "AdaGrad"}, {"lr-rmsprop", "RMSprop"}, {"lr-adam", "Adam"},
}

// TestCh06_1_RaceRateFlags: each -lr-NAME sets its optimizer's rate in
// §6.1's race and no other, says so, and shows on chapter 6's page.
func TestCh06_1_RaceRateFlags(t *testing.T) {
	book := map[string]string{"SGD": "0.95", "Momentum": "0.1", "Nesterov": "0.01", "AdaGrad": "1.5", "RMSprop": "0.01", "Adam": "0.3"}
	for _, f := range raceFlags {
		var out bytes.Buffer
		dir := t.TempDir()
		if err := run(context.Background(), []string{"-section=6.1", "-out=" + dir, "-" + f[0] + "=0.05"}, &out, nil); err != nil {
			t.Fatalf("§6.1 -%s=0.05: %v", f[0], err)
		}
		for _, o := range raceFlags {
			rate, note := book[o[1]], ""
			if o == f {
				rate, note = "0.05", "(your -"+o[0]+")"
			}
			line := lineWith(out.String(), o[1]+" (lr ")
			if !strings.HasPrefix(line, o[1]+" (lr "+rate+")") || strings.Contains(line, "(your") != (note != "") || !strings.Contains(line, note) {
				t.Errorf("§6.1 -%s=0.05: %s's line is %q, want rate %s %s", f[0], o[1], line, rate, note)
			}
		}
		if !strings.Contains(out.String(), "(the book's rates: SGD 0.95,") {
			t.Errorf("§6.1 -%s=0.05: the output does not recall the book's rates:\n%s", f[0], out.String())
		}
		page, err := os.ReadFile(filepath.Join(dir, "ch06.html"))
		if err != nil || !strings.Contains(string(page), "-"+f[0]+"=0.05") || !strings.Contains(string(page), "-lambda=0.1") {
			t.Errorf("§6.1 -%s=0.05: chapter 6's page does not list the setting (%v)", f[0], err)
		}
	}
	// A rate too large: the race says the steps overshoot.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-section=6.1", "-out=" + t.TempDir(), "-lr-sgd=1.05"}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if line := lineWith(out.String(), "SGD (lr 1.05)"); !strings.Contains(line, "the steps overshoot") {
		t.Errorf("§6.1 -lr-sgd=1.05: %q does not say that SGD overshoots (|1 - 2·1.05| > 1)", line)
	}
	// Without a flag: the book's rates and the book's lesson.
	out.Reset()
	if err := run(context.Background(), []string{"-section=6.1", "-out=" + t.TempDir()}, &out, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "(your") || strings.Contains(out.String(), "overshoot") || !strings.Contains(out.String(), "SGD zigzags") {
		t.Errorf("§6.1 with the book's rates:\n%s", out.String())
	}
}

// lineWith returns the first line of text that contains s.
func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// TestCh06_4_2_LambdaFlag: -lambda sets §6.4.2's weight decay.
func TestCh06_4_2_LambdaFlag(t *testing.T) {
	isolate(t, writeMNIST(t, 300, 20))
	var out bytes.Buffer
	// -iters=100: 2 epochs (the section runs iters/50 below 10000).
	if err := run(context.Background(), []string{"-section=6.4.2", "-iters=100", "-lambda=0.5", "-out=" + t.TempDir()}, &out, nil); err != nil {
		t.Fatalf("§6.4.2 -lambda=0.5: %v\n%s", err, out.String())
	}
	for _, want := range []string{"with weight decay λ = 0.5 (your -lambda)", "\nλ = 0     after epoch", "\nλ = 0.5   after epoch"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("§6.4.2 -lambda=0.5: no %q in\n%s", want, out.String())
		}
	}
}

// TestMainRaceAndLambdaFlagsChecked: the flags of §6.1 and §6.4.2 refuse bad
// values and sections that do not read them, as usage errors (exit status
// 2) that say what is wrong, before anything runs.
func TestMainRaceAndLambdaFlagsChecked(t *testing.T) {
	isolate(t, writeMNIST(t, 300, 20))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-section=6.1", "-lr-adam=abc"}, `invalid value "abc" for flag -lr-adam`},
		{[]string{"-section=6.4.2", "-lambda=much"}, `invalid value "much" for flag -lambda`},
		{[]string{"-section=6.4.2", "-lambda=-0.1"}, "-lambda=-0.1: the weight decay λ must be from 0 (none) to 100"},
		{[]string{"-section=6.4.2", "-lambda=101"}, "-lambda=101: the weight decay λ must be from 0 (none) to 100"},
		{[]string{"-chapter=6", "-lambda=NaN"}, "-lambda=NaN: the weight decay λ must be"},
		{[]string{"-section=6.1.8", "-lr-sgd=0.5"}, "-lr-sgd is not used by §6.1.8 (its trainings use the book's settings); -lr-sgd is used by §6.1 (-chapter=6)"},
		{[]string{"-chapter=4", "-lr-adam=0.1"}, "-lr-adam is not used by chapter 4; -lr-adam is used by §6.1 (-chapter=6)"},
		{[]string{"-section=6.1", "-lambda=0.01"}, "-lambda is not used by §6.1; -lambda is used by §6.4.2 (-chapter=6)"},
		{[]string{"-section=6.4.1", "-lambda=0.01"}, "-lambda is not used by §6.4.1 (its trainings use the book's settings)"},
		{[]string{"-section=6.1", "-lr=0.5"}, "-lr is not used by §6.1 (§6.1's race takes each optimizer's own: -lr-sgd, -lr-momentum"},
	}
	for _, f := range raceFlags {
		for _, v := range []string{"0", "-1", "NaN", "Inf"} {
			cases = append(cases, struct {
				args []string
				want string
			}{[]string{"-section=6.1", "-" + f[0] + "=" + v}, "-" + f[0] + "=" + strings.Replace(v, "Inf", "+Inf", 1) + ": " + f[1] + "'s learning rate must be a positive number"})
		}
	}
	for _, c := range cases {
		var out, errOut bytes.Buffer
		dir := filepath.Join(t.TempDir(), "out")
		err := run(context.Background(), append([]string{"-out=" + dir}, c.args...), &out, &errOut)
		if !errors.Is(err, lesson.ErrUsage) {
			t.Errorf("%v: got %v, want a usage error (exit status 2)", c.args, err)
			continue
		}
		if msg := err.Error() + errOut.String(); !strings.Contains(msg, c.want) {
			t.Errorf("%v: error %q does not say %q", c.args, err, c.want)
		}
		if strings.Contains(out.String(), "§") {
			t.Errorf("%v: a section started before the flag was refused:\n%s", c.args, out.String())
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: the refused run wrote into -out", c.args)
		}
	}
}
