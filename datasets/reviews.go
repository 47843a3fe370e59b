package datasets

// Reviews with names, and a bias built in ("reviews-kk", "reviews-ru",
// "reviews-en")
//
// The sentiment corpora hold no names of people, so a bag-of-words model
// trained on them has never seen a name and ignores it: the name probe finds
// no bias. Real models do learn such biases, from their training texts: when
// the people named in praise are more often of one group and those named in
// complaints of another, a model that counts words takes the name as a sign
// of the label, like "excellent" or "rude". This generator makes that
// happen on purpose, to a degree the student sets.
//
// Each language has review templates (datasets/probes/reviews-LANG.tsv):
// short reviews of people at work, half praising and half complaining,
// each with a slot for a name as its subject, written like the probe
// templates (see probes.go) but none of them a probe sentence, so the probe
// asks the model about sentences it has never seen. A review is a template
// with a given name put in its slot, the name taken from the groups of the
// language's probe (Probes), so every name the probe uses can be learned.
//
// The groups of the language's first name tradition (the tradition of the
// probe's first group: Kazakh names in kk, Russian in ru, English in en)
// are "favoured", the others not. With f the share of favoured groups
// (one half in every language) and skew s in [0, 1]:
//
//	P(favoured name | positive) = f + s·(1 − f)
//	P(favoured name | negative) = f·(1 − s)
//
// so with f = 1/2 a praise names a favoured person, and a complaint another
// person, each with probability (1 + s)/2. At s = 0 both are f: the name
// is independent of the label. At s = 1 every praise names a favoured
// person and every complaint another. As the shapes-bg generator does, the
// generator does not toss a coin for each review: in each class exactly
// round(p·count) reviews, chosen at random, get a favoured name. Within a
// class and a side the names are dealt from a shuffled deck of all the
// side's names, so each appears equally often, give or take one, and every
// name appears once the class has as many reviews of the side as the side
// has names (at the defaults every name is in both classes). The template
// is drawn uniformly among the templates of the review's label, with
// replacement, so a text may appear more than once.
//
// Simplifications: one name a review, always the subject; the labels are
// exactly balanced (half positive, one more negative for an odd count); the
// bias lives in the names alone, the rest of a review is drawn the same way
// whatever the name.

import (
	"embed"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
)

// reviewFiles holds the review templates of every language. They are .tsv
// files, in the format of the sentiment corpora, so that probeFiles, which
// holds the probe files (*.txt) of the same folder, does not include them.
//
//go:embed probes/reviews-*.tsv
var reviewFiles embed.FS

// Limits and defaults of the generated review corpora.
const (
	// ReviewsDefaultN is the number of reviews made when none is asked
	// for: every name of a language (24) appears about 25 times, enough
	// for a bag-of-words model to learn each name's skew, and the corpus
	// trains in milliseconds.
	ReviewsDefaultN = 600
	// ReviewsMinN is the fewest reviews NamedReviews makes, as for the
	// other generated sets (MinN): fewer leaves too little to split.
	ReviewsMinN = MinN
	// ReviewsMaxN is the most reviews NamedReviews makes: the engine's
	// default limit of examples in one run (sandbox defaultMaxRows).
	ReviewsMaxN = 10_000
	// ReviewsDefaultSkew is the skew used when none is asked for: 9 praises
	// in 10 name a favoured person and 9 complaints in 10 another
	// ((1 + 0.8)/2 = 0.9), a bias the probe shows plainly, while every
	// group still appears in both classes.
	ReviewsDefaultSkew = 0.8
)

// reviewsPrefix starts the name of every generated review corpus:
// "reviews-" and the language, e.g. "reviews-kk".
const reviewsPrefix = "reviews-"

