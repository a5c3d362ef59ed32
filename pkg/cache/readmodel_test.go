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
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func workspace(ns, name, kind string) *v1beta1.Workspace {
	return &v1beta1.Workspace{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-" + name), Generation: 1},
		Spec: v1beta1.WorkspaceSpec{Kind: kind, PodTemplate: v1beta1.WorkspacePodTemplate{
			Options: v1beta1.WorkspacePodOptions{ImageConfig: "img", PodConfig: "pod"},
		}},
	}
}

func kind(name, imageDisplayName string) *v1beta1.WorkspaceKind {
	k := &v1beta1.WorkspaceKind{ObjectMeta: metav1.ObjectMeta{Name: name}}
	k.Spec.PodTemplate.Options.ImageConfig.Spawner.Default = "img"
	k.Spec.PodTemplate.Options.ImageConfig.Values = []v1beta1.ImageConfigValue{{ID: "img"}}
	k.Spec.PodTemplate.Options.ImageConfig.Values[0].Spawner.DisplayName = imageDisplayName
	return k
}

// bodied is a list response: a List or a Concat's whole body (allBody).
type bodied interface{ Bytes() []byte }

// allBody is the body AllWorkspaces answers with.
type allBody struct{ m *Model }

func (a allBody) Bytes() []byte { return bytes.Join(a.m.AllWorkspaces().Parts(), nil) }

func names(t *testing.T, l bodied) []string {
	t.Helper()
	var env struct{ Data []struct{ Name string } }
	if err := json.Unmarshal(l.Bytes(), &env); err != nil {
		t.Fatalf("invalid list JSON: %v\n%s", err, l.Bytes())
	}
	out := []string{}
	for _, d := range env.Data {
		out = append(out, d.Name)
	}
	return out
}

