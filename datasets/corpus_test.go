package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/aisandbox/aisandbox/i18n"
)

// kazakhLetters are the letters Kazakh Cyrillic has and Russian lacks.
const kazakhLetters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// corpusMinimums are the sizes the project asked for: at least 400
// sentiment sentences with at least 200 in each class, 300 names and 150
// facts per language.
var corpusMinimums = map[CorpusKind]struct{ texts, perClass int }{
	KindSentiment: {400, 200},
	KindNames:     {300, 0},
	KindFacts:     {150, 0},
}

func mustLoad(t testing.TB, name string) *Corpus {
	t.Helper()
	c, err := LoadCorpus(name)
	if err != nil {
		t.Fatalf("LoadCorpus(%q): %v", name, err)
	}
	return c
}

func TestCorporaRegistry(t *testing.T) {
	want := []struct {
		name string
		kind CorpusKind
		lang i18n.Lang
	}{
		{"sentiment-kk", KindSentiment, i18n.KK},
		{"sentiment-ru", KindSentiment, i18n.RU},
		{"sentiment-en", KindSentiment, i18n.EN},
		{"names-kk", KindNames, i18n.KK},
		{"names-ru", KindNames, i18n.RU},
		{"names-en", KindNames, i18n.EN},
		{"facts-kk", KindFacts, i18n.KK},
		{"facts-ru", KindFacts, i18n.RU},
		{"facts-en", KindFacts, i18n.EN},
	}
	infos := Corpora()
	if len(infos) != len(want) {
		t.Fatalf("Corpora() lists %d corpora, want %d", len(infos), len(want))
	}
	for i, w := range want {
		info := infos[i]
		if info.Name != w.name || info.Kind != w.kind || info.Lang != w.lang {
			t.Errorf("Corpora()[%d] = %s/%s/%s, want %s/%s/%s", i, info.Name, info.Kind, info.Lang, w.name, w.kind, w.lang)
			continue
		}
		c := mustLoad(t, w.name)
		if c.Name != w.name || c.Kind != w.kind || c.Lang != w.lang {
			t.Errorf("LoadCorpus(%q) = %s/%s/%s", w.name, c.Name, c.Kind, c.Lang)
		}
		if info.Size != c.Len() {
			t.Errorf("%s: Corpora says %d texts, LoadCorpus gives %d", w.name, info.Size, c.Len())
		}
		if !reflect.DeepEqual(info.Card, c.Card) {
			t.Errorf("%s: Corpora and LoadCorpus give different cards", w.name)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", w.name, err)
		}
		if c.Labelled() != (w.kind == KindSentiment) {
			t.Errorf("%s: Labelled() = %v", w.name, c.Labelled())
		}
	}
	for _, bad := range []string{"", "sentiment", "sentiment-de", "../corpus.go", "corpora/names-en.txt"} {
		if _, err := LoadCorpus(bad); err == nil || !strings.HasPrefix(err.Error(), "datasets: ") {
			t.Errorf("LoadCorpus(%q) error = %v, want one starting with \"datasets: \"", bad, err)
		}
	}
	// Changing what one caller got must not change what the next one gets.
	c := mustLoad(t, "names-en")
	c.Texts[0] = "changed"
	c.Card.Title.EN = "changed"
	if d := mustLoad(t, "names-en"); d.Texts[0] == "changed" || d.Card.Title.EN == "changed" {
		t.Error("LoadCorpus shares its corpora between calls")
	}
}

func TestCorpusSizesAndBalance(t *testing.T) {
	for _, info := range Corpora() {
		c := mustLoad(t, info.Name)
		min := corpusMinimums[c.Kind]
		t.Logf("%s: %d texts, class counts %v", c.Name, c.Len(), c.ClassCounts())
		if c.Len() < min.texts {
			t.Errorf("%s has %d texts, want at least %d", c.Name, c.Len(), min.texts)
		}
		if c.Kind != KindSentiment {
			continue
		}
		counts := c.ClassCounts()
		if !reflect.DeepEqual(c.Classes, []string{"negative", "positive"}) {
			t.Errorf("%s: classes %v", c.Name, c.Classes)
		}
		for k, n := range counts {
			if n < min.perClass {
				t.Errorf("%s: class %s has %d sentences, want at least %d", c.Name, c.Classes[k], n, min.perClass)
			}
		}
		// Balanced within 2% of the corpus (the project's requirement).
		if d := math.Abs(float64(counts[0]-counts[1])) / float64(c.Len()); d > 0.02 {
			t.Errorf("%s: classes %v differ by %.1f%% of the corpus, want at most 2%%", c.Name, counts, 100*d)
		}
	}
}

