package cnn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// How a batch is laid out in memory.
//
// A batch of B pictures, or of C maps per picture, is kept as a matrix with
// one row per channel (map): row c holds channel c of picture 0, then
// channel c of picture 1, and so on, each picture's H×W pixels row after
// row. So entry (c, (b·H + y)·W + x) is pixel (x, y) of channel c of
// picture b. With this layout the columns matrix of a block has one row per
// filter weight and one column per output pixel of every picture, and each
// layer is one long matrix product over the whole batch.

// blockWork holds one block's intermediate matrices for a batch of B.
type blockWork struct {
	// cols is the columns matrix, patch × (B·convH·convW): row
	// (c·k + i)·k + j, column (b·convH + y)·convW + x holds the input pixel
	// that weight (c, i, j) of a filter meets when the filter's corner sits
	// at (x, y) of picture b (0 where that pixel is padding).
	cols *mat.Dense
	// conv is filters × (B·convH·convW): ReLU(weights·cols + bias).
	conv *mat.Dense
	// pool is filters × (B·poolH·poolW): the largest of each 2×2 square of
	// conv. It is the next block's input.
	pool *mat.Dense

	// For training only (nil when predicting): the gradients of the mean
	// loss with respect to pool and to conv before ReLU, and dcolsT, the
	// gradient with respect to cols transposed, (B·convH·convW) × patch
	// (not kept for the first block, whose input is the data).
	dpool, dconv, dcolsT *mat.Dense
}

// workspace holds every intermediate matrix of a forward and backward pass
// over a batch of a fixed number of pictures. A Trainer makes its
// workspaces once, so that its steps do not allocate.
type workspace struct {
	batch int
	// in is 1 × (B·Height·Width): the pictures side by side.
	in     *mat.Dense
	blocks []blockWork
	// x[l] is the input of dense layer l, B × dense[l]: x[0] holds the last
	// block's maps flattened, one picture per row, in the order
	// (map, row, column); x[1] is the hidden layer's output if there is one.
	x []*mat.Dense
	// z[l] = x[l]·W + b, B × dense[l+1]; the last one holds the logits.
	z []*mat.Dense
	// prob holds the softmax of the logits, lse each row's log Σ_k exp(z_k).
	prob *mat.Dense
	lse  []float64

	// For training only: the labels, ∂loss/∂z[l], ∂loss/∂x[0], and the
	// gradient of every parameter.
	y    []int
	dz   []*mat.Dense
	dx   *mat.Dense
	grad params
}

// arena hands out the workspace's buffers, or in counting mode only adds up
// their bytes, so that the size of a workspace is known before it is made.
type arena struct {
	count bool
	bytes int
}

func (a *arena) dense(r, c int) *mat.Dense {
	a.bytes += 8 * r * c
	if a.count {
		return nil
	}
	return mat.NewDense(r, c, nil)
}

func (a *arena) floats(n int) []float64 {
	a.bytes += 8 * n
	if a.count {
		return nil
	}
	return make([]float64, n)
}

// MaxWorkspaceBytes bounds the buffers of one forward and backward pass: a
// training batch must fit in 64 MB (a batch of 32 16×16 pictures through
// the default network needs about 3 MB), so that 40 students training at
// once need at most 2.5 GB. NewTrainer refuses larger batches, and
// Probabilities works in chunks that fit.
const MaxWorkspaceBytes = 64 << 20

// workspaceBytes returns the size of the buffers of a workspace for batch
// pictures, not counting small fixed-size headers.
func (n *Network) workspaceBytes(batch int, training bool) int {
	a := &arena{count: true}
	n.layout(batch, training, a)
	return a.bytes
}

func (n *Network) newWorkspace(batch int, training bool) *workspace {
	return n.layout(batch, training, &arena{})
}

