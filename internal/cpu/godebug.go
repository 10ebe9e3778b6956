package cpu

import "strings"

// off reports whether the GODEBUG value godebug turns the CPU feature name
// off, with the options Go's own runtime reads: cpu.avx2=off, cpu.all=off
// (the last setting of a name wins). dlfs honours them for its own kernels
// too, so that GODEBUG=cpu.avx512f=off runs the AVX2 engine on an AVX-512
// machine: the cross-machine check compares the two.
func off(godebug, name string) bool {
	isOff := false
	for _, kv := range strings.Split(godebug, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if ok && (k == "cpu."+name || k == "cpu.all") {
			isOff = v == "off"
		}
	}
	return isOff
}
