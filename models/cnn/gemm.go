package cnn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Every matrix product of the network goes through mul, which hands gonum
// tiles of the result small enough to be computed in the calling goroutine.
//
// gonum's Dgemm (blas/gonum/dgemm.go) splits a product whose result spans
// at least minParBlock = 4 blocks of blockSize×blockSize = 64×64 numbers
// across new goroutines, one per block, and that allocates on every call.
// A convolution's result is long (a block's maps for a batch of 32 16×16
// pictures are 8 rows of 6,272 numbers), so almost every product would go
// that way. On the school server each training run is meant to use one core
// (40 students share two cores), so there is nothing to gain from it, and
// the allocations would make every step produce garbage. Tiles of at most
// 64 rows and 192 = 3·64 columns span at most 3 blocks, so gonum multiplies
// each of them serially, with the same assembly kernels.
const (
	tileRows = 64
	tileCols = 3 * 64
)

// mul sets c = op(a)·op(b), where op(a) is a, or aᵀ when ta is set, and
// likewise for b. c must already have the product's shape, and must not
// share memory with a or b.
func mul(c, a *mat.Dense, ta bool, b *mat.Dense, tb bool) {
	C, A, B := c.RawMatrix(), a.RawMatrix(), b.RawMatrix()
	tA, tB := blas.NoTrans, blas.NoTrans
	if ta {
		tA = blas.Trans
	}
	if tb {
		tB = blas.Trans
	}
	for i0 := 0; i0 < C.Rows; i0 += tileRows {
		i1 := min(i0+tileRows, C.Rows)
		// Rows i0..i1 of op(a): rows of a, or columns of a if transposed.
		as := A
		if ta {
			as.Data, as.Cols = A.Data[i0:], i1-i0
		} else {
			as.Data, as.Rows = A.Data[i0*A.Stride:], i1-i0
		}
		for j0 := 0; j0 < C.Cols; j0 += tileCols {
			j1 := min(j0+tileCols, C.Cols)
			// Columns j0..j1 of op(b): columns of b, or rows if transposed.
			bs := B
			if tb {
				bs.Data, bs.Rows = B.Data[j0*B.Stride:], j1-j0
			} else {
				bs.Data, bs.Cols = B.Data[j0:], j1-j0
			}
			cs := blas64.General{Rows: i1 - i0, Cols: j1 - j0, Stride: C.Stride, Data: C.Data[i0*C.Stride+j0:]}
			blas64.Gemm(tA, tB, 1, as, bs, 0, cs)
		}
	}
}
