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
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// sseEvent is one Server-Sent Event, or a comment (heartbeat).
type sseEvent struct {
	id, event, data, comment string
}

// sseStream reads a watch stream's events as they arrive.
type sseStream struct {
	resp   *http.Response
	events chan sseEvent
	cancel context.CancelFunc
	// lastID is the last id the stream carried, as a client keeps it.
	mu     sync.Mutex
	lastID string
}

// openWatch opens a watch stream as user, with extra request headers.
func openWatch(t *testing.T, url, user string, headers ...string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", user)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s := &sseStream{resp: resp, events: make(chan sseEvent, 1024), cancel: cancel}
	t.Cleanup(s.close)
	if resp.StatusCode != http.StatusOK {
		return s
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("watch Content-Type %q", ct)
	}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.id != "" {
					s.mu.Lock()
					s.lastID = ev.id
					s.mu.Unlock()
				}
				s.events <- ev
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				ev.comment = strings.TrimSpace(line[1:])
			default:
				k, v, _ := strings.Cut(line, ": ")
				switch k {
				case "id":
					ev.id = v
				case "event":
					ev.event = v
				case "data":
					ev.data = v
				}
			}
		}
	}()
	return s
}

func (s *sseStream) close() {
	s.cancel()
	_ = s.resp.Body.Close()
}

func (s *sseStream) last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastID
}

// next returns the next event that is not a heartbeat.
func (s *sseStream) next(t *testing.T) sseEvent {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if ev.comment == "heartbeat" {
				continue
			}
			return ev
		case <-deadline:
			t.Fatal("no event within 15s")
		}
	}
}

// ended waits for the stream to end, returning the events before its end.
func (s *sseStream) ended(t *testing.T) []sseEvent {
	t.Helper()
	var got []sseEvent
	deadline := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return got
			}
			got = append(got, ev)
		case <-deadline:
			t.Fatal("the stream did not end within 15s")
		}
	}
}

// nameOf is the name an event's data carries (a list item or a deletion).
func nameOf(t *testing.T, ev sseEvent) string {
	t.Helper()
	var v struct{ Name string }
	if err := json.Unmarshal([]byte(ev.data), &v); err != nil {
		t.Fatalf("event %s data is not JSON: %v\n%s", ev.event, err, ev.data)
	}
	return v.Name
}

