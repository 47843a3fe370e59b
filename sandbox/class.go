package sandbox

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// A class is a teacher with their students. The teacher opens it
// (Engine.OpenClass) and gets the class's join code, for the students, and
// its teacher secret, for themself; every teacher action and view needs
// the secret. A student joins with the code and a nickname (Class.Join)
// and gets a rejoin token that brings them back to the same Student after
// a reload, a dropped connection or on another device (Engine.Rejoin).
//
// What one student's connection holds is a *Student: it reaches that
// student's own Session, answers and runs, and the class's public state,
// never another student's data. The teacher's view of the class goes
// through *Class methods that take the secret.
//
// Everything a teacher or student is told was done is first saved in the
// engine's Store: the class and its state, each student, each answer and
// each run that ended. Engine.Restore brings it all back after a restart.

// Limits on what a class keeps, checked when it is opened.
const (
	codeLength   = 6
	codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" // 32 characters: no 0/O, no 1/I
	// maxNickname is the longest nickname, in characters: enough for a
	// first name and an initial in any script, short enough for a roster.
	maxNickname = 24
	// maxTitle is the longest class title, in characters.
	maxTitle = 80
	// maxKeepDays is the longest a class's data may be kept after its
	// end: a school year.
	maxKeepDays = 365
	// maxClassSize is the most students a class may be opened for.
	maxClassSize = 500
	// maxAnswer is the largest answer kept, in bytes of JSON: far more
	// than a checkpoint's choice or sentence needs.
	maxAnswer = 16 << 10
	// maxName is the longest activity or checkpoint ID, in bytes.
	maxName = 100
	// storeTimeout bounds a store write made on the engine's own behalf
	// (a run's record), when no caller's context applies.
	storeTimeout = 10 * time.Second
	// sweepEvery is how often ended classes past their retention are
	// deleted.
	sweepEvery = time.Hour
)

// The types of ClassEvent.
const (
	// ClassEventJoined (teacher): a student joined; Student is set.
	ClassEventJoined = "joined"
	// ClassEventStudent (teacher): a student's state changed (place,
	// training, accuracy, answers, online); Student is set. Coalesced:
	// only the latest state of a student waiting in the queue is kept.
	ClassEventStudent = "student"
	// ClassEventRemoved: the teacher removed a student. The teacher's
	// event has Student set; the student's own has nothing, and their
	// token no longer works.
	ClassEventRemoved = "removed"
	// ClassEventAnswer (teacher): a student answered a checkpoint; Answer
	// is set.
	ClassEventAnswer = "answer"
	// ClassEventRun (teacher): a student's run ended; Run is set, with the
	// settings chosen and the scores, for the class-wide plot.
	ClassEventRun = "run"
	// ClassEventState: the teacher changed the class's state (activity,
	// step, locks, pause, projection); State is set. Students get it
	// without the projection. Coalesced.
	ClassEventState = "state"
	// ClassEventEnded: the teacher ended the class.
	ClassEventEnded = "ended"
	// ClassEventQueued (student): one of the student's runs waits for its
	// turn; Queued is set. Coalesced by run.
	ClassEventQueued = "queued"
	// ClassEventResync: events were dropped because the watcher fell far
	// behind; fetch a fresh snapshot.
	ClassEventResync = "resync"
)

// ClassEvent is something that happened in a class, for its watchers.
// Which fields are set depends on Type (see the ClassEvent* constants).
type ClassEvent struct {
	Type    string
	Student *StudentView
	Answer  *AnswerView
	Run     *RunView
	State   *ClassState
	Queued  *QueuedRun
}

// QueuedRun is the place of one of a student's runs in the queue.
type QueuedRun struct {
	Run string // the run's id
	Queued
}

// ClassState is what the teacher set for the whole class. It is kept in
// the class's record as JSON.
type ClassState struct {
	// Activity is the activity the teacher started for everyone; "" when
	// none.
	Activity string `json:"activity,omitempty"`
	// Step is the step of Activity the teacher moved everyone to, from 0.
	Step int `json:"step"`
	// Push counts the teacher's moves of everyone (start, step): a
	// student's own place counts only when set after the last one.
	Push int `json:"push"`
	// Locked names the settings students may not change, sorted. The
	// activity's page enforces them; the engine keeps and pushes them.
	Locked []string `json:"locked,omitempty"`
	// Paused is set while the teacher has paused training.
	Paused bool `json:"paused,omitempty"`
	// Projected says whose result the projector shows; nil when none.
	// Students never see it.
	Projected *Projection `json:"projected,omitempty"`
}

// Projection says whose result the projector view shows.
type Projection struct {
	Student   string `json:"student"`   // the student's ID
	Anonymous bool   `json:"anonymous"` // show it without the nickname
}

// studentState is what is kept of a student's own state, as JSON in their
// record.
type studentState struct {
	Activity string `json:"activity,omitempty"`
	Step     int    `json:"step"`
	Push     int    `json:"push"` // the class's Push when this place was set
}

// ClassOptions are what a teacher chooses when opening a class.
type ClassOptions struct {
	// Title names the class for the teacher, e.g. "7B, physics"; at most
	// 80 characters, may be empty.
	Title string
	// KeepDays is how many days the class's data is kept after its end:
	// 0 (the default) deletes it all when the class ends; at most 365.
	KeepDays int
	// MaxStudents is how many students may join; 0 = Config.MaxStudents.
	// At most 500.
	MaxStudents int
}

// ClassInfo describes a class. What a student sees of it has no
// projection in State.
type ClassInfo struct {
	ID          string
	Code        string // the join code
	Title       string
	Created     time.Time
	Ended       time.Time // zero while open
	KeepDays    int
	MaxStudents int
	Students    int // students in the class now (removed ones do not count)
	State       ClassState
}

// ClassView is the teacher's snapshot of a class: its description and its
// roster, in the order the students joined.
type ClassView struct {
	ClassInfo
	Roster []StudentView
}

// The values of StudentView.Status.
const (
	StudentIdle     = "idle"     // no run training or waiting
	StudentQueued   = "queued"   // a run waits for its turn
	StudentTraining = "training" // a run is training
)

