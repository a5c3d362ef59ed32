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
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// Cache are the read model's timings, observed as they happen.
type Cache struct {
	render    *prometheus.HistogramVec
	listBuild *prometheus.HistogramVec
}

func newCache(reg prometheus.Registerer) *Cache {
	c := &Cache{
		render: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "cache", Name: "render_duration_seconds",
			Help:    "Time to convert and encode one object when its event arrives (or, for a Workspace, when its kind changes), by resource.",
			Buckets: prometheus.ExponentialBuckets(0.00001, 4, 8), // 10µs to 160ms
		}, []string{"resource"}),
		listBuild: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "cache", Name: "list_build_duration_seconds",
			Help:    "Time to assemble a list response from rendered items after its scope changed, by scope.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 8), // 100µs to 1.6s
		}, []string{"scope"}),
	}
	reg.MustRegister(c.render, c.listBuild)
	return c
}

// Rendered records one object's render time (cache.Observer).
func (c *Cache) Rendered(resource string, d time.Duration) {
	c.render.WithLabelValues(resource).Observe(d.Seconds())
}

// ListBuilt records one list build (cache.Observer).
func (c *Cache) ListBuilt(scope string, d time.Duration) {
	c.listBuild.WithLabelValues(scope).Observe(d.Seconds())
}

// ReadModel is what the collector reads at scrape time (*cache.Model).
type ReadModel interface {
	Stats() ([]cache.ResourceStats, []cache.ListStats)
	CountWorkspaces() cache.WorkspaceCounts
}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(namespace+"_"+name, help, labels, nil)
}

var (
	cacheObjects = desc("cache_objects",
		"Objects the read model serves, by resource.", "resource")
	cacheEvents = desc("cache_events_total",
		"Informer events applied to the read model, by resource and type (add, update, delete).", "resource", "type")
	cacheLastEvent = desc("cache_last_event_timestamp_seconds",
		"Unix time of the latest informer event applied, by resource; absent before the first. Age: time() - this.", "resource")
	cacheSynced = desc("cache_synced",
		"1 once the informer's initial list has been applied to the read model, else 0, by resource.", "resource")
	cacheLists = desc("cache_lists",
		"List responses cached (built on the first read after a change), by scope.", "scope")
	cacheListBytes = desc("cache_list_bytes",
		"Size of the cached list responses (identity encoding), by scope.", "scope")

	workspacesDesc = desc("workspaces",
		"Workspaces, by namespace, kind and status.state (Unknown while none is set).", "namespace", "kind", "state")
	workspacesPaused = desc("workspaces_paused",
		"Workspaces with spec.paused, by namespace and kind.", "namespace", "kind")
	kindWorkspaces = desc("workspacekind_workspaces",
		"Workspaces per WorkspaceKind; every cached kind is reported, with 0 when unused.", "kind")
	optionWorkspaces = desc("workspacekind_option_workspaces",
		"Workspaces per WorkspaceKind option value they select (option: imageConfig or podConfig); "+
			"every value a kind defines is reported, with 0 when unused.", "kind", "option", "value")
)

// readModelCollector reports what the read model holds at scrape time:
// nothing is counted on the event path, and the series follow the cache
// exactly (a deleted namespace's series disappear with it).
type readModelCollector struct {
	model ReadModel
}

func (c readModelCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{
		cacheObjects, cacheEvents, cacheLastEvent, cacheSynced, cacheLists, cacheListBytes,
		workspacesDesc, workspacesPaused, kindWorkspaces, optionWorkspaces,
	} {
		ch <- d
	}
}

func (c readModelCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	collectStats(ch, c.model)

	counts := c.model.CountWorkspaces()
	for g, n := range counts.ByState {
		gauge(workspacesDesc, float64(n), g.Namespace, g.Kind, g.State)
	}
	for g, n := range counts.Paused {
		gauge(workspacesPaused, float64(n), g.Namespace, g.Kind)
	}
	for kind, n := range counts.ByKind {
		gauge(kindWorkspaces, float64(n), kind)
	}
	for o, n := range counts.ByOption {
		gauge(optionWorkspaces, float64(n), o.Kind, o.Option, o.Value)
	}
}

// collectStats reports what a read model holds of each resource and list
// scope.
func collectStats(ch chan<- prometheus.Metric, source StatsSource) {
	resources, lists := source.Stats()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, r := range resources {
		gauge(cacheObjects, float64(r.Objects), r.Resource)
		for typ, n := range map[string]uint64{"add": r.Added, "update": r.Updated, "delete": r.Deleted} {
			ch <- prometheus.MustNewConstMetric(cacheEvents, prometheus.CounterValue, float64(n), r.Resource, typ)
		}
		if !r.LastEvent.IsZero() {
			gauge(cacheLastEvent, float64(r.LastEvent.UnixNano())/1e9, r.Resource)
		}
		synced := 0.0
		if r.Synced {
			synced = 1
		}
		gauge(cacheSynced, synced, r.Resource)
	}
	for _, l := range lists {
		gauge(cacheLists, float64(l.Lists), l.Scope)
		gauge(cacheListBytes, float64(l.Bytes), l.Scope)
	}
}
