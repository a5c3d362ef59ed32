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

package httpapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// kindManifest is the upstream jupyterlab sample renamed.
func kindManifest(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile("../../hack/harness/devdata/upstream/jupyterlab_v1beta1_workspacekind.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(string(raw), "\n  name: jupyterlab\n", "\n  name: "+name+"\n", 1)
}

func getKindForm(t *testing.T, url string) map[string]any {
	t.Helper()
	r := do(t, http.MethodGet, url)
	expect(t, r, http.StatusOK)
	var env struct{ Data map[string]any }
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}

func TestWorkspaceKindWrites(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ns := env.Namespace(t)
	name := "kind-w-" + ns
	kindsURL := base + "/api/v1/workspacekinds"
	url := kindsURL + "/" + name
	t.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(testenv.Context(t), name, metav1.DeleteOptions{}) })

	t.Run("create from YAML answers 201 and is readable at once", func(t *testing.T) {
		r := send(t, http.MethodPost, kindsURL, "application/yaml", kindManifest(t, name))
		expect(t, r, http.StatusCreated)
		apitest.ValidateUpstream(t, "api.WorkspaceKindCreateEnvelope", r.body)
		if loc := r.header.Get("Location"); loc != "/api/v1/workspacekinds/"+name {
			t.Errorf("Location = %q", loc)
		}
		expect(t, do(t, http.MethodGet, url), http.StatusOK)
		stored, err := env.Clients.WorkspaceKinds().Get(testenv.Context(t), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if stored.Annotations["notebooks.kubeflow.org/created-by"] != "writer@example.com" {
			t.Errorf("annotations %v", stored.Annotations)
		}
	})

	t.Run("create errors", func(t *testing.T) {
		tests := []struct {
			name, contentType, body string
			status                  int
			contains                string
		}{
			{"duplicate", "application/yaml", kindManifest(t, name), 409, "workspacekind already exists"},
			{"JSON content type with a YAML body", "application/json", kindManifest(t, "k-json"), 400, "error decoding request body"},
			{"wrong content type", "text/plain", kindManifest(t, "k-text"), 415, "unsupported media type"},
			{"not YAML", "application/yaml", "{{{", 400, "error decoding request body"},
			{"two documents", "application/yaml", kindManifest(t, "k-a") + "\n---\n" + kindManifest(t, "k-b"), 400, "exactly one manifest"},
			{"unknown field", "application/yaml", strings.Replace(kindManifest(t, "k-u"), "spec:\n", "spec:\n  color: red\n", 1), 400, "unknown field"},
			{"duplicate field", "application/yaml", strings.Replace(kindManifest(t, "k-d"), "kind: WorkspaceKind\n", "kind: WorkspaceKind\nkind: WorkspaceKind\n", 1), 400, "already set"},
			{"empty object", "application/yaml", "{}", 422, `"field":"metadata.name"`},
			{"wrong apiVersion", "application/yaml", strings.Replace(kindManifest(t, "k-v"), "kubeflow.org/v1beta1", "kubeflow.org/v1", 1), 422, "invalid apiVersion for a WorkspaceKind"},
			{"invalid name", "application/yaml", kindManifest(t, "Bad_Name"), 422, "metadata.name"},
			{"wrong type", "application/yaml", strings.Replace(kindManifest(t, "k-bad"), "spawner:\n", "spawner:\n    hidden: maybe\n", 1), 400, "error decoding"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, _ := env.Clients.WorkspaceKinds().List(testenv.Context(t), metav1.ListOptions{})
				r := send(t, http.MethodPost, kindsURL, tt.contentType, tt.body)
				expect(t, r, tt.status)
				if !strings.Contains(string(r.body), tt.contains) {
					t.Errorf("body %s does not contain %q", r.body, tt.contains)
				}
				after, _ := env.Clients.WorkspaceKinds().List(testenv.Context(t), metav1.ListOptions{})
				if len(after.Items) != len(before.Items) {
					t.Errorf("a failed create changed the kinds: %d -> %d", len(before.Items), len(after.Items))
				}
			})
		}
	})

	t.Run("create from JSON", func(t *testing.T) {
		manifest := map[string]any{}
		if err := yaml.Unmarshal([]byte(kindManifest(t, "json-"+name)), &manifest); err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(manifest)
		expect(t, send(t, http.MethodPost, kindsURL, "application/json", string(body)), http.StatusCreated)
		expect(t, send(t, http.MethodDelete, kindsURL+"/json-"+name, "", ""), http.StatusNoContent)
	})

	t.Run("PUT with the current revision, then a stale one", func(t *testing.T) {
		cur := getKindForm(t, url)
		cur["spawner"].(map[string]any)["displayName"] = "Renamed Lab"
		body, _ := json.Marshal(map[string]any{"data": cur})
		r := send(t, http.MethodPut, url, "application/json", string(body))
		expect(t, r, http.StatusOK)
		apitest.ValidateUpstream(t, "api.WorkspaceKindEnvelope", r.body)
		if got := getKindForm(t, url); field(got, "spawner.displayName") != "Renamed Lab" || got["revision"] == cur["revision"] {
			t.Errorf("after PUT: %v", got["spawner"])
		}
		r = send(t, http.MethodPut, url, "application/json", string(body))
		expect(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), "current workspace kind revision does not match request") {
			t.Errorf("body %s", r.body)
		}
	})

	t.Run("PUT errors", func(t *testing.T) {
		expect(t, send(t, http.MethodPut, kindsURL+"/missing-"+ns, "application/json", `{"data":{"revision":"x","spawner":{},"podTemplate":{}}}`), http.StatusNotFound)
		expect(t, send(t, http.MethodPut, url, "application/json", `{"data":{"revision":"","spawner":{},"podTemplate":{}}}`), http.StatusUnprocessableEntity)
		expect(t, send(t, http.MethodPut, url, "application/json", `{"data":{"revision":"x","status":{}}}`), http.StatusBadRequest) // an unknown field (filterRules is known since beta.2)
	})

	t.Run("merge patch", func(t *testing.T) {
		r := send(t, http.MethodPatch, url, "application/merge-patch+json", `{"data":{"spawner":{"description":"patched"}}}`)
		expect(t, r, http.StatusOK)
		if got := getKindForm(t, url); field(got, "spawner.description") != "patched" {
			t.Errorf("after patch: %v", got["spawner"])
		}
	})

	t.Run("the API server's validation is a 422 with its causes", func(t *testing.T) {
		r := send(t, http.MethodPatch, url, "application/json-patch+json", `[{"op":"replace","path":"/data/spawner/displayName","value":""}]`)
		expect(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.body), `"origin":"KUBERNETES"`) {
			t.Errorf("body %s", r.body)
		}
	})

	t.Run("a kind in use cannot be deleted", func(t *testing.T) {
		ws := newWorkspace(ns, "user", name)
		if _, err := env.Clients.Workspaces(ws.Namespace).Create(testenv.Context(t), ws, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, base+"/api/v1/workspaces/"+ns+"/user", func(r response) bool { return r.status == 200 }, "the Workspace is served")
		r := send(t, http.MethodDelete, url, "", "")
		expect(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), "WorkspaceKind is used by 1 workspace(s)") {
			t.Errorf("body %s", r.body)
		}
		expect(t, send(t, http.MethodDelete, base+"/api/v1/workspaces/"+ns+"/user", "", ""), http.StatusNoContent)
		expect(t, send(t, http.MethodDelete, url, "", ""), http.StatusNoContent)
		expect(t, do(t, http.MethodGet, url), http.StatusNotFound)
		expect(t, send(t, http.MethodDelete, url, "", ""), http.StatusNotFound)
	})
}
