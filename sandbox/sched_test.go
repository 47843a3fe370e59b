package sandbox

import (
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// simulate submits jobs to a scheduler with max slots in the order given
// (one letter per job, the letter naming its student), then repeatedly
// ends the job that started first, and returns the students in the order
// their jobs started.
func simulate(t *testing.T, max int, jobs string) string {
	t.Helper()
	s := newScheduler(max)
	owners := map[rune]*owner{}
	type job struct {
		who rune
		t   *ticket
	}
	var waiting []job
	for _, who := range jobs {
		if owners[who] == nil {
			owners[who] = &owner{}
		}
		waiting = append(waiting, job{who, s.enqueue(owners[who])})
	}
	var order strings.Builder
	var running []job
	for len(waiting) > 0 || len(running) > 0 {
		// Collect the jobs that started since the last change.
		for i := 0; i < len(waiting); {
			if isClosed(waiting[i].t.start) {
				running = append(running, waiting[i])
				order.WriteRune(waiting[i].who)
				waiting = slices.Delete(waiting, i, i+1)
				continue
			}
			i++
		}
		if len(running) > max {
			t.Fatalf("%d jobs running with %d slots", len(running), max)
		}
		who := map[rune]bool{}
		for _, j := range running {
			if who[j.who] {
				t.Fatalf("student %c has two jobs running", j.who)
			}
			who[j.who] = true
		}
		if len(running) == 0 {
			t.Fatalf("nothing runs, %d jobs wait", len(waiting))
		}
		s.release(running[0].t)
		running = running[1:]
	}
	return order.String()
}

func TestSchedFairness(t *testing.T) {
	cases := []struct {
		name string
		max  int
		jobs string // submitted in this order; a letter is a student
		want string // the order they start in
	}{
		// The case: A queues five jobs, then B one. B goes second,
		// before A's second, though A submitted first.
		{"one student many, another one", 1, "AAAAAB", "ABAAAA"},
		{"three students take turns", 1, "AAABBC", "ABCABA"},
		{"interleaved submissions", 1, "ABABAB", "ABABAB"},
		// Two slots: A and B start at once; when A's ends C, who has not
		// had a turn, goes before A's second.
		{"two slots", 2, "AAABC", "ABCAA"},
		// One job per student at once: a second slot stays free rather
		// than run two of A's.
		{"one student, two slots", 2, "AAA", "AAA"},
		{"more slots than students", 4, "AABBCC", "ABCABC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := simulate(t, c.max, c.jobs); got != c.want {
				t.Errorf("jobs %s with %d slots started %s, want %s", c.jobs, c.max, got, c.want)
			}
		})
	}
}

func TestSchedMaxConcurrent(t *testing.T) {
	for _, max := range []int{1, 2, 3} {
		s := newScheduler(max)
		var ts []*ticket
		for range 5 {
			ts = append(ts, s.enqueue(&owner{}))
		}
		started := func() int {
			n := 0
			for _, t := range ts {
				if isClosed(t.start) {
					n++
				}
			}
			return n
		}
		if n := started(); n != max {
			t.Errorf("%d slots, 5 students: %d started, want %d", max, n, max)
		}
		s.release(ts[0])
		if n, want := started(), min(max+1, 5); n != want {
			t.Errorf("%d slots, one released: %d started in all, want %d", max, n, want)
		}
	}
}

// places returns the last place told to each ticket (zero if none).
func places(ts ...*ticket) []Queued {
	out := make([]Queued, len(ts))
	for i, t := range ts {
		select {
		case q := <-t.pos:
			t.pos <- q // leave it for the next look
			out[i] = q
		default:
			out[i] = t.sent
		}
	}
	return out
}

