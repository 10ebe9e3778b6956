//go:build !purego

#include "textflag.h"

// The vector kernels of MatMul (matmul_amd64.go drives them). Each one
// computes, for every element of C it writes, exactly the sum the pure-Go
// kernels of matmul.go (rowTimes, mulNT) compute:
//
//	s := 0.0 (or, with acc, the value C already holds)
//	for p := 0; p < k; p++ { s += float64(a[i][p] * b[p][j]) }
//
// over p in increasing order, each product rounded before it is added:
// VMULPD then VADDPD, never a fused multiply-add. The lanes of a vector are
// different elements of C, never parts of one sum, so the vector width does
// not change any result. Each kernel equals a plain Go function, which the
// tests run beside it:
//
//	mulBlock8x16        blockRef        AVX-512, 8×16 block, b read in place
//	mulBlock16x8Sparse  blockSparseRef8 AVX-512, 16×8 block, listed rows of a packed panel of b
//	packPanel8          packPanelRef8   AVX-512, an 8-column panel of b, rows of zeros left out
//	compressRow         compressRef     AVX-512, the non-zero values of a row of a and their p
//	mulRowSparse56      rowSparseRef    AVX-512, one row of C (56 columns) from a compressed row
//	scan8               scanRef         AVX-512, count zeros, look for Inf and NaN
//	finite32            scanRef         AVX-512, look for Inf and NaN only
//	mulBlock4x8         blockRef        AVX2, 4×8 block

// func mulBlock8x16(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, ldb int, k, rows int, mask uint64, acc bool)
//
// AVX-512. Equals blockRef (matmul_amd64.go) for an 8×16 block: C rows
// [0, rows), columns where mask (bit j = column j) is set, with
//
//	a[i][p] = a[i*rowStep + p*pStep]   (i < 8; every address must be valid)
//	b[p][j] = b[p*ldb + j]             (only masked-in columns are read)
//	c[i][j] = c[i*ldc + j]
//
// The 16 sums of a row live in Z(2i) and Z(2i+1); each a[i][p] is
// broadcast from memory inside the multiply (VMULPD.BCST), which this CPU
// runs faster than a separate VBROADCASTSD.
TEXT ·mulBlock8x16(SB), NOSPLIT, $0-81
	MOVQ c+0(FP), DI
	MOVQ ldc+8(FP), R12
	SHLQ $3, R12
	MOVQ a+16(FP), SI
	MOVQ rowStep+24(FP), R8
	SHLQ $3, R8
	MOVQ pStep+32(FP), R11
	SHLQ $3, R11
	MOVQ b+40(FP), BX
	MOVQ ldb+48(FP), R10
	SHLQ $3, R10
	MOVQ k+56(FP), CX
	MOVQ rows+64(FP), R13
	MOVQ mask+72(FP), AX
	KMOVW AX, K1             // columns 0-7
	SHRQ $8, AX
	KMOVW AX, K2             // columns 8-15
	LEAQ (R8)(R8*2), R9      // 3·rowStep
	LEAQ (SI)(R8*4), DX      // row 4

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

	MOVBLZX acc+80(FP), AX
	TESTQ AX, AX
	JZ    start
	MOVQ  DI, R14

#define LOADROW(lo, hi, next) \
	VMOVUPD.Z (R14), K1, lo; \
	VMOVUPD.Z 64(R14), K2, hi; \
	CMPQ R13, $next; \
	JLE  start; \
	ADDQ R12, R14

	LOADROW(Z0, Z1, 1)
	LOADROW(Z2, Z3, 2)
	LOADROW(Z4, Z5, 3)
	LOADROW(Z6, Z7, 4)
	LOADROW(Z8, Z9, 5)
	LOADROW(Z10, Z11, 6)
	LOADROW(Z12, Z13, 7)
	VMOVUPD.Z (R14), K1, Z14
	VMOVUPD.Z 64(R14), K2, Z15

start:
	TESTQ CX, CX
	JZ    store

