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

package cache

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Model is the read model: every object the BFF serves, already converted
// to its API model and encoded to JSON when its event arrived, and the list
// responses assembled from those bytes, kept per scope until something in
// the scope changes. Handlers only read from it; informer events are the
// only writers.
type Model struct {
	opts models.Options
	// boot distinguishes ETags of this process from a previous one's, whose
	// generations restart from zero.
	boot string

	mu sync.RWMutex
	// generation counts applied events; it names a version of the model.
	generation uint64
	// byNamespace holds every Workspace, by namespace; only namespaces
	// with Workspaces are in it.
	byNamespace map[string]*namespaceScope
	kinds       map[string]*kindEntry
	namespaces  map[string][]byte // name -> rendered item
	// nsLabels are every namespace's labels, shared with the informer:
	// never modify. The filter rules read them.
	nsLabels map[string]map[string]string
	// kindsIn are the kind lists of namespaces asked for with
	// ?namespaceFilter, under the kinds' WORKSPACE_KIND filter rules; only
	// existing namespaces have one.
	kindsIn map[string]*scope

	// all is AllWorkspaces' answer until a Workspace changes.
	all           atomic.Pointer[Concat]
	allBuild      sync.Mutex
	kindList      scope
	namespaceList scope

	// workspaceRV and kindRV are the latest resourceVersions applied of
	// each resource; writers wait on them (see WaitWorkspace).
	workspaceRV, kindRV uint64
	// wakeup wakes writers waiting for an event (see WaitWorkspace).
	wakeup wakeup

	// feed holds the latest changes for watch streams.
	feed *feed

	subscriptions subscriptions
	observer      Observer
	// empty answers every scope without items; its bytes never change, so
	// neither does its ETag.
	empty *List
}

// workspaceEntry is one Workspace and its responses, rendered when its
// event arrived (or its kind changed). An entry never changes once
// published; an event publishes a new one.
type workspaceEntry struct {
	ws     *v1beta1.Workspace // shared with the informer: never modify
	key    string             // sort key: see workspaceKey
	item   []byte             // WorkspaceListItem JSON
	detail *Body              // {"data": WorkspaceUpdate}
}

// namespaceScope is one namespace's Workspaces and their cached list.
type namespaceScope struct {
	scope
	entries map[string]*workspaceEntry // key -> entry
}

// workspaceKey sorts Workspaces by namespace, then name. NUL sorts before
// every character a name may hold, so "a"'s Workspaces come before
// "a-b"'s, as they would with "/" only if '-' did not sort before it; and
// a list of all namespaces is the namespaces' lists one after another.
func workspaceKey(namespace, name string) string { return namespace + "\x00" + name }

type kindEntry struct {
	obj    *v1beta1.WorkspaceKind // shared with the informer: never modify
	model  models.WorkspaceKindListItem
	item   []byte // model's JSON
	detail *Body  // {"data": WorkspaceKindUpdate}
}

// scope caches one list response until something in it changes.
type scope struct {
	name  string     // ScopeWorkspaces, ...: what the list's metrics call it
	build sync.Mutex // one rebuild at a time; others wait and share it
	list  atomic.Pointer[List]
	// keepEqual keeps the previous list, and so its ETag, when a rebuild
	// gives the same bytes: a namespace's kind list is rebuilt on every
	// change of its labels, most of which change no rule's outcome.
	keepEqual bool
	last      *List // guarded by build
}

// NewModel returns an empty read model; Register feeds it from informers.
func NewModel(opts models.Options) *Model {
	boot := strconv.FormatInt(time.Now().UnixNano(), 36)
	m := &Model{
		opts:          opts,
		boot:          boot,
		empty:         &List{Body: newBody([]byte(`{"data":[]}`), `"`+boot+`-empty"`)},
		byNamespace:   map[string]*namespaceScope{},
		kinds:         map[string]*kindEntry{},
		namespaces:    map[string][]byte{},
		nsLabels:      map[string]map[string]string{},
		kindsIn:       map[string]*scope{},
		subscriptions: newSubscriptions(ResourceWorkspaces, ResourceWorkspaceKinds, ResourceNamespaces),
		observer:      nopObserver{},
		feed:          newFeed(FeedHistory),
	}
	m.kindList.name = ScopeWorkspaceKinds
	m.namespaceList.name = ScopeNamespaces
	return m
}

