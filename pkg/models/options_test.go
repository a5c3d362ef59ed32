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
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// The values of the upstream jupyterlab kind, in order.
var (
	allImages = []string{"jupyter-scipy:v1.8.0", "jupyter-scipy:v1.9.2", "jupyter-scipy:v1.10.0",
		"jupyter-pytorch-cuda-full:v1.9.2", "jupyter-pytorch-cuda-full:v1.10.0"}
	cudaImages = []string{"jupyter-pytorch-cuda-full:v1.9.2", "jupyter-pytorch-cuda-full:v1.10.0"}
	allPods    = []string{"tiny_cpu", "small_cpu", "big_gpu"}
)

func TestNewPodTemplateOptions(t *testing.T) {
	tests := []struct {
		name string
		// rules replace the filter rules of the upstream jupyterlab kind.
		rules  []v1beta1.FilterRule
		modify func(kind *v1beta1.WorkspaceKind)
		ctx    models.OptionsContext
		// wantImages and wantPods are the ids returned, in order.
		wantImages, wantPods []string
		// wantHidden and wantDenied are the ids returned hidden / denied.
		wantHidden, wantDenied []string
		want                   map[string]string
	}{{
		name: "empty context without rules lists every value as the kind defines it",
		modify: func(kind *v1beta1.WorkspaceKind) {
			tiny := &kind.Spec.PodTemplate.Options.PodConfig.Values[0]
			tiny.Spawner.Labels = nil
			tiny.Spawner.Description = nil
			tiny.Redirect = &v1beta1.OptionRedirect{To: "small_cpu"}
			kind.Status.PodTemplateOptions.PodConfig = []v1beta1.OptionMetric{{ID: "small_cpu", Workspaces: 4}, {ID: "retired", Workspaces: 9}}
		},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		want: map[string]string{"/podConfig": `{"default": "tiny_cpu", "values": [{
				"id": "tiny_cpu", "displayName": "Tiny CPU", "description": "",
				"hidden": false, "redirect": {"to": "small_cpu"},
				"clusterMetrics": {"workspacesCount": 0}, "restrictions": {"deny": false}
			}, {
				"id": "small_cpu", "displayName": "Small CPU", "description": "Pod with 1 CPU, 2 GB RAM",
				"labels": [{"key": "cpu", "value": "1000m"}, {"key": "memory", "value": "2Gi"}],
				"hidden": false, "clusterMetrics": {"workspacesCount": 4}, "restrictions": {"deny": false}
			}, {
				"id": "big_gpu", "displayName": "Big GPU", "description": "Pod with 4 CPU, 16 GB RAM, and 1 GPU",
				"labels": [{"key": "cpu", "value": "4000m"}, {"key": "memory", "value": "16Gi"}, {"key": "gpu", "value": "1"}],
				"hidden": false, "clusterMetrics": {"workspacesCount": 0}, "restrictions": {"deny": false}
			}]}`,
			"/imageConfig/values/0/redirect": `{"to": "jupyter-scipy:v1.9.2", "message": {"level": "Info",
				"text": "This update does not introduce any breaking changes in Python packages from SciPy. However, the version of JupyterLab has been updated from 3.6.6 to 4.2.5.\n"}}`,
		},
	}, {
		name:       "context image id returns only that image value",
		ctx:        models.OptionsContext{ImageConfigID: "jupyter-scipy:v1.9.2"},
		wantImages: []string{"jupyter-scipy:v1.9.2"},
		wantPods:   allPods,
	}, {
		name:       "context pod id returns only that pod value",
		ctx:        models.OptionsContext{PodConfigID: "big_gpu"},
		wantImages: allImages,
		wantPods:   []string{"big_gpu"},
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name:     "unknown context id returns no values and omits the values key",
		ctx:      models.OptionsContext{ImageConfigID: "jupyter-scipy:v0.1"},
		wantPods: allPods,
		want:     map[string]string{"/imageConfig": `{"default": "jupyter-scipy:v1.10.0"}`},
	}, {
		name: "api hide omits the matching values",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("cuda_version")}},
			Effect: apiHide(),
		}},
		wantImages: allImages[:3],
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name: "api hide of every value omits the values key",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopePodConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: &v1beta1.FilterRuleSelector{}}},
			Effect: apiHide(),
		}},
		wantImages: allImages,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		want:       map[string]string{"/podConfig": `{"default": "tiny_cpu"}`},
	}, {
		name: "ui hide forces hidden on the matching values",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("cuda_version")}},
			Effect: uiHide(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: append([]string{"jupyter-scipy:v1.8.0"}, cudaImages...),
	}, {
		name: "api deny restricts the matching values with the rule's message",
		rules: []v1beta1.FilterRule{{
			Scope: v1beta1.FilterRuleScopePodConfig,
			Match: []v1beta1.FilterRuleMatch{{MatchPodConfig: selectorExists("gpu")}},
			Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{
				Deny: ptr(true), DenyMessage: &v1beta1.FilterRuleDenyMessage{Text: "GPUs need a quota"},
			}},
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: []string{"big_gpu"},
		want: map[string]string{
			"/podConfig/values/2/restrictions": `{"deny": true, "denyMessage": {"text": "GPUs need a quota"}}`,
			"/podConfig/values/2/hidden":       `false`,
			"/podConfig/values/1/restrictions": `{"deny": false}`,
		},
	}, {
		name: "api deny without a message restricts without one",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopePodConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: selectorExists("gpu")}},
			Effect: apiDeny(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: []string{"big_gpu"},
		want:       map[string]string{"/podConfig/values/2/restrictions": `{"deny": true}`},
	}, {
		name: "ui hide and api deny of one rule both apply",
		rules: []v1beta1.FilterRule{{
			Scope: v1beta1.FilterRuleScopePodConfig,
			Match: []v1beta1.FilterRuleMatch{{MatchPodConfig: selectorExists("gpu")}},
			Effect: v1beta1.FilterRuleEffect{
				UI:  &v1beta1.FilterRuleUIEffect{Hide: true},
				API: &v1beta1.FilterRuleAPIEffect{Deny: ptr(true)},
			},
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0", "big_gpu"},
		wantDenied: []string{"big_gpu"},
	}, {
		name: "first matching rule wins",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("cuda_version")}},
			Effect: uiHide(),
		}, {
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("python_version")}},
			Effect: apiHide(),
		}},
		wantImages: cudaImages,
		wantPods:   allPods,
		wantHidden: cudaImages,
	}, {
		name: "a rule that does not match lets the next one apply",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorIn("python_version", "3.11.10")}},
			Effect: uiHide(),
		}, {
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("python_version")}},
			Effect: apiDeny(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0", "jupyter-scipy:v1.9.2", "jupyter-pytorch-cuda-full:v1.9.2"},
		wantDenied: []string{"jupyter-scipy:v1.8.0", "jupyter-scipy:v1.10.0", "jupyter-pytorch-cuda-full:v1.10.0"},
	}, {
		name: "a rule applies only to values of its scope",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopePodConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{}}},
			Effect: apiDeny(),
		}},
		ctx:        models.OptionsContext{Namespace: "team-a", NamespaceLabels: map[string]string{}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: allPods,
	}, {
		name:       "workspace kind rules do not apply to values",
		rules:      []v1beta1.FilterRule{{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{}}}, Effect: apiHide()}},
		ctx:        models.OptionsContext{Namespace: "team-a", NamespaceLabels: map[string]string{}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name: "upstream codeserver rule hides CUDA images in a namespace without GPUs",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.FilterRules = sampleKind(t, "codeserver").Spec.FilterRules
		},
		ctx:        models.OptionsContext{Namespace: "team-a", NamespaceLabels: map[string]string{"kubernetes.io/metadata.name": "team-a"}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: append([]string{"jupyter-scipy:v1.8.0"}, cudaImages...),
	}, {
		name: "match items are ANDed: a namespace with GPUs shows CUDA images",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.FilterRules = sampleKind(t, "codeserver").Spec.FilterRules
		},
		ctx:        models.OptionsContext{Namespace: "team-gpu", NamespaceLabels: map[string]string{"nvidia.com/gpu": "true"}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name: "namespace conditions are false without a namespace in context, even a DoesNotExist selector",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.FilterRules = sampleKind(t, "codeserver").Spec.FilterRules
		},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name: "namespace selector matches the context namespace's labels",
		rules: []v1beta1.FilterRule{{
			Scope: v1beta1.FilterRuleScopePodConfig,
			Match: []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "workspace_team", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"team_1"}}},
			}}}, {MatchPodConfig: selectorExists("gpu")}},
			Effect: apiHide(),
		}},
		ctx:        models.OptionsContext{Namespace: "team-b", NamespaceLabels: map[string]string{"workspace_team": "team_2"}},
		wantImages: allImages,
		wantPods:   allPods[:2],
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name:       "pod rule on image labels uses the context image: a non-CUDA image hides GPU pods",
		rules:      sampleKind(t, "rstudio").Spec.FilterRules,
		ctx:        models.OptionsContext{ImageConfigID: "jupyter-scipy:v1.10.0"},
		wantImages: []string{"jupyter-scipy:v1.10.0"},
		wantPods:   allPods,
		wantHidden: []string{"big_gpu"},
	}, {
		name:       "pod rule on image labels uses the context image: a CUDA image shows GPU pods",
		rules:      sampleKind(t, "rstudio").Spec.FilterRules,
		ctx:        models.OptionsContext{ImageConfigID: "jupyter-pytorch-cuda-full:v1.10.0"},
		wantImages: []string{"jupyter-pytorch-cuda-full:v1.10.0"},
		wantPods:   allPods,
	}, {
		name:       "pod rule on image labels is false without a context image",
		rules:      sampleKind(t, "rstudio").Spec.FilterRules,
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name:     "pod rule on image labels is false for an unknown context image",
		rules:    sampleKind(t, "rstudio").Spec.FilterRules,
		ctx:      models.OptionsContext{ImageConfigID: "jupyter-scipy:v0.1"},
		wantPods: allPods,
	}, {
		name: "image rule on pod labels uses the context pod",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: selectorExists("gpu")}, {MatchImageConfig: selectorExists("cuda_version")}},
			Effect: apiDeny(),
		}},
		ctx:        models.OptionsContext{PodConfigID: "big_gpu"},
		wantImages: allImages,
		wantPods:   []string{"big_gpu"},
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: cudaImages,
	}, {
		name: "image rule on pod labels is false without a context pod",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: &v1beta1.FilterRuleSelector{}}},
			Effect: apiDeny(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}, {
		name: "an empty selector matches every value of the scope",
		rules: []v1beta1.FilterRule{{
			Scope:  v1beta1.FilterRuleScopeImageConfig,
			Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: &v1beta1.FilterRuleSelector{}}},
			Effect: apiDeny(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: allImages,
	}, {
		name: "a condition with an invalid selector is dropped and the others still apply",
		rules: []v1beta1.FilterRule{{
			Scope: v1beta1.FilterRuleScopeImageConfig,
			Match: []v1beta1.FilterRuleMatch{
				{MatchImageConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
					MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "python_version", Operator: "Bogus"}},
				}}},
				{MatchImageConfig: selectorExists("cuda_version")},
			},
			Effect: apiDeny(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
		wantDenied: cudaImages,
	}, {
		name: "a rule left without conditions is ignored rather than matching everything",
		rules: []v1beta1.FilterRule{{
			Scope: v1beta1.FilterRuleScopeImageConfig,
			Match: []v1beta1.FilterRuleMatch{
				{MatchImageConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
					MatchLabels: map[string]string{"not a valid key!": "x"},
				}}},
				{}, // no selector at all
			},
			Effect: apiHide(),
		}, {
			Scope: v1beta1.FilterRuleScopeImageConfig,
			Match: []v1beta1.FilterRuleMatch{{MatchImageConfig: &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "cuda_version", Operator: metav1.LabelSelectorOpIn}},
			}}}},
			Effect: apiHide(),
		}},
		wantImages: allImages,
		wantPods:   allPods,
		wantHidden: []string{"jupyter-scipy:v1.8.0"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := sampleKind(t, "jupyterlab")
			kind.Spec.FilterRules = tt.rules
			if tt.modify != nil {
				tt.modify(kind)
			}
			options := models.NewPodTemplateOptions(kind, tt.ctx)
			got := envelope(t, "api.PodTemplateOptionsEnvelope", options)

			var gotImages, gotPods, gotHidden, gotDenied []string
			for _, values := range []struct {
				list []models.OptionValue
				ids  *[]string
			}{{options.ImageConfig.Values, &gotImages}, {options.PodConfig.Values, &gotPods}} {
				for _, v := range values.list {
					*values.ids = append(*values.ids, v.ID)
					if v.Hidden {
						gotHidden = append(gotHidden, v.ID)
					}
					if v.Restrictions.Deny {
						gotDenied = append(gotDenied, v.ID)
					}
				}
			}
			for _, c := range []struct {
				what      string
				got, want []string
			}{
				{"image values", gotImages, tt.wantImages},
				{"pod values", gotPods, tt.wantPods},
				{"hidden values", gotHidden, tt.wantHidden},
				{"denied values", gotDenied, tt.wantDenied},
			} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			assertJSONAt(t, got, tt.want)
		})
	}
}

func TestNewPodTemplateOptionsDoesNotShareTheObject(t *testing.T) {
	kind := sampleKind(t, "jupyterlab")
	options := models.NewPodTemplateOptions(kind, models.OptionsContext{})
	options.ImageConfig.Values[0].Labels[0].Value = "changed"
	options.ImageConfig.Values[0].Redirect.Message.Text = "changed"
	v := kind.Spec.PodTemplate.Options.ImageConfig.Values[0]
	if v.Spawner.Labels[0].Value != "3.11.6" || v.Redirect.Message.Text == "changed" {
		t.Error("the WorkspaceKind changed through its model")
	}
}

func apiHide() v1beta1.FilterRuleEffect {
	return v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: ptr(true)}}
}

func apiDeny() v1beta1.FilterRuleEffect {
	return v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: ptr(true)}}
}

func uiHide() v1beta1.FilterRuleEffect {
	return v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}}
}

// selectorIn selects values whose label key has one of the values.
func selectorIn(key string, values ...string) *v1beta1.FilterRuleSelector {
	return &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
		MatchExpressions: []metav1.LabelSelectorRequirement{{Key: key, Operator: metav1.LabelSelectorOpIn, Values: values}},
	}}
}
