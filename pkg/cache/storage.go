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
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Resources the storage read model holds, as Stats and Observers name them.
const (
	ResourceStorageClasses         = "storageclasses"
	ResourcePersistentVolumes      = "persistentvolumes"
	ResourcePersistentVolumeClaims = "persistentvolumeclaims"
	ResourcePods                   = "pods"
	ResourceSecrets                = "secrets"
)

// Scopes of the storage read model's cached list responses.
const (
	// ScopeStorageClasses is the list of every StorageClass.
	ScopeStorageClasses = "storageclasses"
	// ScopeNamespaceClaims are the lists of one namespace's PVCs.
	ScopeNamespaceClaims = "namespace_persistentvolumeclaims"
	// ScopeNamespaceSecrets are the lists of one namespace's Secrets.
	ScopeNamespaceSecrets = "namespace_secrets"
)

// Storage is the read model of the storage routes: every StorageClass and,
// per namespace, the PVCs (each with the Pods and Workspaces that use it and
// the PersistentVolume bound to it) and the Secrets' metadata (each with the
// Workspaces that mount it). It learns only from informer events, and
// assembles a list response on the first read after its scope changed. It
// holds no Secret value.
//
// A PVC's or Secret's item is rendered by that read, not by the event: it
// lists every Workspace that mounts it, so rendering it at each event would
// make a namespace's start-up cost grow with the square of its Workspaces
// (each one added renders every PVC they share again). An event marks the
// items it touches stale (item nil) and drops their list.
type Storage struct {
	core
	classes    map[string]*classEntry
	volumes    map[string]*corev1.PersistentVolume // shared with the informer: never modify
	namespaces map[string]*storageNamespace
	// claimsByVolume and claimsByClass name the PVCs (namespace/name) that
	// show a PersistentVolume or StorageClass, to render again when it
	// changes.
	claimsByVolume, claimsByClass map[string]map[string]bool
	classList                     lazyList
}

// storageNamespace is what one namespace holds of the storage routes.
type storageNamespace struct {
	claims  map[string]*claimEntry
	secrets map[string]*secretEntry
	// pods and workspaces are the users of PVCs and Secrets, indexed by
	// what they use. Each PVC's and Secret's Workspaces are a slice
	// sorted by name, the order its item shows them in.
	pods               map[string]*podUse
	workspaces         map[string]*workspaceUse
	podsByClaim        map[string]map[string]*podUse
	workspacesByClaim  map[string][]*workspaceUse
	workspacesBySecret map[string][]*workspaceUse

	claimList, secretList lazyList
}

// storedEntry is a StorageClass, a PVC or a Secret's metadata, and its
// rendered list item.
type storedEntry[T metav1.Object] struct {
	obj T // shared with the informer: never modify
	// item is the StorageClassListItem, PVCListItem or SecretListItem
	// JSON. A PVC's or Secret's is nil while stale: it is rendered when
	// its list is built, by the one builder of that list (core.cached's
	// build lock), under the read lock, and read by nothing else.
	item []byte
}

type (
	classEntry  = storedEntry[*storagev1.StorageClass]
	claimEntry  = storedEntry[*corev1.PersistentVolumeClaim]
	secretEntry = storedEntry[*metav1.PartialObjectMetadata]
)

// podUse is what a PVC's item shows of a Pod, and the PVCs it claims.
type podUse struct {
	info   models.PodInfo
	claims []string // sorted, each once
}

// workspaceUse is what a PVC's or Secret's item shows of a Workspace, and
// the PVCs and Secrets it mounts.
type workspaceUse struct {
	info            models.WorkspaceInfo
	claims, secrets []string // sorted, each once
}

func workspaceUseOf(ws *v1beta1.Workspace) *workspaceUse {
	use := &workspaceUse{info: models.NewWorkspaceInfo(ws)}
	volumes := ws.Spec.PodTemplate.Volumes
	if volumes.Home != nil {
		use.claims = append(use.claims, *volumes.Home)
	}
	for _, d := range volumes.Data {
		use.claims = append(use.claims, d.PVCName)
	}
	for _, sec := range volumes.Secrets {
		use.secrets = append(use.secrets, sec.SecretName)
	}
	use.claims, use.secrets = distinct(use.claims), distinct(use.secrets)
	return use
}

