package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/charlm"
	"github.com/aisandbox/aisandbox/models/cnn"
	"github.com/aisandbox/aisandbox/models/mlp"
)

// Event types: a run sends EventStarted once, EventProgress any number of
// times, then exactly one of EventDone and EventError.
const (
	EventStarted  = "started"
	EventProgress = "progress"
	EventDone     = "done"
	EventError    = "error"
)

// Event is something that happened to a run. Payload is a Started, Progress,
// Done or *Error, by Type.
type Event struct {
	Type    string
	Run     string // the run's id, set by Session; empty from Train
	Payload any
}

// Started describes a run that has prepared its data and model.
type Started struct {
	Task       Task     // what the model does
	Parameters int      // numbers the model learns
	TrainSize  int      // examples used for training
	TestSize   int      // examples held out for testing
	Features   []string // feature names
	Classes    []string // class names; none for regression
	// ClassTitles says how to show each class, in every language.
	ClassTitles []i18n.Text
	Target      string // what a regression predicts, e.g. "range (m)"
	// TargetTitle says how to show Target, with its unit, in every
	// language (the dataset card's Target, else Target as it is); empty
	// for a classifier.
	TargetTitle i18n.Text
	// Unseen names the classes the training part has no example of (a
	// TrainSpec.TrainGroup without them, or a tiny data set): the model
	// never learned them and can (all but) never answer them. Nil when
	// every class was seen.
	Unseen []string
	Epochs int // steps the run takes at most
	// ValidationSize counts the examples held out for validation; 0 when
	// the spec holds none out.
	ValidationSize int
}

// Progress reports one finished step of training: an epoch for the
// networks, a split for a tree, the whole fit for models that learn at once.
type Progress struct {
	Epoch  int // steps done, from 1
	Epochs int // steps the run takes at most
	Metrics
	// History, Regions and Curve are set at most every RunOptions.PlotEvery,
	// when RunOptions.Plots is on and they apply; nil otherwise.
	History *History
	Regions *Regions
	Curve   *Curve
	Tree    *TreeView
}

// Curve is a one-feature regression model's curve among its data: Points
// and Targets are the examples (Test marks held-out ones), and the model's
// prediction Model[i] and, when the formula behind the data is known,
// Truth[i] are given at X[i]. X spans the data and half its width again
// beyond it on each side, so extrapolation shows, but does not go below 0
// when no example is negative (a length or a mass). Points, Targets and
// Test are shared between events and never written.
type Curve struct {
	Points  []float64
	Targets []float64
	Test    []bool
	X       []float64
	Model   []float64
	Truth   []float64 // nil when the formula is unknown
}

// Done reports the end of a run that was not an error.
type Done struct {
	Progress
	Stopped    bool     // ended early by a stop
	Seconds    float64  // wall time of the training, in seconds
	Parameters int      // numbers the model learned
	Samples    []string // texts a language model wrote at temperature 1
}

// doneSamples is how many texts a language model writes when it is done.
const doneSamples = 5

// History holds the scores of a run after each step so far, by their names
// in Metrics.Scores ("loss", "test_accuracy", ...); index i is step i+1. A
// score that does not apply to the model is absent. Its slices are never
// written after they are handed out.
type History struct {
	Series map[string][]float64
}

// add appends the scores of m.
func (h *History) add(m Metrics) {
	if h.Series == nil {
		h.Series = make(map[string][]float64)
	}
	for i, v := range m.values() {
		if !math.IsNaN(v) {
			h.Series[series[i]] = append(h.Series[series[i]], v)
		}
	}
}

// snapshot returns a view of h that later appends do not change.
func snapshot(h *History) *History {
	out := &History{Series: make(map[string][]float64, len(h.Series))}
	for k, s := range h.Series {
		out.Series[k] = s[:len(s):len(s)]
	}
	return out
}

// Regions is a model's decision over the part of the plane its data covers,
// for two-feature data: Class[r*N+c] and Confidence[r*N+c] hold the predicted
// class and its probability at the centre of cell (r, c) of an N×N grid, row
// r counted from the bottom (YMin) and column c from the left (XMin). Points
// are the run's examples in the data's own units; Test marks the held-out ones.
// Points, Labels and Test are shared between events and never written.
type Regions struct {
	XMin, XMax, YMin, YMax float64
	N                      int
	Class                  []int
	Confidence             []float64
	Points                 [][]float64
	Labels                 []int
	Test                   []bool
}

