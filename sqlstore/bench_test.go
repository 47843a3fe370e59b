package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchStore opens a store in a fresh directory with one class and one
// student.
func benchStore(b *testing.B, opt options) *Store {
	b.Helper()
	ctx := context.Background()
	s, err := open(ctx, b.TempDir(), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	c, st, _, _ := fixture()
	if err := s.PutClass(ctx, c); err != nil {
		b.Fatal(err)
	}
	if err := s.PutStudent(ctx, st); err != nil {
		b.Fatal(err)
	}
	return s
}

// full is what Open uses.
var full = options{readers: 2, synchronous: syncFull}

// BenchmarkPutAnswer measures one acknowledged answer: one committed
// transaction with its WAL fsync (synchronous=FULL, what Open uses), and
// for comparison without the fsync (NORMAL).
func BenchmarkPutAnswer(b *testing.B) {
	for _, tc := range []struct {
		name string
		sync int
	}{{"sync=FULL", syncFull}, {"sync=NORMAL", syncNormal}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			s := benchStore(b, options{readers: 2, synchronous: tc.sync})
			_, _, a, _ := fixture()
			i := 0
			for b.Loop() {
				a.Checkpoint = fmt.Sprint("q", i) // a new answer each time
				i++
				if err := s.PutAnswer(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPutRun measures one acknowledged run, without a model (a run
// starting) and with a saved model of typical sizes: a 2-16-16-2 MLP's
// envelope is a few KiB, a small CNN's some hundred KiB.
func BenchmarkPutRun(b *testing.B) {
	for _, size := range []int{0, 4 << 10, 256 << 10} {
		b.Run(fmt.Sprintf("model=%dKiB", size>>10), func(b *testing.B) {
			ctx := context.Background()
			s := benchStore(b, full)
			_, _, _, r := fixture()
			r.Model = bytes.Repeat([]byte{0x5a}, size)
			i := 0
			b.SetBytes(int64(size))
			for b.Loop() {
				r.RunID = fmt.Sprint("r", i)
				i++
				if err := s.PutRun(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPutAnswerParallel is a class answering at once: 40 goroutines
// (students) each put answers; writes queue for the one write connection,
// so ns/op is the throughput cost of an answer under contention.
func BenchmarkPutAnswerParallel(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b, full)
	var n atomic.Int64
	b.SetParallelism(20) // 20 × GOMAXPROCS (2 here) = 40 students
	b.RunParallel(func(pb *testing.PB) {
		_, _, a, _ := fixture()
		for pb.Next() {
			a.Checkpoint = fmt.Sprint("q", n.Add(1))
			if err := s.PutAnswer(ctx, a); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkReadWhileWriting measures the teacher's dashboard reading a
// class's 200 answers while students keep writing, with reads on their own
// connection pool ("pool", what Open does) or sharing the single write
// connection ("shared").
func BenchmarkReadWhileWriting(b *testing.B) {
	for _, tc := range []struct {
		name    string
		readers int
	}{{"pool", 2}, {"shared", 0}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			s := benchStore(b, options{readers: tc.readers, synchronous: syncFull})
			_, _, a, _ := fixture()
			for i := range 200 {
				a.Checkpoint = fmt.Sprint("seed", i)
				if err := s.PutAnswer(ctx, a); err != nil {
					b.Fatal(err)
				}
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var writes atomic.Int64
			wg.Go(func() {
				_, _, a, _ := fixture()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					// Replace one of 50 answers with a new time: an upsert
					// that changes nothing is not written at all.
					a.Checkpoint = fmt.Sprint("w", i%50)
					a.At = t0.Add(time.Duration(i) * time.Millisecond)
					if err := s.PutAnswer(ctx, a); err != nil {
						b.Error(err)
						return
					}
					writes.Add(1)
				}
			})
			for b.Loop() {
				as, err := s.Answers(ctx, a.ClassID)
				if err != nil || len(as) < 200 {
					b.Fatalf("Answers = %d, %v", len(as), err)
				}
			}
			b.StopTimer()
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(writes.Load())/b.Elapsed().Seconds(), "writes/s")
		})
	}
}
