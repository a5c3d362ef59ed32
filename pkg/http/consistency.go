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
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// Read-your-writes on any replica. A write answers with a consistency
// token naming what it wrote; the browser carries it back as a cookie (curl
// and other clients as a header), and a cached read that carries it waits,
// bounded, until this replica's read model has applied those writes. So a
// user sees their own write on the next read whichever replica answers,
// without session affinity.
const (
	// ConsistencyHeader carries the token in a write's answer and in a
	// request.
	ConsistencyHeader = "Workspaces-Consistency"
	// ConsistencyCookie carries the token for browsers.
	ConsistencyCookie = "workspaces-consistency"
	// consistencyMaxAge is how long a browser keeps the token: far longer
	// than any replica's watch lags behind a healthy API server.
	consistencyMaxAge = 60
	// maxTokenBytes bounds what a request may make the BFF decode.
	maxTokenBytes = 1024
	// staleRead is the Warning of a read that waited the whole bound.
	staleRead = "this replica has not yet seen your latest write; this data may be stale"
)

// ConsistencyOptions configure read-your-writes tokens. Without Wait, no
// token is given or honoured.
type ConsistencyOptions struct {
	// Wait blocks until the read model has applied w, a write of resource,
	// or ctx ends (with ctx's error). Any other error (an unknown
	// resource) means there is nothing to wait for.
	Wait func(ctx context.Context, resource string, w cache.Written) error
	// Timeout bounds a read's wait (default 3 s, a write's own bound).
	Timeout time.Duration
	// Observe, when set, records each read's wait, and whether it ran out.
	Observe func(d time.Duration, timedOut bool)
}

// token is the latest write the client made of each resource.
type token map[string]tokenWrite

type tokenWrite struct {
	Namespace       string    `json:"ns,omitempty"`
	Name            string    `json:"n"`
	UID             types.UID `json:"u,omitempty"`
	ResourceVersion string    `json:"rv,omitempty"`
	Deleted         bool      `json:"d,omitempty"`
}

func (t token) encode() string {
	raw, _ := json.Marshal(t) // maps of strings always encode
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodeToken reads a token. It is the client's to send, so anything that
// is not one is ignored: an error here never fails a request.
func decodeToken(value string) (token, error) {
	if len(value) > maxTokenBytes {
		return nil, errors.New("too long")
	}
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil {
		return nil, err
	}
	var t token
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, err
	}
	return t, nil
}

// incoming is the request's token, from the header or else the cookie; an
// empty token when there is none or it is malformed.
func incoming(r *http.Request) token {
	value := r.Header.Get(ConsistencyHeader)
	if value == "" {
		if c, err := r.Cookie(ConsistencyCookie); err == nil {
			value = c.Value
		}
	}
	if value == "" {
		return token{}
	}
	t, err := decodeToken(value)
	if err != nil {
		slog.DebugContext(r.Context(), "ignoring a malformed consistency token", "error", err)
		return token{}
	}
	return t
}

// issueTokens wraps a write route: each write it makes adds itself to the
// caller's token, which the answer carries as a header and a cookie.
func (o ConsistencyOptions) issueTokens(next handlerFunc) handlerFunc {
	if o.Wait == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		t := incoming(r)
		ctx := actions.WithReporter(r.Context(), func(resource string, wr cache.Written) {
			t[resource] = tokenWrite{
				Namespace: wr.Namespace, Name: wr.Name, UID: wr.UID,
				ResourceVersion: wr.ResourceVersion, Deleted: wr.Deleted,
			}
			value := t.encode()
			w.Header().Set(ConsistencyHeader, value)
			// Secure: browsers keep it over HTTPS, as Kubeflow is served,
			// and on localhost (a port-forward, dev mode) over plain HTTP.
			cookie := &http.Cookie{
				Name: ConsistencyCookie, Value: value, Path: cookiePath(r), MaxAge: consistencyMaxAge,
				HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
			}
			w.Header().Set("Set-Cookie", cookie.String())
		})
		return next(w, r.WithContext(ctx))
	}
}

// cookiePath is the API's path as the browser sees it: behind the
// gateway's rewrite (/workspaces/api/v1 to /api/v1), Envoy passes the path
// it was sent in X-Envoy-Original-Path; behind a prefix stripped in
// process (dev mode's /workspaces/api), the request line still has it. A
// forged header only misplaces the caller's own cookie.
func cookiePath(r *http.Request) string {
	const api = "/api/v1"
	for _, original := range []string{r.Header.Get("X-Envoy-Original-Path"), r.RequestURI} {
		if i := strings.Index(original, api+"/"); i >= 0 {
			return original[:i+len(api)]
		}
	}
	return api
}

// awaitTokens wraps a cached read: with a token, it waits (bounded) until
// the read model has applied the writes the token names, then serves. Past
// the bound it serves what it has, with a Warning.
//
// The wait reveals nothing a caller may not read: it ends when the
// resource's informer has passed the write's resourceVersion, or, for a
// delete, when no object of that name has the deleted object's UID, which
// only someone who saw the object knows.
func (o ConsistencyOptions) awaitTokens(next handlerFunc) handlerFunc {
	if o.Wait == nil {
		return next
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		t := incoming(r)
		if len(t) == 0 {
			return next(w, r)
		}
		start := time.Now()
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		timedOut := false
		for resource, tw := range t {
			err := o.Wait(ctx, resource, cache.Written{
				Namespace: tw.Namespace, Name: tw.Name, UID: tw.UID,
				ResourceVersion: tw.ResourceVersion, Deleted: tw.Deleted,
			})
			if errors.Is(err, context.DeadlineExceeded) {
				timedOut = true
				break
			}
		}
		cancel()
		if o.Observe != nil {
			o.Observe(time.Since(start), timedOut)
		}
		if timedOut {
			w.Header().Add("Warning", `299 - "`+staleRead+`"`)
		}
		return next(w, r)
	}
}
