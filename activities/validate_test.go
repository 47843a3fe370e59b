package activities

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

func readBase(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/base.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lineOf returns the line (from 1) of the first occurrence of needle in s.
func lineOf(t *testing.T, s, needle string) int {
	t.Helper()
	i := strings.Index(s, needle)
	if i < 0 {
		t.Fatalf("%q is not in the file", needle)
	}
	return strings.Count(s[:i], "\n") + 1
}

// replace replaces exactly one occurrence of old in s.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times in the base file, want once", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

func TestBaseIsValid(t *testing.T) {
	a, err := Parse([]byte(readBase(t)), "base.json")
	if err != nil {
		t.Fatal(err)
	}
	if ps := Validate(a, testCatalog{}); len(ps) > 0 {
		t.Fatalf("the base file has problems:\n%s", Problems(ps))
	}
	if got := a.Languages(); len(got) != 3 {
		t.Errorf("Languages = %v, want all three", got)
	}
}

// TestValidateReports breaks the base file one way at a time and checks
// that exactly that problem is reported, with its path and its line.
func TestValidateReports(t *testing.T) {
	base := readBase(t)
	tests := []struct {
		name     string
		old, new string // the edit
		path     string // the problem's path
		line     string // a text whose line is the problem's line
		msg      string // a part of its English message
	}{
		{"id not a slug", `"id": "test-base"`, `"id": "Test_Base"`, "id", `"id": "Test_Base"`, "cannot be an id"},
		{"id missing", `"id": "test-base",`, ``, "id", `{`, "missing"},
		{"version zero", `"version": 1,`, `"version": 0,`, "version", `"version": 0`, "from 1"},
		{"subject unknown", `"subject": "maths"`, `"subject": "history"`, "subject", `"subject"`, `"history" is not allowed`},
		{"grade unknown", `"grades": ["8-9"]`, `"grades": ["8-9", "12"]`, "grades[1]", `"grades"`, `"12" is not allowed`},
		{"grade twice", `"grades": ["8-9"]`, `"grades": ["8-9", "8-9"]`, "grades[1]", `"grades"`, "appears earlier"},
		{"no grades", `"grades": ["8-9"]`, `"grades": []`, "grades", `"grades"`, "missing"},
		{"minutes too many", `"minutes": 20`, `"minutes": 120`, "minutes", `"minutes"`, "from 5 to 90"},
		{"title without ru", `"ru": "Шум и точность", `, ``, "title.ru", `"title"`, "the Russian text is missing"},
		{"summary kk blank", `"kk": "Модель оқытылып, шудың әсері тексеріледі."`, `"kk": "  "`, "summary.kk", `"kk": "  "`, "the Kazakh text is missing"},
		{"summary missing", `"summary": {
    "kk": "Модель оқытылып, шудың әсері тексеріледі.",
    "ru": "Модель обучается, и проверяется, как на неё влияет шум.",
    "en": "A model is trained and the effect of noise is checked."
  },`, ``, "summary", `{`, "the text is missing"},
		{"title two lines", `"en": "Noise and accuracy"`, `"en": "Noise\nand accuracy"`, "title.en", `"title"`, "one line"},
		{"title bold", `"en": "Noise and accuracy"`, `"en": "**Noise** and accuracy"`, "title.en", `"title"`, "plain text"},
		{"kk copied from ru", `"kk": "Шудың дәлдікті төмендететінін көрсету."`, `"kk": "Показать, что шум снижает точность."`, "objectives[0].kk", `{"kk": "Показать`, "same as the Russian"},
		{"no objectives", `"objectives": [
    {"kk": "Шудың дәлдікті төмендететінін көрсету.", "ru": "Показать, что шум снижает точность.", "en": "Show that noise lowers accuracy."}
  ],`, `"objectives": [],`, "objectives", `"objectives"`, "list is empty"},
		{"dimension unknown", `"dimension": "ai_techniques_applications"`, `"dimension": "robots"`, "competencies[0].dimension", `"robots"`, `"robots" is not allowed`},
		{"level unknown", `"level": "apply"`, `"level": "master"`, "competencies[0].level", `"master"`, `"master" is not allowed`},
		{"dataset unknown", `"datasets": ["blobs"]`, `"datasets": ["blobs", "moonz"]`, "datasets[1]", `"datasets"`, `there is no dataset "moonz"`},
		{"step id twice", `"id": "step",`, `"id": "train" ,`, "steps[1].id", `"id": "train" ,`, "appears earlier"},
		{"panel unknown", `"panel": "autograd"`, `"panel": "graph"`, "steps[1].panel", `"panel": "graph"`, `"graph" is not allowed`},
		{"markup not closed", `"en": "Press **Train**."`, `"en": "Press **Train."`, "steps[0].instructions.en", `"en": "Press **Train."`, "no second ** closes"},
		{"dataset not listed", `"dataset": {"value": "blobs", "locked": true}`, `"dataset": {"value": "moons", "locked": true}`, `steps[0].settings.dataset.value`, `"dataset": {"value": "moons"`, "not in the activity's datasets"},
		{"model unknown", `"model": {"value": "logistic"}`, `"model": {"value": "gpt"}`, `steps[0].settings.model.value`, `"model": {"value": "gpt"}`, `there is no model "gpt"`},
		{"model cannot learn dataset", `"model": {"value": "logistic"},
        "model.lr": {"value": 0.05, "hidden": true}`, `"model": {"value": "linear"}`, `steps[0].settings.model`, `"model": {"value": "linear"}`, "cannot learn from the dataset"},
		{"model setting unknown", `"model.lr": {"value": 0.05, "hidden": true}`, `"model.lrate": {"value": 0.05, "hidden": true}`, `steps[0].settings["model.lrate"]`, `"model.lrate"`, `the model "logistic" has no setting "lrate"`},
		{"model setting out of range", `"model.lr": {"value": 0.05, "hidden": true}`, `"model.lr": {"value": 50, "hidden": true}`, `steps[0].settings["model.lr"].value`, `"model.lr"`, "from 1e-05 to 10"},
		{"model setting wrong type", `"model.lr": {"value": 0.05, "hidden": true}`, `"model.lr": {"value": "fast", "hidden": true}`, `steps[0].settings["model.lr"].value`, `"model.lr"`, "should be a number"},
		{"model setting without a model", `"model": {"value": "logistic"},`, ``, `steps[0].settings["model.lr"]`, `"model.lr"`, `needs a model`},
		{"dataset setting out of range", `"dataset": {"value": "blobs", "locked": true},`, `"dataset": {"value": "blobs", "locked": true}, "dataset.noise": {"value": 0.9},`, `steps[0].settings["dataset.noise"].value`, `"dataset.noise"`, "from 0 to 0.5"},
		{"setting unknown", `"dataset": {"value": "blobs", "locked": true},`, `"dataset": {"value": "blobs", "locked": true}, "speed": {"value": 2},`, `steps[0].settings.speed`, `"speed"`, `there is no setting "speed"`},
		{"test split out of range", `"dataset": {"value": "blobs", "locked": true},`, `"dataset": {"value": "blobs", "locked": true}, "test_split": {"value": 0.95},`, `steps[0].settings.test_split.value`, `"test_split"`, "from 0.05 to 0.9"},
		{"preset does nothing", `"model": {"value": "logistic"},`, `"model": {"value": "logistic"}, "model.epochs": {},`, `steps[0].settings["model.epochs"]`, `"model.epochs"`, "does nothing"},
		{"preset null", `"model.lr": {"value": 0.05, "hidden": true}`, `"model.lr": {"value": null, "hidden": true}`, `steps[0].settings["model.lr"].value`, `"model.lr"`, "cannot be null"},
		{"panel setting on another panel", `"model": {"value": "logistic"},`, `"model": {"value": "logistic"}, "tokenizer.text": {"value": "Сәлем"},`, `steps[0].settings["tokenizer.text"]`, `"tokenizer.text"`, "belongs to the tokenizer panel"},
		{"training setting on the tokenizer", `"tokenizer.text": {"value": {"kk": "Сәлем!", "ru": "Привет!", "en": "Hello!"}}`, `"tokenizer.text": {"value": "Сәлем!"}, "model": {"value": "mlp"}`, `steps[2].settings.model`, `"model": {"value": "mlp"}`, "the tokenizer panel has no setting"},
		{"panel value out of range", `"autograd.lr": {"value": 0.25}`, `"autograd.lr": {"value": 20}`, `steps[1].settings["autograd.lr"].value`, `"autograd.lr"`, "from 0.0001 to 10"},
		{"text setting without en", `{"kk": "Сәлем!", "ru": "Привет!", "en": "Hello!"}`, `{"kk": "Сәлем!", "ru": "Привет!"}`, `steps[2].settings["tokenizer.text"].value`, `"tokenizer.text"`, `{"kk": …, "ru": …, "en": …}`},
		{"autograd param without value", `"autograd.params": {"value": ["w"]}`, `"autograd.params": {"value": ["w", "b"]}`, `steps[1].settings["autograd.params"].value[1]`, `"autograd.params"`, `"b" has no value`},
		{"kind unknown", `"kind": "text"`, `"kind": "essay"`, "steps[3].checkpoint.kind", `"kind": "essay"`, `"essay" is not allowed`},
		{"choice with one option", `,
          {"id": "low", "text": {"kk": "Төмен", "ru": "Низкая", "en": "Low"}}`, ``, "steps[0].checkpoint.options", `"options"`, "at least two options"},
		{"choice without correct", `"correct": ["high"],`, ``, "steps[0].checkpoint.correct", `"checkpoint": {`, "no right answer"},
		{"correct option that is not there", `"correct": ["high"]`, `"correct": ["hihg"]`, "steps[0].checkpoint.correct[0]", `"correct"`, `no option has the id "hihg"`},
		{"option id twice", `{"id": "low",`, `{"id": "high",`, "steps[0].checkpoint.options[1].id", `{"id": "high", "text": {"kk": "Төмен"`, "appears earlier"},
		{"option text without en", `"ru": "Низкая", "en": "Low"`, `"ru": "Низкая"`, "steps[0].checkpoint.options[1].text.en", `"ru": "Низкая"}`, "the English text is missing"},
		{"choice with a unit", `"correct": ["high"],`, `"correct": ["high"], "unit": {"kk": "%", "ru": "%", "en": "%"},`, "steps[0].checkpoint.unit", `"unit"`, "does not use unit"},
		{"number without tolerance", `"tolerance": 0.01,`, ``, "steps[1].checkpoint.tolerance", "\"checkpoint\": {\n        \"kind\": \"number\"", "tolerance is missing"},
		{"number with negative tolerance", `"tolerance": 0.01,`, `"tolerance": -0.01,`, "steps[1].checkpoint.tolerance", `"tolerance"`, "cannot be negative"},
		{"number without answer", `"answer": 1,`, ``, "steps[1].checkpoint.answer", "\"checkpoint\": {\n        \"kind\": \"number\"", "missing"},
		{"relative tolerance of zero", `"answer": 1,`, `"answer": 0, "relative": true,`, "steps[1].checkpoint.relative", `"relative"`, "answer of 0"},
		{"relative tolerance of everything", `"tolerance": 0.01,`, `"tolerance": 2, "relative": true,`, "steps[1].checkpoint.tolerance", `"tolerance": 2`, "accepts almost anything"},
		{"predict with correct", `"kind": "predict",`, `"kind": "predict", "correct": ["a"],`, "steps[2].checkpoint.correct", `"correct": ["a"]`, "no right answer"},
		{"text with answer", `"kind": "text",`, `"kind": "text", "answer": 3,`, "steps[3].checkpoint.answer", `"answer": 3`, "does not use answer"},
		{"teacher notes without ru", `"ru": "Точность близка к 100 %.", `, ``, "steps[0].teacher_notes.ru", `"teacher_notes"`, "the Russian text is missing"},
		{"hint with broken markup", `"en": "Look at the plot."`, `"en": "Look at the ****."`, "steps[0].hints[0].en", `"en": "Look at the ****."`, "nothing in it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := replace(t, base, tt.old, tt.new)
			a, err := Parse([]byte(src), "broken.json")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			ps := Validate(a, testCatalog{})
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1:\n%s", len(ps), Problems(ps))
			}
			p := ps[0]
			if p.Path != tt.path {
				t.Errorf("path %q, want %q (%s)", p.Path, tt.path, p)
			}
			if want := lineOf(t, src, tt.line); p.Line != want {
				t.Errorf("line %d, want %d (%s)", p.Line, want, p)
			}
			if p.File != "broken.json" || p.Column < 1 {
				t.Errorf("file %q column %d (%s)", p.File, p.Column, p)
			}
			if !strings.Contains(p.Message.EN, tt.msg) {
				t.Errorf("message %q does not say %q", p.Message.EN, tt.msg)
			}
			for _, l := range i18n.All {
				if strings.TrimSpace(textIn(p.Message, l)) == "" {
					t.Errorf("the message has no %s text", l)
				}
			}
		})
	}
}

