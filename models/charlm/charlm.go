// Package charlm is a character-level neural language model: it reads the
// last few letters of a word and gives a probability to every letter that
// could come next. Trained on a list of names, it can then invent new
// names that sound like them, one letter at a time.
//
// # What the network computes
//
// This is the multilayer-perceptron language model of Bengio, Ducharme,
// Vincent and Jauvin ("A Neural Probabilistic Language Model", JMLR 2003),
// applied to letters instead of words, as in Andrej Karpathy's makemore.
//
//  1. The vocabulary is every letter of the training words plus one extra
//     token, the boundary, written "." in lessons: it marks where a word
//     starts and where it ends. Letters are Unicode characters (runes), so
//     Kazakh ә ғ қ ң ө ұ ү һ і are letters like any other. Upper and lower
//     case are different letters: lower-case the words first if they should
//     not be.
//  2. The context is the last BlockSize tokens (3 by default). At the start
//     of a word there are no letters yet, so the context is filled with
//     boundaries: to predict the "a" of "ana" the model sees "...", to
//     predict the "n" it sees "..a", then ".an", and finally, to predict the
//     end, "ana".
//  3. Every token has a learned embedding: a short list of numbers
//     (Embedding of them, 10 by default), a row of the matrix C. Letters
//     that behave alike (say, the vowels) end up with similar rows.
//  4. The embeddings of the context's tokens are put side by side into one
//     row x of BlockSize·Embedding numbers.
//  5. A hidden layer turns x into h = tanh(x·W1 + b1), Hidden numbers (64
//     by default).
//  6. An output layer gives one score (logit) per token, z = h·W2 + b2, and
//     softmax turns the scores into probabilities: p_t = e^{z_t} / Σ_s e^{z_s}.
//
// # How it learns
//
// Every word of n letters gives n+1 examples (context → next token), the
// last one predicting the end. The loss of an example is the cross-entropy
// −ln p_target: in nats, 0 when the model was sure and right. Training
// lowers the mean loss over minibatches of examples with backpropagation
// and Adam or plain SGD, exactly as in package mlp, except that the
// gradient also flows into the embedding rows that were used.
//
// The loss in nats per character has a direct meaning: e^loss is the
// number of letters the model is, on average, hesitating between (its
// perplexity). A model that guesses uniformly among V tokens has loss ln V;
// a count-based bigram model, which looks at one letter only, is the
// baseline to beat.
//
// Sampling (Sample) runs the model forward: start from the boundary
// context, draw the next token from the probabilities, append it, slide the
// context, and repeat until the model draws the boundary (the word ends).
// Temperature reshapes the probabilities before drawing: p^(1/T); below 1
// the likely letters get likelier (safer, duller names), above 1 the
// choice flattens (wilder names); 0 means always taking the likeliest
// letter (greedy), which always gives the same word.
//
// # Simplifications
//
//   - float64 on the CPU with gonum; one hidden layer, tanh only.
//   - No batch normalisation, dropout, weight decay, learning-rate schedule
//     or early stopping; Trainer.Epoch reports the training loss and Loss
//     measures any other words, such as a validation set.
//   - The vocabulary is fixed when the model is made (New takes the
//     alphabet): words with other letters cannot be scored. Pass the
//     alphabet of training and validation words together.
//   - A word's examples are independent: the model never sees more than
//     BlockSize tokens back.
package charlm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// Boundary is the token number of the boundary, the token that pads the
// context at the start of a word and marks its end. Letters are tokens 1 to
// V−1, in the order of the alphabet.
const Boundary = 0

// BoundaryMark is how lessons write the boundary token. It is only a
// picture: a '.' inside a training word is an ordinary letter.
const BoundaryMark = '.'

// Defaults and limits of Config. The defaults are those of makemore's MLP
// and of Bengio et al.'s small models: a context of 3, embeddings of 10
// numbers, 64 hidden units.
const (
	// DefaultBlockSize is the context length when Config.BlockSize is 0.
	DefaultBlockSize = 3
	// DefaultEmbedding is the embedding size when Config.Embedding is 0.
	DefaultEmbedding = 10
	// DefaultHidden is the hidden width when Config.Hidden is 0.
	DefaultHidden = 64
	// MaxBlockSize bounds the context: longer than most names.
	MaxBlockSize = 16
	// MaxAlphabet bounds the number of letters: Kazakh, Russian and English
	// in both cases with digits and punctuation stay far below it.
	MaxAlphabet = 512
	// MaxParams is the largest number of learnable numbers New accepts, the
	// same bound as package mlp's (8 MB of float64, about 40 MB while
	// training).
	MaxParams = 1_000_000
)