#define ROW(addr, lo, hi, t0, t1) \
	VMULPD.BCST addr, Z16, t0; \
	VMULPD.BCST addr, Z17, t1; \
	VADDPD t0, lo, lo; \
	VADDPD t1, hi, hi

loop:
	VMOVUPD.Z (BX), K1, Z16
	VMOVUPD.Z 64(BX), K2, Z17
	ROW((SI), Z0, Z1, Z18, Z19)
	ROW((SI)(R8*1), Z2, Z3, Z20, Z21)
	ROW((SI)(R8*2), Z4, Z5, Z22, Z23)
	ROW((SI)(R9*1), Z6, Z7, Z24, Z25)
	ROW((DX), Z8, Z9, Z26, Z27)
	ROW((DX)(R8*1), Z10, Z11, Z28, Z29)
	ROW((DX)(R8*2), Z12, Z13, Z30, Z31)
	ROW((DX)(R9*1), Z14, Z15, Z18, Z19)
	ADDQ R11, SI
	ADDQ R11, DX
	ADDQ R10, BX
	DECQ CX
	JNZ  loop

store:
	MOVQ DI, R14

#define STOREROW(lo, hi, next) \
	VMOVUPD lo, K1, (R14); \
	VMOVUPD hi, K2, 64(R14); \
	CMPQ R13, $next; \
	JLE  done; \
	ADDQ R12, R14

	STOREROW(Z0, Z1, 1)
	STOREROW(Z2, Z3, 2)
	STOREROW(Z4, Z5, 3)
	STOREROW(Z6, Z7, 4)
	STOREROW(Z8, Z9, 5)
	STOREROW(Z10, Z11, 6)
	STOREROW(Z12, Z13, 7)
	VMOVUPD Z14, K1, (R14)
	VMOVUPD Z15, K2, 64(R14)

done:
	VZEROUPPER
	RET

// func compressRow(vals *float64, idx *int, a *float64, aStep, k int) (nnz int)
//
// AVX-512. Equals compressRef (matmul_amd64.go): the values of
// a[p*aStep], p < k, that are not ±0, with their p, in increasing p,
// eight at a time (VCOMPRESSPD), so that mulRowSparse56 can skip the
// zeros without a branch per value. vals and idx need room for k+8: each
// step stores a whole vector. A strided row is read with VGATHERQPD.
TEXT ·compressRow(SB), NOSPLIT, $0-48
	MOVQ vals+0(FP), DI
	MOVQ idx+8(FP), R11
	MOVQ a+16(FP), SI
	MOVQ aStep+24(FP), DX
	MOVQ k+32(FP), CX
	XORQ R8, R8                // nnz
	VPXORQ Z1, Z1, Z1
	VMOVDQU64 iota8<>(SB), Z4  // p of each lane
	MOVQ $8, AX
	VPBROADCASTQ AX, Z5
	VPBROADCASTQ DX, Z7
	VPMULUDQ Z7, Z4, Z6        // lane offsets for the gather: lane·aStep
	MOVQ DX, R9
	SHLQ $6, R9                // bytes from one group of eight to the next
	MOVQ CX, R10
	SHRQ $3, R10               // whole groups
	ANDQ $7, CX                // then a short one
	CMPQ DX, $1
	JNE  gathered

#define COMPRESS \
	VCMPPD $4, Z1, Z0, K1; \
	VCOMPRESSPD Z0, K1, Z2; \
	VMOVUPD Z2, (DI)(R8*8); \
	VPCOMPRESSQ Z4, K1, Z3; \
	VMOVDQU64 Z3, (R11)(R8*8); \
	KMOVW K1, AX; \
	POPCNTL AX, AX; \
	ADDQ AX, R8; \
	VPADDQ Z5, Z4, Z4

	TESTQ R10, R10
	JZ    ctail
