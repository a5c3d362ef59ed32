package cache

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"testing"
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
		{"more PVCs and Secrets than a view holds inline", func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.Volumes.Home = &home
			ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{{PVCName: "d1"}, {PVCName: "d2"}}
			ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{{SecretName: "s1"}, {SecretName: "s2"}, {SecretName: "s3"}}
		}, []string{"d1", "d2", home}, []string{"s1", "s2", "s3"}},
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
			if got, want := p.info(), models.NewWorkspaceInfo(ws); !reflect.DeepEqual(got, want) {
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

// Views nothing holds any more leave the interner: however many come and
// go, it holds at most about twice the views that are live.
func TestWeakInternerSweepsCollectedValues(t *testing.T) {
	in := weakInterner[storageView]{m: map[string]weak.Pointer[storageView]{}}
	intern := func(message string) *storageView {
		v := storageView{stateMessage: message, claims: []string{"c"}, secrets: []string{"s1", "s2"}}
		return in.intern(viewKey(&v), func(key string) *storageView { return canonicalView(&v, key) })
	}
	kept := intern("kept")
	if kept.stateMessage != "kept" || !slices.Equal(kept.claims, []string{"c"}) || !slices.Equal(kept.secrets, []string{"s1", "s2"}) {
		t.Fatalf("interned %+v", *kept)
	}
	for round := range 20 {
		for i := range 100 {
			intern(fmt.Sprintf("message %d.%d", round, i))
		}
		// Weak pointers to what a collection freed are nil after it.
		runtime.GC()
		// At most the kept view and a round's are live at once.
		if n, most := in.len(), 2*(1+100)+minSweep; n > most {
			t.Fatalf("round %d: the interner holds %d entries, more than %d", round, n, most)
		}
	}
	if again := intern("kept"); again != kept {
		t.Fatal("a view still held was swept")
	}
}
