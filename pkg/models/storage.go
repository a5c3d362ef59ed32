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
	"slices"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// Labels and annotations upstream reads on StorageClasses, PVCs and Secrets.
const (
	// LabelCanUse marks the StorageClasses users may create PVCs of.
	LabelCanUse = "notebooks.kubeflow.org/can-use"
	// LabelCanMount marks the PVCs and Secrets a Workspace may mount.
	LabelCanMount = "notebooks.kubeflow.org/can-mount"
	// LabelCanUpdate marks the PVCs and Secrets users may change or delete
	// through the BFF.
	LabelCanUpdate = "notebooks.kubeflow.org/can-update"

	AnnotationDisplayName = "notebooks.kubeflow.org/display-name"
	AnnotationDescription = "notebooks.kubeflow.org/description"
)

// StorageClassListItem is an item of GET /api/v1/storageclasses
// [storageclasses.StorageClassListItem] (api.md 5.18).
type StorageClassListItem struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
	CanUse      bool   `json:"canUse"`
}

// NewStorageClassListItem renders a StorageClass: its display name and
// description annotations ("" when absent) and whether users may use it.
func NewStorageClassListItem(sc *storagev1.StorageClass) StorageClassListItem {
	return StorageClassListItem{
		Name:        sc.Name,
		DisplayName: sc.Annotations[AnnotationDisplayName],
		Description: sc.Annotations[AnnotationDescription],
		CanUse:      sc.Labels[LabelCanUse] == "true",
	}
}

// PVCListItem is an item of GET /api/v1/persistentvolumeclaims/{namespace}
// [pvcs.PVCListItem] (api.md 5.19).
type PVCListItem struct {
	Name       string          `json:"name"`
	CanMount   bool            `json:"canMount"`
	CanUpdate  bool            `json:"canUpdate"`
	Pods       []PodInfo       `json:"pods"`
	Workspaces []WorkspaceInfo `json:"workspaces"`
	Audit      Audit           `json:"audit"`
	PVCSpec    PVCSpec         `json:"pvcSpec"`
	PV         *PVInfo         `json:"pv,omitempty"`
}

// PodInfo is a Pod mounting a PVC [pvcs.PodInfo].
type PodInfo struct {
	Name  string          `json:"name"`
	Phase corev1.PodPhase `json:"phase"`
	Node  *PodNode        `json:"node,omitempty"`
}

// PodNode is the node a Pod runs on [pvcs.PodNode].
type PodNode struct {
	Name string `json:"name"`
}

// WorkspaceInfo is a Workspace referencing a PVC [pvcs.WorkspaceInfo].
type WorkspaceInfo struct {
	Name           string                 `json:"name"`
	State          v1beta1.WorkspaceState `json:"state"`
	StateMessage   string                 `json:"stateMessage"`
	PodTemplatePod *PodTemplatePod        `json:"podTemplatePod,omitempty"`
}

// PodTemplatePod is a Workspace's Pod [pvcs.PodTemplatePod].
type PodTemplatePod struct {
	Name string   `json:"name"`
	Node *PodNode `json:"node,omitempty"`
}

// PVCSpec is what a PVC asks for [pvcs.PVCSpec].
type PVCSpec struct {
	Requests         StorageRequests                     `json:"requests"`
	AccessModes      []corev1.PersistentVolumeAccessMode `json:"accessModes"`
	VolumeMode       corev1.PersistentVolumeMode         `json:"volumeMode"`
	StorageClassName string                              `json:"storageClassName"`
}

// StorageRequests is a PVC's storage request [pvcs.StorageRequests].
type StorageRequests struct {
	Storage string `json:"storage"`
}

// PVInfo is the PersistentVolume bound to a PVC [pvcs.PVInfo].
type PVInfo struct {
	Name                          string                               `json:"name"`
	PersistentVolumeReclaimPolicy corev1.PersistentVolumeReclaimPolicy `json:"persistentVolumeReclaimPolicy"`
	VolumeMode                    corev1.PersistentVolumeMode          `json:"volumeMode"`
	AccessModes                   []corev1.PersistentVolumeAccessMode  `json:"accessModes"`
	StorageClass                  *StorageClassInfo                    `json:"storageClass,omitempty"`
}

// StorageClassInfo names a PVC's StorageClass [pvcs.StorageClassInfo]: its
// StorageClassListItem without canUse.
type StorageClassInfo struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Description string `json:"description"`
}

// PVCUsers are the Pods and Workspaces of a PVC's namespace that use it,
// each once, in name order.
type PVCUsers struct {
	Pods       []PodInfo
	Workspaces []WorkspaceInfo
}

