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

import "github.com/prometheus/client_golang/prometheus"

// Watch are the live-update stream metrics (an httpapi.WatchObserver).
// Resources are the two watched ones; events and end reasons are fixed
// sets: the series stay bounded.
type Watch struct {
	open   *prometheus.GaugeVec
	closed *prometheus.CounterVec
	events *prometheus.CounterVec
}

func newWatch(reg prometheus.Registerer) *Watch {
	w := &Watch{
		open: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Subsystem: "watch", Name: "streams",
			Help: "Watch streams (?watch=true) open, by resource.",
		}, []string{"resource"}),
		closed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "watch", Name: "streams_closed_total",
			Help: "Watch streams ended, by resource and reason (client, behind, access, shutdown).",
		}, []string{"resource", "reason"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "watch", Name: "events_total",
			Help: "Events written to watch streams, by resource and event (snapshot, added, modified, deleted).",
		}, []string{"resource", "event"}),
	}
	reg.MustRegister(w.open, w.closed, w.events)
	return w
}

// Opened counts an open stream.
func (w *Watch) Opened(resource string) { w.open.WithLabelValues(resource).Inc() }

// Closed counts a stream that ended, and why.
func (w *Watch) Closed(resource, reason string) {
	w.open.WithLabelValues(resource).Dec()
	w.closed.WithLabelValues(resource, reason).Inc()
}

// Sent counts events written to a stream.
func (w *Watch) Sent(resource, event string, n int) {
	w.events.WithLabelValues(resource, event).Add(float64(n))
}
