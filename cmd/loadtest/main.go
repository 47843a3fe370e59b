// Command loadtest plays a whole class against an AI Sandbox server: a
// teacher opens a class, N students join it by its code over their own
// websockets, and at one moment every student trains an MLP on two moons
// (the page's defaults: 1,000 points, hidden layers 16,16, 200 epochs).
// It reports how long until every run was done, how long runs waited in
// the queue, the gaps between a student's progress events, the errors
// (there should be none) and, for a server it starts itself, the peak of
// the server's memory.
//
//	loadtest [-students 40] [-addr HOST:PORT] [-timeout 5m] [-password PW]
//
// Without -addr it starts a server in this process, on a loopback port,
// with an SQLite store in a temporary directory, as `aisandbox serve` does.
// With -addr it plays against a running server (its memory is not
// measured then); the class it opens is ended, and so deleted, at the end.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gorilla/websocket"

	"github.com/aisandbox/aisandbox/sandbox"
	"github.com/aisandbox/aisandbox/sqlstore"
	"github.com/aisandbox/aisandbox/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	rep, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
	if rep.Errors > 0 || rep.Finished < rep.Students {
		os.Exit(2)
	}
}

// config is what the flags chose.
type config struct {
	students int
	addr     string // "" = start a server here
	timeout  time.Duration
	password string
}

// sampleEvery is how often the server's memory is read: often enough to
// catch a peak that lasts a few runs (a run takes about 0.25 s, BENCHMARKS.md).
const sampleEvery = 10 * time.Millisecond

// maxErrorsShown is how many errors the report spells out.
const maxErrorsShown = 10

// report is what one load test measured.
type report struct {
	Students int
	Finished int // runs that ended with done, not stopped
	// Errors counts what went wrong: a student's or the teacher's
	// connection failing or answered with an error, a run not done, and
	// each warning or error the server logged (when it runs here).
	Errors int
	// FirstErrors are the first few errors, for the person reading.
	FirstErrors []string
	// ServerLog is how many warnings and errors the server logged; 0
	// when it does not run in this process.
	ServerLog int

	Join     time.Duration // from the first dial until every student joined
	AllDone  time.Duration // from the moment all trained until the last done
	Progress int           // progress messages the students received
	Queued   int           // queued messages the students received
	Teacher  int           // class events the teacher received
	// Gaps are the delays between a student's successive progress events
	// (all students together), QueueWaits each run's wait from its train
	// message to its started, RunTimes from started to done; sorted.
	Gaps, QueueWaits, RunTimes []time.Duration

	// Memory is set when the server ran in this process: the peaks of
	// runtime/metrics samples, in bytes.
	Memory *memoryPeaks
	// LoadBefore and LoadAfter are the machine's 1-minute load averages
	// (/proc/loadavg); NaN where unknown.
	LoadBefore, LoadAfter float64
	CPUs                  int
}

// memoryPeaks are the highest values seen of three runtime/metrics.
type memoryPeaks struct {
	HeapObjects uint64 // /memory/classes/heap/objects:bytes: live and not yet swept objects
	HeapLive    uint64 // /gc/heap/live:bytes: heap marked live by the last GC
	Total       uint64 // /memory/classes/total:bytes: all memory the Go runtime mapped
	// CPU is the CPU time, user and system, this process used while the
	// class played, in seconds (getrusage; NaN where unknown): what the
	// work cost, whatever else the machine was doing.
	CPU float64
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (*report, error) {
	var cfg config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.students, "students", 40, "how many students join and train at once")
	fs.StringVar(&cfg.addr, "addr", "", "`HOST:PORT` of a running server; empty = start one in this process on loopback")
	fs.DurationVar(&cfg.timeout, "timeout", 5*time.Minute, "give up after this long")
	fs.StringVar(&cfg.password, "password", "", "the server's teacher password, if it has one")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("loadtest: unexpected argument %q", fs.Arg(0))
	}
	if cfg.students < 1 || cfg.students > 500 {
		// 500: the largest class the engine opens.
		return nil, fmt.Errorf("loadtest: -students %d: choose 1 to 500", cfg.students)
	}
	if cfg.timeout <= 0 {
		return nil, fmt.Errorf("loadtest: -timeout %v: must be positive", cfg.timeout)
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	rep := &report{Students: cfg.students, CPUs: runtime.NumCPU(), LoadBefore: loadAverage()}
	addr := cfg.addr
	var stopServer func() (*memoryPeaks, []string)
	if addr == "" {
		a, stop, err := startServer(ctx, cfg.students)
		if err != nil {
			return nil, err
		}
		addr, stopServer = a, stop
	}
	err := playClass(ctx, addr, cfg, rep)
	if stopServer != nil {
		var logged []string
		rep.Memory, logged = stopServer()
		rep.ServerLog = len(logged)
		for _, l := range logged {
			rep.Errors++
			if len(rep.FirstErrors) < maxErrorsShown {
				rep.FirstErrors = append(rep.FirstErrors, "server log: "+l)
			}
		}
	}
	rep.LoadAfter = loadAverage()
	if err != nil {
		return rep, fmt.Errorf("loadtest: %w", err)
	}
	rep.print(stdout)
	return rep, nil
}

