//go:build !purego

#include "textflag.h"

// The element-wise kernels beneath Scale, AddScaled, AddCol, Maximum,
// WherePositive and the transposes (elem_amd64.go drives them). AVX2, four
// elements per instruction, sixteen per loop; the caller passes a length
// that is a multiple of 16 and finishes the rest in Go. Each lane does the
// one IEEE operation the Go loop does for that element (a multiply, an
// add, a compare), so the results are the same bits:
//
//	scaleAVX2          scaleGo          o = s·x
//	addScaledAVX2      addScaledGo      o = x + s·y (a multiply, then an add: no FMA)
//	addScalarAVX2      addScalarGo      o = x + v
//	maxScalarAVX2      maxScalarGo      o = max(x, s) for s neither NaN nor -0
//	wherePositiveAVX2  wherePositiveGo  o = a where z > 0, else +0
//	transposeTile4     transposeGo      a tile of a transpose, 4×4 at a time

// func scaleAVX2(o, x *float64, n int, s float64)
TEXT ·scaleAVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD s+24(FP), Y15
	SHRQ $4, CX
	JZ   scdone
scloop:
	VMULPD (SI), Y15, Y0
	VMULPD 32(SI), Y15, Y1
	VMULPD 64(SI), Y15, Y2
	VMULPD 96(SI), Y15, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  scloop
scdone:
	VZEROUPPER
	RET

// func addScaledAVX2(o, x, y *float64, n int, s float64)
TEXT ·addScaledAVX2(SB), NOSPLIT, $0-40
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSD s+32(FP), Y15
	SHRQ $4, CX
	JZ   asdone
asloop:
	VMULPD (DX), Y15, Y0
	VMULPD 32(DX), Y15, Y1
	VMULPD 64(DX), Y15, Y2
	VMULPD 96(DX), Y15, Y3
	VADDPD (SI), Y0, Y0
	VADDPD 32(SI), Y1, Y1
	VADDPD 64(SI), Y2, Y2
	VADDPD 96(SI), Y3, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	DECQ CX
	JNZ  asloop
asdone:
	VZEROUPPER
	RET

// func addScalarAVX2(o, x *float64, n int, v float64)
TEXT ·addScalarAVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD v+24(FP), Y15
	SHRQ $4, CX
	JZ   addone
adloop:
	VADDPD (SI), Y15, Y0
	VADDPD 32(SI), Y15, Y1
	VADDPD 64(SI), Y15, Y2
	VADDPD 96(SI), Y15, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  adloop
addone:
	VZEROUPPER
	RET

// func maxScalarAVX2(o, x *float64, n int, s float64)
//
// Go's max(x, s): x where x > s or x is NaN (compare "not less or equal,
// unordered"), else s. For s = -0 and x = +0 Go's max gives +0, which this
// would not: the caller keeps s = -0 (and a NaN s) to the Go loop.
TEXT ·maxScalarAVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD s+24(FP), Y15
	SHRQ $4, CX
	JZ   mxdone
mxloop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VCMPPD $6, Y15, Y0, Y4
	VCMPPD $6, Y15, Y1, Y5
	VCMPPD $6, Y15, Y2, Y6
	VCMPPD $6, Y15, Y3, Y7
	VBLENDVPD Y4, Y0, Y15, Y0
	VBLENDVPD Y5, Y1, Y15, Y1
	VBLENDVPD Y6, Y2, Y15, Y2
	VBLENDVPD Y7, Y3, Y15, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  mxloop
mxdone:
	VZEROUPPER
	RET

// func wherePositiveAVX2(o, z, a *float64, n int)
//
// a's bits where z > 0 (an ordered compare: a NaN z gives 0), else +0.
TEXT ·wherePositiveAVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ z+8(FP), SI
	MOVQ a+16(FP), DX
	MOVQ n+24(FP), CX
	VXORPD Y15, Y15, Y15
	SHRQ $4, CX
	JZ   wpdone
wploop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VCMPPD $0x1e, Y15, Y0, Y0
	VCMPPD $0x1e, Y15, Y1, Y1
	VCMPPD $0x1e, Y15, Y2, Y2
	VCMPPD $0x1e, Y15, Y3, Y3
	VANDPD (DX), Y0, Y0
	VANDPD 32(DX), Y1, Y1
	VANDPD 64(DX), Y2, Y2
	VANDPD 96(DX), Y3, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	DECQ CX
	JNZ  wploop
wpdone:
	VZEROUPPER
	RET