// Register subscribes the model to the informers' events. Call it before
// the informers start.
func (m *Model) Register(inf *informers.Informers) error {
	return m.subscriptions.register("read model", m.Upsert, m.Delete,
		subscribed{ResourceWorkspaces, inf.Workspaces},
		subscribed{ResourceWorkspaceKinds, inf.WorkspaceKinds},
		subscribed{ResourceNamespaces, inf.Namespaces})
}

// Upsert applies an added or updated Workspace, WorkspaceKind or Namespace.
// The model keeps obj: the caller must never modify it afterwards.
func (m *Model) Upsert(obj any) {
	switch o := obj.(type) {
	case *v1beta1.Workspace:
		m.upsertWorkspace(o)
	case *v1beta1.WorkspaceKind:
		m.upsertKind(o)
	case *corev1.Namespace:
		m.upsertNamespace(o)
	}
}

// Delete applies a deleted Workspace, WorkspaceKind or Namespace, also when
// the informer only knows its last state.
func (m *Model) Delete(obj any) {
	if tomb, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	switch o := obj.(type) {
	case *v1beta1.Workspace:
		m.removeWorkspace(o.Namespace, o.Name, o.ResourceVersion)
	case *v1beta1.WorkspaceKind:
		m.removeKind(o)
	case *corev1.Namespace:
		m.removeNamespace(o)
	}
}

// HasSynced reports whether the model has applied every object of the
// informers' initial lists.
func (m *Model) HasSynced() bool { return m.subscriptions.hasSynced() }

// Namespaces is the namespaces list response.
func (m *Model) Namespaces() *List {
	return m.cached(&m.namespaceList, func() ([]item, bool) {
		items := make([]item, 0, len(m.namespaces))
		for name, js := range m.namespaces {
			items = append(items, item{key: name, json: js})
		}
		sortItems(items)
		return items, true
	})
}

// Workspaces is the Workspaces list response of one namespace.
func (m *Model) Workspaces(namespace string) *List {
	for {
		m.mu.RLock()
		s := m.byNamespace[namespace]
		m.mu.RUnlock()
		if s == nil {
			return m.empty
		}
		l := m.cached(&s.scope, func() ([]item, bool) {
			// A scope removed meanwhile (its namespace emptied, then
			// perhaps filled again) must not answer: its list would
			// share a generation, and so an ETag, with the new scope's.
			if m.byNamespace[namespace] != s {
				return nil, false
			}
			return s.items(), true
		})
		if l != nil {
			return l
		}
	}
}

// Workspace is the response for one Workspace, and whether it exists.
func (m *Model) Workspace(namespace, name string) (*Body, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.entry(namespace, name)
	if !ok {
		return nil, false
	}
	return e.detail, true
}

// entry is the Workspace namespace/name, and whether it exists. Caller
// holds mu.
func (m *Model) entry(namespace, name string) (*workspaceEntry, bool) {
	s := m.byNamespace[namespace]
	if s == nil {
		return nil, false
	}
	e, ok := s.entries[workspaceKey(namespace, name)]
	return e, ok
}

// WorkspaceKinds is the WorkspaceKinds list response.
func (m *Model) WorkspaceKinds() *List {
	return m.cached(&m.kindList, func() ([]item, bool) {
		items := make([]item, 0, len(m.kinds))
		for name, e := range m.kinds {
			items = append(items, item{key: name, json: e.item})
		}
		sortItems(items)
		return items, true
	})
}

// WorkspaceKindsIn is the WorkspaceKinds list response for a namespace
// (?namespaceFilter=): each kind under the first of its WORKSPACE_KIND
// filter rules that matches the namespace's labels. A namespace that does
// not exist matches no matchNamespace condition, so no rule: its answer is
// the list of every kind.
func (m *Model) WorkspaceKindsIn(namespace string) *List {
	for {
		s, ok := m.kindScope(namespace)
		if !ok {
			return m.WorkspaceKinds()
		}
		l := m.cached(s, func() ([]item, bool) {
			// A scope dropped meanwhile (its namespace deleted) must not
			// answer, as in Workspaces.
			if m.kindsIn[namespace] != s {
				return nil, false
			}
			labels := m.nsLabels[namespace]
			items := make([]item, 0, len(m.kinds))
			for name, e := range m.kinds {
				out, ok, changed := e.model.InNamespace(e.obj, labels)
				switch {
				case !ok: // api.hide
				case changed:
					items = append(items, item{key: name, json: mustJSON(out)})
				default:
					items = append(items, item{key: name, json: e.item})
				}
			}
			sortItems(items)
			return items, true
		})
		if l != nil {
			return l
		}
	}
}

