package web

// Evaluation and bias probing over the websocket: the evaluate and probe
// messages (docs/protocol.md, "evaluate" and "probe"), turned into
// Session.Evaluate and Session.Probe calls, and their answers turned into
// evaluation and probed messages: every share as the counts behind it, every
// score that cannot be computed as null with a code saying why, and the
// plots drawn in the connection's language.

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/aisandbox/aisandbox/evaluate"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web/plots"
)

// Limits of the evaluate and probe messages.
const (
	// maxNameRunes bounds a name in a message: an attribute, a class or a
	// feature. The datasets' names are a few words long.
	maxNameRunes = 64
	// maxThresholdGroups bounds the groups of an evaluate message's
	// thresholds; plots.MaxGroups is the most groups the page can show.
	maxThresholdGroups = plots.MaxGroups
	// pixelDecimals is how many decimals of a pixel's brightness are sent:
	// a thousandth is finer than the 256 steps a screen shows, and keeps a
	// list of 50 pictures of 24×24 pixels under 200 KB.
	pixelDecimals = 3
	// maxFixed bounds the features a probe's fixed may hold at values of
	// its own: the built-in tables have at most a dozen features.
	maxFixed = 32
)

// codeCurveBusy: a learning curve of this connection is still being
// trained; a second one waits for nothing and is refused.
const codeCurveBusy = "learning_curve_busy"

// evaluateRequest asks how a trained model does, and for whom.
type evaluateRequest struct {
	ID, Run string
	Opt     sandbox.EvalOptions
}

// probeRequest asks for a counterfactual probe of a trained model.
type probeRequest struct {
	ID, Run string
	Spec    sandbox.ProbeSpec
}

func (r evaluateRequest) messageID() string { return r.ID }
func (r probeRequest) messageID() string    { return r.ID }

// probeKinds are the kinds a probe message may ask for.
var probeKinds = []string{sandbox.ProbeAttribute, sandbox.ProbeText, sandbox.ProbeBackground, sandbox.ProbeExtrapolate}

// decodeEvalRequest reads an evaluate or a probe message (typ) whose id has
// been read already.
func decodeEvalRequest(typ, id string, data []byte) (request, string, error) {
	var (
		r   request
		err error
	)
	if typ == "evaluate" {
		r, err = decodeEvaluate(id, data)
	} else {
		r, err = decodeProbe(id, data)
	}
	if err != nil {
		return nil, id, err
	}
	return r, id, nil
}

func decodeEvaluate(id string, data []byte) (request, error) {
	var m struct {
		envelope
		Run           *string            `json:"run"`
		By            string             `json:"by"`
		Positive      string             `json:"positive"`
		Threshold     *float64           `json:"threshold"`
		Thresholds    map[string]float64 `json:"thresholds"`
		LearningCurve bool               `json:"learning_curve"`
	}
	if err := strict(data, &m); err != nil {
		return nil, err
	}
	if m.Run == nil {
		return nil, missing("run")
	}
	for _, f := range []struct{ field, v string }{{"by", m.By}, {"positive", m.Positive}} {
		if err := textLength(f.field, f.v, 0, maxNameRunes); err != nil {
			return nil, err
		}
	}
	if m.Threshold != nil && !(*m.Threshold >= 0 && *m.Threshold <= 1) {
		return nil, outOfRange("threshold", 0, 1)
	}
	if len(m.Thresholds) > maxThresholdGroups {
		return nil, outOfRange("thresholds", 0, maxThresholdGroups)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Thresholds)) {
		if err := textLength("thresholds", k, 1, maxNameRunes); err != nil {
			return nil, err
		}
		if v := m.Thresholds[k]; !(v >= 0 && v <= 1) {
			return nil, outOfRange("thresholds."+k, 0, 1)
		}
	}
	if len(m.Thresholds) > 0 && m.By == "" {
		return nil, missing("by")
	}
	return evaluateRequest{ID: id, Run: *m.Run, Opt: sandbox.EvalOptions{
		By: m.By, Positive: m.Positive, Threshold: m.Threshold, Thresholds: m.Thresholds, LearningCurve: m.LearningCurve,
	}}, nil
}

func decodeProbe(id string, data []byte) (request, error) {
	var m struct {
		envelope
		Run       *string `json:"run"`
		Kind      *string `json:"kind"`
		Attribute string  `json:"attribute"`
		Proxy     string  `json:"proxy"`
		Positive  string  `json:"positive"`
		// For an extrapolation: the feature swept, other features held at
		// values of their own, and how far beyond the training range.
		Feature string             `json:"feature"`
		Fixed   map[string]float64 `json:"fixed"`
		Reach   float64            `json:"reach"`
	}
	if err := strict(data, &m); err != nil {
		return nil, err
	}
	switch {
	case m.Run == nil:
		return nil, missing("run")
	case m.Kind == nil:
		return nil, missing("kind")
	case !slices.Contains(probeKinds, *m.Kind):
		return nil, &sandbox.Error{Code: sandbox.CodeBadChoice, Field: "kind", Params: map[string]any{"label": "kind", "choices": strings.Join(probeKinds, ", ")}}
	}
	for _, f := range []struct{ field, v string }{{"attribute", m.Attribute}, {"proxy", m.Proxy}, {"positive", m.Positive}, {"feature", m.Feature}} {
		if err := textLength(f.field, f.v, 0, maxNameRunes); err != nil {
			return nil, err
		}
	}
	if len(m.Fixed) > maxFixed {
		return nil, outOfRange("fixed", 0, maxFixed)
	}
	for _, k := range slices.Sorted(maps.Keys(m.Fixed)) {
		if err := textLength("fixed", k, 1, maxNameRunes); err != nil {
			return nil, err
		}
	}
	// The reach's range and the names are checked against the run's data
	// by Session.Probe.
	return probeRequest{ID: id, Run: *m.Run, Spec: sandbox.ProbeSpec{
		Kind: *m.Kind, Attribute: m.Attribute, Proxy: m.Proxy, Positive: m.Positive,
		Feature: m.Feature, Fixed: m.Fixed, Reach: m.Reach,
	}}, nil
}

