// Package gctuner sizes the garbage collector's headroom for a process whose
// heap is mostly a large, long-lived read model.
//
// Go's default (GOGC=100) lets the heap grow to twice what is live before
// collecting, so every byte the read model keeps costs two of memory. The
// BFF allocates little per request, so a much smaller headroom costs few
// extra collections, and the live heap is mostly JSON bytes, which the
// collector marks without scanning. The tuner keeps the headroom at a
// share of the live heap, but never below a floor, and never above Go's
// default: a small heap collects as it would without the tuner.
//
// The Releaser (release.go) returns the garbage of a burst to the OS once
// the process goes quiet, instead of at the runtime's next collections.
package gctuner

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Floor is the least headroom: Go's own smallest heap goal. Below it, a
// busy process with a small heap would collect far more often than it
// needs to.
const Floor = 4 << 20

// Percent is the GOGC value that keeps the headroom at percent of live
// bytes, or Floor when that is more, and never above GOGC=100.
func Percent(percent int, live uint64) int {
	if live == 0 {
		return 100
	}
	floor := int((Floor*100 + live - 1) / live)
	return min(max(percent, floor), 100)
}

// Tuner re-sizes the headroom after every collection.
type Tuner struct {
	percent int
	stopped atomic.Bool
	// previous is the GOGC value before Start, restored by Stop.
	previous int
	sample   []metrics.Sample
	// mu guards sample, and orders a tune against Stop: once Stop has
	// restored GOGC, no tune in flight sets it again.
	mu sync.Mutex
}

// Start sets the headroom to percent of the live heap (see Percent) after
// every collection until Stop. It does not start (and returns nil) when
// percent is 100 or more, which is Go's default.
func Start(percent int) *Tuner {
	if percent >= 100 {
		return nil
	}
	t := &Tuner{
		percent: percent,
		sample:  []metrics.Sample{{Name: "/gc/heap/live:bytes"}},
	}
	t.previous = debug.SetGCPercent(Percent(percent, 0))
	t.tune()
	t.arm()
	return t
}

// Stop ends the tuning and restores the GOGC value Start found.
func (t *Tuner) Stop() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped.Swap(true) {
		return
	}
	debug.SetGCPercent(t.previous)
}

// arm makes an object that only the collector can see die, so its cleanup
// runs once after the next collection, tunes, and arms again. This is how
// a program learns, without polling, that a collection has finished.
func (t *Tuner) arm() {
	sentinel := new([16]byte)
	runtime.AddCleanup(sentinel, func(t *Tuner) {
		if t.stopped.Load() {
			return
		}
		t.tune()
		t.arm()
	}, t)
}

// tune sets GOGC from the live heap the last collection found.
func (t *Tuner) tune() {
	t.mu.Lock()
	defer t.mu.Unlock()
	metrics.Read(t.sample)
	live := uint64Of(t.sample[0])
	if !t.stopped.Load() {
		debug.SetGCPercent(Percent(t.percent, live))
	}
}

// uint64Of is a sample's value, or 0 when this Go does not have it.
func uint64Of(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
