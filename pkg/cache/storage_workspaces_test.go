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
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// A Workspace event renders the PVCs and Secrets it uses again only when
// something they show of it changed: status writes (activity, probes,
// options) are most Workspace events, and re-rendering a PVC that
// hundreds of Workspaces share costs as much as its list.
func TestStorageWorkspaceEventsRenderOnlyWhatIsShownChanged(t *testing.T) {
	rendered := renderCounter{}
	s := NewStorage()
	s.SetObserver(rendered)
	s.Upsert(claimObj("a", "home", "", ""))
	s.Upsert(secretMeta("a", "creds"))
	ws := workspaceUsing("a", "w", "home", "creds")
	ws.Status.State, ws.Status.StateMessage = v1beta1.WorkspaceStateRunning, "Workspace is running"
	ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{Name: "ws-w-0", NodeName: "node-1"}
	s.Upsert(ws)
	claims, secrets := s.PersistentVolumeClaims("a").ETag(), s.Secrets("a").ETag()

	tests := []struct {
		name   string
		modify func(ws *v1beta1.Workspace)
		// renders is the PVC and Secret items rendered again; moved,
		// whether the PVCs' list has a new ETag (the Secrets' list shows
		// Workspaces by name only, and never moves here).
		renders int
		moved   bool
	}{
		{"a resync renders nothing", func(*v1beta1.Workspace) {}, 0, false},
		{"activity and probes render nothing", func(ws *v1beta1.Workspace) {
			ws.Status.Activity = v1beta1.WorkspaceActivity{LastActivity: 42, LastUpdate: 43,
				LastProbe: &v1beta1.ActivityProbeStatus{Result: v1beta1.ProbeResultSuccess}}
		}, 0, false},
		{"options, the Pod's containers and metadata render nothing", func(ws *v1beta1.Workspace) {
			ws.Status.PodTemplateOptions.ImageConfig.Desired = "img-2"
			ws.Status.PodTemplatePod.ServiceAccountName = "sa"
			ws.Status.PodTemplatePod.Containers = []v1beta1.WorkspacePodContainer{{Name: "main"}}
			ws.ResourceVersion, ws.Labels = "7", map[string]string{"a": "b"}
		}, 0, false},
		{"the state message renders both", func(ws *v1beta1.Workspace) { ws.Status.StateMessage = "Workspace is busy" }, 2, true},
		{"the node renders both", func(ws *v1beta1.Workspace) { ws.Status.PodTemplatePod.NodeName = "node-2" }, 2, true},
		{"the Pod's name renders both", func(ws *v1beta1.Workspace) { ws.Status.PodTemplatePod.Name = "ws-w-1" }, 2, true},
		{"the Pod gone renders both", func(ws *v1beta1.Workspace) { ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{} }, 2, true},
		{"the state renders both", func(ws *v1beta1.Workspace) {
			ws.Status.State = v1beta1.WorkspaceStatePaused
			ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{}
		}, 2, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clear(rendered)
			tt.modify(ws)
			ws.ResourceVersion = strconv.Itoa(100 + i)
			s.Upsert(ws.DeepCopy())
			c, sec := s.PersistentVolumeClaims("a").ETag(), s.Secrets("a").ETag()
			if n := rendered[ResourcePersistentVolumeClaims] + rendered[ResourceSecrets]; n != tt.renders {
				t.Errorf("rendered %d items, want %d", n, tt.renders)
			}
			if (c != claims) != tt.moved || sec != secrets {
				t.Errorf("PVCs' ETag moved %v (want %v), Secrets' moved %v (want false)", c != claims, tt.moved, sec != secrets)
			}
			claims = c
		})
	}
}

