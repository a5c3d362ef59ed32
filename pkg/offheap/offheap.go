// Package offheap holds large byte buffers outside the Go heap.
//
// The garbage collector sizes the heap at about twice what it finds live
// (GOGC=100), so every byte the read model keeps costs about two bytes of
// RSS. Rendered list and detail responses are most of what it keeps, they
// hold no pointers, and they never change once built: outside the heap
// they cost one byte each, and the collector neither counts nor marks them.
//
// A Buffer's memory is released once the Buffer itself is unreachable:
// kept for a later buffer of its size (see spares) or returned to the OS.
// Its bytes are not Go memory, so a slice of them does not keep
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

// MinSize is the smallest buffer kept outside the heap: sizes are rounded
// up to 16 KiB (see spares), which at this size may leave a third of a
// buffer's address space unused, though not resident.
const MinSize = 32 << 10

// Buffer is a fixed-size byte buffer, outside the Go heap when it is at
// least MinSize bytes and the OS can map it, on the heap otherwise.
type Buffer struct {
	b []byte
}

// mapped is how many bytes are mapped, by buffers and spares.
var mapped atomic.Int64

// OnHeap returns a zeroed buffer of n bytes on the heap, whatever its size:
// for one that lives a short while, which the collector frees at once
// rather than through a cleanup.
func OnHeap(n int) *Buffer { return &Buffer{b: make([]byte, n)} }

// New returns a zeroed buffer of n bytes.
func New(n int) *Buffer {
	if n < MinSize {
		return OnHeap(n)
	}
	size := roundToClass(n)
	mem := spares.take(size)
	if mem != nil {
		clear(mem[:n])
	} else {
		var err error
		if mem, err = mapMemory(size); err != nil {
			// Only a memory shortage fails a mapping; the heap is
			// the same memory, slower to give back.
			return OnHeap(n)
		}
		mapped.Add(int64(len(mem)))
		pace(len(mem))
	}
	buf := &Buffer{b: mem[:n:n]}
	runtime.AddCleanup(buf, release, mem)
	return buf
}

// spares are the mappings of released buffers, kept for new buffers of the
// same size class: a new mapping costs a page fault on the first write of
// each page, which made building a namespace's list twice as slow; a spare
// is only cleared. Pages of a mapping never written are not resident, so
// rounding sizes up to a class costs address space, not memory, until a
// larger buffer of the class writes them.
var spares spareMappings

type spareMappings struct {
	sync.Mutex
	bySize map[int][][]byte
	bytes  int64
	// draining, from ReleaseSpares to the next take, keeps no spares.
	draining bool
}

// classSize is the granularity of size classes.
const classSize = 16 << 10

func roundToClass(n int) int { return (n + classSize - 1) / classSize * classSize }

func (s *spareMappings) take(size int) []byte {
	s.Lock()
	defer s.Unlock()
	s.draining = false
	free := s.bySize[size]
	if len(free) == 0 {
		return nil
	}
	mem := free[len(free)-1]
	s.bySize[size] = free[:len(free)-1]
	s.bytes -= int64(len(mem))
	return mem
}

// The collector frees unreachable buffers, but does not see them: it runs
// when the heap has grown, and building a list replaces a large buffer
// while allocating little heap. So mapping alone also brings a collection
// on: once the bytes mapped since the last one exceed what was mapped at
// it (as GOGC=100 does for the heap), and at least minPacedBytes.
const minPacedBytes = 16 << 20

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

// Mapped is how many bytes are mapped outside the heap now, for buffers
// and as spares: an upper bound of their resident memory.
func Mapped() int64 { return mapped.Load() }

// maxSpareShare bounds the spares, resident memory no buffer uses, to a
// share of what is mapped (1/maxSpareShare), and at least minSpareBytes.
const (
	maxSpareShare = 8
	minSpareBytes = 4 << 20
)

// release keeps an unreachable buffer's mapping as a spare, or unmaps it
// when the spares are full or being drained.
func release(mem []byte) {
	s := &spares
	s.Lock()
	if !s.draining && s.bytes+int64(len(mem)) <= max(Mapped()/maxSpareShare, minSpareBytes) {
		if s.bySize == nil {
			s.bySize = map[int][][]byte{}
		}
		s.bySize[len(mem)] = append(s.bySize[len(mem)], mem)
		s.bytes += int64(len(mem))
		s.Unlock()
		return
	}
	s.Unlock()
	mapped.Add(-int64(len(mem)))
	unmapMemory(mem)
}

// ReleaseSpares unmaps every spare, and keeps none until the next New.
// Spares speed up a burst of list builds; a quiet process gives their
// memory back (see gctuner.Releaser), including that of the buffers whose
// cleanups run after this, such as those of a collection just before.
func ReleaseSpares() {
	s := &spares
	s.Lock()
	bySize := s.bySize
	s.bySize, s.bytes, s.draining = nil, 0, true
	s.Unlock()
	// Unmapped outside the lock, which New and release take.
	for _, free := range bySize {
		for _, mem := range free {
			mapped.Add(-int64(len(mem)))
			unmapMemory(mem)
		}
	}
}