// RunOptions say what a run reports and how often.
type RunOptions struct {
	// ProgressEvery is the least time between two progress events; zero
	// sends one for every step. The first and last steps are always sent.
	ProgressEvery time.Duration
	// Plots turns on History and Regions in progress and done events.
	Plots bool
	// PlotEvery is the least time between two progress events with plots;
	// zero means every progress event carries them.
	PlotEvery time.Duration
	// GridSize is the number of cells along each side of Regions; zero = 50.
	GridSize int
}

// ErrStopped is the cause a run's context is cancelled with to stop it
// early: the run then ends with Done.Stopped rather than an error.
var ErrStopped = errors.New("sandbox: run stopped")

// errShutdown is the cause the engine cancels runs with when it shuts down.
var errShutdown = errors.New("sandbox: server shutting down")

// Model is a trained model together with what it needs to answer questions
// in the data's own units. It is safe for concurrent use once its run ended.
type Model struct {
	classify tableClassifier // for Classify on tables
	regress  valuePredictor  // for Regress
	scaler   *datasets.Scaler
	features []string
	classes  []string
	titles   []i18n.Text
	upload   *datasets.PrepareOptions // how to prepare a picture, for image models
	title    i18n.Text                // the model family's name
	bag      *bagOfWords              // how a text classifier reads a text
	gen      generator                // a language model
	genMu    sync.Mutex               // guards genRand
	genRand  *rand.Rand               // a language model's draws, seeded
	ev       *evalData                // what evaluating it needs; nil for language models
}

// Prediction is a model's answer for a list of points: classes with their
// probabilities from a classifier, Values from a regression model.
type Prediction struct {
	Labels        []int       // the most probable class of each point
	Classes       []string    // its name
	Titles        []i18n.Text // how to show it, in every language
	Probabilities [][]float64 // probability of every class, per point
	Values        []float64   // the predicted number of each point
}

// Predict answers for points given in the data's own units.
func (m *Model) Predict(points [][]float64) (Prediction, error) {
	if m.classify == nil && m.regress == nil {
		return Prediction{}, errorf(CodeNotReady, "run", nil)
	}
	xs := make([][]float64, len(points))
	for i, p := range points {
		if len(p) != len(m.features) {
			return Prediction{}, errorf(CodeBadField, fmt.Sprintf("points[%d]", i), map[string]any{"label": "points"})
		}
		for _, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Prediction{}, errorf(CodeBadField, fmt.Sprintf("points[%d]", i), map[string]any{"label": "points"})
			}
		}
		xs[i] = m.scale(p)
	}
	if m.regress != nil {
		return Prediction{Values: m.regress.PredictValues(xs)}, nil
	}
	pr := Prediction{Probabilities: m.classify.Probabilities(xs)}
	for _, row := range pr.Probabilities {
		k := argmax(row)
		pr.Labels = append(pr.Labels, k)
		pr.Classes = append(pr.Classes, m.classes[k])
		pr.Titles = append(pr.Titles, m.titles[k])
	}
	return pr, nil
}

// scale puts a point in the units the model was trained in.
func (m *Model) scale(p []float64) []float64 {
	if m.scaler == nil {
		return p
	}
	return m.scaler.Transform(p)
}

