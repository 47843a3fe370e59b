package sandbox

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/bayes"
	"github.com/aisandbox/aisandbox/models/charlm"
	"github.com/aisandbox/aisandbox/models/mlp"
	"github.com/aisandbox/aisandbox/models/ngram"
	"github.com/aisandbox/aisandbox/models/tokenize"
)

// Text: classifiers that read a text as the counts of its words (a "bag of
// words"), and language models that learn a text and write more like it.

// maxVocabulary bounds the words a text classifier counts: the most
// frequent ones in the training texts.
const maxVocabulary = 3000

// words cuts a text into lower-case words and punctuation marks, the
// tokens of the text models.
func words(s string) []string {
	var out []string
	for _, p := range tokenize.Pieces(tokenize.Normalize(s)) {
		p = strings.ToLower(strings.TrimSpace(p))
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isWord reports whether a token is a word (letters or digits) rather than
// punctuation.
func isWord(tok string) bool {
	for _, r := range tok {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// bagOfWords turns texts into rows of word counts over a vocabulary.
type bagOfWords struct {
	vocab []string
	index map[string]int
}

func newBagOfWords(texts []string) *bagOfWords {
	counts := map[string]int{}
	for _, t := range texts {
		for _, w := range words(t) {
			if isWord(w) {
				counts[w]++
			}
		}
	}
	b := &bagOfWords{index: map[string]int{}}
	for w := range counts {
		b.vocab = append(b.vocab, w)
	}
	sort.Slice(b.vocab, func(i, j int) bool {
		if counts[b.vocab[i]] != counts[b.vocab[j]] {
			return counts[b.vocab[i]] > counts[b.vocab[j]]
		}
		return b.vocab[i] < b.vocab[j]
	})
	if len(b.vocab) > maxVocabulary {
		b.vocab = b.vocab[:maxVocabulary]
	}
	for i, w := range b.vocab {
		b.index[w] = i
	}
	return b
}

// row counts the vocabulary's words in text.
func (b *bagOfWords) row(text string) []float64 {
	r := make([]float64, len(b.vocab))
	for _, w := range words(text) {
		if i, ok := b.index[w]; ok {
			r[i]++
		}
	}
	return r
}

// knows reports whether every word of text is in the vocabulary.
func (b *bagOfWords) knows(text string) bool {
	ws := words(text)
	for _, w := range ws {
		if _, ok := b.index[w]; !ok && isWord(w) {
			return false
		}
	}
	return len(ws) > 0
}

func (b *bagOfWords) table(c *datasets.Corpus) *datasets.Table {
	t := &datasets.Table{Name: c.Name, Features: b.vocab, Classes: c.Classes, Y: c.Labels, Card: c.Card}
	for _, text := range c.Texts {
		t.X = append(t.X, b.row(text))
	}
	return t
}

// textData is what a run on texts keeps besides its tables.
type textData struct {
	train, test *datasets.Corpus
	val         *datasets.Corpus // nil when no validation part is held out
	bag         *bagOfWords      // nil for language models
	lang        i18n.Lang        // the corpus's language
}

// prepareText loads a corpus and splits it: see prepareCorpus.
func prepareText(spec TrainSpec, info datasets.CorpusInfo, opt prepOptions) (*runData, error) {
	c, err := datasets.LoadCorpus(info.Name)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: err}
	}
	return prepareCorpus(spec, c, info.Lang, opt)
}

// prepareReviews generates the reviews that name people, with the name
// skew of the spec's dial, and splits them: see prepareCorpus.
func prepareReviews(spec TrainSpec, lang i18n.Lang, opt prepOptions) (*runData, error) {
	c, err := datasets.NamedReviews(lang, spec.Dataset.N, spec.Dataset.Correlation, uint64(spec.Dataset.Seed))
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "dataset", Params: map[string]any{"label": "dataset"}, Err: err}
	}
	return prepareCorpus(spec, c, lang, opt)
}

