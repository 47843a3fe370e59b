package web

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// errorCodes lists every code the server can send (docs/protocol.md): the
// engine's (sandbox/errors.go and the files beside it) and those the web
// layer adds (web/protocol.go, evaluate.go, activities.go, class.go).
// TestErrorCodesListed checks that none is missing.
var errorCodes = []string{
	// The connection and every message (protocol.go).
	codeBadJSON, codeTooLarge, codeUnknownType,
	// Training and asking a model.
	sandbox.CodeMissingField, sandbox.CodeBadField, sandbox.CodeOutOfRange, sandbox.CodeBadChoice,
	sandbox.CodeUnknownDataset, sandbox.CodeUnknownModel, sandbox.CodeIncompatible, sandbox.CodeUnknownRun, sandbox.CodeRunExists,
	sandbox.CodeNotReady, sandbox.CodeTooManyRuns, sandbox.CodeBadImage, sandbox.CodeBadExpression, sandbox.CodeDiverged, sandbox.CodeShuttingDown,
	sandbox.CodeInternal,
	// Evaluation and bias probing.
	sandbox.CodeUnknownAttribute, sandbox.CodeUnknownFeature, sandbox.CodeNoFeatures, sandbox.CodeMitigationUnsupported,
	sandbox.CodeUnknownClass, sandbox.CodeNeedsBinary, sandbox.CodeNotEvaluable, sandbox.CodeProbeUnsupported,
	sandbox.CodeGroupTooSmall, codeCurveBusy,
	// The classroom and the scheduler's limits.
	sandbox.CodeUnknownCode, sandbox.CodeClassFull, sandbox.CodeNicknameTaken, sandbox.CodeBadNickname, sandbox.CodeClassEnded,
	sandbox.CodeNotTeacher, sandbox.CodeRemoved, sandbox.CodeBadToken, sandbox.CodeUnknownStudent,
	sandbox.CodeLimitParams, sandbox.CodeLimitEpochs, sandbox.CodeLimitRows, sandbox.CodeLimitTime,
	codeBadPassword, codeNotJoined,
	// Activities.
	codeUnknownActivity, codeNoCheckpoint, codeNotAnOption, codeNotANumber, codeEmptyAnswer, codeBadAnswer,
}

// TestErrorCodesListed reads the Go files of the engine and of this
// package and finds every error code they declare: the constants named
// CodeX in sandbox and codeX here, with a string value. Each must be in
// errorCodes, so that TestTranslationsAreComplete checks its texts, and
// in docs/protocol.md.
func TestErrorCodesListed(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range errorCodes {
		if listed[c] {
			t.Errorf("errorCodes lists %q twice", c)
		}
		listed[c] = true
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "protocol.md"))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, c := range []struct{ dir, prefix string }{{filepath.Join("..", "sandbox"), "Code"}, {".", "code"}} {
		for name, value := range declaredCodes(t, c.dir, c.prefix) {
			found++
			if !listed[value] {
				t.Errorf("%s (%s, %q) is not in errorCodes", name, c.dir, value)
			}
			if !strings.Contains(string(doc), "| `"+value+"` |") {
				t.Errorf("docs/protocol.md has no row for the error code %q", value)
			}
		}
	}
	// Every code of errorCodes is declared somewhere, so the two counts
	// agree when nothing is missing.
	if found != len(errorCodes) {
		t.Errorf("the Go files declare %d error codes, errorCodes lists %d", found, len(errorCodes))
	}
}

// declaredCodes returns the string constants of the Go package in dir
// (its test files left out) whose names are prefix followed by a capital
// letter, by name.
func declaredCodes(t *testing.T, dir, prefix string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					rest, ok := strings.CutPrefix(id.Name, prefix)
					if !ok || rest == "" || !unicode.IsUpper(rune(rest[0])) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatalf("%s: %s: %v", name, id.Name, err)
					}
					out[id.Name] = v
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no constant %sX in %s", prefix, dir)
	}
	return out
}

