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

package models_test

import (
	"encoding/json"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestNewStorageClassListItem(t *testing.T) {
	tests := []struct {
		name string
		sc   storagev1.StorageClass
		want string
	}{{
		name: "a usable class with its display annotations",
		sc: storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{
			Name:        "fast",
			Labels:      map[string]string{models.LabelCanUse: "true"},
			Annotations: map[string]string{models.AnnotationDisplayName: "Fast", models.AnnotationDescription: "SSD"},
		}},
		want: `{"name": "fast", "displayName": "Fast", "description": "SSD", "canUse": true}`,
	}, {
		name: "a class without label or annotations",
		sc:   storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "slow"}},
		want: `{"name": "slow", "displayName": "", "description": "", "canUse": false}`,
	}, {
		name: "can-use other than \"true\" is false",
		sc:   storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "odd", Labels: map[string]string{models.LabelCanUse: "yes"}}},
		want: `{"name": "odd", "displayName": "", "description": "", "canUse": false}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := envelope(t, "api.StorageClassListEnvelope", []models.StorageClassListItem{models.NewStorageClassListItem(&tt.sc)})
			assertJSONAt(t, got, map[string]string{"/0": tt.want})
		})
	}
}

func TestNewPVCListItem(t *testing.T) {
	created := metav1.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	block := corev1.PersistentVolumeBlock
	claim := func(class *string) *corev1.PersistentVolumeClaim {
		return &corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: "home", CreationTimestamp: created,
				Labels: map[string]string{models.LabelCanMount: "true", models.LabelCanUpdate: "false"}},
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes:      []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce, corev1.ReadOnlyMany},
				StorageClassName: class,
				Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")}},
			},
		}
	}
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "pv-1"},
		Spec: corev1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimDelete,
			VolumeMode:                    &block,
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
		},
	}
	sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", Annotations: map[string]string{models.AnnotationDisplayName: "Fast"}}}
	users := models.PVCUsers{
		Pods:       []models.PodInfo{{Name: "p", Phase: corev1.PodRunning, Node: &models.PodNode{Name: "n1"}}},
		Workspaces: []models.WorkspaceInfo{{Name: "w", State: v1beta1.WorkspaceStateRunning, StateMessage: "ok"}},
	}
	audit := `{"createdAt": "2026-01-02T03:04:05Z", "createdBy": null, "updatedAt": null, "updatedBy": null, "deletedAt": null}`
	tests := []struct {
		name  string
		pvc   *corev1.PersistentVolumeClaim
		users models.PVCUsers
		pv    *corev1.PersistentVolume
		sc    *storagev1.StorageClass
		want  map[string]string
	}{{
		name: "an unbound PVC without users or class",
		pvc:  claim(nil),
		want: map[string]string{
			"": `{"name": "home", "canMount": true, "canUpdate": false, "pods": [], "workspaces": [], "audit": ` + audit + `,
				"pvcSpec": {"requests": {"storage": "5Gi"}, "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
				"volumeMode": "Filesystem", "storageClassName": ""}}`,
		},
	}, {
		name:  "a bound PVC with users, its volume and its class",
		pvc:   claim(ptr("fast")),
		users: users,
		pv:    pv,
		sc:    sc,
		want: map[string]string{
			"/pods":       `[{"name": "p", "phase": "Running", "node": {"name": "n1"}}]`,
			"/workspaces": `[{"name": "w", "state": "Running", "stateMessage": "ok"}]`,
			"/pv": `{"name": "pv-1", "persistentVolumeReclaimPolicy": "Delete", "volumeMode": "Block", "accessModes": ["ReadWriteOnce"],
				"storageClass": {"name": "fast", "displayName": "Fast", "description": ""}}`,
			"/pvcSpec/storageClassName": `"fast"`,
		},
	}, {
		name: "a volume's class shows what the class list shows, less canUse",
		pvc:  claim(ptr("fast")),
		pv:   pv,
		sc: &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{
			Name:        "fast",
			Labels:      map[string]string{models.LabelCanUse: "true"},
			Annotations: map[string]string{models.AnnotationDisplayName: "Fast", models.AnnotationDescription: "SSD"},
		}},
		want: map[string]string{"/pv/storageClass": `{"name": "fast", "displayName": "Fast", "description": "SSD"}`},
	}, {
		name: "a bound PVC whose class does not exist has a volume without class",
		pvc:  claim(ptr("gone")),
		pv:   pv,
		want: map[string]string{"/pv/storageClass": absent, "/pv/name": `"pv-1"`},
	}, {
		name: "a class without a volume is shown only in the spec",
		pvc:  claim(ptr("fast")),
		sc:   sc,
		want: map[string]string{"/pv": absent},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := envelope(t, "api.PVCListEnvelope", []models.PVCListItem{models.NewPVCListItem(tt.pvc, tt.users, tt.pv, tt.sc)})
			want := map[string]string{}
			for k, v := range tt.want {
				want["/0"+k] = v
			}
			assertJSONAt(t, got, want)
		})
	}
}

func TestPVCUsers(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Status: corev1.PodStatus{Phase: corev1.PodPending}}
	scheduled := pod.DeepCopy()
	scheduled.Spec.NodeName = "n1"
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Name: "w"}}
	running := ws.DeepCopy()
	running.Status.State = v1beta1.WorkspaceStateRunning
	running.Status.PodTemplatePod.Name = "w-0"
	placed := running.DeepCopy()
	placed.Status.PodTemplatePod.NodeName = "n1"
	tests := []struct {
		name string
		got  any
		want string
	}{
		{"a Pod not yet scheduled has no node", models.NewPodInfo(pod), `{"name": "p", "phase": "Pending"}`},
		{"a scheduled Pod", models.NewPodInfo(scheduled), `{"name": "p", "phase": "Pending", "node": {"name": "n1"}}`},
		{"a Workspace without status is Unknown", models.NewWorkspaceInfo(ws), `{"name": "w", "state": "Unknown", "stateMessage": ""}`},
		{"a Workspace with a Pod not yet scheduled", models.NewWorkspaceInfo(running),
			`{"name": "w", "state": "Running", "stateMessage": "", "podTemplatePod": {"name": "w-0"}}`},
		{"a Workspace with a scheduled Pod", models.NewWorkspaceInfo(placed),
			`{"name": "w", "state": "Running", "stateMessage": "", "podTemplatePod": {"name": "w-0", "node": {"name": "n1"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Validated against upstream's definitions inside the list
			// items of TestNewPVCListItem.
			body, err := json.Marshal(tt.got)
			if err != nil {
				t.Fatal(err)
			}
			var got any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			assertJSONAt(t, got, map[string]string{"": tt.want})
		})
	}
}

