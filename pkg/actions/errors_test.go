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
	"errors"
	"fmt"
	"syscall"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestFromKube(t *testing.T) {
	ws := schema.GroupResource{Group: "kubeflow.org", Resource: "workspaces"}
	tests := []struct {
		name string
		err  error
		want Reason // 0: stays an internal error (500)
	}{
		{"not found", apierrors.NewNotFound(ws, "a"), NotFound},
		{"already exists", apierrors.NewAlreadyExists(ws, "a"), AlreadyExists},
		{"conflict", apierrors.NewConflict(ws, "a", errors.New("modified")), Conflict},
		{"invalid", apierrors.NewInvalid(schema.GroupKind{Group: "kubeflow.org", Kind: "Workspace"}, "a", nil), KubernetesInvalid},
		{"admission webhook denial", apierrors.NewForbidden(ws, "a", errors.New(`admission webhook "x" denied the request: no`)), KubernetesInvalid},
		{"quota", apierrors.NewForbidden(ws, "a", errors.New("exceeded quota: compute")), KubernetesInvalid},
		{"RBAC refusing the BFF itself", apierrors.NewForbidden(ws, "a", errors.New(`User "system:serviceaccount:x:y" cannot create resource "workspaces"`)), 0},
		{"bad request", apierrors.NewBadRequest("bad"), BadRequest},
		{"too large", apierrors.NewRequestEntityTooLargeError("limit is 3145728"), TooLarge},
		{"unavailable", apierrors.NewServiceUnavailable("down"), Unavailable},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), Unavailable},
		{"anything else", apierrors.NewInternalError(errors.New("boom")), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fromKube(tt.err, "workspace")
			var e *Error
			got := Reason(0)
			if errors.As(err, &e) {
				got = e.Reason
			}
			if got != tt.want {
				t.Fatalf("reason %d, want %d (%v)", got, tt.want, err)
			}
		})
	}
}
