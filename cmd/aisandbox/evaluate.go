package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// The evaluate command: train a model as train does, then find out where it
// fails and for whom (sandbox's Model.Evaluate), and, on request, probe it
// with a counterfactual change (Model.Probe). It prints a report for people
// in their language, or one JSON object for programs.

// usageError is a mistake in a command's flags or arguments, found before
// any work was done. main exits with status 2 for it, as programs built on
// the flag package do, and with 1 for every other failure.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitStatus is the exit status of a command that ended with err: 0 for
// none, 2 for a usage error, 1 otherwise.
func exitStatus(err error) int {
	if err == nil {
		return 0
	}
	if _, ok := errors.AsType[usageError](err); ok {
		return 2
	}
	return 1
}

// The probes --probe takes, in the order the help lists them.
var probeKinds = []string{sandbox.ProbeAttribute, sandbox.ProbeText, sandbox.ProbeBackground, sandbox.ProbeExtrapolate}

// evalFlags are the flags of evaluate beyond the training flags it shares
// with train.
type evalFlags struct {
	by, positive    string
	threshold       float64 // with thresholdSet
	thresholdSet    bool
	thresholdsFor   map[string]float64 // --threshold-for GROUP=T
	learningCurve   bool
	attributes      []string // --attribute, in order
	drop            []string // --drop, in order
	mitigate        string
	mitigateBy      string
	correlation     float64 // with correlationSet
	correlationSet  bool
	validationSplit float64
	probe           string
	probeAttribute  string
	proxy           string
	attrColumns     string // --attribute-columns A,B
	json            bool
	lang            string
}

// define defines the flags of o on fs.
func (o *evalFlags) define(fs *flag.FlagSet) {
	o.thresholdsFor = map[string]float64{}
	fs.StringVar(&o.by, "by", "", "score the model group by group of this `ATTRIBUTE` (e.g. home for hiring, sex for screening)")
	fs.StringVar(&o.positive, "positive", "", "the `CLASS` called positive in group scores, thresholds and probes (default: the last class, e.g. yes)")
	fs.Func("threshold", "decision threshold `T` of a two-class model, 0..1: it answers the positive class when P(positive) ≥ T (default 0.5)", func(s string) error {
		v, err := parseShare(s)
		if err != nil {
			return err
		}
		o.threshold, o.thresholdSet = v, true
		return nil
	})
	fs.Func("threshold-for", "a threshold of its own for one group of --by, as `GROUP=T` (repeatable), e.g. village=0.4", func(s string) error {
		g, t, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(g) == "" {
			return fmt.Errorf("write GROUP=T, e.g. village=0.4")
		}
		v, err := parseShare(t)
		if err != nil {
			return err
		}
		o.thresholdsFor[strings.TrimSpace(g)] = v
		return nil
	})
	fs.BoolVar(&o.learningCurve, "learning-curve", false, "also train the model again on 10, 25, 50, 75 and 100 % of its training part (five more trainings)")
	fs.Func("attribute", "give the model this group `ATTRIBUTE` as a feature (repeatable)", func(s string) error {
		o.attributes = append(o.attributes, strings.TrimSpace(s))
		return nil
	})
	fs.Func("drop", "leave this `FEATURE` column out of what the model sees (repeatable)", func(s string) error {
		o.drop = append(o.drop, strings.TrimSpace(s))
		return nil
	})
	fs.StringVar(&o.mitigate, "mitigate", "", "counter a bias between groups while training, `HOW`: reweight or resample")
	fs.StringVar(&o.mitigateBy, "mitigate-by", "", "the `ATTRIBUTE` whose groups --mitigate balances (default: --by)")
	fs.Func("correlation", "the shortcut dial `X`, 0..1, of the shortcut and shapes-bg datasets: how strongly the shortcut agrees with the class", func(s string) error {
		v, err := parseShare(s)
		if err != nil {
			return err
		}
		o.correlation, o.correlationSet = v, true
		return nil
	})
	fs.Float64Var(&o.validationSplit, "validation-split", 0, "share of the data held out as a validation part besides the test part (0 = none)")
	fs.StringVar(&o.probe, "probe", "", "run a counterfactual probe `KIND`: attribute, text, background or extrapolate")
	fs.StringVar(&o.probeAttribute, "probe-attribute", "", "the two-valued `ATTRIBUTE` --probe attribute switches (default: --by)")
	fs.StringVar(&o.proxy, "proxy", "", "with --probe attribute: change this `FEATURE` to the other group's median instead of the attribute itself")
	fs.StringVar(&o.attrColumns, "attribute-columns", "", "read these CSV `COLUMNS` (comma-separated) as group attributes, not features")
	fs.BoolVar(&o.json, "json", false, "print one JSON object: the training scores, the evaluation and the probe")
	fs.StringVar(&o.lang, "lang", "en", "language of the report: kk, ru or en")
}

