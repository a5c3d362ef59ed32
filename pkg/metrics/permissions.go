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

// Degraded reasons: the BFF runs with less permission than its manifests
// grant, and does something dearer instead.
const (
	// ReasonRBACUnreadable: it may not list and watch RBAC objects, so it
	// confirms each namespace by review instead of proposing a user's
	// namespaces from their bindings (pkg/auth.RBAC).
	ReasonRBACUnreadable = "rbac_unreadable"
)

// Permissions report what the BFF runs without: 1 per reason it is
// degraded for, 0 otherwise, so an alert needs no absent().
type Permissions struct {
	degraded *prometheus.GaugeVec
}

func newPermissions(reg prometheus.Registerer) *Permissions {
	p := &Permissions{degraded: prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: namespace, Name: "degraded_permissions",
		Help: "1 when the BFF lacks a permission its manifests grant and falls back to something dearer, by reason (rbac_unreadable: it may not list and watch RBAC objects and confirms every namespace by SubjectAccessReview).",
	}, []string{"reason"})}
	p.degraded.WithLabelValues(ReasonRBACUnreadable).Set(0)
	reg.MustRegister(p.degraded)
	return p
}

// Degraded records that the BFF runs degraded for reason.
func (p *Permissions) Degraded(reason string) {
	p.degraded.WithLabelValues(reason).Set(1)
}
