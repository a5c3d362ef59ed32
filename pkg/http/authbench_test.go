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
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

var pollDuration = flag.Duration("poll-duration", 10*time.Second, "how long BenchmarkPollingReviews polls")

// countingReviewer sends real reviews and counts them.
type countingReviewer struct {
	next  auth.Reviewer
	calls atomic.Int64
}

func (c *countingReviewer) Create(ctx context.Context, r *authorizationv1.SubjectAccessReview, o metav1.CreateOptions) (*authorizationv1.SubjectAccessReview, error) {
	c.calls.Add(1)
	return c.next.Create(ctx, r, o)
}

// allowAll is authorization switched off, for comparison only.
type allowAll struct{}

func (allowAll) Allowed(context.Context, auth.User, auth.Policy) (bool, error) { return true, nil }
func (allowAll) Filter(_ context.Context, _ auth.User, _ auth.Policy, ns []string) ([]string, error) {
	return ns, nil
}

// reviewClient is a SubjectAccessReview client with the BFF's default
// limits (--authz-qps 500, --authz-burst 1000).
func reviewClient(b testing.TB) auth.Reviewer {
	cfg := rest.CopyConfig(testenv.Get(b).Config)
	cfg.QPS, cfg.Burst = 500, 1000
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return cs.AuthorizationV1().SubjectAccessReviews()
}

// authRouter serves the package's read model with the given authorizer.
func authRouter(b testing.TB, authz httpapi.Authorizer) http.Handler {
	bff(b)
	return httpapi.NewRouter(httpapi.Dependencies{
		Ready:      func() (bool, string) { return true, "" },
		Reads:      bffModel,
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":"},
		Authorizer: authz,
	})
}

// BenchmarkAuthorizationOverhead serves one cached GET over HTTP with
// authorization off and on (real reviews, production TTL), in one run, to
// keep-alive clients, alternating rounds so drift weighs on both alike.
// It reports requests/s of each and on as a share of off.
//
//	go test -run '^$' -bench AuthorizationOverhead -benchtime=20000x ./pkg/http/
func BenchmarkAuthorizationOverhead(b *testing.B) {
	f := newWriteFixture(b)
	for i := range 20 {
		f.create(b, fmt.Sprintf("ws-%d", i))
	}
	grantClusterAdmin(b, "bench-admin@example.com")
	off := httptest.NewServer(authRouter(b, allowAll{}))
	defer off.Close()
	on := httptest.NewServer(authRouter(b, auth.NewAuthorizer(reviewClient(b), auth.Options{AllowTTL: 10 * time.Second, DenyTTL: 10 * time.Second})))
	defer on.Close()
	path := "/api/v1/workspaces/" + f.ns

	const clients = 8
	transport := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	get := func(base string) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("kubeflow-userid", "bench-admin@example.com")
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("status %d", resp.StatusCode)
		}
	}
	get(off.URL)
	get(on.URL) // the first decision is a review
	round := func(base string, n int) time.Duration {
		start := time.Now()
		var wg sync.WaitGroup
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := c; i < n; i += clients {
					get(base)
				}
			}()
		}
		wg.Wait()
		return time.Since(start)
	}
	var offTime, onTime time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(2000, b.N-done)
		offTime += round(off.URL, n)
		onTime += round(on.URL, n)
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/offTime.Seconds(), "off-req/s")
	b.ReportMetric(float64(b.N)/onTime.Seconds(), "on-req/s")
	b.ReportMetric(100*float64(offTime)/float64(onTime), "on-vs-off-%")
}

