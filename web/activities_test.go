package web_test

import (
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/web"
)

// kindsActivity reads testdata/activities/kinds.json: one step of every
// kind, texts in three languages, teacher notes and keywords.
func kindsActivity(t *testing.T) *activities.Activity {
	t.Helper()
	name := filepath.Join("testdata", "activities", "kinds.json")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := activities.Parse(data, name)
	if err != nil {
		t.Fatal(err)
	}
	if ps := activities.Validate(a, nil); len(ps) > 0 {
		t.Fatalf("the test activity has problems: %v", activities.Problems(ps))
	}
	return a
}

// builtinActivities returns the embedded activities.
func builtinActivities(t *testing.T) []*activities.Activity {
	t.Helper()
	as, err := activities.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// startActivityServer serves the built-in activities and the test one.
func startActivityServer(t *testing.T) (*classServer, []*activities.Activity) {
	t.Helper()
	as := append(builtinActivities(t), kindsActivity(t))
	return startClassServer(t, sandbox.Config{}, web.Options{Activities: as}), as
}

// markup renders a markup text as the server sends it.
func markup(t *testing.T, s string) string {
	t.Helper()
	paras, err := activities.ParseMarkup(s)
	if err != nil {
		t.Fatalf("markup %q: %v", s, err)
	}
	return activities.MarkupHTML(paras)
}

var (
	inlineRE = regexp.MustCompile(`</?strong>`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	spacesRE = regexp.MustCompile(`\s+`)
)

// plain is the text a reader sees in HTML: bold marks dropped, other tags
// (paragraphs, line breaks) made spaces, entities decoded, runs of spaces
// made one.
func plain(s string) string {
	s = tagRE.ReplaceAllString(inlineRE.ReplaceAllString(s, ""), " ")
	return strings.TrimSpace(spacesRE.ReplaceAllString(html.UnescapeString(s), " "))
}

// plainMarkup is the text a reader sees of a markup text.
func plainMarkup(s string) string {
	return strings.TrimSpace(spacesRE.ReplaceAllString(strings.ReplaceAll(s, "**", ""), " "))
}

// text returns t in l as written, without falling back to English.
func textIn(t i18n.Text, l i18n.Lang) string {
	switch l {
	case i18n.KK:
		return t.KK
	case i18n.RU:
		return t.RU
	}
	return t.EN
}

// secrets lists the texts of a that a student must not be sent before
// answering: explanations and teacher notes, as a reader would see them.
func secrets(a *activities.Activity, l i18n.Lang) []string {
	var out []string
	for _, st := range a.Steps {
		if st.TeacherNotes != nil {
			out = append(out, plainMarkup(textIn(*st.TeacherNotes, l)))
		}
		if st.Checkpoint != nil {
			out = append(out, plainMarkup(textIn(st.Checkpoint.Explanation, l)))
		}
	}
	return out
}

// keyFields are the JSON names of an answer key and of what only the
// teacher reads.
var keyFields = []string{"correct", "answer", "tolerance", "relative", "keywords", "explanation", "teacher_notes"}

// findKeys returns the paths of the fields of v named in names.
func findKeys(v any, path string, names []string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if slices.Contains(names, k) {
				out = append(out, path+"."+k)
			}
			out = append(out, findKeys(x, path+"."+k, names)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, findKeys(x, path+"[]", names)...)
		}
	}
	return out
}

