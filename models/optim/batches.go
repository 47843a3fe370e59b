package optim

import (
	"context"
	"math/rand/v2"
)

// Batches walks a trainer through its n examples in mini-batches: it keeps
// the order of the examples, reshuffled at the start of every epoch, the
// position of the next batch in it and the number of epochs started. It is
// the bookkeeping shared by the trainers of packages mlp, cnn and charlm;
// the step itself (gathering the batch, forward, backward, update) stays
// with the trainer. Make one with NewBatches. After NewBatches, nothing of
// Batches allocates.
//
// A Batches is not safe for concurrent use.
type Batches struct {
	rng   *rand.Rand
	order []int // the examples in this epoch's order
	next  int   // position in order of the next batch's first example
	epoch int   // epochs started, counting from 1
	size  int   // examples per batch
}

// NewBatches returns the batches of size examples (at most n; larger
// sizes mean one batch of all n) over n examples, shuffled with rng at the
// start of every epoch. No epoch has started yet. n and size must be at
// least 1 (the trainers check their data and batch size before).
func NewBatches(n, size int, rng *rand.Rand) *Batches {
	b := &Batches{rng: rng, order: make([]int, n), next: n, size: min(size, n)}
	for i := range b.order {
		b.order[i] = i
	}
	return b
}

// Size returns the number of examples in a full batch.
func (b *Batches) Size() int { return b.size }

// Len returns the number of examples, used once per epoch.
func (b *Batches) Len() int { return len(b.order) }

// Remainder returns the number of examples in the last, smaller batch of
// an epoch, or 0 if every batch is full.
func (b *Batches) Remainder() int { return len(b.order) % b.size }

// Epochs returns the number of epochs started so far, counting from 1.
func (b *Batches) Epochs() int { return b.epoch }

// Epoch starts a new epoch, shuffling the examples, and calls step once
// per batch with the indices of the batch's examples, until every example
// has been used once. It returns the mean of step's losses weighted by the
// batches' sizes: the mean loss per example when each loss is a batch
// mean. Before every batch it checks ctx; when ctx is done it returns
// stopped(epoch, done, total, ctx.Err()), with done the examples used so
// far in this epoch of total, so that the trainer words the error. An
// error from step is returned as it is. Examples left over from an epoch
// begun by Step are skipped.
//
// step must not keep idx, which is part of the order of the examples.
func (b *Batches) Epoch(ctx context.Context, step func(idx []int) (loss float64, err error), stopped func(epoch, done, total int, err error) error) (meanLoss float64, err error) {
	b.start()
	var sum float64
	for b.next < len(b.order) {
		if err := ctx.Err(); err != nil {
			return 0, stopped(b.epoch, b.next, len(b.order), err)
		}
		idx := b.take()
		loss, err := step(idx)
		if err != nil {
			return 0, err
		}
		sum += loss * float64(len(idx))
	}
	return sum / float64(len(b.order)), nil
}

// Step calls step on the next batch of the current epoch, starting a new,
// reshuffled epoch when the current one is used up, and returns what step
// returns. step must not keep idx.
func (b *Batches) Step(step func(idx []int) (loss float64, err error)) (loss float64, err error) {
	if b.next == len(b.order) {
		b.start()
	}
	return step(b.take())
}

// start shuffles the examples and moves to the first batch. With a single
// full batch the order cannot change the gradient, so it is left alone
// (and rng is not used).
func (b *Batches) start() {
	b.epoch++
	b.next = 0
	if b.size < len(b.order) {
		b.rng.Shuffle(len(b.order), func(i, j int) {
			b.order[i], b.order[j] = b.order[j], b.order[i]
		})
	}
}

// take returns the indices of the next batch and moves past it.
func (b *Batches) take() []int {
	end := min(b.next+b.size, len(b.order))
	idx := b.order[b.next:end]
	b.next = end
	return idx
}
