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
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

const workspace = "workspace"

// CreateWorkspace validates a create request and creates its Workspace.
func (a *Actions) CreateWorkspace(ctx context.Context, user, namespace string, req *models.WorkspaceCreate) (Result[*v1beta1.Workspace], error) {
	if errs := validateWorkspaceCreate(req, dataPath); len(errs) > 0 {
		return Result[*v1beta1.Workspace]{}, invalidRequest(errs)
	}
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	// The rules first: they cost no API call, and a denial is final.
	if err := a.checkRules(namespace, req.Kind, req.PodTemplate.Options, true, true); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	if err := a.checkWorkspace(ctx, namespace, req.Kind, &req.PodTemplate); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	ws := &v1beta1.Workspace{
		ObjectMeta: metav1.ObjectMeta{Name: req.Name, Namespace: namespace},
		Spec: v1beta1.WorkspaceSpec{
			Paused:      req.Paused,
			Kind:        req.Kind,
			PodTemplate: req.PodTemplate.ToPodTemplate(),
		},
	}
	if req.DisplayName != "" {
		ws.Spec.DisplayName = &req.DisplayName
	}
	stampCreate(ws, user)
	out, err := a.clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{})
	a.opts.Observer.APICall("create", kube.ResourceWorkspaces, err)
	if err != nil {
		return Result[*v1beta1.Workspace]{}, fromKube(err, workspace)
	}
	return a.workspaceWritten(ctx, out), nil
}

// UpdateWorkspace validates a PUT body and replaces a Workspace's editable
// fields; req.Revision must be the current revision.
func (a *Actions) UpdateWorkspace(ctx context.Context, user, namespace, name string, req *models.WorkspaceUpdate) (Result[*v1beta1.Workspace], error) {
	if errs := validateWorkspaceUpdate(req, dataPath); len(errs) > 0 {
		return Result[*v1beta1.Workspace]{}, invalidRequest(errs)
	}
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	checked := int64(-1)
	out, err := update(ctx, a.opts.Observer, a.clients.Workspaces(namespace), kube.ResourceWorkspaces, name, workspace, func(cur *v1beta1.Workspace) (*v1beta1.Workspace, error) {
		return a.applyWorkspaceUpdate(ctx, cur, user, req, &checked)
	})
	if err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	return a.workspaceWritten(ctx, out), nil
}

// PatchWorkspace applies a patch to the editable form GET returns and
// writes the result as UpdateWorkspace would. A revision in the patch must
// be current; without one the patch applies to whatever is current.
func (a *Actions) PatchWorkspace(ctx context.Context, user, namespace, name string, pt PatchType, patch []byte) (Result[*v1beta1.Workspace], error) {
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	checked := int64(-1)
	out, err := update(ctx, a.opts.Observer, a.clients.Workspaces(namespace), kube.ResourceWorkspaces, name, workspace, func(cur *v1beta1.Workspace) (*v1beta1.Workspace, error) {
		form := models.NewWorkspaceUpdate(cur)
		req, err := applyPatch(&form, pt, patch)
		if err != nil {
			return nil, err
		}
		if req.Revision == "" {
			req.Revision = form.Revision
		}
		if errs := validateWorkspaceUpdate(req, dataPath); len(errs) > 0 {
			return nil, invalidRequest(errs)
		}
		return a.applyWorkspaceUpdate(ctx, cur, user, req, &checked)
	})
	if err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	return a.workspaceWritten(ctx, out), nil
}

// applyWorkspaceUpdate computes the updated Workspace from cur. checked,
// the generation whose result was checked, carries over the attempts of
// one write: an attempt after the first mostly follows a lost race with a
// status write, which leaves the generation, and so the spec the checks
// looked at, as it was; the volume checks (API calls) are then not made
// again. Made again, they widen every attempt's read-to-write window past
// a busy controller's, and the write never wins.
func (a *Actions) applyWorkspaceUpdate(ctx context.Context, cur *v1beta1.Workspace, user string, req *models.WorkspaceUpdate, checked *int64) (*v1beta1.Workspace, error) {
	if models.Revision(cur.UID, cur.Name, cur.Generation) != req.Revision {
		return nil, revisionConflict("current workspace revision does not match request")
	}
	// As upstream (#1364): the kind is checked on every update, an option
	// value only when it changes, so a rule added later does not lock a
	// running Workspace's other fields.
	opts := req.PodTemplate.Options
	err := a.checkRules(cur.Namespace, cur.Spec.Kind, opts,
		opts.ImageConfig != cur.Spec.PodTemplate.Options.ImageConfig,
		opts.PodConfig != cur.Spec.PodTemplate.Options.PodConfig)
	if err != nil {
		return nil, err
	}
	if *checked != cur.Generation {
		if err := a.checkWorkspace(ctx, cur.Namespace, cur.Spec.Kind, &req.PodTemplate); err != nil {
			return nil, err
		}
		*checked = cur.Generation
	}
	next := cur.DeepCopy()
	next.Spec.Paused = req.Paused
	next.Spec.DisplayName = nil
	if req.DisplayName != "" {
		displayName := req.DisplayName
		next.Spec.DisplayName = &displayName
	}
	next.Spec.PodTemplate = req.PodTemplate.ToPodTemplate()
	a.stampUpdate(next, user)
	return next, nil
}

