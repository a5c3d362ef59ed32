package cache

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
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

type workspaceEntry struct {
	ws  *packedWorkspace // shared with the informer
	key string           // sort key: see workspaceKey
	// pending is the WorkspaceListItem JSON rendered since its namespace's
	// list was last built. Once a list holds it, pending is nil and the
	// list's bytes are the only copy: each item is kept once, not twice.
	pending atomic.Pointer[[]byte]
	// detail is {"data": WorkspaceUpdate}. A build of the namespace's
	// list moves it into the list's memory (see buildList), so it is
	// replaced under the read lock, by the one build at a time.
	detail atomic.Pointer[Body]
}

// namespaceScope is one namespace's Workspaces and their cached list.
type namespaceScope struct {
	scope
	entries map[string]*workspaceEntry // key -> entry
	// last is the list last built (still cached or not): the items of
	// entries without a pending item are there. Only builds, which hold
	// the scope's build lock, read or replace it.
	last *List
}

// workspaceKey sorts Workspaces by namespace, then name. NUL sorts before
// every character a name may hold, so "a"'s Workspaces come before
// "a-b"'s, as they would with "/" only if '-' did not sort before it; and
// a list of all namespaces is the namespaces' lists one after another.
func workspaceKey(namespace, name string) string { return namespace + "\x00" + name }

type kindEntry struct {
	obj    *v1beta1.WorkspaceKind // shared with the informer: never modify
	item   []byte                 // WorkspaceKindListItem JSON
	detail *Body                  // {"data": WorkspaceKindUpdate}
}

// scope caches one list response until something in it changes.
type scope struct {
	name  string     // ScopeWorkspaces, ...: what the list's metrics call it
	build sync.Mutex // one rebuild at a time; others wait and share it
	list  atomic.Pointer[List]
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
func (m *Model) Register(inf *Informers) error {
	return m.subscriptions.register("read model", m.Upsert, m.Delete,
		subscribed{ResourceWorkspaces, inf.Workspaces},
		subscribed{ResourceWorkspaceKinds, inf.WorkspaceKinds},
		subscribed{ResourceNamespaces, inf.Namespaces})
}

// Upsert applies an added or updated Workspace, WorkspaceKind or Namespace.
// The model keeps obj: the caller must never modify it afterwards.
func (m *Model) Upsert(obj any) {
	switch o := obj.(type) {
	case *packedWorkspace:
		// Decoded before the lock is taken: a packed Workspace never
		// changes, and readers need not wait for the decode.
		m.upsertWorkspace(o, o.Workspace())
	case *v1beta1.Workspace:
		m.upsertWorkspace(pack(o), o)
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
	case *packedWorkspace:
		m.removeWorkspace(o.namespace(), o.name, o.resourceVersion)
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
	}, nil)
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
		}, s.built)
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
	return e.detail.Load(), true
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
	}, nil)
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

// items are the namespace's Workspaces in order: the ones rendered since
// the last build, and the others taken from that build's list. Caller
// holds the scope's build lock and mu for reading.
func (s *namespaceScope) items() []item {
	items := make([]item, 0, len(s.entries))
	for _, e := range s.entries {
		items = append(items, item{key: e.key, json: s.item(e), detail: e.detail.Load(), packed: e.ws})
	}
	sortItems(items)
	return items
}

// item is an entry's list item: pending, or in the last list built.
// Caller holds the scope's build lock or mu.
func (s *namespaceScope) item(e *workspaceEntry) []byte {
	if p := e.pending.Load(); p != nil {
		return *p
	}
	return s.last.itemJSON(e.key)
}

// built makes l the list that holds the scope's items, details and packed
// Workspaces: their pending copies and earlier copies are dropped. Caller
// holds the scope's build lock and mu for reading, so no event renders an
// item meanwhile.
func (s *namespaceScope) built(l *List, moves []moved) {
	s.last = l
	for i, key := range l.keys {
		e := s.entries[key]
		e.pending.Store(nil)
		e.detail.Store(moves[i].detail)
		e.ws.packed.Store(moves[i].packed)
	}
}

// cached returns the scope's list, building it from the rendered items when
// a change has invalidated it, and telling built (when set) the new list;
// nil when items reports that the scope no longer answers.
// The build holds the read lock, so no event can invalidate the scope
// between reading the items and publishing the list: a published list is
// never older than the model.
func (m *Model) cached(s *scope, items func() ([]item, bool), built func(*List, []moved)) *List {
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
	l, moves := buildList(its, etagFor(m.boot, m.generation))
	l.generation = m.generation
	if built != nil {
		built(l, moves)
	}
	s.list.Store(l)
	m.observer.ListBuilt(s.name, time.Since(start))
	return l
}

// --- event handling: every method below runs on an informer goroutine ---