// curvesTraining holds the connections (*client) training a learning curve
// now. A curve trains the model five times, which may take a while: it runs
// beside the connection's read pump, one a connection at a time.
var curvesTraining sync.Map

// handleEval answers an evaluate or a probe message.
func (c *client) handleEval(l i18n.Lang, req request) {
	switch r := req.(type) {
	case evaluateRequest:
		if !r.Opt.LearningCurve {
			c.evaluate(l, r)
			return
		}
		if _, busy := curvesTraining.LoadOrStore(c, struct{}{}); busy {
			c.replyError(r.ID, &sandbox.Error{Code: codeCurveBusy, Field: "learning_curve"})
			return
		}
		go func() {
			defer curvesTraining.Delete(c)
			// This goroutine is not the read pump's: a panic here would
			// end the server, so it becomes an internal error instead.
			defer func() {
				if p := recover(); p != nil {
					c.replyError(r.ID, fmt.Errorf("web: panic in a learning curve: %v", p))
				}
			}()
			c.evaluate(l, r)
		}()
	case probeRequest:
		res, err := c.session.Probe(r.Run, r.Spec)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.replyPlotted(l, "drawing a probe's plot", func(p *evalPlotter) any { return probedReply(r.ID, r.Run, p, res) })
	}
}

// evaluate answers an evaluate message.
func (c *client) evaluate(l i18n.Lang, r evaluateRequest) {
	ev, err := c.session.Evaluate(r.Run, r.Opt)
	if err != nil {
		c.replyError(r.ID, err)
		return
	}
	c.replyPlotted(l, "drawing an evaluation plot", func(p *evalPlotter) any { return evaluationReply(r.ID, r.Run, p, ev) })
}

// replyPlotted sends the message build makes with its plots drawn in
// language l, and logs, as what, every plot that could not be drawn.
func (c *client) replyPlotted(l i18n.Lang, what string, build func(p *evalPlotter) any) {
	p := &evalPlotter{tr: c.srv.tr, l: l}
	m := build(p)
	for _, err := range p.errs {
		c.log.Error(what, "err", err)
	}
	c.reply(m)
}

// ---------- the evaluation message ----------

// rateMsg is a share with the counts behind it: value is num/den, or null
// with why (an evaluate.Why… code) when den is 0.
type rateMsg struct {
	Num   int      `json:"num"`
	Den   int      `json:"den"`
	Value *float64 `json:"value"`
	Why   string   `json:"why,omitempty"`
}

// rateOf writes r, giving the code why when it is not defined.
func rateOf(r evaluate.Rate, why string) rateMsg {
	m := rateMsg{Num: r.Num, Den: r.Den}
	if v, ok := r.Value(); ok {
		m.Value = &v
	} else {
		m.Why = why
	}
	return m
}

type setScoresMsg struct {
	Size      int                `json:"size"`
	Accuracy  rateMsg            `json:"accuracy"`
	Interval  *evaluate.Interval `json:"interval"` // 95 % Wilson interval; null for no examples
	Confusion [][]int            `json:"confusion"`
	PerClass  []classScoresMsg   `json:"per_class"`
	MacroF1   evaluate.Number    `json:"macro_f1"`
}

type classScoresMsg struct {
	Class     int             `json:"class"`
	Name      string          `json:"name"` // the class as shown
	Support   int             `json:"support"`
	Precision rateMsg         `json:"precision"`
	Recall    rateMsg         `json:"recall"`
	F1        evaluate.Number `json:"f1"`
}

type misclassifiedMsg struct {
	Index      int       `json:"index"`
	True       int       `json:"true"`
	Predicted  int       `json:"predicted"`
	Confidence float64   `json:"confidence"`
	Features   []float64 `json:"features,omitempty"`
	Pixels     []float64 `json:"pixels,omitempty"`
	Text       string    `json:"text,omitempty"`
}

type imageSizeMsg struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

type groupMetricsMsg struct {
	Group         string  `json:"group"`
	Title         string  `json:"title"`
	Count         int     `json:"count"`
	BaseRate      rateMsg `json:"base_rate"`
	SelectionRate rateMsg `json:"selection_rate"`
	Accuracy      rateMsg `json:"accuracy"`
	TPR           rateMsg `json:"tpr"`
	FPR           rateMsg `json:"fpr"`
	FNR           rateMsg `json:"fnr"`
}