// parseShare reads a number from 0 to 1.
func parseShare(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if !(v >= 0 && v <= 1) {
		return 0, fmt.Errorf("%v is outside 0..1", v)
	}
	return v, nil
}

// evaluateCommand trains a model as train does and then evaluates it (and
// probes it, with --probe).
func evaluateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cat := sandbox.New(sandbox.Config{}).Catalog()
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tf := addTrainFlags(fs, "evaluate")
	var o evalFlags
	o.define(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{fmt.Errorf("evaluate: %w", err)}
	}
	if fs.NArg() > 0 {
		return usagef("evaluate: unexpected argument %q", fs.Arg(0))
	}
	l, ok := i18n.Parse(o.lang)
	if !ok {
		return usagef("evaluate: unknown language %q (kk, ru or en)", o.lang)
	}
	csv := *tf.csvFile != "" || *tf.trainFile != "" || *tf.testFile != ""
	var attrCols []string
	if o.attrColumns != "" {
		if !csv {
			return usagef("evaluate: --attribute-columns reads columns of CSV files: use it with --csv or --train and --test")
		}
		for _, c := range strings.Split(o.attrColumns, ",") {
			if c = strings.TrimSpace(c); c != "" {
				attrCols = append(attrCols, c)
			}
		}
	}
	spec, err := tf.spec(cat, attrCols)
	if err != nil {
		return err
	}
	d := describeData(cat, spec)
	if d.kind == sandbox.WordData {
		return usagef("evaluate: %s is a set of words for language models, which have no right answers to score; evaluate a classifier or a regression", d.name)
	}
	if err := o.apply(cat, d, &spec); err != nil {
		return err
	}

	out := &evalOutput{}
	for _, a := range d.attributes {
		out.attributes = append(out.attributes, a.Name)
	}
	var p progressPrinter
	if o.json {
		p = &quietProgress{out: out}
	} else {
		p = &evalProgress{w: stdout, l: l, bar: isTerminal(stdout), out: out}
	}
	model, done, err := trainModel(ctx, cat, spec, p, l, stderr)
	if err != nil {
		if o.json {
			return writeJSON(stdout, out, err)
		}
		return err
	}
	out.Training = trainingScores(out.started, done)

	show := func(code, msg string) { out.Error = &errorJSON{Code: code, Message: msg} }
	ev, err := model.Evaluate(ctx, o.options())
	if err != nil {
		err = reportError(err, show, l, stderr)
	} else {
		out.Evaluation = &ev
		if o.probe != "" {
			pr, perr := model.Probe(o.probeSpec())
			if perr != nil {
				err = reportError(perr, show, l, stderr)
			} else {
				out.Probe = &pr
			}
		}
	}
	if o.json {
		return writeJSON(stdout, out, err)
	}
	var w strings.Builder
	writeReport(&w, l, out)
	if _, werr := io.WriteString(stdout, w.String()); werr != nil {
		return fmt.Errorf("evaluate: writing: %w", werr)
	}
	return err
}

