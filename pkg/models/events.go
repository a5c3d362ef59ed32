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

// WorkspaceEvent is one item of GET
// /api/v1/workspaces/{namespace}/{name}/events: a Kubernetes Event about
// the Workspace, its StatefulSet or its Pod. Beyond upstream.
type WorkspaceEvent struct {
	// Type is Normal or Warning.
	Type string `json:"type"`
	// Reason is the Event's machine-readable reason: ImagePullBackOff,
	// FailedScheduling, FailedMount...
	Reason  string `json:"reason"`
	Message string `json:"message"`
	// Count is how many times it happened, at least 1.
	Count int32 `json:"count"`
	// FirstTimestamp and LastTimestamp are when it first and last
	// happened, RFC 3339.
	FirstTimestamp string `json:"firstTimestamp"`
	LastTimestamp  string `json:"lastTimestamp"`
	// Object is what it happened to.
	Object EventObject `json:"object"`
}

// EventObject is the object an Event is about.
type EventObject struct {
	// Kind is Workspace, StatefulSet or Pod.
	Kind string `json:"kind"`
	Name string `json:"name"`
}
