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
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestNewWorkspaceListItem(t *testing.T) {
	tests := []struct {
		name string
		// workspace and kind name sample objects; kind "" means the kind
		// does not exist (nil).
		workspace, kind string
		opts            models.Options
		// modify adjusts the samples before rendering.
		modify func(ws *v1beta1.Workspace, kind *v1beta1.WorkspaceKind)
		// want maps JSON pointers into the item to their expected JSON.
		want map[string]string
	}{{
		name:      "running workspace of an upstream kind renders every field",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.CreationTimestamp = metav1.Date(2025, 11, 24, 16, 0, 0, 0, time.UTC)
			ws.Annotations[models.AnnotationUpdatedAt] = "2025-11-24T17:30:00Z"
		},
		want: map[string]string{"": `{
			"name": "churn-analysis",
			"displayName": "Churn Analysis",
			"namespace": "team-data-science",
			"workspaceKind": {
				"name": "jupyterlab",
				"missing": false,
				"icon": {"url": "https://jupyter.org/assets/favicons/apple-touch-icon-152x152.png"},
				"logo": {"url": "https://upload.wikimedia.org/wikipedia/commons/3/38/Jupyter_logo.svg"}
			},
			"paused": false,
			"pausedTime": 0,
			"lastRunningTime": 1764000000000,
			"state": "Running",
			"stateMessage": "Workspace is running",
			"podTemplate": {"options": {
				"imageConfig": {"current": {
					"id": "jupyter-scipy:v1.10.0",
					"displayName": "jupyter-scipy:v1.10.0",
					"description": "JupyterLab, with SciPy Packages",
					"labels": [{"key": "python_version", "value": "3.11.11"}]
				}},
				"podConfig": {"current": {
					"id": "small_cpu",
					"displayName": "Small CPU",
					"description": "Pod with 1 CPU, 2 GB RAM",
					"labels": [{"key": "cpu", "value": "1000m"}, {"key": "memory", "value": "2Gi"}]
				}}
			}},
			"activity": {
				"lastActivity": 1764000600000,
				"lastUpdate": 1764000660000,
				"lastProbe": {"startTime": 1764000658000, "endTime": 1764000660000, "result": "Success", "message": ""}
			},
			"services": [{"httpService": {
				"displayName": "JupyterLab",
				"httpPath": "/workspace/connect/team-data-science/churn-analysis/jupyterlab/"
			}}],
			"audit": {
				"createdAt": "2025-11-24T16:00:00Z",
				"createdBy": "user@example.com",
				"updatedAt": "2025-11-24T17:30:00Z",
				"updatedBy": "user@example.com",
				"deletedAt": null
			}
		}`},
	}, {
		name:      "missing kind renders placeholders, no labels and no services",
		workspace: "old-notebook",
		want: map[string]string{
			"/workspaceKind": `{"name": "jupyterlab-legacy", "missing": true,
				"icon": {"url": "__UNKNOWN_ICON_URL__"}, "logo": {"url": "__UNKNOWN_LOGO_URL__"}}`,
			"/podTemplate/options": `{
				"imageConfig": {"current": {"id": "jupyter-scipy:v1.7.0",
					"displayName": "__UNKNOWN_IMAGE_CONFIG__", "description": "__UNKNOWN_IMAGE_CONFIG__", "labels": []}},
				"podConfig": {"current": {"id": "tiny_cpu",
					"displayName": "__UNKNOWN_POD_CONFIG__", "description": "__UNKNOWN_POD_CONFIG__", "labels": []}}}`,
			"/services": `[]`,
			"/state":    `"Error"`,
		},
	}, {
		name:      "kind of another name is treated as missing",
		workspace: "old-notebook",
		kind:      "jupyterlab",
		want: map[string]string{
			"/workspaceKind/missing":  `true`,
			"/workspaceKind/name":     `"jupyterlab-legacy"`,
			"/workspaceKind/icon/url": `"__UNKNOWN_ICON_URL__"`,
			"/services":               `[]`,
		},
	}, {
		name:      "unknown image option of an existing kind renders placeholders and no services",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Spec.PodTemplate.Options.ImageConfig = "jupyter-scipy:v0.1"
		},
		want: map[string]string{
			"/workspaceKind/missing": `false`,
			"/podTemplate/options/imageConfig/current": `{"id": "jupyter-scipy:v0.1",
				"displayName": "__UNKNOWN_IMAGE_CONFIG__", "description": "__UNKNOWN_IMAGE_CONFIG__", "labels": []}`,
			"/podTemplate/options/podConfig/current/displayName": `"Small CPU"`,
			"/services": `[]`,
		},
	}, {
		name:      "unknown pod option of an existing kind keeps the services",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Spec.PodTemplate.Options.PodConfig = "huge_gpu"
		},
		want: map[string]string{
			"/podTemplate/options/podConfig/current": `{"id": "huge_gpu",
				"displayName": "__UNKNOWN_POD_CONFIG__", "description": "__UNKNOWN_POD_CONFIG__", "labels": []}`,
			"/services/0/httpService/displayName": `"JupyterLab"`,
		},
	}, {
		name:      "known option without labels or description has [] labels and empty description",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			v := &kind.Spec.PodTemplate.Options.PodConfig.Values[1] // small_cpu
			v.Spawner.Labels = nil
			v.Spawner.Description = nil
		},
		want: map[string]string{
			"/podTemplate/options/podConfig/current": `{"id": "small_cpu", "displayName": "Small CPU", "description": "", "labels": []}`,
		},
	}, {
		name:      "redirect chain is enriched with the kind's values and messages",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		want: map[string]string{
			"/podTemplate/options/imageConfig/current/id": `"jupyter-scipy:v1.8.0"`,
			"/podTemplate/options/imageConfig/redirectChain": `[{
				"source": {"id": "jupyter-scipy:v1.8.0", "displayName": "jupyter-scipy:v1.8.0",
					"description": "JupyterLab, with SciPy Packages", "labels": [{"key": "python_version", "value": "3.11.6"}]},
				"target": {"id": "jupyter-scipy:v1.9.2", "displayName": "jupyter-scipy:v1.9.2",
					"description": "JupyterLab, with SciPy Packages", "labels": [{"key": "python_version", "value": "3.11.10"}]},
				"message": {"level": "Info", "text": "This update does not introduce any breaking changes in Python packages from SciPy. However, the version of JupyterLab has been updated from 3.6.6 to 4.2.5.\n"}
			}, {
				"source": {"id": "jupyter-scipy:v1.9.2", "displayName": "jupyter-scipy:v1.9.2",
					"description": "JupyterLab, with SciPy Packages", "labels": [{"key": "python_version", "value": "3.11.10"}]},
				"target": {"id": "jupyter-scipy:v1.10.0", "displayName": "jupyter-scipy:v1.10.0",
					"description": "JupyterLab, with SciPy Packages", "labels": [{"key": "python_version", "value": "3.11.11"}]},
				"message": {"level": "Info", "text": "This update does not introduce any breaking changes in Python packages from SciPy.\n"}
			}]`,
			"/podTemplate/options/podConfig/redirectChain": absent,
		},
	}, {
		name:      "redirect step whose source now redirects elsewhere has no message",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Redirect.To = "jupyter-scipy:v1.10.0"
		},
		want: map[string]string{
			"/podTemplate/options/imageConfig/redirectChain/0/target/id":     `"jupyter-scipy:v1.9.2"`,
			"/podTemplate/options/imageConfig/redirectChain/0/message":       absent,
			"/podTemplate/options/imageConfig/redirectChain/1/message/level": `"Info"`,
		},
	}, {
		name:      "redirect step whose source no longer redirects has no message",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Redirect = nil
		},
		want: map[string]string{
			"/podTemplate/options/imageConfig/redirectChain/0/message": absent,
		},
	}, {
		name:      "redirect without a message has no message",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.Options.ImageConfig.Values[1].Redirect.Message = nil
		},
		want: map[string]string{
			"/podTemplate/options/imageConfig/redirectChain/0/message/level": `"Info"`,
			"/podTemplate/options/imageConfig/redirectChain/1/message":       absent,
		},
	}, {
		name:      "redirect step to an id the kind no longer defines renders a placeholder",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.PodTemplateOptions.PodConfig.RedirectChain = []v1beta1.WorkspacePodOptionRedirectStep{
				{Source: "tiny_cpu", Target: "retired_cpu"},
			}
		},
		want: map[string]string{
			"/podTemplate/options/podConfig/redirectChain": `[{
				"source": {"id": "tiny_cpu", "displayName": "Tiny CPU", "description": "Pod with 0.1 CPU, 128 Mb RAM",
					"labels": [{"key": "cpu", "value": "100m"}, {"key": "memory", "value": "128Mi"}]},
				"target": {"id": "retired_cpu", "displayName": "__UNKNOWN_POD_CONFIG__",
					"description": "__UNKNOWN_POD_CONFIG__", "labels": []}
			}]`,
		},
	}, {
		name:      "warning and danger redirect levels are kept",
		workspace: "legacy-scipy",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Redirect.Message.Level = v1beta1.RedirectMessageLevelDanger
			kind.Spec.PodTemplate.Options.ImageConfig.Values[1].Redirect.Message.Level = v1beta1.RedirectMessageLevelWarning
		},
		want: map[string]string{
			"/podTemplate/options/imageConfig/redirectChain/0/message/level": `"Danger"`,
			"/podTemplate/options/imageConfig/redirectChain/1/message/level": `"Warning"`,
		},
	}, {
		name:      "configmap icon and logo are served by the BFF under the proxy prefix without its trailing slash",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		opts:      models.Options{ProxyURLPrefix: "/workspaces/"},
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.Spawner.Icon = configMapAsset("icon.svg")
			kind.Spec.Spawner.Logo = configMapAsset("logo.svg")
			kind.Status.SpawnerIcon.SHA256 = "abc123"
			kind.Status.SpawnerLogo.ConfigMap = &v1beta1.WorkspaceKindAssetConfigMapStatus{
				ErrorType: v1beta1.AssetConfigMapErrorKeyNotFound, ErrorMessage: "key logo.svg not found",
			}
		},
		want: map[string]string{
			"/workspaceKind/icon": `{"url": "/workspaces/api/v1/workspacekinds/jupyterlab/assets/icon?sha256=abc123"}`,
			"/workspaceKind/logo": `{"url": "/workspaces/api/v1/workspacekinds/jupyterlab/assets/logo", "error": "CONFIGMAP_KEY_MISSING"}`,
		},
	}, {
		name:      "image port absent from the kind is skipped instead of failing",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			v := &kind.Spec.PodTemplate.Options.ImageConfig.Values[2] // jupyter-scipy:v1.10.0
			v.Spec.Ports = []v1beta1.ImagePort{{ID: "tensorboard", Port: 6006}, {ID: "jupyterlab", Port: 8888}}
		},
		want: map[string]string{
			"/services": `[{"httpService": {"displayName": "JupyterLab",
				"httpPath": "/workspace/connect/team-data-science/churn-analysis/jupyterlab/"}}]`,
		},
	}, {
		name:      "services follow the image's ports in order with display name overrides",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(_ *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) {
			kind.Spec.PodTemplate.Ports = append(kind.Spec.PodTemplate.Ports, v1beta1.WorkspaceKindPort{
				ID: "tensorboard", Protocol: v1beta1.PortProtocolHTTP, DefaultDisplayName: "TensorBoard",
			})
			v := &kind.Spec.PodTemplate.Options.ImageConfig.Values[2]
			v.Spec.Ports = []v1beta1.ImagePort{
				{ID: "tensorboard", Port: 6006},
				{ID: "jupyterlab", Port: 8888, DisplayName: ptr("Lab")},
			}
		},
		want: map[string]string{
			"/services": `[
				{"httpService": {"displayName": "TensorBoard", "httpPath": "/workspace/connect/team-data-science/churn-analysis/tensorboard/"}},
				{"httpService": {"displayName": "Lab", "httpPath": "/workspace/connect/team-data-science/churn-analysis/jupyterlab/"}}]`,
		},
	}, {
		name:      "workspace with no status at all renders zero values and the Unknown state (the CRD default)",
		workspace: "jupyterlab-workspace",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status = v1beta1.WorkspaceStatus{}
			ws.Spec.DisplayName = nil
		},
		want: map[string]string{
			"/displayName":     absent,
			"/paused":          `false`,
			"/pausedTime":      `0`,
			"/lastRunningTime": `0`,
			"/state":           `"Unknown"`,
			"/stateMessage":    `""`,
			"/activity":        `{"lastActivity": 0, "lastUpdate": 0}`,
			"/podTemplate/options/imageConfig/redirectChain": absent,
			"/services/0/httpService/httpPath":               `"/workspace/connect/kubeflow-user-example-com/jupyterlab-workspace/jupyterlab/"`,
			"/audit":                                         `{"createdAt": null, "createdBy": null, "updatedAt": null, "updatedBy": null, "deletedAt": null}`,
		},
	}, {
		name:      "paused workspace reports its pause time",
		workspace: "quarterly-report",
		kind:      "rstudio",
		want: map[string]string{
			"/paused":       `true`,
			"/pausedTime":   `1764003601000`,
			"/state":        `"Paused"`,
			"/stateMessage": `"Workspace is paused"`,
			"/activity":     `{"lastActivity": 0, "lastUpdate": 0}`,
			"/services":     `[{"httpService": {"displayName": "RStudio", "httpPath": "/workspace/connect/team-data-science/quarterly-report/rstudio/"}}]`,
		},
	}, {
		name:      "activity reports the last probe and the pause rule when the controller wrote them",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.Activity.LastProbe.Result = v1beta1.ProbeResultTimeout
			ws.Status.Activity.LastProbe.Message = "probe timed out"
			ws.Status.Activity.Rules = &v1beta1.ActivityRulesStatus{
				PauseWorkspace: &v1beta1.PauseWorkspaceRuleStatus{EligibleAfter: 1764007800000},
			}
		},
		want: map[string]string{
			"/activity": `{"lastActivity": 1764000600000, "lastUpdate": 1764000660000,
				"lastProbe": {"startTime": 1764000658000, "endTime": 1764000660000, "result": "Timeout", "message": "probe timed out"},
				"rules": {"pauseWorkspace": {"eligibleAfter": 1764007800000}}}`,
		},
	}, {
		name:      "activity rules without a pause rule are omitted",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.Activity.LastProbe = nil
			ws.Status.Activity.Rules = &v1beta1.ActivityRulesStatus{}
		},
		want: map[string]string{
			"/activity": `{"lastActivity": 1764000600000, "lastUpdate": 1764000660000}`,
		},
	}, {
		name:      "deleted workspace reports its deletion time",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.DeletionTimestamp = ptr(metav1.Date(2025, 11, 25, 8, 0, 0, 0, time.UTC))
		},
		want: map[string]string{
			"/audit/deletedAt": `"2025-11-25T08:00:00Z"`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := sampleWorkspace(t, tt.workspace)
			var kind *v1beta1.WorkspaceKind
			if tt.kind != "" {
				kind = sampleKind(t, tt.kind)
			}
			if tt.modify != nil {
				tt.modify(ws, kind)
			}
			item := models.NewWorkspaceListItem(ws, kind, tt.opts)
			list := envelope(t, "api.WorkspaceListEnvelope", []models.WorkspaceListItem{item})
			got, _ := lookup(list, "/0")
			assertJSONAt(t, got, tt.want)
		})
	}
}

