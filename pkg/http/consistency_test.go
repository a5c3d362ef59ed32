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
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

func TestIssueTokens(t *testing.T) {
	written := cache.Written{Namespace: "ns", Name: "ws", UID: "uid-1", ResourceVersion: "42"}
	opts := ConsistencyOptions{Wait: func(context.Context, string, cache.Written) error { return nil }}
	tests := []struct {
		name       string
		header     map[string]string
		requestURI string
		cookie     string
		wantPath   string
		wantTokens []string // resources the issued token holds
	}{
		{name: "a write issues a token naming it", wantPath: "/api/v1", wantTokens: []string{"workspaces"}},
		{name: "behind the gateway the cookie's path is the browser's",
			header:   map[string]string{"X-Envoy-Original-Path": "/workspaces/api/v1/workspaces/ns/ws"},
			wantPath: "/workspaces/api/v1", wantTokens: []string{"workspaces"}},
		{name: "behind a prefix stripped in process the cookie's path is the request line's",
			requestURI: "/workspaces/api/v1/workspaces/ns/ws",
			wantPath:   "/workspaces/api/v1", wantTokens: []string{"workspaces"}},
		{name: "the caller's earlier writes of other resources stay in the token",
			cookie:   token{"secrets": {Namespace: "ns", Name: "s", ResourceVersion: "7"}}.encode(),
			wantPath: "/api/v1", wantTokens: []string{"secrets", "workspaces"}},
		{name: "a malformed token is replaced", cookie: "not base64 at all!", wantPath: "/api/v1",
			wantTokens: []string{"workspaces"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := opts.issueTokens(func(w http.ResponseWriter, r *http.Request) error {
				// What pkg/actions does once a write is done.
				actions.Reported(r.Context(), "workspaces", written)
				w.WriteHeader(http.StatusOK)
				return nil
			})
			req := httptest.NewRequest(http.MethodPut, "/api/v1/workspaces/ns/ws", nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if tt.requestURI != "" {
				req.RequestURI = tt.requestURI
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: ConsistencyCookie, Value: tt.cookie})
			}
			rec := httptest.NewRecorder()
			if err := h(rec, req); err != nil {
				t.Fatal(err)
			}
			resp := rec.Result()
			var cookie *http.Cookie
			for _, c := range resp.Cookies() {
				if c.Name == ConsistencyCookie {
					cookie = c
				}
			}
			if cookie == nil {
				t.Fatalf("no %s cookie; headers %v", ConsistencyCookie, resp.Header)
			}
			if cookie.Path != tt.wantPath || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteStrictMode || cookie.MaxAge != consistencyMaxAge {
				t.Errorf("cookie %+v: want Path %s, HttpOnly, Secure, SameSite=Strict, Max-Age %d", cookie, tt.wantPath, consistencyMaxAge)
			}
			if got := resp.Header.Get(ConsistencyHeader); got != cookie.Value {
				t.Errorf("header %q, cookie %q: want the same token", got, cookie.Value)
			}
			tok, err := decodeToken(cookie.Value)
			if err != nil {
				t.Fatal(err)
			}
			if len(tok) != len(tt.wantTokens) {
				t.Fatalf("token %+v, want resources %v", tok, tt.wantTokens)
			}
			for _, r := range tt.wantTokens {
				if _, ok := tok[r]; !ok {
					t.Errorf("token %+v lacks %s", tok, r)
				}
			}
			if got := tok["workspaces"]; got.Name != "ws" || got.Namespace != "ns" || got.UID != "uid-1" || got.ResourceVersion != "42" {
				t.Errorf("token names %+v, want the write", got)
			}
		})
	}
}

func TestAwaitTokens(t *testing.T) {
	valid := token{"workspaces": {Namespace: "ns", Name: "ws", UID: "uid-1", ResourceVersion: "42"}}.encode()
	tests := []struct {
		name        string
		header      string
		cookie      string
		waitErr     error
		wantWaits   int
		wantWarning bool
	}{
		{name: "a read without a token does not wait"},
		{name: "a token in the header is waited for", header: valid, wantWaits: 1},
		{name: "a token in the cookie is waited for", cookie: valid, wantWaits: 1},
		{name: "a wait that runs out serves with a Warning", header: valid, waitErr: context.DeadlineExceeded,
			wantWaits: 1, wantWarning: true},
		{name: "a resource no read model holds is no wait and no warning", header: valid,
			waitErr: errors.New("no read model"), wantWaits: 1},
		{name: "a malformed token is ignored", header: "%%%"},
		{name: "a token that is not JSON is ignored", header: "bm90IGpzb24"},
		{name: "an oversized token is ignored", header: strings.Repeat("A", maxTokenBytes+1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var waits []cache.Written
			opts := ConsistencyOptions{Timeout: time.Second, Wait: func(_ context.Context, resource string, w cache.Written) error {
				if resource != "workspaces" {
					t.Errorf("waited on %s", resource)
				}
				waits = append(waits, w)
				return tt.waitErr
			}}
			h := opts.awaitTokens(func(w http.ResponseWriter, _ *http.Request) error {
				w.WriteHeader(http.StatusOK)
				return nil
			})
			req := httptest.NewRequest(http.MethodGet, "/api/v1/workspaces/ns", nil)
			if tt.header != "" {
				req.Header.Set(ConsistencyHeader, tt.header)
			}
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: ConsistencyCookie, Value: tt.cookie})
			}
			rec := httptest.NewRecorder()
			if err := h(rec, req); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: a token never fails a read", rec.Code)
			}
			if len(waits) != tt.wantWaits {
				t.Fatalf("%d waits, want %d", len(waits), tt.wantWaits)
			}
			if tt.wantWaits > 0 && (waits[0].Name != "ws" || waits[0].ResourceVersion != "42" || waits[0].UID != "uid-1") {
				t.Errorf("waited for %+v, want the token's write", waits[0])
			}
			if got := rec.Header().Get("Warning") != ""; got != tt.wantWarning {
				t.Errorf("Warning %q, want one: %v", rec.Header().Get("Warning"), tt.wantWarning)
			}
		})
	}
}
