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
