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
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// labels are a series' labels, all of them.
type labels map[string]string

// metric is the value of the series of name with exactly these labels: a
// counter's or gauge's value, a histogram's sample count; 0 when absent.
func metric(t testing.TB, name string, want labels) float64 {
	t.Helper()
	families, err := bffMetrics.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	series:
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) != len(want) {
				continue
			}
			for _, l := range m.GetLabel() {
				if v, ok := want[l.GetName()]; !ok || v != l.GetValue() {
					continue series
				}
			}
			switch {
			case m.Counter != nil:
				return m.GetCounter().GetValue()
			case m.Gauge != nil:
				return m.GetGauge().GetValue()
			case m.Histogram != nil:
				return float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return 0
}

// delta runs f and returns how much the series changed.
func delta(t testing.TB, name string, l labels, f func()) float64 {
	t.Helper()
	before := metric(t, name, l)
	f()
	return metric(t, name, l) - before
}

func TestHTTPMetrics(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	const route = "/api/v1/workspaces/{namespace}"
	ok := labels{"route": route, "method": "GET", "code": "200"}

	t.Run("a request counts under its route template", func(t *testing.T) {
		var r response
		n := delta(t, "workspaces_bff_http_requests_total", ok, func() {
			r = do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns)
		})
		if r.status != 200 || n != 1 {
			t.Fatalf("status %d, counted %v, want 200 counted once", r.status, n)
		}
		families, err := bffMetrics.Gatherer().Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range families {
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if strings.Contains(l.GetValue(), ns) && strings.HasPrefix(f.GetName(), "workspaces_bff_http_") {
						t.Errorf("%s has the raw path in a label: %s=%s", f.GetName(), l.GetName(), l.GetValue())
					}
				}
			}
		}
	})

	t.Run("duration and bytes are recorded by route", func(t *testing.T) {
		var r response
		l := labels{"route": route, "method": "GET"}
		bytes := delta(t, "workspaces_bff_http_response_bytes_total", l, func() {
			if n := delta(t, "workspaces_bff_http_request_duration_seconds", l, func() {
				r = do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns)
			}); n != 1 {
				t.Fatalf("durations observed %v, want 1", n)
			}
		})
		if bytes != float64(len(r.body)) {
			t.Fatalf("bytes %v, want %d", bytes, len(r.body))
		}
	})

	t.Run("a 304 counts under its code", func(t *testing.T) {
		etag := do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns).header.Get("ETag")
		var r response
		n := delta(t, "workspaces_bff_http_requests_total", labels{"route": route, "method": "GET", "code": "304"}, func() {
			r = do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns, "If-None-Match", etag)
		})
		if r.status != http.StatusNotModified || n != 1 {
			t.Fatalf("status %d, counted %v, want 304 counted once", r.status, n)
		}
	})

	t.Run("an unknown path counts as unmatched", func(t *testing.T) {
		n := delta(t, "workspaces_bff_http_requests_total", labels{"route": "unmatched", "method": "GET", "code": "404"}, func() {
			do(t, http.MethodGet, base+"/api/v1/no-such-route-"+ns)
		})
		if n != 1 {
			t.Fatalf("counted %v, want 1", n)
		}
	})

	t.Run("the request id is echoed", func(t *testing.T) {
		r := do(t, http.MethodGet, base+"/api/v1/healthcheck", "X-Request-Id", "test-"+ns)
		if got := r.header.Get("X-Request-Id"); got != "test-"+ns {
			t.Fatalf("X-Request-Id %q", got)
		}
	})

	t.Run("GET /metrics serves them, no identity needed", func(t *testing.T) {
		r := do(t, http.MethodGet, base+"/metrics", "kubeflow-userid", "")
		if r.status != 200 || !strings.Contains(string(r.body), "workspaces_bff_http_requests_total{") {
			t.Fatalf("status %d: %.300s", r.status, r.body)
		}
	})
}

