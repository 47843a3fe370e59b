package sandbox

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// This file declares what the engine keeps about a class and the Store it
// keeps it in. The engine owns the meaning of every record; a Store only
// keeps them, durably, and gives them back. The records hold no names,
// e-mails or accounts: a student is a nickname, and the teacher's secret and
// the students' rejoin tokens are kept only as SHA-256 hashes.
//
// The contract every Store keeps (package sandbox/storetest checks it):
//   - A call that returns nil has made its change durable: after a crash or
//     a restart the store gives back everything that was acknowledged.
//   - Put methods insert or replace by the record's key; replacing a class
//     or a student keeps what is in it (its students, answers and runs).
//   - A student, answer or run whose class (or, for answers and runs, whose
//     student) is not stored is refused with an error wrapping ErrNoParent.
//   - A record whose key field is empty is refused with an error.
//   - Lists come in a fixed order (see each method) and are copies: the
//     caller may change them, and changing a record after Put does not
//     change what is stored. Byte slices of length zero come back as nil.
//     Times come back in UTC without a monotonic clock reading; a zero time
//     comes back zero.
//   - DeleteClass removes the class with its students, answers and runs; it
//     is not an error to delete a class that is not stored.
//   - After Close every call returns an error wrapping ErrClosed.

// ErrNoParent is wrapped by a Store's error when a record refers to a class
// or a student that is not stored.
var ErrNoParent = errors.New("sandbox: the class or student of this record is not stored")

// ErrClosed is wrapped by a Store's error when it is used after Close.
var ErrClosed = errors.New("sandbox: the store is closed")

// ClassRecord is what is kept of a class. Its key is ID.
type ClassRecord struct {
	// ID identifies the class: random, 16 hex characters.
	ID string
	// Code is the join code students type: 6 characters from
	// "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" (no 0/O, 1/I).
	Code string
	// Title is the name the teacher gave the class.
	Title string
	// SecretHash is the SHA-256 of the teacher secret; the secret itself is
	// never stored.
	SecretHash []byte
	// Created is when the class was opened.
	Created time.Time
	// Ended is when the class ended; zero while the class is open.
	Ended time.Time
	// KeepDays is how many days the class's data is kept after its end:
	// 0 (the default) deletes everything when the class ends.
	KeepDays int
	// MaxStudents is how many students may join the class.
	MaxStudents int
	// State is the JSON of the class's live state the teacher set (activity,
	// step, locked settings, paused, projector); opaque to the store.
	State []byte
}

// StudentRecord is one student of a class: a nickname only. Its key is
// (ClassID, ID).
type StudentRecord struct {
	// ID identifies the student within the class: random.
	ID string
	// ClassID is the ID of the student's class.
	ClassID string
	// Nickname is the only thing the student tells about themself.
	Nickname string
	// TokenHash is the SHA-256 of the student's rejoin token; the token
	// itself is never stored.
	TokenHash []byte
	// Joined is when the student first joined the class.
	Joined time.Time
	// Removed is true once the teacher removed the student from the class.
	Removed bool
	// State is the JSON of the student's state (current activity, step);
	// opaque to the store.
	State []byte
}

// AnswerRecord is a student's answer to a checkpoint. Its key is
// (ClassID, StudentID, Activity, Step, Checkpoint): a later answer to the
// same checkpoint replaces the earlier one.
type AnswerRecord struct {
	// ClassID is the ID of the student's class.
	ClassID string
	// StudentID is the ID of the student who answered.
	StudentID string
	// Activity is the ID of the activity the checkpoint belongs to.
	Activity string
	// Step is the index of the activity's step the checkpoint is in,
	// counted from 0.
	Step int
	// Checkpoint is the ID of the checkpoint within the step.
	Checkpoint string
	// Answer is the JSON of the answer.
	Answer []byte
	// Correct tells whether the answer is right; nil when the answer is not
	// machine-checked.
	Correct *bool
	// At is when the student answered.
	At time.Time
}

