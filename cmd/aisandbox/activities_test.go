package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

func realCatalog() activityCatalog {
	return activityCatalog{sandbox.New(sandbox.Config{}).Catalog()}
}

// docsExample returns the complete example of docs/activities.md.
func docsExample(t *testing.T) string {
	t.Helper()
	md, err := os.ReadFile("../../docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(md), "## A complete example")
	_, rest, _ = strings.Cut(rest, "```json\n")
	block, _, ok := strings.Cut(rest, "\n```")
	if !ok {
		t.Fatal("docs/activities.md has no complete example")
	}
	return block
}

// TestBuiltinActivitiesRealCatalog validates every embedded activity, and
// the example of the docs, against the catalog the server really has:
// the datasets, models and settings they name exist, and their presets
// are in range.
func TestBuiltinActivitiesRealCatalog(t *testing.T) {
	as, err := activities.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cat := realCatalog()
	for _, p := range activities.ValidateSet(as, cat) {
		t.Error(p)
	}
	for _, a := range as {
		for _, l := range i18n.All {
			if !strings.Contains(fmt.Sprint(a.Languages()), string(l)) {
				t.Errorf("%s is not complete in %s", a.File(), l)
			}
		}
	}
	ex, err := activities.Parse([]byte(docsExample(t)), "docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range activities.Validate(ex, cat) {
		t.Errorf("the docs' example: %v", p)
	}
}

func TestActivityCatalog(t *testing.T) {
	cat := realCatalog()
	if !cat.Dataset("blobs") || cat.Dataset("blobz") || !cat.Model("mlp") || cat.Model("gpt") {
		t.Error("names")
	}
	if !cat.Learns("linear", "cubic") || cat.Learns("linear", "blobs") || cat.Learns("gpt", "blobs") {
		t.Error("Learns")
	}
	tests := []struct {
		dataset, model, key string
		ok                  bool
		typ                 activities.ValueType
	}{
		{"blobs", "", "dataset.noise", true, activities.FloatValue},
		{"blobs", "", "dataset.n", true, activities.IntValue},
		{"blobs", "", "dataset.colour", false, ""},
		{"", "mlp", "model.hidden", true, activities.IntsValue},
		{"", "mlp", "model.activation", true, activities.ChoiceValue},
		{"", "knn", "model.lr", false, ""},
		{"", "", "test_split", true, activities.FloatValue},
		{"blobs", "mlp", "speed", false, ""},
	}
	for _, tt := range tests {
		r, ok := cat.Range(tt.dataset, tt.model, tt.key)
		if ok != tt.ok || r.Type != tt.typ || cat.Setting(tt.dataset, tt.model, tt.key) != tt.ok {
			t.Errorf("Range(%q, %q, %q) = %+v, %v", tt.dataset, tt.model, tt.key, r, ok)
		}
	}
	// The ranges are the catalog's: the noise of blobs goes up to 0.5, the
	// hidden layers of mlp are 1 to 4 numbers of 1 to 64 ("aisandbox models").
	if r, _ := cat.Range("blobs", "", "dataset.noise"); r.Min != 0 || r.Max != 0.5 {
		t.Errorf("blobs noise %+v", r)
	}
	if r, _ := cat.Range("", "mlp", "model.hidden"); r.MinLen != 1 || r.MaxLen != 4 || r.Min != 1 || r.Max != 64 {
		t.Errorf("mlp hidden %+v", r)
	}
	// A setting of the training that needs a dataset to tell its values
	// exists without one.
	if !cat.Setting("", "", "attributes") {
		t.Error("attributes")
	}
}

func TestActivitiesList(t *testing.T) {
	out, _, err := runCmd(t, "activities")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !regexp.MustCompile(`^ID\s+SUBJECT\s+GRADES\s+MINUTES\s+LANGUAGES\s+TITLE$`).MatchString(lines[0]) {
		t.Errorf("header %q", lines[0])
	}
	for _, want := range []string{
		`maths-fit-a-line\s+maths\s+8-9,10-11\s+45\s+kk,ru,en\s+Fit a line and watch gradient descent`,
		`ai-how-ai-reads-text\s+ai\s+5-7,8-9,10-11\s+45\s+kk,ru,en\s+How AI reads text`,
	} {
		if !regexp.MustCompile(`(?m)^` + want + `$`).MatchString(out) {
			t.Errorf("no line %s in\n%s", want, out)
		}
	}
	// Subjects in their order: maths before ai.
	if strings.Index(out, "maths-fit-a-line") > strings.Index(out, "ai-how-ai-reads-text") {
		t.Error("maths is listed after ai")
	}

	out, _, err = runCmd(t, "activities", "--lang", "kk")
	if err != nil || !strings.Contains(out, "Жасанды интеллект мәтінді қалай оқиды") || !strings.Contains(out, "ПӘН") {
		t.Errorf("--lang kk: %v\n%s", err, out)
	}

	out, _, err = runCmd(t, "activities", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		ID        string
		Subject   string
		Languages []string
		Title     i18n.Text
		Builtin   bool
		File      string
		Steps     int
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	found := false
	for _, a := range list {
		if a.ID == "maths-fit-a-line" {
			found = true
			if a.Subject != "maths" || a.Title.RU == "" || !a.Builtin || len(a.Languages) != 3 || a.Steps != 5 || a.File != "builtin/maths-fit-a-line.json" {
				t.Errorf("--json: %+v", a)
			}
		}
	}
	if !found {
		t.Errorf("--json lacks maths-fit-a-line: %s", out)
	}

	if _, _, err := runCmd(t, "activities", "--lang", "de"); err == nil || !strings.Contains(err.Error(), "unknown language") {
		t.Errorf("--lang de: %v", err)
	}
	if _, _, err := runCmd(t, "activities", "lessons"); err == nil || !strings.Contains(err.Error(), "activities check") {
		t.Errorf("a stray argument: %v", err)
	}
}

func TestActivitiesListDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "first.json", docsExample(t))
	out, _, err := runCmd(t, "activities", "--dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^first-classifier\s+ai\s+8-9,10-11\s+15\s+kk,ru,en\s+A first classifier\s+` + regexp.QuoteMeta(filepath.Join(dir, "first.json")) + `$`).MatchString(out) {
		t.Errorf("the folder's activity is not listed:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^maths-fit-a-line\s.*\s-$`).MatchString(out) {
		t.Errorf("a built-in activity has a file:\n%s", out)
	}

	write(t, dir, "broken.json", strings.Replace(docsExample(t), `"version": 1,`, `"version": 1`, 1))
	out, errOut, err := runCmd(t, "activities", "--dir", dir)
	if !errors.Is(err, errReported) {
		t.Fatalf("with a broken file: %v", err)
	}
	// The missing comma at the end of line 3 shows at the next key.
	if !strings.Contains(out, "first-classifier") || !strings.Contains(errOut, "broken.json:4:3:") || !strings.Contains(errOut, "activities check") {
		t.Errorf("with a broken file:\n%s\n%s", out, errOut)
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestActivitiesCheck checks a folder of broken files and reads back the
// table: every problem, with its file, line and path, and the summary.
func TestActivitiesCheck(t *testing.T) {
	ex := docsExample(t)
	edit := func(s string, pairs ...string) string {
		t.Helper()
		for i := 0; i < len(pairs); i += 2 {
			if strings.Count(s, pairs[i]) != 1 {
				t.Fatalf("%q is not in the example once", pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return s
	}
	lineOf := func(s, needle string) int {
		t.Helper()
		i := strings.Index(s, needle)
		if i < 0 {
			t.Fatalf("%q is not in the file", needle)
		}
		return strings.Count(s[:i], "\n") + 1
	}
	type want struct{ path, needle, msg string }
	files := []struct {
		name    string
		content string
		want    []want
	}{
		{"a-good.json", ex, nil},
		{"b-settings.json", edit(ex,
			`"id": "first-classifier"`, `"id": "b-settings"`,
			`"model.epochs": {"value": 50, "hidden": true}`, `"model.epoch": {"value": 50, "hidden": true}`,
			`"dataset.noise": {"value": 0.5, "locked": true}`, `"dataset.noise": {"value": 5, "locked": true}`,
		), []want{
			{`steps[0].settings["model.epoch"]`, `"model.epoch"`, `the model "logistic" has no setting "epoch"`},
			{`steps[1].settings["dataset.noise"].value`, `"dataset.noise": {"value": 5`, "5 is out of range: it should be from 0 to 0.5"},
		}},
		{"c-texts.json", edit(ex,
			`"id": "first-classifier"`, `"id": "c-texts"`,
			`"ru": "Почему точность упала?",`, ``,
			`"minutes": 15,`, `"minutes": 15, "minute": 15,`,
		), []want{
			{"minute", `"minute"`, `there is no field "minute" here; did you mean "minutes"?`},
			// A missing text is pointed at the object that should hold it.
			{"steps[1].checkpoint.question.ru", "\"question\": {\n          \"kk\": \"Дәлдік неге", "the Russian text is missing"},
		}},
		{"d-builtin-id.json", edit(ex, `"id": "first-classifier"`, `"id": "maths-fit-a-line"`), []want{
			{"id", `"id": "maths-fit-a-line"`, "already used by the activity in builtin/maths-fit-a-line.json"},
		}},
		{"e-syntax.json", edit(ex, `"id": "first-classifier",`, `"id": "e-syntax"`), []want{
			{"", `"version"`, "the JSON is broken here"},
		}},
	}
	dir := t.TempDir()
	total := 0
	for _, f := range files {
		write(t, dir, f.name, f.content)
		total += len(f.want)
	}
	out, _, err := runCmd(t, "activities", "check", dir)
	if !errors.Is(err, errReported) {
		t.Fatalf("check: %v, want the exit status 1\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != total+2 {
		t.Fatalf("%d lines, want a header, %d problems and a summary:\n%s", len(lines), total, out)
	}
	if !regexp.MustCompile(`^WHERE\s+PATH\s+PROBLEM$`).MatchString(lines[0]) {
		t.Errorf("header %q", lines[0])
	}
	row := 1
	for _, f := range files {
		for _, w := range f.want {
			path := w.path
			if path == "" {
				path = "-"
			}
			place := fmt.Sprintf("%s:%d:", filepath.Join(dir, f.name), lineOf(f.content, w.needle))
			re := `^` + regexp.QuoteMeta(place) + `\d+\s+` + regexp.QuoteMeta(path) + `\s+.*` + regexp.QuoteMeta(w.msg)
			if !regexp.MustCompile(re).MatchString(lines[row]) {
				t.Errorf("row %d is %q, want %s %s … %s", row, lines[row], place, path, w.msg)
			}
			row++
		}
	}
	if want := fmt.Sprintf("Files checked: %d, with problems: %d. Problems: %d.", len(files), len(files)-1, total); lines[len(lines)-1] != want {
		t.Errorf("summary %q, want %q", lines[len(lines)-1], want)
	}

	// The same in Russian, and as JSON.
	out, _, _ = runCmd(t, "activities", "check", "--lang", "ru", dir)
	if !strings.Contains(out, "ГДЕ") || !strings.Contains(out, "нет текста на языке: русский") || !strings.Contains(out, "Проверено файлов: 5") {
		t.Errorf("--lang ru:\n%s", out)
	}
	out, _, err = runCmd(t, "activities", "check", dir, "--json")
	if !errors.Is(err, errReported) {
		t.Errorf("--json: %v", err)
	}
	var res struct {
		Files    int
		Problems []activities.Problem
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Files != len(files) || len(res.Problems) != total || res.Problems[0].Message.KK == "" {
		t.Errorf("--json: %v %+v", err, res)
	}
}

func TestActivitiesCheckClean(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "first.json", docsExample(t))
	for _, args := range [][]string{
		{"activities", "check", p},
		{"activities", "check", dir, p}, // the same file twice counts once
		{"activities", "check", "../../activities/builtin/maths-fit-a-line.json"}, // a built-in file does not clash with itself
	} {
		out, _, err := runCmd(t, args...)
		if err != nil {
			t.Errorf("%v: %v\n%s", args, err, out)
			continue
		}
		if !regexp.MustCompile(`^Files checked: \d+\. No problems\.\n$`).MatchString(out) {
			t.Errorf("%v: %q", args, out)
		}
	}
	out, _, _ := runCmd(t, "activities", "check", dir, p)
	if out != "Files checked: 1. No problems.\n" {
		t.Errorf("the same file twice: %q", out)
	}
	out, _, err := runCmd(t, "activities", "check", "--json", p)
	if err != nil || !strings.Contains(out, `"problems": []`) {
		t.Errorf("--json on a clean file: %v %s", err, out)
	}
}

func TestActivitiesCheckErrors(t *testing.T) {
	if _, _, err := runCmd(t, "activities", "check"); err == nil || !strings.Contains(err.Error(), "name the files") {
		t.Errorf("no files: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none.json")
	out, _, err := runCmd(t, "activities", "check", missing)
	if !errors.Is(err, errReported) || !strings.Contains(out, "none.json") || !strings.Contains(out, "could not be read") {
		t.Errorf("a missing file: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "activities", "check", "--lang", "fr", missing); err == nil || !strings.Contains(err.Error(), "unknown language") {
		t.Errorf("--lang fr: %v", err)
	}
}
