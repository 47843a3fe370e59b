package sandbox

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/evaluate"
	"github.com/aisandbox/aisandbox/i18n"
)

// Counterfactual probes: change one thing that should not matter (the
// group column of a row, a name in a sentence, the background behind a
// figure) and count how many of the model's decisions change; or ask a
// regression model beyond the data it saw and compare with the truth.

// The kinds of probe, for ProbeSpec.Kind.
const (
	// ProbeAttribute switches the group of every test row of a table
	// (ProbeSpec.Attribute), or sets a proxy feature (ProbeSpec.Proxy) to
	// the other group's median.
	ProbeAttribute = "attribute"
	// ProbeText fills sentences with the names of different groups and
	// asks a text classifier about each.
	ProbeText = "text"
	// ProbeBackground swaps the background of every test picture of the
	// shapes-bg set, light for dark, and asks the model again.
	ProbeBackground = "background"
	// ProbeExtrapolate asks a regression model along one feature
	// (ProbeSpec.Feature), inside and beyond the range of its training
	// values, the other features held fixed, and compares with the
	// formula the data was made from.
	ProbeExtrapolate = "extrapolate"
)

// ProbeSpec chooses a probe of a trained model.
type ProbeSpec struct {
	// Kind is ProbeAttribute, ProbeText, ProbeBackground or
	// ProbeExtrapolate.
	Kind string `json:"kind"`
	// Attribute names the two-valued attribute a ProbeAttribute switches,
	// e.g. "home" (city ↔ village). Whether or not the model was given it
	// as a feature: when not, switching it cannot change a decision.
	Attribute string `json:"attribute,omitempty"`
	// Proxy, for ProbeAttribute, names a feature to change instead of the
	// attribute, e.g. "commute": every row gets the median the other group
	// of Attribute has on the training part.
	Proxy string `json:"proxy,omitempty"`
	// Positive names the class whose probability is followed; "" = the
	// last class (the second of a two-class task, e.g. "yes", "positive").
	Positive string `json:"positive,omitempty"`
	// Feature, for ProbeExtrapolate, names the feature swept, e.g.
	// "speed"; "" = the first feature the model sees. The other features
	// are held at their medians on the training part, or at Fixed.
	Feature string `json:"feature,omitempty"`
	// Fixed, for ProbeExtrapolate, holds some of the other features at
	// values of its own, in their units, e.g. {"time": 5}; nil = all at
	// their medians.
	Fixed map[string]float64 `json:"fixed,omitempty"`
	// Reach, for ProbeExtrapolate, is how far the sweep goes beyond the
	// training range on each side, in multiples of the range's width, from
	// 0 to maxReach; 0 = half the width. Either way it stops at 0 for a
	// feature with no negative training value (a length, a mass, a speed).
	Reach float64 `json:"reach,omitempty"`
}

// ProbeResult is what a probe found. Exactly one of Attribute, Text,
// Background and Extrapolate is set, by Kind.
type ProbeResult struct {
	Kind string `json:"kind"`
	// Classes, ClassTitles and Positive (an index in Classes) are those of
	// a classifier; empty for a regression model.
	Classes     []string          `json:"classes,omitempty"`
	ClassTitles []i18n.Text       `json:"class_titles,omitempty"`
	Positive    int               `json:"positive"`
	Attribute   *AttributeProbe   `json:"attribute,omitempty"`
	Text        *TextProbe        `json:"text,omitempty"`
	Background  *BackgroundProbe  `json:"background,omitempty"`
	Extrapolate *ExtrapolateProbe `json:"extrapolate,omitempty"`
}

// AttributeProbe counts the test rows whose decision (the most probable
// class) changes when the row's group, or its proxy, is switched.
type AttributeProbe struct {
	Attribute   string      `json:"attribute"`
	Title       i18n.Text   `json:"title"`
	Values      []string    `json:"values"`
	ValueTitles []i18n.Text `json:"value_titles"`
	// Proxy is the feature changed instead of the attribute; "" when the
	// attribute itself was switched.
	Proxy string `json:"proxy,omitempty"`
	// Medians holds, for a proxy, each group's median of it on the
	// training part, in the order of Values: rows of one group were given
	// the other group's median.
	Medians []float64 `json:"medians,omitempty"`
	// Feature is set when what was changed is one of the model's inputs
	// (the attribute added as a feature, or the proxy not dropped). When
	// it is not, no decision can change.
	Feature bool `json:"feature"`
	// Flips counts changed decisions over all test rows; MeanChange is the
	// mean change of P(positive), after − before.
	Flips evaluate.Flips `json:"flips"`
	// ByGroup counts them among the rows of each group (the group a row
	// had before the switch), in the order of Values.
	ByGroup []GroupFlips `json:"by_group"`
	// Examples lists up to 20 rows whose decision changed, the largest
	// change of P(positive) first.
	Examples []RowFlip `json:"examples,omitempty"`
}