// Config sets the shape of the network. The zero value is the default
// network: context 3, embeddings of 10, 64 hidden units.
type Config struct {
	// BlockSize is the number of previous tokens the model sees, from 1 to
	// MaxBlockSize. Zero means 3.
	BlockSize int `json:"block_size"`
	// Embedding is the number of learned numbers per token, at least 1.
	// Zero means 10.
	Embedding int `json:"embedding"`
	// Hidden is the number of tanh units of the hidden layer, at least 1.
	// Zero means 64.
	Hidden int `json:"hidden"`
}

// withDefaults fills in zero fields and checks the others.
func (c Config) withDefaults() (Config, error) {
	if c.BlockSize == 0 {
		c.BlockSize = DefaultBlockSize
	}
	if c.Embedding == 0 {
		c.Embedding = DefaultEmbedding
	}
	if c.Hidden == 0 {
		c.Hidden = DefaultHidden
	}
	if c.BlockSize < 1 || c.BlockSize > MaxBlockSize {
		return c, fmt.Errorf("charlm: the block size must be from 1 to %d, got %d", MaxBlockSize, c.BlockSize)
	}
	if c.Embedding < 1 {
		return c, fmt.Errorf("charlm: the embedding size must be at least 1, got %d", c.Embedding)
	}
	if c.Hidden < 1 {
		return c, fmt.Errorf("charlm: the hidden layer must have at least 1 unit, got %d", c.Hidden)
	}
	return c, nil
}

// Alphabet returns the distinct characters of words, sorted by code point:
// the alphabet to pass to New. Include the validation words, so that the
// model can score them too.
func Alphabet(words []string) string {
	seen := map[rune]bool{}
	var rs []rune
	for _, w := range words {
		for _, r := range w {
			if !seen[r] {
				seen[r] = true
				rs = append(rs, r)
			}
		}
	}
	slices.Sort(rs)
	return string(rs)
}

// params holds every learnable number (or a gradient of the same shape) in
// one flat slice, with the matrices as views into it, so that the
// optimiser updates all of them in one loop.
type params struct {
	flat   []float64
	c      *mat.Dense // V × d: row t is token t's embedding
	w1     *mat.Dense // (k·d) × H
	b1     []float64  // H
	w2     *mat.Dense // H × V
	b2     []float64  // V
	w1T    mat.Matrix // w1.T(), made once so that steps do not allocate
	w2T    mat.Matrix
	vocab  int
	inputs int // k·d
	hidden int
}

func paramCount(v, k, d, h int) float64 {
	return float64(v)*float64(d) + float64(k*d)*float64(h) + float64(h) + float64(h)*float64(v) + float64(v)
}

func newParams(v, k, d, h int) params {
	n := int(paramCount(v, k, d, h))
	p := params{flat: make([]float64, n), vocab: v, inputs: k * d, hidden: h}
	off := 0
	take := func(size int) []float64 {
		s := p.flat[off : off+size : off+size]
		off += size
		return s
	}
	p.c = mat.NewDense(v, d, take(v*d))
	p.w1 = mat.NewDense(k*d, h, take(k*d*h))
	p.b1 = take(h)
	p.w2 = mat.NewDense(h, v, take(h*v))
	p.b2 = take(v)
	p.w1T, p.w2T = p.w1.T(), p.w2.T()
	return p
}

// Model is a character-level language model. Its methods may be called
// from several goroutines at once, except while a Trainer is changing its
// weights or SetWeights is running.
type Model struct {
	cfg      Config
	alphabet []rune       // token t ≥ 1 is alphabet[t−1]
	token    map[rune]int // the inverse
	p        params
}

