package sandbox

// Internal tests: they put a loaded model and the model it was saved from
// side by side in one session, to ask both through every Session method.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/models"
)

// persistEngine returns an engine that logs nothing, shut down when the test
// ends.
func persistEngine(t *testing.T, cfg Config) *Engine {
	t.Helper()
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	e := New(cfg)
	t.Cleanup(func() {
		if err := e.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return e
}

// keptRecord is the RunRecord a class keeps of a run of spec that ended
// with done and model m, as runEnded writes it.
func keptRecord(t *testing.T, e *Engine, id string, spec TrainSpec, done Done, m *Model) RunRecord {
	t.Helper()
	r := &run{id: id, spec: spec, model: m, done: &done, status: RunDone, ended: make(chan struct{})}
	close(r.ended)
	rec := runRecord("class", "student", r)
	rec.Model = e.saveRunModel(r)
	if rec.Model == nil {
		t.Fatalf("%s: no model saved", spec.Model.Name)
	}
	return rec
}

// drawing is a data URL of a 24×24 PNG with a bright diagonal stroke on
// black, as a student might draw.
func drawing(t *testing.T) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 24, 24))
	for i := 4; i < 20; i++ {
		img.SetGray(i, i, color.Gray{Y: 255})
		img.SetGray(i+1, i, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// jsonOf encodes v for comparing.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPersistEveryFamily trains a model of every family, saves it as a
// class keeps it, brings the run back into a session as Restore does, and
// asks the loaded model and the original the same questions: the answers
// must be identical, to the last bit.
func TestPersistEveryFamily(t *testing.T) {
	e := persistEngine(t, Config{})
	cat := e.Catalog()
	cases := []struct {
		model, dataset string
		n              int            // dataset size; 0 = the default
		settings       map[string]any // changed from the defaults
		change         func(*TrainSpec)
		probe          *ProbeSpec
		text           bool // a text classifier: PredictText
		image          bool // a picture classifier: PredictImage
		generate       bool // a language model: Generate
	}{
		{model: "mlp", dataset: "moons", settings: map[string]any{"epochs": 20}},
		{model: "mlp", dataset: "sine", settings: map[string]any{"epochs": 20, "activation": "tanh"},
			probe: &ProbeSpec{Kind: ProbeExtrapolate}},
		{model: "mlp", dataset: "digits", n: 600, settings: map[string]any{"epochs": 2, "hidden": []int{16}}, image: true},
		// Attributes, a validation part and a mitigation: the data made
		// again must be the same rows in the same columns and weights.
		{model: "logistic", dataset: "hiring", n: 400, settings: map[string]any{"epochs": 10},
			change: func(s *TrainSpec) {
				s.Attributes, s.ValidationSplit = []string{"home"}, 0.2
				s.Mitigation, s.MitigateBy = MitigateResample, "home"
			},
			probe: &ProbeSpec{Kind: ProbeAttribute, Attribute: "home"}},
		{model: "logistic", dataset: "sentiment-en", settings: map[string]any{"epochs": 5}, text: true},
		{model: "knn", dataset: "moons"},
		// Nearest neighbours' rows are their training part, made again
		// when loading, not saved (knn.Classifier.Save wrote 17.8 MB for
		// the default 5,000 digits, read back in 4.2 s).
		{model: "knn", dataset: "digits", n: 1000, image: true},
		{model: "tree", dataset: "moons"},
		{model: "bayes", dataset: "blobs"},
		{model: "cnn", dataset: "digits", n: 300, settings: map[string]any{"epochs": 1, "filters": []int{4}}, image: true},
		{model: "textnb", dataset: "sentiment-kk", text: true},
		{model: "ngram", dataset: "facts-en", generate: true},
		{model: "charlm", dataset: "names-kk", settings: map[string]any{"epochs": 2}, generate: true},
		{model: "linear", dataset: "sine"},
		{model: "poly", dataset: "cubic", probe: &ProbeSpec{Kind: ProbeExtrapolate}},
	}
	for _, c := range cases {
		t.Run(c.model+"/"+c.dataset, func(t *testing.T) {
			spec := cat.Defaults(c.model, c.dataset)
			if c.n > 0 {
				spec.Dataset.N = c.n
			}
			for k, v := range c.settings {
				spec.Model.Settings[k] = v
			}
			if c.change != nil {
				c.change(&spec)
			}
			m, done, err := Train(context.Background(), cat, spec, RunOptions{}, func(Event) {})
			if err != nil {
				t.Fatal(err)
			}
			rec := keptRecord(t, e, "kept", spec, done, m)

			s := e.NewSession()
			defer s.Close()
			s.restoreRuns([]RunRecord{rec})
			orig := &run{id: "orig", spec: spec, model: m, done: &done, status: RunDone, ended: make(chan struct{})}
			close(orig.ended)
			s.mu.Lock()
			s.runs["orig"] = orig
			s.mu.Unlock()

			start := time.Now()
			loaded, err := s.endedModel("kept")
			if err != nil {
				t.Fatalf("loading: %v", err)
			}
			t.Logf("%d bytes saved, loaded in %v", len(rec.Model), time.Since(start).Round(time.Millisecond))
			if loaded == m {
				t.Fatal("the session gave the original model back")
			}
			info := s.Runs()
			if len(info) != 2 || info[0].ID != "kept" || info[0].Status != RunDone || info[0].Done == nil ||
				info[0].Done.Epoch != done.Epoch || jsonOf(t, info[0].Done.Metrics.Scores()) != jsonOf(t, done.Metrics.Scores()) {
				t.Errorf("the kept run as listed: %+v", info)
			}

			same := func(what string, a, b any, errA, errB error) {
				t.Helper()
				if errA != nil || errB != nil {
					t.Fatalf("%s: %v / %v", what, errA, errB)
				}
				if ja, jb := jsonOf(t, a), jsonOf(t, b); ja != jb {
					t.Errorf("%s differs after loading:\n original %.300s\n   loaded %.300s", what, ja, jb)
				}
			}
			if m.ev != nil {
				// The test points, in the data's own units.
				pts := m.ev.test.X
				if len(pts) == 0 {
					t.Fatal("no test points")
				}
				a, errA := s.Predict("orig", pts)
				b, errB := s.Predict("kept", pts)
				same("predictions on the test points", a, b, errA, errB)
				ea, errA := s.Evaluate("orig", EvalOptions{})
				eb, errB := s.Evaluate("kept", EvalOptions{})
				same("the evaluation", ea, eb, errA, errB)
				if ea.Test == nil && ea.Regression == nil {
					t.Errorf("the evaluation scored nothing: %+v", ea)
				}
				if m.ev.trainScore != loaded.ev.trainScore || m.ev.stopped != loaded.ev.stopped {
					t.Errorf("training score %+v, stopped %v after loading; was %+v, %v",
						loaded.ev.trainScore, loaded.ev.stopped, m.ev.trainScore, m.ev.stopped)
				}
			}
			if c.probe != nil {
				pa, errA := s.Probe("orig", *c.probe)
				pb, errB := s.Probe("kept", *c.probe)
				same("the probe", pa, pb, errA, errB)
			}
			if c.text {
				const txt = "Бүгін керемет, өте жақсы күн! A very good day, but the film was bad."
				a, errA := s.PredictText("orig", txt)
				b, errB := s.PredictText("kept", txt)
				same("a text's prediction", a, b, errA, errB)
			}
			if c.image {
				url := drawing(t)
				a, errA := s.PredictImage("orig", url)
				b, errB := s.PredictImage("kept", url)
				same("a drawing's prediction", a, b, errA, errB)
			}
			if c.generate {
				// Both models draw from their seed afresh.
				a, errA := s.Generate("orig", "", 1, 0, 30, 3)
				b, errB := s.Generate("kept", "", 1, 0, 30, 3)
				same("generated texts", a, b, errA, errB)
				if len(a) != 3 || a[0] == "" {
					t.Errorf("generated %q", a)
				}
			}
		})
	}
}

// TestPersistBadBytes: bytes that are not a saved model, of a format
// version this program does not know, or of another family, give a clear
// error; the run still comes back with its results.
func TestPersistBadBytes(t *testing.T) {
	e := persistEngine(t, Config{})
	cat := e.Catalog()
	spec := cat.Defaults("knn", "moons")
	m, done, err := Train(context.Background(), cat, spec, RunOptions{}, func(Event) {})
	if err != nil {
		t.Fatal(err)
	}
	good := keptRecord(t, e, "r", spec, done, m)
	var env map[string]any
	if err := json.Unmarshal(good.Model, &env); err != nil {
		t.Fatal(err)
	}
	env["version"] = 99
	newer, _ := json.Marshal(env)
	env["version"] = 1
	env["model"].(map[string]any)["family"] = "tree"
	other, _ := json.Marshal(env)

	cases := []struct {
		name  string
		bytes []byte
		want  string // in the error
		is    error  // wrapped, when not nil
	}{
		{"corrupt", good.Model[:len(good.Model)/2], "not a saved AI Sandbox model", nil},
		{"garbage", []byte("\x00\x01 not json"), "not a saved AI Sandbox model", nil},
		{"newer version", newer, "format version 99", models.ErrVersion},
		{"another family", other, `hold a "tree" model`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := cat.LoadModel(spec, c.bytes); err == nil || !strings.Contains(err.Error(), c.want) ||
				(c.is != nil && !errors.Is(err, c.is)) {
				t.Errorf("LoadModel: %v; want an error saying %q", err, c.want)
			}
			rec := good
			rec.Model = c.bytes
			s := e.NewSession()
			defer s.Close()
			s.restoreRuns([]RunRecord{rec})
			info := s.Runs()
			if len(info) != 1 || info[0].Done == nil || info[0].Done.TestAccuracy != done.TestAccuracy {
				t.Fatalf("the run with a bad model came back as %+v", info)
			}
			_, err := s.Predict("r", [][]float64{{0, 0}})
			var se *Error
			if !errors.As(err, &se) || se.Code != CodeNotReady || !strings.Contains(err.Error(), c.want) {
				t.Errorf("predict with a bad model: %v; want not_ready saying %q", err, c.want)
			}
		})
	}
}

// endOf returns an emit function and a channel that gets the run's last
// event.
func endOf() (func(Event), chan Event) {
	end := make(chan Event, 1)
	return func(ev Event) {
		if ev.Type == EventDone || ev.Type == EventError {
			end <- ev
		}
	}, end
}

// TestPersistClassRestart: a student trains, the server restarts on the
// same store, the student rejoins with their token and asks the old run:
// the answers are the ones they had before.
func TestPersistClassRestart(t *testing.T) {
	store := NewMemoryStore()
	e1 := persistEngine(t, Config{Store: store, KeepRuns: 2})
	if err := e1.Restore(t.Context()); err != nil {
		t.Fatal(err)
	}
	c, _, err := e1.OpenClass(t.Context(), ClassOptions{Title: "8C", KeepDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, token, err := c.Join(t.Context(), "Aru")
	if err != nil {
		t.Fatal(err)
	}
	sp := e1.Catalog().Defaults("mlp", "moons")
	sp.Model.Settings["epochs"] = 30
	txt := e1.Catalog().Defaults("textnb", "sentiment-ru")
	// Three runs: with KeepRuns 2, the first is kept in the results only.
	for _, r := range []struct {
		id   string
		spec TrainSpec
	}{{"old", sp}, {"moons", sp}, {"text", txt}} {
		emit, end := endOf()
		if err := st.Session().Train(r.id, r.spec, emit); err != nil {
			t.Fatal(err)
		}
		select {
		case ev := <-end:
			if ev.Type != EventDone {
				t.Fatalf("run %s: %+v", r.id, ev.Payload)
			}
		case <-time.After(time.Minute):
			t.Fatalf("run %s did not end", r.id)
		}
	}
	points := [][]float64{{0, 0}, {1, -0.5}, {-1, 1}, {2, 0.5}}
	before, err := st.Session().Predict("moons", points)
	if err != nil {
		t.Fatal(err)
	}
	evBefore, err := st.Session().Evaluate("moons", EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const review = "Фильм отличный, очень понравился"
	textBefore, err := st.Session().PredictText("text", review)
	if err != nil {
		t.Fatal(err)
	}

	// The server restarts: a new engine on the same store.
	e2 := persistEngine(t, Config{Store: store, KeepRuns: 2})
	if err := e2.Restore(t.Context()); err != nil {
		t.Fatal(err)
	}
	st2, err := e2.Rejoin(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	s2 := st2.Session()
	var ids []string
	for _, r := range s2.Runs() {
		ids = append(ids, r.ID)
		if r.Status != RunDone || r.Done == nil {
			t.Errorf("run %s came back %s with %+v", r.ID, r.Status, r.Done)
		}
	}
	if !reflect.DeepEqual(ids, []string{"moons", "text"}) {
		t.Errorf("the session came back with runs %v, want the last two", ids)
	}
	start := time.Now()
	after, err := s2.Predict("moons", points)
	if err != nil {
		t.Fatalf("predict after the restart: %v", err)
	}
	t.Logf("the first prediction after the restart loaded the model in %v", time.Since(start).Round(time.Millisecond))
	if jsonOf(t, after) != jsonOf(t, before) {
		t.Errorf("after the restart %+v, before %+v", after, before)
	}
	evAfter, err := s2.Evaluate("moons", EvalOptions{})
	if err != nil || jsonOf(t, evAfter) != jsonOf(t, evBefore) {
		t.Errorf("evaluation after the restart differs (%v)", err)
	}
	textAfter, err := s2.PredictText("text", review)
	if err != nil || jsonOf(t, textAfter) != jsonOf(t, textBefore) {
		t.Errorf("text after the restart %+v (%v), before %+v", textAfter, err, textBefore)
	}
	if _, err := s2.Predict("old", points); ErrorCode(err) != CodeUnknownRun {
		t.Errorf("the run beyond KeepRuns: %v, want unknown_run", err)
	}
	res, err := st2.Results(t.Context())
	if err != nil || len(res) != 3 {
		t.Errorf("results after the restart: %d (%v), want all 3", len(res), err)
	}
	// A new run with the id of a kept one replaces it.
	emit, end := endOf()
	sp.Model.Settings["epochs"] = 5
	if err := s2.Train("moons", sp, emit); err != nil {
		t.Fatal(err)
	}
	if ev := <-end; ev.Type != EventDone {
		t.Fatalf("a new run after the restart: %+v", ev.Payload)
	}
	if p, err := s2.Predict("moons", points); err != nil || len(p.Labels) != len(points) {
		t.Errorf("the new run: %+v, %v", p, err)
	}
}
