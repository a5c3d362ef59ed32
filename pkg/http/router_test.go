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
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
)

func TestRouter(t *testing.T) {
	ready, synced, degraded := true, true, ""
	router := NewRouter(Dependencies{
		Ready: func() (bool, string) {
			if !ready {
				return false, "informers have not synced"
			}
			return true, degraded
		},
		Synced:     func() bool { return synced },
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: denyAll{},
	})
	tests := []struct {
		name        string
		method      string
		path        string
		notReady    bool
		notSynced   bool
		degraded    string
		user        string
		wantStatus  int
		wantBody    string
		wantHeaders map[string]string
	}{
		{name: "healthcheck answers as upstream", method: "GET", path: "/api/v1/healthcheck", wantStatus: 200,
			wantBody:    `{"status":"Healthy","systemInfo":{"version":"1.0.0"}}`,
			wantHeaders: map[string]string{"Content-Type": "application/json"}},
		{name: "livez is ok", method: "GET", path: "/livez", wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz is ok once synced", method: "GET", path: "/readyz", wantStatus: 200, wantBody: "ok\n"},
		{name: "readyz is 503 before sync", method: "GET", path: "/readyz", notReady: true, wantStatus: 503,
			wantBody: "not ready: informers have not synced\n"},
		{name: "readyz stays ok when degraded, and says so", method: "GET", path: "/readyz", degraded: "degraded permissions: lacks x", wantStatus: 200,
			wantBody: "ok\ndegraded permissions: lacks x\n"},
		{name: "livez stays ok before sync", method: "GET", path: "/livez", notReady: true, wantStatus: 200},
		{name: "unknown route is a 404 envelope", method: "GET", path: "/api/v1/nope", wantStatus: 404,
			wantBody:    `{"error":{"code":"404","message":"the requested resource could not be found"}}`,
			wantHeaders: map[string]string{"Content-Type": "application/json"}},
		{name: "wrong method is a 405 envelope with Allow", method: "DELETE", path: "/api/v1/healthcheck", wantStatus: 405,
			wantBody:    `{"error":{"code":"405","message":"the DELETE method is not supported for this resource"}}`,
			wantHeaders: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "OPTIONS on a known path is 200 with Allow", method: "OPTIONS", path: "/api/v1/healthcheck", wantStatus: 200,
			wantBody: "", wantHeaders: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "OPTIONS on an unknown path is 404", method: "OPTIONS", path: "/api/v1/nope", wantStatus: 404},
		{name: "an API route without identity is 401", method: "GET", path: "/api/v1/workspaces", wantStatus: 401,
			wantBody: `{"error":{"code":"401","message":"authentication is required to access this resource"}}`},
		{name: "an identity that is only the prefix is 401", method: "GET", path: "/api/v1/workspaces", user: ":", wantStatus: 401},
		{name: "a denied user is 403", method: "GET", path: "/api/v1/workspaces/ns", user: ":bob", wantStatus: 403,
			wantBody: `{"error":{"code":"403","message":"you are not authorized to access this resource"}}`},
		{name: "path validation comes before authorization", method: "GET", path: "/api/v1/workspaces/Bad_NS", user: ":bob", wantStatus: 422},
		{name: "a write without identity is 401", method: "DELETE", path: "/api/v1/workspaces/ns/name", wantStatus: 401},
		{name: "a list before the cache has synced is 503, never part of a list", method: "GET", path: "/api/v1/workspaces",
			user: ":bob", notSynced: true, wantStatus: 503,
			wantBody:    `{"error":{"code":"503","message":"the BFF is still loading the cluster's objects; try again shortly"}}`,
			wantHeaders: map[string]string{"Retry-After": "1"}},
		{name: "one Workspace before sync is 503", method: "GET", path: "/api/v1/workspaces/ns/name", user: ":bob",
			notSynced: true, wantStatus: 503, wantHeaders: map[string]string{"Retry-After": "1"}},
		{name: "a write before sync is 503", method: "DELETE", path: "/api/v1/workspaces/ns/name", user: ":bob",
			notSynced: true, wantStatus: 503, wantHeaders: map[string]string{"Retry-After": "1"}},
		{name: "the health check answers before sync", method: "GET", path: "/api/v1/healthcheck", notSynced: true, wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready, synced, degraded = !tt.notReady && !tt.notSynced, !tt.notSynced, tt.degraded
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.user != "" {
				req.Header.Set("kubeflow-userid", tt.user)
			}
			router.ServeHTTP(rec, req)
			apitest.ValidateOurs(t, req, rec.Code, rec.Header(), rec.Body.Bytes())
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tt.wantStatus, rec.Body)
			}
			if tt.wantBody != "" || tt.method == "OPTIONS" && tt.wantStatus == 200 {
				if got := rec.Body.String(); got != tt.wantBody {
					t.Fatalf("body %q, want %q", got, tt.wantBody)
				}
			}
			for k, v := range tt.wantHeaders {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// denyAll refuses every access check.
type denyAll struct{}

func (denyAll) Allowed(context.Context, auth.User, auth.Policy) (bool, error) { return false, nil }

func (denyAll) Filter(context.Context, auth.User, auth.Policy, []string) ([]string, error) {
	return nil, nil
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
		code int
	}{
		{name: "an unknown error is a 500 that reveals nothing", err: errString("secret detail"), code: 500,
			want: `{"error":{"code":"500","message":"the server encountered a problem and could not process your request"}}`},
		{name: "a 409 always carries a cause", err: &Error{Status: 409, Message: "workspace already exists"}, code: 409,
			want: `{"error":{"code":"409","message":"workspace already exists","cause":{}}}`},
		{name: "a 422 keeps its validation errors", code: 422,
			err: &Error{Status: 422, Message: "request body was invalid", Cause: &ErrorCause{ValidationErrors: []ValidationError{
				{Origin: "INTERNAL", Type: "FieldValueRequired", Field: "data", Message: "Required value: data is required"}}}},
			want: `{"error":{"code":"422","message":"request body was invalid","cause":{"validation_errors":[{"origin":"INTERNAL","type":"FieldValueRequired","field":"data","message":"Required value: data is required"}]}}}`},
		{name: "a 404 has no cause", err: errNotFound(), code: 404,
			want: `{"error":{"code":"404","message":"the requested resource could not be found"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeError(rec, httptest.NewRequest("GET", "/", nil), tt.err)
			if rec.Code != tt.code || rec.Body.String() != tt.want {
				t.Fatalf("got %d %s\nwant %d %s", rec.Code, rec.Body, tt.code, tt.want)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatal("body is not JSON")
			}
		})
	}
}

type errString string

func (e errString) Error() string { return string(e) }

var _ http.Handler = handlerFunc(nil)
