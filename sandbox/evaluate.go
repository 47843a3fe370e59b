package sandbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/evaluate"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models"
)

// Evaluation: where a trained model fails, and for whom. A run keeps what
// this needs when it ends (evalData); Session.Evaluate scores the model on
// its held-out parts with package evaluate, by class, by group, on a
// shortcut's reversed test set, and, on request, as the training part
// grows.

// EvalOptions say what Session.Evaluate computes beyond the scores every
// model gets. The zero value scores the test (and validation) part.
type EvalOptions struct {
	// By names an attribute of the data (DatasetInfo.Attributes, e.g.
	// "home") to score the model group by group; "" = no groups.
	By string `json:"by,omitempty"`
	// Positive names the class called positive in group scores, decision
	// thresholds and probes (e.g. "yes" for hired); "" = the last class
	// (the second of a two-class task).
	Positive string `json:"positive,omitempty"`
	// Threshold, for a two-class task, is the least P(positive) at which
	// the model's decision is the positive class, from 0 to 1; nil = 0.5.
	// It changes every decision of the evaluation: the confusion matrix,
	// the accuracy, the mistakes listed and the group scores.
	Threshold *float64 `json:"threshold,omitempty"`
	// Thresholds sets a threshold of its own for some groups of By, keyed
	// by the group's value (e.g. {"village": 0.4}); the others keep
	// Threshold. Two-class tasks only; needs By.
	Thresholds map[string]float64 `json:"thresholds,omitempty"`
	// LearningCurve asks for the model trained again on 10, 25, 50, 75 and
	// 100 % of its training part (see LearningCurve). It takes a training
	// slot and as long as that many runs; it is computed once per model.
	LearningCurve bool `json:"learning_curve,omitempty"`
}

// Evaluation is what Session.Evaluate finds out about a trained model. A
// classifier has Test (and Validation, Misclassified, Groups, Shortcut as
// they apply); a regression model has Regression.
type Evaluation struct {
	Task Task     `json:"task"` // "classify" or "regress"
	Kind DataKind `json:"kind"` // "table", "regression", "images" or "text"
	// Features names the model's input columns, for tables (after the
	// attributes added and the features dropped); nil for pictures and
	// texts.
	Features []string `json:"features,omitempty"`
	// Classes names the classes and ClassTitles says how to show them.
	Classes     []string    `json:"classes,omitempty"`
	ClassTitles []i18n.Text `json:"class_titles,omitempty"`
	// Positive is the index in Classes of the class called positive.
	Positive int `json:"positive"`
	// Threshold is the threshold of two-class decisions (groups of
	// GroupReport.Thresholds may have their own); 0 for other tasks, whose
	// decision is the most probable class.
	Threshold float64 `json:"threshold"`
	// Test scores the test part; Validation the validation part, when the
	// run held one out.
	Test       *SetScores `json:"test,omitempty"`
	Validation *SetScores `json:"validation,omitempty"`
	// Misclassified lists up to 50 test examples the model got wrong, the
	// most confident mistakes first; MisclassifiedCount counts them all.
	Misclassified      []Misclassified `json:"misclassified,omitempty"`
	MisclassifiedCount int             `json:"misclassified_count"`
	// ImageWidth and ImageHeight are the size of the pictures in
	// Misclassified, for image data.
	ImageWidth  int `json:"image_width,omitempty"`
	ImageHeight int `json:"image_height,omitempty"`
	// Regression scores a regression model.
	Regression *RegressionReport `json:"regression,omitempty"`
	// Groups scores the test part group by group (EvalOptions.By).
	Groups *GroupReport `json:"groups,omitempty"`
	// Shortcut compares the test part with the reversed test set, for
	// datasets with a shortcut dial.
	Shortcut *ShortcutReport `json:"shortcut,omitempty"`
	// LearningCurve is set when EvalOptions.LearningCurve asked for it.
	LearningCurve *LearningCurve `json:"learning_curve,omitempty"`
	// Attributes, Dropped, Mitigation, MitigateBy and TrainGroup repeat
	// how the model was trained (TrainSpec), to show next to the scores:
	// TrainGroup is set when it was trained on one group only.
	Attributes []string     `json:"attributes,omitempty"`
	Dropped    []string     `json:"dropped,omitempty"`
	Mitigation string       `json:"mitigation,omitempty"`
	MitigateBy string       `json:"mitigate_by,omitempty"`
	TrainGroup *GroupFilter `json:"train_group,omitempty"`
}

