// Package sandbox is the engine of AI Sandbox: it runs training jobs for
// sessions, keeps their trained models for predictions, and reports what
// happens as events. It knows nothing about HTTP: the web package turns
// messages into calls of a Session and events into messages.
//
// The one way through: a Session's Train validates a TrainSpec, starts a
// run goroutine that owns its model (Train in run.go), and that goroutine
// sends Events to the session's emit function until the run is done.
package sandbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets up an Engine. The zero value is ready to use.
type Config struct {
	// MaxConcurrent is how many runs train at once on the machine; the rest
	// wait their turn. Zero = the number of CPU cores.
	MaxConcurrent int
	// MaxRunsPerSession is how many runs one session may have training or
	// waiting at once. Zero = 1.
	MaxRunsPerSession int
	// KeepRuns is how many ended runs a session keeps for predictions; the
	// oldest is forgotten first. Zero = 8.
	KeepRuns int
	// ProgressEvery is the least time between two progress events of a run.
	// Zero = 100 ms (ten a second).
	ProgressEvery time.Duration
	// PlotEvery is the least time between two progress events with plots.
	// Zero = 500 ms.
	PlotEvery time.Duration
	// Logger receives internal errors; nil = slog.Default().
	Logger *slog.Logger

	// MaxParams is the most numbers one run's model may learn: a bigger
	// model ends its run with a limit_params error once it is built,
	// before its first step (the count depends on the data: pixels,
	// vocabulary). Zero = 1,000,000; the largest built-in default, charlm
	// on facts-kk, has 8,734.
	MaxParams int
	// MaxEpochs is the most epochs one run may ask for: Train refuses more
	// with limit_epochs. Zero = 2,000, the catalog's own ceiling.
	MaxEpochs int
	// MaxRows is the most examples, training and test together, one run
	// may use: Train refuses more with limit_rows. Zero = 10,000, the most
	// any built-in dataset makes (built-in defaults use at most 5,000).
	MaxRows int
	// MaxWall is the longest one run may train, counted from its start
	// (its wait in the queue does not count): a run still training then
	// is stopped and ends with a limit_time error, keeping its model so
	// far for predictions. Zero = 5 minutes; the slowest built-in default,
	// mlp on digits, takes about 8 s on one core.
	MaxWall time.Duration

	// Store keeps classes, students, answers and runs; nil = a new
	// MemoryStore. The engine does not close it.
	Store Store
	// MaxStudents is how many students a class takes when its
	// ClassOptions do not say. Zero = 40.
	MaxStudents int
	// Now tells the time written in records and used for retention; nil =
	// time.Now. Tests set it.
	Now func() time.Time
}

// Defaults of Config, documented there.
const (
	defaultMaxParams   = 1_000_000
	defaultMaxEpochs   = maxEpochs
	defaultMaxRows     = 10_000
	defaultMaxWall     = 5 * time.Minute
	defaultMaxStudents = 40
)

// The status of a run, as Session.Runs and RunRecord.Status give it.
const (
	RunQueued  = "queued"  // waiting for its turn
	RunRunning = "running" // training
	RunDone    = "done"    // trained to the end
	RunStopped = "stopped" // stopped early, by the student or a pause
	RunFailed  = "failed"  // ended with an error
)

// maxDecodes is how many uploaded pictures are decoded at once: a 16 MP
// photo takes about 100 MB while it is turned and shrunk.
const maxDecodes = 2

// Engine runs training jobs for sessions.
type Engine struct {
	cfg     Config
	catalog Catalog
	sched   *scheduler    // who trains when
	decodes chan struct{} // one token per picture being decoded at once
	store   Store
	// classes are the open classes and the ended ones still kept (class.go).
	classes classRegistry
	// tokenizers are the tokenizer view's, trained on first use.
	tokenizers tokenizers
	ctx        context.Context
	cancel     context.CancelCauseFunc
	wg         sync.WaitGroup
}

