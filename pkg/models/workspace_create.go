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
	"maps"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// WorkspaceCreate is the body of POST /api/v1/workspaces/{namespace} and of
// its 201 answer [workspaces.WorkspaceCreate] (api.md 5.4).
type WorkspaceCreate struct {
	Name        string            `json:"name"`
	DisplayName string            `json:"displayName,omitempty"`
	Kind        string            `json:"kind"`
	Paused      bool              `json:"paused"`
	PodTemplate PodTemplateMutate `json:"podTemplate"`
}

// NewWorkspaceCreate renders a created Workspace as upstream answers a
// create: the editable form plus name and kind, without a revision.
func NewWorkspaceCreate(ws *v1beta1.Workspace) WorkspaceCreate {
	update := NewWorkspaceUpdate(ws)
	return WorkspaceCreate{
		Name:        ws.Name,
		DisplayName: update.DisplayName,
		Kind:        ws.Spec.Kind,
		Paused:      update.Paused,
		PodTemplate: update.PodTemplate,
	}
}

// ToPodTemplate is the Workspace spec's pod template the form describes.
// Pod metadata is always set (maps as given) and readOnly always written,
// as upstream writes them.
func (p PodTemplateMutate) ToPodTemplate() v1beta1.WorkspacePodTemplate {
	out := v1beta1.WorkspacePodTemplate{
		PodMetadata: &v1beta1.WorkspacePodMetadata{
			Labels:      maps.Clone(p.PodMetadata.Labels),
			Annotations: maps.Clone(p.PodMetadata.Annotations),
		},
		Options: v1beta1.WorkspacePodOptions{
			ImageConfig: p.Options.ImageConfig,
			PodConfig:   p.Options.PodConfig,
		},
	}
	if p.Volumes.Home != nil {
		home := *p.Volumes.Home
		out.Volumes.Home = &home
	}
	for _, d := range p.Volumes.Data {
		readOnly := d.ReadOnly
		out.Volumes.Data = append(out.Volumes.Data, v1beta1.PodVolumeMount{
			PVCName: d.PVCName, MountPath: d.MountPath, ReadOnly: &readOnly,
		})
	}
	for _, s := range p.Volumes.Secrets {
		out.Volumes.Secrets = append(out.Volumes.Secrets, v1beta1.PodSecretMount{
			SecretName: s.SecretName, MountPath: s.MountPath, DefaultMode: s.DefaultMode,
		})
	}
	return out
}

// WorkspaceActionPause is the body of the pause action and of its answer
// [actions.WorkspaceActionPause]. Paused is a pointer so that a request
// without it is told apart from a start request (upstream treats {} as
// start).
type WorkspaceActionPause struct {
	Paused *bool `json:"paused"`
}

// WorkspaceKindCreate is the 201 answer of POST /api/v1/workspacekinds
// [workspacekinds.WorkspaceKindCreate].
type WorkspaceKindCreate struct {
	Name        string                           `json:"name"`
	Spawner     v1beta1.WorkspaceKindSpawner     `json:"spawner"`
	PodTemplate v1beta1.WorkspaceKindPodTemplate `json:"podTemplate"`
}

// NewWorkspaceKindCreate renders a created WorkspaceKind.
func NewWorkspaceKindCreate(kind *v1beta1.WorkspaceKind) WorkspaceKindCreate {
	return WorkspaceKindCreate{
		Name:        kind.Name,
		Spawner:     *kind.Spec.Spawner.DeepCopy(),
		PodTemplate: *kind.Spec.PodTemplate.DeepCopy(),
	}
}