// SetScores are a classifier's scores on one set of examples.
type SetScores struct {
	Size      int                `json:"size"`      // examples in the set
	Confusion evaluate.Confusion `json:"confusion"` // counts[true][predicted]
	Accuracy  evaluate.Rate      `json:"accuracy"`  // right / all
	// Interval is the 95 % Wilson interval of Accuracy; nil for an empty
	// set.
	Interval *evaluate.Interval     `json:"interval"`
	PerClass []evaluate.ClassScores `json:"per_class"` // precision, recall, F1 of each class
	MacroF1  evaluate.Number        `json:"macro_f1"`  // mean F1 over the classes
}

// Misclassified is one test example the model got wrong.
type Misclassified struct {
	Index      int     `json:"index"`      // its place in the test part, from 0
	True       int     `json:"true"`       // its class (index in Classes)
	Predicted  int     `json:"predicted"`  // the class the model gave
	Confidence float64 `json:"confidence"` // the probability the model gave that class, 0..1
	// Features holds a table row's values in the data's own units, in the
	// order of Evaluation.Features.
	Features []float64 `json:"features,omitempty"`
	// Pixels holds a picture, row by row from the top left, 0 dark to 1
	// bright (Evaluation.ImageWidth × ImageHeight).
	Pixels []float64 `json:"pixels,omitempty"`
	// Text is a text example.
	Text string `json:"text,omitempty"`
}

// RegressionReport scores a regression model.
type RegressionReport struct {
	Target string `json:"target"` // what is predicted, e.g. "y"
	// Feature names the one input of one-feature data, against which the
	// residuals are drawn; "" when there are several (they are then drawn
	// against the prediction).
	Feature    string     `json:"feature,omitempty"`
	Test       FitScores  `json:"test"`
	Validation *FitScores `json:"validation,omitempty"`
	// Residuals has one entry per test example.
	Residuals []Residual `json:"residuals"`
}

// FitScores are a regression model's scores on one set of examples.
type FitScores struct {
	Size int `json:"size"`
	// MSE is the mean squared error, in the target's units squared, and
	// MAE the mean absolute error, in its units.
	MSE evaluate.Number `json:"mse"`
	MAE evaluate.Number `json:"mae"`
	// R2 is the coefficient of determination: 1 perfect, 0 no better than
	// the mean, negative worse; undefined (why "constant_target") when
	// every target is the same.
	R2 evaluate.Number `json:"r2"`
}

// Residual is one test example of a regression: what the model missed.
type Residual struct {
	// X is where to draw it: the feature's value when RegressionReport.
	// Feature is set, else the predicted value.
	X         float64 `json:"x"`
	Predicted float64 `json:"predicted"`
	Actual    float64 `json:"actual"`
	Residual  float64 `json:"residual"` // actual − predicted
}

// GroupReport scores a classifier's test decisions group by group.
type GroupReport struct {
	Attribute   string      `json:"attribute"` // e.g. "home"
	Title       i18n.Text   `json:"title"`
	Values      []string    `json:"values"` // the groups, e.g. {"city", "village"}
	ValueTitles []i18n.Text `json:"value_titles"`
	// Feature is set when the model was given the attribute as a feature.
	Feature bool `json:"feature"`
	// Thresholds holds each group's decision threshold, in the order of
	// Values, for a two-class task; nil otherwise.
	Thresholds []float64               `json:"thresholds,omitempty"`
	Groups     []evaluate.GroupMetrics `json:"groups"` // in the order of Values
	Gaps       evaluate.Gaps           `json:"gaps"`
	// Sweep scores a two-class model at the thresholds 0, 0.05, …, 1, the
	// same for every group, for the trade-off plot; nil otherwise.
	Sweep []evaluate.SweepPoint `json:"sweep,omitempty"`
}

// ShortcutReport puts a model's scores on its test part, where the
// shortcut agrees with the class as in training, next to those on a test
// set where the shortcut's agreement is reversed (the same generator, the
// dial at −Correlation, new examples). A model that learned the shortcut
// instead of the real thing does much worse there.
type ShortcutReport struct {
	Feature     string    `json:"feature"`     // the shortcut: a column's name, or "background"
	Correlation float64   `json:"correlation"` // the dial the model was trained at, 0..1
	Normal      SetScores `json:"normal"`
	Reversed    SetScores `json:"reversed"`
	// Drop is Normal's accuracy minus Reversed's, as a share (0.3 = 30
	// points): how much the model leaned on the shortcut.
	Drop evaluate.Number `json:"drop"`
}

