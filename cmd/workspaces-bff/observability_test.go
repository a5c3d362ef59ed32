package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// checkObservability checks what the README's Observability section
// promises of the running binary: the seeded Workspaces in the gauges,
// access lines (by default for a refused request and not for a
// successful read; with separate, run with --access-log=all, for every
// request), a structured startup line, and with --metrics-bind-address
// (separate) /metrics and pprof on that listener only.
func checkObservability(t *testing.T, separate bool, base, metricsBase string, logs *syncBuffer) {
	t.Helper()
	status, body := get(metricsBase+"/metrics", nil)
	for _, want := range []string{
		`workspaces_bff_workspaces{kind="jupyterlab",namespace="kubeflow-user-example-com",state=`,
		`workspaces_bff_http_requests_total{code="200",method="GET",route="/api/v1/healthcheck"}`,
		`workspaces_bff_cache_synced{resource="workspaces"} 1`,
		"go_goroutines ", "process_resident_memory_bytes ", "go_gc_gomemlimit_bytes ",
		`workspaces_bff_build_info{branch="",goarch=`, `rest_client_requests_total{code="200",host=`,
		`rest_client_request_duration_seconds_count{host=`,
	} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s/metrics: %d, lacks %q", metricsBase, status, want)
		}
	}
	if separate {
		if status, _ := get(base+"/metrics", nil); status != http.StatusNotFound {
			t.Errorf("/metrics on the API port: %d, want 404 with --metrics-bind-address", status)
		}
		if status, body := get(metricsBase+"/debug/pprof/", nil); status != 200 || !strings.Contains(body, "goroutine") {
			t.Errorf("pprof on the metrics listener: %d %.200s", status, body)
		}
	}
	if status, _ := get(base+"/debug/pprof/", nil); status != http.StatusNotFound {
		t.Errorf("pprof on the API port: %d, want 404", status)
	}

	if status, _ := get(base+"/api/v1/workspaces", nil); status != http.StatusUnauthorized {
		t.Errorf("a request without identity: %d, want 401", status)
	}
	want := []string{"msg=request", "route=/api/v1/workspaces path=/api/v1/workspaces status=401", "config.metrics-bind-address=", "config.access-log=default"}
	if separate {
		want = []string{`"msg":"request"`, `"route":"/api/v1/healthcheck"`, `"metrics-bind-address":"` + strings.TrimPrefix(metricsBase, "http://"), `"access-log":"all"`}
	}
	testenv.Eventually(t, 5*time.Second, func() bool {
		for _, w := range want {
			if !strings.Contains(logs.String(), w) {
				return false
			}
		}
		return true
	}, "the log lacks one of %q", want)
	// Lines are written in order: the 401's line is out, so the earlier
	// healthcheck's would be too.
	if !separate && strings.Contains(logs.String(), "route=/api/v1/healthcheck") {
		t.Error("a successful read was logged at info by default")
	}
}

func TestMetricsHandler(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "m 1\n") })
	tests := []struct {
		name   string
		pprof  bool
		method string
		path   string
		want   int
	}{
		{"metrics are served", false, "GET", "/metrics", 200},
		{"nothing else is", false, "GET", "/", 404},
		{"pprof is off by default", false, "GET", "/debug/pprof/", 404},
		{"pprof when enabled", true, "GET", "/debug/pprof/", 200},
		{"a named profile when enabled", true, "GET", "/debug/pprof/goroutine?debug=1", 200},
		{"metrics are read-only", false, "POST", "/metrics", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			metricsHandler(metrics, tt.pprof).ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.want {
				t.Fatalf("%s %s: %d, want %d", tt.method, tt.path, rec.Code, tt.want)
			}
		})
	}
}