// Train runs one training job in the caller's goroutine, sending its events
// to emit, and returns the trained model with the final numbers. It is the
// one path every way of training takes: the server's sessions and the
// command line.
//
// Cancelling ctx with cause ErrStopped ends the run early with a Done whose
// Stopped is set (and the model so far); any other cancellation returns an
// error. A NaN or infinite loss returns an *Error with CodeDiverged. Train
// itself sends only EventStarted and EventProgress; the caller reports the
// result.
func Train(ctx context.Context, cat Catalog, spec TrainSpec, opt RunOptions, emit func(Event)) (model *Model, done Done, err error) {
	defer func() {
		if r := recover(); r != nil {
			model, err = nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: panic in training: %v", r)}
		}
	}()
	if err := cat.Validate(spec); err != nil {
		return nil, Done{}, err
	}
	fam := cat.families[spec.Model.Name]
	d, err := prepareData(spec, fam.scaled, prepOptions{evaluation: true})
	if err != nil {
		return nil, Done{}, err
	}
	d.title = fam.info.Title
	j, err := fam.start(spec.Model.Settings, d, modelRand(spec))
	if err != nil {
		return nil, Done{}, err
	}
	steps := j.steps()
	task := Classify
	switch d.kind {
	case RegressionData:
		task = Regress
	case WordData:
		task = Generate
	}
	started := Started{
		Task: task, Parameters: j.numParams(), TrainSize: d.rawTrain.Len(), TestSize: d.rawTest.Len(), ValidationSize: validationSize(d),
		Features: d.rawTrain.Features, Classes: d.rawTrain.Classes, ClassTitles: d.rawTrain.ClassTitles(),
		Target: d.rawTrain.TargetName,
		Epochs: steps,
	}
	switch task {
	case Regress:
		started.TargetTitle = d.rawTrain.TargetTitle()
	case Classify:
		started.Unseen = unseenClasses(d.rawTrain)
	}
	emit(Event{Type: EventStarted, Payload: started})

	var grid *gridMaker
	if opt.Plots && d.kind == TableData && len(d.rawTrain.Features) == 2 {
		grid = newGridMaker(d.rawTrain, d.rawTest, opt.GridSize)
	}
	var curve *curveMaker
	if opt.Plots && d.kind == RegressionData && len(d.rawTrain.Features) == 1 {
		curve = newCurveMaker(d)
	}
	var hist History
	addPlots := func(p *Progress) {
		p.History = snapshot(&hist)
		if m := j.model(); m != nil {
			if grid != nil {
				p.Regions = grid.make(m)
			}
			if curve != nil {
				p.Curve = curve.make(m)
			}
		}
		if tj, ok := j.(*treeJob); ok {
			p.Tree = tj.view()
		}
	}
	start := time.Now()
	var lastProgress, lastPlot time.Time
	done.Epochs = steps
	done.Metrics = noMetrics()
	finish := func() {
		if j.finished() {
			// Nothing more to learn (a tree fully grown): this many steps
			// was the whole run.
			done.Epochs = done.Epoch
		}
		done.Seconds = time.Since(start).Seconds()
		done.Parameters = j.numParams()
		if opt.Plots && (done.Epoch > 0 || j.finished()) {
			addPlots(&done.Progress)
		}
		if m := j.model(); m != nil && m.gen != nil && done.Epoch > 0 {
			rng := rand.New(rand.NewPCG(uint64(spec.Model.Settings.Int("seed")), 0xd0e))
			for range doneSamples {
				if t, err := m.gen.generate(rng, "", 1, 0, 40); err == nil {
					done.Samples = append(done.Samples, t)
				}
			}
		}
	}
	if j.finished() {
		// Done before the first step: a tree whose training part holds
		// one class is a single leaf. Its scores are still worth seeing.
		done.Metrics = j.measure()
		hist.add(done.Metrics)
	}
	for epoch := 1; epoch <= steps && !j.finished(); epoch++ {
		loss, err := j.step(ctx)
		if err != nil {
			if errors.Is(context.Cause(ctx), ErrStopped) {
				done.Stopped = true
				finish()
				m, err := trainedModel(j, d, spec, fam, done.Metrics, true)
				return m, done, err
			}
			return nil, done, runError(ctx, err)
		}
		m := j.measure()
		m.Loss = loss
		hist.add(m)
		p := Progress{Epoch: epoch, Epochs: steps, Metrics: m}
		done.Progress = p

		now := time.Now()
		last := epoch == steps || j.finished()
		if epoch == 1 || last || now.Sub(lastProgress) >= opt.ProgressEvery {
			lastProgress = now
			if opt.Plots && (epoch == 1 || now.Sub(lastPlot) >= opt.PlotEvery) {
				lastPlot = now
				addPlots(&p)
			}
			emit(Event{Type: EventProgress, Payload: p})
		}
	}
	finish()
	m, err := trainedModel(j, d, spec, fam, done.Metrics, false)
	return m, done, err
}

