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

package crd_test

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/localcluster"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// TestUpstreamSamplesRoundTrip applies every upstream sample manifest to a
// real API server with our CRDs and reads it back: a field our schema does
// not know would be pruned, a constraint it gets wrong would reject the
// object. Then the stored Workspaces and WorkspaceKinds go through our Go
// types, which must neither reject nor drop any field.
func TestUpstreamSamplesRoundTrip(t *testing.T) {
	env := testenv.Get(t)
	ns := env.Namespace(t)
	ctx := testenv.Context(t)
	creator, err := localcluster.NewCreator(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := devdata.Upstream()
	if err != nil {
		t.Fatal(err)
	}
	// Kinds first: the sample Workspace refers to one.
	var ordered []*unstructured.Unstructured
	for _, kindFirst := range []bool{true, false} {
		for _, file := range sortedKeys(samples) {
			for _, obj := range samples[file] {
				if (obj.GetKind() == "WorkspaceKind") == kindFirst {
					ordered = append(ordered, obj)
				}
			}
		}
	}
	if len(ordered) < 8 {
		t.Fatalf("expected at least 8 sample objects, found %d", len(ordered))
	}
	for _, sent := range ordered {
		t.Run(sent.GetKind()+"/"+sent.GetName(), func(t *testing.T) {
			sent = sent.DeepCopy()
			if sent.GetKind() != "WorkspaceKind" {
				sent.SetNamespace(ns)
			}
			stored, err := creator.Create(ctx, sent)
			if err != nil {
				t.Fatalf("the API server rejected an upstream sample: %v", err)
			}
			for _, field := range []string{"spec", "data", "type"} {
				if want, ok := sent.Object[field]; ok {
					if diffs := missing(field, want, stored.Object[field]); len(diffs) > 0 {
						t.Errorf("read back differs from what was sent (pruned or changed):\n%v", diffs)
					}
				}
			}
			var typed runtime.Object
			switch sent.GetKind() {
			case "Workspace":
				typed = &v1beta1.Workspace{}
			case "WorkspaceKind":
				typed = &v1beta1.WorkspaceKind{}
			default:
				return
			}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructuredWithValidation(stored.Object, typed, true); err != nil {
				t.Fatalf("our Go types reject the stored object: %v", err)
			}
			back, err := runtime.DefaultUnstructuredConverter.ToUnstructured(typed)
			if err != nil {
				t.Fatal(err)
			}
			if diffs := missing("spec", stored.Object["spec"], back["spec"]); len(diffs) > 0 {
				t.Errorf("our Go types drop or change fields:\n%v", diffs)
			}
		})
	}
}

// missing lists the paths under which want has a value that got lacks or
// holds differently; fields only got has (server defaults) are fine. An
// empty list or map equals an absent one (Go's omitempty drops them, as
// upstream's types do), and resource quantities compare by value ("1000m"
// is "1" once parsed).
func missing(path string, want, got any) []string {
	if isEmptyCollection(want) && (got == nil || isEmptyCollection(got)) {
		return nil
	}
	if strings.Contains(path, ".resources.") && sameQuantity(want, got) {
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", path, got)}
		}
		var out []string
		for _, k := range sortedKeys(w) {
			out = append(out, missing(path+"."+k, w[k], g[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want a list of %d, got %v", path, len(w), got)}
		}
		var out []string
		for i := range w {
			out = append(out, missing(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	default:
		if !reflect.DeepEqual(normalize(want), normalize(got)) {
			return []string{fmt.Sprintf("%s: want %v (%T), got %v (%T)", path, want, want, got, got)}
		}
		return nil
	}
}

func isEmptyCollection(v any) bool {
	switch c := v.(type) {
	case map[string]any:
		return len(c) == 0
	case []any:
		return len(c) == 0
	}
	return false
}

func sameQuantity(a, b any) bool {
	qa, errA := resource.ParseQuantity(fmt.Sprint(a))
	qb, errB := resource.ParseQuantity(fmt.Sprint(b))
	return errA == nil && errB == nil && qa.Cmp(qb) == 0
}

// normalize makes JSON numbers comparable whatever their Go type.
func normalize(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