// apply checks the evaluation flags against the data of spec, described
// by d, and sets the training ones in spec. It checks all it can before
// training, so that a mistake costs no training time.
func (o *evalFlags) apply(cat sandbox.Catalog, d dataInfo, spec *sandbox.TrainSpec) error {
	if !slices.Contains(probeKinds, o.probe) && o.probe != "" {
		return usagef("evaluate: --probe %q: choose %s", o.probe, strings.Join(probeKinds, ", "))
	}
	if o.correlationSet {
		if !d.dial {
			var with []string
			for _, ds := range cat.Datasets {
				if ds.Shortcut != "" {
					with = append(with, ds.Name)
				}
			}
			return usagef("evaluate: --correlation is the shortcut dial of the datasets %s; %s has none", strings.Join(with, ", "), d.name)
		}
		spec.Dataset.Correlation = o.correlation
	}
	spec.ValidationSplit = o.validationSplit
	if err := d.knowsAttributes("--attribute", o.attributes...); err != nil {
		return err
	}
	spec.Attributes = o.attributes
	for _, f := range o.drop {
		if !slices.Contains(d.features, f) {
			return usagef("evaluate: --drop %q: %s has no such feature (its features: %s)", f, d.name, listOrNone(d.features))
		}
	}
	spec.Drop = o.drop
	switch o.mitigate {
	case "":
		if o.mitigateBy != "" {
			return usagef("evaluate: --mitigate-by needs --mitigate reweight or resample")
		}
	case sandbox.MitigateReweight, sandbox.MitigateResample:
		spec.Mitigation, spec.MitigateBy = o.mitigate, o.mitigateBy
		if spec.MitigateBy == "" {
			spec.MitigateBy = o.by
		}
		if spec.MitigateBy == "" {
			return usagef("evaluate: --mitigate needs the attribute whose groups it balances: --mitigate-by or --by")
		}
		if err := d.knowsAttributes("--mitigate-by", spec.MitigateBy); err != nil {
			return err
		}
	default:
		return usagef("evaluate: --mitigate %q: choose %s or %s", o.mitigate, sandbox.MitigateReweight, sandbox.MitigateResample)
	}

	binary := len(d.classes) == 2
	if o.by != "" {
		if err := d.knowsAttributes("--by", o.by); err != nil {
			return err
		}
		if !binary {
			return usagef("evaluate: --by scores yes/no decisions group by group; %s has %d classes, not 2", d.name, len(d.classes))
		}
	}
	if o.positive != "" && !slices.Contains(d.classes, o.positive) {
		return usagef("evaluate: --positive %q: %s has no such class (its classes: %s)", o.positive, d.name, listOrNone(d.classes))
	}
	if (o.thresholdSet || len(o.thresholdsFor) > 0) && !binary {
		return usagef("evaluate: thresholds decide between two classes; %s has %d", d.name, len(d.classes))
	}
	if len(o.thresholdsFor) > 0 {
		if o.by == "" {
			return usagef("evaluate: --threshold-for needs --by, the attribute whose groups it names")
		}
		values := d.attributeValues(o.by)
		for _, g := range slices.Sorted(maps.Keys(o.thresholdsFor)) {
			if !slices.Contains(values, g) {
				return usagef("evaluate: --threshold-for %q: %s has no such group (its groups: %s)", g, o.by, strings.Join(values, ", "))
			}
		}
	}

	if o.probe == "" {
		if o.probeAttribute != "" || o.proxy != "" {
			return usagef("evaluate: --probe-attribute and --proxy go with --probe attribute")
		}
		return nil
	}
	need := map[string]sandbox.DataKind{
		sandbox.ProbeAttribute: sandbox.TableData, sandbox.ProbeText: sandbox.TextData,
		sandbox.ProbeBackground: sandbox.ImageData, sandbox.ProbeExtrapolate: sandbox.RegressionData,
	}[o.probe]
	if d.kind != need {
		return usagef("evaluate: --probe %s needs %s data; %s is %s data", o.probe, need, d.name, d.kind)
	}
	if o.probe != sandbox.ProbeAttribute {
		if o.probeAttribute != "" || o.proxy != "" {
			return usagef("evaluate: --probe-attribute and --proxy go with --probe attribute")
		}
		return nil
	}
	if o.probeAttribute == "" {
		o.probeAttribute = o.by
	}
	if o.probeAttribute == "" {
		return usagef("evaluate: --probe attribute needs the attribute to switch: --probe-attribute or --by")
	}
	if err := d.knowsAttributes("--probe-attribute", o.probeAttribute); err != nil {
		return err
	}
	if n := len(d.attributeValues(o.probeAttribute)); n != 2 {
		return usagef("evaluate: --probe attribute switches an attribute of two groups; %s has %d", o.probeAttribute, n)
	}
	if o.proxy != "" && !slices.Contains(d.features, o.proxy) {
		return usagef("evaluate: --proxy %q: %s has no such feature (its features: %s)", o.proxy, d.name, listOrNone(d.features))
	}
	return nil
}

// options returns the evaluation the flags ask for.
func (o *evalFlags) options() sandbox.EvalOptions {
	opt := sandbox.EvalOptions{By: o.by, Positive: o.positive, LearningCurve: o.learningCurve}
	if o.thresholdSet {
		t := o.threshold
		opt.Threshold = &t
	}
	if len(o.thresholdsFor) > 0 {
		opt.Thresholds = o.thresholdsFor
	}
	return opt
}

// probeSpec returns the probe the flags ask for.
func (o *evalFlags) probeSpec() sandbox.ProbeSpec {
	return sandbox.ProbeSpec{Kind: o.probe, Attribute: o.probeAttribute, Proxy: o.proxy, Positive: o.positive}
}

