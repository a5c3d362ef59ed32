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

package devmode

import (
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

func TestKindUsage(t *testing.T) {
	kind := &v1beta1.WorkspaceKind{ObjectMeta: metav1.ObjectMeta{Name: "lab"}}
	kind.Spec.PodTemplate.Options.ImageConfig.Values = []v1beta1.ImageConfigValue{{ID: "a"}, {ID: "b"}}
	kind.Spec.PodTemplate.Options.PodConfig.Values = []v1beta1.PodConfigValue{{ID: "small"}, {ID: "big"}}
	ws := func(kind, image, pod string) v1beta1.Workspace {
		w := v1beta1.Workspace{}
		w.Spec.Kind = kind
		w.Spec.PodTemplate.Options = v1beta1.WorkspacePodOptions{ImageConfig: image, PodConfig: pod}
		return w
	}
	metric := func(id string, n int32) v1beta1.OptionMetric { return v1beta1.OptionMetric{ID: id, Workspaces: n} }
	tests := []struct {
		name       string
		workspaces []v1beta1.Workspace
		wantTotal  int32
		want       v1beta1.PodTemplateOptionsMetrics
	}{
		{"no Workspace: every value counts 0", nil, 0, v1beta1.PodTemplateOptionsMetrics{
			ImageConfig: []v1beta1.OptionMetric{metric("a", 0), metric("b", 0)},
			PodConfig:   []v1beta1.OptionMetric{metric("small", 0), metric("big", 0)},
		}},
		{"Workspaces of other kinds do not count", []v1beta1.Workspace{ws("other", "a", "small")}, 0, v1beta1.PodTemplateOptionsMetrics{
			ImageConfig: []v1beta1.OptionMetric{metric("a", 0), metric("b", 0)},
			PodConfig:   []v1beta1.OptionMetric{metric("small", 0), metric("big", 0)},
		}},
		{"each value counts its Workspaces; an unknown value counts toward the kind only", []v1beta1.Workspace{
			ws("lab", "a", "small"), ws("lab", "a", "big"), ws("lab", "retired", "small"),
		}, 3, v1beta1.PodTemplateOptionsMetrics{
			ImageConfig: []v1beta1.OptionMetric{metric("a", 2), metric("b", 0)},
			PodConfig:   []v1beta1.OptionMetric{metric("small", 2), metric("big", 1)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, metrics := KindUsage(kind, tt.workspaces)
			if total != tt.wantTotal || !reflect.DeepEqual(metrics, tt.want) {
				t.Fatalf("KindUsage = %d %+v, want %d %+v", total, metrics, tt.wantTotal, tt.want)
			}
		})
	}
}
