package web_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aisandbox/aisandbox/sandbox"
)

// heapInUse returns the bytes of live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// BenchmarkIdleConnection measures what one open, idle websocket connection
// costs the server: the time to open it and the heap it keeps.
func BenchmarkIdleConnection(b *testing.B) {
	ts := startServer(b, sandbox.Config{})
	var conns []*wsClient
	before := heapInUse()
	for b.Loop() {
		c := dial(b, ts, "")
		c.send(map[string]any{"type": "models", "id": "m"}) // the page asks this first
		c.until("m", "models")
		conns = append(conns, c)
	}
	b.StopTimer()
	after := heapInUse()
	b.ReportMetric(float64(after-before)/float64(len(conns)), "heap-B/conn")
	for _, c := range conns {
		c.conn.Close()
	}
}

// BenchmarkTrainingRunOverWebsocket is one whole 200-epoch two-moons run as
// a student starts it from the page (an MLP with hidden layers 16, 16),
// through the websocket, with plots. It reports the server's extra heap at
// its peak during the run, sampled every millisecond.
func BenchmarkTrainingRunOverWebsocket(b *testing.B) {
	ts := startServer(b, sandbox.Config{})
	c := dial(b, ts, "")
	base := heapInUse()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		var m runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	for b.Loop() {
		c.send(trainMsg("r", 200))
		if m, _ := c.until("r", "done", "error"); m.str("type") != "done" {
			b.Fatalf("run ended with %v", m)
		}
	}
	close(stop)
	b.ReportMetric(float64(peak.Load()-min(base, peak.Load())), "peak-extra-heap-B")
}