// LearningCurve shows how a model's scores change with the amount of data
// it learns from: the same spec trained again on stratified samples
// (seeded by the dataset's seed) of its training part.
type LearningCurve struct {
	// Metric is "accuracy" for a classifier and "r2" for a regression.
	Metric string       `json:"metric"`
	Points []CurvePoint `json:"points"`
}

// CurvePoint is the model trained on one share of its training part.
type CurvePoint struct {
	Share     float64 `json:"share"`      // of the training part: 0.1 … 1
	TrainSize int     `json:"train_size"` // examples trained on
	// Train and Test are the metric on the examples trained on and on the
	// test part. They are undefined when too few examples were left to
	// train the model (why "too_few_examples") or its training diverged
	// ("diverged").
	Train evaluate.Number `json:"train"`
	Test  evaluate.Number `json:"test"`
}

// curveShares are the shares of the training part a learning curve trains
// on: a tenth shows how little data does, then quarters up to all of it.
var curveShares = []float64{0.1, 0.25, 0.5, 0.75, 1}

// maxMisclassified is how many mistakes an evaluation lists: enough to see
// a pattern, few enough to draw (50 pictures of 32×32 are 400 KB of JSON).
const maxMisclassified = 50

// wilsonZ is the normal quantile of a 95 % interval.
const wilsonZ = 1.959963984540054

// sweepSteps cuts [0, 1] into steps of 0.05 for the trade-off plot.
const sweepSteps = 20

// Why codes of an undefined learning-curve score.
const (
	whyTooFew   = "too_few_examples"
	whyDiverged = "diverged"
	// whyConstant: R² of targets that do not vary.
	whyConstant = "constant_target"
)

// evalData is what a trained model keeps for Evaluate and Probe: its
// held-out parts with the model's answers on them. It is written once,
// when the run ends, and only read afterwards, except for the learning
// curve, made on first request under curveMu.
type evalData struct {
	spec    TrainSpec // what was trained, for a learning curve
	fam     family    // the model's family, to train it again
	kind    DataKind
	stopped bool // the run was stopped early
	// test is the test part in the data's own units and the model's
	// columns; val is the validation part without its rows (its labels,
	// targets and attributes), nil when none was held out. The training
	// part in the model's columns is not kept (a table's is, as
	// origTrain): trainSize counts it and trainScore is the model's
	// learning-curve metric on it.
	test, val  *datasets.Table
	trainSize  int
	trainScore evaluate.Number
	// origTrain and origTest are a table's parts before the spec's
	// attributes and dropped features; columns makes the model's columns
	// of such a table. Nil for pictures and texts.
	origTrain, origTest *datasets.Table
	columns             func(*datasets.Table) (*datasets.Table, error)
	// testProb and valProb hold a classifier's class probabilities on the
	// test and validation parts; testValues and valValues a regression
	// model's predictions.
	testProb, valProb     [][]float64
	testValues, valValues []float64
	// images holds the test pictures (with their masks, when the set
	// knows them); texts the test texts and lang their language.
	images *datasets.Images
	texts  []string
	lang   i18n.Lang
	// reversed is a shortcut dataset's reversed test set without its rows,
	// with the model's probabilities on it; shortcut names the shortcut.
	reversed     *datasets.Table
	reversedProb [][]float64
	shortcut     string
	// formula is the curve a regression set was made from; nil if unknown.
	formula func(x float64) float64

	curveMu sync.Mutex
	curve   *LearningCurve
}