// New returns a model of the given shape for words written with the
// letters of alphabet (each at most once; see Alphabet), with weights drawn
// from rng:
//
//   - embeddings from the standard normal distribution;
//   - hidden weights from a normal distribution with standard deviation
//     (5/3)/√(fan-in), He-style initialisation with the gain 5/3 that
//     PyTorch recommends for tanh, so the hidden units start neither flat
//     nor saturated;
//   - output weights from a normal distribution with standard deviation
//     0.01, so that at first every token is about equally likely and the
//     first loss is about ln V (an honest "I don't know") instead of a
//     confident wrong guess;
//   - biases 0.
func New(cfg Config, alphabet string, rng *rand.Rand) (*Model, error) {
	if rng == nil {
		return nil, errors.New("charlm: nil random source")
	}
	m, err := newModel(cfg, alphabet)
	if err != nil {
		return nil, err
	}
	for i := range m.p.c.RawMatrix().Data {
		m.p.c.RawMatrix().Data[i] = rng.NormFloat64()
	}
	sd := 5.0 / 3 / math.Sqrt(float64(m.p.inputs))
	for i := range m.p.w1.RawMatrix().Data {
		m.p.w1.RawMatrix().Data[i] = sd * rng.NormFloat64()
	}
	for i := range m.p.w2.RawMatrix().Data {
		m.p.w2.RawMatrix().Data[i] = 0.01 * rng.NormFloat64()
	}
	return m, nil
}

// newModel checks cfg and alphabet and returns a model with zero weights.
func newModel(cfg Config, alphabet string) (*Model, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if !utf8.ValidString(alphabet) {
		return nil, errors.New("charlm: the alphabet is not valid UTF-8")
	}
	letters := []rune(alphabet)
	if len(letters) == 0 {
		return nil, errors.New("charlm: the alphabet is empty")
	}
	if len(letters) > MaxAlphabet {
		return nil, fmt.Errorf("charlm: the alphabet has %d characters, at most %d are allowed", len(letters), MaxAlphabet)
	}
	token := make(map[rune]int, len(letters))
	for i, r := range letters {
		if _, dup := token[r]; dup {
			return nil, fmt.Errorf("charlm: the alphabet has %q twice", r)
		}
		token[r] = i + 1
	}
	v := len(letters) + 1
	if n := paramCount(v, cfg.BlockSize, cfg.Embedding, cfg.Hidden); n > MaxParams {
		return nil, fmt.Errorf("charlm: the model would have %.0f learnable numbers, more than the limit of %d", n, MaxParams)
	}
	return &Model{cfg: cfg, alphabet: letters, token: token,
		p: newParams(v, cfg.BlockSize, cfg.Embedding, cfg.Hidden)}, nil
}

// Config returns the model's shape, with defaults filled in.
func (m *Model) Config() Config { return m.cfg }

// Alphabet returns the model's letters in token order (token t ≥ 1 is the
// t-th character).
func (m *Model) Alphabet() string { return string(m.alphabet) }

// VocabSize returns the number of tokens: the letters and the boundary.
func (m *Model) VocabSize() int { return m.p.vocab }

// NumParams returns the number of learnable numbers: embeddings, weights
// and biases.
func (m *Model) NumParams() int { return len(m.p.flat) }

// Weights holds copies of a model's learnable numbers.
type Weights struct {
	// Embed is V×Embedding: row t is token t's embedding (row 0 the
	// boundary's).
	Embed *mat.Dense
	// W1 is (BlockSize·Embedding)×Hidden and B1 has Hidden entries: the
	// hidden layer h = tanh(x·W1 + B1), where x holds the context's
	// embeddings side by side, oldest first.
	W1 *mat.Dense
	B1 []float64
	// W2 is Hidden×V and B2 has V entries: the logits z = h·W2 + B2.
	W2 *mat.Dense
	B2 []float64
}

func weightsOf(p params) Weights {
	return Weights{
		Embed: mat.DenseCopyOf(p.c), W1: mat.DenseCopyOf(p.w1), B1: slices.Clone(p.b1),
		W2: mat.DenseCopyOf(p.w2), B2: slices.Clone(p.b2),
	}
}

// Weights returns a copy of the model's learnable numbers.
func (m *Model) Weights() Weights { return weightsOf(m.p) }

