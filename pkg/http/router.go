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

// Package httpapi (directory pkg/http) is the BFF's HTTP surface: the router,
// handlers, middleware and the JSON envelopes. Handlers are thin: GETs write
// bytes the read model (pkg/cache) has already rendered; writes call
// pkg/actions. Every error is a value that writeError turns into HTTP.
package httpapi

import (
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"
	"golang.org/x/sync/semaphore"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
)

// handlerFunc is a handler that reports failure as an error value.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (h handlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		writeError(w, r, err)
	}
}

// Dependencies are what the handlers read from.
type Dependencies struct {
	// Ready reports whether the read model is complete, and why not; when
	// it is, anything /readyz should say besides (a degraded mode).
	Ready func() (bool, string)
	// Synced reports whether every informer the API routes read from has
	// synced. Until it does, every API route answers 503 with Retry-After:
	// a cache that is still listing would answer 200 with part of a list,
	// and a user would see their Workspaces vanish. Nil means synced.
	Synced func() bool
	// Reads is the read model every GET is served from.
	Reads ReadModel
	// Objects are the cached objects of the routes that render per
	// request: pod template details and logs, option values, assets.
	Objects Objects
	// NamespaceLabels are the namespaces' labels, for filter rules.
	NamespaceLabels NamespaceLabels
	// Assets serves WorkspaceKind icons and logos kept in ConfigMaps.
	Assets Assets
	// PodLogs reads the logs of Workspace Pods from the API server.
	PodLogs PodLogs
	// Events reads the Events about a Workspace from the API server.
	Events WorkspaceEvents
	// ResourceUsage reads Workspaces' resource usage from the metrics
	// API; unset, every Workspace's answer is METRICS_API_NOT_AVAILABLE.
	ResourceUsage ResourceUsage
	// Writes performs every change.
	Writes *actions.Actions
	// Storage is the read model of StorageClasses, PVCs and Secrets.
	Storage StorageReadModel
	// StorageWrites performs every change to PVCs and Secrets, and reads
	// one Secret.
	StorageWrites *actions.Storage
	// Users reads the caller from the request's trusted headers.
	Users auth.Headers
	// Tokens, when set, identifies the caller by a bearer token instead,
	// and Users is not read: no header names the caller then.
	Tokens *auth.Tokens
	// Authorizer decides every access check; required.
	Authorizer Authorizer
	// Metrics serves /metrics when set.
	Metrics http.Handler
	// Observer, when set, records every request for metrics.
	Observer RequestObserver
	// AccessLog, when set, logs one line per request (see instrument),
	// at info or debug as AccessLogOptions choose.
	AccessLog        *slog.Logger
	AccessLogOptions AccessLogOptions
	// APIHealth, when set, tells whether the API server answers; while it
	// does not, GETs (served from the cache as ever) carry a Warning that
	// the data may be stale.
	APIHealth APIHealth
	// Watch tunes the live-update streams of the list routes.
	Watch WatchOptions
	// Consistency gives writes read-your-writes tokens and makes cached
	// reads that carry one wait for the writes it names.
	Consistency ConsistencyOptions
	// Limits bound what one request, and one user, may take: body
	// decodes, log reads.
	Limits Limits
	// Refusals, when set, counts the requests refused by those limits and
	// by the users' budgets, by reason.
	Refusals RefusalObserver
	// Swagger, when set, serves the OpenAPI document and Swagger UI
	// (pkg/openapi.Handler) under /api/v1/swagger, with paths relative to
	// it; unset, those paths are 404, as upstream's without SWAGGER_ENABLED.
	Swagger http.Handler
}

// NewRouter builds the BFF's router.
func NewRouter(deps Dependencies) http.Handler {
	return instrument(routes(deps), deps.Observer, deps.AccessLog, deps.AccessLogOptions)
}