func TestActivitiesList(t *testing.T) {
	ts, as := startActivityServer(t)
	c := cdial(t, ts, "?lang=en")
	for _, l := range []i18n.Lang{i18n.KK, i18n.RU, i18n.EN} {
		m := c.request(map[string]any{"type": "activities", "id": "list-" + string(l), "lang": string(l)}, "activities")
		if m.str("type") != "activities" || m.str("lang") != string(l) {
			t.Fatalf("activities in %s: %v", l, m)
		}
		list, _ := m["activities"].([]any)
		if len(list) != len(as) {
			t.Fatalf("%d activities listed in %s, want %d", len(list), l, len(as))
		}
		byID := map[string]*activities.Activity{}
		for _, a := range as {
			byID[a.ID] = a
		}
		for _, x := range list {
			e := msg(x.(map[string]any))
			a := byID[e.str("id")]
			if a == nil {
				t.Errorf("listed %q, which the server was not given", e.str("id"))
				continue
			}
			if e.str("title") != a.Title.In(l) || e.str("summary") != a.Summary.In(l) {
				t.Errorf("%s in %s: title %q, summary %q", a.ID, l, e.str("title"), e.str("summary"))
			}
			if e.str("subject") != string(a.Subject) || int(e.num("minutes")) != a.Minutes || int(e.num("steps")) != len(a.Steps) {
				t.Errorf("%s: %v", a.ID, e)
			}
			if langs, _ := e["languages"].([]any); len(langs) != len(a.Languages()) {
				t.Errorf("%s: languages %v, want %v", a.ID, langs, a.Languages())
			}
			if grades, _ := e["grades"].([]any); len(grades) != len(a.Grades) {
				t.Errorf("%s: grades %v, want %v", a.ID, grades, a.Grades)
			}
			if comps, _ := e["competencies"].([]any); len(comps) != len(a.Competencies) {
				t.Errorf("%s: competencies %v, want %v", a.ID, comps, a.Competencies)
			}
		}
	}
	// Without lang, the connection's language.
	m := cdial(t, ts, "?lang=ru").request(map[string]any{"type": "activities", "id": "l"}, "activities")
	if m.str("lang") != "ru" {
		t.Errorf("activities without lang on a Russian connection: lang %q", m.str("lang"))
	}
	// A server given no activities lists none.
	empty := startClassServer(t, sandbox.Config{}, web.Options{})
	m = cdial(t, empty, "").request(map[string]any{"type": "activities", "id": "l"}, "activities")
	if list, ok := m["activities"].([]any); !ok || len(list) != 0 {
		t.Errorf("a server without activities: %v", m)
	}
}

// TestActivityHasNoKeys asks for every activity in every language and
// checks that the student's copy holds no answer key, no explanation and
// no teacher note, and all the rest.
func TestActivityHasNoKeys(t *testing.T) {
	ts, as := startActivityServer(t)
	c := cdial(t, ts, "?lang=en")
	for _, a := range as {
		for _, l := range i18n.All {
			id := a.ID + "-" + string(l)
			c.send(map[string]any{"type": "activity", "id": id, "activity": a.ID, "lang": string(l)})
			var raw []byte
			for raw == nil {
				_, data, err := c.conn.ReadMessage()
				if err != nil {
					t.Fatal(err)
				}
				var head msg
				if json.Unmarshal(data, &head) == nil && head.str("id") == id {
					raw = data
				}
			}
			var m struct {
				Type     string         `json:"type"`
				Activity map[string]any `json:"activity"`
				Answers  []any          `json:"answers"`
				Saved    string         `json:"saved"`
			}
			if err := json.Unmarshal(raw, &m); err != nil || m.Type != "activity" {
				t.Fatalf("%s: %s", id, raw)
			}
			if keys := findKeys(m.Activity, "activity", keyFields); len(keys) > 0 {
				t.Errorf("%s: the student's copy has %v", id, keys)
			}
			var decoded any
			json.Unmarshal(raw, &decoded)
			seen := plain(allStrings(decoded))
			for _, s := range secrets(a, l) {
				if strings.Contains(seen, s) {
					t.Errorf("%s: the student's copy holds %q", id, s)
				}
			}
			if len(m.Answers) != 0 || m.Saved != "connection" {
				t.Errorf("%s: answers %v, saved %q on a fresh connection", id, m.Answers, m.Saved)
			}
			steps, _ := m.Activity["steps"].([]any)
			if len(steps) != len(a.Steps) {
				t.Fatalf("%s: %d steps, want %d", id, len(steps), len(a.Steps))
			}
			for i, x := range steps {
				st, want := x.(map[string]any), &a.Steps[i]
				if st["id"] != want.ID || st["panel"] != string(want.Panel) || st["title"] != want.Title.In(l) {
					t.Errorf("%s step %d: %v", id, i, st)
				}
				if st["instructions"] != markup(t, want.Instructions.In(l)) {
					t.Errorf("%s step %d: instructions %q", id, i, st["instructions"])
				}
				if hints, _ := st["hints"].([]any); len(hints) != len(want.Hints) {
					t.Errorf("%s step %d: %d hints, want %d", id, i, len(hints), len(want.Hints))
				}
				settings, _ := st["settings"].(map[string]any)
				if len(settings) != len(want.Settings) {
					t.Errorf("%s step %d: settings %v, want %d", id, i, settings, len(want.Settings))
				}
				cp, _ := st["checkpoint"].(map[string]any)
				if (cp != nil) != (want.Checkpoint != nil) {
					t.Errorf("%s step %d: checkpoint %v", id, i, cp)
					continue
				}
				if cp == nil {
					continue
				}
				if cp["kind"] != string(want.Checkpoint.Kind) || cp["question"] != markup(t, want.Checkpoint.Question.In(l)) {
					t.Errorf("%s step %d: checkpoint %v", id, i, cp)
				}
				opts, _ := cp["options"].([]any)
				if len(opts) != len(want.Checkpoint.Options) {
					t.Errorf("%s step %d: %d options, want %d", id, i, len(opts), len(want.Checkpoint.Options))
				}
				if multiple := cp["multiple"] == true; multiple != (len(want.Checkpoint.Correct) > 1) {
					t.Errorf("%s step %d: multiple %v with %d right options", id, i, multiple, len(want.Checkpoint.Correct))
				}
			}
		}
	}
}