type sweepPointMsg struct {
	Threshold float64       `json:"threshold"`
	Accuracy  rateMsg       `json:"accuracy"`
	Gaps      evaluate.Gaps `json:"gaps"`
}

type groupsMsg struct {
	Attribute   string            `json:"attribute"`
	Title       string            `json:"title"`
	Values      []string          `json:"values"`
	ValueTitles []string          `json:"value_titles"`
	Feature     bool              `json:"feature"`
	Thresholds  []float64         `json:"thresholds,omitempty"`
	Groups      []groupMetricsMsg `json:"groups"`
	Gaps        evaluate.Gaps     `json:"gaps"`
	Sweep       []sweepPointMsg   `json:"sweep,omitempty"`
}

type shortcutMsg struct {
	Feature     string          `json:"feature"`
	Correlation float64         `json:"correlation"`
	Normal      setScoresMsg    `json:"normal"`
	Reversed    setScoresMsg    `json:"reversed"`
	Drop        evaluate.Number `json:"drop"`
}

type regressionMsg struct {
	Target     string             `json:"target"`
	Feature    string             `json:"feature,omitempty"`
	Test       sandbox.FitScores  `json:"test"`
	Validation *sandbox.FitScores `json:"validation,omitempty"`
}

type trainingMsg struct {
	Attributes []string             `json:"attributes,omitempty"`
	Dropped    []string             `json:"dropped,omitempty"`
	Mitigation string               `json:"mitigation,omitempty"`
	MitigateBy string               `json:"mitigate_by,omitempty"`
	TrainGroup *sandbox.GroupFilter `json:"train_group,omitempty"`
}

type evalPlotsMsg struct {
	Confusion     string    `json:"confusion,omitempty"`
	Groups        string    `json:"groups,omitempty"`
	Tradeoff      string    `json:"tradeoff,omitempty"`
	TradeoffFrame *frameMsg `json:"tradeoff_frame,omitempty"`
	LearningCurve string    `json:"learning_curve,omitempty"`
	Residuals     string    `json:"residuals,omitempty"`
}

type evaluationMsg struct {
	Type               string                 `json:"type"`
	ID                 string                 `json:"id"`
	Run                string                 `json:"run"`
	Task               string                 `json:"task"`
	Kind               string                 `json:"kind"`
	Features           []string               `json:"features,omitempty"`
	Classes            []string               `json:"classes,omitempty"`
	ClassNames         []string               `json:"class_names,omitempty"`
	Positive           *int                   `json:"positive,omitempty"`
	Threshold          *float64               `json:"threshold,omitempty"`
	Test               *setScoresMsg          `json:"test,omitempty"`
	Validation         *setScoresMsg          `json:"validation,omitempty"`
	Misclassified      []misclassifiedMsg     `json:"misclassified,omitempty"`
	MisclassifiedCount int                    `json:"misclassified_count"`
	Image              *imageSizeMsg          `json:"image,omitempty"`
	Regression         *regressionMsg         `json:"regression,omitempty"`
	Groups             *groupsMsg             `json:"groups,omitempty"`
	Shortcut           *shortcutMsg           `json:"shortcut,omitempty"`
	LearningCurve      *sandbox.LearningCurve `json:"learning_curve,omitempty"`
	Training           trainingMsg            `json:"training"`
	Plots              evalPlotsMsg           `json:"plots"`
}

// evaluationReply turns an evaluation into its message, with its plots
// drawn by p.
func evaluationReply(id, run string, p *evalPlotter, ev sandbox.Evaluation) evaluationMsg {
	classes := shownClasses(p.l, ev.ClassTitles, ev.Classes)
	m := evaluationMsg{
		Type: "evaluation", ID: id, Run: run, Task: string(ev.Task), Kind: string(ev.Kind),
		Features: ev.Features, MisclassifiedCount: ev.MisclassifiedCount,
		Training: trainingMsg{Attributes: ev.Attributes, Dropped: ev.Dropped, Mitigation: ev.Mitigation, MitigateBy: ev.MitigateBy,
			TrainGroup: ev.TrainGroup},
	}
	if ev.Task == sandbox.Classify {
		m.Classes, m.ClassNames = classes, ev.Classes
		pos := ev.Positive
		m.Positive = &pos
		if len(ev.Classes) == 2 {
			th := ev.Threshold
			m.Threshold = &th
		}
	}
	if ev.Test != nil {
		s := setScores(*ev.Test, classes)
		m.Test = &s
		m.Plots.Confusion = p.confusion(ev.Test.Confusion.Counts, classes)
	}
	if ev.Validation != nil {
		s := setScores(*ev.Validation, classes)
		m.Validation = &s
	}
	for _, x := range ev.Misclassified {
		m.Misclassified = append(m.Misclassified, misclassifiedMsg{
			Index: x.Index, True: x.True, Predicted: x.Predicted, Confidence: x.Confidence,
			Features: x.Features, Pixels: roundPixels(x.Pixels), Text: x.Text,
		})
	}
	if ev.ImageWidth > 0 {
		m.Image = &imageSizeMsg{Width: ev.ImageWidth, Height: ev.ImageHeight}
	}
	if r := ev.Regression; r != nil {
		m.Regression = &regressionMsg{Target: r.Target, Feature: r.Feature, Test: r.Test, Validation: r.Validation}
		m.Plots.Residuals = p.residuals(r)
	}
	if g := ev.Groups; g != nil {
		m.Groups = groupsReply(p.l, g)
		m.Plots.Groups = p.groupBars(m.Groups)
		if len(g.Sweep) > 0 {
			m.Plots.Tradeoff, m.Plots.TradeoffFrame = p.tradeoff(m.Groups, g.Sweep)
		}
	}
	if s := ev.Shortcut; s != nil {
		m.Shortcut = &shortcutMsg{
			Feature: s.Feature, Correlation: s.Correlation,
			Normal: setScores(s.Normal, classes), Reversed: setScores(s.Reversed, classes), Drop: s.Drop,
		}
	}
	if lc := ev.LearningCurve; lc != nil {
		m.LearningCurve = lc
		m.Plots.LearningCurve = p.learningCurve(lc)
	}
	return m
}

