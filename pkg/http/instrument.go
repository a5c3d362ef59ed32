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
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
)

// RequestObserver records every request, for metrics (pkg/metrics
// implements it). Calls are made on the request's goroutine.
type RequestObserver interface {
	// Started is a request that arrived.
	Started()
	// Finished is a request answered: its route template (RouteUnmatched
	// when no route matched), method, status, how long it took and how
	// many body bytes were written.
	Finished(route, method string, status int, d time.Duration, bytes int64)
}

// RouteUnmatched is the route of requests no route matched (404, and 405
// for a known path with a method it does not serve), so raw paths never
// become metric labels.
const RouteUnmatched = "unmatched"

// RequestIDHeader carries a request's id: taken from the request when sane,
// else generated, and always echoed in the response.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an accepted request id; longer ones are replaced.
const maxRequestIDLen = 128

// requestInfo is what the access log and the metrics learn while a request
// is handled: instrument puts it in the context, the router's middleware
// fills the matched route, and authenticated fills the user. A handler runs
// on instrument's goroutine, so no lock is needed.
type requestInfo struct {
	id    string
	route string
	user  auth.User
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return info
}

// recordRoute is the router's middleware, run for matched routes only: it
// records the route's template, for the metrics and the access log.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info := requestInfoFrom(r.Context()); info != nil {
			info.route, _ = mux.CurrentRoute(r).GetPathTemplate()
		}
		next.ServeHTTP(w, r)
	})
}

// quietRoutes are polled by machines (probes, scrapers): their access lines
// are logged at debug level, so they do not drown the rest.
var quietRoutes = map[string]bool{"/livez": true, "/readyz": true, "/metrics": true}

// AccessLogOptions choose which requests get an access line at info level;
// the others are logged at debug. The zero value logs what an operator
// acts on and nothing a polling frontend repeats every few seconds.
type AccessLogOptions struct {
	// All logs every request at info (but probes and scrapes, always at
	// debug), as a request log for auditing or debugging would.
	All bool
	// Slow is the duration over which a request is logged at info
	// whatever its answer; zero logs none for being slow. Watch streams
	// last minutes by design and are never slow.
	Slow time.Duration
}

// level is the level of an access line: info when the request changed
// something, failed on the server, was refused for a reason worth a look
// (any 4xx but 404, which a poll of a deleted Workspace meets, and 304,
// which is a success), or was slow; debug when it was a successful read.
func (o AccessLogOptions) level(method, route string, status int, d time.Duration) slog.Level {
	switch {
	case quietRoutes[route]:
		return slog.LevelDebug
	case o.All,
		method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions,
		status >= 500,
		status >= 400 && status != http.StatusNotFound,
		o.Slow > 0 && d > o.Slow && !strings.HasSuffix(route, watchRouteSuffix):
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

// instrument wraps the router: it assigns the request id, counts the
// request with obs and logs one access line to log (either may be nil),
// at the level opts chooses.
func instrument(next http.Handler, obs RequestObserver, log *slog.Logger, opts AccessLogOptions) http.Handler {
	next = recovering(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: requestID(r.Header.Get(RequestIDHeader)), route: RouteUnmatched}
		w.Header().Set(RequestIDHeader, info.id)
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		ctx = logging.WithRequestID(ctx, info.id)
		rec := &recorder{ResponseWriter: w}
		if obs != nil {
			obs.Started()
		}
		panicked := true
		defer func() {
			if rec.status == 0 {
				// Nothing written: net/http answers 200, unless the
				// handler panicked, which aborts the response.
				rec.status = http.StatusOK
				if panicked {
					rec.status = http.StatusInternalServerError
				}
			}
			d := time.Since(start)
			if obs != nil {
				obs.Finished(info.route, r.Method, rec.status, d, rec.bytes)
			}
			if log != nil {
				logAccess(r.Context(), log, opts.level(r.Method, info.route, rec.status, d), r, info, rec, start, d)
			}
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
		panicked = false
	})
}

// recovering turns a handler's panic into upstream's answer, a 500
// envelope with Connection: close, and a log line with the stack, instead
// of a connection cut short. http.ErrAbortHandler keeps its meaning.
func recovering(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p)
			}
			slog.ErrorContext(r.Context(), "handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if rec, ok := w.(*recorder); ok && rec.status != 0 {
				// The answer has begun: all that is left is to end it.
				panic(http.ErrAbortHandler)
			}
			w.Header().Set("Connection", "close")
			writeJSON(w, http.StatusInternalServerError, (&Error{Status: http.StatusInternalServerError, Message: msgInternal}).envelope())
		}()
		next.ServeHTTP(w, r)
	})
}

// logAccess writes a request's access line: no headers, no query (tokens
// and filters stay out of the logs), no body.
func logAccess(ctx context.Context, log *slog.Logger, level slog.Level, r *http.Request, info *requestInfo, w *recorder, start time.Time, d time.Duration) {
	// ctx is the request's own context, without the request id: the
	// line carries it already and the logging handler must not add it twice.
	logging.LogAccess(ctx, log, logging.Access{
		Time: start.Add(d), Level: level,
		RequestID: info.id, Method: r.Method, Route: info.route, Path: r.URL.EscapedPath(),
		Status: w.status, Duration: d, Bytes: w.bytes, User: info.user.Name,
	})
}

// requestIDPrefix makes the ids this process generates unique across
// processes and restarts; a counter makes them unique within it, for a few
// nanoseconds instead of a read of the system's random source per request.
var (
	requestIDPrefix = rand.Text()[:12] + "-"
	requestIDs      atomic.Uint64
)

// requestID returns the client's id when it is sane (1 to 128 visible
// ASCII characters, so it cannot forge log lines or headers), else a new
// one.
func requestID(client string) string {
	if client != "" && len(client) <= maxRequestIDLen {
		sane := true
		for i := 0; i < len(client); i++ {
			if c := client[i]; c < 0x21 || c > 0x7e {
				sane = false
				break
			}
		}
		if sane {
			return client
		}
	}
	return requestIDPrefix + strconv.FormatUint(requestIDs.Add(1), 36)
}

// recorder remembers the status and counts the body bytes a handler writes.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 && status >= 200 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer
// (flushing, deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