func TestModelLists(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("b", "w2", "k"))
	m.Upsert(workspace("a", "w3", "k"))
	m.Upsert(workspace("b", "w1", "other"))
	m.Upsert(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "b"}})
	m.Upsert(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "a"}})

	tests := []struct {
		name string
		list bodied
		want string
	}{
		{"all namespaces, ordered by namespace then name", allBody{m}, "w3,w1,w2"},
		{"one namespace", m.Workspaces("b"), "w1,w2"},
		{"a namespace without Workspaces is empty", m.Workspaces("zzz"), ""},
		{"namespaces by name", m.Namespaces(), "a,b"},
		{"no kinds yet", m.WorkspaceKinds(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(names(t, tt.list), ","); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	if string(m.Workspaces("zzz").Bytes()) != `{"data":[]}` {
		t.Fatalf("empty list is %s", m.Workspaces("zzz").Bytes())
	}
}

func TestModelCachesUntilAChange(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	m.Upsert(workspace("b", "w2", "k"))
	all, nsA, nsB := m.AllWorkspaces(), m.Workspaces("a"), m.Workspaces("b")
	if m.AllWorkspaces() != all || m.Workspaces("a") != nsA {
		t.Fatal("an unchanged scope was rebuilt")
	}
	m.Upsert(workspace("a", "w3", "k"))
	if m.AllWorkspaces() == all || m.Workspaces("a") == nsA {
		t.Fatal("a change did not invalidate its scopes")
	}
	if m.Workspaces("b") != nsB {
		t.Fatal("a change in namespace a rebuilt namespace b")
	}
	if m.Workspaces("a").ETag() == nsA.ETag() {
		t.Fatal("the ETag did not change with the content")
	}
}

func TestModelKindChangeRerendersItsWorkspaces(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	m.Upsert(workspace("a", "w2", "other"))
	if !strings.Contains(string(m.Workspaces("a").Bytes()), `"missing":true`) {
		t.Fatal("a Workspace of an unknown kind is not marked missing")
	}
	m.Upsert(kind("k", "Old Name"))
	if !strings.Contains(string(m.Workspaces("a").Bytes()), "Old Name") {
		t.Fatalf("the kind's data is not in the list: %s", m.Workspaces("a").Bytes())
	}
	m.Upsert(kind("k", "New Name"))
	body := string(m.Workspaces("a").Bytes())
	if !strings.Contains(body, "New Name") || strings.Contains(body, "Old Name") {
		t.Fatalf("the kind change was not re-rendered: %s", body)
	}
	m.Delete(toolscache.DeletedFinalStateUnknown{Key: "k", Obj: kind("k", "New Name")})
	if strings.Contains(string(m.Workspaces("a").Bytes()), "New Name") {
		t.Fatal("deleting the kind did not re-render its Workspaces")
	}
	if got := names(t, m.WorkspaceKinds()); len(got) != 0 {
		t.Fatalf("kinds after delete: %v", got)
	}
}

func TestModelDeletes(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	if _, ok := m.Workspace("a", "w1"); !ok {
		t.Fatal("w1 not found")
	}
	m.Delete(workspace("a", "w1", "k"))
	if _, ok := m.Workspace("a", "w1"); ok {
		t.Fatal("w1 still found after delete")
	}
	if got := names(t, allBody{m}); len(got) != 0 {
		t.Fatalf("all list after delete: %v", got)
	}
	if len(m.byNamespace) != 0 {
		t.Fatal("indexes keep entries of deleted Workspaces")
	}
}

func TestListPage(t *testing.T) {
	items := []item{{key: "a/3", json: []byte(`3`)}, {key: "a/1", json: []byte(`1`)}, {key: "b/2", json: []byte(`2`)}}
	sortItems(items)
	l := buildList(items)
	tests := []struct {
		name      string
		after     string
		limit     int
		wantItems string
		wantLast  string
	}{
		{"first page", "", 2, "1,3", "a/3"},
		{"continues after the key", "a/3", 2, "2", ""},
		{"a key that no longer exists continues at its place", "a/2", 1, "3", "a/3"},
		{"past the end is empty", "z", 5, "", ""},
		{"exactly the rest ends the list", "", 3, "1,3,2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, last := l.Page(tt.after, tt.limit)
			if string(items) != tt.wantItems || last != tt.wantLast {
				t.Fatalf("got %q %q, want %q %q", items, last, tt.wantItems, tt.wantLast)
			}
		})
	}
	if string(l.Bytes()) != `{"data":[1,3,2]}` {
		t.Fatalf("list %s", l.Bytes())
	}
}

func TestBodyGzipOncePerVersion(t *testing.T) {
	small := newBody([]byte(`{"data":[]}`))
	if small.Gzip() != nil {
		t.Fatal("a tiny body was compressed")
	}
	raw := bytes.Repeat([]byte(`{"name":"x"},`), 200)
	b := newBody(raw)
	first := b.Gzip()
	if &first[0] != &b.Gzip()[0] {
		t.Fatal("the gzip form was computed twice")
	}
	zr, err := gzip.NewReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Equal(plain, raw) {
		t.Fatal("gzip does not round-trip")
	}
}

// Namespaces whose names extend each other ("a", "a-b") must not
// interleave: the full list and pages over per-namespace lists keep
// (namespace, name) order, which is also the order of the namespaces'
// lists one after another.
func TestWorkspaceOrderAcrossNamespaces(t *testing.T) {
	m := NewModel(models.Options{})
	for _, ws := range []*v1beta1.Workspace{
		workspace("a-b", "w1", "k"), workspace("a", "w2", "k"), workspace("a", "w3", "k"), workspace("b", "w0", "k"),
	} {
		m.Upsert(ws)
	}
	// Build one namespace's list first, so the full list reuses it.
	_ = m.Workspaces("a")
	if got, want := strings.Join(names(t, allBody{m}), ","), "w2,w3,w1,w0"; got != want {
		t.Fatalf("full list %s, want %s", got, want)
	}
	lists := []*List{m.Workspaces("a"), m.Workspaces("a-b"), m.Workspaces("b")}
	var got []string
	after := ""
	for {
		runs, last := PageLists(lists, after, 1)
		for _, run := range runs {
			got = append(got, string(run))
		}
		if last == "" {
			break
		}
		after = last
	}
	if len(got) != 4 {
		t.Fatalf("paging one at a time over per-namespace lists gave %d items, want 4", len(got))
	}
	full := allBody{m}.Bytes()
	if want := `{"data":[` + strings.Join(got, ",") + `]}`; string(full) != want {
		t.Fatalf("pages %s\nfull  %s", want, full)
	}
}

// A namespace's list follows every change of its Workspaces and of their
// kind.
func TestModelListFollowsChanges(t *testing.T) {
	m := NewModel(models.Options{})
	m.Upsert(workspace("a", "w1", "k"))
	m.Upsert(workspace("a", "w2", "k"))
	steps := []struct {
		name      string
		change    func()
		wantNames string
	}{
		{"the first build has every item", func() {}, "w1,w2"},
		{"a new Workspace", func() { m.Upsert(workspace("a", "w0", "k")) }, "w0,w1,w2"},
		{"an update", func() { m.Upsert(renamed(workspace("a", "w1", "k"), "W1")) }, "w0,w1,w2"},
		{"an update that shows nothing new", func() { m.Upsert(renamed(workspace("a", "w1", "k"), "W1")) }, "w0,w1,w2"},
		{"a kind change re-renders its Workspaces", func() { m.Upsert(kind("k", "Kind Name")) }, "w0,w1,w2"},
		{"a delete leaves the others in the list", func() { m.Delete(workspace("a", "w1", "k")) }, "w0,w2"},
		{"emptied and filled again", func() {
			m.Delete(workspace("a", "w0", "k"))
			m.Delete(workspace("a", "w2", "k"))
			m.Upsert(workspace("a", "w9", "k"))
		}, "w9"},
	}
	for _, step := range steps {
		step.change()
		if got := strings.Join(names(t, m.Workspaces("a")), ","); got != step.wantNames {
			t.Fatalf("%s: list %q, want %q", step.name, got, step.wantNames)
		}
	}
	if !strings.Contains(string(m.Workspaces("a").Bytes()), "Kind Name") {
		t.Fatal("the re-rendered item is not in the list")
	}
}

// Lists built while events arrive (run with -race) are always complete and
// valid: every item is found, pending or in the last list.
func TestModelBuildsDuringEvents(t *testing.T) {
	m := NewModel(models.Options{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 2000 {
			ws := workspace("a", "w"+strconv.Itoa(i%20), "k")
			if i%7 == 0 {
				m.Delete(ws)
			} else {
				m.Upsert(ws)
			}
			if i%100 == 0 {
				m.Upsert(kind("k", "v"+strconv.Itoa(i)))
			}
		}
	}()
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		default:
		}
		names(t, m.Workspaces("a"))
		names(t, allBody{m})
		if b, ok := m.Workspace("a", "w1"); ok && !json.Valid(b.Bytes()) {
			t.Fatalf("invalid detail JSON: %s", b.Bytes())
		}
	}
}

