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
	"strings"

	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// dataPath is where a request's body sits in its envelope: field errors
// name the request's fields ("data.name").
var dataPath = field.NewPath("data")

// validateWorkspaceCreate checks a create request as upstream does (api.md
// 5.4). path is where the body sits in the request, e.g. "data".
func validateWorkspaceCreate(c *models.WorkspaceCreate, path *field.Path) field.ErrorList {
	errs := dnsSubdomain(path.Child("name"), c.Name)
	errs = append(errs, dnsSubdomain(path.Child("kind"), c.Kind)...)
	errs = append(errs, validateDisplayName(path.Child("displayName"), c.DisplayName)...)
	return append(errs, validatePodTemplate(&c.PodTemplate, path.Child("podTemplate"))...)
}

// validateWorkspaceUpdate checks a PUT body, or a PATCH's result (5.6).
func validateWorkspaceUpdate(u *models.WorkspaceUpdate, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if u.Revision == "" {
		errs = append(errs, field.Required(path.Child("revision"), "revision is required"))
	}
	errs = append(errs, validateDisplayName(path.Child("displayName"), u.DisplayName)...)
	return append(errs, validatePodTemplate(&u.PodTemplate, path.Child("podTemplate"))...)
}

// validateWorkspaceKindUpdate checks a PUT body, or a PATCH's result (5.14);
// the API server validates the CRD fields.
func validateWorkspaceKindUpdate(u *models.WorkspaceKindUpdate, path *field.Path) field.ErrorList {
	if u.Revision == "" {
		return field.ErrorList{field.Required(path.Child("revision"), "revision is required")}
	}
	return nil
}

// validateManifest checks what identifies a WorkspaceKind manifest, in
// upstream's order.
func validateManifest(kind *v1beta1.WorkspaceKind) field.ErrorList {
	var errs field.ErrorList
	switch kind.APIVersion {
	case "":
		errs = append(errs, field.Required(field.NewPath("apiVersion"), ""))
	case v1beta1.GroupVersion.String():
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
	return append(errs, dnsSubdomain(field.NewPath("metadata", "name"), kind.Name)...)
}

// maxDisplayName is the CRD's limit, checked here so the error names the
// request's field.
const maxDisplayName = 128

func validateDisplayName(path *field.Path, name string) field.ErrorList {
	if len(name) > maxDisplayName {
		return field.ErrorList{field.TooLong(path, name, maxDisplayName)}
	}
	return nil
}

func validatePodTemplate(p *models.PodTemplateMutate, path *field.Path) field.ErrorList {
	md := path.Child("podMetadata")
	errs := metav1validation.ValidateLabels(p.PodMetadata.Labels, md.Child("labels"))
	errs = append(errs, apivalidation.ValidateAnnotations(p.PodMetadata.Annotations, md.Child("annotations"))...)

	vol := path.Child("volumes")
	if p.Volumes.Home != nil {
		errs = append(errs, dnsSubdomain(vol.Child("home"), *p.Volumes.Home)...)
	}
	for i, d := range p.Volumes.Data {
		at := vol.Child("data").Index(i)
		errs = append(errs, dnsSubdomain(at.Child("pvcName"), d.PVCName)...)
		errs = append(errs, required(at.Child("mountPath"), d.MountPath)...)
	}
	for i, s := range p.Volumes.Secrets {
		at := vol.Child("secrets").Index(i)
		errs = append(errs, dnsSubdomain(at.Child("secretName"), s.SecretName)...)
		errs = append(errs, required(at.Child("mountPath"), s.MountPath)...)
		if s.DefaultMode < 0 || s.DefaultMode > 0o777 {
			errs = append(errs, field.Invalid(at.Child("defaultMode"), s.DefaultMode, "defaultMode must be between 0 and 511"))
		}
	}
	opts := path.Child("options")
	errs = append(errs, required(opts.Child("imageConfig"), p.Options.ImageConfig)...)
	return append(errs, required(opts.Child("podConfig"), p.Options.PodConfig)...)
}

// dnsSubdomain checks an object name as upstream: Required when empty, else
// the Kubernetes validator's messages.
func dnsSubdomain(path *field.Path, value string) field.ErrorList {
	if value == "" {
		return field.ErrorList{field.Required(path, "")}
	}
	if msgs := validation.IsDNS1123Subdomain(value); len(msgs) > 0 {
		return field.ErrorList{field.Invalid(path, value, strings.Join(msgs, "; "))}
	}
	return nil
}

func required(path *field.Path, value string) field.ErrorList {
	if value == "" {
		return field.ErrorList{field.Required(path, "")}
	}
	return nil
}
