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
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// writes holds the handlers that change objects: check access, decode and
// validate the request, call pkg/actions, render the object it wrote.
// Access comes first, so a caller who may not write costs no read of the
// body at all.
type writes struct {
	actions *actions.Actions
	guard   guard
}

// patchTypes are the content types a PATCH accepts.
var patchTypes = []string{string(actions.MergePatch), string(actions.JSONPatch)}

func (h writes) createWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceParam(r)
	if err != nil {
		return err
	}
	// The name is in the body: the check is the create in the namespace,
	// as the API server's own, and comes before the body is read.
	if err := h.guard.allowed(r, auth.Workspaces.On("create", ns, "")); err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceCreate](r)
	if err != nil {
		return err
	}
	if errs := actions.ValidateWorkspaceCreate(req, field.NewPath("data")); len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.CreateWorkspace(r.Context(), user(r).Name, ns, req)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/workspaces/"+ns+"/"+res.Object.Name)
	writeResult(w, http.StatusCreated, res.Warning, models.NewWorkspaceCreate(res.Object))
	return nil
}

func (h writes) updateWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Workspaces.On("update", ns, name)); err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceUpdate](r)
	if err != nil {
		return err
	}
	if errs := actions.ValidateWorkspaceUpdate(req, field.NewPath("data")); len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.UpdateWorkspace(r.Context(), user(r).Name, ns, name, req)
	return writeWorkspace(w, res, err)
}

func (h writes) patchWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Workspaces.On("patch", ns, name)); err != nil {
		return err
	}
	pt, patch, err := readPatch(r)
	if err != nil {
		return err
	}
	res, err := h.actions.PatchWorkspace(r.Context(), user(r).Name, ns, name, pt, patch)
	return writeWorkspace(w, res, err)
}

func writeWorkspace(w http.ResponseWriter, res actions.Result[*v1beta1.Workspace], err error) error {
	if err != nil {
		return err
	}
	writeResult(w, http.StatusOK, res.Warning, models.NewWorkspaceUpdate(res.Object))
	return nil
}

func (h writes) deleteWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Workspaces.On("delete", ns, name)); err != nil {
		return err
	}
	res, err := h.actions.DeleteWorkspace(r.Context(), ns, name)
	if err != nil {
		return err
	}
	writeNoContent(w, res.Warning)
	return nil
}

func (h writes) pauseWorkspace(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := workspaceParams(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.Workspaces.On("update", ns, name)); err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceActionPause](r)
	if err != nil {
		return err
	}
	if req.Paused == nil {
		// Upstream reads {"data":{}} as a start; a missing field is a
		// mistake, not an intent.
		return invalidBody(field.ErrorList{field.Required(field.NewPath("data", "paused"), "paused is required")})
	}
	res, err := h.actions.PauseWorkspace(r.Context(), ns, name, *req.Paused)
	if err != nil {
		return err
	}
	paused := res.Object.Spec.Paused
	writeResult(w, http.StatusOK, res.Warning, models.WorkspaceActionPause{Paused: &paused})
	return nil
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
	if err := h.guard.allowed(r, auth.WorkspaceKinds.On("create", "", "")); err != nil {
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
	if errs := validateManifest(kind); len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.CreateWorkspaceKind(r.Context(), user(r).Name, kind)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/workspacekinds/"+res.Object.Name)
	writeResult(w, http.StatusCreated, res.Warning, models.NewWorkspaceKindCreate(res.Object))
	return nil
}

// validateManifest checks what identifies a WorkspaceKind manifest, in
// upstream's order.
func validateManifest(kind *v1beta1.WorkspaceKind) field.ErrorList {
	var errs field.ErrorList
	want := v1beta1.GroupVersion.String()
	switch kind.APIVersion {
	case "":
		errs = append(errs, field.Required(field.NewPath("apiVersion"), ""))
	case want:
	default:
		errs = append(errs, field.Invalid(field.NewPath("apiVersion"), kind.APIVersion, "invalid apiVersion for a WorkspaceKind"))
	}
	switch kind.Kind {
	case "":
		errs = append(errs, field.Required(field.NewPath("kind"), ""))
	case "WorkspaceKind":
	default:
		errs = append(errs, field.Invalid(field.NewPath("kind"), kind.Kind, "invalid kind for a WorkspaceKind"))
	}
	var name fieldErrors
	name.dnsSubdomain("metadata.name", kind.Name)
	return append(errs, name...)
}

func (h writes) updateWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	name, err := kindParam(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.WorkspaceKinds.On("update", "", name)); err != nil {
		return err
	}
	req, err := decodeData[models.WorkspaceKindUpdate](r)
	if err != nil {
		return err
	}
	if errs := actions.ValidateWorkspaceKindUpdate(req, field.NewPath("data")); len(errs) > 0 {
		return invalidBody(errs)
	}
	res, err := h.actions.UpdateWorkspaceKind(r.Context(), user(r).Name, name, req)
	return writeWorkspaceKind(w, res, err)
}

func (h writes) patchWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	name, err := kindParam(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.WorkspaceKinds.On("patch", "", name)); err != nil {
		return err
	}
	pt, patch, err := readPatch(r)
	if err != nil {
		return err
	}
	res, err := h.actions.PatchWorkspaceKind(r.Context(), user(r).Name, name, pt, patch)
	return writeWorkspaceKind(w, res, err)
}

func writeWorkspaceKind(w http.ResponseWriter, res actions.Result[*v1beta1.WorkspaceKind], err error) error {
	if err != nil {
		return err
	}
	writeResult(w, http.StatusOK, res.Warning, models.NewWorkspaceKindUpdate(res.Object))
	return nil
}

func (h writes) deleteWorkspaceKind(w http.ResponseWriter, r *http.Request) error {
	name, err := kindParam(r)
	if err != nil {
		return err
	}
	if err := h.guard.allowed(r, auth.WorkspaceKinds.On("delete", "", name)); err != nil {
		return err
	}
	res, err := h.actions.DeleteWorkspaceKind(r.Context(), name)
	if err != nil {
		return err
	}
	writeNoContent(w, res.Warning)
	return nil
}

func readPatch(r *http.Request) (actions.PatchType, []byte, error) {
	mt, err := mediaType(r, patchTypes...)
	if err != nil {
		return "", nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return "", nil, err
	}
	return actions.PatchType(mt), body, nil
}

// writeResult answers a write with {"data": v}, warning when the read model
// had not caught up with the write in time.
func writeResult(w http.ResponseWriter, status int, warning string, v any) {
	setWarning(w, warning)
	writeJSON(w, status, struct {
		Data any `json:"data"`
	}{v})
}

func writeNoContent(w http.ResponseWriter, warning string) {
	setWarning(w, warning)
	w.WriteHeader(http.StatusNoContent)
}

func setWarning(w http.ResponseWriter, warning string) {
	if warning != "" {
		// RFC 7234 warn-code 299: a persistent miscellaneous warning.
		w.Header().Set("Warning", `299 - "`+warning+`"`)
	}
}