// configMapAsset is an icon or logo held in the upstream sample ConfigMap.
func configMapAsset(key string) v1beta1.WorkspaceKindAsset {
	return v1beta1.WorkspaceKindAsset{ConfigMap: &v1beta1.WorkspaceKindAssetConfigMap{
		Name: "workspacekind-image-source", Namespace: "kubeflow", Key: key,
		MediaType: v1beta1.WorkspaceKindAssetMediaTypeSVG,
	}}
}

func TestNewWorkspaceListItemDoesNotShareTheObjects(t *testing.T) {
	ws := sampleWorkspace(t, "legacy-scipy")
	kind := sampleKind(t, "jupyterlab")
	item := models.NewWorkspaceListItem(ws, kind, models.Options{})
	item.PodTemplate.Options.ImageConfig.Current.Labels[0].Value = "changed"
	item.PodTemplate.Options.ImageConfig.RedirectChain[0].Message.Text = "changed"
	if got := kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Spawner.Labels[0].Value; got != "3.11.6" {
		t.Errorf("kind label = %q, want it unchanged", got)
	}
	if got := kind.Spec.PodTemplate.Options.ImageConfig.Values[0].Redirect.Message.Text; got == "changed" {
		t.Error("kind redirect message changed through the model")
	}
}

func TestNewWorkspaceUpdate(t *testing.T) {
	tests := []struct {
		name      string
		workspace string
		modify    func(ws *v1beta1.Workspace)
		want      map[string]string
	}{{
		name:      "upstream sample renders the editable form",
		workspace: "jupyterlab-workspace",
		modify: func(ws *v1beta1.Workspace) {
			ws.UID = "uid-1"
			ws.Name = "ws"
			ws.Generation = 3
			ws.Status.State = v1beta1.WorkspaceStateRunning
		},
		want: map[string]string{"": `{
			"revision": "9f9b9db351656294965cd58e628d1b4e05626933ac5e873ba5ace7bb59dcdfc8",
			"displayName": "Example JupyterLab Workspace",
			"paused": false,
			"podTemplate": {
				"podMetadata": {"labels": {}, "annotations": {}},
				"volumes": {
					"home": "workspace-home-pvc",
					"data": [{"pvcName": "workspace-data-pvc", "mountPath": "/data/my-data"}],
					"secrets": [{"secretName": "workspace-secret", "mountPath": "/secrets/my-secret", "defaultMode": 420}]
				},
				"options": {"imageConfig": "jupyter-scipy:v1.10.0", "podConfig": "tiny_cpu"}
			}
		}`},
	}, {
		name:      "workspace without pod metadata, home, data or secrets renders objects and []",
		workspace: "jupyterlab-workspace",
		modify: func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.PodMetadata = nil
			ws.Spec.PodTemplate.Volumes = v1beta1.WorkspacePodVolumes{}
			ws.Spec.DisplayName = nil
			ws.Spec.Paused = true
		},
		want: map[string]string{
			"/displayName":                     absent,
			"/paused":                          `true`,
			"/podTemplate/podMetadata":         `{"labels": {}, "annotations": {}}`,
			"/podTemplate/volumes":             `{"data": []}`,
			"/podTemplate/volumes/home":        absent,
			"/podTemplate/volumes/secrets":     absent,
			"/podTemplate/options/imageConfig": `"jupyter-scipy:v1.10.0"`,
			"/podTemplate/options/podConfig":   `"tiny_cpu"`,
		},
	}, {
		name:      "pod metadata, read-only data volumes and secret modes are copied",
		workspace: "churn-analysis",
		modify: func(ws *v1beta1.Workspace) {
			ws.Spec.PodTemplate.PodMetadata.Annotations = map[string]string{"a": "b"}
			ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{
				{PVCName: "ro", MountPath: "/data/ro", ReadOnly: ptr(true)},
				{PVCName: "rw", MountPath: "/data/rw", ReadOnly: ptr(false)},
			}
			ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{
				{SecretName: "s", MountPath: "/secrets/s"},
				{SecretName: "t", MountPath: "/secrets/t", DefaultMode: 256},
			}
		},
		want: map[string]string{
			"/podTemplate/podMetadata": `{"labels": {"team": "data-science"}, "annotations": {"a": "b"}}`,
			"/podTemplate/volumes": `{"home": "churn-analysis-home",
				"data": [{"pvcName": "ro", "mountPath": "/data/ro", "readOnly": true}, {"pvcName": "rw", "mountPath": "/data/rw"}],
				"secrets": [{"secretName": "s", "mountPath": "/secrets/s"}, {"secretName": "t", "mountPath": "/secrets/t", "defaultMode": 256}]}`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := sampleWorkspace(t, tt.workspace)
			if tt.modify != nil {
				tt.modify(ws)
			}
			got := envelope(t, "api.WorkspaceEnvelope", models.NewWorkspaceUpdate(ws))
			assertJSONAt(t, got, tt.want)
		})
	}
}

