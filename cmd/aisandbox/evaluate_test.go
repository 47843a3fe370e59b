package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// evalJSON is what evaluate --json prints, decoded.
type evalJSON struct {
	Training   map[string]any       `json:"training"`
	Evaluation *sandbox.Evaluation  `json:"evaluation"`
	Probe      *sandbox.ProbeResult `json:"probe"`
	Error      *errorJSON           `json:"error"`
}

// runEvalJSON runs evaluate --json with args and decodes its one object.
func runEvalJSON(t *testing.T, args ...string) evalJSON {
	t.Helper()
	out, errOut, err := runCmd(t, append([]string{"evaluate", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("evaluate %v: %v\n%s%s", args, err, out, errOut)
	}
	if n := strings.Count(strings.TrimSpace(out), "\n"); n != 0 {
		t.Fatalf("evaluate --json printed %d lines, want one object:\n%s", n+1, out)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("evaluate --json is not JSON: %v\n%s", err, out)
	}
	if got.Evaluation == nil {
		t.Fatalf("evaluate --json has no evaluation:\n%s", out)
	}
	return got
}

// trainDirect trains the model evaluate trains for --dataset name --model
// model with every other flag at its default, through the engine itself.
func trainDirect(t *testing.T, model, dataset string) *sandbox.Model {
	t.Helper()
	cat := sandbox.New(sandbox.Config{}).Catalog()
	spec := cat.Defaults(model, dataset)
	spec.TestSplit, spec.Dataset.Seed = 0.3, 1 // the defaults of --test-split and --seed
	m, _, err := sandbox.Train(t.Context(), cat, spec, sandbox.RunOptions{}, func(sandbox.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEvaluateJSONMatchesEngine checks that evaluate --json reports the
// engine's own numbers for the same seeded run: the JSON is the engine's
// Evaluation and ProbeResult, unchanged.
func TestEvaluateJSONMatchesEngine(t *testing.T) {
	got := runEvalJSON(t, "--dataset", "hiring", "--model", "logistic", "--by", "home", "--probe", "attribute", "--proxy", "commute")
	m := trainDirect(t, "logistic", "hiring")
	want, err := m.Evaluate(t.Context(), sandbox.EvalOptions{By: "home"})
	if err != nil {
		t.Fatal(err)
	}
	// Compare through JSON, as floats do not survive a text round trip
	// bit for bit only when written badly: encoding/json writes the
	// shortest text that reads back to the same float64.
	wantJSON, _ := json.Marshal(want)
	gotJSON, _ := json.Marshal(got.Evaluation)
	if string(wantJSON) != string(gotJSON) {
		t.Errorf("evaluation differs from the engine's:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	wantProbe, err := m.Probe(sandbox.ProbeSpec{Kind: sandbox.ProbeAttribute, Attribute: "home", Proxy: "commute"})
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ = json.Marshal(wantProbe)
	gotJSON, _ = json.Marshal(got.Probe)
	if string(wantJSON) != string(gotJSON) {
		t.Errorf("probe differs from the engine's:\n got %s\nwant %s", gotJSON, wantJSON)
	}

	ev := got.Evaluation
	if ev.Groups == nil || !slices.Equal(ev.Groups.Values, []string{"city", "village"}) {
		t.Fatalf("groups = %+v, want city and village", ev.Groups)
	}
	// The groups split the test part: their counts add up to it.
	if n := ev.Groups.Groups[0].Count + ev.Groups.Groups[1].Count; n != ev.Test.Size {
		t.Errorf("group counts add up to %d, the test part has %d", n, ev.Test.Size)
	}
	// The training scores are the run's last ones: at threshold 0.5 the
	// test accuracy is the evaluation's.
	acc, _ := ev.Test.Accuracy.Value()
	if v, ok := got.Training["test_accuracy"].(float64); !ok || math.Abs(v-acc) > 1e-12 {
		t.Errorf("training test_accuracy = %v, evaluation accuracy %v", got.Training["test_accuracy"], acc)
	}
	for _, k := range []string{"epoch", "seconds", "parameters", "train_size", "test_size", "loss", "train_accuracy"} {
		if _, ok := got.Training[k]; !ok {
			t.Errorf("training lacks %s: %v", k, got.Training)
		}
	}
	if got.Training["test_size"] != float64(ev.Test.Size) {
		t.Errorf("training test_size %v, evaluation test size %d", got.Training["test_size"], ev.Test.Size)
	}
	// The proxy carries home: the engine's probe flips some decisions,
	// which is the lesson of the hiring set.
	if got.Probe == nil || got.Probe.Attribute == nil || got.Probe.Attribute.Flips.Count == 0 {
		t.Errorf("probing commute flipped nothing: %+v", got.Probe)
	}
}

// TestEvaluateJSONOptions checks that the flags reach the engine: a
// threshold per group, a learning curve, a validation part, an attribute
// as a feature, a dropped feature and a mitigation.
func TestEvaluateJSONOptions(t *testing.T) {
	got := runEvalJSON(t, "--dataset", "hiring", "--model", "logistic", "--by", "home",
		"--threshold", "0.6", "--threshold-for", "village=0.3", "--positive", "yes",
		"--attribute", "home", "--drop", "commute", "--mitigate", "reweight",
		"--validation-split", "0.2", "--learning-curve")
	ev := got.Evaluation
	if ev.Threshold != 0.6 || !slices.Equal(ev.Groups.Thresholds, []float64{0.6, 0.3}) {
		t.Errorf("thresholds %v and %v, want 0.6 and [0.6 0.3]", ev.Threshold, ev.Groups.Thresholds)
	}
	if !slices.Equal(ev.Attributes, []string{"home"}) || !slices.Equal(ev.Dropped, []string{"commute"}) {
		t.Errorf("attributes %v, dropped %v", ev.Attributes, ev.Dropped)
	}
	if !slices.Contains(ev.Features, "home") || slices.Contains(ev.Features, "commute") {
		t.Errorf("features %v: want home in, commute out", ev.Features)
	}
	if ev.Mitigation != "reweight" || ev.MitigateBy != "home" {
		t.Errorf("mitigation %q by %q, want reweight by home (--by)", ev.Mitigation, ev.MitigateBy)
	}
	if !ev.Groups.Feature {
		t.Error("home was given as a feature but the group report says it was not")
	}
	// 1000 rows (the hiring set's default), 30 % test, 20 % validation.
	if ev.Validation == nil || ev.Validation.Size != 200 || ev.Test.Size != 300 {
		t.Errorf("validation %+v, test size %d: want 200 and 300", ev.Validation, ev.Test.Size)
	}
	if c := ev.LearningCurve; c == nil || len(c.Points) != 5 || c.Points[4].Share != 1 {
		t.Errorf("learning curve %+v, want 5 points up to 100 %%", ev.LearningCurve)
	}
}

// TestEvaluateReport checks the key lines of the report for people
// against the numbers of the same run in --json.
func TestEvaluateReport(t *testing.T) {
	args := []string{"--dataset", "hiring", "--model", "logistic", "--by", "home"}
	ev := runEvalJSON(t, args...).Evaluation
	out, _, err := runCmd(t, append([]string{"evaluate"}, args...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	acc, _ := ev.Test.Accuracy.Value()
	c := ev.Test.Confusion.Counts
	city, village := ev.Groups.Groups[0], ev.Groups.Groups[1]
	tpr := func(g int) string {
		r := ev.Groups.Groups[g].TPR
		v, _ := r.Value()
		return fmt.Sprintf("%.1f%% (%d/%d)", 100*v, r.Num, r.Den)
	}
	for _, want := range []string{
		fmt.Sprintf("Test accuracy: %.1f%% (%d of %d right), 95%% interval %.1f%% to %.1f%%",
			100*acc, ev.Test.Accuracy.Num, ev.Test.Accuracy.Den, 100*ev.Test.Interval.Low, 100*ev.Test.Interval.High),
		"Confusion matrix (rows: the true class; columns: the model's answer):",
		"Decision threshold 0.50: the model answers “hired” when P(hired) is at least 0.50.",
		"Groups of “home” (the positive answer: “hired”):",
		"The model does not see “home”",
		"Demographic-parity difference  " + strconv.FormatFloat(ev.Groups.Gaps.DemographicParityDiff.Value, 'f', 3, 64),
		"Equal-opportunity difference   " + strconv.FormatFloat(ev.Groups.Gaps.EqualOpportunityDiff.Value, 'f', 3, 64),
		tpr(0), tpr(1),
		fmt.Sprintf("Wrong answers: %d of %d test examples", ev.MisclassifiedCount, ev.Test.Size),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	// The confusion matrix is a table with the class names: a row per
	// true class, its counts right-aligned under the columns.
	for k, name := range []string{"not hired", "hired"} {
		row := regexp.MustCompile(`(?m)^ +` + name + ` +` + strconv.Itoa(c[k][0]) + ` +` + strconv.Itoa(c[k][1]) + `$`)
		if !row.MatchString(out) {
			t.Errorf("no confusion row %q %v:\n%s", name, c[k], out)
		}
	}
	// The group table: a row per group with its count.
	for _, g := range []struct {
		name  string
		count int
	}{{"city", city.Count}, {"village", village.Count}} {
		if !regexp.MustCompile(`(?m)^  ` + g.name + ` +` + strconv.Itoa(g.count) + ` `).MatchString(out) {
			t.Errorf("no group row for %s with %d examples:\n%s", g.name, g.count, out)
		}
	}
	// A group with fewer than 30 examples behind a rate gets a warning.
	for _, g := range ev.Groups.Groups {
		n := min(g.Count, g.TPR.Den, g.FPR.Den)
		warn := fmt.Sprintf("Few examples behind the rates of “%s” (as few as %d)", g.Group, n)
		if strings.Contains(out, warn) != (n < smallGroup) {
			t.Errorf("group %s, %d examples behind a rate: warning shown %v", g.Group, n, strings.Contains(out, warn))
		}
	}
	// The threshold in use is marked in the trade-off table.
	if !regexp.MustCompile(`(?m)^  0\.5 .*←$`).MatchString(out) {
		t.Errorf("the trade-off table does not mark 0.5:\n%s", out)
	}
	if strings.Contains(out, "NaN") || strings.Contains(out, "%!") {
		t.Errorf("the report holds NaN or a formatting error:\n%s", out)
	}
}

// TestEvaluateReportNotDefined checks that a score that cannot be
// computed reads "not defined (why)": at threshold 1 nobody is selected,
// so precision of the positive class is a share of nothing and the
// demographic-parity ratio is 0/0.
func TestEvaluateReportNotDefined(t *testing.T) {
	out, _, err := runCmd(t, "evaluate", "--dataset", "hiring", "--model", "logistic", "--by", "home", "--threshold", "1")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"not defined (the model never gave this answer)",
		"Demographic-parity ratio       not defined (no group was selected at all)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "NaN") {
		t.Errorf("the report holds NaN:\n%s", out)
	}
}

// TestEvaluateReportLanguages checks that --lang switches the report,
// numbers included (decimal commas in Kazakh and Russian).
func TestEvaluateReportLanguages(t *testing.T) {
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"kk", []string{"Тесттегі дәлдік:", "«Тұратын жері (home)» бойынша топтар", "Топтар арасындағы алшақтық:", "0,50"}},
		{"ru", []string{"Точность на тесте:", "Группы по «Место жительства (home)»", "Разрывы между группами:", "0,50"}},
	} {
		out, _, err := runCmd(t, "evaluate", "--dataset", "hiring", "--model", "logistic", "--by", "home", "--lang", c.lang)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.lang, err, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("--lang %s: the report lacks %q:\n%s", c.lang, w, out)
			}
		}
		if strings.Contains(out, "Test accuracy") {
			t.Errorf("--lang %s: English in the report:\n%s", c.lang, out)
		}
	}
}

// TestEvaluateShortcutAndProbes runs each kind of data through the report:
// the shortcut test, the extrapolation probe of a regression and the text
// probe.
func TestEvaluateShortcutAndProbes(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{
			// With the dial at 100 % the sticker alone gives the class
			// away, so a model learns it and fails on the reversed set.
			"shortcut", []string{"--dataset", "shortcut", "--model", "logistic", "--correlation", "1"},
			[]string{"Shortcut test: in training the shortcut (“sticker”) agreed with the class as the dial said (100.0%)",
				"Reversed test set:", "Accuracy falls by"},
		},
		{
			"extrapolate", []string{"--dataset", "sine", "--model", "poly", "--set", "degree=7", "--probe", "extrapolate"},
			[]string{"On the test examples (60): MSE", "The largest miss: at x =", "Inside the training range: MSE", "Beyond it: MSE"},
		},
		{
			"text", []string{"--dataset", "sentiment-en", "--model", "textnb", "--probe", "text"},
			[]string{"Probe: the same sentences with the names of different groups", "Sentence by sentence"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := runCmd(t, append([]string{"evaluate"}, c.args...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("the report lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "NaN") || strings.Contains(out, "%!") {
				t.Errorf("the report holds NaN or a formatting error:\n%s", out)
			}
		})
	}
	got := runEvalJSON(t, "--dataset", "shortcut", "--model", "logistic", "--correlation", "1")
	// The bar: at dial 100 % the reversed set scores at least 30
	// points lower.
	if s := got.Evaluation.Shortcut; s == nil || !s.Drop.Defined || s.Drop.Value < 0.3 {
		t.Errorf("shortcut report %+v: want a drop of at least 0.3", s)
	}
}

// writeGroupCSV writes n rows of a table whose label depends on x and on
// the group column region (text): region "north" gets "yes" more often
// at the same x, a bias a model can learn only through the attribute.
func writeGroupCSV(t *testing.T, name string, n int, seed uint64) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	var b strings.Builder
	b.WriteString("x,noise,region,label\n")
	for range n {
		x := rng.NormFloat64()
		region := "south"
		if rng.Float64() < 0.4 {
			region = "north"
		}
		bar := 0.5 // "north" needs less x to get a yes
		if region == "north" {
			bar = -0.5
		}
		label := "no"
		if x > bar {
			label = "yes"
		}
		fmt.Fprintf(&b, "%.4f,%.4f,%s,%s\n", x, rng.NormFloat64(), region, label)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEvaluateCSVAttribute(t *testing.T) {
	all := writeGroupCSV(t, "people.csv", 500, 1)
	got := runEvalJSON(t, "--csv", all, "--attribute-columns", "region", "--by", "region", "--model", "logistic")
	ev := got.Evaluation
	if slices.Contains(ev.Features, "region") || !slices.Equal(ev.Features, []string{"x", "noise"}) {
		t.Errorf("features %v: region must be a group, not a feature", ev.Features)
	}
	if ev.Groups == nil || len(ev.Groups.Groups) != 2 {
		t.Fatalf("groups %+v, want north and south", ev.Groups)
	}
	n := 0
	for _, g := range ev.Groups.Groups {
		n += g.Count
	}
	if n != ev.Test.Size || n != 150 { // 30 % of 500 rows
		t.Errorf("group counts add up to %d, test size %d, want 150", n, ev.Test.Size)
	}
	// North applicants were labelled yes at lower x: the base rates differ.
	rates := map[string]float64{}
	for _, g := range ev.Groups.Groups {
		rates[g.Group], _ = g.BaseRate.Value()
	}
	if rates["north"] <= rates["south"] {
		t.Errorf("base rates %v: north should be higher", rates)
	}

	// The same with separate files, and the region given as a feature.
	train, test := writeGroupCSV(t, "train.csv", 400, 2), writeGroupCSV(t, "test.csv", 200, 3)
	out, _, err := runCmd(t, "evaluate", "--train", train, "--test", test, "--attribute-columns", "region",
		"--attribute", "region", "--by", "region", "--model", "logistic")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, w := range []string{"Groups given to the model as features: region.", "Groups of “region”", "The model was given “region” as a feature."} {
		if !strings.Contains(out, w) {
			t.Errorf("the report lacks %q:\n%s", w, out)
		}
	}
	if _, _, err := runCmd(t, "evaluate", "--csv", all, "--attribute-columns", "region", "--by", "town"); exitStatus(err) != 2 ||
		!strings.Contains(err.Error(), "its attributes: region") {
		t.Errorf("--by of an unknown CSV column: %v (status %d)", err, exitStatus(err))
	}
}

func TestEvaluateBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // in the error message
	}{
		{[]string{"--bogus"}, "flag provided but not defined"},
		{[]string{"--threshold", "2"}, "outside 0..1"},
		{[]string{"--threshold", "half"}, `"half" is not a number`},
		{[]string{"--dataset", "hiring", "--by", "home", "--threshold-for", "village"}, "GROUP=T"},
		{[]string{"--dataset", "hiring", "--threshold-for", "village=0.4"}, "needs --by"},
		{[]string{"--dataset", "hiring", "--by", "home", "--threshold-for", "town=0.4"}, "its groups: city, village"},
		{[]string{"--dataset", "hiring", "--by", "region"}, "its attributes: home"},
		{[]string{"--dataset", "moons", "--by", "home"}, "moons has no group attributes"},
		{[]string{"--dataset", "digits", "--threshold", "0.3"}, "digits has 10"},
		{[]string{"--dataset", "hiring", "--positive", "maybe"}, "its classes: no, yes"},
		{[]string{"--dataset", "hiring", "--probe", "magic"}, "attribute, text, background, extrapolate"},
		{[]string{"--dataset", "hiring", "--probe", "attribute"}, "--probe-attribute or --by"},
		{[]string{"--dataset", "hiring", "--probe", "background"}, "needs images data"},
		{[]string{"--dataset", "hiring", "--proxy", "commute"}, "go with --probe attribute"},
		{[]string{"--dataset", "hiring", "--by", "home", "--probe", "attribute", "--proxy", "salary"}, "no such feature"},
		{[]string{"--dataset", "hiring", "--mitigate", "magic"}, "reweight or resample"},
		{[]string{"--dataset", "hiring", "--mitigate", "resample"}, "--mitigate-by or --by"},
		{[]string{"--dataset", "hiring", "--mitigate-by", "home"}, "needs --mitigate"},
		{[]string{"--dataset", "hiring", "--correlation", "0.5"}, "shortcut, shapes-bg"},
		{[]string{"--dataset", "hiring", "--attribute", "age"}, "--attribute \"age\""},
		{[]string{"--dataset", "hiring", "--drop", "salary"}, "its features: experience, score, commute"},
		{[]string{"--lang", "de"}, "unknown language"},
		{[]string{"--attribute-columns", "region"}, "with --csv"},
		{[]string{"--set", "k=3"}, `no setting "k"`},
		{[]string{"--train", "a.csv"}, "go together"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"--dataset", "names-en", "--model", "charlm"}, "language models"},
	} {
		_, _, err := runCmd(t, append([]string{"evaluate"}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one with %q", c.args, err, c.want)
		}
		if s := exitStatus(err); s != 2 {
			t.Errorf("%v: exit status %d, want 2", c.args, s)
		}
	}
	// A flag the engine finds wrong only once it has the model, reported
	// in the user's language: exit status 1, the message in the output.
	out, _, err := runCmd(t, "evaluate", "--dataset", "hiring", "--model", "logistic", "--lr", "20", "--lang", "ru", "--json")
	var got evalJSON
	if jerr := json.Unmarshal([]byte(out), &got); jerr != nil || got.Error == nil || got.Error.Code != "out_of_range" {
		t.Errorf("out-of-range lr: %s (%v)", out, jerr)
	}
	if !errors.Is(err, errReported) || exitStatus(err) != 1 {
		t.Errorf("out-of-range lr: err %v, status %d; want errReported and 1", err, exitStatus(err))
	}
	// train keeps its exit status 1 for its own flag mistakes.
	if _, _, err := runCmd(t, "train", "--set", "k=3"); err == nil || exitStatus(err) != 1 {
		t.Errorf("train --set k=3: err %v, status %d, want 1", err, exitStatus(err))
	}
}

func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errReported, 1},
		{errors.New("evaluate: writing: broken pipe"), 1},
		{usagef("evaluate: --by %q", "x"), 2},
		{fmt.Errorf("wrapped: %w", usagef("bad")), 2},
	} {
		if got := exitStatus(c.err); got != c.want {
			t.Errorf("exitStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

// placeholder finds the verbs of a text: %s or %[2]s; %% is not one.
var placeholder = regexp.MustCompile(`%%|%(\[(\d+)\])?([a-zA-Z])`)

// argsUsed returns which arguments (from 1) a format uses, and whether
// every verb is %s.
func argsUsed(format string) (used []int, onlyS bool) {
	next, seen := 1, map[int]bool{}
	onlyS = true
	for _, m := range placeholder.FindAllStringSubmatch(format, -1) {
		if m[0] == "%%" {
			continue
		}
		n := next
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		seen[n], next = true, n+1
		onlyS = onlyS && m[3] == "s"
	}
	for n := range seen {
		used = append(used, n)
	}
	slices.Sort(used)
	return used, onlyS
}

// TestEvalTextsComplete checks that every text of the report exists in
// every language and that the translations take the same arguments.
func TestEvalTextsComplete(t *testing.T) {
	texts := map[string]i18n.Text{}
	v := reflect.ValueOf(evalTexts)
	for i := range v.NumField() {
		texts[v.Type().Field(i).Name] = v.Field(i).Interface().(i18n.Text)
	}
	for why, tx := range whyTexts {
		texts["why "+why] = tx
	}
	for name, tx := range texts {
		if m := tx.Missing(); len(m) > 0 {
			t.Errorf("%s lacks %v", name, m)
			continue
		}
		want, ok := argsUsed(tx.EN)
		if !ok {
			t.Errorf("%s: only %%s placeholders are allowed: %q", name, tx.EN)
		}
		args := make([]string, len(want))
		for i := range args {
			args[i] = "ARG" + strconv.Itoa(i+1)
		}
		for _, l := range i18n.All {
			got, ok := argsUsed(tx.In(l))
			if !ok || !slices.Equal(got, want) {
				t.Errorf("%s in %s uses arguments %v, English %v: %q", name, l, got, want, tx.In(l))
			}
			if s := say(l, tx, args...); strings.Contains(s, "%!") {
				t.Errorf("%s in %s does not format: %q", name, l, s)
			}
		}
	}
}

func TestNumberFormats(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{decimal(i18n.EN, 0.12345, 3), "0.123"},
		{decimal(i18n.RU, 0.12345, 3), "0,123"},
		{decimal(i18n.KK, -0.0004, 3), "0,000"}, // rounds to zero: no minus sign
		{decimal(i18n.EN, -1.25, 1), "-1.2"},    // round half to even, as strconv does
		{percent(i18n.EN, 0.8123), "81.2%"},
		{percent(i18n.RU, 0.8123), "81,2 %"},
		{percent(i18n.KK, 1), "100,0 %"},
		{signed(i18n.EN, 0.031, 3), "+0.031"},
		{signed(i18n.EN, -0.031, 3), "-0.031"},
		{signed(i18n.EN, 0.0001, 3), "0.000"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