// setScores writes a classifier's scores on one set, naming the classes.
func setScores(s sandbox.SetScores, classes []string) setScoresMsg {
	m := setScoresMsg{
		Size: s.Size, Accuracy: rateOf(s.Accuracy, evaluate.WhyNoExamples), Interval: s.Interval,
		Confusion: s.Confusion.Counts, MacroF1: s.MacroF1, PerClass: []classScoresMsg{},
	}
	for _, c := range s.PerClass {
		name := strconv.Itoa(c.Class)
		if c.Class >= 0 && c.Class < len(classes) {
			name = classes[c.Class]
		}
		m.PerClass = append(m.PerClass, classScoresMsg{
			Class: c.Class, Name: name, Support: c.Support,
			Precision: rateOf(c.Precision, evaluate.WhyNoPredictedPositives),
			Recall:    rateOf(c.Recall, evaluate.WhyNoPositives),
			F1:        c.F1,
		})
	}
	return m
}

// groupsReply writes the scores of every group in language l.
func groupsReply(l i18n.Lang, g *sandbox.GroupReport) *groupsMsg {
	m := &groupsMsg{
		Attribute: g.Attribute, Title: titleOr(l, g.Title, g.Attribute),
		Values: g.Values, ValueTitles: groupTitles(l, g.Values, g.ValueTitles),
		Feature: g.Feature, Thresholds: g.Thresholds, Gaps: g.Gaps, Groups: []groupMetricsMsg{},
	}
	for k, gm := range g.Groups {
		m.Groups = append(m.Groups, groupMetricsMsg{
			Group: gm.Group, Title: nthOr(m.ValueTitles, k, gm.Group), Count: gm.Count,
			BaseRate:      rateOf(gm.BaseRate, evaluate.WhyEmptyGroup),
			SelectionRate: rateOf(gm.SelectionRate, evaluate.WhyEmptyGroup),
			Accuracy:      rateOf(gm.Accuracy, evaluate.WhyEmptyGroup),
			TPR:           rateOf(gm.TPR, evaluate.WhyNoPositives),
			FPR:           rateOf(gm.FPR, evaluate.WhyNoNegatives),
			FNR:           rateOf(gm.FNR, evaluate.WhyNoPositives),
		})
	}
	for _, sp := range g.Sweep {
		m.Sweep = append(m.Sweep, sweepPointMsg{Threshold: sp.Threshold, Accuracy: rateOf(sp.Accuracy, evaluate.WhyNoExamples), Gaps: sp.Gaps})
	}
	return m
}

// shownClasses returns how to show each of the classes names: its title in
// language l, or every class's own name when titles does not cover them
// all.
func shownClasses(l i18n.Lang, titles []i18n.Text, names []string) []string {
	if shown := texts(l, titles); len(shown) == len(names) {
		return shown
	}
	return names
}

// nthOr returns ss[k], or or when ss has no k-th element.
func nthOr(ss []string, k int, or string) string {
	if k < len(ss) {
		return ss[k]
	}
	return or
}

// titleOr returns t in language l, or name when t is empty.
func titleOr(l i18n.Lang, t i18n.Text, name string) string {
	if s := t.In(l); s != "" {
		return s
	}
	return name
}

// groupTitles returns how to show each of values in language l: its title,
// or the value itself when it has none.
func groupTitles(l i18n.Lang, values []string, titles []i18n.Text) []string {
	out := make([]string, len(values))
	for k, v := range values {
		out[k] = v
		if k < len(titles) {
			if s := titles[k].In(l); s != "" {
				out[k] = s
			}
		}
	}
	return out
}

// roundPixels keeps pixelDecimals decimals of each pixel.
func roundPixels(px []float64) []float64 {
	if px == nil {
		return nil
	}
	const scale = 1000 // 10^pixelDecimals
	out := make([]float64, len(px))
	for i, v := range px {
		out[i] = math.Round(v*scale) / scale
	}
	return out
}

// ---------- the probed message ----------

type flipsMsg struct {
	Count      int             `json:"count"`
	Total      int             `json:"total"`
	Share      rateMsg         `json:"share"`
	MeanChange evaluate.Number `json:"mean_change"`
}

