package activities

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/i18n"
)

// TestParseReports breaks the form of the base file one way at a time and
// checks each problem's path, line and message.
func TestParseReports(t *testing.T) {
	base := readBase(t)
	tests := []struct {
		name     string
		old, new string
		path     string
		line     string // a text whose line is the problem's line
		msg      string
	}{
		{"unknown field with a suggestion", `"instructions": {
        "kk": "Сөйлемді бөл.",`, `"instruction": {
        "kk": "Сөйлемді бөл.",`, "steps[2].instruction", `"instruction"`, `there is no field "instruction" here; did you mean "instructions"?`},
		{"unknown language", `"en": "Noise and accuracy"`, `"de": "Rauschen"`, "title.de", `"de": "Rauschen"`, `there is no field "de" here (the fields here are kk, ru, en)`},
		{"language in upper case", `"en": "Noise and accuracy"`, `"EN": "Noise and accuracy"`, "title.EN", `"EN"`, `did you mean "en"?`},
		{"unknown field far from any", `"minutes": 20,`, `"minutes": 20, "colour": "red",`, "colour", `"colour"`, `there is no field "colour" here (the fields here are id, version, subject, grades, minutes, title, summary, objectives, competencies, datasets, steps)`},
		{"short unknown field", `"minutes": 20,`, `"minutes": 20, "x": 1,`, "x", `"x"`, `there is no field "x" here (`},
		{"field in the wrong case", `"version": 1,`, `"Version": 1,`, "Version", `"Version"`, `did you mean "version"?`},
		{"string instead of a number", `"minutes": 20`, `"minutes": "20"`, "minutes", `"minutes"`, "should be a whole number"},
		{"fraction instead of a whole number", `"minutes": 20`, `"minutes": 20.5`, "minutes", `"minutes"`, "should be a whole number"},
		{"number instead of a string", `"subject": "maths"`, `"subject": 5`, "subject", `"subject"`, "should be a text in quotes"},
		{"string instead of a list", `"grades": ["8-9"]`, `"grades": "8-9"`, "grades", `"grades"`, "should be a list"},
		{"string instead of a text object", `"title": {"kk": "Шу және дәлдік", "ru": "Шум и точность", "en": "Noise and accuracy"}`, `"title": "Noise and accuracy"`, "title", `"title"`, "should be an object"},
		{"string instead of true", `"dataset": {"value": "blobs", "locked": true}`, `"dataset": {"value": "blobs", "locked": "yes"}`, "steps[0].settings.dataset.locked", `"locked": "yes"`, "should be true or false"},
		{"null", `"panel": "read"`, `"panel": null`, "steps[3].panel", `"panel": null`, "null is not allowed"},
		{"field twice", `"version": 1,`, `"version": 1, "version": 2,`, "version", `"version": 1, "version": 2`, `"version" is given twice`},
		{"number too large", `"answer": 1,`, `"answer": 1e999,`, "steps[1].checkpoint.answer", `"answer"`, "too large"},
		{"element of the wrong type", `"grades": ["8-9"]`, `"grades": ["8-9", 10]`, "grades[1]", `"grades"`, "should be a text in quotes"},
		{"missing comma", `"version": 1,`, `"version": 1`, "", `"subject"`, "broken"},
		{"trailing comma", `"datasets": ["blobs"],`, `"datasets": ["blobs",],`, "datasets[1]", `"datasets"`, "broken"},
		{"cut short", `}
  ]
}`, `}
  ]`, "", `]`, "ends before"},
		{"more after the object", `}
  ]
}`, `}
  ]
}
{}`, "", `{}`, "more after the activity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := replace(t, base, tt.old, tt.new)
			a, err := Parse([]byte(src), "broken.json")
			if a != nil || err == nil {
				t.Fatal("Parse accepted the file")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not a Problems", err)
			}
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(ps), ps)
			}
			p := ps[0]
			wantLine := lineOf(t, src, tt.line)
			if tt.name == "cut short" {
				wantLine = strings.Count(src, "\n") + 1
			}
			if p.Path != tt.path || p.Line != wantLine || p.File != "broken.json" {
				t.Errorf("%s:%d %q, want %d %q", p.File, p.Line, p.Path, wantLine, tt.path)
			}
			if !strings.Contains(p.Message.EN, tt.msg) {
				t.Errorf("message %q does not say %q", p.Message.EN, tt.msg)
			}
			if p.Message.KK == "" || p.Message.RU == "" {
				t.Errorf("message %+v lacks a language", p.Message)
			}
		})
	}
}

