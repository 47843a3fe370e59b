// Package cnn is a small convolutional neural network for grayscale images,
// written out step by step so that it can be read as a lesson.
//
// # What the network computes
//
// A picture of W×H pixels is W·H numbers, 0 for black and 1 for white. An
// ordinary network (package mlp) would give every pixel its own weight for
// every unit, so a stroke learnt in one corner would mean nothing in
// another. A convolutional network instead slides small filters over the
// picture, and uses the same few weights everywhere.
//
// A filter is a k×k square of weights, for example 3×3. Put it on a 3×3
// patch of the picture, multiply each weight by the pixel under it, add the
// nine products and a bias: that is the filter's response to that patch. Do
// it at every position and you get a new picture, a feature map, which is
// bright where the patch looks like the filter (a filter with a bright
// middle row answers horizontal strokes). A layer has several filters, so
// it makes several maps, one per filter; this is a convolution. Each map
// then goes through ReLU (negative numbers become 0, as in package mlp) and
// through 2×2 max pooling: the map is cut into 2×2 squares and each square
// keeps only its largest number, so the map shrinks to half its width and
// height and a stroke moved by one pixel still gives about the same result.
// Convolution, ReLU and pooling together form a block.
//
// A second block works the same way on the first block's maps: each of its
// filters is k×k×C, looking at the same k×k patch in all C maps of the
// first block at once, so it can combine simple strokes into corners,
// crosses and curves. At the end the last maps are laid out in one long row
// of numbers (flattened), an optional hidden dense layer with ReLU mixes
// them, and a dense output layer gives one score (logit) per class. Softmax
// turns the scores into probabilities, as in package mlp.
//
// How far a filter may go: with valid padding a k×k filter is placed only
// where it fits inside the picture, so the map is k−1 pixels narrower and
// shorter than its input (a 16×16 picture gives 14×14 maps with k = 3). With
// same padding the picture is first surrounded by (k−1)/2 rings of zero
// pixels, so the map keeps the input's size and the border pixels count as
// much as the middle ones; k must then be odd. Pooling rounds down: a 5×5
// map pools to 2×2 and its last row and column are dropped.
//
// # How it learns
//
// Exactly as package mlp: the loss is the cross-entropy −log p_y of the true
// class, and gradient descent (SGD or Adam) moves every weight against its
// gradient, computed by backpropagation. What is new is the backward pass
// through the convolution and the pooling; the comments on backward derive
// it.
//
// # How it is computed: im2col
//
// Sliding filters one position at a time is slow. Instead, every k×k patch
// the filters will visit is copied into one column of a big matrix, the
// columns matrix (this is called im2col, "image to columns"). With the
// filters as the rows of a weight matrix, all filters at all positions of
// all pictures of a batch are then one matrix product:
//
//	maps (filters × positions) = weights (filters × k·k·C) · columns (k·k·C × positions)
//
// Matrix products are what computers do fastest, and the backward pass is
// two more products and col2im, which adds each column entry back to the
// pixel it was copied from.
//
// # Simplifications
//
//   - One input channel (grayscale), pictures up to 32×32 pixels, values in
//     [0, 1].
//   - Square k×k kernels with stride 1, the same k in every block; 2×2 max
//     pooling with stride 2 after every convolution; one to three blocks.
//   - Like every deep-learning library, the "convolution" does not flip the
//     filter (mathematicians call this cross-correlation). It makes no
//     difference to what can be learnt.
//   - float64 on one CPU core with gonum; no GPU, no float32.
//   - No batch normalisation, dropout, weight decay, data augmentation or
//     learning-rate schedule.
//   - The derivative of ReLU at exactly 0 is taken to be 0. When several
//     numbers of a pooling square tie for largest, the first (in reading
//     order) gets the gradient.
package cnn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/aisandbox/aisandbox/models/internal/enum"
)

// Kind is the model family's name in descriptions and saved files.
const Kind = "cnn"