// allStrings joins every string in a decoded JSON value.
func allStrings(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v + "\n")
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}

func TestActivityTextPresetInLanguage(t *testing.T) {
	ts, _ := startActivityServer(t)
	c := cdial(t, ts, "?lang=kk")
	m := c.request(map[string]any{"type": "activity", "id": "a", "activity": "test-kinds"}, "activity")
	act, _ := m["activity"].(map[string]any)
	if act["lang"] != "kk" || act["title"] != "Сұрақтың барлық түрі" {
		t.Fatalf("activity in Kazakh: %v", act)
	}
	step := act["steps"].([]any)[1].(map[string]any)
	preset := step["settings"].(map[string]any)["tokenizer.text"].(map[string]any)
	if preset["value"] != "Сәлем, әлем!" || preset["locked"] != true {
		t.Errorf("a text preset written in every language, for kk: %v", preset)
	}
	if v := act["version"]; v != 2.0 {
		t.Errorf("version %v, want 2", v)
	}
}

func TestCheck(t *testing.T) {
	ts, _ := startActivityServer(t)
	a := kindsActivity(t)
	expl := func(step int, l i18n.Lang) string {
		return markup(t, a.Steps[step].Checkpoint.Explanation.In(l))
	}
	yes, no := true, false
	for _, c := range []struct {
		name    string
		step    int
		answer  any
		correct *bool  // nil: not marked
		kept    string // the answer as kept, in JSON
	}{
		{"predict chooses an option", 1, "few", nil, `"few"`},
		{"predict as a list of one", 1, []string{"many"}, nil, `"many"`},
		{"predict written", 2, "  It curves up.  ", nil, `"It curves up."`},
		{"choice: both right ones", 3, []string{"half-decimal", "two-fourths"}, &yes, `["two-fourths","half-decimal"]`},
		{"choice: one of two right ones", 3, []string{"two-fourths"}, &no, `["two-fourths"]`},
		{"choice: a wrong one too", 3, []string{"two-fourths", "half-decimal", "one-third"}, &no, `["two-fourths","one-third","half-decimal"]`}, // in the options' order
		{"choice of one, as a string", 4, "third", &yes, `["third"]`},
		{"choice of one, wrong", 4, []string{"quarter"}, &no, `["quarter"]`},
		{"number exact", 5, 1.3, &yes, `1.3`},
		{"number with a decimal comma", 5, "1,3", &yes, `1.3`},
		{"number at the tolerance's edge", 5, "1.35", &yes, `1.35`},
		{"number just outside", 5, 1.36, &no, `1.36`},
		{"number with a minus sign", 5, "−1,3", &no, `-1.3`},
		{"text", 6, "A part of a whole.", nil, `"A part of a whole."`},
		{"text in Kazakh", 6, "Бүтіннің бөлігі.", nil, `"Бүтіннің бөлігі."`},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, l := range []i18n.Lang{i18n.KK, i18n.EN} {
				conn := cdial(t, ts, "?lang="+string(l))
				m := conn.request(map[string]any{"type": "check", "id": "c", "activity": "test-kinds", "step": c.step, "answer": c.answer}, "checked")
				if m.str("type") != "checked" {
					t.Fatalf("%s: %v", l, m)
				}
				got, hasCorrect := m["correct"]
				if !hasCorrect {
					t.Errorf("%s: checked has no correct field (it is null when not marked): %v", l, m)
				}
				switch {
				case c.correct == nil && got != nil:
					t.Errorf("%s: correct = %v, want null", l, got)
				case c.correct != nil && got != *c.correct:
					t.Errorf("%s: correct = %v, want %v", l, got, *c.correct)
				}
				if m.str("explanation") != expl(c.step, l) {
					t.Errorf("%s: explanation %q, want %q", l, m.str("explanation"), expl(c.step, l))
				}
				kept, _ := json.Marshal(m["answer"])
				if string(kept) != c.kept {
					t.Errorf("%s: kept %s, want %s", l, kept, c.kept)
				}
				if m.str("saved") != "connection" || m.str("checkpoint") != a.Steps[c.step].ID || m.str("kind") != string(a.Steps[c.step].Checkpoint.Kind) || int(m.num("step")) != c.step {
					t.Errorf("%s: %v", l, m)
				}
			}
		})
	}
}