cloop:
	VMOVUPD (SI), Z0
	VCMPPD  $4, Z1, Z0, K1
	KORTESTW K1, K1
	JZ      cskip              // eight zeros (as in an image's border): nothing to store
	COMPRESS
	ADDQ R9, SI
	DECQ R10
	JNZ  cloop
	JMP  ctail
cskip:
	VPADDQ Z5, Z4, Z4
	ADDQ R9, SI
	DECQ R10
	JNZ  cloop
ctail:
	TESTQ CX, CX
	JZ    cdone
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K3
	VMOVUPD.Z (SI), K3, Z0     // lanes past k read as 0: not stored
	COMPRESS
	JMP cdone

gathered:
	TESTQ R10, R10
	JZ    gtail
gloop:
	KXNORW K2, K2, K2
	VGATHERQPD (SI)(Z6*8), K2, Z0
	VCMPPD  $4, Z1, Z0, K1
	KORTESTW K1, K1
	JZ      gskip
	COMPRESS
	ADDQ R9, SI
	DECQ R10
	JNZ  gloop
	JMP  gtail
gskip:
	VPADDQ Z5, Z4, Z4
	ADDQ R9, SI
	DECQ R10
	JNZ  gloop
gtail:
	TESTQ CX, CX
	JZ    cdone
	MOVQ  $1, AX
	SHLQ  CX, AX
	DECQ  AX
	KMOVW AX, K2
	VPXORQ Z0, Z0, Z0
	VGATHERQPD (SI)(Z6*8), K2, Z0
	COMPRESS

cdone:
	MOVQ R8, nnz+40(FP)
	VZEROUPPER
	RET

DATA iota8<>+0(SB)/8, $0
DATA iota8<>+8(SB)/8, $1
DATA iota8<>+16(SB)/8, $2
DATA iota8<>+24(SB)/8, $3
DATA iota8<>+32(SB)/8, $4
DATA iota8<>+40(SB)/8, $5
DATA iota8<>+48(SB)/8, $6
DATA iota8<>+56(SB)/8, $7
GLOBL iota8<>(SB), RODATA|NOPTR, $64

// func mulRowSparse56(c *float64, vals *float64, idx *int, nnz int, b *float64, ldb int, mask uint64)
//
// AVX-512. Equals rowSparseRef (matmul_amd64.go): one row of C, up to 56
// columns (bit j of mask = column j), from a row compressed by
// compressRow,
//
//	c[j] = Σe vals[e]·b[idx[e]*ldb + j]   over e in increasing order,
//
// which is rowTimes of matmul.go without its zero terms. The seven vectors
// of sums stay in Z0-Z6 for the whole row.
TEXT ·mulRowSparse56(SB), NOSPLIT, $0-56
	MOVQ c+0(FP), DI
	MOVQ vals+8(FP), SI
	MOVQ idx+16(FP), R9
	MOVQ nnz+24(FP), CX
	MOVQ b+32(FP), BX
	MOVQ ldb+40(FP), R10
	SHLQ $3, R10
	MOVQ mask+48(FP), AX
	KMOVW AX, K1
	SHRQ $8, AX
	KMOVW AX, K2
	SHRQ $8, AX
	KMOVW AX, K3
	SHRQ $8, AX
	KMOVW AX, K4
	SHRQ $8, AX
	KMOVW AX, K5
	SHRQ $8, AX
	KMOVW AX, K6
	SHRQ $8, AX
	KMOVW AX, K7

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	TESTQ CX, CX
	JZ    rstore

rloop:
	MOVQ  (R9), AX
	IMULQ R10, AX
	LEAQ  (BX)(AX*1), R14
	VBROADCASTSD (SI), Z31
	VMULPD.Z (R14), Z31, K1, Z24
	VADDPD   Z24, Z0, Z0
	VMULPD.Z 64(R14), Z31, K2, Z25
	VADDPD   Z25, Z1, Z1
	VMULPD.Z 128(R14), Z31, K3, Z26
	VADDPD   Z26, Z2, Z2
	VMULPD.Z 192(R14), Z31, K4, Z27
	VADDPD   Z27, Z3, Z3
	VMULPD.Z 256(R14), Z31, K5, Z28
	VADDPD   Z28, Z4, Z4
	VMULPD.Z 320(R14), Z31, K6, Z29
	VADDPD   Z29, Z5, Z5
	VMULPD.Z 384(R14), Z31, K7, Z30
	VADDPD   Z30, Z6, Z6
	ADDQ $8, SI
	ADDQ $8, R9
	DECQ CX
	JNZ  rloop

