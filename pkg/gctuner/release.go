package gctuner

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/offheap"
)

// A burst of events (a thousand Workspaces created in a minute, a relist
// after a lost watch) leaves the heap holding its garbage, and the
// collector's goal sized from the heap in use during the burst. The runtime
// gives that memory back only after its next collections, and an idle
// process collects once every two minutes: until then the pod's working
// set, which the kubelet evicts by, holds the burst. The Releaser notices
// when the process has gone quiet after a burst that grew its memory, and
// collects and returns the free memory to the OS at once
// (debug.FreeOSMemory), which also frees the unreachable buffers outside
// the heap (package offheap), then unmaps offheap's spares. It waits while
// the process is busy, which collects often enough by itself, and where
// the collection would take CPU from requests; a slow trickle of garbage
// is the runtime's to collect, and never brings a release.

// Releaser returns memory to the OS once the process goes quiet after its
// heap grew.
type Releaser struct {
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// releases counts the releases of every Releaser, for the metric.
var releases atomic.Uint64

// Releases is how many times a Releaser has returned memory to the OS.
func Releases() uint64 { return releases.Load() }

// ReleaseInterval is how often a Releaser reads the heap: the thresholds
// below, and the flag's documentation, count in ticks of it (seconds).
const ReleaseInterval = time.Second

// Release thresholds.
//   - A tick is quiet when less than quietBytes was allocated during it: a
//     scrape of /metrics, a few polls, up to some 1,700 304s.
//   - A burst is busy ticks that allocated growthBytes in all since the
//     last release: a slow drip of quiet ticks only grows garbage that
//     the runtime's own collections free, and never brings a release.
//   - The memory has grown when it exceeds the least held since the last
//     release by a quarter, and at least growthBytes: less is within the
//     collector's own headroom (4 MiB at the least) and the spares outside
//     the heap (as much), and not worth a collection.
const (
	quietBytes  = 1 << 20
	quietTicks  = 2
	growthBytes = 8 << 20
)

// StartReleaser checks the heap every interval (ReleaseInterval, but for
// tests) until Stop; a non-positive interval starts nothing (and Stop of
// nil does nothing).
func StartReleaser(interval time.Duration) *Releaser {
	if interval <= 0 {
		return nil
	}
	r := &Releaser{stop: make(chan struct{}), done: make(chan struct{})}
	// The first sample is the baseline: taken now, not when the goroutine
	// first runs, which may be after the caller's next burst.
	go r.run(interval, newReleasePolicy(readHeap()))
	return r
}

// Stop ends the checks and waits for a release in progress.
func (r *Releaser) Stop() {
	if r == nil {
		return
	}
	r.once.Do(func() { close(r.stop) })
	<-r.done
}

func (r *Releaser) run(interval time.Duration, p *releasePolicy) {
	defer close(r.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-tick.C:
		}
		if p.observe(readHeap()) {
			debug.FreeOSMemory()
			// The buffers the collection freed are released when
			// their cleanups run, maybe after this: ReleaseSpares
			// keeps them from becoming spares too.
			offheap.ReleaseSpares()
			releases.Add(1)
			p.released(readHeap())
		}
	}
}

// heapSample is what the policy reads of the heap.
type heapSample struct {
	// allocated is every byte allocated since the process started.
	allocated uint64
	// retained is the memory held from the OS: the heap's objects,
	// live or not yet collected, its free spans not yet returned, and
	// what is mapped outside the heap.
	retained uint64
}

// releasePolicy decides, tick by tick, when to release.
type releasePolicy struct {
	allocated uint64 // the last sample's
	quiet     int    // quiet ticks in a row
	// burst is what busy ticks allocated since the last release.
	burst uint64
	// baseline is the least retained since the last release (or the
	// start): buffers outside the heap are unmapped after the release's
	// collection, some time after it returns.
	baseline uint64
}

// newReleasePolicy starts from the first sample.
func newReleasePolicy(s heapSample) *releasePolicy {
	return &releasePolicy{allocated: s.allocated, baseline: s.retained}
}

// observe takes a tick's sample and says whether to release now.
func (p *releasePolicy) observe(s heapSample) bool {
	// allocated only grows: a cumulative count.
	if allocated := s.allocated - p.allocated; allocated < quietBytes {
		p.quiet++
	} else {
		p.quiet = 0
		p.burst += allocated
	}
	p.allocated = s.allocated
	p.baseline = min(p.baseline, s.retained)
	return p.quiet >= quietTicks && p.burst >= growthBytes &&
		s.retained > p.baseline+max(p.baseline/4, growthBytes)
}

// released records the heap just after a release as the new baseline.
func (p *releasePolicy) released(s heapSample) {
	p.allocated, p.baseline, p.quiet, p.burst = s.allocated, s.retained, 0, 0
}

func readHeap() heapSample {
	samples := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(samples)
	retained := uint64(max(offheap.Mapped(), 0))
	for _, s := range samples[1:] {
		retained += uint64Of(s)
	}
	return heapSample{allocated: uint64Of(samples[0]), retained: retained}
}
