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
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
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

	// Each kind of write the token names, in turn: a Workspace patched,
	// paused and started, its kind patched, a Secret created. Each is
	// read back from its own list or form on the next replica.
	kindURL, secrets := "/api/v1/workspacekinds/"+kind, "/api/v1/secrets/"+f.namespace
	type step struct {
		status                          int
		method, path, contentType, body string
		read                            string // the GET that must show the write
		want                            string // what it must contain
	}
	steps := []func(i int) step{
		func(i int) step {
			return step{http.StatusOK, http.MethodPatch, url, "application/merge-patch+json",
				fmt.Sprintf(`{"data":{"displayName":"rename %d"}}`, i), url, fmt.Sprintf(`"displayName":"rename %d"`, i)}
		},
		func(i int) step {
			paused := (i/4)%2 == 0
			if !paused {
				// A start needs the Workspace Paused, which the
				// controller would have written after the pause.
				setState(t, f.namespace, name, v1beta1.WorkspaceStatePaused)
			}
			return step{http.StatusOK, http.MethodPost, url + "/actions/pause", "application/json",
				fmt.Sprintf(`{"data":{"paused":%t}}`, paused), url, fmt.Sprintf(`"paused":%t`, paused)}
		},
		func(i int) step {
			return step{http.StatusOK, http.MethodPatch, kindURL, "application/merge-patch+json",
				fmt.Sprintf(`{"data":{"spawner":{"displayName":"kind %d"}}}`, i), kindURL, fmt.Sprintf(`"displayName":"kind %d"`, i)}
		},
		func(i int) step {
			secret := fmt.Sprintf("%s-%d", id, i)
			t.Cleanup(func() {
				_ = env.Clients.Kube.CoreV1().Secrets(f.namespace).Delete(context.Background(), secret, metav1.DeleteOptions{})
			})
			return step{http.StatusCreated, http.MethodPost, secrets, "application/json",
				fmt.Sprintf(`{"data":{"name":%q,"type":"Opaque","immutable":false,"contents":{"k":{"base64":"dg=="}}}}`, secret),
				secrets, fmt.Sprintf(`"name":%q`, secret)}
		},
	}
	lag.set(300 * time.Millisecond)
	const writes = 16
	staleWithout, staleWith := 0, 0
	for i := range writes {
		writer, reader := replicas[i%len(replicas)], replicas[(i+1)%len(replicas)]
		st := steps[i%len(steps)](i)
		tok = write(writer, tok, st.status, st.method, st.path, st.contentType, st.body)
		want := []byte(st.want)
		without, err := reader.withToken("", adminUser, http.MethodGet, st.read, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(without.body, want) {
			staleWithout++
		}
		with, err := reader.withToken(tok, adminUser, http.MethodGet, st.read, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if with.status != http.StatusOK || !bytes.Contains(with.body, want) {
			staleWith++
			t.Errorf("write %d (%s %s): the next read with its token answered %d (Warning %q), not showing %s: %.300s",
				i, st.method, st.path, with.status, with.header.Get("Warning"), want, with.body)
		}
	}
	t.Logf("after %d writes (Workspace patches, pauses and starts, kind patches, Secret creates) dealt round-robin "+
		"over 3 replicas (one lagging by 300 ms a watch read): %d stale reads without the token, %d with it",
		writes, staleWithout, staleWith)

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

// setState writes a Workspace's status.state through the status
// subresource, as the workspace controller would.
func setState(t *testing.T, namespace, name string, state v1beta1.WorkspaceState) {
	t.Helper()
	clients := testenv.Get(t).Clients.Workspaces(namespace)
	ctx := context.Background()
	ws, err := clients.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ws.Status.State = state
	if _, err := clients.UpdateStatus(ctx, ws, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}
