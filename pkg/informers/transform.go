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

package informers

import (
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Transform is every informer's transform. It runs before an object enters
// a store, so every copy the BFF keeps is as small as what it serves: the
// storage resources keep only what the storage routes show, and the others
// lose managedFields (often larger than the rest of a Workspace) and the
// last-applied-configuration annotation.
func Transform(obj any) (any, error) {
	switch o := obj.(type) {
	case *storagev1.StorageClass:
		return trimStorageClass(o), nil
	case *corev1.PersistentVolume:
		return trimPersistentVolume(o), nil
	case *corev1.PersistentVolumeClaim:
		return trimPersistentVolumeClaim(o), nil
	case *corev1.Pod:
		return trimPod(o), nil
	case *metav1.PartialObjectMetadata:
		return trimSecretMetadata(o), nil
	}
	stripUnserved(obj)
	return obj, nil
}

// stripUnserved drops the metadata the BFF never serves from an object
// that the reflector has just decoded, and so nobody else holds yet.
func stripUnserved(obj any) {
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return
	}
	accessor.SetManagedFields(nil)
	if ann := accessor.GetAnnotations(); ann != nil {
		delete(ann, corev1.LastAppliedConfigAnnotation)
	}
}

// The labels and annotations the storage routes read; the transforms drop
// every other one (a Secret's last-applied-configuration annotation holds
// its values in clear).
var (
	auditAnnotations  = []string{models.AnnotationCreatedBy, models.AnnotationUpdatedAt, models.AnnotationUpdatedBy}
	permissionLabels  = []string{models.LabelCanMount, models.LabelCanUpdate}
	classAnnotations  = []string{models.AnnotationDisplayName, models.AnnotationDescription}
	storageClassLabel = []string{models.LabelCanUse}
)

// trimMeta keeps what identifies an object, its timestamps, and the given
// labels and annotations.
func trimMeta(m *metav1.ObjectMeta, labels, annotations []string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name: m.Name, Namespace: m.Namespace, UID: m.UID, ResourceVersion: m.ResourceVersion,
		CreationTimestamp: m.CreationTimestamp, DeletionTimestamp: m.DeletionTimestamp,
		Labels: keep(m.Labels, labels), Annotations: keep(m.Annotations, annotations),
	}
}

// keep is the entries of m under keys; nil when there are none.
func keep(m map[string]string, keys []string) map[string]string {
	var out map[string]string
	for _, k := range keys {
		if v, ok := m[k]; ok {
			if out == nil {
				out = make(map[string]string, len(keys))
			}
			out[k] = v
		}
	}
	return out
}

func trimStorageClass(sc *storagev1.StorageClass) *storagev1.StorageClass {
	return &storagev1.StorageClass{ObjectMeta: trimMeta(&sc.ObjectMeta, storageClassLabel, classAnnotations)}
}

func trimPersistentVolume(pv *corev1.PersistentVolume) *corev1.PersistentVolume {
	return &corev1.PersistentVolume{
		ObjectMeta: trimMeta(&pv.ObjectMeta, nil, nil),
		Spec: corev1.PersistentVolumeSpec{
			AccessModes:                   pv.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: pv.Spec.PersistentVolumeReclaimPolicy,
			VolumeMode:                    pv.Spec.VolumeMode,
		},
	}
}

func trimPersistentVolumeClaim(pvc *corev1.PersistentVolumeClaim) *corev1.PersistentVolumeClaim {
	out := &corev1.PersistentVolumeClaim{
		ObjectMeta: trimMeta(&pvc.ObjectMeta, permissionLabels, auditAnnotations),
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      pvc.Spec.AccessModes,
			StorageClassName: pvc.Spec.StorageClassName,
			VolumeMode:       pvc.Spec.VolumeMode,
			VolumeName:       pvc.Spec.VolumeName,
		},
	}
	if q, ok := pvc.Spec.Resources.Requests[corev1.ResourceStorage]; ok {
		out.Spec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: q}
	}
	return out
}

// trimPod keeps a Pod's name, phase, node and the PVCs its volumes claim:
// Pods are the most numerous and most often changed objects watched, and
// nothing else of them is served; a Workspace's Pod also keeps its
// containers' resources (workspaceContainers).
func trimPod(pod *corev1.Pod) *corev1.Pod {
	out := &corev1.Pod{
		ObjectMeta: trimMeta(&pod.ObjectMeta, nil, nil),
		Spec:       corev1.PodSpec{NodeName: pod.Spec.NodeName},
		Status:     corev1.PodStatus{Phase: pod.Status.Phase},
	}
	workspaceContainers(pod, out)
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			out.Spec.Volumes = append(out.Spec.Volumes, corev1.Volume{VolumeSource: corev1.VolumeSource{
				PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: v.PersistentVolumeClaim.ClaimName},
			}})
		}
	}
	return out
}

func trimSecretMetadata(secret *metav1.PartialObjectMetadata) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{
		TypeMeta:   secret.TypeMeta,
		ObjectMeta: trimMeta(&secret.ObjectMeta, permissionLabels, auditAnnotations),
	}
}