func TestWorkspaceGauges(t *testing.T) {
	bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kindName := "metrics-" + ns
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, kindName), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kindName, metav1.DeleteOptions{})
	})
	addsBefore := metric(t, "workspaces_bff_cache_events_total", labels{"resource": "workspaces", "type": "add"})

	ws := newWorkspace(ns, "lab", kindName)
	ws.Spec.Paused = true
	if _, err := env.Clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	byState := labels{"namespace": ns, "kind": kindName, "state": "Unknown"}
	testenv.Eventually(t, 10*time.Second, func() bool {
		return metric(t, "workspaces_bff_workspaces", byState) == 1
	}, "the Workspace appears in workspaces_bff_workspaces")

	tests := []struct {
		name   string
		metric string
		labels labels
		want   float64
	}{
		{"paused", "workspaces_bff_workspaces_paused", labels{"namespace": ns, "kind": kindName}, 1},
		{"per kind", "workspaces_bff_workspacekind_workspaces", labels{"kind": kindName}, 1},
		{"per image", "workspaces_bff_workspacekind_option_workspaces",
			labels{"kind": kindName, "option": "imageConfig", "value": "jupyter-scipy:v1.10.0"}, 1},
		{"per pod config", "workspaces_bff_workspacekind_option_workspaces",
			labels{"kind": kindName, "option": "podConfig", "value": "tiny_cpu"}, 1},
		{"an option value no Workspace uses", "workspaces_bff_workspacekind_option_workspaces",
			labels{"kind": kindName, "option": "podConfig", "value": "small_cpu"}, 0},
		{"synced", "workspaces_bff_cache_synced", labels{"resource": "workspaces"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := metric(t, tt.metric, tt.labels); got != tt.want {
				t.Fatalf("%s%v = %v, want %v", tt.metric, tt.labels, got, tt.want)
			}
		})
	}
	if adds := metric(t, "workspaces_bff_cache_events_total", labels{"resource": "workspaces", "type": "add"}) - addsBefore; adds < 1 {
		t.Errorf("add events grew by %v, want at least 1", adds)
	}
	if last := metric(t, "workspaces_bff_cache_last_event_timestamp_seconds", labels{"resource": "workspaces"}); time.Since(time.Unix(int64(last), 0)) > time.Minute {
		t.Errorf("last event at %v, want just now", last)
	}

	if err := env.Clients.Workspaces(ns).Delete(ctx, "lab", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, func() bool {
		return metric(t, "workspaces_bff_workspaces", byState) == 0
	}, "the deleted Workspace leaves workspaces_bff_workspaces")
}

func TestAuthzMetrics(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	// A user of this test only, so no decision of theirs is cached yet.
	user := "metrics-" + ns + "@example.com"
	var r response
	denied := delta(t, "workspaces_bff_authz_decisions_total", labels{"source": "review", "decision": "deny"}, func() {
		if n := delta(t, "workspaces_bff_authz_reviews_total", labels{"result": "ok"}, func() {
			r = do(t, http.MethodGet, base+"/api/v1/workspaces/"+ns, "kubeflow-userid", user)
		}); n != 1 {
			t.Fatalf("reviews sent %v, want 1", n)
		}
	})
	if r.status != http.StatusForbidden || denied != 1 {
		t.Fatalf("status %d, review denials %v: want 403 and 1", r.status, denied)
	}
}

func TestWriteMetrics(t *testing.T) {
	f := newWriteFixture(t)
	created := labels{"resource": "workspaces", "verb": "create", "outcome": "success"}
	waited := labels{"resource": "workspaces"}
	var n, waits float64
	waits = delta(t, "workspaces_bff_write_visibility_wait_seconds", waited, func() {
		n = delta(t, "workspaces_bff_write_api_requests_total", created, func() { f.create(t, "lab") })
	})
	if n != 1 || waits != 1 {
		t.Fatalf("creates counted %v, visibility waits %v: want 1 each", n, waits)
	}

	deleted := labels{"resource": "workspaces", "verb": "delete", "outcome": "success"}
	if n := delta(t, "workspaces_bff_write_api_requests_total", deleted, func() {
		expect(t, send(t, http.MethodDelete, f.url("lab"), "", ""), http.StatusNoContent)
	}); n != 1 {
		t.Fatalf("deletes counted %v, want 1", n)
	}
	missing := labels{"resource": "workspaces", "verb": "get", "outcome": "not_found"}
	if n := delta(t, "workspaces_bff_write_api_requests_total", missing, func() {
		expect(t, send(t, http.MethodDelete, f.url("lab"), "", ""), http.StatusNotFound)
	}); n != 1 {
		t.Fatalf("reads of a missing Workspace counted %v, want 1", n)
	}
}

