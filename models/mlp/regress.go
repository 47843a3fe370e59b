package mlp

// This file is the regression half of the package: Regressor, its trainer,
// and the squared-error loss it plugs into forward and backward.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/models"
)

// RegressorConfig describes the shape of a Regressor. The zero value is not
// usable: Inputs must be set.
type RegressorConfig struct {
	// Inputs is the number of input features, at least 1. No default.
	Inputs int `json:"inputs"`
	// Hidden holds the width of each hidden layer, from the input side;
	// each must be at least 1. Empty (the zero value) means no hidden
	// layer: the network is then linear regression, ŷ = x·w + b.
	Hidden []int `json:"hidden"`
	// Activation is applied after every hidden layer. The zero value is ReLU.
	Activation Activation `json:"activation"`
}

// Regressor is a multilayer perceptron that predicts one number for each
// row of inputs, such as a height from a time: regression instead of
// classification. It is the same stack of layers as the classifier, with two
// changes at the end:
//
//  1. the last layer has a single unit and no softmax: its weighted sum z
//     is the prediction itself (a "linear output");
//  2. the loss is the mean squared error (1/n)·Σ (ŷᵢ − yᵢ)² instead of
//     cross-entropy.
//
// Everything else, the hidden layers, backpropagation through them and the
// optimisers, is shared with the classifier.
//
// Targets are standardised inside: the first RegressionTrainer measures the
// mean μ and standard deviation σ of its targets y, the network learns to
// output (y − μ)/σ, and PredictValues returns μ + σ·z in the original units
// of y. Targets in metres, joules or millions then all look alike to the
// network, so the default learning rate suits them all, and a loss of 1
// means "no better than always predicting the mean". The inputs are used as
// given, as for the classifier: standardise inputs of very different
// scales first.
//
// A lesson for physics: a network only knows the range it was trained on.
// Outside it, a tanh network levels off (every tanh unit saturates) and a
// ReLU network continues in straight lines, whatever the true curve does.
//
// Its methods may be called from several goroutines at once, except while
// a RegressionTrainer is changing its weights or SetLayers is running.
type Regressor struct {
	net *Network // regression: one linear output, squared error
	// The network's output z stands for the target mean + scale·z. Both are
	// set by the first RegressionTrainer (scaled then becomes true); until
	// then they are 0 and 1.
	mean, scale float64
	scaled      bool
}

// NewRegressor returns a regressor of the given shape with freshly drawn
// weights and zero biases, all drawn from rng, initialised as New describes
// (the output layer is a Glorot-initialised layer with one unit).
func NewRegressor(cfg RegressorConfig, rng *rand.Rand) (*Regressor, error) {
	if rng == nil {
		return nil, errors.New("mlp: nil random source")
	}
	net, err := newNetwork(cfg.network(), true, rng)
	if err != nil {
		return nil, err
	}
	return &Regressor{net: net, scale: 1}, nil
}

// network returns the Config of the network inside a regressor of shape c.
func (c RegressorConfig) network() Config {
	return Config{Inputs: c.Inputs, Hidden: append([]int(nil), c.Hidden...), Classes: 1, Activation: c.Activation}
}

// Config returns the regressor's shape. The Hidden slice is a copy.
func (r *Regressor) Config() RegressorConfig {
	c := r.net.Config()
	return RegressorConfig{Inputs: c.Inputs, Hidden: c.Hidden, Activation: c.Activation}
}

// NumParams returns the number of learnable numbers: every weight and bias.
func (r *Regressor) NumParams() int { return r.net.NumParams() }

// Layers returns copies of the weights and biases of every layer, from the
// input side; the last layer has one output. They work on standardised
// targets: the network's output z means TargetScale's mean + scale·z.
func (r *Regressor) Layers() []Layer { return r.net.Layers() }

// SetLayers replaces the regressor's weights and biases with copies of
// those in layers, which must match the shape Layers returns and hold only
// finite numbers.
func (r *Regressor) SetLayers(layers []Layer) error { return r.net.SetLayers(layers) }