// Limits on a network's shape. They keep one student's settings from
// exhausting the school server and are far above what a lesson needs.
const (
	// MaxSide is the largest image width or height, in pixels: the brief's
	// 32×32 (the size of CIFAR-10 pictures).
	MaxSide = 32
	// MaxBlocks is the largest number of conv+ReLU+pool blocks: three
	// halvings take 32×32 down to 4×4, and one more would leave too little
	// to pool.
	MaxBlocks = 3
	// MaxFilters is the largest number of filters in a block: LeNet-5 (LeCun
	// et al. 1998) has 6 and 16; 64 is four times that.
	MaxFilters = 64
	// MaxKernel is the largest kernel side, in pixels: 7×7 is the largest
	// kernel of well-known image networks (the first layer of ResNet, He et
	// al. 2016), and on a 32×32 picture a larger one sees most of it.
	MaxKernel = 7
	// MaxParams is the largest number of weights and biases New accepts,
	// the same million as package mlp: 8 MB of float64s, about 40 MB once
	// training adds the gradient, Adam's two averages and a backup copy.
	MaxParams = 1_000_000
)

// DefaultKernel is the kernel side when Config.Kernel is 0: 3×3, the
// smallest kernel with a centre, used throughout VGG (Simonyan & Zisserman
// 2015).
const DefaultKernel = 3

// DefaultFilters is the number of filters of each block when
// Config.Filters is empty: two blocks of 8 and 16, close to LeNet-5's 6 and
// 16, doubling as the maps halve in size.
func DefaultFilters() []int { return []int{8, 16} }

// Padding says where a filter may be placed on a block's input.
type Padding int

const (
	// Valid places a k×k filter only where it fits inside the input: the
	// output is k−1 pixels smaller in each direction. It is the zero value.
	Valid Padding = iota
	// Same surrounds the input with (k−1)/2 rings of zero pixels first, so
	// that the output has the input's size. The kernel side must be odd.
	Same
)

// paddingNames names the Padding values, for String, ParsePadding,
// MarshalText, UnmarshalText and valid.
var paddingNames = enum.Names[Padding]{
	Pkg: "cnn", Type: "Padding", What: "padding",
	Names: []string{Valid: "valid", Same: "same"},
}

// String returns the padding's name: "valid" or "same".
func (p Padding) String() string { return paddingNames.String(p) }

// ParsePadding returns the padding named s ("valid" or "same", in any case).
func ParsePadding(s string) (Padding, error) { return paddingNames.Parse(s) }

// MarshalText implements encoding.TextMarshaler, so that JSON carries the name.
func (p Padding) MarshalText() ([]byte, error) { return paddingNames.Marshal(p) }

// UnmarshalText implements encoding.TextUnmarshaler with ParsePadding.
func (p *Padding) UnmarshalText(text []byte) error { return paddingNames.Unmarshal(text, p) }

func (p Padding) valid() bool { return paddingNames.Valid(p) }

// Config describes the shape of a network. Width, Height and Classes must be
// set; every other zero field means the default written beside it.
type Config struct {
	// Width and Height are the image size in pixels, each from 1 to
	// MaxSide, and large enough for the blocks (New says when not). An
	// image is a row of Width·Height values, row after row from the top.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Classes is the number of classes, at least 2. No default.
	Classes int `json:"classes"`
	// Filters holds the number of filters of each block, from the input
	// side: 1 to MaxBlocks blocks of 1 to MaxFilters filters. Empty means
	// DefaultFilters, two blocks of 8 and 16.
	Filters []int `json:"filters"`
	// Kernel is the side of every filter in pixels, 1 to MaxKernel. Zero
	// means DefaultKernel (3).
	Kernel int `json:"kernel"`
	// Padding is Valid (the zero value) or Same.
	Padding Padding `json:"padding"`
	// Hidden is the number of units of a dense ReLU layer between the last
	// block and the output layer; 0 (the zero value) means no such layer:
	// the flattened maps go straight to the output layer.
	Hidden int `json:"hidden"`
}

// withDefaults returns c with its zero fields replaced by their defaults and
// its Filters copied.
func (c Config) withDefaults() Config {
	if len(c.Filters) == 0 {
		c.Filters = DefaultFilters()
	} else {
		c.Filters = append([]int(nil), c.Filters...)
	}
	if c.Kernel == 0 {
		c.Kernel = DefaultKernel
	}
	return c
}

// block holds the sizes of one conv+ReLU+pool block.
type block struct {
	inC, inH, inW int // channels and size of the input
	filters       int // number of filters, which is the number of output maps
	k, pad        int // kernel side; zero pixels added on each side
	convH, convW  int // size of each map after the convolution
	poolH, poolW  int // size of each map after pooling
}

