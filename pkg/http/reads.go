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
	"encoding/base64"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// ReadModel is what the GET handlers serve from: bytes rendered when the
// informers' events arrived (pkg/cache.Model).
type ReadModel interface {
	Namespaces() *cache.List
	Workspaces(namespace string) *cache.List
	Workspace(namespace, name string) (*cache.Body, bool)
	WorkspaceKinds() *cache.List
	// WorkspaceKindsIn is the kinds list under their WORKSPACE_KIND filter
	// rules in a namespace.
	WorkspaceKindsIn(namespace string) *cache.List
	WorkspaceKind(name string) (*cache.Body, bool)
	AllWorkspaces() *cache.Concat
	// The feed of changes, for watch streams.
	Boot() string
	Head() uint64
	ChangesSince(seq uint64, buf []cache.Change, max int) ([]cache.Change, <-chan struct{}, error)
}

// reads holds the GET handlers. Each validates its input and checks access,
// then writes bytes the read model already holds: no API call (past the
// cached authorization) and no JSON encoding here.
type reads struct {
	model   ReadModel
	guard   guard
	watches *watches
}

// namespaces lists every namespace to those who may list namespaces, as
// upstream; to others, the namespaces in which they may list Workspaces.
func (h reads) namespaces(w http.ResponseWriter, r *http.Request) error {
	all := h.model.Namespaces()
	if ok, err := h.guard.may(r, auth.Namespaces.On("list", "", "")); err != nil || ok {
		if err != nil {
			return err
		}
		return serveList(w, r, all)
	}
	visible, err := h.visibleNamespaces(r, all)
	if err != nil {
		return err
	}
	return serveList(w, r, cache.Select(all, visible))
}

// allWorkspaces lists every Workspace to those who may list them
// cluster-wide, as upstream; to others, the Workspaces of the namespaces in
// which they may list them.
func (h reads) allWorkspaces(w http.ResponseWriter, r *http.Request) error {
	watch, err := watchParam(r)
	if err != nil {
		return err
	}
	listAll := auth.Workspaces.On("list", "", "")
	if ok, err := h.guard.may(r, listAll); err != nil || ok {
		if err != nil {
			return err
		}
		if watch {
			return h.stream(w, r, watchScope{
				resource: cache.ResourceWorkspaces,
				tag:      "all",
				includes: func(cache.Change) bool { return true },
				snapshot: func() ([][]byte, func(cache.Change) bool) {
					c := h.model.AllWorkspaces()
					return c.Parts(), c.Coverage()
				},
				recheck: func() error { return h.guard.allowed(r, listAll) },
			})
		}
		c := h.model.AllWorkspaces()
		if paged(r) {
			return serveLists(w, r, c.Lists, c.ETag())
		}
		if !notModified(w, r, c.ETag(), jsonNoCache) {
			writeRendered(w, r, c, c.Parts()...)
		}
		return nil
	}
	visible, err := h.visibleNamespaces(r, h.model.Namespaces())
	if err != nil {
		return err
	}
	if watch {
		return h.stream(w, r, watchScope{
			resource: cache.ResourceWorkspaces,
			tag:      "some-" + namespacesTag(visible),
			includes: func(c cache.Change) bool {
				_, ok := slices.BinarySearch(visible, c.Namespace)
				return ok
			},
			snapshot: func() ([][]byte, func(cache.Change) bool) {
				lists := h.namespaceLists(visible)
				parts := pageParts(lists, "", math.MaxInt)
				coverage := make([]func(cache.Change) bool, len(lists))
				for i, l := range lists {
					coverage[i] = l.Coverage()
				}
				return parts, func(c cache.Change) bool {
					i, _ := slices.BinarySearch(visible, c.Namespace)
					return coverage[i](c)
				}
			},
			recheck: func() error {
				// Seeing more or fewer namespaces needs a new snapshot.
				if ok, err := h.guard.may(r, listAll); err != nil || ok {
					if err != nil {
						return err
					}
					return errAccessChanged
				}
				now, err := h.visibleNamespaces(r, h.model.Namespaces())
				if err != nil {
					return err
				}
				if !slices.Equal(now, visible) {
					return errAccessChanged
				}
				return nil
			},
		})
	}
	lists := h.namespaceLists(visible)
	// The namespaces' ETags name their lists: together they name the
	// whole.
	etags := make([][]byte, len(lists))
	for i, l := range lists {
		etags[i] = []byte(l.ETag())
	}
	return serveLists(w, r, lists, cache.ETagOf(etags...))
}