// New returns an engine with cfg's settings.
func New(cfg Config) *Engine {
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = runtime.NumCPU()
	}
	if cfg.MaxRunsPerSession <= 0 {
		cfg.MaxRunsPerSession = 1
	}
	if cfg.KeepRuns <= 0 {
		cfg.KeepRuns = 8
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 100 * time.Millisecond
	}
	if cfg.PlotEvery <= 0 {
		cfg.PlotEvery = 500 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxParams <= 0 {
		cfg.MaxParams = defaultMaxParams
	}
	if cfg.MaxEpochs <= 0 {
		cfg.MaxEpochs = defaultMaxEpochs
	}
	if cfg.MaxRows <= 0 {
		cfg.MaxRows = defaultMaxRows
	}
	if cfg.MaxWall <= 0 {
		cfg.MaxWall = defaultMaxWall
	}
	if cfg.MaxStudents <= 0 {
		cfg.MaxStudents = defaultMaxStudents
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Store == nil {
		cfg.Store = NewMemoryStore()
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	return &Engine{
		cfg:     cfg,
		catalog: newCatalog(),
		sched:   newScheduler(cfg.MaxConcurrent),
		decodes: make(chan struct{}, maxDecodes),
		store:   cfg.Store,
		classes: newClassRegistry(),
		ctx:     ctx,
		cancel:  cancel,
	}
}

// Catalog returns the models and datasets the engine offers.
func (e *Engine) Catalog() Catalog { return e.catalog }

// Shutdown stops every run (each ends with a shutting_down error) and waits
// for them to finish, or for ctx to end.
func (e *Engine) Shutdown(ctx context.Context) error {
	e.cancel(errShutdown)
	ch := make(chan struct{})
	go func() { e.wg.Wait(); close(ch) }()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("sandbox: shutdown: runs still ending: %w", ctx.Err())
	}
}

// Session is one user's connection to the engine: its runs and their
// models. A student's Session (Student.Session) belongs to the student and
// outlives their connections. Its methods are safe for concurrent use.
type Session struct {
	e      *Engine
	ctx    context.Context
	cancel context.CancelFunc
	owner  *owner   // the scheduler's view of whoever trains here
	pupil  *Student // the student this session belongs to; nil outside a class

	expr exprState // the autograd view's expression

	mu    sync.Mutex
	runs  map[string]*run
	ended []string // ids of ended runs, oldest first
	gone  *Error   // why the class closed the session; nil while it is open
}

// run is one training job of a session.
type run struct {
	id        string
	spec      TrainSpec
	submitted time.Time
	cancel    context.CancelCauseFunc
	ticket    *ticket                     // its place with the scheduler
	emit      atomic.Pointer[func(Event)] // where its events go (Follow changes it)
	ended     chan struct{}               // closed when the run's goroutine returns
	status    string                      // RunQueued, RunRunning, ...; guarded by Session.mu
	// Set before ended is closed:
	model *Model
	done  *Done  // nil when the run ended with an error
	err   *Error // the error it ended with; nil otherwise
	at    time.Time
	// kept is the saved model of a run brought back from the store
	// (persist.go), loaded on first use; model is then nil.
	kept *keptModel
}

// RunInfo describes one run of a session, for a page that comes back.
type RunInfo struct {
	ID     string
	Spec   TrainSpec
	Status string    // RunQueued, RunRunning, RunDone, RunStopped or RunFailed
	Done   *Done     // the final report when it ended without an error
	Err    *Error    // the error it ended with
	Ended  time.Time // zero while it is queued or running
}

// NewSession returns a session with no runs. It is a student of its own to
// the scheduler: it gets its turns like any student of a class.
func (e *Engine) NewSession() *Session {
	return e.newSession(&owner{})
}

func (e *Engine) newSession(o *owner) *Session {
	ctx, cancel := context.WithCancel(e.ctx)
	return &Session{e: e, ctx: ctx, cancel: cancel, owner: o, runs: make(map[string]*run)}
}

// limitStop is the cause a run is cancelled with when it passes one of the
// engine's limits. Train takes it as a stop (it wraps ErrStopped, so the
// model so far is returned); the run then ends with err.
type limitStop struct{ err *Error }

func (l *limitStop) Error() string        { return l.err.Error() }
func (l *limitStop) Is(target error) bool { return target == ErrStopped }

// errPaused is the cause a class's pause stops running runs with: they end
// with a Done whose Stopped is set, like a stop by the student.
var errPaused = fmt.Errorf("%w: the teacher paused training", ErrStopped)

// checkLimits refuses a spec that asks for more than one run may have.
func (e *Engine) checkLimits(spec TrainSpec) error {
	if n := spec.Model.Settings.Int("epochs"); n > e.cfg.MaxEpochs {
		return errorf(CodeLimitEpochs, "model.epochs", map[string]any{"limit": e.cfg.MaxEpochs})
	}
	if n := specRows(spec); n > e.cfg.MaxRows {
		return errorf(CodeLimitRows, "dataset.n", map[string]any{"limit": e.cfg.MaxRows})
	}
	return nil
}

// specRows is how many examples, training and test together, spec uses.
func specRows(spec TrainSpec) int {
	if spec.Table != nil {
		n := spec.Table.Len()
		if spec.TestTable != nil {
			n += spec.TestTable.Len()
		}
		return n
	}
	if c, ok := corpusNamed(spec.Dataset.Name); ok {
		return c.Size
	}
	return spec.Dataset.N
}

// Train queues a run with the given id. It returns an *Error at once when
// spec is invalid or asks for more than the engine's limits (limit_epochs,
// limit_rows), the id is taken by a run still going, or the session has
// Config.MaxRunsPerSession runs queued or training; otherwise the run's
// events go to emit, from the run's own goroutine: EventQueued while it
// waits for its turn (only when it must wait), then EventStarted and the
// rest, ending with exactly one EventDone or EventError. emit must not
// block for long: a slow consumer should drop progress events.
func (s *Session) Train(id string, spec TrainSpec, emit func(Event)) error {
	if err := s.e.catalog.Validate(spec); err != nil {
		return err
	}
	if err := s.e.checkLimits(spec); err != nil {
		return err
	}
	s.mu.Lock()
	if s.gone != nil {
		s.mu.Unlock()
		return s.gone
	}
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		return &Error{Code: CodeShuttingDown, Err: s.ctx.Err()}
	}
	if r, ok := s.runs[id]; ok && !isClosed(r.ended) {
		s.mu.Unlock()
		return errorf(CodeRunExists, "id", map[string]any{"run": id})
	}
	going := 0
	for _, r := range s.runs {
		if !isClosed(r.ended) {
			going++
		}
	}
	if going >= s.e.cfg.MaxRunsPerSession {
		s.mu.Unlock()
		return errorf(CodeTooManyRuns, "", map[string]any{"limit": s.e.cfg.MaxRunsPerSession})
	}
	s.forget(id)
	ctx, cancel := context.WithCancelCause(s.ctx)
	r := &run{id: id, spec: spec, submitted: s.e.cfg.Now(), cancel: cancel, ended: make(chan struct{}), status: RunQueued}
	r.emit.Store(&emit)
	s.runs[id] = r
	// Queued here, not in the goroutine, so that the queue keeps the order
	// of the calls.
	r.ticket = s.e.sched.enqueue(s.owner)
	s.e.wg.Add(1)
	go s.execute(ctx, r)
	s.mu.Unlock()
	s.changed()
	return nil
}

