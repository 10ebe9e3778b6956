// Package cpu reports which vector instructions this CPU and its operating
// system allow, read by the project itself (the CPUID and XGETBV
// instructions, in cpu_amd64.s) so that the module needs nothing outside
// the standard library. Package tensor chooses its matrix-product kernels
// from it.
//
// An instruction set is usable only when the CPU has it (CPUID) and the
// operating system saves its registers on a context switch (XGETBV reads
// the XCR0 register, in which the OS says so): AVX2 needs the XMM and YMM
// state, AVX-512 the opmask and ZMM state as well.
//
// GODEBUG turns features off as it does for Go's runtime:
// GODEBUG=cpu.avx512f=off gives the AVX2 kernels, cpu.avx2=off or
// cpu.all=off the pure-Go ones. Every kernel gives the same bits, so only
// the speed changes.
package cpu

// X86 holds what an amd64 CPU offers; on other architectures every field
// is false.
var X86 struct {
	HasAVX2    bool // AVX2, usable by the OS (YMM state enabled)
	HasAVX512F bool // AVX-512 Foundation, usable by the OS (ZMM and opmask state enabled)
	HasPOPCNT  bool
}
