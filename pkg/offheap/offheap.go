// Package offheap holds large byte buffers outside the Go heap.
//
// The garbage collector sizes the heap at about twice what it finds live
// (GOGC=100), so every byte the read model keeps costs about two bytes of
// RSS. Rendered list and detail responses are most of what it keeps, they
// hold no pointers, and they never change once built: outside the heap
// they cost one byte each, and the collector neither counts nor marks them.
//
// A Buffer's memory is returned to the OS once the Buffer itself is
// unreachable. Its bytes are not Go memory, so a slice of them does not keep
// it alive: whoever uses the bytes must keep the Buffer (or an object that
// points to it) reachable until done, with runtime.KeepAlive after the last
// use when nothing else refers to it.
package offheap

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// MinSize is the smallest buffer kept outside the heap. Memory is mapped in
// whole pages; at this size, with 4 KiB pages, at most one in eight is
// left unused.
const MinSize = 32 << 10

// Buffer is a fixed-size byte buffer, outside the Go heap when it is at
// least MinSize bytes and the OS can map it, on the heap otherwise.
type Buffer struct {
	b []byte
}

// mapped is how many bytes mapped buffers hold, in whole pages.
var mapped atomic.Int64

// New returns a zeroed buffer of n bytes.
func New(n int) *Buffer {
	if n < MinSize {
		return &Buffer{b: make([]byte, n)}
	}
	mem, err := mapMemory(roundToPage(n))
	if err != nil {
		// Only a memory shortage fails a mapping; the heap is the
		// same memory, slower to give back.
		return &Buffer{b: make([]byte, n)}
	}
	mapped.Add(int64(len(mem)))
	buf := &Buffer{b: mem[:n:n]}
	runtime.AddCleanup(buf, release, mem)
	pace(len(mem))
	return buf
}

// The collector frees unreachable buffers, but does not see them: it runs
// when the heap has grown, and building a list replaces a large buffer
// while allocating little heap. So mapping alone also brings a collection
// on: once the bytes mapped since the last one exceed what was mapped at
// it (as GOGC=100 does for the heap), and at least minPacedBytes.
const minPacedBytes = 64 << 20

var pacing struct {
	sync.Mutex
	cycles     uint64 // collections seen so far
	atCycle    int64  // Mapped when the last was first seen
	since      int64  // bytes mapped since
	collecting bool
}

func pace(n int) {
	sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(sample)
	p := &pacing
	p.Lock()
	defer p.Unlock()
	if cycles := sample[0].Value.Uint64(); cycles != p.cycles {
		p.cycles, p.atCycle, p.since = cycles, Mapped(), 0
	}
	p.since += int64(n)
	if p.collecting || p.since < max(p.atCycle, minPacedBytes) {
		return
	}
	p.collecting = true
	go func() {
		runtime.GC()
		p.Lock()
		p.collecting = false
		p.Unlock()
	}()
}

// Bytes is the buffer's memory; it is only valid while the Buffer is
// reachable (see the package comment).
func (b *Buffer) Bytes() []byte { return b.b }

// Mapped is how many bytes the buffers outside the heap hold now.
func Mapped() int64 { return mapped.Load() }

func release(mem []byte) {
	mapped.Add(-int64(len(mem)))
	unmapMemory(mem)
}

func roundToPage(n int) int {
	page := pageSize()
	return (n + page - 1) / page * page
}