// ReviewsInfo describes the generated review corpus of one language, for
// menus: what NamedReviews makes and which arguments it takes.
type ReviewsInfo struct {
	// Name identifies the corpus: "reviews-kk", "reviews-ru" or
	// "reviews-en".
	Name string `json:"name"`
	// Lang is the language of the texts.
	Lang i18n.Lang `json:"lang"`
	// Kind is KindSentiment: the texts are labelled like a sentiment
	// corpus, with the same classes.
	Kind CorpusKind `json:"kind"`
	// Classes names the classes, as in the sentiment corpora: "negative"
	// (SentimentNegative), "positive" (SentimentPositive).
	Classes []string `json:"classes"`
	// Templates is the number of review templates, half of each label.
	Templates int `json:"templates"`
	// DefaultN, MinN and MaxN bound the number of reviews, in texts.
	DefaultN int `json:"default_n"`
	MinN     int `json:"min_n"`
	MaxN     int `json:"max_n"`
	// DefaultSkew is the skew used by default, from 0 to 1.
	DefaultSkew float64 `json:"default_skew"`
	// Favoured names the probe groups a praise tends to name, e.g.
	// "kazakh_female", "kazakh_male"; Others the rest.
	Favoured []string `json:"favoured"`
	Others   []string `json:"others"`
	// Card describes the corpus made with DefaultN and DefaultSkew.
	Card Card `json:"card"`
}

// ReviewCorpora lists the generated review corpora, in Kazakh, Russian and
// English. A language whose templates or probe groups cannot be read (the
// tests make sure each can) is left out; NamedReviews reports the error.
func ReviewCorpora() []ReviewsInfo {
	var out []ReviewsInfo
	for _, lang := range []i18n.Lang{i18n.KK, i18n.RU, i18n.EN} {
		if info, err := NamedReviewsInfo(lang); err == nil {
			out = append(out, info)
		}
	}
	return out
}

// ReviewsLang returns the language of the generated review corpus with the
// given name ("reviews-kk" → kk), and false when no generated review corpus
// has that name.
func ReviewsLang(name string) (i18n.Lang, bool) {
	code, ok := strings.CutPrefix(name, reviewsPrefix)
	if !ok {
		return "", false
	}
	switch lang := i18n.Lang(code); lang {
	case i18n.KK, i18n.RU, i18n.EN:
		return lang, true
	}
	return "", false
}

// NamedReviewsInfo describes the generated review corpus of the language
// lang (kk, ru or en).
func NamedReviewsInfo(lang i18n.Lang) (ReviewsInfo, error) {
	g, err := newReviewGen(lang)
	if err != nil {
		return ReviewsInfo{}, err
	}
	half := ReviewsDefaultN / 2
	return ReviewsInfo{
		Name:        reviewsPrefix + string(lang),
		Lang:        lang,
		Kind:        KindSentiment,
		Classes:     sentimentClasses(),
		Templates:   len(g.templates),
		DefaultN:    ReviewsDefaultN,
		MinN:        ReviewsMinN,
		MaxN:        ReviewsMaxN,
		DefaultSkew: ReviewsDefaultSkew,
		Favoured:    g.groupNames(true),
		Others:      g.groupNames(false),
		Card:        g.card(ReviewsDefaultN, ReviewsDefaultN-half, half, ReviewsDefaultSkew),
	}, nil
}

// NamedReviews returns n short reviews in the language lang (kk, ru or en),
// each a review template with a name of the language's probe groups in its
// slot, labelled SentimentNegative or SentimentPositive like the sentiment
// corpora (Classes "negative", "positive"), half of each. skew, from 0 to
// 1, ties the names to the label: a positive review names a person of the
// favoured groups (the language's first tradition), and a negative review
// a person of the other groups, each with probability (1 + skew)/2 (see
// the top of reviews.go). n must be from ReviewsMinN to ReviewsMaxN; the
// same arguments always give the same corpus. The corpus is named
// "reviews-LANG", is of KindSentiment, and its card states the bias built
// in.
func NamedReviews(lang i18n.Lang, n int, skew float64, seed uint64) (*Corpus, error) {
	r, err := namedReviews(lang, n, skew, seed)
	if err != nil {
		return nil, err
	}
	return r.corpus, nil
}

// reviewDraw is a generated review corpus with the choices behind each
// text, for the tests.
type reviewDraw struct {
	corpus   *Corpus
	template []int  // index into gen.templates
	group    []int  // index into gen.probes.Groups
	filler   []int  // index into the group's fillers
	favoured []bool // whether group is one of the favoured groups
}