// TestValidatePlaces checks lines and columns worked out by hand on the
// base file, where the Cyrillic before a value counts in characters.
func TestValidatePlaces(t *testing.T) {
	base := readBase(t)
	tests := []struct {
		old, new   string
		path       string
		line, col  int
		wantInText string
	}{
		// Line 7 is `  "title": {"kk": "Шу және дәлдік", "ru": …}`: "en" is
		// after 2 spaces, `"title": {` (10), the kk pair (22 characters,
		// 33 bytes), ", ", the ru pair (22) and ", ": column
		// 2+10+22+2+22+2+1 = 61.
		{`"en": "Noise and accuracy"`, `"en": ""`, "title.en", 7, 61, "English"},
		// A missing field points at the key of the object that should hold
		// it: "checkpoint" of step 1, at column 7 of the line before "kind".
		{`"answer": 1,`, ``, "steps[1].checkpoint.answer", 0, 7, "missing"},
	}
	for _, tt := range tests {
		src := replace(t, base, tt.old, tt.new)
		a, err := Parse([]byte(src), "x.json")
		if err != nil {
			t.Fatal(err)
		}
		ps := Validate(a, testCatalog{})
		if len(ps) != 1 || ps[0].Path != tt.path {
			t.Fatalf("problems %v, want one at %s", ps, tt.path)
		}
		line := tt.line
		if line == 0 {
			line = lineOf(t, src, `"kind": "number"`) - 1
		}
		if ps[0].Line != line || ps[0].Column != tt.col {
			t.Errorf("%s at %d:%d, want %d:%d", tt.path, ps[0].Line, ps[0].Column, line, tt.col)
		}
		if !strings.Contains(ps[0].Message.EN, tt.wantInText) {
			t.Errorf("message %q", ps[0].Message.EN)
		}
	}
}

