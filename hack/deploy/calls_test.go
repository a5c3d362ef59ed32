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

package deploy

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

// call is one API request as RBAC authorizes it.
type call struct {
	group, resource, verb string
}

func (c call) String() string {
	group := c.group
	if group == "" {
		group = "core"
	}
	return c.verb + " " + group + "/" + c.resource
}

// callOf names the RBAC verb, API group and resource of a request to the
// API server, as the API server's request info does for resource requests:
// /api/v1/... is the core group, /apis/GROUP/VERSION/... any other; a
// namespaced path starts with namespaces/NS/; a GET is get with a name, watch
// with ?watch=true and list otherwise. Subresources are "resource/sub".
func callOf(method string, u *url.URL) (call, error) {
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	var c call
	switch {
	case len(parts) > 2 && parts[0] == "api":
		parts = parts[2:]
	case len(parts) > 3 && parts[0] == "apis":
		c.group, parts = parts[1], parts[3:]
	default:
		return call{}, fmt.Errorf("%s %s is not a resource request", method, u.Path)
	}
	if len(parts) > 2 && parts[0] == "namespaces" {
		parts = parts[2:]
	}
	c.resource = parts[0]
	if len(parts) > 2 {
		c.resource += "/" + parts[2]
	}
	named := len(parts) > 1
	switch method {
	case http.MethodGet:
		switch w := u.Query().Get("watch"); {
		case w == "true" || w == "1":
			c.verb = "watch"
		case named:
			c.verb = "get"
		default:
			c.verb = "list"
		}
	case http.MethodPost:
		c.verb = "create"
	case http.MethodPut:
		c.verb = "update"
	case http.MethodPatch:
		c.verb = "patch"
	case http.MethodDelete:
		c.verb = "delete"
		if !named {
			c.verb = "deletecollection"
		}
	default:
		return call{}, fmt.Errorf("%s %s: no RBAC verb for the method", method, u.Path)
	}
	return c, nil
}

func TestCallOf(t *testing.T) {
	tests := []struct {
		method, url string
		want        call
	}{
		{"GET", "/api/v1/namespaces?resourceVersion=0", call{"", "namespaces", "list"}},
		{"GET", "/api/v1/namespaces?watch=true&sendInitialEvents=true", call{"", "namespaces", "watch"}},
		{"GET", "/api/v1/namespaces/team-a", call{"", "namespaces", "get"}},
		{"GET", "/api/v1/namespaces/team-a/secrets/s", call{"", "secrets", "get"}},
		{"GET", "/api/v1/namespaces/team-a/persistentvolumeclaims/home", call{"", "persistentvolumeclaims", "get"}},
		{"GET", "/apis/kubeflow.org/v1beta1/workspaces?limit=500", call{"kubeflow.org", "workspaces", "list"}},
		{"GET", "/apis/kubeflow.org/v1beta1/workspaces?watch=1", call{"kubeflow.org", "workspaces", "watch"}},
		{"GET", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces/ws", call{"kubeflow.org", "workspaces", "get"}},
		{"POST", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces", call{"kubeflow.org", "workspaces", "create"}},
		{"PUT", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces/ws", call{"kubeflow.org", "workspaces", "update"}},
		{"PUT", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces/ws/status", call{"kubeflow.org", "workspaces/status", "update"}},
		{"PATCH", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces/ws", call{"kubeflow.org", "workspaces", "patch"}},
		{"DELETE", "/apis/kubeflow.org/v1beta1/workspacekinds/jupyterlab", call{"kubeflow.org", "workspacekinds", "delete"}},
		{"DELETE", "/apis/kubeflow.org/v1beta1/namespaces/team-a/workspaces", call{"kubeflow.org", "workspaces", "deletecollection"}},
		{"POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", call{"authorization.k8s.io", "subjectaccessreviews", "create"}},
		{"GET", "/apis/rbac.authorization.k8s.io/v1/rolebindings?watch=true", call{"rbac.authorization.k8s.io", "rolebindings", "watch"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.url, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			got, err := callOf(tt.method, u)
			if err != nil || got != tt.want {
				t.Fatalf("callOf = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	for _, path := range []string{"/version", "/api/v1", "/apis/kubeflow.org/v1beta1", "/openapi/v3"} {
		if c, err := callOf("GET", &url.URL{Path: path}); err == nil {
			t.Errorf("%s: got %v, want an error", path, c)
		}
	}
}

// recorder wraps a client's transport (rest.Config.Wrap) and notes every
// API call the client makes and which ones the API server refused (403).
// Requests that name no resource (discovery, say) are noted apart:
// RBAC grants them by path, not by resource.
type recorder struct {
	mu          sync.Mutex
	made        map[call]bool
	refused     map[call]bool
	nonResource map[string]bool
}

func newRecorder() *recorder {
	return &recorder{made: map[call]bool{}, refused: map[call]bool{}, nonResource: map[string]bool{}}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (r *recorder) wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		c, notResource := callOf(req.Method, req.URL)
		resp, err := next.RoundTrip(req)
		r.mu.Lock()
		defer r.mu.Unlock()
		switch {
		case notResource != nil:
			r.nonResource[req.Method+" "+req.URL.Path] = true
		case resp != nil && resp.StatusCode == http.StatusForbidden:
			r.refused[c] = true
			fallthrough
		default:
			r.made[c] = true
		}
		return resp, err
	})
}

// calls returns what was made and what was refused, sorted, and the
// requests that named no resource.
func (r *recorder) calls() (made, refused []call, nonResource []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	nonResource = make([]string, 0, len(r.nonResource))
	for p := range r.nonResource {
		nonResource = append(nonResource, p)
	}
	slices.Sort(nonResource)
	return sortedCalls(r.made), sortedCalls(r.refused), nonResource
}

func sortedCalls(set map[call]bool) []call {
	out := make([]call, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b call) int { return strings.Compare(a.group+a.resource+a.verb, b.group+b.resource+b.verb) })
	return out
}

// granted expands rules into the calls they allow; it refuses wildcards and
// resource names, which a list of exact calls cannot stand for.
func granted(t *testing.T, rules []rbacv1.PolicyRule) map[call]bool {
	t.Helper()
	out := map[call]bool{}
	for _, r := range rules {
		if len(r.ResourceNames) > 0 || len(r.NonResourceURLs) > 0 {
			t.Fatalf("rule %v: resource names and non-resource URLs are not expected", r)
		}
		for _, g := range r.APIGroups {
			for _, res := range r.Resources {
				for _, v := range r.Verbs {
					if g == "*" || res == "*" || v == "*" {
						t.Fatalf("rule %v: a wildcard grants more than the BFF uses", r)
					}
					out[call{g, res, v}] = true
				}
			}
		}
	}
	return out
}