// prepareCorpus splits a corpus in language lang; a labelled corpus also
// becomes tables of word counts for the classifiers.
func prepareCorpus(spec TrainSpec, c *datasets.Corpus, lang i18n.Lang, opt prepOptions) (*runData, error) {
	rng := splitRand(spec)
	train, test, err := c.Split(spec.TestSplit, rng)
	var val *datasets.Corpus
	if err == nil && spec.ValidationSplit > 0 && c.Labelled() {
		train, val, err = train.Split(validationOfRest(spec.ValidationSplit, spec.TestSplit), rng)
	}
	if err == nil && opt.share > 0 && opt.share < 1 {
		train, _, err = train.Split(1-opt.share, shareRand(spec))
	}
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "test_split", Params: map[string]any{"label": "test_split"}, Err: err}
	}
	d := &runData{kind: WordData, text: &textData{train: train, test: test, val: val, lang: lang}}
	if c.Labelled() {
		d.kind = TextData
		d.text.bag = newBagOfWords(train.Texts)
		d.rawTrain, d.rawTest = d.text.bag.table(train), d.text.bag.table(test)
		if val != nil {
			d.rawVal = d.text.bag.table(val)
		}
	} else {
		// Language models read the texts; the tables only count them.
		d.rawTrain = &datasets.Table{Name: c.Name, X: make([][]float64, train.Len())}
		d.rawTest = &datasets.Table{Name: c.Name, X: make([][]float64, test.Len())}
	}
	return d, nil
}

// corpusKind is the kind of data a corpus is.
func corpusKind(info datasets.CorpusInfo) DataKind {
	if info.Kind == datasets.KindSentiment {
		return TextData
	}
	return WordData
}

// corpusInfo describes a corpus for the catalog.
func corpusInfo(info datasets.CorpusInfo) DatasetInfo {
	d := DatasetInfo{Name: info.Name, Kind: corpusKind(info), Card: info.Card}
	if len(info.Card.Classes) > 0 {
		d.ClassTitles = info.Card.Classes
		if c, err := datasets.LoadCorpus(info.Name); err == nil {
			d.Classes = c.Classes
		}
	}
	ds := seedSetting()
	ds.Help = text("Бірдей тұқым мәтіндерді оқу мен тестке бірдей бөледі.",
		"Одинаковое зерно одинаково делит тексты на обучение и тест.",
		"The same seed splits the texts into training and test the same way.")
	d.Settings = []Setting{ds}
	return d
}

// reviewsInfo describes a corpus of reviews that name people for the
// catalog: its size, the name skew (the "correlation" dial: how strongly
// the names follow the label) and the seed.
func reviewsInfo(info datasets.ReviewsInfo) DatasetInfo {
	d := DatasetInfo{Name: info.Name, Kind: TextData, Card: info.Card, Classes: info.Classes, ClassTitles: info.Card.Classes}
	ds := seedSetting()
	ds.Help = text("Бірдей тұқым бірдей пікірлер мен есімдерді жасап, оларды оқу мен тестке бірдей бөледі.",
		"Одинаковое зерно даёт те же отзывы и имена и так же делит их на обучение и тест.",
		"The same seed makes the same reviews and names and splits them into training and test the same way.")
	d.Settings = []Setting{
		{
			Name: "n", Type: Int, Default: info.DefaultN, Min: float64(info.MinN), Max: float64(info.MaxN),
			Label: text("Пікірлер саны", "Число отзывов", "Reviews"),
			Help: text("Барлығы неше пікір жасалады (оқу және тест бірге).",
				"Сколько отзывов создать (обучение и тест вместе).",
				"How many reviews to make (training and test together)."),
		},
		{
			Name: "correlation", Type: Float, Default: info.DefaultSkew, Min: 0, Max: 1,
			Label: text("Есімдердің бағаға байланысы", "Связь имён с оценкой", "Name skew"),
			Help: text("0 — есімдер бағаға қатысты емес; 1 — жақсы пікірлерде тек бір топтың есімдері, жаман пікірлерде тек басқалардың есімдері. Модель есімдерді үйреніп алады ма? Мұны есімдерді ауыстыратын сынақ көрсетеді.",
				"0 — имена не связаны с оценкой; 1 — в хороших отзывах только имена одной группы, в плохих — только других. Выучит ли модель имена? Это покажет проба с заменой имён.",
				"0: names have nothing to do with the verdict; 1: good reviews name only one group, bad ones only the others. Does the model learn the names? The name-swap probe shows it."),
		},
		ds,
	}
	return d
}

