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

package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

// holdWorkspaces holds every request for Workspaces until release is
// closed, so the test decides when the Workspace informer may sync.
type holdWorkspaces struct {
	next    http.RoundTripper
	release <-chan struct{}
}

func (h holdWorkspaces) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/workspaces") {
		select {
		case <-h.release:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	return h.next.RoundTrip(req)
}

// TestNoPartialListBeforeSync starts a BFF whose Workspace informer cannot
// list yet: the API answers 503 with Retry-After, never 200 with what
// happens to be cached; once the informer may list, every 200 holds every
// Workspace.
func TestNoPartialListBeforeSync(t *testing.T) {
	env := testenv.Get(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	env.GrantClusterAdmin(t, admin)
	ns := env.Namespace(t)
	const count = 40
	for i := range count {
		ws := &v1beta1.Workspace{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("ws-%02d", i)},
			Spec: v1beta1.WorkspaceSpec{Kind: "jupyterlab", PodTemplate: v1beta1.WorkspacePodTemplate{
				Options: v1beta1.WorkspacePodOptions{ImageConfig: "jupyter-scipy:v1.10.0", PodConfig: "tiny_cpu"},
			}},
		}
		if _, err := env.Clients.Workspaces(ns).Create(ctx, ws, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	release := make(chan struct{})
	restCfg := rest.CopyConfig(env.Config)
	restCfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return holdWorkspaces{next: rt, release: release} })
	cfg, err := config.Parse(nil, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	bff, err := server.New(ctx, cfg, restCfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bff.Handler)
	t.Cleanup(srv.Close)
	listURL := srv.URL + "/api/v1/workspaces/" + ns

	for _, url := range []string{listURL, srv.URL + "/api/v1/workspaces", listURL + "/ws-00"} {
		status, header, body := get(t, url)
		if status != http.StatusServiceUnavailable || header.Get("Retry-After") == "" {
			t.Fatalf("GET %s while Workspaces cannot be listed: %d (Retry-After %q) %s, want 503 with Retry-After",
				url, status, header.Get("Retry-After"), body)
		}
	}
	if bff.Ready() {
		t.Fatal("ready while the Workspace informer cannot list")
	}

	close(release)
	testenv.Eventually(t, 30*time.Second, func() bool {
		status, _, body := get(t, listURL)
		switch status {
		case http.StatusServiceUnavailable:
			return false
		case http.StatusOK:
			var list struct {
				Data []json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil {
				t.Fatal(err)
			}
			if len(list.Data) != count {
				t.Fatalf("a 200 listed %d of the namespace's %d Workspaces", len(list.Data), count)
			}
			return true
		}
		t.Fatalf("GET %s: %d %s", listURL, status, body)
		return false
	}, "the namespace's Workspaces are served once the informer has listed them")
}
