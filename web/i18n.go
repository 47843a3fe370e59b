package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// translationFiles holds every text of the interface, the server's error
// messages and the plot labels: web/i18n/LANG.json for the core and
// web/i18n/AREA/LANG.json for each further part (evaluation, the
// classroom, ...). Each language's files are merged; a key may be written
// only once.
//
//go:embed i18n
var translationFiles embed.FS

// Translations holds the interface texts in every language. Texts may hold
// {name} placeholders filled from a map.
type Translations struct {
	texts map[i18n.Lang]map[string]string
	files map[i18n.Lang][]byte // each language's texts as one JSON object, for the page
}

// readTranslations merges every i18n/**/LANG.json of fsys for language l.
func readTranslations(fsys fs.FS, l i18n.Lang) (map[string]string, error) {
	m := make(map[string]string)
	from := make(map[string]string) // key -> file it came from
	err := fs.WalkDir(fsys, "i18n", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) != string(l)+".json" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		part := make(map[string]string)
		if err := json.Unmarshal(data, &part); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for k, v := range part {
			if f, ok := from[k]; ok {
				return fmt.Errorf("%q is in both %s and %s", k, f, p)
			}
			m[k], from[k] = v, p
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: translations for %s: %w", l, err)
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("web: translations for %s: no i18n/%s.json", l, l)
	}
	return m, nil
}

// serveFile answers GET /i18n/LANG.json with every text of that language.
func (t *Translations) serveFile(w http.ResponseWriter, r *http.Request) {
	data, ok := t.files[i18n.Lang(strings.TrimSuffix(r.PathValue("file"), ".json"))]
	if !ok || !strings.HasSuffix(r.PathValue("file"), ".json") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(data)
}

// LoadTranslations reads the embedded translation files and checks that
// every language has the same keys and no empty text.
func LoadTranslations() (*Translations, error) {
	t := &Translations{texts: make(map[i18n.Lang]map[string]string), files: make(map[i18n.Lang][]byte)}
	for _, l := range i18n.All {
		m, err := readTranslations(translationFiles, l)
		if err != nil {
			return nil, err
		}
		t.texts[l] = m
		if t.files[l], err = json.Marshal(m); err != nil {
			return nil, fmt.Errorf("web: translations for %s: %w", l, err)
		}
	}
	var problems []string
	for key := range t.texts[i18n.EN] {
		for _, l := range i18n.All {
			if strings.TrimSpace(t.texts[l][key]) == "" {
				problems = append(problems, fmt.Sprintf("%s has no text for %q", l, key))
			}
		}
	}
	for _, l := range i18n.All {
		for key := range t.texts[l] {
			if _, ok := t.texts[i18n.EN][key]; !ok {
				problems = append(problems, fmt.Sprintf("%s has %q, which en lacks", l, key))
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("web: translations: %s", strings.Join(problems, "; "))
	}
	return t, nil
}

// Text returns the text for key in language l with its placeholders
// filled from params; a missing key comes back as the key itself.
func (t *Translations) Text(l i18n.Lang, key string, params map[string]any) string {
	s, ok := t.texts[l][key]
	if !ok {
		s, ok = t.texts[i18n.EN][key]
	}
	if !ok {
		return key
	}
	if len(params) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(params))
	for k, v := range params {
		pairs = append(pairs, "{"+k+"}", formatParam(l, v))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// formatParam writes a message parameter for people: numbers without
// exponents (0.00001, not 1e-05), labels in the reader's language.
func formatParam(l i18n.Lang, v any) string {
	switch v := v.(type) {
	case i18n.Text:
		return v.In(l)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// Error returns the message for err in language l: the translation of its
// code for an *sandbox.Error, and the generic internal-error message for
// anything else (whose details belong in the log, not in front of a class).
func (t *Translations) Error(l i18n.Lang, err error) (code, message string) {
	var e *sandbox.Error
	if !errors.As(err, &e) {
		return sandbox.CodeInternal, t.Text(l, "error."+sandbox.CodeInternal, nil)
	}
	key := "error." + e.Code
	// Some errors say more precisely what went wrong: "error.bad_image.corrupt".
	if reason, ok := e.Params["reason"].(string); ok {
		if _, ok := t.texts[i18n.EN][key+"."+reason]; ok {
			key += "." + reason
		}
	}
	if _, ok := t.texts[i18n.EN][key]; !ok {
		slog.Warn("no translation for error code", "code", e.Code)
		return sandbox.CodeInternal, t.Text(l, "error."+sandbox.CodeInternal, nil)
	}
	return e.Code, t.Text(l, key, e.Params)
}