// layout makes (or, in counting mode, measures) a workspace.
func (n *Network) layout(batch int, training bool, a *arena) *workspace {
	ws := &workspace{batch: batch}
	ws.in = a.dense(1, batch*n.cfg.Height*n.cfg.Width)
	for l, b := range n.blocks {
		convLen, poolLen := batch*b.convH*b.convW, batch*b.poolH*b.poolW
		bw := blockWork{
			cols: a.dense(b.patch(), convLen),
			conv: a.dense(b.filters, convLen),
			pool: a.dense(b.filters, poolLen),
		}
		if training {
			bw.dpool = a.dense(b.filters, poolLen)
			bw.dconv = a.dense(b.filters, convLen)
			if l > 0 {
				bw.dcolsT = a.dense(convLen, b.patch())
			}
		}
		ws.blocks = append(ws.blocks, bw)
	}
	for l := range len(n.dense) - 1 {
		ws.x = append(ws.x, a.dense(batch, n.dense[l]))
		ws.z = append(ws.z, a.dense(batch, n.dense[l+1]))
	}
	ws.prob = a.dense(batch, n.cfg.Classes)
	ws.lse = a.floats(batch)
	if training {
		a.bytes += 8 * batch // the labels
		if !a.count {
			ws.y = make([]int, batch)
		}
		for l := range len(n.dense) - 1 {
			ws.dz = append(ws.dz, a.dense(batch, n.dense[l+1]))
		}
		ws.dx = a.dense(batch, n.dense[0])
		a.bytes += 8 * n.NumParams()
		if !a.count {
			ws.grad = n.newParams()
		}
	}
	return ws
}

// forward runs the batch held in ws.in through the network, filling every
// intermediate matrix of ws, ws.prob and ws.lse.
func (n *Network) forward(ws *workspace) {
	src := ws.in
	for l, b := range n.blocks {
		bw := &ws.blocks[l]
		im2col(b, ws.batch, src, bw.cols)
		// conv = W·cols: entry (f, p) is Σ_r W[f, r]·cols[r, p], filter f's
		// weights times the patch under it at output pixel p: one product
		// for every filter at every place in every picture.
		mul(bw.conv, n.p.convW[l], false, bw.cols, false)
		// Add the filter's bias and apply ReLU, max(z, 0). (Go's max keeps
		// a NaN, so a diverging network shows as a NaN loss.)
		for f, bias := range n.p.convB[l] {
			row := bw.conv.RawRowView(f)
			for i, v := range row {
				row[i] = max(v+bias, 0)
			}
		}
		maxPool(b, ws.batch, bw.conv, bw.pool)
		src = bw.pool
	}
	flatten(n.blocks[len(n.blocks)-1], ws.batch, src, ws.x[0])

	last := len(n.p.denseW) - 1
	for l, w := range n.p.denseW {
		// z = x·W + b, as in package mlp.
		z := ws.z[l]
		mul(z, ws.x[l], false, w, false)
		b := n.p.denseB[l]
		for i := range ws.batch {
			row := z.RawRowView(i)
			for j := range row {
				row[j] += b[j]
			}
		}
		if l == last {
			softmax(z, ws.prob, ws.lse)
			return
		}
		next := ws.x[l+1].RawMatrix().Data
		for i, v := range z.RawMatrix().Data {
			next[i] = max(v, 0)
		}
	}
}

// im2col fills cols, the columns matrix of block b, from src, the block's
// input for a batch of pictures (one row per channel, see the layout
// above). Entry (c, i, j), (pic, y, x) of cols is pixel (x+j−pad, y+i−pad)
// of channel c of picture pic, or 0 when that falls in the padding.
func im2col(b block, batch int, src, cols *mat.Dense) {
	inSize, convSize := b.inH*b.inW, b.convH*b.convW
	for c := range b.inC {
		in := src.RawRowView(c)
		for i := range b.k {
			for j := range b.k {
				dst := cols.RawRowView((c*b.k+i)*b.k + j)
				// Output column x reads input column x+j−pad, which is inside
				// the picture for x0 ≤ x < x1.
				x0, x1 := max(0, b.pad-j), min(b.convW, b.inW+b.pad-j)
				for pic := range batch {
					for y := range b.convH {
						out := dst[pic*convSize+y*b.convW : pic*convSize+(y+1)*b.convW]
						iy := y + i - b.pad
						if iy < 0 || iy >= b.inH {
							clear(out)
							continue
						}
						row := in[pic*inSize+iy*b.inW : pic*inSize+(iy+1)*b.inW]
						clear(out[:x0])
						copy(out[x0:x1], row[x0+j-b.pad:x1+j-b.pad])
						clear(out[x1:])
					}
				}
			}
		}
	}
}

