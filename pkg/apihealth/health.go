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

// Package apihealth tells whether the Kubernetes API server answers, from
// what the BFF's own requests to it meet.
package apihealth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
)

// Health tells whether the API server answers, from the BFF's own traffic
// to it: every request its clients make (informers' lists and watches,
// writes, access reviews) reports its outcome, and so do the informers'
// watch errors. A connection that fails marks the API server down; any
// answer marks it up again. Nothing probes it: the informers' reflectors
// retry with client-go's own jittered backoff, and their first successful
// list or watch after an outage marks it up, as does any other answer,
// such as that of a write Admit lets through.
type Health struct {
	mu        sync.Mutex
	up        bool
	downSince time.Time
	// admitted is when Admit last let a request through while down.
	admitted time.Time
	now      func() time.Time
}

// admitEvery is how often Admit lets a request through while the API
// server is down.
const admitEvery = time.Second

// NewHealth returns a Health that starts out up: the first failure says
// otherwise.
func NewHealth() *Health { return &Health{up: true, now: time.Now} }

// Configure makes every client built from cfg report to h. Call it before
// building clients; copies of cfg made afterwards report too.
func (h *Health) Configure(cfg *rest.Config) {
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return observed{rt, h} })
}

// Up reports whether the API server answered the latest request, and
// since when it has not if not.
func (h *Health) Up() (up bool, downSince time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.up, h.downSince
}

// Admit reports whether a request that only the BFF's own traffic would
// send (a write) should be sent: always while the API server is up; while
// it is down, one a second. Those find out that it is back even when
// nothing else talks to it, so one failed connection never holds writes
// back until an informer's next retry; the others fail at once. downSince
// is set when it is not admitted.
func (h *Health) Admit() (ok bool, downSince time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.up {
		return true, time.Time{}
	}
	if now := h.now(); now.Sub(h.admitted) >= admitEvery {
		h.admitted = now
		return true, time.Time{}
	}
	return false, h.downSince
}

// Observe learns from an API call's outcome: a connection failure marks
// the API server down, and nil (an answer) marks it up.
func (h *Health) Observe(err error) {
	switch {
	case err == nil:
		h.set(true)
	case IsUnreachable(err):
		h.set(false)
	}
}

// WatchErrorHandler is for the informers (SetWatchErrorHandlerWithContext):
// it logs as client-go does by default, and learns from the error.
func (h *Health) WatchErrorHandler(ctx context.Context, r *toolscache.Reflector, err error) {
	toolscache.DefaultWatchErrorHandler(ctx, r, err)
	if IsUnreachable(err) {
		h.set(false)
	}
}

func (h *Health) set(up bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.up == up {
		return
	}
	h.up = up
	if !up {
		h.downSince = h.now()
	}
}

// observed is a client transport that reports each request's outcome.
type observed struct {
	next   http.RoundTripper
	health *Health
}

func (o observed) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := o.next.RoundTrip(req)
	o.health.Observe(err)
	return resp, err
}

// WrappedRoundTripper lets client-go's transport debugging see through.
func (o observed) WrappedRoundTripper() http.RoundTripper { return o.next }

// IsUnreachable reports errors of not reaching the API server at all, as
// opposed to its answers.
func IsUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return false
	}
	// A caller giving up or a client timeout says nothing about whether
	// the API server answers.
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var netErr net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &netErr)
}