// NewStorage returns an empty storage read model; Register feeds it.
func NewStorage() *Storage {
	return &Storage{
		// Workspace events are not counted: the read model reports them.
		core:           newCore(storageResources...),
		classes:        map[string]*classEntry{},
		volumes:        map[string]*corev1.PersistentVolume{},
		namespaces:     map[string]*storageNamespace{},
		claimsByVolume: map[string]map[string]bool{},
		claimsByClass:  map[string]map[string]bool{},
		classList:      lazyList{scope: ScopeStorageClasses},
	}
}

// storageResources are the resources Storage reports in Stats, in order.
var storageResources = []string{
	ResourceStorageClasses, ResourcePersistentVolumes, ResourcePersistentVolumeClaims, ResourcePods, ResourceSecrets,
}

// Register subscribes the model to the storage informers and to the
// Workspaces informer. Call it before the informers start.
func (s *Storage) Register(inf *informers.Informers) error {
	return s.subscriptions.register("storage read model", s.Upsert, s.Delete,
		subscribed{ResourceStorageClasses, inf.StorageClasses},
		subscribed{ResourcePersistentVolumes, inf.PersistentVolumes},
		subscribed{ResourcePersistentVolumeClaims, inf.PersistentVolumeClaims},
		subscribed{ResourcePods, inf.Pods},
		subscribed{ResourceSecrets, inf.Secrets},
		subscribed{ResourceWorkspaces, inf.Workspaces})
}

// Upsert applies an added or updated object of a watched resource. The
// model keeps obj: the caller must never modify it afterwards.
func (s *Storage) Upsert(obj any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch o := obj.(type) {
	case *storagev1.StorageClass:
		s.applied(ResourceStorageClasses, "")
		s.upsertClass(o)
	case *corev1.PersistentVolume:
		s.applied(ResourcePersistentVolumes, "")
		s.upsertVolume(o)
	case *corev1.PersistentVolumeClaim:
		s.applied(ResourcePersistentVolumeClaims, o.ResourceVersion)
		s.upsertClaim(o)
	case *corev1.Pod:
		s.applied(ResourcePods, "")
		s.upsertPod(o)
	case *metav1.PartialObjectMetadata:
		s.applied(ResourceSecrets, o.ResourceVersion)
		s.upsertSecret(o)
	case *v1beta1.Workspace:
		s.applied(ResourceWorkspaces, "")
		s.upsertWorkspace(o.Namespace, o.Name, workspaceUseOf(o))
	}
}

// Delete applies a deleted object, also when the informer only knows its
// last state.
func (s *Storage) Delete(obj any) {
	if tomb, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch o := obj.(type) {
	case *storagev1.StorageClass:
		s.applied(ResourceStorageClasses, "")
		s.removeClass(o)
	case *corev1.PersistentVolume:
		s.applied(ResourcePersistentVolumes, "")
		s.removeVolume(o)
	case *corev1.PersistentVolumeClaim:
		s.applied(ResourcePersistentVolumeClaims, o.ResourceVersion)
		s.removeClaim(o)
	case *corev1.Pod:
		s.applied(ResourcePods, "")
		s.removePod(o)
	case *metav1.PartialObjectMetadata:
		s.applied(ResourceSecrets, o.ResourceVersion)
		s.removeSecret(o)
	case *v1beta1.Workspace:
		s.applied(ResourceWorkspaces, "")
		s.removeWorkspace(o.Namespace, o.Name)
	}
}

// StorageClasses is the StorageClasses list response.
func (s *Storage) StorageClasses() *List {
	return s.cached(&s.classList, func() []item { return entryItems(s.classes, nil) })
}

// StorageClass returns the cached StorageClass, which the caller must not
// modify.
func (s *Storage) StorageClass(name string) (*storagev1.StorageClass, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.classes[name]
	if !ok {
		return nil, false
	}
	return e.obj, true
}

// PersistentVolumeClaims is the PVCs list response of one namespace.
func (s *Storage) PersistentVolumeClaims(namespace string) *List {
	return namespaceList(s, namespace, func(n *storageNamespace) (map[string]*claimEntry, *lazyList, func(*claimEntry)) {
		return n.claims, &n.claimList, func(e *claimEntry) { s.renderClaim(n, e) }
	})
}

// Secrets is the Secrets list response of one namespace.
func (s *Storage) Secrets(namespace string) *List {
	return namespaceList(s, namespace, func(n *storageNamespace) (map[string]*secretEntry, *lazyList, func(*secretEntry)) {
		return n.secrets, &n.secretList, func(e *secretEntry) { s.renderSecret(n, e) }
	})
}

