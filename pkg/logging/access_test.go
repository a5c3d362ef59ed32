package logging

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"
)

// The access line written directly is byte for byte what slog writes, in
// both formats, and lines slog would quote or escape go through slog.
func TestLogAccessWritesWhatSlogWrites(t *testing.T) {
	at := time.Date(2026, 11, 26, 3, 49, 28, 190961236, time.UTC)
	base := Access{
		Time: at, Level: slog.LevelInfo, RequestID: "EC3EAQBZNKZN-6", Method: "GET",
		Route: "/api/v1/workspaces/{namespace}", Path: "/api/v1/workspaces/team-a",
		Status: 304, Duration: 104129 * time.Nanosecond, Bytes: 0, User: "user@example.com",
	}
	with := func(edit func(*Access)) Access {
		a := base
		edit(&a)
		return a
	}
	tests := []struct {
		name   string
		access Access
		direct bool // formatted here rather than by slog
	}{
		{"a cached GET", base, true},
		{"no user", with(func(a *Access) { a.User = "" }), true},
		{"a whole second, a debug line", with(func(a *Access) { a.Duration = time.Second; a.Level = slog.LevelDebug }), true},
		{"a zero duration", with(func(a *Access) { a.Duration = 0 }), true},
		{"a sub-microsecond duration", with(func(a *Access) { a.Duration = 3 }), true},
		{"a long duration", with(func(a *Access) { a.Duration = 90 * time.Minute; a.Bytes = 12450870 }), true},
		{"a time zone", with(func(a *Access) { a.Time = at.In(time.FixedZone("x", 3600+1800)) }), true},
		{"a whole millisecond", with(func(a *Access) { a.Time = at.Truncate(time.Second) }), true},
		{"a user slog quotes", with(func(a *Access) { a.User = "Jane Doe" }), false},
		{"a user with a quote", with(func(a *Access) { a.User = `a"b` }), false},
		{"a path with =", with(func(a *Access) { a.Path = "/a=b" }), false},
		{"a user with unicode", with(func(a *Access) { a.User = "jöe" }), false},
	}
	for _, format := range []string{FormatText, FormatJSON} {
		for _, tt := range tests {
			t.Run(format+"/"+tt.name, func(t *testing.T) {
				if got := tt.access.plain(); got != tt.direct {
					t.Fatalf("plain() = %v, want %v", got, tt.direct)
				}
				var viaSlog bytes.Buffer
				slogLogger, err := New(&viaSlog, format, slog.LevelDebug)
				if err != nil {
					t.Fatal(err)
				}
				LogAccess(context.Background(), slogLogger, tt.access)

				var direct bytes.Buffer
				w := NewWriter(&direct, time.Hour)
				directLogger, err := New(w, format, slog.LevelDebug)
				if err != nil {
					t.Fatal(err)
				}
				LogAccess(context.Background(), directLogger, tt.access)
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
				if direct.String() != viaSlog.String() {
					t.Fatalf("direct:\n%s\nslog:\n%s", direct.String(), viaSlog.String())
				}
			})
		}
	}
}

func TestLogAccessHonoursTheLevel(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, time.Hour)
	l, err := New(w, FormatText, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	LogAccess(context.Background(), l, Access{Time: time.Now(), Level: slog.LevelDebug, RequestID: "a", Method: "GET", Route: "/r", Path: "/r"})
	_ = w.Flush()
	if out.Len() != 0 {
		t.Fatalf("a debug line was written at info level: %s", out.String())
	}
}

func BenchmarkLogAccess(b *testing.B) {
	a := Access{Time: time.Now(), Level: slog.LevelInfo, RequestID: "EC3EAQBZNKZN-6", Method: "GET",
		Route: "/api/v1/workspaces", Path: "/api/v1/workspaces", Status: 304, Duration: 104129, User: "user@example.com"}
	for _, format := range []string{FormatText, FormatJSON} {
		b.Run("direct/"+format, func(b *testing.B) {
			w := NewWriter(discard{}, time.Hour)
			l, _ := New(w, format, slog.LevelInfo)
			b.ReportAllocs()
			for b.Loop() {
				LogAccess(context.Background(), l, a)
			}
		})
		b.Run("slog/"+format, func(b *testing.B) {
			l, _ := New(discard{}, format, slog.LevelInfo)
			b.ReportAllocs()
			for b.Loop() {
				LogAccess(context.Background(), l, a)
			}
		})
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