// send gives ev to the run's current emit function.
func (r *run) send(ev Event) {
	ev.Run = r.id
	(*r.emit.Load())(ev)
}

// wait waits for the run's turn, telling its place whenever it changes. It
// reports false when ctx ended first.
func (s *Session) wait(ctx context.Context, r *run) bool {
	t := r.ticket
	for {
		select {
		case <-t.start:
			return true
		case q := <-t.pos:
			if isClosed(t.start) {
				return true
			}
			r.send(Event{Type: EventQueued, Payload: q})
			if s.pupil != nil {
				s.pupil.queued(r.id, q)
			}
		case <-ctx.Done():
			if !s.e.sched.cancel(t) {
				// Its turn came as it was cancelled.
				s.e.sched.release(t)
			}
			return false
		}
	}
}

// execute is the run's goroutine: it waits for its turn, trains, and
// reports.
func (s *Session) execute(ctx context.Context, r *run) {
	defer s.e.wg.Done()
	defer r.cancel(nil)
	finish := func(model *Model, done *Done, err error) {
		var se *Error
		if err != nil {
			if !errors.As(err, &se) || se.Code == CodeInternal {
				if s.ctx.Err() == nil || errors.Is(context.Cause(ctx), errShutdown) {
					s.e.cfg.Logger.Error("training run failed", "run", r.id, "err", err)
				}
			}
			if se == nil {
				se = &Error{Code: CodeInternal, Err: err}
			}
		}
		s.mu.Lock()
		r.model, r.done, r.err, r.at = model, done, se, s.e.cfg.Now()
		switch {
		case se != nil:
			r.status = RunFailed
		case done.Stopped:
			r.status = RunStopped
		default:
			r.status = RunDone
		}
		s.ended = append(s.ended, r.id)
		close(r.ended)
		s.trim()
		s.mu.Unlock()
		closed := s.ctx.Err() != nil && !errors.Is(context.Cause(ctx), errShutdown)
		if s.pupil != nil && !closed {
			// Saved before the page hears of it: what it was told is kept.
			s.pupil.runEnded(r)
		}
		// The teacher's roster says idle before the page hears the end, so
		// that whoever learns of the end sees the status that goes with it.
		s.changed()
		switch {
		case closed:
			// The session closed: nobody is listening.
		case se == nil:
			r.send(Event{Type: EventDone, Payload: *done})
		default:
			r.send(Event{Type: EventError, Payload: se})
		}
	}

	if !s.wait(ctx, r) {
		if errors.Is(context.Cause(ctx), ErrStopped) {
			finish(nil, &Done{Stopped: true, Progress: Progress{Epochs: r.spec.Model.Settings.Int("epochs"), Metrics: noMetrics()}}, nil)
			return
		}
		finish(nil, nil, runError(ctx, context.Cause(ctx)))
		return
	}
	defer s.e.sched.release(r.ticket)
	s.mu.Lock()
	r.status = RunRunning
	s.mu.Unlock()
	if s.owner.hold != nil && s.e.sched.isPaused(s.owner.hold) {
		// The class paused between our turn and now: a pause stops the
		// runs it finds running, and this one was not yet.
		r.cancel(errPaused)
	}
	s.changed()

	wall := &limitStop{errorf(CodeLimitTime, "", map[string]any{"limit": s.e.cfg.MaxWall.Seconds()})}
	tctx, stopTimer := context.WithTimeoutCause(ctx, s.e.cfg.MaxWall, wall)
	defer stopTimer()
	lctx, limit := context.WithCancelCause(tctx)
	defer limit(nil)
	opt := RunOptions{ProgressEvery: s.e.cfg.ProgressEvery, Plots: true, PlotEvery: s.e.cfg.PlotEvery}
	model, done, err := Train(lctx, s.e.catalog, r.spec, opt, func(ev Event) {
		if st, ok := ev.Payload.(Started); ok && st.Parameters > s.e.cfg.MaxParams {
			limit(&limitStop{errorf(CodeLimitParams, "model", map[string]any{"limit": s.e.cfg.MaxParams, "params": st.Parameters})})
			return
		}
		r.send(ev)
	})
	var ls *limitStop
	if (err != nil || done.Stopped) && errors.As(context.Cause(lctx), &ls) {
		if ls.err.Code != CodeLimitTime || done.Epoch == 0 {
			model = nil // nothing learned worth keeping
		}
		finish(model, nil, ls.err)
		return
	}
	if err != nil {
		finish(nil, nil, err)
		return
	}
	finish(model, &done, nil)
}