func flipsOf(f evaluate.Flips) flipsMsg {
	return flipsMsg{Count: f.Count, Total: f.Total, Share: rateOf(f.Share(), evaluate.WhyNoExamples), MeanChange: f.MeanChange}
}

type groupFlipsMsg struct {
	Group string   `json:"group"`
	Title string   `json:"title"`
	Flips flipsMsg `json:"flips"`
}

type rowFlipMsg struct {
	Index    int       `json:"index"`
	Group    int       `json:"group"`
	Before   int       `json:"before"`
	After    int       `json:"after"`
	PBefore  float64   `json:"p_before"`
	PAfter   float64   `json:"p_after"`
	Features []float64 `json:"features"`
}

type attributeProbeMsg struct {
	Attribute   string          `json:"attribute"`
	Title       string          `json:"title"`
	Values      []string        `json:"values"`
	ValueTitles []string        `json:"value_titles"`
	Proxy       string          `json:"proxy,omitempty"`
	Medians     []*float64      `json:"medians,omitempty"` // null for a group without rows
	Feature     bool            `json:"feature"`
	Flips       flipsMsg        `json:"flips"`
	ByGroup     []groupFlipsMsg `json:"by_group"`
	Examples    []rowFlipMsg    `json:"examples"`
}

type textGroupMsg struct {
	Name         string          `json:"name"`
	Title        string          `json:"title"`
	Texts        int             `json:"texts"`
	MeanPositive evaluate.Number `json:"mean_positive"`
	Positive     rateMsg         `json:"positive"`
}

type textPairMsg struct {
	A        string             `json:"a"`
	B        string             `json:"b"`
	ATitle   string             `json:"a_title"`
	BTitle   string             `json:"b_title"`
	Flips    flipsMsg           `json:"flips"`
	Examples []sandbox.TextFlip `json:"examples"`
}

type textProbeMsg struct {
	Lang      i18n.Lang      `json:"lang"`
	Templates int            `json:"templates"`
	Groups    []textGroupMsg `json:"groups"`
	Pairs     []textPairMsg  `json:"pairs"`
}

type imageFlipMsg struct {
	Index   int       `json:"index"`
	True    int       `json:"true"`
	Before  int       `json:"before"`
	After   int       `json:"after"`
	Pixels  []float64 `json:"pixels"`
	Swapped []float64 `json:"swapped"`
}

type backgroundProbeMsg struct {
	Width    int            `json:"width"`
	Height   int            `json:"height"`
	Original setScoresMsg   `json:"original"`
	Swapped  setScoresMsg   `json:"swapped"`
	Flips    flipsMsg       `json:"flips"`
	Examples []imageFlipMsg `json:"examples"`
}

// heldMsg is a feature an extrapolation held at one value.
type heldMsg struct {
	Feature string  `json:"feature"`
	Title   string  `json:"title"` // as shown, with its unit
	Value   float64 `json:"value"`
	Fixed   bool    `json:"fixed"` // chosen by the probe's fixed, else the training median
}

type extrapolateProbeMsg struct {
	Feature      string            `json:"feature"`
	FeatureTitle string            `json:"feature_title"`
	Target       string            `json:"target"`
	TargetTitle  string            `json:"target_title"`
	TrainMin     float64           `json:"train_min"`
	TrainMax     float64           `json:"train_max"`
	From         float64           `json:"from"`
	To           float64           `json:"to"`
	Held         []heldMsg         `json:"held"`
	Inside       sandbox.FitScores `json:"inside"`
	Beyond       sandbox.FitScores `json:"beyond"`
}

type probePlotsMsg struct {
	Extrapolate string `json:"extrapolate,omitempty"`
}

type probedMsg struct {
	Type        string               `json:"type"`
	ID          string               `json:"id"`
	Run         string               `json:"run"`
	Kind        string               `json:"kind"`
	Classes     []string             `json:"classes,omitempty"`
	ClassNames  []string             `json:"class_names,omitempty"`
	Positive    *int                 `json:"positive,omitempty"`
	Attribute   *attributeProbeMsg   `json:"attribute,omitempty"`
	Text        *textProbeMsg        `json:"text,omitempty"`
	Background  *backgroundProbeMsg  `json:"background,omitempty"`
	Extrapolate *extrapolateProbeMsg `json:"extrapolate,omitempty"`
	Plots       probePlotsMsg        `json:"plots"`
}

