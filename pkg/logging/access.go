/*
Copyright 2026 The Kubeflow Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

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
