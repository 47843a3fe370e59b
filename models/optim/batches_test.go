package optim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// record returns a step that appends a copy of every batch to *seen and
// returns the batch's first index as its loss.
func record(seen *[][]int) func([]int) (float64, error) {
	return func(idx []int) (float64, error) {
		*seen = append(*seen, slices.Clone(idx))
		return float64(idx[0]), nil
	}
}

func noStop(epoch, done, total int, err error) error { return err }

func TestBatchesEpoch(t *testing.T) {
	tests := []struct {
		n, size   int
		wantSizes []int
	}{
		{n: 7, size: 3, wantSizes: []int{3, 3, 1}},
		{n: 6, size: 3, wantSizes: []int{3, 3}},
		{n: 4, size: 10, wantSizes: []int{4}}, // larger than the data: one batch
		{n: 1, size: 1, wantSizes: []int{1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d,size=%d", tt.n, tt.size), func(t *testing.T) {
			b := NewBatches(tt.n, tt.size, rand.New(rand.NewPCG(1, 2)))
			if got := b.Epochs(); got != 0 {
				t.Fatalf("Epochs before training = %d, want 0", got)
			}
			for e := 1; e <= 3; e++ {
				var seen [][]int
				mean, err := b.Epoch(context.Background(), record(&seen), noStop)
				if err != nil {
					t.Fatal(err)
				}
				var sizes, all []int
				var sum float64
				for _, idx := range seen {
					sizes = append(sizes, len(idx))
					all = append(all, idx...)
					sum += float64(idx[0]) * float64(len(idx))
				}
				if !slices.Equal(sizes, tt.wantSizes) {
					t.Errorf("epoch %d: batch sizes %v, want %v", e, sizes, tt.wantSizes)
				}
				slices.Sort(all)
				for i, v := range all {
					if v != i {
						t.Fatalf("epoch %d: examples %v, want each of 0..%d once", e, all, tt.n-1)
					}
				}
				if want := sum / float64(tt.n); mean != want {
					t.Errorf("epoch %d: mean loss %v, want %v", e, mean, want)
				}
				if b.Epochs() != e {
					t.Errorf("Epochs = %d, want %d", b.Epochs(), e)
				}
			}
		})
	}
}

// With one full batch the order is never shuffled.
func TestBatchesFullBatchKeepsOrder(t *testing.T) {
	b := NewBatches(5, 32, rand.New(rand.NewPCG(3, 4)))
	for range 3 {
		var seen [][]int
		if _, err := b.Epoch(context.Background(), record(&seen), noStop); err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 || !slices.Equal(seen[0], []int{0, 1, 2, 3, 4}) {
			t.Fatalf("batches %v, want [[0 1 2 3 4]]", seen)
		}
	}
}

// Step walks through the batches of an epoch and starts the next one when
// it is used up; Epoch then starts afresh, skipping what Step left over.
func TestBatchesStep(t *testing.T) {
	b := NewBatches(5, 2, rand.New(rand.NewPCG(5, 6)))
	var seen [][]int
	for range 4 { // 2+2+1 rows, then the first batch of epoch 2
		if _, err := b.Step(record(&seen)); err != nil {
			t.Fatal(err)
		}
	}
	if got := []int{len(seen[0]), len(seen[1]), len(seen[2]), len(seen[3])}; !slices.Equal(got, []int{2, 2, 1, 2}) {
		t.Errorf("batch sizes %v, want [2 2 1 2]", got)
	}
	if b.Epochs() != 2 {
		t.Errorf("Epochs after 4 steps = %d, want 2", b.Epochs())
	}
	seen = nil
	if _, err := b.Epoch(context.Background(), record(&seen), noStop); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || b.Epochs() != 3 {
		t.Errorf("Epoch after Step: %d batches in epoch %d, want 3 batches in epoch 3", len(seen), b.Epochs())
	}
}

func TestBatchesEpochErrors(t *testing.T) {
	errStep := errors.New("step failed")
	calls := 0
	failSecond := func(idx []int) (float64, error) {
		calls++
		if calls == 2 {
			return 0, errStep
		}
		return 1, nil
	}
	b := NewBatches(6, 2, rand.New(rand.NewPCG(7, 8)))
	if _, err := b.Epoch(context.Background(), failSecond, noStop); !errors.Is(err, errStep) {
		t.Errorf("Epoch with a failing step: err = %v, want %v", err, errStep)
	}

	ctx, cancel := context.WithCancel(context.Background())
	steps := 0
	cancelAfterOne := func(idx []int) (float64, error) {
		steps++
		cancel()
		return 1, nil
	}
	var gotEpoch, gotDone, gotTotal int
	stopped := func(epoch, done, total int, err error) error {
		gotEpoch, gotDone, gotTotal = epoch, done, total
		return fmt.Errorf("test: stopped: %w", err)
	}
	_, err := b.Epoch(ctx, cancelAfterOne, stopped)
	if !errors.Is(err, context.Canceled) || steps != 1 {
		t.Fatalf("Epoch with ctx cancelled after one step: err = %v after %d steps, want context.Canceled after 1", err, steps)
	}
	// Epoch 2 of the trainer, stopped after the first batch of 2 of 6 rows.
	if gotEpoch != 2 || gotDone != 2 || gotTotal != 6 {
		t.Errorf("stopped(%d, %d, %d), want stopped(2, 2, 6)", gotEpoch, gotDone, gotTotal)
	}
}

func TestBatchesAllocs(t *testing.T) {
	b := NewBatches(100, 7, rand.New(rand.NewPCG(9, 10)))
	var total int
	step := func(idx []int) (float64, error) {
		total += len(idx)
		return 0.5, nil
	}
	ctx := context.Background()
	if a := testing.AllocsPerRun(20, func() {
		if _, err := b.Epoch(ctx, step, noStop); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Step(step); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("Epoch and Step allocate %v times, want 0", a)
	}
}