// DeleteWorkspace deletes a Workspace.
func (a *Actions) DeleteWorkspace(ctx context.Context, namespace, name string) (Result[*v1beta1.Workspace], error) {
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	gone, err := remove(ctx, a.opts.Observer, a.clients.Workspaces(namespace), kube.ResourceWorkspaces, name, workspace, nil)
	if err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	return Result[*v1beta1.Workspace]{Object: gone, Warning: a.visible(ctx, kube.ResourceWorkspaces, a.model.WaitWorkspace, deleted(gone))}, nil
}

// msgInvalidState is upstream's conflict cause for a failed pause guard.
const msgInvalidState = "workspace is in an invalid state for this operation"

type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// PauseWorkspace pauses (paused) or starts a Workspace. The API server
// checks the guards in the same request as the write: pausing needs
// spec.paused=false; starting needs spec.paused=true and status.state
// Paused. A failed guard is a Conflict.
func (a *Actions) PauseWorkspace(ctx context.Context, namespace, name string, req *models.WorkspaceActionPause) (Result[*v1beta1.Workspace], error) {
	if req.Paused == nil {
		// Upstream reads {"data":{}} as a start; a missing field is a
		// mistake, not an intent.
		return Result[*v1beta1.Workspace]{}, invalidRequest(field.ErrorList{field.Required(dataPath.Child("paused"), "paused is required")})
	}
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.Workspace]{}, err
	}
	paused := *req.Paused
	backoff := conflictBackoff
	for {
		cur, err := a.clients.Workspaces(namespace).Get(ctx, name, metav1.GetOptions{})
		a.opts.Observer.APICall("get", kube.ResourceWorkspaces, err)
		if err != nil {
			return Result[*v1beta1.Workspace]{}, fromKube(err, workspace)
		}
		ops := []patchOp{{Op: "test", Path: "/spec/paused", Value: !paused}}
		if !paused {
			ops = append(ops, patchOp{Op: "test", Path: "/status/state", Value: v1beta1.WorkspaceStatePaused})
		}
		ops = append(ops,
			patchOp{Op: "replace", Path: "/spec/paused", Value: paused},
			// The resourceVersion makes the write conditional on the
			// object the guards were meant for.
			patchOp{Op: "replace", Path: "/metadata/resourceVersion", Value: cur.ResourceVersion},
		)
		patch, err := json.Marshal(ops)
		if err != nil {
			return Result[*v1beta1.Workspace]{}, fmt.Errorf("encoding the pause patch: %w", err)
		}
		out, err := a.clients.Workspaces(namespace).Patch(ctx, name, types.JSONPatchType, patch, metav1.PatchOptions{})
		a.opts.Observer.APICall("patch", kube.ResourceWorkspaces, err)
		switch {
		case apierrors.IsConflict(err) && retryAfterConflict(ctx, &backoff):
			a.opts.Observer.Retried(kube.ResourceWorkspaces)
			continue
		case err != nil:
			e := fromKube(err, workspace)
			if ae := (*Error)(nil); errors.As(e, &ae) && ae.Reason == KubernetesInvalid {
				// A failed test operation.
				c := conflict("", ConflictCause{Kubernetes: true, Message: msgInvalidState})
				c.Err = err
				return Result[*v1beta1.Workspace]{}, c
			}
			return Result[*v1beta1.Workspace]{}, e
		}
		return a.workspaceWritten(ctx, out), nil
	}
}

func (a *Actions) workspaceWritten(ctx context.Context, out *v1beta1.Workspace) Result[*v1beta1.Workspace] {
	return Result[*v1beta1.Workspace]{Object: out, Warning: a.visible(ctx, kube.ResourceWorkspaces, a.model.WaitWorkspace, written(out))}
}