// dupKey folds what a reader would not call a different text: letter case,
// punctuation and spacing.
func dupKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

func TestCorpusNoDuplicates(t *testing.T) {
	for _, info := range Corpora() {
		c := mustLoad(t, info.Name)
		seen := make(map[string]int)
		for i, s := range c.Texts {
			k := dupKey(s)
			if j, ok := seen[k]; ok {
				t.Errorf("%s: text %d %q repeats text %d %q", c.Name, i, s, j, c.Texts[j])
			}
			seen[k] = i
		}
	}
}

func TestCorpusFilesAreNFC(t *testing.T) {
	entries, err := corpusFiles.ReadDir("corpora")
	if err != nil {
		t.Fatal(err)
	}
	reg := corpusRegistry()
	if len(entries) != len(reg) {
		t.Errorf("corpora/ holds %d files, the registry names %d", len(entries), len(reg))
	}
	for _, e := range entries {
		data, err := corpusFiles.ReadFile("corpora/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		// The files themselves, not only the loaded texts, are stored in NFC,
		// so that tools reading them directly see the same text.
		if !norm.NFC.IsNormal(data) {
			t.Errorf("corpora/%s is not in Unicode NFC", e.Name())
		}
		if strings.Contains(string(data), "\r") {
			t.Errorf("corpora/%s has \\r line ends", e.Name())
		}
	}
	for _, info := range Corpora() {
		for i, s := range mustLoad(t, info.Name).Texts {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: text %d is not NFC: %q", info.Name, i, s)
			}
		}
	}
}

// englishExtra are the non-ASCII characters English texts may use: the
// degree sign, dashes and typographic quotes.
const englishExtra = "°–—‘’“”"

// mixedScript reports a word that mixes Latin and Cyrillic letters, such as
// a Latin "a" or "i" typed inside a Kazakh or Russian word.
func mixedScript(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Latin, r) }) &&
			strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
			return w
		}
	}
	return ""
}

func TestCorpusScripts(t *testing.T) {
	// The share of Kazakh texts that must hold a letter only Kazakh has.
	// Sentences and facts use them in almost every line (measured: over 99%);
	// names are short, and many common Kazakh names (Арман, Марат, Дана)
	// need none of them (measured: about 55%).
	kkShare := map[CorpusKind]float64{KindSentiment: 0.6, KindFacts: 0.6, KindNames: 0.4}
	for _, info := range Corpora() {
		c := mustLoad(t, info.Name)
		switch c.Lang {
		case i18n.KK:
			n := 0
			for _, s := range c.Texts {
				if strings.ContainsAny(s, kazakhLetters) {
					n++
				}
			}
			share := float64(n) / float64(c.Len())
			t.Logf("%s: %.0f%% of texts hold a Kazakh-only letter", c.Name, 100*share)
			if share < kkShare[c.Kind] {
				t.Errorf("%s: only %.0f%% of texts hold a Kazakh-only letter, want at least %.0f%%", c.Name, 100*share, 100*kkShare[c.Kind])
			}
		case i18n.RU:
			for i, s := range c.Texts {
				if strings.ContainsAny(s, kazakhLetters) {
					t.Errorf("%s: text %d holds a Kazakh-only letter: %q", c.Name, i, s)
				}
			}
		case i18n.EN:
			for i, s := range c.Texts {
				for _, r := range s {
					if (r < ' ' || r > '~') && !strings.ContainsRune(englishExtra, r) {
						t.Errorf("%s: text %d holds %q: %q", c.Name, i, r, s)
						break
					}
				}
			}
		}
		if c.Lang != i18n.EN {
			for i, s := range c.Texts {
				if w := mixedScript(s); w != "" {
					t.Errorf("%s: text %d mixes Latin and Cyrillic letters in %q", c.Name, i, w)
				}
			}
		}
		if c.Kind == KindNames {
			for i, s := range c.Texts {
				r := []rune(s)
				if strings.ContainsAny(s, " .,") || !unicode.IsUpper(r[0]) {
					t.Errorf("%s: text %d %q is not a capitalised single name", c.Name, i, s)
				}
			}
		}
		if c.Kind != KindNames {
			for i, s := range c.Texts {
				if !strings.ContainsAny(s[len(s)-1:], ".!?") {
					t.Errorf("%s: text %d does not end a sentence: %q", c.Name, i, s)
				}
			}
		}
	}
}

