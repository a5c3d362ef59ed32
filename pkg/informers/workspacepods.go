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

package informers

import (
	corev1 "k8s.io/api/core/v1"
	toolscache "k8s.io/client-go/tools/cache"
)

// WorkspaceNameLabel is the label the workspace controller sets on the Pod
// (and every other object) it runs for a Workspace: its value is the
// Workspace's name.
const WorkspaceNameLabel = "notebooks.kubeflow.org/workspace-name"

// workspacePodIndex indexes Pods by "namespace/workspace", from their
// WorkspaceNameLabel.
const workspacePodIndex = "workspace"

// workspacePodIndexers are the Pod informer's indexes.
var workspacePodIndexers = toolscache.Indexers{workspacePodIndex: func(obj any) ([]string, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return nil, nil
	}
	name, ok := pod.Labels[WorkspaceNameLabel]
	if !ok {
		return nil, nil
	}
	return []string{pod.Namespace + "/" + name}, nil
}}

// WorkspacePods are the Pods of the Workspace namespace/name, from the Pod
// informer's store, with what trimPod keeps of them: their containers' names
// and resources. They are shared: never modify them.
func (i *Informers) WorkspacePods(namespace, name string) []*corev1.Pod {
	objs, err := i.Pods.GetIndexer().ByIndex(workspacePodIndex, namespace+"/"+name)
	if err != nil {
		return nil // the index exists from New on
	}
	pods := make([]*corev1.Pod, 0, len(objs))
	for _, obj := range objs {
		if pod, ok := obj.(*corev1.Pod); ok {
			pods = append(pods, pod)
		}
	}
	return pods
}

// workspaceContainers keeps, of a Workspace's Pod, what its resource usage
// route joins with the metrics: the name and resources of each container
// that runs alongside the others (sidecars included). Other Pods keep none.
func workspaceContainers(pod *corev1.Pod, out *corev1.Pod) {
	name, ok := pod.Labels[WorkspaceNameLabel]
	if !ok {
		return
	}
	out.Labels = map[string]string{WorkspaceNameLabel: name}
	for _, c := range pod.Spec.Containers {
		out.Spec.Containers = append(out.Spec.Containers, corev1.Container{Name: c.Name, Resources: c.Resources})
	}
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			out.Spec.InitContainers = append(out.Spec.InitContainers, corev1.Container{
				Name: c.Name, Resources: c.Resources, RestartPolicy: c.RestartPolicy,
			})
		}
	}
}