// kindScope is the namespace's kind list scope, made on first use, and
// whether the namespace exists.
func (m *Model) kindScope(namespace string) (*scope, bool) {
	m.mu.RLock()
	s := m.kindsIn[namespace]
	_, exists := m.nsLabels[namespace]
	m.mu.RUnlock()
	if s != nil || !exists {
		return s, exists
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, exists = m.nsLabels[namespace]; !exists {
		return nil, false
	}
	if s = m.kindsIn[namespace]; s == nil {
		s = &scope{name: ScopeWorkspaceKinds, keepEqual: true}
		m.kindsIn[namespace] = s
	}
	return s, true
}

// WorkspaceKind is the response for one WorkspaceKind, and whether it exists.
func (m *Model) WorkspaceKind(name string) (*Body, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.kinds[name]
	if !ok {
		return nil, false
	}
	return e.detail, true
}

// items are the namespace's Workspaces in order. Caller holds mu for
// reading.
func (s *namespaceScope) items() []item {
	items := make([]item, 0, len(s.entries))
	for _, e := range s.entries {
		items = append(items, item{key: e.key, json: e.item})
	}
	sortItems(items)
	return items
}

// cached returns the scope's list, building it from the rendered items when
// a change has invalidated it; nil when items reports that the scope no
// longer answers.
// The build holds the read lock, so no event can invalidate the scope
// between reading the items and publishing the list: a published list is
// never older than the model.
func (m *Model) cached(s *scope, items func() ([]item, bool)) *List {
	if l := s.list.Load(); l != nil {
		return l
	}
	s.build.Lock()
	defer s.build.Unlock()
	if l := s.list.Load(); l != nil {
		return l
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	start := time.Now()
	its, ok := items()
	if !ok {
		return nil
	}
	l := buildList(its, etagFor(m.boot, m.generation))
	l.generation = m.generation
	if s.keepEqual {
		if s.last != nil && bytes.Equal(s.last.Bytes(), l.Bytes()) {
			l = s.last
		}
		s.last = l
	}
	s.list.Store(l)
	m.observer.ListBuilt(s.name, time.Since(start))
	return l
}

// --- event handling: every method below runs on an informer goroutine ---

// upsertWorkspace applies an added or updated Workspace.
func (m *Model) upsertWorkspace(ws *v1beta1.Workspace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.workspaceRV, ws.ResourceVersion)
	key := workspaceKey(ws.Namespace, ws.Name)
	s := m.byNamespace[ws.Namespace]
	if s == nil {
		s = &namespaceScope{scope: scope{name: ScopeNamespaceWorkspaces}, entries: map[string]*workspaceEntry{}}
		m.byNamespace[ws.Namespace] = s
	}
	old, existed := s.entries[key]
	m.subscriptions.upserted(ResourceWorkspaces, existed)
	e, changed := m.renderWorkspace(ws, old)
	s.entries[key] = e
	if !changed {
		// A change nothing shows (a resync, a field no model serves):
		// the lists, their ETags and the watchers stay as they are.
		return
	}
	m.invalidateWorkspaces(ws.Namespace)
	m.publishWorkspace(e, changeType(existed))
}

func (m *Model) removeWorkspace(namespace, name, resourceVersion string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.workspaceRV, resourceVersion)
	m.subscriptions.removed(ResourceWorkspaces)
	key := workspaceKey(namespace, name)
	s := m.byNamespace[namespace]
	if s == nil {
		return
	}
	if _, ok := s.entries[key]; !ok {
		return
	}
	m.invalidateWorkspaces(namespace)
	m.feed.publish(deleted(m.generation, ResourceWorkspaces, namespace, name))
	delete(s.entries, key)
	if len(s.entries) == 0 {
		delete(m.byNamespace, namespace)
	}
}

