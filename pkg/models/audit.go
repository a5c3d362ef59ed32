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
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Annotations the BFF writes on the objects it creates and updates, read back
// into Audit.
const (
	AnnotationCreatedBy = "notebooks.kubeflow.org/created-by"
	AnnotationUpdatedAt = "notebooks.kubeflow.org/updated-at"
	AnnotationUpdatedBy = "notebooks.kubeflow.org/updated-by"
)

// Audit says who created and last updated an object, and when
// [common.Audit]. Every key is always present; each is null when unknown.
type Audit struct {
	CreatedAt *string `json:"createdAt"`
	CreatedBy *string `json:"createdBy"`
	UpdatedAt *string `json:"updatedAt"`
	UpdatedBy *string `json:"updatedBy"`
	DeletedAt *string `json:"deletedAt"`
}

// NewAudit reads the Audit of an object from its creation and deletion
// timestamps and the BFF's audit annotations. An updated-at annotation that
// is not RFC 3339 is reported as null, as upstream does. Times are rendered
// as metav1.Time renders them: RFC 3339 in UTC, to the second.
func NewAudit(obj metav1.Object) Audit {
	var audit Audit
	if obj == nil {
		return audit
	}
	if created := obj.GetCreationTimestamp(); !created.IsZero() {
		audit.CreatedAt = formatTime(created.Time)
	}
	if deleted := obj.GetDeletionTimestamp(); deleted != nil && !deleted.IsZero() {
		audit.DeletedAt = formatTime(deleted.Time)
	}
	annotations := obj.GetAnnotations()
	if by, ok := annotations[AnnotationCreatedBy]; ok {
		audit.CreatedBy = &by
	}
	if at, ok := annotations[AnnotationUpdatedAt]; ok {
		if t, err := time.Parse(time.RFC3339, at); err == nil {
			audit.UpdatedAt = formatTime(t)
		}
	}
	if by, ok := annotations[AnnotationUpdatedBy]; ok {
		audit.UpdatedBy = &by
	}
	return audit
}

func formatTime(t time.Time) *string {
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// Revision is upstream's opaque revision: lowercase hex SHA-256 of
// "<uid>:<name>:<generation>". It changes when the spec changes (generation)
// or the object is recreated (uid), not on status or metadata updates.
func Revision(uid types.UID, name string, generation int64) string {
	input := string(uid) + ":" + name + ":" + strconv.FormatInt(generation, 10)
	sum := sha256.Sum256([]byte(input))
	return hex.EncodeToString(sum[:])
}