func TestCheckRefusals(t *testing.T) {
	ts, _ := startActivityServer(t)
	conn := cdial(t, ts, "?lang=kk")
	for _, c := range []struct {
		name  string
		req   map[string]any
		code  string
		field string
		says  string // a fragment of the Kazakh message
	}{
		{"unknown activity", map[string]any{"activity": "no-such-lesson", "step": 0, "answer": "x"}, "unknown_activity", "activity", "«no-such-lesson» тапсырмасы жоқ"},
		{"step before the first", map[string]any{"activity": "test-kinds", "step": -1, "answer": "x"}, "out_of_range", "step", ""},
		{"step after the last", map[string]any{"activity": "test-kinds", "step": 7, "answer": "x"}, "out_of_range", "step", ""},
		{"a step with no question", map[string]any{"activity": "test-kinds", "step": 0, "answer": "x"}, "no_checkpoint", "step", "1-қадамда сұрақ қойылмаған"},
		{"an option the question lacks", map[string]any{"activity": "test-kinds", "step": 3, "answer": []string{"one-third", "two-thirds"}}, "not_an_option", "answer", "нұсқаларының арасында жоқ"},
		{"a prediction's option it lacks", map[string]any{"activity": "test-kinds", "step": 1, "answer": "some"}, "not_an_option", "answer", ""},
		{"two predictions", map[string]any{"activity": "test-kinds", "step": 1, "answer": []string{"many", "few"}}, "bad_answer", "answer", ""},
		{"no option chosen", map[string]any{"activity": "test-kinds", "step": 3, "answer": []string{}}, "empty_answer", "answer", "Жауап бос"},
		{"not a number", map[string]any{"activity": "test-kinds", "step": 5, "answer": "бір жарым"}, "not_a_number", "answer", "«бір жарым» сан емес"},
		{"a comma and a point", map[string]any{"activity": "test-kinds", "step": 5, "answer": "1,000.5"}, "not_a_number", "answer", ""},
		{"a number as a list", map[string]any{"activity": "test-kinds", "step": 5, "answer": []float64{1.3}}, "bad_answer", "answer", ""},
		{"an empty written answer", map[string]any{"activity": "test-kinds", "step": 6, "answer": "   "}, "empty_answer", "answer", ""},
		{"a written answer too long", map[string]any{"activity": "test-kinds", "step": 6, "answer": strings.Repeat("ә", 2001)}, "out_of_range", "answer", ""},
		{"an object", map[string]any{"activity": "test-kinds", "step": 6, "answer": map[string]any{"text": "x"}}, "bad_answer", "answer", ""},
		{"no answer", map[string]any{"activity": "test-kinds", "step": 6}, "missing_field", "answer", ""},
		{"a null answer", map[string]any{"activity": "test-kinds", "step": 6, "answer": nil}, "missing_field", "answer", ""},
		{"no step", map[string]any{"activity": "test-kinds", "answer": "x"}, "missing_field", "step", ""},
		{"a step that is a name", map[string]any{"activity": "test-kinds", "step": "divide", "answer": "x"}, "bad_field", "step", ""},
		{"an unknown field", map[string]any{"activity": "test-kinds", "step": 6, "answer": "x", "correct": true}, "bad_field", "correct", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := map[string]any{"type": "check", "id": "bad"}
			for k, v := range c.req {
				req[k] = v
			}
			m := conn.request(req, "checked")
			if m.str("type") != "error" || m.str("code") != c.code || m.str("field") != c.field {
				t.Fatalf("got %v, want error %s on %s", m, c.code, c.field)
			}
			if !strings.Contains(m.str("message"), c.says) || strings.Contains(m.str("message"), "{") {
				t.Errorf("message %q, want it to say %q", m.str("message"), c.says)
			}
		})
	}
	for _, c := range []struct {
		req  map[string]any
		code string
	}{
		{map[string]any{"type": "activity", "id": "x", "activity": "no-such-lesson"}, "unknown_activity"},
		{map[string]any{"type": "activity", "id": "x"}, "missing_field"},
		{map[string]any{"type": "activity", "id": "x", "activity": "test-kinds", "lang": "de"}, "bad_choice"},
		{map[string]any{"type": "activities", "id": "x", "lang": "fr"}, "bad_choice"},
	} {
		if m := conn.request(c.req, "activity", "activities"); m.str("code") != c.code {
			t.Errorf("%v: %v, want %s", c.req, m, c.code)
		}
	}
}