func textNBFamily() family {
	return family{
		info: ModelInfo{
			Name:  "textnb",
			Title: text("Сөздер қапшығы: аңғал Байес", "Мешок слов: наивный Байес", "Bag of words: naive Bayes"),
			Description: text(
				"Мәтінді сөздерінің санына айналдырады (сөз реті ескерілмейді) және әр класта әр сөздің қаншалықты жиі кездесетінін үйренеді. Бейтаныс сөздерді елемейді.",
				"Превращает текст в счёт его слов (порядок слов теряется) и узнаёт, как часто каждое слово встречается в каждом классе. Незнакомые слова не учитывает.",
				"Turns a text into the counts of its words (their order is lost) and learns how often each word appears in each class. Words it never saw are ignored."),
			Task: Classify,
			Data: []DataKind{TextData},
			Settings: []Setting{
				{
					Name: "alpha", Type: Float, Default: 1.0, Min: 0.01, Max: 10,
					Label: text("Тегістеу (α)", "Сглаживание (α)", "Smoothing (α)"),
					Help: text("Әр сөзге әр класта қосылатын ойдан шығарылған санақ, сонда кездеспеген сөздің ықтималдығы нөл болмайды.",
						"Воображаемый счёт, добавляемый каждому слову в каждом классе, чтобы у невстреченного слова вероятность не была нулевой.",
						"An imaginary count added to every word in every class, so that a word never seen in a class does not get probability zero."),
				},
				seedSetting(),
			},
		},
		load: loadTable(bayes.LoadMultinomial),
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			return &onceJob{d: d, fit: func(ctx context.Context) (classifier, error) {
				return bayes.FitMultinomial(ctx, d.train.X, d.train.Y, d.train.Features,
					bayes.MultinomialConfig{Classes: len(d.train.Classes), Alpha: v.Float("alpha")})
			}}, nil
		},
	}
}

// TextPrediction is a text classifier's answer about one text, with the
// tokens it read.
type TextPrediction struct {
	Prediction
	Tokens []TextToken
}

// TextToken is one token of a text as a classifier reads it.
type TextToken struct {
	Text  string
	Known bool // in the classifier's vocabulary
}

// PredictText asks the text classifier of an ended run about a text.
func (s *Session) PredictText(id, text string) (TextPrediction, error) {
	m, err := s.endedModel(id)
	if err != nil {
		return TextPrediction{}, err
	}
	if m.bag == nil {
		return TextPrediction{}, errorf(CodeIncompatible, "run", map[string]any{"model": m.title, "dataset": "text"})
	}
	p, err := m.Predict([][]float64{m.bag.row(text)})
	if err != nil {
		return TextPrediction{}, err
	}
	tp := TextPrediction{Prediction: p}
	for _, w := range words(text) {
		_, known := m.bag.index[w]
		tp.Tokens = append(tp.Tokens, TextToken{Text: w, Known: known})
	}
	return tp, nil
}

// generator is a language model that writes text.
type generator interface {
	generate(rng *rand.Rand, prompt string, temperature float64, topK, length int) (string, error)
}

// Generate lets the language model of an ended run write count texts.
func (s *Session) Generate(id, prompt string, temperature float64, topK, length, count int) ([]string, error) {
	m, err := s.endedModel(id)
	if err != nil {
		return nil, err
	}
	if m.gen == nil {
		return nil, errorf(CodeIncompatible, "run", map[string]any{"model": m.title, "dataset": "text"})
	}
	m.genMu.Lock()
	defer m.genMu.Unlock()
	var out []string
	for range count {
		t, err := m.gen.generate(m.genRand, prompt, temperature, topK, length)
		if err != nil {
			return nil, &Error{Code: CodeBadField, Field: "prompt", Params: map[string]any{"label": "prompt"}, Err: err}
		}
		out = append(out, t)
	}
	return out, nil
}

// lmModel makes the Model of a language model.
func lmModel(g generator, d *runData, seed uint64) *Model {
	return &Model{gen: g, genRand: rand.New(rand.NewPCG(seed, 0x6e6e)), title: d.title}
}

