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
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// BenchmarkMemoryPerWorkspace measures the live heap each Workspace costs
// the process once served: the informer's copy (decoded from the JSON an
// API server sends, then transformed), the read model's rendered item,
// detail and its namespace's list, and the storage model's index. The load
// benchmark measures the same thing as RSS; this shows where it goes.
func BenchmarkMemoryPerWorkspace(b *testing.B) {
	const n, namespaces = 10000, 50
	template := memoryTemplate(b)
	decoder := serializer.NewCodecFactory(kube.Scheme).UniversalDeserializer()
	kind := &v1beta1.WorkspaceKind{}
	sampleObject(b, "jupyterlab_v1beta1_workspacekind.yaml", kind)
	for b.Loop() {
		b.StopTimer()
		var objs []any
		model := NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
		storage := NewStorage()
		model.Upsert(kind)
		base, baseObjects := liveHeap()
		b.StartTimer()

		for i := range n {
			ws := template.DeepCopy()
			ws.Namespace = fmt.Sprintf("bench-%02d", i%namespaces)
			ws.Name = fmt.Sprintf("bench-ws-%05d", i)
			ws.UID = types.UID(fmt.Sprintf("6f1c9a52-4d7e-4b1a-9c3e-%012d", i))
			ws.ResourceVersion = strconv.Itoa(1000 + i)
			raw, err := json.Marshal(ws)
			if err != nil {
				b.Fatal(err)
			}
			obj, _, err := decoder.Decode(raw, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			stored, err := informers.Transform(obj)
			if err != nil {
				b.Fatal(err)
			}
			objs = append(objs, stored)
		}
		informer, informerObjects := liveHeap()
		for _, ws := range objs {
			model.Upsert(ws)
		}
		for i := range namespaces {
			model.Workspaces(fmt.Sprintf("bench-%02d", i))
		}
		read, readObjects := liveHeap()
		for _, ws := range objs {
			storage.Upsert(ws)
		}
		stored, storedObjects := liveHeap()

		b.StopTimer()
		per := func(from, to uint64) float64 { return (float64(to) - float64(from)) / n }
		b.ReportMetric(per(base, informer), "informer-B/ws")
		b.ReportMetric(per(informer, read), "model-B/ws")
		b.ReportMetric(per(read, stored), "storage-B/ws")
		b.ReportMetric(per(base, stored), "total-B/ws")
		b.ReportMetric(per(baseObjects, informerObjects), "informer-objects/ws")
		b.ReportMetric(per(informerObjects, readObjects), "model-objects/ws")
		b.ReportMetric(per(readObjects, storedObjects), "storage-objects/ws")
		runtime.KeepAlive(objs)
		runtime.KeepAlive(model)
		runtime.KeepAlive(storage)
		b.StartTimer()
	}
}

// BenchmarkAllWorkspacesMemory measures what the list of every Workspace
// costs beyond the namespaces' lists, which the namespace routes need
// anyway: served as a Concat of them (AllWorkspaces), or as one plain List,
// which copies their bytes once more. Run it once:
//
//	go test ./pkg/cache -run '^$' -bench AllWorkspacesMemory -benchtime 1x
func BenchmarkAllWorkspacesMemory(b *testing.B) {
	const n, namespaces = 50000, 500
	template := memoryTemplate(b)
	kind := &v1beta1.WorkspaceKind{}
	sampleObject(b, "jupyterlab_v1beta1_workspacekind.yaml", kind)
	for b.Loop() {
		b.StopTimer()
		model := NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
		model.Upsert(kind)
		for i := range n {
			ws := template.DeepCopy()
			ws.Namespace = fmt.Sprintf("bench-%03d", i%namespaces)
			ws.Name = fmt.Sprintf("bench-ws-%05d", i)
			ws.UID = types.UID(fmt.Sprintf("6f1c9a52-4d7e-4b1a-9c3e-%012d", i))
			ws.ResourceVersion = strconv.Itoa(1000 + i)
			model.Upsert(ws)
		}
		for i := range namespaces {
			model.Workspaces(fmt.Sprintf("bench-%03d", i))
		}
		lists, _ := liveHeap()
		concat := model.AllWorkspaces()
		withConcat, _ := liveHeap()
		var items []item
		for _, l := range concat.Lists {
			for i, key := range l.keys {
				items = append(items, item{key: key, json: l.raw[l.spans[i].start:l.spans[i].end]})
			}
		}
		start := time.Now()
		plain := buildList(items)
		build := time.Since(start)
		items = nil
		withPlain, _ := liveHeap()

		b.ReportMetric(float64(withConcat-lists), "concat-B")
		b.ReportMetric(float64(withPlain-withConcat), "plain-B")
		b.ReportMetric(float64(concat.Size()), "body-B")
		b.ReportMetric(float64(build.Milliseconds()), "plain-build-ms")
		runtime.KeepAlive(model)
		runtime.KeepAlive(concat)
		runtime.KeepAlive(plain)
		b.StartTimer()
	}
}

// liveHeap is the heap in use, and the objects in it, once everything
// unreachable is collected. The objects are what each collection marks:
// its cost.
func liveHeap() (bytes, objects uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.HeapObjects
}

// memoryTemplate is the load benchmark's Workspace: upstream's sample with
// the status of a Running dev-mode Workspace and the metadata an API
// server adds.
func memoryTemplate(tb testing.TB) *v1beta1.Workspace {
	tb.Helper()
	ws := &v1beta1.Workspace{}
	sampleObject(tb, "jupyterlab_v1beta1_workspace.yaml", ws)
	seed, err := devdata.Seed()
	if err != nil {
		tb.Fatal(err)
	}
	for _, obj := range seed {
		running := &v1beta1.Workspace{}
		if obj.GetKind() != "Workspace" || k8sruntime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, running) != nil ||
			running.Status.State != v1beta1.WorkspaceStateRunning {
			continue
		}
		ws.Status = running.Status
		ws.Generation = 1
		ws.CreationTimestamp = metav1.NewTime(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
		return ws
	}
	tb.Fatal("no Running Workspace in the dev seed data")
	return nil
}

// sampleObject converts the first object of an upstream sample file into out.
func sampleObject(tb testing.TB, file string, out any) {
	tb.Helper()
	samples, err := devdata.Upstream()
	if err != nil {
		tb.Fatal(err)
	}
	if len(samples[file]) == 0 {
		tb.Fatalf("no upstream sample %s", file)
	}
	if err := k8sruntime.DefaultUnstructuredConverter.FromUnstructured(samples[file][0].Object, out); err != nil {
		tb.Fatalf("converting %s: %v", file, err)
	}
}
