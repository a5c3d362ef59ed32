package cache_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/devdata"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return s.HeapAlloc
}

func TestMemProbe(t *testing.T) {
	up, _ := devdata.Upstream()
	kind := &v1beta1.WorkspaceKind{}
	kruntime.DefaultUnstructuredConverter.FromUnstructured(up["jupyterlab_v1beta1_workspacekind.yaml"][0].Object, kind)
	tmpl := &v1beta1.Workspace{}
	kruntime.DefaultUnstructuredConverter.FromUnstructured(up["jupyterlab_v1beta1_workspace.yaml"][0].Object, tmpl)
	tmpl.Spec.Kind = kind.Name
	tmpl.Status.State = "Running"
	tmpl.UID = "0e4a8e7c-5d5b-4c59-9b0e-1d2f3a4b5c6d"
	tmpl.ResourceVersion = "123456"
	tmpl.CreationTimestamp = metav1.Now()
	raw, _ := json.Marshal(tmpl)
	t.Logf("workspace JSON %d bytes", len(raw))
	const n = 10000
	base := heap()
	objs := make([]*v1beta1.Workspace, n)
	for i := range n {
		ws := &v1beta1.Workspace{}
		json.Unmarshal(raw, ws)
		ws.Namespace = fmt.Sprintf("ns-%03d", i%50)
		ws.Name = fmt.Sprintf("ws-%05d", i)
		objs[i] = ws
	}
	h1 := heap()
	t.Logf("objects: %.0f B/ws", float64(h1-base)/n)
	m := cache.NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
	for i := range 50 {
		m.Upsert(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("ns-%03d", i)}})
	}
	m.Upsert(kind)
	for _, o := range objs {
		m.Upsert(o)
	}
	h2 := heap()
	t.Logf("model entries: %.0f B/ws", float64(h2-h1)/n)
	c := m.AllWorkspaces()
	h3 := heap()
	t.Logf("ns lists: %.0f B/ws (size %d B/ws)", float64(h3-h2)/n, c.Size()/n)
	c.Gzip()
	h4 := heap()
	t.Logf("gzip: %.0f B/ws", float64(h4-h3)/n)
	b, _ := m.Workspace("ns-000", "ws-00000")
	t.Logf("detail %d bytes", len(b.Bytes()))
	runtime.KeepAlive(objs)
	runtime.KeepAlive(m)
}