rstore:
	VMOVUPD Z0, K1, (DI)
	VMOVUPD Z1, K2, 64(DI)
	VMOVUPD Z2, K3, 128(DI)
	VMOVUPD Z3, K4, 192(DI)
	VMOVUPD Z4, K5, 256(DI)
	VMOVUPD Z5, K6, 320(DI)
	VMOVUPD Z6, K7, 384(DI)
	VZEROUPPER
	RET

// func scan8(x *float64, n int) (zeros int, finite bool)
//
// AVX-512. Equals scanRef (matmul.go) for n a multiple of 8: how many of
// x[0:n] are ±0, and whether none is Inf or NaN (all exponent bits set).
TEXT ·scan8(SB), NOSPLIT, $0-25
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VPXORQ Z1, Z1, Z1          // 0.0
	MOVQ $0x7ff0000000000000, AX
	VPBROADCASTQ AX, Z2        // the exponent bits
	MOVQ $1, AX
	VPBROADCASTQ AX, Z9
	VPXORQ Z8, Z8, Z8          // zeros seen, per lane
	VPXORQ Z10, Z10, Z10       // largest exponent bits seen, per lane
	TESTQ CX, CX
	JZ    sdone

sloop:
	VMOVUPD (SI), Z0
	VCMPPD  $0, Z1, Z0, K1     // lanes equal to 0 (EQ_OQ: NaN is not)
	VPADDQ  Z9, Z8, K1, Z8
	VPANDQ  Z2, Z0, Z3
	VPMAXUQ Z3, Z10, Z10
	ADDQ    $64, SI
	DECQ    CX
	JNZ     sloop

sdone:
	VEXTRACTI64X4 $1, Z8, Y11
	VPADDQ  Y11, Y8, Y8
	VEXTRACTI128 $1, Y8, X11
	VPADDQ  X11, X8, X8
	VPSHUFD $0x4e, X8, X11
	VPADDQ  X11, X8, X8
	VMOVQ   X8, AX
	MOVQ    AX, zeros+16(FP)
	VPCMPEQQ Z2, Z10, K2       // a lane with every exponent bit set: Inf or NaN
	KMOVW   K2, AX
	TESTQ   AX, AX
	SETEQ   finite+24(FP)
	VZEROUPPER
	RET

// func mulBlock4x8(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, ldb int, k, rows int, mask *[8]int64, acc bool)
//
// AVX2. Equals blockRef (matmul_amd64.go) for a 4×8 block, with the same
// operands as mulBlock8x16; mask holds -1 for each of the 8 columns to
// read and write, 0 for the others (VMASKMOVPD). Sums of row i live in
// Y(2i) and Y(2i+1).
TEXT ·mulBlock4x8(SB), NOSPLIT, $0-81
	MOVQ c+0(FP), DI
	MOVQ ldc+8(FP), R12
	SHLQ $3, R12
	MOVQ a+16(FP), SI
	MOVQ rowStep+24(FP), R8
	SHLQ $3, R8
	MOVQ pStep+32(FP), R11
	SHLQ $3, R11
	MOVQ b+40(FP), BX
	MOVQ ldb+48(FP), R10
	SHLQ $3, R10
	MOVQ k+56(FP), CX
	MOVQ rows+64(FP), R13
	MOVQ mask+72(FP), AX
	VMOVDQU (AX), Y14
	VMOVDQU 32(AX), Y15
	LEAQ (R8)(R8*2), R9

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

	MOVBLZX acc+80(FP), AX
	TESTQ AX, AX
	JZ    ystart
	MOVQ  DI, R14