func TestValidateNoSteps(t *testing.T) {
	base := readBase(t)
	a, err := Parse([]byte(base), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	a.Steps = nil
	a.Datasets = nil
	ps := Validate(a, testCatalog{})
	if len(ps) != 1 || ps[0].Path != "steps" || ps[0].Line != lineOf(t, base, `"steps"`) {
		t.Fatalf("problems %v, want one at steps", ps)
	}
}

// TestValidateMany checks that every problem of a badly broken file is
// reported, not only the first.
func TestValidateMany(t *testing.T) {
	src := `{"id": "x", "version": 1, "subject": "maths", "grades": ["8-9"], "minutes": 3,
  "title": {"kk": "Атау", "ru": "Название", "en": ""},
  "summary": {"kk": "Қысқаша", "ru": "Кратко", "en": "Short"},
  "objectives": [], "competencies": [], "datasets": [],
  "steps": [{"id": "a", "title": {"kk": "А", "ru": "А", "en": "A"},
             "instructions": {"kk": "Жаз.", "ru": "Пиши.", "en": "Write."}, "panel": "read",
             "checkpoint": {"kind": "choice", "question": {"kk": "?", "ru": "?", "en": "?"},
                            "explanation": {"kk": "Е", "ru": "О", "en": "E"}}}]}`
	a, err := Parse([]byte(src), "many.json")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{ // path → line
		"minutes":                     1,
		"title.en":                    2,
		"objectives":                  4,
		"competencies":                4,
		"steps[0].checkpoint.options": 7,
		"steps[0].checkpoint.correct": 7,
	}
	ps := Validate(a, testCatalog{})
	got := map[string]int{}
	for _, p := range ps {
		got[p.Path] = p.Line
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ps), len(want), Problems(ps))
	}
	for path, line := range want {
		if l, ok := got[path]; !ok || l != line {
			t.Errorf("%s: line %d (reported %v), want %d", path, l, ok, line)
		}
	}
}

