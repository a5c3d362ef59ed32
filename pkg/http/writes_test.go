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
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// send makes a request with a body; contentType "" sends none.
func send(t testing.TB, method, url, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", ":writer@example.com")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return roundTrip(t, nil, req)
}

// expect fails the test unless the response has the status; it validates
// error envelopes against upstream's definition.
func expect(t testing.TB, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if status >= 400 {
		apitest.ValidateUpstream(t, "api.ErrorEnvelope", r.body)
	}
}

// writeFixture is a namespace with a WorkspaceKind of its own.
type writeFixture struct {
	base, ns, kind string
}

func newWriteFixture(t testing.TB) writeFixture {
	t.Helper()
	base := bff(t)
	env := testenv.Get(t)
	ns := env.Namespace(t)
	kind := "kind-" + ns
	ctx := testenv.Context(t)
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, kind), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(context.Background(), kind, metav1.DeleteOptions{}) })
	// The BFF checks kinds from its cache: wait until it serves this one.
	waitFor(t, base+"/api/v1/workspacekinds/"+kind, func(r response) bool { return r.status == 200 }, "the kind is served")
	return writeFixture{base: base, ns: ns, kind: kind}
}

func (f writeFixture) workspacesURL() string  { return f.base + "/api/v1/workspaces/" + f.ns }
func (f writeFixture) url(name string) string { return f.workspacesURL() + "/" + name }

func (f writeFixture) createBody(name string) string {
	return fmt.Sprintf(`{"data":{"name":%q,"displayName":"My %s","kind":%q,"paused":false,
		"podTemplate":{"podMetadata":{"labels":{"team":"ml"},"annotations":null},
		"volumes":{"data":[]},
		"options":{"imageConfig":"jupyter-scipy:v1.10.0","podConfig":"tiny_cpu"}}}}`, name, name, f.kind)
}

func (f writeFixture) create(t testing.TB, name string) {
	t.Helper()
	expect(t, send(t, http.MethodPost, f.workspacesURL(), "application/json", f.createBody(name)), http.StatusCreated)
}

// form is the editable form GET returns.
type form struct {
	Revision    string         `json:"revision"`
	DisplayName string         `json:"displayName,omitempty"`
	Paused      bool           `json:"paused"`
	PodTemplate map[string]any `json:"podTemplate"`
}

func getForm(t *testing.T, url string) form {
	t.Helper()
	r := do(t, http.MethodGet, url)
	expect(t, r, http.StatusOK)
	var env struct{ Data form }
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}

func putBody(f form) string {
	b, _ := json.Marshal(map[string]any{"data": f})
	return string(b)
}