// Each route counts under its own template, whatever its answer: the pod
// template and kind extras as much as the core routes.
func TestRoutesCountUnderTheirTemplates(t *testing.T) {
	f := newWriteFixture(t)
	f.create(t, "lab")
	kind := f.base + "/api/v1/workspacekinds/" + f.kind
	tests := []struct {
		route, method, url, body string
		code                     int
	}{
		{"/api/v1/workspaces/{namespace}/{name}/podtemplate/details", "GET", f.url("lab") + "/podtemplate/details", "", 200},
		{"/api/v1/workspaces/{namespace}/{name}/podtemplate/logs/batch", "GET", f.url("lab") + "/podtemplate/logs/batch", "", 400},
		{"/api/v1/workspacekinds/{name}/podtemplate/options/listvalues", "POST", kind + "/podtemplate/options/listvalues", `{"data":{}}`, 200},
		{"/api/v1/workspacekinds/{name}/assets/icon", "GET", kind + "/assets/icon", "", 404},
		{"/api/v1/workspacekinds/{name}/assets/logo", "GET", kind + "/assets/logo?namespace=Bad", "", 422},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			var r response
			l := labels{"route": tt.route, "method": tt.method, "code": strconv.Itoa(tt.code)}
			n := delta(t, "workspaces_bff_http_requests_total", l, func() {
				contentType := ""
				if tt.body != "" {
					contentType = "application/json"
				}
				r = send(t, tt.method, tt.url, contentType, tt.body)
			})
			if r.status != tt.code || n != 1 {
				t.Fatalf("status %d, counted %v: want %d counted once", r.status, n, tt.code)
			}
		})
	}
}

func TestStorageMetrics(t *testing.T) {
	f := newStorageFixture(t)
	route := labels{"route": "/api/v1/secrets/{namespace}", "method": "GET", "code": "200"}
	if n := delta(t, "workspaces_bff_http_requests_total", route, func() {
		expect(t, do(t, http.MethodGet, f.secretsURL()), http.StatusOK)
	}); n != 1 {
		t.Fatalf("a Secrets list counted %v times under its route, want 1", n)
	}

	created := labels{"resource": "secrets", "verb": "create", "outcome": "success"}
	var n, waits float64
	waits = delta(t, "workspaces_bff_write_visibility_wait_seconds", labels{"resource": "secrets"}, func() {
		n = delta(t, "workspaces_bff_write_api_requests_total", created, func() {
			expect(t, send(t, http.MethodPost, f.secretsURL(), "application/json",
				`{"data":{"name":"counted","type":"Opaque","immutable":false,"contents":{}}}`), http.StatusCreated)
		})
	})
	if n != 1 || waits != 1 {
		t.Fatalf("creates counted %v, visibility waits %v: want 1 each", n, waits)
	}
	// One Secret is read live: an API call of its own.
	read := labels{"resource": "secrets", "verb": "get", "outcome": "success"}
	if n := delta(t, "workspaces_bff_write_api_requests_total", read, func() {
		expect(t, do(t, http.MethodGet, f.secretsURL()+"/counted"), http.StatusOK)
	}); n != 1 {
		t.Fatalf("live reads counted %v, want 1", n)
	}

	for _, resource := range []string{"storageclasses", "persistentvolumes", "persistentvolumeclaims", "pods", "secrets"} {
		if got := metric(t, "workspaces_bff_cache_synced", labels{"resource": resource}); got != 1 {
			t.Errorf("cache_synced{resource=%q} = %v, want 1", resource, got)
		}
	}
	if got := metric(t, "workspaces_bff_cache_objects", labels{"resource": "secrets"}); got < 1 {
		t.Errorf("cache_objects{resource=\"secrets\"} = %v, want at least the one created", got)
	}
	expect(t, do(t, http.MethodGet, f.secretsURL()), http.StatusOK)
	if got := metric(t, "workspaces_bff_cache_lists", labels{"scope": "namespace_secrets"}); got < 1 {
		t.Errorf("cache_lists{scope=\"namespace_secrets\"} = %v, want at least the one served", got)
	}
}
