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

	"github.com/gorilla/mux"
)

// routeMatcher serves a mux.Router's routes, matched by the router itself
// (Router.Match), without what its ServeHTTP adds for every request: two
// copies of the request (r.WithContext), each with a context value, to
// carry the variables and the route. Those are kept in the request's
// requestInfo instead, which instrument already puts in the context; so
// handlers read their variables with pathVar, and mux.Vars and
// mux.CurrentRoute are not set. The router skips path cleaning
// (SkipClean), the rest of what ServeHTTP does.
type routeMatcher struct {
	router *mux.Router
}

// newRouteMatcher serves router, which must answer unmatched requests with
// its own NotFoundHandler and MethodNotAllowedHandler; it panics otherwise,
// a programming error that any test building the router catches.
func newRouteMatcher(router *mux.Router) routeMatcher {
	if router.NotFoundHandler == nil || router.MethodNotAllowedHandler == nil {
		panic("httpapi: the router needs its NotFoundHandler and MethodNotAllowedHandler")
	}
	return routeMatcher{router: router}
}

// ServeHTTP records the matched route's template and variables in the
// request's requestInfo, for the handler, the metrics and the access log,
// and serves the route; or answers 405 when the path is routed for other
// methods, else 404, through the router's handlers.
func (m routeMatcher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	info := requestInfoFrom(r.Context())
	if info == nil {
		// instrument wraps the matcher: a request without it is a bug.
		panic("httpapi: routeMatcher outside instrument")
	}
	var match mux.RouteMatch
	// With both handlers set, Match always finds a handler.
	m.router.Match(r, &match)
	if match.MatchErr == nil {
		// Every route has a path template; reading it allocates nothing.
		info.route, _ = match.Route.GetPathTemplate()
		info.vars = match.Vars
	}
	match.Handler.ServeHTTP(w, r)
}
