package sandbox

import (
	"context"
	"io"
	"math"
	"math/rand/v2"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
)

// family is a kind of model the engine can train: what the catalog says
// about it, and how to start training it on a run's data.
type family struct {
	info ModelInfo
	// scaled asks for features standardized with the training part's mean
	// and spread (distances and gradients need it; trees and naive Bayes
	// read features in their own units, so their rules stay readable).
	scaled bool
	// weights says the family trains with a weight for every example
	// (runData.weights), so it can be reweighted.
	weights bool
	start   func(v Values, d *runData, rng *rand.Rand) (job, error)
	// load reads a model of the family saved by its package's Save (see
	// Catalog.SaveModel) and makes the Model the job's model() would
	// make on d, the run's data made again from its spec, with settings
	// v. Evaluation data is added by the caller.
	load func(r io.Reader, v Values, d *runData) (*Model, error)
	// save, when set, writes what load reads in place of the package's
	// Save (nearest neighbours: their settings without the rows).
	save func(m *Model, w io.Writer) error
}

// families lists every model family, in the order the catalog offers them.
func families() []family {
	return []family{
		mlpFamily(),
		logisticFamily(),
		knnFamily(),
		treeFamily(),
		bayesFamily(),
		cnnFamily(),
		textNBFamily(),
		ngramFamily(),
		charlmFamily(),
		linearFamily(),
		polyFamily(),
	}
}

// runData is the data of one run, prepared for its family.
type runData struct {
	kind DataKind
	// train and test hold table data as the model sees it (standardized
	// when the family asks for it); raw holds the unscaled tables.
	train, test       *datasets.Table
	rawTrain, rawTest *datasets.Table
	scaler            *datasets.Scaler // nil when the features are not scaled
	// formula is the curve a regression set was made from, nil if unknown.
	formula func(x float64) float64
	// images holds the pictures of a run on an image set; rawTrain and
	// rawTest then hold their pixels as rows.
	images *imageData
	// title is the model family's name, for messages.
	title i18n.Text
	// text holds the texts of a run on a corpus.
	text *textData

	// rawVal is the validation part in the data's own units (the model's
	// answers about it come through Model.Predict); nil when the spec
	// holds none out.
	rawVal *datasets.Table
	// origTrain and origTest are a table's parts before the spec's
	// Attributes and Drop; columns turns such a table into the columns the
	// model sees. Nil for pictures and texts.
	origTrain, origTest *datasets.Table
	columns             func(*datasets.Table) (*datasets.Table, error)
	// weights holds a weight for every row of train (reweighting); nil
	// when every row counts the same.
	weights []float64
	// reversed is the reversed test set of a dataset with a shortcut, in
	// the data's own units and the model's columns (for pictures, their
	// pixels); shortcut names the shortcut. Nil and "" otherwise.
	reversed *datasets.Table
	shortcut string
}

// job trains one model on a run's data, one step at a time: an epoch for
// the networks, a split for a tree, the whole fit for models that learn in
// one go.
type job interface {
	// steps is the most steps the run takes.
	steps() int
	// step takes one step and returns its mean training loss, or NaN for
	// a model that has no loss to report.
	step(ctx context.Context) (float64, error)
	// finished reports whether training has nothing more to do, even
	// before steps() steps.
	finished() bool
	// measure scores the model as it is now on the training and test data.
	measure() Metrics
	// numParams counts the numbers the model has learned.
	numParams() int
	// model returns the model as it is now, for predictions.
	model() *Model
}

// Metrics are a model's scores after a step. A score that does not apply
// to the model's task is NaN.
type Metrics struct {
	Loss          float64 // mean training loss of the step, in nats
	TrainAccuracy float64 // share of training examples classified right, 0..1
	TestAccuracy  float64 // share of test examples classified right, 0..1
	TrainMSE      float64 // mean squared error on the training data, in the target's units squared
	TestMSE       float64 // mean squared error on the test data
	TrainR2       float64 // coefficient of determination on the training data
	TestR2        float64 // coefficient of determination on the test data
	TestLoss      float64 // mean loss on held-out text, in nats per token
}

// noMetrics returns Metrics with every score NaN.
func noMetrics() Metrics {
	n := math.NaN()
	return Metrics{n, n, n, n, n, n, n, n}
}

// series names the scores of Metrics in histories and messages, in order.
var series = []string{"loss", "train_accuracy", "test_accuracy", "train_mse", "test_mse", "train_r2", "test_r2", "test_loss"}

// values returns the scores of m in the order of series.
func (m Metrics) values() []float64 {
	return []float64{m.Loss, m.TrainAccuracy, m.TestAccuracy, m.TrainMSE, m.TestMSE, m.TrainR2, m.TestR2, m.TestLoss}
}

// Scores returns the scores of m that apply, by their names in series.
func (m Metrics) Scores() map[string]float64 {
	out := make(map[string]float64)
	for i, v := range m.values() {
		if !math.IsNaN(v) {
			out[series[i]] = v
		}
	}
	return out
}

// tableClassifier is what a classifier of table rows must do; rows come in
// the units the job trained on.
type tableClassifier interface {
	Probabilities(X [][]float64) [][]float64
}

// classifyMetrics scores a table classifier on both parts of the data.
func classifyMetrics(c interface {
	Predict(X [][]float64) []int
}, d *runData, loss float64) Metrics {
	m := noMetrics()
	if c == nil {
		return m
	}
	m.Loss = loss
	m.TrainAccuracy = accuracy(c.Predict(d.train.X), d.train.Y)
	m.TestAccuracy = accuracy(c.Predict(d.test.X), d.test.Y)
	return m
}

func accuracy(pred, y []int) float64 {
	if len(y) == 0 || len(pred) != len(y) {
		return math.NaN()
	}
	right := 0
	for i := range y {
		if pred[i] == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

// tableModel makes the Model of a table classifier trained on d.
func tableModel(c tableClassifier, d *runData) *Model {
	m := &Model{
		classify: c,
		scaler:   d.scaler,
		features: d.train.Features,
		classes:  d.train.Classes,
		titles:   d.rawTrain.ClassTitles(),
		title:    d.title,
	}
	if d.images != nil {
		m.upload = &d.images.upload
	}
	if d.text != nil {
		m.bag = d.text.bag
	}
	return m
}

// text is a shorthand for content in the three languages.
func text(kk, ru, en string) i18n.Text { return i18n.Text{KK: kk, RU: ru, EN: en} }

// loadTable makes the load hook of a table classifier's family from its
// package's Load.
func loadTable[T tableClassifier](read func(io.Reader) (T, error)) func(io.Reader, Values, *runData) (*Model, error) {
	return func(r io.Reader, _ Values, d *runData) (*Model, error) {
		c, err := read(r)
		if err != nil {
			return nil, err
		}
		return tableModel(c, d), nil
	}
}

// loadRegress makes the load hook of a regression family from its
// package's Load.
func loadRegress[T valuePredictor](read func(io.Reader) (T, error)) func(io.Reader, Values, *runData) (*Model, error) {
	return func(r io.Reader, _ Values, d *runData) (*Model, error) {
		p, err := read(r)
		if err != nil {
			return nil, err
		}
		return regressModel(p, d), nil
	}
}
