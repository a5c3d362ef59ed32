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
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// ListValuesRequest is the payload of
// POST /api/v1/workspacekinds/{name}/podtemplate/options/listvalues: the
// context the option values are listed for [options.ListValuesRequest]
// (api.md 5.17). {} is the empty context.
type ListValuesRequest struct {
	Context ListValuesContext `json:"context"`
}

// ListValuesContext is where the caller is about to use the values
// [options.ListValuesContext]. Every part is optional.
type ListValuesContext struct {
	Namespace   *ContextNamespace `json:"namespace,omitempty"`
	ImageConfig *ContextOptionID  `json:"imageConfig,omitempty"`
	PodConfig   *ContextOptionID  `json:"podConfig,omitempty"`
}

// ContextNamespace names the namespace of a ListValuesContext
// [options.ContextNamespace].
type ContextNamespace struct {
	Name string `json:"name"`
}

// ContextOptionID names an option value of a ListValuesContext
// [options.ContextImageConfig], [options.ContextPodConfig].
type ContextOptionID struct {
	ID string `json:"id"`
}

// Validate checks the request as upstream does: the namespace is a DNS
// label, the ids are not empty. path is where the request sits in the body
// ("data"). Whether the ids exist is the kind's business: see CheckIDs.
func (r *ListValuesRequest) Validate(path *field.Path) field.ErrorList {
	ctx := path.Child("context")
	var errs field.ErrorList
	if ns := r.Context.Namespace; ns != nil {
		p := ctx.Child("namespace", "name")
		switch msgs := validation.IsDNS1123Label(ns.Name); {
		case ns.Name == "":
			errs = append(errs, field.Required(p, ""))
		case len(msgs) > 0:
			errs = append(errs, field.Invalid(p, ns.Name, strings.Join(msgs, "; ")))
		}
	}
	if pc := r.Context.PodConfig; pc != nil && pc.ID == "" {
		errs = append(errs, field.Required(ctx.Child("podConfig", "id"), ""))
	}
	if ic := r.Context.ImageConfig; ic != nil && ic.ID == "" {
		errs = append(errs, field.Required(ctx.Child("imageConfig", "id"), ""))
	}
	return errs
}

// NamespaceName is the context's namespace, "" when it names none.
func (r *ListValuesRequest) NamespaceName() string {
	if r.Context.Namespace == nil {
		return ""
	}
	return r.Context.Namespace.Name
}

// CheckIDs reports the context ids the kind does not define, as upstream
// does after the access check: one Invalid error each, on fields rooted at
// "context" (not "data").
func (r *ListValuesRequest) CheckIDs(kind *v1beta1.WorkspaceKind) field.ErrorList {
	var errs field.ErrorList
	if ic := r.Context.ImageConfig; ic != nil && findImageValue(kind, ic.ID) == nil {
		errs = append(errs, field.Invalid(field.NewPath("context", "imageConfig", "id"), ic.ID,
			fmt.Sprintf("provided image config id %q not found in workspace kind %q", ic.ID, kind.Name)))
	}
	if pc := r.Context.PodConfig; pc != nil && findPodValue(kind, pc.ID) == nil {
		errs = append(errs, field.Invalid(field.NewPath("context", "podConfig", "id"), pc.ID,
			fmt.Sprintf("provided pod config id %q not found in workspace kind %q", pc.ID, kind.Name)))
	}
	return errs
}

// OptionsContext is the context the kind's filter rules are evaluated in.
// labels are those of the context namespace, and found whether it exists:
// without a namespace in the context, or one that does not exist, every
// matchNamespace condition is false. labels are only read.
func (r *ListValuesRequest) OptionsContext(labels map[string]string, found bool) OptionsContext {
	ctx := OptionsContext{Namespace: r.NamespaceName()}
	if ctx.Namespace != "" && found {
		ctx.NamespaceLabels = labels
		if labels == nil {
			ctx.NamespaceLabels = map[string]string{}
		}
	}
	if r.Context.ImageConfig != nil {
		ctx.ImageConfigID = r.Context.ImageConfig.ID
	}
	if r.Context.PodConfig != nil {
		ctx.PodConfigID = r.Context.PodConfig.ID
	}
	return ctx
}
