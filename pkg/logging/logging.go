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

// Package logging builds the BFF's structured logger (log/slog, text or
// JSON) and carries the request id from a request's context into every line
// logged with that context, so a handler's warning and the request's access
// line can be joined.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// Formats the logger writes.
const (
	FormatText = "text"
	FormatJSON = "json"
)

// New returns a logger writing format (FormatText or FormatJSON) to w,
// dropping lines below level. Lines logged with a context that carries a
// request id (WithRequestID) get a request_id attribute.
func New(w io.Writer, format string, level slog.Leveler) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch format {
	case FormatText:
		h = slog.NewTextHandler(w, opts)
	case FormatJSON:
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("log format %q: must be %s or %s", format, FormatText, FormatJSON)
	}
	return slog.New(contextHandler{h}), nil
}

// RequestIDKey is the context key of a request's id, a string.
type RequestIDKey struct{}

// WithRequestID stores a request's id in ctx.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, RequestIDKey{}, id)
}

// RequestID returns the id stored in ctx.
func RequestID(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(RequestIDKey{}).(string)
	return id, ok
}

// contextHandler adds request-scoped attributes from the context of each
// record, so callers log with slog.InfoContext(r.Context(), ...) and need
// not thread the id through.
type contextHandler struct {
	slog.Handler
}

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := RequestID(ctx); ok {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}