// namespaceList is the list response of one namespace's PVCs or Secrets:
// of picks the entries, their list, and how to render a stale one.
func namespaceList[T metav1.Object](s *Storage, namespace string, of func(*storageNamespace) (map[string]*storedEntry[T], *lazyList, func(*storedEntry[T]))) *List {
	s.mu.RLock()
	var entries map[string]*storedEntry[T]
	var list *lazyList
	var render func(*storedEntry[T])
	if n := s.namespaces[namespace]; n != nil {
		entries, list, render = of(n)
	}
	empty := len(entries) == 0
	s.mu.RUnlock()
	if empty {
		return emptyList
	}
	return s.cached(list, func() []item { return entryItems(entries, render) })
}

// entryItems are the items of entries, keyed by name, in no order; render
// renders the stale ones first (nil: none is ever stale).
func entryItems[T metav1.Object](entries map[string]*storedEntry[T], render func(*storedEntry[T])) []item {
	items := make([]item, 0, len(entries))
	for name, e := range entries {
		if e.item == nil {
			render(e)
		}
		items = append(items, item{key: name, json: e.item})
	}
	return items
}

// --- event handling: every method below runs on an informer goroutine,
// with mu held for writing ---

func (s *Storage) namespace(name string) *storageNamespace {
	n := s.namespaces[name]
	if n == nil {
		n = &storageNamespace{
			claims:             map[string]*claimEntry{},
			secrets:            map[string]*secretEntry{},
			pods:               map[string]*podUse{},
			workspaces:         map[string]*workspaceUse{},
			podsByClaim:        map[string]map[string]*podUse{},
			workspacesByClaim:  map[string][]*workspaceUse{},
			workspacesBySecret: map[string][]*workspaceUse{},
			claimList:          lazyList{scope: ScopeNamespaceClaims},
			secretList:         lazyList{scope: ScopeNamespaceSecrets},
		}
		s.namespaces[name] = n
	}
	return n
}

// forget drops a namespace that holds nothing any more.
func (s *Storage) forget(name string) {
	n := s.namespaces[name]
	if n != nil && len(n.claims)+len(n.secrets)+len(n.pods)+len(n.workspaces) == 0 {
		delete(s.namespaces, name)
	}
}

func (s *Storage) upsertClass(sc *storagev1.StorageClass) {
	old, existed := s.classes[sc.Name]
	s.subscriptions.upserted(ResourceStorageClasses, existed)
	start := time.Now()
	e := &classEntry{obj: sc, item: mustJSON(models.NewStorageClassListItem(sc))}
	s.observer.Rendered(ResourceStorageClasses, time.Since(start))
	s.classes[sc.Name] = e
	// A change to what is not shown (its provisioner's parameters, say, or
	// a resync) keeps the list and its ETag. What a PVC shows of its class
	// is a part of the class's item (models.NewPVCListItem takes it from
	// models.NewStorageClassListItem), so its PVCs keep theirs too, and
	// are not marked stale.
	if existed && bytes.Equal(old.item, e.item) {
		return
	}
	s.classList.drop()
	s.staleClaims(s.claimsByClass[sc.Name])
}

func (s *Storage) removeClass(sc *storagev1.StorageClass) {
	s.subscriptions.removed(ResourceStorageClasses)
	delete(s.classes, sc.Name)
	s.classList.drop()
	s.staleClaims(s.claimsByClass[sc.Name])
}

func (s *Storage) upsertVolume(pv *corev1.PersistentVolume) {
	old, existed := s.volumes[pv.Name]
	s.subscriptions.upserted(ResourcePersistentVolumes, existed)
	s.volumes[pv.Name] = pv
	claims := s.claimsByVolume[pv.Name]
	// Resyncs and most volume updates (its phase, its claimRef, its
	// capacity) change nothing its PVCs show of it: mark them stale only
	// when models.NewPVInfo, all they show, changed.
	if len(claims) == 0 || existed && bytes.Equal(mustJSON(models.NewPVInfo(old)), mustJSON(models.NewPVInfo(pv))) {
		return
	}
	s.staleClaims(claims)
}

func (s *Storage) removeVolume(pv *corev1.PersistentVolume) {
	s.subscriptions.removed(ResourcePersistentVolumes)
	delete(s.volumes, pv.Name)
	s.staleClaims(s.claimsByVolume[pv.Name])
}