func (m *Model) upsertKind(kind *v1beta1.WorkspaceKind) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.kindRV, kind.ResourceVersion)
	old, existed := m.kinds[kind.Name]
	m.subscriptions.upserted(ResourceWorkspaceKinds, existed)
	start := time.Now()
	e := &kindEntry{obj: kind, model: models.NewWorkspaceKindListItem(kind, m.opts)}
	e.item = mustJSON(e.model)
	e.detail = m.renderEnvelope(models.NewWorkspaceKindUpdate(kind))
	m.observer.Rendered(ResourceWorkspaceKinds, time.Since(start))
	m.kinds[kind.Name] = e
	m.invalidateKinds()
	m.feed.publish(Change{Generation: m.generation, Resource: ResourceWorkspaceKinds, Type: changeType(existed),
		Name: kind.Name, Item: e.item})
	// The controller writes a kind's status (its Workspace counts) as
	// Workspaces come and go: such a write changes nothing its Workspaces
	// show, and re-rendering thousands of them for it would hold the lock.
	if !existed || !sameForWorkspaces(old.obj, kind) {
		m.rerenderKind(kind.Name)
	}
}

// sameForWorkspaces reports whether a Workspace's list item shows a and b,
// two versions of its kind, alike: it shows the kind's spec (options,
// ports, icon and logo) and the icon and logo hashes of its status.
func sameForWorkspaces(a, b *v1beta1.WorkspaceKind) bool {
	return equality.Semantic.DeepEqual(a.Spec, b.Spec) &&
		equality.Semantic.DeepEqual(a.Status.SpawnerIcon, b.Status.SpawnerIcon) &&
		equality.Semantic.DeepEqual(a.Status.SpawnerLogo, b.Status.SpawnerLogo)
}

func (m *Model) removeKind(kind *v1beta1.WorkspaceKind) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.kindRV, kind.ResourceVersion)
	m.subscriptions.removed(ResourceWorkspaceKinds)
	delete(m.kinds, kind.Name)
	m.invalidateKinds()
	m.feed.publish(deleted(m.generation, ResourceWorkspaceKinds, "", kind.Name))
	m.rerenderKind(kind.Name)
}

func (m *Model) upsertNamespace(ns *corev1.Namespace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(nil, "")
	_, existed := m.namespaces[ns.Name]
	m.subscriptions.upserted(ResourceNamespaces, existed)
	start := time.Now()
	m.namespaces[ns.Name] = mustJSON(models.NewNamespace(ns))
	m.observer.Rendered(ResourceNamespaces, time.Since(start))
	m.namespaceList.list.Store(nil)
	// Only a change of its labels can change what the kinds' rules say
	// in the namespace.
	if old, ok := m.nsLabels[ns.Name]; !ok || !maps.Equal(old, ns.Labels) {
		if s := m.kindsIn[ns.Name]; s != nil {
			s.list.Store(nil)
		}
	}
	labels := ns.Labels
	if labels == nil {
		labels = map[string]string{} // present: the namespace exists
	}
	m.nsLabels[ns.Name] = labels
}

func (m *Model) removeNamespace(ns *corev1.Namespace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(nil, "")
	m.subscriptions.removed(ResourceNamespaces)
	delete(m.namespaces, ns.Name)
	m.namespaceList.list.Store(nil)
	delete(m.nsLabels, ns.Name)
	delete(m.kindsIn, ns.Name)
}

// invalidateKinds drops the cached kind lists: every kind's, and each
// namespace's. Caller holds mu for writing.
func (m *Model) invalidateKinds() {
	m.kindList.list.Store(nil)
	for _, s := range m.kindsIn {
		s.list.Store(nil)
	}
}

// rerenderKind renders again every Workspace of a kind that changed: their
// list items carry the kind's icons, option names and ports. Caller holds mu.
func (m *Model) rerenderKind(kind string) {
	var changed []*workspaceEntry
	for old := range m.ofKind(kind) {
		if e, ok := m.renderWorkspace(old.ws, old); ok {
			changed = append(changed, e)
		}
	}
	// Replaced once the scan is over: ofKind must not see the map change.
	for _, e := range changed {
		m.byNamespace[e.ws.Namespace].entries[e.key] = e
		m.invalidateWorkspaces(e.ws.Namespace)
	}
	// Published once the lists are invalidated: a watcher that sees a
	// change also gets a snapshot built after it.
	for _, e := range changed {
		m.publishWorkspace(e, ChangeModified)
	}
}

