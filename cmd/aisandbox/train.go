package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// train trains one model through sandbox.Train, the same path the server's
// runs take, and prints its progress.
func train(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	engine := sandbox.New(sandbox.Config{})
	cat := engine.Catalog()

	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataset := fs.String("dataset", "moons", "built-in dataset `NAME` (\"aisandbox datasets\" lists them: tables, curves, pictures, texts)")
	n := fs.Int("n", 0, "points to generate for a built-in dataset (0 = its default)")
	noise := fs.Float64("noise", -1, "noise of a built-in dataset (negative = its default)")
	csvFile := fs.String("csv", "", "train on this CSV `FILE` (first row: column names), split into train and test")
	label := fs.String("label", "", "the label `COLUMN` of the CSV files (default: the last column)")
	trainFile := fs.String("train", "", "training data CSV `FILE`, with --test")
	testFile := fs.String("test", "", "test data CSV `FILE`, with --train")
	model := fs.String("model", "mlp", "model `NAME`: mlp, logistic, knn, tree, bayes, linear, poly, cnn, textnb, ngram or charlm (\"aisandbox models\")")
	fs.String("hidden", "", "hidden layer widths, e.g. 16,16 (mlp; default 16,16)")
	fs.String("activation", "", "relu, tanh or sigmoid (mlp; default relu)")
	fs.String("optimizer", "", "adam or sgd (default adam)")
	fs.String("lr", "", "learning rate (default: the model's)")
	fs.String("epochs", "", "passes over the training data (default 200)")
	fs.String("batch", "", "examples per step (default 32)")
	var sets []string
	fs.Func("set", "set any setting of the model, as `NAME=VALUE` (repeatable; \"aisandbox models\" lists them)", func(s string) error {
		sets = append(sets, s)
		return nil
	})
	seed := fs.Int("seed", 1, "seed of the data split, the weights and the shuffling")
	testSplit := fs.Float64("test-split", 0.3, "share of the data held out for testing, stratified by class")
	jsonOut := fs.Bool("json", false, "print one JSON object per line: progress per epoch, then done")
	lang := fs.String("lang", "en", "language of messages: kk, ru or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	spec := cat.Defaults(*model, *dataset)
	spec.TestSplit = *testSplit
	spec.Dataset.Seed = *seed
	if *n != 0 {
		spec.Dataset.N = *n
	}
	if *noise >= 0 {
		spec.Dataset.Noise = *noise
	}
	// The named flags are shorthands for settings; --set takes any.
	settings := map[string]string{"seed": strconv.Itoa(*seed)}
	for flagName, setting := range map[string]string{
		"hidden": "hidden", "activation": "activation", "optimizer": "optimizer",
		"lr": "lr", "epochs": "epochs", "batch": "batch",
	} {
		if set[flagName] {
			settings[setting] = fs.Lookup(flagName).Value.String()
		}
	}
	for _, kv := range sets {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("train: --set %q: write NAME=VALUE", kv)
		}
		settings[strings.TrimSpace(name)] = value
	}
	if err := applySettings(cat, &spec.Model, settings); err != nil {
		return err
	}

	opt := datasets.CSVOptions{Label: *label}
	switch {
	case *csvFile != "" && (*trainFile != "" || *testFile != ""):
		return errors.New("train: use either --csv or --train with --test, not both")
	case *csvFile != "":
		t, err := loadCSV(*csvFile, opt)
		if err != nil {
			return err
		}
		spec.Table = t
	case *trainFile != "" || *testFile != "":
		if *trainFile == "" || *testFile == "" {
			return errors.New("train: --train and --test go together")
		}
		tr, err := loadCSV(*trainFile, opt)
		if err != nil {
			return err
		}
		te, err := loadCSV(*testFile, opt)
		if err != nil {
			return err
		}
		if err := sameColumns(tr, te); err != nil {
			return err
		}
		spec.Table, spec.TestTable = tr, te
	}

	l, _ := i18n.Parse(*lang)
	var p progressPrinter = &textProgress{w: stdout, bar: isTerminal(stdout)}
	if *jsonOut {
		p = &jsonProgress{enc: json.NewEncoder(stdout)}
	}
	// Ctrl-C stops the run early, as the Stop button does, and keeps its
	// result.
	runCtx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		select {
		case <-ctx.Done():
			cancel(sandbox.ErrStopped)
		case <-runCtx.Done():
		}
	}()
	_, done, err := sandbox.Train(runCtx, cat, spec, sandbox.RunOptions{}, p.event)
	if err != nil {
		tr, terr := web.LoadTranslations()
		if terr != nil {
			return errors.Join(err, terr)
		}
		code, msg := tr.Error(l, err)
		p.fail(code, msg)
		if code == sandbox.CodeInternal {
			fmt.Fprintln(stderr, "aisandbox:", err)
		}
		return errReported
	}
	p.done(done)
	if jp, ok := p.(*jsonProgress); ok && jp.err != nil {
		return fmt.Errorf("train: writing: %w", jp.err)
	}
	return nil
}

func loadCSV(path string, opt datasets.CSVOptions) (*datasets.Table, error) {
	opt.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	t, err := datasets.LoadCSV(path, opt)
	if err != nil {
		return nil, fmt.Errorf("train: %s: %w", path, err)
	}
	return t, nil
}

