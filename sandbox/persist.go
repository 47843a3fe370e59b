package sandbox

// Saved models: a trained model outlives the server. When a student's run
// ends, its model is saved (Catalog.SaveModel) into the run's RunRecord;
// when the engine restores a class, each student's session gets its kept
// runs back, and a run's model is loaded (Catalog.LoadModel) the first time
// it is asked something.
//
// What is saved is only what training learned: the family's own saved form
// (its package's Save, in the models envelope; nearest neighbours keep
// only their settings, their rows being the training part), inside a small envelope of
// ours that names the family and keeps the two numbers evaluation needs
// from the end of training. Everything else a Model holds (the scaler, the
// names of features and classes, the bag of words, the held-out parts and
// the model's answers on them) comes from the run's data, made again from
// its TrainSpec: the data is generated and split from the dataset's seed,
// so the same spec gives the same data, cheaply at these sizes.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"

	"github.com/aisandbox/aisandbox/models"
)

// savedRunKind and savedRunFormat label a saved run model in the models
// envelope. Format 1: savedRun.
const (
	savedRunKind   = "sandbox_run"
	savedRunFormat = 1
)

// savedRun is the saved form of a run's model.
type savedRun struct {
	// Family is the model family's name (TrainSpec.Model.Name).
	Family string `json:"family"`
	// Stopped says the run was stopped before its end.
	Stopped bool `json:"stopped,omitempty"`
	// TrainScore is the model's score on its training part when the run
	// ended (accuracy for a classifier, R² for a regression), which a
	// learning curve shows; nil when it was not a finite number or the
	// model is not evaluated (a language model).
	TrainScore *float64 `json:"train_score,omitempty"`
	// Model is the family's own saved form: its package's Save, or for
	// nearest neighbours, whose package saves every training row, only
	// their settings (see savedKNN).
	Model json.RawMessage `json:"model"`
}

// saver is what every model package's trained model can do.
type saver interface {
	Save(w io.Writer) error
}

// SaveModel writes the model of a run of spec as bytes for LoadModel: the
// family's saved form in a versioned envelope. A model trained on tables
// of the caller's own (TrainSpec.Table) is refused: LoadModel could not
// make its data again.
func (c Catalog) SaveModel(spec TrainSpec, m *Model) ([]byte, error) {
	if m == nil {
		return nil, errors.New("sandbox: saving a model: there is none")
	}
	if spec.Table != nil {
		return nil, errors.New("sandbox: saving a model: it was trained on tables that are not kept")
	}
	fam, ok := c.families[spec.Model.Name]
	if !ok || fam.load == nil {
		return nil, fmt.Errorf("sandbox: saving a model: family %q cannot be loaded back", spec.Model.Name)
	}
	var body bytes.Buffer
	if fam.save != nil {
		if err := fam.save(m, &body); err != nil {
			return nil, fmt.Errorf("sandbox: saving a %s model: %w", spec.Model.Name, err)
		}
	} else if err := saveInner(m, &body); err != nil {
		return nil, fmt.Errorf("sandbox: saving a %s model: %w", spec.Model.Name, err)
	}
	s := savedRun{Family: spec.Model.Name, Model: body.Bytes()}
	if m.ev != nil {
		s.Stopped = m.ev.stopped
		if m.ev.trainScore.Defined {
			v := m.ev.trainScore.Value
			s.TrainScore = &v
		}
	}
	var out bytes.Buffer
	if err := models.Save(&out, savedRunKind, savedRunFormat, s); err != nil {
		return nil, fmt.Errorf("sandbox: saving a %s model: %w", spec.Model.Name, err)
	}
	return out.Bytes(), nil
}

