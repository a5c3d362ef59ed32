package gctuner

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name    string
		percent int
		live    uint64
		want    int
	}{
		{"nothing live yet: Go's default", 10, 0, 100},
		{"small heap: the floor, capped at Go's default", 10, 2 * mib, 100},
		{"the floor as a share of the live heap", 10, 8 * mib, 50},
		{"rounded up, never below the floor", 10, 30 * mib, 14},
		{"large heap: the percent", 10, 400 * mib, 10},
		{"a larger percent wins over the floor", 60, 40 * mib, 60},
		{"Go's default stays", 100, 400 * mib, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percent(tt.percent, tt.live); got != tt.want {
				t.Fatalf("Percent(%d, %d) = %d, want %d", tt.percent, tt.live, got, tt.want)
			}
		})
	}
}

// The tuner follows the live heap collection by collection, and Stop puts
// back the GOGC it found.
func TestTunerFollowsTheLiveHeap(t *testing.T) {
	before := gogc()
	tuner := Start(10)
	if tuner == nil {
		t.Fatal("Start(10) did not start")
	}
	live := make([][]byte, 0, 64)
	for range 64 {
		live = append(live, make([]byte, 1<<20))
	}
	runtime.GC()
	// The cleanup runs after the collection, on another goroutine.
	waitFor(t, func() bool { return gogc() == 10 }, "GOGC to become 10 with 64 MiB live")
	runtime.KeepAlive(live) // and no further: the heap is small again

	runtime.GC()
	waitFor(t, func() bool { return gogc() > 10 }, "GOGC to rise once the heap is small")

	tuner.Stop()
	if got := gogc(); got != before {
		t.Fatalf("after Stop GOGC = %d, want %d as before Start", got, before)
	}
	tuner.Stop() // a second Stop changes nothing
	if got := gogc(); got != before {
		t.Fatalf("after a second Stop GOGC = %d, want %d", got, before)
	}
}

func TestGoDefaultDoesNotStart(t *testing.T) {
	before := gogc()
	if tuner := Start(100); tuner != nil {
		tuner.Stop()
		t.Fatal("Start(100) started a tuner")
	}
	var none *Tuner
	none.Stop() // a nil tuner stops as a no-op
	if got := gogc(); got != before {
		t.Fatalf("GOGC = %d, want %d", got, before)
	}
}

func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// waitFor polls cond, collecting each time so that the tuner's cleanup
// keeps running, until it holds or a deadline passes.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (GOGC %d)", what, gogc())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}
