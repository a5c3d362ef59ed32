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

package httpapi_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// Every GET answered from the read model: an event that leaves a route's
// bytes as they were leaves its ETag as it was (a poll gets its 304), and
// one that changes them changes it (docs/design.md). Each row's "same"
// event is applied before the first answer too, so that events of earlier
// tests are applied before the route is read.
func TestETagsChangeExactlyWithTheBytes(t *testing.T) {
	base := bff(t) + "/api/v1"
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kindName := "etag-" + ns
	class := "etag-" + ns
	kube := env.Clients.Kube

	if _, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, kindName), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kindName, metav1.DeleteOptions{})
	})
	if _, err := env.Clients.Workspaces(ns).Create(ctx, newWorkspace(ns, "ws", kindName), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	createStorageClass(t, class, true, nil)
	if _, err := kube.CoreV1().PersistentVolumeClaims(ns).Create(ctx, newClaim(ns, "pvc", class), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "secret"}}
	if _, err := kube.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	// Each event is a patch or status write; the unseen ones wait until
	// the read model has applied them (for Namespaces and StorageClasses,
	// which no write waits on, until it holds their new version).
	label := func(value string) []byte {
		return []byte(`{"metadata":{"labels":{"etag-test":"` + value + `"}}}`)
	}
	// applied waits until the read model applies the write that
	// returned obj.
	applied := func(t *testing.T, wait func(context.Context, cache.Written) error) func(metav1.Object, error) {
		return func(obj metav1.Object, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			w := cache.Written{Namespace: obj.GetNamespace(), Name: obj.GetName(), UID: obj.GetUID(), ResourceVersion: obj.GetResourceVersion()}
			if err := wait(ctx, w); err != nil {
				t.Fatalf("the read model did not apply the event: %v", err)
			}
		}
	}
	n := 0
	next := func() string { n++; return "v" + strconv.Itoa(n) }
	workspaceLabel := func(t *testing.T) {
		applied(t, bffModel.WaitWorkspace)(env.Clients.Workspaces(ns).Patch(ctx, "ws", types.MergePatchType, label(next()), metav1.PatchOptions{}))
	}
	kindLabel := func(t *testing.T) {
		applied(t, bffModel.WaitWorkspaceKind)(env.Clients.WorkspaceKinds().Patch(ctx, kindName, types.MergePatchType, label(next()), metav1.PatchOptions{}))
	}
	kindCount := func(t *testing.T) {
		kind, err := env.Clients.WorkspaceKinds().Get(ctx, kindName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		kind.Status.Workspaces++
		if kind.Status.PodTemplateOptions.ImageConfig == nil {
			kind.Status.PodTemplateOptions.ImageConfig = []v1beta1.OptionMetric{}
		}
		if kind.Status.PodTemplateOptions.PodConfig == nil {
			kind.Status.PodTemplateOptions.PodConfig = []v1beta1.OptionMetric{}
		}
		applied(t, bffModel.WaitWorkspaceKind)(env.Clients.WorkspaceKinds().UpdateStatus(ctx, kind, metav1.UpdateOptions{}))
	}
	namespaceLabel := func(t *testing.T) {
		value := next()
		if _, err := kube.CoreV1().Namespaces().Patch(ctx, ns, types.MergePatchType, label(value), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		testenv.Eventually(t, 10*time.Second, func() bool {
			labels, _ := bffModel.NamespaceLabels(ns)
			return labels["etag-test"] == value
		}, "the namespace's label applied")
	}
	classLabel := func(t *testing.T) {
		sc, err := kube.StorageV1().StorageClasses().Patch(ctx, class, types.MergePatchType, label(next()), metav1.PatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The informer keeps no label the routes do not show.
		testenv.Eventually(t, 10*time.Second, func() bool {
			cached, _ := bffStorage.StorageClass(class)
			return cached != nil && cached.ResourceVersion == sc.ResourceVersion
		}, "the StorageClass's label applied")
	}
	claimLabel := func(t *testing.T) {
		applied(t, bffStorage.WaitClaim)(kube.CoreV1().PersistentVolumeClaims(ns).Patch(ctx, "pvc", types.MergePatchType, label(next()), metav1.PatchOptions{}))
	}
	secretLabel := func(t *testing.T) {
		applied(t, bffStorage.WaitSecret)(kube.CoreV1().Secrets(ns).Patch(ctx, "secret", types.MergePatchType, label(next()), metav1.PatchOptions{}))
	}
	both := func(a, b func(*testing.T)) func(*testing.T) { return func(t *testing.T) { a(t); b(t) } }
	workspaceStatus := func(t *testing.T) {
		ws, err := env.Clients.Workspaces(ns).Get(ctx, "ws", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ws.Status.State = "Running"
		ws.Status.StateMessage = "message " + next()
		ws.Status.PodTemplatePod.Name = "pod-" + next()
		if _, err := env.Clients.Workspaces(ns).UpdateStatus(ctx, ws, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// patch applies body, NEXT replaced by a new value each time.
	patch := func(do func(patch []byte) error, body string) func(*testing.T) {
		return func(t *testing.T) {
			if err := do([]byte(strings.ReplaceAll(body, "NEXT", next()))); err != nil {
				t.Fatal(err)
			}
		}
	}
	workspaceDisplayName := patch(func(p []byte) error {
		_, err := env.Clients.Workspaces(ns).Patch(ctx, "ws", types.MergePatchType, p, metav1.PatchOptions{})
		return err
	}, `{"spec":{"displayName":"renamed NEXT"}}`)
	kindDescription := patch(func(p []byte) error {
		_, err := env.Clients.WorkspaceKinds().Patch(ctx, kindName, types.MergePatchType, p, metav1.PatchOptions{})
		return err
	}, `{"spec":{"spawner":{"description":"described NEXT"}}}`)
	classDisplayName := patch(func(p []byte) error {
		_, err := kube.StorageV1().StorageClasses().Patch(ctx, class, types.MergePatchType, p, metav1.PatchOptions{})
		return err
	}, `{"metadata":{"annotations":{"notebooks.kubeflow.org/display-name":"Renamed"}}}`)
	claimCanMount := patch(func(p []byte) error {
		_, err := kube.CoreV1().PersistentVolumeClaims(ns).Patch(ctx, "pvc", types.MergePatchType, p, metav1.PatchOptions{})
		return err
	}, `{"metadata":{"labels":{"notebooks.kubeflow.org/can-mount":"true"}}}`)
	secretCanMount := patch(func(p []byte) error {
		_, err := kube.CoreV1().Secrets(ns).Patch(ctx, "secret", types.MergePatchType, p, metav1.PatchOptions{})
		return err
	}, `{"metadata":{"labels":{"notebooks.kubeflow.org/can-mount":"true"}}}`)
	newNamespace := func(t *testing.T) { env.Namespace(t) }

	tests := []struct {
		name    string
		path    string
		same    func(*testing.T) // an event the route does not show; waits until applied
		changed func(*testing.T) // an event it shows
	}{
		{"the namespaces, under a namespace's label", "/namespaces", namespaceLabel, newNamespace},
		{"every Workspace, under a Workspace's and its kind's labels", "/workspaces", both(workspaceLabel, kindLabel), workspaceStatus},
		{"a namespace's Workspaces, under a Workspace's label", "/workspaces/" + ns, both(workspaceLabel, kindLabel), workspaceStatus},
		{"a Workspace, under a status write", "/workspaces/" + ns + "/ws", both(workspaceLabel, func(t *testing.T) {
			ws, err := env.Clients.Workspaces(ns).Get(ctx, "ws", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ws.Status.State = "Running"
			ws.Status.StateMessage = "unshown " + next()
			applied(t, bffModel.WaitWorkspace)(env.Clients.Workspaces(ns).UpdateStatus(ctx, ws, metav1.UpdateOptions{}))
		}), workspaceDisplayName},
		{"a Workspace's pod template details, under its label and its kind's", "/workspaces/" + ns + "/ws/podtemplate/details", both(workspaceLabel, kindLabel), workspaceStatus},
		{"the WorkspaceKinds, under a kind's label", "/workspacekinds", kindLabel, kindDescription},
		{"a namespace's WorkspaceKinds, under its label", "/workspacekinds?namespaceFilter=" + ns, both(kindLabel, namespaceLabel), kindCount},
		{"a WorkspaceKind, under the controller's count of its Workspaces", "/workspacekinds/" + kindName, both(kindLabel, kindCount), kindDescription},
		{"the StorageClasses, under a class's label", "/storageclasses", classLabel, classDisplayName},
		{"a namespace's PVCs, under a PVC's label", "/persistentvolumeclaims/" + ns, claimLabel, claimCanMount},
		{"a namespace's Secrets, under a Secret's label", "/secrets/" + ns, secretLabel, secretCanMount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.same(t)
			before := do(t, http.MethodGet, base+tt.path)
			expect(t, before, http.StatusOK)
			etag := before.header.Get("ETag")
			tt.same(t)
			after := do(t, http.MethodGet, base+tt.path, "If-None-Match", etag)
			if after.status != http.StatusNotModified {
				t.Fatalf("an event the route does not show: %d, ETag %s (was %s)\nbefore %s\nafter  %s",
					after.status, after.header.Get("ETag"), etag, before.body, after.body)
			}
			tt.changed(t)
			r := waitFor(t, base+tt.path, func(r response) bool { return !bytes.Equal(r.body, before.body) }, "the change served")
			if r.header.Get("ETag") == etag {
				t.Fatalf("new bytes kept the ETag %s", etag)
			}
		})
	}
}
