package cache

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unique"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/offheap"
)

// packedWorkspace is a Workspace as the informer stores it. A decoded
// Workspace takes about 1.4 KiB of heap, mostly small strings and pointers,
// and the BFF serves its rendered JSON, not the object: the object is read
// whole only to render it again (its event, a change of its kind) and for
// the routes that render per request. So the informer keeps its JSON
// deflated against a typical Workspace's JSON (about 0.25 KiB instead of
// 1.4), and in the clear only what keys, indexes, counts, write waits and
// the storage read model read.
//
// A packedWorkspace never changes once made, except that its namespace's
// list build moves its packed bytes (unchanged) into the list's memory,
// outside the heap (see buildList).
type packedWorkspace struct {
	name, resourceVersion string
	uid                   types.UID
	// counted holds the namespace, kind, state, options and paused flag:
	// interned, since most Workspaces share them with many others.
	counted unique.Handle[combination]
	// podName and the view are what the storage read model shows of the
	// Workspace besides the above: it reads them on every event of the
	// Workspace, and holds the Workspace as long as it references a PVC
	// or Secret, so neither decodes it nor keeps a copy.
	podName string
	*storageView
	packed atomic.Pointer[packedBytes]
}

// packedBytes is a packed Workspace's JSON, and what holds it when it is
// outside the heap: keep the packedBytes reachable while reading b.
type packedBytes struct {
	b     []byte
	owner *offheap.Buffer
}

func (p *packedWorkspace) data() *packedBytes { return p.packed.Load() }

// pack makes the stored form of ws.
func pack(ws *v1beta1.Workspace) *packedWorkspace {
	p := &packedWorkspace{
		name:            ws.Name,
		resourceVersion: ws.ResourceVersion,
		uid:             ws.UID,
		counted:         unique.Make(combinationOf(ws)),
		podName:         ws.Status.PodTemplatePod.Name,
		storageView:     storageViewOf(ws),
	}
	uid := string(p.uid)
	share(&p.name, &p.resourceVersion, &uid, &p.podName)
	p.uid = types.UID(uid)
	var buf bytes.Buffer
	packer.Lock()
	defer packer.Unlock()
	if packer.zw == nil {
		// Only an invalid level fails.
		packer.zw, _ = flate.NewWriterDict(nil, flate.DefaultCompression, packDictionary)
	}
	packer.zw.Reset(&buf)
	// A Workspace always encodes, and writes to a bytes.Buffer never fail.
	if err := json.NewEncoder(packer.zw).Encode(ws); err != nil {
		panic(fmt.Sprintf("packing Workspace %s/%s: %v", ws.Namespace, ws.Name, err))
	}
	_ = packer.zw.Close()
	p.packed.Store(&packedBytes{b: bytes.Clone(buf.Bytes())})
	return p
}

// Workspace decodes the whole Workspace: a new object, the caller's own.
func (p *packedWorkspace) Workspace() *v1beta1.Workspace {
	zr := unpackers.Get().(io.ReadCloser)
	defer unpackers.Put(zr)
	// The dictionary is the one pack used; Reset never fails for a
	// flate reader.
	packed := p.data()
	defer goruntime.KeepAlive(packed) // see packedBytes
	_ = zr.(flate.Resetter).Reset(bytes.NewReader(packed.b), packDictionary)
	ws := &v1beta1.Workspace{}
	if err := json.NewDecoder(zr).Decode(ws); err != nil {
		// Only pack wrote these bytes: a failure is a bug in this file.
		panic(fmt.Sprintf("unpacking Workspace %s/%s: %v", p.namespace(), p.name, err))
	}
	return ws
}