// dataInfo is what the flags are checked against: the columns and classes
// of a built-in dataset or of the CSV tables of a spec.
type dataInfo struct {
	name       string
	kind       sandbox.DataKind
	features   []string
	classes    []string
	attributes []datasets.Attribute
	dial       bool // has the shortcut dial (--correlation)
}

// describeData returns what the flags of evaluate can be checked against
// for spec. An unknown dataset gives an empty description: training
// reports it, in the user's language.
func describeData(cat sandbox.Catalog, spec sandbox.TrainSpec) dataInfo {
	if t := spec.Table; t != nil {
		d := dataInfo{name: t.Name, kind: sandbox.TableData, features: t.Features, classes: t.Classes, attributes: t.Attributes}
		if t.IsRegression() {
			d.kind = sandbox.RegressionData
		}
		return d
	}
	ds, ok := cat.Dataset(spec.Dataset.Name)
	if !ok {
		return dataInfo{name: spec.Dataset.Name}
	}
	d := dataInfo{name: ds.Name, kind: ds.Kind, features: ds.Features, classes: ds.Classes, attributes: ds.Attributes}
	for _, s := range ds.Settings {
		d.dial = d.dial || s.Name == "correlation"
	}
	return d
}

// knowsAttributes returns a usage error naming flag when the data lacks
// one of the attributes names.
func (d dataInfo) knowsAttributes(flag string, names ...string) error {
	var have []string
	for _, a := range d.attributes {
		have = append(have, a.Name)
	}
	for _, n := range names {
		if slices.Contains(have, n) {
			continue
		}
		if len(have) == 0 {
			return usagef("evaluate: %s %q: %s has no group attributes (hiring, screening and CSV files with --attribute-columns have)", flag, n, d.name)
		}
		return usagef("evaluate: %s %q: %s has no such attribute (its attributes: %s)", flag, n, d.name, strings.Join(have, ", "))
	}
	return nil
}

// attributeValues returns the groups of attribute name.
func (d dataInfo) attributeValues(name string) []string {
	for _, a := range d.attributes {
		if a.Name == name {
			return a.Values
		}
	}
	return nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// mapsKeys returns the keys of m, in no order.
func mapsKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// evalOutput is everything evaluate found: what --json prints and what the
// report shows.
type evalOutput struct {
	// Training holds the run's final scores by their names in train
	// --json (loss, train_accuracy, test_accuracy, test_r2, ...) and
	// epoch, epochs, stopped, seconds, parameters, train_size, test_size
	// and validation_size.
	Training   map[string]any       `json:"training,omitempty"`
	Evaluation *sandbox.Evaluation  `json:"evaluation,omitempty"`
	Probe      *sandbox.ProbeResult `json:"probe,omitempty"`
	Error      *errorJSON           `json:"error,omitempty"`

	started    sandbox.Started // the run's start, for the training sizes
	attributes []string        // the data's group attributes, for a hint
}

// errorJSON is a failure as --json prints it: a code for programs and a
// message in the user's language.
type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// trainingScores returns the final scores of a run for evalOutput.Training;
// scores that are not finite numbers are left out, as JSON cannot hold them.
func trainingScores(st sandbox.Started, d sandbox.Done) map[string]any {
	m := map[string]any{
		"epoch": d.Epoch, "epochs": d.Epochs, "stopped": d.Stopped, "seconds": d.Seconds, "parameters": d.Parameters,
		"train_size": st.TrainSize, "test_size": st.TestSize, "validation_size": st.ValidationSize,
	}
	for k, v := range d.Scores() {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			m[k] = v
		}
	}
	return m
}

// writeJSON prints out as one JSON object and returns errReported when
// the command failed (err), nil otherwise.
func writeJSON(w io.Writer, out *evalOutput, err error) error {
	if werr := json.NewEncoder(w).Encode(out); werr != nil {
		return fmt.Errorf("evaluate: writing: %w", werr)
	}
	if err != nil {
		return errReported
	}
	return nil
}

// quietProgress keeps a run's start for the JSON object and records a
// failure in it.
type quietProgress struct{ out *evalOutput }

func (p *quietProgress) event(ev sandbox.Event) {
	if s, ok := ev.Payload.(sandbox.Started); ok {
		p.out.started = s
	}
}
func (p *quietProgress) done(sandbox.Done) {}
func (p *quietProgress) fail(code, message string) {
	p.out.Error = &errorJSON{Code: code, Message: message}
}