func TestWorkspaceWrites(t *testing.T) {
	f := newWriteFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)

	t.Run("create answers 201 with Location and is readable at once", func(t *testing.T) {
		r := send(t, http.MethodPost, f.workspacesURL(), "application/json", f.createBody("ws"))
		expect(t, r, http.StatusCreated)
		apitest.ValidateUpstream(t, "api.WorkspaceCreateEnvelope", r.body)
		if loc := r.header.Get("Location"); loc != "/api/v1/workspaces/"+f.ns+"/ws" {
			t.Errorf("Location = %q", loc)
		}
		if r.header.Get("Warning") != "" {
			t.Errorf("unexpected Warning %q", r.header.Get("Warning"))
		}
		// No wait: the write answered only once the cache served it.
		got := getForm(t, f.url("ws"))
		if got.DisplayName != "My ws" || got.PodTemplate["options"].(map[string]any)["podConfig"] != "tiny_cpu" {
			t.Errorf("GET after create = %+v", got)
		}
		stored, err := env.Clients.Workspaces(f.ns).Get(ctx, "ws", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if stored.Annotations["notebooks.kubeflow.org/created-by"] != "writer@example.com" {
			t.Errorf("audit annotations = %v", stored.Annotations)
		}
	})

	t.Run("a duplicate create is 409", func(t *testing.T) {
		expect(t, send(t, http.MethodPost, f.workspacesURL(), "application/json", f.createBody("ws")), http.StatusConflict)
	})

	t.Run("PUT with the current revision replaces the editable fields", func(t *testing.T) {
		cur := getForm(t, f.url("ws"))
		cur.DisplayName = "Renamed"
		r := send(t, http.MethodPut, f.url("ws"), "application/json", putBody(cur))
		expect(t, r, http.StatusOK)
		apitest.ValidateUpstream(t, "api.WorkspaceEnvelope", r.body)
		got := getForm(t, f.url("ws"))
		if got.DisplayName != "Renamed" || got.Revision == cur.Revision {
			t.Errorf("after PUT: %+v (old revision %s)", got, cur.Revision)
		}
		stored, _ := env.Clients.Workspaces(f.ns).Get(ctx, "ws", metav1.GetOptions{})
		if stored.Annotations["notebooks.kubeflow.org/updated-at"] == "" {
			t.Errorf("PUT did not stamp updated-at: %v", stored.Annotations)
		}
	})

	t.Run("PUT with a stale revision is 409 and changes nothing", func(t *testing.T) {
		cur := getForm(t, f.url("ws"))
		before, _ := env.Clients.Workspaces(f.ns).Get(ctx, "ws", metav1.GetOptions{})
		stale := cur
		stale.Revision = strings.Repeat("0", 64)
		stale.DisplayName = "Lost"
		r := send(t, http.MethodPut, f.url("ws"), "application/json", putBody(stale))
		expect(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), "current workspace revision does not match request") {
			t.Errorf("body %s", r.body)
		}
		after, _ := env.Clients.Workspaces(f.ns).Get(ctx, "ws", metav1.GetOptions{})
		if after.ResourceVersion != before.ResourceVersion {
			t.Errorf("a refused PUT wrote: resourceVersion %s -> %s", before.ResourceVersion, after.ResourceVersion)
		}
	})

	t.Run("merge patch on the GET representation", func(t *testing.T) {
		r := send(t, http.MethodPatch, f.url("ws"), "application/merge-patch+json", `{"data":{"displayName":"Merged"}}`)
		expect(t, r, http.StatusOK)
		apitest.ValidateUpstream(t, "api.WorkspaceEnvelope", r.body)
		if got := getForm(t, f.url("ws")); got.DisplayName != "Merged" {
			t.Errorf("displayName %q", got.DisplayName)
		}
	})

	t.Run("JSON patch on the GET representation, with a current revision", func(t *testing.T) {
		cur := getForm(t, f.url("ws"))
		patch := fmt.Sprintf(`[{"op":"test","path":"/data/revision","value":%q},
			{"op":"replace","path":"/data/displayName","value":"Patched"},
			{"op":"add","path":"/data/podTemplate/podMetadata/labels/extra","value":"yes"}]`, cur.Revision)
		expect(t, send(t, http.MethodPatch, f.url("ws"), "application/json-patch+json", patch), http.StatusOK)
		got := getForm(t, f.url("ws"))
		labels := got.PodTemplate["podMetadata"].(map[string]any)["labels"].(map[string]any)
		if got.DisplayName != "Patched" || labels["extra"] != "yes" || labels["team"] != "ml" {
			t.Errorf("after JSON patch: %+v", got)
		}
	})

	t.Run("a patch with a stale revision is 409", func(t *testing.T) {
		patch := fmt.Sprintf(`{"data":{"revision":%q,"displayName":"Nope"}}`, strings.Repeat("1", 64))
		expect(t, send(t, http.MethodPatch, f.url("ws"), "application/merge-patch+json", patch), http.StatusConflict)
	})

	t.Run("pause, pause again, start before the controller reports Paused, start", func(t *testing.T) {
		pause := f.url("ws") + "/actions/pause"
		r := send(t, http.MethodPost, pause, "application/json", `{"data":{"paused":true}}`)
		expect(t, r, http.StatusOK)
		apitest.ValidateUpstream(t, "api.WorkspaceActionPauseEnvelope", r.body)
		if string(r.body) != `{"data":{"paused":true}}` {
			t.Errorf("body %s", r.body)
		}
		if !getForm(t, f.url("ws")).Paused {
			t.Error("GET after pause is not paused")
		}
		r = send(t, http.MethodPost, pause, "application/json", `{"data":{"paused":true}}`)
		expect(t, r, http.StatusConflict)
		if !strings.Contains(string(r.body), "workspace is in an invalid state for this operation") {
			t.Errorf("body %s", r.body)
		}
		expect(t, send(t, http.MethodPost, pause, "application/json", `{"data":{"paused":false}}`), http.StatusConflict)

		// The controller reports the pod gone.
		ws, err := env.Clients.Workspaces(f.ns).Get(ctx, "ws", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ws.Status.State = v1beta1.WorkspaceStatePaused
		if _, err := env.Clients.Workspaces(ws.Namespace).UpdateStatus(ctx, ws, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		r = send(t, http.MethodPost, pause, "application/json", `{"data":{"paused":false}}`)
		expect(t, r, http.StatusOK)
		if string(r.body) != `{"data":{"paused":false}}` {
			t.Errorf("body %s", r.body)
		}
	})

	t.Run("a pause body without paused is 422, not a start", func(t *testing.T) {
		r := send(t, http.MethodPost, f.url("ws")+"/actions/pause", "application/json", `{"data":{}}`)
		expect(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(string(r.body), `"field":"data.paused"`) {
			t.Errorf("body %s", r.body)
		}
	})

	t.Run("delete answers 204 and the Workspace is gone at once", func(t *testing.T) {
		r := send(t, http.MethodDelete, f.url("ws"), "", "")
		expect(t, r, http.StatusNoContent)
		expect(t, do(t, http.MethodGet, f.url("ws")), http.StatusNotFound)
		expect(t, send(t, http.MethodDelete, f.url("ws"), "", ""), http.StatusNotFound)
	})
}

func TestWorkspaceWriteValidation(t *testing.T) {
	f := newWriteFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	f.create(t, "existing")
	put := func() string { return putBody(getForm(t, f.url("existing"))) }

	// PVCs: one that may be mounted, one that may not.
	for name, labels := range map[string]map[string]string{
		"home-ok": {"notebooks.kubeflow.org/can-mount": "true"}, "home-private": nil,
	} {
		pvc := &corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: f.ns, Labels: labels},
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
			},
		}
		if _, err := env.Clients.Kube.CoreV1().PersistentVolumeClaims(f.ns).Create(ctx, pvc, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	withHome := func(name, home string) string {
		return strings.Replace(f.createBody(name), `"volumes":{"data":[]}`, `"volumes":{"home":"`+home+`","data":[]}`, 1)
	}

	tests := []struct {
		name        string
		method, url string
		contentType string
		body        func() string
		status      int
		contains    string
	}{
		{"create: no content type", "POST", f.workspacesURL(), "", func() string { return f.createBody("a") }, 415, "Content-Type header is missing"},
		{"create: wrong content type", "POST", f.workspacesURL(), "text/plain", func() string { return f.createBody("a") }, 415, "unsupported media type"},
		{"create: unparsable content type", "POST", f.workspacesURL(), "application/json; =", func() string { return f.createBody("a") }, 400, "error parsing Content-Type"},
		{"create: charset parameter is fine", "POST", f.workspacesURL(), "application/json; charset=utf-8", func() string { return f.createBody("with-charset") }, 201, ""},
		{"create: empty body", "POST", f.workspacesURL(), "application/json", func() string { return "  " }, 400, "request body was empty"},
		{"create: malformed JSON", "POST", f.workspacesURL(), "application/json", func() string { return `{"data":` }, 400, "error decoding JSON"},
		{"create: unknown field", "POST", f.workspacesURL(), "application/json", func() string {
			return strings.Replace(f.createBody("a"), `"paused":false`, `"paused":false,"color":"red"`, 1)
		}, 400, `unknown field`},
		{"create: duplicate key", "POST", f.workspacesURL(), "application/json", func() string {
			return strings.Replace(f.createBody("a"), `"paused":false`, `"paused":false,"paused":true`, 1)
		}, 400, "duplicate field"},
		{"create: wrong type", "POST", f.workspacesURL(), "application/json", func() string { return strings.Replace(f.createBody("a"), `"paused":false`, `"paused":"no"`, 1) }, 400, "error decoding JSON"},
		{"create: trailing garbage", "POST", f.workspacesURL(), "application/json", func() string { return f.createBody("a") + "}" }, 400, "error decoding JSON"},
		{"create: null data", "POST", f.workspacesURL(), "application/json", func() string { return `{"data":null}` }, 422, "data is required"},
		{"create: too large", "POST", f.workspacesURL(), "application/json", func() string { return `{"data":{"name":"` + strings.Repeat("a", 5<<20) + `"}}` }, 413, "request body too large"},
		{"create: invalid names", "POST", f.workspacesURL(), "application/json", func() string { return strings.Replace(f.createBody("Bad_Name"), `"kind":"`+f.kind+`"`, `"kind":""`, 1) }, 422, `"field":"data.kind"`},
		{"create: invalid namespace path", "POST", f.base + "/api/v1/workspaces/Bad_NS", "application/json", func() string { return f.createBody("a") }, 422, "path parameters were invalid"},
		{"create: unknown kind", "POST", f.workspacesURL(), "application/json", func() string { return strings.Replace(f.createBody("a"), f.kind, "no-such-kind", 1) }, 422, `"field":"kind"`},
		{"create: unknown image config", "POST", f.workspacesURL(), "application/json", func() string { return strings.Replace(f.createBody("a"), "jupyter-scipy:v1.10.0", "nope", 1) }, 422, `"field":"podTemplate.options.imageConfig"`},
		{"create: missing home PVC", "POST", f.workspacesURL(), "application/json", func() string { return withHome("a", "home-missing") }, 422, `not found in namespace`},
		{"create: home PVC without can-mount", "POST", f.workspacesURL(), "application/json", func() string { return withHome("a", "home-private") }, 422, `is not labeled with notebooks.kubeflow.org/can-mount=true`},
		{"create: mountable home PVC", "POST", f.workspacesURL(), "application/json", func() string { return withHome("with-home", "home-ok") }, 201, ""},
		{"create: bad secret mode", "POST", f.workspacesURL(), "application/json", func() string {
			return strings.Replace(f.createBody("a"), `"volumes":{"data":[]}`, `"volumes":{"data":[],"secrets":[{"secretName":"s","mountPath":"/s","defaultMode":1000}]}`, 1)
		}, 422, "defaultMode must be between 0 and 511"},
		{"put: missing Workspace", "PUT", f.url("missing"), "application/json", put, 404, ""},
		{"put: missing revision", "PUT", f.url("existing"), "application/json", func() string { return strings.Replace(put(), `"revision"`, `"x"`, 1) }, 400, "unknown field"},
		{"put: empty revision", "PUT", f.url("existing"), "application/json", func() string {
			var body map[string]map[string]any
			_ = json.Unmarshal([]byte(put()), &body)
			body["data"]["revision"] = ""
			b, _ := json.Marshal(body)
			return string(b)
		}, 422, "revision is required"},
		{"put: name is not editable", "PUT", f.url("existing"), "application/json", func() string { return strings.Replace(put(), `"paused"`, `"name":"x","paused"`, 1) }, 400, "unknown field"},
		{"patch: unsupported content type", "PATCH", f.url("existing"), "application/json", func() string { return `{}` }, 415, "application/merge-patch+json"},
		{"patch: bad JSON patch", "PATCH", f.url("existing"), "application/json-patch+json", func() string { return `{"op":"x"}` }, 400, "error applying patch"},
		{"patch: failed test operation", "PATCH", f.url("existing"), "application/json-patch+json", func() string { return `[{"op":"test","path":"/data/paused","value":true}]` }, 409, "test operation of the patch failed"},
		{"patch: result with an unknown field", "PATCH", f.url("existing"), "application/merge-patch+json", func() string { return `{"data":{"color":"red"}}` }, 400, "unknown field"},
		{"patch: result fails validation", "PATCH", f.url("existing"), "application/merge-patch+json", func() string { return `{"data":{"podTemplate":{"options":{"podConfig":""}}}}` }, 422, `"field":"data.podTemplate.options.podConfig"`},
		{"patch: removes data", "PATCH", f.url("existing"), "application/merge-patch+json", func() string { return `{"data":null}` }, 422, "data is required"},
		{"patch: missing Workspace", "PATCH", f.url("missing"), "application/merge-patch+json", func() string { return `{"data":{}}` }, 404, ""},
		{"pause: missing Workspace", "POST", f.url("missing") + "/actions/pause", "application/json", func() string { return `{"data":{"paused":true}}` }, 404, ""},
		{"pause: no data", "POST", f.url("existing") + "/actions/pause", "application/json", func() string { return `{}` }, 422, "data is required"},
		{"pause: unknown field", "POST", f.url("existing") + "/actions/pause", "application/json", func() string { return `{"data":{"paused":true,"force":true}}` }, 400, "unknown field"},
		{"delete: invalid name", "DELETE", f.url("UPPER"), "", func() string { return "" }, 422, "path parameters were invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := env.Clients.Workspaces(f.ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			r := send(t, tt.method, tt.url, tt.contentType, tt.body())
			expect(t, r, tt.status)
			if !strings.Contains(string(r.body), tt.contains) {
				t.Errorf("body %s does not contain %q", r.body, tt.contains)
			}
			if r.status < 300 {
				return
			}
			after, err := env.Clients.Workspaces(f.ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if after.ResourceVersion != before.ResourceVersion && !sameObjects(before.Items, after.Items) {
				t.Errorf("a failed request changed the namespace's Workspaces")
			}
		})
	}
}

// sameObjects compares names and resourceVersions.
func sameObjects(a, b []v1beta1.Workspace) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]string{}
	for _, ws := range a {
		seen[ws.Name] = ws.ResourceVersion
	}
	for _, ws := range b {
		if seen[ws.Name] != ws.ResourceVersion {
			return false
		}
	}
	return true
}

