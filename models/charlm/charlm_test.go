package charlm_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/charlm"
	"github.com/aisandbox/aisandbox/models/internal/gradcheck"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// grammarData returns 2000 training and 400 validation words of the
// syllable grammar and their joint alphabet.
func grammarData(seed uint64) (train, val []string, alphabet string) {
	rng := rand.New(rand.NewPCG(seed, 0))
	train = syllableWords(2000, rng)
	val = syllableWords(400, rng)
	return train, val, charlm.Alphabet(slices.Concat(train, val))
}

// TestLearnsSyllableGrammar trains the default model for 8 epochs on words
// of the syllable grammar and checks its validation loss against a
// count-based bigram model's. The grammar's vowel harmony is invisible to a
// bigram model; with a context of 3 the network can see it, which is worth
// ln 2 ≈ 0.69 nats on every vowel after the first, about 0.2 nats per
// character (measured: 1.89 against 2.11). The test asks for 0.15.
func TestLearnsSyllableGrammar(t *testing.T) {
	train, val, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(2, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	// Small output weights make the first guess nearly uniform: loss ≈ ln V.
	start, err := m.Loss(val)
	if err != nil {
		t.Fatal(err)
	}
	if uniform := math.Log(float64(m.VocabSize())); math.Abs(start-uniform) > 0.05 {
		t.Errorf("untrained loss %.4f, want about ln V = %.4f", start, uniform)
	}
	if err := charlm.Train(context.Background(), m, train, 8, charlm.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	got, err := m.Loss(val)
	if err != nil {
		t.Fatal(err)
	}
	bigram := bigramLoss(train, val, alphabet)
	t.Logf("validation loss: untrained %.4f, bigram %.4f, charlm %.4f nats/char", start, bigram, got)
	if !(got < bigram-0.15) {
		t.Errorf("validation loss %.4f, want below the bigram's %.4f by 0.15", got, bigram)
	}
}

// randomWeights gives m weights drawn from a standard normal distribution
// (scaled by 0.5), biases included, so that every gradient is far from 0.
func randomWeights(t *testing.T, m *charlm.Model, rng *rand.Rand) {
	t.Helper()
	w := m.Weights()
	for _, d := range []*mat.Dense{w.Embed, w.W1, w.W2} {
		raw := d.RawMatrix().Data
		for i := range raw {
			raw[i] = 0.5 * rng.NormFloat64()
		}
	}
	for _, b := range [][]float64{w.B1, w.B2} {
		for i := range b {
			b[i] = 0.5 * rng.NormFloat64()
		}
	}
	if err := m.SetWeights(w); err != nil {
		t.Fatal(err)
	}
}

// tinyWords are the words of the gradient checks: every letter, a word
// shorter than the context and one longer, and a repeated letter, so that
// an embedding row collects several gradients.
var tinyWords = []string{"ab", "cab", "b", "abcca"}

// TestGradientsFiniteDifference compares every gradient of a tiny model
// (context 2, embeddings of 3, 4 hidden units, 60 numbers) with central
// differences (L(θ+h) − L(θ−h))/2h, h = 1e-5. Their truncation error is
// about h² times the third derivative / 6 ≈ 1e-10 and their rounding error about 1e-16/h ≈ 1e-11,
// so 1e-7 leaves room while any wrong term fails by far.
func TestGradientsFiniteDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	m, err := charlm.New(charlm.Config{BlockSize: 2, Embedding: 3, Hidden: 4}, "abc", rng)
	if err != nil {
		t.Fatal(err)
	}
	randomWeights(t, m, rng)
	if m.NumParams() != 4*3+6*4+4+4*4+4 {
		t.Fatalf("%d parameters, want 60", m.NumParams())
	}
	_, grads, err := m.LossAndGradients(tinyWords)
	if err != nil {
		t.Fatal(err)
	}
	base := m.Weights()
	// Each block: a name, its numbers in the model's weights, and in the
	// gradient.
	blocks := func(w charlm.Weights) [][]float64 {
		return [][]float64{w.Embed.RawMatrix().Data, w.W1.RawMatrix().Data, w.B1, w.W2.RawMatrix().Data, w.B2}
	}
	names := []string{"embedding", "W1", "b1", "W2", "b2"}
	const h = 1e-5
	for b, g := range blocks(grads) {
		for i := range g {
			fd := gradcheck.Central(h, func(delta float64) float64 {
				w := m.Weights()
				blocks(w)[b][i] = blocks(base)[b][i] + delta
				if err := m.SetWeights(w); err != nil {
					t.Fatal(err)
				}
				l, err := m.Loss(tinyWords)
				if err != nil {
					t.Fatal(err)
				}
				return l
			})
			if err := m.SetWeights(base); err != nil {
				t.Fatal(err)
			}
			if math.Abs(fd-g[i]) > 1e-7*max(1, math.Abs(fd)) {
				t.Errorf("∂loss/∂%s[%d] = %.12g, finite difference %.12g", names[b], i, g[i], fd)
			}
		}
	}
	if err := m.SetWeights(base); err != nil {
		t.Fatal(err)
	}
}

// trainRun trains a fresh model with the given seed and returns its epoch
// losses, weights and three samples.
func trainRun(t *testing.T, seed uint64, cfg charlm.TrainConfig) ([]float64, []float64, []string) {
	t.Helper()
	train, _, alphabet := grammarData(5)
	train = train[:300]
	rng := rand.New(rand.NewPCG(seed, 0))
	m, err := charlm.New(charlm.Config{Hidden: 16}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	err = charlm.Train(context.Background(), m, train, 3, cfg, rng, func(_ int, loss float64) {
		losses = append(losses, loss)
	})
	if err != nil {
		t.Fatal(err)
	}
	var samples []string
	for range 3 {
		s, err := m.Sample(rng, "", charlm.SampleConfig{Temperature: 1})
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, s)
	}
	w := m.Weights()
	return losses, slices.Concat(w.Embed.RawMatrix().Data, w.W1.RawMatrix().Data, w.B1, w.W2.RawMatrix().Data, w.B2), samples
}

func TestDeterminism(t *testing.T) {
	for _, cfg := range []charlm.TrainConfig{{}, {Optimizer: mlp.SGD, BatchSize: 10}} {
		l1, w1, s1 := trainRun(t, 9, cfg)
		l2, w2, s2 := trainRun(t, 9, cfg)
		if !slices.Equal(l1, l2) || !slices.Equal(w1, w2) || !slices.Equal(s1, s2) {
			t.Errorf("%v: two runs with seed 9 differ: losses %v / %v, samples %q / %q", cfg.Optimizer, l1, l2, s1, s2)
		}
		l3, _, _ := trainRun(t, 10, cfg)
		if slices.Equal(l1, l3) {
			t.Errorf("%v: seeds 9 and 10 gave the same losses %v", cfg.Optimizer, l1)
		}
	}
}

// countdownContext is a context that reports cancellation after its Err
// method has been called n times.
type countdownContext struct {
	context.Context
	n int
}

func (c *countdownContext) Err() error {
	c.n--
	if c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestCancellation(t *testing.T) {
	train, _, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := charlm.NewTrainer(m, train[:200], charlm.TrainConfig{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	before := m.Weights()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Epoch(ctx); !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "charlm: ") {
		t.Fatalf("cancelled epoch: error %v, want one wrapping context.Canceled", err)
	}
	if !mat.Equal(before.W1, m.Weights().W1) {
		t.Error("a cancelled epoch changed the weights")
	}
	// Stop after 5 batches: the weights change, the error says where.
	_, err = tr.Epoch(&countdownContext{Context: context.Background(), n: 5})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "after 160 of") {
		t.Errorf("error %v, want a cancellation after 160 examples", err)
	}
	if mat.Equal(before.W1, m.Weights().W1) {
		t.Error("5 steps did not change the weights")
	}
	// The trainer can go on.
	if _, err := tr.Epoch(context.Background()); err != nil {
		t.Errorf("epoch after a cancellation: %v", err)
	}
}

func TestDivergence(t *testing.T) {
	train, _, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	// The gradients of this model are bounded (softmax and tanh keep them
	// so), so only an absurd rate overflows: Adam moves every number by
	// about the rate itself, and 1e300 squared is beyond float64.
	tr, err := charlm.NewTrainer(m, train[:200], charlm.TrainConfig{LearningRate: 1e300}, rng)
	if err != nil {
		t.Fatal(err)
	}
	var derr *charlm.DivergedError
	for e := 0; e < 5 && derr == nil; e++ {
		_, err := tr.Epoch(context.Background())
		if err != nil && !errors.As(err, &derr) {
			t.Fatalf("error %v, want a *DivergedError", err)
		}
	}
	if derr == nil {
		t.Fatal("a learning rate of 1e300 did not diverge in 5 epochs")
	}
	if !strings.Contains(derr.Error(), "too large") || derr.LearningRate != 1e300 {
		t.Errorf("error %q, want it to name the learning rate as too large", derr)
	}
	if _, err := tr.Step(); !errors.Is(err, derr) {
		t.Errorf("after divergence Step returned %v, want the same error", err)
	}
	w := m.Weights()
	for _, v := range slices.Concat(w.Embed.RawMatrix().Data, w.W1.RawMatrix().Data, w.W2.RawMatrix().Data, w.B1, w.B2) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatal("the model kept a weight that is not finite")
		}
	}
}