// LoadModel reads a model written by SaveModel for a run of spec: it makes
// the run's data again from spec, loads the family's model, and puts them
// together as the run did, so that the model answers, is evaluated and
// probed as before it was saved. A language model's draws start again from
// its seed. Bytes that are not a saved model, of an unknown format version
// (the error then wraps models.ErrVersion), of another family, or a model
// that does not fit the data spec makes, give an error.
func (c Catalog) LoadModel(spec TrainSpec, data []byte) (m *Model, err error) {
	defer func() {
		// A model that does not fit its data could index out of range
		// deep in its package: an error, not a crash of the server.
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("sandbox: loading a %s model: it does not fit the run's data: %v", spec.Model.Name, r)
		}
	}()
	var s savedRun
	if _, err := models.Load(bytes.NewReader(data), savedRunKind, savedRunFormat, &s); err != nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: %w", spec.Model.Name, err)
	}
	if s.Family != spec.Model.Name {
		return nil, fmt.Errorf("sandbox: loading a %s model: the bytes hold a %q model", spec.Model.Name, s.Family)
	}
	if err := c.Validate(spec); err != nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: its spec: %w", spec.Model.Name, err)
	}
	fam := c.families[spec.Model.Name]
	if fam.load == nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: the family cannot be loaded", spec.Model.Name)
	}
	d, err := prepareData(spec, fam.scaled, prepOptions{evaluation: true})
	if err != nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: making its data again: %w", spec.Model.Name, err)
	}
	d.title = fam.info.Title
	m, err = fam.load(bytes.NewReader(s.Model), spec.Model.Settings, d)
	if err != nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: %w", spec.Model.Name, err)
	}
	if m.classify != nil && len(d.rawTest.X) > 0 {
		if p := m.classify.Probabilities(m.scaleRows(d.rawTest.X[:1])); len(p) != 1 || len(p[0]) != len(m.classes) {
			return nil, fmt.Errorf("sandbox: loading a %s model: its answers do not fit the %d classes of the data", spec.Model.Name, len(m.classes))
		}
	}
	final := noMetrics()
	if s.TrainScore != nil {
		final.TrainAccuracy, final.TrainR2 = *s.TrainScore, *s.TrainScore
	}
	if err := m.keepForEvaluation(d, spec, fam, final, s.Stopped); err != nil {
		return nil, fmt.Errorf("sandbox: loading a %s model: %w", spec.Model.Name, err)
	}
	return m, nil
}

// scaleRows puts rows in the units the model was trained in.
func (m *Model) scaleRows(rows [][]float64) [][]float64 {
	out := make([][]float64, len(rows))
	for i, p := range rows {
		out[i] = m.scale(p)
	}
	return out
}

// saveInner writes the model m wraps with its package's Save.
func saveInner(m *Model, w io.Writer) error {
	var inner any
	switch {
	case m.classify != nil:
		inner = m.classify
	case m.regress != nil:
		inner = m.regress
	case m.gen != nil:
		inner = m.gen
	}
	sv, ok := inner.(saver)
	if !ok {
		return fmt.Errorf("the model (%T) cannot be saved", inner)
	}
	return sv.Save(w)
}

// decodeSpec reads a spec kept as JSON (RunRecord.Spec), giving every
// model setting the Go type its Setting takes.
func (c Catalog) decodeSpec(data []byte) (TrainSpec, error) {
	var spec TrainSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return TrainSpec{}, fmt.Errorf("sandbox: reading a kept spec: %w", err)
	}
	info, ok := c.Model(spec.Model.Name)
	if !ok {
		return TrainSpec{}, fmt.Errorf("sandbox: reading a kept spec: unknown model %q", spec.Model.Name)
	}
	for name, x := range spec.Model.Settings {
		st, ok := info.Setting(name)
		if !ok {
			return TrainSpec{}, fmt.Errorf("sandbox: reading a kept spec: model %s has no setting %q", spec.Model.Name, name)
		}
		v, err := st.Coerce("model."+name, x)
		if err != nil {
			return TrainSpec{}, fmt.Errorf("sandbox: reading a kept spec: %w", err)
		}
		spec.Model.Settings[name] = v
	}
	return spec, nil
}

// keptModel is the saved model of a run brought back from the store,
// loaded the first time it is asked for.
type keptModel struct {
	cat  Catalog
	spec TrainSpec
	once sync.Once
	data []byte // the saved bytes; dropped once loaded
	m    *Model
	err  error
	// log is told the outcome of the load, once.
	log func(err error, took time.Duration)
}

