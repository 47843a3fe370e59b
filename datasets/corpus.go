package datasets

import (
	"embed"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/aisandbox/aisandbox/i18n"
)

// corpusFiles holds the text corpora written for AI Sandbox, in the format
// described at LoadCorpus. It is read-only.
//
//go:embed corpora/*
var corpusFiles embed.FS

// CorpusKind says what a corpus holds, and so which lessons can use it.
type CorpusKind string

// The kinds of corpus.
const (
	// KindSentiment corpora hold short sentences, each labelled
	// SentimentNegative or SentimentPositive.
	KindSentiment CorpusKind = "sentiment"
	// KindNames corpora hold common given names, one per text, unlabelled.
	KindNames CorpusKind = "names"
	// KindFacts corpora hold short true statements of school science, one
	// per text, unlabelled.
	KindFacts CorpusKind = "facts"
)

// The labels of a sentiment corpus, indices into its Classes.
const (
	SentimentNegative = 0
	SentimentPositive = 1
)

// Corpus is a list of short texts in one language, with a class label for
// each text when the corpus is labelled.
type Corpus struct {
	// Name identifies the corpus, e.g. "sentiment-kk".
	Name string
	// Kind says what the texts are.
	Kind CorpusKind
	// Lang is the language of the texts.
	Lang i18n.Lang
	// Texts holds the texts: trimmed, in Unicode NFC, each on one line.
	Texts []string
	// Labels holds one class per text, each in [0, len(Classes)); nil for an
	// unlabelled corpus.
	Labels []int
	// Classes names the classes of a labelled corpus; label k means
	// Classes[k]. Empty for an unlabelled corpus.
	Classes []string
	// Card describes the corpus.
	Card Card
}

// Len returns the number of texts.
func (c *Corpus) Len() int { return len(c.Texts) }

// Labelled reports whether each text carries a class label.
func (c *Corpus) Labelled() bool { return c.Labels != nil }

// Validate reports the first inconsistency in c: a missing name, an
// unsupported language, no texts, a text that is empty, padded with spaces,
// spread over several lines, not UTF-8 or not in Unicode NFC, or labels that
// do not match the texts and classes.
func (c *Corpus) Validate() error {
	if c == nil {
		return errors.New("datasets: nil corpus")
	}
	if c.Name == "" {
		return errors.New("datasets: corpus has no name")
	}
	if !slices.Contains(i18n.All, c.Lang) {
		return fmt.Errorf("datasets: corpus %s: unsupported language %q", c.Name, c.Lang)
	}
	if len(c.Texts) == 0 {
		return fmt.Errorf("datasets: corpus %s has no texts", c.Name)
	}
	for i, s := range c.Texts {
		if err := checkText(s); err != nil {
			return fmt.Errorf("datasets: corpus %s, text %d: %w", c.Name, i, err)
		}
	}
	if c.Labels == nil {
		if len(c.Classes) != 0 {
			return fmt.Errorf("datasets: corpus %s has %d classes but no labels", c.Name, len(c.Classes))
		}
		return nil
	}
	if len(c.Classes) < 2 {
		return fmt.Errorf("datasets: labelled corpus %s has %d classes; at least 2 are needed", c.Name, len(c.Classes))
	}
	for k, name := range c.Classes {
		if name == "" {
			return fmt.Errorf("datasets: corpus %s: class %d has no name", c.Name, k)
		}
		if slices.Index(c.Classes, name) != k {
			return fmt.Errorf("datasets: corpus %s: class %q appears twice", c.Name, name)
		}
	}
	if len(c.Labels) != len(c.Texts) {
		return fmt.Errorf("datasets: corpus %s has %d texts but %d labels", c.Name, len(c.Texts), len(c.Labels))
	}
	for i, y := range c.Labels {
		if y < 0 || y >= len(c.Classes) {
			return fmt.Errorf("datasets: corpus %s: text %d has label %d, want 0..%d", c.Name, i, y, len(c.Classes)-1)
		}
	}
	return nil
}

