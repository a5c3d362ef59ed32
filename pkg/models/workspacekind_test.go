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
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestNewWorkspaceKindListItem(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		opts   models.Options
		modify func(kind *v1beta1.WorkspaceKind)
		want   map[string]string
	}{{
		name: "upstream codeserver kind renders every field",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Status.Workspaces = 3
			kind.Status.PodTemplateOptions.PodConfig = []v1beta1.OptionMetric{{ID: "small_cpu", Workspaces: 2}, {ID: "big_gpu", Workspaces: 1}}
			kind.Status.PodTemplateOptions.ImageConfig = []v1beta1.OptionMetric{{ID: "codeserver-python:v1.10.0", Workspaces: 3}}
		},
		want: map[string]string{"": `{
			"name": "codeserver",
			"displayName": "VS Code (code-server)",
			"description": "A Workspace which runs VS Code (code-server) in a Pod",
			"deprecated": false,
			"deprecationMessage": "",
			"hidden": false,
			"icon": {"url": "https://upload.wikimedia.org/wikipedia/commons/9/9a/Visual_Studio_Code_1.35_icon.svg"},
			"logo": {"url": "https://upload.wikimedia.org/wikipedia/commons/9/9a/Visual_Studio_Code_1.35_icon.svg"},
			"clusterMetrics": {"workspacesCount": 3},
			"podTemplate": {
				"podMetadata": {"labels": {}, "annotations": {}},
				"volumeMounts": {"home": "/home/jovyan"},
				"activityProbe": {"minProbeIntervalSeconds": 300, "probeIntervalSeconds": 3600, "podExec": {"timeoutSeconds": 60}},
				"options": {
					"imageConfig": {"default": "codeserver-python:v1.10.0", "values": [{
						"id": "codeserver-python:v1.10.0", "displayName": "codeserver-python:v1.10.0",
						"description": "code-server, with Conda Python",
						"labels": [{"key": "python_version", "value": "3.11.11"}],
						"hidden": false, "clusterMetrics": {"workspacesCount": 3}, "restrictions": {"deny": false}}]},
					"podConfig": {"default": "small_cpu", "values": [{
						"id": "tiny_cpu", "displayName": "Tiny CPU", "description": "Pod with 0.1 CPU, 128 Mb RAM",
						"labels": [{"key": "cpu", "value": "100m"}, {"key": "memory", "value": "128Mi"}],
						"hidden": false, "clusterMetrics": {"workspacesCount": 0}, "restrictions": {"deny": false}
					}, {
						"id": "small_cpu", "displayName": "Small CPU", "description": "Pod with 1 CPU, 2 GB RAM",
						"labels": [{"key": "cpu", "value": "1000m"}, {"key": "memory", "value": "2Gi"}],
						"hidden": false, "clusterMetrics": {"workspacesCount": 2}, "restrictions": {"deny": false}
					}, {
						"id": "big_gpu", "displayName": "Big GPU", "description": "Pod with 4 CPU, 16 GB RAM, and 1 GPU",
						"labels": [{"key": "cpu", "value": "4000m"}, {"key": "memory", "value": "16Gi"}, {"key": "gpu", "value": "1"}],
						"hidden": false, "clusterMetrics": {"workspacesCount": 1}, "restrictions": {"deny": false}
					}]}
				}
			},
			"activityRules": [{"config": {"secondsSinceActive": 7200}, "match": {}, "effect": {"pauseWorkspace": true}}],
			"restrictions": {"deny": false}
		}`},
	}, {
		name: "upstream jupyterlab kind keeps its pod metadata, jupyter probe, activity rules and redirects",
		kind: "jupyterlab",
		want: map[string]string{
			"/podTemplate/podMetadata": `{"labels": {"my-workspace-kind-label": "my-value"},
				"annotations": {"my-workspace-kind-annotation": "my-value"}}`,
			"/podTemplate/activityProbe": `{"minProbeIntervalSeconds": 300, "probeIntervalSeconds": 3600,
				"jupyter": {"lastActivity": true, "portId": "jupyterlab"}}`,
			"/activityRules": `[
				{"config": {"secondsSinceActive": 7200, "minRunningSeconds": 300},
				 "match": {"matchNamespace": {"selector": {"matchLabels": {"tier": "development"}}}},
				 "effect": {"pauseWorkspace": true}},
				{"config": {"secondsSinceActive": 86400}, "match": {}, "effect": {"pauseWorkspace": true}}]`,
			"/podTemplate/options/imageConfig/values/0/hidden": `true`,
			"/podTemplate/options/imageConfig/values/3/redirect": `{"to": "jupyter-pytorch-cuda-full:v1.10.0", "message": {"level": "Warning",
				"text": "This update changes the version of PyTorch from 2.3.1 to 2.5.1. This only breaking change in a common python package is xgboost, which updated from 1.7.6 to 2.1.4.\n"}}`,
			"/podTemplate/options/imageConfig/values/4/redirect": absent,
			// The WORKSPACE_KIND filter rule does not restrict or hide the kind.
			"/hidden":       `false`,
			"/restrictions": `{"deny": false}`,
		},
	}, {
		name: "absent probe intervals and timeout are reported with their defaults, without the script",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			probe := kind.Spec.PodTemplate.ActivityProbe
			probe.MinProbeIntervalSeconds = nil
			probe.ProbeIntervalSeconds = nil
			probe.PodExec.TimeoutSeconds = nil
		},
		want: map[string]string{
			"/podTemplate/activityProbe": `{"minProbeIntervalSeconds": 300, "probeIntervalSeconds": 3600, "podExec": {"timeoutSeconds": 60}}`,
		},
	}, {
		name: "set probe intervals and timeout are reported as set",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			probe := kind.Spec.PodTemplate.ActivityProbe
			probe.MinProbeIntervalSeconds = ptr[int32](60)
			probe.ProbeIntervalSeconds = ptr[int32](600)
			probe.PodExec.TimeoutSeconds = ptr[int32](5)
		},
		want: map[string]string{
			"/podTemplate/activityProbe": `{"minProbeIntervalSeconds": 60, "probeIntervalSeconds": 600, "podExec": {"timeoutSeconds": 5}}`,
		},
	}, {
		name: "kind without probe, activity rules or pod metadata",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.ActivityProbe = nil
			kind.Spec.PodTemplate.PodMetadata = nil
			kind.Spec.ActivityRules = nil
		},
		want: map[string]string{
			"/podTemplate/activityProbe": absent,
			"/podTemplate/podMetadata":   `{"labels": {}, "annotations": {}}`,
			"/activityRules":             absent,
		},
	}, {
		name: "kind pod metadata without annotations renders them {}",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.PodMetadata = &v1beta1.WorkspaceKindPodMetadata{Labels: map[string]string{"team": "ml"}}
		},
		want: map[string]string{
			"/podTemplate/podMetadata": `{"labels": {"team": "ml"}, "annotations": {}}`,
		},
	}, {
		name: "activity rule effect absent is false, minRunningSeconds 0 is omitted, match absent is omitted",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.ActivityRules = []v1beta1.ActivityRule{{
				Config: v1beta1.ActivityRuleConfig{SecondsSinceActive: 600, MinRunningSeconds: ptr[int32](0)},
				Match: &v1beta1.ActivityRuleMatch{
					MatchNamespace: &v1beta1.ActivityRuleNamespaceMatch{Selector: metav1.LabelSelector{
						MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"dev", "test"}}},
					}},
					MatchPodConfig: &v1beta1.ActivityRulePodConfigMatch{Selector: metav1.LabelSelector{MatchLabels: map[string]string{"gpu": "1"}}},
				},
				Effect: v1beta1.ActivityRuleEffect{PauseWorkspace: ptr(false)},
			}, {
				Config: v1beta1.ActivityRuleConfig{SecondsSinceActive: 900},
			}}
		},
		want: map[string]string{
			"/activityRules": `[{
				"config": {"secondsSinceActive": 600},
				"match": {
					"matchNamespace": {"selector": {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["dev", "test"]}]}},
					"matchPodConfig": {"selector": {"matchLabels": {"gpu": "1"}}}},
				"effect": {"pauseWorkspace": false}
			}, {
				"config": {"secondsSinceActive": 900},
				"effect": {"pauseWorkspace": false}
			}]`,
		},
	}, {
		name: "deprecated hidden kind reports its spawner flags and message",
		kind: "rstudio",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Deprecated = ptr(true)
			kind.Spec.Spawner.DeprecationMessage = ptr("Use jupyterlab")
			kind.Spec.Spawner.Hidden = ptr(true)
		},
		want: map[string]string{
			"/deprecated":         `true`,
			"/deprecationMessage": `"Use jupyterlab"`,
			"/hidden":             `true`,
			"/restrictions":       `{"deny": false}`,
		},
	}, {
		name: "configmap assets without status have a bare BFF URL",
		kind: "rstudio",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("image.svg")
			kind.Spec.Spawner.Logo = configMapAsset("image.svg")
		},
		want: map[string]string{
			"/icon": `{"url": "/api/v1/workspacekinds/rstudio/assets/icon"}`,
			"/logo": `{"url": "/api/v1/workspacekinds/rstudio/assets/logo"}`,
		},
	}, {
		name: "configmap assets carry the sha256 and the proxy prefix",
		kind: "rstudio",
		opts: models.Options{ProxyURLPrefix: "/workspaces"},
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("image.svg")
			kind.Spec.Spawner.Logo = configMapAsset("image.svg")
			kind.Status.SpawnerIcon.SHA256 = "0123abcd"
			kind.Status.SpawnerLogo.SHA256 = "4567ef"
		},
		want: map[string]string{
			"/icon": `{"url": "/workspaces/api/v1/workspacekinds/rstudio/assets/icon?sha256=0123abcd"}`,
			"/logo": `{"url": "/workspaces/api/v1/workspacekinds/rstudio/assets/logo?sha256=4567ef"}`,
		},
	}, {
		name: "configmap not found and other errors are reported",
		kind: "rstudio",
		opts: models.Options{ProxyURLPrefix: "/workspaces//"},
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("image.svg")
			kind.Spec.Spawner.Logo = configMapAsset("image.svg")
			kind.Status.SpawnerIcon.ConfigMap = &v1beta1.WorkspaceKindAssetConfigMapStatus{ErrorType: v1beta1.AssetConfigMapErrorNotFound}
			kind.Status.SpawnerLogo.ConfigMap = &v1beta1.WorkspaceKindAssetConfigMapStatus{ErrorType: v1beta1.AssetConfigMapErrorOther}
		},
		want: map[string]string{
			"/icon": `{"url": "/workspaces/api/v1/workspacekinds/rstudio/assets/icon", "error": "CONFIGMAP_MISSING"}`,
			"/logo": `{"url": "/workspaces/api/v1/workspacekinds/rstudio/assets/logo", "error": "CONFIGMAP_OTHER"}`,
		},
	}, {
		name: "configmap key missing, an unknown error type, and a status without error",
		kind: "rstudio",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("image.svg")
			kind.Spec.Spawner.Logo = configMapAsset("image.svg")
			kind.Status.SpawnerIcon.ConfigMap = &v1beta1.WorkspaceKindAssetConfigMapStatus{ErrorType: v1beta1.AssetConfigMapErrorKeyNotFound}
			kind.Status.SpawnerLogo.ConfigMap = &v1beta1.WorkspaceKindAssetConfigMapStatus{ErrorType: "Forbidden"}
		},
		want: map[string]string{
			"/icon/error": `"CONFIGMAP_KEY_MISSING"`,
			"/logo/error": `"CONFIGMAP_UNKNOWN"`,
		},
	}, {
		name: "configmap status without an error type is no error",
		kind: "rstudio",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("image.svg")
			kind.Status.SpawnerIcon = v1beta1.WorkspaceKindAssetStatus{SHA256: "ff", ConfigMap: &v1beta1.WorkspaceKindAssetConfigMapStatus{}}
		},
		want: map[string]string{
			"/icon": `{"url": "/api/v1/workspacekinds/rstudio/assets/icon?sha256=ff"}`,
		},
	}, {
		name: "URL assets ignore the proxy prefix and the status",
		kind: "rstudio",
		opts: models.Options{ProxyURLPrefix: "/workspaces"},
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Status.SpawnerIcon.SHA256 = "ff"
		},
		want: map[string]string{
			"/icon": `{"url": "https://upload.wikimedia.org/wikipedia/commons/1/1b/R_logo.svg"}`,
		},
	}, {
		name: "asset with neither URL nor configmap has an empty URL",
		kind: "rstudio",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Logo = v1beta1.WorkspaceKindAsset{}
		},
		want: map[string]string{
			"/logo": `{"url": ""}`,
		},
	}, {
		name: "options are those of the empty context: same-type rules apply, namespace and cross-type rules do not",
		kind: "jupyterlab",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.FilterRules = append(kind.Spec.FilterRules, v1beta1.FilterRule{
				Scope:  v1beta1.FilterRuleScopeImageConfig,
				Match:  []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("cuda_version")}},
				Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Deny: ptr(true)}},
			}, v1beta1.FilterRule{
				Scope:  v1beta1.FilterRuleScopePodConfig,
				Match:  []v1beta1.FilterRuleMatch{{MatchNamespace: &v1beta1.FilterRuleSelector{}}},
				Effect: v1beta1.FilterRuleEffect{API: &v1beta1.FilterRuleAPIEffect{Hide: ptr(true)}},
			})
		},
		want: map[string]string{
			"/podTemplate/options/imageConfig/values/2/restrictions": `{"deny": false}`,
			"/podTemplate/options/imageConfig/values/3/restrictions": `{"deny": true}`,
			"/podTemplate/options/imageConfig/values/4/restrictions": `{"deny": true}`,
			"/podTemplate/options/podConfig/values/2/id":             `"big_gpu"`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := sampleKind(t, tt.kind)
			if tt.modify != nil {
				tt.modify(kind)
			}
			item := models.NewWorkspaceKindListItem(kind, tt.opts)
			list := envelope(t, "api.WorkspaceKindListEnvelope", []models.WorkspaceKindListItem{item})
			got, _ := lookup(list, "/0")
			assertJSONAt(t, got, tt.want)
		})
	}
}