// patch is the length of one column of the columns matrix: the k·k pixels
// under the filter in each of the input's channels.
func (b block) patch() int { return b.inC * b.k * b.k }

// tensorSpec names one group of learnable numbers and says where it lives
// in params.flat.
type tensorSpec struct {
	name  string
	shape []int
	off   int
}

func (s tensorSpec) size() int {
	n := 1
	for _, d := range s.shape {
		n *= d
	}
	return n
}

// params holds every learnable number of a network (or a gradient of the
// same shape) in one flat slice, with each layer's weights and biases as
// views into it, so that the optimiser can update them all in one loop.
type params struct {
	flat []float64
	// convW[l] is block l's filters×patch weight matrix: row f holds filter
	// f's k·k·C weights in the order (channel, kernel row, kernel column),
	// so that the matrix is gorgonia's filters×C×k×k tensor laid flat.
	convW []*mat.Dense
	convB [][]float64 // convB[l] has one bias per filter
	// denseW[l] is the in×out weight matrix of dense layer l (the hidden
	// layer if any, then the output layer), and denseB[l] its out biases.
	denseW []*mat.Dense
	denseB [][]float64
}

// Network is a convolutional network. Its methods may be called from
// several goroutines at once, except while a Trainer is changing its
// weights or SetParams is running.
type Network struct {
	cfg    Config  // with defaults filled in
	blocks []block // from the input side
	// dense holds the sizes of the dense part: the flattened length of the
	// last block's maps, then Hidden if set, then Classes.
	dense []int
	specs []tensorSpec
	p     params
}

// New returns a network of the given shape with freshly drawn weights and
// zero biases, all drawn from rng.
//
// Convolution and hidden-layer weights use He initialisation (He et al.
// 2015): normal with variance 2/fanIn, where fanIn is the number of inputs
// of one unit (k·k·C for a filter), because ReLU follows them. The output
// layer uses Glorot initialisation (Glorot & Bengio 2010): uniform on
// ±√(6/(fanIn+fanOut)). See package mlp for why.
func New(cfg Config, rng *rand.Rand) (*Network, error) {
	if rng == nil {
		return nil, errors.New("cnn: nil random source")
	}
	n, err := build(cfg)
	if err != nil {
		return nil, err
	}
	for l, w := range n.p.convW {
		b := n.blocks[l]
		sd := math.Sqrt(2 / float64(b.patch()))
		raw := w.RawMatrix().Data
		for i := range raw {
			raw[i] = sd * rng.NormFloat64()
		}
	}
	last := len(n.p.denseW) - 1
	for l, w := range n.p.denseW {
		fanIn, fanOut := n.dense[l], n.dense[l+1]
		raw := w.RawMatrix().Data
		if l < last {
			sd := math.Sqrt(2 / float64(fanIn))
			for i := range raw {
				raw[i] = sd * rng.NormFloat64()
			}
			continue
		}
		limit := math.Sqrt(6 / float64(fanIn+fanOut))
		for i := range raw {
			raw[i] = limit * (2*rng.Float64() - 1)
		}
	}
	return n, nil
}

