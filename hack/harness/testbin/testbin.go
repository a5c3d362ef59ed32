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

// Package testbin builds and runs the BFF's commands in tests, as a user
// runs them: a binary, flags and an environment, its output kept for the
// failure message, and plain HTTP requests to it.
package testbin

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/freeport"
)

// Build compiles the command in dir (a package path as go build takes it,
// "." for the test's own) into a temporary directory and returns the
// binary's path.
func Build(t testing.TB, dir, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, dir).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
	return bin
}

// Process is a started binary.
type Process struct {
	Cmd *exec.Cmd
	// Logs is everything the binary wrote, standard output and error.
	Logs *Buffer
	// Exited receives the binary's exit once it ends.
	Exited <-chan error
}

// Start runs bin with args and, added to the test's environment, env
// (NAME=value). The test's cleanup kills it if it still runs, and logs its
// output if the test failed.
func Start(t testing.TB, bin string, args []string, env ...string) *Process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	logs := &Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("binary output:\n%s", logs)
		}
	})
	return &Process{Cmd: cmd, Logs: logs, Exited: exited}
}

// Get sends a GET with headers and returns the status and body; a request
// that fails is status 0 with the error as the body.
func Get(url string, headers map[string]string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// FreePort is a loopback port for a binary to listen on (see package
// freeport).
func FreePort(t testing.TB) int {
	t.Helper()
	port, err := freeport.Loopback()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// Buffer is a bytes.Buffer safe for a process's writes and the test's reads.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
