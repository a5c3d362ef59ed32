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

// +kubebuilder:object:generate=true
// +groupName=kubeflow.org

// Package v1beta1 holds the Go types of the kubeflow.org/v1beta1 custom
// resources Workspace and WorkspaceKind, as served by the Kubeflow Notebooks
// 2.0 controller.
//
// The BFF does not own these CRDs: the types mirror the upstream controller's
// API so that the CRDs controller-gen generates from them (see `make generate`
// and hack/crd) are structurally identical to upstream's. The drift test in
// this package fails when they are not.
//
// Field comments double as the `description` of the generated CRD schema, so
// they keep upstream's wording rather than Go doc style; notes meant only for
// Go readers follow a "---" line, which controller-gen drops (the Kubernetes
// API doc convention).
package v1beta1
