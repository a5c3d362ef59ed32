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
	"encoding/json"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestTransform(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "p"}, Status: corev1.PodStatus{Phase: corev1.PodRunning}}
	pod.Spec.Volumes = []corev1.Volume{{VolumeSource: corev1.VolumeSource{
		PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "home"}}}}
	pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: "cm", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{}}})
	pod.Spec.Containers = []corev1.Container{{Name: "c", Image: "img", Env: []corev1.EnvVar{{Name: "TOKEN", Value: "x"}}}}
	pod.Labels = map[string]string{"app": "x"}
	pod.Spec.NodeName = "n1"
	secret := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "creds", UID: "uid-creds", ResourceVersion: "1"}}
	secret.Labels = map[string]string{models.LabelCanMount: "true", "other": "x"}
	secret.Annotations = map[string]string{corev1.LastAppliedConfigAnnotation: `{"data":{"password":"aHVudGVyMg=="}}`, models.AnnotationUpdatedBy: "bob"}
	secret.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}

	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "a",
		Annotations:   map[string]string{corev1.LastAppliedConfigAnnotation: "{}", "keep": "me"},
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}}}}

	tests := []struct {
		name string
		in   any
		want string
	}{
		{"a Pod keeps its name, node, phase and claims", pod,
			`{"metadata":{"name":"p","namespace":"a"},"spec":{"volumes":[{"name":"","persistentVolumeClaim":{"claimName":"home"}}],"containers":null,"nodeName":"n1"},"status":{"phase":"Running"}}`},
		{"a Secret's metadata drops what is not served, and values kubectl kept", secret,
			`{"metadata":{"name":"creds","namespace":"a","uid":"uid-creds","resourceVersion":"1","labels":{"notebooks.kubeflow.org/can-mount":"true"},"annotations":{"notebooks.kubeflow.org/updated-by":"bob"}}}`},
		{"a Workspace loses managedFields and the last applied configuration", ws,
			`{"metadata":{"name":"w","namespace":"a","annotations":{"keep":"me"}},"spec":{"paused":false,"kind":"","podTemplate":{"volumes":{},"options":{"imageConfig":"","podConfig":""}}},"status":{"activity":{"lastActivity":0,"lastUpdate":0},"lastRunningTime":0,"pauseTime":0,"pendingRestart":false,"podTemplateOptions":{"imageConfig":{},"podConfig":{}},"podTemplatePod":{"name":"","nodeName":""},"state":"","stateMessage":""}}`},
		{"anything else passes as it is", "tombstone", `"tombstone"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Transform(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