func (s *Storage) upsertClaim(pvc *corev1.PersistentVolumeClaim) {
	n := s.namespace(pvc.Namespace)
	key := pvc.Namespace + "/" + pvc.Name
	old, existed := n.claims[pvc.Name]
	s.subscriptions.upserted(ResourcePersistentVolumeClaims, existed)
	if existed {
		unindex(s.claimsByVolume, old.obj.Spec.VolumeName, key)
		unindex(s.claimsByClass, deref(old.obj.Spec.StorageClassName), key)
	}
	n.claims[pvc.Name] = &claimEntry{obj: pvc}
	if pvc.Spec.VolumeName != "" {
		index(s.claimsByVolume, pvc.Spec.VolumeName, key, true)
	}
	if class := deref(pvc.Spec.StorageClassName); class != "" {
		index(s.claimsByClass, class, key, true)
	}
	n.claimList.drop()
}

func (s *Storage) removeClaim(pvc *corev1.PersistentVolumeClaim) {
	s.subscriptions.removed(ResourcePersistentVolumeClaims)
	n := s.namespaces[pvc.Namespace]
	if n == nil {
		return
	}
	old, ok := n.claims[pvc.Name]
	if !ok {
		return
	}
	key := pvc.Namespace + "/" + pvc.Name
	unindex(s.claimsByVolume, old.obj.Spec.VolumeName, key)
	unindex(s.claimsByClass, deref(old.obj.Spec.StorageClassName), key)
	delete(n.claims, pvc.Name)
	n.claimList.drop()
	s.forget(pvc.Namespace)
}

func (s *Storage) upsertSecret(secret *metav1.PartialObjectMetadata) {
	n := s.namespace(secret.Namespace)
	_, existed := n.secrets[secret.Name]
	s.subscriptions.upserted(ResourceSecrets, existed)
	n.secrets[secret.Name] = &secretEntry{obj: secret}
	n.secretList.drop()
}

func (s *Storage) removeSecret(secret *metav1.PartialObjectMetadata) {
	s.subscriptions.removed(ResourceSecrets)
	n := s.namespaces[secret.Namespace]
	if n == nil {
		return
	}
	if _, ok := n.secrets[secret.Name]; !ok {
		return
	}
	delete(n.secrets, secret.Name)
	n.secretList.drop()
	s.forget(secret.Namespace)
}

func (s *Storage) upsertPod(pod *corev1.Pod) {
	n := s.namespace(pod.Namespace)
	old, existed := n.pods[pod.Name]
	s.subscriptions.upserted(ResourcePods, existed)
	use := &podUse{info: models.NewPodInfo(pod)}
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			use.claims = append(use.claims, v.PersistentVolumeClaim.ClaimName)
		}
	}
	use.claims = distinct(use.claims)
	// Most Pod updates (conditions, container statuses) change nothing a
	// PVC shows: the transform kept only what does.
	if existed && samePodUse(old, use) {
		return
	}
	var touched []string
	if existed {
		for _, c := range old.claims {
			unindex(n.podsByClaim, c, pod.Name)
		}
		touched = old.claims
		delete(n.pods, pod.Name)
	}
	// Only the Pods that claim a PVC are kept: most claim none.
	if len(use.claims) > 0 {
		n.pods[pod.Name] = use
		for _, c := range use.claims {
			index(n.podsByClaim, c, pod.Name, use)
		}
	}
	s.staleNamespaceClaims(n, union(touched, use.claims))
	s.forget(pod.Namespace)
}

func (s *Storage) removePod(pod *corev1.Pod) {
	s.subscriptions.removed(ResourcePods)
	n := s.namespaces[pod.Namespace]
	if n == nil {
		return
	}
	old, ok := n.pods[pod.Name]
	if !ok {
		return
	}
	delete(n.pods, pod.Name)
	for _, c := range old.claims {
		unindex(n.podsByClaim, c, pod.Name)
	}
	s.staleNamespaceClaims(n, old.claims)
	s.forget(pod.Namespace)
}

func (s *Storage) upsertWorkspace(namespace, name string, ws *workspaceUse) {
	n := s.namespace(namespace)
	old, existed := n.workspaces[name]
	// Activity and status writes that change nothing shown here are
	// frequent: nothing is rendered for them.
	if existed && sameWorkspaceUse(old, ws) {
		return
	}
	var claims, secrets []string
	if existed {
		s.unindexWorkspace(n, old)
		claims, secrets = old.claims, old.secrets
		delete(n.workspaces, name)
	}
	// Only the Workspaces that mount a PVC or Secret are kept.
	if len(ws.claims)+len(ws.secrets) > 0 {
		indexWorkspace(n, ws)
	}
	s.staleNamespaceClaims(n, union(claims, ws.claims))
	s.staleNamespaceSecrets(n, union(secrets, ws.secrets))
	s.forget(namespace)
}

