package charlm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/mlp"
	"github.com/aisandbox/aisandbox/models/optim"
)

// Default learning rates when TrainConfig.LearningRate is 0. Adam's 0.003
// was measured on the name corpora (about 300 names each, 20% held out):
// the validation loss is lowest after 8 to 15 epochs and stays near it for
// several more, while at 0.01 (mlp's default) it bottoms out after 3 to 6
// epochs and then climbs steeply as the model learns the names by heart.
// SGD's 0.1 is the rate makemore's MLP starts with.
const (
	defaultAdamRate = 0.003
	defaultSGDRate  = 0.1
)

// DefaultBatchSize is the number of examples per step when
// TrainConfig.BatchSize is 0: 32, as in makemore and Keras.
const DefaultBatchSize = 32

// TrainConfig sets how a model is trained. The zero value is Adam with
// learning rate 0.003 and batches of 32 examples.
type TrainConfig struct {
	// Optimizer is the update rule, mlp.Adam (the zero value) or mlp.SGD.
	Optimizer mlp.Optimizer `json:"optimizer"`
	// LearningRate scales every step; it must be positive and finite.
	// Zero means 0.003 for Adam and 0.1 for SGD.
	LearningRate float64 `json:"learning_rate"`
	// BatchSize is the number of examples (letters to predict) per step.
	// Zero means 32; a size larger than the data means one step per epoch.
	BatchSize int `json:"batch_size"`
}

func defaultRate(o mlp.Optimizer) float64 {
	if o == mlp.SGD {
		return defaultSGDRate
	}
	return defaultAdamRate
}