func TestNewPVCCreate(t *testing.T) {
	class := "fast"
	pvc := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data"},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany},
			StorageClassName: &class,
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1500Mi")}},
		},
	}
	got := envelope(t, "api.PVCCreateEnvelope", models.NewPVCCreate(pvc))
	assertJSONAt(t, got, map[string]string{"": `{"name": "data", "accessModes": ["ReadWriteMany"], "storageClassName": "fast", "requests": {"storage": "1500Mi"}}`})
}

func TestSecretModels(t *testing.T) {
	created := metav1.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	meta := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
		Name: "creds", CreationTimestamp: created,
		Labels:      map[string]string{models.LabelCanMount: "true", models.LabelCanUpdate: "true"},
		Annotations: map[string]string{models.AnnotationCreatedBy: "alice@example.com"},
	}}
	audit := `{"createdAt": "2026-01-02T03:04:05Z", "createdBy": "alice@example.com", "updatedAt": null, "updatedBy": null, "deletedAt": null}`
	t.Run("a list item names the Workspaces that mount the Secret", func(t *testing.T) {
		got := envelope(t, "api.SecretListEnvelope", []models.SecretListItem{models.NewSecretListItem(meta, []string{"a", "b"})})
		assertJSONAt(t, got, map[string]string{"/0": `{"name": "creds", "canUpdate": true, "canMount": true, "audit": ` + audit + `,
			"mounts": [{"group": "kubeflow.org", "kind": "Workspace", "name": "a"}, {"group": "kubeflow.org", "kind": "Workspace", "name": "b"}]}`})
	})
	t.Run("a Secret nothing mounts has no mounts", func(t *testing.T) {
		got := envelope(t, "api.SecretListEnvelope", []models.SecretListItem{models.NewSecretListItem(meta, nil)})
		assertJSONAt(t, got, map[string]string{"/0/mounts": absent})
	})
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "creds"},
		Type:       corev1.SecretTypeOpaque,
		Immutable:  ptr(true),
		Data:       map[string][]byte{"password": []byte("hunter2"), "empty": nil},
	}
	t.Run("the editable form has keys, never values", func(t *testing.T) {
		got := envelope(t, "api.SecretEnvelope", models.NewSecretUpdate(secret))
		assertJSONAt(t, got, map[string]string{"": `{"type": "Opaque", "immutable": true, "contents": {"password": {}, "empty": {}}}`})
	})
	t.Run("a created Secret is answered with its name", func(t *testing.T) {
		got := envelope(t, "api.SecretCreateEnvelope", models.NewSecretCreate(secret))
		assertJSONAt(t, got, map[string]string{"": `{"name": "creds", "type": "Opaque", "immutable": true, "contents": {"password": {}, "empty": {}}}`})
	})
	t.Run("a Secret without keys has empty contents, not null", func(t *testing.T) {
		got := envelope(t, "api.SecretEnvelope", models.NewSecretUpdate(&corev1.Secret{Type: corev1.SecretTypeOpaque}))
		assertJSONAt(t, got, map[string]string{"/contents": `{}`, "/immutable": `false`})
	})
}
