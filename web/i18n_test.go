package web

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// errorCodes lists every code the server can send (docs/protocol.md).
var errorCodes = []string{
	codeBadJSON, codeTooLarge, codeUnknownType,
	sandbox.CodeMissingField, sandbox.CodeBadField, sandbox.CodeOutOfRange, sandbox.CodeBadChoice,
	sandbox.CodeUnknownDataset, sandbox.CodeUnknownModel, sandbox.CodeIncompatible, sandbox.CodeUnknownRun, sandbox.CodeRunExists,
	sandbox.CodeNotReady, sandbox.CodeTooManyRuns, sandbox.CodeBadImage, sandbox.CodeBadExpression, sandbox.CodeDiverged, sandbox.CodeShuttingDown,
	sandbox.CodeInternal,
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
