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

// Package resourceusage reads a Workspace's point-in-time resource usage:
// each container's cpu and memory from the metrics.k8s.io API (PodMetrics,
// read live: that API cannot be watched), joined by container name with the
// requests and limits of the Workspace's Pod, taken from the Pod informer.
// Whether the cluster serves the metrics API is found by discovery, cached
// and checked again at most once per RecheckAfter.
package resourceusage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/discovery"
	metricsv1beta1 "k8s.io/metrics/pkg/client/clientset/versioned/typed/metrics/v1beta1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// GroupVersion is the metrics API the usage comes from.
const GroupVersion = "metrics.k8s.io/v1beta1"

// RecheckAfter is how long a discovery answer is trusted: a metrics server
// installed (or removed) is noticed within it.
const RecheckAfter = time.Minute

// Pods finds the Pods of a Workspace (pkg/informers.Informers).
type Pods interface {
	WorkspacePods(namespace, name string) []*corev1.Pod
}

// Reader reads Workspaces' resource usage. It is safe for concurrent use.
type Reader struct {
	discovery discovery.DiscoveryInterface
	metrics   metricsv1beta1.PodMetricsesGetter
	pods      Pods
	now       func() time.Time

	mu        sync.Mutex
	checkedAt time.Time
	available bool
}

// New returns a Reader that discovers the metrics API with disc, reads
// PodMetrics with metrics and finds Pods in pods.
func New(disc discovery.DiscoveryInterface, metrics metricsv1beta1.PodMetricsesGetter, pods Pods) *Reader {
	return &Reader{discovery: disc, metrics: metrics, pods: pods, now: time.Now}
}

// Of returns the usage of ws. A degraded answer (no metrics API, no Pod)
// is a usage with Error set; an error is only a failure to ask the API
// server.
func (r *Reader) Of(ctx context.Context, ws *v1beta1.Workspace) (models.WorkspaceResourceUsage, error) {
	usage := models.WorkspaceResourceUsage{Containers: map[string]models.ContainerResourceUsage{}}
	available, err := r.metricsAPI()
	if err != nil {
		return usage, err
	}
	if !available {
		usage.Error = models.ErrMetricsAPINotAvailable
		return usage, nil
	}
	pod := workspacePod(ws, r.pods.WorkspacePods(ws.Namespace, ws.Name))
	if pod == nil {
		usage.Error = models.ErrWorkspaceNotRunning
		return usage, nil
	}
	for _, c := range slices.Concat(pod.Spec.Containers, pod.Spec.InitContainers) {
		usage.Containers[c.Name] = models.ContainerResourceUsage{Resources: *c.Resources.DeepCopy()}
	}
	metrics, err := r.metrics.PodMetricses(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		// No sample of the Pod yet: its containers show resources only.
		return usage, nil
	case apierrors.IsServiceUnavailable(err):
		// Registered but not answering: as good as absent, until the
		// next discovery says otherwise.
		r.forget()
		usage.Error = models.ErrMetricsAPINotAvailable
		return usage, nil
	case err != nil:
		return usage, err
	}
	timestamp := metrics.Timestamp.UTC().Format(time.RFC3339)
	for _, c := range metrics.Containers {
		u, ok := usage.Containers[c.Name]
		if !ok {
			continue // a container the Pod's spec does not run alongside
		}
		u.MetricsFromMetricsServer = &models.MetricsSample{Timestamp: timestamp, Usage: c.Usage.DeepCopy()}
		usage.Containers[c.Name] = u
	}
	return usage, nil
}

// workspacePod picks the Workspace's Pod among those labelled for it: the
// one its status names, else the first by name not being deleted.
func workspacePod(ws *v1beta1.Workspace, pods []*corev1.Pod) *corev1.Pod {
	pods = slices.DeleteFunc(slices.Clone(pods), func(p *corev1.Pod) bool { return p.DeletionTimestamp != nil })
	if len(pods) == 0 {
		return nil
	}
	for _, p := range pods {
		if p.Name == ws.Status.PodTemplatePod.Name {
			return p
		}
	}
	return slices.MinFunc(pods, func(a, b *corev1.Pod) int { return strings.Compare(a.Name, b.Name) })
}

// metricsAPI reports whether the cluster serves PodMetrics, from a
// discovery at most RecheckAfter old. A discovery the API server answers
// with an error status (404: not registered; 503: registered but its
// server does not answer) is "no"; one it cannot answer is an error.
func (r *Reader) metricsAPI() (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.checkedAt.IsZero() && r.now().Sub(r.checkedAt) < RecheckAfter {
		return r.available, nil
	}
	resources, err := r.discovery.ServerResourcesForGroupVersion(GroupVersion)
	var status apierrors.APIStatus
	switch {
	case err == nil:
		r.available = slices.ContainsFunc(resources.APIResources, func(res metav1.APIResource) bool { return res.Name == "pods" })
	case errors.As(err, &status):
		r.available = false
	default:
		return false, err
	}
	r.checkedAt = r.now()
	return r.available, nil
}

// forget drops the cached discovery, so the next read discovers again.
func (r *Reader) forget() {
	r.mu.Lock()
	r.checkedAt = time.Time{}
	r.mu.Unlock()
}
