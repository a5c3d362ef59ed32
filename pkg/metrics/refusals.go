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

// Refusals counts the requests refused to protect a replica or its other
// users (an httpapi.RefusalObserver): bodies over their route's limit, and
// callers over their budgets.
type Refusals struct {
	refused *prometheus.CounterVec
}

func newRefusals(reg prometheus.Registerer) *Refusals {
	r := &Refusals{refused: prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "refusals_total",
		Help: "Requests refused to protect the replica or other users, by reason (body_too_large, decode_busy, authz_budget, watch_user, watch_total, log_user, events_user, token_reviews).",
	}, []string{"reason"})}
	reg.MustRegister(r.refused)
	return r
}

// Refused counts one refusal.
func (r *Refusals) Refused(reason string) { r.refused.WithLabelValues(reason).Inc() }
