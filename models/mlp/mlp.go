// Package mlp is a multilayer perceptron classifier, written out step by step
// so that it can be read as a lesson.
//
// # What the network computes
//
// A multilayer perceptron (MLP) turns one row of numbers, the features of an
// example, into one probability for each class. It is a stack of layers.
// Every layer does the same three things to the numbers it receives:
//
//  1. multiply them by a weight matrix W (each output is a weighted sum of
//     all the inputs),
//  2. add a bias b (one number per output, so an output can be non-zero
//     even when every input is zero),
//  3. pass each result through an activation function f, such as ReLU
//     (negative numbers become 0). Without this bend the whole stack would
//     collapse into one big weighted sum and could only draw straight lines.
//
// The last layer skips step 3. Its outputs, called logits, become
// probabilities through softmax: p_k = exp(z_k) / Σ_j exp(z_j). Each p_k is
// between 0 and 1 and they add up to 1. The predicted class is the one with
// the largest probability.
//
// # How it learns
//
// The loss measures how wrong the network is on a row: the cross-entropy
// −log p_y, where y is the true class. It is 0 when the network gives the
// true class probability 1 and grows without limit as that probability
// falls to 0. Training lowers the mean loss over the rows by gradient
// descent:
//
//  1. forward pass: compute every layer's outputs for a small batch of rows,
//     and the loss;
//  2. backward pass (backpropagation): use the chain rule to find, for every
//     weight and bias, how much the loss would change if that number were
//     nudged up a little (its gradient), starting at the loss and walking
//     back through the layers;
//  3. update: move every number a small step against its gradient (plain
//     SGD), or use Adam, which scales each step by running averages of the
//     gradients so that every weight gets a sensibly sized step.
//
// One pass over all the training rows in batches is an epoch. Rows are
// shuffled before every epoch so that the batches differ each time.
//
// With no hidden layers the network is a single weighted sum followed by
// softmax: that is softmax regression, also called multinomial logistic
// regression. With two classes it is ordinary logistic regression (the
// softmax of two logits is the sigmoid of their difference). AI Sandbox
// offers it as the "logistic" model: New(Config{Inputs: d, Classes: k}).
// Its decision boundaries are straight lines, so it can separate two blobs
// but not XOR, where each class sits in two opposite corners. One hidden
// layer is enough to bend the boundary around them.
//
// # Simplifications
//
//   - float64 on the CPU with gonum matrices; no GPU, no float32.
//   - A classifier's output is always softmax with cross-entropy. The
//     Regressor (regress.go) is the same network with one linear output and
//     squared error, for predicting a number.
//   - No regularisation (weight decay, dropout), no early stopping, no
//     learning-rate schedule, no gradient clipping.
//   - Inputs are used as given: standardise features of very different
//     scales before training.
//   - The derivative of ReLU at exactly 0 is taken to be 0.
//   - The last batch of an epoch is smaller when the batch size does not
//     divide the number of rows; it is used as it is.
package mlp

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/aisandbox/aisandbox/models/internal/enum"
)

// Activation is the function a hidden layer applies to each of its outputs.
type Activation int

const (
	// ReLU is max(0, z): cheap, and its gradient does not fade for large z.
	ReLU Activation = iota
	// Tanh is the hyperbolic tangent, an S-shaped curve from -1 to 1.
	Tanh
	// Sigmoid is 1/(1+e^−z), an S-shaped curve from 0 to 1.
	Sigmoid
)

// activationNames names the Activation values, for String, ParseActivation,
// MarshalText, UnmarshalText and valid.
var activationNames = enum.Names[Activation]{
	Pkg: "mlp", Type: "Activation", What: "activation",
	Names: []string{ReLU: "relu", Tanh: "tanh", Sigmoid: "sigmoid"},
}

// String returns the activation's name: "relu", "tanh" or "sigmoid".
func (a Activation) String() string { return activationNames.String(a) }

