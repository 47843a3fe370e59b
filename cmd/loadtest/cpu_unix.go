//go:build unix

package main

import (
	"math"
	"syscall"
)

// cpuSeconds is the CPU time this process has used, user and system
// together, in seconds, as the operating system counts it (getrusage);
// NaN when it cannot tell.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
