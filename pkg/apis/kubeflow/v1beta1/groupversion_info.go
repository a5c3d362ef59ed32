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

package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is the group and version of the Workspace and WorkspaceKind
	// resources.
	GroupVersion = schema.GroupVersion{Group: "kubeflow.org", Version: "v1beta1"}

	// SchemeBuilder registers the types of this package with a runtime.Scheme.
	// It is built from apimachinery alone, not controller-runtime, so that
	// importing the API types never pulls in a controller framework.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)

	// AddToScheme adds Workspace, WorkspaceKind and their lists to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

// addKnownTypes registers the kinds of this group version, plus the meta/v1
// types (ListOptions, Status, WatchEvent, ...) that clients need to list and
// watch them.
func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(GroupVersion,
		&Workspace{},
		&WorkspaceList{},
		&WorkspaceKind{},
		&WorkspaceKindList{},
	)
	metav1.AddToGroupVersion(scheme, GroupVersion)
	return nil
}