// TestCheckKeepsAnswers: a connection on its own keeps its answers while
// it lasts, and no other connection sees them; a student's answers go to
// the class, with the mark the server gave, and come back in `activity`.
func TestCheckKeepsAnswers(t *testing.T) {
	ts, _ := startActivityServer(t)

	solo := cdial(t, ts, "?lang=en")
	solo.request(map[string]any{"type": "check", "id": "c1", "activity": "test-kinds", "step": 5, "answer": "2"}, "checked")
	solo.request(map[string]any{"type": "check", "id": "c2", "activity": "test-kinds", "step": 5, "answer": "1,3"}, "checked")
	m := solo.request(map[string]any{"type": "activity", "id": "a", "activity": "test-kinds", "lang": "ru"}, "activity")
	answers, _ := m["answers"].([]any)
	if len(answers) != 1 || m.str("saved") != "connection" {
		t.Fatalf("the connection's answers: %v (saved %q), want the later one", answers, m.str("saved"))
	}
	got := msg(answers[0].(map[string]any))
	if got["answer"] != 1.3 || got["correct"] != true || int(got.num("step")) != 5 || !strings.Contains(got.str("explanation"), "13, делённое на 10") {
		t.Errorf("kept answer %v", got)
	}
	other := cdial(t, ts, "?lang=en")
	if m := other.request(map[string]any{"type": "activity", "id": "a", "activity": "test-kinds"}, "activity"); len(m["answers"].([]any)) != 0 {
		t.Errorf("another connection sees %v", m["answers"])
	}

	teacher, code, _ := openClass(t, ts, nil)
	student, joined := joinClass(t, ts, code, "Aigerim")
	m = student.request(map[string]any{"type": "check", "id": "c3", "activity": "test-kinds", "step": 3, "answer": []string{"two-fourths"}}, "checked")
	if m.str("saved") != "class" || m["correct"] != false {
		t.Fatalf("a student's check: %v", m)
	}
	ev := teacher.waitMsg("the answer on the dashboard", func(m msg) bool { return classEvent(m, "answer", "", nil) })
	ans := ev["event"].(map[string]any)["answer"].(map[string]any)
	if ans["nickname"] != "Aigerim" || ans["activity"] != "test-kinds" || ans["step"] != 3.0 || ans["checkpoint"] != "pick-two" || ans["correct"] != false {
		t.Errorf("the teacher sees %v", ans)
	}
	if kept, _ := json.Marshal(ans["answer"]); string(kept) != `["two-fourths"]` {
		t.Errorf("the teacher sees the answer %s", kept)
	}
	m = student.request(map[string]any{"type": "check", "id": "c4", "activity": "test-kinds", "step": 6, "answer": "Бүтіннің бөлігі."}, "checked")
	if m.str("saved") != "class" || m["correct"] != nil {
		t.Fatalf("a student's written answer: %v", m)
	}
	m = student.request(map[string]any{"type": "activity", "id": "a2", "activity": "test-kinds", "lang": "kk"}, "activity")
	answers, _ = m["answers"].([]any)
	if m.str("saved") != "class" || len(answers) != 2 {
		t.Fatalf("the student's answers back: %v (saved %q)", answers, m.str("saved"))
	}
	first := msg(answers[0].(map[string]any))
	if int(first.num("step")) != 3 || first["correct"] != false || !strings.Contains(first.str("explanation"), "екеуі де жартыға тең") {
		t.Errorf("first answer back %v", first)
	}
	// A rejoin on another connection finds them too.
	again := cdial(t, ts, "?lang=en")
	if m := again.request(map[string]any{"type": "rejoin", "id": "r", "token": joined.str("token")}, "joined"); m.str("type") != "joined" {
		t.Fatalf("rejoin: %v", m)
	}
	m = again.request(map[string]any{"type": "activity", "id": "a3", "activity": "test-kinds"}, "activity")
	if answers, _ := m["answers"].([]any); len(answers) != 2 {
		t.Errorf("after a rejoin: %v", m["answers"])
	}
}