// Stop ends the run with the given id early: it ends with a Done whose
// Stopped is set, whether it was training or still waiting for its turn.
// Stopping a run that has ended sends its Done again.
func (s *Session) Stop(id string, emit func(Event)) error {
	s.mu.Lock()
	r, ok := s.runs[id]
	s.mu.Unlock()
	if !ok {
		return errorf(CodeUnknownRun, "id", map[string]any{"run": id})
	}
	if !isClosed(r.ended) {
		r.cancel(ErrStopped)
		return nil
	}
	if r.done != nil {
		emit(Event{Type: EventDone, Run: id, Payload: *r.done})
		return nil
	}
	return errorf(CodeNotReady, "id", map[string]any{"run": id})
}

// Follow sends the events of run id to emit from now on, in place of the
// function given to Train: a page that reconnects follows the runs it
// started. A run that has ended sends its last event (EventDone or
// EventError) to emit again at once.
func (s *Session) Follow(id string, emit func(Event)) error {
	s.mu.Lock()
	r, ok := s.runs[id]
	if ok && !isClosed(r.ended) {
		r.emit.Store(&emit)
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	if !ok {
		return errorf(CodeUnknownRun, "id", map[string]any{"run": id})
	}
	// The run ended: its goroutine sent (or is sending) its last event to
	// the old function; this one gets it too.
	if r.done != nil {
		emit(Event{Type: EventDone, Run: id, Payload: *r.done})
	} else if r.err != nil {
		emit(Event{Type: EventError, Run: id, Payload: r.err})
	}
	return nil
}

// Runs lists the session's runs, going and kept, in the order they were
// submitted.
func (s *Session) Runs() []RunInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	runs := make([]*run, 0, len(s.runs))
	for _, r := range s.runs {
		runs = append(runs, r)
	}
	slices.SortFunc(runs, func(a, b *run) int {
		return cmp.Or(a.submitted.Compare(b.submitted), cmp.Compare(a.id, b.id))
	})
	out := make([]RunInfo, len(runs))
	for i, r := range runs {
		out[i] = RunInfo{ID: r.id, Spec: r.spec, Status: r.status}
		if isClosed(r.ended) {
			out[i].Done, out[i].Err, out[i].Ended = r.done, r.err, r.at
		}
	}
	return out
}