// startServer starts a server as `aisandbox serve` does, on a loopback
// port of an httptest server, with its store in a temporary directory,
// and samples its memory until stop is called; stop shuts everything
// down and returns the peaks.
func startServer(ctx context.Context, students int) (addr string, stop func() (*memoryPeaks, []string), err error) {
	dir, err := os.MkdirTemp("", "aisandbox-loadtest-")
	if err != nil {
		return "", nil, fmt.Errorf("loadtest: %w", err)
	}
	store, err := sqlstore.Open(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("loadtest: %w", err)
	}
	logs := &warnings{}
	log := slog.New(logs)
	engine := sandbox.New(sandbox.Config{Store: store, MaxStudents: students, Logger: log})
	shutdown := func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		engine.Shutdown(sctx)
		store.Close()
		os.RemoveAll(dir)
	}
	if err := engine.Restore(ctx); err != nil {
		shutdown()
		return "", nil, fmt.Errorf("loadtest: %w", err)
	}
	srv, err := web.New(engine, web.Options{Logger: log})
	if err != nil {
		shutdown()
		return "", nil, fmt.Errorf("loadtest: %w", err)
	}
	hs := httptest.NewServer(srv)
	sampler := newSampler()
	return strings.TrimPrefix(hs.URL, "http://"), func() (*memoryPeaks, []string) {
		peaks := sampler.stop()
		srv.CloseConnections()
		hs.Close()
		shutdown()
		return peaks, logs.all()
	}, nil
}

// warnings is the in-process server's log: it keeps the records of level
// Warn and above, each one an error of the load test, and drops the rest.
type warnings struct {
	mu      sync.Mutex
	records []string
}

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.String())
		return true
	})
	w.mu.Lock()
	w.records = append(w.records, b.String())
	w.mu.Unlock()
	return nil
}

// WithAttrs and WithGroup keep the handler as it is: the records' own
// attributes say enough.
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnings) WithGroup(string) slog.Handler      { return w }

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.records)
}

// sampler reads the process's memory metrics every sampleEvery and keeps
// their peaks.
type sampler struct {
	done  chan struct{}
	ended chan struct{}
	cpu0  float64 // cpuSeconds at the start
	peaks memoryPeaks
}

func newSampler() *sampler {
	s := &sampler{done: make(chan struct{}), ended: make(chan struct{}), cpu0: cpuSeconds()}
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
	}
	read := func() {
		metrics.Read(samples)
		for i, p := range []*uint64{&s.peaks.HeapObjects, &s.peaks.HeapLive, &s.peaks.Total} {
			if samples[i].Value.Kind() == metrics.KindUint64 {
				*p = max(*p, samples[i].Value.Uint64())
			}
		}
	}
	go func() {
		defer close(s.ended)
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			read()
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *sampler) stop() *memoryPeaks {
	close(s.done)
	<-s.ended
	p := s.peaks
	p.CPU = cpuSeconds() - s.cpu0
	return &p
}

// message is what the load test reads of a server message.
type message struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Stopped bool   `json:"stopped"`
	Secret  string `json:"secret"`
	Token   string `json:"token"`
	Class   *struct {
		Code string `json:"code"`
	} `json:"class"`
}

// conn is one websocket connection of the load test.
type conn struct {
	ws *websocket.Conn
}

func dial(ctx context.Context, addr string) (*conn, error) {
	u := url.URL{Scheme: "ws", Host: addr, Path: "/ws", RawQuery: "lang=en"}
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second}
	ws, _, err := d.DialContext(ctx, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", u.String(), err)
	}
	if dl, ok := ctx.Deadline(); ok {
		ws.SetReadDeadline(dl)
	}
	return &conn{ws: ws}, nil
}

