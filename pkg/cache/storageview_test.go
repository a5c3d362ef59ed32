package cache

import (
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"
	"weak"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// A packed Workspace holds in the clear what the storage read model shows
// of it, as models.NewWorkspaceInfo shows it, and the PVCs and Secrets it
// references, sorted, each once.
func TestPackedStorageFields(t *testing.T) {
	home, data := "home", "data"
	tests := []struct {
		name            string
		modify          func(ws *v1beta1.Workspace)
		claims, secrets []string
	}{
		{"no Pod, no volumes", func(*v1beta1.Workspace) {}, nil, nil},
		{"a Pod on no node yet", func(ws *v1beta1.Workspace) {
			ws.Status.State, ws.Status.StateMessage = v1beta1.WorkspaceStatePending, "Pod is pending"
			ws.Status.PodTemplatePod.Name = "ws-0"
		}, nil, nil},
		{"a Pod on a node", func(ws *v1beta1.Workspace) {
			ws.Status.State, ws.Status.StateMessage = v1beta1.WorkspaceStateRunning, "Workspace is running"
			ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{Name: "ws-0", NodeName: "node-1"}
		}, nil, nil},
		{"a node without a Pod name shows no Pod", func(ws *v1beta1.Workspace) {
			ws.Status.PodTemplatePod.NodeName = "node-1"
		}, nil, nil},
		{"home and data PVCs, sorted and each once", func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.Volumes.Home = &home
			ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{{PVCName: data}, {PVCName: home}, {PVCName: "a"}}
		}, []string{"a", data, home}, nil},
		{"Secrets only, sorted and each once", func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{{SecretName: "s2"}, {SecretName: "s1"}, {SecretName: "s2"}}
		}, nil, []string{"s1", "s2"}},
		{"everything", func(ws *v1beta1.Workspace) {
			ws.Status.State, ws.Status.StateMessage = v1beta1.WorkspaceStateError, "pod failed: \u2028 ü"
			ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{Name: "ws-0", NodeName: "node-ü"}
			ws.Spec.PodTemplate.Volumes.Home = &home
			ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{{SecretName: home}}
		}, []string{home}, []string{home}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := workspace("a", "w", "k")
			tt.modify(ws)
			p := pack(ws)
			var pod models.PodTemplatePod
			var node models.PodNode
			if got, want := p.info(&pod, &node), models.NewWorkspaceInfo(ws); !reflect.DeepEqual(got, want) {
				t.Errorf("info %+v, want %+v", got, want)
			}
			if !slices.Equal(p.claims, tt.claims) || !slices.Equal(p.secrets, tt.secrets) {
				t.Errorf("claims %q and secrets %q, want %q and %q", p.claims, p.secrets, tt.claims, tt.secrets)
			}
		})
	}
}

// Workspaces that show the same share one view; any difference in what is
// shown, or in how the names split between PVCs and Secrets, makes
// another.
func TestStorageViewsInterned(t *testing.T) {
	base := func() *v1beta1.Workspace {
		ws := workspace("a", "w", "k")
		home := "home"
		ws.Spec.PodTemplate.Volumes.Home = &home
		ws.Status.StateMessage = "Workspace is running"
		ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{Name: "ws-0", NodeName: "node-1"}
		return ws
	}
	tests := []struct {
		name   string
		modify func(ws *v1beta1.Workspace)
		shared bool
	}{
		{"another name, state, Pod name and status not shown",
			func(ws *v1beta1.Workspace) {
				ws.Name, ws.Status.State, ws.Status.PodTemplatePod.Name = "other", v1beta1.WorkspaceStateRunning, "other-0"
				ws.Status.Activity.LastActivity = 42
			}, true},
		{"the home PVC as a data PVC too",
			func(ws *v1beta1.Workspace) {
				ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{{PVCName: "home"}}
			}, true},
		{"another state message", func(ws *v1beta1.Workspace) { ws.Status.StateMessage = "Workspace is paused" }, false},
		{"another node", func(ws *v1beta1.Workspace) { ws.Status.PodTemplatePod.NodeName = "node-2" }, false},
		{"no Pod", func(ws *v1beta1.Workspace) { ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{} }, false},
		{"the same name as a Secret instead of a PVC", func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.Volumes.Home = nil
			ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{{SecretName: "home"}}
		}, false},
		{"the name split in two", func(ws *v1beta1.Workspace) {
			ho := "ho"
			ws.Spec.PodTemplate.Volumes.Home = &ho
			ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{{PVCName: "me"}}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ws := pack(base()), base()
			tt.modify(ws)
			b := pack(ws)
			if shared := a.storageView == b.storageView; shared != tt.shared {
				t.Fatalf("shared a view %v, want %v: %+v and %+v", shared, tt.shared, *a.storageView, *b.storageView)
			}
		})
	}
}

// A view nothing holds any more leaves the interner, and interning it
// again makes a new one.
func TestWeakInternerForgetsCollectedValues(t *testing.T) {
	in := weakInterner[storageView]{m: map[string]weak.Pointer[storageView]{}}
	v := storageView{stateMessage: "message", claims: []string{"c"}, secrets: []string{"s1", "s2"}}
	canonical := func(key string) *storageView { return canonicalView(&v, key) }
	// Held only within this function.
	func() {
		got := in.intern(viewKey(&v), canonical)
		if !reflect.DeepEqual(*got, v) {
			t.Fatalf("interned %+v, want %+v", *got, v)
		}
		if again := in.intern(viewKey(&v), canonical); again != got {
			t.Fatal("interning an equal view made another")
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for in.len() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the interner still holds a view nothing else holds")
		}
		// Cleanups run after the collection that frees the value.
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if again := in.intern(viewKey(&v), canonical); !reflect.DeepEqual(*again, v) {
		t.Fatalf("interned again %+v, want %+v", *again, v)
	}
}
