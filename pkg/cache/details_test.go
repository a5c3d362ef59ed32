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
	"encoding/json"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestWorkspaceDetails(t *testing.T) {
	m := NewModel(models.Options{})
	home := "home-pvc"
	ws := workspace("ns", "w", "k")
	ws.ResourceVersion = "1"
	ws.Spec.PodTemplate.Volumes.Home = &home
	m.Upsert(ws)

	homeMount := func(t *testing.T, body *Body) string {
		t.Helper()
		var env struct {
			Data models.WorkspaceDetails `json:"data"`
		}
		if err := json.Unmarshal(body.Bytes(), &env); err != nil || env.Data.Volumes.Home.PVCName == nil {
			t.Fatalf("details %s: %v", body.Bytes(), err)
		}
		return env.Data.Volumes.Home.MountPath
	}
	get := func(t *testing.T) *Body {
		t.Helper()
		d, ok := m.WorkspaceDetails("ns", "w")
		if !ok {
			t.Fatal("the Workspace is missing")
		}
		return d
	}

	if _, ok := m.WorkspaceDetails("ns", "nope"); ok {
		t.Fatal("a missing Workspace has details")
	}
	first := get(t)
	if got := homeMount(t, first); got != models.UnknownHomeMountPath {
		t.Fatalf("without the kind the mount path is %s", got)
	}
	if again := get(t); again.ETag() != first.ETag() {
		t.Fatal("the ETag changed without a change")
	}

	k := kind("k", "Image")
	k.ResourceVersion = "2"
	k.Spec.PodTemplate.VolumeMounts.Home = "/home/jovyan"
	m.Upsert(k)
	withKind := get(t)
	if withKind.ETag() == first.ETag() {
		t.Fatal("the kind's arrival kept the ETag")
	}
	if got := homeMount(t, withKind); got != "/home/jovyan" {
		t.Fatalf("mount path %s", got)
	}

	unshown := ws.DeepCopy()
	unshown.ResourceVersion = "3"
	unshown.Status.State = v1beta1.WorkspaceStateRunning
	m.Upsert(unshown)
	if get(t).ETag() != withKind.ETag() {
		t.Fatal("a status change the details do not show changed the ETag")
	}

	updated := ws.DeepCopy()
	updated.ResourceVersion = "4"
	updated.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{Name: "ws-w-0"}
	m.Upsert(updated)
	if get(t).ETag() == withKind.ETag() {
		t.Fatal("a status change kept the ETag")
	}
}
