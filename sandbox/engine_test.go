package sandbox_test

import (
	"errors"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/models/tokenize"
	"github.com/aisandbox/aisandbox/sandbox"
)

// recorder collects a run's events and signals its end.
type recorder struct {
	mu     sync.Mutex
	events []sandbox.Event
	end    chan sandbox.Event
	first  chan struct{} // closed at the first progress event
	once   sync.Once
}

func newRecorder() *recorder {
	return &recorder{end: make(chan sandbox.Event, 1), first: make(chan struct{})}
}

func (r *recorder) emit(ev sandbox.Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	switch ev.Type {
	case sandbox.EventProgress:
		r.once.Do(func() { close(r.first) })
	case sandbox.EventDone, sandbox.EventError:
		r.end <- ev
	}
}

func (r *recorder) wait(t *testing.T) sandbox.Event {
	t.Helper()
	select {
	case ev := <-r.end:
		return ev
	case <-time.After(60 * time.Second):
		t.Fatal("run did not end within a minute")
	}
	return sandbox.Event{}
}

func spec(e *sandbox.Engine, model, dataset string, epochs int) sandbox.TrainSpec {
	s := e.Catalog().Defaults(model, dataset)
	s.Model.Settings["epochs"] = epochs
	return s
}

func TestSessionTrainsAndPredicts(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	defer s.Close()
	rec := newRecorder()
	if err := s.Train("r1", spec(e, "mlp", "moons", 60), rec.emit); err != nil {
		t.Fatal(err)
	}
	end := rec.wait(t)
	if end.Type != sandbox.EventDone || end.Run != "r1" {
		t.Fatalf("run ended with %+v, want done of r1", end)
	}
	done := end.Payload.(sandbox.Done)
	if done.Stopped || done.Epoch != 60 || done.TestAccuracy < 0.95 {
		t.Errorf("done = %+v, want 60 epochs and test accuracy >= 0.95", done.Progress)
	}
	if done.History == nil || len(done.History.Series["loss"]) != 60 || done.Regions == nil {
		t.Fatalf("done lacks its history or regions: %+v", done)
	}
	if n := done.Regions.N; len(done.Regions.Class) != n*n || len(done.Regions.Points) != 1000 {
		t.Errorf("regions: %d cells for N=%d, %d points", len(done.Regions.Class), n, len(done.Regions.Points))
	}
	if rec.events[0].Type != sandbox.EventStarted {
		t.Errorf("first event is %s, want started", rec.events[0].Type)
	}
	st := rec.events[0].Payload.(sandbox.Started)
	if st.TrainSize != 700 || st.TestSize != 300 || st.Parameters != 2*16+16+16*16+16+16*2+2 {
		t.Errorf("started = %+v", st)
	}
	// Moons: class A lies on the upper arc around (0, 0.9), class B on the
	// lower arc around (1, -0.4) (datasets.Moons).
	p, err := s.Predict("r1", [][]float64{{0, 0.9}, {1, -0.4}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Classes[0] != "A" || p.Classes[1] != "B" {
		t.Errorf("predicted %v, want [A B]", p.Classes)
	}
	for _, row := range p.Probabilities {
		if s := row[0] + row[1]; s < 0.999 || s > 1.001 {
			t.Errorf("probabilities %v do not sum to 1", row)
		}
	}
}

func TestSameSeedSameRun(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	losses := func() []float64 {
		s := e.NewSession()
		defer s.Close()
		rec := newRecorder()
		if err := s.Train("r", spec(e, "mlp", "spiral", 20), rec.emit); err != nil {
			t.Fatal(err)
		}
		return rec.wait(t).Payload.(sandbox.Done).History.Series["loss"]
	}
	a, b := losses(), losses()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("epoch %d: loss %v then %v with the same seed", i+1, a[i], b[i])
		}
	}
}