// probedReply turns a probe's result into its message, with its plot
// drawn by p.
func probedReply(id, run string, p *evalPlotter, r sandbox.ProbeResult) probedMsg {
	l := p.l
	classes := shownClasses(l, r.ClassTitles, r.Classes)
	m := probedMsg{Type: "probed", ID: id, Run: run, Kind: r.Kind}
	if len(r.Classes) > 0 {
		pos := r.Positive
		m.Classes, m.ClassNames, m.Positive = classes, r.Classes, &pos
	}
	if a := r.Attribute; a != nil {
		am := &attributeProbeMsg{
			Attribute: a.Attribute, Title: titleOr(l, a.Title, a.Attribute),
			Values: a.Values, ValueTitles: groupTitles(l, a.Values, a.ValueTitles),
			Proxy: a.Proxy, Feature: a.Feature, Flips: flipsOf(a.Flips), ByGroup: []groupFlipsMsg{}, Examples: []rowFlipMsg{},
		}
		for _, v := range a.Medians {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				am.Medians = append(am.Medians, nil)
			} else {
				am.Medians = append(am.Medians, &v)
			}
		}
		for k, g := range a.ByGroup {
			am.ByGroup = append(am.ByGroup, groupFlipsMsg{Group: g.Group, Title: nthOr(am.ValueTitles, k, g.Group), Flips: flipsOf(g.Flips)})
		}
		for _, e := range a.Examples {
			am.Examples = append(am.Examples, rowFlipMsg{Index: e.Index, Group: e.Group, Before: e.Before, After: e.After,
				PBefore: e.PBefore, PAfter: e.PAfter, Features: e.Features})
		}
		m.Attribute = am
	}
	if tp := r.Text; tp != nil {
		tm := &textProbeMsg{Lang: tp.Lang, Templates: tp.Templates, Groups: []textGroupMsg{}, Pairs: []textPairMsg{}}
		titles := map[string]string{}
		for _, g := range tp.Groups {
			title := titleOr(l, g.Title, g.Name)
			titles[g.Name] = title
			tm.Groups = append(tm.Groups, textGroupMsg{Name: g.Name, Title: title, Texts: g.Texts, MeanPositive: g.MeanPositive,
				Positive: rateOf(g.Positive, evaluate.WhyNoExamples)})
		}
		for _, pr := range tp.Pairs {
			ex := pr.Examples
			if ex == nil {
				ex = []sandbox.TextFlip{}
			}
			tm.Pairs = append(tm.Pairs, textPairMsg{A: pr.A, B: pr.B, ATitle: titles[pr.A], BTitle: titles[pr.B],
				Flips: flipsOf(pr.Flips), Examples: ex})
		}
		m.Text = tm
	}
	if b := r.Background; b != nil {
		bm := &backgroundProbeMsg{Width: b.Width, Height: b.Height, Original: setScores(b.Original, classes),
			Swapped: setScores(b.Swapped, classes), Flips: flipsOf(b.Flips), Examples: []imageFlipMsg{}}
		for _, e := range b.Examples {
			bm.Examples = append(bm.Examples, imageFlipMsg{Index: e.Index, True: e.True, Before: e.Before, After: e.After,
				Pixels: roundPixels(e.Pixels), Swapped: roundPixels(e.Swapped)})
		}
		m.Background = bm
	}
	if e := r.Extrapolate; e != nil {
		em := &extrapolateProbeMsg{
			Feature: e.Feature, FeatureTitle: titleOr(l, e.FeatureTitle, e.Feature),
			Target: e.Target, TargetTitle: titleOr(l, e.TargetTitle, e.Target),
			TrainMin: e.TrainMin, TrainMax: e.TrainMax, From: e.From, To: e.To, Held: []heldMsg{},
			Inside: e.Inside, Beyond: e.Beyond,
		}
		for _, h := range e.Held {
			em.Held = append(em.Held, heldMsg{Feature: h.Feature, Title: titleOr(l, h.Title, h.Feature), Value: h.Value, Fixed: h.Fixed})
		}
		m.Extrapolate = em
		m.Plots.Extrapolate = p.extrapolation(e.Points, em)
	}
	return m
}

// ---------- plots ----------

// evalPlotter draws the plots of evaluations and probes in language l. A
// plot that cannot be drawn is left out; the reason is kept in errs, for
// the log.
type evalPlotter struct {
	tr   *Translations
	l    i18n.Lang
	errs []error
}

func (p *evalPlotter) t(key string, params map[string]any) string { return p.tr.Text(p.l, key, params) }

// keep returns svg as a string, or "" after noting err.
func (p *evalPlotter) keep(what string, svg []byte, err error) string {
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("web: %s plot: %w", what, err))
		return ""
	}
	return string(svg)
}

// number writes v with the given decimals in the reader's language: a
// decimal comma in Kazakh and Russian.
func (p *evalPlotter) number(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if p.l == i18n.KK || p.l == i18n.RU {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// significant writes v with at most 4 significant digits, without an
// exponent, in the reader's language: 45.23, 0.005, 12350.
func (p *evalPlotter) significant(v float64) string {
	if v == 0 || !finite(v) {
		return p.number(v, 0)
	}
	// Digits after the point that leave 4 significant ones, none for a
	// number of 4 digits or more before it.
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(v)))))
	s := p.number(v, decimals)
	if decimals > 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".,")
	}
	return s
}

// confusion draws a confusion matrix, when it has few enough classes to
// read.
func (p *evalPlotter) confusion(counts [][]int, classes []string) string {
	if len(classes) == 0 || len(classes) > plots.MaxClasses {
		return ""
	}
	svg, err := plots.Confusion(counts, plots.ConfusionLabels{
		Title: p.t("plot.eval.confusion.title", nil), Truth: p.t("plot.eval.confusion.truth", nil),
		Predicted: p.t("plot.eval.confusion.predicted", nil), Classes: classes,
		Right: p.t("plot.eval.confusion.right", nil), Wrong: p.t("plot.eval.confusion.wrong", nil),
	}, plots.Size{})
	return p.keep("confusion", svg, err)
}