// TargetScale returns the mean and standard deviation of the targets the
// regressor was first trained on (in the units of the targets): predictions
// are mean + scale·z, where z is the network's output. Before any training
// they are 0 and 1. When the targets were all equal, scale is 1.
func (r *Regressor) TargetScale() (mean, scale float64) { return r.mean, r.scale }

// PredictValues returns the regressor's prediction for each row of X, in
// the units of the training targets. It returns nil if a row does not have
// Config().Inputs values. A row holding NaN gets NaN.
func (r *Regressor) PredictValues(X [][]float64) []float64 {
	n := r.net
	for _, row := range X {
		if len(row) != n.cfg.Inputs {
			return nil
		}
	}
	out := make([]float64, len(X))
	var ws *workspace
	for start := 0; start < len(X); start += predictChunk {
		rows := min(predictChunk, len(X)-start)
		if ws == nil || ws.rows != rows {
			ws = n.newWorkspace(rows, false)
		}
		for i, row := range X[start : start+rows] {
			copy(ws.in[0].RawRowView(i), row)
		}
		n.forward(ws)
		z := ws.z[len(ws.z)-1]
		for i := range rows {
			out[start+i] = r.mean + r.scale*z.At(i, 0)
		}
	}
	return out
}

// squaredError returns the batch's mean squared error after forward,
// L = (1/n)·Σᵢ (zᵢ − tᵢ)², between the outputs z and the standardised
// targets t.
func squaredError(ws *workspace) float64 {
	out := ws.z[len(ws.z)-1]
	var sum float64
	for i, t := range ws.target {
		d := out.At(i, 0) - t
		sum += d * d
	}
	return sum / float64(ws.rows)
}

// squaredErrorGradient fills ws.dz of the last layer with ∂L/∂z for the
// squared error L = (1/n)·Σᵢ (zᵢ − tᵢ)².
//
// Only the i-th term of the sum contains zᵢ, and d/dz (z − t)² = 2·(z − t),
// so ∂L/∂zᵢ = 2·(zᵢ − tᵢ)/n. The output has no activation, so zᵢ is the
// prediction ŷᵢ itself: the gradient is (ŷ − y)·2/n, prediction minus target
// as for the classifier's p − onehot(y), with the factor 2 of the square.
// From here backprop walks back through the hidden layers exactly as for
// the classifier.
func squaredErrorGradient(ws *workspace) {
	last := len(ws.z) - 1
	out, dz := ws.z[last], ws.dz[last]
	n := float64(ws.rows)
	for i, t := range ws.target {
		dz.Set(i, 0, 2*(out.At(i, 0)-t)/n)
	}
}

// LossAndGradients returns the mean squared error of the regressor over
// the rows of X with targets y, measured on standardised targets
// ((y − mean)/scale with TargetScale's mean and scale, so that it matches
// RegressionTrainer's losses), and its gradient with respect to every
// layer's weights and biases (in the same shapes as Layers). It does not
// change the regressor.
func (r *Regressor) LossAndGradients(X [][]float64, y []float64) (loss float64, grads []Layer, err error) {
	if err := r.checkData(X, y); err != nil {
		return 0, nil, err
	}
	ws := r.net.newWorkspace(len(X), true)
	for i, row := range X {
		copy(ws.in[0].RawRowView(i), row)
		ws.target[i] = (y[i] - r.mean) / r.scale
	}
	r.net.forward(ws)
	loss = r.net.loss(ws)
	r.net.backward(ws)
	return loss, layersOf(ws.grad), nil
}

// checkData reports the first problem that makes X and y unusable for
// training or a loss: no rows, a length mismatch, a row of the wrong width,
// or a value that is NaN or infinite.
func (r *Regressor) checkData(X [][]float64, y []float64) error {
	if len(X) == 0 {
		return errors.New("mlp: no rows of data")
	}
	if len(X) != len(y) {
		return fmt.Errorf("mlp: %d rows but %d targets", len(X), len(y))
	}
	for i, row := range X {
		if len(row) != r.net.cfg.Inputs {
			return fmt.Errorf("mlp: row %d has %d values, want %d", i, len(row), r.net.cfg.Inputs)
		}
		for j, v := range row {
			if !finite(v) {
				return fmt.Errorf("mlp: row %d, column %d is %v", i, j, v)
			}
		}
		if !finite(y[i]) {
			return fmt.Errorf("mlp: target %d is %v", i, y[i])
		}
	}
	return nil
}

