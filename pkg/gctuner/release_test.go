package gctuner

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/testenv"
)

func TestReleasePolicy(t *testing.T) {
	const mib = 1 << 20
	type tick struct {
		allocated   uint64 // bytes
		retainedMiB uint64
		release     bool
	}
	tests := []struct {
		name  string
		ticks []tick // the first is the start
	}{
		{"quiet after growing: release on the second quiet tick", []tick{
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
			var p releasePolicy
			for i, tk := range tt.ticks {
				got := p.observe(heapSample{allocated: tk.allocated, retained: tk.retainedMiB * mib})
				if got != tk.release {
					t.Fatalf("tick %d (%+v): release %v, want %v", i, tk, got, tk.release)
				}
			}
		})
	}
}

// After a release the heap it leaves is the new baseline: staying quiet at
// the same size releases nothing more, and growing again does.
func TestReleasePolicyBaseline(t *testing.T) {
	const mib = 1 << 20
	var p releasePolicy
	p.observe(heapSample{0, 40 * mib})
	p.observe(heapSample{100 * mib, 140 * mib})
	p.observe(heapSample{100 * mib, 140 * mib})
	if !p.observe(heapSample{100 * mib, 140 * mib}) {
		t.Fatal("no release after the heap grew and went quiet")
	}
	p.released(heapSample{101 * mib, 60 * mib})
	for i := range 5 {
		if p.observe(heapSample{101 * mib, 60 * mib}) {
			t.Fatalf("quiet tick %d after the release at the same size released again", i)
		}
	}
	// Buffers outside the heap are unmapped after the release: the least
	// seen since is the baseline, and growing 11 MiB from it releases.
	p.observe(heapSample{101 * mib, 40 * mib})
	p.observe(heapSample{200 * mib, 51 * mib})
	p.observe(heapSample{200 * mib, 51 * mib})
	if !p.observe(heapSample{200 * mib, 51 * mib}) {
		t.Fatal("no release after the heap grew again from the least it held since the last release")
	}
}

// A real Releaser returns the garbage of a burst to the OS once the
// process is quiet.
func TestReleaserReturnsABurst(t *testing.T) {
	before := Releases()
	r := StartReleaser(20 * time.Millisecond)
	defer r.Stop()
	burst := make([][]byte, 0, 256)
	for range 256 {
		burst = append(burst, make([]byte, 1<<20))
	}
	runtime.KeepAlive(burst)
	burst = nil
	testenv.Eventually(t, 10*time.Second, func() bool { return Releases() > before },
		"no release after a 256 MiB burst went quiet (heap %d MiB held)", readHeap().retained>>20)
	// The burst is gone from the heap: at most the policy's growth is
	// left of it.
	if held := readHeap().retained; held > 128<<20 {
		t.Fatalf("after the release the heap holds %d MiB, want the 256 MiB burst returned", held>>20)
	}
	released := []metrics.Sample{{Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(released)
	if got := released[0].Value.Uint64(); got < 128<<20 {
		t.Fatalf("%d MiB released to the OS, want most of the 256 MiB burst", got>>20)
	}
	r.Stop()
	r.Stop() // a second Stop changes nothing
	var none *Releaser
	none.Stop()
}
