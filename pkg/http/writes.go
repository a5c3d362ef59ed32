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
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// writes holds the handlers that change objects: check access, decode the
// request, call pkg/actions (which validates it), render what it wrote.
// Access comes first, so a caller who may not write costs no read of the
// body at all.
type writes struct {
	actions *actions.Actions
	guard   guard
}

func (h writes) createWorkspace(w http.ResponseWriter, r *http.Request) error {
	// The name is in the body: the check is the create in the namespace,
	// as the API server's own, and comes before the body is read.
	ns, _, err := h.guard.access(r, auth.Workspaces, "create")
	if err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceCreate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.CreateWorkspace(r.Context(), user(r).Name, ns, req)
	if err == nil {
		w.Header().Set("Location", "/api/v1/workspaces/"+ns+"/"+res.Object.Name)
	}
	return written(w, http.StatusCreated, res, err, models.NewWorkspaceCreate)
}

func (h writes) updateWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "update")
	if err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceUpdate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.UpdateWorkspace(r.Context(), user(r).Name, ns, name, req)
	return written(w, http.StatusOK, res, err, models.NewWorkspaceUpdate)
}

func (h writes) patchWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "patch")
	if err != nil {
		return err
	}
	pt, patch, err := readPatch(r)
	if err != nil {
		return err
	}
	res, err := h.actions.PatchWorkspace(r.Context(), user(r).Name, ns, name, pt, patch)
	return written(w, http.StatusOK, res, err, models.NewWorkspaceUpdate)
}

func (h writes) deleteWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "delete")
	if err != nil {
		return err
	}
	res, err := h.actions.DeleteWorkspace(r.Context(), ns, name)
	return deleted(w, res, err)
}

func (h writes) pauseWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "update")
	if err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceActionPause](r)
	if err != nil {
		return err
	}
	res, err := h.actions.PauseWorkspace(r.Context(), ns, name, req)
	return written(w, http.StatusOK, res, err, func(ws *v1beta1.Workspace) models.WorkspaceActionPause {
		return models.WorkspaceActionPause{Paused: &ws.Spec.Paused}
	})
}

// manifestTypes are the content types a WorkspaceKind manifest may come in.
var manifestTypes = []string{contentYAML, "application/x-yaml", "text/yaml", contentJSON}

func (h writes) createWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	mt, err := mediaType(r, manifestTypes...)
	if err != nil {
		return err
	}
	// The name is in the manifest: the check is the create cluster-wide,
	// as the API server's own, and comes before the manifest is read.
	if _, _, err := h.guard.access(r, auth.WorkspaceKinds, "create"); err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	kind := &v1beta1.WorkspaceKind{}
	if err := decodeManifest(mt, body, kind); err != nil {
		return err
	}
	res, err := h.actions.CreateWorkspaceKind(r.Context(), user(r).Name, kind)
	if err == nil {
		w.Header().Set("Location", "/api/v1/workspacekinds/"+res.Object.Name)
	}
	return written(w, http.StatusCreated, res, err, models.NewWorkspaceKindCreate)
}

func (h writes) updateWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	_, name, err := h.guard.access(r, auth.WorkspaceKinds, "update")
	if err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceKindUpdate](r)
	if err != nil {
		return err
	}
	res, err := h.actions.UpdateWorkspaceKind(r.Context(), user(r).Name, name, req)
	return written(w, http.StatusOK, res, err, models.NewWorkspaceKindUpdate)
}

func (h writes) patchWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	_, name, err := h.guard.access(r, auth.WorkspaceKinds, "patch")
	if err != nil {
		return err
	}
	pt, patch, err := readPatch(r)
	if err != nil {
		return err
	}
	res, err := h.actions.PatchWorkspaceKind(r.Context(), user(r).Name, name, pt, patch)
	return written(w, http.StatusOK, res, err, models.NewWorkspaceKindUpdate)
}

func (h writes) deleteWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	_, name, err := h.guard.access(r, auth.WorkspaceKinds, "delete")
	if err != nil {
		return err
	}
	res, err := h.actions.DeleteWorkspaceKind(r.Context(), name)
	return deleted(w, res, err)
}

// readPatch reads a PATCH's body in one of the patch types it may come in.
func readPatch(r *http.Request) (actions.PatchType, []byte, error) {
	mt, err := mediaType(r, string(actions.MergePatch), string(actions.JSONPatch))
	if err != nil {
		return "", nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return "", nil, err
	}
	return actions.PatchType(mt), body, nil
}

// written answers a write: its error, or status and {"data": view(object)},
// with a Warning when the read model had not caught up with the write in
// time.
func written[T, V any](w http.ResponseWriter, status int, res actions.Result[T], err error, view func(T) V) error {
	if err != nil {
		return err
	}
	setWarning(w, res.Warning)
	writeJSON(w, status, dataEnvelope{view(res.Object)})
	return nil
}

// deleted answers a delete: its error, or 204 with written's Warning.
func deleted[T any](w http.ResponseWriter, res actions.Result[T], err error) error {
	if err != nil {
		return err
	}
	setWarning(w, res.Warning)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// dataEnvelope is the envelope of every answer's payload.
type dataEnvelope struct {
	Data any `json:"data"`
}

func setWarning(w http.ResponseWriter, warning string) {
	if warning != "" {
		// RFC 7234 warn-code 299: a persistent miscellaneous warning.
		w.Header().Set("Warning", `299 - "`+warning+`"`)
	}
}