// keepForEvaluation records in m what evaluating it needs, from the run's
// data d and its last scores. Language models have nothing to evaluate and
// keep nothing. Of the pictures it keeps only the test part's: a model
// is kept long after its run, and many are kept at once.
func (m *Model) keepForEvaluation(d *runData, spec TrainSpec, fam family, final Metrics, stopped bool) error {
	if d.kind == WordData || (m.classify == nil && m.regress == nil) {
		return nil
	}
	ev := &evalData{
		spec: cloneSpec(spec), fam: fam, kind: d.kind, stopped: stopped,
		test: d.rawTest, val: withoutRows(d.rawVal), trainSize: d.rawTrain.Len(),
		origTrain: d.origTrain, origTest: d.origTest, columns: d.columns,
		formula: d.formula, shortcut: d.shortcut,
	}
	score := final.TrainAccuracy
	if m.regress != nil {
		score = final.TrainR2
	}
	ev.trainScore = evaluate.Number{Why: evaluate.WhyNotFinite}
	if !math.IsNaN(score) {
		ev.trainScore = evaluate.Number{Value: score, Defined: true}
	}
	if d.images != nil {
		ev.images = d.images.test
	}
	if d.text != nil {
		ev.texts, ev.lang = d.text.test.Texts, d.text.lang
	}
	var err error
	if m.regress != nil {
		if ev.testValues, err = m.values(d.rawTest); err == nil && d.rawVal != nil {
			ev.valValues, err = m.values(d.rawVal)
		}
	} else {
		if ev.testProb, err = m.probabilities(d.rawTest); err == nil && d.rawVal != nil {
			ev.valProb, err = m.probabilities(d.rawVal)
		}
		if err == nil && d.reversed != nil {
			ev.reversed = withoutRows(d.reversed)
			ev.reversedProb, err = m.probabilities(d.reversed)
		}
	}
	if err != nil {
		return fmt.Errorf("sandbox: keeping the test answers: %w", err)
	}
	m.ev = ev
	return nil
}

// withoutRows returns t without its feature rows: what scoring decisions
// about it needs (labels, targets, attributes). Nil for nil.
func withoutRows(t *datasets.Table) *datasets.Table {
	if t == nil {
		return nil
	}
	u := *t
	u.X = nil
	return &u
}

// cloneSpec returns a copy of s whose lists and settings are its own.
func cloneSpec(s TrainSpec) TrainSpec {
	s.Model.Settings = s.Model.Settings.clone()
	s.Attributes, s.Drop = slices.Clone(s.Attributes), slices.Clone(s.Drop)
	if s.TrainGroup != nil {
		g := *s.TrainGroup
		s.TrainGroup = &g
	}
	return s
}

// probabilities returns a classifier's class probabilities for the rows
// of t, given in the data's own units.
func (m *Model) probabilities(t *datasets.Table) ([][]float64, error) {
	if t.Len() == 0 {
		return nil, nil
	}
	p, err := m.Predict(t.X)
	return p.Probabilities, err
}

// values returns a regression model's predictions for the rows of t.
func (m *Model) values(t *datasets.Table) ([]float64, error) {
	if t.Len() == 0 {
		return nil, nil
	}
	p, err := m.Predict(t.X)
	return p.Values, err
}

// evaluable returns the model of the ended run id, if it can be evaluated.
func (s *Session) evaluable(id string) (*Model, error) {
	m, err := s.endedModel(id)
	if err != nil {
		return nil, err
	}
	if m.ev == nil {
		return nil, errorf(CodeNotEvaluable, "run", map[string]any{"model": m.title})
	}
	return m, nil
}

// Evaluate scores the model of an ended run on its held-out data: see
// Model.Evaluate. A learning curve waits for a training slot of the
// session, like a run; once it has one it may train for as long as one run
// may (Config.MaxWall), after which it ends with a limit_time error. It
// ends with an error when the session closes.
func (s *Session) Evaluate(id string, opt EvalOptions) (Evaluation, error) {
	m, err := s.evaluable(id)
	if err != nil {
		return Evaluation{}, err
	}
	return m.evaluate(s.ctx, opt, curveLimits{take: s.takeSlot, wall: s.e.cfg.MaxWall})
}

// Evaluate scores the model on its held-out data (see EvalOptions and
// Evaluation). It returns an *Error for a language model (not_evaluable),
// an unknown attribute or class (unknown_attribute, unknown_class),
// thresholds on a task without two classes (needs_binary) or outside
// [0, 1] (out_of_range, bad_field). With EvalOptions.LearningCurve it
// trains the model again five times in the caller's goroutine, which
// takes as long as that; cancelling ctx ends it with an error. The curve
// is computed once and kept with the model.
func (m *Model) Evaluate(ctx context.Context, opt EvalOptions) (Evaluation, error) {
	return m.evaluate(ctx, opt, curveLimits{})
}

