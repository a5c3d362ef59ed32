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
