package cnn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/mlp"
	"github.com/aisandbox/aisandbox/models/optim"
)

// Training is set up with package mlp's TrainConfig (optimiser, learning
// rate, batch size) and has the same defaults: Adam with learning rate
// 0.01, or SGD with 0.1, and batches of 32 pictures.

// defaultRate is the learning rate used when mlp.TrainConfig.LearningRate
// is 0, the same as package mlp's (see mlp.TrainConfig).
func defaultRate(o mlp.Optimizer) float64 {
	if o == mlp.SGD {
		return 0.1
	}
	return 0.01
}

// withDefaults returns c with its zero fields replaced by their defaults,
// or an error if a field is invalid.
func withDefaults(c mlp.TrainConfig) (mlp.TrainConfig, error) {
	if c.Optimizer != mlp.Adam && c.Optimizer != mlp.SGD {
		return c, fmt.Errorf("cnn: unknown optimizer %d", int(c.Optimizer))
	}
	if math.IsNaN(c.LearningRate) || math.IsInf(c.LearningRate, 0) || c.LearningRate < 0 {
		return c, fmt.Errorf("cnn: the learning rate must be a positive number, got %v", c.LearningRate)
	}
	if c.LearningRate == 0 {
		c.LearningRate = defaultRate(c.Optimizer)
	}
	if c.BatchSize < 0 {
		return c, fmt.Errorf("cnn: the batch size must be positive, got %d", c.BatchSize)
	}
	if c.BatchSize == 0 {
		c.BatchSize = mlp.DefaultBatchSize
	}
	return c, nil
}

// DivergedError reports that training blew up: a batch's loss, or a weight,
// became NaN or infinite. That almost always means the learning rate is too
// large, so each step overshoots further than the last.
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
	// Ten times smaller is the usual first try; never suggest more than
	// the optimiser's default.
	try := min(e.LearningRate/10, defaultRate(e.Optimizer))
	return fmt.Sprintf("cnn: %s at epoch %d — the learning rate %g is too large; try %g or smaller",
		what, e.Epoch, e.LearningRate, try)
}

// Trainer owns the training state of one network: a copy of the pictures,
// their shuffled order, the optimiser's memory and every buffer a step
// needs. After the first epoch, Epoch and Step do not allocate.
//
// A Trainer is not safe for concurrent use, and nothing else may use its
// network while Epoch or Step runs. Once training has diverged, every
// further call returns the same *DivergedError.
type Trainer struct {
	net *Network
	cfg mlp.TrainConfig // with defaults filled in

	x []float64 // the pictures, one after another (Width·Height values each)
	y []int

	b         *optim.Batches // the pictures' shuffled order, epoch by epoch
	full      *workspace     // for steps of b.Size() pictures
	remainder *workspace     // for the last, smaller step of an epoch; nil if none

	opt *optim.Guard // the update rule, undoing a step that overflows
	err error        // set once training has diverged
}

// NewTrainer prepares to train n on the pictures X (rows of Width·Height
// pixels from 0 to 1, row after row) with labels y. It checks the data and
// copies it, so the caller may change X and y afterwards. The pictures are
// shuffled with rng before every epoch. A batch size larger than the data
// means one step per epoch over all of it, if its buffers fit in
// MaxWorkspaceBytes.
func NewTrainer(n *Network, X [][]float64, y []int, cfg mlp.TrainConfig, rng *rand.Rand) (*Trainer, error) {
	if n == nil {
		return nil, errors.New("cnn: nil network")
	}
	if rng == nil {
		return nil, errors.New("cnn: nil random source")
	}
	cfg, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	if err := n.checkData(X, y); err != nil {
		return nil, err
	}
	rows, size := len(X), n.cfg.Width*n.cfg.Height
	batch := min(cfg.BatchSize, rows)
	if need := n.workspaceBytes(batch, true); need > MaxWorkspaceBytes {
		most := MaxWorkspaceBytes / n.workspaceBytes(1, true)
		return nil, fmt.Errorf("cnn: a batch of %d pictures needs %d MB of buffers, more than the limit of %d MB; use a batch size of at most %d",
			batch, need>>20, MaxWorkspaceBytes>>20, most)
	}
	t := &Trainer{
		net: n,
		cfg: cfg,
		x:   make([]float64, 0, rows*size),
		y:   append([]int(nil), y...),
		b:   optim.NewBatches(rows, batch, rng),
		opt: optim.New(optim.Settings{SGD: cfg.Optimizer == mlp.SGD, Rate: cfg.LearningRate}, n.NumParams()),
	}
	for _, row := range X {
		t.x = append(t.x, row...)
	}
	t.full = n.newWorkspace(batch, true)
	if r := t.b.Remainder(); r != 0 {
		t.remainder = n.newWorkspace(r, true)
	}
	return t, nil
}