// close says goodbye as a browser leaving the page does, then closes.
func (c *conn) close() {
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
	c.ws.Close()
}

func (c *conn) send(v any) error {
	if err := c.ws.WriteJSON(v); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// read reads the next message.
func (c *conn) read() (message, error) {
	_, data, err := c.ws.ReadMessage()
	if err != nil {
		return message{}, fmt.Errorf("read: %w", err)
	}
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return message{}, fmt.Errorf("read: %w", err)
	}
	return m, nil
}

// await reads until the answer to id of type want; an error message for id
// fails.
func (c *conn) await(id, want string) (message, error) {
	for {
		m, err := c.read()
		if err != nil {
			return m, err
		}
		if m.ID != id {
			continue
		}
		switch m.Type {
		case want:
			return m, nil
		case "error":
			return m, fmt.Errorf("%s answered with error %s: %s", id, m.Code, m.Message)
		}
	}
}

// studentResult is what one student measured.
type studentResult struct {
	joinedAt  time.Time
	gaps      []time.Duration
	wait, ran time.Duration
	progress  int
	queued    int
	done      time.Time
	ok        bool
	err       error
}

// playClass opens a class, lets the students join and train, and fills
// rep.
func playClass(ctx context.Context, addr string, cfg config, rep *report) error {
	teacher, err := dial(ctx, addr)
	if err != nil {
		return err
	}
	defer teacher.close()
	open := map[string]any{"type": "open_class", "id": "open", "title": "load test", "max_students": cfg.students}
	if cfg.password != "" {
		open["password"] = cfg.password
	}
	if err := teacher.send(open); err != nil {
		return err
	}
	opened, err := teacher.await("open", "class_opened")
	if err != nil {
		return fmt.Errorf("opening the class: %w", err)
	}
	if opened.Class == nil || opened.Class.Code == "" {
		return errors.New("opening the class: class_opened has no class code")
	}
	code := opened.Class.Code

	// The teacher's page reads every class event while the class works,
	// until the class ends.
	type teacherEnd struct {
		events int
		err    error
	}
	teacherDone := make(chan teacherEnd, 1)
	go func() {
		events := 0
		for {
			m, err := teacher.read()
			if err != nil {
				teacherDone <- teacherEnd{events, err}
				return
			}
			switch m.Type {
			case "class_event":
				events++
			case "acted":
				if m.ID == "end" {
					teacherDone <- teacherEnd{events, nil}
					return
				}
			case "error":
				teacherDone <- teacherEnd{events, fmt.Errorf("error %s: %s", m.Code, m.Message)}
				return
			}
		}
	}()

	results := make([]studentResult, cfg.students)
	var joined sync.WaitGroup
	joined.Add(cfg.students)
	train := make(chan struct{})
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = student(ctx, addr, code, i, &joined, train)
		}()
	}
	joined.Wait()
	trainAt := time.Now()
	rep.Join = trainAt.Sub(start)
	close(train)
	wg.Wait()

	var last time.Time
	for i, r := range results {
		if r.err != nil {
			rep.Errors++
			if len(rep.FirstErrors) < maxErrorsShown {
				rep.FirstErrors = append(rep.FirstErrors, fmt.Sprintf("student %d: %v", i+1, r.err))
			}
			continue
		}
		if r.ok {
			rep.Finished++
			last = later(last, r.done)
			rep.QueueWaits = append(rep.QueueWaits, r.wait)
			rep.RunTimes = append(rep.RunTimes, r.ran)
		}
		rep.Gaps = append(rep.Gaps, r.gaps...)
		rep.Progress += r.progress
		rep.Queued += r.queued
	}
	if !last.IsZero() {
		rep.AllDone = last.Sub(trainAt)
	}
	slices.Sort(rep.Gaps)
	slices.Sort(rep.QueueWaits)
	slices.Sort(rep.RunTimes)

	// End the class, which deletes its data.
	if err := teacher.send(map[string]any{"type": "act", "id": "end", "action": map[string]any{"type": "end"}}); err != nil {
		return err
	}
	// The teacher's read fails at the deadline at the latest.
	end := <-teacherDone
	rep.Teacher = end.events
	if end.err != nil {
		rep.Errors++
		rep.FirstErrors = append(rep.FirstErrors, "teacher: "+end.err.Error())
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// student joins the class as student i, waits until train is closed,
// trains the page's default MLP on two moons and reads until its done.
func student(ctx context.Context, addr, code string, i int, joined *sync.WaitGroup, train <-chan struct{}) (r studentResult) {
	once := sync.OnceFunc(joined.Done)
	defer once()
	c, err := dial(ctx, addr)
	if err != nil {
		r.err = err
		return r
	}
	defer c.close()
	if err := c.send(map[string]any{"type": "join", "id": "join", "code": code, "nickname": fmt.Sprintf("student %02d", i+1)}); err != nil {
		r.err = err
		return r
	}
	if _, err := c.await("join", "joined"); err != nil {
		r.err = fmt.Errorf("joining: %w", err)
		return r
	}
	r.joinedAt = time.Now()
	once()
	select {
	case <-train:
	case <-ctx.Done():
		r.err = ctx.Err()
		return r
	}
	sent := time.Now()
	err = c.send(map[string]any{"type": "train", "id": "r1", "dataset": map[string]any{"name": "moons"}, "model": map[string]any{"name": "mlp"}})
	if err != nil {
		r.err = err
		return r
	}
	var started, lastProgress time.Time
	for {
		m, err := c.read()
		if err != nil {
			r.err = err
			return r
		}
		now := time.Now()
		switch {
		case m.Type == "queued":
			r.queued++
		case m.Type == "started" && m.ID == "r1":
			started = now
			r.wait = now.Sub(sent)
		case m.Type == "progress" && m.ID == "r1":
			if !lastProgress.IsZero() {
				r.gaps = append(r.gaps, now.Sub(lastProgress))
			}
			lastProgress = now
			r.progress++
		case m.Type == "done" && m.ID == "r1":
			if started.IsZero() {
				r.err = errors.New("done before started")
				return r
			}
			if m.Stopped {
				r.err = errors.New("the run was stopped")
				return r
			}
			r.done, r.ran, r.ok = now, now.Sub(started), true
			return r
		case m.Type == "error":
			r.err = fmt.Errorf("error %s: %s", m.Code, m.Message)
			return r
		case m.Type == "removed" || m.Type == "class_ended":
			r.err = fmt.Errorf("unexpected %s", m.Type)
			return r
		}
	}
}

// percentile is the nearest-rank p-th percentile (0 < p <= 100) of sorted
// durations: the smallest value with at least p% of the values at or below
// it. Zero for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// loadAverage is the machine's 1-minute load average, NaN where
// /proc/loadavg cannot be read.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return math.NaN()
	}
	var l float64
	if _, err := fmt.Sscan(string(b), &l); err != nil {
		return math.NaN()
	}
	return l
}

