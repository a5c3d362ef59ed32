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

package cache

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestObserved(t *testing.T) {
	write := Written{Namespace: "ns", Name: "a", UID: "u1", ResourceVersion: "10"}
	gone := write
	gone.Deleted = true
	tests := []struct {
		name   string
		w      Written
		exists bool
		uid    string
		rv     string
		latest string
		want   bool
	}{
		{"not applied yet", write, false, "", "", "9", false},
		{"nothing applied yet", write, false, "", "", "", false},
		{"the written version is cached", write, true, "u1", "10", "10", true},
		{"an older version is cached", write, true, "u1", "9", "9", false},
		{"a later event of the resource was applied", write, true, "u1", "9", "11", true},
		{"a later event with a longer resourceVersion was applied", write, true, "u1", "9", "100", true},
		{"deleted since, but a later event was applied", write, false, "", "", "12", true},
		{"a non-numeric resourceVersion needs the exact object", Written{Name: "a", UID: "u1", ResourceVersion: "x"}, true, "u1", "y", "99", false},
		{"deletion: still cached", gone, true, "u1", "10", "11", false},
		{"deletion: gone", gone, false, "", "", "", true},
		{"deletion: replaced by a new object", gone, true, "u2", "20", "20", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var obj metav1.Object
			if tt.exists {
				obj = &metav1.ObjectMeta{UID: types.UID(tt.uid), ResourceVersion: tt.rv}
			}
			if got := observed(tt.w, obj, tt.exists, tt.latest); got != tt.want {
				t.Fatalf("observed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWaitWorkspaceWakesOnTheEvent(t *testing.T) {
	m := NewModel(models.Options{})
	ws := workspace("ns", "a", "k")
	ws.UID, ws.ResourceVersion = "u1", "5"

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.WaitWorkspace(ctx, Written{Namespace: "ns", Name: "a", UID: "u1", ResourceVersion: "5"})
	}()
	m.Upsert(ws)
	if err := <-done; err != nil {
		t.Fatalf("waiting for an applied write: %v", err)
	}

	short, cancelShort := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelShort()
	if err := m.WaitWorkspace(short, Written{Namespace: "ns", Name: "a", UID: "u1", ResourceVersion: "6"}); err == nil {
		t.Fatal("a write the model never saw was reported visible")
	}

	go func() { done <- m.WaitWorkspace(ctx, Written{Namespace: "ns", Name: "a", UID: "u1", Deleted: true}) }()
	m.Delete(ws)
	if err := <-done; err != nil {
		t.Fatalf("waiting for a deletion: %v", err)
	}
}
