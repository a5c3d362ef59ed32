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

package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// Short names of the upstream jupyterlab sample's option values.
var shortValues = map[string]string{
	"jupyter-scipy:v1.8.0":              "scipy-1.8",
	"jupyter-scipy:v1.9.2":              "scipy-1.9",
	"jupyter-scipy:v1.10.0":             "scipy-1.10",
	"jupyter-pytorch-cuda-full:v1.9.2":  "cuda-1.9",
	"jupyter-pytorch-cuda-full:v1.10.0": "cuda-1.10",
	"tiny_cpu":                          "tiny",
	"small_cpu":                         "small",
	"big_gpu":                           "big",
}

// summarize renders one option type of a listvalues answer as
// "value[ hidden][ deny[: message]], ...", or "absent" when it has no
// values key.
func summarize(t *testing.T, body []byte, option string) string {
	t.Helper()
	var env struct {
		Data map[string]struct {
			Values *[]struct {
				ID           string `json:"id"`
				Hidden       bool   `json:"hidden"`
				Restrictions struct {
					Deny        bool `json:"deny"`
					DenyMessage *struct {
						Text string `json:"text"`
					} `json:"denyMessage"`
				} `json:"restrictions"`
			} `json:"values"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("not a listvalues answer: %v: %s", err, body)
	}
	values := env.Data[option].Values
	if values == nil {
		return "absent"
	}
	var out []string
	for _, v := range *values {
		s := shortValues[v.ID]
		if v.Hidden {
			s += " hidden"
		}
		if v.Restrictions.Deny {
			s += " deny"
			if m := v.Restrictions.DenyMessage; m != nil {
				s += ": " + m.Text
			}
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func selector(labels map[string]string, exprs ...metav1.LabelSelectorRequirement) *v1beta1.FilterRuleSelector {
	return &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{MatchLabels: labels, MatchExpressions: exprs}}
}

func expr(key string, op metav1.LabelSelectorOperator, values ...string) metav1.LabelSelectorRequirement {
	return metav1.LabelSelectorRequirement{Key: key, Operator: op, Values: values}
}

// filterRulesKind is the upstream jupyterlab sample (whose own rule, of
// scope WORKSPACE_KIND, never applies to values) with rules exercising
// every part of their evaluation.
func filterRulesKind(t *testing.T, name string) *v1beta1.WorkspaceKind {
	kind := sampleKind(t, name)
	yes := true
	noGPUNamespace := v1beta1.FilterRuleMatch{MatchNamespace: selector(nil, expr("gpu", metav1.LabelSelectorOpNotIn, "true"))}
	invalid := selector(nil, expr("team", metav1.LabelSelectorOpIn)) // In without values does not parse
	kind.Spec.FilterRules = append(kind.Spec.FilterRules,
		// R1: CUDA images are omitted in namespaces without GPUs.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopeImageConfig, Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: &yes}},
			Match: []v1beta1.FilterRuleMatch{noGPUNamespace, {MatchImageConfig: selector(nil, expr("cuda_version", metav1.LabelSelectorOpExists))}}},
		// R2: images of Python 3.11.10 are hidden in the UI.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopeImageConfig, Effect: v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}},
			Match: []v1beta1.FilterRuleMatch{{MatchImageConfig: selector(map[string]string{"python_version": "3.11.10"})}}},
		// R3: with a tiny pod in context, images are denied: an image rule
		// testing the context's pod (and never a pod value itself).
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopeImageConfig,
			Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: &yes, DenyMessage: &v1beta1.FilterRuleDenyMessage{Text: "too big for a tiny pod"}}},
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: selector(map[string]string{"cpu": "100m"})}}},
		// R4: its invalid namespace condition is dropped, so small_cpu is
		// omitted everywhere.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopePodConfig, Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: &yes}},
			Match: []v1beta1.FilterRuleMatch{{MatchPodConfig: selector(map[string]string{"memory": "2Gi"})}, {MatchNamespace: invalid}}},
		// R5: nothing valid left, so the rule is ignored (it would
		// otherwise omit every pod value).
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopePodConfig, Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: &yes}},
			Match: []v1beta1.FilterRuleMatch{{MatchPodConfig: invalid}}},
		// R6: GPU pods are denied, with a message, outside GPU namespaces.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopePodConfig,
			Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: &yes, DenyMessage: &v1beta1.FilterRuleDenyMessage{Text: "GPUs need a GPU namespace"}}},
			Match:  []v1beta1.FilterRuleMatch{{MatchPodConfig: selector(nil, expr("gpu", metav1.LabelSelectorOpExists))}, noGPUNamespace}},
		// R7: with a CUDA image in context, pods without GPU are hidden.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopePodConfig, Effect: v1beta1.FilterRuleEffect{UI: &v1beta1.FilterRuleUIEffect{Hide: true}},
			Match: []v1beta1.FilterRuleMatch{
				{MatchImageConfig: selector(nil, expr("cuda_version", metav1.LabelSelectorOpExists))},
				{MatchPodConfig: selector(nil, expr("gpu", metav1.LabelSelectorOpDoesNotExist))},
			}},
		// R8: GPU pods are always denied, without a message, unless R6
		// matched first.
		v1beta1.FilterRule{Scope: v1beta1.FilterRuleScopePodConfig, Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: &yes}},
			Match: []v1beta1.FilterRuleMatch{{MatchPodConfig: selector(nil, expr("gpu", metav1.LabelSelectorOpExists))}}},
	)
	return kind
}

func TestListValues(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	plain := env.Namespace(t)
	gpu := env.Namespace(t, map[string]string{"gpu": "true"})
	kindName := "filters-" + plain
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, filterRulesKind(t, kindName), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kindName, metav1.DeleteOptions{})
	})
	url := base + "/api/v1/workspacekinds/" + kindName + "/podtemplate/options/listvalues"
	waitFor(t, base+"/api/v1/workspacekinds/"+kindName, func(r response) bool { return r.status == 200 }, "the kind served")
	// The namespaces' labels come from the informer: wait until it has both.
	waitFor(t, base+"/api/v1/namespaces", func(r response) bool {
		items := listItems(t, r.body)
		return items[plain] != nil && items[gpu] != nil
	}, "the namespaces served")

	const allImages = "scipy-1.8 hidden, scipy-1.9 hidden, scipy-1.10, cuda-1.9 hidden, cuda-1.10"
	tests := []struct {
		name, body      string
		images, pods    string
		status          int
		field, contains string
	}{
		{name: "the empty context: namespace conditions are false, cross-type ones too",
			body: `{"data":{}}`, status: 200, images: allImages, pods: "tiny, big deny"},
		{name: "an empty context object is the same",
			body: `{"data":{"context":{}}}`, status: 200, images: allImages, pods: "tiny, big deny"},
		{name: "a namespace without GPUs: CUDA images omitted, GPU pods denied with the first rule's message",
			body: `{"data":{"context":{"namespace":{"name":"` + plain + `"}}}}`, status: 200,
			images: "scipy-1.8 hidden, scipy-1.9 hidden, scipy-1.10", pods: "tiny, big deny: GPUs need a GPU namespace"},
		{name: "a GPU namespace: CUDA images listed, GPU pods denied by the later rule without message",
			body: `{"data":{"context":{"namespace":{"name":"` + gpu + `"}}}}`, status: 200, images: allImages, pods: "tiny, big deny"},
		{name: "a namespace that does not exist matches no namespace condition",
			body: `{"data":{"context":{"namespace":{"name":"no-such-namespace"}}}}`, status: 200, images: allImages, pods: "tiny, big deny"},
		{name: "an image in context: only that image, and pod rules test its labels",
			body: `{"data":{"context":{"imageConfig":{"id":"jupyter-pytorch-cuda-full:v1.10.0"}}}}`, status: 200,
			images: "cuda-1.10", pods: "tiny hidden, big deny"},
		{name: "a pod in context: only that pod, which image-scoped rules do not touch; image rules test it, first match wins",
			body: `{"data":{"context":{"podConfig":{"id":"tiny_cpu"}}}}`, status: 200,
			images: "scipy-1.8 hidden deny: too big for a tiny pod, scipy-1.9 hidden, scipy-1.10 deny: too big for a tiny pod, cuda-1.9 hidden, cuda-1.10 deny: too big for a tiny pod",
			pods:   "tiny"},
		{name: "every value of a type omitted: no values key",
			body:   `{"data":{"context":{"namespace":{"name":"` + plain + `"},"imageConfig":{"id":"jupyter-pytorch-cuda-full:v1.10.0"}}}}`,
			status: 200, images: "absent", pods: "tiny hidden, big deny: GPUs need a GPU namespace"},
		{name: "an api.hide of a context value omits it too",
			body: `{"data":{"context":{"podConfig":{"id":"small_cpu"}}}}`, status: 200, images: allImages, pods: "absent"},

		{name: "an unknown image id", body: `{"data":{"context":{"imageConfig":{"id":"nope"}}}}`, status: 422,
			field: "context.imageConfig.id", contains: `provided image config id \"nope\" not found in workspace kind`},
		{name: "an unknown pod id", body: `{"data":{"context":{"podConfig":{"id":"nope"}}}}`, status: 422,
			field: "context.podConfig.id", contains: "validation error"},
		{name: "an empty image id", body: `{"data":{"context":{"imageConfig":{"id":""}}}}`, status: 422,
			field: "data.context.imageConfig.id", contains: "request body was invalid"},
		{name: "an invalid namespace", body: `{"data":{"context":{"namespace":{"name":"Not_A_Namespace"}}}}`, status: 422,
			field: "data.context.namespace.name", contains: "request body was invalid"},
		{name: "no data", body: `{}`, status: 422, field: "data", contains: "data is required"},
		{name: "an unknown field", body: `{"data":{"context":{"user":"x"}}}`, status: 400, contains: "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, http.MethodPost, url, "application/json", tt.body)
			expect(t, r, tt.status)
			if tt.status != 200 {
				if !strings.Contains(string(r.body), tt.contains) {
					t.Errorf("body %s, want %q", r.body, tt.contains)
				}
				if tt.field != "" {
					assertFields(t, r.body, []string{tt.field})
				}
				return
			}
			apitest.ValidateUpstream(t, "api.PodTemplateOptionsEnvelope", r.body)
			if got := summarize(t, r.body, "imageConfig"); got != tt.images {
				t.Errorf("images:\n got  %s\n want %s", got, tt.images)
			}
			if got := summarize(t, r.body, "podConfig"); got != tt.pods {
				t.Errorf("pods:\n got  %s\n want %s", got, tt.pods)
			}
			if strings.Count(string(r.body), `{"data":`) != 1 {
				t.Errorf("more than one body: %s", r.body)
			}
		})
	}

	t.Run("the defaults and value fields are the kind's", func(t *testing.T) {
		r := send(t, http.MethodPost, url, "application/json", `{"data":{"context":{"podConfig":{"id":"big_gpu"}}}}`)
		expect(t, r, 200)
		var env struct {
			Data struct {
				ImageConfig struct{ Default string } `json:"imageConfig"`
				PodConfig   struct {
					Default string
					Values  []map[string]any
				} `json:"podConfig"`
			}
		}
		if err := json.Unmarshal(r.body, &env); err != nil {
			t.Fatal(err)
		}
		if env.Data.ImageConfig.Default != "jupyter-scipy:v1.10.0" || env.Data.PodConfig.Default != "tiny_cpu" || len(env.Data.PodConfig.Values) != 1 {
			t.Fatalf("answer %s", r.body)
		}
		v := env.Data.PodConfig.Values[0]
		if v["displayName"] != "Big GPU" || v["clusterMetrics"] == nil || v["labels"] == nil {
			t.Errorf("value %v", v)
		}
	})
	t.Run("a namespace's new labels take effect once the informer has them", func(t *testing.T) {
		nsObj, err := env.Clients.Kube.CoreV1().Namespaces().Get(ctx, plain, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		nsObj.Labels["gpu"] = "true"
		if _, err := env.Clients.Kube.CoreV1().Namespaces().Update(ctx, nsObj, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		body := `{"data":{"context":{"namespace":{"name":"` + plain + `"}}}}`
		var last string
		testenv.Eventually(t, 10*time.Second, func() bool {
			last = summarize(t, send(t, http.MethodPost, url, "application/json", body).body, "imageConfig")
			return last == allImages
		}, "the CUDA images listed in the relabelled namespace (last: %s)", last)
	})
	t.Run("a missing kind is 404", func(t *testing.T) {
		expect(t, send(t, http.MethodPost, base+"/api/v1/workspacekinds/no-such-kind/podtemplate/options/listvalues", "application/json", `{"data":{}}`), 404)
	})
}