// Workspaces that share a PVC and a Secret, added one by one as an
// informer's initial list adds them, render each item once, at the read
// that follows, not once per Workspace: a namespace's start-up cost grows
// with its Workspaces, not with their square.
func TestStorageWorkspacesAddedRenderEachItemOnceAtTheRead(t *testing.T) {
	rendered := renderCounter{}
	s := NewStorage()
	s.SetObserver(rendered)
	s.Upsert(claimObj("a", "home", "", ""))
	s.Upsert(secretMeta("a", "creds"))
	const n = 100
	for i := range n {
		s.Upsert(workspaceUsing("a", fmt.Sprintf("w%03d", i), "home", "creds"))
	}
	if got := rendered[ResourcePersistentVolumeClaims] + rendered[ResourceSecrets]; got != 0 {
		t.Errorf("the events rendered %d items, want none before a read", got)
	}
	claims, secrets := s.PersistentVolumeClaims("a"), s.Secrets("a")
	if got := []int{rendered[ResourcePersistentVolumeClaims], rendered[ResourceSecrets]}; !slices.Equal(got, []int{1, 1}) {
		t.Errorf("the reads rendered %v PVCs and Secrets, want [1 1]", got)
	}
	for _, body := range [][]byte{claims.Bytes(), secrets.Bytes()} {
		if got := strings.Count(string(body), `"w0`); got != n {
			t.Errorf("a list names %d of the %d Workspaces: %s", got, n, body)
		}
	}
}

// A PVC's and a Secret's Workspaces stay in name order, each once,
// whatever order they come, change and leave in.
func TestStorageWorkspaceUsersInNameOrder(t *testing.T) {
	upsert := func(name string, state v1beta1.WorkspaceState) func(s *Storage) {
		return func(s *Storage) {
			ws := workspaceUsing("a", name, "home", "creds")
			ws.Status.State = state
			s.Upsert(ws)
		}
	}
	remove := func(name string) func(s *Storage) {
		return func(s *Storage) { s.Delete(workspaceUsing("a", name, "home", "creds")) }
	}
	tests := []struct {
		name   string
		events []func(s *Storage)
		want   string
	}{
		{"added out of order", []func(*Storage){upsert("w3", ""), upsert("w1", ""), upsert("w2", "")}, "w:w1,w:w2,w:w3"},
		{"one changed in the middle", []func(*Storage){upsert("w3", ""), upsert("w1", ""), upsert("w2", ""),
			upsert("w2", v1beta1.WorkspaceStateRunning)}, "w:w1,w:w2,w:w3"},
		{"the first, the middle and an unknown one removed", []func(*Storage){upsert("w3", ""), upsert("w1", ""),
			upsert("w2", ""), upsert("w4", ""), remove("w1"), remove("w3"), remove("w0")}, "w:w2,w:w4"},
		{"all removed, then one back", []func(*Storage){upsert("w1", ""), upsert("w2", ""), remove("w2"),
			remove("w1"), upsert("w2", "")}, "w:w2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStorage()
			s.Upsert(claimObj("a", "home", "", ""))
			s.Upsert(secretMeta("a", "creds"))
			for _, e := range tt.events {
				e(s)
			}
			if got := usersOf(t, s.PersistentVolumeClaims("a"), "home"); got != tt.want {
				t.Errorf("PVC users %q, want %q", got, tt.want)
			}
			var mounts []string
			for _, m := range itemOf(t, s.Secrets("a"), "creds")["mounts"].([]any) {
				mounts = append(mounts, "w:"+m.(map[string]any)["name"].(string))
			}
			if got := strings.Join(mounts, ","); got != tt.want {
				t.Errorf("Secret mounts %q, want %q", got, tt.want)
			}
		})
	}
}

// Once a namespace's last Workspace that uses anything leaves, the model
// holds nothing of it.
func TestStorageForgetsWorkspaces(t *testing.T) {
	s := NewStorage()
	s.Upsert(workspaceUsing("a", "w", "home", "creds"))
	s.Upsert(workspaceUsing("a", "w", ""))
	if n := s.namespaces["a"]; n != nil {
		t.Fatalf("namespace still held: %d Workspaces, %d PVC and %d Secret groups",
			len(n.workspaces), len(n.workspacesByClaim), len(n.workspacesBySecret))
	}
}
