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

package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
)

// followKubelet is a test node's kubelet whose containers log what the
// test writes to them: each line at once, flushed, and with follow=true
// the log stays open until the container ends (its channel is closed).
// It records the queries it was asked, and each log read whose client (the
// API server, for the BFF) left before the container ended.
type followKubelet struct {
	mu         sync.Mutex
	containers map[string]chan string
	queries    map[string]url.Values
	left       map[string]int
}

func newFollowKubelet() *followKubelet {
	return &followKubelet{containers: map[string]chan string{}, queries: map[string]url.Values{}, left: map[string]int{}}
}

// container is the channel of what the named container writes next.
func (k *followKubelet) container(name string) chan string {
	k.mu.Lock()
	defer k.mu.Unlock()
	c, ok := k.containers[name]
	if !ok {
		c = make(chan string, 100)
		k.containers[name] = c
	}
	return c
}

func (k *followKubelet) query(container string) url.Values {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.queries[container]
}

func (k *followKubelet) leftCount(container string) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.left[container]
}

func (k *followKubelet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// /containerLogs/{namespace}/{pod}/{container}
	parts := strings.Split(r.URL.Path, "/")
	name := parts[len(parts)-1]
	lines := k.container(name)
	k.mu.Lock()
	k.queries[name] = r.URL.Query()
	k.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				return // the container ended
			}
			_, _ = w.Write([]byte(line + "\n"))
			w.(http.Flusher).Flush()
		case <-r.Context().Done():
			k.mu.Lock()
			k.left[name]++
			k.mu.Unlock()
			return
		}
	}
}

// logLines are the lines of a log event.
func logLines(t *testing.T, ev sseEvent) []string {
	t.Helper()
	if ev.event != "log" {
		t.Fatalf("event %q (%s), want log", ev.event, ev.data)
	}
	var data struct{ Lines []string }
	if err := json.Unmarshal([]byte(ev.data), &data); err != nil {
		t.Fatalf("log event data is not JSON: %v\n%s", err, ev.data)
	}
	return data.Lines
}

// receiveLines reads log events until it has n lines.
func receiveLines(t *testing.T, s *sseStream, n int) (lines []string, last sseEvent) {
	t.Helper()
	for len(lines) < n {
		last = s.next(t)
		lines = append(lines, logLines(t, last)...)
	}
	return lines, last
}

func TestFollowWorkspaceLog(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ns := env.Namespace(t)
	kl := newFollowKubelet()
	node := env.Node(t, kl)
	containers := []string{"main", "resumed", "leaver", "budget"}
	var statuses []corev1.ContainerStatus
	for _, c := range containers {
		statuses = append(statuses, corev1.ContainerStatus{Name: c, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}})
	}
	runPod(t, ns, "ws-lab-0", node, statuses, nil)
	withStatus(t, newWorkspace(ns, "lab", "any"), podStatus("ws-lab-0", containers))
	withStatus(t, newWorkspace(ns, "no-pod", "any"), v1beta1.WorkspaceStatus{State: v1beta1.WorkspaceStatePaused})
	for _, name := range []string{"lab", "no-pod"} {
		waitFor(t, base+"/api/v1/workspaces/"+ns+"/"+name+"/podtemplate/details", func(r response) bool {
			return r.status == http.StatusOK && (name != "lab" || strings.Contains(string(r.body), `"pod":`))
		}, "the Workspace's status served")
	}
	stream := func(name string) string {
		return base + "/api/v1/workspaces/" + ns + "/" + name + "/podtemplate/logs/stream"
	}

	t.Run("lines arrive as events as the container writes them, and the stream ends with the container", func(t *testing.T) {
		main := kl.container("main")
		s := openWatch(t, stream("lab"), "user@example.com")
		expect(t, response{status: s.resp.StatusCode}, http.StatusOK)
		main <- "2026-01-01T00:00:01Z first"
		main <- "2026-01-01T00:00:02.5Z second"
		lines, last := receiveLines(t, s, 2)
		if strings.Join(lines, "|") != "2026-01-01T00:00:01Z first|2026-01-01T00:00:02.5Z second" || last.id != "2026-01-01T00:00:02.5Z" {
			t.Fatalf("lines %q, last id %q", lines, last.id)
		}
		q := kl.query("main")
		if q.Get("follow") != "true" || q.Get("timestamps") != "true" || q.Get("tailLines") != "1000" || q.Get("limitBytes") != "104857600" {
			t.Errorf("the kubelet was asked %v, want follow, timestamps, the last 1000 lines and at most 100 MiB", q)
		}
		main <- "2026-01-01T00:00:03Z third"
		if lines, _ := receiveLines(t, s, 1); lines[0] != "2026-01-01T00:00:03Z third" {
			t.Fatalf("lines %q", lines)
		}
		close(main)
		rest := s.ended(t)
		var names []string
		for _, ev := range rest {
			if ev.comment == "" {
				names = append(names, ev.event+" "+ev.id+" "+ev.data)
			}
		}
		if strings.Join(names, ",") != "end 2026-01-01T00:00:03Z {}" {
			t.Fatalf("after the container ended: %q, want one end event", names)
		}
	})

	t.Run("a client resuming with Last-Event-ID gets the lines after it", func(t *testing.T) {
		c := kl.container("resumed")
		for _, line := range []string{"2026-01-01T00:00:01Z one", "2026-01-01T00:00:02.5Z two", "2026-01-01T00:00:02.7Z three"} {
			c <- line
		}
		close(c)
		s := openWatch(t, stream("lab")+"?container=resumed&tailLines=1", "user@example.com", "Last-Event-ID", "2026-01-01T00:00:02.5Z")
		expect(t, response{status: s.resp.StatusCode}, http.StatusOK)
		events := s.ended(t)
		if len(events) != 2 || strings.Join(logLines(t, events[0]), "|") != "2026-01-01T00:00:02.7Z three" || events[1].event != "end" {
			t.Fatalf("events %+v, want the third line, then the end", events)
		}
		// The node is asked from the second of the last line sent (a
		// sinceTime has whole seconds), for as many lines as the BFF
		// allows.
		if q := kl.query("resumed"); q.Get("sinceTime") != "2026-01-01T00:00:02Z" || q.Get("tailLines") != "10000" {
			t.Fatalf("the kubelet was asked %v", q)
		}
	})

	t.Run("a client that leaves ends the read from the node", func(t *testing.T) {
		c := kl.container("leaver")
		s := openWatch(t, stream("lab")+"?container=leaver", "user@example.com")
		c <- "2026-01-01T00:00:01Z hello"
		receiveLines(t, s, 1)
		s.close()
		waitUntil(t, func() bool { return kl.leftCount("leaver") == 1 }, "the kubelet's log read ends")
	})

	t.Run("a user following as many logs as they may gets 429 for one more", func(t *testing.T) {
		user := "follower-" + ns + "@example.com"
		grantClusterAdmin(t, user)
		url := stream("lab") + "?container=budget"
		var first *sseStream
		waitUntil(t, func() bool {
			first = openWatch(t, url, user)
			if first.resp.StatusCode == http.StatusForbidden {
				first.close()
				return false
			}
			return true
		}, "the API server authorizes the user")
		for i := range 4 {
			s := first
			if i > 0 {
				s = openWatch(t, url, user)
			}
			expect(t, response{status: s.resp.StatusCode}, http.StatusOK)
		}
		r := do(t, http.MethodGet, url, "kubeflow-userid", user)
		expect(t, r, http.StatusTooManyRequests)
		if r.header.Get("Retry-After") == "" {
			t.Error("a 429 without Retry-After")
		}
		validateStreamError(t, url, r)
	})

	for _, tt := range []struct {
		name, workspace, user string
		status                int
	}{
		{"a caller who may not get the Workspace is 403", "lab", "nobody-" + ns + "@example.com", http.StatusForbidden},
		{"a missing Workspace is 404", "missing", "user@example.com", http.StatusNotFound},
		{"a Workspace without a Pod is 400", "no-pod", "user@example.com", http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, http.MethodGet, stream(tt.workspace), "kubeflow-userid", tt.user)
			expect(t, r, tt.status)
			validateStreamError(t, stream(tt.workspace), r)
		})
	}
}