// BenchmarkPollingReviews polls three routes as one user for
// -poll-duration (10 s) with the production TTL (10 s) and reports the
// reviews sent; the target is at most one per policy per TTL.
//
//	go test -run '^$' -bench PollingReviews -benchtime=1x ./pkg/http/
func BenchmarkPollingReviews(b *testing.B) {
	f := newWriteFixture(b)
	f.create(b, "polled")
	const ttl = 10 * time.Second
	counter := &countingReviewer{next: reviewClient(b)}
	h := authRouter(b, auth.NewAuthorizer(counter, auth.Options{AllowTTL: ttl, DenyTTL: ttl}))
	grantClusterAdmin(b, "poller@example.com")
	paths := []string{ // three policies
		"/api/v1/workspaces/" + f.ns,
		"/api/v1/workspaces/" + f.ns + "/polled",
		"/api/v1/workspacekinds",
	}
	b.ResetTimer()
	var requests int
	for range b.N {
		counter.calls.Store(0)
		requests = 0
		deadline := time.Now().Add(*pollDuration)
		w := &discardWriter{header: http.Header{}}
		for time.Now().Before(deadline) {
			for _, p := range paths {
				req, _ := http.NewRequest(http.MethodGet, p, nil)
				req.Header.Set("kubeflow-userid", "poller@example.com")
				w.reset()
				h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("%s: %d", p, w.status)
				}
				requests++
			}
		}
	}
	b.StopTimer()
	budget := len(paths) * int((*pollDuration+ttl-1)/ttl)
	b.ReportMetric(float64(counter.calls.Load()), "reviews")
	b.ReportMetric(float64(budget), "review-budget")
	b.ReportMetric(float64(requests), "requests")
}

// BenchmarkFirstNamespaceScan times a new user's first GET /namespaces
// when they may list Workspaces in 3 of 500 namespaces: RBAC informers
// propose the 3, reviews confirm them. Each iteration is a new user, so a
// cold decision cache.
//
//	go test -run '^$' -bench FirstNamespaceScan -benchtime=5x ./pkg/http/
func BenchmarkFirstNamespaceScan(b *testing.B) {
	bff(b) // starts the RBAC informers too
	env := testenv.Get(b)
	ctx := context.Background()
	var mine []string
	for i := range 500 {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "scan-"}}
		created, err := env.Clients.Kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if i%200 == 0 {
			mine = append(mine, created.Name)
		}
	}
	lister := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{GenerateName: "workspace-editor-"}, Rules: workspaceEditor}
	lister, err := env.Clients.Kube.RbacV1().ClusterRoles().Create(ctx, lister, metav1.CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h := authRouter(b, auth.NewAuthorizer(reviewClient(b), auth.Options{
		AllowTTL: 10 * time.Second, DenyTTL: 10 * time.Second, Proposer: bffRBAC,
	}))
	testenv.Eventually(b, 30*time.Second, func() bool { return bffModel.Namespaces().Len() >= 500 }, "namespaces cached")

	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		user := fmt.Sprintf("scanner-%d-%d@example.com", i, time.Now().UnixNano())
		for _, ns := range mine {
			binding := &rbacv1.RoleBinding{
				ObjectMeta: metav1.ObjectMeta{GenerateName: "scan-", Namespace: ns},
				RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: lister.Name},
				Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: user}},
			}
			if _, err := env.Clients.Kube.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		// The API server's RBAC authorizer learns of bindings through its
		// own informers: wait until it applies them (outside the BFF).
		testenv.Eventually(b, 10*time.Second, func() bool {
			review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
				User: user, ResourceAttributes: &authorizationv1.ResourceAttributes{
					Verb: "list", Group: "kubeflow.org", Resource: "workspaces", Namespace: mine[len(mine)-1],
				},
			}}
			out, err := env.Clients.Kube.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
			return err == nil && out.Status.Allowed
		}, "the API server applies the new bindings")
		testenv.Eventually(b, 10*time.Second, func() bool {
			_, candidates := bffRBAC.Candidates(auth.User{Name: user}, auth.Workspaces.On("list", "", ""))
			return len(candidates) == len(mine)
		}, "the BFF's RBAC informers see the new bindings")
		req, _ := http.NewRequest(http.MethodGet, "/api/v1/namespaces", nil)
		req.Header.Set("kubeflow-userid", user)
		w := httptest.NewRecorder()
		b.StartTimer()
		h.ServeHTTP(w, req)
		b.StopTimer()
		got := listItems(b, w.Body.Bytes())
		if w.Code != http.StatusOK || len(got) != len(mine) {
			b.Fatalf("status %d, %d namespaces, want %d: %s", w.Code, len(got), len(mine), w.Body)
		}
	}
}