// GroupFlips counts the flips among the rows of one group.
type GroupFlips struct {
	Group string         `json:"group"`
	Flips evaluate.Flips `json:"flips"`
}

// RowFlip is one test row whose decision changed.
type RowFlip struct {
	Index int `json:"index"` // its place in the test part, from 0
	Group int `json:"group"` // its group before the switch (index in Values)
	// Before and After are the decisions (indices in Classes) and PBefore
	// and PAfter the probabilities of the positive class.
	Before  int     `json:"before"`
	After   int     `json:"after"`
	PBefore float64 `json:"p_before"`
	PAfter  float64 `json:"p_after"`
	// Features holds the row as the model saw it before the switch, in the
	// data's own units and the model's columns (Evaluation.Features).
	Features []float64 `json:"features"`
}

// TextProbe asks a text classifier about the same sentences filled with
// the names of different groups.
type TextProbe struct {
	Lang      i18n.Lang   `json:"lang"`
	Templates int         `json:"templates"` // sentences with a slot
	Groups    []TextGroup `json:"groups"`
	// Pairs compares every two groups, sentence by sentence: the k-th
	// filler of one against the k-th of the other in the same template.
	Pairs []TextPair `json:"pairs"`
}

// TextGroup is the classifier's answers about one group's sentences.
type TextGroup struct {
	Name  string    `json:"name"` // e.g. "kazakh_female"
	Title i18n.Text `json:"title"`
	Texts int       `json:"texts"` // filled sentences
	// Fillers counts the group's names, and Known those of them whose
	// every word the classifier has in its vocabulary: a name it never
	// saw in training is ignored, so it cannot change an answer.
	Fillers int `json:"fillers"`
	Known   int `json:"known"`
	// MeanPositive is the mean P(positive) over them, and Positive the
	// share the model called positive.
	MeanPositive evaluate.Number `json:"mean_positive"`
	Positive     evaluate.Rate   `json:"positive"`
}

// TextPair counts the sentences whose decision differs between two
// groups' fillers. Flips.MeanChange is the mean P(positive) with B's
// filler minus with A's.
type TextPair struct {
	A     string         `json:"a"`
	B     string         `json:"b"`
	Flips evaluate.Flips `json:"flips"`
	// Examples lists up to 10 sentences whose decision flipped.
	Examples []TextFlip `json:"examples,omitempty"`
}

// TextFlip is one sentence whose decision depends on the name in it.
type TextFlip struct {
	Template int     `json:"template"`
	TextA    string  `json:"text_a"`
	TextB    string  `json:"text_b"`
	ClassA   int     `json:"class_a"`
	ClassB   int     `json:"class_b"`
	PA       float64 `json:"p_a"` // P(positive) of TextA
	PB       float64 `json:"p_b"`
}

// BackgroundProbe scores a model on its test pictures and on the same
// pictures with the background swapped (light for dark), the figure kept.
type BackgroundProbe struct {
	Width    int       `json:"width"`
	Height   int       `json:"height"`
	Original SetScores `json:"original"`
	Swapped  SetScores `json:"swapped"`
	// Flips counts pictures whose decision changed with the background.
	Flips evaluate.Flips `json:"flips"`
	// Examples shows up to 12 pictures whose decision changed.
	Examples []ImageFlip `json:"examples,omitempty"`
}

// ImageFlip is one test picture whose decision changed with its
// background.
type ImageFlip struct {
	Index   int       `json:"index"`
	True    int       `json:"true"`
	Before  int       `json:"before"`
	After   int       `json:"after"`
	Pixels  []float64 `json:"pixels"`  // the picture, row by row, 0 dark to 1 bright
	Swapped []float64 `json:"swapped"` // the same with the other background
}

