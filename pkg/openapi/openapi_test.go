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

package openapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/pkg/openapi"
)

func TestDocumentIsValidOpenAPI(t *testing.T) {
	doc, err := apitest.OurDocument()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" || doc.Paths.Len() == 0 {
		t.Fatalf("openapi %q with %d paths", doc.OpenAPI, doc.Paths.Len())
	}
}

// Clients generated from upstream's document and from ours must have the
// same method names for the routes both serve.
func TestOperationIDsAreUpstreams(t *testing.T) {
	raw, err := os.ReadFile("../../hack/harness/apitest/testdata/upstream-swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var upstream struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(raw, &upstream); err != nil {
		t.Fatal(err)
	}
	doc, err := apitest.OurDocument()
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			theirs, ok := upstream.Paths[path][strings.ToLower(method)]
			if !ok {
				continue
			}
			shared++
			if op.OperationID != theirs.OperationID {
				t.Errorf("%s %s: operationId %q, upstream's is %q", method, path, op.OperationID, theirs.OperationID)
			}
		}
	}
	if shared < 14 {
		t.Fatalf("only %d operations shared with upstream; the paths no longer line up", shared)
	}
}

func TestHandler(t *testing.T) {
	h, err := openapi.Handler(openapi.Options{
		Host: "bff.example.com", BasePath: "/workspaces/api/v1/", Scheme: "https,http",
		UserIDHeader: "x-user", GroupsHeader: "x-groups",
	})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, header ...string) *http.Response {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	body := func(r *http.Response) string {
		b, _ := io.ReadAll(r.Body)
		return string(b)
	}

	t.Run("doc.json carries the deployment's servers and identity headers", func(t *testing.T) {
		resp := get("/doc.json")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var doc struct {
			Servers []struct{ URL string }
			Paths   map[string]struct {
				Servers []struct{ URL string }
			}
			Components struct {
				SecuritySchemes map[string]struct{ Name string }
			}
		}
		if err := json.Unmarshal([]byte(body(resp)), &doc); err != nil {
			t.Fatal(err)
		}
		var urls []string
		for _, s := range doc.Servers {
			urls = append(urls, s.URL)
		}
		if got := strings.Join(urls, " "); got != "https://bff.example.com/workspaces/api/v1 http://bff.example.com/workspaces/api/v1 /workspaces/api/v1" {
			t.Errorf("servers %s", got)
		}
		urls = nil
		for _, s := range doc.Paths["/livez"].Servers {
			urls = append(urls, s.URL)
		}
		if got := strings.Join(urls, " "); got != "https://bff.example.com http://bff.example.com /" {
			t.Errorf("/livez servers %s", got)
		}
		if doc.Paths["/workspaces"].Servers != nil {
			t.Errorf("/workspaces has servers of its own: %v", doc.Paths["/workspaces"].Servers)
		}
		schemes := doc.Components.SecuritySchemes
		if schemes["UserIdHeader"].Name != "x-user" || schemes["GroupsHeader"].Name != "x-groups" {
			t.Errorf("security schemes %+v", schemes)
		}
	})

	t.Run("in the token mode the token header is the one security scheme", func(t *testing.T) {
		h, err := openapi.Handler(openapi.Options{Host: "bff.example.com", BasePath: "/api/v1", Scheme: "http",
			UserIDHeader: "x-user", GroupsHeader: "x-groups", TokenHeader: "x-forwarded-access-token"})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/doc.json", nil))
		var doc struct {
			Security   []map[string][]string
			Components struct {
				SecuritySchemes map[string]struct{ Type, In, Name string }
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		token := doc.Components.SecuritySchemes["Token"]
		if len(doc.Components.SecuritySchemes) != 1 || token.Type != "apiKey" || token.In != "header" || token.Name != "x-forwarded-access-token" {
			t.Errorf("security schemes %+v, want the token header alone", doc.Components.SecuritySchemes)
		}
		if len(doc.Security) != 1 || doc.Security[0]["Token"] == nil || len(doc.Security[0]) != 1 {
			t.Errorf("security %v, want the token alone", doc.Security)
		}
	})
	t.Run("doc.json revalidates with its ETag", func(t *testing.T) {
		etag := get("/doc.json").Header.Get("ETag")
		if resp := get("/doc.json", "If-None-Match", etag); etag == "" || resp.StatusCode != http.StatusNotModified {
			t.Fatalf("ETag %q, revalidation %d", etag, resp.StatusCode)
		}
	})
	t.Run("the UI page loads the bundle and our initializer", func(t *testing.T) {
		resp := get("/")
		page := body(resp)
		if resp.StatusCode != 200 || !strings.Contains(page, "swagger-ui-bundle.js") || !strings.Contains(page, "swagger-initializer.js") {
			t.Fatalf("%d %.300s", resp.StatusCode, page)
		}
		init := body(get("/swagger-initializer.js"))
		if !strings.Contains(init, `url: "./doc.json"`) || strings.Contains(init, "petstore") {
			t.Fatalf("initializer %s", init)
		}
		if resp := get("/swagger-ui-bundle.js"); resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
			t.Fatalf("bundle: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})
	t.Run("an unknown file is 404", func(t *testing.T) {
		if resp := get("/nope.js"); resp.StatusCode != 404 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}