func (c TrainConfig) withDefaults() (TrainConfig, error) {
	if c.Optimizer != mlp.Adam && c.Optimizer != mlp.SGD {
		return c, fmt.Errorf("charlm: unknown optimizer %d", int(c.Optimizer))
	}
	if !(c.LearningRate >= 0) || math.IsInf(c.LearningRate, 0) {
		return c, fmt.Errorf("charlm: the learning rate must be a positive number, got %v", c.LearningRate)
	}
	if c.LearningRate == 0 {
		c.LearningRate = defaultRate(c.Optimizer)
	}
	if c.BatchSize < 0 {
		return c, fmt.Errorf("charlm: the batch size must be positive, got %d", c.BatchSize)
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	return c, nil
}

// DivergedError reports that training blew up: a batch's loss, or a
// learnable number, became NaN or infinite. The learning rate is almost
// always too large.
type DivergedError struct {
	// Epoch is the epoch (counting from 1) in which it happened.
	Epoch int
	// LearningRate is the learning rate that was in use.
	LearningRate float64
	// Loss is the batch's loss at that step: NaN or ±Inf, or a finite
	// number if the loss was still finite but a weight overflowed.
	Loss float64
	// Optimizer is the optimiser that was in use.
	Optimizer mlp.Optimizer
}

// Error says what happened and what to try.
func (e *DivergedError) Error() string {
	what := "the weights became infinite"
	switch {
	case math.IsNaN(e.Loss):
		what = "the loss became NaN (not a number)"
	case math.IsInf(e.Loss, 0):
		what = "the loss became infinite"
	}
	try := min(e.LearningRate/10, defaultRate(e.Optimizer))
	return fmt.Sprintf("charlm: %s at epoch %d — the learning rate %g is too large; try %g or smaller",
		what, e.Epoch, e.LearningRate, try)
}

// Trainer owns the training state of one model: the examples made from the
// training words, their shuffled order, the optimiser's memory and every
// buffer a step needs. After the first epoch, Epoch and Step do not
// allocate (for batches of up to 64 examples: gonum splits larger matrix
// products across goroutines, which allocates).
//
// A Trainer is not safe for concurrent use, and nothing else may use its
// model while Epoch or Step runs. Once training has diverged, every further
// call returns the same *DivergedError.
type Trainer struct {
	m   *Model
	cfg TrainConfig
	ex  *examples

	b               *optim.Batches // the examples' shuffled order, epoch by epoch
	full, remainder *workspace

	opt *optim.Guard // the update rule, undoing a step that overflows
	err error        // set once training has diverged
}

// NewTrainer prepares to train m on words (one word or name each; every
// word non-empty and written with the model's alphabet). It turns them into
// examples (a word of n letters gives n+1) and keeps those, so the caller
// may change words afterwards. The examples are shuffled with rng before
// every epoch.
func NewTrainer(m *Model, words []string, cfg TrainConfig, rng *rand.Rand) (*Trainer, error) {
	if m == nil {
		return nil, errors.New("charlm: nil model")
	}
	if rng == nil {
		return nil, errors.New("charlm: nil random source")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	ex, err := m.encode(words)
	if err != nil {
		return nil, err
	}
	n := ex.len()
	t := &Trainer{
		m: m, cfg: cfg, ex: ex,
		b:   optim.NewBatches(n, cfg.BatchSize, rng),
		opt: optim.New(optim.Settings{SGD: cfg.Optimizer == mlp.SGD, Rate: cfg.LearningRate}, m.NumParams()),
	}
	t.full = m.newWorkspace(t.b.Size(), true)
	if r := t.b.Remainder(); r != 0 {
		t.remainder = m.newWorkspace(r, true)
	}
	return t, nil
}

// Examples returns the number of training examples: letters plus word ends.
func (t *Trainer) Examples() int { return t.ex.len() }

// Epoch starts a new epoch, shuffling the examples, and takes one step per
// batch until every example has been used once. It returns the mean loss
// over the examples (nats per character), each batch's loss measured
// before its step. It checks ctx between batches and stops with an error
// wrapping ctx.Err() when ctx is done; the model then keeps the weights of
// the last complete step. Examples left over from an epoch begun by Step
// are skipped.
func (t *Trainer) Epoch(ctx context.Context) (float64, error) {
	if t.err != nil {
		return 0, t.err
	}
	return t.b.Epoch(ctx, t.step, epochStopped)
}

// epochStopped is the error of an Epoch that ctx stopped.
func epochStopped(epoch, done, total int, err error) error {
	return fmt.Errorf("charlm: epoch %d stopped after %d of %d examples: %w", epoch, done, total, err)
}

// Step takes one training step on the next batch of the current epoch,
// starting a new, reshuffled epoch when the current one is used up, and
// returns the batch's mean loss before the step.
func (t *Trainer) Step() (float64, error) {
	if t.err != nil {
		return 0, t.err
	}
	return t.b.Step(t.step)
}

// step trains on the batch of the examples idx.
func (t *Trainer) step(idx []int) (float64, error) {
	rows := len(idx)
	ws := t.full
	if rows < t.b.Size() {
		ws = t.remainder
	}
	ws.load(t.ex, t.m.cfg.BlockSize, idx, 0)

	t.m.forward(ws)
	loss := ws.lossSum() / float64(rows)
	if !finite(loss) {
		return 0, t.diverged(loss)
	}
	t.m.backward(ws)

	// SGD or Adam (see package optim); a step that makes a weight NaN or
	// infinite is undone, keeping the last good weights.
	if !t.opt.Step(t.m.p.flat, ws.grad.flat) {
		return 0, t.diverged(loss)
	}
	return loss, nil
}

func (t *Trainer) diverged(loss float64) error {
	t.err = &DivergedError{Epoch: t.b.Epochs(), LearningRate: t.cfg.LearningRate, Loss: loss, Optimizer: t.cfg.Optimizer}
	return t.err
}

// Train trains m for the given number of epochs (at least 1) on words; see
// NewTrainer and Trainer.Epoch. After each epoch it calls progress, if not
// nil, with the epoch number (from 1) and the epoch's mean training loss.
func Train(ctx context.Context, m *Model, words []string, epochs int, cfg TrainConfig, rng *rand.Rand, progress func(epoch int, loss float64)) error {
	if epochs < 1 {
		return fmt.Errorf("charlm: epochs must be at least 1, got %d", epochs)
	}
	t, err := NewTrainer(m, words, cfg, rng)
	if err != nil {
		return err
	}
	for e := 1; e <= epochs; e++ {
		loss, err := t.Epoch(ctx)
		if err != nil {
			return err
		}
		if progress != nil {
			progress(e, loss)
		}
	}
	return nil
}
