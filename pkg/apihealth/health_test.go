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

package apihealth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/rest"
)

func TestIsUnreachable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"connection refused", &url.Error{Op: "Get", URL: "https://x", Err: syscall.ECONNREFUSED}, true},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"an answer", apierrors.NewServiceUnavailable("x"), false},
		{"the caller gave up", &url.Error{Op: "Get", URL: "https://x", Err: context.Canceled}, false},
		{"a client timeout", &url.Error{Op: "Get", URL: "https://x", Err: context.DeadlineExceeded}, false},
		{"something else", errors.New("x"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsUnreachable(tt.err); got != tt.want {
				t.Fatalf("IsUnreachable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestHealthFollowsTraffic: a request that cannot connect marks the API
// server down, and the next answer, whatever its status, marks it up.
func TestHealthFollowsTraffic(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	h := NewHealth()
	cfg := &rest.Config{Host: srv.URL}
	h.Configure(cfg)
	client, err := rest.HTTPClientFor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	get := func(url string) {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
		}
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	steps := []struct {
		name   string
		url    string
		wantUp bool
	}{
		{"a refused connection marks it down", closed.URL, false},
		{"an answer, even a 503, marks it up", srv.URL, true},
		{"down again", closed.URL, false},
	}
	for _, s := range steps {
		get(s.url)
		up, since := h.Up()
		if up != s.wantUp {
			t.Fatalf("%s: up = %v", s.name, up)
		}
		if !up && since.IsZero() {
			t.Fatalf("%s: down with no time", s.name)
		}
	}
}

// While the API server is down, Admit lets one request a second through,
// and every one while it is up.
func TestAdmit(t *testing.T) {
	clock := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	h := NewHealth()
	h.now = func() time.Time { return clock }
	steps := []struct {
		name  string
		event func()
		want  bool
	}{
		{"up: admitted", func() {}, true},
		{"up: admitted again", func() {}, true},
		{"down: the first is admitted", func() { h.Observe(syscall.ECONNREFUSED) }, true},
		{"down: the next, at once, is not", func() {}, false},
		{"down: a second later, one more is", func() { clock = clock.Add(admitEvery) }, true},
		{"down: and the next is not", func() {}, false},
		{"an answer: up again", func() { h.Observe(nil) }, true},
	}
	for _, s := range steps {
		s.event()
		if ok, _ := h.Admit(); ok != s.want {
			t.Fatalf("%s: Admit() = %v", s.name, ok)
		}
	}
}
