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

package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
)

// The route matcher serves what mux matches, records the route's template and
// variables, and answers 404 and 405 through the router's handlers.
func TestRouteMatcher(t *testing.T) {
	var got struct {
		route, namespace, name string
	}
	seen := func(w http.ResponseWriter, r *http.Request) {
		info := requestInfoFrom(r.Context())
		got.route, got.namespace, got.name = info.route, pathVar(r, "namespace"), pathVar(r, "name")
		w.WriteHeader(http.StatusOK)
	}
	router := mux.NewRouter().UseEncodedPath().SkipClean(true)
	router.HandleFunc("/api/v1/workspaces", seen).Methods(http.MethodGet)
	router.HandleFunc("/api/v1/workspaces/{namespace}", seen).Methods(http.MethodGet)
	router.HandleFunc("/api/v1/workspaces/{namespace}/{name}", seen).Methods(http.MethodGet, http.MethodPut)
	router.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) })
	router.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusMethodNotAllowed) })
	table := newRouteMatcher(router)

	for _, tt := range []struct {
		method, path           string
		status                 int
		route, namespace, name string
	}{
		{http.MethodGet, "/api/v1/workspaces", 200, "/api/v1/workspaces", "", ""},
		{http.MethodGet, "/api/v1/workspaces/ns", 200, "/api/v1/workspaces/{namespace}", "ns", ""},
		{http.MethodPut, "/api/v1/workspaces/ns/ws", 200, "/api/v1/workspaces/{namespace}/{name}", "ns", "ws"},
		{http.MethodGet, "/api/v1/workspaces/a%2Fb/ws", 200, "/api/v1/workspaces/{namespace}/{name}", "a%2Fb", "ws"},
		{http.MethodDelete, "/api/v1/workspaces/ns", 405, RouteUnmatched, "", ""},
		{http.MethodGet, "/api/v1/workspaces/ns/ws/more", 404, RouteUnmatched, "", ""},
		{http.MethodGet, "/api/v1/workspaces/../x", 200, "/api/v1/workspaces/{namespace}/{name}", "..", "x"}, // as sent: validation refuses ".."
		{http.MethodGet, "/api/v1/workspaces/", 404, RouteUnmatched, "", ""},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			got.route, got.namespace, got.name = "", "", ""
			ctx := &requestContext{Context: context.Background(), info: requestInfo{route: RouteUnmatched}}
			r := httptest.NewRequestWithContext(ctx, tt.method, tt.path, nil)
			w := httptest.NewRecorder()
			table.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d", w.Code, tt.status)
			}
			if ctx.info.route != tt.route {
				t.Errorf("recorded route %q, want %q", ctx.info.route, tt.route)
			}
			if tt.status == 200 && (got.route != tt.route || got.namespace != tt.namespace || got.name != tt.name) {
				t.Errorf("handler saw route %q, namespace %q, name %q; want %q %q %q",
					got.route, got.namespace, got.name, tt.route, tt.namespace, tt.name)
			}
		})
	}
}
