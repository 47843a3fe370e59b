package sandbox

import (
	"sync"
)

// Watchers get a class's live events without ever holding up the engine:
// an event is put in the watcher's own queue, and the watcher's goroutine
// calls its function with one event at a time, in order. A slow function
// only makes its own queue longer, and the queue stays short:
//
//   - events that describe a state (a student's state, the class's state,
//     a run's place in the queue) replace the same kind of event still
//     waiting in the queue, so only the latest is delivered;
//   - when more than watchQueue events are waiting all the same, they are
//     dropped and replaced by one ClassEventResync, which tells the
//     watcher to fetch a fresh snapshot (Class.View, Student.Class).

// watchQueue is how many events may wait for a watcher: a class of 40
// students each finishing a run and answering at once makes about 120.
const watchQueue = 256

// watchers is a set of watchers of one class or one student.
type watchers struct {
	mu  sync.Mutex
	set map[*watcher]struct{}
}

// watcher is one function watching.
type watcher struct {
	fn    func(ClassEvent)
	wake  chan struct{} // has an element when the queue may be non-empty
	quit  chan struct{} // closed by stop
	once  sync.Once
	mu    sync.Mutex
	queue []queuedEvent
}

type queuedEvent struct {
	ev  ClassEvent
	key string // events with the same non-empty key replace each other
}

// add starts a watcher calling fn; its goroutine ends when stop is called
// or done is closed.
func (ws *watchers) add(fn func(ClassEvent), done <-chan struct{}) *watcher {
	w := &watcher{fn: fn, wake: make(chan struct{}, 1), quit: make(chan struct{})}
	ws.mu.Lock()
	if ws.set == nil {
		ws.set = make(map[*watcher]struct{})
	}
	ws.set[w] = struct{}{}
	ws.mu.Unlock()
	go w.loop(done)
	return w
}

// remove stops w and reports whether it was still watching.
func (ws *watchers) remove(w *watcher) bool {
	ws.mu.Lock()
	_, ok := ws.set[w]
	delete(ws.set, w)
	ws.mu.Unlock()
	w.once.Do(func() { close(w.quit) })
	return ok
}

// count is how many watchers there are.
func (ws *watchers) count() int {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return len(ws.set)
}

// send queues ev for every watcher; it never blocks.
func (ws *watchers) send(ev ClassEvent, key string) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for w := range ws.set {
		w.push(ev, key)
	}
}

// push queues ev, replacing a waiting event with the same key.
func (w *watcher) push(ev ClassEvent, key string) {
	w.mu.Lock()
	replaced := false
	if key != "" {
		for i := range w.queue {
			if w.queue[i].key == key {
				w.queue[i].ev = ev
				replaced = true
				break
			}
		}
	}
	if !replaced {
		if len(w.queue) >= watchQueue {
			w.queue = append(w.queue[:0], queuedEvent{ev: ClassEvent{Type: ClassEventResync}})
		} else {
			w.queue = append(w.queue, queuedEvent{ev: ev, key: key})
		}
	}
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// loop delivers the queue until stop.
func (w *watcher) loop(done <-chan struct{}) {
	for {
		select {
		case <-w.quit:
			return
		case <-done:
			return
		case <-w.wake:
		}
		for {
			w.mu.Lock()
			if len(w.queue) == 0 {
				w.mu.Unlock()
				break
			}
			ev := w.queue[0].ev
			w.queue[0] = queuedEvent{}
			w.queue = w.queue[1:]
			w.mu.Unlock()
			select {
			case <-w.quit:
				return
			default:
			}
			w.fn(ev)
		}
	}
}