func TestWorksheet(t *testing.T) {
	ts, as := startActivityServer(t)
	for _, a := range as {
		for _, l := range i18n.All {
			res, err := http.Get(ts.URL + "/worksheet/" + a.ID + "?lang=" + string(l))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("%s %s: %d %s", a.ID, l, res.StatusCode, res.Header.Get("Content-Type"))
			}
			page := string(body)
			seen := plain(page)
			want := []string{a.Title.In(l), plain(a.Summary.In(l))}
			for _, o := range a.Objectives {
				want = append(want, o.In(l))
			}
			for _, st := range a.Steps {
				want = append(want, st.Title.In(l), plainMarkup(st.Instructions.In(l)))
				if cp := st.Checkpoint; cp != nil {
					want = append(want, plainMarkup(cp.Question.In(l)))
					for _, o := range cp.Options {
						want = append(want, o.Text.In(l))
					}
					if cp.Unit != nil {
						want = append(want, cp.Unit.In(l))
					}
				}
			}
			for _, w := range want {
				if !strings.Contains(seen, spacesRE.ReplaceAllString(w, " ")) {
					t.Errorf("%s %s: the worksheet lacks %q", a.ID, l, w)
				}
			}
			for _, s := range secrets(a, l) {
				if strings.Contains(seen, s) {
					t.Errorf("%s %s: the worksheet holds %q", a.ID, l, s)
				}
			}
			if n := strings.Count(page, `<li class="ws-step"`); n != len(a.Steps) {
				t.Errorf("%s %s: %d steps, want %d", a.ID, l, n, len(a.Steps))
			}
			questions := 0
			for _, st := range a.Steps {
				if st.Checkpoint != nil {
					questions++
				}
			}
			if n := strings.Count(page, `<div class="ws-question"`); n != questions {
				t.Errorf("%s %s: %d questions, want %d", a.ID, l, n, questions)
			}
			if !strings.Contains(page, `<html lang="`+string(l)+`">`) || !strings.Contains(page, "@media print") {
				t.Errorf("%s %s: no language or print styles", a.ID, l)
			}
		}
	}
	// The sheet of the test activity: room to write and a box for the
	// number, and every question's prompt in Kazakh.
	res, err := http.Get(ts.URL + "/worksheet/test-kinds?lang=kk")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(body)
	for _, w := range []string{`<span class="ws-box"`, `<div class="ws-line">`, "Бір жауапты белгіле.", "Барлық дұрыс жауапты белгіле.", "Іске қоспас бұрын не күтетініңді белгіле.", "Компьютерде: Токенизатор", "метр"} {
		if !strings.Contains(page, w) {
			t.Errorf("the Kazakh sheet lacks %q", w)
		}
	}
	for _, secret := range []string{"1,3 шығады", "two-fourths", "Мұғалімге"} {
		if strings.Contains(page, secret) {
			t.Errorf("the sheet shows %q", secret)
		}
	}
	// The language from the browser, and an unknown activity.
	req, _ := http.NewRequest("GET", ts.URL+"/worksheet/test-kinds", nil)
	req.Header.Set("Accept-Language", "de-DE, ru;q=0.8, en;q=0.5")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Все виды вопросов") {
		t.Errorf("a Russian browser's sheet is not in Russian")
	}
	res, err = http.Get(ts.URL + "/worksheet/no-such-lesson?lang=kk")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || !strings.Contains(string(body), "«no-such-lesson» тапсырмасы жоқ") {
		t.Errorf("unknown activity: %d %s", res.StatusCode, body)
	}
}

