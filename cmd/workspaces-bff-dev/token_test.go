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
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/testbin"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// TestDevModeTokenMode runs the binary as `make run
// ARGS=--auth-method=user_token` does and checks what docs/development.md
// promises: the seeded service account's token, written to the dev
// directory, identifies the caller, who sees its own namespace and not
// another's; the identity headers alone identify no one.
func TestDevModeTokenMode(t *testing.T) {
	t.Parallel()
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		t.Fatal("KUBEBUILDER_ASSETS is not set: run the tests with `make test`")
	}
	devDir := filepath.Join(t.TempDir(), "dev")
	port := testbin.FreePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	p := testbin.Start(t, []string{"--dev-dir", devDir, "--port", fmt.Sprint(port), "--auth-method=user_token", "--simulate-controller=false"})
	testenv.Eventually(t, 3*time.Minute, func() bool {
		select {
		case err := <-p.Exited:
			t.Fatalf("the binary exited before becoming ready: %v", err)
		default:
		}
		status, _ := testbin.Get(base+"/readyz", nil)
		return status == http.StatusOK
	}, "/readyz never answered 200")

	token, err := os.ReadFile(filepath.Join(devDir, "token"))
	if err != nil {
		t.Fatalf("the token file: %v", err)
	}
	bearer := map[string]string{"Authorization": "Bearer " + string(token)}
	tests := []struct {
		name    string
		path    string
		headers map[string]string
		want    int
		body    string
	}{
		{"the token's account is the caller", "/api/v1/user", bearer, http.StatusOK, `"userId":"system:serviceaccount:kubeflow-user-example-com:default-editor"`},
		{"it lists its namespace's Workspaces", "/api/v1/workspaces/kubeflow-user-example-com", bearer, http.StatusOK, `"name":"jupyterlab-workspace"`},
		{"it sees the kinds", "/api/v1/workspacekinds", bearer, http.StatusOK, `"name":"jupyterlab"`},
		{"another namespace is forbidden", "/api/v1/workspaces/team-data-science", bearer, http.StatusForbidden, `"code":"403"`},
		{"the dev user's header alone is 401", "/api/v1/workspaces", map[string]string{"kubeflow-userid": "user@example.com"}, http.StatusUnauthorized, `"code":"401"`},
	}
	for _, tt := range tests {
		status, body := testbin.Get(base+tt.path, tt.headers)
		if status != tt.want || !strings.Contains(body, tt.body) {
			t.Errorf("%s: %d %.300s, want %d with %s", tt.name, status, body, tt.want, tt.body)
		}
	}
	// The log shows how to try it, with the token read from its file.
	want := fmt.Sprintf(`curl -H \"Authorization: Bearer $(cat %s)\" %s/api/v1/workspaces/kubeflow-user-example-com`, filepath.Join(devDir, "token"), base)
	testenv.Eventually(t, 5*time.Second, func() bool { return strings.Contains(p.Logs.String(), want) }, "the log does not show %s", want)
	if strings.Contains(p.Logs.String(), string(token)) {
		t.Error("the log holds the token")
	}

	if err := p.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.Exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the binary did not exit within a minute of SIGTERM")
	}
	if left := processesMentioning(devDir); len(left) > 0 {
		t.Fatalf("processes left behind after SIGTERM: %v", left)
	}
}