// validationSize counts the validation examples of d.
func validationSize(d *runData) int {
	if d.rawVal == nil {
		return 0
	}
	return d.rawVal.Len()
}

// trainedModel returns the model of a run that ended, with what evaluating
// it needs.
func trainedModel(j job, d *runData, spec TrainSpec, fam family, final Metrics, stopped bool) (*Model, error) {
	m := j.model()
	if m == nil {
		return nil, nil
	}
	if err := m.keepForEvaluation(d, spec, fam, final, stopped); err != nil {
		return nil, &Error{Code: CodeInternal, Err: err}
	}
	return m, nil
}

// runError turns an error from a training step into an *Error.
func runError(ctx context.Context, err error) error {
	diverged := func(epoch int, lr float64) error {
		return &Error{Code: CodeDiverged, Err: err, Params: map[string]any{
			"epoch": epoch, "lr": lr, "suggest": smallerRate(lr),
		}}
	}
	var div *mlp.DivergedError
	var cdiv *cnn.DivergedError
	var ldiv *charlm.DivergedError
	switch {
	case errors.As(err, &div):
		return diverged(div.Epoch, div.LearningRate)
	case errors.As(err, &cdiv):
		return diverged(cdiv.Epoch, cdiv.LearningRate)
	case errors.As(err, &ldiv):
		return diverged(ldiv.Epoch, ldiv.LearningRate)
	case errors.Is(context.Cause(ctx), errShutdown):
		return &Error{Code: CodeShuttingDown, Err: err}
	case ctx.Err() != nil:
		return fmt.Errorf("sandbox: run cancelled: %w", err)
	}
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return &Error{Code: CodeInternal, Err: err}
}

// smallerRate suggests a learning rate to try after lr made training
// diverge: the largest of 1, 2 or 5 times a power of ten that is at most a
// tenth of lr.
func smallerRate(lr float64) float64 {
	t := lr / 10
	p := math.Pow(10, math.Floor(math.Log10(t)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= t*(1+1e-9) {
			return m * p
		}
	}
	return p
}

// prepOptions say how much of a spec's data a run prepares.
type prepOptions struct {
	// share is the part of the training part to train on, drawn
	// stratified by class (a learning curve's smaller runs); 0 = all.
	share float64
	// evaluation asks for what only evaluation needs: the reversed test
	// set of a dataset with a shortcut.
	evaluation bool
}

// prepareData generates or takes the data of spec, splits it, applies its
// columns and mitigation, and scales its features when the family asks for
// it.
func prepareData(spec TrainSpec, scaled bool, opt prepOptions) (*runData, error) {
	var d *runData
	var err error
	if g, ok := datasets.ImageSet(spec.Dataset.Name); ok && spec.Table == nil {
		if d, err = prepareImages(spec, g, opt); err != nil {
			return nil, err
		}
	} else if info, ok := corpusNamed(spec.Dataset.Name); ok && spec.Table == nil {
		if d, err = prepareText(spec, info, opt); err != nil {
			return nil, err
		}
	} else if lang, ok := datasets.ReviewsLang(spec.Dataset.Name); ok && spec.Table == nil {
		if d, err = prepareReviews(spec, lang, opt); err != nil {
			return nil, err
		}
	} else {
		if d, err = prepareTables(spec, opt); err != nil {
			return nil, err
		}
	}
	d.train, d.test = d.rawTrain, d.rawTest
	// Word counts stay counts: standardizing would make a word seen once
	// as loud as the commonest one.
	if scaled && d.kind != WordData && d.kind != TextData {
		s := datasets.FitScaler(d.rawTrain)
		d.scaler = &s
		d.train, d.test = s.Apply(d.rawTrain), s.Apply(d.rawTest)
	}
	return d, nil
}

// corpusNamed finds a built-in corpus.
func corpusNamed(name string) (datasets.CorpusInfo, bool) {
	for _, c := range datasets.Corpora() {
		if c.Name == name {
			return c, true
		}
	}
	return datasets.CorpusInfo{}, false
}

// splitRand returns the source of a spec's train/test split: the dataset's
// seed, so that the same seed gives the same split whatever the model.
func splitRand(spec TrainSpec) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(spec.Dataset.Seed), 0x5b1e7))
}