// share turns a rate into a bar or a point of a plot.
func share(r rateMsg) plots.Share {
	if r.Value == nil {
		return plots.Share{}
	}
	return plots.Defined(*r.Value)
}

// shareOf turns a score in [0, 1] into a point of a plot; anything else
// is not drawn.
func shareOf(n evaluate.Number) plots.Share {
	if !n.Defined || !(n.Value >= 0 && n.Value <= 1) {
		return plots.Share{}
	}
	return plots.Defined(n.Value)
}

// groupRates are the rates drawn as bars for each group, with the keys
// of their names.
var groupRates = []struct {
	key string
	of  func(g groupMetricsMsg) rateMsg
}{
	{"plot.eval.rate.base", func(g groupMetricsMsg) rateMsg { return g.BaseRate }},
	{"plot.eval.rate.selection", func(g groupMetricsMsg) rateMsg { return g.SelectionRate }},
	{"plot.eval.rate.accuracy", func(g groupMetricsMsg) rateMsg { return g.Accuracy }},
	{"plot.eval.rate.tpr", func(g groupMetricsMsg) rateMsg { return g.TPR }},
	{"plot.eval.rate.fpr", func(g groupMetricsMsg) rateMsg { return g.FPR }},
}

// groupBars draws the rates of every group side by side.
func (p *evalPlotter) groupBars(g *groupsMsg) string {
	if len(g.Groups) == 0 || len(g.Groups) > plots.MaxGroups {
		return ""
	}
	series := make([]string, len(groupRates))
	for i, r := range groupRates {
		series[i] = p.t(r.key, nil)
	}
	groups := make([]plots.BarGroup, len(g.Groups))
	for k, gm := range g.Groups {
		groups[k] = plots.BarGroup{Name: gm.Title, Count: gm.Count}
		for _, r := range groupRates {
			groups[k].Bars = append(groups[k].Bars, share(r.of(gm)))
		}
	}
	svg, err := plots.GroupBars(series, groups, plots.GroupBarsLabels{
		Title: p.t("plot.eval.groups.title", map[string]any{"attribute": g.Title}),
		Y:     p.t("plot.eval.share", nil), Count: "n", NotDefined: p.t("plot.eval.not_defined", nil),
	}, plots.Size{})
	return p.keep("groups", svg, err)
}

// sweepLines are the lines drawn against the threshold, with the keys of
// their names: accuracy and the gaps between the groups.
var sweepLines = []struct {
	key string
	of  func(sp evaluate.SweepPoint) plots.Share
}{
	{"plot.eval.rate.accuracy", func(sp evaluate.SweepPoint) plots.Share { return share(rateOf(sp.Accuracy, "")) }},
	{"plot.eval.gap.dp", func(sp evaluate.SweepPoint) plots.Share { return shareOf(sp.Gaps.DemographicParityDiff) }},
	{"plot.eval.gap.eo", func(sp evaluate.SweepPoint) plots.Share { return shareOf(sp.Gaps.EqualOpportunityDiff) }},
	{"plot.eval.gap.eodds", func(sp evaluate.SweepPoint) plots.Share { return shareOf(sp.Gaps.EqualizedOddsDiff) }},
}

// tradeoff draws accuracy and the gaps against the threshold, with the
// thresholds in use marked.
func (p *evalPlotter) tradeoff(g *groupsMsg, sweep []evaluate.SweepPoint) (string, *frameMsg) {
	ths := make([]float64, len(sweep))
	for i, sp := range sweep {
		ths[i] = sp.Threshold
	}
	lines := make([]plots.TradeoffLine, len(sweepLines))
	for i, sl := range sweepLines {
		lines[i].Name = p.t(sl.key, nil)
		for _, sp := range sweep {
			lines[i].Y = append(lines[i].Y, sl.of(sp))
		}
	}
	var marks []plots.ThresholdMark
	same := len(g.Thresholds) > 0 && !slices.ContainsFunc(g.Thresholds, func(v float64) bool { return v != g.Thresholds[0] })
	switch {
	case same:
		marks = []plots.ThresholdMark{{At: g.Thresholds[0], Text: p.number(g.Thresholds[0], 2)}}
	case len(g.Thresholds) <= plots.MaxGroups:
		for k, v := range g.Thresholds {
			marks = append(marks, plots.ThresholdMark{At: v, Text: nthOr(g.ValueTitles, k, g.Values[k]) + " " + p.number(v, 2)})
		}
	}
	svg, f, err := plots.Tradeoff(ths, lines, marks, plots.TradeoffLabels{
		Title: p.t("plot.eval.tradeoff.title", nil), X: p.t("plot.eval.tradeoff.x", nil),
		Y: p.t("plot.eval.share", nil), NotDefined: p.t("plot.eval.not_defined", nil),
	}, plots.Size{})
	s := p.keep("trade-off", svg, err)
	if s == "" {
		return "", nil
	}
	return s, &frameMsg{
		Width: f.Width, Height: f.Height, Left: f.Left, Top: f.Top, Right: f.Right, Bottom: f.Bottom,
		XMin: f.XMin, XMax: f.XMax, YMin: f.YMin, YMax: f.YMax,
	}
}