// ofKind yields the Workspaces of a kind. Caller holds mu, and adds or
// removes no Workspace meanwhile. They are found by a scan (some 10,000
// entries in 0.1 ms) rather than kept in an index that would cost every
// Workspace a map entry: a kind's spec and icons change, and kinds are
// deleted, rarely (upsertKind skips the writes of its status counts).
func (m *Model) ofKind(kind string) iter.Seq[*workspaceEntry] {
	return func(yield func(*workspaceEntry) bool) {
		for _, s := range m.byNamespace {
			for _, e := range s.entries {
				if e.ws.Spec.Kind == kind && !yield(e) {
					return
				}
			}
		}
	}
}

// renderWorkspace encodes ws's list item and detail response into a new
// entry, and reports whether its item differs from prev's (the entry it
// replaces; nil for a new Workspace). Unchanged bytes are shared with prev,
// so an unchanged detail keeps its ETag. Caller holds mu for writing.
func (m *Model) renderWorkspace(ws *v1beta1.Workspace, prev *workspaceEntry) (*workspaceEntry, bool) {
	start := time.Now()
	defer func() { m.observer.Rendered(ResourceWorkspaces, time.Since(start)) }()
	var kind *v1beta1.WorkspaceKind
	if k, ok := m.kinds[ws.Spec.Kind]; ok {
		kind = k.obj
	}
	e := &workspaceEntry{
		ws:   ws,
		key:  workspaceKey(ws.Namespace, ws.Name),
		item: mustJSON(models.NewWorkspaceListItem(ws, kind, m.opts)),
	}
	detail := mustJSON(envelope{models.NewWorkspaceUpdate(ws)})
	if prev != nil && bytes.Equal(detail, prev.detail.Bytes()) {
		e.detail = prev.detail
	} else {
		e.detail = newBody(detail, etagFor(m.boot, m.generation))
	}
	if prev != nil && bytes.Equal(e.item, prev.item) {
		e.item = prev.item
		return e, false
	}
	return e, true
}

// publishWorkspace tells watchers of the Workspace's new list item. Caller
// holds mu for writing.
func (m *Model) publishWorkspace(e *workspaceEntry, t ChangeType) {
	m.feed.publish(Change{Generation: m.generation, Resource: ResourceWorkspaces, Type: t,
		Namespace: e.ws.Namespace, Name: e.ws.Name, Item: e.item})
}

func changeType(existed bool) ChangeType {
	if existed {
		return ChangeModified
	}
	return ChangeAdded
}

// invalidateWorkspaces drops the cached lists that contain a namespace's
// Workspaces. Caller holds mu for writing.
func (m *Model) invalidateWorkspaces(namespace string) {
	m.all.Store(nil)
	if s := m.byNamespace[namespace]; s != nil {
		s.list.Store(nil)
	}
}

// envelope is {"data": v}, every single object's response.
type envelope struct {
	Data any `json:"data"`
}

// renderEnvelope renders {"data": v} as a Body versioned by the current
// generation. Caller holds mu for writing.
func (m *Model) renderEnvelope(v any) *Body {
	return newBody(mustJSON(envelope{v}), etagFor(m.boot, m.generation))
}

// index files v under key in idx's group (a kind, a claimed PVC...),
// making the group when it is the first.
func index[V any](idx map[string]map[string]V, group, key string, v V) {
	if idx[group] == nil {
		idx[group] = map[string]V{}
	}
	idx[group][key] = v
}

// unindex removes key from idx's group, and the group once empty.
func unindex[V any](idx map[string]map[string]V, group, key string) {
	delete(idx[group], key)
	if len(idx[group]) == 0 {
		delete(idx, group)
	}
}

// mustJSON encodes a model. Models are plain structs of strings, numbers,
// maps and slices, which always encode; a failure is a programming error.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding %T: %v", v, err))
	}
	return b
}
