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
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
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
}

// maxDecodes is how many uploaded pictures are decoded at once: a 16 MP
// photo takes about 100 MB while it is turned and shrunk.
const maxDecodes = 2

// Engine runs training jobs for sessions.
type Engine struct {
	cfg     Config
	catalog Catalog
	slots   chan struct{} // one token per run allowed to train at once
	decodes chan struct{} // one token per picture being decoded at once
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
	ctx, cancel := context.WithCancelCause(context.Background())
	return &Engine{
		cfg:     cfg,
		catalog: newCatalog(),
		slots:   make(chan struct{}, cfg.MaxConcurrent),
		decodes: make(chan struct{}, maxDecodes),
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
// models. Its methods are safe for concurrent use.
type Session struct {
	e      *Engine
	ctx    context.Context
	cancel context.CancelFunc

	expr exprState // the autograd view's expression

	mu    sync.Mutex
	runs  map[string]*run
	ended []string // ids of ended runs, oldest first
}

// run is one training job of a session.
type run struct {
	cancel context.CancelCauseFunc
	ended  chan struct{} // closed when the run's goroutine returns
	// Set before ended is closed:
	model *Model
	done  *Done // nil when the run ended with an error
}

// NewSession returns a session with no runs.
func (e *Engine) NewSession() *Session {
	ctx, cancel := context.WithCancel(e.ctx)
	return &Session{e: e, ctx: ctx, cancel: cancel, runs: make(map[string]*run)}
}

// Train starts a run with the given id. It returns an *Error at once when
// spec is invalid, the id is taken by a run still going, or the session has
// too many runs; otherwise the run's events go to emit, from the run's own
// goroutine, ending with exactly one EventDone or EventError. emit must not
// block for long: a slow consumer should drop progress events.
func (s *Session) Train(id string, spec TrainSpec, emit func(Event)) error {
	if err := s.e.catalog.Validate(spec); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx.Err() != nil {
		return &Error{Code: CodeShuttingDown, Err: s.ctx.Err()}
	}
	if r, ok := s.runs[id]; ok && !isClosed(r.ended) {
		return errorf(CodeRunExists, "id", map[string]any{"run": id})
	}
	going := 0
	for _, r := range s.runs {
		if !isClosed(r.ended) {
			going++
		}
	}
	if going >= s.e.cfg.MaxRunsPerSession {
		return errorf(CodeTooManyRuns, "", map[string]any{"limit": s.e.cfg.MaxRunsPerSession})
	}
	s.forget(id)
	ctx, cancel := context.WithCancelCause(s.ctx)
	r := &run{cancel: cancel, ended: make(chan struct{})}
	s.runs[id] = r
	s.e.wg.Add(1)
	go s.execute(ctx, id, r, spec, emit)
	return nil
}

// execute is the run's goroutine: it waits for a slot, trains, and reports.
func (s *Session) execute(ctx context.Context, id string, r *run, spec TrainSpec, emit func(Event)) {
	defer s.e.wg.Done()
	defer r.cancel(nil)
	send := func(ev Event) { ev.Run = id; emit(ev) }
	finish := func(model *Model, done *Done, err error) {
		r.model, r.done = model, done
		s.mu.Lock()
		s.ended = append(s.ended, id)
		close(r.ended)
		s.trim()
		s.mu.Unlock()
		switch {
		case err == nil:
			send(Event{Type: EventDone, Payload: *done})
		case s.ctx.Err() != nil && !errors.Is(context.Cause(ctx), errShutdown):
			// The session closed: nobody is listening.
		default:
			var se *Error
			if !errors.As(err, &se) || se.Code == CodeInternal {
				s.e.cfg.Logger.Error("training run failed", "run", id, "err", err)
			}
			if se == nil {
				se = &Error{Code: CodeInternal, Err: err}
			}
			send(Event{Type: EventError, Payload: se})
		}
	}

	select {
	case s.e.slots <- struct{}{}:
		defer func() { <-s.e.slots }()
	case <-ctx.Done():
		if errors.Is(context.Cause(ctx), ErrStopped) {
			finish(nil, &Done{Stopped: true, Progress: Progress{Epochs: spec.Model.Settings.Int("epochs"), Metrics: noMetrics()}}, nil)
			return
		}
		finish(nil, nil, runError(ctx, context.Cause(ctx)))
		return
	}
	opt := RunOptions{ProgressEvery: s.e.cfg.ProgressEvery, Plots: true, PlotEvery: s.e.cfg.PlotEvery}
	model, done, err := Train(ctx, s.e.catalog, spec, opt, send)
	if err != nil {
		finish(nil, nil, err)
		return
	}
	finish(model, &done, nil)
}

// Stop ends the run with the given id early: it ends with a Done whose
// Stopped is set. Stopping a run that has ended sends its Done again.
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
	if !isClosed(r.ended) || r.model == nil {
		return nil, errorf(CodeNotReady, "run", map[string]any{"run": id})
	}
	return r.model, nil
}

// Close stops every run of the session and waits for them to end. Their
// events are no longer sent.
func (s *Session) Close() {
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