#define YLOADROW(lo, hi, next) \
	VMASKMOVPD (R14), Y14, lo; \
	VMASKMOVPD 32(R14), Y15, hi; \
	CMPQ R13, $next; \
	JLE  ystart; \
	ADDQ R12, R14

	YLOADROW(Y0, Y1, 1)
	YLOADROW(Y2, Y3, 2)
	YLOADROW(Y4, Y5, 3)
	VMASKMOVPD (R14), Y14, Y6
	VMASKMOVPD 32(R14), Y15, Y7

ystart:
	TESTQ CX, CX
	JZ    ystore

#define YROW(addr, lo, hi) \
	VBROADCASTSD addr, Y10; \
	VMULPD Y8, Y10, Y11; \
	VMULPD Y9, Y10, Y12; \
	VADDPD Y11, lo, lo; \
	VADDPD Y12, hi, hi

yloop:
	VMASKMOVPD (BX), Y14, Y8
	VMASKMOVPD 32(BX), Y15, Y9
	YROW((SI), Y0, Y1)
	YROW((SI)(R8*1), Y2, Y3)
	YROW((SI)(R8*2), Y4, Y5)
	YROW((SI)(R9*1), Y6, Y7)
	ADDQ R11, SI
	ADDQ R10, BX
	DECQ CX
	JNZ  yloop

ystore:
	MOVQ DI, R14

#define YSTOREROW(lo, hi, next) \
	VMASKMOVPD lo, Y14, (R14); \
	VMASKMOVPD hi, Y15, 32(R14); \
	CMPQ R13, $next; \
	JLE  ydone; \
	ADDQ R12, R14

	YSTOREROW(Y0, Y1, 1)
	YSTOREROW(Y2, Y3, 2)
	YSTOREROW(Y4, Y5, 3)
	VMASKMOVPD Y6, Y14, (R14)
	VMASKMOVPD Y7, Y15, 32(R14)

ydone:
	VZEROUPPER
	RET

// func mulBlock16x8Sparse(c *float64, ldc int, a *float64, rowStep, pStep int, b *float64, idx *int, cnt, rows int, mask uint64, acc bool)
//
// AVX-512. Equals blockSparseRef8 (matmul_amd64.go): mulBlock8x16 turned
// on its side, 16 rows of C by 8 columns, over a packed panel of b 8
// columns wide that lists only the rows needed (entry e: row idx[e] of b,
// 8 values at b[8e:8e+8], in increasing order), so that a row of zeros
// can be left out. The narrower the panel, the more of its rows are all
// zeros: in a batch of MNIST images, 53 % of the rows of a 16-image panel
// are kept, 47 % of an 8-image one (and of 8-pixel strips, 39 % against
// 58 %). Row i's 8 sums live in Z(i); each a[i][p] is broadcast from
// memory inside the multiply.
TEXT ·mulBlock16x8Sparse(SB), NOSPLIT, $0-81
	MOVQ c+0(FP), DI
	MOVQ ldc+8(FP), R12
	SHLQ $3, R12
	MOVQ a+16(FP), SI
	MOVQ rowStep+24(FP), R8
	SHLQ $3, R8
	MOVQ pStep+32(FP), R11
	SHLQ $3, R11
	MOVQ b+40(FP), BX
	MOVQ idx+48(FP), R10
	MOVQ cnt+56(FP), CX
	MOVQ rows+64(FP), R13
	MOVQ mask+72(FP), AX
	KMOVW AX, K1
	LEAQ (R8)(R8*2), R9      // 3·rowStep

	VPXORQ Z0, Z0, Z0
	VPXORQ Z1, Z1, Z1
	VPXORQ Z2, Z2, Z2
	VPXORQ Z3, Z3, Z3
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
	VPXORQ Z8, Z8, Z8
	VPXORQ Z9, Z9, Z9
	VPXORQ Z10, Z10, Z10
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	VPXORQ Z14, Z14, Z14
	VPXORQ Z15, Z15, Z15

	MOVBLZX acc+80(FP), AX
	TESTQ AX, AX
	JZ    tstart
	MOVQ  DI, DX