// SetWeights replaces the model's learnable numbers with copies of those
// in w, which must have the shapes Weights returns and hold only finite
// numbers.
func (m *Model) SetWeights(w Weights) error {
	p := m.p
	for _, c := range []struct {
		name string
		got  *mat.Dense
		r, c int
	}{{"Embed", w.Embed, p.vocab, m.cfg.Embedding}, {"W1", w.W1, p.inputs, p.hidden}, {"W2", w.W2, p.hidden, p.vocab}} {
		if c.got == nil {
			return fmt.Errorf("charlm: no %s matrix", c.name)
		}
		if r, cc := c.got.Dims(); r != c.r || cc != c.c {
			return fmt.Errorf("charlm: %s is %d×%d, want %d×%d", c.name, r, cc, c.r, c.c)
		}
	}
	if len(w.B1) != p.hidden || len(w.B2) != p.vocab {
		return fmt.Errorf("charlm: biases have %d and %d entries, want %d and %d", len(w.B1), len(w.B2), p.hidden, p.vocab)
	}
	next := newParams(p.vocab, m.cfg.BlockSize, m.cfg.Embedding, p.hidden)
	next.c.Copy(w.Embed)
	next.w1.Copy(w.W1)
	copy(next.b1, w.B1)
	next.w2.Copy(w.W2)
	copy(next.b2, w.B2)
	for i, v := range next.flat {
		if !finite(v) {
			return fmt.Errorf("charlm: learnable number %d is %v", i, v)
		}
	}
	copy(m.p.flat, next.flat)
	return nil
}

// examples holds the (context, next token) pairs of a list of words.
type examples struct {
	ctx    []int32 // k tokens per example, oldest first
	target []int32
}

func (e *examples) len() int { return len(e.target) }

// MaxExamples bounds the examples of one call (a word of n letters gives
// n+1): 500,000 is about 70,000 names, more than any corpus of the lessons,
// and keeps the copies in memory under 40 MB.
const MaxExamples = 500_000

// encode turns words into examples. Every word must be non-empty and use
// only the model's letters.
func (m *Model) encode(words []string) (*examples, error) {
	if len(words) == 0 {
		return nil, errors.New("charlm: no words")
	}
	k := m.cfg.BlockSize
	total := 0
	for i, w := range words {
		if w == "" {
			return nil, fmt.Errorf("charlm: word %d is empty", i+1)
		}
		total += utf8.RuneCountInString(w) + 1
		if total > MaxExamples {
			return nil, fmt.Errorf("charlm: the words hold more than %d characters, the limit", MaxExamples)
		}
	}
	ex := &examples{ctx: make([]int32, 0, total*k), target: make([]int32, 0, total)}
	window := make([]int32, k)
	for i, w := range words {
		clear(window) // all boundaries
		emit := func(t int32) {
			ex.ctx = append(ex.ctx, window...)
			ex.target = append(ex.target, t)
			copy(window, window[1:])
			window[k-1] = t
		}
		for _, r := range w {
			t, ok := m.token[r]
			if !ok {
				return nil, fmt.Errorf("charlm: word %d (%q) has %q, which is not in the model's alphabet", i+1, w, r)
			}
			emit(int32(t))
		}
		emit(Boundary)
	}
	return ex, nil
}

// workspace holds every intermediate matrix of a forward and backward pass
// over a fixed number of examples, so that training steps do not allocate.
type workspace struct {
	rows   int
	ctx    []int32 // rows×k context tokens
	target []int32
	x      *mat.Dense // rows × k·d: the context's embeddings side by side
	h      *mat.Dense // rows × H: tanh(x·W1 + b1)
	z      *mat.Dense // rows × V: the logits
	prob   *mat.Dense // rows × V: softmax of z
	lse    []float64  // log Σ exp(z) of each row
	xT, hT mat.Matrix
	// Training only: ∂loss/∂logits, ∂loss/∂(hidden pre-activation),
	// ∂loss/∂x, and the gradient of every parameter.
	dz, dh, dx *mat.Dense
	grad       params
}

func (m *Model) newWorkspace(rows int, training bool) *workspace {
	p := m.p
	ws := &workspace{
		rows:   rows,
		ctx:    make([]int32, rows*m.cfg.BlockSize),
		target: make([]int32, rows),
		x:      mat.NewDense(rows, p.inputs, nil),
		h:      mat.NewDense(rows, p.hidden, nil),
		z:      mat.NewDense(rows, p.vocab, nil),
		prob:   mat.NewDense(rows, p.vocab, nil),
		lse:    make([]float64, rows),
	}
	ws.xT, ws.hT = ws.x.T(), ws.h.T()
	if training {
		ws.dz = mat.NewDense(rows, p.vocab, nil)
		ws.dh = mat.NewDense(rows, p.hidden, nil)
		ws.dx = mat.NewDense(rows, p.inputs, nil)
		ws.grad = newParams(p.vocab, m.cfg.BlockSize, m.cfg.Embedding, p.hidden)
	}
	return ws
}