func TestNewWorkspaceUpdateDoesNotShareTheObject(t *testing.T) {
	ws := sampleWorkspace(t, "churn-analysis")
	update := models.NewWorkspaceUpdate(ws)
	update.PodTemplate.PodMetadata.Labels["team"] = "changed"
	*update.PodTemplate.Volumes.Home = "changed"
	if ws.Spec.PodTemplate.PodMetadata.Labels["team"] != "data-science" || *ws.Spec.PodTemplate.Volumes.Home != "churn-analysis-home" {
		t.Error("the Workspace changed through its model")
	}
}

func TestRevision(t *testing.T) {
	tests := []struct {
		name       string
		uid        string
		objName    string
		generation int64
		want       string
	}{{
		name: "hex sha256 of uid:name:generation", uid: "uid-1", objName: "ws", generation: 3,
		want: "9f9b9db351656294965cd58e628d1b4e05626933ac5e873ba5ace7bb59dcdfc8",
	}, {
		name: "object without uid or generation", objName: "ws",
		want: "0949dcc57ab8c54b39e95d5e3fedf18c37e398b9e97577eb6960022af7115a94",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := models.Revision(types.UID(tt.uid), tt.objName, tt.generation); got != tt.want {
				t.Errorf("Revision = %s, want %s", got, tt.want)
			}
		})
	}
	if models.Revision("u", "ws", 1) == models.Revision("u", "ws", 2) {
		t.Error("revision does not change with the generation")
	}
}