#define TLOADROW(z, next) \
	VMOVUPD.Z (DX), K1, z; \
	CMPQ R13, $next; \
	JLE  tstart; \
	ADDQ R12, DX

	TLOADROW(Z0, 1)
	TLOADROW(Z1, 2)
	TLOADROW(Z2, 3)
	TLOADROW(Z3, 4)
	TLOADROW(Z4, 5)
	TLOADROW(Z5, 6)
	TLOADROW(Z6, 7)
	TLOADROW(Z7, 8)
	TLOADROW(Z8, 9)
	TLOADROW(Z9, 10)
	TLOADROW(Z10, 11)
	TLOADROW(Z11, 12)
	TLOADROW(Z12, 13)
	TLOADROW(Z13, 14)
	TLOADROW(Z14, 15)
	VMOVUPD.Z (DX), K1, Z15

tstart:
	TESTQ CX, CX
	JZ    tstore

#define TROW(addr, sum, t) \
	VMULPD.BCST addr, Z16, t; \
	VADDPD t, sum, sum

tloop:
	MOVQ  (R10), AX
	IMULQ R11, AX
	LEAQ  (SI)(AX*1), DX     // a[0][p]
	VMOVUPD (BX), Z16
	TROW((DX), Z0, Z17)
	TROW((DX)(R8*1), Z1, Z18)
	TROW((DX)(R8*2), Z2, Z19)
	TROW((DX)(R9*1), Z3, Z20)
	LEAQ (DX)(R8*4), DX      // a[4][p]
	TROW((DX), Z4, Z21)
	TROW((DX)(R8*1), Z5, Z22)
	TROW((DX)(R8*2), Z6, Z23)
	TROW((DX)(R9*1), Z7, Z24)
	LEAQ (DX)(R8*4), DX      // a[8][p]
	TROW((DX), Z8, Z25)
	TROW((DX)(R8*1), Z9, Z26)
	TROW((DX)(R8*2), Z10, Z27)
	TROW((DX)(R9*1), Z11, Z28)
	LEAQ (DX)(R8*4), DX      // a[12][p]
	TROW((DX), Z12, Z29)
	TROW((DX)(R8*1), Z13, Z30)
	TROW((DX)(R8*2), Z14, Z31)
	TROW((DX)(R9*1), Z15, Z17)
	ADDQ $64, BX
	ADDQ $8, R10
	DECQ CX
	JNZ  tloop

tstore:
	MOVQ DI, DX

#define TSTOREROW(z, next) \
	VMOVUPD z, K1, (DX); \
	CMPQ R13, $next; \
	JLE  tdone; \
	ADDQ R12, DX

	TSTOREROW(Z0, 1)
	TSTOREROW(Z1, 2)
	TSTOREROW(Z2, 3)
	TSTOREROW(Z3, 4)
	TSTOREROW(Z4, 5)
	TSTOREROW(Z5, 6)
	TSTOREROW(Z6, 7)
	TSTOREROW(Z7, 8)
	TSTOREROW(Z8, 9)
	TSTOREROW(Z9, 10)
	TSTOREROW(Z10, 11)
	TSTOREROW(Z11, 12)
	TSTOREROW(Z12, 13)
	TSTOREROW(Z13, 14)
	TSTOREROW(Z14, 15)
	VMOVUPD Z15, K1, (DX)

tdone:
	VZEROUPPER
	RET

