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

package models_test

import (
	"encoding/json"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestNewAudit(t *testing.T) {
	created := metav1.Date(2025, 11, 24, 16, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		meta metav1.ObjectMeta
		want string
	}{{
		name: "object created outside the BFF has only its creation time",
		meta: metav1.ObjectMeta{CreationTimestamp: created},
		want: `{"createdAt": "2025-11-24T16:00:00Z", "createdBy": null, "updatedAt": null, "updatedBy": null, "deletedAt": null}`,
	}, {
		name: "object without any timestamp or annotation is all null",
		want: `{"createdAt": null, "createdBy": null, "updatedAt": null, "updatedBy": null, "deletedAt": null}`,
	}, {
		name: "object created and updated through the BFF",
		meta: metav1.ObjectMeta{CreationTimestamp: created, Annotations: map[string]string{
			models.AnnotationCreatedBy: "alice@example.com",
			models.AnnotationUpdatedBy: "bob@example.com",
			models.AnnotationUpdatedAt: "2025-11-24T17:30:00Z",
			"unrelated":                "x",
		}},
		want: `{"createdAt": "2025-11-24T16:00:00Z", "createdBy": "alice@example.com",
			"updatedAt": "2025-11-24T17:30:00Z", "updatedBy": "bob@example.com", "deletedAt": null}`,
	}, {
		name: "updated-at with an offset is reported in UTC",
		meta: metav1.ObjectMeta{Annotations: map[string]string{models.AnnotationUpdatedAt: "2025-11-24T19:30:00+02:00"}},
		want: `{"createdAt": null, "createdBy": null, "updatedAt": "2025-11-24T17:30:00Z", "updatedBy": null, "deletedAt": null}`,
	}, {
		name: "unparsable updated-at is null",
		meta: metav1.ObjectMeta{Annotations: map[string]string{
			models.AnnotationUpdatedAt: "yesterday",
			models.AnnotationUpdatedBy: "bob@example.com",
		}},
		want: `{"createdAt": null, "createdBy": null, "updatedAt": null, "updatedBy": "bob@example.com", "deletedAt": null}`,
	}, {
		name: "empty created-by annotation is an empty string, not null",
		meta: metav1.ObjectMeta{Annotations: map[string]string{models.AnnotationCreatedBy: ""}},
		want: `{"createdAt": null, "createdBy": "", "updatedAt": null, "updatedBy": null, "deletedAt": null}`,
	}, {
		name: "object being deleted reports its deletion time",
		meta: metav1.ObjectMeta{CreationTimestamp: created, DeletionTimestamp: ptr(metav1.Date(2025, 11, 25, 8, 0, 0, 0, time.UTC))},
		want: `{"createdAt": "2025-11-24T16:00:00Z", "createdBy": null, "updatedAt": null, "updatedBy": null, "deletedAt": "2025-11-25T08:00:00Z"}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta := tt.meta
			body, err := json.Marshal(models.NewAudit(&meta))
			if err != nil {
				t.Fatal(err)
			}
			// Audit has no envelope of its own; it is validated on its own
			// here and inside the list items of the other tests.
			apitest.ValidateUpstream(t, "common.Audit", body)
			var got any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			assertJSONAt(t, got, map[string]string{"": tt.want})
		})
	}
}

func TestNewNamespace(t *testing.T) {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   "team-data-science",
		Labels: map[string]string{"kubernetes.io/metadata.name": "team-data-science"},
	}}
	got := envelope(t, "api.NamespaceListEnvelope", []models.Namespace{models.NewNamespace(ns)})
	assertJSONAt(t, got, map[string]string{"": `[{"name": "team-data-science"}]`})
}