// checkText reports why s cannot be a text of a corpus, or nil.
func checkText(s string) error {
	switch {
	case s == "":
		return errors.New("the text is empty")
	case !utf8.ValidString(s):
		return errors.New("the text is not valid UTF-8")
	case strings.TrimSpace(s) != s:
		return errors.New("the text starts or ends with a space")
	case strings.ContainsFunc(s, unicode.IsControl):
		return errors.New("the text holds a tab, a line break or another control character")
	case !norm.NFC.IsNormalString(s):
		return errors.New("the text is not in Unicode NFC form")
	}
	return nil
}

// Subset returns a corpus with the texts (and labels) of c at the given
// indices, in that order. The texts are shared with c; the slices are new.
func (c *Corpus) Subset(idx []int) *Corpus {
	s := &Corpus{
		Name:    c.Name,
		Kind:    c.Kind,
		Lang:    c.Lang,
		Texts:   make([]string, len(idx)),
		Classes: c.Classes,
		Card:    c.Card,
	}
	if c.Labels != nil {
		s.Labels = make([]int, len(idx))
	}
	for k, i := range idx {
		s.Texts[k] = c.Texts[i]
		if c.Labels != nil {
			s.Labels[k] = c.Labels[i]
		}
	}
	return s
}

// ClassCounts returns how many texts carry each class; nil for an
// unlabelled corpus.
func (c *Corpus) ClassCounts() []int {
	if c.Labels == nil {
		return nil
	}
	counts := make([]int, len(c.Classes))
	for _, y := range c.Labels {
		counts[y]++
	}
	return counts
}

// ClassTitles returns how to show each class: the card's titles when it has
// one for every class, else each class name as it is, in every language.
func (c *Corpus) ClassTitles() []i18n.Text {
	if len(c.Card.Classes) == len(c.Classes) {
		return c.Card.Classes
	}
	out := make([]i18n.Text, len(c.Classes))
	for i, name := range c.Classes {
		out[i] = i18n.Text{KK: name, RU: name, EN: name}
	}
	return out
}

// Split divides c into a training and a test corpus by the rule of
// Table.Split. A labelled corpus is split by class: each class sends
// round(count·testFraction) of its texts to the test corpus, but a class with
// at least two texts keeps at least one on each side, and a class with a
// single text keeps it for training. An unlabelled corpus is split as if all
// its texts were one class. Both corpora are shuffled with rng, so the same
// rng state gives the same split.
//
// testFraction must be in (0, MaxTestFraction]. Split returns an error when c
// is invalid, has fewer than two texts, or either side would be empty.
func (c *Corpus) Split(testFraction float64, rng *rand.Rand) (train, test *Corpus, err error) {
	if c == nil {
		return nil, nil, errors.New("datasets: split: nil corpus")
	}
	if rng == nil {
		return nil, nil, errors.New("datasets: split: nil random source")
	}
	if math.IsNaN(testFraction) || testFraction <= 0 || testFraction > MaxTestFraction {
		return nil, nil, fmt.Errorf("datasets: split: the test fraction must be above 0 and at most %g, not %g", MaxTestFraction, testFraction)
	}
	if err := c.Validate(); err != nil {
		return nil, nil, fmt.Errorf("datasets: split: %w", err)
	}
	if c.Len() < 2 {
		return nil, nil, fmt.Errorf("datasets: split: corpus %s has %d text; at least 2 are needed", c.Name, c.Len())
	}
	var groups [][]int
	if c.Labels == nil {
		groups = [][]int{make([]int, c.Len())}
		for i := range groups[0] {
			groups[0][i] = i
		}
	} else {
		groups = make([][]int, len(c.Classes))
		for i, y := range c.Labels {
			groups[y] = append(groups[y], i)
		}
	}
	var trainIdx, testIdx []int
	for _, g := range groups {
		shuffle(g, rng)
		k := testCount(len(g), testFraction)
		testIdx = append(testIdx, g[:k]...)
		trainIdx = append(trainIdx, g[k:]...)
	}
	if len(testIdx) == 0 {
		return nil, nil, fmt.Errorf("datasets: split: no class of corpus %s has 2 texts, so the test part would be empty", c.Name)
	}
	// Every non-empty group keeps at least one text for training, so the
	// training side cannot be empty.
	shuffle(trainIdx, rng)
	shuffle(testIdx, rng)
	return c.Subset(trainIdx), c.Subset(testIdx), nil
}

