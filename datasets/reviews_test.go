package datasets

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/bayes"
	"github.com/aisandbox/aisandbox/models/tokenize"
)

// reviewLangs are the languages with review templates.
var reviewLangs = []i18n.Lang{i18n.KK, i18n.RU, i18n.EN}

func TestReviewTemplates(t *testing.T) {
	// Pronouns that would tell a woman from a man, or refer to the person:
	// the templates must leave the name the only thing that changes.
	gendered := map[i18n.Lang][]string{
		i18n.EN: {"he", "she", "him", "her", "his", "hers", "himself", "herself"},
		i18n.RU: {"он", "она", "его", "её", "ее", "ему", "ей", "ним", "ней", "нём", "сам", "сама"},
		i18n.KK: {"ол", "оның", "оған", "онымен"},
	}
	for _, lang := range reviewLangs {
		t.Run(string(lang), func(t *testing.T) {
			templates, tones, err := reviewTemplates(lang)
			if err != nil {
				t.Fatal(err)
			}
			// The brief asks for at least 60 templates a language, half
			// positive and half negative.
			if len(templates) < 60 || len(tones) != len(templates) {
				t.Errorf("%d templates with %d tones, want at least 60 with one tone each", len(templates), len(tones))
			}
			pos := 0
			for _, tone := range tones {
				if tone == SentimentPositive {
					pos++
				}
			}
			if 2*pos != len(tones) {
				t.Errorf("%d of %d templates are positive, want half", pos, len(tones))
			}
			for i, tmpl := range templates {
				if strings.Count(tmpl, ProbeSlot) != 1 || !strings.HasPrefix(tmpl, ProbeSlot+" ") {
					t.Errorf("template %d does not start with its one slot, the subject: %q", i, tmpl)
				}
				if err := checkText(tmpl); err != nil {
					t.Errorf("template %d: %v", i, err)
				}
				for _, w := range reviewWords(strings.Replace(tmpl, ProbeSlot, "", 1)) {
					if slices.Contains(gendered[lang], w) {
						t.Errorf("template %d holds the pronoun %q: %q", i, w, tmpl)
					}
				}
			}
		})
	}
}

