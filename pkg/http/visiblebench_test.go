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

package httpapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

// BenchmarkGetVisible measures the cluster-wide list routes for a user who
// may list Workspaces in three of the namespaces only, as most users of a
// shared cluster: each request is denied the cluster-wide list, then
// filters the namespaces by cached decisions and serves theirs.
func BenchmarkGetVisible(b *testing.B) {
	router := httpapi.NewRouter(benchDeps(benchModel(b, 1000),
		auth.NewAuthorizer(namespaceReviewer{}, auth.Options{AllowTTL: time.Hour, DenyTTL: time.Hour})))
	for _, route := range []benchRoute{
		{name: "namespaces", path: "/api/v1/namespaces", wantStatus: http.StatusOK},
		{name: "workspaces", path: "/api/v1/workspaces", wantStatus: http.StatusOK},
		{name: "workspaces-304", path: "/api/v1/workspaces", notModified: true, wantStatus: http.StatusNotModified},
	} {
		b.Run("route="+route.name, func(b *testing.B) {
			measureRoute(b, router, route)
		})
	}
}

// namespaceReviewer allows access in namespaces ns-000 to ns-002 only.
type namespaceReviewer struct{}

func (namespaceReviewer) Create(_ context.Context, r *authorizationv1.SubjectAccessReview, _ metav1.CreateOptions) (*authorizationv1.SubjectAccessReview, error) {
	out := r.DeepCopy()
	switch r.Spec.ResourceAttributes.Namespace {
	case "ns-000", "ns-001", "ns-002":
		out.Status.Allowed = true
	}
	return out, nil
}
