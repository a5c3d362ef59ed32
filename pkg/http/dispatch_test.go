package httpapi

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// The route table matches what mux matches, for every route's paths and
// their near misses, by every method: the same route with the same
// variables, or the same failure (405 when the path is routed for other
// methods, else 404).
func TestRouteTableMatchesMux(t *testing.T) {
	router := allRoutes()
	table := newRouteTable(router)
	if len(table.routes) == 0 {
		t.Fatal("no routes")
	}
	for _, path := range routeTablePaths(t, router, "team-a", "a%2Fb", "..", ".", "a%20b", "%7Bname%7D", "{name}", "a b", "ü") {
		for _, method := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get", "PROPFIND"} {
			checkRouteTable(t, router, table, method, path)
		}
	}
}

// FuzzRouteTable: any method and path, matched by the route table as by mux.
func FuzzRouteTable(f *testing.F) {
	router := allRoutes()
	table := newRouteTable(router)
	for _, path := range routeTablePaths(f, router, "team-a") {
		f.Add(http.MethodGet, path)
	}
	f.Add(http.MethodDelete, "/api/v1/workspaces/ns/name")
	f.Fuzz(func(t *testing.T, method, path string) {
		checkRouteTable(t, router, table, method, path)
	})
}

// routeTablePaths are paths of every route, with each of values (some that
// names can take, some not) for its variables, and their near misses.
func routeTablePaths(tb testing.TB, router *mux.Router, values ...string) []string {
	tb.Helper()
	paths := []string{"", "/", "*", "//", "/api", "/api/v1", "/api/v1/", "api/v1/workspaces",
		"/API/v1/workspaces", "/api/v1/workspaces?watch=true", strings.Repeat("/a", 30)}
	err := router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		template, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		for _, value := range values {
			var b strings.Builder
			for rest := template; rest != ""; {
				before, after, isVar := strings.Cut(rest, "{")
				b.WriteString(before)
				if isVar {
					b.WriteString(value)
					_, after, _ = strings.Cut(after, "}")
				}
				rest = after
			}
			path := b.String()
			parent := path[:strings.LastIndex(path, "/")]
			paths = append(paths, path, path+"/", path+"/extra", parent, parent+"//",
				strings.Replace(path, "/", "//", 1), strings.ToUpper(path))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return paths
}

// checkRouteTable matches method and path with the table and with mux, as
// sent (parsed from a request line) and as a bare path, and fails unless
// both agree.
func checkRouteTable(t *testing.T, router *mux.Router, table *routeTable, method, path string) {
	t.Helper()
	urls := []*url.URL{{Path: path}}
	if u, err := url.ParseRequestURI(path); err == nil {
		urls = append(urls, u)
	}
	for _, u := range urls {
		req := &http.Request{Method: method, URL: u, Header: http.Header{}}
		var want mux.RouteMatch
		router.Match(req, &want)
		var vars [maxPathVars]string
		got, known := table.match(method, u.EscapedPath(), &vars)
		switch {
		case want.MatchErr == nil:
			if got == nil || got.muxRoute != want.Route {
				t.Fatalf("%s %q: the table matched %v, mux %v", method, u.EscapedPath(), templateOf(got), want.Route)
			}
			gotVars := map[string]string{}
			for i, name := range got.varNames {
				gotVars[name] = vars[i]
			}
			if !maps.Equal(gotVars, want.Vars) {
				t.Fatalf("%s %q: variables %v, mux has %v", method, u.EscapedPath(), gotVars, want.Vars)
			}
		case got != nil:
			t.Fatalf("%s %q: the table matched %s, mux nothing (%v)", method, u.EscapedPath(), got.template, want.MatchErr)
		case known != (want.MatchErr == mux.ErrMethodMismatch):
			t.Fatalf("%s %q: the table has the path for other methods: %v; mux: %v", method, u.EscapedPath(), known, want.MatchErr)
		}
	}
}

func templateOf(tr *tableRoute) string {
	if tr == nil {
		return "nothing"
	}
	return tr.template
}

// A route the table could not match as mux does is refused when the
// router is built, not mismatched at run time.
func TestRouteTableRefusesWhatItCannotMatch(t *testing.T) {
	for _, template := range []string{"/a/{name:[a-z]+}", "/a/b{name}", "/a/{name}.json", "/{a}/{b}/{c}"} {
		t.Run(template, func(t *testing.T) {
			router := mux.NewRouter()
			router.Handle(template, http.NotFoundHandler())
			router.NotFoundHandler, router.MethodNotAllowedHandler = http.NotFoundHandler(), http.NotFoundHandler()
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			newRouteTable(router)
		})
	}
}
