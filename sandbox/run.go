package sandbox

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
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
	Parameters int      // trainable numbers in the model
	TrainSize  int      // rows used for training
	TestSize   int      // rows held out for testing
	Features   []string // feature names
	Classes    []string // class names
	// ClassTitles says how to show each class, in every language.
	ClassTitles []i18n.Text
	Epochs      int // epochs the run will train for
}

// Progress reports one finished epoch.
type Progress struct {
	Epoch         int     // epochs done, from 1
	Epochs        int     // epochs asked for
	Loss          float64 // mean training cross-entropy of the epoch, in nats
	TrainAccuracy float64 // share of training rows classified right, 0..1
	TestAccuracy  float64 // share of test rows classified right, 0..1
	// History and Regions are set at most every RunOptions.PlotEvery, when
	// RunOptions.Plots is on; nil otherwise.
	History *History
	Regions *Regions
}

// Done reports the end of a run that was not an error.
type Done struct {
	Progress
	Stopped    bool    // ended early by a stop
	Seconds    float64 // wall time of the training, in seconds
	Parameters int     // trainable numbers in the model
}

// History holds the per-epoch numbers of a run so far; index i is epoch i+1.
// Its slices are never written after they are handed out.
type History struct {
	Loss          []float64
	TrainAccuracy []float64
	TestAccuracy  []float64
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
	// sends one for every epoch. The first and last epochs are always sent.
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

// classifier is what a trained model must do for a run and its predictions.
type classifier interface {
	Probabilities(X [][]float64) [][]float64
	Accuracy(X [][]float64, y []int) float64
	NumParams() int
}

// epochTrainer trains a classifier one pass over its data at a time.
type epochTrainer interface {
	Epoch(ctx context.Context) (meanLoss float64, err error)
}

// Model is a trained model together with what it needs to answer questions
// in the data's own units. It is safe for concurrent use once its run ended.
type Model struct {
	net      classifier
	scaler   datasets.Scaler
	features []string
	classes  []string
	titles   []i18n.Text
}

// Prediction is a model's answer for a list of points.
type Prediction struct {
	Labels        []int       // the most probable class of each point
	Classes       []string    // its name
	Titles        []i18n.Text // how to show it, in every language
	Probabilities [][]float64 // probability of every class, per point
}

// Predict classifies points given in the data's own units.
func (m *Model) Predict(points [][]float64) (Prediction, error) {
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
		xs[i] = m.scaler.Transform(p)
	}
	pr := Prediction{Probabilities: m.net.Probabilities(xs)}
	for _, row := range pr.Probabilities {
		k := argmax(row)
		pr.Labels = append(pr.Labels, k)
		pr.Classes = append(pr.Classes, m.classes[k])
		pr.Titles = append(pr.Titles, m.titles[k])
	}
	return pr, nil
}

// Features returns the names of the features the model takes, in order.
func (m *Model) Features() []string { return m.features }

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
			err = &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: panic in training: %v", r)}
		}
	}()
	if err := cat.Validate(spec); err != nil {
		return nil, Done{}, err
	}
	train, test, err := prepareData(spec)
	if err != nil {
		return nil, Done{}, err
	}
	scaler := datasets.FitScaler(train)
	trainS, testS := scaler.Apply(train), scaler.Apply(test)

	rng := rand.New(rand.NewPCG(uint64(spec.Model.Seed), 0x5eed))
	net, trainer, err := buildModel(spec.Model, trainS, rng)
	if err != nil {
		return nil, Done{}, err
	}
	model = &Model{net: net, scaler: scaler, features: train.Features, classes: train.Classes, titles: train.ClassTitles()}
	epochs := spec.Model.Epochs
	emit(Event{Type: EventStarted, Payload: Started{
		Parameters: net.NumParams(), TrainSize: train.Len(), TestSize: test.Len(),
		Features: train.Features, Classes: train.Classes, ClassTitles: model.titles, Epochs: epochs,
	}})

	var grid *gridMaker
	if opt.Plots && len(train.Features) == 2 {
		grid = newGridMaker(train, test, scaler, opt.GridSize)
	}
	var hist History
	start := time.Now()
	var lastProgress, lastPlot time.Time
	done.Epochs = epochs
	done.Parameters = net.NumParams()
	for epoch := 1; epoch <= epochs; epoch++ {
		loss, err := trainer.Epoch(ctx)
		if err != nil {
			done.Seconds = time.Since(start).Seconds()
			if errors.Is(context.Cause(ctx), ErrStopped) {
				done.Stopped = true
				if done.Epoch > 0 && grid != nil {
					done.History = snapshot(&hist)
					done.Regions = grid.make(net)
				}
				return model, done, nil
			}
			return nil, done, runError(ctx, err)
		}
		p := Progress{
			Epoch: epoch, Epochs: epochs, Loss: loss,
			TrainAccuracy: net.Accuracy(trainS.X, trainS.Y),
			TestAccuracy:  net.Accuracy(testS.X, testS.Y),
		}
		hist.Loss = append(hist.Loss, p.Loss)
		hist.TrainAccuracy = append(hist.TrainAccuracy, p.TrainAccuracy)
		hist.TestAccuracy = append(hist.TestAccuracy, p.TestAccuracy)
		done.Progress = p

		now := time.Now()
		if epoch == 1 || epoch == epochs || now.Sub(lastProgress) >= opt.ProgressEvery {
			lastProgress = now
			if opt.Plots && (epoch == 1 || now.Sub(lastPlot) >= opt.PlotEvery) {
				lastPlot = now
				p.History = snapshot(&hist)
				if grid != nil {
					p.Regions = grid.make(net)
				}
			}
			emit(Event{Type: EventProgress, Payload: p})
		}
	}
	done.Seconds = time.Since(start).Seconds()
	if opt.Plots {
		done.History = snapshot(&hist)
		if grid != nil {
			done.Regions = grid.make(net)
		}
	}
	return model, done, nil
}

