package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"
)

// routeTable serves a mux.Router's routes, matched by the router itself
// (Router.Match), without what its ServeHTTP adds for every request: two
// copies of the request (r.WithContext), each with a context value, to
// carry the variables and the route. Those are kept in the request's
// requestInfo instead, which instrument already puts in the context; so
// handlers read their variables with pathVar, and mux.Vars and
// mux.CurrentRoute are not set. The router skips path cleaning
// (SkipClean), the rest of what ServeHTTP does.
type routeTable struct {
	router *mux.Router
	// templates are the routes' path templates, read once: the metrics
	// and the access log name every request's route.
	templates map[*mux.Route]string
}

// newRouteTable serves router, which must skip path cleaning and answer
// unmatched requests with its own NotFoundHandler and
// MethodNotAllowedHandler; it panics otherwise, a programming error that
// any test building the router catches.
func newRouteTable(router *mux.Router) *routeTable {
	if router.NotFoundHandler == nil || router.MethodNotAllowedHandler == nil {
		panic("httpapi: the router needs its NotFoundHandler and MethodNotAllowedHandler")
	}
	t := &routeTable{router: router, templates: map[*mux.Route]string{}}
	err := router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		template, err := route.GetPathTemplate()
		t.templates[route] = template
		return err
	})
	if err != nil {
		panic("httpapi: " + err.Error())
	}
	return t
}

// ServeHTTP records the matched route's template and variables in the
// request's requestInfo, for the handler, the metrics and the access log,
// and serves the route; or answers 405 when the path is routed for other
// methods, else 404, through the router's handlers.
func (t *routeTable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	info := requestInfoFrom(r.Context())
	if info == nil {
		// instrument wraps the table: a request without it is a bug.
		panic("httpapi: routeTable outside instrument")
	}
	var match mux.RouteMatch
	// With both handlers set, Match always finds a handler.
	t.router.Match(r, &match)
	if match.MatchErr == nil {
		info.route, info.vars = t.templates[match.Route], match.Vars
	}
	match.Handler.ServeHTTP(w, r)
}
