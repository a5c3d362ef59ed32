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
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeflow/workspaces-bff/hack/harness/testbin"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// TestMain lets the tests run this test binary as the command (package
// testbin): its main is the command's.
func TestMain(m *testing.M) {
	testbin.RunAsCommand(main)
	os.Exit(m.Run())
}

// TestDevMode runs the command the way `make run` does and checks what
// docs/development.md promises: it serves, kubectl's kubeconfig works, the samples
// are seeded, and SIGTERM leaves no control-plane process behind, so a
// second run starts cleanly. Each run owns its control plane, so it runs
// beside TestDevModeTokenMode.
func TestDevMode(t *testing.T) {
	t.Parallel()
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		t.Fatal("KUBEBUILDER_ASSETS is not set: run the tests with `make test`")
	}
	devDir := filepath.Join(t.TempDir(), "dev")

	for run := 1; run <= 2; run++ {
		t.Run(fmt.Sprintf("run %d", run), func(t *testing.T) {
			port := testbin.FreePort(t)
			base := fmt.Sprintf("http://127.0.0.1:%d", port)
			args := []string{"--dev-dir", devDir, "--port", fmt.Sprint(port)}
			if run == 2 {
				args = append(args, "--swagger-enabled", "--simulate-controller=false")
			}
			metricsBase := base // run 1 serves /metrics on the API port
			if run == 2 {
				// Run 2: metrics and pprof on a listener of their own, JSON logs.
				metricsBase = fmt.Sprintf("http://127.0.0.1:%d", testbin.FreePort(t))
				args = append(args, "--metrics-bind-address", strings.TrimPrefix(metricsBase, "http://"),
					"--pprof", "--log-format", "json", "--shutdown-delay", "3s", "--access-log", "all")
			}
			p := testbin.Start(t, args)
			cmd, logs, exited := p.Cmd, p.Logs, p.Exited

			testenv.Eventually(t, 3*time.Minute, func() bool {
				select {
				case err := <-exited:
					t.Fatalf("the binary exited before becoming ready: %v", err)
				default:
				}
				status, _ := testbin.Get(base+"/readyz", nil)
				return status == http.StatusOK
			}, "/readyz never answered 200")

			status, body := testbin.Get(base+"/api/v1/healthcheck", map[string]string{"kubeflow-userid": "user@example.com"})
			if status != 200 || body != `{"status":"Healthy","systemInfo":{"version":"1.0.0"}}` {
				t.Fatalf("healthcheck: %d %s", status, body)
			}
			// The upstream frontend's default settings call the API under
			// the gateway's prefix.
			status, body = testbin.Get(base+"/workspaces/api/v1/healthcheck", map[string]string{"kubeflow-userid": "user@example.com"})
			if status != 200 || body != `{"status":"Healthy","systemInfo":{"version":"1.0.0"}}` {
				t.Fatalf("healthcheck under /workspaces: %d %s", status, body)
			}
			if status, _ := testbin.Get(base+"/workspaces/other", nil); status != http.StatusNotFound {
				t.Fatalf("/workspaces/other: %d, want 404: only the API is served under the prefix", status)
			}
			// The OpenAPI document is served only when enabled, as upstream.
			status, body = testbin.Get(base+"/api/v1/swagger/doc.json", nil)
			if wantStatus := map[int]int{1: 404, 2: 200}[run]; status != wantStatus {
				t.Fatalf("swagger/doc.json: %d, want %d: %.300s", status, wantStatus, body)
			}
			if run == 2 && !strings.Contains(body, `"/workspaces/{namespace}/{name}"`) {
				t.Fatalf("swagger/doc.json: %.300s", body)
			}
			// The log says where the BFF serves, once it does.
			testenv.Eventually(t, 5*time.Second, func() bool {
				for _, want := range []string{"serving " + base, "curl -H 'kubeflow-userid: user@example.com' " + base} {
					if !strings.Contains(logs.String(), want) {
						return false
					}
				}
				return true
			}, "the log does not tell where the BFF serves and how to try it")
			// The seeded kind with ConfigMap assets serves a real icon.
			status, body = testbin.Get(base+"/api/v1/workspacekinds/kubeflow-notebook/assets/icon", map[string]string{"kubeflow-userid": "user@example.com"})
			if status != 200 || !strings.HasPrefix(body, "<svg") {
				t.Fatalf("the seeded icon: %d %.100s", status, body)
			}
			checkObservability(t, run == 2, base, metricsBase, logs)
			kubeconfig := filepath.Join(devDir, "kubeconfig")
			checkSeeded(t, kubeconfig)
			checkSimulated(t, kubeconfig, run == 1)
			checkStorageSeeded(t, base)
			apiCfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
			if err != nil {
				t.Fatal(err)
			}

			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if run == 2 {
				// With a shutdown delay, readiness fails first while the
				// API still answers, so a load balancer can move away.
				testenv.Eventually(t, 3*time.Second, func() bool {
					status, _ := testbin.Get(base+"/readyz", nil)
					return status == http.StatusServiceUnavailable
				}, "/readyz did not turn 503 after SIGTERM")
				status, _ := testbin.Get(base+"/api/v1/workspaces", map[string]string{"kubeflow-userid": "user@example.com"})
				if status != http.StatusOK {
					t.Fatalf("during the shutdown delay the API answered %d", status)
				}
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("exit after SIGTERM: %v", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("the binary did not exit within a minute of SIGTERM")
			}
			if left := processesMentioning(devDir); len(left) > 0 {
				t.Fatalf("processes left behind after SIGTERM: %v", left)
			}
			apiHost := strings.TrimPrefix(apiCfg.Host, "https://")
			if conn, err := net.DialTimeout("tcp", apiHost, time.Second); err == nil {
				conn.Close()
				t.Fatalf("kube-apiserver still listens on %s after SIGTERM", apiHost)
			}
		})
	}
}

