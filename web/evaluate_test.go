package web_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/evaluate"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// The evaluate and probe messages (docs/protocol.md) on a real loopback
// server: trained models scored by group and probed, and every malformed
// request answered with its code while the connection goes on.

// get walks a decoded message along keys (object fields) and indices.
func get(v any, path ...any) any {
	if m, ok := v.(msg); ok {
		v = map[string]any(m)
	}
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k < 0 || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func getNum(t *testing.T, v any, path ...any) float64 {
	t.Helper()
	f, ok := get(v, path...).(float64)
	if !ok {
		t.Fatalf("%v: not a number: %v", path, get(v, path...))
	}
	return f
}

func getList(v any, path ...any) []any {
	a, _ := get(v, path...).([]any)
	return a
}

// trainDone trains and waits for done, failing on anything else. It
// returns the run's started message.
func (c *wsClient) trainDone(t *testing.T, m map[string]any) msg {
	t.Helper()
	c.send(m)
	done, before := c.until(m["id"].(string), "done", "error")
	if done.str("type") != "done" {
		t.Fatalf("training %v: %v", m["dataset"], done)
	}
	for _, b := range before {
		if b.str("type") == "started" && b.str("id") == m["id"] {
			return b
		}
	}
	t.Fatalf("training %v: no started message", m["dataset"])
	return nil
}

// ask sends v and returns the answer with its id: the wanted type or an
// error.
func (c *wsClient) ask(t *testing.T, v map[string]any, want string) msg {
	t.Helper()
	c.send(v)
	m, _ := c.until(v["id"].(string), want, "error")
	return m
}

func hiringTrain(id string, extra map[string]any) map[string]any {
	m := map[string]any{
		"type": "train", "id": id,
		"dataset": map[string]any{"name": "hiring", "n": 1200, "seed": 3},
		"model":   map[string]any{"name": "logistic", "epochs": 60, "seed": 1},
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// checkRate checks that a rate message is num/den with its value, or null
// with a why code when den is 0.
func checkRate(t *testing.T, what string, r any) {
	t.Helper()
	num, den := getNum(t, r, "num"), getNum(t, r, "den")
	v := get(r, "value")
	if den == 0 {
		if v != nil || get(r, "why") == nil {
			t.Errorf("%s: %v, want value null with why", what, r)
		}
		return
	}
	f, ok := v.(float64)
	if !ok || math.Abs(f-num/den) > 1e-12 {
		t.Errorf("%s: value %v, want %v/%v", what, v, num, den)
	}
}

func TestEvaluateHiringByGroup(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	started := c.trainDone(t, hiringTrain("r", nil))

	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e1", "run": "r", "by": "home"}, "evaluation")
	if ev.str("type") != "evaluation" {
		t.Fatalf("evaluate: %v", ev)
	}
	if ev.str("run") != "r" || ev.str("task") != "classify" || ev.str("kind") != "table" {
		t.Errorf("evaluation header %v %v %v", ev["run"], ev["task"], ev["kind"])
	}
	if names := getList(ev, "class_names"); len(names) != 2 {
		t.Fatalf("class_names %v, want two", names)
	}
	if getNum(t, ev, "threshold") != 0.5 || getNum(t, ev, "positive") != 1 {
		t.Errorf("threshold %v positive %v, want 0.5 and 1", ev["threshold"], ev["positive"])
	}
	// The test part is the one the run held out: about 30 % of 1200 rows
	// (the default test share, split class by class).
	size := getNum(t, ev, "test", "size")
	if size != started.num("test_size") || math.Abs(size-360) > 2 {
		t.Errorf("test size %v, want the run's %v, about 360", size, started["test_size"])
	}
	checkRate(t, "accuracy", get(ev, "test", "accuracy"))
	acc := getNum(t, ev, "test", "accuracy", "value")
	lo, hi := getNum(t, ev, "test", "interval", "low"), getNum(t, ev, "test", "interval", "high")
	if !(lo < acc && acc < hi) || acc < 0.6 {
		t.Errorf("accuracy %v with interval [%v, %v]", acc, lo, hi)
	}
	// The confusion matrix counts every test row; its diagonal is the
	// accuracy's numerator.
	var total, diag float64
	for i, row := range getList(ev, "test", "confusion") {
		for j, n := range row.([]any) {
			total += n.(float64)
			if i == j {
				diag += n.(float64)
			}
		}
	}
	if total != size || diag != getNum(t, ev, "test", "accuracy", "num") {
		t.Errorf("confusion counts %v rows, %v right; want %v and the accuracy's numerator", total, diag, size)
	}
	for _, pc := range getList(ev, "test", "per_class") {
		checkRate(t, "precision", get(pc, "precision"))
		checkRate(t, "recall", get(pc, "recall"))
	}

	// Groups: city and village, with their rates and the gaps between them.
	groups := getList(ev, "groups", "groups")
	if len(groups) != 2 || get(ev, "groups", "attribute") != "home" || get(ev, "groups", "feature") != false {
		t.Fatalf("groups %v", get(ev, "groups"))
	}
	var count float64
	sel := make([]float64, 2)
	for k, g := range groups {
		count += getNum(t, g, "count")
		for _, r := range []string{"base_rate", "selection_rate", "accuracy", "tpr", "fpr", "fnr"} {
			checkRate(t, r, get(g, r))
		}
		sel[k] = getNum(t, g, "selection_rate", "value")
	}
	if count != size {
		t.Errorf("the groups count %v rows, want %v", count, size)
	}
	// The demographic-parity difference is the gap between the two
	// selection rates, which the hiring data's built-in penalty makes
	// visible: village applicants are selected less.
	dp := getNum(t, ev, "groups", "gaps", "demographic_parity_diff", "value")
	if math.Abs(dp-math.Abs(sel[0]-sel[1])) > 1e-9 || sel[1] >= sel[0] {
		t.Errorf("demographic parity difference %v, selection rates %v (city, village)", dp, sel)
	}
	if n := len(getList(ev, "groups", "sweep")); n != 21 {
		t.Errorf("%d sweep points, want 21 (every 0.05)", n)
	}
	for _, k := range []string{"confusion", "groups", "tradeoff"} {
		if s, _ := get(ev, "plots", k).(string); !strings.HasPrefix(strings.TrimSpace(s), "<svg") && !strings.Contains(s, "<svg") {
			t.Errorf("no %s plot", k)
		}
	}
	if f := get(ev, "plots", "tradeoff_frame"); getNum(t, f, "right") <= getNum(t, f, "left") || getNum(t, f, "x_max") != 1 {
		t.Errorf("trade-off frame %v", f)
	}

	// A lower threshold selects at least as many in every group; a
	// threshold of its own for the village changes only the village.
	lowT := c.ask(t, map[string]any{"type": "evaluate", "id": "e2", "run": "r", "by": "home", "threshold": 0.2}, "evaluation")
	for k := range groups {
		if s := getNum(t, lowT, "groups", "groups", k, "selection_rate", "value"); s < sel[k] {
			t.Errorf("group %d: selection rate %v at threshold 0.2, below %v at 0.5", k, s, sel[k])
		}
	}
	per := c.ask(t, map[string]any{"type": "evaluate", "id": "e3", "run": "r", "by": "home", "thresholds": map[string]float64{"village": 0.2}}, "evaluation")
	ths := getList(per, "groups", "thresholds")
	if len(ths) != 2 || ths[0] != 0.5 || ths[1] != 0.2 {
		t.Errorf("thresholds %v, want [0.5 0.2]", ths)
	}
	if a, b := getNum(t, per, "groups", "groups", 0, "selection_rate", "value"), sel[0]; a != b {
		t.Errorf("city selection rate %v with a village threshold, want it unchanged at %v", a, b)
	}
	if a, b := getNum(t, per, "groups", "groups", 1, "selection_rate", "value"), getNum(t, lowT, "groups", "groups", 1, "selection_rate", "value"); a != b {
		t.Errorf("village selection rate %v at its own threshold 0.2, want %v as with 0.2 for all", a, b)
	}

	// Probes: switching home, which the model does not see, changes
	// nothing; giving every row the other group's typical commute does.
	pa := c.ask(t, map[string]any{"type": "probe", "id": "p1", "run": "r", "kind": "attribute", "attribute": "home"}, "probed")
	if pa.str("type") != "probed" || get(pa, "attribute", "feature") != false || getNum(t, pa, "attribute", "flips", "count") != 0 ||
		getNum(t, pa, "attribute", "flips", "total") != size {
		t.Errorf("attribute probe: %v", pa["attribute"])
	}
	pp := c.ask(t, map[string]any{"type": "probe", "id": "p2", "run": "r", "kind": "attribute", "attribute": "home", "proxy": "commute"}, "probed")
	if get(pp, "attribute", "feature") != true || getNum(t, pp, "attribute", "flips", "count") == 0 || len(getList(pp, "attribute", "medians")) != 2 {
		t.Errorf("proxy probe: %v", pp["attribute"])
	}
	checkRate(t, "flip share", get(pp, "attribute", "flips", "share"))
	if by := getList(pp, "attribute", "by_group"); len(by) != 2 || get(by[1], "title") != "village" {
		t.Errorf("by_group %v", by)
	}

	// The plots follow the connection's language.
	c.send(map[string]any{"type": "lang", "id": "l", "lang": "ru"})
	c.until("l", "lang")
	ru := c.ask(t, map[string]any{"type": "evaluate", "id": "e4", "run": "r", "by": "home"}, "evaluation")
	if s, _ := get(ru, "plots", "confusion").(string); !strings.Contains(s, "Матрица ошибок") {
		t.Error("the Russian confusion plot lacks its Russian title")
	}
}

func TestEvaluateTrainingChoices(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	started := c.trainDone(t, hiringTrain("r", map[string]any{
		"attributes": []string{"home"}, "drop": []string{"commute"},
		"mitigation": "reweight", "mitigate_by": "home", "validation_split": 0.2,
	}))
	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "r", "by": "home"}, "evaluation")
	if ev.str("type") != "evaluation" {
		t.Fatalf("evaluate: %v", ev)
	}
	tr := get(ev, "training")
	if get(tr, "mitigation") != "reweight" || get(tr, "mitigate_by") != "home" || get(tr, "attributes", 0) != "home" || get(tr, "dropped", 0) != "commute" {
		t.Errorf("training %v", tr)
	}
	if get(ev, "groups", "feature") != true {
		t.Errorf("home was given as a feature; groups say %v", get(ev, "groups", "feature"))
	}
	// About 20 % of 1200 rows are held out for validation, 30 % for the
	// test; the rest, and only the rest, is trained on.
	v, s := getNum(t, ev, "validation", "size"), getNum(t, ev, "test", "size")
	if math.Abs(v-240) > 2 || math.Abs(s-360) > 2 || started.num("train_size")+v+s != 1200 {
		t.Errorf("validation %v, test %v and training %v rows; want about 240, 360 and the rest of 1200", v, s, started["train_size"])
	}
	if !strings.Contains(asString(get(ev, "features")), `"home"`) {
		t.Errorf("features %v lack home", get(ev, "features"))
	}
	// The switched group now changes decisions: the model sees it.
	pa := c.ask(t, map[string]any{"type": "probe", "id": "p", "run": "r", "kind": "attribute", "attribute": "home"}, "probed")
	if get(pa, "attribute", "feature") != true || get(pa, "attribute", "value_titles", 0) == "city" {
		t.Errorf("probe of a model that sees home: feature %v, titles %v (want Kazakh titles)",
			get(pa, "attribute", "feature"), get(pa, "attribute", "value_titles"))
	}
}

func asString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestEvaluateShortcutAndLearningCurve(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	// At a dial of 1 the sticker always gives the class away: the model
	// leans on it, and the reversed test set, where it lies, shows it.
	c.trainDone(t, map[string]any{
		"type": "train", "id": "s",
		"dataset": map[string]any{"name": "shortcut", "n": 800, "seed": 2, "correlation": 1},
		"model":   map[string]any{"name": "logistic", "epochs": 60, "seed": 1},
	})
	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "s", "learning_curve": true}, "evaluation")
	if ev.str("type") != "evaluation" {
		t.Fatalf("evaluate: %v", ev)
	}
	normal, reversed := getNum(t, ev, "shortcut", "normal", "accuracy", "value"), getNum(t, ev, "shortcut", "reversed", "accuracy", "value")
	drop := getNum(t, ev, "shortcut", "drop", "value")
	if get(ev, "shortcut", "feature") != "sticker" || getNum(t, ev, "shortcut", "correlation") != 1 ||
		normal-reversed < 0.3 || math.Abs(drop-(normal-reversed)) > 1e-9 {
		t.Errorf("shortcut %v: normal %v, reversed %v, drop %v", get(ev, "shortcut", "feature"), normal, reversed, drop)
	}
	pts := getList(ev, "learning_curve", "points")
	if len(pts) != 5 || get(ev, "learning_curve", "metric") != "accuracy" {
		t.Fatalf("learning curve %v", get(ev, "learning_curve"))
	}
	if getNum(t, pts[0], "train_size") >= getNum(t, pts[4], "train_size") {
		t.Errorf("learning curve sizes %v … %v do not grow", get(pts[0], "train_size"), get(pts[4], "train_size"))
	}
	if s, _ := get(ev, "plots", "learning_curve").(string); !strings.Contains(s, "<svg") {
		t.Error("no learning-curve plot")
	}
	// Misclassified rows carry their features in the model's columns.
	for _, m := range getList(ev, "misclassified") {
		if len(getList(m, "features")) != 3 {
			t.Fatalf("misclassified %v: want 3 features", m)
		}
	}
}