// RunRecord is one training run of a student: its settings and result. Its
// key is (ClassID, StudentID, RunID).
type RunRecord struct {
	// ClassID is the ID of the student's class.
	ClassID string
	// StudentID is the ID of the student who trained.
	StudentID string
	// RunID identifies the run among the student's runs.
	RunID string
	// Spec is the JSON of the run's TrainSpec.
	Spec []byte
	// Result is the JSON of the run's final scores; nil while it runs.
	Result []byte
	// Status is one of "queued", "running", "done", "stopped", "failed".
	Status string
	// Started is when the run was submitted.
	Started time.Time
	// Ended is when the run ended; zero while it is queued or running.
	Ended time.Time
	// Model is the trained model, saved (models envelope); nil when none.
	Model []byte
}

// Store keeps classes and everything in them. Implementations must be safe
// for concurrent use; a call that returns nil has made its change durable.
// The comment at the top of store.go states the whole contract.
type Store interface {
	// PutClass inserts the class or replaces the stored class with the
	// same ID, keeping its students, answers and runs.
	PutClass(ctx context.Context, c ClassRecord) error
	// Classes returns every class kept, open or ended, ordered by Created,
	// then ID.
	Classes(ctx context.Context) ([]ClassRecord, error)
	// PutStudent inserts the student or replaces the stored student with
	// the same key, keeping their answers and runs.
	PutStudent(ctx context.Context, s StudentRecord) error
	// Students returns the students of a class, removed ones too, ordered
	// by Joined, then ID; none for a class not stored.
	Students(ctx context.Context, classID string) ([]StudentRecord, error)
	// PutAnswer inserts the answer; it replaces an earlier answer to the
	// same checkpoint by the same student.
	PutAnswer(ctx context.Context, a AnswerRecord) error
	// Answers returns the answers given in a class, ordered by At, then
	// StudentID, Activity, Step and Checkpoint.
	Answers(ctx context.Context, classID string) ([]AnswerRecord, error)
	// PutRun inserts the run or replaces the stored run with the same
	// (ClassID, StudentID, RunID).
	PutRun(ctx context.Context, r RunRecord) error
	// Runs returns the runs of a class, ordered by Started, then StudentID
	// and RunID.
	Runs(ctx context.Context, classID string) ([]RunRecord, error)
	// DeleteClass removes the class and everything in it.
	DeleteClass(ctx context.Context, classID string) error
	// Close releases the store; later calls fail with ErrClosed. Closing
	// twice is not an error.
	Close() error
}

// CheckClassRecord reports an error when c cannot be stored: its ID is empty.
func CheckClassRecord(c ClassRecord) error {
	if c.ID == "" {
		return errors.New("sandbox: a class record needs an ID")
	}
	return nil
}

// CheckStudentRecord reports an error when s cannot be stored: its ID or
// ClassID is empty.
func CheckStudentRecord(s StudentRecord) error {
	if s.ID == "" || s.ClassID == "" {
		return fmt.Errorf("sandbox: a student record needs an ID and a ClassID (got %q, %q)", s.ID, s.ClassID)
	}
	return nil
}

// CheckAnswerRecord reports an error when a cannot be stored: its ClassID,
// StudentID, Activity or Checkpoint is empty.
func CheckAnswerRecord(a AnswerRecord) error {
	if a.ClassID == "" || a.StudentID == "" || a.Activity == "" || a.Checkpoint == "" {
		return fmt.Errorf("sandbox: an answer record needs a ClassID, StudentID, Activity and Checkpoint (got %q, %q, %q, %q)",
			a.ClassID, a.StudentID, a.Activity, a.Checkpoint)
	}
	return nil
}