// func transposeTile4(dst, src *float64, ldd, lds, h, w int)
//
// dst[i*ldd + j] = src[j*lds + i] for i < h, j < w, both multiples of 4:
// four rows of src (four values each) are loaded, interleaved
// (VUNPCKLPD/VUNPCKHPD) and their halves swapped (VPERM2F128) into four
// rows of dst.
TEXT ·transposeTile4(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ ldd+16(FP), R8
	SHLQ $3, R8
	MOVQ lds+24(FP), R9
	SHLQ $3, R9
	MOVQ h+32(FP), R10
	MOVQ w+40(FP), R11
	SHRQ $2, R10
	JZ   trdone
	SHRQ $2, R11
	JZ   trdone
	LEAQ (R9)(R9*2), R12     // 3·lds
	LEAQ (R8)(R8*2), R13     // 3·ldd
trrows:
	MOVQ SI, AX              // src[j*lds + i], j = 0
	MOVQ DI, DX              // dst[i*ldd + j], j = 0
	MOVQ R11, CX
trcols:
	VMOVUPD (AX), Y0
	VMOVUPD (AX)(R9*1), Y1
	VMOVUPD (AX)(R9*2), Y2
	VMOVUPD (AX)(R12*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, (DX)(R8*1)
	VMOVUPD Y2, (DX)(R8*2)
	VMOVUPD Y3, (DX)(R13*1)
	LEAQ (AX)(R9*4), AX
	ADDQ $32, DX
	DECQ CX
	JNZ  trcols
	ADDQ $32, SI             // the next four columns of src
	LEAQ (DI)(R8*4), DI      // the next four rows of dst
	DECQ R10
	JNZ  trrows
trdone:
	VZEROUPPER
	RET

// func addAVX2(o, x, y *float64, n int)
TEXT ·addAVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $4, CX
	JZ   aadone
aaloop:
	VMOVUPD (SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VADDPD (DX), Y0, Y0
	VADDPD 32(DX), Y1, Y1
	VADDPD 64(DX), Y2, Y2
	VADDPD 96(DX), Y3, Y3
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	DECQ CX
	JNZ  aaloop
aadone:
	VZEROUPPER
	RET

// func sumRows8AVX2(o, x *float64, ld, n int)
//
// o[r] = ((+0 + x[r][0]) + x[r][1]) + ... + x[r][n-1] for the 8 rows
// r < 8 of x (row r at x[r*ld]), n a multiple of 4: each row's sum in the
// order of a plain loop, the 8 rows side by side. A 4×4 block is loaded
// and transposed, so that one vector holds one column of 4 rows, and the
// columns are added in turn.
TEXT ·sumRows8AVX2(SB), NOSPLIT, $0-32
	MOVQ o+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ ld+16(FP), R8
	SHLQ $3, R8
	MOVQ n+24(FP), CX
	LEAQ (R8)(R8*2), R9      // 3·ld
	LEAQ (SI)(R8*4), DX      // row 4
	VXORPD Y14, Y14, Y14     // sums of rows 0-3
	VXORPD Y15, Y15, Y15     // sums of rows 4-7
	SHRQ $2, CX
	JZ   srstore
srloop:
	VMOVUPD (SI), Y0
	VMOVUPD (SI)(R8*1), Y1
	VMOVUPD (SI)(R8*2), Y2
	VMOVUPD (SI)(R9*1), Y3
	VUNPCKLPD Y1, Y0, Y4
	VUNPCKHPD Y1, Y0, Y5
	VUNPCKLPD Y3, Y2, Y6
	VUNPCKHPD Y3, Y2, Y7
	VPERM2F128 $0x20, Y6, Y4, Y0 // column 0 of rows 0-3
	VPERM2F128 $0x20, Y7, Y5, Y1 // column 1
	VPERM2F128 $0x31, Y6, Y4, Y2 // column 2
	VPERM2F128 $0x31, Y7, Y5, Y3 // column 3
	VMOVUPD (DX), Y8
	VMOVUPD (DX)(R8*1), Y9
	VMOVUPD (DX)(R8*2), Y10
	VMOVUPD (DX)(R9*1), Y11
	VUNPCKLPD Y9, Y8, Y4
	VUNPCKHPD Y9, Y8, Y5
	VUNPCKLPD Y11, Y10, Y6
	VUNPCKHPD Y11, Y10, Y7
	VPERM2F128 $0x20, Y6, Y4, Y8
	VPERM2F128 $0x20, Y7, Y5, Y9
	VPERM2F128 $0x31, Y6, Y4, Y10
	VPERM2F128 $0x31, Y7, Y5, Y11
	VADDPD Y0, Y14, Y14
	VADDPD Y8, Y15, Y15
	VADDPD Y1, Y14, Y14
	VADDPD Y9, Y15, Y15
	VADDPD Y2, Y14, Y14
	VADDPD Y10, Y15, Y15
	VADDPD Y3, Y14, Y14
	VADDPD Y11, Y15, Y15
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ  srloop
srstore:
	VMOVUPD Y14, (DI)
	VMOVUPD Y15, 32(DI)
	VZEROUPPER
	RET