// learningCurve draws the metric on the training and the test part
// against the number of examples trained on.
func (p *evalPlotter) learningCurve(lc *sandbox.LearningCurve) string {
	train := plots.Line{Name: p.t("plot.train", nil)}
	test := plots.Line{Name: p.t("plot.test", nil)}
	add := func(line *plots.Line, x float64, n evaluate.Number) {
		if n.Defined && finite(n.Value) {
			line.X, line.Y = append(line.X, x), append(line.Y, n.Value)
		}
	}
	for _, pt := range lc.Points {
		add(&train, float64(pt.TrainSize), pt.Train)
		add(&test, float64(pt.TrainSize), pt.Test)
	}
	var lines []plots.Line
	for _, l := range []plots.Line{train, test} {
		if len(l.X) >= 2 {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	y := p.t("plot.eval.curve.accuracy", nil)
	if lc.Metric == "r2" {
		y = p.t("plot.eval.curve.r2", nil)
	}
	svg, err := plots.Fit(plots.FitPoints{}, lines, plots.FitLabels{
		Title: p.t("plot.eval.curve.title", nil), X: p.t("plot.eval.curve.x", nil), Y: y,
	}, plots.Size{})
	return p.keep("learning curve", svg, err)
}

// residuals draws what a regression model missed on each test example,
// against its input (one-feature data) or its prediction.
func (p *evalPlotter) residuals(r *sandbox.RegressionReport) string {
	var pts plots.FitPoints
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, e := range r.Residuals {
		if !finite(e.X) || !finite(e.Residual) {
			continue
		}
		pts.X, pts.Y, pts.Test = append(pts.X, e.X), append(pts.Y, e.Residual), append(pts.Test, true)
		lo, hi = min(lo, e.X), max(hi, e.X)
	}
	if len(pts.X) == 0 {
		return ""
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	x := r.Feature
	if x == "" {
		x = p.t("plot.eval.residuals.predicted", nil)
	}
	svg, err := plots.Fit(pts, []plots.Line{{Name: p.t("plot.eval.residuals.zero", nil), X: []float64{lo, hi}, Y: []float64{0, 0}}},
		plots.FitLabels{
			Title: p.t("plot.eval.residuals.title", nil), X: x,
			Y: p.t("plot.eval.residuals.y", map[string]any{"target": r.Target}), Test: p.t("plot.eval.residuals.points", nil),
		}, plots.Size{})
	return p.keep("residuals", svg, err)
}

// extrapolation draws a regression model against its data's formula
// along the swept feature, from e.From to e.To, inside and beyond the
// training range: the formula as points, filled inside the range and
// hollow beyond it, and the model as a line through them. The title names
// the features held fixed and their values, which the formula depends on.
func (p *evalPlotter) extrapolation(points []sandbox.ExtrapolationPoint, e *extrapolateProbeMsg) string {
	// Every extrapolationStride-th point of the formula is drawn: 31 of
	// the probe's 121, close enough to read as a curve, apart enough to
	// show as points.
	const extrapolationStride = 4
	var pts plots.FitPoints
	model := plots.Line{Name: p.t("plot.model", nil)}
	for i, pt := range points {
		if !finite(pt.X) {
			continue
		}
		if finite(pt.Truth) && (i%extrapolationStride == 0 || i == len(points)-1) {
			pts.X, pts.Y, pts.Test = append(pts.X, pt.X), append(pts.Y, pt.Truth), append(pts.Test, !pt.Inside)
		}
		if finite(pt.Model) {
			model.X, model.Y = append(model.X, pt.X), append(model.Y, pt.Model)
		}
	}
	if len(model.X) < 2 || len(pts.X) == 0 {
		return ""
	}
	title := p.t("plot.eval.extrapolate.title", nil)
	if len(e.Held) > 0 {
		held := make([]string, len(e.Held))
		for k, h := range e.Held {
			held[k] = p.t("plot.eval.extrapolate.held_one", map[string]any{"feature": h.Title, "value": p.significant(h.Value)})
		}
		title = p.t("plot.eval.extrapolate.title_held", map[string]any{"held": strings.Join(held, ", ")})
	}
	svg, err := plots.Fit(pts, []plots.Line{model}, plots.FitLabels{
		Title: title, X: e.FeatureTitle, Y: e.TargetTitle,
		Train: p.t("plot.eval.extrapolate.inside", nil), Test: p.t("plot.eval.extrapolate.beyond", nil),
	}, plots.Size{})
	return p.keep("extrapolation", svg, err)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// ---------- the catalog's evaluation fields ----------

// attributeMsg describes a dataset's group column in the datasets message.
type attributeMsg struct {
	Name        string   `json:"name"`
	Title       string   `json:"title"`
	Values      []string `json:"values"`
	ValueTitles []string `json:"value_titles"`
}

// attributesReply describes a dataset's group columns in language l.
func attributesReply(l i18n.Lang, d sandbox.DatasetInfo) []attributeMsg {
	var out []attributeMsg
	for _, a := range d.Attributes {
		out = append(out, attributeMsg{Name: a.Name, Title: titleOr(l, a.Title, a.Name), Values: a.Values,
			ValueTitles: groupTitles(l, a.Values, a.ValueTitles)})
	}
	return out
}
