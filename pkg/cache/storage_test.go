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
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func claimObj(ns, name, class, volume string) *corev1.PersistentVolumeClaim {
	pvc := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-" + name), ResourceVersion: "1"},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			VolumeName:  volume,
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
		},
	}
	if class != "" {
		pvc.Spec.StorageClassName = &class
	}
	return pvc
}

func podObj(ns, name, phase string, claims ...string) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Status: corev1.PodStatus{Phase: corev1.PodPhase(phase)}}
	for _, c := range claims {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c},
		}})
	}
	return pod
}

func workspaceUsing(ns, name string, home string, secrets ...string) *v1beta1.Workspace {
	ws := workspace(ns, name, "k")
	if home != "" {
		ws.Spec.PodTemplate.Volumes.Home = &home
	}
	for _, s := range secrets {
		ws.Spec.PodTemplate.Volumes.Secrets = append(ws.Spec.PodTemplate.Volumes.Secrets, v1beta1.PodSecretMount{SecretName: s, MountPath: "/" + s})
	}
	return ws
}

func secretMeta(ns, name string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-" + name), ResourceVersion: "1"}}
}

// item decodes the list item named name, or nil.
func itemOf(t *testing.T, l *List, name string) map[string]any {
	t.Helper()
	var env struct{ Data []map[string]any }
	if err := json.Unmarshal(l.Bytes(), &env); err != nil {
		t.Fatalf("invalid list JSON: %v\n%s", err, l.Bytes())
	}
	for _, it := range env.Data {
		if it["name"] == name {
			return it
		}
	}
	return nil
}

// usersOf are the names of the Pods and Workspaces a PVC item shows.
func usersOf(t *testing.T, l *List, claim string) string {
	t.Helper()
	it := itemOf(t, l, claim)
	if it == nil {
		return "<no such PVC>"
	}
	var names []string
	for _, key := range []string{"pods", "workspaces"} {
		for _, u := range it[key].([]any) {
			names = append(names, key[:1]+":"+u.(map[string]any)["name"].(string))
		}
	}
	return strings.Join(names, ",")
}

