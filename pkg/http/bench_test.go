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
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// The benchmarks serve every GET route from a read model fed directly with
// the objects informers would deliver: no control plane, no network, no
// server. What they measure is the handler path alone: routing, validation,
// the model lookup and writing bytes that were rendered when the objects
// arrived.

const (
	benchNamespaces = 50
	benchKind       = "jupyterlab"
)

// benchSizes are the numbers of Workspaces each route is measured at.
var benchSizes = []int{1000, 10000, 50000}

// benchRoute is one GET to measure: a path and the request headers. A
// 304 route sends the ETag the route answered with first as If-None-Match.
type benchRoute struct {
	name        string
	path        string
	header      map[string]string
	notModified bool
	wantStatus  int
	wantGzip    bool
}

// benchRoutes covers every GET handler, plus the conditional, compressed
// and paged forms of the largest list. Namespace ns-000 and Workspace
// ws-00000 exist at every size.
var benchRoutes = []benchRoute{
	{name: "namespaces", path: "/api/v1/namespaces", wantStatus: http.StatusOK},
	{name: "workspaces", path: "/api/v1/workspaces", wantStatus: http.StatusOK},
	{name: "namespace-workspaces", path: "/api/v1/workspaces/ns-000", wantStatus: http.StatusOK},
	{name: "workspace", path: "/api/v1/workspaces/ns-000/ws-00000", wantStatus: http.StatusOK},
	{name: "workspacekinds", path: "/api/v1/workspacekinds", wantStatus: http.StatusOK},
	{name: "workspacekind", path: "/api/v1/workspacekinds/" + benchKind, wantStatus: http.StatusOK},
	{name: "workspaces-304", path: "/api/v1/workspaces", notModified: true, wantStatus: http.StatusNotModified},
	{name: "workspaces-gzip", path: "/api/v1/workspaces", header: map[string]string{"Accept-Encoding": "gzip"},
		wantStatus: http.StatusOK, wantGzip: true},
	{name: "workspaces-page", path: "/api/v1/workspaces?limit=100", wantStatus: http.StatusOK},
	// Details are encoded per request, but only for a client that lacks
	// them: a poll that finds them unchanged encodes nothing.
	{name: "workspace-details", path: "/api/v1/workspaces/ns-000/ws-00000/podtemplate/details", wantStatus: http.StatusOK},
	{name: "workspace-details-304", path: "/api/v1/workspaces/ns-000/ws-00000/podtemplate/details",
		notModified: true, wantStatus: http.StatusNotModified},
	// A page is assembled per request, so its gzip form is compressed per
	// request too: the one GET whose cost includes compression.
	{name: "workspaces-page-gzip", path: "/api/v1/workspaces?limit=100", header: map[string]string{"Accept-Encoding": "gzip"},
		wantStatus: http.StatusOK, wantGzip: true},
}

// BenchmarkGet measures each GET route at 1k, 10k and 50k Workspaces. The
// first request of a list builds and caches it (and its gzip form), as the
// first request after a change does in production; it runs before the
// timer, so the numbers are the steady state between changes.
func BenchmarkGet(b *testing.B) {
	for _, route := range benchRoutes {
		b.Run("route="+route.name, func(b *testing.B) {
			for _, n := range benchSizes {
				b.Run("workspaces="+strconv.Itoa(n), func(b *testing.B) {
					measureRoute(b, benchRouter(b, n), route)
				})
			}
		})
	}
}

// measureRoute measures router answering route's request, once checked.
func measureRoute(b *testing.B, router http.Handler, route benchRoute) {
	req := benchRequest(b, router, route)
	w := &discardWriter{header: http.Header{}}
	router.ServeHTTP(w, req)
	checkBenchResponse(b, route, w)
	b.SetBytes(int64(w.written))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w.reset()
		router.ServeHTTP(w, req)
	}
}