func TestConcurrentPutsHaveOneWinner(t *testing.T) {
	f := newWriteFixture(t)
	env := testenv.Get(t)
	f.create(t, "contended")
	cur := getForm(t, f.url("contended"))

	const writers = 8
	statuses := make([]int, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := cur
			mine.DisplayName = fmt.Sprintf("writer-%d", i)
			statuses[i] = send(t, http.MethodPut, f.url("contended"), "application/json", putBody(mine)).status
		}()
	}
	wg.Wait()
	winner := -1
	for i, s := range statuses {
		switch {
		case s == http.StatusOK && winner == -1:
			winner = i
		case s == http.StatusOK:
			t.Fatalf("two PUTs with the same revision succeeded: %v", statuses)
		case s != http.StatusConflict:
			t.Fatalf("a losing PUT answered %d, want 409: %v", s, statuses)
		}
	}
	if winner == -1 {
		t.Fatalf("no PUT succeeded: %v", statuses)
	}
	stored, err := env.Clients.Workspaces(f.ns).Get(testenv.Context(t), "contended", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("writer-%d", winner); stored.Spec.DisplayName == nil || *stored.Spec.DisplayName != want {
		t.Fatalf("stored displayName %v, want the winner's %q", stored.Spec.DisplayName, want)
	}
}