// validateStreamError checks an error answer of the stream route against
// the OpenAPI document.
func validateStreamError(t *testing.T, url string, r response) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	apitest.ValidateOurs(t, req, r.status, r.header, r.body)
}

// pipeLogs opens a log that a quiet container never writes to.
type pipeLogs struct{ r *io.PipeReader }

func (p pipeLogs) Open(context.Context, *v1beta1.Workspace, podlogs.Options) (io.ReadCloser, error) {
	return p.r, nil
}

// revocable allows until revoked.
type revocable struct{ revoked atomic.Bool }

func (a *revocable) Allowed(context.Context, auth.User, auth.Policy) (bool, error) {
	return !a.revoked.Load(), nil
}

func (a *revocable) Filter(_ context.Context, _ auth.User, _ auth.Policy, ns []string) ([]string, error) {
	return ns, nil
}

// A followed log that is quiet still sends heartbeats, as watch streams do,
// and each checks the caller's access again: revoked, the stream ends with
// a 403 error event.
func TestFollowedLogHeartbeats(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	authz := &revocable{}
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: authz,
		Objects:    stubObjects{},
		PodLogs:    pipeLogs{pr},
		Watch:      httpapi.WatchOptions{Heartbeat: time.Millisecond},
	}))
	t.Cleanup(srv.Close) // after the stream's own cleanup closes it
	s := openWatch(t, srv.URL+"/api/v1/workspaces/ns/ws/podtemplate/logs/stream", "user@example.com")
	select {
	case ev, ok := <-s.events:
		if !ok || ev.comment != "heartbeat" || ev.event != "" {
			t.Fatalf("the first thing sent: %+v (open %v), want a heartbeat", ev, ok)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no heartbeat within 15s")
	}
	authz.revoked.Store(true)
	var events []string
	for _, ev := range s.ended(t) {
		if ev.comment == "" {
			events = append(events, ev.event+" "+ev.data)
		}
	}
	if len(events) != 1 || !strings.HasPrefix(events[0], `error {"error":{"code":"403"`) {
		t.Fatalf("after access was revoked: %q, want one 403 error event", events)
	}
}

// A node whose log breaks midway ends the stream with a 502 error event,
// not an end event: the client can tell a broken log from a finished one.
// A Last-Event-ID that is no time is ignored.
func TestFollowedLogBreaks(t *testing.T) {
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: allowAll{},
		Objects:    stubObjects{},
		PodLogs:    brokenLogs{},
	}))
	t.Cleanup(srv.Close)
	s := openWatch(t, srv.URL+"/api/v1/workspaces/ns/ws/podtemplate/logs/stream", "user@example.com", "Last-Event-ID", "not-a-time")
	events := s.ended(t)
	if len(events) != 2 || strings.Join(logLines(t, events[0]), "|") != "2026-01-01T00:00:00Z a line" ||
		events[1].event != "error" || !strings.HasPrefix(events[1].data, `{"error":{"code":"502"`) {
		t.Fatalf("events %+v, want the line, then a 502 error event", events)
	}
}
