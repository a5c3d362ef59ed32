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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
)

// countingBody is a request body that counts the bytes read from it.
type countingBody struct {
	r    io.Reader
	read atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func (c *countingBody) Close() error { return nil }

// refusals records the refusals a router counts.
type refusals struct {
	mu      sync.Mutex
	reasons []string
}

func (r *refusals) Refused(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reasons = append(r.reasons, reason)
}

func (r *refusals) count(reason string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, x := range r.reasons {
		if x == reason {
			n++
		}
	}
	return n
}

// limitsRouter is a router with real access reviews (user@example.com is
// cluster-admin; anyone else may do nothing unless bound) and no writes:
// what these tests check is answered before any.
func limitsRouter(t testing.TB, limits httpapi.Limits, authz auth.Options, obs httpapi.RefusalObserver) http.Handler {
	t.Helper()
	bff(t)
	return httpapi.NewRouter(httpapi.Dependencies{
		Ready:      func() (bool, string) { return true, "" },
		Reads:      bffModel,
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: auth.NewAuthorizer(testenv.Get(t).Clients.Kube.AuthorizationV1().SubjectAccessReviews(), authz),
		Limits:     limits,
		Refusals:   obs,
	})
}

// serve runs one request through router, as user, with body.
func serveBody(router http.Handler, method, path, user, contentType string, body io.ReadCloser, length int64) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.Body, req.ContentLength = body, length
	req.Header.Set("kubeflow-userid", user)
	req.Header.Set("Content-Type", contentType)
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	return rec
}

// bodyRoutes are the routes that read a body, with a path and content type.
var bodyRoutes = []struct {
	method, template, path, contentType string
}{
	{"POST", "/api/v1/workspaces/{namespace}", "/api/v1/workspaces/ns", "application/json"},
	{"PUT", "/api/v1/workspaces/{namespace}/{name}", "/api/v1/workspaces/ns/ws", "application/json"},
	{"PATCH", "/api/v1/workspaces/{namespace}/{name}", "/api/v1/workspaces/ns/ws", "application/merge-patch+json"},
	{"POST", "/api/v1/workspaces/{namespace}/{name}/actions/pause", "/api/v1/workspaces/ns/ws/actions/pause", "application/json"},
	{"POST", "/api/v1/workspacekinds", "/api/v1/workspacekinds", "application/yaml"},
	{"POST", "/api/v1/workspacekinds", "/api/v1/workspacekinds", "application/json"},
	{"PUT", "/api/v1/workspacekinds/{name}", "/api/v1/workspacekinds/k", "application/json"},
	{"PATCH", "/api/v1/workspacekinds/{name}", "/api/v1/workspacekinds/k", "application/json-patch+json"},
	{"POST", "/api/v1/persistentvolumeclaims/{namespace}", "/api/v1/persistentvolumeclaims/ns", "application/json"},
	{"POST", "/api/v1/secrets/{namespace}", "/api/v1/secrets/ns", "application/json"},
	{"PUT", "/api/v1/secrets/{namespace}/{name}", "/api/v1/secrets/ns/s", "application/json"},
}

// A caller who may not write is refused before a byte of the body is read:
// a large body costs them the request line, not the replica's memory.
func TestBodyUnreadUntilAuthorized(t *testing.T) {
	router := limitsRouter(t, httpapi.Limits{}, auth.Options{}, nil)
	// A 4 MiB YAML of label keys, as the review that found it sent.
	var big bytes.Buffer
	big.WriteString("apiVersion: kubeflow.org/v1beta1\nkind: WorkspaceKind\nmetadata:\n  name: x\n  labels:\n")
	for i := 0; big.Len() < 4<<20; i++ {
		fmt.Fprintf(&big, "    k%d: v\n", i)
	}
	for _, rt := range bodyRoutes {
		for _, declared := range []bool{true, false} {
			name := fmt.Sprintf("%s %s %s, Content-Length declared %v", rt.method, rt.template, rt.contentType, declared)
			t.Run(name, func(t *testing.T) {
				body := &countingBody{r: bytes.NewReader(big.Bytes())}
				length := int64(-1)
				if declared {
					length = int64(big.Len())
				}
				rec := serveBody(router, rt.method, rt.path, "stranger@example.com", rt.contentType, body, length)
				if rec.Code != http.StatusForbidden {
					t.Fatalf("status %d, want 403: %s", rec.Code, rec.Body)
				}
				if n := body.read.Load(); n != 0 {
					t.Fatalf("%d bytes of the body read before the 403, want none", n)
				}
			})
		}
	}
	// Option values' policy depends on the namespace in the body: it is
	// read first, within its small limit.
	t.Run("option values read at most their limit", func(t *testing.T) {
		body := &countingBody{r: bytes.NewReader(big.Bytes())}
		rec := serveBody(router, "POST", "/api/v1/workspacekinds/k/podtemplate/options/listvalues", "stranger@example.com", "application/json", body, -1)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413: %s", rec.Code, rec.Body)
		}
		if n := body.read.Load(); n > httpapi.SmallBodyLimit+1 {
			t.Fatalf("%d bytes read, want at most the limit", n)
		}
	})
}

