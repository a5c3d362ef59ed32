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
	"context"
	"iter"
	"maps"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Model is the read model: every object the BFF serves, already converted
// to its API model and encoded to JSON when its event arrived, and the list
// responses assembled from those bytes, kept per scope until something in
// the scope changes. Handlers only read from it; informer events are the
// only writers. Its lock and lists are core's.
type Model struct {
	core
	// feed holds the latest changes for watch streams.
	feed *feed
	opts models.Options
	// boot names this process's feed positions (see Boot).
	boot string

	// byNamespace holds every Workspace, by namespace; only namespaces
	// with Workspaces are in it.
	byNamespace map[string]*namespaceScope
	kinds       map[string]*kindEntry
	// kindsWithRules counts the kinds with WORKSPACE_KIND filter rules:
	// without any, a namespace's kind list is the list of every kind.
	kindsWithRules int
	namespaces     map[string][]byte // name -> rendered item
	// nsLabels are every namespace's labels, shared with the informer:
	// never modify. The filter rules read them.
	nsLabels map[string]map[string]string
	// kindsIn are the kind lists of existing namespaces asked for with
	// ?namespaceFilter while some kind has WORKSPACE_KIND rules.
	kindsIn map[string]*lazyList

	// all is AllWorkspaces' answer until a Workspace changes.
	all                     atomic.Pointer[Concat]
	allBuild                sync.Mutex
	kindList, namespaceList lazyList
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
	lazyList
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
	rules  models.KindRules // parsed once per version, not per list
	item   []byte           // model's JSON
	detail *Body            // {"data": WorkspaceKindUpdate}
}

// NewModel returns an empty read model; Register feeds it from informers.
func NewModel(opts models.Options) *Model {
	return &Model{
		core:          newCore(ResourceWorkspaces, ResourceWorkspaceKinds, ResourceNamespaces),
		feed:          newFeed(FeedHistory),
		opts:          opts,
		boot:          strconv.FormatInt(time.Now().UnixNano(), 36),
		byNamespace:   map[string]*namespaceScope{},
		kinds:         map[string]*kindEntry{},
		namespaces:    map[string][]byte{},
		nsLabels:      map[string]map[string]string{},
		kindsIn:       map[string]*lazyList{},
		kindList:      lazyList{scope: ScopeWorkspaceKinds},
		namespaceList: lazyList{scope: ScopeNamespaces},
	}
}

// Register subscribes the model to the informers' events. Call it before
// the informers start.
func (m *Model) Register(inf *informers.Informers) error {
	return m.subscriptions.register("read model", m.Upsert, m.Delete,
		subscribed{ResourceWorkspaces, inf.Workspaces},
		subscribed{ResourceWorkspaceKinds, inf.WorkspaceKinds},
		subscribed{ResourceNamespaces, inf.Namespaces})
}

// Boot names this process's model: feed positions of another process (or
// of this one before a restart) never match its own.
func (m *Model) Boot() string { return m.boot }

// Head is the Seq of the latest change published (0 before the first): a
// watch that starts there receives every change published afterwards.
func (m *Model) Head() uint64 { return m.feed.head() }

// ChangesSince appends to buf the changes published after seq, oldest
// first, at most max of them, and returns a channel closed when a newer
// change is published. It returns ErrFeedGap when some change after seq is
// no longer held.
func (m *Model) ChangesSince(seq uint64, buf []Change, max int) ([]Change, <-chan struct{}, error) {
	return m.feed.changesSince(seq, buf, max)
}

// Upsert applies an added or updated Workspace, WorkspaceKind or Namespace.
// The model keeps obj: the caller must never modify it afterwards.
func (m *Model) Upsert(obj any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch o := obj.(type) {
	case *v1beta1.Workspace:
		m.applied(ResourceWorkspaces, o.ResourceVersion)
		m.upsertWorkspace(o)
	case *v1beta1.WorkspaceKind:
		m.applied(ResourceWorkspaceKinds, o.ResourceVersion)
		m.upsertKind(o)
	case *corev1.Namespace:
		m.applied(ResourceNamespaces, "")
		m.upsertNamespace(o)
	}
}

