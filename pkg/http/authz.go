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
	"log/slog"
	"net/http"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
)

// Authorizer decides access checks (pkg/auth.Authorizer).
type Authorizer interface {
	Allowed(ctx context.Context, u auth.User, p auth.Policy) (bool, error)
	Filter(ctx context.Context, u auth.User, p auth.Policy, namespaces []string) ([]string, error)
}

const (
	msgUnauthenticated = "authentication is required to access this resource"
	msgForbidden       = "you are not authorized to access this resource"
	msgAuthUnavailable = "could not check authorization: the Kubernetes API server is unavailable; try again later"
	// No word of why a token is refused (missing, malformed, expired, for
	// another audience): the API server's TokenReview does not say either.
	msgUnauthenticatedToken = "authentication is required to access this resource: a valid Kubernetes bearer token"
	msgAuthnUnavailable     = "could not check authentication: the Kubernetes API server is unavailable; try again later"
)

func errForbidden() *Error { return &Error{Status: http.StatusForbidden, Message: msgForbidden} }

// callers identify the caller of a request: by the trusted identity
// headers, or, with tokens, by a bearer token alone.
type callers struct {
	headers  auth.Headers
	tokens   *auth.Tokens
	refusals RefusalObserver
}

// authenticated admits requests that name a user, and records the user in
// the request's requestInfo, for the handler and the access log.
func (c callers) authenticated(next http.Handler) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		u, err := c.user(r)
		if err != nil {
			return err
		}
		info := requestInfoFrom(r.Context())
		if info == nil {
			// instrument wraps every route: a request without it is a bug.
			panic("httpapi: authenticated outside instrument")
		}
		info.user = u
		next.ServeHTTP(w, r)
		return nil
	})
}

func (c callers) user(r *http.Request) (auth.User, error) {
	if c.tokens == nil {
		u, ok := c.headers.User(r)
		if !ok {
			return auth.User{}, &Error{Status: http.StatusUnauthorized, Message: msgUnauthenticated}
		}
		return u, nil
	}
	u, err := c.tokens.User(r)
	var budget *auth.BudgetError
	switch {
	case err == nil:
		return u, nil
	case errors.Is(err, auth.ErrUnauthenticated):
		return auth.User{}, &Error{Status: http.StatusUnauthorized, Message: msgUnauthenticatedToken}
	case errors.As(err, &budget):
		c.refusals.Refused(RefusedTokenReviews)
		return auth.User{}, &Error{Status: http.StatusTooManyRequests, RetryAfter: budget.RetryAfter,
			Message: "too many invalid tokens from your address; try again in " + retryAfterSeconds(budget.RetryAfter) + " s"}
	}
	// The error names the review request, never the token.
	slog.WarnContext(r.Context(), "token review failed", "error", err)
	return auth.User{}, &Error{Status: http.StatusServiceUnavailable, Message: msgAuthnUnavailable}
}

// guard checks the caller's access for the handlers.
type guard struct {
	authz    Authorizer
	refusals RefusalObserver
}

// user is the caller authenticated admitted.
func user(r *http.Request) auth.User {
	return requestInfoFrom(r.Context()).user
}

// access is the start of most handlers: it validates the route's
// parameters (routeParams) and checks that the caller may do verb to the
// object of resource they name (allowed).
func (g guard) access(r *http.Request, resource auth.Policy, verb string) (namespace, name string, err error) {
	if namespace, name, err = routeParams(r); err != nil {
		return "", "", err
	}
	return namespace, name, g.allowed(r, resource.On(verb, namespace, name))
}

// workspace is the start of the live reads of one Workspace (its Events,
// its resource usage): access to get it, then the Workspace from the read
// model, or a 404 that costs the API server nothing.
func (g guard) workspace(r *http.Request, objects Objects) (*v1beta1.Workspace, error) {
	ns, name, err := g.access(r, auth.Workspaces, "get")
	if err != nil {
		return nil, err
	}
	ws, ok := objects.WorkspaceObject(ns, name)
	if !ok {
		return nil, errNotFound()
	}
	return ws, nil
}

// allowed is nil when the caller may do p, else a 403 (or a 503 when the
// decision could not be made: never an allow; a 429 when the caller spent
// their budget of reviews).
func (g guard) allowed(r *http.Request, p auth.Policy) error {
	if p.Name != "" {
		// Who may do p on every object may do it on this one, and that is
		// one cached decision per namespace, where a check per name would
		// cost a review for every name a caller makes up. Only a grant
		// limited to names needs the named check.
		ok, err := g.may(r, p.On(p.Verb, p.Namespace, ""))
		if err != nil || ok {
			return err
		}
	}
	ok, err := g.may(r, p)
	if err != nil {
		return err
	}
	if !ok {
		return errForbidden()
	}
	return nil
}

// may reports whether the caller may do p; an error only when that could
// not be decided.
func (g guard) may(r *http.Request, p auth.Policy) (bool, error) {
	ok, err := g.authz.Allowed(r.Context(), user(r), p)
	if err != nil {
		return false, g.authError(r, err)
	}
	return ok, nil
}

// filter returns the namespaces in which the caller may do p.
func (g guard) filter(r *http.Request, p auth.Policy, namespaces []string) ([]string, error) {
	out, err := g.authz.Filter(r.Context(), user(r), p, namespaces)
	if err != nil {
		return nil, g.authError(r, err)
	}
	return out, nil
}

func (g guard) authError(r *http.Request, err error) error {
	var budget *auth.BudgetError
	switch {
	case errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &budget):
		g.refusals.Refused(RefusedAuthzBudget)
		return &Error{Status: http.StatusTooManyRequests, RetryAfter: budget.RetryAfter,
			Message: "too many access checks for you right now; try again in " + retryAfterSeconds(budget.RetryAfter) + " s"}
	}
	slog.WarnContext(r.Context(), "authorization check failed", "error", err)
	return &Error{Status: http.StatusServiceUnavailable, Message: msgAuthUnavailable}
}
