package ngram_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/models"
	"github.com/aisandbox/aisandbox/models/ngram"
)

// train trains a model or fails the test.
func train(t testing.TB, docs [][]string, cfg ngram.Config) *ngram.Model {
	t.Helper()
	m, err := ngram.Train(context.Background(), docs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tiny is the corpus of the hand-computed tests: "a b" and "a a".
var tiny = [][]string{{"a", "b"}, {"a", "a"}}

// TestHandComputed checks probabilities against arithmetic by hand.
//
// Vocabulary: </s>, <unk>, a (3 times), b (once): V = 4. With k = 0.5 the
// denominator adds k·V = 2.
//
// Unigram (n = 1): the predicted tokens are a a a b </s> </s>, 6 in all.
//
//	P(a)     = (3 + 0.5) / (6 + 2) = 0.4375
//	P(b)     = (1 + 0.5) / 8       = 0.1875
//	P(</s>)  = (2 + 0.5) / 8       = 0.3125
//	P(<unk>) = (0 + 0.5) / 8       = 0.0625   (sum 1)
//
// Bigram (n = 2): "<s> a b </s>" and "<s> a a </s>" give the pairs
// (<s>,a) 2, (a,b) 1, (b,</s>) 1, (a,a) 1, (a,</s>) 1; so c(<s>) = 2,
// c(a) = 3, c(b) = 1.
//
//	P(a | <s>)    = (2 + 0.5) / (2 + 2) = 0.625
//	P(b | <s>)    = (0 + 0.5) / 4       = 0.125
//	P(b | a)      = (1 + 0.5) / (3 + 2) = 0.3
//	P(<unk> | a)  = (0 + 0.5) / 5       = 0.1
//	P(</s> | b)   = (1 + 0.5) / (1 + 2) = 0.5
//	P(a | b)      = (0 + 0.5) / 3       = 1/6
//	P(a | <unk>)  = 1/V                 = 0.25   (context never seen)
//
// Trigram (n = 3): "<s> <s> a b </s>", "<s> <s> a a </s>"; the context
// (<s>, a) is followed by b once and a once: c = 2.
//
//	P(b | <s> a)  = (1 + 0.5) / (2 + 2) = 0.375
//	P(a | <s> <s>) = (2 + 0.5) / (2 + 2) = 0.625
func TestHandComputed(t *testing.T) {
	uni := train(t, tiny, ngram.Config{N: 1, K: 0.5})
	bi := train(t, tiny, ngram.Config{N: 2, K: 0.5})
	tri := train(t, tiny, ngram.Config{N: 3, K: 0.5})
	tests := []struct {
		m       *ngram.Model
		context []string
		next    string
		want    float64
	}{
		{uni, nil, "a", 0.4375},
		{uni, []string{"b"}, "a", 0.4375}, // a unigram ignores the context
		{uni, nil, "b", 0.1875},
		{uni, nil, ngram.End, 0.3125},
		{uni, nil, "zebra", 0.0625}, // not in the vocabulary: <unk>
		{uni, nil, ngram.Start, 0},
		{bi, nil, "a", 0.625}, // an empty context is the start
		{bi, []string{ngram.Start}, "a", 0.625},
		{bi, nil, "b", 0.125},
		{bi, []string{"a"}, "b", 0.3},
		{bi, []string{"b", "a"}, "b", 0.3}, // only the last word counts
		{bi, []string{"a"}, "zebra", 0.1},
		{bi, []string{"b"}, ngram.End, 0.5},
		{bi, []string{"b"}, "a", 1.0 / 6},
		{bi, []string{"zebra"}, "a", 0.25},
		{tri, []string{"a"}, "b", 0.375}, // one word: <s> is put before it
		{tri, nil, "a", 0.625},
		{tri, []string{"b", "a"}, "b", 0.25}, // (b, a) never seen: 1/V
	}
	for i, tt := range tests {
		if got := tt.m.Prob(tt.context, tt.next); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%d: n=%d P(%s | %q) = %v, want %v", i, tt.m.Order(), tt.next, tt.context, got, tt.want)
		}
	}
}

// TestProbabilitiesSumToOne checks that every context's probabilities
// over the vocabulary sum to 1, and that Next lists them in order.
func TestProbabilitiesSumToOne(t *testing.T) {
	docs := sentences(story)
	for n := 1; n <= ngram.MaxOrder; n++ {
		m := train(t, docs, ngram.Config{N: n})
		for _, ctx := range [][]string{nil, {"the"}, {"the", "children"}, {"of", "the", "river"}, {"zebra", "zebra", "zebra"}} {
			var sum float64
			for _, w := range m.Vocab() {
				sum += m.Prob(ctx, w)
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("n=%d, context %q: probabilities sum to %v", n, ctx, sum)
			}
			next := m.Next(ctx, 0)
			if len(next) != len(m.Vocab()) || !slices.IsSortedFunc(next, func(a, b ngram.Candidate) int { return -cmpFloat(a.Prob, b.Prob) }) {
				t.Errorf("n=%d, context %q: Next is not every word from most probable down", n, ctx)
			}
			if top := m.Next(ctx, 3); len(top) != 3 || top[0] != next[0] || top[0].Prob != m.Prob(ctx, top[0].Word) {
				t.Errorf("n=%d, context %q: Next(3) = %v", n, ctx, top)
			}
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestPerplexityHandComputed checks the definition on the bigram model of
// TestHandComputed: "a b" is predicted as P(a|<s>)·P(b|a)·P(</s>|b) =
// 0.625 · 0.3 · 0.5 = 0.09375 over 3 predictions, so the perplexity is
// 0.09375^(−1/3) ≈ 2.2013 and the cross-entropy log₂ of that.
func TestPerplexityHandComputed(t *testing.T) {
	bi := train(t, tiny, ngram.Config{N: 2, K: 0.5})
	want := math.Pow(0.625*0.3*0.5, -1.0/3)
	got, err := bi.Perplexity([][]string{{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("perplexity %v, want %v", got, want)
	}
	h, err := bi.CrossEntropy([][]string{{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h-math.Log2(want)) > 1e-12 {
		t.Errorf("cross-entropy %v bits, want %v", h, math.Log2(want))
	}
	// Two documents: the predictions of both are pooled. "a" alone is
	// P(a|<s>)·P(</s>|a) = 0.625 · 0.3: five predictions in all.
	want = math.Pow(0.625*0.3*0.5*0.625*0.3, -1.0/5)
	if got, _ := bi.Perplexity([][]string{{"a", "b"}, {"a"}}); math.Abs(got-want) > 1e-12 {
		t.Errorf("perplexity of two documents %v, want %v", got, want)
	}
}

// TestPerplexityUniform checks the known case: a model that gives every
// word of a V-word vocabulary probability 1/V has perplexity V on any
// text. A huge k drowns the counts and makes the model uniform; so does a
// context never seen.
func TestPerplexityUniform(t *testing.T) {
	docs := sentences(story)
	for n := 1; n <= ngram.MaxOrder; n++ {
		m := train(t, docs, ngram.Config{N: n, K: 1e12})
		V := float64(len(m.Vocab()))
		got, err := m.Perplexity(docs[:5])
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-V)/V > 1e-6 {
			t.Errorf("n=%d: perplexity %v of a uniform model, want V = %v", n, got, V)
		}
	}
	// Words never seen make every context unseen for a bigram: 1/V each.
	m := train(t, docs, ngram.Config{N: 2})
	V := float64(len(m.Vocab()))
	// The first prediction has the seen context <s>; the others have
	// <unk>, never seen, so they are uniform: 1/V each.
	doc := []string{"zebra", "zebra", "zebra"}
	p0 := m.Prob(nil, "zebra")
	want := math.Pow(p0/(V*V*V), -1.0/4)
	if got, _ := m.Perplexity([][]string{doc}); math.Abs(got-want)/want > 1e-12 {
		t.Errorf("perplexity %v, want %v", got, want)
	}
}

// TestHeldOutPerplexity checks the lesson: on sentences it did not train
// on, a model that looks at the previous word is less surprised than one
// that does not. Longer contexts help less and less on so little text.
func TestHeldOutPerplexity(t *testing.T) {
	trainDocs, testDocs := split(sentences(story))
	pp := make([]float64, ngram.MaxOrder+1)
	for n := 1; n <= ngram.MaxOrder; n++ {
		m := train(t, trainDocs, ngram.Config{N: n})
		var err error
		if pp[n], err = m.Perplexity(testDocs); err != nil {
			t.Fatal(err)
		}
		trainPP, _ := m.Perplexity(trainDocs)
		t.Logf("n=%d: held-out perplexity %.1f, training perplexity %.1f, %d n-grams", n, pp[n], trainPP, m.Describe().Parameters)
	}
	if pp[2] >= pp[1] || pp[3] >= pp[1] {
		t.Errorf("held-out perplexity unigram %.1f, bigram %.1f, trigram %.1f: want the bigram and trigram below the unigram", pp[1], pp[2], pp[3])
	}
}

// TestChooseK backs the default k = 0.1: on held-out sentences of our
// story it beats Laplace's k = 1 and the nearly unsmoothed k = 0.01 for
// the default bigram (TestHeldOutPerplexityCorpora checks the corpora).
func TestChooseK(t *testing.T) {
	trainDocs, testDocs := split(sentences(story))
	pp := map[float64]float64{}
	for _, k := range []float64{0.01, 0.1, 1} {
		m := train(t, trainDocs, ngram.Config{K: k})
		var err error
		if pp[k], err = m.Perplexity(testDocs); err != nil {
			t.Fatal(err)
		}
		t.Logf("k=%g: held-out perplexity %.2f", k, pp[k])
	}
	if pp[0.1] >= pp[1] || pp[0.1] >= pp[0.01] {
		t.Errorf("k=0.1 gives %.2f, k=1 %.2f, k=0.01 %.2f: want k=0.1 lowest", pp[0.1], pp[1], pp[0.01])
	}
}

// skewed is a corpus where "a" is followed by "b" three times and by "c"
// once: P(b|a) = 3.1/(4 + 0.1·V), P(c|a) = 1.1/(…) with k = 0.1.
var skewed = [][]string{{"a", "b"}, {"a", "b"}, {"a", "b"}, {"a", "c"}}

// TestGreedy checks that temperature 0 always takes the most probable
// word, as Next ranks it.
func TestGreedy(t *testing.T) {
	docs := sentences(story)
	m := train(t, docs, ngram.Config{N: 2})
	got, err := m.Sample(rand.New(rand.NewPCG(1, 0)), []string{"the"}, ngram.SampleConfig{MaxTokens: 8})
	if err != nil {
		t.Fatal(err)
	}
	ctx := []string{"the"}
	for i, w := range got {
		if best := m.Next(ctx, 1)[0].Word; w != best {
			t.Fatalf("word %d: %q, the most probable is %q", i+1, w, best)
		}
		ctx = append(ctx, w)
	}
	// Greedy stops early only when </s> is the most probable next token.
	if len(got) < 8 {
		if best := m.Next(ctx, 1)[0].Word; best != ngram.End {
			t.Errorf("greedy sample %q stopped, but the most probable next word is %q", got, best)
		}
	}
	t.Logf("greedy: the %s", strings.Join(got, " "))
	// On the tiny corpus greedy spells "a b" and stops at </s>.
	s, _ := train(t, skewed, ngram.Config{}).Sample(rand.New(rand.NewPCG(1, 0)), nil, ngram.SampleConfig{})
	if !slices.Equal(s, []string{"a", "b"}) {
		t.Errorf("greedy sample %q, want [a b]", s)
	}
}

// draw samples the word after prompt n times and counts the results.
func draw(t *testing.T, m *ngram.Model, prompt []string, cfg ngram.SampleConfig, n int) map[string]int {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 0))
	cfg.MaxTokens = 1
	counts := make(map[string]int)
	for range n {
		w, err := m.Sample(rng, prompt, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) == 0 {
			counts[ngram.End]++
		} else {
			counts[w[0]]++
		}
	}
	return counts
}

// TestTemperature checks that temperature 1 draws from the model's own
// probabilities (<unk> left out) and that a temperature near 0 always
// takes the most probable word.
func TestTemperature(t *testing.T) {
	m := train(t, skewed, ngram.Config{})
	const n = 20000
	counts := draw(t, m, []string{"a"}, ngram.SampleConfig{Temperature: 1}, n)
	norm := 1 - m.Prob([]string{"a"}, ngram.Unknown)
	for _, w := range []string{"b", "c", "a", ngram.End} {
		want := m.Prob([]string{"a"}, w) / norm
		got := float64(counts[w]) / n
		// Three standard errors of a frequency from n draws.
		if tol := 3 * math.Sqrt(want*(1-want)/n); math.Abs(got-want) > tol {
			t.Errorf("T=1: %q drawn %.4f of the time, the model says %.4f (±%.4f)", w, got, want, tol)
		}
	}
	if counts[ngram.Unknown] != 0 {
		t.Errorf("<unk> drawn %d times", counts[ngram.Unknown])
	}
	// At T = 0.05 the weight of c relative to b is (1.1/3.1)^20 ≈ 1e-9.
	if counts := draw(t, m, []string{"a"}, ngram.SampleConfig{Temperature: 0.05}, 1000); counts["b"] != 1000 {
		t.Errorf("T=0.05: drew %v, want b every time", counts)
	}
	// A high temperature flattens: the unlikely </s> after "a" (weight
	// 0.1 against 3.1, 1.1 and 0.1) is drawn 0.1/4.4 ≈ 2% of the time at
	// T = 1, and 0.1^0.2/(3.1^0.2 + 1.1^0.2 + 2·0.1^0.2) ≈ 18% at T = 5.
	hot := draw(t, m, []string{"a"}, ngram.SampleConfig{Temperature: 5}, n)
	if got := float64(hot[ngram.End]) / n; math.Abs(got-0.1785) > 0.01 {
		t.Errorf("T=5 drew </s> %.4f of the time, want about 0.1785", got)
	}
}

// TestTopK checks that top-k draws only among the k most probable words.
func TestTopK(t *testing.T) {
	m := train(t, sentences(story), ngram.Config{N: 2})
	ctx := []string{"the"}
	for _, k := range []int{1, 2, 5} {
		allowed := map[string]bool{}
		for _, c := range m.Next(ctx, k) {
			allowed[c.Word] = true
		}
		counts := draw(t, m, ctx, ngram.SampleConfig{Temperature: 1, TopK: k}, 3000)
		for w := range counts {
			if !allowed[w] {
				t.Errorf("top-%d drew %q, not among %v", k, w, allowed)
			}
		}
		if len(counts) != k {
			t.Errorf("top-%d drew %d different words in 3000 draws: %v", k, len(counts), counts)
		}
	}
}

// TestSampleSeeded checks that the same seed gives the same words and
// that sampling stops at MaxTokens.
func TestSampleSeeded(t *testing.T) {
	m := train(t, sentences(story), ngram.Config{N: 3})
	cfg := ngram.SampleConfig{Temperature: 1, MaxTokens: 30}
	sample := func(seed uint64) []string {
		s, err := m.Sample(rand.New(rand.NewPCG(seed, 0)), []string{"the", "teacher"}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := sample(3), sample(3)
	if !slices.Equal(a, b) {
		t.Errorf("the same seed gave %q and %q", a, b)
	}
	differ := false
	for seed := uint64(4); seed < 10; seed++ {
		differ = differ || !slices.Equal(sample(seed), a)
	}
	if !differ {
		t.Errorf("six other seeds all gave %q", a)
	}
	long, _ := train(t, sentences(story), ngram.Config{N: 1, K: 1}).Sample(rand.New(rand.NewPCG(1, 0)), nil, ngram.SampleConfig{Temperature: 1, MaxTokens: 5})
	if len(long) > 5 {
		t.Errorf("MaxTokens 5 gave %d words", len(long))
	}
	t.Logf("trigram sample: the teacher %s", strings.Join(a, " "))
}

// TestSampleNeverUnknown checks that <unk> is never drawn, even when it
// has real counts (rare words become <unk> with MinCount 2).
func TestSampleNeverUnknown(t *testing.T) {
	m := train(t, sentences(story), ngram.Config{N: 1, MinCount: 2})
	if m.Prob(nil, ngram.Unknown) < 0.05 {
		t.Fatalf("P(<unk>) = %v: the test needs rare words", m.Prob(nil, ngram.Unknown))
	}
	rng := rand.New(rand.NewPCG(1, 0))
	for range 200 {
		s, err := m.Sample(rng, nil, ngram.SampleConfig{Temperature: 1.5, MaxTokens: 20})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(s, ngram.Unknown) {
			t.Fatalf("sampled %q", s)
		}
	}
}

// TestSaveLoad checks that a loaded model gives the same probabilities,
// perplexity, description and seeded samples, and that saving is
// deterministic.
func TestSaveLoad(t *testing.T) {
	docs := sentences(story)
	for n := 1; n <= ngram.MaxOrder; n++ {
		m := train(t, docs, ngram.Config{N: n, K: 0.3, MinCount: 2})
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		saved := slices.Clone(buf.Bytes())
		got, err := ngram.Load(&buf)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if fmt.Sprint(got.Describe()) != fmt.Sprint(m.Describe()) {
			t.Errorf("n=%d: loaded describes itself as %v, want %v", n, got.Describe(), m.Describe())
		}
		for _, d := range docs[:10] {
			for i := range d {
				if a, b := m.Prob(d[:i], d[i]), got.Prob(d[:i], d[i]); a != b {
					t.Fatalf("n=%d: P(%s | %q) = %v after loading, %v before", n, d[i], d[:i], b, a)
				}
			}
		}
		p1, _ := m.Perplexity(docs)
		p2, _ := got.Perplexity(docs)
		if p1 != p2 {
			t.Errorf("n=%d: perplexity %v after loading, %v before", n, p2, p1)
		}
		cfg := ngram.SampleConfig{Temperature: 0.8, TopK: 10}
		s1, _ := m.Sample(rand.New(rand.NewPCG(5, 0)), []string{"the"}, cfg)
		s2, _ := got.Sample(rand.New(rand.NewPCG(5, 0)), []string{"the"}, cfg)
		if !slices.Equal(s1, s2) {
			t.Errorf("n=%d: sample %q after loading, %q before", n, s2, s1)
		}
		var again bytes.Buffer
		if err := train(t, docs, ngram.Config{N: n, K: 0.3, MinCount: 2}).Save(&again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(saved, again.Bytes()) {
			t.Errorf("n=%d: training twice saved different bytes", n)
		}
	}
}

// TestLoadRefuses checks that Load rejects other versions and broken
// files.
func TestLoadRefuses(t *testing.T) {
	envelope := func(version int, body string) string {
		return fmt.Sprintf(`{"format":"aisandbox-model","kind":"ngram","version":%d,"model":%s}`, version, body)
	}
	good := `{"config":{"n":2,"k":0.5,"min_count":1},"vocab":["</s>","<unk>","a"],"ngrams":[[-1,2,1],[2,0,1]]}`
	m, err := ngram.Load(strings.NewReader(envelope(1, good)))
	if err != nil {
		t.Fatalf("a valid file: %v", err)
	}
	// V = 3; P(a | <s>) = (1 + 0.5)/(1 + 1.5) = 0.6.
	if p := m.Prob(nil, "a"); math.Abs(p-0.6) > 1e-12 {
		t.Errorf("P(a | <s>) = %v, want 0.6", p)
	}
	tests := []struct{ name, data string }{
		{"newer version", envelope(2, good)},
		{"another kind", `{"format":"aisandbox-model","kind":"mlp","version":1,"model":{}}`},
		{"bad n", envelope(1, `{"config":{"n":7},"vocab":["</s>","<unk>"],"ngrams":[]}`)},
		{"no markers", envelope(1, `{"config":{"n":1},"vocab":["a"],"ngrams":[]}`)},
		{"marker as word", envelope(1, `{"config":{"n":1},"vocab":["</s>","<unk>","<s>"],"ngrams":[]}`)},
		{"duplicate word", envelope(1, `{"config":{"n":1},"vocab":["</s>","<unk>","a","a"],"ngrams":[]}`)},
		{"short n-gram", envelope(1, `{"config":{"n":2},"vocab":["</s>","<unk>","a"],"ngrams":[[2,1]]}`)},
		{"id out of range", envelope(1, `{"config":{"n":2},"vocab":["</s>","<unk>","a"],"ngrams":[[3,0,1]]}`)},
		{"start predicted", envelope(1, `{"config":{"n":2},"vocab":["</s>","<unk>","a"],"ngrams":[[2,-1,1]]}`)},
		{"zero count", envelope(1, `{"config":{"n":2},"vocab":["</s>","<unk>","a"],"ngrams":[[2,0,0]]}`)},
		{"duplicate n-gram", envelope(1, `{"config":{"n":2},"vocab":["</s>","<unk>","a"],"ngrams":[[2,0,1],[2,0,1]]}`)},
	}
	for _, tt := range tests {
		_, err := ngram.Load(strings.NewReader(tt.data))
		if err == nil {
			t.Errorf("%s: loaded", tt.name)
		} else if !strings.HasPrefix(err.Error(), "ngram: ") {
			t.Errorf("%s: error %q does not start with the package name", tt.name, err)
		}
	}
	if _, err := ngram.Load(strings.NewReader(envelope(2, good))); !errors.Is(err, models.ErrVersion) {
		t.Errorf("a newer version: error %v does not wrap models.ErrVersion", err)
	}
}

// TestValidation checks the errors of Train, Perplexity and Sample.
func TestValidation(t *testing.T) {
	ok := [][]string{{"a", "b"}}
	trainTests := []struct {
		name string
		docs [][]string
		cfg  ngram.Config
		want string
	}{
		{"n too large", ok, ngram.Config{N: 5}, "n must be"},
		{"negative n", ok, ngram.Config{N: -1}, "n must be"},
		{"negative k", ok, ngram.Config{K: -0.1}, "k must be"},
		{"NaN k", ok, ngram.Config{K: math.NaN()}, "k must be"},
		{"negative minimum", ok, ngram.Config{MinCount: -1}, "minimum count"},
		{"no documents", nil, ngram.Config{}, "no documents"},
		{"no tokens", [][]string{{}, {}}, ngram.Config{}, "no tokens"},
		{"empty token", [][]string{{"a", ""}}, ngram.Config{}, "document 1, token 2: empty token"},
		{"start marker", [][]string{{"a"}, {"<s>"}}, ngram.Config{}, "document 2, token 1"},
		{"end marker", [][]string{{"</s>"}}, ngram.Config{}, "marker"},
	}
	for _, tt := range trainTests {
		_, err := ngram.Train(context.Background(), tt.docs, tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "ngram: ") {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	m := train(t, ok, ngram.Config{})
	if _, err := m.Perplexity(nil); err == nil {
		t.Error("perplexity of no documents: no error")
	}
	if _, err := m.Perplexity([][]string{{"<unk>"}}); err == nil {
		t.Error("perplexity of a marker: no error")
	}
	rng := rand.New(rand.NewPCG(1, 0))
	sampleTests := []struct {
		name string
		rng  *rand.Rand
		cfg  ngram.SampleConfig
	}{
		{"nil rng", nil, ngram.SampleConfig{}},
		{"negative temperature", rng, ngram.SampleConfig{Temperature: -1}},
		{"infinite temperature", rng, ngram.SampleConfig{Temperature: math.Inf(1)}},
		{"negative top-k", rng, ngram.SampleConfig{TopK: -1}},
		{"too many tokens", rng, ngram.SampleConfig{MaxTokens: ngram.MaxSampleTokens + 1}},
	}
	for _, tt := range sampleTests {
		if _, err := m.Sample(tt.rng, nil, tt.cfg); err == nil || !strings.HasPrefix(err.Error(), "ngram: ") {
			t.Errorf("%s: error %v", tt.name, err)
		}
	}
}

// TestCancellation checks that a cancelled context stops training.
func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ngram.Train(ctx, sentences(story), ngram.Config{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want one wrapping context.Canceled", err)
	}
}

// TestDescribe checks the description against counts by hand: the tiny
// bigram model has 5 distinct pairs (see TestHandComputed).
func TestDescribe(t *testing.T) {
	d := train(t, tiny, ngram.Config{K: 0.5}).Describe()
	want := models.Description{Kind: "ngram", Settings: map[string]any{"n": 2, "k": 0.5, "min_count": 1, "vocabulary": 4}, Parameters: 5}
	if fmt.Sprint(d) != fmt.Sprint(want) {
		t.Errorf("Describe = %v, want %v", d, want)
	}
}
