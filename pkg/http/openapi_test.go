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
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/openapi"
)

// allRoutes is the router with every optional route mounted.
func allRoutes() *mux.Router {
	return routes(Dependencies{
		Ready:      func() (bool, string) { return true, "" },
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: denyAll{},
		Metrics:    http.NotFoundHandler(),
		Swagger:    http.NotFoundHandler(),
	})
}

// The document must describe every route the router serves, and nothing
// it does not: a route added without documentation, or documentation left
// behind by a removed route, fails here.
func TestOpenAPIDocumentCoversEveryRoute(t *testing.T) {
	doc, err := apitest.OurDocument()
	if err != nil {
		t.Fatal(err)
	}
	// Documented operations as "METHOD /full/path/{template}": a path is
	// relative to its own servers, else to the document's.
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		servers := item.Servers
		if len(servers) == 0 {
			servers = doc.Servers
		}
		base := strings.TrimSuffix(servers[0].URL, "/")
		for method := range item.Operations() {
			documented[method+" "+base+path] = true
		}
	}
	routed := map[string]bool{}
	err = allRoutes().Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := route.GetMethods()
		if err != nil {
			return err
		}
		for _, m := range methods {
			routed[m+" "+path] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var missing, stale []string
	for op := range routed {
		method, path, _ := strings.Cut(op, " ")
		if method == http.MethodHead {
			// HEAD is GET without a body (RFC 9110 9.3.2); the document
			// says every GET answers it rather than listing each.
			if !routed[http.MethodGet+" "+path] {
				t.Errorf("%s is routed without its GET", op)
			}
			continue
		}
		if !documented[op] {
			missing = append(missing, op)
		}
	}
	for op := range documented {
		if !routed[op] {
			stale = append(stale, op)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("routes missing from pkg/openapi/api.yaml:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(stale) > 0 {
		t.Errorf("documented operations no route serves:\n  %s", strings.Join(stale, "\n  "))
	}
	if len(routed) < 20 {
		t.Fatalf("walked only %d routes", len(routed))
	}
}

// swaggerRouter is the router with the Swagger routes of pkg/openapi.
func swaggerRouter(t *testing.T) http.Handler {
	t.Helper()
	swagger, err := openapi.Handler(openapi.Options{
		Host: "localhost:4000", BasePath: "/api/v1", Scheme: "http",
		UserIDHeader: "kubeflow-userid", GroupsHeader: "kubeflow-groups",
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewRouter(Dependencies{
		Ready:      func() (bool, string) { return true, "" },
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: denyAll{},
		Swagger:    swagger,
	})
}

func TestSwaggerRoutes(t *testing.T) {
	disabled := NewRouter(Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: denyAll{},
	})
	enabled := swaggerRouter(t)
	tests := []struct {
		name        string
		router      http.Handler
		method      string
		path        string
		wantStatus  int
		wantType    string
		wantContain string
	}{
		{"disabled: the document is 404, as upstream", disabled, "GET", "/api/v1/swagger/doc.json", 404, "application/json", `"code":"404"`},
		{"disabled: the UI is 404", disabled, "GET", "/api/v1/swagger/", 404, "application/json", `"code":"404"`},
		{"the document needs no identity", enabled, "GET", "/api/v1/swagger/doc.json", 200, "application/json", `"/workspaces/{namespace}/{name}"`},
		{"the UI page needs no identity", enabled, "GET", "/api/v1/swagger/", 200, "text/html; charset=utf-8", "swagger-ui"},
		{"a UI file", enabled, "GET", "/api/v1/swagger/swagger-ui.css", 200, "text/css; charset=utf-8", ""},
		{"HEAD of the document", enabled, "HEAD", "/api/v1/swagger/doc.json", 200, "application/json", ""},
		{"index.html redirects to the page", enabled, "GET", "/api/v1/swagger/index.html", 301, "", ""},
		{"an unknown file is our 404 envelope", enabled, "GET", "/api/v1/swagger/nope.js", 404, "application/json", `"code":"404"`},
		{"a nested path is 404", enabled, "GET", "/api/v1/swagger/a/b", 404, "application/json", `"code":"404"`},
		{"a write to the document is 405", enabled, "POST", "/api/v1/swagger/doc.json", 405, "application/json", `"code":"405"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(tt.method, tt.path, nil)
			tt.router.ServeHTTP(rec, req)
			apitest.ValidateOurs(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.wantStatus, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type %q, want %q", got, tt.wantType)
			}
			if !strings.Contains(rec.Body.String(), tt.wantContain) {
				t.Errorf("body does not contain %q: %.300s", tt.wantContain, rec.Body)
			}
		})
	}
}