// func packPanel8(dst *float64, idx *int, b *float64, rs, cs, p0, p1 int, mask uint64, skip bool) (entries int)
//
// AVX-512. Equals packPanelRef8 (matmul_amd64.go): rows p0 ≤ p < p1 of a
// panel of b (column jj at b[p*rs + jj*cs], for the columns set in mask)
// as entries of 8 values at dst[8e:], zero-filled past the mask, with p in
// idx[e]; with skip, a row of zeros (of either sign) gets no entry. A
// row-major b is loaded, a transposed one gathered (VGATHERQPD).
TEXT ·packPanel8(SB), NOSPLIT, $0-80
	MOVQ dst+0(FP), DI
	MOVQ idx+8(FP), R11
	MOVQ b+16(FP), SI
	MOVQ rs+24(FP), R8
	SHLQ $3, R8
	MOVQ cs+32(FP), DX
	MOVQ p0+40(FP), R9
	MOVQ p1+48(FP), CX
	MOVQ mask+56(FP), R12
	MOVBLZX skip+64(FP), R13
	MOVQ R9, AX
	IMULQ R8, AX
	ADDQ AX, SI                // row p0
	SUBQ R9, CX                // rows to pack
	XORQ R10, R10              // entries
	KMOVW R12, K1
	MOVQ $0x7fffffffffffffff, AX
	VPBROADCASTQ AX, Z5        // all bits but the sign
	VMOVDQU64 iota8<>(SB), Z4
	VPBROADCASTQ DX, Z7
	VPMULUDQ Z7, Z4, Z6        // lane·cs
	TESTQ CX, CX
	JZ    qdone

qloop:
	CMPQ DX, $1
	JNE  qgather
	VMOVUPD.Z (SI), K1, Z0
	JMP  qstore
qgather:
	VPXORQ Z0, Z0, Z0
	KMOVW R12, K3
	VGATHERQPD (SI)(Z6*8), K3, Z0
qstore:
	MOVQ  R10, AX
	SHLQ  $6, AX
	VMOVUPD Z0, (DI)(AX*1)
	MOVQ  R9, (R11)(R10*8)
	VPTESTMQ Z5, Z0, K3        // lanes with a bit set other than the sign
	KMOVW K3, AX
	TESTQ AX, AX
	SETNE AL
	MOVBLZX AL, AX
	TESTQ R13, R13
	JNZ   qcount
	MOVQ  $1, AX               // without skip every row is an entry
qcount:
	ADDQ AX, R10
	ADDQ R8, SI
	INCQ R9
	DECQ CX
	JNZ  qloop

qdone:
	MOVQ R10, entries+72(FP)
	VZEROUPPER
	RET

// func finite32(x *float64, n int) bool
//
// AVX-512. Equals scanRef's finite (matmul.go) for n a multiple of 32:
// whether no value of x is Inf or NaN, the values with every exponent bit
// set. scan8 without the count of zeros, four vectors per step.
TEXT ·finite32(SB), NOSPLIT, $0-17
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $5, CX
	MOVQ $0x7ff0000000000000, AX
	VPBROADCASTQ AX, Z2        // the exponent bits
	VPXORQ Z10, Z10, Z10       // largest exponent bits seen, per lane
	VPXORQ Z11, Z11, Z11
	VPXORQ Z12, Z12, Z12
	VPXORQ Z13, Z13, Z13
	TESTQ CX, CX
	JZ    fdone
floop:
	VPANDQ  (SI), Z2, Z0
	VPANDQ  64(SI), Z2, Z1
	VPANDQ  128(SI), Z2, Z3
	VPANDQ  192(SI), Z2, Z4
	VPMAXUQ Z0, Z10, Z10
	VPMAXUQ Z1, Z11, Z11
	VPMAXUQ Z3, Z12, Z12
	VPMAXUQ Z4, Z13, Z13
	ADDQ    $256, SI
	DECQ    CX
	JNZ     floop
fdone:
	VPMAXUQ Z11, Z10, Z10
	VPMAXUQ Z13, Z12, Z12
	VPMAXUQ Z12, Z10, Z10
	VPCMPEQQ Z2, Z10, K2       // a lane with every exponent bit set: Inf or NaN
	KMOVW   K2, AX
	TESTQ   AX, AX
	SETEQ   ret+16(FP)
	VZEROUPPER
	RET