func TestEvaluateMoonsAndSine(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.trainDone(t, trainMsg("m", 40))
	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "m"}, "evaluation")
	if ev.str("type") != "evaluation" || ev["groups"] != nil || ev["shortcut"] != nil || get(ev, "plots", "groups") != nil {
		t.Fatalf("moons evaluation: %v", ev)
	}
	if n := getNum(t, ev, "misclassified_count"); int(n) < len(getList(ev, "misclassified")) {
		t.Errorf("misclassified_count %v below the %d listed", n, len(getList(ev, "misclassified")))
	}

	// A polynomial fitted on the sine: residuals, and how it goes wrong
	// beyond the range it saw.
	c.trainDone(t, map[string]any{
		"type": "train", "id": "p",
		"dataset": map[string]any{"name": "sine", "n": 200, "seed": 1},
		"model":   map[string]any{"name": "poly", "degree": 5},
	})
	rv := c.ask(t, map[string]any{"type": "evaluate", "id": "e2", "run": "p"}, "evaluation")
	if rv.str("task") != "regress" || getNum(t, rv, "regression", "test", "r2", "value") < 0.5 {
		t.Errorf("regression evaluation %v", rv["regression"])
	}
	if s, _ := get(rv, "plots", "residuals").(string); !strings.Contains(s, "<svg") {
		t.Error("no residuals plot")
	}
	px := c.ask(t, map[string]any{"type": "probe", "id": "x", "run": "p", "kind": "extrapolate"}, "probed")
	in, out := getNum(t, px, "extrapolate", "inside", "mse", "value"), getNum(t, px, "extrapolate", "beyond", "mse", "value")
	if out <= in {
		t.Errorf("extrapolation: MSE %v beyond the range, %v inside; want larger beyond", out, in)
	}
	if s, _ := get(px, "plots", "extrapolate").(string); !strings.Contains(s, "<svg") {
		t.Error("no extrapolation plot")
	}
}