// share points each string at a part of one new string holding them all:
// a collection then marks one object instead of one per string.
func share(strs ...*string) {
	n := 0
	for _, s := range strs {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range strs {
		b.WriteString(*s)
	}
	all := b.String()
	for _, s := range strs {
		*s, all = all[:len(*s)], all[len(*s):]
	}
}

func (p *packedWorkspace) namespace() string { return p.counted.Value().namespace }
func (p *packedWorkspace) kind() string      { return p.counted.Value().kind }

// GetObjectMeta lets the informer's key and index functions read the name
// and namespace (meta.Accessor accepts a metav1.ObjectMetaAccessor).
func (p *packedWorkspace) GetObjectMeta() metav1.Object {
	return &metav1.ObjectMeta{Name: p.name, Namespace: p.namespace(), UID: p.uid, ResourceVersion: p.resourceVersion}
}

// GetObjectKind and DeepCopyObject make it a runtime.Object, as informer
// stores expect. Being immutable, it is its own deep copy.
func (p *packedWorkspace) GetObjectKind() schema.ObjectKind { return schema.EmptyObjectKind }
func (p *packedWorkspace) DeepCopyObject() runtime.Object   { return p }

// packWorkspace is the Workspaces informer's transform: it stores
// Workspaces stripped (see stripUnserved) and packed. It leaves anything
// else, including an already packed Workspace, as it is.
func packWorkspace(obj any) (any, error) {
	if ws, ok := obj.(*v1beta1.Workspace); ok {
		_, _ = stripUnserved(ws)
		return pack(ws), nil
	}
	return obj, nil
}

// packDictionary is the JSON of a typical Workspace: every field name in
// encoding order and the values most Workspaces share. Deflating against
// it leaves mostly what is particular to each Workspace.
var packDictionary = func() []byte {
	home := "workspace-home"
	name := "Workspace"
	b, err := json.Marshal(&v1beta1.Workspace{
		TypeMeta: metav1.TypeMeta{Kind: "Workspace", APIVersion: v1beta1.GroupVersion.String()},
		ObjectMeta: metav1.ObjectMeta{
			Name: "workspace", Namespace: "kubeflow-user", UID: "00000000-0000-0000-0000-000000000000",
			ResourceVersion: "1", Generation: 1, CreationTimestamp: metav1.Unix(0, 0).Rfc3339Copy(),
			Labels: map[string]string{}, Annotations: map[string]string{},
			Finalizers: []string{"notebooks.kubeflow.org/workspace-protection"},
		},
		Spec: v1beta1.WorkspaceSpec{
			DisplayName: &name,
			Kind:        "jupyterlab",
			PodTemplate: v1beta1.WorkspacePodTemplate{
				PodMetadata: &v1beta1.WorkspacePodMetadata{},
				Volumes: v1beta1.WorkspacePodVolumes{
					Home:    &home,
					Data:    []v1beta1.PodVolumeMount{{PVCName: "workspace-data", MountPath: "/data/"}},
					Secrets: []v1beta1.PodSecretMount{{SecretName: "workspace-secret", MountPath: "/secrets/", DefaultMode: 420}},
				},
				Options: v1beta1.WorkspacePodOptions{ImageConfig: "jupyterlab_scipy", PodConfig: "tiny_cpu"},
			},
		},
		Status: v1beta1.WorkspaceStatus{
			Activity: v1beta1.WorkspaceActivity{LastProbe: &v1beta1.ActivityProbeStatus{Result: v1beta1.ProbeResultSuccess}},
			PodTemplateOptions: v1beta1.WorkspacePodOptionsStatus{
				ImageConfig: v1beta1.WorkspacePodOptionInfo{Desired: "jupyterlab_scipy"},
				PodConfig:   v1beta1.WorkspacePodOptionInfo{Desired: "tiny_cpu"},
			},
			PodTemplatePod: v1beta1.WorkspacePodStatus{Name: "ws-workspace-0", NodeName: "node", ServiceAccountName: "default-editor",
				Containers: []v1beta1.WorkspacePodContainer{{Name: "main"}}},
			State:        v1beta1.WorkspaceStateRunning,
			StateMessage: "Workspace is running",
		},
	})
	if err != nil {
		panic(err)
	}
	return b
}()

var (
	// packer is the one compressor pack uses. Packing happens on the
	// Workspaces informer's goroutine, one object at a time, and a
	// compressor takes about 770 KiB: a pool, emptied by every other
	// collection, would allocate that again and again.
	packer struct {
		sync.Mutex
		zw *flate.Writer
	}
	unpackers = sync.Pool{New: func() any {
		return flate.NewReaderDict(bytes.NewReader(nil), packDictionary)
	}}
)