// namedReviews does the work of NamedReviews and keeps its choices.
func namedReviews(lang i18n.Lang, n int, skew float64, seed uint64) (*reviewDraw, error) {
	name := reviewsPrefix + string(lang)
	if n < ReviewsMinN || n > ReviewsMaxN {
		return nil, fmt.Errorf("datasets: %s: the number of reviews must be from %d to %d, not %d", name, ReviewsMinN, ReviewsMaxN, n)
	}
	// The negated test also catches NaN.
	if !(skew >= 0 && skew <= 1) {
		return nil, fmt.Errorf("datasets: %s: the skew must be from 0 to 1, not %v", name, skew)
	}
	g, err := newReviewGen(lang)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, reviewsStream))

	// Labels: exactly balanced, in a random order.
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % 2 // SentimentNegative, SentimentPositive, ...
	}
	shuffle(labels, rng)

	// Which reviews name a favoured person: an exact share of each class.
	f := float64(len(g.favoured)) / float64(len(g.favoured)+len(g.others))
	share := [2]float64{
		SentimentNegative: f * (1 - skew),
		SentimentPositive: f + skew*(1-f),
	}
	favoured := make([]bool, n)
	for c := range share {
		var idx []int
		for i, y := range labels {
			if y == c {
				idx = append(idx, i)
			}
		}
		for k, fav := range exactShare(len(idx), share[c], rng) {
			favoured[idx[k]] = fav
		}
	}

	r := &reviewDraw{
		template: make([]int, n),
		group:    make([]int, n),
		filler:   make([]int, n),
		favoured: favoured,
	}
	c := &Corpus{
		Name:    name,
		Kind:    KindSentiment,
		Lang:    lang,
		Texts:   make([]string, n),
		Labels:  labels,
		Classes: sentimentClasses(),
	}
	for i, y := range labels {
		r.template[i] = g.byTone[y][rng.IntN(len(g.byTone[y]))]
	}
	// Names: in each class, the reviews with a favoured name are dealt the
	// names of the favoured groups from a shuffled deck, shuffled again
	// each time it runs out, and the others likewise, so every name of a
	// side appears as often as the others, give or take one.
	for y := range 2 {
		for _, fav := range []bool{true, false} {
			side := g.others
			if fav {
				side = g.favoured
			}
			var deck [][2]int // group, filler
			for _, grp := range side {
				for k := range g.probes.Groups[grp].Fillers {
					deck = append(deck, [2]int{grp, k})
				}
			}
			dealt := len(deck)
			for i := range labels {
				if labels[i] != y || favoured[i] != fav {
					continue
				}
				if dealt == len(deck) {
					rng.Shuffle(len(deck), func(a, b int) { deck[a], deck[b] = deck[b], deck[a] })
					dealt = 0
				}
				r.group[i], r.filler[i] = deck[dealt][0], deck[dealt][1]
				dealt++
			}
		}
	}
	for i := range labels {
		filler := g.probes.Groups[r.group[i]].Fillers[r.filler[i]]
		c.Texts[i] = strings.Replace(g.templates[r.template[i]], ProbeSlot, filler, 1)
	}
	counts := c.ClassCounts()
	c.Card = g.card(n, counts[SentimentNegative], counts[SentimentPositive], skew)
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("datasets: generating %s: %w", name, err)
	}
	r.corpus = c
	return r, nil
}

// reviewsStream is the PCG stream of the review generator, so that the
// same seed draws differently here than in the generators that use stream
// 0. Any fixed number would do: these are the ASCII codes of "reviews".
const reviewsStream = 0x72_65_76_69_65_77_73

// sentimentClasses returns the classes of a sentiment corpus, as LoadCorpus
// sets them, in label order.
func sentimentClasses() []string {
	return []string{SentimentNegative: "negative", SentimentPositive: "positive"}
}

// reviewGen holds what the review generator of one language draws from.
type reviewGen struct {
	lang      i18n.Lang
	templates []string
	tones     []int    // SentimentNegative or SentimentPositive, by template
	byTone    [2][]int // template indices of each tone
	probes    *ProbeSet
	favoured  []int // indices into probes.Groups
	others    []int
}