// shareRand returns the source of a learning curve's smaller training
// parts, and resampleRand that of resampling: the dataset's seed again, on
// streams of their own, so that neither changes the split.
func shareRand(spec TrainSpec) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(spec.Dataset.Seed), 0x54a2e))
}

func resampleRand(spec TrainSpec) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(spec.Dataset.Seed), 0x2e5a3))
}

// reversedSeed is the seed of a shortcut dataset's reversed test set: the
// dataset's seed plus 2⁶⁴/φ (the increment of SplitMix64), which differs
// from the seed itself for every seed, so the reversed set holds new
// examples, never the training ones turned round.
func reversedSeed(spec TrainSpec) uint64 {
	return uint64(spec.Dataset.Seed) + 0x9e3779b97f4a7c15
}

// validationOfRest is the share of what is left after the test part that
// makes a validation part of val of all the data.
func validationOfRest(val, test float64) float64 { return val / (1 - test) }

// prepareTables generates or takes the table of spec, splits it, and makes
// the columns the model sees.
func prepareTables(spec TrainSpec, opt prepOptions) (*runData, error) {
	t := spec.Table
	var g datasets.Generator
	if t == nil {
		var ok bool
		g, ok = tableGenerator(spec.Dataset.Name)
		if !ok {
			return nil, errorf(CodeUnknownDataset, "dataset.name", map[string]any{"name": spec.Dataset.Name})
		}
		var err error
		t, err = generateTable(g, spec, spec.Dataset.N, false, uint64(spec.Dataset.Seed))
		if err != nil {
			return nil, &Error{Code: CodeBadField, Field: "dataset", Params: map[string]any{"label": "dataset"}, Err: err}
		}
	}
	d := &runData{kind: TableData, columns: columnsOf(spec)}
	if t.IsRegression() {
		d.kind = RegressionData
		if spec.Table == nil {
			d.formula, _ = datasets.Formula(spec.Dataset.Name)
		}
	}
	var train, val, test *datasets.Table
	var err error
	switch {
	case spec.TestTable != nil:
		if len(spec.TestTable.Features) != len(t.Features) {
			return nil, fmt.Errorf("sandbox: the test data has %d feature columns, the training data %d", len(spec.TestTable.Features), len(t.Features))
		}
		train, test = t, spec.TestTable
		if spec.ValidationSplit > 0 {
			train, val, err = t.Split(spec.ValidationSplit, splitRand(spec))
		}
	case spec.ValidationSplit > 0:
		train, val, test, err = t.SplitThree(spec.ValidationSplit, spec.TestSplit, splitRand(spec))
	default:
		train, test, err = t.Split(spec.TestSplit, splitRand(spec))
	}
	if err != nil {
		return nil, &Error{Code: CodeBadField, Field: "test_split", Params: map[string]any{"label": "test_split"},
			Err: fmt.Errorf("sandbox: splitting %s: %w", t.Name, err)}
	}
	if spec.TrainGroup != nil {
		if train, val, err = keepGroup(*spec.TrainGroup, train, val); err != nil {
			return nil, err
		}
	}
	if opt.share > 0 && opt.share < 1 {
		if train, _, err = train.Split(1-opt.share, shareRand(spec)); err != nil {
			return nil, &Error{Code: CodeBadField, Field: "dataset.n", Params: map[string]any{"label": "dataset.n"}, Err: err}
		}
	}
	d.origTrain, d.origTest = train, test
	if d.rawTrain, err = d.columns(train); err != nil {
		return nil, err
	}
	if d.rawTest, err = d.columns(test); err != nil {
		return nil, err
	}
	if val != nil {
		if d.rawVal, err = d.columns(val); err != nil {
			return nil, err
		}
	}
	if err := mitigate(spec, d); err != nil {
		return nil, err
	}
	if opt.evaluation && g.Shortcut != nil {
		rev, err := generateTable(g, spec, max(test.Len(), datasets.MinN), true, reversedSeed(spec))
		if err != nil {
			return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: the reversed test set: %w", err)}
		}
		if d.reversed, err = d.columns(rev); err != nil {
			return nil, err
		}
		d.shortcut = g.ShortcutName
	}
	return d, nil
}