// StudentView is a student as the teacher's roster shows them.
type StudentView struct {
	ID       string
	Nickname string
	Joined   time.Time
	Activity string // the activity the student is in; "" when none
	Step     int    // the step of Activity, from 0
	Status   string // StudentIdle, StudentQueued or StudentTraining
	// Accuracy is the test accuracy (0..1) of the student's latest run
	// that has one; nil when none has.
	Accuracy *float64
	Answers  int  // checkpoints answered
	Online   bool // a connection of the student is watching
	Removed  bool
}

// AnswerView is one answer of a student to a checkpoint.
type AnswerView struct {
	StudentID  string
	Nickname   string
	Activity   string
	Step       int
	Checkpoint string
	Answer     json.RawMessage
	Correct    *bool // nil when not machine-checked
	At         time.Time
}

// RunView is one ended run of a student: the settings chosen and the
// result, a point of the class-wide plot.
type RunView struct {
	StudentID string
	Nickname  string
	RunID     string
	Dataset   DatasetSpec
	Model     string
	// Settings are the model's settings as chosen. From a live run they
	// have their Go types (see Values); from the store, their JSON types
	// (numbers are float64, lists []any).
	Settings  Values
	TestSplit float64
	Status    string // RunDone, RunStopped or RunFailed
	Result    RunResult
	Started   time.Time // when it was submitted
	Ended     time.Time
}

// ProjectionView is what the projector shows: the projected student's
// latest ended run.
type ProjectionView struct {
	Anonymous bool
	// Nickname is the student's, empty when Anonymous.
	Nickname string
	// Run is the student's latest ended run (its IDs blank when
	// Anonymous); nil when they have none.
	Run *RunView
	// Done is that run's full final report with its plots, while the
	// student's session still holds the run; nil otherwise (after a
	// restart, or when it failed).
	Done *Done
}

// RunResult is what is kept of a run's end: its final scores. As JSON (the
// Result of a RunRecord) it is one flat object: "epoch", "epochs",
// "seconds", "parameters", "stopped" and "error" when set, and each score
// by its name in Metrics.Scores ("loss", "test_accuracy", ...).
type RunResult struct {
	Epoch      int     // steps done
	Epochs     int     // steps asked for
	Stopped    bool    // stopped early
	Seconds    float64 // wall time of the training, in seconds
	Parameters int     // numbers the model learned
	Error      string  // the error code the run ended with; "" when none
	// Scores are the final scores that apply, by their names in
	// Metrics.Scores.
	Scores map[string]float64
}

// MarshalJSON writes r as one flat object.
func (r RunResult) MarshalJSON() ([]byte, error) {
	m := map[string]any{"epoch": r.Epoch, "epochs": r.Epochs, "seconds": r.Seconds, "parameters": r.Parameters}
	if r.Stopped {
		m["stopped"] = true
	}
	if r.Error != "" {
		m["error"] = r.Error
	}
	for k, v := range r.Scores {
		if _, taken := m[k]; !taken && !math.IsNaN(v) && !math.IsInf(v, 0) {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads r from one flat object; numbers under other names
// are scores.
func (r *RunResult) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("sandbox: a run result: %w", err)
	}
	*r = RunResult{}
	for k, raw := range m {
		var err error
		switch k {
		case "epoch":
			err = json.Unmarshal(raw, &r.Epoch)
		case "epochs":
			err = json.Unmarshal(raw, &r.Epochs)
		case "seconds":
			err = json.Unmarshal(raw, &r.Seconds)
		case "parameters":
			err = json.Unmarshal(raw, &r.Parameters)
		case "stopped":
			err = json.Unmarshal(raw, &r.Stopped)
		case "error":
			err = json.Unmarshal(raw, &r.Error)
		default:
			var v float64
			if json.Unmarshal(raw, &v) == nil {
				if r.Scores == nil {
					r.Scores = make(map[string]float64)
				}
				r.Scores[k] = v
			}
		}
		if err != nil {
			return fmt.Errorf("sandbox: a run result's %q: %w", k, err)
		}
	}
	return nil
}

// The teacher's actions (Action.Type).
const (
	ActStart     = "start"     // start Activity for everyone, at step 0
	ActStep      = "step"      // move everyone to Step of the current activity
	ActLock      = "lock"      // lock Settings
	ActUnlock    = "unlock"    // unlock Settings
	ActPause     = "pause"     // pause all training
	ActResume    = "resume"    // resume training
	ActProject   = "project"   // show Student's latest result on the projector (Anonymous: without the nickname)
	ActUnproject = "unproject" // show nothing on the projector
	ActRemove    = "remove"    // remove Student from the class
	ActEnd       = "end"       // end the class
)

// Action is one thing the teacher does to the class. Type says which (the
// Act* constants) and which other fields count.
type Action struct {
	Type      string
	Activity  string   // ActStart
	Step      int      // ActStep, from 0
	Settings  []string // ActLock, ActUnlock: setting names
	Student   string   // ActProject, ActRemove: the student's ID
	Anonymous bool     // ActProject
}

// Class is one class: a teacher and their students. Its methods are safe
// for concurrent use.
type Class struct {
	e           *Engine
	id          string
	code        string
	title       string
	secretHash  []byte
	created     time.Time
	keepDays    int
	maxStudents int
	hold        *hold // the scheduler's pause switch of the class

	mu       sync.Mutex
	ended    time.Time
	state    ClassState
	students []*Student // in the order they joined, removed ones too
	watchers watchers   // the teacher's
}

// Student is one student of a class, as their connections see them: their
// own Session, answers and runs. Its methods are safe for concurrent use.
type Student struct {
	c         *Class
	id        string
	nickname  string
	tokenHash [sha256.Size]byte
	joined    time.Time
	session   *Session
	watchers  watchers

	// Guarded by c.mu:
	removed  bool
	place    studentState
	status   string
	accuracy float64 // NaN when none
	answered map[checkpointKey]bool
	latest   *RunView // the latest ended run
	latestID string   // its run id in the session
}

// checkpointKey names one checkpoint a student may answer.
type checkpointKey struct {
	activity   string
	step       int
	checkpoint string
}

// classRegistry finds the engine's classes by ID, join code and rejoin
// token. It holds open classes and ended ones still kept.
type classRegistry struct {
	mu       sync.Mutex
	byID     map[string]*Class
	byCode   map[string]*Class
	byToken  map[[sha256.Size]byte]*Student
	restored bool
}

func newClassRegistry() classRegistry {
	return classRegistry{
		byID:    make(map[string]*Class),
		byCode:  make(map[string]*Class),
		byToken: make(map[[sha256.Size]byte]*Student),
	}
}

func (r *classRegistry) addClass(c *Class) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[c.id] = c
	r.byCode[c.code] = c
}