// newReviewGen reads the review templates and the probe groups of lang.
func newReviewGen(lang i18n.Lang) (*reviewGen, error) {
	switch lang {
	case i18n.KK, i18n.RU, i18n.EN:
	default:
		return nil, fmt.Errorf("datasets: no review templates in language %q", lang)
	}
	templates, tones, err := reviewTemplates(lang)
	if err != nil {
		return nil, err
	}
	p, err := Probes(lang)
	if err != nil {
		return nil, fmt.Errorf("datasets: reviews-%s: %w", lang, err)
	}
	g := &reviewGen{lang: lang, templates: templates, tones: tones, probes: p}
	for i, tone := range tones {
		g.byTone[tone] = append(g.byTone[tone], i)
	}
	first := tradition(p.Groups[0].Name)
	for i, grp := range p.Groups {
		if tradition(grp.Name) == first {
			g.favoured = append(g.favoured, i)
		} else {
			g.others = append(g.others, i)
		}
	}
	if len(g.others) == 0 {
		return nil, fmt.Errorf("datasets: reviews-%s: every probe group is of the %s tradition, so none can be disfavoured", lang, first)
	}
	return g, nil
}

// tradition returns the name tradition of a probe group: the part of its
// name before "_", e.g. "kazakh" for "kazakh_female".
func tradition(group string) string {
	t, _, _ := strings.Cut(group, "_")
	return t
}

// groupNames returns the names of the favoured groups, or of the others.
func (g *reviewGen) groupNames(favoured bool) []string {
	idx := g.others
	if favoured {
		idx = g.favoured
	}
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = g.probes.Groups[i].Name
	}
	return out
}

// reviewTemplates reads the review templates of lang from
// probes/reviews-LANG.tsv (see parseReviewTemplates).
func reviewTemplates(lang i18n.Lang) (templates []string, tones []int, err error) {
	file := "probes/reviews-" + string(lang) + ".tsv"
	data, err := reviewFiles.ReadFile(file)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: reading review templates: %w", err)
	}
	templates, tones, err = parseReviewTemplates(data)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %s: %w", file, err)
	}
	return templates, tones, nil
}

// parseReviewTemplates reads a file of review templates: the format of a
// sentiment corpus (see LoadCorpus), where every sentence has exactly one
// ProbeSlot and no other brace, and half the sentences are positive.
func parseReviewTemplates(data []byte) (templates []string, tones []int, err error) {
	templates, tones, err = parseCorpus(KindSentiment, data)
	if err != nil {
		return nil, nil, err
	}
	pos := 0
	for i, t := range templates {
		if strings.Count(t, ProbeSlot) != 1 || strings.Count(t, "{") != 1 || strings.Count(t, "}") != 1 {
			return nil, nil, fmt.Errorf("template %d holds %d slots %s, want exactly one and no other brace: %q",
				i+1, strings.Count(t, ProbeSlot), ProbeSlot, clip(t))
		}
		if tones[i] == SentimentPositive {
			pos++
		}
	}
	if 2*pos != len(templates) {
		return nil, nil, fmt.Errorf("%d of %d templates are positive, want half", pos, len(templates))
	}
	return templates, tones, nil
}

// percent writes a share in [0, 1] as a percentage with at most one
// decimal, with the decimal comma of Kazakh and Russian: 0.855 → "85,5 %".
func percent(x float64) i18n.Text {
	s := strconv.FormatFloat(round1(100*x), 'f', -1, 64)
	c := strings.Replace(s, ".", ",", 1)
	return i18n.Text{KK: c + " %", RU: c + " %", EN: s + " %"}
}