func TestSaveLoad(t *testing.T) {
	train, val, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{BlockSize: 4, Hidden: 20}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := charlm.Train(context.Background(), m, train[:300], 2, charlm.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()
	back, err := charlm.Load(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	l1, err1 := m.Loss(val)
	l2, err2 := back.Loss(val)
	if err1 != nil || err2 != nil || l1 != l2 {
		t.Errorf("loss %v (%v) before saving, %v (%v) after", l1, err1, l2, err2)
	}
	for _, cfg := range []charlm.SampleConfig{{}, {Temperature: 1}} {
		a, _ := m.Sample(rand.New(rand.NewPCG(4, 0)), "ka", cfg)
		b, _ := back.Sample(rand.New(rand.NewPCG(4, 0)), "ka", cfg)
		if a != b {
			t.Errorf("sample %q before saving, %q after", a, b)
		}
	}
	d := back.Describe()
	if d.Kind != "charlm" || d.Parameters != m.NumParams() || d.Settings["block_size"] != 4 || d.Settings["hidden"] != 20 || d.Settings["alphabet"] != alphabet {
		t.Errorf("Describe() = %+v", d)
	}

	// A newer format version, another kind, and a damaged model are refused.
	var v2 bytes.Buffer
	if err := models.Save(&v2, "charlm", 2, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if _, err := charlm.Load(&v2); !errors.Is(err, models.ErrVersion) {
		t.Errorf("version 2: error %v, want models.ErrVersion", err)
	}
	var other bytes.Buffer
	if err := models.Save(&other, "mlp", 1, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if _, err := charlm.Load(&other); err == nil || !strings.Contains(err.Error(), "mlp") {
		t.Errorf("an mlp file: error %v", err)
	}
	short := strings.Replace(string(saved), `"params":[`, `"params":[1,`, 1)
	if _, err := charlm.Load(strings.NewReader(short)); err == nil || !strings.Contains(err.Error(), "learnable numbers") {
		t.Errorf("one number too many: error %v", err)
	}
	dup := strings.Replace(string(saved), `"alphabet":"`, `"alphabet":"aa`, 1)
	if _, err := charlm.Load(strings.NewReader(dup)); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a damaged alphabet: error %v", err)
	}
}

// kazakhWords use every letter of the Kazakh alphabet that Russian lacks.
var kazakhWords = []string{"әке", "ғалым", "қала", "таң", "өнер", "ұлан", "үй", "шаһар", "іні", "ана"}

// TestKazakh checks that letters are runes: the alphabet holds ә ғ қ ң ө ұ
// ү һ і as single letters, and a model that has learnt ten Kazakh words by
// heart completes their beginnings.
func TestKazakh(t *testing.T) {
	alphabet := charlm.Alphabet(kazakhWords)
	for _, r := range "әғқңөұүһі" {
		if !strings.ContainsRune(alphabet, r) {
			t.Errorf("the alphabet %q lacks %q", alphabet, r)
		}
	}
	if got := len([]rune(alphabet)); got != 20 {
		t.Errorf("the alphabet %q has %d letters, want 20", alphabet, got)
	}
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	err = charlm.Train(context.Background(), m, kazakhWords, 150, charlm.TrainConfig{LearningRate: 0.02, BatchSize: 64}, rng, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The ten words start with ten different letters, so the first letter
	// cannot be known: those 10 of the 46 examples cost ln 10 each at best,
	// a floor of 10·ln 10/46 ≈ 0.50 nats per character. Every other letter
	// follows from its context of 3.
	loss, err := m.Loss(kazakhWords)
	floor := 10 * math.Log(10) / 46
	if err != nil || loss > floor+0.05 {
		t.Errorf("training loss %v (%v), want the words learnt by heart (within 0.05 of %.4f)", loss, err, floor)
	}
	for prompt, want := range map[string]string{"ғ": "ғалым", "шаһ": "шаһар", "ө": "өнер", "ұ": "ұлан", "і": "іні"} {
		got, err := m.Sample(nil, prompt, charlm.SampleConfig{})
		if err != nil || got != want {
			t.Errorf("greedy Sample(%q) = %q, %v; want %q", prompt, got, err, want)
		}
	}
	if _, err := m.Loss([]string{"жол"}); err == nil || !strings.Contains(err.Error(), "'ж'") {
		t.Errorf("a word with ж, not in the alphabet: error %v", err)
	}
}

// trainedSmall returns a model trained for 3 epochs on the grammar.
func trainedSmall(t *testing.T) *charlm.Model {
	t.Helper()
	train, _, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	if err := charlm.Train(context.Background(), m, train[:500], 3, charlm.TrainConfig{}, rng, nil); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSampleDistribution draws the letter after "ka" 20,000 times and
// compares the frequencies with the probabilities Next gives, reshaped by
// the temperature (p^(1/T), renormalised) and cut to the top k. Each
// frequency must be within 5 standard deviations, √(p(1−p)/n), of its
// probability (a false alarm about once in 3 million per letter).
func TestSampleDistribution(t *testing.T) {
	m := trainedSmall(t)
	next, err := m.Next("ka")
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for i, c := range next {
		sum += c.P
		if i > 0 && c.P > next[i-1].P {
			t.Errorf("Next is not sorted: %v", next)
		}
	}
	if math.Abs(sum-1) > 1e-12 || len(next) != m.VocabSize() {
		t.Fatalf("Next gives %d tokens summing to %v", len(next), sum)
	}
	const n = 20000
	tests := []struct {
		temp float64
		topK int
	}{{1, 0}, {0.5, 0}, {2, 0}, {1, 3}}
	for _, tt := range tests {
		want := map[string]float64{}
		var z float64
		for i, c := range next {
			if tt.topK > 0 && i >= tt.topK {
				break
			}
			key := string(c.Char)
			if c.End {
				key = ""
			}
			want[key] = math.Pow(c.P, 1/tt.temp)
			z += want[key]
		}
		for k := range want {
			want[k] /= z
		}
		got := map[string]float64{}
		rng := rand.New(rand.NewPCG(6, 0))
		for range n {
			w, err := m.Sample(rng, "ka", charlm.SampleConfig{Temperature: tt.temp, TopK: tt.topK, MaxLen: 3})
			if err != nil {
				t.Fatal(err)
			}
			got[strings.TrimPrefix(w, "ka")] += 1.0 / n
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("T=%v top-k %d: drew %q, which should be impossible", tt.temp, tt.topK, k)
			}
		}
		for k, p := range want {
			sd := math.Sqrt(p * (1 - p) / n)
			if math.Abs(got[k]-p) > 5*sd+1e-12 {
				t.Errorf("T=%v top-k %d: %q drawn %.4f of the time, want %.4f ± %.4f", tt.temp, tt.topK, k, got[k], p, 5*sd)
			}
		}
	}
}

func TestGreedy(t *testing.T) {
	m := trainedSmall(t)
	a, err := m.Sample(nil, "", charlm.SampleConfig{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := m.Sample(rand.New(rand.NewPCG(1, 0)), "", charlm.SampleConfig{TopK: 1, Temperature: 1})
	if a != b || a == "" {
		t.Errorf("greedy %q, top-1 at temperature 1 %q; want the same non-empty word", a, b)
	}
	// Greedy takes the likeliest letter each time.
	next, _ := m.Next("")
	if first := []rune(a)[0]; next[0].End || first != next[0].Char {
		t.Errorf("greedy word %q starts with %q, Next's likeliest is %+v", a, first, next[0])
	}
	for _, maxLen := range []int{1, 2, 4} {
		w, err := m.Sample(rand.New(rand.NewPCG(2, 0)), "", charlm.SampleConfig{Temperature: 2, MaxLen: maxLen})
		if err != nil || len([]rune(w)) > maxLen {
			t.Errorf("MaxLen %d: %q, %v", maxLen, w, err)
		}
	}
	if w, err := m.Sample(nil, "kalabas", charlm.SampleConfig{MaxLen: 4}); w != "kalabas" || err != nil {
		t.Errorf("a prompt longer than MaxLen: %q, %v; want the prompt", w, err)
	}
}

func TestValidation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	newErrs := []struct {
		name     string
		cfg      charlm.Config
		alphabet string
		rng      *rand.Rand
		want     string
	}{
		{"nil rng", charlm.Config{}, "ab", nil, "nil random source"},
		{"empty alphabet", charlm.Config{}, "", rng, "empty"},
		{"duplicate letter", charlm.Config{}, "aba", rng, "twice"},
		{"invalid UTF-8", charlm.Config{}, "a\xff", rng, "UTF-8"},
		{"block size 17", charlm.Config{BlockSize: 17}, "ab", rng, "block size"},
		{"negative embedding", charlm.Config{Embedding: -1}, "ab", rng, "embedding"},
		{"negative hidden", charlm.Config{Hidden: -2}, "ab", rng, "hidden"},
		{"too many parameters", charlm.Config{Hidden: 100000}, "ab", rng, "limit"},
	}
	for _, tt := range newErrs {
		if _, err := charlm.New(tt.cfg, tt.alphabet, tt.rng); err == nil || !strings.HasPrefix(err.Error(), "charlm: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New %s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}

	m, err := charlm.New(charlm.Config{}, "abc", rng)
	if err != nil {
		t.Fatal(err)
	}
	trainErrs := []struct {
		name  string
		m     *charlm.Model
		words []string
		cfg   charlm.TrainConfig
		want  string
	}{
		{"nil model", nil, []string{"ab"}, charlm.TrainConfig{}, "nil model"},
		{"no words", m, nil, charlm.TrainConfig{}, "no words"},
		{"empty word", m, []string{"ab", ""}, charlm.TrainConfig{}, "word 2 is empty"},
		{"unknown letter", m, []string{"abd"}, charlm.TrainConfig{}, "'d'"},
		{"negative rate", m, []string{"ab"}, charlm.TrainConfig{LearningRate: -1}, "learning rate"},
		{"NaN rate", m, []string{"ab"}, charlm.TrainConfig{LearningRate: math.NaN()}, "learning rate"},
		{"negative batch", m, []string{"ab"}, charlm.TrainConfig{BatchSize: -1}, "batch size"},
		{"unknown optimizer", m, []string{"ab"}, charlm.TrainConfig{Optimizer: 9}, "optimizer"},
	}
	for _, tt := range trainErrs {
		if _, err := charlm.NewTrainer(tt.m, tt.words, tt.cfg, rng); err == nil || !strings.HasPrefix(err.Error(), "charlm: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewTrainer %s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	if err := charlm.Train(context.Background(), m, []string{"ab"}, 0, charlm.TrainConfig{}, rng, nil); err == nil {
		t.Error("Train with 0 epochs: no error")
	}

	sampleErrs := []struct {
		name   string
		rng    *rand.Rand
		prompt string
		cfg    charlm.SampleConfig
		want   string
	}{
		{"negative temperature", rng, "", charlm.SampleConfig{Temperature: -1}, "temperature"},
		{"NaN temperature", rng, "", charlm.SampleConfig{Temperature: math.NaN()}, "temperature"},
		{"hot temperature", rng, "", charlm.SampleConfig{Temperature: 11}, "temperature"},
		{"nil rng", nil, "", charlm.SampleConfig{Temperature: 1}, "nil random source"},
		{"negative top-k", rng, "", charlm.SampleConfig{TopK: -1}, "top-k"},
		{"long", rng, "", charlm.SampleConfig{MaxLen: 257}, "maximum length"},
		{"unknown prompt letter", rng, "az", charlm.SampleConfig{}, "'z'"},
	}
	for _, tt := range sampleErrs {
		if _, err := m.Sample(tt.rng, tt.prompt, tt.cfg); err == nil || !strings.HasPrefix(err.Error(), "charlm: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Sample %s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := m.Next("q"); err == nil {
		t.Error("Next with an unknown letter: no error")
	}

	bad := m.Weights()
	bad.B2[0] = math.Inf(1)
	if err := m.SetWeights(bad); err == nil {
		t.Error("SetWeights with an infinite bias: no error")
	}
	bad = m.Weights()
	bad.W1 = mat.NewDense(2, 2, nil)
	if err := m.SetWeights(bad); err == nil || !strings.Contains(err.Error(), "W1") {
		t.Errorf("SetWeights with a wrong W1: error %v", err)
	}
}

func TestEpochDoesNotAllocate(t *testing.T) {
	train, _, alphabet := grammarData(1)
	rng := rand.New(rand.NewPCG(1, 0))
	m, err := charlm.New(charlm.Config{}, alphabet, rng)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := charlm.NewTrainer(m, train[:100], charlm.TrainConfig{}, rng)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if allocs := testing.AllocsPerRun(3, func() {
		if _, err := tr.Epoch(ctx); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("an epoch allocates %v times, want 0", allocs)
	}
}
