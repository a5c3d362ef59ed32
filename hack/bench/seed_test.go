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

package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// TestSeededWorkspacesAcceptWrites seeds a small plan and writes one seeded
// Workspace back through the BFF: the PVCs and Secret it mounts exist, so
// the write is a 200, not the 422 of a missing volume.
func TestSeededWorkspacesAcceptWrites(t *testing.T) {
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	const user = "bench-admin@example.com"
	env.GrantClusterAdmin(t, user)
	samples, err := devdata.Upstream()
	if err != nil {
		t.Fatal(err)
	}
	kind := &v1beta1.WorkspaceKind{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(samples["jupyterlab_v1beta1_workspacekind.yaml"][0].Object, kind); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, kind, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	plan := newSeedPlan(4, 2)
	if err := seed(ctx, env.Clients, plan); err != nil {
		t.Fatal(err)
	}

	cfg, err := config.Parse(nil, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	bff, err := server.New(ctx, cfg, env.Config, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bff.Handler)
	t.Cleanup(srv.Close)
	ns, name := plan.workspace(3)
	url := srv.URL + "/api/v1/workspaces/" + ns + "/" + name
	do := func(method, body string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
		req.Header.Set("kubeflow-userid", user)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	var form string
	testenv.Eventually(t, 30*time.Second, func() bool {
		var status int
		status, form = do(http.MethodGet, "")
		return status == http.StatusOK
	}, "the BFF serves seeded Workspace %s/%s", ns, name)
	if status, body := do(http.MethodPut, form); status != http.StatusOK {
		t.Fatalf("PUT of a seeded Workspace's own form: %d %s", status, body)
	}
}
