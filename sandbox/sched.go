package sandbox

import (
	"cmp"
	"slices"
	"sync"
)

// The scheduler shares the machine between students. Rules:
//
//   - At most Config.MaxConcurrent runs train at once, and at most one run
//     of each student (a Session outside a class is a student of its own).
//   - When a slot frees up, the waiting run that starts is the first one
//     of the student whose last turn is the oldest (a student who has not
//     trained yet comes first), ties going to the run queued earliest. So
//     students take turns, round-robin: a student with ten runs queued
//     delays another student's first run by at most one turn, whatever
//     the order they were submitted in.
//   - A class's pause holds its students' waiting runs where they are (they
//     keep their place and start after the resume) and starts none of them.
//   - A waiting run is told its place (Queued) whenever the place changes.

// EventQueued is the type of the event a run sends while it waits for its
// turn, each time its place in the queue changes; its Payload is a Queued.
// A run that starts at once sends none. It comes before EventStarted.
const EventQueued = "queued"

// Queued tells a waiting run its place in the queue.
type Queued struct {
	// Position is the run's place: 1 = the next to start, counting only
	// runs that may start (runs of paused classes do not count).
	Position int
	// Paused is set when the run's class is paused: it will not start
	// before the teacher resumes training. Position is then the place it
	// would have if the class resumed now.
	Paused bool
}

// scheduler hands out the training slots. Its methods are safe for
// concurrent use; it calls nothing outside itself while holding mu.
type scheduler struct {
	mu      sync.Mutex
	max     int             // slots
	running int             // slots taken
	turn    uint64          // turns handed out so far
	seq     uint64          // tickets issued so far
	waiting map[*owner]bool // owners with at least one waiting ticket
}

// owner is one student as the scheduler sees them. Its fields are guarded
// by scheduler.mu.
type owner struct {
	hold     *hold     // the class's pause; nil outside a class
	running  bool      // one of its runs holds a slot
	lastTurn uint64    // the turn its last run started on; 0 = never
	queue    []*ticket // waiting runs, oldest first
}

// hold is a class's pause switch, shared by its students' owners; guarded
// by scheduler.mu.
type hold struct{ paused bool }

func (o *owner) held() bool { return o.hold != nil && o.hold.paused }

// ticket is one run's place in the queue.
type ticket struct {
	o     *owner
	seq   uint64
	start chan struct{} // closed when the run may train
	// pos carries the latest place to the run's goroutine: the scheduler
	// replaces a place not yet read, so sending never blocks.
	pos   chan Queued
	sent  Queued // the last place put in pos
	state ticketState
}

type ticketState int

const (
	ticketWaiting ticketState = iota
	ticketGranted             // holds a slot until release
	ticketGone                // cancelled while waiting
)

func newScheduler(max int) *scheduler {
	return &scheduler{max: max, waiting: make(map[*owner]bool)}
}

// enqueue queues a run of o and starts runs that may start. The returned
// ticket's start channel is closed when the run may train.
func (s *scheduler) enqueue(o *owner) *ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	t := &ticket{o: o, seq: s.seq, start: make(chan struct{}), pos: make(chan Queued, 1)}
	o.queue = append(o.queue, t)
	s.waiting[o] = true
	s.dispatch()
	return t
}

// cancel takes a waiting ticket out of the queue and reports true; it
// reports false when the ticket was granted a slot meanwhile (the caller
// must then release it).
func (s *scheduler) cancel(t *ticket) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.state != ticketWaiting {
		return false
	}
	t.state = ticketGone
	o := t.o
	o.queue = slices.DeleteFunc(o.queue, func(x *ticket) bool { return x == t })
	if len(o.queue) == 0 {
		delete(s.waiting, o)
	}
	s.dispatch()
	return true
}

// release gives back the slot of a granted ticket; it does nothing for a
// ticket that holds none.
func (s *scheduler) release(t *ticket) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.state != ticketGranted {
		return
	}
	t.state = ticketGone
	t.o.running = false
	s.running--
	s.dispatch()
}

// setPaused pauses or resumes the runs of every owner sharing h.
func (s *scheduler) setPaused(h *hold, paused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h.paused = paused
	s.dispatch()
}

// isPaused reports h's state.
func (s *scheduler) isPaused(h *hold) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return h.paused
}

// before reports whether owner a's next run goes before b's: the older
// last turn first, then the run queued first.
func before(a, b *owner) int {
	return cmp.Or(cmp.Compare(a.lastTurn, b.lastTurn), cmp.Compare(a.queue[0].seq, b.queue[0].seq))
}

// dispatch starts runs while slots are free, then tells every waiting run
// its place. s.mu must be held.
func (s *scheduler) dispatch() {
	for s.running < s.max {
		var next *owner
		for o := range s.waiting {
			if o.running || o.held() {
				continue
			}
			if next == nil || before(o, next) < 0 {
				next = o
			}
		}
		if next == nil {
			break
		}
		t := next.queue[0]
		next.queue = next.queue[1:]
		if len(next.queue) == 0 {
			delete(s.waiting, next)
		}
		s.turn++
		next.lastTurn = s.turn
		next.running = true
		s.running++
		t.state = ticketGranted
		close(t.start)
	}
	s.place()
}

// place computes where every waiting run stands and sends the places that
// changed. The order is what dispatch would do if nothing else happened:
// in turn order, each owner's first run, then each one's second, and so
// on. Runs of a paused class get the place they would have without the
// pause; they do not count in the places of the others. s.mu must be held.
func (s *scheduler) place() {
	owners := make([]*owner, 0, len(s.waiting))
	for o := range s.waiting {
		owners = append(owners, o)
	}
	slices.SortFunc(owners, before)
	for _, paused := range []bool{false, true} {
		n := 0
		for round := 0; ; round++ {
			more := false
			for _, o := range owners {
				if round >= len(o.queue) {
					continue
				}
				more = true
				if !paused && o.held() {
					continue
				}
				n++
				if o.held() == paused {
					o.queue[round].tell(Queued{Position: n, Paused: paused})
				}
			}
			if !more {
				break
			}
		}
	}
}

// tell puts q in t.pos unless it is the place last sent. It never blocks:
// only the scheduler sends on pos, under its lock, and it first takes out
// a place the run has not read yet.
func (t *ticket) tell(q Queued) {
	if q == t.sent {
		return
	}
	t.sent = q
	select {
	case <-t.pos:
	default:
	}
	t.pos <- q
}