// load copies examples [from, from+ws.rows) of ex, or those listed in
// order[from:], into ws.
func (ws *workspace) load(ex *examples, k int, order []int, from int) {
	for i := range ws.rows {
		e := from + i
		if order != nil {
			e = order[e]
		}
		copy(ws.ctx[i*k:(i+1)*k], ex.ctx[e*k:(e+1)*k])
		ws.target[i] = ex.target[e]
	}
}

// forward computes the hidden layer, logits, probabilities and lse of the
// examples in ws.
func (m *Model) forward(ws *workspace) {
	k, d := m.cfg.BlockSize, m.cfg.Embedding
	// x: row i is the embeddings of example i's context tokens side by
	// side, C[t_1] | C[t_2] | ... | C[t_k]. (This is a lookup; written as
	// maths it is a one-hot row per token times C.)
	for i := range ws.rows {
		row := ws.x.RawRowView(i)
		for j, t := range ws.ctx[i*k : (i+1)*k] {
			copy(row[j*d:(j+1)*d], m.p.c.RawRowView(int(t)))
		}
	}
	// h = tanh(x·W1 + b1)
	ws.h.Mul(ws.x, m.p.w1)
	for i := range ws.rows {
		row := ws.h.RawRowView(i)
		for j := range row {
			row[j] = math.Tanh(row[j] + m.p.b1[j])
		}
	}
	// z = h·W2 + b2
	ws.z.Mul(ws.h, m.p.w2)
	for i := range ws.rows {
		row := ws.z.RawRowView(i)
		for j := range row {
			row[j] += m.p.b2[j]
		}
	}
	softmax(ws.z, ws.prob, ws.lse)
}

// softmax writes each row's softmax of the logits z into prob and each
// row's log Σ_k exp(z_k) into lse. Subtracting the row's largest logit m
// first (log Σ exp z_k = m + log Σ exp(z_k − m)) keeps every exp at most 1,
// so nothing overflows.
func softmax(z, prob *mat.Dense, lse []float64) {
	rows, _ := z.Dims()
	for i := range rows {
		zi, pi := z.RawRowView(i), prob.RawRowView(i)
		mx := math.Inf(-1)
		for _, v := range zi {
			mx = max(mx, v)
		}
		var sum float64
		for k, v := range zi {
			e := math.Exp(v - mx)
			pi[k] = e
			sum += e
		}
		for k := range pi {
			pi[k] /= sum
		}
		lse[i] = mx + math.Log(sum)
	}
}

// loss returns the summed cross-entropy of the examples in ws after
// forward: −ln p_y = −ln(e^{z_y}/Σ_k e^{z_k}) = lse − z_y, which stays
// finite even when p_y rounds to 0.
func (ws *workspace) lossSum() float64 {
	var sum float64
	for i, y := range ws.target {
		sum += ws.lse[i] - ws.z.At(i, int(y))
	}
	return sum
}

// backward fills ws.grad with the gradient of the mean loss of the
// examples in ws (after forward), by the chain rule from the output back.
func (m *Model) backward(ws *workspace) {
	k, d := m.cfg.BlockSize, m.cfg.Embedding
	g := ws.grad
	n := float64(ws.rows)

	// ∂loss/∂z_{i,t} = (p_{i,t} − [t = y_i]) / n: predicted probability
	// minus the one-hot target, over the number of examples (the mean).
	ws.dz.Copy(ws.prob)
	for i, y := range ws.target {
		row := ws.dz.RawRowView(i)
		row[y]--
		for t := range row {
			row[t] /= n
		}
	}
	// z = h·W2 + b2: ∂loss/∂W2 = hᵀ·dz, ∂loss/∂b2 = column sums of dz,
	// ∂loss/∂h = dz·W2ᵀ.
	g.w2.Mul(ws.hT, ws.dz)
	colSums(g.b2, ws.dz)
	ws.dh.Mul(ws.dz, m.p.w2T)
	// h = tanh(a) with a = x·W1 + b1, and tanh' = 1 − tanh², so
	// ∂loss/∂a = ∂loss/∂h ⊙ (1 − h²), element by element.
	dh, h := ws.dh.RawMatrix().Data, ws.h.RawMatrix().Data
	for i := range dh {
		dh[i] *= 1 - h[i]*h[i]
	}
	// a = x·W1 + b1: ∂loss/∂W1 = xᵀ·da, ∂loss/∂b1 = column sums,
	// ∂loss/∂x = da·W1ᵀ.
	g.w1.Mul(ws.xT, ws.dh)
	colSums(g.b1, ws.dh)
	ws.dx.Mul(ws.dh, m.p.w1T)
	// x is C's rows copied side by side: each copy passes its part of
	// ∂loss/∂x back to the row it came from, and a token used several
	// times (in several examples or context places) collects the sum.
	gc := g.c.RawMatrix().Data
	clear(gc)
	for i := range ws.rows {
		dxi := ws.dx.RawRowView(i)
		for j, t := range ws.ctx[i*k : (i+1)*k] {
			row := gc[int(t)*d : (int(t)+1)*d]
			for c, v := range dxi[j*d : (j+1)*d] {
				row[c] += v
			}
		}
	}
}

