package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aisandbox/aisandbox/activities"
	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// Activities in the page (docs/activities.md for the format; the messages
// are in docs/protocol.md, "Activities"):
//
//   - `activities` lists them, with their texts in one language;
//   - `activity` sends one whole, as a student may see it: without the
//     teacher's notes and without any answer key (right options, numbers,
//     tolerances, keywords) or explanation, so that the page can hold
//     nothing a student could peek at;
//   - `check` marks an answer to a step's checkpoint on the server and
//     sends back whether it is right and the explanation, and keeps the
//     answer: with the student's record when the connection is a student of
//     a class, otherwise with the connection while it lasts.
//
// Markup texts (instructions, questions, hints, explanations) are sent as
// the HTML activities.MarkupHTML makes of them: <p>, <strong> and <br>
// around escaped text, nothing else.
//
// Two pages are made from an activity: /embed/ID shows it alone in the
// page, without the rest of the app, for a teacher's slides or a school's
// learning platform, and /worksheet/ID is a printable sheet of its steps
// and questions with room to write, and no answers.

// Limits of the activity messages.
const (
	// maxAnswerRunes is the longest written answer, in characters: a
	// paragraph or two.
	maxAnswerRunes = 2000
	// maxChosen is the most options one answer may choose.
	maxChosen = 20
	// activityTimeout bounds the store's work for one activity message.
	activityTimeout = 10 * time.Second
)

// Error codes of the activity messages.
const (
	// codeUnknownActivity: no activity has that id.
	codeUnknownActivity = "unknown_activity"
	// codeNoCheckpoint: the step asks no question.
	codeNoCheckpoint = "no_checkpoint"
	// codeNotAnOption: an answer chose an option the question does not have.
	codeNotAnOption = "not_an_option"
	// codeNotANumber: a number answer is not a number.
	codeNotANumber = "not_a_number"
	// codeEmptyAnswer: a written answer is empty.
	codeEmptyAnswer = "empty_answer"
	// codeBadAnswer: the answer has the wrong form for its question (a
	// list for a written answer, an object, ...).
	codeBadAnswer = "bad_answer"
)

// Where an answer was kept, as `checked` says.
const (
	savedClass      = "class"      // with the student's record in the class
	savedConnection = "connection" // with this connection only, until it closes
)

// activityIndex holds the activities the server offers and the answers of
// connections that are not students of a class.
type activityIndex struct {
	list []*activities.Activity // sorted as activities.Sort sorts
	byID map[string]*activities.Activity

	mu   sync.Mutex
	solo map[*client]map[answerKey]keptAnswer
}

// answerKey names one checkpoint of one activity.
type answerKey struct {
	activity string
	step     int
}

// keptAnswer is an answer kept with a connection.
type keptAnswer struct {
	checkpoint string
	answer     json.RawMessage
	correct    *bool
}

// newActivityIndex indexes as by id. It refuses a nil activity and two
// activities with one id: the caller validates them (activities.ValidateSet).
func newActivityIndex(as []*activities.Activity) (*activityIndex, error) {
	x := &activityIndex{byID: make(map[string]*activities.Activity, len(as)), solo: make(map[*client]map[answerKey]keptAnswer)}
	for i, a := range as {
		if a == nil {
			return nil, fmt.Errorf("web: activity %d is nil", i)
		}
		if _, ok := x.byID[a.ID]; ok {
			return nil, fmt.Errorf("web: two activities have the id %q", a.ID)
		}
		x.byID[a.ID] = a
		x.list = append(x.list, a)
	}
	activities.Sort(x.list)
	return x, nil
}

// keep remembers a connection's answer to a checkpoint, replacing an
// earlier one.
func (x *activityIndex) keep(c *client, k answerKey, a keptAnswer) {
	x.mu.Lock()
	defer x.mu.Unlock()
	m := x.solo[c]
	if m == nil {
		m = make(map[answerKey]keptAnswer)
		x.solo[c] = m
	}
	m[k] = a
}

// kept returns a connection's answers to an activity's checkpoints, by step.
func (x *activityIndex) kept(c *client, activity string) map[int]keptAnswer {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := map[int]keptAnswer{}
	for k, a := range x.solo[c] {
		if k.activity == activity {
			out[k.step] = a
		}
	}
	return out
}