// activity says whether the session has a run training (RunRunning), else
// one waiting (RunQueued), else neither ("").
func (s *Session) activity() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	queued := false
	for _, r := range s.runs {
		switch r.status {
		case RunRunning:
			return RunRunning
		case RunQueued:
			queued = true
		}
	}
	if queued {
		return RunQueued
	}
	return ""
}

// changed tells the session's student, if any, that its runs changed.
func (s *Session) changed() {
	if s.pupil != nil {
		s.pupil.refresh()
	}
}

// stopTraining stops the session's runs that are training with cause;
// waiting runs keep their place.
func (s *Session) stopTraining(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.runs {
		if r.status == RunRunning {
			r.cancel(cause)
		}
	}
}

// Predict asks the model of an ended run about points given in the data's
// own units.
func (s *Session) Predict(id string, points [][]float64) (Prediction, error) {
	m, err := s.endedModel(id)
	if err != nil {
		return Prediction{}, err
	}
	return m.Predict(points)
}

// endedModel returns the model of the ended run id.
func (s *Session) endedModel(id string) (*Model, error) {
	s.mu.Lock()
	r, ok := s.runs[id]
	s.mu.Unlock()
	if !ok {
		return nil, errorf(CodeUnknownRun, "run", map[string]any{"run": id})
	}
	if isClosed(r.ended) && r.model == nil && r.kept != nil {
		return s.loadedModel(r)
	}
	if !isClosed(r.ended) || r.model == nil {
		return nil, errorf(CodeNotReady, "run", map[string]any{"run": id})
	}
	return r.model, nil
}

// Close stops every run of the session and waits for them to end. Their
// events are no longer sent. A student's session is not closed this way:
// it outlives the student's connections, and Close does nothing to it; it
// closes when the teacher removes the student or ends the class.
func (s *Session) Close() {
	if s.pupil != nil {
		return
	}
	s.close(nil)
}

// close records why the session closed (nil outside a class), stops every
// run and waits for them to end.
func (s *Session) close(why *Error) {
	s.mu.Lock()
	if why != nil && s.gone == nil {
		s.gone = why
	}
	s.mu.Unlock()
	s.cancel()
	s.mu.Lock()
	runs := make([]*run, 0, len(s.runs))
	for _, r := range s.runs {
		runs = append(runs, r)
	}
	s.mu.Unlock()
	for _, r := range runs {
		<-r.ended
	}
}

// forget drops the ended run id, if any. s.mu must be held.
func (s *Session) forget(id string) {
	if _, ok := s.runs[id]; !ok {
		return
	}
	delete(s.runs, id)
	for i, e := range s.ended {
		if e == id {
			s.ended = append(s.ended[:i], s.ended[i+1:]...)
			break
		}
	}
}

// trim forgets the oldest ended runs beyond the engine's KeepRuns. s.mu must
// be held.
func (s *Session) trim() {
	for len(s.ended) > s.e.cfg.KeepRuns {
		delete(s.runs, s.ended[0])
		s.ended = s.ended[1:]
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
