package cpu

import "os"

// cpuid returns the registers of CPUID leaf eax, sub-leaf ecx.
func cpuid(eax, ecx uint32) (a, b, c, d uint32)

// xgetbv returns the low half of extended control register 0 (XCR0).
func xgetbv() uint32

func init() {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return
	}
	_, _, ecx1, _ := cpuid(1, 0)
	X86.HasPOPCNT = ecx1&(1<<23) != 0
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return // no XGETBV, or no AVX at all
	}
	xcr0 := xgetbv()
	ymm := xcr0&0b110 == 0b110                  // XMM and YMM state
	zmm := ymm && xcr0&0b11100000 == 0b11100000 // opmask, ZMM0-15 upper halves, ZMM16-31
	_, ebx7, _, _ := cpuid(7, 0)
	X86.HasAVX2 = ymm && ebx7&(1<<5) != 0
	X86.HasAVX512F = zmm && ebx7&(1<<16) != 0
	godebug := os.Getenv("GODEBUG")
	X86.HasAVX2 = X86.HasAVX2 && !off(godebug, "avx2")
	X86.HasAVX512F = X86.HasAVX512F && !off(godebug, "avx512f")
	X86.HasPOPCNT = X86.HasPOPCNT && !off(godebug, "popcnt")
}