// namespaceLists are the Workspaces lists of namespaces, in their order.
func (h reads) namespaceLists(namespaces []string) []*cache.List {
	lists := make([]*cache.List, len(namespaces))
	for i, ns := range namespaces {
		lists[i] = h.model.Workspaces(ns)
	}
	return lists
}

// visibleNamespaces are the namespaces in which the caller may list
// Workspaces. None is an empty list, not a 403: anyone may ask which
// namespaces they see, and the frontend shows an empty state for [] where
// it would show an error page for a 403.
func (h reads) visibleNamespaces(r *http.Request, all *cache.List) ([]string, error) {
	return h.guard.filter(r, auth.Workspaces.On("list", "", ""), all.Keys())
}

func (h reads) namespaceWorkspaces(w http.ResponseWriter, r *http.Request) error {
	ns, _, err := routeParams(r)
	if err != nil {
		return err
	}
	watch, err := watchParam(r)
	if err != nil {
		return err
	}
	policy := auth.Workspaces.On("list", ns, "")
	if err := h.guard.allowed(r, policy); err != nil {
		return err
	}
	if watch {
		return h.streamList(w, r, policy, watchScope{
			resource: cache.ResourceWorkspaces,
			tag:      "ns-" + ns,
			includes: func(c cache.Change) bool { return c.Namespace == ns },
		}, func() *cache.List { return h.model.Workspaces(ns) })
	}
	return serveList(w, r, h.model.Workspaces(ns))
}

func (h reads) workspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "get")
	if err != nil {
		return err
	}
	body, ok := h.model.Workspace(ns, name)
	return serveFound(w, r, body, ok)
}

func (h reads) workspaceKinds(w http.ResponseWriter, r *http.Request) error {
	// namespaceFilter selects the authorization check (may the caller
	// create Workspaces in that namespace) and the list under the kinds'
	// filter rules in that namespace (upstream #1357).
	watch, err := watchParam(r)
	if err != nil {
		return err
	}
	policy := auth.WorkspaceKinds.On("list", "", "")
	filter, err := namespaceQuery(r, "namespaceFilter")
	if err != nil {
		return err
	}
	if filter != "" {
		if watch {
			// The feed carries each kind's item as every namespace's
			// list but none shows it: a stream would leak kinds that
			// api.hide leaves out.
			return fieldErrors{field.Invalid(field.NewPath("watch"), r.URL.Query().Get("watch"),
				"cannot be combined with namespaceFilter")}.err(msgInvalidQuery)
		}
		if err := h.guard.allowed(r, auth.Workspaces.On("create", filter, "")); err != nil {
			return err
		}
		return serveList(w, r, h.model.WorkspaceKindsIn(filter))
	}
	if err := h.guard.allowed(r, policy); err != nil {
		return err
	}
	if watch {
		return h.streamList(w, r, policy, watchScope{
			resource: cache.ResourceWorkspaceKinds,
			tag:      "kinds",
			includes: func(cache.Change) bool { return true },
		}, h.model.WorkspaceKinds)
	}
	return serveList(w, r, h.model.WorkspaceKinds())
}

func (h reads) workspaceKind(w http.ResponseWriter, r *http.Request) error {
	_, name, err := h.guard.access(r, auth.WorkspaceKinds, "get")
	if err != nil {
		return err
	}
	body, ok := h.model.WorkspaceKind(name)
	return serveFound(w, r, body, ok)
}

// serveFound serves a cached body a lookup found, else 404.
func serveFound(w http.ResponseWriter, r *http.Request, body *cache.Body, found bool) error {
	if !found {
		return errNotFound()
	}
	serveBody(w, r, body)
	return nil
}

