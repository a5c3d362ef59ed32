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

package v1beta1_test

import (
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

func TestAddToSchemeRegistersKindsAndLists(t *testing.T) {
	scheme := runtime.NewScheme()
	if err := v1beta1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind   string
		object runtime.Object
	}{
		{"Workspace", &v1beta1.Workspace{}},
		{"WorkspaceList", &v1beta1.WorkspaceList{}},
		{"WorkspaceKind", &v1beta1.WorkspaceKind{}},
		{"WorkspaceKindList", &v1beta1.WorkspaceKindList{}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			want := v1beta1.GroupVersion.WithKind(tt.kind)
			gvks, _, err := scheme.ObjectKinds(tt.object)
			if err != nil {
				t.Fatal(err)
			}
			if len(gvks) != 1 || gvks[0] != want {
				t.Errorf("%T is registered as %v, want [%v]", tt.object, gvks, want)
			}
			created, err := scheme.New(want)
			if err != nil {
				t.Fatalf("scheme cannot create %v: %v", want, err)
			}
			if got, want := typeName(created), typeName(tt.object); got != want {
				t.Errorf("scheme.New(%s) = %s, want %s", tt.kind, got, want)
			}
		})
	}

	// metav1.AddToGroupVersion registers the option and watch types that
	// clients need to list and watch the group version.
	for _, kind := range []string{"ListOptions", "WatchEvent", "DeleteOptions"} {
		if !scheme.Recognizes(v1beta1.GroupVersion.WithKind(kind)) {
			t.Errorf("scheme does not recognize %s in %v", kind, v1beta1.GroupVersion)
		}
	}
}

func typeName(obj runtime.Object) string {
	return fmt.Sprintf("%T", obj)
}
