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

package devmode_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/devmode"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

// stateWait bounds how long a simulated step may take to be served: on an
// idle machine each takes the step delay and an informer event.
const stateWait = time.Minute

// TestSimulatedController drives dev mode with the controller simulator
// over HTTP, as the frontend does: Stop and Start change the state the
// Workspace is listed with, a new Workspace goes Running, each kind's count
// agrees with the Workspaces listed, and a running Workspace's log has lines.
// It owns its dev cluster, so it runs beside TestEveryGETOverTheSeed.
func TestSimulatedController(t *testing.T) {
	t.Parallel()
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	if assets == "" {
		t.Fatal("KUBEBUILDER_ASSETS is not set: run the tests with `make test`")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dev, err := devmode.Start(ctx, t.TempDir(), assets, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dev.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := dev.Simulate(context.Background(), 100*time.Millisecond, t.Logf); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(nil, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	informerCtx, stopInformers := context.WithCancel(context.Background())
	t.Cleanup(stopInformers)
	bff, err := server.New(informerCtx, cfg, dev.Config, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bff.Handler)
	t.Cleanup(srv.Close)
	testenv.Eventually(t, 2*time.Minute, bff.Ready, "the BFF never became ready")
	api := client{t: t, base: srv.URL + "/api/v1"}

	t.Run("the upstream frontend's default development identity sees the seed", func(t *testing.T) {
		api := api.in(t)
		req, err := http.NewRequest(http.MethodGet, api.base+"/workspaces/team-data-science", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("kubeflow-userid", "admin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"name":"churn-analysis"`) {
			t.Errorf("as admin: %d %.300s", resp.StatusCode, body)
		}
	})

	t.Run("every running Workspace's log has lines", func(t *testing.T) {
		api := api.in(t)
		var list struct {
			Data []struct{ Namespace, Name, State string } `json:"data"`
		}
		if err := json.Unmarshal([]byte(api.must(http.MethodGet, "/workspaces", "", http.StatusOK)), &list); err != nil {
			t.Fatal(err)
		}
		running := 0
		for _, ws := range list.Data {
			if ws.State != "Running" {
				continue
			}
			running++
			status, body := api.do(http.MethodGet, "/workspaces/"+ws.Namespace+"/"+ws.Name+"/podtemplate/logs/batch", "")
			if status != http.StatusOK || !strings.Contains(body, "the simulated log of container main") {
				t.Errorf("logs of %s/%s: %d %.300s", ws.Namespace, ws.Name, status, body)
			}
		}
		if running < 2 {
			t.Errorf("the seed lists %d running Workspaces, want at least 2", running)
		}
	})

	t.Run("Stop, then Start", func(t *testing.T) {
		api := api.in(t)
		const ws = "/workspaces/team-data-science/churn-analysis"
		api.must(http.MethodPost, ws+"/actions/pause", `{"data":{"paused":true}}`, http.StatusOK)
		api.waitState("team-data-science", "churn-analysis", "Paused")
		if status, body := api.do(http.MethodGet, ws+"/podtemplate/logs/batch", ""); status != http.StatusBadRequest {
			t.Errorf("the log of a paused Workspace: %d %.300s, want 400", status, body)
		}
		api.must(http.MethodPost, ws+"/actions/pause", `{"data":{"paused":false}}`, http.StatusOK)
		api.waitState("team-data-science", "churn-analysis", "Running")
		// Started again, on a new Pod whose log is served.
		status, body := api.do(http.MethodGet, ws+"/podtemplate/logs/batch", "")
		if status != http.StatusOK || !strings.Contains(body, "Pod team-data-science/ws-churn-analysis-0") {
			t.Errorf("logs after Start: %d %.300s", status, body)
		}
	})

	t.Run("a new Workspace goes Running; kind counts follow creates and deletes", func(t *testing.T) {
		api := api.in(t)
		clients, err := kube.NewClients(dev.Config)
		if err != nil {
			t.Fatal(err)
		}
		home := "vscode-dev-home"
		ws := &v1beta1.Workspace{
			ObjectMeta: metav1.ObjectMeta{Name: "fresh", Namespace: "team-ml-platform"},
			Spec: v1beta1.WorkspaceSpec{Kind: "codeserver", PodTemplate: v1beta1.WorkspacePodTemplate{
				Volumes: v1beta1.WorkspacePodVolumes{Home: &home},
				Options: v1beta1.WorkspacePodOptions{ImageConfig: "codeserver-python:v1.10.0", PodConfig: "small_cpu"},
			}},
		}
		if _, err := clients.Workspaces(ws.Namespace).Create(context.Background(), ws, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		api.waitState("team-ml-platform", "fresh", "Running")
		api.waitCountsAgree()
		api.must(http.MethodDelete, "/workspaces/team-data-science/gpu-training", "", http.StatusNoContent)
		listed := api.waitCountsAgree()
		// Deleting a kind in use says the number the kinds page shows.
		body := api.must(http.MethodDelete, "/workspacekinds/jupyterlab", "", http.StatusConflict)
		if want := fmt.Sprintf("WorkspaceKind is used by %d workspace(s)", listed["jupyterlab"]); !strings.Contains(body, want) {
			t.Errorf("deleting jupyterlab: %.300s, want %q", body, want)
		}
	})
}

type client struct {
	t    *testing.T
	base string
}

// in is the client failing t.
func (c client) in(t *testing.T) client { return client{t: t, base: c.base} }

func (c client) do(method, path, body string) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", devmode.User)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, string(out)
}

func (c client) must(method, path, body string, want int) string {
	c.t.Helper()
	status, out := c.do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: %d, want %d: %.300s", method, path, status, want, out)
	}
	return out
}

// waitState waits until the Workspace at namespace/name is listed in
// state, as the Workspaces page shows it.
func (c client) waitState(namespace, name, state string) {
	c.t.Helper()
	var last string
	testenv.Eventually(c.t, stateWait, func() bool {
		var list struct {
			Data []struct {
				Name  string `json:"name"`
				State string `json:"state"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(c.must(http.MethodGet, "/workspaces/"+namespace, "", http.StatusOK)), &list); err != nil {
			c.t.Fatal(err)
		}
		last = "not listed"
		for _, ws := range list.Data {
			if ws.Name == name {
				last = ws.State
			}
		}
		return last == state
	}, "%s/%s never became %s (last %s)", namespace, name, state, lazy(func() string { return last }))
}

// waitCountsAgree waits until every kind's count of Workspaces, as the kinds
// page shows it, is the number of Workspaces of that kind listed, and
// returns those numbers.
func (c client) waitCountsAgree() map[string]int {
	c.t.Helper()
	var diff string
	var listed map[string]int
	testenv.Eventually(c.t, stateWait, func() bool {
		var workspaces struct {
			Data []struct {
				WorkspaceKind struct {
					Name string `json:"name"`
				} `json:"workspaceKind"`
			} `json:"data"`
		}
		var kinds struct {
			Data []struct {
				Name           string `json:"name"`
				ClusterMetrics struct {
					WorkspacesCount int `json:"workspacesCount"`
				} `json:"clusterMetrics"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(c.must(http.MethodGet, "/workspaces", "", http.StatusOK)), &workspaces); err != nil {
			c.t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(c.must(http.MethodGet, "/workspacekinds", "", http.StatusOK)), &kinds); err != nil {
			c.t.Fatal(err)
		}
		listed = map[string]int{}
		for _, ws := range workspaces.Data {
			listed[ws.WorkspaceKind.Name]++
		}
		diff = ""
		for _, k := range kinds.Data {
			if k.ClusterMetrics.WorkspacesCount != listed[k.Name] {
				diff += k.Name + " "
			}
		}
		return diff == ""
	}, "kind counts disagree with the Workspaces listed: %s", lazy(func() string { return diff }))
	return listed
}

// lazy prints what its function returns when the failure is formatted.
type lazy func() string

func (l lazy) String() string { return l() }
