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

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// SecretListItem is an item of GET /api/v1/secrets/{namespace}
// [secrets.SecretListItem] (api.md 5.22). It is built from the Secret's
// metadata only: the BFF never holds a Secret's values to list them.
type SecretListItem struct {
	Name      string        `json:"name"`
	CanUpdate bool          `json:"canUpdate"`
	CanMount  bool          `json:"canMount"`
	Mounts    []SecretMount `json:"mounts,omitempty"`
	Audit     Audit         `json:"audit"`
}

// SecretMount is a Workspace that mounts a Secret [secrets.SecretMount].
type SecretMount struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
}

// NewSecretListItem renders a Secret's metadata and the names of the
// Workspaces that mount it (in the order given; none omits mounts).
func NewSecretListItem(secret *metav1.PartialObjectMetadata, workspaces []string) SecretListItem {
	item := SecretListItem{
		Name:      secret.Name,
		CanUpdate: secret.Labels[LabelCanUpdate] == "true",
		CanMount:  secret.Labels[LabelCanMount] == "true",
		Audit:     NewAudit(secret),
	}
	for _, name := range workspaces {
		item.Mounts = append(item.Mounts, SecretMount{Group: v1beta1.GroupVersion.Group, Kind: "Workspace", Name: name})
	}
	return item
}

// SecretValue is one key of a Secret in a request: Base64 sets its value;
// nil keeps the current one (PUT) or drops the key (POST). Answers never
// carry it: every key is answered as {} [secrets.SecretValue].
type SecretValue struct {
	Base64 *string `json:"base64,omitempty"`
}

// SecretData are a Secret's keys [secrets.SecretData].
type SecretData map[string]SecretValue

// SecretUpdate is the body of PUT /api/v1/secrets/{namespace}/{name} and the
// answer of GET and PUT there [secrets.SecretUpdate].
type SecretUpdate struct {
	Type      corev1.SecretType `json:"type"`
	Immutable bool              `json:"immutable"`
	Contents  SecretData        `json:"contents"`
}

// SecretCreate is the body of POST /api/v1/secrets/{namespace} and of its
// 201 answer [secrets.SecretCreate].
type SecretCreate struct {
	Name      string            `json:"name"`
	Type      corev1.SecretType `json:"type"`
	Immutable bool              `json:"immutable"`
	Contents  SecretData        `json:"contents"`
}

// NewSecretUpdate renders a Secret without its values: its type, whether it
// is immutable, and its keys, each as {}. Nothing of the values survives
// in the model, so it may be kept, logged or served.
func NewSecretUpdate(secret *corev1.Secret) SecretUpdate {
	out := SecretUpdate{Type: secret.Type, Contents: SecretData{}}
	if secret.Immutable != nil {
		out.Immutable = *secret.Immutable
	}
	for key := range secret.Data {
		out.Contents[key] = SecretValue{}
	}
	for key := range secret.StringData {
		out.Contents[key] = SecretValue{}
	}
	return out
}

// NewSecretCreate renders a created Secret as upstream answers the create.
func NewSecretCreate(secret *corev1.Secret) SecretCreate {
	u := NewSecretUpdate(secret)
	return SecretCreate{Name: secret.Name, Type: u.Type, Immutable: u.Immutable, Contents: u.Contents}
}