func TestStopKeepsTheModel(t *testing.T) {
	e := sandbox.New(sandbox.Config{ProgressEvery: time.Millisecond})
	s := e.NewSession()
	defer s.Close()
	rec := newRecorder()
	if err := s.Train("r1", spec(e, "mlp", "moons", 2000), rec.emit); err != nil {
		t.Fatal(err)
	}
	<-rec.first
	if err := s.Stop("r1", rec.emit); err != nil {
		t.Fatal(err)
	}
	end := rec.wait(t)
	done, ok := end.Payload.(sandbox.Done)
	if !ok || !done.Stopped || done.Epoch >= 2000 {
		t.Fatalf("after stop: %+v, want a stopped done", end)
	}
	if _, err := s.Predict("r1", [][]float64{{0, 0}}); err != nil {
		t.Errorf("predict after stop: %v", err)
	}
	// Stopping again repeats the done.
	if err := s.Stop("r1", rec.emit); err != nil {
		t.Fatal(err)
	}
	if again := rec.wait(t).Payload.(sandbox.Done); !again.Stopped || again.Epoch != done.Epoch {
		t.Errorf("second stop gave %+v", again.Progress)
	}
}

func TestSessionLimitsAndErrors(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	defer s.Close()
	rec := newRecorder()
	if err := s.Train("long", spec(e, "mlp", "moons", 2000), rec.emit); err != nil {
		t.Fatal(err)
	}
	codeOf := func(err error) string {
		var se *sandbox.Error
		if !errors.As(err, &se) {
			t.Fatalf("error %v (%T) is not a *sandbox.Error", err, err)
		}
		return se.Code
	}
	if c := codeOf(s.Train("long", spec(e, "mlp", "moons", 10), rec.emit)); c != sandbox.CodeRunExists {
		t.Errorf("same id again: %s, want run_exists", c)
	}
	if c := codeOf(s.Train("other", spec(e, "mlp", "moons", 10), rec.emit)); c != sandbox.CodeTooManyRuns {
		t.Errorf("second run: %s, want too_many_runs", c)
	}
	if c := codeOf(func() error { _, err := s.Predict("long", [][]float64{{0, 0}}); return err }()); c != sandbox.CodeNotReady {
		t.Errorf("predict while training: %s, want not_ready", c)
	}
	if c := codeOf(func() error { _, err := s.Predict("nope", [][]float64{{0, 0}}); return err }()); c != sandbox.CodeUnknownRun {
		t.Errorf("predict unknown run: %s, want unknown_run", c)
	}
	if c := codeOf(s.Stop("nope", rec.emit)); c != sandbox.CodeUnknownRun {
		t.Errorf("stop unknown run: %s, want unknown_run", c)
	}
	<-rec.first
	if err := s.Stop("long", rec.emit); err != nil {
		t.Fatal(err)
	}
	rec.wait(t)
	if c := codeOf(func() error { _, err := s.Predict("long", [][]float64{{0, 0, 0}}); return err }()); c != sandbox.CodeBadField {
		t.Errorf("predict with 3 features: %s, want bad_field", c)
	}
}

func TestValidate(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	cases := []struct {
		name   string
		change func(*sandbox.TrainSpec)
		code   string
		field  string
	}{
		{"defaults", func(*sandbox.TrainSpec) {}, "", ""},
		{"lr zero", func(s *sandbox.TrainSpec) { s.Model.Settings["lr"] = 0.0 }, sandbox.CodeOutOfRange, "model.lr"},
		{"lr huge", func(s *sandbox.TrainSpec) { s.Model.Settings["lr"] = 11.0 }, sandbox.CodeOutOfRange, "model.lr"},
		{"epochs", func(s *sandbox.TrainSpec) { s.Model.Settings["epochs"] = 2001 }, sandbox.CodeOutOfRange, "model.epochs"},
		{"batch", func(s *sandbox.TrainSpec) { s.Model.Settings["batch"] = 0 }, sandbox.CodeOutOfRange, "model.batch"},
		{"no layers", func(s *sandbox.TrainSpec) { s.Model.Settings["hidden"] = []int{} }, sandbox.CodeOutOfRange, "model.hidden"},
		{"five layers", func(s *sandbox.TrainSpec) { s.Model.Settings["hidden"] = []int{2, 2, 2, 2, 2} }, sandbox.CodeOutOfRange, "model.hidden"},
		{"wide layer", func(s *sandbox.TrainSpec) { s.Model.Settings["hidden"] = []int{8, 65} }, sandbox.CodeOutOfRange, "model.hidden[1]"},
		{"activation", func(s *sandbox.TrainSpec) { s.Model.Settings["activation"] = "softplus" }, sandbox.CodeBadChoice, "model.activation"},
		{"optimizer", func(s *sandbox.TrainSpec) { s.Model.Settings["optimizer"] = "rmsprop" }, sandbox.CodeBadChoice, "model.optimizer"},
		{"model", func(s *sandbox.TrainSpec) { s.Model.Name = "gpt" }, sandbox.CodeUnknownModel, "model.name"},
		{"dataset", func(s *sandbox.TrainSpec) { s.Dataset.Name = "mnist" }, sandbox.CodeUnknownDataset, "dataset.name"},
		{"points", func(s *sandbox.TrainSpec) { s.Dataset.N = 9 }, sandbox.CodeOutOfRange, "dataset.n"},
		{"noise", func(s *sandbox.TrainSpec) { s.Dataset.Noise = -0.1 }, sandbox.CodeOutOfRange, "dataset.noise"},
		{"split", func(s *sandbox.TrainSpec) { s.TestSplit = 0.95 }, sandbox.CodeOutOfRange, "test_split"},
		{"seed", func(s *sandbox.TrainSpec) { s.Model.Settings["seed"] = -1 }, sandbox.CodeOutOfRange, "model.seed"},
		{"lr not a number", func(s *sandbox.TrainSpec) { s.Model.Settings["lr"] = "fast" }, sandbox.CodeBadField, "model.lr"},
		{"unknown setting", func(s *sandbox.TrainSpec) { s.Model.Settings["dropout"] = 0.5 }, sandbox.CodeBadField, "model.dropout"},
		{"missing setting", func(s *sandbox.TrainSpec) { delete(s.Model.Settings, "epochs") }, sandbox.CodeMissingField, "model.epochs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := cat.Defaults("mlp", "moons")
			c.change(&s)
			err := cat.Validate(s)
			if c.code == "" {
				if err != nil {
					t.Fatalf("valid spec refused: %v", err)
				}
				return
			}
			var se *sandbox.Error
			if !errors.As(err, &se) || se.Code != c.code || se.Field != c.field {
				t.Fatalf("got %v, want %s on %s", err, c.code, c.field)
			}
		})
	}
}

