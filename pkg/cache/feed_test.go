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
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func describe(changes []Change) string {
	var out []string
	for _, c := range changes {
		out = append(out, fmt.Sprintf("%s %s %s/%s", c.Resource, c.Type, c.Namespace, c.Name))
	}
	return strings.Join(out, "; ")
}

func TestFeedPublishesEveryChange(t *testing.T) {
	m := NewModel(models.Options{})
	start := m.Head()
	m.Upsert(workspace("a", "w1", "k"))
	m.Upsert(renamed(workspace("a", "w1", "k"), "W1"))
	m.Upsert(workspace("a", "w1", "k")) // the rename undone
	m.Upsert(workspace("a", "w1", "k")) // the same again: nothing to tell
	m.Upsert(kind("k", "Kind"))
	m.Delete(workspace("a", "w1", "k"))
	m.Delete(kind("k", "Kind"))
	got, _, err := m.ChangesSince(start, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := "workspaces added a/w1; workspaces modified a/w1; workspaces modified a/w1; " +
		"workspacekinds added /k; workspaces modified a/w1; " + // the kind re-renders its Workspace
		"workspaces deleted a/w1; workspacekinds deleted /k"
	if describe(got) != want {
		t.Fatalf("changes:\n%s\nwant\n%s", describe(got), want)
	}
	for i, c := range got {
		if c.Seq != start+uint64(i)+1 {
			t.Errorf("change %d has Seq %d, want %d", i, c.Seq, start+uint64(i)+1)
		}
		if (c.Item == nil) != (c.Type == ChangeDeleted) {
			t.Errorf("change %d (%s) item %q", i, c.Type, c.Item)
		}
	}
	if some, _, _ := m.ChangesSince(start, nil, 2); len(some) != 2 {
		t.Fatalf("max 2 gave %d changes", len(some))
	}
}

func TestFeedWakesAndReportsGaps(t *testing.T) {
	m := NewModel(models.Options{})
	_, wake, err := m.ChangesSince(m.Head(), nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
		t.Fatal("woken before any change")
	default:
	}
	m.Upsert(workspace("a", "w1", "k"))
	select {
	case <-wake:
	default:
		t.Fatal("a change did not wake the reader")
	}

	for i := range FeedHistory + 10 {
		m.Upsert(workspace("a", fmt.Sprint("w", i), "k"))
	}
	head := m.Head()
	tests := []struct {
		name    string
		seq     uint64
		wantErr bool
	}{
		{"the latest position", head, false},
		{"exactly the history behind", head - FeedHistory, false},
		{"fallen behind the history", head - FeedHistory - 1, true},
		{"a position this process never published", head + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := m.ChangesSince(tt.seq, nil, 1)
			if got := errors.Is(err, ErrFeedGap); got != tt.wantErr {
				t.Fatalf("ErrFeedGap %v, want %v (err %v)", got, tt.wantErr, err)
			}
		})
	}
}

// A snapshot taken after a position shows some of the changes after it;
// Coverage tells which, so a watcher sends each change exactly once.
func TestSnapshotsCoverTheirChanges(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	m.Upsert(workspace("b", "w1", "k"))
	start := m.Head()
	m.Upsert(workspace("a", "w2", "k")) // before the snapshot: in it
	m.Upsert(workspace("c", "w1", "k")) // a namespace new since start: in it
	listA, all := m.Workspaces("a"), m.AllWorkspaces()
	m.Upsert(workspace("a", "w3", "k")) // after: not in it
	m.Upsert(workspace("d", "w1", "k")) // a new namespace after: not in it
	changes, _, err := m.ChangesSince(start, nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	var notInA, notInAll []string
	for _, c := range changes {
		if c.Namespace == "a" && !listA.Coverage()(c) {
			notInA = append(notInA, c.Namespace+"/"+c.Name)
		}
		if !all.Coverage()(c) {
			notInAll = append(notInAll, c.Namespace+"/"+c.Name)
		}
	}
	if got := strings.Join(notInA, ","); got != "a/w3" {
		t.Errorf("namespace a's list misses %s, want a/w3", got)
	}
	if got := strings.Join(notInAll, ","); got != "a/w3,d/w1" {
		t.Errorf("the list of all misses %s, want a/w3,d/w1", got)
	}
}

func renamed(ws *v1beta1.Workspace, displayName string) *v1beta1.Workspace {
	ws.Spec.DisplayName = &displayName
	return ws
}

// What nothing shows changes nothing: no event, and the lists and their
// ETags stay.
func TestUnchangedRendersAreNotChanges(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(kind("k", "Kind"))
	m.Upsert(workspace("a", "w1", "k"))
	list, detail := m.Workspaces("a"), mustWorkspace(t, m, "a", "w1")
	head := m.Head()
	resync := workspace("a", "w1", "k")
	resync.ResourceVersion = "99" // a new version, with nothing served changed
	m.Upsert(resync)
	k := kind("k", "Kind")
	k.Status.Workspaces = 7 // shown in the kind's item, not in its Workspaces'
	m.Upsert(k)
	changes, _, err := m.ChangesSince(head, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(changes); got != "workspacekinds modified /k" {
		t.Fatalf("changes %q, want only the kind's", got)
	}
	if m.Workspaces("a") != list {
		t.Fatal("an unchanged Workspace rebuilt its namespace's list")
	}
	if mustWorkspace(t, m, "a", "w1").ETag() != detail.ETag() {
		t.Fatal("an unchanged Workspace changed its ETag")
	}
}

func mustWorkspace(t *testing.T, m *Model, ns, name string) *Body {
	t.Helper()
	b, ok := m.Workspace(ns, name)
	if !ok {
		t.Fatalf("%s/%s not found", ns, name)
	}
	return b
}

// A namespace emptied and filled again between a reader finding its scope
// and building its list: the reader answers with the new scope's list,
// never the old scope's, which would claim to cover the new Workspace.
func TestAReplacedScopeDoesNotAnswer(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	m.mu.RLock()
	stale := m.byNamespace["a"]
	m.mu.RUnlock()
	m.Delete(workspace("a", "w1", "k"))
	m.Upsert(workspace("a", "w2", "k"))
	if l := m.cached(&stale.lazyList, stale.items); l != nil {
		t.Fatal("a replaced scope built a list")
	}
	if got := strings.Join(names(t, m.Workspaces("a")), ","); got != "w2" {
		t.Fatalf("namespace a lists %q, want w2", got)
	}
}
