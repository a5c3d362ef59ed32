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

// User is the caller as GET /api/v1/user describes them, the shape that
// Kubeflow's other BFFs serving mod-arch frontends (the model registry UI's)
// answer with.
type User struct {
	// UserID is the caller's name, from the identity header.
	UserID string `json:"userId"`
	// ClusterAdmin is whether the caller may do anything cluster-wide.
	ClusterAdmin bool `json:"clusterAdmin"`
}
