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

package apitest

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestValidateOurs(t *testing.T) {
	cached := http.Header{
		"Content-Type": {"application/json"}, "Etag": {`"abc"`},
		"Cache-Control": {"no-cache"}, "Vary": {"Accept-Encoding"},
	}
	with := func(h http.Header, kv ...string) http.Header {
		out := h.Clone()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				out.Del(kv[i])
				continue
			}
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	gzipped := func(s string) string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return buf.String()
	}
	item := `{"name":"ns-a"}`

	tests := []struct {
		name, method, target string
		status               int
		header               http.Header
		body                 string
		// wantErrors are substrings of the failure; none means it passes.
		wantErrors []string
	}{{
		name: "a list page with its headers passes", method: "GET", target: "/api/v1/namespaces?limit=1",
		status: 200, header: cached, body: `{"data":[` + item + `],"continue":"djE6eA"}`,
	}, {
		name: "a list without its ETag fails", method: "GET", target: "/api/v1/namespaces",
		status: 200, header: with(cached, "ETag", ""), body: `{"data":[]}`,
		wantErrors: []string{`response header "ETag" missing`},
	}, {
		name: "a gzip body is decompressed before validation", method: "GET", target: "/api/v1/namespaces",
		status: 200, header: with(cached, "Content-Encoding", "gzip"), body: gzipped(`{"data":[{"name":42}]}`),
		wantErrors: []string{"response body doesn't match schema"},
	}, {
		name: "a 304 with its headers and no body passes", method: "GET", target: "/api/v1/workspacekinds/jupyterlab",
		status: 304, header: with(cached, "Content-Type", ""),
	}, {
		name: "a 304 without its ETag fails", method: "GET", target: "/api/v1/workspacekinds/jupyterlab",
		status: 304, header: with(cached, "Content-Type", "", "ETag", ""),
		wantErrors: []string{`"ETag" missing`},
	}, {
		name: "HEAD is validated as its GET, without a body", method: "HEAD", target: "/api/v1/workspaces/ns",
		status: 200, header: cached,
	}, {
		name: "an undocumented status fails", method: "GET", target: "/api/v1/healthcheck",
		status: 418, header: jsonHeader, body: `{}`,
		wantErrors: []string{"status 418 is not documented for GET /healthcheck"},
	}, {
		name: "a 409 must carry a cause", method: "DELETE", target: "/api/v1/workspacekinds/jupyterlab",
		status: 409, header: jsonHeader, body: `{"error":{"code":"409","message":"in use"}}`,
		wantErrors: []string{"response body doesn't match schema"},
	}, {
		name: "a 409 with a cause passes", method: "DELETE", target: "/api/v1/workspacekinds/jupyterlab",
		status: 409, header: jsonHeader, body: `{"error":{"code":"409","message":"in use","cause":{}}}`,
	}, {
		name: "an envelope's code must be its status", method: "GET", target: "/api/v1/workspacekinds/jupyterlab",
		status: 404, header: jsonHeader, body: `{"error":{"code":"500","message":"x"}}`,
		wantErrors: []string{"response body doesn't match schema"},
	}, {
		name: "a 503 must say when to retry", method: "GET", target: "/api/v1/namespaces",
		status: 503, header: jsonHeader, body: `{"error":{"code":"503","message":"x"}}`,
		wantErrors: []string{`"Retry-After" missing`},
	}, {
		name: "a create must say where", method: "POST", target: "/api/v1/workspacekinds",
		status: 201, header: jsonHeader, body: `{"data":{}}`,
		wantErrors: []string{`"Location" missing`},
	}, {
		name: "a 204 delete with a visibility warning passes", method: "DELETE", target: "/api/v1/workspaces/ns/ws",
		status: 204, header: http.Header{"Warning": {`299 - "not yet visible"`}},
	}, {
		name: "an unknown path must be our 404", method: "GET", target: "/api/v1/nope",
		status: 404, header: jsonHeader, body: `{"error":{"code":"404","message":"the requested resource could not be found"}}`,
	}, {
		name: "an unknown path answered 200 fails", method: "GET", target: "/api/v1/nope",
		status: 200, header: jsonHeader, body: `{}`,
		wantErrors: []string{"the status must be 404"},
	}, {
		name: "a method the path does not serve must be our 405 with Allow", method: "DELETE", target: "/api/v1/healthcheck",
		status: 405, header: jsonHeader, body: `{"error":{"code":"405","message":"no"}}`,
		wantErrors: []string{`"Allow" missing`},
	}, {
		name: "OPTIONS on a documented path is 200 with Allow", method: "OPTIONS", target: "/api/v1/workspaces",
		status: 200, header: http.Header{"Allow": {"GET, HEAD, OPTIONS"}},
	}, {
		name: "a probe answers plain text", method: "GET", target: "/readyz",
		status: 503, header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}, "Cache-Control": {"no-store"}}, body: "not ready: x\n",
	}, {
		name: "a probe is not under /api/v1", method: "GET", target: "/api/v1/livez",
		status: 200, header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, body: "ok\n",
		wantErrors: []string{"the status must be 404"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingTB{}
			req := httptest.NewRequest(tt.method, tt.target, nil)
			ValidateOurs(rec, req, tt.status, tt.header, []byte(tt.body))
			if len(rec.fatals) > 0 {
				t.Fatalf("fatal: %v", rec.fatals)
			}
			got := strings.Join(rec.errors, "\n")
			if len(tt.wantErrors) == 0 && got != "" {
				t.Fatalf("unexpected failure:\n%s", got)
			}
			for _, want := range tt.wantErrors {
				if !strings.Contains(got, want) {
					t.Errorf("failure does not mention %q:\n%s", want, got)
				}
			}
		})
	}
}