// colSums writes the column sums of a into out.
func colSums(out []float64, a *mat.Dense) {
	clear(out)
	rows, _ := a.Dims()
	for i := range rows {
		for j, v := range a.RawRowView(i) {
			out[j] += v
		}
	}
}

// chunk is the number of examples Loss pushes through the network at a
// time: gonum splits a matrix product across goroutines once the result
// spans 4 blocks of 64×64 (blas/gonum blockSize and minParBlock), which
// costs more than it saves at this size; 64 rows keep every product serial.
const chunk = 64

// Loss returns the model's mean cross-entropy on words, in nats per
// character: the mean of −ln p(next token) over every letter of every word
// and every word's end (a word of n letters counts n+1). e^Loss is the
// perplexity. Every word must be non-empty and use only the model's
// alphabet.
func (m *Model) Loss(words []string) (float64, error) {
	ex, err := m.encode(words)
	if err != nil {
		return 0, err
	}
	var sum float64
	var ws *workspace
	for from := 0; from < ex.len(); from += chunk {
		rows := min(chunk, ex.len()-from)
		if ws == nil || ws.rows != rows {
			ws = m.newWorkspace(rows, false)
		}
		ws.load(ex, m.cfg.BlockSize, nil, from)
		m.forward(ws)
		sum += ws.lossSum()
	}
	return sum / float64(ex.len()), nil
}

// LossAndGradients returns the mean cross-entropy over the examples of
// words (as Loss) and its gradient with respect to every learnable number,
// in the shapes of Weights. It does not change the model: it is one
// training step's computation made visible for tests and lessons.
func (m *Model) LossAndGradients(words []string) (float64, Weights, error) {
	ex, err := m.encode(words)
	if err != nil {
		return 0, Weights{}, err
	}
	ws := m.newWorkspace(ex.len(), true)
	ws.load(ex, m.cfg.BlockSize, nil, 0)
	m.forward(ws)
	loss := ws.lossSum() / float64(ws.rows)
	m.backward(ws)
	return loss, weightsOf(ws.grad), nil
}

// Candidate is one possible next token and its probability.
type Candidate struct {
	// Char is the letter, or BoundaryMark when End is true.
	Char rune `json:"char"`
	// End is true for the boundary: the word ends here.
	End bool `json:"end"`
	// P is the probability the model gives it.
	P float64 `json:"p"`
}

// Next returns the probability of every token coming right after the
// beginning of a word, prompt (which may be empty: the first letter),
// most likely first (ties in alphabet order, the end first).
func (m *Model) Next(prompt string) ([]Candidate, error) {
	ws := m.newWorkspace(1, false)
	if err := m.promptContext(prompt, ws.ctx); err != nil {
		return nil, err
	}
	m.forward(ws)
	out := make([]Candidate, m.p.vocab)
	for t, p := range ws.prob.RawRowView(0) {
		out[t] = m.candidate(t, p)
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		switch {
		case a.P > b.P:
			return -1
		case a.P < b.P:
			return 1
		}
		return 0
	})
	return out, nil
}

func (m *Model) candidate(t int, p float64) Candidate {
	if t == Boundary {
		return Candidate{Char: BoundaryMark, End: true, P: p}
	}
	return Candidate{Char: m.alphabet[t-1], P: p}
}

// promptContext writes into ctx (BlockSize tokens) the context after
// prompt: its last letters, with boundaries in front if it is shorter.
func (m *Model) promptContext(prompt string, ctx []int32) error {
	if !utf8.ValidString(prompt) {
		return errors.New("charlm: the prompt is not valid UTF-8")
	}
	clear(ctx)
	k := len(ctx)
	for _, r := range prompt {
		t, ok := m.token[r]
		if !ok {
			return fmt.Errorf("charlm: the prompt has %q, which is not in the model's alphabet", r)
		}
		copy(ctx, ctx[1:])
		ctx[k-1] = int32(t)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