func TestNewWorkspaceKindListItemDoesNotShareTheObject(t *testing.T) {
	kind := sampleKind(t, "jupyterlab")
	item := models.NewWorkspaceKindListItem(kind, models.Options{})
	item.PodTemplate.PodMetadata.Labels["my-workspace-kind-label"] = "changed"
	item.ActivityRules[0].Match.MatchNamespace.Selector.MatchLabels["tier"] = "changed"
	if kind.Spec.PodTemplate.PodMetadata.Labels["my-workspace-kind-label"] != "my-value" ||
		kind.Spec.ActivityRules[0].Match.MatchNamespace.Selector.MatchLabels["tier"] != "development" {
		t.Error("the WorkspaceKind changed through its model")
	}
}

func TestNewWorkspaceKindUpdate(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		modify func(kind *v1beta1.WorkspaceKind)
		want   map[string]string
	}{{
		name: "revision, spawner, pod template, activity and filter rules are the CRD's",
		kind: "codeserver",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.UID = "uid-1"
			kind.Name = "ws"
			kind.Generation = 3
		},
		want: map[string]string{
			"/revision":            `"9f9b9db351656294965cd58e628d1b4e05626933ac5e873ba5ace7bb59dcdfc8"`,
			"/activityRules":       `[{"config": {"secondsSinceActive": 7200}, "match": {}, "effect": {"pauseWorkspace": true}}]`,
			"/filterRules/0/scope": `"IMAGE_CONFIG"`,
			"/spawner": `{"displayName": "VS Code (code-server)",
				"description": "A Workspace which runs VS Code (code-server) in a Pod",
				"icon": {"url": "https://upload.wikimedia.org/wikipedia/commons/9/9a/Visual_Studio_Code_1.35_icon.svg"},
				"logo": {"url": "https://upload.wikimedia.org/wikipedia/commons/9/9a/Visual_Studio_Code_1.35_icon.svg"}}`,
			// The pod exec script is part of the raw CRD form.
			"/podTemplate/activityProbe/podExec/script":                     `"#!/usr/bin/env bash\n# A mock probe that always reports activity (replace with real detection logic)\necho '{\"has_activity\": true}' > \"$OUTPUT_JSON_PATH\"\nexit 0"`,
			"/podTemplate/options/podConfig/values/2/spec/resources/limits": `{"nvidia.com/gpu": "1"}`,
		},
	}, {
		name: "kind without activity or filter rules omits them",
		kind: "jupyterlab",
		modify: func(kind *v1beta1.WorkspaceKind) {
			kind.Spec.ActivityRules = []v1beta1.ActivityRule{}
			kind.Spec.FilterRules = nil
		},
		want: map[string]string{
			"/activityRules": absent,
			"/filterRules":   absent,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := sampleKind(t, tt.kind)
			if tt.modify != nil {
				tt.modify(kind)
			}
			got := envelope(t, "api.WorkspaceKindEnvelope", models.NewWorkspaceKindUpdate(kind))
			assertJSONAt(t, got, tt.want)
		})
	}
}

