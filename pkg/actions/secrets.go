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

package actions

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Secrets' values pass through the functions below on their way to or from
// the API server and are dropped before they return: each returns a model
// that holds only keys (models.NewSecretUpdate). None of them logs a value
// or puts one in an error.

const (
	secret          = "secret"
	resourceSecrets = kube.ResourceSecrets
)

// Secret reads a Secret from the API server (Secrets are never cached) and
// answers its type, whether it is immutable, and its keys.
func (s *Storage) Secret(ctx context.Context, namespace, name string) (models.SecretUpdate, error) {
	a := s.actions
	if err := a.reachable(); err != nil {
		return models.SecretUpdate{}, err
	}
	secrets := a.clients.Kube.CoreV1().Secrets(namespace)
	cur, err := secrets.Get(ctx, name, metav1.GetOptions{})
	a.opts.Observer.APICall("get", resourceSecrets, err)
	if err != nil {
		return models.SecretUpdate{}, fromKube(err, secret)
	}
	return models.NewSecretUpdate(cur), nil
}

// CreateSecret validates a create request and creates its Secret: the keys
// that carry a value (the others are dropped), labelled can-mount and
// can-update.
func (s *Storage) CreateSecret(ctx context.Context, user, namespace string, body *models.SecretCreate) (Result[models.SecretCreate], error) {
	req, errs := validateSecretCreate(body, dataPath)
	if len(errs) > 0 {
		return Result[models.SecretCreate]{}, invalidRequest(errs)
	}
	a := s.actions
	if err := a.reachable(); err != nil {
		return Result[models.SecretCreate]{}, err
	}
	immutable := req.Immutable
	obj := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: req.Name, Namespace: namespace,
			Labels: map[string]string{models.LabelCanMount: "true", models.LabelCanUpdate: "true"},
		},
		Type:      req.Type,
		Immutable: &immutable,
		Data:      req.contents.data(nil),
	}
	stampCreate(obj, user)
	secrets := a.clients.Kube.CoreV1().Secrets(namespace)
	out, err := secrets.Create(ctx, obj, metav1.CreateOptions{})
	a.opts.Observer.APICall("create", resourceSecrets, err)
	if err != nil {
		return Result[models.SecretCreate]{}, fromKube(err, secret)
	}
	warning := a.visible(ctx, resourceSecrets, s.model.WaitSecret, written(out))
	return Result[models.SecretCreate]{Object: models.NewSecretCreate(out), Warning: warning}, nil
}

// UpdateSecret replaces a Secret's type, immutability and keys: a key with
// a value is set, a key without one keeps its current value, and a key left
// out is deleted. The write is conditional on the resourceVersion of the
// Secret it was computed from; when another write came first the Secret is
// read again and the request applied to it, so that change is never lost.
// The Secret must carry the can-update label.
func (s *Storage) UpdateSecret(ctx context.Context, user, namespace, name string, body *models.SecretUpdate) (Result[models.SecretUpdate], error) {
	req, errs := validateSecretUpdate(body, dataPath)
	if len(errs) > 0 {
		return Result[models.SecretUpdate]{}, invalidRequest(errs)
	}
	a := s.actions
	if err := a.reachable(); err != nil {
		return Result[models.SecretUpdate]{}, err
	}
	secrets := a.clients.Kube.CoreV1().Secrets(namespace)
	out, err := update(ctx, a.opts.Observer, secrets, resourceSecrets, name, secret, func(cur *corev1.Secret) (*corev1.Secret, error) {
		if err := mayUpdate(secret, cur.Labels); err != nil {
			return nil, err
		}
		next := cur.DeepCopy()
		next.Data, next.StringData = req.contents.data(cur.Data), nil
		next.Type = req.Type
		immutable := req.Immutable
		next.Immutable = &immutable
		a.stampUpdate(next, user)
		return next, nil
	})
	if err != nil {
		return Result[models.SecretUpdate]{}, err
	}
	warning := a.visible(ctx, resourceSecrets, s.model.WaitSecret, written(out))
	return Result[models.SecretUpdate]{Object: models.NewSecretUpdate(out), Warning: warning}, nil
}

// DeleteSecret deletes a Secret that carries the can-update label.
func (s *Storage) DeleteSecret(ctx context.Context, namespace, name string) (Result[struct{}], error) {
	a := s.actions
	if err := a.reachable(); err != nil {
		return Result[struct{}]{}, err
	}
	secrets := a.clients.Kube.CoreV1().Secrets(namespace)
	gone, err := remove(ctx, a.opts.Observer, secrets, resourceSecrets, name, secret, func(cur *corev1.Secret) error {
		return mayUpdate(secret, cur.Labels)
	})
	if err != nil {
		return Result[struct{}]{}, err
	}
	return Result[struct{}]{Warning: a.visible(ctx, resourceSecrets, s.model.WaitSecret, deleted(gone))}, nil
}
