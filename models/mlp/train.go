package mlp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models/internal/enum"
	"github.com/aisandbox/aisandbox/models/optim"
)

// Optimizer is the rule that turns gradients into changes of the weights.
type Optimizer int

const (
	// Adam (Kingma & Ba 2015) keeps, for every weight, running averages of
	// its gradient (m) and of its squared gradient (v), and steps by
	// m/√v: about the learning rate in size, whatever the scale of the
	// gradient. It needs little tuning.
	Adam Optimizer = iota
	// SGD is plain stochastic gradient descent: every weight moves by the
	// learning rate times its gradient, against the gradient.
	SGD
)

// optimizerNames names the Optimizer values, for String, ParseOptimizer,
// MarshalText and UnmarshalText.
var optimizerNames = enum.Names[Optimizer]{
	Pkg: "mlp", Type: "Optimizer", What: "optimizer",
	Names: []string{Adam: "adam", SGD: "sgd"},
}

// String returns the optimiser's name: "adam" or "sgd".
func (o Optimizer) String() string { return optimizerNames.String(o) }

// ParseOptimizer returns the optimiser named s ("adam" or "sgd", in any case).
func ParseOptimizer(s string) (Optimizer, error) { return optimizerNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (o Optimizer) MarshalText() ([]byte, error) { return optimizerNames.Marshal(o) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseOptimizer.
func (o *Optimizer) UnmarshalText(text []byte) error { return optimizerNames.Unmarshal(text, o) }

func (o Optimizer) valid() bool { return optimizerNames.Valid(o) }

// defaultRate is the learning rate used when TrainConfig.LearningRate is 0.
// 0.01 for Adam is ten times the 0.001 of Kingma & Ba 2015: the tiny
// networks of a lesson train well with it in a couple of hundred epochs.
// 0.1 for SGD is TensorFlow Playground's usual setting.
func (o Optimizer) defaultRate() float64 {
	if o == SGD {
		return 0.1
	}
	return 0.01
}

// DefaultBatchSize is the number of rows per step when TrainConfig.BatchSize
// is 0: 32, the default batch size of Keras's Model.fit and a common choice
// for small data.
const DefaultBatchSize = 32

// TrainConfig sets how a network is trained. The zero value is Adam with
// learning rate 0.01 and batches of 32 rows.
type TrainConfig struct {
	// Optimizer is the update rule; the zero value is Adam.
	Optimizer Optimizer `json:"optimizer"`
	// LearningRate scales every step; it must be positive and finite.
	// Zero means 0.01 for Adam and 0.1 for SGD.
	LearningRate float64 `json:"learning_rate"`
	// BatchSize is the number of rows per step. Zero means 32; a size larger
	// than the data means one step per epoch over all the rows (full batch).
	BatchSize int `json:"batch_size"`
}

// withDefaults returns c with its zero fields replaced by their defaults,
// or an error if a field is invalid.
func (c TrainConfig) withDefaults() (TrainConfig, error) {
	if !c.Optimizer.valid() {
		return c, fmt.Errorf("mlp: unknown optimizer %d", int(c.Optimizer))
	}
	if math.IsNaN(c.LearningRate) || math.IsInf(c.LearningRate, 0) || c.LearningRate < 0 {
		return c, fmt.Errorf("mlp: the learning rate must be a positive number, got %v", c.LearningRate)
	}
	if c.LearningRate == 0 {
		c.LearningRate = c.Optimizer.defaultRate()
	}
	if c.BatchSize < 0 {
		return c, fmt.Errorf("mlp: the batch size must be positive, got %d", c.BatchSize)
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
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
	Optimizer Optimizer
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
	// the optimiser's default, which works for the lessons' data.
	try := min(e.LearningRate/10, e.Optimizer.defaultRate())
	return fmt.Sprintf("mlp: %s at epoch %d — the learning rate %g is too large; try %g or smaller",
		what, e.Epoch, e.LearningRate, try)
}

// Trainer owns the training state of one network: a copy of the data, the
// shuffled order of the rows, the optimiser's memory and every buffer a
// step needs. After the first epoch, Epoch and Step do not allocate (as long
// as a batch has fewer than 193 rows: gonum splits larger matrix products
// across goroutines, which allocates).
//
// A Trainer is not safe for concurrent use, and nothing else may use its
// network while Epoch or Step runs. Once training has diverged, every
// further call returns the same *DivergedError.
type Trainer struct {
	net *Network
	cfg TrainConfig // with defaults filled in

	x []float64 // the data, row after row (Inputs values each)
	y []int
	// targets holds a regressor's standardised targets instead of y.
	targets []float64
	// w holds each row's weight, scaled to a mean of 1; nil when every
	// row counts the same (see NewWeightedTrainer).
	w []float64
	// bw holds the weights of the batch being trained on, in its order.
	bw []float64

	b         *optim.Batches // the rows' shuffled order, epoch by epoch
	full      *workspace     // for steps of b.Size() rows
	remainder *workspace     // for the last, smaller step of an epoch; nil if none

	opt *optim.Guard // the update rule, undoing a step that overflows
	err error        // set once training has diverged
}

// NewTrainer prepares to train n on the rows of X with labels y. It checks
// the data and copies it, so the caller may change X and y afterwards. The
// rows are shuffled with rng before every epoch.
func NewTrainer(n *Network, X [][]float64, y []int, cfg TrainConfig, rng *rand.Rand) (*Trainer, error) {
	if n == nil {
		return nil, errors.New("mlp: nil network")
	}
	if rng == nil {
		return nil, errors.New("mlp: nil random source")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := n.checkData(X, y); err != nil {
		return nil, err
	}
	t := newTrainer(n, X, cfg, rng)
	t.y = append([]int(nil), y...)
	return t, nil
}

// NewWeightedTrainer is NewTrainer with a weight for every row: a row of
// weight 2 counts in the loss, and pulls on the gradient, as much as two
// copies of it would. It is how a model is trained to pay more attention
// to examples that are rare in the data, e.g. reweighting by group
// (Kamiran & Calders 2012).
//
// The weights must be finite, not negative, one per row, and not all zero.
// They are scaled to a mean of 1, so that the learning rate means the same
// as without weights: a batch's loss is (1/b)·Σᵢ wᵢ·lossᵢ over its b rows.
// Trained in one full batch, the network then follows exactly the steps it
// would take on the data with each row repeated in proportion to its
// weight. The weights are copied.
func NewWeightedTrainer(n *Network, X [][]float64, y []int, weights []float64, cfg TrainConfig, rng *rand.Rand) (*Trainer, error) {
	w, err := normalWeights(weights, len(X))
	if err != nil {
		return nil, err
	}
	t, err := NewTrainer(n, X, y, cfg, rng)
	if err != nil {
		return nil, err
	}
	t.w = w
	t.bw = make([]float64, t.b.Size())
	return t, nil
}

// normalWeights checks one weight per row and returns them scaled to a
// mean of 1.
func normalWeights(weights []float64, rows int) ([]float64, error) {
	if len(weights) != rows {
		return nil, fmt.Errorf("mlp: %d weights for %d rows", len(weights), rows)
	}
	var sum float64
	for i, v := range weights {
		if !finite(v) || v < 0 {
			return nil, fmt.Errorf("mlp: the weight of row %d is %v, want a finite number not below 0", i, v)
		}
		sum += v
	}
	if !(sum > 0) || !finite(sum) {
		return nil, fmt.Errorf("mlp: the weights add up to %v, want a positive finite sum", sum)
	}
	out := make([]float64, rows)
	scale := float64(rows) / sum
	for i, v := range weights {
		out[i] = v * scale
	}
	return out, nil
}

// newTrainer returns a Trainer for n on the rows of X, without labels or
// targets; the caller has checked the data and filled in cfg's defaults.
func newTrainer(n *Network, X [][]float64, cfg TrainConfig, rng *rand.Rand) *Trainer {
	rows, d := len(X), n.cfg.Inputs
	t := &Trainer{
		net: n,
		cfg: cfg,
		x:   make([]float64, 0, rows*d),
		b:   optim.NewBatches(rows, cfg.BatchSize, rng),
		opt: optim.New(optim.Settings{SGD: cfg.Optimizer == SGD, Rate: cfg.LearningRate}, n.NumParams()),
	}
	for _, row := range X {
		t.x = append(t.x, row...)
	}
	t.full = n.newWorkspace(t.b.Size(), true)
	if r := t.b.Remainder(); r != 0 {
		t.remainder = n.newWorkspace(r, true)
	}
	return t
}

// Epoch starts a new epoch, shuffling the rows, and takes one step per
// batch until every row has been used once. It returns the mean loss over
// the rows, each batch's loss measured before its step. It checks ctx
// between batches and stops with an error wrapping ctx.Err() when ctx is
// done; the network then keeps the weights of the last complete step. Rows
// left over from an epoch begun by Step are skipped.
func (t *Trainer) Epoch(ctx context.Context) (meanLoss float64, err error) {
	if t.err != nil {
		return 0, t.err
	}
	return t.b.Epoch(ctx, t.step, epochStopped)
}

// epochStopped is the error of an Epoch that ctx stopped.
func epochStopped(epoch, done, total int, err error) error {
	return fmt.Errorf("mlp: epoch %d stopped after %d of %d rows: %w", epoch, done, total, err)
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

// step trains on the batch of the rows idx.
func (t *Trainer) step(idx []int) (float64, error) {
	n := t.net
	rows := len(idx)
	ws := t.full
	if rows < t.b.Size() {
		ws = t.remainder
	}
	// Gather the batch's rows and labels (or targets) in this epoch's order.
	d := n.cfg.Inputs
	for i, r := range idx {
		copy(ws.in[0].RawRowView(i), t.x[r*d:(r+1)*d])
		if n.regression {
			ws.target[i] = t.targets[r]
		} else {
			ws.y[i] = t.y[r]
		}
		if t.w != nil {
			t.bw[i] = t.w[r]
		}
	}

	n.forward(ws)
	var loss float64
	if t.w == nil {
		loss = n.loss(ws)
	} else {
		loss = n.weightedLoss(ws, t.bw[:rows])
	}
	if !finite(loss) {
		return 0, t.diverged(loss)
	}
	if t.w == nil {
		n.backward(ws)
	} else {
		n.weightedBackward(ws, t.bw[:rows])
	}

	if !t.opt.Step(n.p.flat, ws.grad.flat) { // keeps the last good weights
		return 0, t.diverged(loss)
	}
	return loss, nil
}

// weightedLoss returns the batch's weighted mean loss after forward,
// (1/b)·Σᵢ wᵢ·lossᵢ, with lossᵢ = lse_i − z_{i,y} for a classifier and
// (zᵢ − tᵢ)² for a regressor, as in Network.loss.
func (n *Network) weightedLoss(ws *workspace, w []float64) float64 {
	out := ws.z[len(ws.z)-1]
	var sum float64
	for i := range ws.rows {
		var l float64
		if n.regression {
			d := out.At(i, 0) - ws.target[i]
			l = d * d
		} else {
			l = ws.lse[i] - out.At(i, ws.y[i])
		}
		sum += w[i] * l
	}
	return sum / float64(ws.rows)
}

// weightedBackward is backward for the weighted loss: row i's term of the
// mean is multiplied by wᵢ, so by the chain rule its gradient with respect
// to the last layer's z is the unweighted one times wᵢ; from there backprop
// goes on as usual.
func (n *Network) weightedBackward(ws *workspace, w []float64) {
	if n.regression {
		squaredErrorGradient(ws)
	} else {
		softmaxCrossEntropyGradient(ws)
	}
	dz := ws.dz[len(ws.dz)-1]
	for i := range ws.rows {
		row := dz.RawRowView(i)
		for k := range row {
			row[k] *= w[i]
		}
	}
	n.backprop(ws)
}

func (t *Trainer) diverged(loss float64) error {
	t.err = &DivergedError{Epoch: t.b.Epochs(), LearningRate: t.cfg.LearningRate, Loss: loss, Optimizer: t.cfg.Optimizer}
	return t.err
}

// Train trains n for the given number of epochs (at least 1) on the rows of
// X with labels y; see NewTrainer and Trainer.Epoch. After each epoch it
// calls progress, if not nil, with the epoch number (from 1) and the
// epoch's mean loss. progress runs in the caller's goroutine between
// epochs, so it may call n.Predict or n.Accuracy.
func Train(ctx context.Context, n *Network, X [][]float64, y []int, epochs int, cfg TrainConfig, rng *rand.Rand, progress func(epoch int, loss float64)) error {
	if epochs < 1 {
		return fmt.Errorf("mlp: epochs must be at least 1, got %d", epochs)
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