// ExtrapolateProbe compares a regression model with the formula its data
// was made from along one feature, inside the range of its training
// values and beyond it (by ProbeSpec.Reach), the other features held
// fixed (Held).
type ExtrapolateProbe struct {
	// Feature is the feature swept and FeatureTitle how to show it;
	// Target what is predicted and TargetTitle how to show it, with their
	// units, in every language.
	Feature      string    `json:"feature"`
	FeatureTitle i18n.Text `json:"feature_title"`
	Target       string    `json:"target"`
	TargetTitle  i18n.Text `json:"target_title"`
	TrainMin     float64   `json:"train_min"` // the smallest value of Feature trained on
	TrainMax     float64   `json:"train_max"` // the largest
	// From and To are the ends of the sweep.
	From float64 `json:"from"`
	To   float64 `json:"to"`
	// Held lists the other features and the values they were held at, in
	// the order of the data's features; empty for one-feature data.
	Held []HeldFeature `json:"held,omitempty"`
	// Inside and Beyond are the model's errors against the formula (no
	// noise) at the points inside and outside [TrainMin, TrainMax].
	Inside FitScores            `json:"inside"`
	Beyond FitScores            `json:"beyond"`
	Points []ExtrapolationPoint `json:"points"`
}

// HeldFeature is a feature an extrapolation holds at one value.
type HeldFeature struct {
	Feature string    `json:"feature"`
	Title   i18n.Text `json:"title"`
	Value   float64   `json:"value"` // in the feature's units
	// Fixed is set when ProbeSpec.Fixed chose the value; otherwise it is
	// the feature's median on the training part.
	Fixed bool `json:"fixed"`
}

// ExtrapolationPoint is the model and the truth at one value of the swept
// feature.
type ExtrapolationPoint struct {
	X      float64 `json:"x"`
	Model  float64 `json:"model"`
	Truth  float64 `json:"truth"`
	Inside bool    `json:"inside"` // within the training range
}

// Limits of a probe's answer.
const (
	maxRowFlips   = 20 // rows listed by an attribute probe
	maxTextFlips  = 10 // sentences listed per pair of groups
	maxImageFlips = 12 // pictures listed by a background probe
	// extrapolateN is the number of points of an extrapolation: with the
	// default reach, one every 1/60 of the training range.
	extrapolateN = 121
	// defaultReach is how far an extrapolation goes beyond the training
	// range on each side, in multiples of its width, unless asked: far
	// enough to see a model leave the truth, near enough to see both.
	defaultReach = 0.5
	// maxReach lets a falling-ball model trained on 0.05–0.5 kg be asked
	// about 5 kg (0.5 + 10·0.45 = 5).
	maxReach = 10
)

// Probe runs a counterfactual probe (see ProbeSpec) on the model of an
// ended run. It returns an *Error for an unknown or unfinished run, an
// unknown kind (bad_choice), a missing or unknown attribute, feature or
// class (missing_field, unknown_attribute, unknown_feature,
// unknown_class), or a probe the model or its data cannot take
// (probe_unsupported, with a reason).
func (s *Session) Probe(id string, p ProbeSpec) (ProbeResult, error) {
	m, err := s.evaluable(id)
	if err != nil {
		return ProbeResult{}, err
	}
	return m.Probe(p)
}