func TestCorpusCards(t *testing.T) {
	for _, info := range Corpora() {
		c := mustLoad(t, info.Name)
		checkCard(t, c.Name, c.Card)
		// The card states the size the corpus really has.
		n := strconv.Itoa(c.Len())
		for _, l := range i18n.All {
			if !strings.Contains(c.Card.Source.In(l), n) {
				t.Errorf("%s: card source in %s does not give the size %s", c.Name, l, n)
			}
		}
		if c.Kind == KindSentiment {
			if len(c.Card.Classes) != len(c.Classes) {
				t.Errorf("%s: card has %d class titles for %d classes", c.Name, len(c.Card.Classes), len(c.Classes))
			}
			for k, ct := range c.Card.Classes {
				if m := ct.Missing(); len(m) > 0 {
					t.Errorf("%s: class %d has no title in %v", c.Name, k, m)
				}
				if ct.EN != c.Classes[k] {
					t.Errorf("%s: class %d titled %q in English, named %q", c.Name, k, ct.EN, c.Classes[k])
				}
			}
			if got := c.ClassTitles()[SentimentPositive].KK; got != "жағымды" {
				t.Errorf("%s: positive class in Kazakh is %q", c.Name, got)
			}
			if !c.Card.Synthetic {
				t.Errorf("%s: invented sentences must be marked synthetic", c.Name)
			}
		} else if len(c.Card.Classes) != 0 || c.Card.Synthetic {
			t.Errorf("%s: unlabelled real-world list has class titles %v or is marked synthetic", c.Name, c.Card.Classes)
		}
	}
	// Titles tell the corpora apart in every language.
	seen := make(map[string]string)
	for _, info := range Corpora() {
		for _, l := range i18n.All {
			title := info.Card.Title.In(l)
			if other, ok := seen[title]; ok {
				t.Errorf("%s and %s share the title %q", info.Name, other, title)
			}
			seen[title] = info.Name
		}
	}
}

func TestParseCorpus(t *testing.T) {
	tests := []struct {
		name   string
		kind   CorpusKind
		data   string
		texts  []string
		labels []int
		err    string // part of the error; "" means none
	}{
		{
			name:  "sentiment with comments, blank lines, CRLF and BOM",
			kind:  KindSentiment,
			data:  "\uFEFF# header\r\n\r\npos\tGood film.\r\n  # indented comment\nneg \t  Bad soup.  \n",
			texts: []string{"Good film.", "Bad soup."}, labels: []int{SentimentPositive, SentimentNegative},
		},
		{
			name: "NFD becomes NFC",
			kind: KindNames,
			data: "Андрии\u0306\nАлёна\nАле\u0308на2\n",
			// "й" and "ё" written as a letter plus a combining mark.
			texts: []string{"Андрий", "Алёна", "Алёна2"},
		},
		{name: "unknown label", kind: KindSentiment, data: "good\tNice.\n", err: `line 1: the label "good"`},
		{name: "no tab", kind: KindSentiment, data: "# c\npos Nice.\n", err: "line 2: want"},
		{name: "empty sentence", kind: KindSentiment, data: "pos\t  \n", err: "line 1: the text is empty"},
		{name: "tab in a name", kind: KindNames, data: "Anna\nBen\tTom\n", err: "line 2: the text holds a tab"},
		{name: "duplicate after NFC", kind: KindNames, data: "Алёна\nАле\u0308на\n", err: "line 2 repeats line 1"},
		{name: "duplicate sentence", kind: KindSentiment, data: "pos\tFine.\nneg\tFine.\n", err: "line 2 repeats line 1"},
		{name: "not UTF-8", kind: KindFacts, data: "Fine.\nBad \xff byte.\n", err: "line 2: the text is not valid UTF-8"},
		{name: "only comments", kind: KindFacts, data: "# a\n\n# b\n", err: "no texts"},
		{name: "unknown kind", kind: "poems", data: "A line.\n", err: "unknown corpus kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts, labels, err := parseCorpus(tt.kind, []byte(tt.data))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(texts, tt.texts) {
				t.Errorf("texts = %q, want %q", texts, tt.texts)
			}
			if !slices.Equal(labels, tt.labels) {
				t.Errorf("labels = %v, want %v", labels, tt.labels)
			}
			if (labels != nil) != (tt.kind == KindSentiment) {
				t.Errorf("labels = %#v for kind %s", labels, tt.kind)
			}
		})
	}
}