func TestSchedQueuePositions(t *testing.T) {
	s := newScheduler(1)
	a, b, c := &owner{}, &owner{}, &owner{}
	a1 := s.enqueue(a)
	a2, a3 := s.enqueue(a), s.enqueue(a)
	b1 := s.enqueue(b)
	c1 := s.enqueue(c)
	if !isClosed(a1.start) {
		t.Fatal("the first job did not start")
	}
	// B and C have not had a turn: their first jobs come before A's second.
	want := []Queued{{Position: 3}, {Position: 4}, {Position: 1}, {Position: 2}}
	if got := places(a2, a3, b1, c1); !slices.Equal(got, want) {
		t.Errorf("places of a2 a3 b1 c1 = %v, want %v", got, want)
	}
	if !s.cancel(b1) {
		t.Fatal("cancelling a waiting job failed")
	}
	want = []Queued{{Position: 2}, {Position: 3}, {}, {Position: 1}}
	if got := places(a2, a3, b1, c1); !slices.Equal(got[:2], want[:2]) || got[3] != want[3] {
		t.Errorf("after cancelling b1: places %v, want %v", got, want)
	}
	s.release(a1)
	if !isClosed(c1.start) || isClosed(a2.start) {
		t.Fatal("after a1 ended, c1 should start, not a2")
	}
	if got := places(a2, a3); !slices.Equal(got, []Queued{{Position: 1}, {Position: 2}}) {
		t.Errorf("after c1 started: places %v, want 1, 2", got)
	}
	if s.cancel(c1) {
		t.Error("cancel reported a started job as waiting")
	}
}

func TestSchedPauseHoldsAClass(t *testing.T) {
	s := newScheduler(1)
	h := &hold{}
	x, p, q := &owner{}, &owner{hold: h}, &owner{}
	x1 := s.enqueue(x)
	p1 := s.enqueue(p)
	q1 := s.enqueue(q)
	s.setPaused(h, true)
	// p1 was first in line; paused, it no longer counts in q1's place, and
	// keeps the place it would have.
	if got := places(p1, q1); !slices.Equal(got, []Queued{{Position: 1, Paused: true}, {Position: 1}}) {
		t.Errorf("paused: places %v", got)
	}
	s.release(x1)
	if isClosed(p1.start) || !isClosed(q1.start) {
		t.Fatal("with p's class paused, q1 should start and p1 wait")
	}
	s.release(q1)
	if isClosed(p1.start) {
		t.Fatal("a paused job started with a free slot")
	}
	s.setPaused(h, false)
	if !isClosed(p1.start) {
		t.Fatal("the resumed job did not start")
	}
}

// startLog records the order in which runs started, across sessions.
type startLog struct {
	mu    sync.Mutex
	order []string
	ends  chan Event
}

func (l *startLog) emit(who string) func(Event) {
	return func(ev Event) {
		switch ev.Type {
		case EventStarted:
			l.mu.Lock()
			l.order = append(l.order, who+ev.Run)
			l.mu.Unlock()
		case EventDone, EventError:
			l.ends <- ev
		}
	}
}

func quietEngine(cfg Config) *Engine {
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return New(cfg)
}

// waitEnd waits for a run's last event.
func waitEnd(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(60 * time.Second):
		t.Fatal("a run did not end within a minute")
	}
	return Event{}
}