// meanAndSpread returns the mean and the (population) standard deviation
// of y, or 1 for the latter if every value is the same.
func meanAndSpread(y []float64) (mean, spread float64, err error) {
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ss float64
	for _, v := range y {
		ss += (v - mean) * (v - mean)
	}
	spread = math.Sqrt(ss / float64(len(y)))
	if !finite(mean) || !finite(spread) {
		return 0, 0, errors.New("mlp: the targets are too large to standardise (their mean or spread overflows)")
	}
	if spread == 0 {
		spread = 1
	}
	return mean, spread, nil
}

// RegressionTrainer trains a Regressor by minimising the mean squared
// error, batch by batch, like Trainer: shuffled rows, Adam or SGD, and a
// *DivergedError if the loss or a weight stops being finite. After the first
// epoch, Epoch and Step do not allocate (for batches below 193 rows, as for
// Trainer).
//
// Its losses are measured on standardised targets (y − μ)/σ, with μ and σ
// from Regressor.TargetScale: they are the mean squared error divided by
// σ², so multiply by σ² for the error in the units of y squared. When the
// scale came from these same targets (the first trainer of a regressor), a
// loss of 1 is no better than always predicting their mean, 0 is perfect,
// and 1 − loss is R² on the training data.
//
// A RegressionTrainer is not safe for concurrent use, and nothing else may
// use its regressor while Epoch or Step runs.
type RegressionTrainer struct {
	t *Trainer
}

