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