// TestListAllocsDoNotGrowWithN keeps the read path's promise: a list request
// allocates the same whatever the number of Workspaces, because it writes
// bytes rendered in advance instead of encoding items per request.
func TestListAllocsDoNotGrowWithN(t *testing.T) {
	// slack absorbs noise such as a map growing a bucket; a cost per item
	// would show as thousands of allocations at 10k.
	const slack = 2
	for _, route := range benchRoutes {
		if route.name == "workspace" || route.name == "workspacekind" {
			continue // not lists
		}
		t.Run(route.name, func(t *testing.T) {
			allocs := map[int]float64{}
			for _, n := range []int{1000, 10000} {
				router := benchRouter(t, n)
				req := benchRequest(t, router, route)
				w := &discardWriter{header: http.Header{}}
				router.ServeHTTP(w, req)
				checkBenchResponse(t, route, w)
				allocs[n] = testing.AllocsPerRun(100, func() {
					w.reset()
					router.ServeHTTP(w, req)
				})
			}
			t.Logf("allocations per request: %v at 1k, %v at 10k", allocs[1000], allocs[10000])
			if allocs[10000] > allocs[1000]+slack {
				t.Errorf("allocations per request grow with the number of Workspaces: %v at 1k, %v at 10k",
					allocs[1000], allocs[10000])
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps the status and counts the
// body instead of copying it, so the benchmark measures the handler, not a
// recorder's buffer. Its header map is reused across requests.
type discardWriter struct {
	header  http.Header
	status  int
	written int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.written += len(p)
	return len(p), nil
}

func (w *discardWriter) reset() {
	clear(w.header)
	w.status = 0
	w.written = 0
}

// benchRequest builds the route's request, asking first for the ETag the
// route answers with when it is a conditional GET.
func benchRequest(tb testing.TB, router http.Handler, route benchRoute) *http.Request {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, route.path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", "user@example.com")
	for k, v := range route.header {
		req.Header.Set(k, v)
	}
	if route.notModified {
		w := &discardWriter{header: http.Header{}}
		router.ServeHTTP(w, req)
		etag := w.header.Get("ETag")
		if w.status != http.StatusOK || etag == "" {
			tb.Fatalf("GET %s: status %d, ETag %q; want 200 with an ETag", route.path, w.status, etag)
		}
		req.Header.Set("If-None-Match", etag)
	}
	return req
}

func checkBenchResponse(tb testing.TB, route benchRoute, w *discardWriter) {
	tb.Helper()
	if w.status != route.wantStatus {
		tb.Fatalf("GET %s: status %d, want %d", route.path, w.status, route.wantStatus)
	}
	if got := w.header.Get("Content-Encoding") == "gzip"; got != route.wantGzip {
		tb.Fatalf("GET %s: gzip-encoded %v, want %v", route.path, got, route.wantGzip)
	}
	if route.wantStatus == http.StatusOK && w.written == 0 {
		tb.Fatalf("GET %s: empty body", route.path)
	}
}

var (
	benchRoutersMu sync.Mutex
	benchRouters   = map[int]http.Handler{}
)

// benchRouter returns the router over a read model of n Workspaces, built
// once per n and shared by every benchmark and test that asks for n.
func benchRouter(tb testing.TB, n int) http.Handler {
	tb.Helper()
	benchRoutersMu.Lock()
	defer benchRoutersMu.Unlock()
	if r, ok := benchRouters[n]; ok {
		return r
	}
	// A real Authorizer whose first review is answered in process: every
	// request then pays what it pays in production, a cached decision.
	deps := benchDeps(benchModel(tb, n), auth.NewAuthorizer(allowingReviewer{}, auth.Options{AllowTTL: time.Hour, DenyTTL: time.Hour}))
	r := httpapi.NewRouter(deps)
	benchRouters[n] = r
	return r
}

// benchDeps are the benchmarks' router's dependencies, serving model and
// deciding with authorizer; a benchmark adds what else it measures.
func benchDeps(model *cache.Model, authorizer *auth.Authorizer) httpapi.Dependencies {
	return httpapi.Dependencies{
		// The GET handlers never consult readiness; only /readyz does.
		Ready: func() (bool, string) { return true, "" },
		Reads: model,
		// The pod template details are rendered from the same model.
		Objects:    model,
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":"},
		Authorizer: authorizer,
	}
}

// allowingReviewer answers every SubjectAccessReview with an allow, in
// process: the benchmarks measure the handlers, not the API server.
type allowingReviewer struct{}

func (allowingReviewer) Create(_ context.Context, r *authorizationv1.SubjectAccessReview, _ metav1.CreateOptions) (*authorizationv1.SubjectAccessReview, error) {
	out := r.DeepCopy()
	out.Status.Allowed = true
	return out, nil
}

// benchModel fills a read model as informers would: benchNamespaces
// Namespaces, the upstream jupyterlab WorkspaceKind, and n copies of the
// upstream sample Workspace spread evenly over the namespaces. The kind
// comes first so that each Workspace is rendered once, with its kind.
func benchModel(tb testing.TB, n int) *cache.Model {
	tb.Helper()
	samples, err := devdata.Upstream()
	if err != nil {
		tb.Fatal(err)
	}
	kind := &v1beta1.WorkspaceKind{}
	fromSample(tb, samples, "jupyterlab_v1beta1_workspacekind.yaml", kind)
	kind.Name = benchKind
	template := &v1beta1.Workspace{}
	fromSample(tb, samples, "jupyterlab_v1beta1_workspace.yaml", template)
	template.Spec.Kind = benchKind
	template.Status.State = v1beta1.WorkspaceStateRunning

	model := cache.NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
	for i := range benchNamespaces {
		model.Upsert(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: benchNamespaceName(i)}})
	}
	model.Upsert(kind)
	for i := range n {
		ws := template.DeepCopy()
		ws.Namespace = benchNamespaceName(i % benchNamespaces)
		ws.Name = fmt.Sprintf("ws-%05d", i)
		model.Upsert(ws)
	}
	return model
}

func benchNamespaceName(i int) string { return fmt.Sprintf("ns-%03d", i) }

// fromSample converts the first object of an upstream sample file into out.
func fromSample(tb testing.TB, samples map[string][]*unstructured.Unstructured, file string, out any) {
	tb.Helper()
	objs := samples[file]
	if len(objs) == 0 {
		tb.Fatalf("no upstream sample %s", file)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(objs[0].Object, out); err != nil {
		tb.Fatalf("converting %s: %v", file, err)
	}
}