func TestTranslationsAreComplete(t *testing.T) {
	tr, err := LoadTranslations() // checks that every language has every key
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range errorCodes {
		if _, ok := tr.texts[i18n.EN]["error."+code]; !ok {
			t.Errorf("no translation for error code %q", code)
		}
	}
	// Every language must use the same placeholders in a text, or a
	// message would lose its numbers in one of them.
	ph := regexp.MustCompile(`\{[a-z_]+\}`)
	for key, en := range tr.texts[i18n.EN] {
		want := ph.FindAllString(en, -1)
		slices.Sort(want)
		for _, l := range []i18n.Lang{i18n.KK, i18n.RU} {
			got := ph.FindAllString(tr.texts[l][key], -1)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s %q has placeholders %v, en has %v", l, key, got, want)
			}
		}
	}
}

func TestErrorMessages(t *testing.T) {
	tr, err := LoadTranslations()
	if err != nil {
		t.Fatal(err)
	}
	lr := i18n.Text{KK: "Оқу жылдамдығы", RU: "Скорость обучения", EN: "Learning rate"}
	outOfRange := &sandbox.Error{Code: sandbox.CodeOutOfRange, Field: "model.lr", Params: map[string]any{"label": lr, "min": 0.00001, "max": 10.0}}
	for _, c := range []struct {
		lang      i18n.Lang
		err       error
		code      string
		fragments []string
	}{
		{i18n.EN, outOfRange, "out_of_range", []string{"Learning rate", "0.00001", "10"}},
		{i18n.RU, outOfRange, "out_of_range", []string{"Скорость обучения", "0.00001"}},
		{i18n.KK, outOfRange, "out_of_range", []string{"Оқу жылдамдығы", "0.00001"}},
		{i18n.EN, &sandbox.Error{Code: sandbox.CodeDiverged, Params: map[string]any{"epoch": 3, "lr": 5.0, "suggest": 0.5}}, "diverged", []string{"3", "5", "0.5"}},
		{i18n.KK, errors.New("disk on fire"), "internal", nil},
		{i18n.EN, &sandbox.Error{Code: "no_such_code"}, "internal", nil},
	} {
		code, msg := tr.Error(c.lang, c.err)
		if code != c.code {
			t.Errorf("%s %v: code %q, want %q", c.lang, c.err, code, c.code)
		}
		for _, f := range c.fragments {
			if !regexp.MustCompile(regexp.QuoteMeta(f)).MatchString(msg) {
				t.Errorf("%s %v: message %q lacks %q", c.lang, c.err, msg, f)
			}
		}
		if regexp.MustCompile(`\{[a-z_]+\}|disk on fire`).MatchString(msg) {
			t.Errorf("%s: message %q leaks a placeholder or internal detail", c.lang, msg)
		}
	}
}

func TestReadTranslationsMergesAreas(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   fstest.MapFS
		want    map[string]string
		wantErr string
	}{
		{"core and an area", fstest.MapFS{
			"i18n/en.json":      {Data: []byte(`{"a":"A"}`)},
			"i18n/eval/en.json": {Data: []byte(`{"b":"B"}`)},
			"i18n/eval/kk.json": {Data: []byte(`{"b":"Б"}`)},
		}, map[string]string{"a": "A", "b": "B"}, ""},
		{"a key written twice", fstest.MapFS{
			"i18n/en.json":       {Data: []byte(`{"a":"A"}`)},
			"i18n/class/en.json": {Data: []byte(`{"a":"again"}`)},
		}, nil, `"a" is in both`},
		{"not JSON", fstest.MapFS{"i18n/en.json": {Data: []byte(`{`)}}, nil, "i18n/en.json"},
		{"no file", fstest.MapFS{"i18n/kk.json": {Data: []byte(`{}`)}}, nil, "no i18n/en.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := readTranslations(c.files, i18n.EN)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil || !maps.Equal(got, c.want) {
				t.Fatalf("got %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

func TestTranslationsServedMerged(t *testing.T) {
	h, err := New(sandbox.New(sandbox.Config{}), Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, c := range []struct {
		path   string
		status int
	}{{"/i18n/kk.json", 200}, {"/i18n/en.json", 200}, {"/i18n/de.json", 404}, {"/i18n/kk", 404}} {
		res, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		err = json.NewDecoder(res.Body).Decode(&m)
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, res.StatusCode, c.status)
		}
		if c.status == 200 && (err != nil || m["error.bad_json"] == "") {
			t.Errorf("%s: %v, %d keys, no error.bad_json", c.path, err, len(m))
		}
	}
}
