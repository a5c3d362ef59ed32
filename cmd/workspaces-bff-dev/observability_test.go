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

package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/testbin"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// checkObservability checks what the Observability section of docs/operations.md
// promises of the running binary: the seeded Workspaces in the gauges,
// access lines (by default for a refused request and not for a
// successful read; with separate, run with --access-log=all, for every
// request), a structured startup line, and with --metrics-bind-address
// (separate) /metrics and pprof on that listener only.
func checkObservability(t *testing.T, separate bool, base, metricsBase string, logs *testbin.Buffer) {
	t.Helper()
	status, body := testbin.Get(metricsBase+"/metrics", nil)
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
		if status, _ := testbin.Get(base+"/metrics", nil); status != http.StatusNotFound {
			t.Errorf("/metrics on the API port: %d, want 404 with --metrics-bind-address", status)
		}
		if status, body := testbin.Get(metricsBase+"/debug/pprof/", nil); status != 200 || !strings.Contains(body, "goroutine") {
			t.Errorf("pprof on the metrics listener: %d %.200s", status, body)
		}
	}
	if status, _ := testbin.Get(base+"/debug/pprof/", nil); status != http.StatusNotFound {
		t.Errorf("pprof on the API port: %d, want 404", status)
	}

	if status, _ := testbin.Get(base+"/api/v1/workspaces", nil); status != http.StatusUnauthorized {
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
