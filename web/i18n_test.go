package web

import (
	"errors"
	"regexp"
	"slices"
	"testing"

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