// print writes the report for people.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "%d students on %d CPUs (load average %.2f before, %.2f after)\n", r.Students, r.CPUs, r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(w, "joined:   all in %v\n", r.Join.Round(time.Millisecond))
	fmt.Fprintf(w, "finished: %d of %d, the last %v after all pressed Train\n", r.Finished, r.Students, r.AllDone.Round(time.Millisecond))
	line := func(name string, d []time.Duration) {
		fmt.Fprintf(w, "%-9s p50 %v, p95 %v, max %v (%d)\n", name+":", percentile(d, 50).Round(time.Millisecond),
			percentile(d, 95).Round(time.Millisecond), percentile(d, 100).Round(time.Millisecond), len(d))
	}
	line("queue", r.QueueWaits)
	line("run", r.RunTimes)
	line("gap", r.Gaps)
	fmt.Fprintf(w, "messages: %d progress, %d queued to students; %d class events to the teacher\n", r.Progress, r.Queued, r.Teacher)
	if m := r.Memory; m != nil {
		mb := func(b uint64) float64 { return float64(b) / (1 << 20) }
		fmt.Fprintf(w, "memory:   peak heap %.1f MiB (live after GC %.1f MiB), all Go memory %.1f MiB\n", mb(m.HeapObjects), mb(m.HeapLive), mb(m.Total))
		if !math.IsNaN(m.CPU) {
			fmt.Fprintf(w, "cpu:      %.1f s (user and system)\n", m.CPU)
		}
		fmt.Fprintln(w, "          (memory and CPU of this process: the server and the simulated browsers)")
	}
	fmt.Fprintf(w, "errors:   %d", r.Errors)
	if r.Memory != nil {
		fmt.Fprintf(w, " (%d of them in the server's log)", r.ServerLog)
	}
	fmt.Fprintln(w)
	for _, e := range r.FirstErrors {
		fmt.Fprintln(w, "  "+e)
	}
}
