package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"strings"
	"time"

	"github.com/aisandbox/aisandbox/i18n"
	"github.com/aisandbox/aisandbox/sandbox"
)

// The classroom over the websocket (docs/protocol.md, "The classroom"): a
// teacher's connection opens or resumes a class with its secret and then
// watches and steers it; a student's connection joins with the class's code
// and a nickname, or rejoins with its token, and from then on trains in the
// student's own session, which outlives the connection. The engine
// (sandbox.Class, sandbox.Student) checks every right; this file turns
// messages into its calls and its events into messages, and sends a
// student's connection nothing about another student.

// Limits of the classroom messages, on top of the engine's own.
const (
	maxCodeRunes     = 20  // a join code as typed, with spaces or hyphens
	maxSecretRunes   = 64  // a teacher secret or rejoin token (26 characters)
	maxNicknameBytes = 200 // the engine allows 24 characters
	maxTitleBytes    = 400 // the engine allows 80 characters
	maxPasswordBytes = 200
	maxLockSettings  = 50 // settings locked or unlocked at once
	// classTimeout bounds the store's work for one classroom message.
	classTimeout = 10 * time.Second
	// wrongPasswordDelay slows down guessing the teacher password: a
	// connection waits this long after a wrong one.
	wrongPasswordDelay = time.Second
)

// Error codes of the classroom that the web layer adds to the engine's.
const (
	// codeBadPassword: open_class without the server's teacher password.
	codeBadPassword = "bad_password"
	// codeNotJoined: answer or move from a connection that is no student.
	codeNotJoined = "not_joined"
)

// classRole is a connection's place in a class: the teacher of one, a
// student of one, or neither (solo use). The read pump owns it.
type classRole struct {
	class   *sandbox.Class // the class this connection teaches
	secret  string         // its teacher secret
	student *sandbox.Student
	stop    func() // stops watching the class or the student; nil when none
}

// stopWatching stops the role's watcher, if any.
func (r *classRole) stopWatching() {
	if r.stop != nil {
		r.stop()
		r.stop = nil
	}
}

// The classroom requests (docs/protocol.md).
type openClassRequest struct {
	ID, Title, Password   string
	KeepDays, MaxStudents int
}
type teachRequest struct{ ID, Code, Secret string }
type actRequest struct {
	ID     string
	Action sandbox.Action
}
type exportRequest struct{ ID string }
type projectionRequest struct{ ID string }
type joinRequest struct{ ID, Code, Nickname string }
type rejoinRequest struct{ ID, Token string }
type answerRequest struct {
	ID, Activity, Checkpoint string
	Step                     int
	Answer                   json.RawMessage
	Correct                  *bool
}
type moveRequest struct {
	ID, Activity string
	Step         int
}

func (r openClassRequest) messageID() string  { return r.ID }
func (r teachRequest) messageID() string      { return r.ID }
func (r actRequest) messageID() string        { return r.ID }
func (r exportRequest) messageID() string     { return r.ID }
func (r projectionRequest) messageID() string { return r.ID }
func (r joinRequest) messageID() string       { return r.ID }
func (r rejoinRequest) messageID() string     { return r.ID }
func (r answerRequest) messageID() string     { return r.ID }
func (r moveRequest) messageID() string       { return r.ID }

// actions are the teacher's action types, in the order the protocol
// lists them.
var actions = []string{
	sandbox.ActStart, sandbox.ActStep, sandbox.ActLock, sandbox.ActUnlock, sandbox.ActPause,
	sandbox.ActResume, sandbox.ActProject, sandbox.ActUnproject, sandbox.ActRemove, sandbox.ActEnd,
}