func TestDivergenceIsAnError(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	defer s.Close()
	sp := spec(e, "mlp", "spiral", 100)
	sp.Model.Settings["hidden"] = []int{64, 64, 64, 64}
	sp.Model.Settings["optimizer"], sp.Model.Settings["lr"] = "sgd", 10.0
	rec := newRecorder()
	if err := s.Train("r", sp, rec.emit); err != nil {
		t.Fatal(err)
	}
	end := rec.wait(t)
	se, ok := end.Payload.(*sandbox.Error)
	if !ok || se.Code != sandbox.CodeDiverged {
		t.Fatalf("ended with %+v, want a diverged error", end)
	}
	if se.Params["suggest"] != 1.0 {
		t.Errorf("suggested learning rate %v, want 1 for lr 10", se.Params["suggest"])
	}
}

func TestCloseCancelsRuns(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	rec := newRecorder()
	if err := s.Train("r", spec(e, "mlp", "moons", 2000), rec.emit); err != nil {
		t.Fatal(err)
	}
	<-rec.first
	start := time.Now()
	s.Close() // returns once the run has ended
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case ev := <-rec.end:
		t.Errorf("a closed session's run still reported %s", ev.Type)
	default:
	}
}

func TestShutdownEndsRunsWithAnError(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	rec := newRecorder()
	if err := s.Train("r", spec(e, "mlp", "moons", 2000), rec.emit); err != nil {
		t.Fatal(err)
	}
	<-rec.first
	if err := e.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	end := rec.wait(t)
	if se, ok := end.Payload.(*sandbox.Error); !ok || se.Code != sandbox.CodeShuttingDown {
		t.Fatalf("ended with %+v, want shutting_down", end)
	}
}

