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
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
)

// finished is one request a fakeObserver saw.
type finished struct {
	route, method string
	status        int
	bytes         int64
}

type fakeObserver struct {
	inFlight int
	seen     []finished
}

func (o *fakeObserver) Started() { o.inFlight++ }

func (o *fakeObserver) Finished(route, method string, status int, _ time.Duration, bytes int64) {
	o.inFlight--
	o.seen = append(o.seen, finished{route, method, status, bytes})
}

func TestInstrument(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		path      string
		headers   map[string]string
		want      finished
		wantLog   map[string]any // fields of the access line
		quiet     bool           // no access line at info level
		wantID    string         // "" : any generated id
		absentLog []string
	}{
		{name: "a matched route is labelled with its template, not its path",
			method: "GET", path: "/api/v1/workspaces/team-a/lab", headers: map[string]string{"kubeflow-userid": ":bob"},
			want: finished{"/api/v1/workspaces/{namespace}/{name}", "GET", 403, 83},
			wantLog: map[string]any{"msg": "request", "method": "GET", "route": "/api/v1/workspaces/{namespace}/{name}",
				"path": "/api/v1/workspaces/team-a/lab", "status": 403.0, "user": "bob"}},
		{name: "an unknown path is unmatched", method: "GET", path: "/api/v1/nope/secret-name",
			want:    finished{RouteUnmatched, "GET", 404, 0},
			wantLog: map[string]any{"route": RouteUnmatched, "status": 404.0}},
		{name: "a method the path does not serve is unmatched", method: "DELETE", path: "/api/v1/healthcheck",
			want:    finished{RouteUnmatched, "DELETE", 405, 0},
			wantLog: map[string]any{"route": RouteUnmatched, "status": 405.0}},
		{name: "an unauthenticated request has no user", method: "GET", path: "/api/v1/workspaces",
			want:    finished{"/api/v1/workspaces", "GET", 401, 0},
			wantLog: map[string]any{"status": 401.0, "user": nil}},
		{name: "a sane client request id is kept", method: "GET", path: "/api/v1/healthcheck",
			headers: map[string]string{RequestIDHeader: "trace-42/abc"},
			want:    finished{"/api/v1/healthcheck", "GET", 200, 0},
			wantLog: map[string]any{"request_id": "trace-42/abc"}, wantID: "trace-42/abc"},
		{name: "a request id with spaces is replaced", method: "GET", path: "/api/v1/healthcheck",
			headers: map[string]string{RequestIDHeader: "a b"},
			want:    finished{"/api/v1/healthcheck", "GET", 200, 0}},
		{name: "an overlong request id is replaced", method: "GET", path: "/api/v1/healthcheck",
			headers: map[string]string{RequestIDHeader: strings.Repeat("x", maxRequestIDLen+1)},
			want:    finished{"/api/v1/healthcheck", "GET", 200, 0}},
		{name: "probes are logged at debug only", method: "GET", path: "/livez",
			want: finished{"/livez", "GET", 200, 0}, quiet: true},
		{name: "the query and headers stay out of the log", method: "GET", path: "/api/v1/workspacekinds?continue=tok3n",
			headers:   map[string]string{"kubeflow-userid": ":bob", "Authorization": "Bearer s3cret"},
			want:      finished{"/api/v1/workspacekinds", "GET", 403, 0},
			wantLog:   map[string]any{"path": "/api/v1/workspacekinds", "user": "bob"},
			absentLog: []string{"tok3n", "s3cret", "Authorization"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := &fakeObserver{}
			var logs bytes.Buffer
			logger, err := logging.New(&logs, logging.FormatJSON, slog.LevelInfo)
			if err != nil {
				t.Fatal(err)
			}
			router := NewRouter(Dependencies{
				Ready:      func() (bool, string) { return true, "" },
				Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
				Authorizer: denyAll{},
				Observer:   obs,
				AccessLog:  logger,
				// Every line, to check what a line holds; which
				// requests get one is TestAccessLogLevel's.
				AccessLogOptions: AccessLogOptions{All: true},
			})
			req := httptest.NewRequest(tt.method, tt.path, nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			router.ServeHTTP(rec, req)

			tt.want.bytes = int64(rec.Body.Len())
			if len(obs.seen) != 1 || obs.seen[0] != tt.want || obs.inFlight != 0 {
				t.Fatalf("observed %+v (in flight %d), want %+v", obs.seen, obs.inFlight, tt.want)
			}
			id := rec.Header().Get(RequestIDHeader)
			switch {
			case tt.wantID != "" && id != tt.wantID:
				t.Fatalf("request id %q, want %q", id, tt.wantID)
			case tt.wantID == "" && !strings.HasPrefix(id, requestIDPrefix):
				t.Fatalf("request id %q: want a generated one", id)
			}
			if tt.quiet {
				if logs.Len() != 0 {
					t.Fatalf("unexpected log at info level: %s", logs.String())
				}
				return
			}
			var line map[string]any
			if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
				t.Fatalf("want one JSON access line, got %q: %v", logs.String(), err)
			}
			if line["request_id"] != id {
				t.Errorf("request_id %v, want the echoed %q", line["request_id"], id)
			}
			if _, ok := line["duration_seconds"].(float64); !ok {
				t.Errorf("no duration_seconds in %v", line)
			}
			if line["bytes"] != float64(rec.Body.Len()) {
				t.Errorf("bytes %v, want %d", line["bytes"], rec.Body.Len())
			}
			for k, want := range tt.wantLog {
				if got := line[k]; got != want {
					t.Errorf("%s = %#v, want %#v (line %s)", k, got, want, logs.String())
				}
			}
			for _, s := range tt.absentLog {
				if strings.Contains(logs.String(), s) {
					t.Errorf("the access line contains %q: %s", s, logs.String())
				}
			}
		})
	}
}

