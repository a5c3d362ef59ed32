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
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/testbin"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// TestMain lets TestUpstreamConfiguration run this test binary as the
// command (package testbin): its main is the command's.
func TestMain(m *testing.M) {
	testbin.RunAsCommand(main)
	os.Exit(testenv.Main(m))
}

// upstreamEnv is the environment upstream's manifests and documentation
// give their BFF's container, which ours must start with as it is: an
// empty USERID_PREFIX (no prefix, as upstream reads it), the Swagger
// settings, and a variable of upstream's that this BFF does not read.
var upstreamEnv = map[string]string{
	"USERID_HEADER":     "kubeflow-userid",
	"USERID_PREFIX":     "",
	"GROUPS_HEADER":     "kubeflow-groups",
	"PROXY_URL_PREFIX":  "/workspaces",
	"CLIENT_QPS":        "50",
	"CLIENT_BURST":      "100",
	"SWAGGER_ENABLED":   "true",
	"SWAGGER_HOST":      "localhost:4000",
	"SWAGGER_BASE_PATH": "/api/v1",
	"SWAGGER_SCHEME":    "http",
	"URL_PREFIX":        "/workspaces",
}

// upstreamFlags are upstream's Swagger flags, which win over SWAGGER_*.
var upstreamFlags = []string{"--swagger-host", "kubeflow.example.com", "--swagger-base-path", "/workspaces/api/v1", "--swagger-scheme", "https"}

// TestUpstreamConfiguration runs the production command (its main, in this
// test binary; TestProductionImports checks what the binary links) with
// upstream's deployment environment and flags (on a free port rather than
// PORT=4000) against the test control plane, through a kubeconfig as
// kubectl would use: it starts, takes the flags with upstream's meaning,
// and strips no prefix from the user header.
func TestUpstreamConfiguration(t *testing.T) {
	env := testenv.Get(t)
	ns := env.Namespace(t)
	const user = "upstream-admin@example.com"
	env.GrantClusterAdmin(t, user)
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, env.Cluster.KubeConfig, 0o600); err != nil {
		t.Fatal(err)
	}

	port := testbin.FreePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	vars := []string{"PORT=" + fmt.Sprint(port), "BIND_ADDRESS=127.0.0.1", "KUBECONFIG=" + kubeconfig}
	for k, v := range upstreamEnv {
		vars = append(vars, k+"="+v)
	}
	p := testbin.Start(t, upstreamFlags, vars...)
	testenv.Eventually(t, 3*time.Minute, func() bool {
		select {
		case err := <-p.Exited:
			t.Fatalf("the binary exited before becoming ready: %v", err)
		default:
		}
		status, _ := testbin.Get(base+"/readyz", nil)
		return status == http.StatusOK
	}, "/readyz never answered 200")

	status, body := testbin.Get(base+"/api/v1/swagger/doc.json", nil)
	if status != http.StatusOK || !strings.Contains(body, `"url":"https://kubeflow.example.com/workspaces/api/v1"`) {
		t.Errorf("swagger/doc.json: %d, want the server the --swagger-* flags name: %.400s", status, body)
	}
	// With no prefix to strip, ":user" is a user of its own, with no
	// access; the user the binding names has it.
	path := "/api/v1/workspaces/" + ns
	for caller, want := range map[string]int{user: http.StatusOK, ":" + user: http.StatusForbidden} {
		if status, body := testbin.Get(base+path, map[string]string{"kubeflow-userid": caller}); status != want {
			t.Errorf("GET %s as %q: %d, want %d: %.300s", path, caller, status, want, body)
		}
	}
	testenv.Eventually(t, 5*time.Second, func() bool {
		return strings.Contains(p.Logs.String(), `config.userid-prefix="" `) && strings.Contains(p.Logs.String(), "config.swagger-scheme=https ")
	}, "the starting line does not show the empty prefix and the flag's scheme")
}

// TestProductionImports: the production binary links no test or
// development harness: no envtest, controller-runtime, apiextensions, none
// of the modules only tests and hack/ use, no package of hack/. The image
// build downloads only the modules the binary links (Dockerfile), so this
// also keeps them out of it.
func TestProductionImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{
		"sigs.k8s.io/controller-runtime", "k8s.io/apiextensions-apiserver", "github.com/kubeflow/workspaces-bff/hack/",
		"github.com/chromedp/", "github.com/getkin/kin-openapi", "github.com/prometheus/prometheus", "sigs.k8s.io/kustomize/",
		"github.com/santhosh-tekuri/jsonschema", "go.uber.org/goleak",
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.HasPrefix(pkg, f) {
				t.Errorf("the production binary imports %s", pkg)
			}
		}
	}
}