// NewPVCListItem renders a PVC with its users, the PersistentVolume its
// spec.volumeName names (nil when unbound or when that PV does not exist)
// and the StorageClass its spec names (nil when it has none or the class
// does not exist). Pods and workspaces are [] when none, never null.
func NewPVCListItem(pvc *corev1.PersistentVolumeClaim, users PVCUsers, pv *corev1.PersistentVolume, sc *storagev1.StorageClass) PVCListItem {
	item := PVCListItem{
		Name:       pvc.Name,
		CanMount:   pvc.Labels[LabelCanMount] == "true",
		CanUpdate:  pvc.Labels[LabelCanUpdate] == "true",
		Pods:       slices.Clone(users.Pods),
		Workspaces: slices.Clone(users.Workspaces),
		Audit:      NewAudit(pvc),
		PVCSpec: PVCSpec{
			Requests:         StorageRequests{Storage: pvc.Spec.Resources.Requests.Storage().String()},
			AccessModes:      accessModes(pvc.Spec.AccessModes),
			VolumeMode:       volumeMode(pvc.Spec.VolumeMode),
			StorageClassName: deref(pvc.Spec.StorageClassName),
		},
	}
	if item.Pods == nil {
		item.Pods = []PodInfo{}
	}
	if item.Workspaces == nil {
		item.Workspaces = []WorkspaceInfo{}
	}
	if pv != nil {
		info := NewPVInfo(pv)
		item.PV = &info
		if sc != nil {
			// Shown as the StorageClasses list shows it, less canUse.
			class := NewStorageClassListItem(sc)
			item.PV.StorageClass = &StorageClassInfo{Name: class.Name, DisplayName: class.DisplayName, Description: class.Description}
		}
	}
	return item
}

// NewPVInfo is how a PVC's item shows the PersistentVolume bound to it,
// without the PVC's StorageClass, which NewPVCListItem adds. It is all a
// PVC shows of its volume: a volume event that leaves it unchanged leaves
// the PVC's item unchanged.
func NewPVInfo(pv *corev1.PersistentVolume) PVInfo {
	return PVInfo{
		Name:                          pv.Name,
		PersistentVolumeReclaimPolicy: pv.Spec.PersistentVolumeReclaimPolicy,
		VolumeMode:                    volumeMode(pv.Spec.VolumeMode),
		AccessModes:                   accessModes(pv.Spec.AccessModes),
	}
}

// NewPodInfo is how a Pod is shown among a PVC's users.
func NewPodInfo(pod *corev1.Pod) PodInfo {
	info := PodInfo{Name: pod.Name, Phase: pod.Status.Phase}
	if pod.Spec.NodeName != "" {
		info.Node = &PodNode{Name: pod.Spec.NodeName}
	}
	return info
}

// NewWorkspaceInfo is how a Workspace is shown among a PVC's users.
func NewWorkspaceInfo(ws *v1beta1.Workspace) WorkspaceInfo {
	pod := ws.Status.PodTemplatePod
	info := WorkspaceInfo{Name: ws.Name, State: v1beta1.WorkspaceState(workspaceState(ws.Status.State)), StateMessage: ws.Status.StateMessage}
	if pod.Name != "" {
		info.PodTemplatePod = &PodTemplatePod{Name: pod.Name}
		if pod.NodeName != "" {
			info.PodTemplatePod.Node = &PodNode{Name: pod.NodeName}
		}
	}
	return info
}

// PVCCreate is the body of POST /api/v1/persistentvolumeclaims/{namespace}
// and of its 201 answer [pvcs.PVCCreate] (api.md 5.20).
type PVCCreate struct {
	Name             string                              `json:"name"`
	AccessModes      []corev1.PersistentVolumeAccessMode `json:"accessModes"`
	StorageClassName string                              `json:"storageClassName"`
	Requests         StorageRequests                     `json:"requests"`
}

// NewPVCCreate renders a created PVC as upstream answers the create.
func NewPVCCreate(pvc *corev1.PersistentVolumeClaim) PVCCreate {
	return PVCCreate{
		Name:             pvc.Name,
		AccessModes:      accessModes(pvc.Spec.AccessModes),
		StorageClassName: deref(pvc.Spec.StorageClassName),
		Requests:         StorageRequests{Storage: pvc.Spec.Resources.Requests.Storage().String()},
	}
}

// accessModes copies modes, [] when there are none.
func accessModes(modes []corev1.PersistentVolumeAccessMode) []corev1.PersistentVolumeAccessMode {
	out := make([]corev1.PersistentVolumeAccessMode, len(modes))
	copy(out, modes)
	return out
}

// volumeMode defaults to Filesystem, as the API server does.
func volumeMode(mode *corev1.PersistentVolumeMode) corev1.PersistentVolumeMode {
	if mode == nil || *mode == "" {
		return corev1.PersistentVolumeFilesystem
	}
	return *mode
}