// Probe runs a counterfactual probe (see ProbeSpec) on the model, with the
// errors of Session.Probe (not_evaluable for a language model).
func (m *Model) Probe(p ProbeSpec) (ProbeResult, error) {
	ev := m.ev
	if ev == nil {
		return ProbeResult{}, errorf(CodeNotEvaluable, "run", map[string]any{"model": m.title})
	}
	var err error
	out := ProbeResult{Kind: p.Kind}
	unsupported := func(reason string) error {
		return errorf(CodeProbeUnsupported, "kind", map[string]any{"kind": p.Kind, "reason": reason})
	}
	if m.classify != nil {
		out.Classes, out.ClassTitles = ev.test.Classes, m.titles
		if out.Positive, err = positiveClass(ev.test.Classes, p.Positive); err != nil {
			return ProbeResult{}, err
		}
	}
	switch p.Kind {
	case ProbeAttribute:
		if ev.kind != TableData || ev.origTest == nil {
			return ProbeResult{}, unsupported("not_table")
		}
		out.Attribute, err = ev.attributeProbe(m, p, out.Positive)
	case ProbeText:
		if ev.kind != TextData || m.bag == nil {
			return ProbeResult{}, unsupported("not_text")
		}
		out.Text, err = ev.textProbe(m, out.Positive, unsupported)
	case ProbeBackground:
		if ev.images == nil || ev.images.Masks == nil {
			return ProbeResult{}, unsupported("no_backgrounds")
		}
		out.Background, err = ev.backgroundProbe(m, out.Positive)
	case ProbeExtrapolate:
		if m.regress == nil || ev.origTrain == nil {
			return ProbeResult{}, unsupported("not_regression")
		}
		truth := ev.truth()
		if truth == nil {
			return ProbeResult{}, unsupported("no_formula")
		}
		out.Extrapolate, err = ev.extrapolate(m, p, truth)
	default:
		return ProbeResult{}, errorf(CodeBadChoice, "kind", map[string]any{"label": "kind",
			"choices": ProbeAttribute + ", " + ProbeText + ", " + ProbeBackground + ", " + ProbeExtrapolate})
	}
	if err != nil {
		return ProbeResult{}, err
	}
	return out, nil
}

// answers returns the most probable class of every row of probs and the
// probability of class positive.
func answers(probs [][]float64, positive int) (pred []int, pPos []float64) {
	pred, pPos = make([]int, len(probs)), make([]float64, len(probs))
	for i, p := range probs {
		pred[i], pPos[i] = argmax(p), p[positive]
	}
	return pred, pPos
}

// countFlips is evaluate.CountFlips for the engine's own answers, which
// are always well formed.
func countFlips(before, after []int, pBefore, pAfter []float64) (evaluate.Flips, error) {
	f, err := evaluate.CountFlips(before, after, pBefore, pAfter)
	if err != nil {
		return f, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: counting flips: %w", err)}
	}
	return f, nil
}

// attributeProbe switches the attribute, or sets the proxy, in every test
// row and counts the decisions that change.
func (ev *evalData) attributeProbe(m *Model, p ProbeSpec, positive int) (*AttributeProbe, error) {
	if p.Attribute == "" {
		return nil, errorf(CodeMissingField, "attribute", map[string]any{"label": "attribute"})
	}
	orig := ev.origTest
	a, ok := orig.Attribute(p.Attribute)
	if !ok {
		return nil, errorf(CodeUnknownAttribute, "attribute", map[string]any{"name": p.Attribute})
	}
	if len(a.Values) != 2 {
		return nil, errorf(CodeProbeUnsupported, "attribute", map[string]any{"kind": ProbeAttribute, "reason": "two_values"})
	}
	r := &AttributeProbe{Attribute: a.Name, Title: a.Title, Values: a.Values, Proxy: p.Proxy}
	for k := range a.Values {
		r.ValueTitles = append(r.ValueTitles, a.ValueTitle(k))
	}
	// The changed table shares the rows it does not change.
	changed := *orig
	if p.Proxy == "" {
		r.Feature = slices.Contains(ev.spec.Attributes, a.Name)
		changed.Attributes = slices.Clone(orig.Attributes)
		for i := range changed.Attributes {
			if changed.Attributes[i].Name == a.Name {
				c := &changed.Attributes[i]
				c.Of = make([]int, len(a.Of))
				for j, v := range a.Of {
					c.Of[j] = 1 - v
				}
			}
		}
	} else {
		col := slices.Index(orig.Features, p.Proxy)
		if col < 0 {
			return nil, errorf(CodeUnknownFeature, "proxy", map[string]any{"name": p.Proxy})
		}
		r.Feature = !slices.Contains(ev.spec.Drop, p.Proxy)
		r.Medians = groupMedians(ev.origTrain, p.Attribute, col)
		if slices.ContainsFunc(r.Medians, math.IsNaN) {
			return nil, errorf(CodeProbeUnsupported, "proxy", map[string]any{"kind": ProbeAttribute, "reason": "empty_group"})
		}
		changed.X = make([][]float64, orig.Len())
		for i, row := range orig.X {
			c := slices.Clone(row)
			c[col] = r.Medians[1-a.Of[i]]
			changed.X[i] = c
		}
	}
	rows, err := ev.columns(&changed)
	if err != nil {
		return nil, err
	}
	after, err := m.probabilities(rows)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: attribute probe: %w", err)}
	}
	predB, pB := answers(ev.testProb, positive)
	predA, pA := answers(after, positive)
	if r.Flips, err = countFlips(predB, predA, pB, pA); err != nil {
		return nil, err
	}
	for g, name := range a.Values {
		var ib, ia []int
		var qb, qa []float64
		for i, v := range a.Of {
			if v == g {
				ib, ia, qb, qa = append(ib, predB[i]), append(ia, predA[i]), append(qb, pB[i]), append(qa, pA[i])
			}
		}
		f, err := countFlips(ib, ia, qb, qa)
		if err != nil {
			return nil, err
		}
		r.ByGroup = append(r.ByGroup, GroupFlips{Group: name, Flips: f})
	}
	for i := range predB {
		if predB[i] != predA[i] {
			r.Examples = append(r.Examples, RowFlip{Index: i, Group: a.Of[i], Before: predB[i], After: predA[i],
				PBefore: pB[i], PAfter: pA[i], Features: ev.test.X[i]})
		}
	}
	sort.SliceStable(r.Examples, func(i, j int) bool {
		return math.Abs(r.Examples[i].PAfter-r.Examples[i].PBefore) > math.Abs(r.Examples[j].PAfter-r.Examples[j].PBefore)
	})
	r.Examples = r.Examples[:min(len(r.Examples), maxRowFlips)]
	return r, nil
}