func (r *classRegistry) addStudent(s *Student) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byToken[s.tokenHash] = s
}

// drop forgets a class and its students' tokens.
func (r *classRegistry) drop(c *Class, students []*Student) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID[c.id] == c {
		delete(r.byID, c.id)
	}
	if r.byCode[c.code] == c {
		delete(r.byCode, c.code)
	}
	for _, s := range students {
		if r.byToken[s.tokenHash] == s {
			delete(r.byToken, s.tokenHash)
		}
	}
}

// all returns every class.
func (r *classRegistry) all() []*Class {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Class, 0, len(r.byID))
	for _, c := range r.byID {
		out = append(out, c)
	}
	return out
}

// hash is the SHA-256 of a secret or token, as kept.
func hash(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }

// newID returns 16 random hex characters.
func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// newCode returns a join code: each character drawn from the 32 of
// codeAlphabet with a random byte's low 5 bits (256 is a multiple of 32,
// so every character is equally likely).
func newCode() string {
	var b [codeLength]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b[:])
}

// NormalizeCode puts a join code as typed in its kept form: capitals, with
// spaces and hyphens left out.
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, code)
}

// CleanNickname returns the nickname a student typed as it is kept, or a
// bad_nickname *Error: spaces around it are trimmed and runs of spaces
// inside made one; it must then be 1 to 24 characters, each a letter or
// digit of any script (or a combining mark after one), a space, a hyphen
// or an underscore.
func CleanNickname(nickname string) (string, error) {
	bad := errorf(CodeBadNickname, "nickname", map[string]any{"min": 1, "max": maxNickname})
	if !utf8.ValidString(nickname) {
		return "", bad
	}
	var b strings.Builder
	space := false
	for i, r := range strings.TrimSpace(nickname) {
		switch {
		case r == ' ':
			space = true
			continue
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_':
		case unicode.IsMark(r) && i > 0 && !space:
		default:
			return "", bad
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n < 1 || n > maxNickname {
		return "", bad
	}
	return out, nil
}

// OpenClass opens a class and returns it with its teacher secret, which is
// shown to the teacher once and never kept (only its SHA-256 is).
func (e *Engine) OpenClass(ctx context.Context, opt ClassOptions) (*Class, string, error) {
	title := strings.TrimSpace(opt.Title)
	if !utf8.ValidString(title) || utf8.RuneCountInString(title) > maxTitle || strings.IndexFunc(title, unicode.IsControl) >= 0 {
		return nil, "", errorf(CodeBadField, "title", map[string]any{"label": "title"})
	}
	if opt.KeepDays < 0 || opt.KeepDays > maxKeepDays {
		return nil, "", errorf(CodeOutOfRange, "keep_days", map[string]any{"label": "keep_days", "min": 0, "max": maxKeepDays})
	}
	if opt.MaxStudents < 0 || opt.MaxStudents > maxClassSize {
		return nil, "", errorf(CodeOutOfRange, "max_students", map[string]any{"label": "max_students", "min": 0, "max": maxClassSize})
	}
	if opt.MaxStudents == 0 {
		opt.MaxStudents = e.cfg.MaxStudents
	}
	if e.ctx.Err() != nil {
		return nil, "", &Error{Code: CodeShuttingDown, Err: e.ctx.Err()}
	}
	secret := rand.Text() // 26 base32 characters: 130 random bits
	sh := hash(secret)
	c := &Class{
		e: e, id: newID(), title: title, secretHash: sh[:], created: e.cfg.Now(),
		keepDays: opt.KeepDays, maxStudents: opt.MaxStudents, hold: &hold{},
	}
	// The code is reserved under the registry's lock, so that no two
	// classes kept get the same; the 32⁶ ≈ 10⁹ codes make a retry rare.
	e.classes.mu.Lock()
	for {
		c.code = newCode()
		if _, taken := e.classes.byCode[c.code]; !taken {
			break
		}
	}
	e.classes.byCode[c.code] = c
	e.classes.mu.Unlock()
	if err := e.store.PutClass(ctx, c.record()); err != nil {
		e.classes.drop(c, nil)
		return nil, "", &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: opening a class: %w", err)}
	}
	e.classes.addClass(c)
	return c, secret, nil
}

// ClassByCode finds the class with a join code, as typed (see
// NormalizeCode). An unknown code is an *Error with CodeUnknownCode. The
// class may have ended (Join then refuses).
func (e *Engine) ClassByCode(code string) (*Class, error) {
	code = NormalizeCode(code)
	e.classes.mu.Lock()
	defer e.classes.mu.Unlock()
	c, ok := e.classes.byCode[code]
	if !ok || e.classes.byID[c.id] != c {
		// Unknown, or its class is still being opened.
		return nil, errorf(CodeUnknownCode, "code", map[string]any{"code": code})
	}
	return c, nil
}

// Rejoin finds the student a rejoin token was given to: the same Student,
// with the same Session (its runs and models) and answers, whichever
// connection asks. An unknown token is an *Error with CodeBadToken; a
// removed student's, CodeRemoved; an ended class's, CodeClassEnded.
func (e *Engine) Rejoin(ctx context.Context, token string) (*Student, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sandbox: rejoin: %w", err)
	}
	e.classes.mu.Lock()
	s, ok := e.classes.byToken[hash(token)]
	e.classes.mu.Unlock()
	if !ok {
		return nil, errorf(CodeBadToken, "token", nil)
	}
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case s.removed:
		return nil, errorf(CodeRemoved, "", nil)
	case !c.ended.IsZero():
		return nil, errorf(CodeClassEnded, "", nil)
	}
	return s, nil
}

// record is what is kept of the class. c.mu must be held, or c not yet
// shared.
func (c *Class) record() ClassRecord {
	state, _ := json.Marshal(c.state) // a ClassState always encodes
	return ClassRecord{
		ID: c.id, Code: c.code, Title: c.title, SecretHash: c.secretHash, Created: c.created,
		Ended: c.ended, KeepDays: c.keepDays, MaxStudents: c.maxStudents, State: state,
	}
}