// TestNewWorkspaceKindUpdateIsTheRawCRD compares the editable form of every
// upstream kind with the CRD's own JSON of the same fields.
func TestNewWorkspaceKindUpdateIsTheRawCRD(t *testing.T) {
	for _, name := range []string{"jupyterlab", "codeserver", "rstudio"} {
		t.Run(name, func(t *testing.T) {
			kind := sampleKind(t, name)
			got := envelope(t, "api.WorkspaceKindEnvelope", models.NewWorkspaceKindUpdate(kind))
			want := map[string]string{"/revision": `"` + models.Revision(kind.UID, kind.Name, kind.Generation) + `"`}
			for pointer, field := range map[string]any{
				"/spawner":       kind.Spec.Spawner,
				"/podTemplate":   kind.Spec.PodTemplate,
				"/activityRules": kind.Spec.ActivityRules,
				"/filterRules":   kind.Spec.FilterRules,
			} {
				raw, err := json.Marshal(field)
				if err != nil {
					t.Fatal(err)
				}
				want[pointer] = string(raw)
			}
			assertJSONAt(t, got, want)
		})
	}
}

func TestNewWorkspaceKindUpdateDoesNotShareTheObject(t *testing.T) {
	kind := sampleKind(t, "jupyterlab")
	update := models.NewWorkspaceKindUpdate(kind)
	update.PodTemplate.PodMetadata.Labels["my-workspace-kind-label"] = "changed"
	update.PodTemplate.Options.ImageConfig.Values[0].Spawner.Labels[0].Value = "changed"
	*update.ActivityRules[0].Config.MinRunningSeconds = 1
	update.FilterRules[0].Match[0].MatchNamespace.Selector.MatchExpressions[0].Key = "changed"
	if kind.Spec.PodTemplate.PodMetadata.Labels["my-workspace-kind-label"] != "my-value" ||
		kind.Spec.FilterRules[0].Match[0].MatchNamespace.Selector.MatchExpressions[0].Key != "workspace_team" ||
		kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Spawner.Labels[0].Value != "3.11.6" ||
		*kind.Spec.ActivityRules[0].Config.MinRunningSeconds != 300 {
		t.Error("the WorkspaceKind changed through its model")
	}
}

