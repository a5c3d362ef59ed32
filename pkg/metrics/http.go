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
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// HTTP are the request metrics. Routes are route templates
// ("/api/v1/workspaces/{namespace}") or "unmatched", never raw paths, and
// unknown methods are "other", so the series stay bounded.
type HTTP struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	bytes    *prometheus.CounterVec
	inFlight prometheus.Gauge

	// series caches the children of one route, method and code: resolving
	// labels hashes them, which a request should not pay for three times.
	series sync.Map // httpKey -> *httpSeries
}

type httpKey struct {
	route, method string
	code          int
}

type httpSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
	bytes    prometheus.Counter
}

// durationBuckets span a read served from memory (well under a
// millisecond) to a write waiting for visibility (seconds).
var durationBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

func newHTTP(reg prometheus.Registerer) *HTTP {
	h := &HTTP{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests answered, by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "http", Name: "request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template and method.",
			Buckets: durationBuckets,
		}, []string{"route", "method"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "http", Name: "response_bytes_total",
			Help: "Response body bytes written (compressed when gzip was sent), by route template and method.",
		}, []string{"route", "method"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Subsystem: "http", Name: "requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
	}
	reg.MustRegister(h.requests, h.duration, h.bytes, h.inFlight)
	return h
}

// Started counts a request in flight.
func (h *HTTP) Started() { h.inFlight.Inc() }

// Finished records an answered request.
func (h *HTTP) Finished(route, method string, status int, d time.Duration, bytes int64) {
	h.inFlight.Dec()
	key := httpKey{route, knownMethod(method), status}
	s, ok := h.series.Load(key)
	if !ok {
		s, _ = h.series.LoadOrStore(key, &httpSeries{
			requests: h.requests.WithLabelValues(key.route, key.method, strconv.Itoa(status)),
			duration: h.duration.WithLabelValues(key.route, key.method),
			bytes:    h.bytes.WithLabelValues(key.route, key.method),
		})
	}
	series := s.(*httpSeries)
	series.requests.Inc()
	series.duration.Observe(d.Seconds())
	series.bytes.Add(float64(bytes))
}

// knownMethod keeps the standard methods and folds any other token a client
// may send into "other".
func knownMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}
