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

package httpapi

import (
	"net/http"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// StorageReadModel is what the storage GETs serve from: bytes rendered
// when the informers' events arrived (pkg/cache.Storage).
type StorageReadModel interface {
	StorageClasses() *cache.List
	PersistentVolumeClaims(namespace string) *cache.List
	Secrets(namespace string) *cache.List
}

// storage holds the handlers of StorageClasses, PVCs and Secrets. Lists are
// served from the storage read model; one Secret is read live (its type and
// keys are never cached, nor its values ever served); writes call
// actions.Storage.
type storage struct {
	model   StorageReadModel
	actions *actions.Storage
	guard   guard
}

// storageClasses lists every StorageClass. With ?namespace the check is
// whether the caller may create PVCs there, as upstream: the frontend asks
// for the classes a user may create a PVC of.
func (h storage) storageClasses(w http.ResponseWriter, r *http.Request) error {
	policy := auth.StorageClasses.On("list", "", "")
	ns, err := namespaceQuery(r, "namespace")
	if err != nil {
		return err
	}
	if ns != "" {
		policy = auth.PersistentVolumeClaims.On("create", ns, "")
	}
	if err := h.guard.allowed(r, policy); err != nil {
		return err
	}
	return serveList(w, r, h.model.StorageClasses())
}

func (h storage) claims(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.PersistentVolumeClaims.On("list", ns, "")); err != nil {
		return err
	}
	return serveList(w, r, h.model.PersistentVolumeClaims(ns))
}

func (h storage) createClaim(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	// The name is in the body: the create in the namespace is checked
	// before it is read.
	if err := h.guard.allowed(r, auth.PersistentVolumeClaims.On("create", ns, "")); err != nil {
		return err
	}
	req, err := decodeData[models.PVCCreate](r)
	if err != nil {
		return err
	}
	valid, errs := actions.ValidatePVCCreate(req, field.NewPath("data"))
	if len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.CreatePVC(r.Context(), user(r).Name, ns, valid)
	if err != nil {
		return err
	}
	// Upstream has no route to one PVC, and sends an empty Location.
	w.Header().Set("Location", "")
	writeResult(w, http.StatusCreated, res.Warning, models.NewPVCCreate(res.Object))
	return nil
}

func (h storage) deleteClaim(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.PersistentVolumeClaims.On("delete", ns, name)); err != nil {
		return err
	}
	res, err := h.actions.DeletePVC(r.Context(), ns, name)
	if err != nil {
		return err
	}
	writeNoContent(w, res.Warning)
	return nil
}

func (h storage) secrets(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Secrets.On("list", ns, "")); err != nil {
		return err
	}
	return serveList(w, r, h.model.Secrets(ns))
}

// secret answers one Secret's type, immutability and keys, read from the
// API server at each request: the read model holds Secrets' metadata only.
// The ETag derives from the answer, so polling still gets 304s.
func (h storage) secret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Secrets.On("get", ns, name)); err != nil {
		return err
	}
	s, err := h.actions.Secret(r.Context(), ns, name)
	if err != nil {
		return err
	}
	body := cache.Rendered(s)
	serveCached(w, r, body)
	return nil
}

func (h storage) createSecret(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	// The name is in the body: the create in the namespace is checked
	// before it is read.
	if err := h.guard.allowed(r, auth.Secrets.On("create", ns, "")); err != nil {
		return err
	}
	req, err := decodeData[models.SecretCreate](r)
	if err != nil {
		return err
	}
	valid, errs := actions.ValidateSecretCreate(req, field.NewPath("data"))
	if len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.CreateSecret(r.Context(), user(r).Name, ns, valid)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/secrets/"+ns+"/"+res.Object.Name)
	writeResult(w, http.StatusCreated, res.Warning, res.Object)
	return nil
}

func (h storage) updateSecret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Secrets.On("update", ns, name)); err != nil {
		return err
	}
	req, err := decodeData[models.SecretUpdate](r)
	if err != nil {
		return err
	}
	valid, errs := actions.ValidateSecretUpdate(req, field.NewPath("data"))
	if len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.UpdateSecret(r.Context(), user(r).Name, ns, name, valid)
	if err != nil {
		return err
	}
	writeResult(w, http.StatusOK, res.Warning, res.Object)
	return nil
}

func (h storage) deleteSecret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Secrets.On("delete", ns, name)); err != nil {
		return err
	}
	res, err := h.actions.DeleteSecret(r.Context(), ns, name)
	if err != nil {
		return err
	}
	writeNoContent(w, res.Warning)
	return nil
}