func (s *Storage) removeWorkspace(namespace, name string) {
	n := s.namespaces[namespace]
	if n == nil {
		return
	}
	old, ok := n.workspaces[name]
	if !ok {
		return
	}
	delete(n.workspaces, name)
	s.unindexWorkspace(n, old)
	s.staleNamespaceClaims(n, old.claims)
	s.staleNamespaceSecrets(n, old.secrets)
	s.forget(namespace)
}

// indexWorkspace files ws under its name and each PVC and Secret it uses.
func indexWorkspace(n *storageNamespace, ws *workspaceUse) {
	n.workspaces[ws.info.Name] = ws
	for _, c := range ws.claims {
		indexSorted(n.workspacesByClaim, c, ws)
	}
	for _, sec := range ws.secrets {
		indexSorted(n.workspacesBySecret, sec, ws)
	}
}

func (s *Storage) unindexWorkspace(n *storageNamespace, ws *workspaceUse) {
	for _, c := range ws.claims {
		unindexSorted(n.workspacesByClaim, c, ws.info.Name)
	}
	for _, sec := range ws.secrets {
		unindexSorted(n.workspacesBySecret, sec, ws.info.Name)
	}
}

// indexSorted puts ws in idx's group, in name order, in place of the
// Workspace of its name if there is one.
func indexSorted(idx map[string][]*workspaceUse, group string, ws *workspaceUse) {
	list := idx[group]
	i, found := slices.BinarySearchFunc(list, ws.info.Name, byName)
	if found {
		list[i] = ws
		return
	}
	idx[group] = slices.Insert(list, i, ws)
}

// unindexSorted removes the Workspace named name from idx's group, and the
// group once empty.
func unindexSorted(idx map[string][]*workspaceUse, group, name string) {
	list := idx[group]
	i, found := slices.BinarySearchFunc(list, name, byName)
	if !found {
		return
	}
	if len(list) == 1 {
		delete(idx, group)
		return
	}
	idx[group] = slices.Delete(list, i, i+1)
}

// byName orders Workspaces as slices.Sorted orders their names.
func byName(ws *workspaceUse, name string) int { return strings.Compare(ws.info.Name, name) }

func samePodUse(a, b *podUse) bool {
	return a.info.Name == b.info.Name && a.info.Phase == b.info.Phase && sameNode(a.info.Node, b.info.Node) &&
		slices.Equal(a.claims, b.claims)
}

// sameWorkspaceUse reports whether a PVC or Secret shows a and b, two
// versions of one Workspace, alike, and they use the same ones.
func sameWorkspaceUse(a, b *workspaceUse) bool {
	return reflect.DeepEqual(a, b)
}

func sameNode(a, b *models.PodNode) bool {
	return a == b || a != nil && b != nil && *a == *b
}

// staleClaims marks the PVCs of keys (namespace/name) stale.
func (s *Storage) staleClaims(keys map[string]bool) {
	for key := range keys {
		ns, name, _ := strings.Cut(key, "/")
		if n := s.namespaces[ns]; n != nil {
			s.staleNamespaceClaims(n, []string{name})
		}
	}
}

// staleNamespaceClaims marks the named PVCs of a namespace that exist
// stale, and drops the namespace's list. The list built next keeps its
// ETag when no item's bytes changed.
func (s *Storage) staleNamespaceClaims(n *storageNamespace, names []string) {
	markStale(n.claims, &n.claimList, names)
}

// staleNamespaceSecrets is staleNamespaceClaims for Secrets.
func (s *Storage) staleNamespaceSecrets(n *storageNamespace, names []string) {
	markStale(n.secrets, &n.secretList, names)
}

func markStale[T metav1.Object](entries map[string]*storedEntry[T], list *lazyList, names []string) {
	for _, name := range names {
		if e := entries[name]; e != nil {
			e.item = nil
			list.drop()
		}
	}
}