// Every route that reads a body answers one past its limit with a 413 that
// names the limit; a declared Content-Length past it is refused unread.
func TestBodyLimitPerRoute(t *testing.T) {
	obs := &refusals{}
	router := limitsRouter(t, httpapi.Limits{}, auth.Options{}, obs)
	want := map[int64]string{
		httpapi.KindBodyLimit: "256 KiB", httpapi.WorkspaceBodyLimit: "64 KiB", httpapi.SecretBodyLimit: "1.5 MiB",
		httpapi.ClaimBodyLimit: "16 KiB", httpapi.SmallBodyLimit: "4 KiB",
	}
	for _, rt := range bodyRoutes {
		limit := httpapi.BodyLimit(rt.method, rt.template)
		for _, declared := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s %s, Content-Length declared %v", rt.method, rt.template, declared), func(t *testing.T) {
				over := bytes.Repeat([]byte(" "), int(limit)+1)
				body := &countingBody{r: bytes.NewReader(over)}
				length := int64(-1)
				if declared {
					length = int64(len(over))
				}
				before := obs.count(httpapi.RefusedBodyTooLarge)
				rec := serveBody(router, rt.method, rt.path, "user@example.com", rt.contentType, body, length)
				if rec.Code != http.StatusRequestEntityTooLarge {
					t.Fatalf("status %d, want 413: %s", rec.Code, rec.Body)
				}
				msg := errorMessage(t, rec.Body.Bytes())
				if !strings.Contains(msg, "at most "+want[limit]) {
					t.Fatalf("413 says %q, want the limit, %s", msg, want[limit])
				}
				if declared && body.read.Load() != 0 {
					t.Fatalf("%d bytes read of a body declared past the limit", body.read.Load())
				}
				if obs.count(httpapi.RefusedBodyTooLarge) != before+1 {
					t.Fatal("the refusal was not counted")
				}
			})
		}
	}
	// The limits fit what the routes carry: the largest real WorkspaceKind
	// (upstream's jupyterlab sample) is well within its limit.
	if n := len(kindManifest(t, "fits")); n > httpapi.KindBodyLimit/4 {
		t.Fatalf("a real WorkspaceKind is %d bytes, near the %d limit", n, httpapi.KindBodyLimit)
	}
}

func errorMessage(t testing.TB, body []byte) string {
	t.Helper()
	var env struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("not an error envelope: %s", body)
	}
	return env.Error.Message
}

// While every decode slot is held, a large body waits briefly and is then
// refused with 429 and Retry-After; a small one is not held up; once the
// slot is free, large bodies are read again.
func TestLargeBodyDecodeSlots(t *testing.T) {
	obs := &refusals{}
	router := limitsRouter(t, httpapi.Limits{LargeBodyDecodes: 1, LargeBodyWait: 10 * time.Millisecond}, auth.Options{}, obs)
	const path, yaml = "/api/v1/workspacekinds", "application/yaml"
	large := func() io.ReadCloser { return io.NopCloser(bytes.NewReader(bytes.Repeat([]byte("#\n"), 50<<10))) }

	// The holder's body is a pipe: once 65 KiB of it were taken, the
	// handler holds the one slot, and keeps it until the body ends.
	pr, pw := io.Pipe()
	held := make(chan *httptest.ResponseRecorder)
	go func() { held <- serveBody(router, http.MethodPost, path, "user@example.com", yaml, pr, -1) }()
	if _, err := pw.Write(bytes.Repeat([]byte("#\n"), 65<<9)); err != nil {
		t.Fatal(err)
	}

	rec := serveBody(router, http.MethodPost, path, "user@example.com", yaml, large(), -1)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("a large body while the slot is held: %d, Retry-After %q, want 429 with Retry-After 1: %s",
			rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if obs.count(httpapi.RefusedDecodeBusy) != 1 {
		t.Fatal("the refusal was not counted")
	}
	// A small body takes no slot: it is judged on its merits (a manifest
	// of comments only lacks apiVersion, kind and name: 422).
	small := io.NopCloser(strings.NewReader("# nothing\n"))
	if rec := serveBody(router, http.MethodPost, path, "user@example.com", yaml, small, -1); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a small body while the slot is held: %d, want 422: %s", rec.Code, rec.Body)
	}

	pw.Close()
	if rec := <-held; rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("the holder: %d, want 422: %s", rec.Code, rec.Body)
	}
	if rec := serveBody(router, http.MethodPost, path, "user@example.com", yaml, large(), -1); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a large body once the slot is free: %d, want 422: %s", rec.Code, rec.Body)
	}
}