func TestEvaluateTextProbe(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	c.trainDone(t, map[string]any{
		"type": "train", "id": "t",
		"dataset": map[string]any{"name": "sentiment-en"},
		"model":   map[string]any{"name": "textnb"},
	})
	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "t"}, "evaluation")
	for _, m := range getList(ev, "misclassified") {
		if s, _ := get(m, "text").(string); s == "" {
			t.Fatalf("misclassified text example without its text: %v", m)
		}
	}
	p := c.ask(t, map[string]any{"type": "probe", "id": "p", "run": "t", "kind": "text"}, "probed")
	groups, pairs := getList(p, "text", "groups"), getList(p, "text", "pairs")
	if p.str("type") != "probed" || len(groups) < 2 || len(pairs) != len(groups)*(len(groups)-1)/2 {
		t.Fatalf("text probe: %v", p["text"])
	}
	for _, pr := range pairs {
		if get(pr, "a_title") == "" || getNum(t, pr, "flips", "total") != getNum(t, groups[0], "texts") {
			t.Errorf("pair %v", pr)
		}
	}
}

func TestEvaluateMalformedAndTheConnectionGoesOn(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	c.trainDone(t, hiringTrain("r", nil))
	c.trainDone(t, trainMsg("m", 5))
	tr, err := web.LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	_, internal := tr.Error(i18n.KK, errors.New("x"))
	cases := []struct {
		name  string
		data  string
		code  string
		field string
	}{
		{"unknown run", `{"type":"evaluate","id":"x","run":"nope"}`, "unknown_run", "run"},
		{"missing run", `{"type":"evaluate","id":"x"}`, "missing_field", "run"},
		{"bad by", `{"type":"evaluate","id":"x","run":"r","by":"age"}`, "unknown_attribute", "by"},
		{"by of a dataset without groups", `{"type":"evaluate","id":"x","run":"m","by":"home"}`, "unknown_attribute", "by"},
		{"threshold above 1", `{"type":"evaluate","id":"x","run":"r","threshold":1.5}`, "out_of_range", "threshold"},
		{"threshold below 0", `{"type":"evaluate","id":"x","run":"r","threshold":-0.1}`, "out_of_range", "threshold"},
		{"threshold not a number", `{"type":"evaluate","id":"x","run":"r","threshold":"high"}`, "bad_field", "threshold"},
		{"group threshold out of range", `{"type":"evaluate","id":"x","run":"r","by":"home","thresholds":{"village":2}}`, "out_of_range", "thresholds.village"},
		{"group thresholds without by", `{"type":"evaluate","id":"x","run":"r","thresholds":{"village":0.4}}`, "missing_field", "by"},
		{"unknown group", `{"type":"evaluate","id":"x","run":"r","by":"home","thresholds":{"town":0.4}}`, "bad_field", "thresholds.town"},
		{"unknown class", `{"type":"evaluate","id":"x","run":"r","positive":"maybe"}`, "unknown_class", "positive"},
		{"unknown field", `{"type":"evaluate","id":"x","run":"r","colour":"red"}`, "bad_field", "colour"},
		{"learning curve not a bool", `{"type":"evaluate","id":"x","run":"r","learning_curve":"yes"}`, "bad_field", "learning_curve"},
		{"wrong kind", `{"type":"probe","id":"x","run":"r","kind":"magic"}`, "bad_choice", "kind"},
		{"missing kind", `{"type":"probe","id":"x","run":"r"}`, "missing_field", "kind"},
		{"probe of an unknown run", `{"type":"probe","id":"x","run":"nope","kind":"attribute","attribute":"home"}`, "unknown_run", "run"},
		{"text probe of a table model", `{"type":"probe","id":"x","run":"r","kind":"text"}`, "probe_unsupported", "kind"},
		{"background probe of a table model", `{"type":"probe","id":"x","run":"r","kind":"background"}`, "probe_unsupported", "kind"},
		{"unknown attribute to switch", `{"type":"probe","id":"x","run":"r","kind":"attribute","attribute":"age"}`, "unknown_attribute", "attribute"},
		{"unknown proxy", `{"type":"probe","id":"x","run":"r","kind":"attribute","attribute":"home","proxy":"salary"}`, "unknown_feature", "proxy"},
		{"train: unknown attribute", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"attributes":["age"]}`, "unknown_attribute", "attributes[0]"},
		{"train: unknown feature to drop", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"drop":["salary"]}`, "unknown_feature", "drop[0]"},
		{"train: every feature dropped", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"drop":["experience","score","commute"]}`, "no_features", "drop"},
		{"train: unknown mitigation", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"mitigation":"magic","mitigate_by":"home"}`, "bad_choice", "mitigation"},
		{"train: reweighting a model without weights", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"knn"},"mitigation":"reweight","mitigate_by":"home"}`, "mitigation_unsupported", "mitigation"},
		{"train: attributes not a list", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"attributes":"home"}`, "bad_field", "attributes"},
		{"train: validation share too large", `{"type":"train","id":"t","dataset":{"name":"hiring"},"model":{"name":"logistic"},"validation_split":0.9}`, "out_of_range", "validation_split"},
	}
	for _, tc := range cases {
		c.sendRaw(1, []byte(tc.data)) // 1 = websocket.TextMessage
		m := c.next()
		if m.str("type") != "error" || m.str("code") != tc.code || m.str("field") != tc.field {
			t.Errorf("%s: got %v, want %s on %q", tc.name, m, tc.code, tc.field)
			continue
		}
		if msg := m.str("message"); msg == "" || msg == internal || strings.Contains(msg, "{") {
			t.Errorf("%s: message %q, want a Kazakh sentence for %s", tc.name, msg, tc.code)
		}
	}
	// The connection still trains, and still evaluates.
	c.trainDone(t, trainMsg("after", 5))
	if ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "after"}, "evaluation"); ev.str("type") != "evaluation" {
		t.Errorf("evaluate after the errors: %v", ev)
	}
}

