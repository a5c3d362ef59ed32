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

// Degraded answers of GET .../podtemplate/resources: 200s whose "error"
// says why there is no usage, as upstream names them.
const (
	// ErrMetricsAPINotAvailable: the cluster serves no metrics.k8s.io API.
	ErrMetricsAPINotAvailable = "METRICS_API_NOT_AVAILABLE"
	// ErrWorkspaceNotRunning: the Workspace has no Pod.
	ErrWorkspaceNotRunning = "WORKSPACE_NOT_RUNNING"
)

// WorkspaceResourceUsage is the body of GET
// /api/v1/workspaces/{namespace}/{name}/podtemplate/resources: each
// container of the Workspace's Pod, by name, with its point-in-time usage
// and its requests and limits [models.WorkspaceResourceUsage upstream].
type WorkspaceResourceUsage struct {
	// Containers is {} (never null) in a degraded answer.
	Containers map[string]ContainerResourceUsage `json:"containers"`
	// Error, when set, is why there is no usage: one of the Err constants.
	Error string `json:"error,omitempty"`
}

// ContainerResourceUsage is one container's usage and resources.
type ContainerResourceUsage struct {
	// MetricsFromMetricsServer is absent until the metrics API has a
	// sample of the container.
	MetricsFromMetricsServer *MetricsSample `json:"metricsFromMetricsServer,omitempty"`
	// Resources are the container's requests and limits, from the Pod.
	Resources corev1.ResourceRequirements `json:"resources"`
}

// MetricsSample is a container's usage as metrics.k8s.io's PodMetrics
// reported it.
type MetricsSample struct {
	// Timestamp is when the sample was taken, RFC 3339.
	Timestamp string `json:"timestamp"`
	// Usage is the container's cpu and memory use.
	Usage corev1.ResourceList `json:"usage"`
}
