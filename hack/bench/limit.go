//go:build linux

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
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// answer is one response captured from the BFF: what the limit server
// replays and what every answer under load must match.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// capture fetches url once with header and records the answer.
func capture(ctx context.Context, client *http.Client, url string, header http.Header) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return answer{}, err
	}
	req.Header = header.Clone()
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("GET %s: reading the body: %w", url, err)
	}
	h := resp.Header.Clone()
	// The limit server writes its own Date, as the BFF's server does.
	h.Del("Date")
	return answer{status: resp.StatusCode, header: h, body: body}, nil
}

// limitHandler replays one answer: the headers and bytes the BFF sent, with
// no routing, no validation and no lookup. For a 304 it checks
// If-None-Match, as any server answering a revalidation must.
type limitHandler struct {
	answer answer
	etag   string
}

func (l limitHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if l.answer.status == http.StatusNotModified && r.Header.Get("If-None-Match") != l.etag {
		w.WriteHeader(http.StatusPreconditionFailed)
		return
	}
	h := w.Header()
	for k, v := range l.answer.header {
		h[k] = v
	}
	w.WriteHeader(l.answer.status)
	_, _ = w.Write(l.answer.body)
}

// limitAnswerFile is the flag that makes this command the limit server.
const limitAnswerFile = "serve-answer"

// limitServer is a child process serving one captured answer on a free
// loopback port: the most this machine serves those bytes, which the BFF's
// requests/s are compared to. It runs in a process of its own, as the BFF
// does: a server sharing the load generator's Go runtime skips the
// cross-process wakeups every request to the BFF pays, and measured 10-25 %
// faster on 2 cores, which would make the BFF look worse than it is.
type limitServer struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
}

// startLimit writes a to dir and starts this same binary as the limit
// server for it.
func startLimit(a answer, dir string) (*limitServer, error) {
	raw, err := json.Marshal(storedAnswer{Status: a.status, Header: a.header, Body: a.body})
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "limit-answer.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-"+limitAnswerFile, path)
	cmd.Stderr = os.Stderr
	cmd.Env = serverEnv()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the limit server: %w", err)
	}
	s := &limitServer{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("the limit server did not report its address: %w", err)
	}
	s.url = strings.TrimSpace(line)
	return s, nil
}

// Close ends the limit server by closing its stdin, and waits for it.
func (s *limitServer) Close() error {
	_ = s.stdin.Close()
	exited := make(chan error, 1)
	go func() { exited <- s.cmd.Wait() }()
	select {
	case err := <-exited:
		return err
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		return <-exited
	}
}

// storedAnswer is an answer as the limit server process reads it.
type storedAnswer struct {
	Status int
	Header http.Header
	Body   []byte
}

// serveAnswer is the limit server process: it serves the answer in path on
// a free loopback port, prints its URL, and exits when stdin closes, which
// also happens when the benchmark dies.
func serveAnswer(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var stored storedAnswer
	if err := json.Unmarshal(raw, &stored); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	a := answer{status: stored.Status, header: stored.Header, body: stored.Body}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: limitHandler{answer: a, etag: a.header.Get("ETag")}}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	fmt.Println("http://" + listener.Addr().String())
	stdinClosed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(stdinClosed)
	}()
	select {
	case err := <-served:
		return err
	case <-stdinClosed:
		return server.Close()
	}
}
