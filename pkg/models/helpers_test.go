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
	"strconv"
	"strings"
	"sync"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// samples holds the Workspaces and WorkspaceKinds dev mode seeds: the
// upstream samples (namespaced ones in devdata.UpstreamNamespace) and the
// seed Workspaces in realistic states, decoded once. Tests get deep copies,
// so each may modify what it gets.
var samples = sync.OnceValues(func() (map[string]runtime.Object, error) {
	all, err := devdata.Seed()
	if err != nil {
		return nil, err
	}
	out := map[string]runtime.Object{}
	for _, u := range all {
		var obj runtime.Object
		switch u.GetKind() {
		case "Workspace":
			obj = &v1beta1.Workspace{}
		case "WorkspaceKind":
			obj = &v1beta1.WorkspaceKind{}
		default:
			continue
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
			return nil, err
		}
		out[u.GetKind()+"/"+u.GetName()] = obj
	}
	return out, nil
})

func sample(t *testing.T, key string) runtime.Object {
	t.Helper()
	all, err := samples()
	if err != nil {
		t.Fatalf("decoding samples: %v", err)
	}
	obj, ok := all[key]
	if !ok {
		t.Fatalf("no sample %s", key)
	}
	return obj.DeepCopyObject()
}

// sampleKind returns a deep copy of an upstream sample WorkspaceKind
// (jupyterlab, codeserver, rstudio).
func sampleKind(t *testing.T, name string) *v1beta1.WorkspaceKind {
	t.Helper()
	return sample(t, "WorkspaceKind/"+name).(*v1beta1.WorkspaceKind)
}

// sampleWorkspace returns a deep copy of the upstream sample Workspace
// (jupyterlab-workspace) or of a seed Workspace (hack/harness/devdata/seed).
func sampleWorkspace(t *testing.T, name string) *v1beta1.Workspace {
	t.Helper()
	return sample(t, "Workspace/"+name).(*v1beta1.Workspace)
}

// envelope marshals data as upstream's handlers do, {"data": data}, checks
// the result against the upstream envelope definition, and returns the JSON
// of data alone, decoded for assertions.
func envelope(t *testing.T, definition string, data any) any {
	t.Helper()
	body, err := json.Marshal(map[string]any{"data": data})
	if err != nil {
		t.Fatalf("marshalling: %v", err)
	}
	apitest.ValidateUpstream(t, definition, body)
	var decoded struct{ Data any }
	if err := json.Unmarshal(body, &decoded); err != nil {
		t.Fatal(err)
	}
	return decoded.Data
}

// absent is the expected value of a key that must not be in the JSON.
const absent = "<absent>"

// assertJSONAt compares, for each JSON pointer, the value at that pointer in
// doc with the expected JSON text (or absent). Values are compared as
// decoded JSON, so null, [] and a missing key all differ; key order does not
// matter. The pointer "" is the whole document.
func assertJSONAt(t *testing.T, doc any, want map[string]string) {
	t.Helper()
	for pointer, wantText := range want {
		got, found := lookup(doc, pointer)
		if wantText == absent {
			if found {
				t.Errorf("%s: got %s, want it absent", pointer, pretty(got))
			}
			continue
		}
		if !found {
			t.Errorf("%s: absent, want %s", pointer, wantText)
			continue
		}
		var wantValue any
		if err := json.Unmarshal([]byte(wantText), &wantValue); err != nil {
			t.Fatalf("%s: bad expected JSON %q: %v", pointer, wantText, err)
		}
		if g, w := pretty(got), pretty(wantValue); g != w {
			t.Errorf("%s:\ngot:  %s\nwant: %s", pointer, g, w)
		}
	}
}

// lookup resolves a JSON pointer (RFC 6901, without escapes) in decoded JSON.
func lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	cur := doc
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[tok]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// pretty is the canonical text of decoded JSON: sorted keys, indented.
func pretty(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

func ptr[T any](v T) *T { return &v }