// model loads the model on the first call and returns it, or why it could
// not be loaded, on every call.
func (k *keptModel) model() (*Model, error) {
	k.once.Do(func() {
		start := time.Now()
		k.m, k.err = k.cat.LoadModel(k.spec, k.data)
		k.data = nil
		if k.log != nil {
			k.log(k.err, time.Since(start))
		}
	})
	return k.m, k.err
}

// saveRunModel returns the saved form of an ended run's model for its
// RunRecord, or nil when it has none or it cannot be saved (logged: the
// run's settings and scores are kept all the same).
func (e *Engine) saveRunModel(r *run) []byte {
	if r.model == nil || r.spec.Table != nil {
		return nil
	}
	b, err := e.catalog.SaveModel(r.spec, r.model)
	if err != nil {
		e.cfg.Logger.Error("saving a run's model", "run", r.id, "err", err)
		return nil
	}
	return b
}

// restoreRuns gives the session back the student's kept runs, the last
// Config.KeepRuns of those that ended, ordered by when they ended: their
// settings and results at once, their models when first asked for. recs
// are the student's runs.
func (s *Session) restoreRuns(recs []RunRecord) {
	var ended []RunRecord
	for _, rec := range recs {
		switch rec.Status {
		case RunDone, RunStopped, RunFailed:
			ended = append(ended, rec)
		}
	}
	if n := len(ended) - s.e.cfg.KeepRuns; n > 0 {
		ended = ended[n:]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rec := range ended {
		spec, err := s.e.catalog.decodeSpec(rec.Spec)
		if err != nil {
			s.e.cfg.Logger.Error("restoring a run: its spec does not read", "run", rec.RunID, "err", err)
			continue
		}
		r := &run{id: rec.RunID, spec: spec, submitted: rec.Started, ended: make(chan struct{}), status: rec.Status, at: rec.Ended}
		close(r.ended)
		r.cancel = func(error) {}
		var res RunResult
		if len(rec.Result) > 0 && json.Unmarshal(rec.Result, &res) != nil {
			s.e.cfg.Logger.Error("restoring a run: its result does not read", "run", rec.RunID)
		}
		if res.Error != "" {
			r.err = &Error{Code: res.Error}
		} else {
			r.done = doneOf(res)
		}
		if len(rec.Model) > 0 {
			id, logger := rec.RunID, s.e.cfg.Logger
			r.kept = &keptModel{cat: s.e.catalog, spec: spec, data: rec.Model, log: func(err error, took time.Duration) {
				if err != nil {
					logger.Error("loading a kept run's model", "run", id, "err", err)
					return
				}
				logger.Debug("loaded a kept run's model", "run", id, "model", spec.Model.Name, "ms", took.Milliseconds())
			}}
		}
		s.forget(r.id)
		s.runs[r.id] = r
		s.ended = append(s.ended, r.id)
	}
	s.trim()
}

// doneOf makes the Done of a kept result: its numbers without the plots.
func doneOf(res RunResult) *Done {
	m := noMetrics()
	vals := []*float64{&m.Loss, &m.TrainAccuracy, &m.TestAccuracy, &m.TrainMSE, &m.TestMSE, &m.TrainR2, &m.TestR2, &m.TestLoss}
	for i, name := range series {
		if v, ok := res.Scores[name]; ok && !math.IsNaN(v) {
			*vals[i] = v
		}
	}
	return &Done{
		Progress: Progress{Epoch: res.Epoch, Epochs: res.Epochs, Metrics: m},
		Stopped:  res.Stopped, Seconds: res.Seconds, Parameters: res.Parameters,
	}
}

// loadedModel returns the model of a run brought back from the store,
// loading it on first use; an *Error with CodeNotReady when it does not
// load (why is logged, once).
func (s *Session) loadedModel(r *run) (*Model, error) {
	m, err := r.kept.model()
	if err != nil {
		return nil, &Error{Code: CodeNotReady, Field: "run", Params: map[string]any{"run": r.id}, Err: err}
	}
	return m, nil
}