// TestParseSyntaxPlaces checks that broken JSON is pointed at the very
// character that breaks it.
func TestParseSyntaxPlaces(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
	}{
		{"{\"id\": \"x\"\n  \"version\": 1}", 2, 3}, // a missing comma: at the quote of "version"
		{`{"grades": ["8-9",]}`, 1, 19},             // a trailing comma: at the ]
		{`{"id": tru}`, 1, 11},                      // at the } that ends the literal too soon
		{"{\"id\": \"Сәлем\n\"}", 1, 14},            // a line break in a string: at the break
		{`{"id": @}`, 1, 8},                         // at the @
		{"{\"id\": \"x\",\n \"version\": 1", 2, 14}, // cut short: after the last character
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), "s.json")
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != 1 {
			t.Errorf("%q: %v, want one problem", tt.src, err)
			continue
		}
		if ps[0].Line != tt.line || ps[0].Column != tt.col || !strings.Contains(ps[0].Message.EN, "JSON") {
			t.Errorf("%q: %v, want %d:%d", tt.src, ps[0], tt.line, tt.col)
		}
	}
}

// TestParseManyProblems checks that the walk goes on after a problem of
// form and reports all of them.
func TestParseManyProblems(t *testing.T) {
	src := `{"id": "x", "colour": 1, "version": "1", "minutes": 20, "minutes": 30,
 "steps": [{"titel": {}}, {"panel": 3}]}`
	_, err := Parse([]byte(src), "m.json")
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Path)
	}
	want := []string{"colour", "version", "minutes", "steps[0].titel", "steps[1].panel"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paths %v, want %v", got, want)
	}
	// A value of the wrong type is pointed at itself: the 3 after
	// ` "steps": [{"titel": {}}, {"panel": ` (36 characters).
	if ps[4].Line != 2 || ps[4].Column != 37 {
		t.Errorf("steps[1].panel at %d:%d, want 2:37", ps[4].Line, ps[4].Column)
	}
}

func TestParseEncoding(t *testing.T) {
	base := readBase(t)
	// A byte-order mark, as Windows Notepad writes, is fine.
	if _, err := Parse(append([]byte{0xEF, 0xBB, 0xBF}, base...), "bom.json"); err != nil {
		t.Errorf("with a byte-order mark: %v", err)
	}
	// The Kazakh title in Windows-1251 is not UTF-8: "Шу" is 0xD8 0xF3.
	src := strings.Replace(base, "Шу және", "\xd8\xf3 және", 1)
	_, err := Parse([]byte(src), "cp1251.json")
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("error %v, want one problem", err)
	}
	if ps[0].Line != 7 || ps[0].Column != 20 || !strings.Contains(ps[0].Message.EN, "not UTF-8") {
		t.Errorf("problem %v, want line 7 column 20 (the first byte of Шу)", ps[0])
	}
}