// groupMedians returns, for each value of attribute name of t, the median
// of feature column col over the rows of that value (NaN for a value with
// no rows).
func groupMedians(t *datasets.Table, name string, col int) []float64 {
	a, _ := t.Attribute(name)
	vals := make([][]float64, len(a.Values))
	for i, v := range a.Of {
		vals[v] = append(vals[v], t.X[i][col])
	}
	out := make([]float64, len(vals))
	for g, vs := range vals {
		out[g] = median(vs)
	}
	return out
}

// median returns the middle value of vs (the mean of the two middle ones
// for an even count), or NaN for none.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// textProbe fills the probe sentences of the corpus's language with every
// group's names and compares the classifier's answers.
func (ev *evalData) textProbe(m *Model, positive int, unsupported func(string) error) (*TextProbe, error) {
	set, err := datasets.Probes(ev.lang)
	if err != nil || len(set.Groups) == 0 {
		return nil, unsupported("no_templates")
	}
	r := &TextProbe{Lang: ev.lang, Templates: len(set.Templates)}
	type answered struct {
		texts []datasets.ProbeText
		pred  []int
		p     []float64
	}
	groups := make([]answered, len(set.Groups))
	for g, grp := range set.Groups {
		texts := set.Fill(g)
		rows := make([][]float64, len(texts))
		for i, t := range texts {
			rows[i] = m.bag.row(t.Text)
		}
		pr, err := m.Predict(rows)
		if err != nil {
			return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: text probe: %w", err)}
		}
		pred, p := answers(pr.Probabilities, positive)
		groups[g] = answered{texts, pred, p}
		tg := TextGroup{Name: grp.Name, Title: grp.Title, Texts: len(texts), Fillers: len(grp.Fillers),
			MeanPositive: evaluate.Number{Why: evaluate.WhyNoExamples}}
		for _, f := range grp.Fillers {
			if m.bag.knows(f) {
				tg.Known++
			}
		}
		if len(p) > 0 {
			var sum float64
			for _, v := range p {
				sum += v
			}
			tg.MeanPositive = evaluate.Number{Value: sum / float64(len(p)), Defined: true}
		}
		for _, k := range pred {
			if k == positive {
				tg.Positive.Num++
			}
		}
		tg.Positive.Den = len(pred)
		r.Groups = append(r.Groups, tg)
	}
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			ga, gb := groups[a], groups[b]
			if len(ga.texts) != len(gb.texts) {
				return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: probe groups %s and %s have %d and %d sentences",
					set.Groups[a].Name, set.Groups[b].Name, len(ga.texts), len(gb.texts))}
			}
			f, err := countFlips(ga.pred, gb.pred, ga.p, gb.p)
			if err != nil {
				return nil, err
			}
			pair := TextPair{A: set.Groups[a].Name, B: set.Groups[b].Name, Flips: f}
			for k := range ga.pred {
				if ga.pred[k] != gb.pred[k] && len(pair.Examples) < maxTextFlips {
					pair.Examples = append(pair.Examples, TextFlip{
						Template: ga.texts[k].Template, TextA: ga.texts[k].Text, TextB: gb.texts[k].Text,
						ClassA: ga.pred[k], ClassB: gb.pred[k], PA: ga.p[k], PB: gb.p[k],
					})
				}
			}
			r.Pairs = append(r.Pairs, pair)
		}
	}
	return r, nil
}

