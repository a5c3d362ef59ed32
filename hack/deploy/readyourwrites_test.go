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
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

// withToken sends one request as user carrying a consistency token (none
// when empty), as a client that keeps the last write's token would.
func (b *bff) withToken(tok, user, method, path, contentType, body string) (response, error) {
	req, err := http.NewRequest(method, b.url+path, strings.NewReader(body))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("kubeflow-userid", user)
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok != "" {
		req.Header.Set(httpapi.ConsistencyHeader, tok)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	buf, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: buf}, nil
}

// TestReadYourWritesOnAnyReplica runs three replicas with no affinity, one
// of them with its watch held up, and deals the requests round-robin: each
// write goes to one replica and the very next read to the next. With the
// consistency token the write answered with, that read always shows the
// write; without it, a read on the lagging replica may not.
func TestReadYourWritesOnAnyReplica(t *testing.T) {
	m := renderRBAC(t)
	cfg := m.apply(t, m.sa.Name, m.role.Rules)
	f := getFixture(t)
	lag := &watchDelay{}
	slowCfg := rest.CopyConfig(cfg)
	slowCfg.Wrap(lag.wrap)
	var replicas []*bff
	for _, c := range []*rest.Config{cfg, slowCfg, cfg} {
		r, err := startBFF(t, c, "--write-visibility-timeout=5s")
		if err != nil {
			t.Fatal(err)
		}
		replicas = append(replicas, r)
	}
	for _, r := range replicas {
		if err := r.waitReady(30 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	env := testenv.Get(t)
	id := fmt.Sprintf("ryw%d", scenarios.Add(1))
	kind, name := "ryw-"+id, "ws-"+id
	workspaces := "/api/v1/workspaces/" + f.namespace
	url := workspaces + "/" + name
	manifest := f.kind.DeepCopy()
	manifest.SetName(kind)
	raw, err := yaml.Marshal(manifest.Object)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		_ = env.Clients.Workspaces(f.namespace).Delete(ctx, name, metav1.DeleteOptions{})
		_ = env.Clients.WorkspaceKinds().Delete(ctx, kind, metav1.DeleteOptions{})
	})
	write := func(r *bff, tok string, status int, method, path, contentType, body string) string {
		t.Helper()
		resp, err := r.withToken(tok, adminUser, method, path, contentType, body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.status != status {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.status, status, resp.body)
		}
		got := resp.header.Get(httpapi.ConsistencyHeader)
		if got == "" {
			t.Fatalf("%s %s answered without a consistency token", method, path)
		}
		return got
	}
	tok := write(replicas[0], "", http.StatusCreated, http.MethodPost, "/api/v1/workspacekinds", "application/yaml", string(raw))
	tok = write(replicas[0], tok, http.StatusCreated, http.MethodPost, workspaces, "application/json", fmt.Sprintf(
		`{"data":{"name":%q,"kind":%q,"paused":false,"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},
		"volumes":{"home":%q,"data":[]},"options":{"imageConfig":%q,"podConfig":%q}}}}`,
		name, kind, f.homePVC, f.imageConfig, f.podConfig))
	for _, r := range replicas {
		resp, err := r.withToken(tok, adminUser, http.MethodGet, url, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if resp.status != http.StatusOK {
			t.Fatalf("a replica given the create's token answers %d: %s", resp.status, resp.body)
		}
	}

	lag.set(300 * time.Millisecond)
	const writes = 15
	staleWithout, staleWith := 0, 0
	for i := range writes {
		writer, reader := replicas[i%len(replicas)], replicas[(i+1)%len(replicas)]
		displayName := fmt.Sprintf("rename %d", i)
		tok = write(writer, tok, http.StatusOK, http.MethodPatch, url, "application/merge-patch+json",
			fmt.Sprintf(`{"data":{"displayName":%q}}`, displayName))
		want := []byte(fmt.Sprintf(`"displayName":%q`, displayName))
		without, err := reader.withToken("", adminUser, http.MethodGet, url, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(without.body, want) {
			staleWithout++
		}
		with, err := reader.withToken(tok, adminUser, http.MethodGet, url, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if with.status != http.StatusOK || !bytes.Contains(with.body, want) {
			staleWith++
			t.Errorf("write %d: the next read with its token answered %d (Warning %q): %.300s",
				i, with.status, with.header.Get("Warning"), with.body)
		}
	}
	t.Logf("after %d writes dealt round-robin over 3 replicas (one lagging by 300 ms a watch read): "+
		"%d stale reads without the token, %d with it", writes, staleWithout, staleWith)

	// A delete through one replica is a 404 on the lagging one at once.
	tok = write(replicas[2], tok, http.StatusNoContent, http.MethodDelete, url, "", "")
	resp, err := replicas[1].withToken(tok, adminUser, http.MethodGet, url, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.status != http.StatusNotFound {
		t.Errorf("the lagging replica, given the delete's token, answers %d: %.300s", resp.status, resp.body)
	}
}
