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

import corev1 "k8s.io/api/core/v1"

// Namespace is an item of GET /api/v1/namespaces [namespaces.Namespace].
type Namespace struct {
	Name string `json:"name"`
}

// NewNamespace renders a Namespace: only its name is served.
func NewNamespace(ns *corev1.Namespace) Namespace {
	return Namespace{Name: ns.Name}
}