// build checks cfg and returns a network of that shape with every weight 0.
func build(cfg Config) (*Network, error) {
	cfg = cfg.withDefaults()
	if cfg.Width < 1 || cfg.Width > MaxSide || cfg.Height < 1 || cfg.Height > MaxSide {
		return nil, fmt.Errorf("cnn: the image must be from 1×1 to %d×%d pixels, got %d×%d", MaxSide, MaxSide, cfg.Width, cfg.Height)
	}
	if cfg.Classes < 2 {
		return nil, fmt.Errorf("cnn: classes must be at least 2, got %d", cfg.Classes)
	}
	if len(cfg.Filters) > MaxBlocks {
		return nil, fmt.Errorf("cnn: at most %d blocks, got %d", MaxBlocks, len(cfg.Filters))
	}
	for i, f := range cfg.Filters {
		if f < 1 || f > MaxFilters {
			return nil, fmt.Errorf("cnn: block %d must have from 1 to %d filters, got %d", i+1, MaxFilters, f)
		}
	}
	if cfg.Kernel < 1 || cfg.Kernel > MaxKernel {
		return nil, fmt.Errorf("cnn: the kernel side must be from 1 to %d pixels, got %d", MaxKernel, cfg.Kernel)
	}
	if !cfg.Padding.valid() {
		return nil, fmt.Errorf("cnn: unknown padding %d", int(cfg.Padding))
	}
	if cfg.Padding == Same && cfg.Kernel%2 == 0 {
		return nil, fmt.Errorf("cnn: same padding needs an odd kernel side, got %d", cfg.Kernel)
	}
	if cfg.Hidden < 0 {
		return nil, fmt.Errorf("cnn: the hidden layer cannot have %d units", cfg.Hidden)
	}

	n := &Network{cfg: cfg}
	c, h, w := 1, cfg.Height, cfg.Width
	for i, f := range cfg.Filters {
		b := block{inC: c, inH: h, inW: w, filters: f, k: cfg.Kernel}
		if cfg.Padding == Same {
			b.pad = (cfg.Kernel - 1) / 2
		}
		// A map has one pixel for each place the filter fits on the padded
		// input: (h + 2·pad) − k + 1 of them down, and the same across.
		b.convH = h + 2*b.pad - b.k + 1
		b.convW = w + 2*b.pad - b.k + 1
		if b.convH < 2 || b.convW < 2 {
			return nil, fmt.Errorf("cnn: block %d gets a %d×%d input, too small for a %d×%d kernel followed by 2×2 pooling; use fewer blocks, a smaller kernel or same padding",
				i+1, w, h, b.k, b.k)
		}
		// 2×2 pooling with stride 2 halves each side, rounding down.
		b.poolH, b.poolW = b.convH/2, b.convW/2
		n.blocks = append(n.blocks, b)
		c, h, w = f, b.poolH, b.poolW
	}
	n.dense = []int{c * h * w}
	if cfg.Hidden > 0 {
		n.dense = append(n.dense, cfg.Hidden)
	}
	n.dense = append(n.dense, cfg.Classes)

	// Count in float64 so that absurd sizes cannot overflow int.
	var count float64
	for _, b := range n.blocks {
		count += float64(b.filters)*float64(b.patch()) + float64(b.filters)
	}
	for l := range len(n.dense) - 1 {
		count += float64(n.dense[l])*float64(n.dense[l+1]) + float64(n.dense[l+1])
	}
	if count > MaxParams {
		return nil, fmt.Errorf("cnn: the network would have %.0f weights and biases, more than the limit of %d", count, MaxParams)
	}

	off := 0
	add := func(name string, shape ...int) {
		s := tensorSpec{name: name, shape: shape, off: off}
		n.specs = append(n.specs, s)
		off += s.size()
	}
	for l, b := range n.blocks {
		add(fmt.Sprintf("conv%d.weights", l+1), b.filters, b.inC, b.k, b.k)
		add(fmt.Sprintf("conv%d.bias", l+1), b.filters)
	}
	for l := range len(n.dense) - 1 {
		name := "output"
		if l < len(n.dense)-2 {
			name = "hidden"
		}
		add(name+".weights", n.dense[l], n.dense[l+1])
		add(name+".bias", n.dense[l+1])
	}
	n.p = n.newParams()
	return n, nil
}

// newParams returns zeroed parameters (or gradients) of n's shape.
func (n *Network) newParams() params {
	last := n.specs[len(n.specs)-1]
	p := params{flat: make([]float64, last.off+last.size())}
	view := func(s tensorSpec) []float64 { return p.flat[s.off : s.off+s.size() : s.off+s.size()] }
	for l, b := range n.blocks {
		w, bias := n.specs[2*l], n.specs[2*l+1]
		p.convW = append(p.convW, mat.NewDense(b.filters, b.patch(), view(w)))
		p.convB = append(p.convB, view(bias))
	}
	for l := range len(n.dense) - 1 {
		w, bias := n.specs[2*len(n.blocks)+2*l], n.specs[2*len(n.blocks)+2*l+1]
		p.denseW = append(p.denseW, mat.NewDense(n.dense[l], n.dense[l+1], view(w)))
		p.denseB = append(p.denseB, view(bias))
	}
	return p
}

// Config returns the network's shape with the defaults filled in. The
// Filters slice is a copy.
func (n *Network) Config() Config {
	c := n.cfg
	c.Filters = append([]int(nil), n.cfg.Filters...)
	return c
}

