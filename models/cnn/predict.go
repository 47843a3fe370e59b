package cnn

import (
	"errors"
	"fmt"
	"math"
)

// predictChunk is the largest number of pictures Probabilities pushes
// through the network at a time: 64 keep the buffers of the default
// network on 16×16 pictures under 4 MB, in the processor's cache, while
// making the matrix products long enough to run at full speed.
const predictChunk = 64

// chunkSize returns how many pictures Probabilities may push through at a
// time: predictChunk, or fewer if that many would not fit in
// MaxWorkspaceBytes.
func (n *Network) chunkSize() int {
	per := n.workspaceBytes(1, false)
	return max(1, min(predictChunk, MaxWorkspaceBytes/per))
}

// Probabilities returns, for each picture of X (a row of Width·Height
// pixels, row after row), the probability the network gives each class;
// each returned row sums to 1. It returns nil if a row has the wrong
// length. A picture holding NaN gets NaN probabilities.
func (n *Network) Probabilities(X [][]float64) (probs [][]float64) {
	defer func() {
		if r := recover(); r != nil {
			// Only a bug (ours or gonum's) can panic here; no panic may
			// leave the package, so the caller sees nil as for bad input.
			probs = nil
		}
	}()
	size := n.cfg.Width * n.cfg.Height
	for _, row := range X {
		if len(row) != size {
			return nil
		}
	}
	out := make([][]float64, len(X))
	c := n.cfg.Classes
	flat := make([]float64, len(X)*c) // one backing array for all the rows
	chunk := n.chunkSize()
	var ws *workspace
	for start := 0; start < len(X); start += chunk {
		rows := min(chunk, len(X)-start)
		if ws == nil || ws.batch != rows {
			ws = n.newWorkspace(rows, false)
		}
		in := ws.in.RawMatrix().Data
		for i, row := range X[start : start+rows] {
			copy(in[i*size:], row)
		}
		n.forward(ws)
		copy(flat[start*c:], ws.prob.RawMatrix().Data)
	}
	for i := range out {
		out[i] = flat[i*c : (i+1)*c : (i+1)*c]
	}
	return out
}

// Predict returns the most probable class of each picture of X (the first
// one on a tie). It returns nil if a row has the wrong length.
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

// Accuracy returns the fraction of pictures of X whose predicted class is
// the label in y, between 0 and 1. It returns NaN if X is empty, if X and y
// differ in length, or if a row has the wrong length.
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

// Maps holds the feature maps of one stage of a block for one picture.
type Maps struct {
	// Width and Height are the size of every map, in pixels.
	Width  int `json:"width"`
	Height int `json:"height"`
	// Values[f] is filter f's map: Height rows of Width numbers, each 0 or
	// more (they come after ReLU).
	Values [][]float64 `json:"values"`
}

// BlockMaps holds what the filters of one block see in one picture.
type BlockMaps struct {
	// Conv holds the maps after the convolution and ReLU, before pooling:
	// bright where the picture looks like the filter.
	Conv Maps `json:"conv"`
	// Pooled holds the block's output, after 2×2 max pooling: the input of
	// the next block.
	Pooled Maps `json:"pooled"`
}

// FeatureMaps returns, for each block, the maps its filters make from the
// picture x (Width·Height pixels, row after row), so that a lesson can show
// what each filter responds to.
func (n *Network) FeatureMaps(x []float64) (maps []BlockMaps, err error) {
	defer func() {
		if r := recover(); r != nil {
			maps, err = nil, fmt.Errorf("cnn: internal error computing feature maps: %v", r)
		}
	}()
	if err := n.checkImage(0, x); err != nil {
		return nil, err
	}
	ws := n.newWorkspace(1, false)
	copy(ws.in.RawMatrix().Data, x)
	n.forward(ws)
	for l, b := range n.blocks {
		bw := ws.blocks[l]
		conv := Maps{Width: b.convW, Height: b.convH}
		pool := Maps{Width: b.poolW, Height: b.poolH}
		for f := range b.filters {
			conv.Values = append(conv.Values, append([]float64(nil), bw.conv.RawRowView(f)...))
			pool.Values = append(pool.Values, append([]float64(nil), bw.pool.RawRowView(f)...))
		}
		maps = append(maps, BlockMaps{Conv: conv, Pooled: pool})
	}
	return maps, nil
}

// LossAndGradients returns the mean cross-entropy of the network over the
// pictures X with labels y, and its gradient with respect to every group
// of learnable numbers (in the names and shapes of Params). It does not
// change the network. It is what one training step computes, made visible
// for tests and lessons. All the pictures go through at once, so X must
// fit in MaxWorkspaceBytes.
func (n *Network) LossAndGradients(X [][]float64, y []int) (loss float64, grads []Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			loss, grads, err = 0, nil, fmt.Errorf("cnn: internal error computing gradients: %v", r)
		}
	}()
	if err := n.checkData(X, y); err != nil {
		return 0, nil, err
	}
	if need := n.workspaceBytes(len(X), true); need > MaxWorkspaceBytes {
		return 0, nil, fmt.Errorf("cnn: %d pictures at once need %d MB of buffers, more than the limit of %d MB",
			len(X), need>>20, MaxWorkspaceBytes>>20)
	}
	ws := n.newWorkspace(len(X), true)
	n.load(ws, X, y)
	n.forward(ws)
	loss = n.loss(ws)
	n.backward(ws)
	return loss, n.tensorsOf(ws.grad.flat), nil
}

// load copies the pictures X and labels y into ws.
func (n *Network) load(ws *workspace, X [][]float64, y []int) {
	size := n.cfg.Width * n.cfg.Height
	in := ws.in.RawMatrix().Data
	for i, row := range X {
		copy(in[i*size:], row)
	}
	copy(ws.y, y)
}

// checkImage reports what makes picture i unusable: the wrong number of
// pixels, or a pixel that is not a number from 0 to 1.
func (n *Network) checkImage(i int, x []float64) error {
	if want := n.cfg.Width * n.cfg.Height; len(x) != want {
		return fmt.Errorf("cnn: picture %d has %d pixels, want %d×%d = %d", i, len(x), n.cfg.Width, n.cfg.Height, want)
	}
	for j, v := range x {
		// The comparison is false for NaN, so NaN is caught too.
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("cnn: picture %d, pixel (%d, %d) is %v; pixels must be from 0 to 1 (divide 0-255 values by 255)",
				i, j%n.cfg.Width, j/n.cfg.Width, v)
		}
	}
	return nil
}

// checkData reports the first problem that makes X and y unusable for
// training or a loss: no pictures, a length mismatch, a bad picture, or a
// label out of range.
func (n *Network) checkData(X [][]float64, y []int) error {
	if len(X) == 0 {
		return errors.New("cnn: no pictures")
	}
	if len(X) != len(y) {
		return fmt.Errorf("cnn: %d pictures but %d labels", len(X), len(y))
	}
	for i, row := range X {
		if err := n.checkImage(i, row); err != nil {
			return err
		}
		if y[i] < 0 || y[i] >= n.cfg.Classes {
			return fmt.Errorf("cnn: picture %d has label %d, want 0..%d", i, y[i], n.cfg.Classes-1)
		}
	}
	return nil
}