// ID returns the class's ID.
func (c *Class) ID() string { return c.id }

// Code returns the class's join code.
func (c *Class) Code() string { return c.code }

// Title returns the class's title.
func (c *Class) Title() string { return c.title }

// Info describes the class as anyone who has its code may see it: its
// state without the projection.
func (c *Class) Info() ClassInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	info := c.info()
	info.State.Projected = nil
	return info
}

// info describes the class; c.mu must be held.
func (c *Class) info() ClassInfo {
	n := 0
	for _, s := range c.students {
		if !s.removed {
			n++
		}
	}
	st := c.state
	st.Locked = slices.Clone(st.Locked)
	if st.Projected != nil {
		p := *st.Projected
		st.Projected = &p
	}
	return ClassInfo{
		ID: c.id, Code: c.code, Title: c.title, Created: c.created, Ended: c.ended,
		KeepDays: c.keepDays, MaxStudents: c.maxStudents, Students: n, State: st,
	}
}

// Verify checks a teacher secret: nil when it is the class's, else an
// *Error with CodeNotTeacher.
func (c *Class) Verify(secret string) error {
	h := hash(secret)
	if subtle.ConstantTimeCompare(h[:], c.secretHash) != 1 {
		return errorf(CodeNotTeacher, "", nil)
	}
	return nil
}

// Join adds a student with a nickname (see CleanNickname) to the class
// and returns them with their rejoin token, which is given once and never
// kept (only its SHA-256 is). It returns an *Error with CodeBadNickname,
// CodeNicknameTaken (another student has it, whatever the case),
// CodeClassFull or CodeClassEnded.
func (c *Class) Join(ctx context.Context, nickname string) (*Student, string, error) {
	nick, err := CleanNickname(nickname)
	if err != nil {
		return nil, "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended.IsZero() {
		return nil, "", errorf(CodeClassEnded, "", nil)
	}
	present := 0
	for _, s := range c.students {
		if s.removed {
			continue
		}
		present++
		if strings.EqualFold(s.nickname, nick) {
			return nil, "", errorf(CodeNicknameTaken, "nickname", map[string]any{"nickname": nick})
		}
	}
	if present >= c.maxStudents {
		return nil, "", errorf(CodeClassFull, "", map[string]any{"limit": c.maxStudents})
	}
	token := rand.Text() // 26 base32 characters: 130 random bits
	s := c.newStudent(newID(), nick, hash(token), c.e.cfg.Now())
	// A latecomer lands where the teacher moved everyone.
	s.place = studentState{Activity: c.state.Activity, Step: c.state.Step, Push: c.state.Push}
	if err := c.e.store.PutStudent(ctx, s.record()); err != nil {
		s.session.close(errorf(CodeInternal, "", nil))
		return nil, "", &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: joining class %s: %w", c.id, err)}
	}
	c.students = append(c.students, s)
	c.e.classes.addStudent(s)
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventJoined, Student: &v}, "")
	return s, token, nil
}

// newStudent makes a student of c with a session of their own.
func (c *Class) newStudent(id, nickname string, tokenHash [sha256.Size]byte, joined time.Time) *Student {
	s := &Student{
		c: c, id: id, nickname: nickname, tokenHash: tokenHash, joined: joined,
		status: StudentIdle, accuracy: math.NaN(), answered: make(map[checkpointKey]bool),
	}
	s.session = c.e.newSession(&owner{hold: c.hold})
	s.session.pupil = s
	return s
}

// record is what is kept of the student; c.mu must be held, or s not yet
// shared.
func (s *Student) record() StudentRecord {
	state, _ := json.Marshal(s.place) // a studentState always encodes
	return StudentRecord{
		ID: s.id, ClassID: s.c.id, Nickname: s.nickname, TokenHash: s.tokenHash[:],
		Joined: s.joined, Removed: s.removed, State: state,
	}
}

// view is the student as the roster shows them; c.mu must be held.
func (s *Student) view() StudentView {
	v := StudentView{
		ID: s.id, Nickname: s.nickname, Joined: s.joined,
		Activity: s.place.Activity, Step: s.place.Step, Status: s.status,
		Answers: len(s.answered), Online: s.watchers.count() > 0, Removed: s.removed,
	}
	if !math.IsNaN(s.accuracy) {
		a := s.accuracy
		v.Accuracy = &a
	}
	return v
}

