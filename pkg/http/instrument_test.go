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
	}), nil, nil)
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
	h := instrument(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), obs, nil)
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
	h := instrument(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), obs, nil)
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
