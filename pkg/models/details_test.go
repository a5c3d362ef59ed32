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

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestNewWorkspaceDetails(t *testing.T) {
	tests := []struct {
		name string
		// workspace and kind name sample objects; kind "" means the kind
		// does not exist (nil).
		workspace, kind string
		modify          func(ws *v1beta1.Workspace, kind *v1beta1.WorkspaceKind)
		// want maps JSON pointers into the details to their expected JSON.
		want map[string]string
	}{{
		name:      "the upstream sample renders every volume with the kind's home mount path",
		workspace: "jupyterlab-workspace",
		kind:      "jupyterlab",
		want: map[string]string{"": `{
			"podMetadata": {"labels": {}, "annotations": {}},
			"volumes": {
				"home": {"pvcName": "workspace-home-pvc", "mountPath": "/home/jovyan", "readOnly": false},
				"data": [{"pvcName": "workspace-data-pvc", "mountPath": "/data/my-data", "readOnly": false}],
				"secrets": [{"secretName": "workspace-secret", "mountPath": "/secrets/my-secret", "defaultMode": 420}]
			}
		}`},
	}, {
		name:      "a running Workspace reports its Pod and containers",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.PodTemplatePod.InitContainers = []v1beta1.WorkspacePodContainer{{Name: "istio-proxy"}}
		},
		want: map[string]string{
			"/pod": `{"name": "ws-churn-analysis-0", "nodeName": "dev-node-1",
				"containers": [{"name": "main"}], "initContainers": [{"name": "istio-proxy"}]}`,
			"/volumes/home":    `{"pvcName": "churn-analysis-home", "mountPath": "/home/jovyan", "readOnly": false}`,
			"/volumes/data":    absent,
			"/volumes/secrets": absent,
		},
	}, {
		name:      "a Pod without reported containers omits them",
		workspace: "churn-analysis",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.PodTemplatePod.Containers = nil
		},
		want: map[string]string{"/pod": `{"name": "ws-churn-analysis-0", "nodeName": "dev-node-1"}`},
	}, {
		name:      "no Pod name, no pod",
		workspace: "jupyterlab-workspace",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{NodeName: "node-a", Containers: []v1beta1.WorkspacePodContainer{{Name: "main"}}}
		},
		want: map[string]string{"/pod": absent},
	}, {
		name:      "a missing kind gives the unknown home mount path",
		workspace: "jupyterlab-workspace",
		want:      map[string]string{"/volumes/home/mountPath": `"__UNKNOWN_HOME_MOUNT_PATH__"`},
	}, {
		name:      "a kind of another name counts as missing",
		workspace: "jupyterlab-workspace",
		kind:      "codeserver",
		want:      map[string]string{"/volumes/home/mountPath": `"__UNKNOWN_HOME_MOUNT_PATH__"`},
	}, {
		name:      "no home volume has a null pvcName and the kind's mount path; no data or secrets omits them; empty metadata is {}",
		workspace: "jupyterlab-workspace",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Spec.PodTemplate.PodMetadata = nil
			ws.Spec.PodTemplate.Volumes = v1beta1.WorkspacePodVolumes{}
		},
		want: map[string]string{"": `{"podMetadata": {"labels": {}, "annotations": {}}, "volumes": {"home": {"pvcName": null, "mountPath": "/home/jovyan", "readOnly": false}}}`},
	}, {
		name:      "readOnly data volumes and unset secret modes",
		workspace: "jupyterlab-workspace",
		kind:      "jupyterlab",
		modify: func(ws *v1beta1.Workspace, _ *v1beta1.WorkspaceKind) {
			ws.Spec.PodTemplate.Volumes.Data = append(ws.Spec.PodTemplate.Volumes.Data,
				v1beta1.PodVolumeMount{PVCName: "shared", MountPath: "/shared", ReadOnly: ptr(true)},
				v1beta1.PodVolumeMount{PVCName: "scratch", MountPath: "/scratch"})
			ws.Spec.PodTemplate.Volumes.Secrets[0].DefaultMode = 0
		},
		want: map[string]string{
			"/volumes/data/1":    `{"pvcName": "shared", "mountPath": "/shared", "readOnly": true}`,
			"/volumes/data/2":    `{"pvcName": "scratch", "mountPath": "/scratch", "readOnly": false}`,
			"/volumes/secrets/0": `{"secretName": "workspace-secret", "mountPath": "/secrets/my-secret"}`,
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
			before := ws.DeepCopy()
			got := models.NewWorkspaceDetails(ws, kind)
			assertJSONAt(t, envelope(t, "api.WorkspaceDetailsEnvelope", got), tt.want)
			if !reflect.DeepEqual(before, ws) {
				t.Error("NewWorkspaceDetails modified its Workspace")
			}
		})
	}
}