// NumParams returns the number of learnable numbers: every weight and bias.
func (n *Network) NumParams() int { return len(n.p.flat) }

// Tensor is one named group of learnable numbers (or of their gradients).
type Tensor struct {
	// Name is "convL.weights" or "convL.bias" for block L (from 1), then
	// "hidden.weights" and "hidden.bias" if there is a hidden layer, then
	// "output.weights" and "output.bias".
	Name string `json:"name"`
	// Shape gives the size of each axis. A block's weights are
	// filters×channels×k×k (gorgonia's layout for Conv2d filters); dense
	// weights are inputs×outputs; biases have one axis.
	Shape []int `json:"shape"`
	// Values holds the numbers with the last axis varying fastest.
	Values []float64 `json:"values"`
}

// Params returns copies of every group of learnable numbers, in the order
// of Tensor.Name. Changing them does not change the network; use SetParams.
// The first block's weights, filter by filter, are small k×k pictures of
// what each filter looks for.
func (n *Network) Params() []Tensor { return n.tensorsOf(n.p.flat) }

func (n *Network) tensorsOf(flat []float64) []Tensor {
	out := make([]Tensor, len(n.specs))
	for i, s := range n.specs {
		out[i] = Tensor{
			Name:   s.name,
			Shape:  append([]int(nil), s.shape...),
			Values: append([]float64(nil), flat[s.off:s.off+s.size()]...),
		}
	}
	return out
}

// SetParams replaces every learnable number with those in ts, which must
// have the names and shapes Params returns and hold only finite numbers. It
// lets a lesson set filters by hand, and tests perturb weights.
func (n *Network) SetParams(ts []Tensor) error {
	if len(ts) != len(n.specs) {
		return fmt.Errorf("cnn: got %d tensors, the network has %d", len(ts), len(n.specs))
	}
	for i, s := range n.specs {
		t := ts[i]
		if t.Name != s.name {
			return fmt.Errorf("cnn: tensor %d is %q, want %q", i+1, t.Name, s.name)
		}
		if !equalInts(t.Shape, s.shape) {
			return fmt.Errorf("cnn: %s has shape %v, want %v", s.name, t.Shape, s.shape)
		}
		if len(t.Values) != s.size() {
			return fmt.Errorf("cnn: %s has %d values, want %d", s.name, len(t.Values), s.size())
		}
		for j, v := range t.Values {
			if !finite(v) {
				return fmt.Errorf("cnn: %s value %d is %v", s.name, j, v)
			}
		}
	}
	for i, s := range n.specs {
		copy(n.p.flat[s.off:], ts[i].Values)
	}
	return nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Stage is one step of the network's pipeline with the size of what it
// outputs, so that a lesson can show how a picture becomes class scores.
type Stage struct {
	// Name is "input", "convL" (convolution and ReLU of block L), "poolL",
	// "flatten", "hidden" or "output".
	Name string `json:"name"`
	// Channels, Height and Width are the output's size: maps of
	// Height×Width pixels, or for flatten and the dense layers Channels
	// numbers with Height = Width = 1.
	Channels int `json:"channels"`
	Height   int `json:"height"`
	Width    int `json:"width"`
	// Params counts the stage's weights and biases.
	Params int `json:"params"`
}

// Stages returns the network's pipeline from the input to the output.
func (n *Network) Stages() []Stage {
	out := []Stage{{Name: "input", Channels: 1, Height: n.cfg.Height, Width: n.cfg.Width}}
	for l, b := range n.blocks {
		out = append(out,
			Stage{Name: fmt.Sprintf("conv%d", l+1), Channels: b.filters, Height: b.convH, Width: b.convW,
				Params: b.filters*b.patch() + b.filters},
			Stage{Name: fmt.Sprintf("pool%d", l+1), Channels: b.filters, Height: b.poolH, Width: b.poolW})
	}
	out = append(out, Stage{Name: "flatten", Channels: n.dense[0], Height: 1, Width: 1})
	for l := range len(n.dense) - 1 {
		name := "output"
		if l < len(n.dense)-2 {
			name = "hidden"
		}
		out = append(out, Stage{Name: name, Channels: n.dense[l+1], Height: 1, Width: 1,
			Params: n.dense[l]*n.dense[l+1] + n.dense[l+1]})
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
