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
	cat := sandbox.New(sandbox.Config{}).Catalog()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tf := addTrainFlags(fs, "train")
	jsonOut := fs.Bool("json", false, "print one JSON object per line: progress per epoch, then done")
	lang := fs.String("lang", "en", "language of messages: kk, ru or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("train: unexpected argument %q", fs.Arg(0))
	}
	spec, err := tf.spec(cat, nil)
	if u, ok := errors.AsType[usageError](err); ok {
		return u.err // train exits with status 1 for every failure
	} else if err != nil {
		return err
	}
	l, _ := i18n.Parse(*lang)
	var p progressPrinter = &textProgress{w: stdout, bar: isTerminal(stdout)}
	if *jsonOut {
		p = &jsonProgress{enc: json.NewEncoder(stdout)}
	}
	if _, _, err := trainModel(ctx, cat, spec, p, l, stderr); err != nil {
		return err
	}
	if jp, ok := p.(*jsonProgress); ok && jp.err != nil {
		return fmt.Errorf("train: writing: %w", jp.err)
	}
	return nil
}

// trainFlags are the flags that say what to train and on what data: the
// train and evaluate commands share them.
type trainFlags struct {
	cmd string // the command, which starts its error messages
	fs  *flag.FlagSet

	dataset, csvFile, label, trainFile, testFile, model *string
	n, seed                                             *int
	noise, testSplit                                    *float64
	sets                                                []string // --set NAME=VALUE, in order
}

// addTrainFlags defines the training flags on fs for the command cmd.
func addTrainFlags(fs *flag.FlagSet, cmd string) *trainFlags {
	f := &trainFlags{cmd: cmd, fs: fs}
	f.dataset = fs.String("dataset", "moons", "built-in dataset `NAME` (\"aisandbox datasets\" lists them: tables, curves, pictures, texts)")
	f.n = fs.Int("n", 0, "points to generate for a built-in dataset (0 = its default)")
	f.noise = fs.Float64("noise", -1, "noise of a built-in dataset (negative = its default)")
	f.csvFile = fs.String("csv", "", "train on this CSV `FILE` (first row: column names), split into train and test")
	f.label = fs.String("label", "", "the label `COLUMN` of the CSV files (default: the last column)")
	f.trainFile = fs.String("train", "", "training data CSV `FILE`, with --test")
	f.testFile = fs.String("test", "", "test data CSV `FILE`, with --train")
	f.model = fs.String("model", "mlp", "model `NAME`: mlp, logistic, knn, tree, bayes, linear, poly, cnn, textnb, ngram or charlm (\"aisandbox models\")")
	fs.String("hidden", "", "hidden layer widths, e.g. 16,16 (mlp; default 16,16)")
	fs.String("activation", "", "relu, tanh or sigmoid (mlp; default relu)")
	fs.String("optimizer", "", "adam or sgd (default adam)")
	fs.String("lr", "", "learning rate (default: the model's)")
	fs.String("epochs", "", "passes over the training data (default 200)")
	fs.String("batch", "", "examples per step (default 32)")
	fs.Func("set", "set any setting of the model, as `NAME=VALUE` (repeatable; \"aisandbox models\" lists them)", func(s string) error {
		f.sets = append(f.sets, s)
		return nil
	})
	f.seed = fs.Int("seed", 1, "seed of the data split, the weights and the shuffling")
	f.testSplit = fs.Float64("test-split", 0.3, "share of the data held out for testing, stratified by class")
	return f
}