// NewRegressionTrainer prepares to train r on the rows of X with targets y.
// It checks the data and copies it, so the caller may change X and y
// afterwards. The rows are shuffled with rng before every epoch.
//
// If r has never been trained, the mean and standard deviation of y become
// its target scale (see TargetScale); a regressor trained before keeps its
// scale, so that its weights keep their meaning.
func NewRegressionTrainer(r *Regressor, X [][]float64, y []float64, cfg TrainConfig, rng *rand.Rand) (*RegressionTrainer, error) {
	if r == nil {
		return nil, errors.New("mlp: nil regressor")
	}
	if rng == nil {
		return nil, errors.New("mlp: nil random source")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := r.checkData(X, y); err != nil {
		return nil, err
	}
	if !r.scaled {
		mean, scale, err := meanAndSpread(y)
		if err != nil {
			return nil, err
		}
		r.mean, r.scale, r.scaled = mean, scale, true
	}
	t := newTrainer(r.net, X, cfg, rng)
	t.targets = make([]float64, len(y))
	for i, v := range y {
		t.targets[i] = (v - r.mean) / r.scale
	}
	return &RegressionTrainer{t: t}, nil
}

// NewWeightedRegressionTrainer is NewRegressionTrainer with a weight for
// every row, with the rules of NewWeightedTrainer: finite, not negative,
// not all zero, scaled to a mean of 1, and a row of weight 2 counting as
// two copies of it. The target scale of a new regressor is still the plain
// mean and standard deviation of y.
func NewWeightedRegressionTrainer(r *Regressor, X [][]float64, y, weights []float64, cfg TrainConfig, rng *rand.Rand) (*RegressionTrainer, error) {
	w, err := normalWeights(weights, len(X))
	if err != nil {
		return nil, err
	}
	rt, err := NewRegressionTrainer(r, X, y, cfg, rng)
	if err != nil {
		return nil, err
	}
	rt.t.w = w
	rt.t.bw = make([]float64, rt.t.b.Size())
	return rt, nil
}

// Epoch starts a new epoch, shuffling the rows, and takes one step per
// batch until every row has been used once. It returns the mean loss (on
// standardised targets) over the rows, each batch's loss measured before its
// step. It checks ctx between batches and stops with an error wrapping
// ctx.Err() when ctx is done. See Trainer.Epoch.
func (rt *RegressionTrainer) Epoch(ctx context.Context) (meanLoss float64, err error) {
	return rt.t.Epoch(ctx)
}

// Step takes one training step on the next batch and returns the batch's
// mean loss (on standardised targets) before the step. See Trainer.Step.
func (rt *RegressionTrainer) Step() (loss float64, err error) {
	return rt.t.Step()
}

// TrainRegressor trains r for the given number of epochs (at least 1) on
// the rows of X with targets y; see NewRegressionTrainer and
// RegressionTrainer.Epoch. After each epoch it calls progress, if not nil,
// with the epoch number (from 1) and the epoch's mean loss on standardised
// targets. progress runs in the caller's goroutine between epochs, so it
// may call r.PredictValues.
func TrainRegressor(ctx context.Context, r *Regressor, X [][]float64, y []float64, epochs int, cfg TrainConfig, rng *rand.Rand, progress func(epoch int, loss float64)) error {
	if epochs < 1 {
		return fmt.Errorf("mlp: epochs must be at least 1, got %d", epochs)
	}
	t, err := NewRegressionTrainer(r, X, y, cfg, rng)
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

// RegressorKind is the model kind of a Regressor in Describe and in saved
// files.
const RegressorKind = "mlp-regressor"

// regressorFormat is the version of the saved form written by
// Regressor.Save.
const regressorFormat = 1

// Describe reports the regressor's kind ("mlp-regressor"), its settings
// (inputs, hidden widths, activation, and the target scale) and its number
// of weights and biases.
func (r *Regressor) Describe() models.Description {
	c := r.Config()
	if c.Hidden == nil {
		c.Hidden = []int{}
	}
	return models.Description{
		Kind: RegressorKind,
		Settings: map[string]any{
			"inputs":       c.Inputs,
			"hidden":       c.Hidden,
			"activation":   c.Activation.String(),
			"target_mean":  r.mean,
			"target_scale": r.scale,
		},
		Parameters: r.NumParams(),
	}
}

// savedRegressor is the JSON form of a Regressor.
type savedRegressor struct {
	Config RegressorConfig `json:"config"`
	// Params holds every weight and bias, layer after layer: each layer's
	// weight matrix row by row, then its biases.
	Params      []float64 `json:"parameters"`
	TargetMean  float64   `json:"target_mean"`
	TargetScale float64   `json:"target_scale"`
	Scaled      bool      `json:"scaled"`
}

// Save writes the regressor to w as a versioned JSON document (see
// models.Save). LoadRegressor reads it back.
func (r *Regressor) Save(w io.Writer) error {
	if err := models.Save(w, RegressorKind, regressorFormat, savedRegressor{
		Config: r.Config(), Params: r.net.p.flat,
		TargetMean: r.mean, TargetScale: r.scale, Scaled: r.scaled,
	}); err != nil {
		return fmt.Errorf("mlp: %w", err)
	}
	return nil
}

// LoadRegressor reads a regressor written by Regressor.Save. It refuses
// files of another kind or of an unknown format version (the error then
// wraps models.ErrVersion), and regressors whose numbers do not fit their
// shape.
func LoadRegressor(rd io.Reader) (*Regressor, error) {
	var s savedRegressor
	if _, err := models.Load(rd, RegressorKind, regressorFormat, &s); err != nil {
		return nil, fmt.Errorf("mlp: %w", err)
	}
	net, err := newNetwork(s.Config.network(), true, nil)
	if err != nil {
		return nil, err
	}
	if len(s.Params) != net.NumParams() {
		return nil, fmt.Errorf("mlp: the saved regressor has %d weights and biases, its shape needs %d", len(s.Params), net.NumParams())
	}
	if !(s.TargetScale > 0) || !finite(s.TargetScale) {
		return nil, fmt.Errorf("mlp: the saved regressor's target scale is %v", s.TargetScale)
	}
	copy(net.p.flat, s.Params)
	return &Regressor{net: net, mean: s.TargetMean, scale: s.TargetScale, scaled: s.Scaled}, nil
}