// Epoch starts a new epoch, shuffling the pictures, and takes one step per
// batch until every picture has been used once. It returns the mean loss
// over the pictures, each batch's loss measured before its step. It checks
// ctx before every batch and stops with an error wrapping ctx.Err() when
// ctx is done; the network then keeps the weights of the last complete
// step. Pictures left over from an epoch begun by Step are skipped.
func (t *Trainer) Epoch(ctx context.Context) (meanLoss float64, err error) {
	if t.err != nil {
		return 0, t.err
	}
	return t.b.Epoch(ctx, t.step, epochStopped)
}

// epochStopped is the error of an Epoch that ctx stopped.
func epochStopped(epoch, done, total int, err error) error {
	return fmt.Errorf("cnn: epoch %d stopped after %d of %d pictures: %w", epoch, done, total, err)
}

// Step takes one training step on the next batch of the current epoch,
// starting a new, reshuffled epoch when the current one is used up, and
// returns the batch's mean loss before the step. It lets a lesson watch
// training one batch at a time.
func (t *Trainer) Step() (loss float64, err error) {
	if t.err != nil {
		return 0, t.err
	}
	return t.b.Step(t.step)
}

// Epochs returns the number of epochs started so far.
func (t *Trainer) Epochs() int { return t.b.Epochs() }

// step trains on the batch of the pictures idx. A panic (which only
// a bug can cause) becomes an error, so that none leaves the package.
func (t *Trainer) step(idx []int) (loss float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			loss, err = 0, fmt.Errorf("cnn: internal error in a training step: %v", r)
		}
	}()
	n := t.net
	rows := len(idx)
	ws := t.full
	if rows < t.b.Size() {
		ws = t.remainder
	}
	// Gather the batch's pictures and labels in this epoch's order.
	size := n.cfg.Width * n.cfg.Height
	in := ws.in.RawMatrix().Data
	for i, r := range idx {
		copy(in[i*size:(i+1)*size], t.x[r*size:(r+1)*size])
		ws.y[i] = t.y[r]
	}

	n.forward(ws)
	loss = n.loss(ws)
	if !finite(loss) {
		return 0, t.diverged(loss)
	}
	n.backward(ws)

	if !t.opt.Step(n.p.flat, ws.grad.flat) { // keeps the last good weights
		return 0, t.diverged(loss)
	}
	return loss, nil
}

func (t *Trainer) diverged(loss float64) error {
	t.err = &DivergedError{Epoch: t.b.Epochs(), LearningRate: t.cfg.LearningRate, Loss: loss, Optimizer: t.cfg.Optimizer}
	return t.err
}

// Train trains n for the given number of epochs (at least 1) on the
// pictures X with labels y; see NewTrainer and Trainer.Epoch. After each
// epoch it calls progress, if not nil, with the epoch number (from 1) and
// the epoch's mean loss. progress runs in the caller's goroutine between
// epochs, so it may call n.Predict or n.Accuracy.
func Train(ctx context.Context, n *Network, X [][]float64, y []int, epochs int, cfg mlp.TrainConfig, rng *rand.Rand, progress func(epoch int, loss float64)) error {
	if epochs < 1 {
		return fmt.Errorf("cnn: epochs must be at least 1, got %d", epochs)
	}
	t, err := NewTrainer(n, X, y, cfg, rng)
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