// CorpusInfo describes a built-in corpus without its texts, for menus.
type CorpusInfo struct {
	// Name identifies the corpus for LoadCorpus, e.g. "names-ru".
	Name string `json:"name"`
	// Lang is the language of the texts.
	Lang i18n.Lang `json:"lang"`
	// Kind says what the texts are.
	Kind CorpusKind `json:"kind"`
	// Size is the number of texts.
	Size int `json:"size"`
	// Card describes the corpus in every language.
	Card Card `json:"card"`
}

// corpusEntry says where a built-in corpus is and what it holds.
type corpusEntry struct {
	kind CorpusKind
	lang i18n.Lang
	file string // path inside corpusFiles
}

// corpusOrder lists the built-in corpora as Corpora returns them: by kind
// (sentiment, names, facts), each in Kazakh, Russian and English.
func corpusOrder() []string {
	return []string{
		"sentiment-kk", "sentiment-ru", "sentiment-en",
		"names-kk", "names-ru", "names-en",
		"facts-kk", "facts-ru", "facts-en",
	}
}

// corpusRegistry returns the built-in corpora by name, built afresh on each
// call so that no caller can change what another sees.
func corpusRegistry() map[string]corpusEntry {
	return map[string]corpusEntry{
		"sentiment-kk": {KindSentiment, i18n.KK, "corpora/sentiment-kk.tsv"},
		"sentiment-ru": {KindSentiment, i18n.RU, "corpora/sentiment-ru.tsv"},
		"sentiment-en": {KindSentiment, i18n.EN, "corpora/sentiment-en.tsv"},
		"names-kk":     {KindNames, i18n.KK, "corpora/names-kk.txt"},
		"names-ru":     {KindNames, i18n.RU, "corpora/names-ru.txt"},
		"names-en":     {KindNames, i18n.EN, "corpora/names-en.txt"},
		"facts-kk":     {KindFacts, i18n.KK, "corpora/facts-kk.txt"},
		"facts-ru":     {KindFacts, i18n.RU, "corpora/facts-ru.txt"},
		"facts-en":     {KindFacts, i18n.EN, "corpora/facts-en.txt"},
	}
}

// Corpora lists the built-in corpora: sentiment, names and facts, each in
// Kazakh, Russian and English. It counts the items of each file without
// checking them (about a third of a millisecond for all nine); LoadCorpus
// checks a file fully and says what is wrong with it, and the package's tests
// make sure every built-in corpus loads and matches what Corpora says.
func Corpora() []CorpusInfo {
	reg := corpusRegistry()
	var out []CorpusInfo
	for _, name := range corpusOrder() {
		e := reg[name]
		info := CorpusInfo{Name: name, Lang: e.lang, Kind: e.kind}
		// A file that cannot be read (the tests make sure each one can) is
		// listed with Size 0 and no card; LoadCorpus reports the error.
		if data, err := corpusFiles.ReadFile(e.file); err == nil {
			var counts []int
			info.Size, counts = countItems(e.kind, data)
			info.Card = corpusCard(e.kind, e.lang, info.Size, counts)
		}
		out = append(out, info)
	}
	return out
}

// LoadCorpus reads the built-in corpus with the given name, e.g.
// "sentiment-kk", "names-en" or "facts-ru" (see Corpora). Each call returns
// a new Corpus that the caller may change.
//
// The corpora are embedded files (datasets/corpora/NAME.tsv or .txt) of
// UTF-8 text with one item a line:
//   - a line whose first non-space character is "#" is a comment (each file
//     opens with a header naming its author and date); blank lines are
//     skipped; "\r\n" line ends are accepted;
//   - sentiment files: "pos" or "neg", a tab, then the sentence;
//   - names and facts files: one name or statement a line, no tab.
//
// Each text is trimmed and normalised to Unicode NFC, so "й" typed as "и"
// plus a combining breve becomes the single letter "й". A file with an
// unknown label, an empty text or the same text twice is refused.
func LoadCorpus(name string) (*Corpus, error) {
	e, ok := corpusRegistry()[name]
	if !ok {
		return nil, fmt.Errorf("datasets: no built-in corpus is named %q", name)
	}
	data, err := corpusFiles.ReadFile(e.file)
	if err != nil {
		return nil, fmt.Errorf("datasets: reading corpus %s: %w", name, err)
	}
	texts, labels, err := parseCorpus(e.kind, data)
	if err != nil {
		return nil, fmt.Errorf("datasets: corpus %s: %w", name, err)
	}
	c := &Corpus{Name: name, Kind: e.kind, Lang: e.lang, Texts: texts, Labels: labels}
	if e.kind == KindSentiment {
		c.Classes = []string{"negative", "positive"}
	}
	c.Card = corpusCard(e.kind, e.lang, c.Len(), c.ClassCounts())
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: loading corpus %s: %w", name, err)
	}
	return c, nil
}