// countingObserver counts the objects rendered, by resource.
type countingObserver struct {
	mu       sync.Mutex
	rendered map[string]int
}

func (o *countingObserver) Rendered(resource string, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rendered[resource]++
}

func (o *countingObserver) ListBuilt(string, time.Duration) {}

// A kind's Workspaces are rendered again when what they show of it
// changes, not when the controller writes the kind's counts.
func TestKindChangesRenderItsWorkspacesOnlyWhenShown(t *testing.T) {
	obs := &countingObserver{rendered: map[string]int{}}
	m := NewModel(models.Options{})
	m.SetObserver(obs)
	m.Upsert(kind("k", "Image"))
	for i := range 3 {
		m.Upsert(workspace("a", "w"+strconv.Itoa(i), "k"))
	}
	counted := kind("k", "Image")
	counted.Status.Workspaces = 3
	iconed := kind("k", "Image")
	iconed.Status.SpawnerIcon.SHA256 = "abc"
	tests := []struct {
		name         string
		kind         *v1beta1.WorkspaceKind
		wantRendered int
	}{
		{"the controller's count of Workspaces", counted, 0},
		{"an option's display name", kind("k", "Renamed"), 3},
		{"the icon's hash", iconed, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := obs.rendered[ResourceWorkspaces]
			m.Upsert(tt.kind)
			if got := obs.rendered[ResourceWorkspaces] - before; got != tt.wantRendered {
				t.Fatalf("%d Workspaces rendered, want %d", got, tt.wantRendered)
			}
		})
	}
}

func namespace(name string, labels map[string]string) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
}

func TestKindListsPerNamespace(t *testing.T) {
	m := NewModel(models.Options{})
	ruled := kind("ruled", "x")
	ruled.Spec.FilterRules = []v1beta1.FilterRule{
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{
			Selector: metav1.LabelSelector{MatchLabels: map[string]string{"team": "gone"}}}}},
			Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: ptrTo(true)}}},
	}
	m.Upsert(ruled)
	m.Upsert(kind("plain", "x"))
	m.Upsert(namespace("a", map[string]string{"team": "gone"}))
	m.Upsert(namespace("b", nil))

	if got := names(t, m.WorkspaceKindsIn("a")); strings.Join(got, ",") != "plain" {
		t.Errorf("a: %v, want the ruled kind left out", got)
	}
	if got := names(t, m.WorkspaceKindsIn("b")); strings.Join(got, ",") != "plain,ruled" {
		t.Errorf("b: %v", got)
	}
	if m.WorkspaceKindsIn("missing") != m.WorkspaceKinds() {
		t.Error("a namespace that does not exist is not answered with the list of every kind")
	}

	a, b := m.WorkspaceKindsIn("a"), m.WorkspaceKindsIn("b")
	m.Upsert(namespace("a", map[string]string{"team": "gone", "other": "label"}))
	m.Upsert(namespace("c", map[string]string{"team": "gone"}))
	if m.WorkspaceKindsIn("a").ETag() != a.ETag() || m.WorkspaceKindsIn("b").ETag() != b.ETag() {
		t.Error("a label no rule changes the outcome of, or another namespace, changed a list's ETag")
	}
	m.Upsert(namespace("b", map[string]string{"team": "gone"}))
	if l := m.WorkspaceKindsIn("b"); l.ETag() == b.ETag() || strings.Join(names(t, l), ",") != "plain" {
		t.Errorf("b relabelled: %v, ETag %s (was %s)", names(t, l), l.ETag(), b.ETag())
	}
	m.Upsert(kind("plain", "y"))
	if l := m.WorkspaceKindsIn("a"); l.ETag() == a.ETag() {
		t.Error("a kind change kept the namespace's ETag")
	}
	m.Delete(namespace("b", nil))
	if m.WorkspaceKindsIn("b") != m.WorkspaceKinds() {
		t.Error("a deleted namespace keeps its list")
	}
	m.Delete(ruled)
	if m.WorkspaceKindsIn("a") != m.WorkspaceKinds() || len(m.kindsIn) != 0 {
		t.Error("without WORKSPACE_KIND rules a namespace has a list of its own")
	}
}

func ptrTo[T any](v T) *T { return &v }