// View returns the teacher's snapshot of the class: its description and
// roster (removed students left out).
func (c *Class) View(secret string) (ClassView, error) {
	if err := c.Verify(secret); err != nil {
		return ClassView{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v := ClassView{ClassInfo: c.info(), Roster: []StudentView{}}
	for _, s := range c.students {
		if !s.removed {
			v.Roster = append(v.Roster, s.view())
		}
	}
	return v, nil
}

// Watch calls fn with the class's events for the teacher (ClassEventJoined,
// ...Student, ...Removed, ...Answer, ...Run, ...State, ...Ended,
// ...Resync) until stop is called. fn runs on a goroutine of its own, one
// event at a time, and may be slow: it never holds up the engine (see
// class_watch.go for what is coalesced and dropped). Call View after Watch
// to start from a snapshot. stop may be called from fn; after it returns,
// fn is not called again, except for a call already under way.
func (c *Class) Watch(secret string, fn func(ClassEvent)) (stop func(), err error) {
	if err := c.Verify(secret); err != nil {
		return nil, err
	}
	w := c.watchers.add(fn, c.e.ctx.Done())
	return func() { c.watchers.remove(w) }, nil
}

// Act does what the teacher asks: see the Act* constants. A wrong secret is
// an *Error with CodeNotTeacher, whatever the action; an ended class
// refuses every action with CodeClassEnded. Changes are saved before Act
// returns, then pushed to the watchers.
func (c *Class) Act(ctx context.Context, secret string, a Action) error {
	if err := c.Verify(secret); err != nil {
		return err
	}
	switch a.Type {
	case ActRemove:
		return c.remove(ctx, a.Student)
	case ActEnd:
		return c.end(ctx)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended.IsZero() {
		return errorf(CodeClassEnded, "", nil)
	}
	st := c.state
	st.Locked = slices.Clone(st.Locked)
	switch a.Type {
	case ActStart:
		if a.Activity == "" || len(a.Activity) > maxName {
			return errorf(CodeBadField, "activity", map[string]any{"label": "activity"})
		}
		st.Activity, st.Step, st.Push = a.Activity, 0, st.Push+1
	case ActStep:
		if st.Activity == "" {
			return errorf(CodeMissingField, "activity", map[string]any{"label": "activity"})
		}
		if a.Step < 0 {
			return errorf(CodeOutOfRange, "step", map[string]any{"label": "step", "min": 0})
		}
		st.Step, st.Push = a.Step, st.Push+1
	case ActLock, ActUnlock:
		if len(a.Settings) == 0 {
			return errorf(CodeMissingField, "settings", map[string]any{"label": "settings"})
		}
		for _, name := range a.Settings {
			if name == "" || len(name) > maxName {
				return errorf(CodeBadField, "settings", map[string]any{"label": "settings"})
			}
			has := slices.Contains(st.Locked, name)
			if a.Type == ActLock && !has {
				st.Locked = append(st.Locked, name)
			} else if a.Type == ActUnlock && has {
				st.Locked = slices.DeleteFunc(st.Locked, func(x string) bool { return x == name })
			}
		}
		slices.Sort(st.Locked)
	case ActPause, ActResume:
		st.Paused = a.Type == ActPause
	case ActProject:
		s := c.student(a.Student)
		if s == nil {
			return errorf(CodeUnknownStudent, "student", map[string]any{"student": a.Student})
		}
		st.Projected = &Projection{Student: s.id, Anonymous: a.Anonymous}
	case ActUnproject:
		st.Projected = nil
	default:
		return errorf(CodeBadField, "type", map[string]any{"label": "type"})
	}
	old := c.state
	c.state = st
	if err := c.e.store.PutClass(ctx, c.record()); err != nil {
		c.state = old
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: class %s: %s: %w", c.id, a.Type, err)}
	}
	switch a.Type {
	case ActStart, ActStep:
		for _, s := range c.students {
			if !s.removed {
				s.place = studentState{Activity: st.Activity, Step: st.Step, Push: st.Push}
				v := s.view()
				c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
			}
		}
	case ActPause:
		c.e.sched.setPaused(c.hold, true)
		for _, s := range c.students {
			s.session.stopTraining(errPaused)
		}
	case ActResume:
		c.e.sched.setPaused(c.hold, false)
	}
	c.pushState()
	return nil
}

// pushState sends the class's state to the teacher and, without the
// projection, to every student. c.mu must be held.
func (c *Class) pushState() {
	info := c.info()
	teacher := info.State
	c.watchers.send(ClassEvent{Type: ClassEventState, State: &teacher}, "state")
	for _, s := range c.students {
		if !s.removed {
			pub := info.State
			pub.Projected = nil
			s.watchers.send(ClassEvent{Type: ClassEventState, State: &pub}, "state")
		}
	}
}

// student finds a student still in the class; c.mu must be held.
func (c *Class) student(id string) *Student {
	for _, s := range c.students {
		if s.id == id && !s.removed {
			return s
		}
	}
	return nil
}

// remove takes a student out of the class: their token stops working,
// their runs stop, and their connections are told.
func (c *Class) remove(ctx context.Context, id string) error {
	c.mu.Lock()
	if !c.ended.IsZero() {
		c.mu.Unlock()
		return errorf(CodeClassEnded, "", nil)
	}
	s := c.student(id)
	if s == nil {
		c.mu.Unlock()
		return errorf(CodeUnknownStudent, "student", map[string]any{"student": id})
	}
	s.removed = true
	if err := c.e.store.PutStudent(ctx, s.record()); err != nil {
		s.removed = false
		c.mu.Unlock()
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: removing student %s: %w", id, err)}
	}
	if p := c.state.Projected; p != nil && p.Student == id {
		c.state.Projected = nil
		if err := c.e.store.PutClass(ctx, c.record()); err != nil {
			c.e.cfg.Logger.Error("saving a class after a removal", "class", c.id, "err", err)
		}
		c.pushState()
	}
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventRemoved, Student: &v}, "")
	s.watchers.send(ClassEvent{Type: ClassEventRemoved}, "")
	c.mu.Unlock()
	// The token stays known, so that it is refused as removed, not as
	// unknown; the session's runs end without telling anyone.
	s.session.close(errorf(CodeRemoved, "", nil))
	return nil
}

// end ends the class: every run stops, every connection is told, and the
// class's data is deleted at once when KeepDays is 0.
func (c *Class) end(ctx context.Context) error {
	c.mu.Lock()
	if !c.ended.IsZero() {
		c.mu.Unlock()
		return errorf(CodeClassEnded, "", nil)
	}
	c.ended = c.e.cfg.Now()
	if c.keepDays > 0 {
		if err := c.e.store.PutClass(ctx, c.record()); err != nil {
			c.ended = time.Time{}
			c.mu.Unlock()
			return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: ending class %s: %w", c.id, err)}
		}
	}
	students := slices.Clone(c.students)
	c.watchers.send(ClassEvent{Type: ClassEventEnded}, "")
	for _, s := range students {
		if !s.removed {
			s.watchers.send(ClassEvent{Type: ClassEventEnded}, "")
		}
	}
	c.mu.Unlock()
	for _, s := range students {
		s.session.close(errorf(CodeClassEnded, "", nil))
	}
	if c.keepDays == 0 {
		if err := c.e.store.DeleteClass(ctx, c.id); err != nil {
			// Ended in memory, still in the store: Sweep (every hour) and
			// Restore delete ended classes with KeepDays 0.
			return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: deleting ended class %s: %w", c.id, err)}
		}
		c.e.classes.drop(c, students)
	}
	return nil
}

// Results returns every ended run of the class's students, as kept, in
// the order they were submitted: the class-wide plot's points.
func (c *Class) Results(ctx context.Context, secret string) ([]RunView, error) {
	if err := c.Verify(secret); err != nil {
		return nil, err
	}
	runs, err := c.e.store.Runs(ctx, c.id)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: runs of class %s: %w", c.id, err)}
	}
	names := c.nicknames()
	out := make([]RunView, 0, len(runs))
	for _, r := range runs {
		out = append(out, runView(r, names[r.StudentID]))
	}
	return out, nil
}