// One user past their budget of uncached access reviews is answered 429 at
// once, with Retry-After; others are not held up.
func TestAccessReviewBudget(t *testing.T) {
	obs := &refusals{}
	// A budget of 2 that takes 1000 s to give one back.
	router := limitsRouter(t, httpapi.Limits{}, auth.Options{AllowTTL: time.Hour, DenyTTL: time.Hour, UserQPS: 0.001, UserBurst: 2}, obs)
	get := func(user, path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("kubeflow-userid", user)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		return rec
	}
	// Random names in a namespace the caller may not read: a review for
	// the namespace (then cached), and one for each name.
	if rec := get("mallory@example.com", "/api/v1/workspaces/default/random-1"); rec.Code != http.StatusForbidden {
		t.Fatalf("within the budget: %d, want 403", rec.Code)
	}
	rec := get("mallory@example.com", "/api/v1/workspaces/default/random-2")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("past the budget: %d, Retry-After %q, want 429 with Retry-After: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if obs.count(httpapi.RefusedAuthzBudget) != 1 {
		t.Fatal("the refusal was not counted")
	}
	// A decision already made costs no review.
	if rec := get("mallory@example.com", "/api/v1/workspaces/default/random-1"); rec.Code != http.StatusForbidden {
		t.Fatalf("a cached decision past the budget: %d, want 403", rec.Code)
	}
	// Another user's budget is their own; a cluster-admin's random names
	// cost one review for the namespace, none per name.
	for i := range 5 {
		if rec := get("user@example.com", fmt.Sprintf("/api/v1/workspaces/default/random-%d", i)); rec.Code != http.StatusNotFound {
			t.Fatalf("another user: %d, want 404: %s", rec.Code, rec.Body)
		}
	}
}

// blockingLogs opens logs that send nothing until their context ends, and
// records the context each was opened with.
type blockingLogs struct {
	mu     sync.Mutex
	opened []context.Context
	open   chan struct{}
}

func (b *blockingLogs) Open(ctx context.Context, _ *v1beta1.Workspace, _ podlogs.Options) (io.ReadCloser, error) {
	b.mu.Lock()
	b.opened = append(b.opened, ctx)
	b.mu.Unlock()
	b.open <- struct{}{}
	// A first line, so the 200 goes out, then nothing until the end.
	return io.NopCloser(io.MultiReader(strings.NewReader("2026-01-01T00:00:00Z a line\n"), ctxReader{ctx})), nil
}

type ctxReader struct{ ctx context.Context }

func (r ctxReader) Read([]byte) (int, error) {
	<-r.ctx.Done()
	return 0, r.ctx.Err()
}