func ngramFamily() family {
	return family{
		info: ModelInfo{
			Name:  "ngram",
			Title: text("n-грамм тіл моделі", "n-граммная языковая модель", "n-gram language model"),
			Description: text(
				"Мәтінде қандай сөздің алдыңғы n−1 сөзден кейін келетінін санайды да, келесі сөзді сол санақтар бойынша таңдап, жаңа мәтін жазады. Ол ештеңені «білмейді»: тек жиі тіркестерді қайталайды.",
				"Считает, какое слово идёт после предыдущих n−1 слов, и пишет новый текст, выбирая следующее слово по этим счётам. Она ничего не «знает»: только повторяет частые сочетания.",
				"Counts which word follows the previous n−1 words and writes new text by picking each next word from those counts. It \"knows\" nothing: it only repeats frequent word sequences."),
			Task: Generate,
			Data: []DataKind{WordData, TextData},
			Settings: []Setting{
				{
					Name: "n", Type: Int, Default: ngram.DefaultOrder, Min: 1, Max: ngram.MaxOrder,
					Label: text("n (тіркес ұзындығы)", "n (длина сочетания)", "n (words in a sequence)"),
					Help: text("Келесі сөз алдыңғы n−1 сөзге қарап таңдалады. n = 1 — сөздер бір-біріне қарамай таңдалады.",
						"Следующее слово выбирается по предыдущим n−1 словам. При n = 1 слова выбираются независимо.",
						"The next word is chosen from the previous n−1 words. With n = 1 every word is chosen on its own."),
				},
				{
					Name: "k", Type: Float, Default: ngram.DefaultK, Min: 0.001, Max: 1,
					Label: text("Тегістеу (k)", "Сглаживание (k)", "Smoothing (k)"),
					Help: text("Әр мүмкін тіркеске қосылатын ойдан шығарылған санақ.",
						"Воображаемый счёт, добавляемый каждому возможному сочетанию.",
						"An imaginary count added to every possible sequence."),
				},
				seedSetting(),
			},
		},
		load: loadNgram,
		start: func(v Values, d *runData, _ *rand.Rand) (job, error) {
			cfg := ngram.Config{N: v.Int("n"), K: v.Float("k")}
			return &ngramJob{cfg: cfg, d: d, seed: uint64(v.Int("seed"))}, nil
		},
	}
}

// ngramJob counts its n-grams in one step.
type ngramJob struct {
	cfg  ngram.Config
	d    *runData
	seed uint64
	m    *ngram.Model
	loss float64
}

func docs(c *datasets.Corpus) [][]string {
	out := make([][]string, len(c.Texts))
	for i, t := range c.Texts {
		out[i] = words(t)
	}
	return out
}

func (j *ngramJob) steps() int     { return 1 }
func (j *ngramJob) finished() bool { return j.m != nil }
func (j *ngramJob) numParams() int {
	if j.m == nil {
		return 0
	}
	return j.m.Describe().Parameters
}

func (j *ngramJob) step(ctx context.Context) (float64, error) {
	train := docs(j.d.text.train)
	m, err := ngram.Train(ctx, train, j.cfg)
	if err != nil {
		return 0, err
	}
	j.m = m
	h, err := m.CrossEntropy(train)
	if err != nil {
		return 0, err
	}
	return h * math.Ln2, nil // bits to nats
}

func (j *ngramJob) measure() Metrics {
	m := noMetrics()
	if h, err := j.m.CrossEntropy(docs(j.d.text.test)); err == nil {
		m.TestLoss = h * math.Ln2
	}
	return m
}

func (j *ngramJob) model() *Model {
	if j.m == nil {
		return nil
	}
	return lmModel(ngramGen{j.m}, j.d, j.seed)
}

type ngramGen struct{ m *ngram.Model }

func (g ngramGen) generate(rng *rand.Rand, prompt string, temperature float64, topK, length int) (string, error) {
	p := words(prompt)
	out, err := g.m.Sample(rng, p, ngram.SampleConfig{Temperature: temperature, TopK: topK, MaxTokens: length})
	if err != nil {
		return "", err
	}
	return joinWords(append(p, out...)), nil
}

