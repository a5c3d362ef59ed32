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

package metrics

import (
	"context"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	clientmetrics "k8s.io/client-go/tools/metrics"
)

// client-go reports every REST client request to one process-wide set of
// hooks (k8s.io/client-go/tools/metrics), which the first caller of
// Register owns: the BFF's are registered when this package is
// initialised, before any client is built, and served from every registry
// New makes. Their names and labels are the ones Kubernetes' own
// components and dashboards use.
var (
	restRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "rest_client_requests_total",
		Help: "Number of HTTP requests the Kubernetes client made, partitioned by status code, method, and host.",
	}, []string{"code", "method", "host"})
	restLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "rest_client_request_duration_seconds",
		Help:    "Request latency of the Kubernetes client in seconds, broken down by verb and host.",
		Buckets: []float64{0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60},
	}, []string{"verb", "host"})
)

func init() {
	clientmetrics.Register(clientmetrics.RegisterOpts{
		RequestResult:  resultAdapter{restRequests},
		RequestLatency: latencyAdapter{restLatency},
	})
}

type resultAdapter struct{ m *prometheus.CounterVec }

func (a resultAdapter) Increment(_ context.Context, code, method, host string) {
	a.m.WithLabelValues(code, method, host).Inc()
}

type latencyAdapter struct{ m *prometheus.HistogramVec }

func (a latencyAdapter) Observe(_ context.Context, verb string, u url.URL, latency time.Duration) {
	a.m.WithLabelValues(verb, u.Host).Observe(latency.Seconds())
}

// buildInfo is workspaces_bff_build_info, 1 with the version, revision and
// Go version the binary was built from as labels (set with -ldflags -X on
// github.com/prometheus/common/version's Version and Revision; the
// revision defaults to the VCS revision go build stamped).
func buildInfo() prometheus.Collector {
	return versioncollector.NewCollector(namespace)
}
