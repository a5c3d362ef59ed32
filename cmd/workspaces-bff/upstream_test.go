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

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

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

// TestUpstreamConfiguration runs the binary with upstream's deployment
// environment and flags (on a free port rather than PORT=4000, and in dev
// mode for a cluster): it starts, takes the flags with upstream's
// meaning, and strips no prefix from the user header.
func TestUpstreamConfiguration(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		t.Fatal("KUBEBUILDER_ASSETS is not set: run the tests with `make test`")
	}
	bin := filepath.Join(t.TempDir(), "workspaces-bff")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	args := append([]string{"--dev", "--dev-dir", filepath.Join(t.TempDir(), "dev")}, upstreamFlags...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PORT="+fmt.Sprint(port))
	for k, v := range upstreamEnv {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(time.Minute):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("binary output:\n%s", logs)
		}
	})
	testenv.Eventually(t, 3*time.Minute, func() bool {
		select {
		case err := <-exited:
			t.Fatalf("the binary exited before becoming ready: %v", err)
		default:
		}
		status, _ := get(base+"/readyz", nil)
		return status == http.StatusOK
	}, "/readyz never answered 200")

	status, body := get(base+"/api/v1/swagger/doc.json", nil)
	if status != http.StatusOK || !strings.Contains(body, `"url":"https://kubeflow.example.com/workspaces/api/v1"`) {
		t.Errorf("swagger/doc.json: %d, want the server the --swagger-* flags name: %.400s", status, body)
	}
	// With no prefix to strip, ":user@example.com" is a user of its own,
	// with no access; the seeded user has it.
	ns := "/api/v1/workspaces/kubeflow-user-example-com"
	for user, want := range map[string]int{"user@example.com": http.StatusOK, ":user@example.com": http.StatusForbidden} {
		if status, body := get(base+ns, map[string]string{"kubeflow-userid": user}); status != want {
			t.Errorf("GET %s as %q: %d, want %d: %.300s", ns, user, status, want, body)
		}
	}
	testenv.Eventually(t, 5*time.Second, func() bool {
		return strings.Contains(logs.String(), `config.userid-prefix="" `) && strings.Contains(logs.String(), "config.swagger-scheme=https ")
	}, "the starting line does not show the empty prefix and the flag's scheme")
}