// backgroundProbe asks the model about every test picture with its
// background swapped.
func (ev *evalData) backgroundProbe(m *Model, positive int) (*BackgroundProbe, error) {
	im := ev.images
	swapped := make([][]float64, im.Len())
	for i := range swapped {
		px, err := datasets.SwapBackground(im, i)
		if err != nil {
			return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: background probe: %w", err)}
		}
		swapped[i] = px
	}
	pr, err := m.Predict(swapped)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: background probe: %w", err)}
	}
	predB, pB := answers(ev.testProb, positive)
	predA, pA := answers(pr.Probabilities, positive)
	r := &BackgroundProbe{Width: im.Width, Height: im.Height}
	classes := len(im.Classes)
	if r.Original, err = setScores(classes, im.Y, predB); err != nil {
		return nil, err
	}
	if r.Swapped, err = setScores(classes, im.Y, predA); err != nil {
		return nil, err
	}
	if r.Flips, err = countFlips(predB, predA, pB, pA); err != nil {
		return nil, err
	}
	for i := range predB {
		if predB[i] != predA[i] && len(r.Examples) < maxImageFlips {
			r.Examples = append(r.Examples, ImageFlip{Index: i, True: im.Y[i], Before: predB[i], After: predA[i],
				Pixels: im.Pixels[i], Swapped: swapped[i]})
		}
	}
	return r, nil
}

// truth returns the noiseless formula behind a regression set as a
// function of a row of its features (before the spec's attributes and
// dropped features): datasets.ScienceFormula for the physics sets,
// datasets.Formula for the one-feature curves. Nil when it is unknown, as
// for a table the caller brought.
func (ev *evalData) truth() func(x []float64) float64 {
	if ev.spec.Table != nil {
		return nil
	}
	if f, ok := datasets.ScienceFormula(ev.spec.Dataset.Name); ok {
		return f
	}
	f := ev.formula
	if f == nil {
		f, _ = datasets.Formula(ev.spec.Dataset.Name)
	}
	if f == nil || len(ev.origTrain.Features) != 1 {
		return nil
	}
	return func(x []float64) float64 { return f(x[0]) }
}

// sweepRange returns the ends of a sweep reaching reach times the width
// of [lo, hi] beyond it on each side, but not below 0 when lo is not
// negative.
func sweepRange(lo, hi, reach float64) (from, to float64) {
	span := math.Max(hi-lo, 1e-9)
	from, to = lo-reach*span, hi+reach*span
	if lo >= 0 {
		from = math.Max(from, 0)
	}
	return from, to
}