// Delete applies a deleted Workspace, WorkspaceKind or Namespace, also when
// the informer only knows its last state.
func (m *Model) Delete(obj any) {
	if tomb, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch o := obj.(type) {
	case *v1beta1.Workspace:
		m.applied(ResourceWorkspaces, o.ResourceVersion)
		m.removeWorkspace(o.Namespace, o.Name)
	case *v1beta1.WorkspaceKind:
		m.applied(ResourceWorkspaceKinds, o.ResourceVersion)
		m.removeKind(o)
	case *corev1.Namespace:
		m.applied(ResourceNamespaces, "")
		m.removeNamespace(o)
	}
}

// --- reads ---

// Namespaces is the namespaces list response.
func (m *Model) Namespaces() *List {
	return m.cached(&m.namespaceList, func() []item {
		items := make([]item, 0, len(m.namespaces))
		for name, js := range m.namespaces {
			items = append(items, item{key: name, json: js})
		}
		return items
	})
}

// Workspaces is the Workspaces list response of one namespace.
func (m *Model) Workspaces(namespace string) *List {
	for {
		m.mu.RLock()
		s := m.byNamespace[namespace]
		m.mu.RUnlock()
		if s == nil {
			return emptyList
		}
		if l := m.cached(&s.lazyList, s.items); l != nil {
			return l
		}
	}
}

// items are the namespace's Workspaces. Caller holds mu for reading.
func (s *namespaceScope) items() []item {
	items := make([]item, 0, len(s.entries))
	for _, e := range s.entries {
		items = append(items, item{key: e.key, json: e.item})
	}
	return items
}

