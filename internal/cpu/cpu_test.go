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
		if got != flags[name] {
			t.Errorf("cpu.X86 says %s = %v, /proc/cpuinfo says %v", name, got, flags[name])
		}
	}
}