// ParseActivation returns the activation named s ("relu", "tanh" or
// "sigmoid", in any case).
func ParseActivation(s string) (Activation, error) { return activationNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (a Activation) MarshalText() ([]byte, error) { return activationNames.Marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler with ParseActivation.
func (a *Activation) UnmarshalText(text []byte) error { return activationNames.Unmarshal(text, a) }

func (a Activation) valid() bool { return activationNames.Valid(a) }

// apply returns f(z).
func (a Activation) apply(z float64) float64 {
	switch a {
	case Tanh:
		return math.Tanh(z)
	case Sigmoid:
		// Two forms of the same function, so that exp never overflows:
		// for z ≥ 0, 1/(1+e^−z); for z < 0, multiply top and bottom by e^z.
		if z >= 0 {
			return 1 / (1 + math.Exp(-z))
		}
		e := math.Exp(z)
		return e / (1 + e)
	default:
		return max(z, 0)
	}
}

// slope returns f'(z), given both z and the already computed a = f(z).
func (a Activation) slope(z, fz float64) float64 {
	switch a {
	case Tanh:
		// d/dz tanh z = 1 − tanh² z.
		return 1 - fz*fz
	case Sigmoid:
		// d/dz σ(z) = e^−z/(1+e^−z)² = σ(z)·(1 − σ(z)).
		return fz * (1 - fz)
	default:
		// ReLU is the line z for z > 0 (slope 1) and the constant 0 below
		// (slope 0). At z = 0 exactly it has no slope; we use 0.
		if z > 0 {
			return 1
		}
		return 0
	}
}

// MaxParams is the largest number of weights and biases New accepts: a
// million float64s is 8 MB, about 40 MB once training adds the gradient,
// Adam's two running averages and a backup copy. That is far more than any
// lesson needs (a 784-128-10 digit classifier has 101,770) and small enough
// that one student's setting cannot exhaust the school server's memory.
const MaxParams = 1_000_000

// Config describes the shape of a network. The zero value is not usable:
// Inputs and Classes must be set.
type Config struct {
	// Inputs is the number of input features, at least 1. No default.
	Inputs int `json:"inputs"`
	// Hidden holds the width (number of units) of each hidden layer, from
	// the input side; each must be at least 1. Empty (the zero value) means
	// no hidden layer: softmax regression, the "logistic" model.
	Hidden []int `json:"hidden"`
	// Classes is the number of classes, at least 2. No default.
	Classes int `json:"classes"`
	// Activation is applied after every hidden layer. The zero value is ReLU.
	// It is not used when Hidden is empty.
	Activation Activation `json:"activation"`
}

// Layer holds the learnable numbers of one layer: it maps In inputs to Out
// outputs as out = in·W + B.
type Layer struct {
	// W is the In×Out weight matrix: W.At(i, j) is the weight from input i to
	// output j.
	W *mat.Dense
	// B holds the Out biases, one per output.
	B []float64
}

// params holds every learnable number of a network (or a gradient of the
// same shape) in one flat slice, with each layer's W and b as views into it.
// Keeping them together lets the optimiser update them all in one loop.
type params struct {
	flat []float64
	w    []*mat.Dense // w[l] is sizes[l]×sizes[l+1]
	b    [][]float64  // b[l] has sizes[l+1] entries
}

func newParams(sizes []int) params {
	total := 0
	for l := range len(sizes) - 1 {
		total += sizes[l]*sizes[l+1] + sizes[l+1]
	}
	p := params{flat: make([]float64, total)}
	off := 0
	for l := range len(sizes) - 1 {
		in, out := sizes[l], sizes[l+1]
		p.w = append(p.w, mat.NewDense(in, out, p.flat[off:off+in*out:off+in*out]))
		off += in * out
		p.b = append(p.b, p.flat[off:off+out:off+out])
		off += out
	}
	return p
}

// Network is a multilayer perceptron. Its methods may be called from several
// goroutines at once, except while a Trainer is changing its weights or
// SetLayers is running.
type Network struct {
	cfg   Config
	sizes []int // sizes[0] = Inputs, then the hidden widths, last = Classes
	p     params
	wT    []mat.Matrix // wT[l] = p.w[l].T(), made once so that training does not allocate
	// regression marks the network inside a Regressor: one linear output
	// (cfg.Classes is 1) and squared error instead of softmax and
	// cross-entropy; see regress.go.
	regression bool
}

// New returns a network of the given shape with freshly drawn weights and
// zero biases, all drawn from rng.
//
// Hidden layers with ReLU use He initialisation (He et al. 2015): weights
// from a normal distribution with variance 2/fanIn, where fanIn is the
// layer's number of inputs. ReLU zeroes about half its inputs, and the
// factor 2 makes up for that, so the size of the signal stays about the
// same from layer to layer. Hidden layers with tanh or sigmoid, and the
// output layer, use Glorot (Xavier) initialisation (Glorot & Bengio 2010):
// uniform on ±√(6/(fanIn+fanOut)), which keeps the size of both the signal
// going forward and the gradient going back steady for activations that are
// roughly linear near zero. Random weights matter: if all were equal, every
// unit of a layer would compute the same thing and learn the same thing.
func New(cfg Config, rng *rand.Rand) (*Network, error) {
	if rng == nil {
		return nil, errors.New("mlp: nil random source")
	}
	return newNetwork(cfg, false, rng)
}

// newNetwork checks cfg and returns a network of that shape, a classifier
// or (if regression) a regressor with cfg.Classes = 1 outputs. Its weights
// are drawn from rng as New describes, or left 0 if rng is nil (for a
// network about to be loaded).
func newNetwork(cfg Config, regression bool, rng *rand.Rand) (*Network, error) {
	if cfg.Inputs < 1 {
		return nil, fmt.Errorf("mlp: inputs must be at least 1, got %d", cfg.Inputs)
	}
	if !regression && cfg.Classes < 2 {
		return nil, fmt.Errorf("mlp: classes must be at least 2, got %d", cfg.Classes)
	}
	if !cfg.Activation.valid() {
		return nil, fmt.Errorf("mlp: unknown activation %d", int(cfg.Activation))
	}
	sizes := []int{cfg.Inputs}
	for i, h := range cfg.Hidden {
		if h < 1 {
			return nil, fmt.Errorf("mlp: hidden layer %d must have at least 1 unit, got %d", i+1, h)
		}
		sizes = append(sizes, h)
	}
	sizes = append(sizes, cfg.Classes)
	// Count in float64 so that absurd widths cannot overflow int.
	var count float64
	for l := range len(sizes) - 1 {
		count += float64(sizes[l])*float64(sizes[l+1]) + float64(sizes[l+1])
	}
	if count > MaxParams {
		return nil, fmt.Errorf("mlp: the network would have %.0f weights and biases, more than the limit of %d", count, MaxParams)
	}

	cfg.Hidden = append([]int(nil), cfg.Hidden...)
	n := &Network{cfg: cfg, sizes: sizes, p: newParams(sizes), regression: regression}
	for l, w := range n.p.w {
		n.wT = append(n.wT, w.T())
		if rng == nil {
			continue
		}
		fanIn, fanOut := sizes[l], sizes[l+1]
		raw := w.RawMatrix().Data
		hidden := l < len(n.p.w)-1
		if hidden && cfg.Activation == ReLU {
			sd := math.Sqrt(2 / float64(fanIn))
			for i := range raw {
				raw[i] = sd * rng.NormFloat64()
			}
		} else {
			limit := math.Sqrt(6 / float64(fanIn+fanOut))
			for i := range raw {
				raw[i] = limit * (2*rng.Float64() - 1)
			}
		}
		// The biases stay 0: the random weights already make units differ.
	}
	return n, nil
}

// Config returns the network's shape. The Hidden slice is a copy.
func (n *Network) Config() Config {
	c := n.cfg
	c.Hidden = append([]int(nil), n.cfg.Hidden...)
	return c
}

// NumParams returns the number of learnable numbers: every weight and bias.
func (n *Network) NumParams() int { return len(n.p.flat) }

// Layers returns copies of the weights and biases of every layer, from the
// input side. Changing them does not change the network; use SetLayers.
func (n *Network) Layers() []Layer {
	return layersOf(n.p)
}

func layersOf(p params) []Layer {
	out := make([]Layer, len(p.w))
	for l := range p.w {
		out[l] = Layer{W: mat.DenseCopyOf(p.w[l]), B: append([]float64(nil), p.b[l]...)}
	}
	return out
}

// SetLayers replaces the network's weights and biases with copies of those
// in layers, which must match the shape Layers returns and hold only finite
// numbers. It lets a lesson set weights by hand, and tests perturb them.
func (n *Network) SetLayers(layers []Layer) error {
	if len(layers) != len(n.p.w) {
		return fmt.Errorf("mlp: got %d layers, the network has %d", len(layers), len(n.p.w))
	}
	for l, layer := range layers {
		in, out := n.sizes[l], n.sizes[l+1]
		if layer.W == nil {
			return fmt.Errorf("mlp: layer %d has no weight matrix", l+1)
		}
		if r, c := layer.W.Dims(); r != in || c != out {
			return fmt.Errorf("mlp: layer %d weights are %d×%d, want %d×%d", l+1, r, c, in, out)
		}
		if len(layer.B) != out {
			return fmt.Errorf("mlp: layer %d has %d biases, want %d", l+1, len(layer.B), out)
		}
		for i := range in {
			for j := range out {
				if v := layer.W.At(i, j); !finite(v) {
					return fmt.Errorf("mlp: layer %d weight (%d, %d) is %v", l+1, i, j, v)
				}
			}
		}
		for j, v := range layer.B {
			if !finite(v) {
				return fmt.Errorf("mlp: layer %d bias %d is %v", l+1, j, v)
			}
		}
	}
	for l, layer := range layers {
		n.p.w[l].Copy(layer.W)
		copy(n.p.b[l], layer.B)
	}
	return nil
}

// workspace holds every intermediate matrix of a forward and backward pass
// over a batch of a fixed number of rows. A Trainer makes its workspaces
// once, so that its steps do not allocate.
type workspace struct {
	rows int
	// in[l] is the input of layer l: in[0] holds the batch's rows and
	// in[l] for l ≥ 1 is the activation of hidden layer l. inT[l] = in[l].T().
	in  []*mat.Dense
	inT []mat.Matrix
	// z[l] is layer l's weighted sum in[l]·W + b, before the activation;
	// the last one holds the logits.
	z []*mat.Dense
	// prob holds the softmax of the logits, one row per batch row, and lse
	// each row's log Σ_k exp(z_k) (see softmax).
	prob *mat.Dense
	lse  []float64
	// y holds the batch's labels; nil when predicting. A regressor's
	// workspace holds target instead: the batch's standardised targets.
	y      []int
	target []float64
	// dz[l] = ∂loss/∂z[l], and grad holds ∂loss/∂W and ∂loss/∂b of every
	// layer; both nil when predicting.
	dz   []*mat.Dense
	grad params
}

func (n *Network) newWorkspace(rows int, training bool) *workspace {
	L := len(n.p.w)
	ws := &workspace{rows: rows}
	for l := range L {
		in := mat.NewDense(rows, n.sizes[l], nil)
		ws.in = append(ws.in, in)
		ws.inT = append(ws.inT, in.T())
		ws.z = append(ws.z, mat.NewDense(rows, n.sizes[l+1], nil))
	}
	if !n.regression {
		ws.prob = mat.NewDense(rows, n.sizes[L], nil)
		ws.lse = make([]float64, rows)
	}
	if training {
		if n.regression {
			ws.target = make([]float64, rows)
		} else {
			ws.y = make([]int, rows)
		}
		for l := range L {
			ws.dz = append(ws.dz, mat.NewDense(rows, n.sizes[l+1], nil))
		}
		ws.grad = newParams(n.sizes)
	}
	return ws
}

// forward runs the batch held in ws.in[0] through the network, filling
// ws.z, the hidden activations ws.in[1:], ws.prob and ws.lse. A regressor
// has no softmax: its output is the last z itself.
func (n *Network) forward(ws *workspace) {
	last := len(n.p.w) - 1
	for l, w := range n.p.w {
		z := ws.z[l]
		// z = in·W: entry (i, j) is Σ_k in[i,k]·W[k,j], the weighted sum
		// of row i's inputs for unit j. One matrix product does the whole
		// batch.
		z.Mul(ws.in[l], w)
		// z += b, the same bias for every row.
		b := n.p.b[l]
		for i := range ws.rows {
			row := z.RawRowView(i)
			for j := range row {
				row[j] += b[j]
			}
		}
		if l == last {
			if !n.regression {
				softmax(z, ws.prob, ws.lse)
			}
			return
		}
		// The next layer's input is f(z), element by element.
		a := ws.in[l+1].RawMatrix().Data
		for i, v := range z.RawMatrix().Data {
			a[i] = n.cfg.Activation.apply(v)
		}
	}
}

// softmax writes each row's softmax of the logits z into prob, and each
// row's log Σ_k exp(z_k) into lse.
//
// exp(1000) overflows a float64, so we use the identity
// log Σ_k exp(z_k) = m + log Σ_k exp(z_k − m), with m the row's largest
// logit: every exp(z_k − m) is at most 1, and at least one equals 1, so the
// sum neither overflows nor becomes 0.
func softmax(z, prob *mat.Dense, lse []float64) {
	rows, _ := z.Dims()
	for i := range rows {
		zi, pi := z.RawRowView(i), prob.RawRowView(i)
		m := math.Inf(-1)
		for _, v := range zi {
			m = max(m, v)
		}
		var sum float64
		for k, v := range zi {
			e := math.Exp(v - m)
			pi[k] = e
			sum += e
		}
		for k := range pi {
			pi[k] /= sum
		}
		lse[i] = m + math.Log(sum)
	}
}

// loss returns the mean cross-entropy of the batch after forward.
//
// For row i with true class y, −log p_y = −log(exp(z_y)/Σ_k exp(z_k))
// = log Σ_k exp(z_k) − z_y = lse_i − z_y. Computing it this way, rather
// than taking the log of a probability that may have rounded to 0, keeps it
// finite even for very confident wrong answers.
func (n *Network) loss(ws *workspace) float64 {
	if n.regression {
		return squaredError(ws)
	}
	logits := ws.z[len(ws.z)-1]
	var sum float64
	for i, y := range ws.y {
		sum += ws.lse[i] - logits.At(i, y)
	}
	return sum / float64(ws.rows)
}

// backward fills ws.grad with the gradient of the batch's mean loss with
// respect to every weight and bias, by the chain rule, from the last layer
// back to the first. It needs the values forward left in ws.
func (n *Network) backward(ws *workspace) {
	if n.regression {
		squaredErrorGradient(ws)
	} else {
		softmaxCrossEntropyGradient(ws)
	}
	n.backprop(ws)
}

// softmaxCrossEntropyGradient fills ws.dz of the last layer with the
// gradient of the batch's mean cross-entropy with respect to the logits.
func softmaxCrossEntropyGradient(ws *workspace) {
	batch := float64(ws.rows)

	// The loss of row i is lse_i − z_{i,y}. Its slope with respect to logit
	// z_{i,k} is ∂lse_i/∂z_{i,k} − [k = y] = exp(z_{i,k})/Σ_j exp(z_{i,j})
	// − [k = y] = p_{i,k} − [k = y]: the predicted probability minus the
	// one-hot target. The mean over the batch divides each row's share by
	// the batch size.
	dz := ws.dz[len(ws.dz)-1]
	dz.Copy(ws.prob)
	for i, y := range ws.y {
		row := dz.RawRowView(i)
		row[y]--
		for k := range row {
			row[k] /= batch
		}
	}
}

// backprop fills ws.grad, given the gradient of the loss with respect to
// the last layer's z in ws.dz, walking back through the layers.
func (n *Network) backprop(ws *workspace) {
	for l := len(n.p.w) - 1; l >= 0; l-- {
		// z[l] = in[l]·W + b, so z_{i,j} = Σ_k in_{i,k}·W_{k,j} + b_j.
		//
		// W_{k,j} appears in every row's z_{i,j} with factor in_{i,k}, so
		// ∂loss/∂W_{k,j} = Σ_i in_{i,k}·∂loss/∂z_{i,j}, that is
		// ∂loss/∂W = in[l]ᵀ·dz.
		ws.grad.w[l].Mul(ws.inT[l], ws.dz[l])
		// b_j appears in every row's z_{i,j} with factor 1, so
		// ∂loss/∂b_j = Σ_i ∂loss/∂z_{i,j}: the column sums of dz.
		gb := ws.grad.b[l]
		clear(gb)
		for i := range ws.rows {
			for j, v := range ws.dz[l].RawRowView(i) {
				gb[j] += v
			}
		}
		if l == 0 {
			return // the inputs are data, not learnt: no need to go further
		}
		// The input in_{i,k} of this layer appears in every z_{i,j} with
		// factor W_{k,j}, so ∂loss/∂in_{i,k} = Σ_j dz_{i,j}·W_{k,j}, that is
		// dz·Wᵀ. That input is the previous layer's activation f(z[l−1]),
		// so one more chain-rule factor gives
		// ∂loss/∂z[l−1] = (dz·Wᵀ) ⊙ f'(z[l−1]), element by element.
		prev := ws.dz[l-1]
		prev.Mul(ws.dz[l], n.wT[l])
		d := prev.RawMatrix().Data
		zs, as := ws.z[l-1].RawMatrix().Data, ws.in[l].RawMatrix().Data
		for i := range d {
			d[i] *= n.cfg.Activation.slope(zs[i], as[i])
		}
	}
}

// Probabilities returns, for each row of X, the probability the network
// gives each class (the softmax of its logits); each returned row sums to 1.
// It returns nil if a row does not have Config().Inputs values. A row holding
// NaN gets NaN probabilities.
func (n *Network) Probabilities(X [][]float64) [][]float64 {
	for _, row := range X {
		if len(row) != n.cfg.Inputs {
			return nil
		}
	}
	out := make([][]float64, len(X))
	c := n.cfg.Classes
	flat := make([]float64, len(X)*c) // one backing array for all the rows
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
		copy(flat[start*c:], ws.prob.RawMatrix().Data)
	}
	for i := range out {
		out[i] = flat[i*c : (i+1)*c : (i+1)*c]
	}
	return out
}

// predictChunk is the number of rows Probabilities pushes through the
// network at a time. gonum splits a matrix product across goroutines once
// the result spans 4 blocks of 64×64 (blas/gonum: blockSize, minParBlock);
// for layers this small that costs more than it saves, so chunks of 64 rows
// keep every product serial for layers up to 192 units wide, and keep the
// buffers small and in cache.
const predictChunk = 64

// Predict returns the most probable class of each row of X (the first one
// on a tie). It returns nil if a row does not have Config().Inputs values.
func (n *Network) Predict(X [][]float64) []int {
	probs := n.Probabilities(X)
	if probs == nil {
		return nil
	}
	out := make([]int, len(probs))
	for i, p := range probs {
		best := 0
		for k, v := range p {
			if v > p[best] {
				best = k
			}
		}
		out[i] = best
	}
	return out
}

// Accuracy returns the fraction of rows of X whose predicted class is the
// label in y, between 0 and 1. It returns NaN if X is empty, if X and y
// differ in length, or if a row does not have Config().Inputs values.
func (n *Network) Accuracy(X [][]float64, y []int) float64 {
	if len(X) == 0 || len(X) != len(y) {
		return math.NaN()
	}
	pred := n.Predict(X)
	if pred == nil {
		return math.NaN()
	}
	right := 0
	for i, p := range pred {
		if p == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

// LossAndGradients returns the mean cross-entropy of the network over the
// rows of X with labels y, and its gradient with respect to every layer's
// weights and biases (in the same shapes as Layers). It does not change the
// network. It is what one training step computes, made visible for tests
// and lessons.
func (n *Network) LossAndGradients(X [][]float64, y []int) (loss float64, grads []Layer, err error) {
	if err := n.checkData(X, y); err != nil {
		return 0, nil, err
	}
	ws := n.newWorkspace(len(X), true)
	for i, row := range X {
		copy(ws.in[0].RawRowView(i), row)
	}
	copy(ws.y, y)
	n.forward(ws)
	loss = n.loss(ws)
	n.backward(ws)
	return loss, layersOf(ws.grad), nil
}

// checkData reports the first problem that makes X and y unusable for
// training or a loss: no rows, a length mismatch, a row of the wrong width,
// a value that is NaN or infinite, or a label out of range.
func (n *Network) checkData(X [][]float64, y []int) error {
	if len(X) == 0 {
		return errors.New("mlp: no rows of data")
	}
	if len(X) != len(y) {
		return fmt.Errorf("mlp: %d rows but %d labels", len(X), len(y))
	}
	for i, row := range X {
		if len(row) != n.cfg.Inputs {
			return fmt.Errorf("mlp: row %d has %d values, want %d", i, len(row), n.cfg.Inputs)
		}
		for j, v := range row {
			if !finite(v) {
				return fmt.Errorf("mlp: row %d, column %d is %v", i, j, v)
			}
		}
		if y[i] < 0 || y[i] >= n.cfg.Classes {
			return fmt.Errorf("mlp: row %d has label %d, want 0..%d", i, y[i], n.cfg.Classes-1)
		}
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