// checkSeeded reads the dev cluster through the kubeconfig written for kubectl.
func checkSeeded(t *testing.T, kubeconfig string) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatalf("the dev kubeconfig does not load: %v", err)
	}
	clients, err := kube.NewClients(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testenv.Context(t)
	kinds, err := clients.WorkspaceKinds().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var kindNames []string
	for _, k := range kinds.Items {
		kindNames = append(kindNames, k.Name)
	}
	if got := strings.Join(kindNames, ","); got != "codeserver,jupyterlab,kubeflow-notebook,restricted-lab,rstudio" {
		t.Errorf("seeded kinds = %s, want the three upstream samples, the one with ConfigMap assets and the one with filter rules", got)
	}
	workspaces, err := clients.Workspaces("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[v1beta1.WorkspaceState]int{}
	perKind := map[string]int32{}
	for _, ws := range workspaces.Items {
		states[ws.Status.State]++
		perKind[ws.Spec.Kind]++
	}
	// Each kind's status counts its Workspaces, as the controller would.
	for _, k := range kinds.Items {
		if k.Status.Workspaces != perKind[k.Name] {
			t.Errorf("kind %s: status.workspaces %d, want %d", k.Name, k.Status.Workspaces, perKind[k.Name])
		}
	}
	if perKind["jupyterlab"] == 0 {
		t.Error("no seeded Workspace uses jupyterlab")
	}
	for _, s := range []v1beta1.WorkspaceState{"Running", "Paused", "Pending", "Error"} {
		if states[s] == 0 {
			t.Errorf("no seeded Workspace is %s (states: %v)", s, states)
		}
	}
}

// checkSimulated checks the controller simulator runs only when it is not
// turned off: it takes the upstream sample Workspace, seeded without a
// status, to Running; without it the Workspace keeps no state at all.
func checkSimulated(t *testing.T, kubeconfig string, on bool) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	clients, err := kube.NewClients(cfg)
	if err != nil {
		t.Fatal(err)
	}
	state := func() v1beta1.WorkspaceState {
		ws, err := clients.Workspaces("kubeflow-user-example-com").Get(testenv.Context(t), "jupyterlab-workspace", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return ws.Status.State
	}
	if on {
		testenv.Eventually(t, time.Minute, func() bool { return state() == v1beta1.WorkspaceStateRunning },
			"the simulator never took the upstream sample Workspace to Running")
	} else if s := state(); s != "" {
		t.Errorf("--simulate-controller=false, yet the upstream sample Workspace is %s", s)
	}
}

// checkStorageSeeded reads the seeded storage through the storage routes:
// a class users may use, a PVC bound to a volume and used by a Pod, the
// upstream sample Secret mounted by the sample Workspace.
func checkStorageSeeded(t *testing.T, base string) {
	t.Helper()
	user := map[string]string{"kubeflow-userid": "user@example.com"}
	pvcs := "/api/v1/persistentvolumeclaims/team-data-science"
	for _, c := range []struct{ path, want string }{
		{"/api/v1/storageclasses", `{"name":"standard","displayName":"Standard","description":"Replicated network block storage","canUse":true}`},
		{pvcs, `"pv":{"name":"pv-shared-datasets"`},
		{pvcs, `"pods":[{"name":"ws-churn-analysis-0","phase":"Running","node":{"name":"dev-node-1"}}]`},
		{"/api/v1/secrets/kubeflow-user-example-com", `"mounts":[{"group":"kubeflow.org","kind":"Workspace","name":"jupyterlab-workspace"}]`},
	} {
		if status, body := testbin.Get(base+c.path, user); status != http.StatusOK || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %.500s\nwant it to contain %s", c.path, status, body, c.want)
		}
	}
}

// processesMentioning lists running processes whose command line contains s
// (etcd's is the dev dir's data directory).
func processesMentioning(s string) []string {
	entries, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range entries {
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		if bytes.Contains(cmdline, []byte(s)) {
			out = append(out, e.Name()+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return out
}
