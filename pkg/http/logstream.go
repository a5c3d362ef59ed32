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

package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
)

// logStreams holds the handler of a followed log: the batch route's
// handler's fields, and the watch streams' heartbeat and write timeout.
type logStreams struct {
	podTemplate
	watch WatchOptions
}

// follow answers GET .../podtemplate/logs/stream, beyond upstream: the
// container's log as it is written, as Server-Sent Events. The query and
// the access check are the batch route's. Each event is a batch of lines,
// "event: log", whose id is the timestamp of its last line; heartbeats
// (comments) keep an idle stream open and recheck the caller's access;
// "event: end" says the container ended. The stream also ends, without an
// end event, after LogTimeout: a client (an EventSource does it by itself)
// reconnects with Last-Event-ID, and the stream resumes after the line it
// names.
func (h logStreams) follow(w http.ResponseWriter, r *http.Request) error {
	ws, opts, release, err := h.startLog(r)
	if err != nil {
		return err
	}
	defer release()
	policy := auth.Workspaces.On("get", ws.Namespace, ws.Name)

	// Resuming: the node sends the lines from the second of the last one
	// sent (sinceTime has whole seconds), as many as tailLines may hold,
	// and those up to the last one sent are dropped here.
	resume := logResume{keep: true}
	if last, err := time.Parse(time.RFC3339Nano, r.Header.Get("Last-Event-ID")); err == nil {
		resume = logResume{after: last}
		since := metav1.NewTime(last)
		opts.SinceTime, opts.TailLines = &since, h.limits.MaxTailLines
	}
	opts.Follow = true
	ctx, cancel := context.WithTimeout(r.Context(), h.limits.LogTimeout)
	defer cancel()
	stream, err := h.podLogs.Open(ctx, ws, opts)
	if err != nil {
		return logError(r, err)
	}
	defer stream.Close()

	out := startEventStream(w, "no-store", h.watch.WriteTimeout)
	if r.Method == http.MethodHead {
		return nil
	}
	if err := out.flush(); err != nil {
		return nil
	}

	// The node's stream is read on its own goroutine, so that heartbeats
	// go out while it waits; it stops when the handler returns and closes
	// the stream, or cancels ctx.
	batches := make(chan []string)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- podlogs.Batches(stream, func(lines []string) error {
			select {
			case batches <- lines:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	heartbeat := time.NewTicker(h.watch.Heartbeat)
	defer heartbeat.Stop()
	for {
		select {
		case lines, ok := <-batches:
			if !ok {
				err := <-readErr
				if ctx.Err() != nil {
					// The client left, or the stream's time is up: the
					// client resumes.
					return nil
				}
				endLogStream(r, out, err, resume.id())
				return nil
			}
			lines = resume.filter(lines)
			if len(lines) == 0 {
				continue
			}
			data, _ := json.Marshal(logLines{Lines: lines})
			out.write([]byte(resume.id()+"event: log\ndata: "), data, sseEnd)
		case <-heartbeat.C:
			if err := h.guard.allowed(r, policy); err != nil {
				var apiErr *Error
				if errors.As(err, &apiErr) && apiErr.Status < http.StatusInternalServerError {
					out.write([]byte("event: error\ndata: "), errorJSON(apiErr), sseEnd)
					_ = out.flush()
					return nil
				}
			}
			out.write([]byte(": heartbeat\n\n"))
		case <-ctx.Done():
			return nil
		case <-h.watch.Stop:
			// Shutting down: closed without an end event, so that the
			// client resumes on another replica.
			return nil
		}
		if err := out.flush(); err != nil {
			return nil // the client went away
		}
	}
}

// logLines is the data of a log event.
type logLines struct {
	// Lines are the log's lines, each after its RFC 3339 timestamp, as
	// the batch route sends them.
	Lines []string `json:"lines"`
}

// logResume is where a stream is in the log: the time of the last line
// sent, and whether the line being sent is one to keep.
type logResume struct {
	after time.Time
	keep  bool
}

// filter drops the lines logged at or before the last one sent (those a
// resumed stream sent already), and the pieces of a long line that
// follow a dropped start.
func (c *logResume) filter(lines []string) []string {
	kept := lines[:0]
	for _, line := range lines {
		if t, ok := podlogs.LineTime(line); ok {
			c.keep = t.After(c.after)
			if c.keep {
				c.after = t
			}
		}
		if c.keep {
			kept = append(kept, line)
		}
	}
	return kept
}

// id is the id field of the next event: the time of the last line sent,
// a Last-Event-ID to resume from; none before a line was sent.
func (c *logResume) id() string {
	if c.after.IsZero() {
		return ""
	}
	return "id: " + c.after.Format(time.RFC3339Nano) + "\n"
}

// endLogStream writes why the node's stream ended: the container ended
// (the end event) or the node failed (an error event).
func endLogStream(r *http.Request, out *sseWriter, err error, id string) {
	if err == nil {
		out.write([]byte(id + "event: end\ndata: {}\n\n"))
	} else {
		slog.WarnContext(r.Context(), "following a workspace log failed", "error", err)
		out.write([]byte("event: error\ndata: "), errorJSON(&Error{Status: http.StatusBadGateway, Message: msgNodeUnavailable}), sseEnd)
	}
	_ = out.flush()
}

// errorJSON is e's error envelope.
func errorJSON(e *Error) []byte {
	body, _ := json.Marshal(e.envelope())
	return body
}