// Answers returns every answer given in the class, as kept, oldest first.
func (c *Class) Answers(ctx context.Context, secret string) ([]AnswerView, error) {
	if err := c.Verify(secret); err != nil {
		return nil, err
	}
	answers, err := c.e.store.Answers(ctx, c.id)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: answers of class %s: %w", c.id, err)}
	}
	names := c.nicknames()
	out := make([]AnswerView, 0, len(answers))
	for _, a := range answers {
		out = append(out, answerView(a, names[a.StudentID]))
	}
	return out, nil
}

// ExportCSV writes the class's results as CSV (see the package's
// ExportCSV) for the teacher.
func (c *Class) ExportCSV(ctx context.Context, secret string, w io.Writer) error {
	if err := c.Verify(secret); err != nil {
		return err
	}
	students, err := c.e.store.Students(ctx, c.id)
	if err != nil {
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: exporting class %s: %w", c.id, err)}
	}
	answers, err := c.e.store.Answers(ctx, c.id)
	if err != nil {
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: exporting class %s: %w", c.id, err)}
	}
	runs, err := c.e.store.Runs(ctx, c.id)
	if err != nil {
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: exporting class %s: %w", c.id, err)}
	}
	c.mu.Lock()
	rec := c.record()
	c.mu.Unlock()
	return ExportCSV(w, rec, students, answers, runs)
}

// Projection returns what the projector shows: the projected student's
// latest ended run, with or without their nickname. With nothing
// projected it is the zero ProjectionView.
func (c *Class) Projection(secret string) (ProjectionView, error) {
	if err := c.Verify(secret); err != nil {
		return ProjectionView{}, err
	}
	c.mu.Lock()
	p := c.state.Projected
	var s *Student
	if p != nil {
		s = c.student(p.Student)
	}
	if s == nil {
		c.mu.Unlock()
		return ProjectionView{}, nil
	}
	pv := ProjectionView{Anonymous: p.Anonymous, Nickname: s.nickname}
	var runID string
	if s.latest != nil {
		rv := *s.latest
		pv.Run, runID = &rv, s.latestID
	}
	c.mu.Unlock()
	if runID != "" {
		s.session.mu.Lock()
		if r, ok := s.session.runs[runID]; ok && isClosed(r.ended) {
			pv.Done = r.done
		}
		s.session.mu.Unlock()
	}
	if pv.Anonymous {
		pv.Nickname = ""
		if pv.Run != nil {
			pv.Run.StudentID, pv.Run.Nickname, pv.Run.RunID = "", "", ""
		}
	}
	return pv, nil
}

// nicknames maps the class's student IDs to nicknames.
func (c *Class) nicknames() map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := make(map[string]string, len(c.students))
	for _, s := range c.students {
		m[s.id] = s.nickname
	}
	return m
}

// ID returns the student's ID within the class.
func (s *Student) ID() string { return s.id }

// Nickname returns the student's nickname.
func (s *Student) Nickname() string { return s.nickname }

// Session returns the student's session: their runs and models. It
// outlives their connections; do not Close it (Close does nothing to it).
func (s *Student) Session() *Session { return s.session }

// Class describes the student's class as they see it: its state without
// the projection.
func (s *Student) Class() ClassInfo { return s.c.Info() }

// View returns the student's own state, as the teacher's roster shows it.
func (s *Student) View() StudentView {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return s.view()
}

// usable returns why the student can do nothing more (removed, or the
// class ended), or nil; c.mu must be held.
func (s *Student) usable() error {
	switch {
	case s.removed:
		return errorf(CodeRemoved, "", nil)
	case !s.c.ended.IsZero():
		return errorf(CodeClassEnded, "", nil)
	}
	return nil
}

// Move records the student's place: the activity and its step (from 0)
// they are at.
func (s *Student) Move(ctx context.Context, activity string, step int) error {
	if len(activity) > maxName {
		return errorf(CodeBadField, "activity", map[string]any{"label": "activity"})
	}
	if step < 0 {
		return errorf(CodeOutOfRange, "step", map[string]any{"label": "step", "min": 0})
	}
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	old := s.place
	s.place = studentState{Activity: activity, Step: step, Push: c.state.Push}
	if err := c.e.store.PutStudent(ctx, s.record()); err != nil {
		s.place = old
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: moving student %s: %w", s.id, err)}
	}
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
	return nil
}

// Answer saves the student's answer to a checkpoint (its JSON, at most
// 16 KiB) and tells the teacher; a later answer to the same checkpoint
// replaces it. correct is nil when the answer is not machine-checked.
func (s *Student) Answer(ctx context.Context, activity string, step int, checkpoint string, answer json.RawMessage, correct *bool) error {
	switch {
	case activity == "" || len(activity) > maxName:
		return errorf(CodeBadField, "activity", map[string]any{"label": "activity"})
	case checkpoint == "" || len(checkpoint) > maxName:
		return errorf(CodeBadField, "checkpoint", map[string]any{"label": "checkpoint"})
	case step < 0:
		return errorf(CodeOutOfRange, "step", map[string]any{"label": "step", "min": 0})
	case len(answer) > maxAnswer:
		return errorf(CodeOutOfRange, "answer", map[string]any{"label": "answer", "max": maxAnswer})
	case !json.Valid(answer):
		return errorf(CodeBadField, "answer", map[string]any{"label": "answer"})
	}
	c := s.c
	c.mu.Lock()
	if err := s.usable(); err != nil {
		c.mu.Unlock()
		return err
	}
	c.mu.Unlock()
	if correct != nil {
		v := *correct
		correct = &v
	}
	rec := AnswerRecord{
		ClassID: c.id, StudentID: s.id, Activity: activity, Step: step, Checkpoint: checkpoint,
		Answer: slices.Clone(answer), Correct: correct, At: c.e.cfg.Now(),
	}
	if err := c.e.store.PutAnswer(ctx, rec); err != nil {
		return &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: saving an answer of student %s: %w", s.id, err)}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s.answered[checkpointKey{activity, step, checkpoint}] = true
	av := answerView(rec, s.nickname)
	c.watchers.send(ClassEvent{Type: ClassEventAnswer, Answer: &av}, "")
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
	return nil
}

// Answers returns the student's own answers, as kept, oldest first.
func (s *Student) Answers(ctx context.Context) ([]AnswerView, error) {
	all, err := s.c.e.store.Answers(ctx, s.c.id)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: answers of student %s: %w", s.id, err)}
	}
	out := []AnswerView{}
	for _, a := range all {
		if a.StudentID == s.id {
			out = append(out, answerView(a, s.nickname))
		}
	}
	return out, nil
}