// decodeClassRequest reads a classroom message of type typ.
func decodeClassRequest(typ, id string, data []byte) (request, string, error) {
	switch typ {
	case "open_class":
		var m struct {
			envelope
			Title       string `json:"title"`
			KeepDays    int    `json:"keep_days"`
			MaxStudents int    `json:"max_students"`
			Password    string `json:"password"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if err := textLength("title", m.Title, 0, maxTitleBytes); err != nil {
			return nil, id, err
		}
		if len(m.Password) > maxPasswordBytes {
			return nil, id, outOfRange("password", 0, maxPasswordBytes)
		}
		return openClassRequest{ID: id, Title: m.Title, KeepDays: m.KeepDays, MaxStudents: m.MaxStudents, Password: m.Password}, id, nil
	case "teach":
		var m struct {
			envelope
			Code   *string `json:"code"`
			Secret *string `json:"secret"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if err := required(map[string]*string{"code": m.Code, "secret": m.Secret}, "code", "secret"); err != nil {
			return nil, id, err
		}
		if err := textLength("code", *m.Code, 1, maxCodeRunes); err != nil {
			return nil, id, err
		}
		if err := textLength("secret", *m.Secret, 1, maxSecretRunes); err != nil {
			return nil, id, err
		}
		return teachRequest{ID: id, Code: *m.Code, Secret: *m.Secret}, id, nil
	case "act":
		var m struct {
			envelope
			Action *struct {
				Type      *string  `json:"type"`
				Activity  string   `json:"activity"`
				Step      int      `json:"step"`
				Settings  []string `json:"settings"`
				Student   string   `json:"student"`
				Anonymous bool     `json:"anonymous"`
			} `json:"action"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		switch {
		case m.Action == nil:
			return nil, id, missing("action")
		case m.Action.Type == nil:
			return nil, id, missing("action.type")
		}
		a := m.Action
		found := false
		for _, t := range actions {
			found = found || t == *a.Type
		}
		if !found {
			return nil, id, &sandbox.Error{Code: sandbox.CodeBadChoice, Field: "action.type", Params: map[string]any{"label": "action.type", "choices": strings.Join(actions, ", ")}}
		}
		if len(a.Settings) > maxLockSettings {
			return nil, id, outOfRange("action.settings", 0, maxLockSettings)
		}
		return actRequest{ID: id, Action: sandbox.Action{
			Type: *a.Type, Activity: a.Activity, Step: a.Step, Settings: a.Settings, Student: a.Student, Anonymous: a.Anonymous,
		}}, id, nil
	case "export":
		return exportRequest{ID: id}, id, strict(data, &struct{ envelope }{})
	case "projection":
		return projectionRequest{ID: id}, id, strict(data, &struct{ envelope }{})
	case "join":
		var m struct {
			envelope
			Code     *string `json:"code"`
			Nickname *string `json:"nickname"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if err := required(map[string]*string{"code": m.Code, "nickname": m.Nickname}, "code", "nickname"); err != nil {
			return nil, id, err
		}
		if err := textLength("code", *m.Code, 1, maxCodeRunes); err != nil {
			return nil, id, err
		}
		if len(*m.Nickname) > maxNicknameBytes {
			return nil, id, &sandbox.Error{Code: sandbox.CodeBadNickname, Field: "nickname", Params: map[string]any{"min": 1, "max": 24}}
		}
		return joinRequest{ID: id, Code: *m.Code, Nickname: *m.Nickname}, id, nil
	case "rejoin":
		var m struct {
			envelope
			Token *string `json:"token"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Token == nil {
			return nil, id, missing("token")
		}
		// A token written down by hand may come back grouped and in
		// small letters: it is 26 capitals and digits (crypto/rand.Text).
		token := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(*m.Token))
		if err := textLength("token", token, 1, maxSecretRunes); err != nil {
			return nil, id, err
		}
		return rejoinRequest{ID: id, Token: token}, id, nil
	case "answer":
		var m struct {
			envelope
			Activity   *string         `json:"activity"`
			Step       int             `json:"step"`
			Checkpoint *string         `json:"checkpoint"`
			Answer     json.RawMessage `json:"answer"`
			Correct    *bool           `json:"correct"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if err := required(map[string]*string{"activity": m.Activity, "checkpoint": m.Checkpoint}, "activity", "checkpoint"); err != nil {
			return nil, id, err
		}
		if m.Answer == nil {
			return nil, id, missing("answer")
		}
		return answerRequest{ID: id, Activity: *m.Activity, Step: m.Step, Checkpoint: *m.Checkpoint, Answer: m.Answer, Correct: m.Correct}, id, nil
	case "move":
		var m struct {
			envelope
			Activity *string `json:"activity"`
			Step     int     `json:"step"`
		}
		if err := strict(data, &m); err != nil {
			return nil, id, err
		}
		if m.Activity == nil {
			return nil, id, missing("activity")
		}
		return moveRequest{ID: id, Activity: *m.Activity, Step: m.Step}, id, nil
	}
	return nil, id, &sandbox.Error{Code: codeUnknownType, Field: "type", Params: map[string]any{"type": typ}}
}

// required returns a missing_field error for the first of names whose
// value is nil.
func required(values map[string]*string, names ...string) error {
	for _, n := range names {
		if values[n] == nil {
			return missing(n)
		}
	}
	return nil
}

// The classroom messages the server sends.

type classInfoMsg struct {
	ID          string             `json:"id"`
	Code        string             `json:"code"`
	Title       string             `json:"title"`
	Created     time.Time          `json:"created"`
	Ended       *time.Time         `json:"ended,omitempty"`
	KeepDays    int                `json:"keep_days"`
	MaxStudents int                `json:"max_students"`
	Students    int                `json:"students"`
	State       sandbox.ClassState `json:"state"`
}

func classInfo(ci sandbox.ClassInfo) classInfoMsg {
	m := classInfoMsg{
		ID: ci.ID, Code: ci.Code, Title: ci.Title, Created: ci.Created, KeepDays: ci.KeepDays,
		MaxStudents: ci.MaxStudents, Students: ci.Students, State: ci.State,
	}
	if !ci.Ended.IsZero() {
		e := ci.Ended
		m.Ended = &e
	}
	return m
}

type studentMsg struct {
	ID       string    `json:"id"`
	Nickname string    `json:"nickname"`
	Joined   time.Time `json:"joined"`
	Activity string    `json:"activity"`
	Step     int       `json:"step"`
	Status   string    `json:"status"`
	Accuracy *float64  `json:"accuracy"`
	Answers  int       `json:"answers"`
	Online   bool      `json:"online"`
	Removed  bool      `json:"removed,omitempty"`
}

func studentInfo(v sandbox.StudentView) studentMsg {
	return studentMsg{
		ID: v.ID, Nickname: v.Nickname, Joined: v.Joined, Activity: v.Activity, Step: v.Step,
		Status: v.Status, Accuracy: v.Accuracy, Answers: v.Answers, Online: v.Online, Removed: v.Removed,
	}
}

type answerMsg struct {
	Student    string          `json:"student"`
	Nickname   string          `json:"nickname"`
	Activity   string          `json:"activity"`
	Step       int             `json:"step"`
	Checkpoint string          `json:"checkpoint"`
	Answer     json.RawMessage `json:"answer"`
	Correct    *bool           `json:"correct"`
	At         time.Time       `json:"at"`
}

func answerInfo(a sandbox.AnswerView) answerMsg {
	return answerMsg{
		Student: a.StudentID, Nickname: a.Nickname, Activity: a.Activity, Step: a.Step,
		Checkpoint: a.Checkpoint, Answer: a.Answer, Correct: a.Correct, At: a.At,
	}
}

// resultMsg is an ended run with the settings chosen: a point of the
// class-wide plot.
type resultMsg struct {
	Student   string              `json:"student,omitempty"`
	Nickname  string              `json:"nickname,omitempty"`
	Run       string              `json:"run,omitempty"`
	Dataset   sandbox.DatasetSpec `json:"dataset"`
	Model     string              `json:"model"`
	Settings  sandbox.Values      `json:"settings"`
	TestSplit float64             `json:"test_split"`
	Status    string              `json:"status"`
	Result    sandbox.RunResult   `json:"result"`
	Started   time.Time           `json:"started"`
	Ended     time.Time           `json:"ended"`
}

func resultInfo(r sandbox.RunView) resultMsg {
	m := resultMsg{
		Student: r.StudentID, Nickname: r.Nickname, Run: r.RunID, Dataset: r.Dataset, Model: r.Model,
		Settings: r.Settings, TestSplit: r.TestSplit, Status: r.Status, Result: r.Result,
		Started: r.Started, Ended: r.Ended,
	}
	if m.Settings == nil {
		m.Settings = sandbox.Values{}
	}
	return m
}

type classEventMsg struct {
	Type  string    `json:"type"`
	Event eventBody `json:"event"`
}

type eventBody struct {
	Type    string              `json:"type"`
	Student *studentMsg         `json:"student,omitempty"`
	Answer  *answerMsg          `json:"answer,omitempty"`
	Run     *resultMsg          `json:"run,omitempty"`
	State   *sandbox.ClassState `json:"state,omitempty"`
}

type classOpenedMsg struct {
	Type    string       `json:"type"`
	ID      string       `json:"id"`
	Class   classInfoMsg `json:"class"`
	Secret  string       `json:"secret"`
	JoinURL string       `json:"join_url"`
}

type classViewMsg struct {
	Type    string       `json:"type"`
	ID      string       `json:"id"`
	Class   classInfoMsg `json:"class"`
	Roster  []studentMsg `json:"roster"`
	Results []resultMsg  `json:"results"`
	Answers []answerMsg  `json:"answers"`
	JoinURL string       `json:"join_url"`
}

type idMsg struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type exportMsg struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Filename string `json:"filename"`
	CSV      string `json:"csv"`
}

type projectionMsg struct {
	Type      string     `json:"type"`
	ID        string     `json:"id"`
	Projected bool       `json:"projected"`
	Anonymous bool       `json:"anonymous"`
	Nickname  string     `json:"nickname,omitempty"`
	Run       *resultMsg `json:"run,omitempty"`
	// Result is the run's final report as a done message has it: the
	// numbers and the plots.
	Result map[string]any `json:"result,omitempty"`
}

type joinedMsg struct {
	Type    string       `json:"type"`
	ID      string       `json:"id"`
	Token   string       `json:"token"`
	Student studentMsg   `json:"student"`
	Class   classInfoMsg `json:"class"`
	Runs    []runMsg     `json:"runs"`    // none on a first join
	Answers []answerMsg  `json:"answers"` // none on a first join
}

// runMsg is one of the student's own runs, as a rejoining page learns of
// it: a run still queued or training goes on sending its events here.
type runMsg struct {
	ID        string              `json:"id"`
	Status    string              `json:"status"`
	Dataset   sandbox.DatasetSpec `json:"dataset"`
	Model     string              `json:"model"`
	Settings  sandbox.Values      `json:"settings"`
	TestSplit float64             `json:"test_split"`
	// Result holds the final numbers of a run that ended with a model, as
	// its done message had them (without plots).
	Result map[string]any `json:"result,omitempty"`
	Error  *errorMsg      `json:"error,omitempty"`
}

type classStateMsg struct {
	Type  string             `json:"type"`
	State sandbox.ClassState `json:"state"`
}

type queuedMsg struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Position int    `json:"position"`
	Paused   bool   `json:"paused"`
}

type noticeMsg struct {
	Type string `json:"type"`
}

// handleClass answers a classroom message.
func (c *client) handleClass(l i18n.Lang, req request) {
	ctx, cancel := context.WithTimeout(context.Background(), classTimeout)
	defer cancel()
	e := c.srv.engine
	switch r := req.(type) {
	case openClassRequest:
		if !c.srv.teacherPasswordOK(r.Password) {
			time.Sleep(wrongPasswordDelay)
			c.replyError(r.ID, &sandbox.Error{Code: codeBadPassword, Field: "password"})
			return
		}
		class, secret, err := e.OpenClass(ctx, sandbox.ClassOptions{Title: r.Title, KeepDays: r.KeepDays, MaxStudents: r.MaxStudents})
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.log.Info("class opened", "class", class.ID(), "code", class.Code())
		c.reply(classOpenedMsg{Type: "class_opened", ID: r.ID, Class: classInfo(class.Info()), Secret: secret, JoinURL: c.srv.joinURL(c.host, class.Code())})
		c.teach(ctx, r.ID, class, secret)
	case teachRequest:
		class, err := e.ClassByCode(r.Code)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		if err := class.Verify(r.Secret); err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.teach(ctx, r.ID, class, r.Secret)
	case actRequest:
		if c.role.class == nil {
			c.replyError(r.ID, &sandbox.Error{Code: sandbox.CodeNotTeacher})
			return
		}
		if err := c.role.class.Act(ctx, c.role.secret, r.Action); err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(idMsg{Type: "acted", ID: r.ID})
	case exportRequest:
		if c.role.class == nil {
			c.replyError(r.ID, &sandbox.Error{Code: sandbox.CodeNotTeacher})
			return
		}
		var b bytes.Buffer
		if err := c.role.class.ExportCSV(ctx, c.role.secret, &b); err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(exportMsg{Type: "export", ID: r.ID, Filename: "aisandbox-class-" + c.role.class.Code() + ".csv", CSV: b.String()})
	case projectionRequest:
		if c.role.class == nil {
			c.replyError(r.ID, &sandbox.Error{Code: sandbox.CodeNotTeacher})
			return
		}
		pv, err := c.role.class.Projection(c.role.secret)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(c.projection(r.ID, l, pv))
	case joinRequest:
		class, err := e.ClassByCode(r.Code)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		s, token, err := class.Join(ctx, r.Nickname)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.becomeStudent(s)
		c.reply(joinedMsg{
			Type: "joined", ID: r.ID, Token: token, Student: studentInfo(s.View()), Class: classInfo(s.Class()),
			Runs: []runMsg{}, Answers: []answerMsg{},
		})
	case rejoinRequest:
		s, err := e.Rejoin(ctx, r.Token)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		answers, err := s.Answers(ctx)
		if err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.becomeStudent(s)
		m := joinedMsg{Type: "joined", ID: r.ID, Token: r.Token, Student: studentInfo(s.View()), Class: classInfo(s.Class()), Runs: []runMsg{}, Answers: []answerMsg{}}
		for _, a := range answers {
			m.Answers = append(m.Answers, answerInfo(a))
		}
		runs := s.Session().Runs()
		for _, ri := range runs {
			m.Runs = append(m.Runs, c.runInfo(l, ri))
		}
		c.reply(m)
		// Runs still going send their events here from now on.
		for _, ri := range runs {
			if ri.Ended.IsZero() {
				if err := s.Session().Follow(ri.ID, c.eventsTo(ri.ID, c.plotterFor(l, ri.Spec))); err != nil {
					c.log.Info("following a run after a rejoin", "run", ri.ID, "err", err)
				}
			}
		}
	case answerRequest:
		if c.role.student == nil {
			c.replyError(r.ID, &sandbox.Error{Code: codeNotJoined})
			return
		}
		if err := c.role.student.Answer(ctx, r.Activity, r.Step, r.Checkpoint, r.Answer, r.Correct); err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(idMsg{Type: "answered", ID: r.ID})
	case moveRequest:
		if c.role.student == nil {
			c.replyError(r.ID, &sandbox.Error{Code: codeNotJoined})
			return
		}
		if err := c.role.student.Move(ctx, r.Activity, r.Step); err != nil {
			c.replyError(r.ID, err)
			return
		}
		c.reply(idMsg{Type: "moved", ID: r.ID})
	}
}

// teacherPasswordOK reports whether password opens classes on this
// server: any does when the server has none.
func (s *Server) teacherPasswordOK(password string) bool {
	if s.teacherPassword == "" {
		return true
	}
	want, got := sha256.Sum256([]byte(s.teacherPassword)), sha256.Sum256([]byte(password))
	return subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// leave ends the connection's role in a class: it stops watching, and a
// student's connection goes back to a session of its own.
func (c *client) leave() {
	c.role.stopWatching()
	if c.role.student != nil {
		c.session = c.srv.engine.NewSession()
	}
	c.role = classRole{}
}

// teach makes the connection the class's teacher and sends it the class
// as it is now, then its events as they happen.
func (c *client) teach(ctx context.Context, id string, class *sandbox.Class, secret string) {
	c.leave()
	// Events wait until the snapshot has gone out, so the page always
	// starts from it; those that happened while it was taken may repeat
	// what it holds.
	ready := make(chan struct{})
	stop, err := class.Watch(secret, func(ev sandbox.ClassEvent) {
		select {
		case <-ready:
		case <-c.closed:
			return
		}
		c.reply(classEventMsg{Type: "class_event", Event: eventInfo(ev)})
	})
	if err != nil {
		c.replyError(id, err)
		return
	}
	c.role = classRole{class: class, secret: secret, stop: stop}
	defer close(ready)
	view, err := class.View(secret)
	if err != nil {
		c.replyError(id, err)
		return
	}
	results, err := class.Results(ctx, secret)
	if err != nil {
		c.replyError(id, err)
		return
	}
	answers, err := class.Answers(ctx, secret)
	if err != nil {
		c.replyError(id, err)
		return
	}
	m := classViewMsg{
		Type: "class_view", ID: id, Class: classInfo(view.ClassInfo), Roster: []studentMsg{},
		Results: []resultMsg{}, Answers: []answerMsg{}, JoinURL: c.srv.joinURL(c.host, class.Code()),
	}
	for _, s := range view.Roster {
		m.Roster = append(m.Roster, studentInfo(s))
	}
	for _, r := range results {
		m.Results = append(m.Results, resultInfo(r))
	}
	for _, a := range answers {
		m.Answers = append(m.Answers, answerInfo(a))
	}
	c.reply(m)
}

// eventInfo is a teacher's class event as sent.
func eventInfo(ev sandbox.ClassEvent) eventBody {
	b := eventBody{Type: ev.Type, State: ev.State}
	if ev.Student != nil {
		s := studentInfo(*ev.Student)
		b.Student = &s
	}
	if ev.Answer != nil {
		a := answerInfo(*ev.Answer)
		b.Answer = &a
	}
	if ev.Run != nil {
		r := resultInfo(*ev.Run)
		b.Run = &r
	}
	return b
}

// becomeStudent makes the connection the student's: it trains in the
// student's session from now on, and hears what the teacher pushes to
// the class. Runs of the connection's own session stop.
func (c *client) becomeStudent(s *sandbox.Student) {
	c.leave()
	c.session.Close()
	c.session = s.Session()
	c.role = classRole{student: s}
	c.role.stop = s.Watch(func(ev sandbox.ClassEvent) {
		switch ev.Type {
		case sandbox.ClassEventState:
			if ev.State != nil {
				c.reply(classStateMsg{Type: "class_state", State: publicState(*ev.State)})
			}
		case sandbox.ClassEventResync:
			c.reply(classStateMsg{Type: "class_state", State: publicState(s.Class().State)})
		case sandbox.ClassEventRemoved:
			c.reply(noticeMsg{Type: "removed"})
		case sandbox.ClassEventEnded:
			c.reply(noticeMsg{Type: "class_ended"})
		case sandbox.ClassEventQueued:
			// A run's place comes with its own events (eventsTo), to the
			// connection following it.
		}
	})
}

// publicState is the class's state as a student may see it: without who
// is on the projector (the engine leaves it out already; this makes sure).
func publicState(st sandbox.ClassState) sandbox.ClassState {
	st.Projected = nil
	return st
}

// runInfo describes one of a rejoining student's runs.
func (c *client) runInfo(l i18n.Lang, ri sandbox.RunInfo) runMsg {
	m := runMsg{
		ID: ri.ID, Status: ri.Status, Dataset: ri.Spec.Dataset, Model: ri.Spec.Model.Name,
		Settings: ri.Spec.Model.Settings, TestSplit: ri.Spec.TestSplit,
	}
	if m.Settings == nil {
		m.Settings = sandbox.Values{}
	}
	if ri.Done != nil {
		m.Result = doneNumbers(l, *ri.Done, nil)
	}
	if ri.Err != nil {
		code, text := c.srv.tr.Error(l, ri.Err)
		m.Error = &errorMsg{Type: "error", ID: ri.ID, Code: code, Field: ri.Err.Field, Message: text}
	}
	return m
}

// doneNumbers is a run's final report as its done message has it, without
// type and id.
func doneNumbers(l i18n.Lang, d sandbox.Done, plots *plotsMsg) map[string]any {
	m := progressMsg("done", "", l, d.Progress, plots)
	delete(m, "type")
	delete(m, "id")
	m["stopped"], m["seconds"], m["parameters"] = d.Stopped, d.Seconds, d.Parameters
	if d.Samples != nil {
		m["samples"] = d.Samples
	}
	return m
}

// plotterFor returns a plotter for a run that has started elsewhere (its
// started event went to another connection, or it is projected): the
// columns and classes come from the catalog's description of its dataset.
func (c *client) plotterFor(l i18n.Lang, spec sandbox.TrainSpec) *plotter {
	p := &plotter{tr: c.srv.tr, lang: l, started: true, target: c.srv.tr.Text(l, "class.plot.value", nil)}
	if d, ok := c.srv.engine.Catalog().Dataset(spec.Dataset.Name); ok {
		if len(spec.Drop) == 0 && len(spec.Attributes) == 0 {
			p.features = d.Features
		}
		p.classes = texts(l, d.ClassTitles)
		if target := d.Card.Target.In(l); target != "" {
			p.target = target
		}
	}
	// The plots name at most two columns; unknown ones are x1 and x2.
	for i := len(p.features); i < 2; i++ {
		p.features = append(p.features, "x"+string(rune('1'+i)))
	}
	return p
}

// projection is the projector's view with the run's plots drawn in
// language l.
func (c *client) projection(id string, l i18n.Lang, pv sandbox.ProjectionView) projectionMsg {
	m := projectionMsg{
		Type: "projection", ID: id, Anonymous: pv.Anonymous, Nickname: pv.Nickname,
		Projected: pv.Anonymous || pv.Nickname != "" || pv.Run != nil,
	}
	if pv.Run != nil {
		r := resultInfo(*pv.Run)
		m.Run = &r
	}
	if pv.Done != nil && pv.Run != nil {
		spec := sandbox.TrainSpec{Dataset: pv.Run.Dataset, Model: sandbox.ModelSpec{Name: pv.Run.Model}}
		m.Result = doneNumbers(l, *pv.Done, c.plots(c.plotterFor(l, spec), pv.Done.Progress))
	}
	return m
}
