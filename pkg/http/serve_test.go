package httpapi

import (
	"strconv"
	"testing"
)

// A Content-Length value is the length's digits, whichever lengths shared
// its slot before.
func TestContentLengthValue(t *testing.T) {
	slots := len(contentLengths)
	for _, n := range []int{0, 7, 1023, slots, 2 * slots, 7 + slots, 123456, 0, 7} {
		got := contentLengthValue(n)
		if len(got) != 1 || cap(got) != 1 || got[0] != strconv.Itoa(n) {
			t.Fatalf("contentLengthValue(%d) = %q (cap %d), want [%q] of capacity 1", n, got, cap(got), strconv.Itoa(n))
		}
	}
}

// A length that recurs, as a polled body's does, costs no allocation.
func TestContentLengthValueRecurs(t *testing.T) {
	contentLengthValue(48213)
	if n := testing.AllocsPerRun(100, func() { contentLengthValue(48213) }); n != 0 {
		t.Fatalf("%v allocations per recurring length, want 0", n)
	}
}
