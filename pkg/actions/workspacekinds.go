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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

const workspaceKind = "workspacekind"

// CreateWorkspaceKind creates a WorkspaceKind from a decoded manifest. Its
// metadata is kept except what the API server assigns; status is ignored.
func (a *Actions) CreateWorkspaceKind(ctx context.Context, user string, kind *v1beta1.WorkspaceKind) (Result[*v1beta1.WorkspaceKind], error) {
	if errs := validateManifest(kind); len(errs) > 0 {
		return Result[*v1beta1.WorkspaceKind]{}, invalidRequest(errs)
	}
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	obj := &v1beta1.WorkspaceKind{
		ObjectMeta: metav1.ObjectMeta{
			Name:        kind.Name,
			Labels:      kind.Labels,
			Annotations: kind.Annotations,
		},
		Spec: *kind.Spec.DeepCopy(),
	}
	stampCreate(obj, user)
	out, err := a.clients.WorkspaceKinds().Create(ctx, obj, metav1.CreateOptions{})
	a.opts.Observer.APICall("create", kube.ResourceWorkspaceKinds, err)
	if err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, fromKube(err, workspaceKind)
	}
	return a.kindWritten(ctx, out), nil
}

// UpdateWorkspaceKind replaces a kind's spawner, pod template and activity
// rules (filter rules are kept); req.Revision must be current.
func (a *Actions) UpdateWorkspaceKind(ctx context.Context, user, name string, req *models.WorkspaceKindUpdate) (Result[*v1beta1.WorkspaceKind], error) {
	if errs := validateWorkspaceKindUpdate(req, dataPath); len(errs) > 0 {
		return Result[*v1beta1.WorkspaceKind]{}, invalidRequest(errs)
	}
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	out, err := update(ctx, a.opts.Observer, a.clients.WorkspaceKinds(), kube.ResourceWorkspaceKinds, name, workspaceKind, func(cur *v1beta1.WorkspaceKind) (*v1beta1.WorkspaceKind, error) {
		return a.applyKindUpdate(cur, user, req)
	})
	if err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	return a.kindWritten(ctx, out), nil
}

// PatchWorkspaceKind applies a patch to the editable form GET returns, as
// PatchWorkspace does.
func (a *Actions) PatchWorkspaceKind(ctx context.Context, user, name string, pt PatchType, patch []byte) (Result[*v1beta1.WorkspaceKind], error) {
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	out, err := update(ctx, a.opts.Observer, a.clients.WorkspaceKinds(), kube.ResourceWorkspaceKinds, name, workspaceKind, func(cur *v1beta1.WorkspaceKind) (*v1beta1.WorkspaceKind, error) {
		form := models.NewWorkspaceKindUpdate(cur)
		req, err := applyPatch(&form, pt, patch)
		if err != nil {
			return nil, err
		}
		if req.Revision == "" {
			req.Revision = form.Revision
		}
		if errs := validateWorkspaceKindUpdate(req, dataPath); len(errs) > 0 {
			return nil, invalidRequest(errs)
		}
		return a.applyKindUpdate(cur, user, req)
	})
	if err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	return a.kindWritten(ctx, out), nil
}

func (a *Actions) applyKindUpdate(cur *v1beta1.WorkspaceKind, user string, req *models.WorkspaceKindUpdate) (*v1beta1.WorkspaceKind, error) {
	if models.Revision(cur.UID, cur.Name, cur.Generation) != req.Revision {
		return nil, revisionConflict("current workspace kind revision does not match request")
	}
	next := cur.DeepCopy()
	next.Spec.Spawner = req.Spawner
	next.Spec.PodTemplate = req.PodTemplate
	next.Spec.ActivityRules = req.ActivityRules
	next.Spec.FilterRules = req.FilterRules
	a.stampUpdate(next, user)
	return next, nil
}

// DeleteWorkspaceKind deletes a kind no Workspace uses. The BFF decides
// from its cache, because a cluster may run without the webhook that would.
func (a *Actions) DeleteWorkspaceKind(ctx context.Context, name string) (Result[*v1beta1.WorkspaceKind], error) {
	if err := a.reachable(); err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	gone, err := remove(ctx, a.opts.Observer, a.clients.WorkspaceKinds(), kube.ResourceWorkspaceKinds, name, workspaceKind, func(*v1beta1.WorkspaceKind) error {
		if n := a.model.KindUsage(name); n > 0 {
			return conflict("", ConflictCause{Message: fmt.Sprintf("WorkspaceKind is used by %d workspace(s)", n)})
		}
		return nil
	})
	if err != nil {
		return Result[*v1beta1.WorkspaceKind]{}, err
	}
	return Result[*v1beta1.WorkspaceKind]{Object: gone, Warning: a.visible(ctx, kube.ResourceWorkspaceKinds, a.model.WaitWorkspaceKind, deleted(gone))}, nil
}

func (a *Actions) kindWritten(ctx context.Context, out *v1beta1.WorkspaceKind) Result[*v1beta1.WorkspaceKind] {
	return Result[*v1beta1.WorkspaceKind]{Object: out, Warning: a.visible(ctx, kube.ResourceWorkspaceKinds, a.model.WaitWorkspaceKind, written(out))}
}
