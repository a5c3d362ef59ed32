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
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Writes are the metrics of writes (pkg/actions): API server calls, the
// retries of lost races, and the read-your-writes waits.
type Writes struct {
	calls      *prometheus.CounterVec
	retries    *prometheus.CounterVec
	visibility *prometheus.HistogramVec
	timeouts   *prometheus.CounterVec
	tokenWait  prometheus.Histogram
	staleReads prometheus.Counter
}

func newWrites(reg prometheus.Registerer) *Writes {
	w := &Writes{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "write", Name: "api_requests_total",
			Help: "Requests to the API server made by writes, by resource, verb and outcome " +
				"(success, conflict, not_found, already_exists, invalid, forbidden, unavailable, canceled, error).",
		}, []string{"resource", "verb", "outcome"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "write", Name: "retries_total",
			Help: "Writes attempted again after a 409 Conflict that could not matter to the caller (e.g. a status update), by resource.",
		}, []string{"resource"}),
		visibility: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Subsystem: "write", Name: "visibility_wait_seconds",
			Help:    "Time a write waited for the read model to serve it (read-your-writes), by resource.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"resource"}),
		timeouts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "write", Name: "visibility_timeouts_total",
			Help: "Writes answered before the read model served them (with a Warning header), by resource.",
		}, []string{"resource"}),
	}
	w.tokenWait = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace, Subsystem: "read", Name: "consistency_wait_seconds",
		Help:    "Time a read carrying a consistency token waited for this replica to apply the caller's writes.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	w.staleReads = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Subsystem: "read", Name: "consistency_timeouts_total",
		Help: "Reads carrying a consistency token answered before this replica applied the caller's writes (with a Warning header).",
	})
	reg.MustRegister(w.calls, w.retries, w.visibility, w.timeouts, w.tokenWait, w.staleReads)
	return w
}

// APICall counts one API server request made by a write.
func (w *Writes) APICall(verb, resource string, err error) {
	w.calls.WithLabelValues(resource, verb, outcome(err)).Inc()
}

// Retried counts a retried write.
func (w *Writes) Retried(resource string) { w.retries.WithLabelValues(resource).Inc() }

// VisibilityWaited records a read-your-writes wait.
func (w *Writes) VisibilityWaited(resource string, d time.Duration, timedOut bool) {
	w.visibility.WithLabelValues(resource).Observe(d.Seconds())
	if timedOut {
		w.timeouts.WithLabelValues(resource).Inc()
	}
}

// TokenWaited records a read's wait for the writes its consistency token
// names.
func (w *Writes) TokenWaited(d time.Duration, timedOut bool) {
	w.tokenWait.Observe(d.Seconds())
	if timedOut {
		w.staleReads.Inc()
	}
}

// outcome classifies an API server error into a few values, so the label
// stays bounded whatever the server answers.
func outcome(err error) string {
	switch {
	case err == nil:
		return "success"
	case apierrors.IsConflict(err):
		return "conflict"
	case apierrors.IsNotFound(err):
		return "not_found"
	case apierrors.IsAlreadyExists(err):
		return "already_exists"
	case apierrors.IsInvalid(err):
		return "invalid"
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		return "forbidden"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	case apierrors.IsServiceUnavailable(err), apierrors.IsTimeout(err), apierrors.IsServerTimeout(err),
		apierrors.IsTooManyRequests(err), apierrors.IsInternalError(err):
		return "unavailable"
	}
	return "error"
}
