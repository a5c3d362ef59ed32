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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// watchDelay holds up every read of a watch stream by its current delay,
// as a replica's watch lags behind another's on a busy API server or
// network.
type watchDelay struct{ delay atomic.Int64 }

func (w *watchDelay) set(d time.Duration) { w.delay.Store(int64(d)) }

func (w *watchDelay) wrap(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err == nil && req.URL.Query().Get("watch") != "" {
			resp.Body = &delayedBody{ReadCloser: resp.Body, delay: &w.delay}
		}
		return resp, err
	})
}

type delayedBody struct {
	io.ReadCloser
	delay *atomic.Int64
}

func (b *delayedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if d := time.Duration(b.delay.Load()); n > 0 && d > 0 {
		time.Sleep(d)
	}
	return n, err
}

// TestTwoReplicas runs two BFFs on one API server, as two replicas of the
// Deployment behind one Service, each with its own informers. A write
// answers once the replica that took it serves it; the other replica serves
// it once its own watch delivers it, and until then the previous version,
// whole. Replica B's watch is held up by half a second so that window is
// wide enough to look at.
func TestTwoReplicas(t *testing.T) {
	m := renderRBAC(t)
	cfg := m.apply(t, m.sa.Name, m.role.Rules)
	f := getFixture(t)
	lag := &watchDelay{}
	slowCfg := rest.CopyConfig(cfg)
	slowCfg.Wrap(lag.wrap)
	a, err := startBFF(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := startBFF(t, slowCfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*bff{a, b} {
		if err := r.waitReady(30 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	env := testenv.Get(t)
	id := fmt.Sprintf("r%d", scenarios.Add(1))
	kind, workspaces := "replicas-"+id, "/api/v1/workspaces/"+f.namespace
	manifest := f.kind.DeepCopy()
	manifest.SetName(kind)
	raw, err := yaml.Marshal(manifest.Object)
	if err != nil {
		t.Fatal(err)
	}
	mustExpect(t)(a.expect(http.StatusCreated, adminUser, http.MethodPost, "/api/v1/workspacekinds", "application/yaml", string(raw)))
	t.Cleanup(func() {
		ctx := context.Background()
		for _, name := range []string{"ws-" + id, "ws-" + id + "-a"} {
			_ = env.Clients.Workspaces(f.namespace).Delete(ctx, name, metav1.DeleteOptions{})
		}
		_ = env.Clients.WorkspaceKinds().Delete(ctx, kind, metav1.DeleteOptions{})
	})
	if _, err := b.servedWithin(5*time.Second, adminUser, "/api/v1/workspacekinds/"+kind, func(r response) bool { return r.status == http.StatusOK }); err != nil {
		t.Fatal(err)
	}
	create := func(name string) string {
		return fmt.Sprintf(`{"data":{"name":%q,"kind":%q,"paused":false,
			"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},"volumes":{"home":%q,"data":[]},
			"options":{"imageConfig":%q,"podConfig":%q}}}}`, name, kind, f.homePVC, f.imageConfig, f.podConfig)
	}
	ok := func(r response) bool { return r.status == http.StatusOK }

	t.Run("without a lag, B serves A's write within milliseconds", func(t *testing.T) {
		name := "ws-" + id + "-a"
		mustExpect(t)(a.expect(http.StatusCreated, adminUser, http.MethodPost, workspaces, "application/json", create(name)))
		answered := time.Now()
		if _, err := b.servedWithin(5*time.Second, adminUser, workspaces+"/"+name, ok); err != nil {
			t.Fatal(err)
		}
		t.Logf("B served the new Workspace %s after A answered", time.Since(answered).Round(100*time.Microsecond))
		mustExpect(t)(a.expect(http.StatusNoContent, adminUser, http.MethodDelete, workspaces+"/"+name, "", ""))
	})

	lag.set(500 * time.Millisecond)
	name := "ws-" + id
	url := workspaces + "/" + name
	var created []byte

	t.Run("a Workspace created through A is 404 on B until B's watch delivers it", func(t *testing.T) {
		mustExpect(t)(a.expect(http.StatusCreated, adminUser, http.MethodPost, workspaces, "application/json", create(name)))
		answered := time.Now()
		created = mustExpect(t)(a.expect(http.StatusOK, adminUser, http.MethodGet, url, "", "")).body
		seen, err := b.servedWithin(5*time.Second, adminUser, url, ok)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range seen[:len(seen)-1] {
			if r.status != http.StatusNotFound {
				t.Fatalf("before B served the Workspace it answered %d: %s", r.status, r.body)
			}
		}
		if len(seen) == 1 {
			t.Error("B served the Workspace at once: its watch was not held up")
		}
		if got := seen[len(seen)-1].body; !bytes.Equal(got, created) {
			t.Errorf("B serves\n%s\nA served\n%s", got, created)
		}
		t.Logf("B answered 404 %d times over %s, then the Workspace as A served it", len(seen)-1, time.Since(answered).Round(time.Millisecond))
	})

	t.Run("an update through A shows on B as the previous version, whole, until B's watch delivers it", func(t *testing.T) {
		var form map[string]map[string]any
		if err := json.Unmarshal(created, &form); err != nil {
			t.Fatal(err)
		}
		form["data"]["displayName"] = "Renamed through A"
		body, _ := json.Marshal(form)
		mustExpect(t)(a.expect(http.StatusOK, adminUser, http.MethodPut, url, "application/json", string(body)))
		answered := time.Now()
		updated := mustExpect(t)(a.expect(http.StatusOK, adminUser, http.MethodGet, url, "", "")).body
		if !bytes.Contains(updated, []byte("Renamed through A")) {
			t.Fatalf("A does not read its own write: %s", updated)
		}
		seen, err := b.servedWithin(5*time.Second, adminUser, url, func(r response) bool { return bytes.Equal(r.body, updated) })
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range seen[:len(seen)-1] {
			if r.status != http.StatusOK || !bytes.Equal(r.body, created) {
				t.Fatalf("before B served the update it answered %d: %s", r.status, r.body)
			}
		}
		if len(seen) == 1 {
			t.Error("B served the update at once: its watch was not held up")
		}
		t.Logf("B served the previous version %d times over %s, then the update", len(seen)-1, time.Since(answered).Round(time.Millisecond))

		// A PUT built from the previous version is refused, whichever
		// replica takes it: writes check the revision against the API
		// server, not the replica's cache.
		var stale map[string]map[string]any
		if err := json.Unmarshal(created, &stale); err != nil {
			t.Fatal(err)
		}
		stale["data"]["displayName"] = "Lost update"
		body, _ = json.Marshal(stale)
		mustExpect(t)(b.expect(http.StatusConflict, adminUser, http.MethodPut, url, "application/json", string(body)))
	})

	t.Run("a delete through B is read at once through B and shortly through A", func(t *testing.T) {
		mustExpect(t)(b.expect(http.StatusNoContent, adminUser, http.MethodDelete, url, "", ""))
		mustExpect(t)(b.expect(http.StatusNotFound, adminUser, http.MethodGet, url, "", ""))
		seen, err := a.servedWithin(5*time.Second, adminUser, url, func(r response) bool { return r.status == http.StatusNotFound })
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range seen[:len(seen)-1] {
			if r.status != http.StatusOK {
				t.Fatalf("before A dropped the Workspace it answered %d: %s", r.status, r.body)
			}
		}
	})
}

// mustExpect turns an expect error into a fatal test failure.
func mustExpect(t *testing.T) func(response, error) response {
	return func(r response, err error) response {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}
