package logging

import (
	"io"
	"sync"
	"time"
)

// maxBuffered is how many bytes of lines a Writer holds before it writes
// them out without waiting.
const maxBuffered = 64 << 10

// Writer batches log lines into fewer, larger writes: a line is written at
// most delay after it was logged, at once when maxBuffered bytes are
// waiting, and on Flush. A busy server logs one access line per request;
// writing each on its own costs a system call per request, more than the
// request itself when it is a 304.
//
// A process that dies without calling Flush loses at most the last delay
// of lines: loggers built by New flush a Writer after every line at
// warning level or above, so the lines that explain a failure are written
// when logged.
type Writer struct {
	dst   io.Writer
	delay time.Duration

	mu    sync.Mutex
	buf   []byte
	timer *time.Timer
	armed bool // the timer will flush
	// err is the last failed write of a timed flush, reported by the next
	// Write or Flush: a timer has no one to tell.
	err error
}

// NewWriter returns a Writer that writes batches of lines to dst.
func NewWriter(dst io.Writer, delay time.Duration) *Writer {
	return &Writer{dst: dst, delay: delay}
}

// Write buffers p, one or more whole lines (slog handlers write a record in
// one call).
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if len(w.buf) >= maxBuffered {
		return len(p), w.flushLocked()
	}
	if !w.armed {
		w.armed = true
		if w.timer == nil {
			w.timer = time.AfterFunc(w.delay, w.timedFlush)
		} else {
			w.timer.Reset(w.delay)
		}
	}
	err := w.err
	w.err = nil
	return len(p), err
}

// Flush writes out every buffered line.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flushLocked()
}

func (w *Writer) timedFlush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.armed = false
	if err := w.flushLocked(); err != nil {
		w.err = err
	}
}

func (w *Writer) flushLocked() error {
	err := w.err
	w.err = nil
	if len(w.buf) > 0 {
		_, werr := w.dst.Write(w.buf)
		if werr != nil {
			err = werr
		}
		w.buf = w.buf[:0]
		if cap(w.buf) > 4*maxBuffered {
			w.buf = nil // a burst of long lines: do not keep its buffer
		}
	}
	return err
}
