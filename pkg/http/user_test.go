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
	"net/http"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

func TestCurrentUser(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	// Everything in one namespace, and reading everything cluster-wide, are
	// still not a cluster admin.
	nsAdmin := "ns-admin-" + ns + "@example.com"
	bindRole(t, ns, nsAdmin, []rbacv1.PolicyRule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"*"}}})
	url := base + "/api/v1/user"
	tests := []struct {
		name   string
		caller caller
		want   string
	}{
		{"a cluster admin", caller{user: "user@example.com"}, `{"data":{"userId":"user@example.com","clusterAdmin":true}}`},
		{"a user with no grant", caller{user: "nobody-" + ns + "@example.com"}, `{"data":{"userId":"nobody-` + ns + `@example.com","clusterAdmin":false}}`},
		{"an admin of one namespace", caller{user: nsAdmin}, `{"data":{"userId":"` + nsAdmin + `","clusterAdmin":false}}`},
		{"a member of system:masters", caller{user: "root-" + ns, groups: []string{"system:masters"}}, `{"data":{"userId":"root-` + ns + `","clusterAdmin":true}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.caller.do(t, http.MethodGet, url, "", "")
			expect(t, r, http.StatusOK)
			if string(r.body) != tt.want {
				t.Fatalf("body %s, want %s", r.body, tt.want)
			}
			etag := r.header.Get("ETag")
			if etag == "" || r.header.Get("Cache-Control") != "no-cache" {
				t.Fatalf("headers %v", r.header)
			}
			req, err := http.NewRequest(http.MethodGet, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("kubeflow-userid", tt.caller.user)
			for _, g := range tt.caller.groups {
				req.Header.Add("kubeflow-groups", g)
			}
			req.Header.Set("If-None-Match", etag)
			if again := roundTrip(t, nil, req); again.status != http.StatusNotModified {
				t.Fatalf("If-None-Match with the ETag: %d", again.status)
			}
		})
	}
	t.Run("two users never share an ETag", func(t *testing.T) {
		a := caller{user: "a-" + ns}.do(t, http.MethodGet, url, "", "")
		b := caller{user: "b-" + ns}.do(t, http.MethodGet, url, "", "")
		if a.header.Get("ETag") == b.header.Get("ETag") {
			t.Fatalf("both are %s", a.header.Get("ETag"))
		}
	})
	t.Run("without an identity it is 401", func(t *testing.T) {
		expect(t, caller{}.do(t, http.MethodGet, url, "", ""), http.StatusUnauthorized)
	})
}
