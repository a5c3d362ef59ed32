package gctuner

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/offheap"
	"github.com/kubeflow/workspaces-bff/pkg/testenv"
)

func TestReleasePolicy(t *testing.T) {
	const mib = 1 << 20
	type tick struct {
		allocated   uint64 // bytes
		retainedMiB uint64
		release     bool
	}
	// drip is n quiet ticks, each allocating just under quietBytes, from
	// allocated and retained on (in MiB), the heap growing by the garbage.
	drip := func(n int, allocated, retainedMiB uint64) []tick {
		var ticks []tick
		for i := range uint64(n) {
			ticks = append(ticks, tick{allocated + (i+1)*(quietBytes-1), retainedMiB + i + 1, false})
		}
		return ticks
	}
	tests := []struct {
		name  string
		ticks []tick // the first is the start
	}{
		{"quiet after a burst: release on the second quiet tick", []tick{
			{0, 40, false}, {100 * mib, 140, false}, {100 * mib, 140, false}, {100 * mib, 140, true},
		}},
		{"busy: never", []tick{
			{0, 40, false}, {100 * mib, 140, false}, {200 * mib, 140, false}, {300 * mib, 140, false}, {400 * mib, 140, false},
		}},
		{"busy again resets the quiet ticks", []tick{
			{0, 40, false}, {100 * mib, 140, false}, {100 * mib, 140, false}, {200 * mib, 140, false}, {200 * mib, 140, false}, {200 * mib, 140, true},
		}},
		{"under quietBytes a tick is quiet", []tick{
			{0, 40, false}, {100 * mib, 140, false}, {100*mib + quietBytes - 1, 140, false}, {100*mib + 2*quietBytes - 2, 140, true},
		}},
		{"quietBytes a tick is busy", []tick{
			{0, 40, false}, {100 * mib, 140, false}, {100*mib + quietBytes, 140, false}, {100*mib + 2*quietBytes, 140, false},
		}},
		{"a slow drip of quiet ticks grows the heap: never", append([]tick{{0, 40, false}}, drip(40, 0, 40)...)},
		{"a burst smaller than growthBytes: never", []tick{
			{0, 40, false}, {growthBytes - 1, 60, false}, {growthBytes - 1, 60, false}, {growthBytes - 1, 60, false},
		}},
		{"grew less than growthBytes: never", []tick{
			{0, 20, false}, {10 * mib, 27, false}, {10 * mib, 27, false}, {10 * mib, 27, false},
		}},
		{"a large heap grew less than a quarter: never", []tick{
			{0, 400, false}, {100 * mib, 490, false}, {100 * mib, 490, false}, {100 * mib, 490, false},
		}},
		{"a large heap grew more than a quarter", []tick{
			{0, 400, false}, {100 * mib, 510, false}, {100 * mib, 510, false}, {100 * mib, 510, true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := tt.ticks[0]
			p := newReleasePolicy(heapSample{allocated: first.allocated, retained: first.retainedMiB * mib})
			for i, tk := range tt.ticks[1:] {
				got := p.observe(heapSample{allocated: tk.allocated, retained: tk.retainedMiB * mib})
				if got != tk.release {
					t.Fatalf("tick %d (%+v): release %v, want %v", i+1, tk, got, tk.release)
				}
			}
		})
	}
}

// After a release the memory it leaves is the new baseline, and the burst
// starts again from nothing.
func TestReleasePolicyBaseline(t *testing.T) {
	const mib = 1 << 20
	p := newReleasePolicy(heapSample{0, 40 * mib})
	p.observe(heapSample{100 * mib, 140 * mib})
	p.observe(heapSample{100 * mib, 140 * mib})
	if !p.observe(heapSample{100 * mib, 140 * mib}) {
		t.Fatal("no release after a burst grew the memory and went quiet")
	}
	p.released(heapSample{101 * mib, 60 * mib})
	for i := range 5 {
		if p.observe(heapSample{101 * mib, 100 * mib}) {
			t.Fatalf("quiet tick %d after the release, with no burst since, released again", i)
		}
	}
	// Buffers outside the heap are unmapped after the release: the least
	// seen since is the baseline, and growing 11 MiB from it after a
	// burst releases.
	p.observe(heapSample{101 * mib, 40 * mib})
	p.observe(heapSample{200 * mib, 51 * mib})
	p.observe(heapSample{200 * mib, 51 * mib})
	if !p.observe(heapSample{200 * mib, 51 * mib}) {
		t.Fatal("no release after a burst grew the memory from the least it held since the last release")
	}
}

// A real Releaser returns the garbage of a burst to the OS once the
// process is quiet, on the heap and outside it.
func TestReleaserReturnsABurst(t *testing.T) {
	if StartReleaser(0) != nil {
		t.Fatal("StartReleaser(0) started a Releaser")
	}
	before, offheapBefore := Releases(), offheap.Mapped()
	r := StartReleaser(20 * time.Millisecond)
	defer r.Stop()
	func() {
		burst := make([][]byte, 0, 256)
		for range 256 {
			burst = append(burst, make([]byte, 1<<20))
		}
		buffers := make([]*offheap.Buffer, 0, 16)
		for range 16 {
			buf := offheap.New(1 << 20)
			clear(buf.Bytes())
			buffers = append(buffers, buf)
		}
		runtime.KeepAlive(burst)
		runtime.KeepAlive(buffers)
	}()
	testenv.Eventually(t, 10*time.Second, func() bool { return Releases() > before },
		"no release after a 256 MiB burst went quiet")
	// The burst is gone from the heap: at most the policy's growth is
	// left of it.
	if held := readHeap().retained; held > 128<<20 {
		t.Fatalf("after the release the process holds %d MiB, want the 256 MiB burst returned", held>>20)
	}
	released := []metrics.Sample{{Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(released)
	if got := released[0].Value.Uint64(); got < 128<<20 {
		t.Fatalf("%d MiB released to the OS, want most of the 256 MiB burst", got>>20)
	}
	// The buffers outside the heap are unmapped, not kept as spares,
	// though their cleanups run after the release's collection.
	testenv.Eventually(t, 10*time.Second, func() bool { return offheap.Mapped() <= offheapBefore },
		"the 16 MiB mapped outside the heap by the burst is not all unmapped after the release")
	r.Stop()
	r.Stop() // a second Stop changes nothing
	var none *Releaser
	none.Stop()
}