// col2im is im2col run backwards for gradients. It takes dcolsT, the
// gradient of the columns matrix transposed (row p is output pixel p, column
// r is patch entry r), sets dsrc to 0 and adds every entry of dcolsT to the
// input pixel that entry was copied from. im2col copies one input pixel
// into up to k·k entries of cols (once for each filter position that
// covers it), so by the chain rule the pixel's gradient is the sum of the
// gradients of all its copies. Padding entries were not copied from
// anything and are dropped.
func col2im(b block, batch int, dcolsT, dsrc *mat.Dense) {
	inSize := b.inH * b.inW
	dsrc.Zero()
	p := 0 // row of dcolsT: output pixel (x, y) of picture pic
	for pic := range batch {
		for y := range b.convH {
			for x := range b.convW {
				d := dcolsT.RawRowView(p)
				p++
				for c := range b.inC {
					din := dsrc.RawRowView(c)[pic*inSize : (pic+1)*inSize]
					for i := range b.k {
						iy := y + i - b.pad
						if iy < 0 || iy >= b.inH {
							continue
						}
						row := d[(c*b.k+i)*b.k : (c*b.k+i+1)*b.k]
						for j, v := range row {
							if ix := x + j - b.pad; ix >= 0 && ix < b.inW {
								din[iy*b.inW+ix] += v
							}
						}
					}
				}
			}
		}
	}
}

// maxPool sets each entry of pool to the largest of its 2×2 square of conv
// (rows 2y, 2y+1 and columns 2x, 2x+1 of the same map). A last odd row or
// column of conv belongs to no square and is dropped. It does not record
// which entry won; backward finds that again (see winner).
func maxPool(b block, batch int, conv, pool *mat.Dense) {
	convSize, poolSize := b.convH*b.convW, b.poolH*b.poolW
	for f := range b.filters {
		src, dst := conv.RawRowView(f), pool.RawRowView(f)
		for pic := range batch {
			for y := range b.poolH {
				// The squares' top and bottom rows, two numbers per square.
				top := pic*convSize + 2*y*b.convW
				up := src[top : top+2*b.poolW]
				down := src[top+b.convW : top+b.convW+2*b.poolW]
				out := dst[pic*poolSize+y*b.poolW : pic*poolSize+(y+1)*b.poolW]
				for x := range out {
					// Go's max has no branches to mispredict, which makes
					// this several times faster than comparing one by one.
					out[x] = max(max(up[2*x], up[2*x+1]), max(down[2*x], down[2*x+1]))
				}
			}
		}
	}
}

// winner returns the index in src (a row of conv) of the entry of the 2×2
// square starting at index i that equals the square's largest number m: the
// first such entry in reading order, so on a tie the first one wins, as in
// gorgonia's MaxPool2D.
func winner(src []float64, i, width int, m float64) int {
	switch m {
	case src[i]:
		return i
	case src[i+1]:
		return i + 1
	case src[i+width]:
		return i + width
	}
	return i + width + 1
}

// flatten copies the last block's maps (one row per map, see the layout
// above) into x, one row per picture holding its maps one after another,
// each row by row: entry (pic, (f·poolH + y)·poolW + x).
func flatten(b block, batch int, maps, x *mat.Dense) {
	size := b.poolH * b.poolW
	for f := range b.filters {
		row := maps.RawRowView(f)
		for pic := range batch {
			copy(x.RawRowView(pic)[f*size:(f+1)*size], row[pic*size:(pic+1)*size])
		}
	}
}

// unflatten is flatten run backwards: it moves the gradient dx of the
// flattened rows back into the maps' layout.
func unflatten(b block, batch int, dx, dmaps *mat.Dense) {
	size := b.poolH * b.poolW
	for f := range b.filters {
		row := dmaps.RawRowView(f)
		for pic := range batch {
			copy(row[pic*size:(pic+1)*size], dx.RawRowView(pic)[f*size:(f+1)*size])
		}
	}
}

// softmax writes each row's softmax of the logits z into prob, and each
// row's log Σ_k exp(z_k) into lse, subtracting the row's largest logit m
// first so that exp cannot overflow: log Σ_k exp(z_k) = m + log Σ_k exp(z_k − m).
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

// loss returns the mean cross-entropy of the batch after forward: for a
// picture with true class y, −log p_y = log Σ_k exp(z_k) − z_y = lse − z_y,
// which stays finite even when p_y rounds to 0.
func (n *Network) loss(ws *workspace) float64 {
	logits := ws.z[len(ws.z)-1]
	var sum float64
	for i, y := range ws.y {
		sum += ws.lse[i] - logits.At(i, y)
	}
	return sum / float64(ws.batch)
}

