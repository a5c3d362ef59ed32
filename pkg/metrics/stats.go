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
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// StatsSource is another read model whose contents are reported as the
// main one's (pkg/cache.Storage).
type StatsSource interface {
	Stats() ([]cache.ResourceStats, []cache.ListStats)
}

// Report adds what source holds to every scrape, in the read model's series
// (cache_objects, cache_events_total, cache_synced, cache_lists, ...),
// labelled with its own resources and scopes.
func (m *Metrics) Report(source StatsSource) {
	m.registry.MustRegister(statsCollector{source})
}

// statsCollector reports a StatsSource at scrape time.
type statsCollector struct{ source StatsSource }

// Describe sends nothing: the series share their descriptors with
// readModelCollector's, which a registry accepts only from an unchecked
// collector. Gathering still checks that every series is consistent.
func (statsCollector) Describe(chan<- *prometheus.Desc) {}

func (c statsCollector) Collect(ch chan<- prometheus.Metric) {
	collectStats(ch, c.source)
}
