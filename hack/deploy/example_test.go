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

package deploy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

// exampleOverlay is docs/operations.md's example of an overlay of one's own
// (section "Apply"): the image one built, and a setting beyond the manifests'.
const exampleOverlay = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - OVERLAY
images:
  - name: ghcr.io/kubeflow/workspaces-bff
    newName: registry.example.com/workspaces-bff
    newTag: v0.1.0
patches:
  - target:
      kind: Deployment
      name: workspaces-backend
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value:
          name: LOG_FORMAT
          value: json
`

func TestReadmeOverlayExample(t *testing.T) {
	overlay, err := filepath.Abs("overlays/kubeflow")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rel, err := filepath.Rel(dir, overlay)
	if err != nil {
		t.Fatal(err)
	}
	manifest := []byte(strings.Replace(exampleOverlay, "OVERLAY", rel, 1))
	if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), manifest, 0o600); err != nil {
		t.Fatal(err)
	}
	var d appsv1.Deployment
	object(t, render(t, dir), "Deployment", &d)
	c := d.Spec.Template.Spec.Containers[0]
	if c.Image != "registry.example.com/workspaces-bff:v0.1.0" {
		t.Errorf("image %q", c.Image)
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if env["LOG_FORMAT"] != "json" || env["PROXY_URL_PREFIX"] != "/workspaces" {
		t.Errorf("env %v: want LOG_FORMAT=json beside the overlay's PROXY_URL_PREFIX", env)
	}
}
