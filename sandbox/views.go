package sandbox

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/aisandbox/aisandbox/datasets"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/models/autograd"
	"github.com/aisandbox/aisandbox/models/tokenize"
)

// Two views that need no training run: how tokenizers cut text, and an
// expression's graph with its gradients, stepped by hand.

// tokenizerViews are the tokenizers the tokenizer view compares, in
// order: a view's name, the kind of tokenizer, and the languages of the
// corpora it learns from (nil = all of them). "bpe_en" learns its merges
// from the English texts alone, as the tokenizers of large models learn
// mostly from English, but knows every letter of all three languages (as
// a byte-level tokenizer knows every byte): it shows what a Kazakh or
// Russian text costs under such a tokenizer.
var tokenizerViews = []struct {
	name, kind string
	langs      []i18n.Lang
}{
	{"bpe", "bpe", nil},
	{"bpe_en", "bpe", []i18n.Lang{i18n.EN}},
	{"word", "word", nil},
	{"char", "char", nil},
}

// tokenizers trains the view's tokenizers once, on the built-in corpora.
type tokenizers struct {
	once sync.Once
	toks []tokenize.Tokenizer // in the order of tokenizerViews
	err  error
}

func (t *tokenizers) get() ([]tokenize.Tokenizer, error) {
	t.once.Do(func() {
		byLang := make(map[i18n.Lang][]string)
		letters := make(map[rune]bool)
		for _, info := range datasets.Corpora() {
			c, err := datasets.LoadCorpus(info.Name)
			if err != nil {
				t.err = fmt.Errorf("sandbox: tokenizer view: %w", err)
				return
			}
			byLang[c.Lang] = append(byLang[c.Lang], c.Texts...)
			for _, text := range c.Texts {
				for _, r := range text {
					letters[r] = true
				}
			}
		}
		alphabet := string(slices.Sorted(maps.Keys(letters)))
		for _, v := range tokenizerViews {
			langs := v.langs
			if langs == nil {
				langs = i18n.All
			}
			var texts []string
			for _, l := range langs {
				texts = append(texts, byLang[l]...)
			}
			// A thousand pieces: the scale of a small model's vocabulary.
			cfg := tokenize.Config{VocabSize: 1000}
			if v.langs != nil {
				cfg.Alphabet = alphabet
			}
			tok, err := tokenize.Train(context.Background(), v.kind, texts, cfg)
			if err != nil {
				t.err = fmt.Errorf("sandbox: tokenizer view %s: %w", v.name, err)
				return
			}
			t.toks = append(t.toks, tok)
		}
	})
	return t.toks, t.err
}

// Tokenization is how one tokenizer cuts a text.
type Tokenization struct {
	Kind   string           // the view's name: "bpe", "bpe_en" (learned from English texts only), "word" or "char"
	Tokens []tokenize.Token // the pieces, in order
}

// TokenView compares the tokenizers on one text.
type TokenView struct {
	Characters, Words int
	Tokenizers        []Tokenization
}

// Tokenize cuts text with each of the view's tokenizers, trained on first
// use on the built-in corpora: Kazakh, Russian and English together, and
// for "bpe_en" English alone.
func (e *Engine) Tokenize(text string) (TokenView, error) {
	toks, err := e.tokenizers.get()
	if err != nil {
		return TokenView{}, &Error{Code: CodeInternal, Err: err}
	}
	var v TokenView
	for i, tok := range toks {
		if i == 0 {
			st := tokenize.Stats(tok, []string{text})
			v.Characters, v.Words = st.Characters, st.Words
		}
		v.Tokenizers = append(v.Tokenizers, Tokenization{Kind: tokenizerViews[i].name, Tokens: tok.Encode(text)})
	}
	return v, nil
}

// CodeBadExpression is the code of an *Error about an expression that
// cannot be read; Params["position"] is where, in characters from 1.
const CodeBadExpression = "bad_expression"

// exprState is a session's expression in the autograd view.
type exprState struct {
	mu sync.Mutex
	e  *autograd.Expression
}

// Autograd builds the session's expression: its graph, values and
// gradients. values gives every name a number; params names those that
// AutogradStep may change. It replaces the session's previous expression.
func (s *Session) Autograd(expr string, values map[string]float64, params []string) (autograd.Graph, error) {
	var vars []autograd.Var
	for _, name := range slices.Sorted(maps.Keys(values)) {
		vars = append(vars, autograd.Var{Name: name, Value: values[name], Param: slices.Contains(params, name)})
	}
	e, err := autograd.New(expr, vars)
	if err != nil {
		var se *autograd.SyntaxError
		if errors.As(err, &se) {
			return autograd.Graph{}, &Error{Code: CodeBadExpression, Field: "expression", Params: map[string]any{"position": se.Pos}, Err: err}
		}
		return autograd.Graph{}, &Error{Code: CodeBadExpression, Field: "expression", Params: map[string]any{"position": 1}, Err: err}
	}
	s.expr.mu.Lock()
	s.expr.e = e
	s.expr.mu.Unlock()
	return e.Graph(), nil
}

// AutogradStep moves every parameter of the session's expression a step
// of lr against its gradient and returns the graph computed again.
func (s *Session) AutogradStep(lr float64) (autograd.Graph, error) {
	s.expr.mu.Lock()
	defer s.expr.mu.Unlock()
	if s.expr.e == nil {
		return autograd.Graph{}, errorf(CodeNotReady, "expression", map[string]any{"run": "autograd"})
	}
	if _, err := s.expr.e.Step(lr); err != nil {
		var de *autograd.DivergedError
		if errors.As(err, &de) {
			return autograd.Graph{}, &Error{Code: CodeDiverged, Err: err, Params: map[string]any{"epoch": 1, "lr": lr, "suggest": smallerRate(lr)}}
		}
		if errors.Is(err, autograd.ErrNoParams) {
			return autograd.Graph{}, errorf(CodeMissingField, "params", map[string]any{"label": "params"})
		}
		return autograd.Graph{}, &Error{Code: CodeInternal, Err: err}
	}
	return s.expr.e.Graph(), nil
}
