package logging

import (
	"context"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
)

// Access is one request's access line.
type Access struct {
	Time                           time.Time
	Level                          slog.Level
	RequestID, Method, Route, Path string
	Status                         int
	Duration                       time.Duration
	Bytes                          int64
	// User is omitted when empty.
	User string
}

// attrs are the line's attributes, in order.
func (a Access) attrs() []slog.Attr {
	attrs := []slog.Attr{
		slog.String("request_id", a.RequestID),
		slog.String("method", a.Method),
		slog.String("route", a.Route),
		slog.String("path", a.Path),
		slog.Int("status", a.Status),
		slog.Float64("duration_seconds", a.Duration.Seconds()),
		slog.Int64("bytes", a.Bytes),
	}
	if a.User != "" {
		attrs = append(attrs, slog.String("user", a.User))
	}
	return attrs
}

// LogAccess logs a's line ("msg=request") to log, at a.Level. Every
// request pays for it, so when log was built by New over a *Writer, the
// line is formatted here, byte for byte as slog's handler would, without
// its per-attribute machinery; a line with a value that slog would quote
// or escape, or any other logger, goes through slog.
func LogAccess(ctx context.Context, log *slog.Logger, a Access) {
	if !log.Enabled(ctx, a.Level) {
		return
	}
	if h, ok := log.Handler().(contextHandler); ok && h.direct != nil && a.plain() {
		h.direct.write(a)
		return
	}
	r := slog.NewRecord(a.Time, a.Level, "request", 0)
	r.AddAttrs(a.attrs()...)
	_ = log.Handler().Handle(ctx, r)
}

// plain reports whether every string is one slog writes as is, in text
// and in JSON: visible ASCII but for '"', '\\' and '='.
func (a Access) plain() bool {
	for _, s := range [...]string{a.RequestID, a.Method, a.Route, a.Path, a.User} {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '=' {
				return false
			}
		}
	}
	return a.RequestID != "" && a.Method != "" && a.Route != "" && a.Path != ""
}

// directWriter formats access lines for a *Writer.
type directWriter struct {
	w    *Writer
	json bool
}

var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (d *directWriter) write(a Access) {
	bp := lineBuffers.Get().(*[]byte)
	b := (*bp)[:0]
	if d.json {
		b = appendJSON(b, a)
	} else {
		b = appendText(b, a)
	}
	_, _ = d.w.Write(b)
	*bp = b
	lineBuffers.Put(bp)
}

// appendText is slog's TextHandler output for a plain line.
func appendText(b []byte, a Access) []byte {
	b = append(b, "time="...)
	b = appendRFC3339Millis(b, a.Time)
	b = append(b, " level="...)
	b = append(b, a.Level.String()...)
	b = append(b, " msg=request request_id="...)
	b = append(b, a.RequestID...)
	b = append(b, " method="...)
	b = append(b, a.Method...)
	b = append(b, " route="...)
	b = append(b, a.Route...)
	b = append(b, " path="...)
	b = append(b, a.Path...)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(a.Status), 10)
	b = append(b, " duration_seconds="...)
	b = strconv.AppendFloat(b, a.Duration.Seconds(), 'g', -1, 64)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, a.Bytes, 10)
	if a.User != "" {
		b = append(b, " user="...)
		b = append(b, a.User...)
	}
	return append(b, '\n')
}

// appendJSON is slog's JSONHandler output for a plain line.
func appendJSON(b []byte, a Access) []byte {
	b = append(b, `{"time":"`...)
	b = a.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"`...)
	b = append(b, a.Level.String()...)
	b = append(b, `","msg":"request","request_id":"`...)
	b = append(b, a.RequestID...)
	b = append(b, `","method":"`...)
	b = append(b, a.Method...)
	b = append(b, `","route":"`...)
	b = append(b, a.Route...)
	b = append(b, `","path":"`...)
	b = append(b, a.Path...)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(a.Status), 10)
	b = append(b, `,"duration_seconds":`...)
	b = appendJSONFloat(b, a.Duration.Seconds())
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, a.Bytes, 10)
	if a.User != "" {
		b = append(b, `,"user":"`...)
		b = append(b, a.User...)
		b = append(b, '"')
	}
	return append(b, "}\n"...)
}

// appendRFC3339Millis is slog's text time format: RFC 3339 with exactly
// three fractional digits.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// appendJSONFloat formats f as encoding/json does, which slog's
// JSONHandler uses for floats.
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