func TestStorageClaimUsers(t *testing.T) {
	tests := []struct {
		name   string
		events func(s *Storage)
		claim  string
		want   string
	}{
		{"a PVC nothing uses", func(s *Storage) { s.Upsert(claimObj("a", "home", "", "")) }, "home", ""},
		{"Pods and Workspaces in name order, each once", func(s *Storage) {
			s.Upsert(claimObj("a", "home", "", ""))
			s.Upsert(podObj("a", "p2", "Running", "home", "home"))
			s.Upsert(podObj("a", "p1", "Running", "home"))
			s.Upsert(workspaceUsing("a", "w", "home"))
		}, "home", "p:p1,p:p2,w:w"},
		{"users that came before the PVC", func(s *Storage) {
			s.Upsert(podObj("a", "p", "Running", "home"))
			s.Upsert(workspaceUsing("a", "w", "home"))
			s.Upsert(claimObj("a", "home", "", ""))
		}, "home", "p:p,w:w"},
		{"users of another namespace do not count", func(s *Storage) {
			s.Upsert(claimObj("a", "home", "", ""))
			s.Upsert(podObj("b", "p", "Running", "home"))
			s.Upsert(workspaceUsing("b", "w", "home"))
		}, "home", ""},
		{"a deleted Pod and a Workspace that stops using the PVC leave", func(s *Storage) {
			s.Upsert(claimObj("a", "home", "", ""))
			s.Upsert(podObj("a", "p", "Running", "home"))
			s.Upsert(workspaceUsing("a", "w", "home"))
			s.Delete(podObj("a", "p", "Running", "home"))
			s.Upsert(workspaceUsing("a", "w", "other"))
		}, "home", ""},
		{"a PVC deleted and created again keeps its users", func(s *Storage) {
			s.Upsert(claimObj("a", "home", "", ""))
			s.Upsert(podObj("a", "p", "Running", "home"))
			s.Delete(claimObj("a", "home", "", ""))
			s.Upsert(claimObj("a", "home", "", ""))
		}, "home", "p:p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStorage()
			tt.events(s)
			if got := usersOf(t, s.PersistentVolumeClaims("a"), tt.claim); got != tt.want {
				t.Fatalf("users %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStorageClaimVolumeAndClass(t *testing.T) {
	s := NewStorage()
	s.Upsert(claimObj("a", "home", "fast", "pv-1"))
	pvOf := func() any { return itemOf(t, s.PersistentVolumeClaims("a"), "home")["pv"] }
	if pv := pvOf(); pv != nil {
		t.Fatalf("pv before the PersistentVolume exists: %v", pv)
	}
	s.Upsert(&corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv-1"},
		Spec: corev1.PersistentVolumeSpec{PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain}})
	if pv, _ := pvOf().(map[string]any); pv["name"] != "pv-1" || pv["storageClass"] != nil {
		t.Fatalf("pv once it exists, before its class: %v", pv)
	}
	s.Upsert(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", Annotations: map[string]string{models.AnnotationDisplayName: "Fast"}}})
	if pv, _ := pvOf().(map[string]any); pv["storageClass"].(map[string]any)["displayName"] != "Fast" {
		t.Fatalf("pv with its class: %v", pv)
	}
	s.Delete(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast"}})
	s.Delete(&corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv-1"}})
	if pv := pvOf(); pv != nil {
		t.Fatalf("pv after the PersistentVolume went: %v", pv)
	}
}

func TestStorageETags(t *testing.T) {
	s := NewStorage()
	s.Upsert(claimObj("a", "home", "", ""))
	s.Upsert(podObj("a", "p", "Pending", "home"))
	ws := workspaceUsing("a", "w", "home", "creds")
	s.Upsert(ws)
	s.Upsert(secretMeta("a", "creds"))
	claims, secrets := s.PersistentVolumeClaims("a").ETag(), s.Secrets("a").ETag()

	tests := []struct {
		name        string
		event       func()
		claimsMoved bool
		secretsMove bool
	}{
		{"a Pod change no PVC shows (conditions) keeps the ETags", func() {
			p := podObj("a", "p", "Pending", "home")
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled}}
			s.Upsert(p)
		}, false, false},
		{"a Workspace's activity keeps the ETags", func() {
			w := ws.DeepCopy()
			w.Status.Activity.LastActivity = 42
			s.Upsert(w)
		}, false, false},
		{"a PVC in another namespace keeps them", func() { s.Upsert(claimObj("b", "home", "", "")) }, false, false},
		{"a Pod's phase moves the PVCs' ETag", func() { s.Upsert(podObj("a", "p", "Running", "home")) }, true, false},
		{"a Workspace's state moves the PVCs' ETag only: Secrets do not show it", func() {
			w := ws.DeepCopy()
			w.Status.State = v1beta1.WorkspaceStateRunning
			s.Upsert(w)
		}, true, false},
		{"a Workspace that stops mounting the Secret moves the Secrets' ETag", func() {
			w := ws.DeepCopy()
			w.Status.State = v1beta1.WorkspaceStateRunning
			w.Spec.PodTemplate.Volumes.Secrets = nil
			s.Upsert(w)
		}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.event()
			c, sec := s.PersistentVolumeClaims("a").ETag(), s.Secrets("a").ETag()
			if (c != claims) != tt.claimsMoved || (sec != secrets) != tt.secretsMove {
				t.Fatalf("PVCs' ETag moved %v (want %v), Secrets' moved %v (want %v)", c != claims, tt.claimsMoved, sec != secrets, tt.secretsMove)
			}
			claims, secrets = c, sec
		})
	}
}

func TestStorageSecretMounts(t *testing.T) {
	s := NewStorage()
	s.Upsert(secretMeta("a", "creds"))
	s.Upsert(workspaceUsing("a", "w2", "", "creds", "creds"))
	s.Upsert(workspaceUsing("a", "w1", "", "creds"))
	s.Upsert(workspaceUsing("b", "w3", "", "creds"))
	mounts := itemOf(t, s.Secrets("a"), "creds")["mounts"].([]any)
	if len(mounts) != 2 || mounts[0].(map[string]any)["name"] != "w1" || mounts[1].(map[string]any)["name"] != "w2" {
		t.Fatalf("mounts %v", mounts)
	}
	s.Delete(workspaceUsing("a", "w1", "", "creds"))
	s.Delete(workspaceUsing("a", "w2", "", "creds"))
	if m, ok := itemOf(t, s.Secrets("a"), "creds")["mounts"]; ok {
		t.Fatalf("mounts %v once no Workspace mounts it", m)
	}
	s.Delete(secretMeta("a", "creds"))
	if string(s.Secrets("a").Bytes()) != `{"data":[]}` {
		t.Fatalf("after delete: %s", s.Secrets("a").Bytes())
	}
}

func TestStorageWaits(t *testing.T) {
	s := NewStorage()
	pvc := claimObj("a", "home", "", "")
	pvc.ResourceVersion = "10"
	written := Written{Namespace: "a", Name: "home", UID: pvc.UID, ResourceVersion: "10"}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.WaitClaim(ctx, written) }()
	s.Upsert(pvc)
	if err := <-done; err != nil {
		t.Fatalf("waiting for a create: %v", err)
	}

	deleted := written
	deleted.Deleted = true
	go func() { done <- s.WaitClaim(ctx, deleted) }()
	terminating := pvc.DeepCopy()
	terminating.ResourceVersion = "11"
	terminating.DeletionTimestamp = &metav1.Time{Time: time.Now()}
	s.Upsert(terminating)
	if err := <-done; err != nil {
		t.Fatalf("waiting for a delete held by a finalizer: %v", err)
	}

	short, stop := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer stop()
	if err := s.WaitSecret(short, Written{Namespace: "a", Name: "never", UID: "u", ResourceVersion: "99"}); err == nil {
		t.Fatal("a Secret never seen was waited for successfully")
	}
}

func TestStorageStats(t *testing.T) {
	s := NewStorage()
	s.Upsert(claimObj("a", "home", "", ""))
	s.Upsert(podObj("a", "p", "Running", "home"))
	s.Upsert(podObj("a", "q", "Running"))
	s.Upsert(secretMeta("a", "creds"))
	s.Delete(secretMeta("a", "creds"))
	s.PersistentVolumeClaims("a")
	resources, lists := s.Stats()
	got := map[string][2]uint64{}
	for _, r := range resources {
		got[r.Resource] = [2]uint64{uint64(r.Objects), r.Added + r.Updated + r.Deleted}
	}
	want := map[string][2]uint64{
		ResourceStorageClasses: {0, 0}, ResourcePersistentVolumes: {0, 0}, ResourcePersistentVolumeClaims: {1, 1},
		// Only Pods that claim a PVC are held.
		ResourcePods: {1, 2}, ResourceSecrets: {0, 2},
	}
	for r, w := range want {
		if got[r] != w {
			t.Errorf("%s: objects and events %v, want %v", r, got[r], w)
		}
	}
	if lists[1].Scope != ScopeNamespaceClaims || lists[1].Lists != 1 {
		t.Errorf("lists %+v", lists)
	}
}

func TestStorageClassListETag(t *testing.T) {
	s := NewStorage()
	s.Upsert(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", ResourceVersion: "1"}})
	before := s.StorageClasses().ETag()
	s.Upsert(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", ResourceVersion: "2"}})
	if s.StorageClasses().ETag() != before {
		t.Fatal("a change to nothing shown moved the ETag")
	}
	s.Upsert(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", ResourceVersion: "3", Labels: map[string]string{models.LabelCanUse: "true"}}})
	if s.StorageClasses().ETag() == before {
		t.Fatal("canUse changed and the ETag did not")
	}
}

// renderCounter counts the items a model renders, per resource.
type renderCounter map[string]int

func (c renderCounter) Rendered(resource string, _ time.Duration) { c[resource]++ }
func (renderCounter) ListBuilt(string, time.Duration)             {}

func TestStorageClassAndVolumeEventsRenderPVCsOnlyWhenShownChanged(t *testing.T) {
	block := corev1.PersistentVolumeBlock
	class := func(rv string, modify func(*storagev1.StorageClass)) *storagev1.StorageClass {
		sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast", ResourceVersion: rv,
			Annotations: map[string]string{models.AnnotationDisplayName: "Fast"}}}
		if modify != nil {
			modify(sc)
		}
		return sc
	}
	volume := func(rv string, modify func(*corev1.PersistentVolume)) *corev1.PersistentVolume {
		pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv-1", ResourceVersion: rv},
			Spec: corev1.PersistentVolumeSpec{PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain}}
		if modify != nil {
			modify(pv)
		}
		return pv
	}
	rendered := renderCounter{}
	s := NewStorage()
	s.SetObserver(rendered)
	s.Upsert(claimObj("a", "home", "fast", "pv-1"))
	s.Upsert(claimObj("a", "data", "fast", "pv-2"))
	s.Upsert(class("1", nil))
	s.Upsert(volume("1", nil))
	etag := s.PersistentVolumeClaims("a").ETag()

	tests := []struct {
		name string
		// event is the StorageClass or PersistentVolume upserted.
		event any
		// renders are the PVC items rendered again; moved, whether the
		// namespace's PVC list has a new ETag.
		renders int
		moved   bool
	}{
		{"a resync of the class renders no PVC", class("1", nil), 0, false},
		{"a class change no PVC shows (its parameters) renders no PVC",
			class("2", func(sc *storagev1.StorageClass) { sc.Parameters = map[string]string{"type": "ssd"} }), 0, false},
		{"a class's description renders its two PVCs and moves the ETag",
			class("3", func(sc *storagev1.StorageClass) { sc.Annotations[models.AnnotationDescription] = "SSD" }), 2, true},
		{"a class's canUse renders its PVCs, which do not show it: the ETag stays",
			class("4", func(sc *storagev1.StorageClass) {
				sc.Annotations[models.AnnotationDescription] = "SSD"
				sc.Labels = map[string]string{models.LabelCanUse: "true"}
			}), 2, false},
		{"a resync of the volume renders no PVC", volume("1", nil), 0, false},
		{"a volume change no PVC shows (its phase) renders no PVC",
			volume("2", func(pv *corev1.PersistentVolume) { pv.Status.Phase = corev1.VolumeBound }), 0, false},
		{"a volume's mode renders its one PVC and moves the ETag",
			volume("3", func(pv *corev1.PersistentVolume) { pv.Spec.VolumeMode = &block }), 1, true},
		{"a volume no PVC is bound to renders no PVC",
			&corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv-3", ResourceVersion: "1"}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clear(rendered)
			s.Upsert(tt.event)
			got := s.PersistentVolumeClaims("a").ETag()
			if n := rendered[ResourcePersistentVolumeClaims]; n != tt.renders {
				t.Errorf("rendered %d PVCs, want %d", n, tt.renders)
			}
			if (got != etag) != tt.moved {
				t.Errorf("PVCs' ETag moved %v, want %v", got != etag, tt.moved)
			}
			etag = got
		})
	}
}

func TestStorageUserEventsRenderEachItemOnce(t *testing.T) {
	rendered := renderCounter{}
	s := NewStorage()
	s.SetObserver(rendered)
	s.Upsert(claimObj("a", "home", "", ""))
	s.Upsert(claimObj("a", "data", "", ""))
	s.Upsert(secretMeta("a", "creds"))
	s.Upsert(podObj("a", "p", "Pending", "home"))
	ws := workspaceUsing("a", "w", "home", "creds")
	s.Upsert(ws)
	s.PersistentVolumeClaims("a")
	s.Secrets("a")

	tests := []struct {
		name string
		// event upserts a user; claims and secrets are the items the
		// next read renders again.
		event           func()
		claims, secrets int
	}{
		{"a Pod's phase renders the PVC it still claims once",
			func() { s.Upsert(podObj("a", "p", "Running", "home")) }, 1, 0},
		{"a Pod that claims another PVC renders the old and the new one",
			func() { s.Upsert(podObj("a", "p", "Running", "data")) }, 2, 0},
		{"a Workspace's state renders the PVC and Secret it still uses once",
			func() {
				w := ws.DeepCopy()
				w.Status.State = v1beta1.WorkspaceStateRunning
				s.Upsert(w)
			}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clear(rendered)
			tt.event()
			s.PersistentVolumeClaims("a")
			s.Secrets("a")
			if got := rendered[ResourcePersistentVolumeClaims]; got != tt.claims {
				t.Errorf("rendered %d PVCs, want %d", got, tt.claims)
			}
			if got := rendered[ResourceSecrets]; got != tt.secrets {
				t.Errorf("rendered %d Secrets, want %d", got, tt.secrets)
			}
		})
	}
}
