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
	ns, _, err := h.guard.access(r, auth.PersistentVolumeClaims, "list")
	if err != nil {
		return err
	}
	return serveList(w, r, h.model.PersistentVolumeClaims(ns))
}

func (h storage) createClaim(w http.ResponseWriter, r *http.Request) error {
	// The name is in the body: the create in the namespace is checked
	// before it is read.
	ns, _, err := h.guard.access(r, auth.PersistentVolumeClaims, "create")
	if err != nil {
		return err
	}
	req, err := decodeData[models.PVCCreate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.CreatePVC(r.Context(), user(r).Name, ns, req)
	if err == nil {
		// Upstream has no route to one PVC, and sends an empty Location.
		w.Header().Set("Location", "")
	}
	return written(w, http.StatusCreated, res, err, models.NewPVCCreate)
}

func (h storage) deleteClaim(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.PersistentVolumeClaims, "delete")
	if err != nil {
		return err
	}
	res, err := h.actions.DeletePVC(r.Context(), ns, name)
	return deleted(w, res, err)
}

func (h storage) secrets(w http.ResponseWriter, r *http.Request) error {
	ns, _, err := h.guard.access(r, auth.Secrets, "list")
	if err != nil {
		return err
	}
	return serveList(w, r, h.model.Secrets(ns))
}

// secret answers one Secret's type, immutability and keys, read from the
// API server at each request: the read model holds Secrets' metadata only.
// The ETag derives from the answer, so polling still gets 304s.
func (h storage) secret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Secrets, "get")
	if err != nil {
		return err
	}
	s, err := h.actions.Secret(r.Context(), ns, name)
	if err != nil {
		return err
	}
	serveBody(w, r, cache.Rendered(s))
	return nil
}

func (h storage) createSecret(w http.ResponseWriter, r *http.Request) error {
	// The name is in the body: the create in the namespace is checked
	// before it is read.
	ns, _, err := h.guard.access(r, auth.Secrets, "create")
	if err != nil {
		return err
	}
	req, err := decodeData[models.SecretCreate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.CreateSecret(r.Context(), user(r).Name, ns, req)
	if err == nil {
		w.Header().Set("Location", "/api/v1/secrets/"+ns+"/"+res.Object.Name)
	}
	return written(w, http.StatusCreated, res, err, same[models.SecretCreate])
}

func (h storage) updateSecret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Secrets, "update")
	if err != nil {
		return err
	}
	req, err := decodeData[models.SecretUpdate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.UpdateSecret(r.Context(), user(r).Name, ns, name, req)
	return written(w, http.StatusOK, res, err, same[models.SecretUpdate])
}

func (h storage) deleteSecret(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Secrets, "delete")
	if err != nil {
		return err
	}
	res, err := h.actions.DeleteSecret(r.Context(), ns, name)
	return deleted(w, res, err)
}

// same is the view of a result that is its own answer.
func same[T any](v T) T { return v }