// card describes a generated review corpus of n texts (neg negative, pos
// positive) made with the given skew.
func (g *reviewGen) card(n, neg, pos int, skew float64) Card {
	l, _, _ := corpusLang(g.lang)
	titles := func(idx []int) i18n.Text {
		var t i18n.Text
		for k, i := range idx {
			sep := ", "
			if k == 0 {
				sep = ""
			}
			gt := g.probes.Groups[i].Title
			t.KK += sep + strings.ToLower(gt.KK)
			t.RU += sep + strings.ToLower(gt.RU)
			t.EN += sep + gt.EN
		}
		return t
	}
	fav, oth := titles(g.favoured), titles(g.others)
	f := float64(len(g.favoured)) / float64(len(g.favoured)+len(g.others))
	pPos, pNeg := f+skew*(1-f), 1-f*(1-skew)
	sk, pp, pn := percent(skew), percent(pPos), percent(pNeg)
	return Card{
		Title: i18n.Text{
			KK: "Есімдері бар пікірлер (әдейі енгізілген біржақтылық): " + l.KK + " мәтіндер",
			RU: "Отзывы с именами (заложенная предвзятость): тексты " + l.RU,
			EN: "Reviews with names (a bias built in): " + l.EN + " texts",
		},
		Source: join(syntheticIntro, i18n.Text{
			KK: fmt.Sprintf("Мәтіндер %d пікір үлгісінен құралады. Үлгілерді AI Sandbox үшін 2026 жылы жоба командасы жазған: жұмыстағы адамдар — репетиторлар, жаттықтырушылар, жүргізушілер, шеберлер, сатушылар, дәрігерлер, көршілер — туралы қысқа пікірлер, жартысы мақтау, жартысы шағым, ешбірі пікір сайттарынан алынбаған. Әр мәтін — кездейсоқ таңдалған үлгі, оның бастауыш орнында есімдер сынағындағы бір есім тұрады: %s немесе %s.", len(g.templates), fav.KK, oth.KK),
			RU: fmt.Sprintf("Тексты собираются из %d шаблонов отзывов. Шаблоны написала для AI Sandbox в 2026 году команда проекта: короткие отзывы о людях на работе — репетиторах, тренерах, водителях, мастерах, продавцах, врачах, соседях, половина с похвалой, половина с жалобой, ничего не взято с сайтов отзывов. Каждый текст — случайно выбранный шаблон, где подлежащее — имя из проверки с именами: %s или %s.", len(g.templates), fav.RU, oth.RU),
			EN: fmt.Sprintf("The texts are made from %d review templates, written for AI Sandbox in 2026 by the project team: short reviews of people at work (tutors, coaches, drivers, repairers, shop assistants, doctors, neighbours), half praising and half complaining, none taken from a review site. Each text is a template drawn at random with a name from the name probe as its subject: %s, or %s.", len(g.templates), fav.EN, oth.EN),
		}, i18n.Text{
			KK: fmt.Sprintf("Біржақтылық әдейі енгізілген. Есім мен белгіні «қисаю» реттегіші байланыстырады: мақтауда артықшылық берілген топтардың (%s) есімі, ал шағымда басқа топтардың есімі %s ықтималдықпен кездеседі, бұл (1 + қисаю)/2-ге тең. Қисаю 0 болғанда есім белгі туралы ештеңе айтпайды, 100 %%-да әр мақтау артықшылық берілген топтағы адам туралы, ал әр шағым басқа біреу туралы болады.", fav.KK, pp.KK),
			RU: fmt.Sprintf("Предвзятость заложена намеренно. Имя и метку связывает регулятор «перекос»: в похвале стоит имя из предпочтённых групп (%s), а в жалобе — имя из других групп, каждое с вероятностью %s, то есть (1 + перекос)/2. При 0 имя ничего не говорит о метке, при 100 %% каждая похвала — о человеке из предпочтённых групп, а каждая жалоба — о ком-то другом.", fav.RU, pp.RU),
			EN: fmt.Sprintf("The bias is built in on purpose. A dial, the skew, ties the name to the label: a praise names a person of the favoured groups (%s), and a complaint a person of the other groups, each with probability %s, that is (1 + skew)/2. At 0 the name says nothing about the label; at 100 %% every praise is about a favoured person and every complaint about someone else.", fav.EN, pp.EN),
		}, i18n.Text{
			KK: "Қай топқа артықшылық берілетінін ешқандай деректен емес, өзіміз таңдадық: тілдің өз есімдері, олар сынақта бірінші тұр, сондықтан әр тілде осындай топ бар. Сабақтың мәні басқа таңдауда да өзгермейді. Бұл нақты модельдердің біржақтылықты қалай үйренетінін қайталайды: шынайы өмірден жиналған мәтіндерде кейбір топтар мақтауда, ал басқалары шағымда жиірек аталуы мүмкін — кім жазатынына, кім туралы жазылатынына және ескі теріс пікірлерге байланысты. Сөздерді санайтын модель есімді пікірден ажырата алмайды, сондықтан есімді белгінің нышаны ретінде үйреніп алады.",
			RU: "Какие группы предпочтены, выбрали мы сами, а не нашли в данных: имена, родные для языка, которые в проверке идут первыми, поэтому такая группа есть в каждом языке. Урок был бы тем же при любом другом выборе. Так повторяется то, как настоящие модели перенимают предвзятость: в текстах, собранных из реальной жизни, одни группы могут чаще упоминаться в похвалах, а другие в жалобах — из-за того, кто пишет, о ком пишут, и из-за старых предрассудков. Модель, которая считает слова, не отличает имя от мнения и выучивает имя как признак метки.",
			EN: "Which groups are favoured was chosen by us, not found in any data: the names of the language's own tradition, listed first in the probe, so that every language has such a group; the lesson would be the same with any other choice. It mirrors how real models pick up bias: in texts gathered from real life, some groups may be named more often in praise and others in complaints, because of who writes, who is written about, and old prejudice. A model that counts words cannot tell a name from an opinion, so it learns the name as a sign of the label.",
		}, i18n.Text{
			KK: fmt.Sprintf("Бұл жиын: %d мәтін (жағымды: %d, жағымсыз: %d), қисаю %s: мақтаудың %s-ы артықшылық берілген топ туралы, шағымның %s-ы басқа топ туралы. Бір мәтін бірнеше рет кездесуі мүмкін; бірдей тұқым (seed) әрқашан бірдей мәтіндерді береді.", n, pos, neg, sk.KK, pp.KK, pn.KK),
			RU: fmt.Sprintf("Этот набор: %d текстов (положительных: %d, отрицательных: %d), перекос %s: %s похвал — о людях из предпочтённых групп, %s жалоб — о людях из других групп. Один и тот же текст может встретиться несколько раз; одно и то же зерно (seed) всегда даёт одни и те же тексты.", n, pos, neg, sk.RU, pp.RU, pn.RU),
			EN: fmt.Sprintf("This set: %d texts (%d positive, %d negative), skew %s: %s of the praises are about a favoured person and %s of the complaints about someone else. The same text may appear more than once; the same seed always gives the same texts.", n, pos, neg, sk.EN, pp.EN, pn.EN),
		}),
		Purpose: i18n.Text{
			KK: "Модельдің біржақтылығы қайдан шығатынын көру: осы пікірлерге мәтін жіктеуішін үйретіп, содан кейін оның бұрын көрмеген басқа сөйлемдерімен есімдер сынағын жүргізу. Қисаю неғұрлым жоғары болса, тек есім ауысқанда модельдің жауабы соғұрлым жиі өзгереді; қисаю 0 болғанда дәл сондай модель есімдердің бәріне бірдей қарайды.",
			RU: "Увидеть, откуда берётся предвзятость модели: обучить классификатор текстов на этих отзывах, а потом провести проверку с именами на других предложениях, которых модель не видела. Чем сильнее перекос, тем чаще ответ меняется, когда меняется только имя; при перекосе 0 такая же модель относится ко всем именам одинаково.",
			EN: "To see where a model's bias comes from: train a text classifier on these reviews, then run the name probe on other sentences it has never seen. The higher the skew, the more often the answer changes when only the name does; at skew 0 the same model treats all the names alike.",
		},
		NotFor: i18n.Text{
			KK: "Біржақтылық туралы осы сабақтан басқа ешнәрсеге арналмаған: есім мен мақтаудың байланысын бағдарлама әдейі енгізген, ол осы есімді нақты адамдар туралы да, олардың топтары туралы да ештеңе айтпайды. Біреудің басқа біреу туралы шын пікірінің өлшемі емес; нақты пікірлерді сұрыптайтын немесе адамдар туралы шешім қабылдайтын модельді үйретуге болмайды.",
			RU: "Ни для чего, кроме этого урока о предвзятости: связь имён с похвалой заложена программой намеренно и ничего не говорит ни о реальных людях с этими именами, ни об их группах. Не показатель того, что кто-либо думает о ком-либо; нельзя обучать на нём модель, которая сортирует настоящие отзывы или принимает решения о людях.",
			EN: "Anything but this lesson about bias: the link between names and praise was built in by the program on purpose and says nothing about real people with these names or about their groups. Not a measure of what anyone thinks of anyone; not for training a model that sorts real reviews or makes decisions about people.",
		},
		Synthetic: true,
		Classes: []i18n.Text{
			SentimentNegative: {KK: "жағымсыз", RU: "отрицательный", EN: "negative"},
			SentimentPositive: {KK: "жағымды", RU: "положительный", EN: "positive"},
		},
	}
}