// curveLimits say how a learning curve shares the machine: take, when not
// nil, waits for a training slot and returns the function that gives it
// back; wall, when not 0, is the longest the curve may train once it has
// the slot.
type curveLimits struct {
	take func(ctx context.Context) (release func(), err error)
	wall time.Duration
}

func (m *Model) evaluate(ctx context.Context, opt EvalOptions, lim curveLimits) (Evaluation, error) {
	ev := m.ev
	if ev == nil {
		return Evaluation{}, errorf(CodeNotEvaluable, "run", map[string]any{"model": m.title})
	}
	out := Evaluation{
		Kind:       ev.kind,
		Attributes: ev.spec.Attributes, Dropped: ev.spec.Drop,
		Mitigation: ev.spec.Mitigation, MitigateBy: ev.spec.MitigateBy,
	}
	if g := ev.spec.TrainGroup; g != nil {
		out.TrainGroup = &GroupFilter{Attribute: g.Attribute, Value: g.Value}
	}
	if ev.kind == TableData || ev.kind == RegressionData {
		out.Features = ev.test.Features
	}
	var err error
	if m.regress != nil {
		out.Task = Regress
		if _, ok := ev.test.Attribute(opt.By); opt.By != "" && !ok {
			return Evaluation{}, errorf(CodeUnknownAttribute, "by", map[string]any{"name": opt.By})
		}
		// Group scores and thresholds are those of decisions between two
		// classes; a regression makes none.
		if opt.By != "" || opt.Threshold != nil || len(opt.Thresholds) > 0 || opt.Positive != "" {
			return Evaluation{}, errorf(CodeNeedsBinary, "by", map[string]any{"classes": 0})
		}
		if out.Regression, err = ev.regression(); err != nil {
			return Evaluation{}, err
		}
	} else {
		out.Task = Classify
		if err := ev.classification(m, opt, &out); err != nil {
			return Evaluation{}, err
		}
	}
	if opt.LearningCurve {
		if out.LearningCurve, err = ev.learningCurve(ctx, m, lim); err != nil {
			return Evaluation{}, err
		}
	}
	return out, nil
}

// decider turns a two-class model's probabilities into decisions with a
// threshold per group of one attribute; other models decide by the most
// probable class.
type decider struct {
	binary    bool
	positive  int
	threshold float64            // for every row outside byValue
	attr      string             // the attribute whose groups have thresholds
	byValue   map[string]float64 // thresholds of some of its values
}

// positiveClass returns the index of the class called positive.
func positiveClass(classes []string, name string) (int, error) {
	if name == "" {
		return len(classes) - 1, nil
	}
	k := slices.Index(classes, name)
	if k < 0 {
		return 0, errorf(CodeUnknownClass, "positive", map[string]any{"name": name})
	}
	return k, nil
}

// newDecider checks the decision options of opt against the classes.
func newDecider(classes []string, opt EvalOptions) (decider, error) {
	d := decider{binary: len(classes) == 2, threshold: 0.5, attr: opt.By, byValue: opt.Thresholds}
	var err error
	if d.positive, err = positiveClass(classes, opt.Positive); err != nil {
		return d, err
	}
	if !d.binary && (opt.Threshold != nil || len(opt.Thresholds) > 0) {
		return d, errorf(CodeNeedsBinary, "threshold", map[string]any{"classes": len(classes)})
	}
	checkT := func(field string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return errorf(CodeOutOfRange, field, map[string]any{"label": field, "min": 0, "max": 1})
		}
		return nil
	}
	if opt.Threshold != nil {
		if err := checkT("threshold", *opt.Threshold); err != nil {
			return d, err
		}
		d.threshold = *opt.Threshold
	}
	if len(opt.Thresholds) > 0 && opt.By == "" {
		return d, errorf(CodeMissingField, "by", map[string]any{"label": "by"})
	}
	for _, k := range slices.Sorted(maps.Keys(opt.Thresholds)) {
		if err := checkT("thresholds."+k, opt.Thresholds[k]); err != nil {
			return d, err
		}
	}
	return d, nil
}

// thresholds returns the threshold of every value of attribute a.
func (d decider) thresholds(a *datasets.Attribute) []float64 {
	out := make([]float64, len(a.Values))
	for k, v := range a.Values {
		out[k] = d.threshold
		if t, ok := d.byValue[v]; ok {
			out[k] = t
		}
	}
	return out
}

