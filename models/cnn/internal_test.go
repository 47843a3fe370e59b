package cnn

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestMul compares the tiled product with gonum's own Dense.Mul for every
// combination of transposes and shapes below, at and above the tile sizes
// (64 rows, 192 columns).
func TestMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	random := func(r, c int) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				m.Set(i, j, rng.NormFloat64())
			}
		}
		return m
	}
	for _, s := range []struct{ m, k, n int }{{1, 1, 1}, {8, 9, 6272}, {64, 72, 192}, {65, 3, 193}, {130, 200, 400}, {800, 16, 72}} {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				a, b := random(s.m, s.k), random(s.k, s.n)
				if ta {
					a = mat.DenseCopyOf(a.T())
				}
				if tb {
					b = mat.DenseCopyOf(b.T())
				}
				var opA, opB mat.Matrix = a, b
				if ta {
					opA = a.T()
				}
				if tb {
					opB = b.T()
				}
				var want mat.Dense
				want.Mul(opA, opB)
				got := mat.NewDense(s.m, s.n, nil)
				got.Set(0, 0, math.NaN()) // mul must overwrite, not add
				mul(got, a, ta, b, tb)
				// Both add the same products; gonum's parallel path splits
				// long dot products into blocks of 64, which rounds
				// differently by a few ulps.
				if !mat.EqualApprox(got, &want, 1e-12) {
					t.Errorf("%d×%d·%d×%d (transposed %v, %v): tiled product differs from Dense.Mul", s.m, s.k, s.k, s.n, ta, tb)
				}
				if allocs := testing.AllocsPerRun(2, func() { mul(got, a, ta, b, tb) }); allocs != 0 {
					t.Errorf("%d×%d·%d×%d: %v allocations, want 0", s.m, s.k, s.k, s.n, allocs)
				}
			}
		}
	}
}

// TestWorkspaceBytes checks that workspaceBytes, which the batch limits
// rely on, counts what newWorkspace really allocates: never less, and at
// most 5% + 16 KB more (matrix headers and the allocator's size classes).
func TestWorkspaceBytes(t *testing.T) {
	for _, cfg := range []Config{
		{Width: 16, Height: 16, Classes: 10},
		{Width: 28, Height: 28, Classes: 10, Filters: []int{8, 16, 8}, Padding: Same, Hidden: 32},
		{Width: 32, Height: 32, Classes: 2, Filters: []int{64, 64}, Kernel: 7, Padding: Same},
	} {
		n, err := New(cfg, rand.New(rand.NewPCG(1, 0)))
		if err != nil {
			t.Fatal(err)
		}
		for _, batch := range []int{1, 5} {
			for _, training := range []bool{false, true} {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				ws := n.newWorkspace(batch, training)
				runtime.ReadMemStats(&after)
				runtime.KeepAlive(ws)
				got := int(after.TotalAlloc - before.TotalAlloc)
				counted := n.workspaceBytes(batch, training)
				if got < counted || float64(got) > 1.05*float64(counted)+16<<10 {
					t.Errorf("%v, batch %d, training %v: allocated %d bytes, counted %d", cfg.Filters, batch, training, got, counted)
				}
			}
		}
	}
}