// A user reads at most LogReadsPerUser logs at once; each response has one
// deadline, LogTimeout from its start; tailLines has a cap.
func TestLogLimits(t *testing.T) {
	obs := &refusals{}
	logs := &blockingLogs{open: make(chan struct{}, 8)}
	const timeout = time.Hour
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: allowAll{},
		Objects:    stubObjects{},
		PodLogs:    logs,
		Limits:     httpapi.Limits{LogReadsPerUser: 2, LogTimeout: timeout, MaxTailLines: 500},
		Refusals:   obs,
	}))
	defer srv.Close()
	url := srv.URL + "/api/v1/workspaces/ns/ws/podtemplate/logs/batch"
	open := func(user, query string) (*http.Response, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+query, nil)
		req.Header.Set("kubeflow-userid", user)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		return resp, func() { cancel(); resp.Body.Close() }
	}

	t.Run("tailLines past the cap is 422", func(t *testing.T) {
		resp, done := open("a@example.com", "?tailLines=501")
		defer done()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "must be at most 500") {
			t.Fatalf("status %d %s, want 422 naming the cap", resp.StatusCode, body)
		}
	})

	began := time.Now()
	var closers []context.CancelFunc
	for range 2 {
		resp, done := open("reader@example.com", "?tailLines=500")
		closers = append(closers, done)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("a read within the budget: %d", resp.StatusCode)
		}
		<-logs.open
	}
	resp, done := open("reader@example.com", "")
	body, _ := io.ReadAll(resp.Body)
	done()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a third read at once: %d, Retry-After %q, want 429 with Retry-After: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if obs.count(httpapi.RefusedLogUser) != 1 {
		t.Fatal("the refusal was not counted")
	}
	// Another user is not held up.
	other, otherDone := open("other@example.com", "")
	defer otherDone()
	if other.StatusCode != http.StatusOK {
		t.Fatalf("another user: %d", other.StatusCode)
	}
	<-logs.open

	// Every stream was opened with one deadline for the whole response.
	logs.mu.Lock()
	for _, ctx := range logs.opened {
		deadline, ok := ctx.Deadline()
		if !ok || deadline.Before(began.Add(timeout)) || deadline.After(time.Now().Add(timeout)) {
			t.Fatalf("a log opened with deadline %v (set %v), want %v from its start", deadline, ok, timeout)
		}
	}
	logs.mu.Unlock()

	// A read that ends gives its slot back.
	closers[0]()
	waitUntil(t, func() bool {
		resp, done := open("reader@example.com", "")
		defer done()
		if resp.StatusCode == http.StatusOK {
			<-logs.open
			return true
		}
		return false
	}, "a read is admitted once one ended")
	closers[1]()
}

// waitUntil polls cond until it holds, or fails the test after a deadline.
func waitUntil(t testing.TB, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A user has at most WatchOptions.MaxPerUser streams open; others are not
// held up, and a stream that ends gives its slot back.
func TestWatchesPerUser(t *testing.T) {
	base := watchRouter(t, httpapi.WatchOptions{MaxPerUser: 2})
	url := base + "/api/v1/workspacekinds?watch=true"
	first := openWatch(t, url, "user@example.com")
	second := openWatch(t, url, "user@example.com")
	for _, s := range []*sseStream{first, second} {
		if s.resp.StatusCode != http.StatusOK {
			t.Fatalf("a stream within the budget: %d", s.resp.StatusCode)
		}
		s.next(t) // the snapshot: the stream is counted
	}
	third := openWatch(t, url, "user@example.com")
	if third.resp.StatusCode != http.StatusTooManyRequests || third.resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a third stream: %d, Retry-After %q, want 429 with Retry-After", third.resp.StatusCode, third.resp.Header.Get("Retry-After"))
	}
	third.close()
	grantClusterAdmin(t, "watcher@example.com")
	// The API server's authorizer learns of the grant from its own watch:
	// until then the other user is refused (403), which is not this test's
	// concern; a 429 would be.
	var other *sseStream
	waitUntil(t, func() bool {
		other = openWatch(t, url, "watcher@example.com")
		if other.resp.StatusCode == http.StatusForbidden {
			other.close()
			return false
		}
		return true
	}, "the API server authorizes the other user")
	if other.resp.StatusCode != http.StatusOK {
		t.Fatalf("another user: %d", other.resp.StatusCode)
	}
	first.close()
	waitUntil(t, func() bool {
		s := openWatch(t, url, "user@example.com")
		defer s.close()
		return s.resp.StatusCode == http.StatusOK
	}, "a stream is admitted once one ended")
}

// A user header given twice names no one: 401, whichever comes first.
func TestUserHeaderTwice(t *testing.T) {
	router := limitsRouter(t, httpapi.Limits{}, auth.Options{}, nil)
	req := httptest.NewRequest(http.MethodGet, "/api/v1/workspacekinds", nil)
	req.Header.Add("kubeflow-userid", "user@example.com")
	req.Header.Add("kubeflow-userid", "someone-else@example.com")
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", rec.Code)
	}
}

// A grant limited to names still works: the check of the namespace, which
// answers most named checks from the cache, is denied, and the name's own
// review decides.
func TestNamedGrant(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	user := "named-" + ns + "@example.com"
	bindRole(t, ns, user, []rbacv1.PolicyRule{{
		APIGroups: []string{"kubeflow.org"}, Resources: []string{"workspaces"}, ResourceNames: []string{"granted"}, Verbs: []string{"get"},
	}})
	if r := do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns+"/granted", "kubeflow-userid", user); r.status != http.StatusNotFound {
		t.Fatalf("the granted name: %d, want 404 (allowed, and no such Workspace): %s", r.status, r.body)
	}
	if r := do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns+"/other", "kubeflow-userid", user); r.status != http.StatusForbidden {
		t.Fatalf("another name: %d, want 403: %s", r.status, r.body)
	}
}