// AllWorkspaces is every Workspace, as the namespaces' lists one after
// another, kept until a Workspace changes.
func (m *Model) AllWorkspaces() *Concat {
	if c := m.all.Load(); c != nil {
		return c
	}
	m.allBuild.Lock()
	defer m.allBuild.Unlock()
	if c := m.all.Load(); c != nil {
		return c
	}
	for attempt := 0; ; attempt++ {
		m.mu.RLock()
		generation := m.generation
		namespaces := make([]string, 0, len(m.byNamespace))
		for ns := range m.byNamespace {
			namespaces = append(namespaces, ns)
		}
		m.mu.RUnlock()
		sort.Strings(namespaces)
		lists := make([]*List, 0, len(namespaces))
		generations := make(map[string]uint64, len(namespaces))
		for _, ns := range namespaces {
			if l := m.Workspaces(ns); l.Len() > 0 {
				lists = append(lists, l)
				generations[ns] = l.generation
			}
		}
		c := newConcat(lists)
		c.base, c.generations = generation, generations
		// Keep it only if no event came in meanwhile: events drop it
		// under the write lock, so none can slip between this check and
		// the store.
		m.mu.RLock()
		stable := m.generation == generation
		if stable {
			m.all.Store(c)
		}
		m.mu.RUnlock()
		if stable || attempt == 2 {
			return c
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

// WorkspaceObject returns the cached Workspace, and whether it exists. It is
// shared with the informer's store: the caller must not modify it.
func (m *Model) WorkspaceObject(namespace, name string) (*v1beta1.Workspace, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.entry(namespace, name)
	if !ok {
		return nil, false
	}
	return e.ws, true
}

// WorkspaceDetails is a Workspace's pod template details response (api.md
// 5.9), and whether the Workspace exists. It is rendered per request, from
// the Workspace and its kind: one small object, where rendering it at every
// event would cost each Workspace its bytes in memory.
func (m *Model) WorkspaceDetails(namespace, name string) (*Body, bool) {
	m.mu.RLock()
	e, ok := m.entry(namespace, name)
	var kind *v1beta1.WorkspaceKind
	if ok && m.kinds[e.ws.Spec.Kind] != nil {
		kind = m.kinds[e.ws.Spec.Kind].obj
	}
	m.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return Rendered(models.NewWorkspaceDetails(e.ws, kind)), true
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
	return m.cached(&m.kindList, func() []item {
		items := make([]item, 0, len(m.kinds))
		for name, e := range m.kinds {
			items = append(items, item{key: name, json: e.item})
		}
		return items
	})
}

// WorkspaceKindsIn is the WorkspaceKinds list response for a namespace
// (?namespaceFilter=): each kind under the first of its WORKSPACE_KIND
// filter rules that matches the namespace's labels. Without such rules, or
// for a namespace that does not exist (it matches no matchNamespace
// condition), it is the list of every kind.
func (m *Model) WorkspaceKindsIn(namespace string) *List {
	for {
		l := m.kindScope(namespace)
		if l == nil {
			return m.WorkspaceKinds()
		}
		list := m.cached(l, func() []item {
			labels := m.nsLabels[namespace]
			items := make([]item, 0, len(m.kinds))
			for name, e := range m.kinds {
				out, ok, changed := e.model.InNamespace(e.rules, labels)
				switch {
				case !ok: // api.hide
				case changed:
					items = append(items, item{key: name, json: mustJSON(out)})
				default:
					items = append(items, item{key: name, json: e.item})
				}
			}
			return items
		})
		if list != nil {
			return list
		}
	}
}

// kindScope is the namespace's kind list, made on first use; nil when its
// answer is the list of every kind.
func (m *Model) kindScope(namespace string) *lazyList {
	m.mu.RLock()
	l := m.kindsIn[namespace]
	_, exists := m.nsLabels[namespace]
	ruled := m.kindsWithRules > 0
	m.mu.RUnlock()
	if l != nil || !exists || !ruled {
		return l
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, exists = m.nsLabels[namespace]; !exists || m.kindsWithRules == 0 {
		return nil
	}
	if l = m.kindsIn[namespace]; l == nil {
		l = &lazyList{scope: ScopeWorkspaceKinds}
		m.kindsIn[namespace] = l
	}
	return l
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

// Kind returns the cached WorkspaceKind, which the caller must not modify.
func (m *Model) Kind(name string) (*v1beta1.WorkspaceKind, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.kinds[name]
	if !ok {
		return nil, false
	}
	return e.obj, true
}

// NamespaceLabels are a namespace's labels as the Namespace informer last
// delivered them (shared: never modify), and whether it exists.
func (m *Model) NamespaceLabels(name string) (map[string]string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	labels, ok := m.nsLabels[name]
	return labels, ok
}

// KindUsage counts the cached Workspaces of a kind.
func (m *Model) KindUsage(name string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for range m.ofKind(name) {
		n++
	}
	return n
}

// WaitWorkspace blocks until the model serves the written Workspace (or no
// longer serves the deleted one), or ctx ends. It returns ctx's error then.
func (m *Model) WaitWorkspace(ctx context.Context, w Written) error {
	return m.waitSeen(ctx, ResourceWorkspaces, w, func() (metav1.Object, bool) {
		e, ok := m.entry(w.Namespace, w.Name)
		if !ok {
			return nil, false
		}
		return e.ws, true
	})
}

// WaitWorkspaceKind is WaitWorkspace for a WorkspaceKind.
func (m *Model) WaitWorkspaceKind(ctx context.Context, w Written) error {
	return m.waitSeen(ctx, ResourceWorkspaceKinds, w, func() (metav1.Object, bool) {
		e, ok := m.kinds[w.Name]
		if !ok {
			return nil, false
		}
		return e.obj, true
	})
}

// Stats returns what the model holds, per resource and per list scope.
func (m *Model) Stats() ([]ResourceStats, []ListStats) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	resources := m.subscriptions.stats(map[string]int{
		ResourceWorkspaces:     m.workspaceCount(),
		ResourceWorkspaceKinds: len(m.kinds),
		ResourceNamespaces:     len(m.namespaces),
	})
	lists := []ListStats{{Scope: ScopeWorkspaces}, {Scope: ScopeNamespaceWorkspaces}, {Scope: ScopeWorkspaceKinds}, {Scope: ScopeNamespaces}}
	// The list of every Workspace is served from the namespaces' lists;
	// its bytes are theirs, counted under its scope as what it serves.
	if c := m.all.Load(); c != nil {
		lists[0].Lists++
		lists[0].Bytes += c.Size()
	}
	for _, s := range m.byNamespace {
		lists[1].add(&s.lazyList)
	}
	lists[2].add(&m.kindList)
	for _, l := range m.kindsIn {
		lists[2].add(l)
	}
	lists[3].add(&m.namespaceList)
	return resources, lists
}

// CountWorkspaces counts the Workspaces the model serves. It holds the read
// lock only to copy the Workspace pointers (stored objects never change)
// and counts after releasing it, so a scrape of a large cluster delays
// events by the copy, not by the counting.
func (m *Model) CountWorkspaces() WorkspaceCounts {
	m.mu.RLock()
	workspaces := make([]*v1beta1.Workspace, 0, m.workspaceCount())
	for _, s := range m.byNamespace {
		for _, e := range s.entries {
			workspaces = append(workspaces, e.ws)
		}
	}
	kinds := make([]*v1beta1.WorkspaceKind, 0, len(m.kinds))
	for _, e := range m.kinds {
		kinds = append(kinds, e.obj)
	}
	m.mu.RUnlock()
	return countWorkspaces(workspaces, kinds)
}

// workspaceCount is how many Workspaces the model serves. Caller holds mu.
func (m *Model) workspaceCount() int {
	n := 0
	for _, s := range m.byNamespace {
		n += len(s.entries)
	}
	return n
}

// --- events: every method below runs on an informer goroutine, with mu
// held for writing ---

func (m *Model) upsertWorkspace(ws *v1beta1.Workspace) {
	key := workspaceKey(ws.Namespace, ws.Name)
	s := m.byNamespace[ws.Namespace]
	if s == nil {
		s = &namespaceScope{lazyList: lazyList{scope: ScopeNamespaceWorkspaces}, entries: map[string]*workspaceEntry{}}
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
	m.dropWorkspaces(ws.Namespace)
	m.publishWorkspace(e, changeType(existed))
}

func (m *Model) removeWorkspace(namespace, name string) {
	m.subscriptions.removed(ResourceWorkspaces)
	key := workspaceKey(namespace, name)
	s := m.byNamespace[namespace]
	if s == nil {
		return
	}
	if _, ok := s.entries[key]; !ok {
		return
	}
	m.dropWorkspaces(namespace)
	m.feed.publish(deleted(m.generation, ResourceWorkspaces, namespace, name))
	delete(s.entries, key)
	if len(s.entries) == 0 {
		// A reader that found the scope must look again: its list,
		// built now, would be dated after a Workspace that a new scope
		// serves (see Concat.Coverage).
		s.retired = true
		delete(m.byNamespace, namespace)
	}
}

func (m *Model) upsertKind(kind *v1beta1.WorkspaceKind) {
	old, existed := m.kinds[kind.Name]
	m.subscriptions.upserted(ResourceWorkspaceKinds, existed)
	start := time.Now()
	e := &kindEntry{obj: kind, rules: models.NewKindRules(kind), model: models.NewWorkspaceKindListItem(kind, m.opts)}
	e.item = mustJSON(e.model)
	e.detail = newBody(mustJSON(envelope{models.NewWorkspaceKindUpdate(kind)}))
	if existed && e.detail.ETag() == old.detail.ETag() {
		e.detail = old.detail // with the compressed forms already made
	}
	m.observer.Rendered(ResourceWorkspaceKinds, time.Since(start))
	m.kinds[kind.Name] = e
	if existed {
		m.countRules(old, -1)
	}
	m.countRules(e, 1)
	// A list shows the kind's item and, per namespace, its rules.
	if !existed || !bytes.Equal(old.item, e.item) || !equality.Semantic.DeepEqual(old.obj.Spec.FilterRules, kind.Spec.FilterRules) {
		m.dropKinds()
		m.feed.publish(Change{Generation: m.generation, Resource: ResourceWorkspaceKinds, Type: changeType(existed),
			Name: kind.Name, Item: e.item})
	}
	// The controller writes a kind's status (its Workspace counts) as
	// Workspaces come and go: such a write changes nothing its Workspaces
	// show, and re-rendering thousands of them for it would hold the lock.
	if !existed || !sameForWorkspaces(old.obj, kind) {
		m.rerenderKind(kind.Name)
	}
}

// countRules adds n to the count of kinds with WORKSPACE_KIND rules if e
// has some.
func (m *Model) countRules(e *kindEntry, n int) {
	if !e.rules.Empty() {
		m.kindsWithRules += n
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
	m.subscriptions.removed(ResourceWorkspaceKinds)
	old, ok := m.kinds[kind.Name]
	if !ok {
		return
	}
	m.countRules(old, -1)
	delete(m.kinds, kind.Name)
	m.dropKinds()
	m.feed.publish(deleted(m.generation, ResourceWorkspaceKinds, "", kind.Name))
	m.rerenderKind(kind.Name)
}

func (m *Model) upsertNamespace(ns *corev1.Namespace) {
	old, existed := m.namespaces[ns.Name]
	m.subscriptions.upserted(ResourceNamespaces, existed)
	start := time.Now()
	item := mustJSON(models.NewNamespace(ns))
	m.observer.Rendered(ResourceNamespaces, time.Since(start))
	// The list shows names only: a label or status change keeps it.
	if !bytes.Equal(old, item) {
		m.namespaces[ns.Name] = item
		m.namespaceList.drop()
	}
	// Only a change of its labels can change what the kinds' rules say
	// in the namespace.
	if labels, ok := m.nsLabels[ns.Name]; !ok || !maps.Equal(labels, ns.Labels) {
		if l := m.kindsIn[ns.Name]; l != nil {
			l.drop()
		}
	}
	labels := ns.Labels
	if labels == nil {
		labels = map[string]string{} // present: the namespace exists
	}
	m.nsLabels[ns.Name] = labels
}

func (m *Model) removeNamespace(ns *corev1.Namespace) {
	m.subscriptions.removed(ResourceNamespaces)
	delete(m.namespaces, ns.Name)
	m.namespaceList.drop()
	delete(m.nsLabels, ns.Name)
	if l := m.kindsIn[ns.Name]; l != nil {
		l.retired = true
		delete(m.kindsIn, ns.Name)
	}
}

// dropKinds drops the cached kind lists: every kind's, and each
// namespace's, which are made again on their next read.
func (m *Model) dropKinds() {
	m.kindList.drop()
	for _, l := range m.kindsIn {
		l.retired = true
	}
	clear(m.kindsIn)
}

// rerenderKind renders again every Workspace of a kind that changed: their
// list items carry the kind's icons, option names and ports.
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
		m.dropWorkspaces(e.ws.Namespace)
	}
	// Published once the lists are dropped: a watcher that sees a
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
// with their compressed forms.
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
		e.detail = newBody(detail)
	}
	if prev != nil && bytes.Equal(e.item, prev.item) {
		e.item = prev.item
		return e, false
	}
	return e, true
}

// publishWorkspace tells watchers of the Workspace's new list item.
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

// dropWorkspaces drops the cached lists that contain a namespace's
// Workspaces.
func (m *Model) dropWorkspaces(namespace string) {
	m.all.Store(nil)
	if s := m.byNamespace[namespace]; s != nil {
		s.drop()
	}
}