// upsertWorkspace applies ws, whose decoded form is obj.
func (m *Model) upsertWorkspace(ws *packedWorkspace, obj *v1beta1.Workspace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.workspaceRV, ws.resourceVersion)
	key := workspaceKey(ws.namespace(), ws.name)
	s := m.byNamespace[ws.namespace()]
	if s == nil {
		s = &namespaceScope{scope: scope{name: ScopeNamespaceWorkspaces}, entries: map[string]*workspaceEntry{}}
		m.byNamespace[ws.namespace()] = s
	}
	old, existed := s.entries[key]
	m.subscriptions.upserted(ResourceWorkspaces, existed)
	e := &workspaceEntry{ws: ws, key: key}
	changed := m.renderWorkspace(e, old, obj)
	s.entries[key] = e
	if !changed {
		// A change nothing shows (a resync, a field no model serves):
		// the lists, their ETags and the watchers stay as they are.
		return
	}
	m.invalidateWorkspaces(ws.namespace())
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
	_, existed := m.kinds[kind.Name]
	m.subscriptions.upserted(ResourceWorkspaceKinds, existed)
	start := time.Now()
	e := &kindEntry{obj: kind}
	e.item = mustJSON(models.NewWorkspaceKindListItem(kind, m.opts))
	e.detail = m.renderEnvelope(models.NewWorkspaceKindUpdate(kind))
	m.observer.Rendered(ResourceWorkspaceKinds, time.Since(start))
	m.kinds[kind.Name] = e
	m.kindList.list.Store(nil)
	m.feed.publish(Change{Generation: m.generation, Resource: ResourceWorkspaceKinds, Type: changeType(existed),
		Name: kind.Name, Item: e.item})
	m.rerenderKind(kind.Name)
}

func (m *Model) removeKind(kind *v1beta1.WorkspaceKind) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(&m.kindRV, kind.ResourceVersion)
	m.subscriptions.removed(ResourceWorkspaceKinds)
	delete(m.kinds, kind.Name)
	m.kindList.list.Store(nil)
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
}

func (m *Model) removeNamespace(ns *corev1.Namespace) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.applied(nil, "")
	m.subscriptions.removed(ResourceNamespaces)
	delete(m.namespaces, ns.Name)
	m.namespaceList.list.Store(nil)
}

// rerenderKind renders again every Workspace of a kind that changed: their
// list items carry the kind's icons, option names and ports. Caller holds mu.
// Each Workspace is decoded here, under the lock (about 16 µs each): kinds
// change rarely, and decoding ahead would need the entries read twice.
func (m *Model) rerenderKind(kind string) {
	touched := map[string]bool{}
	var changed []*workspaceEntry
	for e := range m.ofKind(kind) {
		if m.renderWorkspace(e, e, e.ws.Workspace()) {
			touched[e.ws.namespace()] = true
			changed = append(changed, e)
		}
	}
	for ns := range touched {
		m.invalidateWorkspaces(ns)
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
// Workspace a map entry: kinds change and are deleted rarely.
func (m *Model) ofKind(kind string) iter.Seq[*workspaceEntry] {
	return func(yield func(*workspaceEntry) bool) {
		for _, s := range m.byNamespace {
			for _, e := range s.entries {
				if e.ws.kind() == kind && !yield(e) {
					return
				}
			}
		}
	}
}

// renderWorkspace encodes a Workspace's list item and detail response from
// ws, e's Workspace decoded, and reports whether the item differs from
// prev's (the entry e replaces, or e itself when re-rendered; nil for a new
// Workspace). An unchanged item stays where it is, pending or in its
// namespace's list, and an unchanged detail keeps its Body, so its ETag.
// Caller holds mu for writing.
func (m *Model) renderWorkspace(e, prev *workspaceEntry, ws *v1beta1.Workspace) bool {
	start := time.Now()
	defer func() { m.observer.Rendered(ResourceWorkspaces, time.Since(start)) }()
	var kind *v1beta1.WorkspaceKind
	if k, ok := m.kinds[e.ws.kind()]; ok {
		kind = k.obj
	}
	item := mustJSON(models.NewWorkspaceListItem(ws, kind, m.opts))
	detail := mustJSON(envelope{models.NewWorkspaceUpdate(ws)})
	var old *Body
	if prev != nil {
		old = prev.detail.Load()
	}
	if old != nil && bytes.Equal(detail, old.Bytes()) {
		e.detail.Store(old)
	} else {
		e.detail.Store(newBody(detail, etagFor(m.boot, m.generation)))
	}
	if prev != nil && bytes.Equal(item, m.byNamespace[prev.ws.namespace()].item(prev)) {
		if e != prev {
			e.pending.Store(prev.pending.Load())
		}
		return false
	}
	e.pending.Store(&item)
	return true
}

// publishWorkspace tells watchers of the Workspace's new list item. Caller
// holds mu for writing.
func (m *Model) publishWorkspace(e *workspaceEntry, t ChangeType) {
	m.feed.publish(Change{Generation: m.generation, Resource: ResourceWorkspaces, Type: t,
		Namespace: e.ws.namespace(), Name: e.ws.name, Item: *e.pending.Load()})
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
