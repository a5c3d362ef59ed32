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

// WorkspaceUpdate is the editable form of a Workspace: the body of
// GET /api/v1/workspaces/{namespace}/{name} and of PUT on that path
// [workspaces.WorkspaceUpdate] (api.md 5.5, 5.6).
type WorkspaceUpdate struct {
	// Revision is the opaque token a PUT must send back (see Revision).
	Revision    string            `json:"revision"`
	DisplayName string            `json:"displayName,omitempty"`
	Paused      bool              `json:"paused"`
	PodTemplate PodTemplateMutate `json:"podTemplate"`
}

// PodTemplateMutate is the user-editable part of a Workspace's pod template
// [workspaces.PodTemplateMutate].
type PodTemplateMutate struct {
	PodMetadata PodMetadata              `json:"podMetadata"`
	Volumes     PodVolumesMutate         `json:"volumes"`
	Options     PodTemplateOptionsMutate `json:"options"`
}

// PodMetadata holds labels and annotations for Pods
// [workspaces.PodMetadataMutate], [workspacekinds.PodMetadata]. Rendered
// from an object, both maps are always objects, {} when empty.
type PodMetadata struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

// newPodMetadata copies a pod template's labels and annotations, so that no
// rendered model shares a map with the informer's object. Both maps are
// made even when md or its fields are nil: upstream serves {} there, never
// null. A WorkspaceKind's pod metadata has the same fields and converts to
// md's type.
func newPodMetadata(md *v1beta1.WorkspacePodMetadata) PodMetadata {
	if md == nil {
		return PodMetadata{Labels: map[string]string{}, Annotations: map[string]string{}}
	}
	out := PodMetadata{
		Labels:      make(map[string]string, len(md.Labels)),
		Annotations: make(map[string]string, len(md.Annotations)),
	}
	maps.Copy(out.Labels, md.Labels)
	maps.Copy(out.Annotations, md.Annotations)
	return out
}

// PodVolumesMutate are the PVCs and Secrets a Workspace mounts
// [workspaces.PodVolumesMutate].
type PodVolumesMutate struct {
	Home *string `json:"home,omitempty"`
	// Data is [] when the Workspace mounts no data volume.
	Data    []PodVolumeMount `json:"data"`
	Secrets []PodSecretMount `json:"secrets,omitempty"`
}

// PodVolumeMount is a data PVC mount [workspaces.PodVolumeMount].
type PodVolumeMount struct {
	PVCName   string `json:"pvcName"`
	MountPath string `json:"mountPath"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}

// PodSecretMount is a Secret mounted as a directory [workspaces.PodSecretMount].
type PodSecretMount struct {
	SecretName  string `json:"secretName"`
	MountPath   string `json:"mountPath"`
	DefaultMode int32  `json:"defaultMode,omitempty"`
}

// PodTemplateOptionsMutate are the ids of the selected option values
// [workspaces.PodTemplateOptionsMutate].
type PodTemplateOptionsMutate struct {
	ImageConfig string `json:"imageConfig"`
	PodConfig   string `json:"podConfig"`
}

// NewWorkspaceUpdate renders the editable form of a Workspace, with its
// current Revision.
func NewWorkspaceUpdate(ws *v1beta1.Workspace) WorkspaceUpdate {
	tmpl := ws.Spec.PodTemplate
	update := WorkspaceUpdate{
		Revision: Revision(ws.UID, ws.Name, ws.Generation),
		Paused:   ws.Spec.Paused,
		PodTemplate: PodTemplateMutate{
			PodMetadata: newPodMetadata(tmpl.PodMetadata),
			Volumes: PodVolumesMutate{
				Data: make([]PodVolumeMount, len(tmpl.Volumes.Data)),
			},
			Options: PodTemplateOptionsMutate{
				ImageConfig: tmpl.Options.ImageConfig,
				PodConfig:   tmpl.Options.PodConfig,
			},
		},
	}
	if ws.Spec.DisplayName != nil {
		update.DisplayName = *ws.Spec.DisplayName
	}
	if tmpl.Volumes.Home != nil {
		home := *tmpl.Volumes.Home
		update.PodTemplate.Volumes.Home = &home
	}
	for i, d := range tmpl.Volumes.Data {
		update.PodTemplate.Volumes.Data[i] = PodVolumeMount{
			PVCName:   d.PVCName,
			MountPath: d.MountPath,
			ReadOnly:  d.ReadOnly != nil && *d.ReadOnly,
		}
	}
	if len(tmpl.Volumes.Secrets) > 0 {
		update.PodTemplate.Volumes.Secrets = make([]PodSecretMount, len(tmpl.Volumes.Secrets))
		for i, s := range tmpl.Volumes.Secrets {
			update.PodTemplate.Volumes.Secrets[i] = PodSecretMount{
				SecretName:  s.SecretName,
				MountPath:   s.MountPath,
				DefaultMode: s.DefaultMode,
			}
		}
	}
	return update
}