// decide returns the decision for every row of t, whose probabilities are
// prob: for two classes evaluate.Decide's rule, P(positive) ≥ the row's
// threshold; otherwise the most probable class.
func (d decider) decide(t *datasets.Table, prob [][]float64) ([]int, error) {
	pred := make([]int, len(prob))
	if !d.binary {
		for i, p := range prob {
			pred[i] = argmax(p)
		}
		return pred, nil
	}
	var groups []int
	ts := []float64{d.threshold}
	if d.attr != "" {
		if a, ok := t.Attribute(d.attr); ok {
			groups, ts = a.Of, d.thresholds(a)
		}
	}
	pPos := make([]float64, len(prob))
	for i, p := range prob {
		pPos[i] = p[d.positive]
	}
	yes, err := evaluate.Decide(pPos, groups, ts)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: deciding: %w", err)}
	}
	for i, y := range yes {
		pred[i] = 1 - d.positive // the other of the two classes
		if y == 1 {
			pred[i] = d.positive
		}
	}
	return pred, nil
}

// classification fills out's classifier scores.
func (ev *evalData) classification(m *Model, opt EvalOptions, out *Evaluation) error {
	classes := ev.test.Classes
	out.Classes, out.ClassTitles = classes, m.titles
	dec, err := newDecider(classes, opt)
	if err != nil {
		return err
	}
	var attr *datasets.Attribute
	if opt.By != "" {
		var ok bool
		if attr, ok = ev.test.Attribute(opt.By); !ok {
			return errorf(CodeUnknownAttribute, "by", map[string]any{"name": opt.By})
		}
		for _, k := range slices.Sorted(maps.Keys(opt.Thresholds)) {
			if !slices.Contains(attr.Values, k) {
				return errorf(CodeBadField, "thresholds."+k, map[string]any{"label": k})
			}
		}
	}
	out.Positive = dec.positive
	if dec.binary {
		out.Threshold = dec.threshold
	}
	pred, err := dec.decide(ev.test, ev.testProb)
	if err != nil {
		return err
	}
	test, err := setScores(len(classes), ev.test.Y, pred)
	if err != nil {
		return err
	}
	out.Test = &test
	if ev.val != nil {
		v, err := dec.scores(ev.val, ev.valProb)
		if err != nil {
			return err
		}
		out.Validation = &v
	}
	out.Misclassified, out.MisclassifiedCount = ev.misclassified(pred)
	if ev.images != nil {
		out.ImageWidth, out.ImageHeight = ev.images.Width, ev.images.Height
	}
	if attr != nil {
		if out.Groups, err = ev.groups(attr, dec, pred); err != nil {
			return err
		}
	}
	if ev.reversed != nil {
		rev, err := dec.scores(ev.reversed, ev.reversedProb)
		if err != nil {
			return err
		}
		r := &ShortcutReport{Feature: ev.shortcut, Correlation: ev.spec.Dataset.Correlation, Normal: test, Reversed: rev}
		a, aok := test.Accuracy.Value()
		b, bok := rev.Accuracy.Value()
		r.Drop = evaluate.Number{Why: evaluate.WhyNoExamples}
		if aok && bok {
			r.Drop = evaluate.Number{Value: a - b, Defined: true}
		}
		out.Shortcut = r
	}
	return nil
}

// scores scores the decisions about the rows of t, whose probabilities
// are prob.
func (d decider) scores(t *datasets.Table, prob [][]float64) (SetScores, error) {
	pred, err := d.decide(t, prob)
	if err != nil {
		return SetScores{}, err
	}
	return setScores(len(t.Classes), t.Y, pred)
}

// setScores scores decisions pred against truth.
func setScores(classes int, truth, pred []int) (SetScores, error) {
	c, err := evaluate.NewConfusion(classes, truth, pred)
	if err != nil {
		return SetScores{}, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: scoring: %w", err)}
	}
	s := SetScores{Size: len(truth), Confusion: c, Accuracy: c.Accuracy(), PerClass: c.PerClass(), MacroF1: c.MacroF1()}
	if iv, ok := evaluate.Wilson(s.Accuracy.Num, s.Accuracy.Den, wilsonZ); ok {
		s.Interval = &iv
	}
	return s, nil
}