func TestEvalCatalogFields(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=ru")
	ds := c.ask(t, map[string]any{"type": "datasets", "id": "d"}, "datasets")
	found := map[string]bool{}
	for _, d := range getList(ds, "datasets") {
		switch get(d, "name") {
		case "hiring":
			found["hiring"] = get(d, "attributes", 0, "name") == "home" && len(getList(d, "attributes", 0, "value_titles")) == 2 &&
				get(d, "attributes", 0, "title") != "home"
		case "shortcut":
			found["shortcut"] = get(d, "shortcut") == "sticker"
		case "moons":
			found["moons"] = get(d, "attributes") == nil
		}
	}
	if !found["hiring"] || !found["shortcut"] || !found["moons"] {
		t.Errorf("datasets: hiring with its attribute in Russian, shortcut with its sticker, moons without groups: %v", found)
	}
	ms := c.ask(t, map[string]any{"type": "models", "id": "m"}, "models")
	if get(ms, "validation_split", "name") != "validation_split" || getNum(t, ms, "validation_split", "max") <= 0 {
		t.Errorf("models: validation_split %v", get(ms, "validation_split"))
	}
	for _, m := range getList(ms, "models") {
		if get(m, "name") == "logistic" && asString(get(m, "mitigations")) != `["reweight","resample"]` {
			t.Errorf("logistic's mitigations %v", get(m, "mitigations"))
		}
	}
}