// sameColumns checks that a test table matches its training table, so
// that the model reads its columns in the same order and knows its classes.
func sameColumns(train, test *datasets.Table) error {
	if strings.Join(train.Features, "\x00") != strings.Join(test.Features, "\x00") {
		return fmt.Errorf("train: the test file's columns %v differ from the training file's %v", test.Features, train.Features)
	}
	if strings.Join(train.Classes, "\x00") != strings.Join(test.Classes, "\x00") {
		return fmt.Errorf("train: the test file's classes %v differ from the training file's %v", test.Classes, train.Classes)
	}
	return nil
}

// applySettings sets the model's settings from text, each converted to the
// type the catalog says it takes.
func applySettings(cat sandbox.Catalog, m *sandbox.ModelSpec, settings map[string]string) error {
	info, ok := cat.Model(m.Name)
	if !ok {
		return nil // Validate reports the unknown model, in the user's language
	}
	for name, text := range settings {
		st, ok := info.Setting(name)
		if !ok {
			if name == "seed" {
				continue
			}
			return fmt.Errorf("train: the %s model has no setting %q (\"aisandbox models\" lists them)", m.Name, name)
		}
		var x any = strings.TrimSpace(text)
		switch st.Type {
		case sandbox.Int, sandbox.Float:
			f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
			if err != nil {
				return fmt.Errorf("train: %s: %q is not a number", name, text)
			}
			x = f
		case sandbox.Ints:
			is, err := parseInts(text)
			if err != nil {
				return fmt.Errorf("train: %s: %w", name, err)
			}
			x = is
		}
		v, err := st.Coerce("model."+name, x)
		if err != nil {
			return fmt.Errorf("train: %s: %q is not a value this setting takes", name, text)
		}
		m.Settings[name] = v
	}
	return nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", strings.TrimSpace(f))
		}
		out = append(out, v)
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressPrinter shows a run's events to the person or program that
// started it.
type progressPrinter interface {
	event(sandbox.Event)
	done(sandbox.Done)
	fail(code, message string)
}

// jsonProgress prints one JSON object per line: the event, the step, and
// the scores that apply to the model (loss, train_accuracy, test_mse, ...).
type jsonProgress struct {
	enc *json.Encoder
	err error // the first write error, reported at the end
}

func (p *jsonProgress) line(event string, fields map[string]any, scores map[string]float64) {
	m := map[string]any{"event": event}
	for k, v := range scores {
		m[k] = v
	}
	for k, v := range fields {
		m[k] = v
	}
	if err := p.enc.Encode(m); err != nil && p.err == nil {
		p.err = err
	}
}

func (p *jsonProgress) event(ev sandbox.Event) {
	if pr, ok := ev.Payload.(sandbox.Progress); ok {
		p.line("progress", map[string]any{"epoch": pr.Epoch}, pr.Scores())
	}
}

func (p *jsonProgress) done(d sandbox.Done) {
	fields := map[string]any{"stopped": d.Stopped, "epoch": d.Epoch, "seconds": d.Seconds, "parameters": d.Parameters}
	if d.Samples != nil {
		fields["samples"] = d.Samples
	}
	p.line("done", fields, d.Scores())
}

func (p *jsonProgress) fail(code, message string) {
	p.line("error", map[string]any{"code": code, "message": message}, nil)
}

// textProgress prints a progress bar on a terminal and a summary.
type textProgress struct {
	w       io.Writer
	bar     bool
	started sandbox.Started
}

func (p *textProgress) event(ev sandbox.Event) {
	switch v := ev.Payload.(type) {
	case sandbox.Started:
		p.started = v
		fmt.Fprintf(p.w, "Training on %d rows, testing on %d; %d features, %d classes; %d parameters.\n",
			v.TrainSize, v.TestSize, len(v.Features), len(v.Classes), v.Parameters)
	case sandbox.Progress:
		if !p.bar {
			return
		}
		const width = 30
		filled := width * v.Epoch / max(v.Epochs, 1)
		fmt.Fprintf(p.w, "\r[%s%s] step %d/%d  %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
			v.Epoch, v.Epochs, scoreText(v.Scores()))
	}
}

// scoreText writes scores for people: accuracies as percentages.
func scoreText(scores map[string]float64) string {
	var parts []string
	for _, k := range []string{"loss", "test_loss", "train_accuracy", "test_accuracy", "train_mse", "test_mse", "train_r2", "test_r2"} {
		v, ok := scores[k]
		if !ok {
			continue
		}
		name := strings.ReplaceAll(k, "_", " ")
		if strings.HasSuffix(k, "accuracy") {
			parts = append(parts, fmt.Sprintf("%s %.1f%%", name, 100*v))
		} else {
			parts = append(parts, fmt.Sprintf("%s %.4g", name, v))
		}
	}
	return strings.Join(parts, ", ")
}

func (p *textProgress) done(d sandbox.Done) {
	if p.bar {
		fmt.Fprintln(p.w)
	}
	if d.Stopped {
		fmt.Fprintf(p.w, "Stopped after %d of %d epochs.\n", d.Epoch, d.Epochs)
	}
	fmt.Fprintf(p.w, "Done in %.2f s after %d steps, %d parameters: %s.\n", d.Seconds, d.Epoch, d.Parameters, scoreText(d.Scores()))
	for _, s := range d.Samples {
		fmt.Fprintf(p.w, "  %s\n", s)
	}
}

func (p *textProgress) fail(code, message string) {
	if p.bar {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "Training failed (%s): %s\n", code, message)
}
