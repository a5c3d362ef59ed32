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

package devmode

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// stuckNamespace holds the seed's stuck Workspaces: gpu-training, Pending
// because no node has a GPU, and broken-image, in Error because its image
// cannot be pulled.
const stuckNamespace = "team-data-science"

// seedStuck gives the seed's stuck Workspaces the StatefulSets the
// workspace controller would have made and the Events the scheduler and
// the kubelet would have recorded, dated from now, so that GET
// .../events says why they are stuck. No controller acts on the
// StatefulSets: dev mode runs none.
func seedStuck(ctx context.Context, clients *kube.Clients) error {
	now := time.Now()
	ago := func(d time.Duration) metav1.Time { return metav1.NewTime(now.Add(-d)) }
	for _, workspace := range []string{"gpu-training", "broken-image"} {
		if err := createStatefulSet(ctx, clients, workspace); err != nil {
			return err
		}
	}
	events := []corev1.Event{
		{
			InvolvedObject: corev1.ObjectReference{Kind: "StatefulSet", Name: "ws-gpu-training"},
			Type:           corev1.EventTypeNormal, Reason: "SuccessfulCreate", Count: 1,
			Message:        "create Pod ws-gpu-training-0 in StatefulSet ws-gpu-training successful",
			Source:         corev1.EventSource{Component: "statefulset-controller"},
			FirstTimestamp: ago(12 * time.Minute), LastTimestamp: ago(12 * time.Minute),
		},
		{
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "ws-gpu-training-0"},
			Type:           corev1.EventTypeWarning, Reason: "FailedScheduling", Count: 14,
			Message:        "0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
			Source:         corev1.EventSource{Component: "default-scheduler"},
			FirstTimestamp: ago(12 * time.Minute), LastTimestamp: ago(40 * time.Second),
		},
		{
			InvolvedObject: corev1.ObjectReference{Kind: "StatefulSet", Name: "ws-broken-image"},
			Type:           corev1.EventTypeNormal, Reason: "SuccessfulCreate", Count: 1,
			Message:        "create Pod ws-broken-image-0 in StatefulSet ws-broken-image successful",
			Source:         corev1.EventSource{Component: "statefulset-controller"},
			FirstTimestamp: ago(30 * time.Minute), LastTimestamp: ago(30 * time.Minute),
		},
		{
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "ws-broken-image-0"},
			Type:           corev1.EventTypeWarning, Reason: "Failed", Count: 6,
			Message:        `Failed to pull image "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0": not found`,
			Source:         corev1.EventSource{Component: "kubelet", Host: Node},
			FirstTimestamp: ago(29 * time.Minute), LastTimestamp: ago(3 * time.Minute),
		},
		{
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "ws-broken-image-0"},
			Type:           corev1.EventTypeNormal, Reason: "BackOff", Count: 120,
			Message:        `Back-off pulling image "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0"`,
			Source:         corev1.EventSource{Component: "kubelet", Host: Node},
			FirstTimestamp: ago(29 * time.Minute), LastTimestamp: ago(10 * time.Second),
		},
	}
	for i := range events {
		ev := &events[i]
		ev.Namespace, ev.InvolvedObject.Namespace = stuckNamespace, stuckNamespace
		ev.GenerateName = ev.InvolvedObject.Name + "."
		if _, err := clients.Kube.CoreV1().Events(stuckNamespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("recording an Event about %s: %w", ev.InvolvedObject.Name, err)
		}
	}
	return nil
}

// createStatefulSet creates the StatefulSet of the Workspace named
// workspace, named and labelled as the workspace controller would.
func createStatefulSet(ctx context.Context, clients *kube.Clients, workspace string) error {
	labels := map[string]string{informers.WorkspaceNameLabel: workspace}
	_, err := clients.Kube.AppsV1().StatefulSets(stuckNamespace).Create(ctx, &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "ws-" + workspace, Labels: labels},
		Spec: appsv1.StatefulSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "jupyter"}}},
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating the StatefulSet of Workspace %s: %w", workspace, err)
	}
	return nil
}