func TestRegressionFamilies(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	cases := []struct {
		model, dataset string
		settings       map[string]any
		minR2, maxR2   float64
	}{
		// Degree 3 is the true shape of the cubic set: near-perfect apart
		// from the noise (sd 0.3 on a curve spanning about ±4).
		{"poly", "cubic", map[string]any{"degree": 3}, 0.95, 1},
		// A straight line cannot follow a sine wave over [-3, 3].
		{"linear", "sine", nil, 0, 0.8},
		{"mlp", "sine", map[string]any{"activation": "tanh", "epochs": 300}, 0.9, 1},
	}
	for _, c := range cases {
		t.Run(c.model+"/"+c.dataset, func(t *testing.T) {
			s := e.NewSession()
			defer s.Close()
			sp := e.Catalog().Defaults(c.model, c.dataset)
			for k, v := range c.settings {
				sp.Model.Settings[k] = v
			}
			rec := newRecorder()
			if err := s.Train("r", sp, rec.emit); err != nil {
				t.Fatal(err)
			}
			end := rec.wait(t)
			done, ok := end.Payload.(sandbox.Done)
			if !ok {
				t.Fatalf("run ended with %+v", end.Payload)
			}
			if done.TestR2 < c.minR2 || done.TestR2 > c.maxR2 {
				t.Errorf("test R² = %.3f, want %.2f..%.2f", done.TestR2, c.minR2, c.maxR2)
			}
			if done.Curve == nil || len(done.Curve.Model) != len(done.Curve.X) || done.Curve.Truth == nil {
				t.Fatalf("done lacks the model's curve and the formula: %+v", done.Curve)
			}
			dlo, dhi := slices.Min(done.Curve.Points), slices.Max(done.Curve.Points)
			span := dhi - dlo
			if lo, hi := done.Curve.X[0], done.Curve.X[len(done.Curve.X)-1]; lo > dlo-0.4*span || hi < dhi+0.4*span {
				t.Errorf("the curve spans %.1f..%.1f, the data %.1f..%.1f: it should reach well beyond the data", lo, hi, dlo, dhi)
			}
			p, err := s.Predict("r", [][]float64{{0.5}})
			if err != nil || len(p.Values) != 1 {
				t.Fatalf("predict: %+v, %v", p, err)
			}
		})
	}
}

func TestRegressionModelsRefuseClassification(t *testing.T) {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	for _, c := range [][2]string{{"poly", "moons"}, {"logistic", "sine"}} {
		err := cat.Validate(cat.Defaults(c[0], c[1]))
		var se *sandbox.Error
		if !errors.As(err, &se) || se.Code != sandbox.CodeIncompatible {
			t.Errorf("%s on %s: %v, want incompatible", c[0], c[1], err)
		}
	}
}

