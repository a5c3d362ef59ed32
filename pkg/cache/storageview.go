package cache

import (
	"encoding/binary"
	"sync"
	"weak"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// storageView is what the storage read model shows of a Workspace besides
// its name, state and Pod's name, and the PVCs and Secrets it references.
// Workspaces made from one template show the same: one interned view
// serves them all, where a copy each would cost about 0.2 KiB per
// Workspace. A storageView never changes once made.
type storageView struct {
	stateMessage string
	// node is the node of the Workspace's Pod; empty without a Pod, as
	// models.NewWorkspaceInfo shows none then.
	node string
	// claims and secrets are the PVC and Secret names the Workspace
	// references, sorted, each once: a Workspace that uses one twice
	// is shown once.
	claims, secrets []string
	// refs holds the claims and secrets of an interned view when they
	// fit: most Workspaces reference a home PVC, a data PVC or two and a
	// Secret, and their view is then one object, not two.
	refs [4]string
}

// storageViewOf is the interned view of ws.
func storageViewOf(ws *v1beta1.Workspace) *storageView {
	v := storageView{stateMessage: ws.Status.StateMessage}
	if pod := ws.Status.PodTemplatePod; pod.Name != "" {
		v.node = pod.NodeName
	}
	volumes := ws.Spec.PodTemplate.Volumes
	if volumes.Home != nil {
		v.claims = append(v.claims, *volumes.Home)
	}
	for _, d := range volumes.Data {
		v.claims = append(v.claims, d.PVCName)
	}
	for _, s := range volumes.Secrets {
		v.secrets = append(v.secrets, s.SecretName)
	}
	v.claims, v.secrets = distinct(v.claims), distinct(v.secrets)
	return storageViews.intern(viewKey(&v), func(key string) *storageView { return canonicalView(&v, key) })
}

// The functions below are not methods of storageView: a packedWorkspace
// embeds it, and would have them as its own.

// viewStrings points at each string of v.
func viewStrings(v *storageView) []*string {
	strs := make([]*string, 0, 2+len(v.claims)+len(v.secrets))
	strs = append(strs, &v.stateMessage, &v.node)
	for i := range v.claims {
		strs = append(strs, &v.claims[i])
	}
	for i := range v.secrets {
		strs = append(strs, &v.secrets[i])
	}
	return strs
}

// viewKey encodes v unambiguously: the number of claims, then each string
// prefixed by its length.
func viewKey(v *storageView) string {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(v.claims)))
	for _, s := range viewStrings(v) {
		b = binary.AppendUvarint(b, uint64(len(*s)))
		b = append(b, *s...)
	}
	return string(b)
}

// canonicalView is the copy of v to keep, given its key: its PVCs and
// Secrets in one array, and its strings pointing into key, which the
// interner keeps anyway, so that the view holds no bytes of its own.
func canonicalView(v *storageView, key string) *storageView {
	c := &storageView{stateMessage: v.stateMessage, node: v.node}
	n := len(v.claims) + len(v.secrets)
	refs := c.refs[:]
	if n > len(refs) {
		refs = make([]string, n)
	}
	refs = refs[:n:n]
	copy(refs, v.claims)
	copy(refs[len(v.claims):], v.secrets)
	c.claims, c.secrets = refs[:len(v.claims):len(v.claims)], refs[len(v.claims):]
	off := uvarintLen(len(c.claims))
	for _, s := range viewStrings(c) {
		off += uvarintLen(len(*s))
		*s, off = key[off:off+len(*s)], off+len(*s)
	}
	return c
}

// uvarintLen is how many bytes binary.AppendUvarint takes for n.
func uvarintLen(n int) int {
	var buf [binary.MaxVarintLen64]byte
	return binary.PutUvarint(buf[:], uint64(n))
}

// info is how a PVC's item shows p among its users, from what p keeps in
// the clear.
func (p *packedWorkspace) info() models.WorkspaceInfo {
	return models.WorkspaceInfoOf(p.name, v1beta1.WorkspaceState(p.counted.Value().state), p.stateMessage, p.podName, p.node)
}

// storageViews interns the views of every packed Workspace.
var storageViews = weakInterner[storageView]{m: map[string]weak.Pointer[storageView]{}}

// weakInterner hands out one copy of each distinct value, by key, for as
// long as something else holds it: unlike the unique package, it takes
// values that are not comparable (slices). Entries whose value was
// collected are swept once the map has doubled since the last sweep, so
// values that come and go do not pile up. (A cleanup per value, from
// runtime.AddCleanup, would drop each sooner, but costs two more objects
// per value, and where each Workspace has its own home PVC, each has its
// own view.)
type weakInterner[T any] struct {
	mu sync.Mutex
	m  map[string]weak.Pointer[T]
	// live is how many values the last sweep left.
	live int
}

// minSweep is how many entries the map holds before any sweep: sweeping
// a few is not worth it.
const minSweep = 64

// intern returns the value of key, making it with canonical(key) if there
// is none (or none any more).
func (in *weakInterner[T]) intern(key string, canonical func(key string) *T) *T {
	in.mu.Lock()
	defer in.mu.Unlock()
	if v := in.m[key].Value(); v != nil {
		return v
	}
	if len(in.m) >= 2*in.live+minSweep {
		in.sweep()
	}
	// The map keeps key: the value may point into it.
	v := canonical(key)
	in.m[key] = weak.Make(v)
	return v
}

// sweep drops the entries whose value was collected. intern sweeps once
// the map holds twice what the last sweep left: at least half the entries
// a sweep visits were added since the last, so sweeping costs O(1) per
// value interned.
func (in *weakInterner[T]) sweep() {
	for key, w := range in.m {
		if w.Value() == nil {
			delete(in.m, key)
		}
	}
	in.live = len(in.m)
}

// len is the number of values held.
func (in *weakInterner[T]) len() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.m)
}
