package logging

import (
	"context"
	"log/slog"
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

// LogAccess logs a's line ("msg=request") to log, at a.Level.
func LogAccess(ctx context.Context, log *slog.Logger, a Access) {
	if !log.Enabled(ctx, a.Level) {
		return
	}
	r := slog.NewRecord(a.Time, a.Level, "request", 0)
	r.AddAttrs(a.attrs()...)
	_ = log.Handler().Handle(ctx, r)
}
