package logging

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingWriter records each write it receives.
type recordingWriter struct {
	mu     sync.Mutex
	writes []string
	err    error
}

func (r *recordingWriter) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, string(p))
	return len(p), r.err
}

func (r *recordingWriter) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.writes...)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestWriterBatchesLines(t *testing.T) {
	tests := []struct {
		name string
		// delay of the writer under test; an hour means only Flush, the
		// size limit or a warning writes.
		delay time.Duration
		log   func(l *slog.Logger, w *Writer)
		// want is each write the destination receives, as the messages
		// it holds.
		want [][]string
	}{
		{
			name: "lines wait for Flush, then go out in one write", delay: time.Hour,
			log: func(l *slog.Logger, w *Writer) {
				l.Info("one")
				l.Info("two")
				_ = w.Flush()
			},
			want: [][]string{{"one", "two"}},
		},
		{
			name: "a warning writes itself and what came before at once", delay: time.Hour,
			log: func(l *slog.Logger, w *Writer) {
				l.Info("before")
				l.Warn("trouble")
				l.Info("after")
			},
			want: [][]string{{"before", "trouble"}},
		},
		{
			name: "the buffer's limit writes without waiting", delay: time.Hour,
			log: func(l *slog.Logger, w *Writer) {
				l.Info(strings.Repeat("x", maxBuffered))
			},
			want: [][]string{{strings.Repeat("x", maxBuffered)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := &recordingWriter{}
			w := NewWriter(dst, tt.delay)
			l, err := New(w, FormatText, slog.LevelInfo)
			if err != nil {
				t.Fatal(err)
			}
			tt.log(l, w)
			got := dst.got()
			if len(got) != len(tt.want) {
				t.Fatalf("%d writes, want %d: %q", len(got), len(tt.want), got)
			}
			for i, msgs := range tt.want {
				lines := strings.Split(strings.TrimSuffix(got[i], "\n"), "\n")
				if len(lines) != len(msgs) {
					t.Fatalf("write %d holds %d lines, want %d: %q", i, len(lines), len(msgs), got[i])
				}
				for j, msg := range msgs {
					if !strings.Contains(lines[j], "msg="+msg) {
						t.Errorf("write %d line %d = %q, want msg=%s", i, j, lines[j], msg)
					}
				}
			}
		})
	}
}

// A line is written within the delay without anyone flushing, and the
// timer arms again for the next one.
func TestWriterFlushesAfterDelay(t *testing.T) {
	dst := &recordingWriter{}
	w := NewWriter(dst, 10*time.Millisecond)
	for i, line := range []string{"first\n", "second\n"} {
		if _, err := w.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, line, func() bool { return len(dst.got()) == i+1 })
		if got := dst.got()[i]; got != line {
			t.Fatalf("write %d = %q, want %q", i, got, line)
		}
	}
}

// A timed write that failed is reported by the next call, not lost.
func TestWriterReportsTimedFailure(t *testing.T) {
	dst := &recordingWriter{err: errors.New("disk full")}
	w := NewWriter(dst, time.Millisecond)
	if _, err := w.Write([]byte("line\n")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the timed write", func() bool { return len(dst.got()) == 1 })
	waitFor(t, "the failure to be kept", func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.err != nil
	})
	if err := w.Flush(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Flush after a failed timed write: %v, want disk full", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("the failure was reported twice: %v", err)
	}
}

func TestWriterConcurrentLinesStayWhole(t *testing.T) {
	var dst bytes.Buffer
	var dstMu sync.Mutex
	w := NewWriter(writerFunc(func(p []byte) (int, error) {
		dstMu.Lock()
		defer dstMu.Unlock()
		return dst.Write(p)
	}), time.Millisecond)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				_, _ = w.Write([]byte(strings.Repeat(string(rune('a'+g)), 50) + "\n"))
			}
		}()
	}
	wg.Wait()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(dst.String(), "\n"), "\n")
	if len(lines) != 8*200 {
		t.Fatalf("%d lines, want %d", len(lines), 8*200)
	}
	for _, line := range lines {
		if len(line) != 50 || strings.Count(line, line[:1]) != 50 {
			t.Fatalf("a line was torn: %q", line)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
