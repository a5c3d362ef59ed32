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

package models

import (
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// UnknownHomeMountPath is the home volume's mount path upstream serves when
// the Workspace's kind does not exist (crds.md §5.1).
const UnknownHomeMountPath = "__UNKNOWN_HOME_MOUNT_PATH__"

// WorkspaceDetails is the body of
// GET /api/v1/workspaces/{namespace}/{name}/podtemplate/details: what the
// frontend's details panel shows beyond the list item
// [details.WorkspaceDetails] (api.md 5.9).
type WorkspaceDetails struct {
	// PodMetadata's maps are always objects, {} when empty.
	PodMetadata PodMetadata            `json:"podMetadata"`
	Volumes     WorkspaceDetailVolumes `json:"volumes"`
	// Pod is present only while the controller reports a Pod.
	Pod *WorkspaceDetailPod `json:"pod,omitempty"`
}

// WorkspaceDetailVolumes are the volumes a Workspace mounts, with where
// [details.WorkspaceDetailVolumes].
type WorkspaceDetailVolumes struct {
	// Home is always an object: without a home volume its pvcName is null
	// (upstream: home is null, on which the frontend's details drawer
	// crashes; it shows "None" for a null pvcName).
	Home    HomeVolumeInfo  `json:"home"`
	Data    []PodVolumeInfo `json:"data,omitempty"`
	Secrets []PodSecretInfo `json:"secrets,omitempty"`
}

// PodVolumeInfo is a mounted PVC [details.PodVolumeInfo]. Unlike the
// editable form's PodVolumeMount, readOnly is always present.
type PodVolumeInfo struct {
	PVCName   string `json:"pvcName"`
	MountPath string `json:"mountPath"`
	ReadOnly  bool   `json:"readOnly"`
}

// HomeVolumeInfo is the home volume [details.PodVolumeInfo]. PVCName is nil
// when the Workspace mounts none; the mount path is the kind's all the same.
type HomeVolumeInfo struct {
	PVCName   *string `json:"pvcName"`
	MountPath string  `json:"mountPath"`
	ReadOnly  bool    `json:"readOnly"`
}

// PodSecretInfo is a Secret mounted as a directory [details.PodSecretInfo].
type PodSecretInfo struct {
	SecretName  string `json:"secretName"`
	MountPath   string `json:"mountPath"`
	DefaultMode int32  `json:"defaultMode,omitempty"`
}

// WorkspaceDetailPod is the Pod the controller reports for a Workspace
// [details.WorkspaceDetailPod].
type WorkspaceDetailPod struct {
	Name           string                     `json:"name"`
	NodeName       string                     `json:"nodeName"`
	Containers     []WorkspaceDetailContainer `json:"containers,omitempty"`
	InitContainers []WorkspaceDetailContainer `json:"initContainers,omitempty"`
}

// WorkspaceDetailContainer names a container of a Workspace's Pod
// [details.WorkspaceDetailContainer].
type WorkspaceDetailContainer struct {
	Name string `json:"name"`
}

// NewWorkspaceDetails renders a Workspace's pod template details. kind is
// the WorkspaceKind named by ws.Spec.Kind, or nil when it does not exist; it
// gives the home volume's mount path. A kind of another name is treated as
// missing, as NewWorkspaceListItem does.
func NewWorkspaceDetails(ws *v1beta1.Workspace, kind *v1beta1.WorkspaceKind) WorkspaceDetails {
	if kind != nil && kind.Name != ws.Spec.Kind {
		kind = nil
	}
	tmpl := ws.Spec.PodTemplate
	details := WorkspaceDetails{PodMetadata: newPodMetadata(tmpl.PodMetadata)}
	details.Volumes.Home.MountPath = UnknownHomeMountPath
	if kind != nil {
		details.Volumes.Home.MountPath = kind.Spec.PodTemplate.VolumeMounts.Home
	}
	if tmpl.Volumes.Home != nil {
		pvc := *tmpl.Volumes.Home
		details.Volumes.Home.PVCName = &pvc
	}
	if len(tmpl.Volumes.Data) > 0 {
		details.Volumes.Data = make([]PodVolumeInfo, len(tmpl.Volumes.Data))
		for i, d := range tmpl.Volumes.Data {
			details.Volumes.Data[i] = PodVolumeInfo{
				PVCName:   d.PVCName,
				MountPath: d.MountPath,
				ReadOnly:  d.ReadOnly != nil && *d.ReadOnly,
			}
		}
	}
	if len(tmpl.Volumes.Secrets) > 0 {
		details.Volumes.Secrets = make([]PodSecretInfo, len(tmpl.Volumes.Secrets))
		for i, s := range tmpl.Volumes.Secrets {
			details.Volumes.Secrets[i] = PodSecretInfo{SecretName: s.SecretName, MountPath: s.MountPath, DefaultMode: s.DefaultMode}
		}
	}
	if pod := ws.Status.PodTemplatePod; pod.Name != "" {
		details.Pod = &WorkspaceDetailPod{
			Name:           pod.Name,
			NodeName:       pod.NodeName,
			Containers:     newDetailContainers(pod.Containers),
			InitContainers: newDetailContainers(pod.InitContainers),
		}
	}
	return details
}

// newDetailContainers copies container names; nil (omitted) when none.
func newDetailContainers(containers []v1beta1.WorkspacePodContainer) []WorkspaceDetailContainer {
	if len(containers) == 0 {
		return nil
	}
	out := make([]WorkspaceDetailContainer, len(containers))
	for i, c := range containers {
		out[i] = WorkspaceDetailContainer{Name: c.Name}
	}
	return out
}
