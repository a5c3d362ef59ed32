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

package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGatewayPrefix(t *testing.T) {
	var got string
	h := gatewayPrefix(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.URL.Path }))
	for _, tt := range []struct{ path, want string }{
		{"/workspaces/api/v1/workspaces/ns", "/api/v1/workspaces/ns"},
		{"/api/v1/workspaces/ns", "/api/v1/workspaces/ns"},
		// Only the API moves under the prefix.
		{"/workspaces/other", "/workspaces/other"},
		{"/workspaces/api", "/workspaces/api"},
		{"/readyz", "/readyz"},
	} {
		got = ""
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tt.path, nil))
		if got != tt.want {
			t.Errorf("%s reached the API as %q, want %q", tt.path, got, tt.want)
		}
	}
}