func TestParseReviewTemplates(t *testing.T) {
	templates, tones, err := parseReviewTemplates([]byte("# header\npos\t{name} helps.\n\nneg\t{name} shouts.\n"))
	if err != nil || !slices.Equal(templates, []string{"{name} helps.", "{name} shouts."}) ||
		!slices.Equal(tones, []int{SentimentPositive, SentimentNegative}) {
		t.Fatalf("got %q, %v, %v", templates, tones, err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"no slot", "pos\tAll good.\nneg\t{name} shouts.\n", "template 1 holds 0 slots"},
		{"two slots", "pos\t{name} helps.\nneg\t{name} shouts at {name}.\n", "template 2 holds 2 slots"},
		{"other brace", "pos\t{name} helps {friend}.\nneg\t{name} shouts.\n", "no other brace"},
		{"not half", "pos\t{name} helps.\npos\t{name} smiles.\nneg\t{name} shouts.\n", "2 of 3 templates are positive"},
		{"bad label", "good\t{name} helps.\n", `"good" is neither`},
		{"repeated", "pos\t{name} helps.\nneg\t{name} shouts.\npos\t{name} helps.\n", "line 3 repeats line 1"},
		{"empty", "# nothing\n", "holds no texts"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := parseReviewTemplates([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestReviewTemplatesNotProbes checks that the probe asks about sentences
// the model never saw: no review template is a probe template, even up to
// case and punctuation, and no run of reviewSharedRun words is in both.
func TestReviewTemplatesNotProbes(t *testing.T) {
	// Four words in a row is a phrase ("at the last minute"), not a sentence;
	// a longer shared run would let a model learn part of a probe sentence.
	const reviewSharedRun = 5
	for _, lang := range reviewLangs {
		templates, _, err := reviewTemplates(lang)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Probes(lang)
		if err != nil {
			t.Fatal(err)
		}
		runs := map[string]string{} // run of words -> probe template
		probeSet := map[string]bool{}
		for _, tmpl := range p.Templates {
			ws := reviewWords(tmpl)
			probeSet[strings.Join(ws, " ")] = true
			for k := 0; k+reviewSharedRun <= len(ws); k++ {
				runs[strings.Join(ws[k:k+reviewSharedRun], " ")] = tmpl
			}
		}
		for _, tmpl := range templates {
			ws := reviewWords(tmpl)
			if probeSet[strings.Join(ws, " ")] {
				t.Errorf("%s: review template %q is a probe template", lang, tmpl)
			}
			for k := 0; k+reviewSharedRun <= len(ws); k++ {
				if probe, ok := runs[strings.Join(ws[k:k+reviewSharedRun], " ")]; ok {
					t.Errorf("%s: review template %q shares %d words in a row with probe %q", lang, tmpl, reviewSharedRun, probe)
				}
			}
		}
	}
}

func TestReviewCorpora(t *testing.T) {
	// The favoured groups are the language's own tradition, the first
	// groups of its probe (see TestProbes).
	wantFavoured := map[i18n.Lang][]string{
		i18n.KK: {"kazakh_female", "kazakh_male"},
		i18n.RU: {"russian_female", "russian_male"},
		i18n.EN: {"english_female", "english_male"},
	}
	wantOthers := map[i18n.Lang][]string{
		i18n.KK: {"russian_female", "russian_male"},
		i18n.RU: {"kazakh_female", "kazakh_male"},
		i18n.EN: {"kazakh_female", "kazakh_male"},
	}
	list := ReviewCorpora()
	if len(list) != len(reviewLangs) {
		t.Fatalf("ReviewCorpora lists %d corpora, want %d", len(list), len(reviewLangs))
	}
	for k, info := range list {
		lang := reviewLangs[k]
		if info.Name != "reviews-"+string(lang) || info.Lang != lang || info.Kind != KindSentiment {
			t.Errorf("corpus %d: %s, %s, %s", k, info.Name, info.Lang, info.Kind)
		}
		if got, ok := ReviewsLang(info.Name); !ok || got != lang {
			t.Errorf("ReviewsLang(%q) = %q, %v", info.Name, got, ok)
		}
		sent, err := LoadCorpus("sentiment-" + string(lang))
		if err != nil {
			t.Fatal(err)
		}
		// The probe follows the class named "positive", the last: the
		// classes must be those of the sentiment corpora, in their order.
		if !slices.Equal(info.Classes, sent.Classes) {
			t.Errorf("%s: classes %v, want those of %s: %v", info.Name, info.Classes, sent.Name, sent.Classes)
		}
		if !reflect.DeepEqual(info.Card.Classes, sent.Card.Classes) {
			t.Errorf("%s: class titles %v, want %v", info.Name, info.Card.Classes, sent.Card.Classes)
		}
		if !slices.Equal(info.Favoured, wantFavoured[lang]) || !slices.Equal(info.Others, wantOthers[lang]) {
			t.Errorf("%s: favoured %v, others %v; want %v, %v", info.Name, info.Favoured, info.Others, wantFavoured[lang], wantOthers[lang])
		}
		if info.DefaultN != ReviewsDefaultN || info.MinN != ReviewsMinN || info.MaxN != ReviewsMaxN || info.DefaultSkew != ReviewsDefaultSkew || info.Templates < 60 {
			t.Errorf("%s: %+v", info.Name, info)
		}
		c := info.Card
		if !c.Synthetic {
			t.Errorf("%s: the card does not say the data is synthetic", info.Name)
		}
		for field, text := range map[string]i18n.Text{"title": c.Title, "source": c.Source, "purpose": c.Purpose, "not for": c.NotFor} {
			for _, l := range i18n.All {
				if strings.TrimSpace(text.In(l)) == "" {
					t.Errorf("%s: the card's %s is empty in %s", info.Name, field, l)
				}
			}
		}
		// The card names the favoured groups, the skew and the share it
		// gives: at 0.8, (1 + 0.8)/2 = 90 %.
		for _, want := range []string{"80 %", "90 %", "600"} {
			for _, l := range i18n.All {
				if !strings.Contains(c.Source.In(l), want) {
					t.Errorf("%s: the card's source in %s does not say %q", info.Name, l, want)
				}
			}
		}
		if !strings.Contains(c.Source.EN, "Kazakh women's names") {
			t.Errorf("%s: the card does not name the groups: %s", info.Name, c.Source.EN)
		}
	}
	for _, name := range []string{"reviews-de", "reviews", "sentiment-kk", "reviews-kk-2", ""} {
		if lang, ok := ReviewsLang(name); ok {
			t.Errorf("ReviewsLang(%q) = %q, true", name, lang)
		}
	}
	if _, err := NamedReviewsInfo("de"); err == nil {
		t.Error(`NamedReviewsInfo("de") returned no error`)
	}
}

func TestNamedReviewsErrors(t *testing.T) {
	tests := []struct {
		name string
		lang i18n.Lang
		n    int
		skew float64
		want string
	}{
		{"language", "de", 100, 0.5, `no review templates in language "de"`},
		{"too few", i18n.KK, ReviewsMinN - 1, 0.5, "from 10 to 10000, not 9"},
		{"too many", i18n.RU, ReviewsMaxN + 1, 0.5, "not 10001"},
		{"negative skew", i18n.EN, 100, -0.1, "the skew must be from 0 to 1, not -0.1"},
		{"skew above 1", i18n.EN, 100, 1.01, "not 1.01"},
		{"NaN skew", i18n.EN, 100, math.NaN(), "not NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NamedReviews(tc.lang, tc.n, tc.skew, 1)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "datasets: ") {
				t.Errorf("got %v, %v; want an error with %q", c, err, tc.want)
			}
		})
	}
}

func TestNamedReviewsDeterministic(t *testing.T) {
	for _, lang := range reviewLangs {
		a, err := NamedReviews(lang, 300, 0.6, 42)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NamedReviews(lang, 300, 0.6, 42)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the same seed gave different corpora", lang)
		}
		c, err := NamedReviews(lang, 300, 0.6, 43)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(a.Texts, c.Texts) {
			t.Errorf("%s: seeds 42 and 43 gave the same texts", lang)
		}
	}
}

// reviewName finds which name of which probe group a review holds: the
// templates start with the slot, so the text starts with the name and a
// space.
func reviewName(t *testing.T, p *ProbeSet, text string) (group int, filler string) {
	t.Helper()
	for g, grp := range p.Groups {
		for _, f := range grp.Fillers {
			if strings.HasPrefix(text, f+" ") {
				return g, f
			}
		}
	}
	t.Fatalf("no probe name starts %q", text)
	return 0, ""
}

func TestNamedReviewsSkew(t *testing.T) {
	// The brief measures on 10,000 texts; exactly half are positive.
	const n = 10_000
	for _, lang := range reviewLangs {
		p, err := Probes(lang)
		if err != nil {
			t.Fatal(err)
		}
		info, err := NamedReviewsInfo(lang)
		if err != nil {
			t.Fatal(err)
		}
		templates, _, err := reviewTemplates(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, skew := range []float64{0, 0.25, 0.5, 0.8, 1} {
			r, err := namedReviews(lang, n, skew, 7)
			if err != nil {
				t.Fatal(err)
			}
			c := r.corpus
			if c.Name != "reviews-"+string(lang) || c.Kind != KindSentiment || c.Lang != lang || c.Len() != n {
				t.Fatalf("%s: %s %s %s with %d texts", lang, c.Name, c.Kind, c.Lang, c.Len())
			}
			if counts := c.ClassCounts(); counts[SentimentNegative] != n/2 || counts[SentimentPositive] != n/2 {
				t.Errorf("%s skew %g: class counts %v, want half each", lang, skew, counts)
			}
			// counts[label][group], from the texts themselves.
			counts := make([][]int, 2)
			for y := range counts {
				counts[y] = make([]int, len(p.Groups))
			}
			for i, text := range c.Texts {
				g, f := reviewName(t, p, text)
				if g != r.group[i] || f != p.Groups[g].Fillers[r.filler[i]] {
					t.Fatalf("%s: text %d %q does not hold the name drawn for it", lang, i, text)
				}
				want := strings.Replace(templates[r.template[i]], ProbeSlot, f, 1)
				if text != want {
					t.Fatalf("%s: text %d is %q, want %q", lang, i, text, want)
				}
				if slices.Contains(info.Favoured, p.Groups[g].Name) != r.favoured[i] {
					t.Fatalf("%s: text %d: group %s is marked favoured = %v", lang, i, p.Groups[g].Name, r.favoured[i])
				}
				counts[c.Labels[i]][g]++
			}
			fav := func(y int) float64 { // share of favoured names in class y
				k := 0
				for g, grp := range p.Groups {
					if slices.Contains(info.Favoured, grp.Name) {
						k += counts[y][g]
					}
				}
				return float64(k) / float64(n/2)
			}
			// (1 + skew)/2 of the praises name a favoured person and as
			// many complaints someone else, exactly up to rounding.
			want := (1 + skew) / 2
			if got := fav(SentimentPositive); math.Abs(got-want) > 1.0/(n/2) {
				t.Errorf("%s skew %g: %.4f of the positive reviews name a favoured person, want %.4f", lang, skew, got, want)
			}
			if got := 1 - fav(SentimentNegative); math.Abs(got-want) > 1.0/(n/2) {
				t.Errorf("%s skew %g: %.4f of the negative reviews name someone else, want %.4f", lang, skew, got, want)
			}
			if skew == 1 {
				if fav(SentimentPositive) != 1 || fav(SentimentNegative) != 0 {
					t.Errorf("%s skew 1: the names are not perfectly aligned with the labels: %v", lang, counts)
				}
			}
			if skew == 0 {
				// Independence: each group's share of each class is 1/4
				// within ±3 % (the brief's tolerance; one standard error
				// is √(0.25·0.75/5000) ≈ 0.6 %), and the 2×4 table passes
				// a chi-square test of independence at p = 0.001: 16.27
				// is the 0.999 quantile of chi-square with 3 degrees of
				// freedom (standard statistical tables).
				for y := range counts {
					for g := range counts[y] {
						if share := float64(counts[y][g]) / float64(n/2); math.Abs(share-0.25) > 0.03 {
							t.Errorf("%s skew 0: group %s has %.3f of class %d, want 0.25 ± 0.03", lang, p.Groups[g].Name, share, y)
						}
					}
				}
				if chi := chiSquare(counts); chi > 16.27 {
					t.Errorf("%s skew 0: chi-square %.2f over 16.27: the group depends on the label (%v)", lang, chi, counts)
				}
			}
		}
	}
}

// chiSquare returns Pearson's chi-square statistic of a contingency table.
func chiSquare(table [][]int) float64 {
	rows := make([]float64, len(table))
	cols := make([]float64, len(table[0]))
	total := 0.0
	for i, row := range table {
		for j, v := range row {
			rows[i] += float64(v)
			cols[j] += float64(v)
			total += float64(v)
		}
	}
	chi := 0.0
	for i, row := range table {
		for j, v := range row {
			e := rows[i] * cols[j] / total
			chi += (float64(v) - e) * (float64(v) - e) / e
		}
	}
	return chi
}

func TestChiSquareHandComputed(t *testing.T) {
	// [[10 20] [30 40]]: row sums 30, 70, column sums 40, 60, total 100;
	// expected 12, 18, 28, 42; chi-square = 4/12 + 4/18 + 4/28 + 4/42
	// = 0.79365...
	if got := chiSquare([][]int{{10, 20}, {30, 40}}); math.Abs(got-0.7936508) > 1e-6 {
		t.Errorf("chi-square %v, want 0.7936508", got)
	}
}

func TestNamedReviewsDefaultHoldsEveryName(t *testing.T) {
	// At the default size and skew every probe name must appear in the
	// corpus, in both classes, or a bag-of-words model would not know it.
	for _, lang := range reviewLangs {
		p, err := Probes(lang)
		if err != nil {
			t.Fatal(err)
		}
		c, err := NamedReviews(lang, ReviewsDefaultN, ReviewsDefaultSkew, 1)
		if err != nil {
			t.Fatal(err)
		}
		seen := [2]map[string]bool{{}, {}}
		for i, text := range c.Texts {
			_, f := reviewName(t, p, text)
			seen[c.Labels[i]][f] = true
		}
		for _, grp := range p.Groups {
			for _, f := range grp.Fillers {
				if !seen[SentimentNegative][f] || !seen[SentimentPositive][f] {
					t.Errorf("%s: name %s is missing from a class of the default corpus", lang, f)
				}
			}
		}
	}
}

// reviewWords cuts a text into lower-case words as the sandbox's text
// classifiers do (sandbox/fam_text.go, words and isWord): the pieces of
// tokenize.Pieces, trimmed and lowered, punctuation dropped.
func reviewWords(s string) []string {
	var out []string
	for _, p := range tokenize.Pieces(tokenize.Normalize(s)) {
		p = strings.ToLower(strings.TrimSpace(p))
		if strings.ContainsFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			out = append(out, p)
		}
	}
	return out
}

// probeGap trains multinomial naive Bayes (α = 1, the sandbox's default)
// on word counts of c, as the sandbox's "textnb" model does, asks it about
// every probe sentence filled with every group's names, and returns the
// mean P(positive) over the favoured groups' sentences minus that over the
// other groups' sentences.
func probeGap(t *testing.T, c *Corpus, favoured []string) float64 {
	t.Helper()
	index := map[string]int{}
	var vocab []string
	for _, text := range c.Texts {
		for _, w := range reviewWords(text) {
			if _, ok := index[w]; !ok {
				index[w] = len(vocab)
				vocab = append(vocab, w)
			}
		}
	}
	row := func(text string) []float64 {
		r := make([]float64, len(vocab))
		for _, w := range reviewWords(text) {
			if k, ok := index[w]; ok {
				r[k]++
			}
		}
		return r
	}
	X := make([][]float64, c.Len())
	for i, text := range c.Texts {
		X[i] = row(text)
	}
	m, err := bayes.FitMultinomial(context.Background(), X, c.Labels, vocab, bayes.MultinomialConfig{Classes: 2})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Probes(c.Lang)
	if err != nil {
		t.Fatal(err)
	}
	var sum [2]float64 // other, favoured
	var count [2]int
	for g, grp := range p.Groups {
		side := 0
		if slices.Contains(favoured, grp.Name) {
			side = 1
		}
		var rows [][]float64
		for _, pt := range p.Fill(g) {
			rows = append(rows, row(pt.Text))
		}
		for _, pr := range m.Probabilities(rows) {
			sum[side] += pr[SentimentPositive]
			count[side]++
		}
	}
	return sum[1]/float64(count[1]) - sum[0]/float64(count[0])
}

// TestNamedReviewsBiasLearned trains the sandbox's bag-of-words naive Bayes
// on generated reviews and runs the name probe on it: the bias built in
// must be the bias the model learns, on sentences it never saw.
func TestNamedReviewsBiasLearned(t *testing.T) {
	tests := []struct {
		skew     float64
		min, max float64 // bounds of the gap in mean P(positive), favoured − other
	}{
		// At skew 0.9, 95 % of the praises name a favoured person: each
		// name alone multiplies the odds of "positive" by about 19 one way
		// or the other (0.95/0.05), so the gap is large (from 0.30 to 0.49
		// over seeds 0 to 19); 0.2 is a floor well below that, yet far above
		// any chance difference.
		{0.9, 0.2, 1},
		// At skew 0 the names carry no signal. Each name is dealt equally
		// often to both classes, but the split leaves a name's training
		// counts a little uneven, so some noise remains: over seeds 0 to
		// 19 the gap stayed within ±3 points; it must stay under 5.
		{0, -0.05, 0.05},
	}
	for _, lang := range reviewLangs {
		info, err := NamedReviewsInfo(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range tests {
			for seed := range uint64(3) {
				c, err := NamedReviews(lang, ReviewsDefaultN, tc.skew, seed)
				if err != nil {
					t.Fatal(err)
				}
				// Train on the training part of a split, as the sandbox does
				// (its default test share is 0.3, sandbox/catalog.go).
				train, _, err := c.Split(0.3, rand.New(rand.NewPCG(seed, 1)))
				if err != nil {
					t.Fatal(err)
				}
				gap := probeGap(t, train, info.Favoured)
				t.Logf("%s skew %g seed %d: gap %+.3f", lang, tc.skew, seed, gap)
				if gap < tc.min || gap > tc.max {
					t.Errorf("%s skew %g seed %d: mean P(positive) of favoured minus other names is %+.3f, want from %+.2f to %+.2f",
						lang, tc.skew, seed, gap, tc.min, tc.max)
				}
			}
		}
	}
}
