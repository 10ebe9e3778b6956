package cpu

import (
	"os"
	"strings"
	"testing"
)

// TestCPUMatchesProcCPUInfo checks what CPUID and XGETBV say against the
// flags Linux reports for the same CPU (and OS support) in /proc/cpuinfo.
func TestCPUMatchesProcCPUInfo(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo:", err)
	}
	var flags map[string]bool
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			flags = map[string]bool{}
			for _, f := range strings.Fields(v) {
				flags[f] = true
			}
			break
		}
	}
	if flags == nil || !flags["sse2"] {
		t.Skip("/proc/cpuinfo has no x86 flags line")
	}
	for name, got := range map[string]bool{"avx2": X86.HasAVX2, "avx512f": X86.HasAVX512F, "popcnt": X86.HasPOPCNT} {
		if want := flags[name] && !off(os.Getenv("GODEBUG"), name); got != want {
			t.Errorf("cpu.X86 says %s = %v, /proc/cpuinfo (and GODEBUG) say %v", name, got, want)
		}
	}
}

// TestCPUGodebugOff checks the reading of GODEBUG's cpu options.
func TestCPUGodebugOff(t *testing.T) {
	for _, c := range []struct {
		godebug, name string
		want          bool
	}{
		{"", "avx2", false},
		{"cpu.avx2=off", "avx2", true},
		{"cpu.avx2=off", "avx512f", false},
		{"madvdontneed=1, cpu.avx512f=off", "avx512f", true},
		{"cpu.all=off", "popcnt", true},
		{"cpu.all=off,cpu.avx2=on", "avx2", false},
		{"cpu.avx2=on,cpu.avx2=off", "avx2", true},
		{"cpu.fma=off", "avx2", false},
	} {
		if got := off(c.godebug, c.name); got != c.want {
			t.Errorf("off(%q, %q) = %v, want %v", c.godebug, c.name, got, c.want)
		}
	}
}