// backward fills ws.grad with the gradient of the batch's mean loss with
// respect to every weight and bias, by the chain rule, from the output back
// to the first block. It needs the values forward left in ws.
func (n *Network) backward(ws *workspace) {
	batch := float64(ws.batch)
	last := len(n.p.denseW) - 1

	// The dense layers, exactly as in package mlp. The slope of the loss
	// with respect to logit k of picture i is (p_ik − [k = y_i])/B.
	dz := ws.dz[last]
	dz.Copy(ws.prob)
	for i, y := range ws.y {
		row := dz.RawRowView(i)
		row[y]--
		for k := range row {
			row[k] /= batch
		}
	}
	for l := last; l >= 0; l-- {
		// z = x·W + b gives ∂loss/∂W = xᵀ·dz, ∂loss/∂b = column sums of dz
		// and ∂loss/∂x = dz·Wᵀ.
		mul(ws.grad.denseW[l], ws.x[l], true, ws.dz[l], false)
		gb := ws.grad.denseB[l]
		clear(gb)
		for i := range ws.batch {
			for j, v := range ws.dz[l].RawRowView(i) {
				gb[j] += v
			}
		}
		if l == 0 {
			mul(ws.dx, ws.dz[0], false, n.p.denseW[0], true)
			break
		}
		// x[l] = ReLU(z[l−1]), whose slope is 1 where x[l] > 0 and 0 elsewhere.
		prev := ws.dz[l-1]
		mul(prev, ws.dz[l], false, n.p.denseW[l], true)
		d, x := prev.RawMatrix().Data, ws.x[l].RawMatrix().Data
		for i := range d {
			if x[i] <= 0 {
				d[i] = 0
			}
		}
	}

	// Flattening only moved numbers, so their gradients move back.
	L := len(n.blocks)
	unflatten(n.blocks[L-1], ws.batch, ws.dx, ws.blocks[L-1].dpool)

	for l := L - 1; l >= 0; l-- {
		b, bw := n.blocks[l], &ws.blocks[l]

		// Pooling: a pooled number is the largest of its square. Nudging
		// the winner by ε moves the pooled number by ε; nudging any other
		// entry a little changes nothing. So the winner's gradient is the
		// pooled number's, and the other three get 0.
		//
		// ReLU: conv = max(z, 0), so ∂loss/∂z = ∂loss/∂conv where conv > 0
		// and 0 elsewhere. Only winners have a gradient, so both steps
		// together are one pass over the pooled numbers.
		bw.dconv.Zero()
		convSize := b.convH * b.convW
		gb := ws.grad.convB[l]
		for f := range b.filters {
			dpool, pool := bw.dpool.RawRowView(f), bw.pool.RawRowView(f)
			conv, dconv := bw.conv.RawRowView(f), bw.dconv.RawRowView(f)
			var sum float64
			q := 0 // index of the square in pool's row
			for pic := range ws.batch {
				for y := range b.poolH {
					top := pic*convSize + 2*y*b.convW
					for x := range b.poolW {
						// A pooled 0 means all four were 0 after ReLU: every
						// slope is 0, whichever entry won.
						if m := pool[q]; m > 0 {
							dconv[winner(conv, top+2*x, b.convW, m)] = dpool[q]
							sum += dpool[q]
						}
						q++
					}
				}
			}
			// The bias is added at every pixel p of map f, so
			// ∂loss/∂bias[f] = Σ_p dz[f, p], and only winners are not 0.
			gb[f] = sum
		}

		// Convolution: z[f, p] = Σ_r W[f, r]·cols[r, p] + bias[f], summed
		// over the patch entries r, for every output pixel p.
		//
		// W[f, r] meets cols[r, p] at every pixel p, so
		// ∂loss/∂W[f, r] = Σ_p dz[f, p]·cols[r, p]: ∂loss/∂W = dz·colsᵀ.
		// This is where sharing the filter over the picture shows: its
		// gradient adds up the evidence from every place it was used.
		mul(ws.grad.convW[l], bw.dconv, false, bw.cols, true)
		if l == 0 {
			return // the input pictures are data, not learnt
		}
		// cols[r, p] meets W[f, r] in every filter f, so
		// ∂loss/∂cols[r, p] = Σ_f W[f, r]·dz[f, p]: ∂loss/∂cols = Wᵀ·dz.
		// We compute its transpose dzᵀ·W instead: gonum then walks through
		// dz and skips its zeros, and at least three quarters of dz are 0
		// (only pooling winners with z > 0 have a gradient), so this costs
		// a quarter or less of the full product.
		mul(bw.dcolsT, bw.dconv, true, n.p.convW[l], false)
		// col2im adds the gradients of the copies of each input pixel into
		// the previous block's ∂loss/∂pool.
		col2im(b, ws.batch, bw.dcolsT, ws.blocks[l-1].dpool)
	}
}