// runError turns an error from a training epoch into an *Error.
func runError(ctx context.Context, err error) error {
	var div *mlp.DivergedError
	switch {
	case errors.As(err, &div):
		return &Error{Code: CodeDiverged, Err: err, Params: map[string]any{
			"epoch": div.Epoch, "lr": div.LearningRate, "suggest": smallerRate(div.LearningRate),
		}}
	case errors.Is(context.Cause(ctx), errShutdown):
		return &Error{Code: CodeShuttingDown, Err: err}
	case ctx.Err() != nil:
		return fmt.Errorf("sandbox: run cancelled: %w", err)
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

// snapshot returns a view of h that later appends do not change.
func snapshot(h *History) *History {
	n := len(h.Loss)
	return &History{Loss: h.Loss[:n:n], TrainAccuracy: h.TrainAccuracy[:n:n], TestAccuracy: h.TestAccuracy[:n:n]}
}

// prepareData returns the training and test tables of spec.
func prepareData(spec TrainSpec) (train, test *datasets.Table, err error) {
	t := spec.Table
	if t == nil {
		g, ok := datasets.Builtin(spec.Dataset.Name)
		if !ok {
			return nil, nil, errorf(CodeUnknownDataset, "dataset.name", map[string]any{"name": spec.Dataset.Name})
		}
		t, err = g.Generate(spec.Dataset.N, spec.Dataset.Noise, uint64(spec.Dataset.Seed))
		if err != nil {
			return nil, nil, &Error{Code: CodeBadField, Field: "dataset", Params: map[string]any{"label": "dataset"}, Err: err}
		}
	}
	if spec.TestTable != nil {
		if len(spec.TestTable.Features) != len(t.Features) {
			return nil, nil, fmt.Errorf("sandbox: the test data has %d feature columns, the training data %d", len(spec.TestTable.Features), len(t.Features))
		}
		return t, spec.TestTable, nil
	}
	rng := rand.New(rand.NewPCG(uint64(spec.Dataset.Seed), 0x5b1e7))
	train, test, err = t.Split(spec.TestSplit, rng)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: splitting %s: %w", t.Name, err)
	}
	return train, test, nil
}

// buildModel makes the model spec asks for, ready to train on train.
func buildModel(spec ModelSpec, train *datasets.Table, rng *rand.Rand) (classifier, epochTrainer, error) {
	cfg := mlp.Config{Inputs: len(train.Features), Classes: len(train.Classes)}
	switch spec.Name {
	case "mlp":
		act, err := mlp.ParseActivation(spec.Activation)
		if err != nil {
			return nil, nil, errorf(CodeBadChoice, "model.activation", map[string]any{"label": "activation", "choices": "relu, tanh, sigmoid"})
		}
		cfg.Hidden, cfg.Activation = spec.Hidden, act
	case "logistic":
		// Softmax regression is a network without hidden layers.
	default:
		return nil, nil, errorf(CodeUnknownModel, "model.name", map[string]any{"name": spec.Name})
	}
	opt, err := mlp.ParseOptimizer(spec.Optimizer)
	if err != nil {
		return nil, nil, errorf(CodeBadChoice, "model.optimizer", map[string]any{"label": "optimizer", "choices": "adam, sgd"})
	}
	net, err := mlp.New(cfg, rng)
	if err != nil {
		return nil, nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	tr, err := mlp.NewTrainer(net, train.X, train.Y, mlp.TrainConfig{Optimizer: opt, LearningRate: spec.LR, BatchSize: spec.Batch}, rng)
	if err != nil {
		return nil, nil, &Error{Code: CodeBadField, Field: "model", Params: map[string]any{"label": "model"}, Err: err}
	}
	return net, tr, nil
}

// gridMaker computes Regions for one run: the grid's points are fixed at
// the start, in the data's own units and already standardized for the model.
type gridMaker struct {
	r      Regions
	scaled [][]float64
}

func newGridMaker(train, test *datasets.Table, scaler datasets.Scaler, n int) *gridMaker {
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
	g.scaled = make([][]float64, 0, n*n)
	for r := range n {
		for c := range n {
			g.scaled = append(g.scaled, scaler.Transform([]float64{g.r.XMin + (float64(c)+0.5)*dx, g.r.YMin + (float64(r)+0.5)*dy}))
		}
	}
	return g
}

// make returns the current model's decision over the grid.
func (g *gridMaker) make(net classifier) *Regions {
	r := g.r
	probs := net.Probabilities(g.scaled)
	r.Class = make([]int, len(probs))
	r.Confidence = make([]float64, len(probs))
	for i, row := range probs {
		k := argmax(row)
		r.Class[i], r.Confidence[i] = k, row[k]
	}
	return &r
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