// selectorExists selects values that have the label key.
func selectorExists(key string) *v1beta1.FilterRuleSelector {
	return &v1beta1.FilterRuleSelector{Selector: metav1.LabelSelector{
		MatchExpressions: []metav1.LabelSelectorRequirement{{Key: key, Operator: metav1.LabelSelectorOpExists}},
	}}
}

func TestWorkspaceKindListItemInNamespace(t *testing.T) {
	team := func(v string) *v1beta1.FilterRuleSelector { return selectorIn("team", v) }
	withMessage := func(e v1beta1.FilterRuleEffect) v1beta1.FilterRuleEffect {
		e.API.DenyMessage = &v1beta1.FilterRuleDenyMessage{Text: "ask your admin"}
		return e
	}
	rules := []v1beta1.FilterRule{
		{Scope: v1beta1.FilterRuleScopeImageConfig, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: team("a")}}, Effect: apiHide()},
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: team("a")}}, Effect: uiHide()},
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: team("b")}}, Effect: withMessage(apiDeny())},
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: team("b")}}, Effect: apiHide()},
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: team("c")}}, Effect: apiHide()},
		// matchImageConfig in a WORKSPACE_KIND rule (the webhook forbids
		// it) never holds.
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchImageConfig: selectorExists("python_version")}}, Effect: apiHide()},
	}
	tests := []struct {
		name         string
		labels       map[string]string
		adminHidden  bool
		ok, changed  bool
		hidden, deny bool
		message      string
	}{
		{name: "no namespace: no rule", labels: nil, ok: true},
		{name: "no rule matches", labels: map[string]string{"team": "z"}, ok: true},
		{name: "ui.hide hides; the IMAGE_CONFIG rule does not apply to the kind", labels: map[string]string{"team": "a"}, ok: true, changed: true, hidden: true},
		{name: "ui.hide or the admin's hidden", labels: map[string]string{"team": "a"}, adminHidden: true, ok: true, changed: true, hidden: true},
		{name: "the admin's hidden stays without a ui.hide", labels: map[string]string{"team": "b"}, adminHidden: true, ok: true, changed: true, hidden: true, deny: true, message: "ask your admin"},
		{name: "api.deny denies; the first match wins", labels: map[string]string{"team": "b"}, ok: true, changed: true, deny: true, message: "ask your admin"},
		{name: "api.hide leaves it out", labels: map[string]string{"team": "c"}, ok: false, changed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind := sampleKind(t, "jupyterlab")
			kind.Spec.FilterRules = rules
			kind.Spec.Spawner.Hidden = ptr(tt.adminHidden)
			item := models.NewWorkspaceKindListItem(kind, models.Options{})
			got, ok, changed := item.InNamespace(models.NewKindRules(kind), tt.labels)
			if ok != tt.ok || changed != tt.changed {
				t.Fatalf("ok %v, changed %v; want %v, %v", ok, changed, tt.ok, tt.changed)
			}
			if !ok {
				return
			}
			var message string
			if got.Restrictions.DenyMessage != nil {
				message = got.Restrictions.DenyMessage.Text
			}
			if got.Hidden != tt.hidden || got.Restrictions.Deny != tt.deny || message != tt.message {
				t.Errorf("hidden %v, deny %v %q; want %v, %v %q", got.Hidden, got.Restrictions.Deny, message, tt.hidden, tt.deny, tt.message)
			}
			if item.Hidden != tt.adminHidden || item.Restrictions.Deny {
				t.Error("the list item of every kind changed")
			}
		})
	}
}