// renderClaim encodes a PVC's list item from what the model holds now.
func (s *Storage) renderClaim(n *storageNamespace, e *claimEntry) {
	start := time.Now()
	var users models.PVCUsers
	pods := n.podsByClaim[e.obj.Name]
	for _, name := range slices.Sorted(maps.Keys(pods)) {
		users.Pods = append(users.Pods, pods[name].info)
	}
	users.Workspaces = workspaceInfos(n.workspacesByClaim[e.obj.Name])
	var pv *corev1.PersistentVolume
	if e.obj.Spec.VolumeName != "" {
		pv = s.volumes[e.obj.Spec.VolumeName]
	}
	var sc *storagev1.StorageClass
	if c := s.classes[deref(e.obj.Spec.StorageClassName)]; c != nil {
		sc = c.obj
	}
	e.item = mustJSON(models.NewPVCListItem(e.obj, users, pv, sc))
	s.observer.Rendered(ResourcePersistentVolumeClaims, time.Since(start))
}

// renderSecret encodes a Secret's list item from what the model holds now.
func (s *Storage) renderSecret(n *storageNamespace, e *secretEntry) {
	start := time.Now()
	workspaces := n.workspacesBySecret[e.obj.Name]
	names := make([]string, 0, len(workspaces))
	for _, ws := range workspaces {
		names = append(names, ws.info.Name)
	}
	e.item = mustJSON(models.NewSecretListItem(e.obj, names))
	s.observer.Rendered(ResourceSecrets, time.Since(start))
}

// workspaceInfos is how a PVC's item shows workspaces, in their order; nil
// when there are none.
func workspaceInfos(workspaces []*workspaceUse) []models.WorkspaceInfo {
	if len(workspaces) == 0 {
		return nil
	}
	infos := make([]models.WorkspaceInfo, len(workspaces))
	for i, ws := range workspaces {
		infos[i] = ws.info
	}
	return infos
}

// --- read-your-writes ---

// WaitClaim blocks until the model serves the written PVC, or shows the
// deleted one gone or terminating (a PVC in use, or with the protection
// finalizer, stays until it is released, with audit.deletedAt set), or ctx
// ends. It returns ctx's error then.
func (s *Storage) WaitClaim(ctx context.Context, w Written) error {
	return s.waitSeen(ctx, ResourcePersistentVolumeClaims, w, func() (metav1.Object, bool) {
		return findStored(w, s.namespaces[w.Namespace], func(n *storageNamespace) map[string]*claimEntry { return n.claims })
	})
}

// WaitSecret is WaitClaim for a Secret.
func (s *Storage) WaitSecret(ctx context.Context, w Written) error {
	return s.waitSeen(ctx, ResourceSecrets, w, func() (metav1.Object, bool) {
		return findStored(w, s.namespaces[w.Namespace], func(n *storageNamespace) map[string]*secretEntry { return n.secrets })
	})
}

// findStored is the PVC or Secret (which of picks) a write names, and
// whether n holds it; a deleted one that is terminating counts as gone.
func findStored[T metav1.Object](w Written, n *storageNamespace, of func(*storageNamespace) map[string]*storedEntry[T]) (metav1.Object, bool) {
	if n == nil {
		return nil, false
	}
	e, ok := of(n)[w.Name]
	if !ok || w.Deleted && e.obj.GetUID() == w.UID && e.obj.GetDeletionTimestamp() != nil {
		return nil, false
	}
	return e.obj, true
}

// --- stats ---

// Stats returns what the model holds, per resource and per list scope, as
// Model.Stats does.
func (s *Storage) Stats() ([]ResourceStats, []ListStats) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	objects := map[string]int{ResourceStorageClasses: len(s.classes), ResourcePersistentVolumes: len(s.volumes)}
	lists := []ListStats{{Scope: ScopeStorageClasses}, {Scope: ScopeNamespaceClaims}, {Scope: ScopeNamespaceSecrets}}
	lists[0].add(&s.classList)
	for _, n := range s.namespaces {
		objects[ResourcePersistentVolumeClaims] += len(n.claims)
		objects[ResourcePods] += len(n.pods)
		objects[ResourceSecrets] += len(n.secrets)
		lists[1].add(&n.claimList)
		lists[2].add(&n.secretList)
	}
	return s.subscriptions.stats(objects), lists
}

// --- small helpers ---

// distinct sorts names and drops repeats: a Pod or Workspace that uses a
// PVC twice is shown once.
func distinct(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}

// union is the names in a or b, each once: a user's PVCs before and after
// an event mostly overlap.
func union(a, b []string) []string {
	return distinct(slices.Concat(a, b))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
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