// tableGenerator returns the built-in table generator with the given name:
// a classification set (datasets.Builtin), a regression set
// (datasets.Regression) or a science set (datasets.Science).
func tableGenerator(name string) (datasets.Generator, bool) {
	for _, find := range []func(string) (datasets.Generator, bool){datasets.Builtin, datasets.Regression, datasets.Science} {
		if g, ok := find(name); ok {
			return g, true
		}
	}
	return datasets.Generator{}, false
}

// keepGroup returns the rows of the training and validation parts (val
// may be nil) that belong to group f; an *Error when the attribute or the
// value is unknown, or when fewer than minGroupRows training rows are left.
func keepGroup(f GroupFilter, train, val *datasets.Table) (*datasets.Table, *datasets.Table, error) {
	only := func(t *datasets.Table) (*datasets.Table, error) {
		a, ok := t.Attribute(f.Attribute)
		if !ok {
			return nil, errorf(CodeUnknownAttribute, "train_group.attribute", map[string]any{"name": f.Attribute})
		}
		k := slices.Index(a.Values, f.Value)
		if k < 0 {
			return nil, errorf(CodeBadChoice, "train_group.value", map[string]any{
				"label": a.Title, "choices": strings.Join(a.Values, ", ")})
		}
		var idx []int
		for i, v := range a.Of {
			if v == k {
				idx = append(idx, i)
			}
		}
		return t.Subset(idx), nil
	}
	train, err := only(train)
	if err != nil {
		return nil, nil, err
	}
	if train.Len() < minGroupRows {
		return nil, nil, errorf(CodeGroupTooSmall, "train_group.value", map[string]any{
			"attribute": f.Attribute, "value": f.Value, "rows": train.Len(), "min": minGroupRows})
	}
	if val != nil {
		if val, err = only(val); err != nil {
			return nil, nil, err
		}
	}
	return train, val, nil
}

// unseenClasses names the classes of a classification table with no row
// in it; nil when it has every class (and for a regression table).
func unseenClasses(t *datasets.Table) []string {
	var out []string
	for k, c := range t.ClassCounts() {
		if c == 0 {
			out = append(out, t.Classes[k])
		}
	}
	return out
}

// generateTable makes n rows of a built-in table; a generator with a
// shortcut sets its dial to the spec's correlation, reversed or not. A
// generator without noise (MaxNoise 0: measured or reference values)
// ignores the spec's noise, as the catalog offers none for it.
func generateTable(g datasets.Generator, spec TrainSpec, n int, reversed bool, seed uint64) (*datasets.Table, error) {
	noise := spec.Dataset.Noise
	if g.MaxNoise == 0 {
		noise = 0
	}
	if g.Shortcut != nil {
		return g.GenerateShortcut(n, noise, spec.Dataset.Correlation, reversed, seed)
	}
	return g.Generate(n, noise, seed)
}

// columnsOf returns the function that turns a table of spec's data into
// the columns its model sees: the attributes asked for added as features,
// then the features asked for left out. Without either it returns the
// table itself.
func columnsOf(spec TrainSpec) func(*datasets.Table) (*datasets.Table, error) {
	attrs, drop := slices.Clone(spec.Attributes), slices.Clone(spec.Drop)
	return func(t *datasets.Table) (*datasets.Table, error) {
		var err error
		for i, a := range attrs {
			if _, ok := t.Attribute(a); !ok {
				return nil, errorf(CodeUnknownAttribute, fmt.Sprintf("attributes[%d]", i), map[string]any{"name": a})
			}
			if t, err = t.WithAttribute(a); err != nil {
				return nil, &Error{Code: CodeBadField, Field: fmt.Sprintf("attributes[%d]", i), Params: map[string]any{"label": a}, Err: err}
			}
		}
		if len(drop) == 0 {
			return t, nil
		}
		for i, f := range drop {
			if !slices.Contains(t.Features, f) {
				return nil, errorf(CodeUnknownFeature, fmt.Sprintf("drop[%d]", i), map[string]any{"name": f})
			}
		}
		if t, err = t.WithoutFeatures(drop...); err != nil {
			return nil, &Error{Code: CodeNoFeatures, Field: "drop", Err: err}
		}
		return t, nil
	}
}