func TestParseKeepsValues(t *testing.T) {
	a, err := Parse([]byte(readBase(t)), "base.json")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "test-base" || a.File() != "base.json" || len(a.Steps) != 4 || a.Steps[1].Panel != PanelAutograd {
		t.Fatalf("activity %+v", a)
	}
	if got := string(a.Steps[1].Settings["autograd.values"].Value); got != `{"w": 0, "x": 1, "y": 2}` {
		t.Errorf("autograd.values = %s", got)
	}
	if c := a.Steps[1].Checkpoint; c.Answer == nil || *c.Answer != 1 || c.Tolerance == nil || *c.Tolerance != 0.01 {
		t.Errorf("number checkpoint %+v", c)
	}
	if !a.Steps[0].Settings["dataset"].Locked || !a.Steps[0].Settings["model.lr"].Hidden {
		t.Error("locked or hidden lost")
	}
	if a.Steps[0].TeacherNotes == nil || a.Steps[1].TeacherNotes != nil {
		t.Error("teacher notes: want them on step 0 only")
	}
}

func TestPaths(t *testing.T) {
	tests := []struct{ parent, key, path string }{
		{"", "id", "id"},
		{"steps[0]", "title", "steps[0].title"},
		{"steps[0].settings", "model.lr", `steps[0].settings["model.lr"]`},
		{"steps[0].settings", "test_split", "steps[0].settings.test_split"},
		{"x", `a"]b`, `x["a\"]b"]`},
		{"x", "", `x[""]`},
	}
	for _, tt := range tests {
		if got := member(tt.parent, tt.key); got != tt.path {
			t.Errorf("member(%q, %q) = %q, want %q", tt.parent, tt.key, got, tt.path)
		}
		if got := parentPath(tt.path); got != tt.parent {
			t.Errorf("parentPath(%q) = %q, want %q", tt.path, got, tt.parent)
		}
	}
	if got := parentPath("steps[12]"); got != "steps" {
		t.Errorf("parentPath(steps[12]) = %q", got)
	}
	if got := parentPath("title"); got != "" {
		t.Errorf("parentPath(title) = %q", got)
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\nӘбв\"x\"\n")
	tests := []struct{ off, line, col int }{
		{0, 1, 1},
		{2, 1, 3},
		{3, 2, 1},
		{9, 2, 4}, // after three two-byte letters: the fourth character
		{100, 3, 1},
	}
	for _, tt := range tests {
		if l, c := lineCol(data, tt.off); l != tt.line || c != tt.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

// TestSchemaKinds checks that the walk of Parse knows every kind of value
// the schema has, so that none is left unchecked.
func TestSchemaKinds(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(path string, t2 reflect.Type)
	walk = func(path string, t2 reflect.Type) {
		if t2 == rawType || seen[t2] {
			return
		}
		seen[t2] = true
		switch t2.Kind() {
		case reflect.Pointer, reflect.Slice:
			walk(path+"[]", t2.Elem())
		case reflect.Map:
			if t2.Key().Kind() != reflect.String {
				t.Errorf("%s: a map with keys of kind %v", path, t2.Key().Kind())
			}
			walk(path+"{}", t2.Elem())
		case reflect.Struct:
			for name, ft := range jsonFields(t2) {
				walk(path+"."+name, ft)
			}
		case reflect.String, reflect.Int, reflect.Float64, reflect.Bool:
		default:
			t.Errorf("%s: kind %v is not checked by Parse", path, t2.Kind())
		}
	}
	walk("", activityType)
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	base := readBase(t)
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("b-good.json", base)
	write("a-broken.json", strings.Replace(base, `"version": 1,`, `"version": 1`, 1))
	write("notes.txt", "not an activity")
	write(".#b-good.json", "{")
	write("C-UPPER.JSON", strings.Replace(base, "test-base", "test-upper", 1))
	if err := os.Mkdir(filepath.Join(dir, "sub.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	as, errs := LoadDir(dir)
	// In name order, where upper case comes first.
	if len(as) != 2 || as[0].ID != "test-upper" || as[1].ID != "test-base" {
		t.Errorf("loaded %d activities, want C-UPPER.JSON and b-good.json", len(as))
	}
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one for a-broken.json", errs)
	}
	var ps Problems
	if !errors.As(errs[0], &ps) || ps[0].File != filepath.Join(dir, "a-broken.json") || ps[0].Line != 4 {
		t.Errorf("error %v, want a problem on line 4 of a-broken.json", errs[0])
	}
	if _, errs := LoadDir(filepath.Join(dir, "missing")); len(errs) != 1 {
		t.Errorf("a missing folder: %v", errs)
	}
	write("big.json", strings.Repeat(" ", MaxFileSize+1))
	if _, err := LoadFile(filepath.Join(dir, "big.json")); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file over MaxFileSize: %v", err)
	}
}

func TestProblemText(t *testing.T) {
	p := Problem{File: "a.json", Path: "steps[0].title.ru", Line: 3, Column: 9, Message: i18n.Text{KK: "жоқ", RU: "нет", EN: "missing"}}
	if got := p.String(); got != "a.json:3:9: steps[0].title.ru: missing" {
		t.Errorf("String = %q", got)
	}
	if got := p.In(i18n.RU); got != "a.json:3:9: steps[0].title.ru: нет" {
		t.Errorf("In(ru) = %q", got)
	}
	if got := (Problem{Path: "id", Message: p.Message}).String(); got != "id: missing" {
		t.Errorf("without a place: %q", got)
	}
	if got := (Problems{p, p}).Error(); got != "activities: 2 problems, the first: a.json:3:9: steps[0].title.ru: missing" {
		t.Errorf("Error = %q", got)
	}
}

// TestCheck checks that Check reports problems of form and of content
// together, without a second report at a value that has one of form.
func TestCheck(t *testing.T) {
	base := readBase(t)
	src := replace(t, base, `"minutes": 20`, `"minutes": "20"`)                     // form: wrong type
	src = replace(t, src, `"version": 1,`, `"version": 1, "colour": "red",`)        // form: unknown field
	src = replace(t, src, `"ru": "Шум и точность", `, ``)                           // content: no Russian
	src = replace(t, src, `"model.lr": {"value": 0.05`, `"model.lr": {"value": 50`) // content: out of range
	a, ps := Check([]byte(src), "c.json", testCatalog{})
	if a == nil {
		t.Fatal("no activity")
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Path)
	}
	want := []string{"colour", "minutes", "title.ru", `steps[0].settings["model.lr"].value`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paths %v, want %v (minutes reported once)", got, want)
	}
	if _, err := Parse([]byte(src), "c.json"); err == nil {
		t.Error("Parse accepted a file with problems of form")
	}
	// JSON that cannot be read gives no activity.
	if a, ps := Check([]byte(`{"id": `), "c.json", testCatalog{}); a != nil || len(ps) != 1 {
		t.Errorf("broken JSON: %v, %v", a, ps)
	}
	if a, ps := Check([]byte(base), "c.json", testCatalog{}); a == nil || len(ps) != 0 {
		t.Errorf("the base file: %v", ps)
	}
}

func TestCheckFile(t *testing.T) {
	a, ps := CheckFile(filepath.Join(t.TempDir(), "none.json"), testCatalog{})
	if a != nil || len(ps) != 1 || ps[0].Path != "" || !strings.Contains(ps[0].Message.EN, "could not be read") {
		t.Errorf("a missing file: %v", ps)
	}
	if a, ps := CheckFile("testdata/base.json", testCatalog{}); a == nil || len(ps) != 0 {
		t.Errorf("the base file: %v", ps)
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		path, outer string
		want        bool
	}{
		{"minutes", "minutes", true},
		{"steps[0].title", "steps[0]", true},
		{"steps[0]", "steps", true},
		{"steps[10].id", "steps[1]", false},
		{"minutesx", "minutes", false},
		{"title", "", true},
	}
	for _, tt := range tests {
		if got := within(tt.path, tt.outer); got != tt.want {
			t.Errorf("within(%q, %q) = %v", tt.path, tt.outer, got)
		}
	}
}