func TestCorpusValidate(t *testing.T) {
	good := func() *Corpus {
		return &Corpus{Name: "t", Kind: KindSentiment, Lang: i18n.EN,
			Texts: []string{"Good.", "Bad."}, Labels: []int{1, 0}, Classes: []string{"negative", "positive"}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("valid corpus: %v", err)
	}
	tests := []struct {
		name   string
		break_ func(c *Corpus)
		err    string
	}{
		{"no name", func(c *Corpus) { c.Name = "" }, "no name"},
		{"bad language", func(c *Corpus) { c.Lang = "de" }, "unsupported language"},
		{"no texts", func(c *Corpus) { c.Texts, c.Labels = nil, nil; c.Classes = nil }, "no texts"},
		{"empty text", func(c *Corpus) { c.Texts[0] = "" }, "empty"},
		{"padded text", func(c *Corpus) { c.Texts[0] = " Good." }, "space"},
		{"two lines", func(c *Corpus) { c.Texts[0] = "Good.\nVery." }, "line break"},
		{"not NFC", func(c *Corpus) { c.Texts[0] = "Але\u0308на." }, "NFC"},
		{"not UTF-8", func(c *Corpus) { c.Texts[0] = "Go\xffod." }, "UTF-8"},
		{"label out of range", func(c *Corpus) { c.Labels[1] = 2 }, "label 2"},
		{"negative label", func(c *Corpus) { c.Labels[1] = -1 }, "label -1"},
		{"too few labels", func(c *Corpus) { c.Labels = c.Labels[:1] }, "2 texts but 1 labels"},
		{"one class", func(c *Corpus) { c.Classes = c.Classes[:1]; c.Labels = []int{0, 0} }, "at least 2"},
		{"repeated class", func(c *Corpus) { c.Classes[1] = "negative" }, "appears twice"},
		{"unnamed class", func(c *Corpus) { c.Classes[0] = "" }, "no name"},
		{"classes without labels", func(c *Corpus) { c.Labels = nil }, "no labels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.break_(c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "datasets: ") {
				t.Errorf("Validate() = %v, want a datasets error containing %q", err, tt.err)
			}
		})
	}
	var nilCorpus *Corpus
	if err := nilCorpus.Validate(); err == nil {
		t.Error("nil corpus validated")
	}
}