func createNamespace(t *testing.T, name string) {
	t.Helper()
	env := testenv.Get(t)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := env.Clients.Kube.CoreV1().Namespaces().Create(testenv.Context(t), ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func createWorkspace(t *testing.T, ws *v1beta1.Workspace) *v1beta1.Workspace {
	t.Helper()
	out, err := testenv.Get(t).Clients.Workspaces(ws.Namespace).Create(testenv.Context(t), ws, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestWatchWorkspaces(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	createNamespace(t, "watch-a")
	createNamespace(t, "watch-b")
	kind := sampleKind(t, "watch-kind")
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, kind, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	createWorkspace(t, newWorkspace("watch-a", "before", "watch-kind"))
	// Listed with its kind: the kind's informer may deliver it after the
	// Workspace, which is then rendered again (a change the stream would
	// otherwise see).
	waitFor(t, base+"/api/v1/workspaces/watch-a", func(r response) bool {
		item := listItems(t, r.body)["before"]
		return item != nil && field(item, "workspaceKind.missing") == false
	}, "the first Workspace listed with its kind")

	s := openWatch(t, base+"/api/v1/workspaces/watch-a?watch=true", "user@example.com")
	snap := s.next(t)
	if snap.event != "snapshot" || snap.id == "" {
		t.Fatalf("first event %+v, want a snapshot with an id", snap)
	}
	apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", []byte(snap.data))
	if got := listItems(t, []byte(snap.data)); len(got) != 1 || got["before"] == nil {
		t.Fatalf("snapshot items %v, want only before", got)
	}

	// Each change is one event with the rendered item; other namespaces'
	// changes are not this stream's.
	createWorkspace(t, newWorkspace("watch-b", "elsewhere", "watch-kind"))
	created := createWorkspace(t, newWorkspace("watch-a", "live", "watch-kind"))
	ev := s.next(t)
	if ev.event != "added" || nameOf(t, ev) != "live" {
		t.Fatalf("after a create: %s %s, want added live", ev.event, ev.data)
	}
	apitest.ValidateUpstream(t, "workspaces.WorkspaceListItem", []byte(ev.data))

	created.Status.State = v1beta1.WorkspaceStateRunning
	if _, err := env.Clients.Workspaces(created.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	ev = s.next(t)
	if ev.event != "modified" || nameOf(t, ev) != "live" || field(decode(t, ev.data), "state") != "Running" {
		t.Fatalf("after a status change: %s %s, want modified live with state Running", ev.event, ev.data)
	}
	resumeFrom := s.last()

	if err := env.Clients.Workspaces("watch-a").Delete(ctx, "live", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	ev = s.next(t)
	if ev.event != "deleted" || ev.data != `{"namespace":"watch-a","name":"live"}` {
		t.Fatalf("after a delete: %s %s", ev.event, ev.data)
	}
	s.close()

	t.Run("resumes from Last-Event-ID without a snapshot or a gap", func(t *testing.T) {
		createWorkspace(t, newWorkspace("watch-a", "while-away", "watch-kind"))
		r := openWatch(t, base+"/api/v1/workspaces/watch-a?watch=true", "user@example.com", "Last-Event-ID", resumeFrom)
		for _, want := range []string{"deleted live", "added while-away"} {
			ev := r.next(t)
			if got := ev.event + " " + nameOf(t, ev); got != want {
				t.Fatalf("resumed stream: %s, want %s", got, want)
			}
		}
	})
	t.Run("an id of another process starts with a snapshot", func(t *testing.T) {
		r := openWatch(t, base+"/api/v1/workspaces/watch-a?watch=true", "user@example.com", "Last-Event-ID", "another.5")
		if ev := r.next(t); ev.event != "snapshot" {
			t.Fatalf("first event %s, want snapshot", ev.event)
		}
	})
	t.Run("every namespace, and the kinds", func(t *testing.T) {
		all := openWatch(t, base+"/api/v1/workspaces?watch=true", "user@example.com")
		kinds := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com")
		snap := all.next(t)
		apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", []byte(snap.data))
		if items := listItems(t, []byte(snap.data)); items["elsewhere"] == nil || items["before"] == nil {
			t.Fatalf("the snapshot of every namespace lacks a Workspace: %v", items)
		}
		apitest.ValidateUpstream(t, "api.WorkspaceKindListEnvelope", []byte(kinds.next(t).data))
		createWorkspace(t, newWorkspace("watch-b", "other", "watch-kind"))
		if ev := all.next(t); ev.event != "added" || nameOf(t, ev) != "other" {
			t.Fatalf("every-namespace stream: %s %s", ev.event, ev.data)
		}
		if _, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, "watch-kind-2"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		ev := kinds.next(t)
		if ev.event != "added" || nameOf(t, ev) != "watch-kind-2" {
			t.Fatalf("kinds stream: %s %.200s", ev.event, ev.data)
		}
		apitest.ValidateUpstream(t, "workspacekinds.WorkspaceKindListItem", []byte(ev.data))
	})
}

func decode(t *testing.T, data string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWatchRejects(t *testing.T) {
	base := bff(t)
	tests := []struct {
		name       string
		url, user  string
		wantStatus int
	}{
		{"watch is a boolean", "/api/v1/workspaces?watch=maybe", "user@example.com", http.StatusUnprocessableEntity},
		{"a stream has no pages", "/api/v1/workspaces/default?watch=true&limit=5", "user@example.com", http.StatusUnprocessableEntity},
		{"no identity", "/api/v1/workspacekinds?watch=true", "", http.StatusUnauthorized},
		{"no access", "/api/v1/workspaces/default?watch=true", "nobody@example.com", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openWatch(t, base+tt.url, tt.user)
			if s.resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d", s.resp.StatusCode, tt.wantStatus)
			}
			if ct := s.resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Fatalf("a refused watch answers %q, want a JSON error", ct)
			}
		})
	}
}

// watchRouter serves the package's read model with watch options of its
// own, as cluster-admin's user@example.com and others bound by RBAC.
func watchRouter(t *testing.T, opts httpapi.WatchOptions) string {
	t.Helper()
	bff(t)
	env := testenv.Get(t)
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Ready: func() (bool, string) { return true, "" },
		Reads: bffModel,
		Users: auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: auth.NewAuthorizer(env.Clients.Kube.AuthorizationV1().SubjectAccessReviews(), auth.Options{
			AllowTTL: 100 * time.Millisecond, DenyTTL: 100 * time.Millisecond,
		}),
		Watch: opts,
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestWatchLifecycle(t *testing.T) {
	createNamespace(t, "watch-life")
	t.Run("heartbeats while idle, and an end when access is revoked", func(t *testing.T) {
		base := watchRouter(t, httpapi.WatchOptions{Heartbeat: 50 * time.Millisecond})
		binding := bindInNamespace(t, "watch-life", rbacUser("revoked@example.com"))
		// Only the namespaces a restricted caller may list are streamed.
		createWorkspace(t, newWorkspace("watch-life", "mine", "watch-kind"))
		waitListed(t, base, "watch-life", "mine")
		all := openWatch(t, base+"/api/v1/workspaces?watch=true", "revoked@example.com")
		if items := listItems(t, []byte(all.next(t).data)); len(items) != 1 || items["mine"] == nil {
			t.Fatalf("a restricted caller's snapshot holds %v, want only mine", items)
		}
		createWorkspace(t, newWorkspace("default", "not-mine", "watch-kind"))
		createWorkspace(t, newWorkspace("watch-life", "mine-too", "watch-kind"))
		if ev := all.next(t); nameOf(t, ev) != "mine-too" {
			t.Fatalf("a restricted caller got %s %s, want mine-too", ev.event, ev.data)
		}
		all.close()

		s := openWatch(t, base+"/api/v1/workspaces/watch-life?watch=true", "revoked@example.com")
		if ev := s.next(t); ev.event != "snapshot" {
			t.Fatalf("first event %s", ev.event)
		}
		select {
		case ev := <-s.events:
			if ev.comment != "heartbeat" || ev.id == "" {
				t.Fatalf("an idle stream sent %+v, want a heartbeat with an id", ev)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no heartbeat")
		}
		if err := testenv.Get(t).Clients.Kube.RbacV1().RoleBindings("watch-life").Delete(testenv.Context(t), binding, metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		last := lastEvent(t, s.ended(t))
		if last.event != "error" || !strings.Contains(last.data, `"code":"403"`) {
			t.Fatalf("after the access was revoked the stream ended with %+v, want a 403 error event", last)
		}
	})
	t.Run("a caller whose namespaces change starts over from a snapshot", func(t *testing.T) {
		createNamespace(t, "watch-grow")
		createNamespace(t, "watch-more")
		base := watchRouter(t, httpapi.WatchOptions{Heartbeat: 50 * time.Millisecond})
		bindInNamespace(t, "watch-grow", rbacUser("growing@example.com"))
		createWorkspace(t, newWorkspace("watch-more", "theirs-soon", "watch-kind"))
		waitListed(t, base, "watch-more", "theirs-soon")
		s := openWatch(t, base+"/api/v1/workspaces?watch=true", "growing@example.com")
		if items := listItems(t, []byte(s.next(t).data)); items["theirs-soon"] != nil {
			t.Fatal("the snapshot holds a namespace the caller may not list")
		}
		bindInNamespace(t, "watch-more", rbacUser("growing@example.com"))
		last := lastEvent(t, s.ended(t))
		if last.event != "error" || !strings.Contains(last.data, `"code":"410"`) {
			t.Fatalf("after the caller gained a namespace the stream ended with %+v, want a 410 error event", last)
		}
		// Reconnecting as EventSource does, with the last id it saw.
		again := openWatch(t, base+"/api/v1/workspaces?watch=true", "growing@example.com", "Last-Event-ID", s.last())
		snap := again.next(t)
		if snap.event != "snapshot" || listItems(t, []byte(snap.data))["theirs-soon"] == nil {
			t.Fatalf("after reconnecting: %s %.300s, want a snapshot with the newly visible Workspace", snap.event, snap.data)
		}
	})
	t.Run("ends every stream when the server stops, and opens none while it does", func(t *testing.T) {
		stop := make(chan struct{})
		base := watchRouter(t, httpapi.WatchOptions{Stop: stop})
		s := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com")
		s.next(t)
		close(stop)
		last := lastEvent(t, s.ended(t))
		if last.event != "error" || !strings.Contains(last.data, `"code":"503"`) {
			t.Fatalf("the stream ended with %+v, want a 503 error event", last)
		}
		if late := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com"); late.resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("a stream opened while stopping: %d, want 503", late.resp.StatusCode)
		}
	})
	t.Run("refuses streams beyond the limit", func(t *testing.T) {
		base := watchRouter(t, httpapi.WatchOptions{Max: 1})
		first := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com")
		first.next(t)
		if second := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com"); second.resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("a stream beyond the limit: %d, want 429", second.resp.StatusCode)
		}
		first.close()
		testenv.Eventually(t, 10*time.Second, func() bool {
			s := openWatch(t, base+"/api/v1/workspacekinds?watch=true", "user@example.com")
			defer s.close()
			return s.resp.StatusCode == http.StatusOK
		}, "a closed stream did not free its place")
	})
}

// waitListed waits until the read model lists a Workspace, so that a
// snapshot taken next holds it.
func waitListed(t *testing.T, base, ns, name string) {
	t.Helper()
	waitFor(t, base+"/api/v1/workspaces/"+ns, func(r response) bool { return listItems(t, r.body)[name] != nil }, ns+"/"+name+" listed")
}

func rbacUser(name string) rbacv1.Subject {
	return rbacv1.Subject{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: name}
}

func lastEvent(t *testing.T, events []sseEvent) sseEvent {
	t.Helper()
	if len(events) == 0 {
		t.Fatal("no event before the end")
	}
	return events[len(events)-1]
}

// blockingWriter is a client that stopped reading: its writes wait until
// released.
type blockingWriter struct {
	header  http.Header
	release chan struct{}
	// stuck is closed when the first write waits.
	stuck     chan struct{}
	stuckOnce sync.Once
	mu        sync.Mutex
	body      strings.Builder
}

func (w *blockingWriter) Header() http.Header { return w.header }
func (w *blockingWriter) WriteHeader(int)     {}
func (w *blockingWriter) Write(p []byte) (int, error) {
	w.stuckOnce.Do(func() { close(w.stuck) })
	<-w.release
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.body.Write(p)
}
func (w *blockingWriter) Flush() {}

// A client that reads slower than the cluster changes never holds up the
// model: the changes are published while it is stuck, and once it reads
// again it is told it fell behind, and the stream ends.
func TestWatchDropsAClientThatFellBehind(t *testing.T) {
	model := cache.NewModel(models.Options{})
	router := httpapi.NewRouter(httpapi.Dependencies{
		Ready:      func() (bool, string) { return true, "" },
		Reads:      model,
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid"},
		Authorizer: auth.NewAuthorizer(allowingReviewer{}, auth.Options{AllowTTL: time.Hour, DenyTTL: time.Hour}),
	})
	req := httptest.NewRequest(http.MethodGet, "/api/v1/workspaces/a?watch=true", nil)
	req.Header.Set("kubeflow-userid", "user@example.com")
	w := &blockingWriter{header: http.Header{}, release: make(chan struct{}), stuck: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		router.ServeHTTP(w, req)
	}()
	select {
	case <-w.stuck:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream never wrote its snapshot")
	}
	// Every change is applied while the client is stuck on the snapshot.
	published := make(chan struct{})
	go func() {
		defer close(published)
		for i := range cache.FeedHistory + 10 {
			model.Upsert(&v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: fmt.Sprint("w", i)}})
		}
	}()
	select {
	case <-published:
	case <-time.After(30 * time.Second):
		t.Fatal("a stuck client held up the model")
	}
	close(w.release)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the stream did not end")
	}
	body := w.body.String()
	if !strings.HasSuffix(body, "event: error\ndata: {\"error\":{\"code\":\"410\",\"message\":\"this stream fell behind the changes the server keeps; reconnect for a new snapshot\"}}\n\n") {
		t.Fatalf("the stream did not end with a 410 event:\n%.300s\n...\n%s", body, body[max(0, len(body)-300):])
	}
}