// TestEvalTranslations checks that every code an evaluation may send is
// said in every language: the error codes, and the why codes the page
// shows for a value that is not defined.
func TestEvalTranslations(t *testing.T) {
	tr, err := web.LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	codes := []*sandbox.Error{
		{Code: sandbox.CodeUnknownAttribute}, {Code: sandbox.CodeUnknownFeature}, {Code: sandbox.CodeNoFeatures},
		{Code: sandbox.CodeUnknownClass}, {Code: sandbox.CodeNeedsBinary}, {Code: sandbox.CodeNotEvaluable},
		{Code: sandbox.CodeMitigationUnsupported}, {Code: sandbox.CodeProbeUnsupported}, {Code: "learning_curve_busy"},
	}
	for _, r := range []string{"weights", "not_classification", "no_attributes"} {
		codes = append(codes, &sandbox.Error{Code: sandbox.CodeMitigationUnsupported, Params: map[string]any{"reason": r}})
	}
	for _, r := range []string{"not_table", "not_text", "no_templates", "no_backgrounds", "not_regression", "no_formula", "two_values"} {
		codes = append(codes, &sandbox.Error{Code: sandbox.CodeProbeUnsupported, Params: map[string]any{"reason": r}})
	}
	codes = append(codes, &sandbox.Error{Code: sandbox.CodeGroupTooSmall, Field: "train_group.value",
		Params: map[string]any{"attribute": "island", "value": "Torgersen", "rows": 1, "min": 2}})
	for _, l := range i18n.All {
		seen := map[string]string{}
		for _, e := range codes {
			code, msg := tr.Error(l, e)
			if code != e.Code || msg == "" {
				t.Errorf("%s: %v has no message (code %q)", l, e, code)
			}
			// An error given its params says them all.
			if e.Code == sandbox.CodeGroupTooSmall {
				for _, want := range []string{"island", "Torgersen", "1", "2"} {
					if !strings.Contains(msg, want) || strings.Contains(msg, "{") {
						t.Errorf("%s: %v: message %q does not say %q", l, e, msg, want)
					}
				}
			}
			if reason, ok := e.Params["reason"].(string); ok {
				if prev, dup := seen[e.Code]; dup && prev == msg {
					t.Errorf("%s: %s reason %s says only the generic %q", l, e.Code, reason, msg)
				}
			} else {
				seen[e.Code] = msg
			}
		}
		data, err := os.ReadFile(filepath.Join("i18n", "eval", string(l)+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var texts map[string]string
		if err := json.Unmarshal(data, &texts); err != nil {
			t.Fatal(err)
		}
		for _, why := range []string{
			evaluate.WhyNotDefined, evaluate.WhyNoExamples, evaluate.WhyEmptyGroup, evaluate.WhyNoPositives, evaluate.WhyNoNegatives,
			evaluate.WhyNoPredictedPositives, evaluate.WhyClassAbsent, evaluate.WhyFewerThanTwoGroups, evaluate.WhyZeroSelection,
			evaluate.WhyNoProbabilities, evaluate.WhyNotFinite, "too_few_examples", "diverged", "constant_target",
		} {
			if texts["eval.why."+why] == "" {
				t.Errorf("%s: no text for the why code %q", l, why)
			}
		}
	}
}

// penguinsTrain trains a logistic regression on the penguins, with extra
// fields.
func penguinsTrain(id string, extra map[string]any) map[string]any {
	m := map[string]any{
		"type": "train", "id": id,
		"dataset": map[string]any{"name": "penguins", "seed": 1},
		"model":   map[string]any{"name": "logistic", "epochs": 100, "seed": 1},
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// TestTrainOnOneGroup trains on the birds of Dream only, where no Gentoo
// lives (every Gentoo of the study is on Biscoe, datasets/biology.go): the
// started message names the Gentoo as unseen, in the connection's
// language; the test part keeps every island; and the Gentoo row of the
// confusion matrix has no right answer.
func TestTrainOnOneGroup(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=ru")
	all := c.trainDone(t, penguinsTrain("all", nil))
	if get(all, "unseen") != nil || get(all, "target") != nil {
		t.Errorf("trained on every island: unseen %v, target %v; want neither", get(all, "unseen"), get(all, "target"))
	}
	started := c.trainDone(t, penguinsTrain("dream", map[string]any{"train_group": map[string]any{"attribute": "island", "value": "Dream"}}))
	classes := getList(started, "classes")
	// The Gentoo is the third class; its Russian title is not its name.
	if len(classes) != 3 || classes[2] == "Gentoo" || asString(get(started, "unseen")) != asString([]any{classes[2]}) {
		t.Fatalf("unseen %v of classes %v, want the Russian title of the Gentoo", get(started, "unseen"), classes)
	}
	if started.num("test_size") != all.num("test_size") || started.num("train_size") >= all.num("train_size")/2 {
		t.Errorf("trained on %v, tested on %v; on every island %v and %v", started["train_size"], started["test_size"], all["train_size"], all["test_size"])
	}

	ev := c.ask(t, map[string]any{"type": "evaluate", "id": "e", "run": "dream", "by": "island"}, "evaluation")
	if ev.str("type") != "evaluation" {
		t.Fatalf("evaluate: %v", ev)
	}
	if tg := get(ev, "training", "train_group"); get(tg, "attribute") != "island" || get(tg, "value") != "Dream" {
		t.Errorf("training.train_group %v, want island Dream", tg)
	}
	k := -1
	for i, n := range getList(ev, "class_names") {
		if n == "Gentoo" {
			k = i
		}
	}
	conf := getList(ev, "test", "confusion")
	if k < 0 || len(conf) != 3 {
		t.Fatalf("class_names %v, confusion %v", get(ev, "class_names"), conf)
	}
	row := getList(conf[k])
	var birds float64
	for _, n := range row {
		birds += n.(float64)
	}
	if birds == 0 || row[k].(float64) != 0 {
		t.Errorf("the Gentoo row %v: want test Gentoos, none called Gentoo", row)
	}
	for i := range conf {
		if n := getNum(t, conf[i], k); n != 0 {
			t.Errorf("%v birds of class %d called Gentoo, a class the model never saw", n, i)
		}
	}
	// Every island is in the test part, Biscoe (with every Gentoo) too.
	for _, g := range getList(ev, "groups", "groups") {
		if getNum(t, g, "count") == 0 {
			t.Errorf("island %v has no test birds", get(g, "group"))
		}
	}
	var plain float64
	for _, g := range getList(ev, "groups", "groups") {
		if get(g, "group") == "Biscoe" {
			plain = getNum(t, g, "accuracy", "value")
		}
	}
	if plain > 0.7 {
		t.Errorf("accuracy %v on Biscoe, where most birds are Gentoos it never saw: want it low", plain)
	}
}

// TestTrainGroupErrors: a group the data lacks, a malformed group, and a
// group too small to learn from, each answered with its code, field and a
// translated message.
func TestTrainGroupErrors(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=kk")
	for _, tc := range []struct {
		name   string
		data   string
		code   string
		field  string
		saying []string // parts of the message
	}{
		{"unknown island", `{"type":"train","id":"t","dataset":{"name":"penguins"},"model":{"name":"logistic"},"train_group":{"attribute":"island","value":"Anvers"}}`,
			"bad_choice", "train_group.value", []string{"Dream"}},
		{"unknown attribute", `{"type":"train","id":"t","dataset":{"name":"penguins"},"model":{"name":"logistic"},"train_group":{"attribute":"sex","value":"f"}}`,
			"unknown_attribute", "train_group.attribute", []string{"sex"}},
		{"no value", `{"type":"train","id":"t","dataset":{"name":"penguins"},"model":{"name":"logistic"},"train_group":{"attribute":"island"}}`,
			"missing_field", "train_group.value", nil},
		{"not an object", `{"type":"train","id":"t","dataset":{"name":"penguins"},"model":{"name":"logistic"},"train_group":"Dream"}`,
			"bad_field", "train_group", nil},
		{"an unknown field", `{"type":"train","id":"t","dataset":{"name":"penguins"},"model":{"name":"logistic"},"train_group":{"attribute":"island","value":"Dream","sex":"f"}}`,
			"bad_field", "train_group.sex", nil},
		{"a dataset without groups", `{"type":"train","id":"t","dataset":{"name":"moons"},"model":{"name":"logistic"},"train_group":{"attribute":"island","value":"Dream"}}`,
			"unknown_attribute", "train_group.attribute", nil},
		// Ten birds with seed 3 leave no Torgersen bird in the training
		// part (found by trying seeds; Torgersen has 52 of 344 birds).
		{"too small", `{"type":"train","id":"t","dataset":{"name":"penguins","n":10,"seed":3},"model":{"name":"logistic"},"train_group":{"attribute":"island","value":"Torgersen"}}`,
			"group_too_small", "train_group.value", []string{"Torgersen", "island", "0", "2"}},
	} {
		c.sendRaw(1, []byte(tc.data)) // 1 = websocket.TextMessage
		m, _ := c.until("t", "error", "done")
		if m.str("type") != "error" || m.str("code") != tc.code || m.str("field") != tc.field {
			t.Errorf("%s: got %v, want %s on %q", tc.name, m, tc.code, tc.field)
			continue
		}
		msg := m.str("message")
		if msg == "" || strings.Contains(msg, "{") {
			t.Errorf("%s: message %q", tc.name, msg)
		}
		for _, s := range tc.saying {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: message %q does not say %q", tc.name, msg, s)
			}
		}
	}
	if _, msg := mustTranslations(t).Error(i18n.KK, &sandbox.Error{Code: sandbox.CodeGroupTooSmall,
		Params: map[string]any{"attribute": "island", "value": "Torgersen", "rows": 0, "min": 2}}); !strings.Contains(msg, "тобының") {
		t.Errorf("group_too_small in Kazakh: %q", msg)
	}
}

func mustTranslations(t *testing.T) *web.Translations {
	t.Helper()
	tr, err := web.LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestProbeExtrapolateFeature sweeps one feature of a physics set with
// the others held: at their medians, or at a value the probe fixes; as
// far beyond the training range as the reach asks.
func TestProbeExtrapolateFeature(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=en")
	started := c.trainDone(t, map[string]any{
		"type": "train", "id": "proj",
		"dataset": map[string]any{"name": "projectile", "n": 400, "seed": 1},
		"model":   map[string]any{"name": "poly", "degree": 3},
	})
	if started.str("target") != "Range R (m)" {
		t.Errorf("started target %q, want the card's Range R (m)", started.str("target"))
	}
	c.trainDone(t, map[string]any{
		"type": "train", "id": "fall",
		"dataset": map[string]any{"name": "falling", "n": 400, "seed": 1},
		"model":   map[string]any{"name": "poly", "degree": 3},
	})
	for _, tc := range []struct {
		name, run, feature string
		fixed              map[string]float64
		reach              float64
		held               string  // the feature held
		heldFixed          bool    // at the value fixed
		heldValue          float64 // its value, when fixed
		// The training values of the feature are drawn from [lo, hi)
		// (datasets/physics.go); the sweep goes from 0 (it stops there for
		// a speed, an angle or a mass) to about hi + reach·(hi − lo): the
		// 280 training values come within 2 % of the range of each end,
		// which the reach multiplies.
		lo, hi float64
	}{
		// Launch angles of 10–80°, a whole range beyond: up to 150°.
		{"projectile angle", "proj", "angle", nil, 1, "speed", false, 0, 10, 80},
		// Speeds of 5–20 m/s, half a range beyond by default: 27.5 m/s.
		{"projectile speed", "proj", "", nil, 0, "angle", false, 0, 5, 20},
		// Balls of 0.05–0.5 kg asked about up to 0.5 + 10·0.45 = 5 kg,
		// 5 s after they were let go.
		{"falling mass", "fall", "mass", map[string]float64{"time": 5}, 10, "time", true, 5, 0.05, 0.5},
	} {
		req := map[string]any{"type": "probe", "id": "x", "run": tc.run, "kind": "extrapolate"}
		if tc.feature != "" {
			req["feature"] = tc.feature
		}
		if tc.fixed != nil {
			req["fixed"] = tc.fixed
		}
		if tc.reach != 0 {
			req["reach"] = tc.reach
		}
		p := c.ask(t, req, "probed")
		x := get(p, "extrapolate")
		if p.str("type") != "probed" || x == nil {
			t.Fatalf("%s: %v", tc.name, p)
		}
		want := tc.feature
		if want == "" {
			want = "speed" // the first feature
		}
		reach := tc.reach
		if reach == 0 {
			reach = 0.5
		}
		span := tc.hi - tc.lo
		if get(x, "feature") != want || get(x, "feature_title") == want || get(x, "target_title") != "Range R (m)" && tc.run == "proj" {
			t.Errorf("%s: feature %v (%v), target %v", tc.name, get(x, "feature"), get(x, "feature_title"), get(x, "target_title"))
		}
		if from, to := getNum(t, x, "from"), getNum(t, x, "to"); from != 0 || math.Abs(to-(tc.hi+reach*span)) > (1+2*reach)*0.02*span {
			t.Errorf("%s: swept from %v to %v, want 0 to about %v", tc.name, from, to, tc.hi+reach*span)
		}
		held := getList(x, "held")
		if len(held) != 1 || get(held[0], "feature") != tc.held || get(held[0], "fixed") != tc.heldFixed ||
			tc.heldFixed && getNum(t, held[0], "value") != tc.heldValue || get(held[0], "title") == tc.held {
			t.Errorf("%s: held %v, want %s (fixed %v) with its title", tc.name, held, tc.held, tc.heldFixed)
		}
		if in, out := getNum(t, x, "inside", "mse", "value"), getNum(t, x, "beyond", "mse", "value"); !(out > in) {
			t.Errorf("%s: MSE %v beyond the range, %v inside; want larger beyond", tc.name, out, in)
		}
		svg, _ := get(p, "plots", "extrapolate").(string)
		if !strings.Contains(svg, "<svg") || !strings.Contains(svg, get(held[0], "title").(string)) {
			t.Errorf("%s: the plot does not name the held feature %v", tc.name, get(held[0], "title"))
		}
	}

	// What the probe cannot do is said with its field.
	for _, tc := range []struct {
		name, data, code, field string
	}{
		{"a feature the data lacks", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","feature":"speed"}`, "unknown_feature", "feature"},
		{"holding the swept feature", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","feature":"mass","fixed":{"mass":1}}`, "bad_field", "fixed.mass"},
		{"holding a feature the data lacks", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","fixed":{"height":1}}`, "unknown_feature", "fixed.height"},
		{"fixed not numbers", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","fixed":{"time":"late"}}`, "bad_field", "fixed"},
		{"fixed not an object", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","fixed":[5]}`, "bad_field", "fixed"},
		{"reach too far", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","reach":11}`, "out_of_range", "reach"},
		{"reach backwards", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","reach":-1}`, "out_of_range", "reach"},
		{"reach not a number", `{"type":"probe","id":"x","run":"fall","kind":"extrapolate","reach":"far"}`, "bad_field", "reach"},
	} {
		c.sendRaw(1, []byte(tc.data))
		m := c.next()
		if m.str("type") != "error" || m.str("code") != tc.code || m.str("field") != tc.field {
			t.Errorf("%s: got %v, want %s on %q", tc.name, m, tc.code, tc.field)
		} else if msg := m.str("message"); msg == "" || strings.Contains(msg, "{") {
			t.Errorf("%s: message %q", tc.name, msg)
		}
	}
}

// TestTrainTargetTitles: a regression set's target is said with its unit
// in the connection's language, in datasets and in started.
func TestTrainTargetTitles(t *testing.T) {
	ts := startServer(t, sandbox.Config{})
	c := dial(t, ts, "?lang=ru")
	ds := c.ask(t, map[string]any{"type": "datasets", "id": "d"}, "datasets")
	targets := map[string]any{}
	for _, d := range getList(ds, "datasets") {
		targets[get(d, "name").(string)] = get(d, "target")
	}
	// datasets/physics.go's card of the projectile; classifiers have none.
	if targets["projectile"] != "Дальность полёта R (м)" || targets["penguins"] != nil || targets["moons"] != nil {
		t.Errorf("targets %v", targets)
	}
	started := c.trainDone(t, map[string]any{
		"type": "train", "id": "p",
		"dataset": map[string]any{"name": "projectile", "n": 200, "seed": 1},
		"model":   map[string]any{"name": "linear"},
	})
	if started.str("target") != "Дальность полёта R (м)" {
		t.Errorf("started target %q", started.str("target"))
	}
}
