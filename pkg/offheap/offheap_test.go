package offheap

import (
	"runtime"
	"testing"
	"time"
)

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name   string
		size   int
		mapped int64 // what Mapped grows by while the buffer lives
	}{
		{"empty", 0, 0},
		{"small stays on the heap", MinSize - 1, 0},
		{"at MinSize", MinSize, int64(roundToPage(MinSize))},
		{"a page and a byte", MinSize + pageSize() + 1, int64(roundToPage(MinSize + pageSize() + 1))},
	} {
		t.Run(tc.name, func(t *testing.T) {
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

// TestReleased checks that an unreachable buffer's memory is unmapped.
func TestReleased(t *testing.T) {
	before := Mapped()
	func() {
		buf := New(4 * MinSize)
		buf.Bytes()[0] = 1
		if Mapped() < before+4*MinSize {
			t.Fatalf("Mapped is %d, want at least %d while the buffer lives", Mapped(), before+4*MinSize)
		}
	}()
	// Buffers of earlier tests may be released too: Mapped can fall
	// below before.
	deadline := time.Now().Add(10 * time.Second)
	for Mapped() > before {
		if time.Now().After(deadline) {
			t.Fatalf("Mapped is %d, want %d once the buffer is unreachable", Mapped(), before)
		}
		// Cleanups run after the collection that finds the buffer
		// unreachable, on a goroutine of their own.
		runtime.GC()
		runtime.Gosched()
	}
}

// TestPaced checks that mapping alone brings collections on: buffers
// replaced with little heap allocated meanwhile are still unmapped.
func TestPaced(t *testing.T) {
	const size = 4 << 20
	limit := int64(3 * minPacedBytes)
	for range 4 * minPacedBytes / size {
		buf := New(size)
		buf.Bytes()[0] = 1
	}
	deadline := time.Now().Add(10 * time.Second)
	for Mapped() > limit {
		if time.Now().After(deadline) {
			t.Fatalf("Mapped is %d after mapping %d bytes in all, want at most %d", Mapped(), 4*minPacedBytes, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
