package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// routeTable serves the routes of a mux.Router, matched exactly as mux
// matches them, without what mux's ServeHTTP costs every request: two
// copies of the request (r.WithContext) with two context values, a map of
// the route's variables and the regular expressions' match slices; several
// hundred bytes, on a 304 more than the rest of the handler.
//
// It can do without regular expressions because every route is a path of
// literal segments and whole-segment variables ("{name}", whose default
// pattern [^/]+ matches one non-empty segment), with methods: comparing
// segments then matches what mux's expressions match. The router stays
// the definition of the routes, which the OpenAPI test walks and the Allow
// header is computed from; a route routeTable could not match exactly is
// refused when the router is built. Handlers read their variables with
// pathVar: mux.Vars and mux.CurrentRoute are not set.
type routeTable struct {
	routes           []tableRoute
	notFound         http.Handler
	methodNotAllowed http.Handler
}

// Limits of the route templates a routeTable takes; a longer path matches
// no route.
const (
	maxRouteSegments = 12
	maxPathVars      = 2
)

// tableRoute is one route: its template, for metrics and logs, and what it
// matches.
type tableRoute struct {
	template string
	segments []routeSegment
	// varNames are the names of its variables, in order.
	varNames []string
	// methods it serves; nil for every method.
	methods []string
	handler http.Handler
	// muxRoute is the route it was compiled from.
	muxRoute *mux.Route
}

// routeSegment is one segment of a template: a literal, or a variable.
type routeSegment struct {
	literal  string
	variable bool
}

// newRouteTable compiles router's routes, in mux's order. It panics on a
// route it cannot match as mux does: a programming error, which any test
// building the router catches.
func newRouteTable(router *mux.Router) *routeTable {
	t := &routeTable{notFound: router.NotFoundHandler, methodNotAllowed: router.MethodNotAllowedHandler}
	if t.notFound == nil || t.methodNotAllowed == nil {
		panic("httpapi: the router needs its NotFoundHandler and MethodNotAllowedHandler")
	}
	err := router.Walk(func(route *mux.Route, _ *mux.Router, ancestors []*mux.Route) error {
		if len(ancestors) > 0 {
			return fmt.Errorf("subrouters are not supported")
		}
		template, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		if _, err := route.GetHostTemplate(); err == nil {
			return fmt.Errorf("route %s: host matching is not supported", template)
		}
		if queries, err := route.GetQueriesTemplates(); err == nil && len(queries) > 0 {
			return fmt.Errorf("route %s: query matching is not supported", template)
		}
		methods, _ := route.GetMethods() // none: every method
		tr, err := compileRoute(template, methods, route.GetHandler())
		if err != nil {
			return err
		}
		tr.muxRoute = route
		// mux's own parse of the template must agree.
		if names, err := route.GetVarNames(); err != nil || !slices.Equal(names, tr.varNames) {
			return fmt.Errorf("route %s: variables %q, mux has %q (%v)", template, tr.varNames, names, err)
		}
		t.routes = append(t.routes, tr)
		return nil
	})
	if err != nil {
		panic("httpapi: " + err.Error())
	}
	return t
}

// compileRoute splits template into segments.
func compileRoute(template string, methods []string, h http.Handler) (tableRoute, error) {
	tr := tableRoute{template: template, methods: methods, handler: h}
	for seg := range strings.SplitSeq(template, "/") {
		name, isVar := strings.CutPrefix(seg, "{")
		if isVar {
			name, isVar = strings.CutSuffix(name, "}")
		}
		switch {
		case isVar && name != "" && !strings.ContainsAny(name, "{}:"):
			tr.segments = append(tr.segments, routeSegment{variable: true})
			tr.varNames = append(tr.varNames, name)
		case strings.ContainsAny(seg, "{}"):
			return tableRoute{}, fmt.Errorf("route %s: a variable must be a whole segment, without a pattern", template)
		default:
			tr.segments = append(tr.segments, routeSegment{literal: seg})
		}
	}
	if len(tr.segments) > maxRouteSegments || len(tr.varNames) > maxPathVars {
		return tableRoute{}, fmt.Errorf("route %s: more than %d segments or %d variables", template, maxRouteSegments, maxPathVars)
	}
	return tr, nil
}

// ServeHTTP records the matched route's template and variables in the
// request's requestInfo, for the handler, the metrics and the access log,
// and serves the route; or answers 405 when the path is routed for other
// methods, else 404, as mux does.
func (t *routeTable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	info := requestInfoFrom(r.Context())
	if info == nil {
		// instrument wraps the table: a request without it is a bug.
		panic("httpapi: routeTable outside instrument")
	}
	route, known := t.match(r.Method, r.URL.EscapedPath(), &info.vars)
	switch {
	case route != nil:
		info.route, info.matched = route.template, route
		route.handler.ServeHTTP(w, r)
	case known:
		t.methodNotAllowed.ServeHTTP(w, r)
	default:
		t.notFound.ServeHTTP(w, r)
	}
}

// match returns the first route, in the router's order, that serves method
// on path (escaped, as mux matches it with UseEncodedPath), with its
// variables' values in vars; or nil, and whether some route has the path.
func (t *routeTable) match(method, path string, vars *[maxPathVars]string) (route *tableRoute, known bool) {
	var segs [maxRouteSegments]string
	n := 0
	for {
		if n == len(segs) {
			return nil, false // longer than every route
		}
		seg, rest, more := strings.Cut(path, "/")
		segs[n] = seg
		n++
		if !more {
			break
		}
		path = rest
	}
	for i := range t.routes {
		tr := &t.routes[i]
		if !tr.matchPath(segs[:n]) {
			continue
		}
		if tr.methods != nil && !slices.Contains(tr.methods, method) {
			known = true
			continue
		}
		v := 0
		for j, s := range tr.segments {
			if s.variable {
				vars[v] = segs[j]
				v++
			}
		}
		return tr, false
	}
	return nil, known
}

// matchPath reports whether segs, a path split at its slashes, is a path
// of the route.
func (tr *tableRoute) matchPath(segs []string) bool {
	if len(segs) != len(tr.segments) {
		return false
	}
	for i, s := range tr.segments {
		if s.variable && segs[i] == "" || !s.variable && segs[i] != s.literal {
			return false
		}
	}
	return true
}