// checkWorkspace checks what the API server cannot without the upstream
// webhook: the kind and option ids exist, and every mounted PVC and Secret
// exists in the namespace and may be mounted. Fields name the Workspace's
// parts, as upstream's semantic errors do.
func (a *Actions) checkWorkspace(ctx context.Context, namespace, kindName string, tmpl *models.PodTemplateMutate) error {
	var errs field.ErrorList
	options := field.NewPath("podTemplate", "options")
	if kind, ok := a.model.Kind(kindName); !ok {
		errs = append(errs, field.NotFound(field.NewPath("kind"), kindName))
	} else {
		opts := kind.Spec.PodTemplate.Options
		if !slices.ContainsFunc(opts.ImageConfig.Values, func(v v1beta1.ImageConfigValue) bool { return v.ID == tmpl.Options.ImageConfig }) {
			errs = append(errs, field.NotFound(options.Child("imageConfig"), tmpl.Options.ImageConfig))
		}
		if !slices.ContainsFunc(opts.PodConfig.Values, func(v v1beta1.PodConfigValue) bool { return v.ID == tmpl.Options.PodConfig }) {
			errs = append(errs, field.NotFound(options.Child("podConfig"), tmpl.Options.PodConfig))
		}
	}
	volumes := field.NewPath("podTemplate", "volumes")
	if tmpl.Volumes.Home != nil {
		fe, err := a.checkMountable(ctx, volumes.Child("home"), "PersistentVolumeClaim", namespace, *tmpl.Volumes.Home)
		if err != nil {
			return err
		}
		errs = append(errs, fe...)
	}
	for i, d := range tmpl.Volumes.Data {
		fe, err := a.checkMountable(ctx, volumes.Child("data").Index(i).Child("pvcName"), "PersistentVolumeClaim", namespace, d.PVCName)
		if err != nil {
			return err
		}
		errs = append(errs, fe...)
	}
	for i, s := range tmpl.Volumes.Secrets {
		fe, err := a.checkMountable(ctx, volumes.Child("secrets").Index(i).Child("secretName"), "Secret", namespace, s.SecretName)
		if err != nil {
			return err
		}
		errs = append(errs, fe...)
	}
	if len(errs) > 0 {
		return invalid(errs)
	}
	return nil
}

// checkRules refuses a Workspace that the kind's filter rules deny
// (api.deny) in its namespace, with the rule's message: the kind itself,
// and the image and pod config values when checkImage and checkPod. The
// rules see the namespace's labels as the informer holds them. A kind or
// value that does not exist is no denial: checkWorkspace refuses it.
func (a *Actions) checkRules(namespace, kindName string, opts models.PodTemplateOptionsMutate, checkImage, checkPod bool) error {
	kind, ok := a.model.Kind(kindName)
	if !ok {
		return nil
	}
	labels, _ := a.model.NamespaceLabels(namespace) // nil: no namespace, no matchNamespace holds
	kindR, imageR, podR := models.WorkspaceRestrictions(kind, labels, opts.ImageConfig, opts.PodConfig)
	switch {
	case kindR.Deny:
		return denied(kindR, fmt.Sprintf("workspace kind %q is not allowed in namespace %q", kindName, namespace))
	case checkImage && imageR.Deny:
		return denied(imageR, fmt.Sprintf("image config %q of workspace kind %q is not allowed in namespace %q", opts.ImageConfig, kindName, namespace))
	case checkPod && podR.Deny:
		return denied(podR, fmt.Sprintf("pod config %q of workspace kind %q is not allowed in namespace %q", opts.PodConfig, kindName, namespace))
	}
	return nil
}

// denied is a refusal by a filter rule: its denyMessage, else fallback.
func denied(r models.Restrictions, fallback string) *Error {
	if r.DenyMessage != nil && r.DenyMessage.Text != "" {
		return &Error{Reason: Denied, Message: r.DenyMessage.Text}
	}
	return &Error{Reason: Denied, Message: fallback}
}

// checkMountable checks that a PVC or Secret exists and carries the
// can-mount label.
func (a *Actions) checkMountable(ctx context.Context, path *field.Path, kind, namespace, name string) (field.ErrorList, error) {
	resource := "persistentvolumeclaims"
	if kind == "Secret" {
		resource = "secrets"
	}
	meta, err := a.metadata(ctx, resource, namespace, name)
	switch {
	case apierrors.IsNotFound(err):
		return field.ErrorList{field.Invalid(path, name, fmt.Sprintf("%s %q not found in namespace %q", kind, name, namespace))}, nil
	case err != nil:
		return nil, fromKube(err, kind)
	case meta.Labels[models.LabelCanMount] != "true":
		return field.ErrorList{field.Forbidden(path, fmt.Sprintf("%s %q in namespace %q is not labeled with %s=true", kind, name, namespace, models.LabelCanMount))}, nil
	}
	return nil, nil
}

// metadata reads only an object's metadata, so a Secret's values never
// reach the BFF.
func (a *Actions) metadata(ctx context.Context, resource, namespace, name string) (*metav1.PartialObjectMetadata, error) {
	out, err := a.clients.Metadata.Resource(corev1.SchemeGroupVersion.WithResource(resource)).Namespace(namespace).
		Get(ctx, name, metav1.GetOptions{})
	a.opts.Observer.APICall("get", resource, err)
	return out, err
}
