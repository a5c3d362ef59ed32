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

// Package testbin runs the BFF's commands in tests, as a user runs them: a
// binary, flags and an environment, its output kept for the failure
// message, and plain HTTP requests to it.
//
// The binary is the test binary itself: go test has already compiled and
// linked the command's package into it, main included, so linking the
// command again (some 100 MB, seconds of CPU each time) would add nothing.
// Started by Start, it runs main instead of the tests:
//
//	func TestMain(m *testing.M) {
//		testbin.RunAsCommand(main)
//		os.Exit(m.Run())
//	}
//
//	p := testbin.Start(t, args)
package testbin

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/freeport"
)

// commandEnv, set by Start, tells a test binary to run as its command.
const commandEnv = "TESTBIN_RUN_AS_COMMAND"

// RunAsCommand runs main and exits when this test binary was started by
// Start to run as the command; otherwise it returns at once. TestMain calls
// it first, before any test flag is parsed, so main parses the command's
// flags as the built command would.
func RunAsCommand(main func()) {
	if os.Getenv(commandEnv) == "" {
		return
	}
	main()
	os.Exit(0)
}

// Process is a started command.
type Process struct {
	Cmd *exec.Cmd
	// Logs is everything the binary wrote, standard output and error.
	Logs *Buffer
	// Exited receives the binary's exit once it ends.
	Exited <-chan error
}

// Start runs this test binary as its package's command (see RunAsCommand)
// with args and, added to the test's environment, env (NAME=value). The
// test's cleanup kills it if it still runs, and logs its output if the
// test failed.
func Start(t testing.TB, args []string, env ...string) *Process {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatalf("the test binary's path: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), commandEnv+"=1"), env...)
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