func TestWorkspaceRestrictions(t *testing.T) {
	kind := sampleKind(t, "jupyterlab")
	deny := apiDeny()
	deny.API.DenyMessage = &v1beta1.FilterRuleDenyMessage{Text: "no gpus for team a"}
	kind.Spec.FilterRules = []v1beta1.FilterRule{
		{Scope: v1beta1.FilterRuleScopeWorkspaceKind, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: selectorIn("team", "k")}}, Effect: apiDeny()},
		// big_gpu with a CUDA image, in team a.
		{Scope: v1beta1.FilterRuleScopePodConfig, Match: []v1beta1.FilterRuleMatch{
			{MatchNamespace: selectorIn("team", "a")}, {MatchPodConfig: selectorExists("gpu")}, {MatchImageConfig: selectorExists("cuda_version")},
		}, Effect: deny},
		{Scope: v1beta1.FilterRuleScopeImageConfig, Match: []v1beta1.FilterRuleMatch{{MatchNamespace: selectorIn("team", "i")}}, Effect: apiDeny()},
	}
	tests := []struct {
		name                string
		labels              map[string]string
		image, pod          string
		kindDeny, imageDeny bool
		podDeny             bool
		podMessage          string
	}{
		{name: "nothing matches", labels: map[string]string{}, image: "jupyter-scipy:v1.10.0", pod: "big_gpu"},
		{name: "a namespace that does not exist matches no namespace rule", labels: nil, image: "jupyter-scipy:v1.10.0", pod: "tiny_cpu"},
		{name: "the kind is denied", labels: map[string]string{"team": "k"}, image: "jupyter-scipy:v1.10.0", pod: "tiny_cpu", kindDeny: true},
		{name: "the image is denied", labels: map[string]string{"team": "i"}, image: "jupyter-scipy:v1.10.0", pod: "tiny_cpu", imageDeny: true},
		{name: "the pod config is denied with the chosen image as context", labels: map[string]string{"team": "a"},
			image: "jupyter-pytorch-cuda-full:v1.10.0", pod: "big_gpu", podDeny: true, podMessage: "no gpus for team a"},
		{name: "another image leaves the pod config allowed", labels: map[string]string{"team": "a"}, image: "jupyter-scipy:v1.10.0", pod: "big_gpu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kindR, imageR, podR := models.WorkspaceRestrictions(kind, tt.labels, tt.image, tt.pod)
			var message string
			if podR.DenyMessage != nil {
				message = podR.DenyMessage.Text
			}
			if kindR.Deny != tt.kindDeny || imageR.Deny != tt.imageDeny || podR.Deny != tt.podDeny || message != tt.podMessage {
				t.Errorf("kind %v, image %v, pod %v %q; want %v, %v, %v %q", kindR.Deny, imageR.Deny, podR.Deny, message,
					tt.kindDeny, tt.imageDeny, tt.podDeny, tt.podMessage)
			}
		})
	}
}
