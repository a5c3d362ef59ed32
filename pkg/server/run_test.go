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

package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

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