// CheckRunRecord reports an error when r cannot be stored: its ClassID,
// StudentID or RunID is empty.
func CheckRunRecord(r RunRecord) error {
	if r.ClassID == "" || r.StudentID == "" || r.RunID == "" {
		return fmt.Errorf("sandbox: a run record needs a ClassID, StudentID and RunID (got %q, %q, %q)",
			r.ClassID, r.StudentID, r.RunID)
	}
	return nil
}

// MemoryStore is a Store in memory, for tests and for a server run without
// --data: it keeps the Store contract except that nothing survives the
// process. The zero value is not ready: use NewMemoryStore.
type MemoryStore struct {
	mu      sync.RWMutex
	closed  bool
	classes map[string]*memClass
}

// memClass is one class in a MemoryStore with everything in it.
type memClass struct {
	rec      ClassRecord
	students map[string]StudentRecord // by ID
	answers  map[answerKey]AnswerRecord
	runs     map[runKey]RunRecord
}

// answerKey is what makes an answer unique within its class.
type answerKey struct {
	student, activity string
	step              int
	checkpoint        string
}

// runKey is what makes a run unique within its class.
type runKey struct{ student, run string }

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{classes: make(map[string]*memClass)}
}

// cloneBytes copies b; empty gives nil.
func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return bytes.Clone(b)
}

// normTime gives t in UTC without its monotonic clock reading, as a Store
// returns times.
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func copyClass(c ClassRecord) ClassRecord {
	c.SecretHash = cloneBytes(c.SecretHash)
	c.State = cloneBytes(c.State)
	c.Created = normTime(c.Created)
	c.Ended = normTime(c.Ended)
	return c
}

func copyStudent(s StudentRecord) StudentRecord {
	s.TokenHash = cloneBytes(s.TokenHash)
	s.State = cloneBytes(s.State)
	s.Joined = normTime(s.Joined)
	return s
}

func copyAnswer(a AnswerRecord) AnswerRecord {
	a.Answer = cloneBytes(a.Answer)
	if a.Correct != nil {
		v := *a.Correct
		a.Correct = &v
	}
	a.At = normTime(a.At)
	return a
}

func copyRun(r RunRecord) RunRecord {
	r.Spec = cloneBytes(r.Spec)
	r.Result = cloneBytes(r.Result)
	r.Model = cloneBytes(r.Model)
	r.Started = normTime(r.Started)
	r.Ended = normTime(r.Ended)
	return r
}

// begin checks the context and that the store is open; the caller holds mu.
func (m *MemoryStore) begin(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sandbox: %s: %w", op, err)
	}
	if m.closed {
		return fmt.Errorf("sandbox: %s: %w", op, ErrClosed)
	}
	return nil
}

// PutClass implements Store.
func (m *MemoryStore) PutClass(ctx context.Context, c ClassRecord) error {
	if err := CheckClassRecord(c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "put class"); err != nil {
		return err
	}
	if mc, ok := m.classes[c.ID]; ok {
		mc.rec = copyClass(c)
		return nil
	}
	m.classes[c.ID] = &memClass{
		rec:      copyClass(c),
		students: make(map[string]StudentRecord),
		answers:  make(map[answerKey]AnswerRecord),
		runs:     make(map[runKey]RunRecord),
	}
	return nil
}

