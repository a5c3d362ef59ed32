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
// when the process has gone quiet with a heap that grew since it last
// settled, and collects and returns the free memory to the OS at once
// (debug.FreeOSMemory), which also frees the unreachable buffers outside
// the heap (package offheap), then unmaps offheap's spares. It never runs
// under load: a busy process collects often enough by itself, and the
// collection would take CPU from requests.

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

// Release thresholds. A tick is quiet when less than quietBytes was
// allocated during it: a scrape of /metrics, a few polls. The memory has
// grown when it exceeds the least held since the last release by a
// quarter, and at least growthBytes: less is within the collector's own
// headroom (4 MiB at the least) and the spares outside the heap (as
// much), and not worth a collection.
const (
	quietBytes  = 1 << 20
	quietTicks  = 2
	growthBytes = 8 << 20
)

// StartReleaser checks the heap every interval until Stop.
func StartReleaser(interval time.Duration) *Releaser {
	r := &Releaser{stop: make(chan struct{}), done: make(chan struct{})}
	go r.run(interval)
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

func (r *Releaser) run(interval time.Duration) {
	defer close(r.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var p releasePolicy
	p.observe(readHeap())
	for {
		select {
		case <-r.stop:
			return
		case <-tick.C:
		}
		if p.observe(readHeap()) {
			debug.FreeOSMemory()
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
	started bool
	last    heapSample
	quiet   int // quiet ticks in a row
	// baseline is the least retained since the last release (or the
	// start): buffers outside the heap are unmapped after the release's
	// collection, some time after it returns.
	baseline uint64
}

// observe takes a tick's sample and says whether to release now.
func (p *releasePolicy) observe(s heapSample) bool {
	if !p.started {
		p.started, p.last, p.baseline = true, s, s.retained
		return false
	}
	if s.allocated-p.last.allocated < quietBytes {
		p.quiet++
	} else {
		p.quiet = 0
	}
	p.last = s
	p.baseline = min(p.baseline, s.retained)
	if p.quiet < quietTicks {
		return false
	}
	return s.retained > p.baseline+max(p.baseline/4, growthBytes)
}

// released records the heap just after a release as the new baseline.
func (p *releasePolicy) released(s heapSample) {
	p.last, p.baseline, p.quiet = s, s.retained, 0
}

func readHeap() heapSample {
	samples := []metrics.Sample{
		{Name: "/gc/heap/allocs:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(samples)
	value := func(i int) uint64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return samples[i].Value.Uint64()
	}
	return heapSample{allocated: value(0), retained: value(1) + value(2) + value(3) + uint64(max(offheap.Mapped(), 0))}
}
