package cache

import (
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// A packed Workspace decodes to exactly the object packed, whatever it
// holds, and its clear fields are the object's.
func TestPackRoundTrip(t *testing.T) {
	deleted := metav1.NewTime(time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC))
	home := "home-ü"
	readOnly := true
	tests := []struct {
		name string
		ws   *v1beta1.Workspace
	}{
		{"upstream sample, running", memoryTemplate(t)},
		{"empty", &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "empty"}}},
		{"everything optional set", &v1beta1.Workspace{
			ObjectMeta: metav1.ObjectMeta{
				Namespace: "team-a", Name: "full", UID: "uid-1", ResourceVersion: "42", Generation: 3,
				DeletionTimestamp: &deleted, Finalizers: []string{"f"},
				Labels: map[string]string{"a": "b"}, Annotations: map[string]string{"notebooks.kubeflow.org/x": `"quoted" <html> & é`},
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Profile", Name: "p", UID: "u"}},
			},
			Spec: v1beta1.WorkspaceSpec{
				Paused: true, Kind: "other-kind",
				PodTemplate: v1beta1.WorkspacePodTemplate{
					PodMetadata: &v1beta1.WorkspacePodMetadata{Labels: map[string]string{"l": "v"}, Annotations: map[string]string{}},
					Volumes: v1beta1.WorkspacePodVolumes{
						Home: &home,
						Data: []v1beta1.PodVolumeMount{{PVCName: "d1", MountPath: "/d1", ReadOnly: &readOnly}, {PVCName: "d2", MountPath: "/d2"}},
					},
					Options: v1beta1.WorkspacePodOptions{ImageConfig: "img", PodConfig: "pod"},
				},
			},
			Status: v1beta1.WorkspaceStatus{
				Activity: v1beta1.WorkspaceActivity{Rules: &v1beta1.ActivityRulesStatus{
					PauseWorkspace: &v1beta1.PauseWorkspaceRuleStatus{EligibleAfter: 1764000000000},
				}},
				PauseTime: 1764000000, PendingRestart: true,
				PodTemplateOptions: v1beta1.WorkspacePodOptionsStatus{ImageConfig: v1beta1.WorkspacePodOptionInfo{
					Desired:       "img-2",
					RedirectChain: []v1beta1.WorkspacePodOptionRedirectStep{{Source: "img", Target: "img-2"}},
				}},
				State: v1beta1.WorkspaceStateError, StateMessage: "pod failed: \u2028 line separator",
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pack(tt.ws)
			// Semantic: a nil and an empty map or slice are the same JSON.
			if got := p.Workspace(); !equality.Semantic.DeepEqual(got, tt.ws) {
				t.Fatalf("unpacked\n%+v\nwant\n%+v", got, tt.ws)
			}
			want := combination{tt.ws.Namespace, tt.ws.Spec.Kind, string(tt.ws.Status.State),
				tt.ws.Spec.PodTemplate.Options.ImageConfig, tt.ws.Spec.PodTemplate.Options.PodConfig, tt.ws.Spec.Paused}
			if p.name != tt.ws.Name || p.uid != tt.ws.UID || p.resourceVersion != tt.ws.ResourceVersion || p.counted.Value() != want {
				t.Fatalf("clear fields %q %q %q %+v, want %q %q %q %+v", p.name, p.uid, p.resourceVersion, p.counted.Value(),
					tt.ws.Name, tt.ws.UID, tt.ws.ResourceVersion, want)
			}
			// Each decode is the caller's own object.
			a := p.Workspace()
			a.Spec.Kind = "changed"
			if p.Workspace().Spec.Kind != tt.ws.Spec.Kind {
				t.Fatal("changing a decoded Workspace changed the packed one")
			}
		})
	}
}

// The informer keys, indexes and transforms packed Workspaces as it did
// the objects: by namespace and name, once.
func TestPackedWorkspaceInTheInformer(t *testing.T) {
	ws := memoryTemplate(t)
	ws.Namespace, ws.Name = "team-a", "ws-1"
	ws.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}
	ws.Annotations = map[string]string{corev1.LastAppliedConfigAnnotation: "{}", "kept": "yes"}
	stored, err := packWorkspace(ws)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := stored.(*packedWorkspace)
	if !ok {
		t.Fatalf("transform stored %T, want *packedWorkspace", stored)
	}
	// client-go may run the transform twice on one object (a watch list
	// transforms into its temporary store, then again on Replace).
	if again, _ := packWorkspace(p); again != p {
		t.Fatal("the transform changed an already packed Workspace")
	}
	if key, err := toolscache.MetaNamespaceKeyFunc(p); err != nil || key != "team-a/ws-1" {
		t.Fatalf("key %q, %v", key, err)
	}
	if ns, err := toolscache.MetaNamespaceIndexFunc(p); err != nil || !reflect.DeepEqual(ns, []string{"team-a"}) {
		t.Fatalf("namespace index %v, %v", ns, err)
	}
	got := p.Workspace()
	if got.ManagedFields != nil || !reflect.DeepEqual(got.Annotations, map[string]string{"kept": "yes"}) {
		t.Fatalf("packed unserved metadata: managedFields %v, annotations %v", got.ManagedFields, got.Annotations)
	}
	if len(p.data().b) >= 512 {
		t.Errorf("packed %d bytes: the dictionary no longer matches a Workspace's JSON", len(p.data().b))
	}
}

// Both read models take the informer's packed Workspaces, and their
// tombstones, as they take decoded ones.
func TestModelsApplyPackedWorkspaces(t *testing.T) {
	ws := workspace("team-a", "ws-1", "jupyterlab")
	home := "home-ws-1"
	ws.Spec.PodTemplate.Volumes.Home = &home
	p := pack(ws)
	m := NewModel(models.Options{})
	s := NewStorage()
	m.Upsert(p)
	s.Upsert(p)
	if _, ok := m.Workspace("team-a", "ws-1"); !ok {
		t.Fatal("the read model does not serve a packed Workspace")
	}
	if got, ok := m.WorkspaceObject("team-a", "ws-1"); !ok || !equality.Semantic.DeepEqual(got, ws) {
		t.Fatalf("WorkspaceObject = %+v, %v; want the packed Workspace", got, ok)
	}
	if use := s.namespaces["team-a"].workspaces["ws-1"]; use == nil || !reflect.DeepEqual(use.claims, []string{home}) {
		t.Fatalf("the storage model indexed %+v, want the Workspace's claim %s", use, home)
	}

	tomb := toolscache.DeletedFinalStateUnknown{Key: "team-a/ws-1", Obj: p}
	m.Delete(tomb)
	s.Delete(tomb)
	if _, ok := m.Workspace("team-a", "ws-1"); ok {
		t.Fatal("the read model still serves a Workspace deleted by tombstone")
	}
	if n := s.namespaces["team-a"]; n != nil && n.workspaces["ws-1"] != nil {
		t.Fatal("the storage model still indexes a Workspace deleted by tombstone")
	}
}