// serveList answers a list GET: the whole cached list, or with
// ?limit=N[&continue=TOKEN] one page of it in (namespace, name) order, plus
// "continue" in the envelope when more items follow.
func serveList(w http.ResponseWriter, r *http.Request, list *cache.List) error {
	if paged(r) {
		return serveLists(w, r, []*cache.List{list}, list.ETag())
	}
	serveBody(w, r, list.Body)
	return nil
}

// paged reports whether a list GET asks for a page.
func paged(r *http.Request) bool {
	query := r.URL.Query()
	return query.Has("limit") || query.Has("continue")
}

// The fixed pieces of a page's envelope.
var (
	pageStart = []byte(`{"data":[`)
	comma     = []byte(`,`)
	itemsEnd  = []byte(`]`)
	pageEnd   = []byte(`}`)
)

// serveLists answers a list GET from several lists whose items follow each
// other (per-namespace lists in namespace order), paged like serveList,
// without copying their items.
func serveLists(w http.ResponseWriter, r *http.Request, lists []*cache.List, etag string) error {
	query := r.URL.Query()
	limit, after := math.MaxInt, ""
	if query.Has("limit") || query.Has("continue") {
		var err error
		if limit, after, err = parsePage(query.Get("limit"), query.Get("continue")); err != nil {
			return err
		}
		etag = pageETag(etag, limit, after)
	}
	// A client that holds this version needs no parts.
	if notModified(w, r, etag, jsonNoCache) {
		return nil
	}
	writeStreamed(w, r, pageParts(lists, after, limit)...)
	return nil
}

// pageParts are the body parts of a page: at most limit items after the
// key after, from lists whose items follow each other, in the list
// envelope, with "continue" when more items follow; they share the lists'
// memory.
func pageParts(lists []*cache.List, after string, limit int) [][]byte {
	runs, last := cache.PageLists(lists, after, limit)
	parts := make([][]byte, 0, 2*len(runs)+4)
	parts = append(parts, pageStart)
	for i, run := range runs {
		if i > 0 {
			parts = append(parts, comma)
		}
		parts = append(parts, run)
	}
	parts = append(parts, itemsEnd)
	if last != "" {
		parts = append(parts, continueField(last))
	}
	parts = append(parts, pageEnd)
	return parts
}

// maxPageSize bounds a page so that one request cannot ask for an
// unbounded response assembled per request.
const maxPageSize = 10000

func parsePage(limitParam, token string) (limit int, after string, err error) {
	var errs fieldErrors
	limit, convErr := strconv.Atoi(limitParam)
	switch {
	case limitParam == "":
		errs.add(field.Required(field.NewPath("limit"), "limit is required with continue"))
	case convErr != nil || limit < 1 || limit > maxPageSize:
		errs.add(field.Invalid(field.NewPath("limit"), limitParam, "must be an integer between 1 and "+strconv.Itoa(maxPageSize)))
	}
	if token != "" {
		var ok bool
		if after, ok = decodeContinue(token); !ok {
			errs.add(field.Invalid(field.NewPath("continue"), token, "not a continue token returned by this list"))
		}
	}
	return limit, after, errs.err(msgInvalidQuery)
}

// A continue token is the last key served, versioned so its format can
// change; it stays valid however the list changes meanwhile.
const continuePrefix = "v1:"

// continueField is a page's "continue" member, with its leading comma,
// for the last key served.
func continueField(key string) []byte {
	return []byte(`,"continue":"` + base64.RawURLEncoding.EncodeToString([]byte(continuePrefix+key)) + `"`)
}

func decodeContinue(token string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", false
	}
	key, ok := strings.CutPrefix(string(raw), continuePrefix)
	return key, ok && key != ""
}

// pageETag derives a page's ETag from its list's: the same list version and
// the same page parameters always give the same bytes.
func pageETag(listETag string, limit int, after string) string {
	return cache.ETagOf([]byte(listETag), []byte(strconv.Itoa(limit)+"\x00"), []byte(after))
}