// Classes implements Store.
func (m *MemoryStore) Classes(ctx context.Context) ([]ClassRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.begin(ctx, "list classes"); err != nil {
		return nil, err
	}
	out := make([]ClassRecord, 0, len(m.classes))
	for _, mc := range m.classes {
		out = append(out, copyClass(mc.rec))
	}
	slices.SortFunc(out, func(a, b ClassRecord) int {
		return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// PutStudent implements Store.
func (m *MemoryStore) PutStudent(ctx context.Context, s StudentRecord) error {
	if err := CheckStudentRecord(s); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "put student"); err != nil {
		return err
	}
	mc, ok := m.classes[s.ClassID]
	if !ok {
		return fmt.Errorf("sandbox: put student %q of class %q: %w", s.ID, s.ClassID, ErrNoParent)
	}
	mc.students[s.ID] = copyStudent(s)
	return nil
}

// Students implements Store.
func (m *MemoryStore) Students(ctx context.Context, classID string) ([]StudentRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.begin(ctx, "list students"); err != nil {
		return nil, err
	}
	mc, ok := m.classes[classID]
	if !ok {
		return nil, nil
	}
	out := make([]StudentRecord, 0, len(mc.students))
	for _, s := range mc.students {
		out = append(out, copyStudent(s))
	}
	slices.SortFunc(out, func(a, b StudentRecord) int {
		return cmp.Or(a.Joined.Compare(b.Joined), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// PutAnswer implements Store.
func (m *MemoryStore) PutAnswer(ctx context.Context, a AnswerRecord) error {
	if err := CheckAnswerRecord(a); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "put answer"); err != nil {
		return err
	}
	mc, ok := m.classes[a.ClassID]
	if !ok {
		return fmt.Errorf("sandbox: put answer of class %q: %w", a.ClassID, ErrNoParent)
	}
	if _, ok := mc.students[a.StudentID]; !ok {
		return fmt.Errorf("sandbox: put answer of student %q: %w", a.StudentID, ErrNoParent)
	}
	mc.answers[answerKey{a.StudentID, a.Activity, a.Step, a.Checkpoint}] = copyAnswer(a)
	return nil
}

// Answers implements Store.
func (m *MemoryStore) Answers(ctx context.Context, classID string) ([]AnswerRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.begin(ctx, "list answers"); err != nil {
		return nil, err
	}
	mc, ok := m.classes[classID]
	if !ok {
		return nil, nil
	}
	out := make([]AnswerRecord, 0, len(mc.answers))
	for _, a := range mc.answers {
		out = append(out, copyAnswer(a))
	}
	slices.SortFunc(out, func(a, b AnswerRecord) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.StudentID, b.StudentID),
			cmp.Compare(a.Activity, b.Activity), cmp.Compare(a.Step, b.Step),
			cmp.Compare(a.Checkpoint, b.Checkpoint))
	})
	return out, nil
}

// PutRun implements Store.
func (m *MemoryStore) PutRun(ctx context.Context, r RunRecord) error {
	if err := CheckRunRecord(r); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "put run"); err != nil {
		return err
	}
	mc, ok := m.classes[r.ClassID]
	if !ok {
		return fmt.Errorf("sandbox: put run of class %q: %w", r.ClassID, ErrNoParent)
	}
	if _, ok := mc.students[r.StudentID]; !ok {
		return fmt.Errorf("sandbox: put run of student %q: %w", r.StudentID, ErrNoParent)
	}
	mc.runs[runKey{r.StudentID, r.RunID}] = copyRun(r)
	return nil
}

// Runs implements Store.
func (m *MemoryStore) Runs(ctx context.Context, classID string) ([]RunRecord, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.begin(ctx, "list runs"); err != nil {
		return nil, err
	}
	mc, ok := m.classes[classID]
	if !ok {
		return nil, nil
	}
	out := make([]RunRecord, 0, len(mc.runs))
	for _, r := range mc.runs {
		out = append(out, copyRun(r))
	}
	slices.SortFunc(out, func(a, b RunRecord) int {
		return cmp.Or(a.Started.Compare(b.Started), cmp.Compare(a.StudentID, b.StudentID),
			cmp.Compare(a.RunID, b.RunID))
	})
	return out, nil
}

// DeleteClass implements Store.
func (m *MemoryStore) DeleteClass(ctx context.Context, classID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.begin(ctx, "delete class"); err != nil {
		return err
	}
	delete(m.classes, classID)
	return nil
}

// Close implements Store: it forgets everything. Closing twice is not an
// error.
func (m *MemoryStore) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.classes = nil
	return nil
}