// extrapolate compares a regression model with its data's formula, truth,
// along the feature p.Feature, inside and beyond its training range. The
// points are made in the data's features and given to the model in its own
// columns, so a model that was not given a feature is compared with the
// truth at the value the feature is held at. Points where the formula or
// the model gives no finite number (a mass below 0) are left out.
func (ev *evalData) extrapolate(m *Model, p ProbeSpec, truth func([]float64) float64) (*ExtrapolateProbe, error) {
	tr := ev.origTrain
	col, err := sweptFeature(tr, ev.spec.Drop, p.Feature)
	if err != nil {
		return nil, err
	}
	reach := p.Reach
	if !(reach >= 0 && reach <= maxReach) {
		return nil, errorf(CodeOutOfRange, "reach", map[string]any{"label": "reach", "min": 0, "max": maxReach})
	}
	if reach == 0 {
		reach = defaultReach
	}
	for _, k := range slices.Sorted(maps.Keys(p.Fixed)) {
		field := "fixed." + k
		switch i := slices.Index(tr.Features, k); {
		case i < 0:
			return nil, errorf(CodeUnknownFeature, field, map[string]any{"name": k})
		case i == col, math.IsNaN(p.Fixed[k]), math.IsInf(p.Fixed[k], 0):
			return nil, errorf(CodeBadField, field, map[string]any{"label": k})
		}
	}
	name := tr.Features[col]
	r := &ExtrapolateProbe{
		Feature: name, FeatureTitle: tr.FeatureTitle(name),
		Target: tr.TargetName, TargetTitle: tr.TargetTitle(),
	}
	column := func(j int) []float64 {
		vs := make([]float64, tr.Len())
		for i, row := range tr.X {
			vs[i] = row[j]
		}
		return vs
	}
	base := make([]float64, len(tr.Features))
	for j, f := range tr.Features {
		if j == col {
			continue
		}
		h := HeldFeature{Feature: f, Title: tr.FeatureTitle(f), Value: median(column(j))}
		if v, ok := p.Fixed[f]; ok {
			h.Value, h.Fixed = v, true
		}
		base[j] = h.Value
		r.Held = append(r.Held, h)
	}
	r.TrainMin, r.TrainMax = slices.Min(column(col)), slices.Max(column(col))
	r.From, r.To = sweepRange(r.TrainMin, r.TrainMax, reach)
	sweep := &datasets.Table{
		Name: tr.Name, Features: tr.Features, TargetName: tr.TargetName, Card: tr.Card,
		X: make([][]float64, extrapolateN), Targets: make([]float64, extrapolateN),
	}
	for i := range sweep.X {
		row := slices.Clone(base)
		row[col] = r.From + (r.To-r.From)*float64(i)/(extrapolateN-1)
		sweep.X[i] = row
	}
	sweep.Attributes = heldAttributes(tr, extrapolateN)
	rows, err := ev.columns(sweep)
	if err != nil {
		return nil, err
	}
	pred, err := m.values(rows)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: extrapolation: %w", err)}
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	var inT, inP, outT, outP []float64
	for i, x := range sweep.X {
		pt := ExtrapolationPoint{X: x[col], Model: pred[i], Truth: truth(x), Inside: x[col] >= r.TrainMin && x[col] <= r.TrainMax}
		if !finite(pt.Truth) || !finite(pt.Model) {
			continue
		}
		r.Points = append(r.Points, pt)
		if pt.Inside {
			inT, inP = append(inT, pt.Truth), append(inP, pt.Model)
		} else {
			outT, outP = append(outT, pt.Truth), append(outP, pt.Model)
		}
	}
	r.Inside, r.Beyond = errorScores(inT, inP), errorScores(outT, outP)
	return r, nil
}

// sweptFeature returns the column of t to sweep: the one named, or, for
// "", the first the model sees (not dropped), or the first of all.
func sweptFeature(t *datasets.Table, dropped []string, name string) (int, error) {
	if name != "" {
		i := slices.Index(t.Features, name)
		if i < 0 {
			return 0, errorf(CodeUnknownFeature, "feature", map[string]any{"name": name})
		}
		return i, nil
	}
	for i, f := range t.Features {
		if !slices.Contains(dropped, f) {
			return i, nil
		}
	}
	return 0, nil
}

// heldAttributes returns t's attributes for n rows, each at its most
// common value on t (the first on a tie): what an extrapolation holds a
// group column at when the model was given it as a feature.
func heldAttributes(t *datasets.Table, n int) []datasets.Attribute {
	var out []datasets.Attribute
	for _, a := range t.Attributes {
		counts := a.Counts()
		mode := slices.Index(counts, slices.Max(counts))
		h := a
		h.Of = make([]int, n)
		for i := range h.Of {
			h.Of[i] = mode
		}
		out = append(out, h)
	}
	return out
}

// errorScores is fitScores for predictions that may be far off: R² against
// a formula's values is reported as it comes, possibly very negative.
func errorScores(y, pred []float64) FitScores {
	if len(y) == 0 {
		none := evaluate.Number{Why: evaluate.WhyNoExamples}
		return FitScores{MSE: none, MAE: none, R2: none}
	}
	return fitScores(y, pred)
}