// misclassified lists the test examples pred gets wrong, the most
// confident first, at most maxMisclassified of them, and counts them all.
func (ev *evalData) misclassified(pred []int) ([]Misclassified, int) {
	var out []Misclassified
	for i, y := range ev.test.Y {
		if pred[i] == y {
			continue
		}
		out = append(out, Misclassified{Index: i, True: y, Predicted: pred[i], Confidence: ev.testProb[i][pred[i]]})
	}
	n := len(out)
	slices.SortStableFunc(out, func(a, b Misclassified) int { return cmp.Compare(b.Confidence, a.Confidence) })
	out = out[:min(n, maxMisclassified)]
	for k := range out {
		i := out[k].Index
		switch {
		case ev.images != nil:
			out[k].Pixels = ev.images.Pixels[i]
		case ev.texts != nil:
			out[k].Text = ev.texts[i]
		default:
			out[k].Features = ev.test.X[i]
		}
	}
	return out, n
}

// groups scores the test decisions pred by the groups of attribute a.
func (ev *evalData) groups(a *datasets.Attribute, dec decider, pred []int) (*GroupReport, error) {
	g := &GroupReport{
		Attribute: a.Name, Title: a.Title, Values: a.Values,
		Feature: slices.Contains(ev.spec.Attributes, a.Name),
	}
	for k := range a.Values {
		g.ValueTitles = append(g.ValueTitles, a.ValueTitle(k))
	}
	var err error
	if g.Groups, err = evaluate.ByGroup(ev.test.Y, pred, a.Of, a.Values, dec.positive); err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: scoring groups: %w", err)}
	}
	g.Gaps = evaluate.GapsOf(g.Groups)
	if dec.binary {
		g.Thresholds = dec.thresholds(a)
		p := make([]float64, len(ev.testProb))
		for i, row := range ev.testProb {
			p[i] = row[dec.positive]
		}
		if g.Sweep, err = evaluate.Sweep(ev.test.Y, p, a.Of, a.Values, dec.positive, evaluate.Thresholds(sweepSteps)); err != nil {
			return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: sweeping thresholds: %w", err)}
		}
	}
	return g, nil
}

// regression scores a regression model on its held-out parts.
func (ev *evalData) regression() (*RegressionReport, error) {
	r := &RegressionReport{Target: ev.test.TargetName, Test: fitScores(ev.test.Targets, ev.testValues)}
	if len(ev.test.Features) == 1 {
		r.Feature = ev.test.Features[0]
	}
	if ev.val != nil {
		v := fitScores(ev.val.Targets, ev.valValues)
		r.Validation = &v
	}
	res, err := evaluate.Residuals(ev.test.Targets, ev.testValues)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: residuals: %w", err)}
	}
	r.Residuals = make([]Residual, len(res))
	for i, e := range res {
		x := ev.testValues[i]
		if r.Feature != "" {
			x = ev.test.X[i][0]
		}
		r.Residuals[i] = Residual{X: x, Predicted: ev.testValues[i], Actual: ev.test.Targets[i], Residual: e}
	}
	return r, nil
}

// fitScores scores predictions pred of targets y.
func fitScores(y, pred []float64) FitScores {
	num := func(v float64, err error) evaluate.Number {
		switch {
		case errors.Is(err, models.ErrConstantTarget):
			return evaluate.Number{Why: whyConstant}
		case err != nil:
			return evaluate.Number{Why: evaluate.WhyNoExamples}
		}
		return evaluate.Number{Value: v, Defined: true}
	}
	return FitScores{Size: len(y), MSE: num(models.MSE(y, pred)), MAE: num(models.MAE(y, pred)), R2: num(models.R2(y, pred))}
}

