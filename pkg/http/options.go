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

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// NamespaceLabels are the namespaces' labels as the informer holds them
// (pkg/informers.Informers); the map returned is shared and only read.
type NamespaceLabels interface {
	NamespaceLabels(name string) (map[string]string, bool)
}

// options holds the handler of a kind's option values.
type options struct {
	objects    Objects
	namespaces NamespaceLabels
	guard      guard
}

// listValues answers POST .../podtemplate/options/listvalues (api.md 5.17):
// the kind's option values under its filter rules, in the request's
// context, rendered from the cache. Upstream writes a second body after a
// 500 on one path; here every path answers exactly once.
func (h options) listValues(w http.ResponseWriter, r *http.Request) error {
	_, name, err := routeParams(r)
	if err != nil {
		return err
	}
	req, err := decodeData[models.ListValuesRequest](r)
	if err != nil {
		return err
	}
	if errs := req.Validate(field.NewPath("data")); len(errs) > 0 {
		return fieldErrors(errs).err(msgInvalidBody)
	}
	// With a namespace the caller is about to create a Workspace there;
	// without, it is an administrator's look at the kind.
	policy := auth.WorkspaceKinds.On("get", "", name)
	ns := req.NamespaceName()
	if ns != "" {
		policy = auth.Workspaces.On("create", ns, "")
	}
	if err := h.guard.allowed(r, policy); err != nil {
		return err
	}
	kind, ok := h.objects.Kind(name)
	if !ok {
		return errNotFound()
	}
	if errs := req.CheckIDs(kind); len(errs) > 0 {
		return fieldErrors(errs).err(msgInvalidSemantics)
	}
	var labels map[string]string
	var found bool
	if ns != "" {
		labels, found = h.namespaces.NamespaceLabels(ns)
	}
	writeJSON(w, http.StatusOK, dataEnvelope{models.NewPodTemplateOptions(kind, req.OptionsContext(labels, found))})
	return nil
}
