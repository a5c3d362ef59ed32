package offheap

import (
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/testenv"
)

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name   string
		size   int
		mapped int64 // what Mapped grows by while the buffer lives
	}{
		{"empty", 0, 0},
		{"small stays on the heap", MinSize - 1, 0},
		{"at MinSize", MinSize, int64(roundToClass(MinSize))},
		{"a class and a byte", MinSize + classSize + 1, int64(roundToClass(MinSize + classSize + 1))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ReleaseSpares()
			before := Mapped()
			buf := New(tc.size)
			if got := Mapped() - before; got != tc.mapped {
				t.Errorf("Mapped grew by %d, want %d", got, tc.mapped)
			}
			b := buf.Bytes()
			if len(b) != tc.size || cap(b) != tc.size {
				t.Fatalf("len %d cap %d, want %d", len(b), cap(b), tc.size)
			}
			for i, c := range b {
				if c != 0 {
					t.Fatalf("byte %d is %d, want zero", i, c)
				}
			}
			for i := range b {
				b[i] = byte(i)
			}
			for i, c := range b {
				if c != byte(i) {
					t.Fatalf("byte %d reads %d after writing %d", i, c, byte(i))
				}
			}
			runtime.KeepAlive(buf)
		})
	}
}

// TestReleased checks that an unreachable buffer's memory is released.
func TestReleased(t *testing.T) {
	inUse := func() int64 { return Mapped() - spareBytes() }
	before := inUse()
	func() {
		buf := New(4 * MinSize)
		buf.Bytes()[0] = 1
		if inUse() < before+4*MinSize {
			t.Fatalf("%d bytes in use, want at least %d while the buffer lives", inUse(), before+4*MinSize)
		}
	}()
	// Buffers of earlier tests may be released too: Mapped can fall
	// below before.
	testenv.Eventually(t, 10*time.Second, func() bool {
		// Cleanups run after the collection that finds the buffer
		// unreachable, on a goroutine of their own.
		runtime.GC()
		runtime.Gosched()
		return inUse() <= before
	}, "%d bytes in use, want %d once the buffer is unreachable", inUse(), before)
}

// TestPaced checks that mapping alone brings collections on: the test
// allocates almost no heap, so without pacing no collection would run and
// the buffers dropped here would stay mapped.
func TestPaced(t *testing.T) {
	cycles := func() uint64 {
		sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	before := cycles()
	const size = 4 << 20
	for range 4 * minPacedBytes / size {
		buf := New(size)
		buf.Bytes()[0] = 1
	}
	testenv.Eventually(t, 10*time.Second, func() bool { return cycles() > before },
		"no collection after mapping %d bytes", 4*minPacedBytes)
}

// A released buffer's mapping serves the next buffer of its size class,
// zeroed, instead of a new mapping.
func TestSpareReused(t *testing.T) {
	makeSpare(t)
	// A late cleanup of an earlier run's buffer may add a spare of the
	// class: the buffer must take one of those just before New.
	candidates := sparesOf(roundToClass(spareSize))
	buf := New(spareSize - 100) // the same class
	got := &buf.Bytes()[0]
	if !slices.Contains(candidates, got) {
		t.Fatalf("new buffer at %p, want one of the spares %v", got, candidates)
	}
	if slices.Contains(sparesOf(roundToClass(spareSize)), got) {
		t.Fatal("the reused spare is still among the spares")
	}
	for i, c := range buf.Bytes() {
		if c != 0 {
			t.Fatalf("byte %d of a reused spare is %d, want zero", i, c)
		}
	}
	runtime.KeepAlive(buf)
}

func TestReleaseSpares(t *testing.T) {
	class := roundToClass(spareSize)
	spare := makeSpare(t)
	before := Mapped()
	ReleaseSpares()
	if slices.Contains(sparesOf(class), spare) {
		t.Fatal("the spare is still kept after ReleaseSpares")
	}
	// Other tests' buffers may be released meanwhile, as spares (Mapped
	// unchanged) or unmapped (Mapped lower).
	if Mapped() > before-int64(class) {
		t.Fatalf("Mapped %d -> %d, want it %d lower at least", before, Mapped(), class)
	}
	// Until the next New, a released mapping is unmapped, not kept: the
	// buffers a collection just before frees have their cleanups later.
	mem := newMapping(t, class)
	before = Mapped()
	release(mem)
	if slices.Contains(sparesOf(class), &mem[0]) || Mapped() > before-int64(class) {
		t.Fatalf("a mapping released after ReleaseSpares was kept as a spare (Mapped %d -> %d)", before, Mapped())
	}
	runtime.KeepAlive(New(MinSize)) // the next New: spares are kept again
	makeSpare(t)
}

// spareSize is the size of the spares the tests make: a size class no
// other test uses.
const spareSize = 3 * MinSize

// makeSpare keeps a new mapping of spareSize's class as a spare, as
// release keeps an unreachable buffer's, and returns its first byte. It
// needs no buffer, whose cleanup would run at a time of its own; other
// tests' buffers may still fill the spares first, so it tries again.
func makeSpare(t *testing.T) *byte {
	t.Helper()
	class := roundToClass(spareSize)
	var spare *byte
	testenv.Eventually(t, 10*time.Second, func() bool {
		ReleaseSpares()
		spares.take(0) // as New does: spares are kept again
		mem := newMapping(t, class)
		release(mem) // kept, or unmapped when the spares are full
		spare = &mem[0]
		return slices.Contains(sparesOf(class), spare)
	}, "a mapping of %d bytes was never kept as a spare", class)
	return spare
}

// newMapping maps size bytes as New would, without a Buffer.
func newMapping(t *testing.T, size int) []byte {
	t.Helper()
	mem, err := mapMemory(size)
	if err != nil {
		t.Fatalf("mapping %d bytes: %v", size, err)
	}
	mapped.Add(int64(len(mem)))
	return mem
}

// sparesOf is the first byte of each spare of the size class.
func sparesOf(class int) []*byte {
	spares.Lock()
	defer spares.Unlock()
	var out []*byte
	for _, mem := range spares.bySize[class] {
		out = append(out, &mem[0])
	}
	return out
}

// spareBytes is how many of the Mapped bytes are spares.
func spareBytes() int64 {
	spares.Lock()
	defer spares.Unlock()
	return spares.bytes
}