// A controller's status write that lands between an update's read and its
// write makes the write conflict; the update reads again and wins, since
// the user's revision is still current. The race is made, not waited for:
// the controller writes status right before each of the update's first
// three writes reaches the API server.
func TestStatusWritesDoNotFailUpdates(t *testing.T) {
	f := newWriteFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	f.create(t, "busy")
	waitFor(t, f.url("busy"), func(r response) bool { return r.status == http.StatusOK }, "the Workspace is served")

	workspaces := env.Clients.Workspaces(f.ns)
	const races = 3
	var updates, statusWrites atomic.Int32
	cfg := rest.CopyConfig(env.Config)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper {
		return roundTripper(func(req *http.Request) (*http.Response, error) {
			if req.Method == http.MethodPut && strings.HasSuffix(req.URL.Path, "/workspaces/busy") && updates.Add(1) <= races {
				cur, err := workspaces.Get(req.Context(), "busy", metav1.GetOptions{})
				if err == nil {
					cur.Status.State = v1beta1.WorkspaceStateRunning
					cur.Status.StateMessage = fmt.Sprintf("status write %d", statusWrites.Load()+1)
					_, err = workspaces.UpdateStatus(req.Context(), cur, metav1.UpdateOptions{})
				}
				if err != nil {
					return nil, err
				}
				statusWrites.Add(1)
			}
			return next.RoundTrip(req)
		})
	})
	clients, err := kube.NewClients(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writes := actions.New(clients, bffModel, actions.Options{})

	cur, err := workspaces.Get(ctx, "busy", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	req := models.NewWorkspaceUpdate(cur)
	req.DisplayName = "edited while the controller writes"
	res, err := writes.UpdateWorkspace(ctx, "writer@example.com", f.ns, "busy", &req)
	if err != nil {
		t.Fatalf("the update failed after %d status writes: %v", statusWrites.Load(), err)
	}
	if got := statusWrites.Load(); got != races {
		t.Fatalf("%d status writes raced the update, want %d", got, races)
	}
	if got := updates.Load(); got != races+1 {
		t.Errorf("%d writes sent, want %d: one per lost race and the winner", got, races+1)
	}
	stored, err := workspaces.Get(ctx, "busy", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stored.Spec.DisplayName == nil || *stored.Spec.DisplayName != req.DisplayName || res.Object.ResourceVersion != stored.ResourceVersion {
		t.Errorf("stored displayName %v at %s, want %q as the update answered (%s)",
			stored.Spec.DisplayName, stored.ResourceVersion, req.DisplayName, res.Object.ResourceVersion)
	}
	if stored.Status.StateMessage != fmt.Sprintf("status write %d", races) {
		t.Errorf("stored status %q: the update overwrote the controller's", stored.Status.StateMessage)
	}
}

func TestReadYourWrites(t *testing.T) {
	f := newWriteFixture(t)
	iterations := 200
	if testing.Short() {
		iterations = 20
	}
	for i := range iterations {
		name := fmt.Sprintf("ryw-%d", i)
		f.create(t, name)
		got := getForm(t, f.url(name))

		got.DisplayName = "updated"
		expect(t, send(t, http.MethodPut, f.url(name), "application/json", putBody(got)), http.StatusOK)
		if g := getForm(t, f.url(name)); g.DisplayName != "updated" {
			t.Fatalf("iteration %d: GET after PUT shows %q", i, g.DisplayName)
		}

		expect(t, send(t, http.MethodPost, f.url(name)+"/actions/pause", "application/json", `{"data":{"paused":true}}`), http.StatusOK)
		if !getForm(t, f.url(name)).Paused {
			t.Fatalf("iteration %d: GET after pause is not paused", i)
		}
		list := do(t, http.MethodGet, f.workspacesURL())
		if field(listItems(t, list.body)[name], "paused") != true {
			t.Fatalf("iteration %d: list after pause is not paused", i)
		}

		expect(t, send(t, http.MethodDelete, f.url(name), "", ""), http.StatusNoContent)
		expect(t, do(t, http.MethodGet, f.url(name)), http.StatusNotFound)
	}
}