func TestSchedFairnessBetweenSessions(t *testing.T) {
	e := quietEngine(Config{MaxConcurrent: 1, MaxRunsPerSession: 5})
	a, b := e.NewSession(), e.NewSession()
	defer a.Close()
	defer b.Close()
	log := &startLog{ends: make(chan Event, 6)}
	sp := e.Catalog().Defaults("mlp", "moons")
	sp.Model.Settings["epochs"] = 30
	for _, id := range []string{"1", "2", "3", "4", "5"} {
		if err := a.Train(id, sp, log.emit("A")); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Train("1", sp, log.emit("B")); err != nil {
		t.Fatal(err)
	}
	for range 6 {
		if ev := waitEnd(t, log.ends); ev.Type != EventDone {
			t.Fatalf("a run failed: %+v", ev.Payload)
		}
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	// A's first run may end before B's Train call, so B may start third,
	// never later.
	ib, ia3 := slices.Index(log.order, "B1"), slices.Index(log.order, "A3")
	if ib < 0 || ia3 < 0 || ib > ia3 {
		t.Errorf("start order %v: B's only run should start before A's third", log.order)
	}
}

// runEvents collects one run's events.
type runEvents struct {
	mu     sync.Mutex
	events []Event
	queued chan Queued
	first  chan struct{}
	once   sync.Once
	end    chan Event
}

func newRunEvents() *runEvents {
	return &runEvents{queued: make(chan Queued, 16), first: make(chan struct{}), end: make(chan Event, 1)}
}

func (r *runEvents) emit(ev Event) {
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	switch ev.Type {
	case EventQueued:
		r.queued <- ev.Payload.(Queued)
	case EventProgress:
		r.once.Do(func() { close(r.first) })
	case EventDone, EventError:
		r.end <- ev
	}
}

func (r *runEvents) types() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, ev := range r.events {
		if ev.Type != EventProgress && (len(out) == 0 || out[len(out)-1] != ev.Type) {
			out = append(out, ev.Type)
		}
	}
	return out
}

func waitQueued(t *testing.T, r *runEvents, want Queued) {
	t.Helper()
	select {
	case q := <-r.queued:
		if q != want {
			t.Fatalf("queued %+v, want %+v", q, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no queued event; want %+v", want)
	}
}

func TestSchedQueuedEventsAndCancelWhileQueued(t *testing.T) {
	e := quietEngine(Config{MaxConcurrent: 1, ProgressEvery: time.Millisecond})
	s1, s2, s3 := e.NewSession(), e.NewSession(), e.NewSession()
	defer s1.Close()
	defer s2.Close()
	defer s3.Close()
	long := e.Catalog().Defaults("mlp", "moons")
	long.Model.Settings["epochs"] = 2000
	short := e.Catalog().Defaults("mlp", "moons")
	short.Model.Settings["epochs"] = 5

	r1, r2, r3 := newRunEvents(), newRunEvents(), newRunEvents()
	if err := s1.Train("r", long, r1.emit); err != nil {
		t.Fatal(err)
	}
	<-r1.first
	if err := s2.Train("r", short, r2.emit); err != nil {
		t.Fatal(err)
	}
	waitQueued(t, r2, Queued{Position: 1})
	if err := s3.Train("r", short, r3.emit); err != nil {
		t.Fatal(err)
	}
	waitQueued(t, r3, Queued{Position: 2})
	if got := s2.Runs(); len(got) != 1 || got[0].Status != RunQueued {
		t.Errorf("s2's runs: %+v, want one queued", got)
	}

	// Stopping a waiting run ends it at once, stopped, never started; the
	// run behind it moves up.
	if err := s2.Stop("r", r2.emit); err != nil {
		t.Fatal(err)
	}
	end := waitEnd(t, r2.end)
	if d, ok := end.Payload.(Done); !ok || !d.Stopped || d.Epoch != 0 {
		t.Fatalf("a run stopped while queued ended with %+v", end.Payload)
	}
	if got := r2.types(); !slices.Equal(got, []string{EventQueued, EventDone}) {
		t.Errorf("the stopped queued run sent %v", got)
	}
	waitQueued(t, r3, Queued{Position: 1})

	if err := s1.Stop("r", r1.emit); err != nil {
		t.Fatal(err)
	}
	waitEnd(t, r1.end)
	if ev := waitEnd(t, r3.end); ev.Type != EventDone {
		t.Fatalf("the last run ended with %+v", ev.Payload)
	}
	if got := r3.types(); !slices.Equal(got, []string{EventQueued, EventStarted, EventDone}) {
		t.Errorf("the queued run sent %v, want queued, started, done", got)
	}
	if got := r1.types(); got[0] != EventStarted {
		t.Errorf("a run that started at once sent %v first", got[0])
	}
}

func TestSchedLimits(t *testing.T) {
	cases := []struct {
		name   string
		cfg    Config
		change func(*TrainSpec)
		code   string // refused by Train with this code
		ended  string // or ended with this code
		limit  any
	}{
		{"epochs", Config{MaxEpochs: 100}, func(s *TrainSpec) { s.Model.Settings["epochs"] = 101 }, CodeLimitEpochs, "", 100},
		{"epochs at the limit", Config{MaxEpochs: 100}, func(s *TrainSpec) { s.Model.Settings["epochs"] = 100 }, "", "", nil},
		{"rows", Config{MaxRows: 500}, func(s *TrainSpec) { s.Dataset.N = 501 }, CodeLimitRows, "", 500},
		// The default 2-16-16-2 network on moons has 2·16+16+16·16+16+16·2+2
		// = 354 parameters.
		{"params", Config{MaxParams: 353}, func(*TrainSpec) {}, "", CodeLimitParams, 353},
		{"params at the limit", Config{MaxParams: 354}, func(*TrainSpec) {}, "", "", nil},
		// 2,000 epochs on 5,000 points take about ten seconds of a core
		// (BENCHMARKS.md): far beyond 300 ms.
		{"wall time", Config{MaxWall: 300 * time.Millisecond}, func(s *TrainSpec) {
			s.Model.Settings["epochs"], s.Dataset.N = 2000, 5000
		}, "", CodeLimitTime, 0.3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := quietEngine(c.cfg)
			s := e.NewSession()
			defer s.Close()
			sp := e.Catalog().Defaults("mlp", "moons")
			sp.Model.Settings["epochs"] = 20
			c.change(&sp)
			r := newRunEvents()
			err := s.Train("r", sp, r.emit)
			var se *Error
			if c.code != "" {
				if !errors.As(err, &se) || se.Code != c.code || se.Params["limit"] != c.limit {
					t.Fatalf("Train: %v, want %s with limit %v", err, c.code, c.limit)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			end := waitEnd(t, r.end)
			if c.ended == "" {
				if end.Type != EventDone {
					t.Fatalf("ended with %+v, want done", end.Payload)
				}
				return
			}
			se, ok := end.Payload.(*Error)
			if !ok || se.Code != c.ended || se.Params["limit"] != c.limit {
				t.Fatalf("ended with %+v, want %s with limit %v", end.Payload, c.ended, c.limit)
			}
			if c.ended == CodeLimitParams {
				if se.Params["params"] != 354 {
					t.Errorf("params = %v, want 354", se.Params["params"])
				}
				if got := r.types(); slices.Contains(got, EventStarted) {
					t.Errorf("a refused model still reported %v", got)
				}
			}
			if c.ended == CodeLimitTime {
				// What it learned in its time is kept for predictions.
				if _, err := s.Predict("r", [][]float64{{0, 0}}); err != nil {
					t.Errorf("predict after the time limit: %v", err)
				}
				if got := s.Runs(); len(got) != 1 || got[0].Status != RunFailed || got[0].Err.Code != CodeLimitTime {
					t.Errorf("runs: %+v", got)
				}
			}
		})
	}
}

func TestSchedDefaultsFitEveryDefaultSpec(t *testing.T) {
	e := New(Config{})
	for _, m := range e.Catalog().Models {
		for _, d := range e.Catalog().Datasets {
			sp := e.Catalog().Defaults(m.Name, d.Name)
			if e.Catalog().Validate(sp) != nil {
				continue
			}
			if err := e.checkLimits(sp); err != nil {
				t.Errorf("%s on %s: the default spec passes a default limit: %v", m.Name, d.Name, err)
			}
		}
	}
}

func TestSchedFollowAfterReconnect(t *testing.T) {
	e := quietEngine(Config{ProgressEvery: time.Millisecond})
	s := e.NewSession()
	defer s.Close()
	old, fresh := newRunEvents(), newRunEvents()
	sp := e.Catalog().Defaults("mlp", "moons")
	sp.Model.Settings["epochs"] = 2000
	if err := s.Train("r", sp, old.emit); err != nil {
		t.Fatal(err)
	}
	<-old.first
	if err := s.Follow("r", fresh.emit); err != nil {
		t.Fatal(err)
	}
	if err := s.Stop("r", fresh.emit); err != nil {
		t.Fatal(err)
	}
	if ev := waitEnd(t, fresh.end); ev.Type != EventDone {
		t.Fatalf("the new follower got %+v", ev.Payload)
	}
	select {
	case ev := <-old.end:
		t.Errorf("the old connection still got %s", ev.Type)
	default:
	}
	// Following an ended run repeats its end.
	again := newRunEvents()
	if err := s.Follow("r", again.emit); err != nil {
		t.Fatal(err)
	}
	if ev := waitEnd(t, again.end); ev.Type != EventDone {
		t.Errorf("following an ended run gave %+v", ev)
	}
	if err := s.Follow("nope", again.emit); ErrorCode(err) != CodeUnknownRun {
		t.Errorf("following an unknown run: %v", err)
	}
}