// learningCurve returns ev's learning curve, training it on first use
// within lim.
func (ev *evalData) learningCurve(ctx context.Context, m *Model, lim curveLimits) (*LearningCurve, error) {
	ev.curveMu.Lock()
	defer ev.curveMu.Unlock()
	if ev.curve != nil {
		return ev.curve, nil
	}
	if lim.take != nil {
		release, err := lim.take(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	if lim.wall > 0 {
		limit := errorf(CodeLimitTime, "", map[string]any{"limit": lim.wall.Seconds()})
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, lim.wall, limit)
		defer cancel()
		c, err := ev.trainCurve(ctx, m)
		if err != nil && context.Cause(ctx) == error(limit) {
			return nil, limit
		}
		return c, err
	}
	return ev.trainCurve(ctx, m)
}

// trainCurve trains and scores the points of ev's learning curve; the
// caller holds ev.curveMu.
func (ev *evalData) trainCurve(ctx context.Context, m *Model) (*LearningCurve, error) {
	c := &LearningCurve{Metric: "accuracy"}
	if ev.kind == RegressionData {
		c.Metric = "r2"
	}
	for _, share := range curveShares {
		var p CurvePoint
		if share == 1 && !ev.stopped {
			// Trained again on all of it, the model would be the same
			// one: runs are repeatable.
			p = CurvePoint{Share: 1, TrainSize: ev.trainSize, Train: ev.trainScore, Test: curveScore(m, ev.test)}
		} else {
			var err error
			if p, err = curvePoint(ctx, ev.fam, ev.spec, share); err != nil {
				return nil, err
			}
		}
		c.Points = append(c.Points, p)
	}
	ev.curve = c
	return c, nil
}

// curvePoint trains spec on a share of its training part and scores it.
func curvePoint(ctx context.Context, fam family, spec TrainSpec, share float64) (CurvePoint, error) {
	p := CurvePoint{Share: share}
	m, d, err := fitQuietly(ctx, fam, spec, share)
	if err != nil {
		if ctx.Err() != nil {
			return p, runError(ctx, err)
		}
		why := whyTooFew
		if ErrorCode(err) == CodeDiverged {
			why = whyDiverged
		} else if c := ErrorCode(err); c != CodeBadField && c != CodeOutOfRange {
			return p, err
		}
		p.Train, p.Test = evaluate.Number{Why: why}, evaluate.Number{Why: why}
		return p, nil
	}
	p.TrainSize = d.rawTrain.Len()
	p.Train, p.Test = curveScore(m, d.rawTrain), curveScore(m, d.rawTest)
	return p, nil
}

// curveScore is a learning curve's metric of m on the rows of t: the
// accuracy of the most probable class, or R².
func curveScore(m *Model, t *datasets.Table) evaluate.Number {
	if t.Len() == 0 {
		return evaluate.Number{Why: evaluate.WhyNoExamples}
	}
	if m.regress != nil {
		pred, err := m.values(t)
		if err != nil {
			return evaluate.Number{Why: evaluate.WhyNotFinite}
		}
		return fitScores(t.Targets, pred).R2
	}
	prob, err := m.probabilities(t)
	if err != nil {
		return evaluate.Number{Why: evaluate.WhyNotFinite}
	}
	right := 0
	for i, row := range prob {
		if argmax(row) == t.Y[i] {
			right++
		}
	}
	return evaluate.Number{Value: float64(right) / float64(t.Len()), Defined: true}
}

// modelRand returns the source of a run's model: its seed setting.
func modelRand(spec TrainSpec) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(spec.Model.Settings.Int("seed")), 0x5eed))
}

// fitQuietly trains spec, on a share of its training part, to the end,
// sending no events: the runs of a learning curve.
func fitQuietly(ctx context.Context, fam family, spec TrainSpec, share float64) (model *Model, d *runData, err error) {
	defer func() {
		if r := recover(); r != nil {
			model, err = nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: panic in training: %v", r)}
		}
	}()
	if d, err = prepareData(spec, fam.scaled, prepOptions{share: share}); err != nil {
		return nil, nil, err
	}
	d.title = fam.info.Title
	j, err := fam.start(spec.Model.Settings, d, modelRand(spec))
	if err != nil {
		return nil, nil, err
	}
	for epoch := 1; epoch <= j.steps() && !j.finished(); epoch++ {
		if _, err := j.step(ctx); err != nil {
			return nil, nil, runError(ctx, err)
		}
	}
	if model = j.model(); model == nil {
		return nil, nil, &Error{Code: CodeInternal, Err: errors.New("sandbox: training left no model")}
	}
	return model, d, nil
}

// takeSlot waits for a training slot of the session's owner and returns
// the function that gives it back; it returns an error when ctx ends
// first.
func (s *Session) takeSlot(ctx context.Context) (release func(), err error) {
	t := s.e.sched.enqueue(s.owner)
	select {
	case <-t.start:
		return func() { s.e.sched.release(t) }, nil
	case <-ctx.Done():
		if !s.e.sched.cancel(t) {
			s.e.sched.release(t)
		}
		return nil, runError(ctx, context.Cause(ctx))
	}
}