func TestEmbed(t *testing.T) {
	ts, _ := startActivityServer(t)
	for _, c := range []struct {
		path   string
		status int
		step   string
	}{
		{"/embed/test-kinds?lang=kk&step=3", 200, "3"},
		{"/embed/test-kinds", 200, "1"},
		{"/embed/test-kinds?step=8", 200, "1"}, // past the last step
		{"/embed/test-kinds?step=0", 200, "1"}, // steps count from 1 here
		{"/embed/test-kinds?step=x", 200, "1"},
		{"/embed/no-such-lesson", 404, ""},
	} {
		res, err := http.Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, res.StatusCode, c.status)
			continue
		}
		if c.status != 200 {
			continue
		}
		page := string(body)
		for _, w := range []string{`<base href="/">`, `data-embed="test-kinds"`, `data-embed-step="` + c.step + `"`, `src="activity.js"`, `id="view-train"`} {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %s", c.path, w)
			}
		}
	}
}

func TestActivitiesGivenTwice(t *testing.T) {
	a := kindsActivity(t)
	_, err := web.New(sandbox.New(sandbox.Config{}), web.Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Activities: []*activities.Activity{a, kindsActivity(t)},
	})
	if err == nil || !strings.Contains(err.Error(), "test-kinds") {
		t.Errorf("two activities with one id: %v", err)
	}
}

// TestReadmeListsTheBuiltinActivities checks that the README's table of
// built-in activities names every one by its English title, under its
// subject, so that the teachers' list does not fall behind.
func TestReadmeListsTheBuiltinActivities(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // subject as the table names it -> its row
	for line := range strings.SplitSeq(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) == 4 {
			rows[strings.TrimSpace(cells[1])] = cells[2]
		}
	}
	// The README's name of each subject.
	subjects := map[activities.Subject]string{
		"physics": "physics", "biology": "biology", "chemistry": "chemistry", "maths": "maths", "ai": "AI literacy",
	}
	for _, a := range builtinActivities(t) {
		name, ok := subjects[a.Subject]
		if !ok {
			t.Errorf("%s: the subject %q has no row in the README's table", a.ID, a.Subject)
			continue
		}
		if !strings.Contains(rows[name], a.Title.EN) {
			t.Errorf("the README's %s row lacks %s, %q", name, a.ID, a.Title.EN)
		}
	}
}