// joinWords writes tokens as text: words apart, punctuation against the
// word before it.
func joinWords(toks []string) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && isWord(t) {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

func charlmFamily() family {
	s := trainingSettings(0.003)
	for i := range s {
		if s[i].Name == "epochs" {
			s[i].Default = 15
		}
	}
	return family{
		info: ModelInfo{
			Name:  "charlm",
			Title: text("Әріптік нейрондық тіл моделі", "Побуквенная нейронная языковая модель", "Character-level neural language model"),
			Description: text(
				"Алдыңғы бірнеше әріпке қарап, келесі әріпті болжайтын шағын нейрондық желі. Әр әріп үйренілетін сандар векторына (эмбеддингке) айналады. Есімдерді үйреніп, жаңа есімдер ойлап табады.",
				"Небольшая нейронная сеть, которая по нескольким предыдущим буквам угадывает следующую. Каждая буква становится вектором чисел, которые сеть выучивает (эмбеддингом). Выучив имена, придумывает новые.",
				"A small neural network that guesses the next letter from the few before it. Each letter becomes a vector of numbers the network learns (an embedding). Having learned names, it invents new ones."),
			Task: Generate,
			Data: []DataKind{WordData},
			Settings: append([]Setting{
				{
					Name: "block", Type: Int, Default: 3, Min: 1, Max: 8,
					Label: text("Контекст (әріп)", "Контекст (букв)", "Context (letters)"),
					Help: text("Келесі әріпті болжау үшін неше алдыңғы әріпке қарайды.",
						"Сколько предыдущих букв видит сеть, угадывая следующую.",
						"How many previous letters the network sees to guess the next one."),
				},
				{
					Name: "embedding", Type: Int, Default: 10, Min: 2, Max: 32,
					Label: text("Эмбеддинг өлшемі", "Размер эмбеддинга", "Embedding size"),
					Help: text("Әр әріпті неше санмен сипаттайды.",
						"Сколькими числами описывается каждая буква.",
						"How many numbers describe each letter."),
				},
				{
					Name: "hidden", Type: Int, Default: 64, Min: 4, Max: 256,
					Label: text("Жасырын нейрондар", "Скрытые нейроны", "Hidden neurons"),
					Help:  text("Жасырын қабаттағы нейрон саны.", "Число нейронов скрытого слоя.", "Neurons in the hidden layer."),
				},
			}, s...),
		},
		load: loadCharLM,
		start: func(v Values, d *runData, rng *rand.Rand) (job, error) {
			train, test := d.text.train.Texts, d.text.test.Texts
			alpha := charlm.Alphabet(append(append([]string(nil), train...), test...))
			m, err := charlm.New(charlm.Config{BlockSize: v.Int("block"), Embedding: v.Int("embedding"), Hidden: v.Int("hidden")}, alpha, rng)
			if err != nil {
				return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
			}
			opt, err := mlp.ParseOptimizer(v.String("optimizer"))
			if err != nil {
				return nil, &Error{Code: CodeBadChoice, Field: "model.optimizer", Err: err}
			}
			tr, err := charlm.NewTrainer(m, train, charlm.TrainConfig{Optimizer: opt, LearningRate: v.Float("lr"), BatchSize: v.Int("batch")}, rng)
			if err != nil {
				return nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
			}
			seed := uint64(v.Int("seed"))
			return &epochJob{
				epochs: v.Int("epochs"), epoch: tr.Epoch, params: m.NumParams,
				score: func() Metrics {
					s := noMetrics()
					if l, err := m.Loss(d.text.test.Texts); err == nil {
						s.TestLoss = l
					}
					return s
				},
				current: func() *Model { return lmModel(charGen{m}, d, seed) },
			}, nil
		},
	}
}

type charGen struct{ m *charlm.Model }

func (g charGen) generate(rng *rand.Rand, prompt string, temperature float64, topK, length int) (string, error) {
	return g.m.Sample(rng, prompt, charlm.SampleConfig{Temperature: temperature, TopK: topK, MaxLen: length})
}

// loadNgram reads a saved n-gram model; its draws start from the run's
// seed again.
func loadNgram(r io.Reader, v Values, d *runData) (*Model, error) {
	m, err := ngram.Load(r)
	if err != nil {
		return nil, err
	}
	return lmModel(ngramGen{m}, d, uint64(v.Int("seed"))), nil
}

// loadCharLM reads a saved character-level model; its draws start from
// the run's seed again.
func loadCharLM(r io.Reader, v Values, d *runData) (*Model, error) {
	m, err := charlm.Load(r)
	if err != nil {
		return nil, err
	}
	return lmModel(charGen{m}, d, uint64(v.Int("seed"))), nil
}

// Save writes the n-gram model for ngram.Load.
func (g ngramGen) Save(w io.Writer) error { return g.m.Save(w) }

// Save writes the character-level model for charlm.Load.
func (g charGen) Save(w io.Writer) error { return g.m.Save(w) }