func TestCorpusSplit(t *testing.T) {
	for _, name := range []string{"sentiment-kk", "names-ru", "facts-en"} {
		t.Run(name, func(t *testing.T) {
			c := mustLoad(t, name)
			train, test, err := c.Split(0.3, rand.New(rand.NewPCG(7, 0)))
			if err != nil {
				t.Fatal(err)
			}
			// Together the parts hold every text exactly once.
			all := append(slices.Clone(train.Texts), test.Texts...)
			slices.Sort(all)
			want := slices.Sorted(slices.Values(c.Texts))
			if !slices.Equal(all, want) {
				t.Fatal("train and test together are not the corpus")
			}
			// Labels travel with their texts.
			label := make(map[string]int)
			for i, s := range c.Texts {
				if c.Labelled() {
					label[s] = c.Labels[i]
				}
			}
			for _, part := range []*Corpus{train, test} {
				if part.Labelled() != c.Labelled() || part.Name != c.Name || part.Lang != c.Lang {
					t.Fatalf("part lost the corpus's identity: %s %s labelled=%v", part.Name, part.Lang, part.Labelled())
				}
				for i, s := range part.Texts {
					if c.Labelled() && part.Labels[i] != label[s] {
						t.Fatalf("text %q moved with label %d, want %d", s, part.Labels[i], label[s])
					}
				}
			}
			// Stratified: each class sends round(0.3·count) to the test part.
			if c.Labelled() {
				cc, tc := c.ClassCounts(), test.ClassCounts()
				for k := range cc {
					if w := int(math.Round(0.3 * float64(cc[k]))); tc[k] != w {
						t.Errorf("class %s: %d of %d in test, want %d", c.Classes[k], tc[k], cc[k], w)
					}
				}
			} else if w := int(math.Round(0.3 * float64(c.Len()))); test.Len() != w {
				t.Errorf("test part has %d of %d texts, want %d", test.Len(), c.Len(), w)
			}
			// Deterministic: the same seed gives the same split, another seed
			// a different one.
			train2, test2, err := c.Split(0.3, rand.New(rand.NewPCG(7, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(train, train2) || !reflect.DeepEqual(test, test2) {
				t.Error("the same seed gave different splits")
			}
			_, test3, err := c.Split(0.3, rand.New(rand.NewPCG(8, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if slices.Equal(test.Texts, test3.Texts) {
				t.Error("seeds 7 and 8 gave the same split")
			}
		})
	}
}

func TestCorpusSplitErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 0))
	c := mustLoad(t, "names-en")
	one := &Corpus{Name: "one", Kind: KindNames, Lang: i18n.EN, Texts: []string{"Anna"}}
	singles := &Corpus{Name: "singles", Kind: KindSentiment, Lang: i18n.EN,
		Texts: []string{"Good.", "Bad."}, Labels: []int{1, 0}, Classes: []string{"negative", "positive"}}
	var nilCorpus *Corpus
	tests := []struct {
		name     string
		c        *Corpus
		fraction float64
		rng      *rand.Rand
		err      string
	}{
		{"nil corpus", nilCorpus, 0.3, rng, "nil corpus"},
		{"nil rng", c, 0.3, nil, "nil random source"},
		{"zero fraction", c, 0, rng, "test fraction"},
		{"too large fraction", c, 0.95, rng, "test fraction"},
		{"NaN fraction", c, math.NaN(), rng, "test fraction"},
		{"one text", one, 0.5, rng, "at least 2"},
		{"one text a class", singles, 0.5, rng, "test part would be empty"},
		{"invalid corpus", &Corpus{Name: "bad", Lang: i18n.EN, Texts: []string{"a", ""}}, 0.5, rng, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.c.Split(tt.fraction, tt.rng)
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "datasets: ") {
				t.Errorf("Split error = %v, want a datasets error containing %q", err, tt.err)
			}
		})
	}
}

// words splits s into lower-case words: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// bagOfWords is a multinomial naive Bayes classifier over word counts, the
// simplest model that can learn sentiment from words: it scores each class
// by log P(class) + Σ log P(word | class), with P(word | class) estimated as
// (count(word, class) + 1) / (words in class + vocabulary size) — add-one
// (Laplace) smoothing, so that a word never seen with a class does not rule
// it out. Words never seen in training are ignored.
type bagOfWords struct {
	logPrior []float64
	logLike  []map[string]float64
	logNone  []float64 // log P(word | class) of a word seen in training but never with the class
}

func trainBagOfWords(texts []string, labels []int, classes int) *bagOfWords {
	counts := make([]map[string]int, classes)
	totals := make([]int, classes)
	docs := make([]int, classes)
	vocab := make(map[string]bool)
	for k := range counts {
		counts[k] = make(map[string]int)
	}
	for i, s := range texts {
		y := labels[i]
		docs[y]++
		for _, w := range words(s) {
			counts[y][w]++
			totals[y]++
			vocab[w] = true
		}
	}
	m := &bagOfWords{logPrior: make([]float64, classes), logLike: make([]map[string]float64, classes), logNone: make([]float64, classes)}
	v := float64(len(vocab))
	for k := range classes {
		m.logPrior[k] = math.Log(float64(docs[k]) / float64(len(texts)))
		denom := float64(totals[k]) + v
		m.logNone[k] = math.Log(1 / denom)
		m.logLike[k] = make(map[string]float64, len(counts[k]))
		for w, n := range counts[k] {
			m.logLike[k][w] = math.Log(float64(n+1) / denom)
		}
	}
	return m
}

func (m *bagOfWords) predict(s string) int {
	best, bestScore := 0, math.Inf(-1)
	for k := range m.logPrior {
		score := m.logPrior[k]
		for _, w := range words(s) {
			if l, ok := m.logLike[k][w]; ok {
				score += l
			} else if m.known(w) {
				score += m.logNone[k]
			}
		}
		if score > bestScore {
			best, bestScore = k, score
		}
	}
	return best
}

func (m *bagOfWords) known(w string) bool {
	for _, ll := range m.logLike {
		if _, ok := ll[w]; ok {
			return true
		}
	}
	return false
}

func TestBagOfWordsByHand(t *testing.T) {
	// Two classes, three training texts. Class 1 ("good good", "good fun")
	// has 4 words, class 0 ("bad") has 1; the vocabulary is {good, fun,
	// bad}, so P(good|1) = (3+1)/(4+3) = 4/7 and P(good|0) = (0+1)/(1+3) = 1/4.
	m := trainBagOfWords([]string{"good good", "Good, fun!", "bad"}, []int{1, 1, 0}, 2)
	if got, want := m.logLike[1]["good"], math.Log(4.0/7); math.Abs(got-want) > 1e-12 {
		t.Errorf("log P(good|1) = %v, want %v", got, want)
	}
	if got, want := m.logNone[0], math.Log(1.0/4); math.Abs(got-want) > 1e-12 {
		t.Errorf("log P(good|0) = %v, want %v", got, want)
	}
	if m.predict("good") != 1 || m.predict("so bad") != 0 {
		t.Error("the hand-made classifier predicts wrongly")
	}
}

// TestSentimentLearnable checks that the sentiment corpora are neither too
// uniform nor too hard: a bag-of-words count classifier trained on 70% of a
// corpus must label at least 75% of the other 30% correctly, for each of five
// seeded splits. If it fails, the sentences need fixing, not the threshold.
func TestSentimentLearnable(t *testing.T) {
	const (
		minAccuracy = 0.75 // the project's requirement
		splits      = 5
	)
	for _, name := range []string{"sentiment-kk", "sentiment-ru", "sentiment-en"} {
		c := mustLoad(t, name)
		sum, worst := 0.0, 1.0
		for seed := range uint64(splits) {
			train, test, err := c.Split(0.3, rand.New(rand.NewPCG(seed, 0)))
			if err != nil {
				t.Fatal(err)
			}
			m := trainBagOfWords(train.Texts, train.Labels, len(c.Classes))
			right := 0
			for i, s := range test.Texts {
				if m.predict(s) == test.Labels[i] {
					right++
				}
			}
			acc := float64(right) / float64(test.Len())
			sum += acc
			worst = min(worst, acc)
			if acc < minAccuracy {
				t.Errorf("%s, seed %d: held-out accuracy %.3f, want at least %.2f", name, seed, acc, minAccuracy)
			}
		}
		t.Logf("%s: held-out accuracy over %d splits: mean %.3f, lowest %.3f", name, splits, sum/splits, worst)
	}
}

func BenchmarkLoadCorpus(b *testing.B) {
	for _, name := range []string{"sentiment-kk", "names-en", "facts-ru"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := LoadCorpus(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCorpora(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if len(Corpora()) == 0 {
			b.Fatal("no corpora")
		}
	}
}

func ExampleLoadCorpus() {
	c, err := LoadCorpus("sentiment-kk")
	if err != nil {
		fmt.Println(err)
		return
	}
	counts := c.ClassCounts()
	fmt.Println(c.Kind, c.Lang, c.Classes, c.Len() >= 400, counts[SentimentPositive] >= 200)
	for _, title := range c.ClassTitles() {
		fmt.Println(title.KK, "/", title.RU, "/", title.EN)
	}
	// Output:
	// sentiment kk [negative positive] true true
	// жағымсыз / отрицательный / negative
	// жағымды / положительный / positive
}

func ExampleCorpus_Split() {
	c, err := LoadCorpus("names-en")
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := c.Split(0.2, rand.New(rand.NewPCG(1, 0)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Len()+test.Len() == c.Len(), test.Len() == int(math.Round(0.2*float64(c.Len()))))
	// Output:
	// true true
}
