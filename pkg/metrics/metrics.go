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

// Package metrics defines the BFF's Prometheus metrics, every one named
// workspaces_bff_*, and owns the registry they are served from.
//
// The packages that do the work import no metrics library. They report to
// small observer interfaces, which the types here implement:
// httpapi.RequestObserver (HTTP), cache.Observer (render and list-build
// timings), actions.Observer (API calls, retries, read-your-writes waits)
// and auth.Options' hooks (reviews, decisions). What the read model holds
// (objects, events, the Workspaces by namespace, kind, state and option) is
// read from it at scrape time by a collector, as kube-state-metrics does,
// so no counter has to be kept in step with the cache.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric name: workspaces_bff_.
const namespace = "workspaces_bff"

// Metrics are the BFF's metrics and their registry.
type Metrics struct {
	// HTTP records requests (an httpapi.RequestObserver).
	HTTP *HTTP
	// Cache records the read model's timings (a cache.Observer).
	Cache *Cache
	// Writes records what writes do (an actions.Observer).
	Writes *Writes
	// Authz records authorization reviews and decisions.
	Authz *Authz
	// Watch records live-update streams.
	Watch *Watch
	// Refusals counts requests refused by the limits and budgets.
	Refusals *Refusals
	// Permissions report what the BFF runs without.
	Permissions *Permissions

	registry *prometheus.Registry
}

// New registers every metric in a new registry, with the Go runtime and
// process collectors. When model is not nil, what it holds is reported at
// each scrape.
func New(model ReadModel) *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), buildInfo(),
		restRequests, restLatency)
	m := &Metrics{
		HTTP:     newHTTP(reg),
		Cache:    newCache(reg),
		Writes:   newWrites(reg),
		Authz:    newAuthz(reg),
		Watch:    newWatch(reg),
		Refusals: newRefusals(reg),
		registry: reg,

		Permissions: newPermissions(reg),
	}
	if model != nil {
		reg.MustRegister(readModelCollector{model})
	}
	return m
}

// Gatherer is the registry, for tests and for serving.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.registry }

// Handler serves the metrics in the Prometheus text formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Gatherer(), promhttp.HandlerOpts{Registry: m.registry})
}