// forget drops a closed connection's answers.
func (x *activityIndex) forget(c *client) {
	x.mu.Lock()
	delete(x.solo, c)
	x.mu.Unlock()
}

// The activity requests (docs/protocol.md).
type activitiesRequest struct {
	ID   string
	Lang i18n.Lang // "" = the connection's language
}
type activityRequest struct {
	ID, Activity string
	Lang         i18n.Lang // "" = the connection's language
}
type checkRequest struct {
	ID, Activity string
	Step         int
	Answer       json.RawMessage
}

func (r activitiesRequest) messageID() string { return r.ID }
func (r activityRequest) messageID() string   { return r.ID }
func (r checkRequest) messageID() string      { return r.ID }

// decodeActivityRequest reads an activities, activity or check message
// (typ) whose id has been read already.
func decodeActivityRequest(typ, id string, data []byte) (request, string, error) {
	lang := func(s *string) (i18n.Lang, error) {
		if s == nil {
			return "", nil
		}
		l, ok := i18n.Parse(*s)
		if !ok {
			return "", &sandbox.Error{Code: sandbox.CodeBadChoice, Field: "lang", Params: map[string]any{"label": "lang", "choices": "kk, ru, en"}}
		}
		return l, nil
	}
	switch typ {
	case "activities":
		var m struct {
			envelope
			Lang *string `json:"lang"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		l, err := lang(m.Lang)
		if err != nil {
			return nil, id, err
		}
		return activitiesRequest{ID: id, Lang: l}, id, nil
	case "activity":
		var m struct {
			envelope
			Activity *string `json:"activity"`
			Lang     *string `json:"lang"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Activity == nil {
			return nil, id, missing("activity")
		}
		l, err := lang(m.Lang)
		if err != nil {
			return nil, id, err
		}
		return activityRequest{ID: id, Activity: *m.Activity, Lang: l}, id, nil
	case "check":
		var m struct {
			envelope
			Activity *string         `json:"activity"`
			Step     *int            `json:"step"`
			Answer   json.RawMessage `json:"answer"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		switch {
		case m.Activity == nil:
			return nil, id, missing("activity")
		case m.Step == nil:
			return nil, id, missing("step")
		case m.Answer == nil || string(m.Answer) == "null":
			return nil, id, missing("answer")
		}
		return checkRequest{ID: id, Activity: *m.Activity, Step: *m.Step, Answer: m.Answer}, id, nil
	}
	return nil, id, &sandbox.Error{Code: codeUnknownType, Field: "type", Params: map[string]any{"type": typ}}
}

// The activity messages the server sends.

// activitySummary is an activity as the picker lists it.
type activitySummary struct {
	ID           string                  `json:"id"`
	Version      int                     `json:"version"`
	Subject      activities.Subject      `json:"subject"`
	Grades       []activities.Grade      `json:"grades"`
	Minutes      int                     `json:"minutes"`
	Languages    []i18n.Lang             `json:"languages"`
	Competencies []activities.Competency `json:"competencies"`
	Datasets     []string                `json:"datasets"`
	Steps        int                     `json:"steps"`
	Title        string                  `json:"title"`
	Summary      string                  `json:"summary"`
}

type activitiesMsg struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Lang       i18n.Lang         `json:"lang"`
	Activities []activitySummary `json:"activities"`
}

// activityView is a whole activity as a student may see it: the summary's
// fields, but the steps themselves rather than their count: its own Steps
// lies shallower than the summary's, so encoding/json writes it as "steps"
// and leaves the count out.
type activityView struct {
	activitySummary
	Lang       i18n.Lang  `json:"lang"` // the language of the texts
	Objectives []string   `json:"objectives"`
	Steps      []stepView `json:"steps"`
}

type stepView struct {
	ID           string                `json:"id"`
	Title        string                `json:"title"`
	Instructions string                `json:"instructions"` // HTML
	Panel        activities.Panel      `json:"panel"`
	Settings     map[string]presetView `json:"settings"`
	Checkpoint   *checkpointView       `json:"checkpoint,omitempty"`
	Hints        []string              `json:"hints"` // HTML each
}

type presetView struct {
	Value  json.RawMessage `json:"value,omitempty"`
	Locked bool            `json:"locked,omitempty"`
	Hidden bool            `json:"hidden,omitempty"`
}

// checkpointView is a question without its key: no right options, number,
// tolerance or keywords, and no explanation until it is answered.
type checkpointView struct {
	Kind     activities.CheckpointKind `json:"kind"`
	Question string                    `json:"question"` // HTML
	Options  []optionView              `json:"options,omitempty"`
	// Multiple says that a choice question has more than one right option,
	// so the page offers boxes to tick rather than one to pick.
	Multiple bool   `json:"multiple,omitempty"`
	Unit     string `json:"unit,omitempty"`
}

type optionView struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type activityMsg struct {
	Type     string       `json:"type"`
	ID       string       `json:"id"`
	Activity activityView `json:"activity"`
	// Answers are the checkpoints answered already (on this connection, or
	// by the student in the class), each as a checked message has it.
	Answers []checkedBody `json:"answers"`
	// Saved says where answers are kept: "class" or "connection".
	Saved string `json:"saved"`
}

// checkedBody is a marked answer.
type checkedBody struct {
	Activity   string                    `json:"activity"`
	Step       int                       `json:"step"`
	Checkpoint string                    `json:"checkpoint"`
	Kind       activities.CheckpointKind `json:"kind"`
	Answer     json.RawMessage           `json:"answer"`
	// Correct is whether a choice or number answer is right; null for a
	// prediction or a written answer, which are never marked.
	Correct     *bool  `json:"correct"`
	Explanation string `json:"explanation"` // HTML
}

type checkedMsg struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	checkedBody
	Saved string `json:"saved"`
}

// handleActivity answers an activity message.
func (c *client) handleActivity(l i18n.Lang, req request) {
	x := c.srv.acts
	switch r := req.(type) {
	case activitiesRequest:
		if r.Lang != "" {
			l = r.Lang
		}
		m := activitiesMsg{Type: "activities", ID: r.ID, Lang: l, Activities: []activitySummary{}}
		for _, a := range x.list {
			m.Activities = append(m.Activities, summarize(a, l))
		}
		c.reply(m)
	case activityRequest:
		a, err := x.find(r.Activity)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		if r.Lang != "" {
			l = r.Lang
		}
		ctx, cancel := context.WithTimeout(context.Background(), activityTimeout)
		defer cancel()
		answers, saved, err := c.answersTo(ctx, a)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		m := activityMsg{Type: "activity", ID: r.ID, Activity: studentView(a, l), Answers: []checkedBody{}, Saved: saved}
		for _, step := range slices.Sorted(maps.Keys(answers)) {
			m.Answers = append(m.Answers, checkedOf(a, step, answers[step], l))
		}
		c.reply(m)
	case checkRequest:
		a, err := x.find(r.Activity)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		if r.Step < 0 || r.Step >= len(a.Steps) {
			c.replyError(r.ID, outOfRange("step", 0, float64(len(a.Steps)-1)))
			return
		}
		st := &a.Steps[r.Step]
		if st.Checkpoint == nil {
			c.replyError(r.ID, &sandbox.Error{Code: codeNoCheckpoint, Field: "step", Params: map[string]any{"step": r.Step + 1}})
			return
		}
		answer, correct, err := checkAnswer(st.Checkpoint, r.Answer)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		saved := savedConnection
		if s := c.role.student; s != nil {
			ctx, cancel := context.WithTimeout(context.Background(), activityTimeout)
			defer cancel()
			if err := s.Answer(ctx, a.ID, r.Step, st.ID, answer, correct); err != nil {
				c.replyError(r.ID, err)
				return
			}
			saved = savedClass
		} else {
			x.keep(c, answerKey{a.ID, r.Step}, keptAnswer{checkpoint: st.ID, answer: answer, correct: correct})
		}
		c.reply(checkedMsg{
			Type: "checked", ID: r.ID, Saved: saved,
			checkedBody: checkedOf(a, r.Step, keptAnswer{checkpoint: st.ID, answer: answer, correct: correct}, l),
		})
	}
}

// find returns the activity with the id, or an unknown_activity error.
func (x *activityIndex) find(id string) (*activities.Activity, error) {
	if a, ok := x.byID[id]; ok {
		return a, nil
	}
	if utf8.RuneCountInString(id) > 100 {
		id = string([]rune(id)[:100]) + "…"
	}
	return nil, &sandbox.Error{Code: codeUnknownActivity, Field: "activity", Params: map[string]any{"id": id}}
}

// answersTo returns the answers given to a's checkpoints, by step, and
// where they are kept: the student's in the class, or this connection's.
// Answers whose checkpoint is not the step's (the activity changed since)
// are left out.
func (c *client) answersTo(ctx context.Context, a *activities.Activity) (map[int]keptAnswer, string, error) {
	s := c.role.student
	if s == nil {
		return c.srv.acts.kept(c, a.ID), savedConnection, nil
	}
	all, err := s.Answers(ctx)
	if err != nil {
		return nil, "", err
	}
	out := map[int]keptAnswer{}
	for _, v := range all { // oldest first: a later answer replaces an earlier one
		if v.Activity != a.ID || v.Step < 0 || v.Step >= len(a.Steps) || a.Steps[v.Step].ID != v.Checkpoint || a.Steps[v.Step].Checkpoint == nil {
			continue
		}
		out[v.Step] = keptAnswer{checkpoint: v.Checkpoint, answer: v.Answer, correct: v.Correct}
	}
	return out, savedClass, nil
}

// checkedOf is a kept answer to step of a, with the explanation in l.
func checkedOf(a *activities.Activity, step int, k keptAnswer, l i18n.Lang) checkedBody {
	cp := a.Steps[step].Checkpoint
	return checkedBody{
		Activity: a.ID, Step: step, Checkpoint: k.checkpoint, Kind: cp.Kind, Answer: k.answer,
		Correct: k.correct, Explanation: markupHTML(cp.Explanation.In(l)),
	}
}

// checkAnswer marks an answer to cp, as JSON from the browser, and returns
// it in the form it is kept in:
//
//   - choice: a list of option ids (one string is taken as a list of one);
//     right when it is exactly the right options;
//   - predict with options: one option id, as a string; never marked;
//   - number: a JSON number, or a string as typed ("1,3", "−2"), kept as a
//     JSON number; right when within the tolerance;
//   - predict without options, and text: a string of 1 to maxAnswerRunes
//     characters (spaces at its ends trimmed); never marked.
//
// correct is nil for the answers that are never marked.
func checkAnswer(cp *activities.Checkpoint, raw json.RawMessage) (answer json.RawMessage, correct *bool, err error) {
	bad := &sandbox.Error{Code: codeBadAnswer, Field: "answer"}
	optionIDs := func() []string {
		ids := make([]string, len(cp.Options))
		for i, o := range cp.Options {
			ids[i] = o.ID
		}
		return ids
	}
	isOption := func(id string) error {
		if !slices.ContainsFunc(cp.Options, func(o activities.Option) bool { return o.ID == id }) {
			return &sandbox.Error{Code: codeNotAnOption, Field: "answer", Params: map[string]any{"choices": strings.Join(optionIDs(), ", ")}}
		}
		return nil
	}
	text := func() (string, error) {
		var s string
		if json.Unmarshal(raw, &s) != nil || !utf8.ValidString(s) {
			return "", bad
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return "", &sandbox.Error{Code: codeEmptyAnswer, Field: "answer"}
		}
		if n := utf8.RuneCountInString(s); n > maxAnswerRunes {
			return "", outOfRange("answer", 1, maxAnswerRunes)
		}
		return s, nil
	}
	marked := func(v bool) *bool { return &v }
	switch cp.Kind {
	case activities.Choice:
		var chosen []string
		var one string
		if json.Unmarshal(raw, &one) == nil {
			chosen = []string{one}
		} else if json.Unmarshal(raw, &chosen) != nil {
			return nil, nil, bad
		}
		if len(chosen) == 0 {
			return nil, nil, &sandbox.Error{Code: codeEmptyAnswer, Field: "answer"}
		}
		if len(chosen) > maxChosen {
			return nil, nil, outOfRange("answer", 1, maxChosen)
		}
		for _, id := range chosen {
			if err := isOption(id); err != nil {
				return nil, nil, err
			}
		}
		// Kept in the order of the options, each once.
		var kept []string
		for _, o := range cp.Options {
			if slices.Contains(chosen, o.ID) {
				kept = append(kept, o.ID)
			}
		}
		data, _ := json.Marshal(kept) // a list of strings always encodes
		return data, marked(cp.CheckChoice(chosen)), nil
	case activities.Predict:
		if len(cp.Options) > 0 {
			var id string
			if json.Unmarshal(raw, &id) != nil {
				var ids []string
				if json.Unmarshal(raw, &ids) != nil || len(ids) != 1 {
					return nil, nil, bad
				}
				id = ids[0]
			}
			if err := isOption(id); err != nil {
				return nil, nil, err
			}
			data, _ := json.Marshal(id)
			return data, nil, nil
		}
		s, err := text()
		if err != nil {
			return nil, nil, err
		}
		data, _ := json.Marshal(s)
		return data, nil, nil
	case activities.Number:
		var x float64
		var typed string
		switch {
		case json.Unmarshal(raw, &x) == nil:
		case json.Unmarshal(raw, &typed) == nil:
			if strings.TrimSpace(typed) == "" {
				return nil, nil, &sandbox.Error{Code: codeEmptyAnswer, Field: "answer"}
			}
			v, err := activities.ParseNumber(typed)
			if err != nil {
				if utf8.RuneCountInString(typed) > 40 {
					typed = string([]rune(typed)[:40]) + "…"
				}
				return nil, nil, &sandbox.Error{Code: codeNotANumber, Field: "answer", Params: map[string]any{"text": typed}}
			}
			x = v
		default:
			return nil, nil, bad
		}
		data, err := json.Marshal(x)
		if err != nil { // cannot happen: ParseNumber and JSON give finite numbers
			return nil, nil, bad
		}
		return data, marked(cp.CheckNumber(x)), nil
	case activities.Text:
		s, err := text()
		if err != nil {
			return nil, nil, err
		}
		data, _ := json.Marshal(s)
		return data, nil, nil
	}
	return nil, nil, &sandbox.Error{Code: sandbox.CodeInternal, Err: fmt.Errorf("web: checkpoint of unknown kind %q", cp.Kind)}
}

// summarize is an activity as the picker lists it, in language l.
func summarize(a *activities.Activity, l i18n.Lang) activitySummary {
	s := activitySummary{
		ID: a.ID, Version: a.Version, Subject: a.Subject, Grades: a.Grades, Minutes: a.Minutes,
		Languages: a.Languages(), Competencies: a.Competencies, Datasets: a.Datasets, Steps: len(a.Steps),
		Title: a.Title.In(l), Summary: a.Summary.In(l),
	}
	if s.Grades == nil {
		s.Grades = []activities.Grade{}
	}
	if s.Languages == nil {
		s.Languages = []i18n.Lang{}
	}
	if s.Competencies == nil {
		s.Competencies = []activities.Competency{}
	}
	if s.Datasets == nil {
		s.Datasets = []string{}
	}
	return s
}

// studentView is a whole activity in language l, without teacher notes,
// answer keys and explanations.
func studentView(a *activities.Activity, l i18n.Lang) activityView {
	v := activityView{activitySummary: summarize(a, l), Lang: l, Objectives: []string{}, Steps: []stepView{}}
	for _, o := range a.Objectives {
		v.Objectives = append(v.Objectives, o.In(l))
	}
	for i := range a.Steps {
		st := &a.Steps[i]
		sv := stepView{
			ID: st.ID, Title: st.Title.In(l), Instructions: markupHTML(st.Instructions.In(l)), Panel: st.Panel,
			Settings: map[string]presetView{}, Hints: []string{},
		}
		for key, p := range st.Settings {
			sv.Settings[key] = presetView{Value: presetIn(p.Value, l), Locked: p.Locked, Hidden: p.Hidden}
		}
		for _, h := range st.Hints {
			sv.Hints = append(sv.Hints, markupHTML(h.In(l)))
		}
		if cp := st.Checkpoint; cp != nil {
			cv := &checkpointView{Kind: cp.Kind, Question: markupHTML(cp.Question.In(l)), Multiple: cp.Kind == activities.Choice && len(cp.Correct) > 1}
			for _, o := range cp.Options {
				cv.Options = append(cv.Options, optionView{ID: o.ID, Text: o.Text.In(l)})
			}
			if cp.Unit != nil {
				cv.Unit = cp.Unit.In(l)
			}
			sv.Checkpoint = cv
		}
		v.Steps = append(v.Steps, sv)
	}
	return v
}

// presetIn returns a preset's value for language l: a text written in
// every language ({"kk": …, "ru": …, "en": …}, see docs/activities.md)
// becomes the text in l; any other value is sent as written.
func presetIn(v json.RawMessage, l i18n.Lang) json.RawMessage {
	if len(v) == 0 || v[0] != '{' {
		return v
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil || len(m) != len(i18n.All) {
		return v
	}
	var t i18n.Text
	for _, lang := range i18n.All {
		var s string
		if json.Unmarshal(m[string(lang)], &s) != nil {
			return v
		}
		switch lang {
		case i18n.KK:
			t.KK = s
		case i18n.RU:
			t.RU = s
		default:
			t.EN = s
		}
	}
	data, _ := json.Marshal(t.In(l)) // a string always encodes
	return data
}

// markupHTML renders a markup text as HTML. A text whose markup is broken
// (a validated activity has none) is shown escaped, as written.
func markupHTML(s string) string {
	paras, err := activities.ParseMarkup(s)
	if err != nil {
		return "<p>" + strings.ReplaceAll(html.EscapeString(strings.TrimSpace(s)), "\n", "<br>") + "</p>"
	}
	return activities.MarkupHTML(paras)
}

// ---------- the embed page and the worksheet ----------

// serveEmbed answers GET /embed/ID?lang=kk&step=N with the page showing
// the activity alone: index.html with the activity (and the step, counted
// from 1) written on its body, which activity.js reads, and a base address
// so that the page's own files load from /.
func (s *Server) serveEmbed(w http.ResponseWriter, r *http.Request) {
	a, ok := s.acts.byID[r.PathValue("activity")]
	if !ok {
		s.notFound(w, r, requestLang(r))
		return
	}
	page, err := fs.ReadFile(staticFiles, "static/index.html")
	if err != nil {
		s.log.Error("reading the embedded page", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	step := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("step")); err == nil && n >= 1 && n <= len(a.Steps) {
		step = n
	}
	// The id is a slug (activities.Validate; the index holds only those
	// the caller validated), so it needs no escaping; it is escaped anyway.
	attrs := fmt.Sprintf(` data-embed="%s" data-embed-step="%d"`, html.EscapeString(a.ID), step)
	page = bytes.Replace(page, []byte("<head>"), []byte(`<head>`+"\n"+`<base href="/">`), 1)
	page = bytes.Replace(page, []byte("<body"), []byte("<body"+attrs), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(page)
}

// requestLang is the language a page asks for: ?lang=, else the first
// language of Accept-Language that AI Sandbox speaks, else English.
func requestLang(r *http.Request) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l, ok := i18n.Parse(tag); ok {
			return l
		}
	}
	return i18n.Default
}

// notFound answers an address of an activity that does not exist.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, l i18n.Lang) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	err := notFoundPage.Execute(w, map[string]any{
		"Lang":    l,
		"Title":   s.tr.Text(l, "activity.notfound.title", nil),
		"Message": s.tr.Text(l, "activity.notfound.text", map[string]any{"id": r.PathValue("activity")}),
		"Back":    s.tr.Text(l, "activity.notfound.back", nil),
	})
	if err != nil {
		s.log.Info("writing a not-found page", "err", err)
	}
}

var notFoundPage = template.Must(template.New("notfound").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="icon" href="data:,"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>{{.Title}}</h1><p>{{.Message}}</p><p><a href="/">{{.Back}}</a></p>
</body></html>
`))

// Lines of space to write in, on a worksheet: a written answer gets more
// than a prediction.
const (
	worksheetTextLines    = 5
	worksheetPredictLines = 3
)

// worksheet is what the worksheet template is given.
type worksheet struct {
	Lang           i18n.Lang
	ID             string
	Version        int
	Title, Summary string
	Meta           string // subject, grades, minutes
	Objectives     []string
	Steps          []worksheetStep
	T              map[string]string // the sheet's own texts, by the end of their key
}

type worksheetStep struct {
	Number       int
	Title        string
	Panel        string // what the step does on the computer, or ""
	Instructions template.HTML
	Question     *worksheetQuestion
}

type worksheetQuestion struct {
	Kind    string
	Prompt  string // "Choose one answer", ...
	Text    template.HTML
	Options []string
	Unit    string
	Lines   []struct{} // lines to write on
	Box     bool       // a box for a number
}

// serveWorksheet answers GET /worksheet/ID?lang=kk with a printable sheet:
// the activity's title, objectives and steps, each question with its
// options or room to write, and no answers.
func (s *Server) serveWorksheet(w http.ResponseWriter, r *http.Request) {
	l := requestLang(r)
	a, ok := s.acts.byID[r.PathValue("activity")]
	if !ok {
		s.notFound(w, r, l)
		return
	}
	var buf bytes.Buffer
	if err := worksheetPage.Execute(&buf, s.worksheet(a, l)); err != nil {
		s.log.Error("writing a worksheet", "activity", a.ID, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
}

// worksheet lays out activity a in language l.
func (s *Server) worksheet(a *activities.Activity, l i18n.Lang) worksheet {
	t := func(key string, params map[string]any) string { return s.tr.Text(l, key, params) }
	grades := make([]string, len(a.Grades))
	for i, g := range a.Grades {
		grades[i] = string(g)
	}
	ws := worksheet{
		Lang: l, ID: a.ID, Version: a.Version, Title: a.Title.In(l), Summary: a.Summary.In(l),
		Meta: t("activity.meta", map[string]any{
			"subject": t("activity.subject."+string(a.Subject), nil),
			"grades":  strings.Join(grades, ", "),
			"minutes": a.Minutes,
		}),
		T: map[string]string{},
	}
	for _, k := range []string{"worksheet", "name", "class", "date", "objectives", "print"} {
		ws.T[k] = t("activity.ws."+k, nil)
	}
	ws.T["footer"] = t("activity.ws.footer", map[string]any{"id": a.ID, "version": a.Version})
	for _, o := range a.Objectives {
		ws.Objectives = append(ws.Objectives, o.In(l))
	}
	for i := range a.Steps {
		st := &a.Steps[i]
		wst := worksheetStep{
			Number: i + 1, Title: st.Title.In(l),
			Instructions: template.HTML(markupHTML(st.Instructions.In(l))), // MarkupHTML escapes every character of the text
		}
		if st.Panel != activities.PanelRead {
			wst.Panel = t("activity.ws.on_computer", map[string]any{"panel": t("activity.panel."+string(st.Panel), nil)})
		}
		if cp := st.Checkpoint; cp != nil {
			q := &worksheetQuestion{Kind: string(cp.Kind), Text: template.HTML(markupHTML(cp.Question.In(l)))}
			for _, o := range cp.Options {
				q.Options = append(q.Options, o.Text.In(l))
			}
			switch {
			case cp.Kind == activities.Choice && len(cp.Correct) > 1:
				q.Prompt = t("activity.ws.choose_all", nil)
			case cp.Kind == activities.Choice:
				q.Prompt = t("activity.ws.choose_one", nil)
			case cp.Kind == activities.Predict && len(cp.Options) > 0:
				q.Prompt = t("activity.ws.predict_choose", nil)
			case cp.Kind == activities.Predict:
				q.Prompt = t("activity.ws.predict_write", nil)
				q.Lines = make([]struct{}, worksheetPredictLines)
			case cp.Kind == activities.Number:
				q.Prompt = t("activity.ws.number", nil)
				q.Box = true
				if cp.Unit != nil {
					q.Unit = cp.Unit.In(l)
				}
			default:
				q.Prompt = t("activity.ws.write", nil)
				q.Lines = make([]struct{}, worksheetTextLines)
			}
			wst.Question = q
		}
		ws.Steps = append(ws.Steps, wst)
	}
	return ws
}

// worksheetPage is the printable sheet. Its styles are in the page, so
// that a sheet saved from the browser prints the same; activity.js wires
// the print button (the page's policy allows no inline script).
var worksheetPage = template.Must(template.New("worksheet").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{index .T "worksheet"}}</title>
<link rel="icon" href="data:,">
<script src="/activity.js" defer></script>
<style>
  :root { color-scheme: light; }
  body { font-family: "Liberation Sans", Arial, system-ui, sans-serif; color: #111; background: #fff;
    max-width: 48rem; margin: 1.5rem auto; padding: 0 1.25rem; line-height: 1.45; font-size: 12pt; }
  h1 { font-size: 1.6em; margin: 0.2em 0; }
  h2 { font-size: 1.15em; margin: 0 0 0.3em; }
  .ws-kind { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8em; color: #444; margin: 0; }
  .ws-meta, .ws-summary { margin: 0.2em 0; color: #333; }
  .ws-who { display: grid; grid-template-columns: 3fr 1fr 1.4fr; gap: 1rem; margin: 1rem 0 1.2rem; }
  .ws-who span { display: block; border-bottom: 1px solid #222; padding-top: 1.2em; font-size: 0.85em; color: #333; }
  .ws-objectives { border: 1px solid #999; border-radius: 6px; padding: 0.5rem 1rem; margin-bottom: 1rem; }
  .ws-objectives ul { margin: 0.3em 0; padding-left: 1.2em; }
  ol.ws-steps { list-style: none; padding: 0; margin: 0; }
  li.ws-step { border-top: 2px solid #222; padding: 0.7rem 0 0.9rem; break-inside: avoid; page-break-inside: avoid; }
  .ws-panel { font-size: 0.85em; color: #333; font-style: italic; margin: 0 0 0.3em; }
  .ws-step p { margin: 0.3em 0; }
  .ws-question { margin-top: 0.6rem; padding: 0.5rem 0.8rem; border-left: 4px solid #555; background: #f4f4f4; }
  .ws-prompt { font-size: 0.85em; color: #333; font-style: italic; }
  ul.ws-options { list-style: none; padding: 0; margin: 0.4em 0 0; }
  ul.ws-options li { margin: 0.35em 0; display: flex; gap: 0.6em; align-items: baseline; }
  .ws-tick { display: inline-block; width: 0.9em; height: 0.9em; border: 1.5px solid #222; flex: none; }
  .ws-line { border-bottom: 1px solid #777; height: 2em; }
  .ws-number { margin-top: 0.5em; }
  .ws-box { display: inline-block; width: 9em; height: 1.8em; border: 1.5px solid #222; vertical-align: middle; margin: 0 0.4em; }
  footer { margin-top: 1.5rem; font-size: 0.8em; color: #555; }
  button.ws-print { font: inherit; padding: 0.4em 1.2em; border-radius: 6px; border: 1px solid #1a4e8a; background: #1a4e8a; color: #fff; cursor: pointer; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { margin: 0; padding: 0; max-width: none; font-size: 11pt; }
    .no-print { display: none !important; }
    .ws-question { background: none; }
    a { color: inherit; text-decoration: none; }
  }
</style>
</head>
<body class="worksheet" data-worksheet="{{.ID}}">
<header>
  <p class="ws-kind">{{index .T "worksheet"}}</p>
  <h1>{{.Title}}</h1>
  <p class="ws-meta">{{.Meta}}</p>
  <p class="ws-summary">{{.Summary}}</p>
  <div class="ws-who"><span>{{index .T "name"}}</span><span>{{index .T "class"}}</span><span>{{index .T "date"}}</span></div>
  <p class="no-print"><button type="button" id="ws-print" class="ws-print">{{index .T "print"}}</button></p>
</header>
<section class="ws-objectives">
  <h2>{{index .T "objectives"}}</h2>
  <ul>{{range .Objectives}}<li>{{.}}</li>{{end}}</ul>
</section>
<main>
<ol class="ws-steps">
{{- range .Steps}}
  <li class="ws-step" data-step="{{.Number}}">
    <h2>{{.Number}}. {{.Title}}</h2>
    {{if .Panel}}<p class="ws-panel">{{.Panel}}</p>{{end}}
    <div class="ws-instructions">{{.Instructions}}</div>
    {{- with .Question}}
    <div class="ws-question" data-kind="{{.Kind}}">
      <div class="ws-question-text">{{.Text}}</div>
      <p class="ws-prompt">{{.Prompt}}</p>
      {{- if .Options}}
      <ul class="ws-options">{{range .Options}}<li><span class="ws-tick" aria-hidden="true"></span><span>{{.}}</span></li>{{end}}</ul>
      {{- end}}
      {{- if .Box}}<p class="ws-number"><span class="ws-box" aria-hidden="true"></span>{{.Unit}}</p>{{end}}
      {{- if .Lines}}<div class="ws-lines">{{range .Lines}}<div class="ws-line"></div>{{end}}</div>{{end}}
    </div>
    {{- end}}
  </li>
{{- end}}
</ol>
</main>
<footer>{{index .T "footer"}}</footer>
</body>
</html>
`))