// A handler's own log lines carry the request id of its access line.
func TestRequestIDReachesHandlerLogs(t *testing.T) {
	var logs bytes.Buffer
	logger, err := logging.New(&logs, logging.FormatText, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	h := instrument(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logger.InfoContext(r.Context(), "inside")
	}), nil, nil, AccessLogOptions{})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set(RequestIDHeader, "req-7")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !strings.Contains(logs.String(), "msg=inside request_id=req-7") {
		t.Fatalf("handler log %q lacks the request id", logs.String())
	}
}

// A panicking handler is counted as a 500 and leaves nothing in flight.
func TestInstrumentCountsPanics(t *testing.T) {
	obs := &fakeObserver{}
	h := instrument(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), obs, nil, AccessLogOptions{})
	func() {
		defer func() { _ = recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}()
	if len(obs.seen) != 1 || obs.seen[0].status != 500 || obs.inFlight != 0 {
		t.Fatalf("observed %+v (in flight %d)", obs.seen, obs.inFlight)
	}
}

// A handler's panic is answered with upstream's 500 envelope and
// Connection: close, and counted as a 500.
func TestPanicIsA500Envelope(t *testing.T) {
	obs := &fakeObserver{}
	h := instrument(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), obs, nil, AccessLogOptions{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError || rec.Header().Get("Connection") != "close" ||
		rec.Body.String() != `{"error":{"code":"500","message":"the server encountered a problem and could not process your request"}}` {
		t.Fatalf("answer %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
	if len(obs.seen) != 1 || obs.seen[0].status != 500 {
		t.Fatalf("observed %+v", obs.seen)
	}
}

// Which requests get an access line at info, by default and with All: a
// polling frontend's successful reads stay at debug unless asked for.
func TestAccessLogLevel(t *testing.T) {
	const (
		list   = "/api/v1/workspaces/{namespace}"
		one    = "/api/v1/workspaces/{namespace}/{name}"
		stream = list + watchRouteSuffix
	)
	byDefault := AccessLogOptions{Slow: time.Second}
	all := AccessLogOptions{All: true, Slow: time.Second}
	tests := []struct {
		name          string
		method, route string
		status        int
		d             time.Duration
		wantDefault   slog.Level
		wantAll       slog.Level
	}{
		{"a successful poll is debug by default", "GET", list, 200, time.Millisecond, slog.LevelDebug, slog.LevelInfo},
		{"a HEAD is a read", "HEAD", one, 200, time.Millisecond, slog.LevelDebug, slog.LevelInfo},
		{"an OPTIONS is a read", "OPTIONS", RouteUnmatched, 200, time.Millisecond, slog.LevelDebug, slog.LevelInfo},
		{"a 304 is a successful read", "GET", list, 304, time.Millisecond, slog.LevelDebug, slog.LevelInfo},
		{"a 404 is what polls of a deleted Workspace meet", "GET", one, 404, time.Millisecond, slog.LevelDebug, slog.LevelInfo},
		{"a create is a write", "POST", list, 201, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a delete is a write", "DELETE", one, 204, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a failed patch is logged", "PATCH", one, 409, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"an unauthenticated read is logged", "GET", list, 401, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"an authorization denial is logged", "GET", list, 403, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a bad query is logged", "GET", list, 422, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a 405 is logged", "DELETE", RouteUnmatched, 405, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a read failing on the server is logged", "GET", list, 500, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a 503 is logged", "GET", list, 503, time.Millisecond, slog.LevelInfo, slog.LevelInfo},
		{"a slow read is logged", "GET", list, 200, 2 * time.Second, slog.LevelInfo, slog.LevelInfo},
		{"a read at the threshold is not slow", "GET", list, 200, time.Second, slog.LevelDebug, slog.LevelInfo},
		{"a long watch stream is not slow", "GET", stream, 200, time.Hour, slog.LevelDebug, slog.LevelInfo},
		{"probes are debug even when failing", "GET", "/readyz", 503, time.Millisecond, slog.LevelDebug, slog.LevelDebug},
		{"scrapes are debug even when slow", "GET", "/metrics", 200, time.Minute, slog.LevelDebug, slog.LevelDebug},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := byDefault.level(tt.method, tt.route, tt.status, tt.d); got != tt.wantDefault {
				t.Errorf("by default: %v, want %v", got, tt.wantDefault)
			}
			if got := all.level(tt.method, tt.route, tt.status, tt.d); got != tt.wantAll {
				t.Errorf("with all: %v, want %v", got, tt.wantAll)
			}
		})
	}
	if got := (AccessLogOptions{}).level("GET", list, 200, time.Hour); got != slog.LevelDebug {
		t.Errorf("with no threshold a long read is %v, want debug", got)
	}
}

// The router logs at the level AccessLogOptions chose: at info, by
// default, a refused write but not a successful read.
func TestAccessLogOptionsReachTheLog(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts AccessLogOptions
		want []string // the paths logged at info, in order
	}{
		{"by default", AccessLogOptions{Slow: time.Hour}, []string{"/api/v1/workspaces/team-a"}},
		{"all", AccessLogOptions{All: true}, []string{"/api/v1/healthcheck", "/api/v1/workspaces/team-a"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger, err := logging.New(&logs, logging.FormatJSON, slog.LevelInfo)
			if err != nil {
				t.Fatal(err)
			}
			router := NewRouter(Dependencies{
				Ready:            func() (bool, string) { return true, "" },
				Users:            auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
				Authorizer:       denyAll{},
				AccessLog:        logger,
				AccessLogOptions: tt.opts,
			})
			for _, r := range []*http.Request{
				httptest.NewRequest("GET", "/api/v1/healthcheck", nil),
				httptest.NewRequest("POST", "/api/v1/workspaces/team-a", strings.NewReader("{}")),
			} {
				r.Header.Set("kubeflow-userid", ":bob")
				router.ServeHTTP(httptest.NewRecorder(), r)
			}
			var paths []string
			dec := json.NewDecoder(&logs)
			for dec.More() {
				var line struct{ Path string }
				if err := dec.Decode(&line); err != nil {
					t.Fatal(err)
				}
				paths = append(paths, line.Path)
			}
			if strings.Join(paths, " ") != strings.Join(tt.want, " ") {
				t.Errorf("logged %q, want %q", paths, tt.want)
			}
		})
	}
}