// gridMaker computes Regions for one run: the grid's points are fixed at
// the start, in the data's own units.
type gridMaker struct {
	r      Regions
	points [][]float64
	scaled [][]float64 // points in the model's units, made on first use
}

func newGridMaker(train, test *datasets.Table, n int) *gridMaker {
	if n <= 0 {
		n = 50
	}
	g := &gridMaker{}
	g.r.N = n
	for _, t := range []*datasets.Table{train, test} {
		for i, x := range t.X {
			g.r.Points = append(g.r.Points, x)
			g.r.Labels = append(g.r.Labels, t.Y[i])
			g.r.Test = append(g.r.Test, t == test)
		}
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range g.r.Points {
		xmin, xmax = math.Min(xmin, p[0]), math.Max(xmax, p[0])
		ymin, ymax = math.Min(ymin, p[1]), math.Max(ymax, p[1])
	}
	// A margin of a tenth of the span on every side, so that points on the
	// edge are not drawn on the frame.
	mx, my := 0.1*(xmax-xmin), 0.1*(ymax-ymin)
	if mx == 0 {
		mx = 1
	}
	if my == 0 {
		my = 1
	}
	g.r.XMin, g.r.XMax, g.r.YMin, g.r.YMax = xmin-mx, xmax+mx, ymin-my, ymax+my
	dx, dy := (g.r.XMax-g.r.XMin)/float64(n), (g.r.YMax-g.r.YMin)/float64(n)
	g.points = make([][]float64, 0, n*n)
	for r := range n {
		for c := range n {
			g.points = append(g.points, []float64{g.r.XMin + (float64(c)+0.5)*dx, g.r.YMin + (float64(r)+0.5)*dy})
		}
	}
	return g
}

// make returns the model's decision over the grid.
func (g *gridMaker) make(m *Model) *Regions {
	if g.scaled == nil {
		g.scaled = make([][]float64, len(g.points))
		for i, p := range g.points {
			g.scaled[i] = m.scale(p)
		}
	}
	r := g.r
	probs := m.classify.Probabilities(g.scaled)
	r.Class = make([]int, len(probs))
	r.Confidence = make([]float64, len(probs))
	for i, row := range probs {
		k := argmax(row)
		r.Class[i], r.Confidence[i] = k, row[k]
	}
	return &r
}

// curveMaker computes Curves for one run: its inputs are fixed at the start.
type curveMaker struct {
	c      Curve
	scaled [][]float64 // X in the model's units, made on first use
}

// curvePoints is how many inputs a model's curve is drawn through.
const curvePoints = 200

func newCurveMaker(d *runData) *curveMaker {
	k := &curveMaker{}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, t := range []*datasets.Table{d.rawTrain, d.rawTest} {
		for i, x := range t.X {
			k.c.Points = append(k.c.Points, x[0])
			k.c.Targets = append(k.c.Targets, t.Targets[i])
			k.c.Test = append(k.c.Test, t == d.rawTest)
			lo, hi = math.Min(lo, x[0]), math.Max(hi, x[0])
		}
	}
	lo, hi = sweepRange(lo, hi, defaultReach)
	for i := range curvePoints {
		x := lo + (hi-lo)*float64(i)/(curvePoints-1)
		k.c.X = append(k.c.X, x)
		if d.formula != nil {
			k.c.Truth = append(k.c.Truth, d.formula(x))
		}
	}
	return k
}

// make returns the model's curve.
func (k *curveMaker) make(m *Model) *Curve {
	if k.scaled == nil {
		k.scaled = make([][]float64, len(k.c.X))
		for i, x := range k.c.X {
			k.scaled[i] = m.scale([]float64{x})
		}
	}
	c := k.c
	c.Model = m.regress.PredictValues(k.scaled)
	return &c
}

func argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}
