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

package actions

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// StorageReadModel is what the writes of PVCs and Secrets read from the
// cache (pkg/cache.Storage): the StorageClasses to check a PVC against, and
// whether a write is visible yet.
type StorageReadModel interface {
	StorageClass(name string) (*storagev1.StorageClass, bool)
	WaitClaim(ctx context.Context, w cache.Written) error
	WaitSecret(ctx context.Context, w cache.Written) error
}

// Storage performs the writes of PVCs and Secrets, with the options,
// observer and API server health of the Actions it is built on.
type Storage struct {
	actions *Actions
	model   StorageReadModel
}

// NewStorage returns the writes of PVCs and Secrets, waiting on model.
func NewStorage(a *Actions, model StorageReadModel) *Storage {
	return &Storage{actions: a, model: model}
}

const (
	claim          = "PVC"
	resourceClaims = kube.ResourcePersistentVolumeClaims
)

// CreatePVC validates a create request and creates its PVC. Its
// StorageClass must exist and carry the can-use label; the PVC gets the
// can-mount and can-update labels, so users may mount, and later delete,
// what they made.
func (s *Storage) CreatePVC(ctx context.Context, user, namespace string, body *models.PVCCreate) (Result[*corev1.PersistentVolumeClaim], error) {
	req, errs := validatePVCCreate(body, dataPath)
	if len(errs) > 0 {
		return Result[*corev1.PersistentVolumeClaim]{}, invalidRequest(errs)
	}
	a := s.actions
	if err := a.reachable(); err != nil {
		return Result[*corev1.PersistentVolumeClaim]{}, err
	}
	if err := s.checkStorageClass(req.StorageClassName); err != nil {
		return Result[*corev1.PersistentVolumeClaim]{}, err
	}
	className := req.StorageClassName
	pvc := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{
			Name: req.Name, Namespace: namespace,
			Labels: map[string]string{models.LabelCanMount: "true", models.LabelCanUpdate: "true"},
		},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      append([]corev1.PersistentVolumeAccessMode(nil), req.AccessModes...),
			StorageClassName: &className,
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: req.storage}},
		},
	}
	stampCreate(pvc, user)
	claims := a.clients.Kube.CoreV1().PersistentVolumeClaims(namespace)
	out, err := claims.Create(ctx, pvc, metav1.CreateOptions{})
	a.opts.Observer.APICall("create", resourceClaims, err)
	if err != nil {
		return Result[*corev1.PersistentVolumeClaim]{}, fromKube(err, claim)
	}
	return Result[*corev1.PersistentVolumeClaim]{Object: out, Warning: a.visible(ctx, resourceClaims, s.model.WaitClaim, written(out))}, nil
}

// checkStorageClass checks, from the cache, that a PVC may use a class.
// Fields name the request's, unprefixed, as upstream's semantic errors do.
func (s *Storage) checkStorageClass(name string) error {
	path := field.NewPath("storageClassName")
	sc, ok := s.model.StorageClass(name)
	switch {
	case !ok:
		return invalid(field.ErrorList{field.Invalid(path, name, fmt.Sprintf("StorageClass %q not found", name))})
	case sc.Labels[models.LabelCanUse] != "true":
		return invalid(field.ErrorList{field.Forbidden(path, fmt.Sprintf("StorageClass %q is not labeled with %s=true", name, models.LabelCanUse))})
	}
	return nil
}

// DeletePVC deletes a PVC that carries the can-update label. A PVC in use
// is only marked for deletion by the API server (its protection finalizer
// holds it until no Pod mounts it): reads then show it with
// audit.deletedAt, and the delete answers once they do.
func (s *Storage) DeletePVC(ctx context.Context, namespace, name string) (Result[*corev1.PersistentVolumeClaim], error) {
	a := s.actions
	if err := a.reachable(); err != nil {
		return Result[*corev1.PersistentVolumeClaim]{}, err
	}
	claims := a.clients.Kube.CoreV1().PersistentVolumeClaims(namespace)
	gone, err := remove(ctx, a.opts.Observer, claims, resourceClaims, name, claim, func(cur *corev1.PersistentVolumeClaim) error {
		return mayUpdate(claim, cur.Labels)
	})
	if err != nil {
		return Result[*corev1.PersistentVolumeClaim]{}, err
	}
	return Result[*corev1.PersistentVolumeClaim]{Object: gone, Warning: a.visible(ctx, resourceClaims, s.model.WaitClaim, deleted(gone))}, nil
}

// mayUpdate refuses changes to a PVC or Secret that lacks the can-update
// label: users may change only what is meant to be changed through the BFF.
func mayUpdate(what string, labels map[string]string) error {
	if labels[models.LabelCanUpdate] != "true" {
		return &Error{Reason: Forbidden, Message: fmt.Sprintf("%s cannot be changed because it is not labeled with %s=true", what, models.LabelCanUpdate)}
	}
	return nil
}