// parseCorpus reads the texts (and, for a sentiment corpus, the labels) from
// a corpus file in the format described at corpusFiles. Its errors name the
// 1-based line.
func parseCorpus(kind CorpusKind, data []byte) (texts []string, labels []int, err error) {
	switch kind {
	case KindSentiment:
		labels = []int{}
	case KindNames, KindFacts:
	default:
		return nil, nil, fmt.Errorf("unknown corpus kind %q", kind)
	}
	seen := make(map[string]int) // text -> line it first appeared on
	for n, line := range items(data) {
		if !utf8.ValidString(line) {
			return nil, nil, fmt.Errorf("line %d: the text is not valid UTF-8", n)
		}
		text := line // trimmed below, which also drops the "\r" of "\r\n"
		if kind == KindSentiment {
			tag, rest, ok := strings.Cut(line, "\t")
			if !ok {
				return nil, nil, fmt.Errorf(`line %d: want "pos" or "neg", a tab, then the sentence`, n)
			}
			switch strings.TrimSpace(tag) {
			case "pos":
				labels = append(labels, SentimentPositive)
			case "neg":
				labels = append(labels, SentimentNegative)
			default:
				return nil, nil, fmt.Errorf(`line %d: the label %q is neither "pos" nor "neg"`, n, clip(tag))
			}
			text = rest
		}
		text = norm.NFC.String(strings.TrimSpace(text))
		if text == "" {
			return nil, nil, fmt.Errorf("line %d: the text is empty", n)
		}
		if strings.ContainsFunc(text, unicode.IsControl) {
			return nil, nil, fmt.Errorf("line %d: the text holds a tab or another control character", n)
		}
		if first, dup := seen[text]; dup {
			return nil, nil, fmt.Errorf("line %d repeats line %d: %q", n, first, clip(text))
		}
		seen[text] = n
		texts = append(texts, text)
	}
	if len(texts) == 0 {
		return nil, nil, errors.New("the file holds no texts")
	}
	return texts, labels, nil
}

// items yields the 1-based number and the text of every line of data that
// is neither blank nor a comment, after a leading byte order mark is dropped.
func items(data []byte) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		lines := strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\n")
		for i, line := range lines {
			if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if !yield(i+1, line) {
				return
			}
		}
	}
}

// countItems counts the items of a corpus file without checking them, and
// for a sentiment file the lines labelled "neg" and "pos", in the order of
// the sentiment classes. For a valid file the counts are those LoadCorpus
// gives.
func countItems(kind CorpusKind, data []byte) (n int, counts []int) {
	if kind == KindSentiment {
		counts = make([]int, 2)
	}
	for _, line := range items(data) {
		n++
		if counts != nil {
			tag, _, _ := strings.Cut(line, "\t")
			switch strings.TrimSpace(tag) {
			case "neg":
				counts[SentimentNegative]++
			case "pos":
				counts[SentimentPositive]++
			}
		}
	}
	return n, counts
}