func TestClassicFamilies(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	for _, c := range []struct {
		model, dataset string
		min            float64
	}{
		{"knn", "moons", 0.95}, {"tree", "moons", 0.95}, {"bayes", "blobs", 0.9},
		// Naive Bayes assumes the features independent within a class:
		// on XOR that is exactly wrong.
		{"bayes", "xor", 0},
	} {
		t.Run(c.model+"/"+c.dataset, func(t *testing.T) {
			s := e.NewSession()
			defer s.Close()
			rec := newRecorder()
			if err := s.Train("r", e.Catalog().Defaults(c.model, c.dataset), rec.emit); err != nil {
				t.Fatal(err)
			}
			done, ok := rec.wait(t).Payload.(sandbox.Done)
			if !ok {
				t.Fatal("the run failed")
			}
			if done.TestAccuracy < c.min {
				t.Errorf("test accuracy %.3f, want ≥ %.2f", done.TestAccuracy, c.min)
			}
			if done.Regions == nil {
				t.Error("no decision regions")
			}
			if c.model == "tree" {
				if done.Tree == nil || len(done.Tree.Rules) < 2 || done.Epoch < 2 {
					t.Errorf("tree after %d splits with rules %+v", done.Epoch, done.Tree)
				}
			}
			if _, err := s.Predict("r", [][]float64{{0, 0}}); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestImagesTrainAndAnswerPictures(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	s := e.NewSession()
	defer s.Close()
	sp := e.Catalog().Defaults("mlp", "digits")
	sp.Dataset.N = 3000
	sp.Model.Settings["epochs"] = 15
	sp.Model.Settings["hidden"] = []int{32}
	rec := newRecorder()
	if err := s.Train("r", sp, rec.emit); err != nil {
		t.Fatal(err)
	}
	done, ok := rec.wait(t).Payload.(sandbox.Done)
	if !ok || done.TestAccuracy < 0.8 {
		t.Fatalf("digits with an MLP: %+v", done.Metrics)
	}
	if _, err := s.PredictImage("r", "data:image/png;base64,AAAA"); sandbox.ErrorCode(err) != sandbox.CodeBadImage {
		t.Errorf("a broken picture gave %v, want bad_image", err)
	}
}

func TestTokenizerViewCostsKazakhMore(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	// The facts corpora hold the same statements in each language.
	pieces := map[string]int{}
	for _, lang := range []string{"kk", "ru", "en"} {
		c, err := datasets.LoadCorpus("facts-" + lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range c.Texts {
			v, err := e.Tokenize(text)
			if err != nil {
				t.Fatal(err)
			}
			if v.Tokenizers[0].Kind != "bpe" {
				t.Fatalf("first tokenizer is %s", v.Tokenizers[0].Kind)
			}
			pieces[lang] += len(v.Tokenizers[0].Tokens)
		}
	}
	t.Logf("BPE pieces for the same 188 facts: %v", pieces)
	if pieces["kk"] <= pieces["en"] {
		t.Errorf("Kazakh %d pieces, English %d: want Kazakh cut into more", pieces["kk"], pieces["en"])
	}
}

// TestTokenizerViewEnglishBPE checks the view's BPE learned from English
// alone: it cuts the same facts in Kazakh and Russian into far more pieces
// than in English, as the tokenizers of large models trained mostly on
// English do.
func TestTokenizerViewEnglishBPE(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	pieces := map[string]int{}
	for _, lang := range []string{"kk", "ru", "en"} {
		c, err := datasets.LoadCorpus("facts-" + lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range c.Texts {
			v, err := e.Tokenize(text)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Tokenizers) != 4 || v.Tokenizers[1].Kind != "bpe_en" {
				t.Fatalf("tokenizers %v, want bpe, bpe_en, word, char", v.Tokenizers)
			}
			pieces[lang] += len(v.Tokenizers[1].Tokens)
			for _, tok := range v.Tokenizers[1].Tokens {
				if tok.ID == tokenize.UnkID {
					t.Fatalf("%s: %q has an unknown piece: the English-only BPE must still know every letter", lang, text)
				}
			}
		}
	}
	t.Logf("English-trained BPE pieces for the same 188 facts: %v", pieces)
	for _, lang := range []string{"kk", "ru"} {
		if float64(pieces[lang]) < 1.5*float64(pieces["en"]) {
			t.Errorf("%s %d pieces, English %d: want at least 1.5 times as many", lang, pieces[lang], pieces["en"])
		}
	}
}

func TestTextFamilies(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	for _, lang := range []string{"kk", "ru", "en"} {
		for _, model := range []string{"textnb", "logistic"} {
			t.Run(model+"/"+lang, func(t *testing.T) {
				s := e.NewSession()
				defer s.Close()
				sp := e.Catalog().Defaults(model, "sentiment-"+lang)
				if model == "logistic" {
					sp.Model.Settings["epochs"] = 30
				}
				rec := newRecorder()
				if err := s.Train("r", sp, rec.emit); err != nil {
					t.Fatal(err)
				}
				done, ok := rec.wait(t).Payload.(sandbox.Done)
				if !ok {
					t.Fatal("the run failed")
				}
				// The bar for the text classifier: 85 % held out.
				if done.TestAccuracy < 0.85 {
					t.Errorf("held-out accuracy %.3f, want ≥ 0.85", done.TestAccuracy)
				}
				p, err := s.PredictText("r", "Бүгін керемет, өте жақсы күн! Great, very good! Отлично, очень хорошо!")
				if err != nil || len(p.Tokens) == 0 || len(p.Probabilities[0]) != 2 {
					t.Fatalf("predict text: %+v %v", p, err)
				}
			})
		}
	}
}

func TestLanguageModels(t *testing.T) {
	e := sandbox.New(sandbox.Config{})
	for _, c := range []struct{ model, dataset string }{{"ngram", "facts-en"}, {"charlm", "names-kk"}} {
		t.Run(c.model, func(t *testing.T) {
			s := e.NewSession()
			defer s.Close()
			rec := newRecorder()
			if err := s.Train("r", e.Catalog().Defaults(c.model, c.dataset), rec.emit); err != nil {
				t.Fatal(err)
			}
			done, ok := rec.wait(t).Payload.(sandbox.Done)
			if !ok {
				t.Fatal("the run failed")
			}
			if math.IsNaN(done.TestLoss) || math.IsNaN(done.Loss) || len(done.Samples) != 5 {
				t.Fatalf("done: loss %v, test loss %v, samples %q", done.Loss, done.TestLoss, done.Samples)
			}
			a, err := s.Generate("r", "", 0, 0, 20, 2)
			if err != nil || len(a) != 2 || a[0] != a[1] {
				t.Errorf("greedy generation twice: %q, %v; want the same text", a, err)
			}
		})
	}
}