// routes registers every route; the OpenAPI document's test walks them.
func routes(deps Dependencies) *mux.Router {
	// Encoded paths keep %2F inside one segment, where name validation
	// rejects it, instead of turning it into a path separator.
	if deps.Authorizer == nil {
		panic("httpapi: NewRouter needs an Authorizer")
	}
	// SkipClean: a path with . or .. segments (or //) is matched as sent,
	// so a name of ".." is a 422 and anything else no route (404), instead
	// of a 301 that mux would send before authentication, for every method.
	r := mux.NewRouter().UseEncodedPath().SkipClean(true)
	r.Use(recordRoute)
	callers := callers{headers: deps.Users.Canonical(), tokens: deps.Tokens}
	// Health, readiness, metrics and the OpenAPI document need no
	// identity; every other route needs one, and checks its own policy.
	open := func(path string, h http.Handler) {
		r.Handle(path, h).Methods(http.MethodGet, http.MethodHead)
	}
	refusals := deps.Refusals
	if refusals == nil {
		refusals = nopRefusals{}
	}
	callers.refusals = refusals
	limits := deps.Limits.withDefaults()
	bodies := &bodies{slots: semaphore.NewWeighted(int64(limits.LargeBodyDecodes)), wait: limits.LargeBodyWait, refusals: refusals}
	handle := func(method, path string, h handlerFunc) {
		methods := []string{method}
		switch method {
		case http.MethodGet:
			methods = append(methods, http.MethodHead)
		case http.MethodDelete:
			h = deps.Consistency.issueTokens(h)
		default:
			limit := BodyLimit(method, path)
			if limit == 0 {
				panic("httpapi: no body limit for " + method + " " + path)
			}
			h = bodies.limit(limit, deps.Consistency.issueTokens(h))
		}
		r.Handle(path, whenSynced(deps.Synced, callers.authenticated(h))).Methods(methods...)
	}
	get := func(path string, h handlerFunc) {
		handle(http.MethodGet, path, staleWarning(deps.APIHealth, deps.Consistency.awaitTokens(h)))
	}
	// Full paths on one router, not a PathPrefix subrouter: mux reports a
	// method mismatch inside a subrouter as 404, which would hide the 405.
	const api = "/api/v1"
	g := guard{authz: deps.Authorizer, refusals: refusals}
	watchOpts := deps.Watch.withDefaults()
	rd := reads{model: deps.Reads, guard: g, watches: &watches{opts: watchOpts, perUser: newUserSlots(watchOpts.MaxPerUser), refusals: refusals}}
	// mux tries routes in order, a regexp each: the polled reads come first,
	// one Workspace's ahead, as it costs most (BenchmarkGet, route=workspace).
	get(api+"/workspaces/{namespace}/{name}", rd.workspace)
	get(api+"/workspaces/{namespace}", rd.namespaceWorkspaces)
	get(api+"/workspaces", rd.allWorkspaces)
	get(api+"/namespaces", rd.namespaces)
	get(api+"/workspacekinds/{name}", rd.workspaceKind)
	get(api+"/workspacekinds", rd.workspaceKinds)
	// Who the caller is: decided per request (through the authorization
	// cache), not read from the read model, so no stale-data warning.
	handle(http.MethodGet, api+"/user", currentUser(g))

	pt := podTemplate{objects: deps.Objects, podLogs: deps.PodLogs, usage: deps.ResourceUsage, guard: g,
		limits: limits, logReaders: newUserSlots(limits.LogReadsPerUser), refusals: refusals}
	get(api+"/workspaces/{namespace}/{name}/podtemplate/details", pt.details)
	// Usage is read live: no stale-data warning either.
	handle(http.MethodGet, api+"/workspaces/{namespace}/{name}/podtemplate/resources", pt.resources)
	// Logs are read live: no stale-data warning, which is for cached reads.
	handle(http.MethodGet, api+"/workspaces/{namespace}/{name}/podtemplate/logs/batch", pt.logs)
	ls := logStreams{podTemplate: pt, watch: watchOpts}
	handle(http.MethodGet, api+"/workspaces/{namespace}/{name}/podtemplate/logs/stream", ls.follow)
	// Events are read live too.
	ev := workspaceEvents{objects: deps.Objects, events: deps.Events, guard: g,
		readers: newUserSlots(limits.LogReadsPerUser),
		rate:    auth.NewBudgets(eventsPerSecond, eventsBurst, 100_000), refusals: refusals}
	handle(http.MethodGet, api+"/workspaces/{namespace}/{name}/events", ev.list)
	opt := options{objects: deps.Objects, namespaces: deps.NamespaceLabels, guard: g}
	handle(http.MethodPost, api+"/workspacekinds/{name}/podtemplate/options/listvalues", opt.listValues)
	as := assets{objects: deps.Objects, assets: deps.Assets, guard: g}
	get(api+"/workspacekinds/{name}/assets/icon", as.serve(assetIcon))
	get(api+"/workspacekinds/{name}/assets/logo", as.serve(assetLogo))

	wr := writes{actions: deps.Writes, guard: g}
	handle(http.MethodPost, api+"/workspaces/{namespace}", wr.createWorkspace)
	handle(http.MethodPut, api+"/workspaces/{namespace}/{name}", wr.updateWorkspace)
	handle(http.MethodPatch, api+"/workspaces/{namespace}/{name}", wr.patchWorkspace)
	handle(http.MethodDelete, api+"/workspaces/{namespace}/{name}", wr.deleteWorkspace)
	handle(http.MethodPost, api+"/workspaces/{namespace}/{name}/actions/pause", wr.pauseWorkspace)
	handle(http.MethodPost, api+"/workspacekinds", wr.createWorkspaceKind)
	handle(http.MethodPut, api+"/workspacekinds/{name}", wr.updateWorkspaceKind)
	handle(http.MethodPatch, api+"/workspacekinds/{name}", wr.patchWorkspaceKind)
	handle(http.MethodDelete, api+"/workspacekinds/{name}", wr.deleteWorkspaceKind)

	st := storage{model: deps.Storage, actions: deps.StorageWrites, guard: g}
	get(api+"/storageclasses", st.storageClasses)
	get(api+"/persistentvolumeclaims/{namespace}", st.claims)
	handle(http.MethodPost, api+"/persistentvolumeclaims/{namespace}", st.createClaim)
	handle(http.MethodDelete, api+"/persistentvolumeclaims/{namespace}/{name}", st.deleteClaim)
	get(api+"/secrets/{namespace}", st.secrets)
	handle(http.MethodPost, api+"/secrets/{namespace}", st.createSecret)
	// One Secret is read live, never stale: no staleness warning.
	handle(http.MethodGet, api+"/secrets/{namespace}/{name}", st.secret)
	handle(http.MethodPut, api+"/secrets/{namespace}/{name}", st.updateSecret)
	handle(http.MethodDelete, api+"/secrets/{namespace}/{name}", st.deleteSecret)

	open("/livez", handlerFunc(livez))
	open("/readyz", readyz(deps.Ready, deps.APIHealth))
	open(api+"/healthcheck", handlerFunc(healthcheck))
	if deps.Metrics != nil {
		open("/metrics", deps.Metrics)
	}
	if deps.Swagger != nil {
		swagger := http.StripPrefix(api+"/swagger", swaggerFiles(deps.Swagger))
		for _, path := range []string{"/swagger/", "/swagger/doc.json", "/swagger/{file}"} {
			open(api+path, swagger)
		}
	}

	r.NotFoundHandler = handlerFunc(func(w http.ResponseWriter, req *http.Request) error {
		return errNotFound()
	})
	r.MethodNotAllowedHandler = methodNotAllowed(r)
	return r
}

