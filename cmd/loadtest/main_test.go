package main

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		out := make([]time.Duration, len(xs))
		for i, x := range xs {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	// Nearest rank: the ceil(p/100*n)-th smallest value, by hand.
	ten := ms(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
	for _, c := range []struct {
		d    []time.Duration
		p    float64
		want time.Duration
	}{
		{ten, 50, 50 * time.Millisecond},  // ceil(5) = 5th
		{ten, 95, 100 * time.Millisecond}, // ceil(9.5) = 10th
		{ten, 90, 90 * time.Millisecond},  // ceil(9) = 9th
		{ten, 100, 100 * time.Millisecond},
		{ten, 1, 10 * time.Millisecond}, // ceil(0.1) = 1st
		{ms(7), 50, 7 * time.Millisecond},
		{ms(1, 2, 3), 50, 2 * time.Millisecond}, // ceil(1.5) = 2nd
		{nil, 50, 0},
	} {
		if got := percentile(c.d, c.p); got != c.want {
			t.Errorf("percentile(%v, %g) = %v, want %v", c.d, c.p, got, c.want)
		}
	}
}

func TestWarningsKeepsWarningsOnly(t *testing.T) {
	w := &warnings{}
	log := slog.New(w).With("conn", 3)
	log.Info("websocket closed")
	log.Warn("slow", "ms", 250)
	log.Error("saving a run", "err", errors.New("disk full"))
	want := []string{"WARN slow ms=250", "ERROR saving a run err=disk full"}
	if got := w.all(); !slices.Equal(got, want) {
		t.Errorf("kept %q, want %q", got, want)
	}
}

func TestFlagsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"-students", "0"},
		{"-students", "501"},
		{"-timeout", "0s"},
		{"extra"},
	} {
		if _, err := run(t.Context(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v was accepted", args)
		}
	}
}

// TestLoad plays a class of 40 students who all train at once against a
// server in this process on loopback: every run must finish, without a
// single error. It measures, and asserts no timing: go run ./cmd/loadtest
// prints the numbers (BENCHMARKS.md).
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test trains 40 models; skipped with -short")
	}
	var out bytes.Buffer
	rep, err := run(t.Context(), []string{"-students", "40", "-timeout", "3m"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	if rep.Errors != 0 {
		t.Errorf("%d errors: %s", rep.Errors, strings.Join(rep.FirstErrors, "; "))
	}
	if rep.Finished != 40 || len(rep.RunTimes) != 40 {
		t.Errorf("%d of 40 runs finished", rep.Finished)
	}
	if rep.Progress == 0 || rep.Teacher == 0 {
		t.Errorf("%d progress messages to the students, %d class events to the teacher", rep.Progress, rep.Teacher)
	}
	if rep.Memory == nil || rep.Memory.HeapObjects == 0 || rep.Memory.Total < rep.Memory.HeapObjects {
		t.Errorf("memory peaks %+v", rep.Memory)
	}
	if !strings.Contains(out.String(), "errors:   0") {
		t.Errorf("the summary does not say there were no errors:\n%s", out.String())
	}
}