// Results returns the student's own ended runs, as kept, in the order
// they were submitted, with the settings and scores of every run kept
// (the session keeps only the last Config.KeepRuns, with their models).
func (s *Student) Results(ctx context.Context) ([]RunView, error) {
	all, err := s.c.e.store.Runs(ctx, s.c.id)
	if err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("sandbox: runs of student %s: %w", s.id, err)}
	}
	out := []RunView{}
	for _, r := range all {
		if r.StudentID == s.id {
			out = append(out, runView(r, s.nickname))
		}
	}
	return out, nil
}

// Watch calls fn with the student's events (ClassEventState: a step pushed,
// settings locked, training paused; ClassEventQueued; ClassEventRemoved;
// ClassEventEnded; ClassEventResync) until stop is called, as Class.Watch
// does. While a connection watches, the teacher sees the student online.
func (s *Student) Watch(fn func(ClassEvent)) (stop func()) {
	w := s.watchers.add(fn, s.c.e.ctx.Done())
	s.online()
	return func() {
		if s.watchers.remove(w) {
			s.online()
		}
	}
}

// online tells the teacher the student's connections changed.
func (s *Student) online() {
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.removed {
		return
	}
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
}

// refresh updates the student's training status from their session and
// tells the teacher when it changed.
func (s *Student) refresh() {
	status := StudentIdle
	switch s.session.activity() {
	case RunRunning:
		status = StudentTraining
	case RunQueued:
		status = StudentQueued
	}
	c := s.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if status == s.status {
		return
	}
	s.status = status
	if !s.removed {
		v := s.view()
		c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
	}
}

// queued tells the student's connections where one of their runs waits.
func (s *Student) queued(run string, q Queued) {
	s.watchers.send(ClassEvent{Type: ClassEventQueued, Queued: &QueuedRun{Run: run, Queued: q}}, "queued:"+run)
}