// spec builds the training spec the parsed flags ask for, loading the CSV
// files they name; attributes names CSV columns to read as group
// attributes (datasets.CSVOptions.Attributes) rather than as features. A
// mistake in the flags comes back as a usageError; a file that cannot be
// read or parsed as a plain error.
func (f *trainFlags) spec(cat sandbox.Catalog, attributes []string) (sandbox.TrainSpec, error) {
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })

	spec := cat.Defaults(*f.model, *f.dataset)
	spec.TestSplit = *f.testSplit
	spec.Dataset.Seed = *f.seed
	if *f.n != 0 {
		spec.Dataset.N = *f.n
	}
	if *f.noise >= 0 {
		spec.Dataset.Noise = *f.noise
	}
	// The named flags are shorthands for settings; --set takes any.
	settings := map[string]string{"seed": strconv.Itoa(*f.seed)}
	for flagName, setting := range map[string]string{
		"hidden": "hidden", "activation": "activation", "optimizer": "optimizer",
		"lr": "lr", "epochs": "epochs", "batch": "batch",
	} {
		if set[flagName] {
			settings[setting] = f.fs.Lookup(flagName).Value.String()
		}
	}
	for _, kv := range f.sets {
		name, value, ok := strings.Cut(kv, "=")
		if !ok {
			return spec, usagef("%s: --set %q: write NAME=VALUE", f.cmd, kv)
		}
		settings[strings.TrimSpace(name)] = value
	}
	if err := applySettings(f.cmd, cat, &spec.Model, settings); err != nil {
		return spec, usageError{err}
	}

	opt := datasets.CSVOptions{Label: *f.label, Attributes: attributes}
	switch {
	case *f.csvFile != "" && (*f.trainFile != "" || *f.testFile != ""):
		return spec, usagef("%s: use either --csv or --train with --test, not both", f.cmd)
	case *f.csvFile != "":
		t, err := loadCSV(f.cmd, *f.csvFile, opt)
		if err != nil {
			return spec, err
		}
		spec.Table = t
	case *f.trainFile != "" || *f.testFile != "":
		if *f.trainFile == "" || *f.testFile == "" {
			return spec, usagef("%s: --train and --test go together", f.cmd)
		}
		tr, err := loadCSV(f.cmd, *f.trainFile, opt)
		if err != nil {
			return spec, err
		}
		te, err := loadCSV(f.cmd, *f.testFile, opt)
		if err != nil {
			return spec, err
		}
		if err := sameColumns(f.cmd, tr, te); err != nil {
			return spec, err
		}
		spec.Table, spec.TestTable = tr, te
	}
	return spec, nil
}

// trainModel trains spec through sandbox.Train, showing its progress with
// p. Ctrl-C (ctx ending) stops the run early, as the Stop button does, and
// keeps its result. A failed run is shown with p.fail in language l (and,
// for an internal error, its detail on stderr) and returns errReported.
func trainModel(ctx context.Context, cat sandbox.Catalog, spec sandbox.TrainSpec, p progressPrinter, l i18n.Lang, stderr io.Writer) (*sandbox.Model, sandbox.Done, error) {
	runCtx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		select {
		case <-ctx.Done():
			cancel(sandbox.ErrStopped)
		case <-runCtx.Done():
		}
	}()
	model, done, err := sandbox.Train(runCtx, cat, spec, sandbox.RunOptions{}, p.event)
	if err != nil {
		return nil, done, reportError(err, p.fail, l, stderr)
	}
	p.done(done)
	return model, done, nil
}

// reportError shows err to the user with show, as a code and a message in
// language l, logs an internal error's detail on stderr, and returns
// errReported.
func reportError(err error, show func(code, message string), l i18n.Lang, stderr io.Writer) error {
	tr, terr := web.LoadTranslations()
	if terr != nil {
		return errors.Join(err, terr)
	}
	code, msg := tr.Error(l, err)
	show(code, msg)
	if code == sandbox.CodeInternal {
		fmt.Fprintln(stderr, "aisandbox:", err)
	}
	return errReported
}

func loadCSV(cmd, path string, opt datasets.CSVOptions) (*datasets.Table, error) {
	opt.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	t, err := datasets.LoadCSV(path, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", cmd, path, err)
	}
	return t, nil
}

// sameColumns checks that a test table matches its training table, so
// that the model reads its columns in the same order and knows its classes.
func sameColumns(cmd string, train, test *datasets.Table) error {
	if strings.Join(train.Features, "\x00") != strings.Join(test.Features, "\x00") {
		return fmt.Errorf("%s: the test file's columns %v differ from the training file's %v", cmd, test.Features, train.Features)
	}
	if strings.Join(train.Classes, "\x00") != strings.Join(test.Classes, "\x00") {
		return fmt.Errorf("%s: the test file's classes %v differ from the training file's %v", cmd, test.Classes, train.Classes)
	}
	return nil
}

// applySettings sets the model's settings from text, each converted to the
// type the catalog says it takes; cmd starts the error messages.
func applySettings(cmd string, cat sandbox.Catalog, m *sandbox.ModelSpec, settings map[string]string) error {
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
			return fmt.Errorf("%s: the %s model has no setting %q (\"aisandbox models\" lists them)", cmd, m.Name, name)
		}
		var x any = strings.TrimSpace(text)
		switch st.Type {
		case sandbox.Int, sandbox.Float:
			f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
			if err != nil {
				return fmt.Errorf("%s: %s: %q is not a number", cmd, name, text)
			}
			x = f
		case sandbox.Ints:
			is, err := parseInts(text)
			if err != nil {
				return fmt.Errorf("%s: %s: %w", cmd, name, err)
			}
			x = is
		}
		v, err := st.Coerce("model."+name, x)
		if err != nil {
			return fmt.Errorf("%s: %s: %q is not a value this setting takes", cmd, name, text)
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