// corpusLang returns how each interface language names the language of a
// corpus after a colon or a preposition ("қазақша", "на казахском",
// "Kazakh"), the title of its names corpus, and the sentence that says which
// names that corpus holds.
func corpusLang(lang i18n.Lang) (name, namesTitle, namesWhich i18n.Text) {
	switch lang {
	case i18n.KK:
		return i18n.Text{KK: "қазақша", RU: "на казахском", EN: "Kazakh"},
			i18n.Text{KK: "Қазақ есімдері", RU: "Казахские имена", EN: "Kazakh names"},
			i18n.Text{
				KK: "Қазақ кириллицасымен жазылған кең тараған қазақ есімдері.",
				RU: "Распространённые казахские имена в написании казахской кириллицей.",
				EN: "Common Kazakh given names, spelled in Kazakh Cyrillic.",
			}
	case i18n.RU:
		return i18n.Text{KK: "орысша", RU: "на русском", EN: "Russian"},
			i18n.Text{KK: "Орыс есімдері", RU: "Русские имена", EN: "Russian names"},
			i18n.Text{
				KK: "Кең тараған орыс есімдері.",
				RU: "Распространённые русские имена.",
				EN: "Common Russian given names.",
			}
	default: // i18n.EN
		return i18n.Text{KK: "ағылшынша", RU: "на английском", EN: "English"},
			i18n.Text{KK: "Ағылшын тілді елдердің есімдері", RU: "Англоязычные имена", EN: "English names"},
			i18n.Text{
				KK: "Ағылшын тілді елдерде кең тараған есімдер.",
				RU: "Имена, распространённые в англоязычных странах.",
				EN: "Given names common in English-speaking countries.",
			}
	}
}

// corpusCard writes the card of a built-in corpus of the given kind and
// language with n texts; counts are the class counts of a sentiment corpus.
//
// Sentiment sentences are invented opinions, so that card is Synthetic; the
// names and facts describe the real world (names people really have, true
// statements), so those cards are not.
func corpusCard(kind CorpusKind, lang i18n.Lang, n int, counts []int) Card {
	l, namesTitle, namesWhich := corpusLang(lang)
	switch kind {
	case KindSentiment:
		var neg, pos int
		if len(counts) == 2 {
			neg, pos = counts[SentimentNegative], counts[SentimentPositive]
		}
		return Card{
			Title: i18n.Text{
				KK: "Жағымды ма, жағымсыз ба: " + l.KK + " сөйлемдер",
				RU: "Положительно или отрицательно: предложения " + l.RU,
				EN: "Positive or negative: " + l.EN + " sentences",
			},
			Source: join(sentimentSource, i18n.Text{
				KK: fmt.Sprintf("Сөйлем саны: %d (жағымды: %d, жағымсыз: %d).", n, pos, neg),
				RU: fmt.Sprintf("Предложений: %d (положительных: %d, отрицательных: %d).", n, pos, neg),
				EN: fmt.Sprintf("%d sentences: %d positive, %d negative.", n, pos, neg),
			}),
			Purpose:   sentimentPurpose,
			NotFor:    sentimentNotFor,
			Synthetic: true,
			Classes: []i18n.Text{
				SentimentNegative: {KK: "жағымсыз", RU: "отрицательный", EN: "negative"},
				SentimentPositive: {KK: "жағымды", RU: "положительный", EN: "positive"},
			},
		}
	case KindNames:
		return Card{
			Title: namesTitle,
			Source: join(namesWhich, namesSource, i18n.Text{
				KK: fmt.Sprintf("Есім саны: %d.", n),
				RU: fmt.Sprintf("Имён: %d.", n),
				EN: fmt.Sprintf("%d names.", n),
			}),
			Purpose: namesPurpose,
			NotFor:  namesNotFor,
		}
	default: // KindFacts
		return Card{
			Title: i18n.Text{
				KK: "Ғылыми фактілер: " + l.KK,
				RU: "Научные факты " + l.RU,
				EN: "Science facts in " + l.EN,
			},
			Source: join(factsSource, i18n.Text{
				KK: fmt.Sprintf("Тұжырым саны: %d.", n),
				RU: fmt.Sprintf("Утверждений: %d.", n),
				EN: fmt.Sprintf("%d statements.", n),
			}),
			Purpose: factsPurpose,
			NotFor:  factsNotFor,
		}
	}
}