// runEnded saves an ended run of the student and tells the teacher.
func (s *Student) runEnded(r *run) {
	c := s.c
	rec := runRecord(c.id, s.id, r)
	rec.Model = c.e.saveRunModel(r)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := c.e.store.PutRun(ctx, rec); err != nil {
		c.e.cfg.Logger.Error("saving a run", "class", c.id, "student", s.id, "run", r.id, "err", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rv := runView(rec, s.nickname)
	rv.Settings = r.spec.Model.Settings.clone() // the live Go types
	s.latest, s.latestID = &rv, r.id
	if a, ok := rv.Result.Scores["test_accuracy"]; ok {
		s.accuracy = a
	}
	if s.removed {
		return
	}
	out := rv
	c.watchers.send(ClassEvent{Type: ClassEventRun, Run: &out}, "")
	v := s.view()
	c.watchers.send(ClassEvent{Type: ClassEventStudent, Student: &v}, "student:"+s.id)
}

// runRecord is what is kept of an ended run: its spec (without tables of
// data) and its result.
func runRecord(classID, studentID string, r *run) RunRecord {
	spec := r.spec
	spec.Table, spec.TestTable = nil, nil
	specJSON, err := json.Marshal(spec)
	if err != nil {
		specJSON = nil // settings are checked numbers and strings: cannot happen
	}
	res := RunResult{}
	if r.done != nil {
		res = RunResult{
			Epoch: r.done.Epoch, Epochs: r.done.Epochs, Stopped: r.done.Stopped,
			Seconds: r.done.Seconds, Parameters: r.done.Parameters, Scores: r.done.Metrics.Scores(),
		}
	}
	if r.err != nil {
		res.Error = r.err.Code
	}
	resJSON, err := json.Marshal(res)
	if err != nil {
		resJSON = nil // NaN and infinite scores are left out: cannot happen
	}
	return RunRecord{
		ClassID: classID, StudentID: studentID, RunID: r.id, Spec: specJSON, Result: resJSON,
		Status: r.status, Started: r.submitted, Ended: r.at,
	}
}

// runView reads a kept run.
func runView(r RunRecord, nickname string) RunView {
	v := RunView{StudentID: r.StudentID, Nickname: nickname, RunID: r.RunID, Status: r.Status, Started: r.Started, Ended: r.Ended}
	var spec TrainSpec
	if json.Unmarshal(r.Spec, &spec) == nil {
		v.Dataset, v.Model, v.Settings, v.TestSplit = spec.Dataset, spec.Model.Name, spec.Model.Settings, spec.TestSplit
	}
	if len(r.Result) > 0 {
		_ = json.Unmarshal(r.Result, &v.Result) // a result that does not read shows as empty
	}
	return v
}

// answerView reads a kept answer.
func answerView(a AnswerRecord, nickname string) AnswerView {
	return AnswerView{
		StudentID: a.StudentID, Nickname: nickname, Activity: a.Activity, Step: a.Step,
		Checkpoint: a.Checkpoint, Answer: json.RawMessage(slices.Clone(a.Answer)), Correct: a.Correct, At: a.At,
	}
}

// Restore loads every class kept in the store, with its students (their
// rejoin tokens work again), answers and latest results, deletes ended
// classes past their retention, and from then on deletes them every hour
// (see Sweep). A restored student's session has their last
// Config.KeepRuns ended runs back, with their results; a run's model is
// loaded from the store the first time it is asked something (Predict,
// Evaluate, ...). Call it once, before serving.
func (e *Engine) Restore(ctx context.Context) error {
	e.classes.mu.Lock()
	if e.classes.restored {
		e.classes.mu.Unlock()
		return errors.New("sandbox: restore: already restored")
	}
	e.classes.restored = true
	e.classes.mu.Unlock()
	recs, err := e.store.Classes(ctx)
	if err != nil {
		return fmt.Errorf("sandbox: restore: %w", err)
	}
	now := e.cfg.Now()
	for _, rec := range recs {
		if !rec.Ended.IsZero() && expired(rec.Ended, rec.KeepDays, now) {
			if err := e.store.DeleteClass(ctx, rec.ID); err != nil {
				return fmt.Errorf("sandbox: restore: deleting ended class %s: %w", rec.ID, err)
			}
			continue
		}
		if err := e.restoreClass(ctx, rec); err != nil {
			return err
		}
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		t := time.NewTicker(sweepEvery)
		defer t.Stop()
		for {
			select {
			case <-e.ctx.Done():
				return
			case <-t.C:
				if _, err := e.Sweep(e.ctx); err != nil && e.ctx.Err() == nil {
					e.cfg.Logger.Error("deleting ended classes", "err", err)
				}
			}
		}
	}()
	return nil
}

// restoreClass brings back one kept class.
func (e *Engine) restoreClass(ctx context.Context, rec ClassRecord) error {
	c := &Class{
		e: e, id: rec.ID, code: rec.Code, title: rec.Title, secretHash: slices.Clone(rec.SecretHash),
		created: rec.Created, ended: rec.Ended, keepDays: rec.KeepDays, maxStudents: rec.MaxStudents, hold: &hold{},
	}
	if c.maxStudents <= 0 {
		c.maxStudents = e.cfg.MaxStudents
	}
	if len(rec.State) > 0 {
		if err := json.Unmarshal(rec.State, &c.state); err != nil {
			e.cfg.Logger.Error("restoring a class: its state does not read; starting from none", "class", rec.ID, "err", err)
			c.state = ClassState{}
		}
	}
	students, err := e.store.Students(ctx, rec.ID)
	if err != nil {
		return fmt.Errorf("sandbox: restore: students of class %s: %w", rec.ID, err)
	}
	answers, err := e.store.Answers(ctx, rec.ID)
	if err != nil {
		return fmt.Errorf("sandbox: restore: answers of class %s: %w", rec.ID, err)
	}
	runs, err := e.store.Runs(ctx, rec.ID)
	if err != nil {
		return fmt.Errorf("sandbox: restore: runs of class %s: %w", rec.ID, err)
	}
	byID := make(map[string]*Student, len(students))
	var rejoin []*Student // the students whose token hash reads
	for _, sr := range students {
		var th [sha256.Size]byte
		copy(th[:], sr.TokenHash)
		s := c.newStudent(sr.ID, sr.Nickname, th, sr.Joined)
		s.removed = sr.Removed
		var place studentState
		if len(sr.State) > 0 && json.Unmarshal(sr.State, &place) != nil {
			e.cfg.Logger.Error("restoring a student: their state does not read", "class", rec.ID, "student", sr.ID)
		}
		if place.Push < c.state.Push {
			// The teacher moved everyone since.
			place = studentState{Activity: c.state.Activity, Step: c.state.Step, Push: c.state.Push}
		}
		s.place = place
		if s.removed {
			s.session.close(errorf(CodeRemoved, "", nil))
		} else if !c.ended.IsZero() {
			s.session.close(errorf(CodeClassEnded, "", nil))
		}
		c.students = append(c.students, s)
		byID[s.id] = s
		if len(sr.TokenHash) == sha256.Size {
			rejoin = append(rejoin, s)
		} else {
			e.cfg.Logger.Error("restoring a student: bad token hash; they cannot rejoin", "class", rec.ID, "student", sr.ID)
		}
	}
	for _, a := range answers {
		if s := byID[a.StudentID]; s != nil {
			s.answered[checkpointKey{a.Activity, a.Step, a.Checkpoint}] = true
		}
	}
	// Runs come ordered by submission; the latest ended with a test
	// accuracy gives the roster's.
	slices.SortStableFunc(runs, func(a, b RunRecord) int { return cmp.Compare(a.Ended.UnixNano(), b.Ended.UnixNano()) })
	mine := make(map[string][]RunRecord)
	for _, r := range runs {
		s := byID[r.StudentID]
		if s == nil {
			continue
		}
		rv := runView(r, s.nickname)
		s.latest, s.latestID = &rv, r.RunID
		if a, ok := rv.Result.Scores["test_accuracy"]; ok {
			s.accuracy = a
		}
		mine[s.id] = append(mine[s.id], r)
	}
	if c.ended.IsZero() {
		// The students' sessions get their kept runs back; their models
		// load when first asked for (persist.go).
		for _, s := range c.students {
			if !s.removed {
				s.session.restoreRuns(mine[s.id])
			}
		}
	}
	if c.state.Paused && c.ended.IsZero() {
		e.sched.setPaused(c.hold, true)
	}
	e.classes.mu.Lock()
	defer e.classes.mu.Unlock()
	if old, taken := e.classes.byCode[c.code]; taken && old != c {
		// A class opened before Restore drew the same code: the kept
		// class keeps it only if it is open.
		e.cfg.Logger.Error("restoring a class: its join code is taken", "class", c.id, "code", c.code)
	} else {
		e.classes.byCode[c.code] = c
	}
	e.classes.byID[c.id] = c
	for _, s := range rejoin {
		e.classes.byToken[s.tokenHash] = s
	}
	return nil
}

// expired reports whether a class that ended at ended, kept keepDays
// days, is due for deletion at now.
func expired(ended time.Time, keepDays int, now time.Time) bool {
	return !now.Before(ended.Add(time.Duration(keepDays) * 24 * time.Hour))
}

// Sweep deletes the ended classes whose retention (KeepDays after their
// end) has passed, from the store and the engine, and reports how many it
// deleted. Restore runs it every hour.
func (e *Engine) Sweep(ctx context.Context) (int, error) {
	now := e.cfg.Now()
	n := 0
	for _, c := range e.classes.all() {
		c.mu.Lock()
		due := !c.ended.IsZero() && expired(c.ended, c.keepDays, now)
		students := slices.Clone(c.students)
		c.mu.Unlock()
		if !due {
			continue
		}
		if err := e.store.DeleteClass(ctx, c.id); err != nil {
			return n, fmt.Errorf("sandbox: sweep: deleting class %s: %w", c.id, err)
		}
		e.classes.drop(c, students)
		n++
	}
	return n, nil
}