func TestValidateSetDuplicateIDs(t *testing.T) {
	base := []byte(readBase(t))
	a, err := Parse(base, "one.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(base, "two.json")
	if err != nil {
		t.Fatal(err)
	}
	ps := ValidateSet([]*Activity{a, b}, testCatalog{})
	if len(ps) != 1 || ps[0].File != "two.json" || ps[0].Path != "id" || ps[0].Line != 2 || !strings.Contains(ps[0].Message.EN, "one.json") {
		t.Fatalf("problems %v, want the id of two.json, naming one.json", ps)
	}
}

// TestValidateWithoutCatalog checks that a nil catalog skips what needs
// one and still checks everything else.
func TestValidateWithoutCatalog(t *testing.T) {
	src := replace(t, readBase(t), `"model": {"value": "logistic"}`, `"model": {"value": "gpt"}`)
	src = replace(t, src, `"minutes": 20`, `"minutes": 2`)
	a, err := Parse([]byte(src), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	ps := Validate(a, nil)
	if len(ps) != 1 || ps[0].Path != "minutes" {
		t.Fatalf("problems %v, want only minutes", ps)
	}
}

// TestValidateGoActivity validates an activity built in Go, with no file:
// problems have paths but no places.
func TestValidateGoActivity(t *testing.T) {
	a := &Activity{ID: "go-made", Version: 1, Subject: AI, Grades: []Grade{Grades5to7}, Minutes: 10}
	ps := Validate(a, nil)
	if len(ps) == 0 {
		t.Fatal("no problems for an activity without texts or steps")
	}
	for _, p := range ps {
		if p.File != "" || p.Line != 0 || p.Column != 0 || p.Path == "" {
			t.Errorf("problem %+v", p)
		}
	}
}

func TestRangeCheck(t *testing.T) {
	tests := []struct {
		r    Range
		json string
		bad  bool
	}{
		{Range{Type: IntValue, Min: 1, Max: 10}, `5`, false},
		{Range{Type: IntValue, Min: 1, Max: 10}, `10`, false},
		{Range{Type: IntValue, Min: 1, Max: 10}, `11`, true},
		{Range{Type: IntValue, Min: 1, Max: 10}, `2.5`, true},
		{Range{Type: IntValue, Min: 1, Max: 10}, `"5"`, true},
		{Range{Type: FloatValue, Min: 0, Max: 1}, `0.5`, false},
		{Range{Type: FloatValue, Min: 0, Max: 1}, `-0.1`, true},
		{Range{Type: ChoiceValue, Choices: []string{"a", "b"}}, `"b"`, false},
		{Range{Type: ChoiceValue, Choices: []string{"a", "b"}}, `"c"`, true},
		{Range{Type: ChoiceValue, Choices: []string{"a", "b"}}, `1`, true},
		{Range{Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4}, `[8, 8]`, false},
		{Range{Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4}, `[]`, true},
		{Range{Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4}, `[1, 2, 3, 4, 5]`, true},
		{Range{Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4}, `[8, 100]`, true},
		{Range{Type: IntsValue, Min: 1, Max: 64, MinLen: 1, MaxLen: 4}, `8`, true},
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `"сәлем"`, false}, // 5 characters, 10 bytes
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `"сәлем!"`, true},
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `""`, true},
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `{"kk": "а", "ru": "б", "en": "c"}`, false},
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `{"kk": "а", "ru": "б", "en": "toolong"}`, true},
		{Range{Type: TextValue, MinLen: 1, MaxLen: 5}, `{"kk": "а", "ru": "б", "de": "c"}`, true},
		{Range{Type: StringsValue, MaxLen: 2}, `["w", "b"]`, false},
		{Range{Type: StringsValue, MaxLen: 2}, `["w", 1]`, true},
		{Range{Type: StringsValue, MaxLen: 2, Choices: []string{"w"}}, `["b"]`, true},
		{Range{Type: NumbersValue, MinLen: 1, MaxLen: 2}, `{"w": 1, "x": -2.5}`, false},
		{Range{Type: NumbersValue, MinLen: 1, MaxLen: 2}, `{"w": "1"}`, true},
		{Range{Type: NumbersValue, MinLen: 1, MaxLen: 2}, `{}`, true},
		{Range{Type: "colour"}, `"red"`, true},
	}
	for _, tt := range tests {
		var v any
		if err := json.Unmarshal([]byte(tt.json), &v); err != nil {
			t.Fatal(err)
		}
		msg, bad := tt.r.check(v)
		if bad != tt.bad {
			t.Errorf("%v on %s: bad %v (%q), want %v", tt.r, tt.json, bad, msg.EN, tt.bad)
		}
		if bad && (msg.KK == "" || msg.RU == "" || msg.EN == "") {
			t.Errorf("%v on %s: message %+v lacks a language", tt.r, tt.json, msg)
		}
	}
}

func TestPanelSetting(t *testing.T) {
	for key, want := range map[string]Panel{"tokenizer.text": PanelTokenizer, "autograd.lr": PanelAutograd, "generate.temperature": PanelGenerate} {
		p, _, ok := PanelSetting(key)
		if !ok || p != want {
			t.Errorf("PanelSetting(%q) = %q, %v; want %q", key, p, ok, want)
		}
	}
	if _, _, ok := PanelSetting("model.lr"); ok {
		t.Error("model.lr is not a panel's setting")
	}
	for key, s := range panelSettings {
		if !strings.HasPrefix(key, string(s.panel)+".") {
			t.Errorf("%s is owned by %s: keys start with their panel", key, s.panel)
		}
	}
}