// The text of the corpus cards, shared by the three languages of each kind.
var (
	sentimentSource = i18n.Text{
		KK: "AI Sandbox үшін 2026 жылы жоба командасы жазған: мектеп өмірі, асхана тамағы, фильмдер, кітаптар, ауа райы, спорт, саяхаттар, ойындар, қосымшалар, дүкендер, көлік және отбасылық демалыс туралы өзіміз құрастырған қысқа сөйлемдер. Бағалары жұмсақ та, қатты да бар, кейбірінде «жаман емес» сияқты болымсыз түрлер кездеседі. Әр сөйлемді авторы жағымды немесе жағымсыз деп белгіледі. Пікір сайттарынан, кітаптардан немесе дайын деректер жиындарынан ештеңе алынған жоқ. Қазақша, орысша және ағылшынша жиындардың тақырыптары ортақ, бірақ олар бір-бірінің жолма-жол аудармасы емес.",
		RU: "Написано для AI Sandbox в 2026 году командой проекта: наши собственные короткие предложения о школе, еде в столовой, фильмах, книгах, погоде, спорте, поездках, играх, приложениях, магазинах, транспорте и семейном отдыхе. Оценки бывают мягкие и резкие, иногда с отрицанием вроде «неплохо». Каждое предложение автор пометил как положительное или отрицательное. Ничего не взято с сайтов отзывов, из книг или готовых наборов данных. У казахского, русского и английского наборов общие темы, но это не построчные переводы друг друга.",
		EN: `Written for AI Sandbox in 2026 by the project team: our own short sentences about school life, canteen food, films, books, weather, sport, trips, games, apps, shops, transport and family holidays. Some opinions are mild and some strong, and some use negation such as "not bad". The person who wrote each sentence marked it positive or negative. Nothing was taken from review sites, books or existing datasets. The Kazakh, Russian and English sets share their topics but are not line-by-line translations of each other.`,
	}
	sentimentPurpose = i18n.Text{
		KK: "Алғашқы мәтін жіктеуішін үйрету және тексеру: модель қай сөздің қай белгімен бірге жиі келетінін санайды, ал сынып оның қандай сөздерге сүйенетінін және қай сөйлемдерде қателесетінін қарайды — болымсыздық («жаман емес»), аралас сезімдер, бұрын кездеспеген сөздер.",
		RU: "Обучить и проверить первый классификатор текстов: модель подсчитывает, какие слова встречаются с какой меткой, а класс смотрит, на какие слова она опирается и в каких предложениях ошибается — отрицание («неплохо»), смешанные чувства, незнакомые слова.",
		EN: `To train and test a first text classifier: the model counts which words come with which label, and the class looks at the words it relies on and at the sentences it gets wrong — negation ("not bad"), mixed feelings, words it has never seen.`,
	}
	sentimentNotFor = i18n.Text{
		KK: "Біреудің мектеп, тамақ, фильм, жер немесе тауар туралы шын пікірінің өлшемі емес: сөйлемдер сабақ үшін ойдан құрастырылған. Адамдарды немесе олардың жазғанын бағалауға арналмаған: бірнеше жүз сөйлемге үйретілген модель жиі қателеседі және бұл тақырыптардан тыс ештеңе білмейді.",
		RU: "Не показатель того, что кто-либо на самом деле думает о школе, еде, фильме, месте или товаре: предложения придуманы для урока. Не для оценки людей или их текстов: модель, обученная на нескольких сотнях предложений, часто ошибается и ничего не знает за пределами этих тем.",
		EN: "Not a measure of what anyone really thinks of a school, a food, a film, a place or a product: the sentences were invented for the lesson. Not for judging people or their writing: a model trained on a few hundred sentences makes many mistakes and knows nothing outside these topics.",
	}

	namesSource = i18n.Text{
		KK: "AI Sandbox үшін 2026 жылы жоба командасы құрастырған: қыздар мен ұлдардың есімдері аралас, әр жолда біреуден, команданың өз ретімен берілген. Бұл рейтинг емес және жарияланған ешбір тізімнің көшірмесі емес.",
		RU: "Составлено для AI Sandbox в 2026 году командой проекта: женские и мужские имена вперемешку, по одному в строке, в собственном порядке команды. Это не рейтинг и не копия какого-либо опубликованного списка.",
		EN: "Compiled for AI Sandbox in 2026 by the project team: girls' and boys' names mixed, one per line, in the team's own order. It is not a ranking and not a copy of any published list.",
	}
	namesPurpose = i18n.Text{
		KK: "Есімдерді әріп-әріппен оқып, кейін жаңа есімдер ойлап табатын модельді үйрету: сынып оның тілдің дыбыстары мен жалғауларын қалай аңғаратынын көріп, қазақша, орысша және ағылшынша ойлап тапқан есімдерін салыстырады.",
		RU: "Обучить модель, которая читает имена буква за буквой, а потом придумывает новые: класс видит, как она улавливает звуки и окончания языка, и сравнивает имена, придуманные ею на казахском, русском и английском.",
		EN: "To train a model that reads names letter by letter and then invents new ones: the class sees how it picks up the sounds and endings of a language, and compares the names it invents in Kazakh, Russian and English.",
	}
	namesNotFor = i18n.Text{
		KK: "Нақты адамның ұлтын, азаматтығын, дінін, жынысын немесе ол туралы басқа ештеңені болжауға арналмаған: есім адамның кім екенін анықтамайды, көп есім бірнеше мәдениетте кездеседі, кез келген есімді кез келген адам иелене алады. Есімдердің толық тізімі де, олардың танымалдығының өлшемі де емес.",
		RU: "Не для того, чтобы угадывать национальность, гражданство, религию, пол или что-либо ещё о реальном человеке: имя не определяет, кто человек, многие имена есть в нескольких культурах, и любое имя может носить кто угодно. Это не полный список имён и не показатель их популярности.",
		EN: "Not for guessing anyone's ethnicity, nationality, religion, gender or anything else about a real person: a name does not determine who a person is, many names are shared by several cultures, and anyone can have any name. Not a complete list of names, and not a measure of how popular they are.",
	}

	factsSource = i18n.Text{
		KK: "AI Sandbox үшін 2026 жылы жоба командасы жазған: физика, химия, биология, география, астрономия және математика бойынша мектеп деңгейіндегі қысқа әрі дұрыс тұжырымдар, кейбірі Қазақстан туралы. Әрқайсысы мектеп оқулықтарындағы біліммен салыстырылып тексерілді; дөңгелектенген сандардың алдында «шамамен» деп жазылған, ал күмәнді тұжырымдар алынып тасталды.",
		RU: "Написано для AI Sandbox в 2026 году командой проекта: короткие верные утверждения школьного уровня по физике, химии, биологии, географии, астрономии и математике, часть из них — о Казахстане. Каждое сверено со знаниями из школьных учебников; перед округлёнными числами стоит «примерно» или «около», а всё сомнительное исключено.",
		EN: `Written for AI Sandbox in 2026 by the project team: short true statements of school-level physics, chemistry, biology, geography, astronomy and mathematics, some of them about Kazakhstan. Each was checked against school textbook knowledge; rounded numbers say "about", and anything doubtful was left out.`,
	}
	factsPurpose = i18n.Text{
		KK: "Шағын мәтін генераторын үйретіп, оның қалай «галлюцинация» жасайтынын көру: ол шындықты емес, қай сөздің қай сөзден кейін келетінін ғана үйренеді, сондықтан көп ұзамай факті сияқты естілетін, бірақ жалған, жатық сөйлемдер жаза бастайды. Оның жазғанын осы тізіммен салыстыру жатық жауапты да тексеру керек екенін көрсетеді.",
		RU: "Обучить небольшой генератор текста и увидеть, как он «галлюцинирует»: он запоминает, какие слова обычно идут за какими, а не что истинно, поэтому скоро пишет гладкие предложения, похожие на факты, но ложные. Сравнение его текста с этим списком показывает, почему гладкий ответ всё равно нужно проверять.",
		EN: "To train a small text generator and watch it hallucinate: it learns which words tend to follow which, not what is true, so it soon writes fluent sentences that sound like facts but are false. Comparing what it writes with this list shows why even a fluent answer has to be checked.",
	}
	factsNotFor = i18n.Text{
		KK: "Анықтамалық емес: ғылымның көп бөлігі кірмеген шағын, жеңілдетілген оқу жиыны. Оның негізінде модель жасаған сөйлемдер факті емес: оларға сенбес бұрын оқулықтан тексеріңіз.",
		RU: "Не справочник: это небольшой упрощённый учебный набор, в который не вошла большая часть науки. Предложения, которые модель порождает на его основе, — не факты: прежде чем им верить, проверьте их по учебнику.",
		EN: "Not a reference work: a small, simplified teaching set that leaves most of science out. Sentences a model generates from it are not facts: check them in a textbook before believing them.",
	}
)
