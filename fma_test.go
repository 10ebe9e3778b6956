package main

import (
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestNoFusedMultiplyAdd asks the Go compiler where it fuses a product into
// an addition (one FMA instruction, rounded once instead of twice) when
// building dlfs for the CPUs that have FMA: arm64, ppc64le, s390x, riscv64,
// and amd64 at GOAMD64=v3. A fused site gives other last digits than
// amd64's default build, so dlfs has none: every product that is added is
// written float64(a*b), which the Go spec says rounds and may not be fused.
// The compiler's own report (-d=fmahash) sees through statements and
// inlined calls, which reading the code does not.
func TestNoFusedMultiplyAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds dlfs for five targets; not with -short")
	}
	if exerciseBuild {
		t.Skip("with -tags exercise the students' code is built, not dlfs's reference")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	targets := []struct{ name, goarch, goamd64 string }{
		{"arm64", "arm64", ""},
		{"ppc64le", "ppc64le", ""},
		{"s390x", "s390x", ""},
		{"riscv64", "riscv64", ""},
		{"amd64 GOAMD64=v3", "amd64", "v3"},
	}
	site := regexp.MustCompile(`^fmahash triggered (\S+?);? `)
	for _, tg := range targets {
		cmd := exec.Command(goTool, "build", "-gcflags=dlfs/...=-d=fmahash=vy", "./...")
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+tg.goarch, "CGO_ENABLED=0")
		if tg.goamd64 != "" {
			cmd.Env = append(cmd.Env, "GOAMD64="+tg.goamd64)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: go build failed: %v\n%s", tg.name, err, out)
		}
		seen := map[string]bool{}
		for _, line := range strings.Split(string(out), "\n") {
			if m := site.FindStringSubmatch(line); m != nil {
				seen[m[1]] = true
			}
		}
		var sites []string
		for s := range seen {
			sites = append(sites, s)
		}
		sort.Strings(sites)
		if len(sites) > 0 {
			t.Errorf("%s: the compiler fuses a product into an addition at %d places; write each product float64(a*b):\n  %s",
				tg.name, len(sites), strings.Join(sites, "\n  "))
		}
	}
}