// msgStarting is the 503 of an API route asked before the cache is complete.
const msgStarting = "the BFF is still loading the cluster's objects; try again shortly"

// whenSynced answers 503 (with Retry-After, from writeError) until synced
// holds. Readiness alone keeps load balancers away, but not a port-forward,
// a probe that lags or a client that reaches the pod directly.
func whenSynced(synced func() bool, next http.Handler) http.Handler {
	if synced == nil {
		return next
	}
	return handlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if !synced() {
			return &Error{Status: http.StatusServiceUnavailable, Message: msgStarting}
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// methodNotAllowed answers a known path with a method it does not serve, as
// upstream's router does: OPTIONS is 200 with an empty body, anything else
// 405; both carry the Allow header.
func methodNotAllowed(router *mux.Router) http.Handler {
	return handlerFunc(func(w http.ResponseWriter, req *http.Request) error {
		w.Header().Set("Allow", strings.Join(allowedMethods(router, req), ", "))
		if req.Method == http.MethodOptions {
			w.WriteHeader(http.StatusOK)
			return nil
		}
		return errMethodNotAllowed(req.Method)
	})
}

// allowedMethods lists the methods routed for req's path.
func allowedMethods(router *mux.Router, req *http.Request) []string {
	seen := map[string]bool{}
	_ = router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		methods, err := route.GetMethods()
		if err != nil {
			return nil
		}
		probe := req.Clone(req.Context())
		for _, m := range methods {
			probe.Method = m
			var match mux.RouteMatch
			if route.Match(probe, &match) && match.MatchErr == nil {
				seen[m] = true
			}
		}
		return nil
	})
	out := make([]string, 0, len(seen)+1)
	for m := range seen {
		out = append(out, m)
	}
	out = append(out, http.MethodOptions)
	sort.Strings(out)
	return out
}
