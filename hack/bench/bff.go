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
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// bffProcess is the BFF in dev mode, running as a child in its own process
// group. kube-apiserver and etcd, which it starts, are its children but
// envtest puts each in a group of its own; Stop finds them through /proc.
type bffProcess struct {
	cmd *exec.Cmd
	url string
	// metricsURL serves /metrics, and /debug/pprof when profiling.
	metricsURL string
	logPath    string
	// exited is closed when the BFF has exited; waitErr is then set.
	exited  chan struct{}
	waitErr error
}

// startBFF runs bin in dev mode on port with its state in devDir, without
// the controller simulator: the seed writes the status it measures. Its
// output goes to devDir/bff.log. GOMAXPROCS is removed from its
// environment: it runs as it would in production, on every CPU. A
// non-zero pprofPort moves /metrics to a listener of its own on that port,
// with pprof.
func startBFF(bin string, port, pprofPort int, devDir string) (*bffProcess, error) {
	return startServer(bin, []string{"--dev-dir", devDir, "--simulate-controller=false"}, port, pprofPort, filepath.Join(devDir, "bff.log"))
}

// startServer runs bin with args and a port, and with /metrics and pprof
// on pprofPort when it is not 0, writing its output to logPath.
func startServer(bin string, args []string, port, pprofPort int, logPath string) (*bffProcess, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	args = append(args, "--port", strconv.Itoa(port))
	metricsURL := url
	if pprofPort != 0 {
		metricsURL = fmt.Sprintf("http://127.0.0.1:%d", pprofPort)
		args = append(args, "--metrics-bind-address", fmt.Sprintf("127.0.0.1:%d", pprofPort), "--pprof")
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid: true,
		// If this tool dies without cleaning up, the BFF is told to stop,
		// and stops its control plane on the way out.
		Pdeathsig: syscall.SIGTERM,
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	p := &bffProcess{
		cmd:        cmd,
		url:        url,
		metricsURL: metricsURL,
		logPath:    logPath,
		exited:     make(chan struct{}),
	}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// serverEnv is the environment of the servers the benchmark starts, the BFF
// and the limit server: this process's minus GOMAXPROCS, so that both run
// on every CPU, as the BFF does in production, and are compared on equal
// terms whatever limits the load generator.
func serverEnv() []string {
	// Never nil, as os.Environ's copy is not: exec.Cmd takes a nil Env
	// for "inherit everything", GOMAXPROCS too.
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOMAXPROCS=")
	})
}

// stopTimeout bounds the BFF's own shutdown: draining requests, then
// stopping kube-apiserver and etcd (each allowed 30 s by localcluster).
const stopTimeout = 90 * time.Second

// Stop asks the BFF to shut down (SIGTERM, which also stops its control
// plane) and waits for it. Whatever it leaves behind, because it hung or
// failed to stop kube-apiserver or etcd, is then killed: its process group
// and every process that descended from it. It is safe to call more than
// once.
func (p *bffProcess) Stop() {
	pid := p.cmd.Process.Pid
	var children []process
	select {
	case <-p.exited:
	default:
		// Taken before the signal: once the BFF is gone, its children are
		// reparented and no longer known as its own.
		children = descendants(pid)
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(stopTimeout):
			fmt.Fprintf(os.Stderr, "bench: the BFF did not stop within %v; killing it and its control plane\n", stopTimeout)
		}
	}
	// ESRCH (nothing left) is the expected outcome of both.
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	for _, c := range children {
		if c.alive() {
			_ = syscall.Kill(c.pid, syscall.SIGKILL)
		}
	}
	<-p.exited
}

// waitReady polls /readyz until it answers 200, the BFF exits, or timeout
// passes.
func (p *bffProcess) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/readyz", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.exited:
			return fmt.Errorf("the BFF exited before it was ready (%w)", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("the BFF was not ready within %v: %w", timeout, ctx.Err())
		case <-tick.C:
		}
	}
}

// memory is the BFF's memory at one moment: its resident set (the BFF
// alone, not the kube-apiserver and etcd it runs), and, from its /metrics,
// the Go heap in use and the heap size at which the next GC starts.
type memory struct {
	rssKiB int64
	// heapInuse, heapAlloc and gcGoal are bytes; zero when /metrics does
	// not say. Just after a collection, heapAlloc is the live heap.
	heapInuse, heapAlloc, gcGoal float64
	// retained is heap memory free but not yet returned to the OS.
	retained float64
}

// memory reads the BFF's memory. /metrics is optional: without it only the
// RSS is known.
func (p *bffProcess) memory(ctx context.Context, client *http.Client) (memory, error) {
	rss, err := rssKiB(p.cmd.Process.Pid)
	if err != nil {
		return memory{}, err
	}
	m := memory{rssKiB: rss}
	a, err := capture(ctx, client, p.metricsURL+"/metrics", http.Header{})
	if err != nil || a.status != http.StatusOK {
		return m, nil
	}
	for line := range strings.Lines(string(a.body)) {
		name, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_memstats_heap_inuse_bytes":
			m.heapInuse = v
		case "go_memstats_heap_idle_bytes":
			m.retained += v
		case "go_memstats_heap_released_bytes":
			m.retained -= v
		case "go_memstats_heap_alloc_bytes":
			m.heapAlloc = v
		case "go_memstats_next_gc_bytes":
			m.gcGoal = v
		}
	}
	return m, nil
}

// settledMemory is the BFF's memory once the RSS stops falling: memory read
// just after a burst of events includes the garbage of the burst, which
// the Go runtime returns to the OS by itself. Nothing is forced from
// outside.
func (p *bffProcess) settledMemory(ctx context.Context, client *http.Client) (memory, error) {
	ctx, cancel := context.WithTimeout(ctx, settleTimeout)
	defer cancel()
	tick := time.NewTicker(settleTick)
	defer tick.Stop()
	// Settled is no fall over a whole window.
	lowest, err := p.memory(ctx, client)
	if err != nil {
		return memory{}, err
	}
	steady := 0
	for steady < settleWindow {
		select {
		case <-ctx.Done():
			// Still falling: report the lowest seen rather than fail.
			return lowest, nil
		case <-tick.C:
		}
		m, err := p.memory(ctx, client)
		if err != nil {
			return memory{}, err
		}
		steady++
		if lowest.rssKiB-m.rssKiB >= settledKiB {
			steady = 0
		}
		if m.rssKiB <= lowest.rssKiB {
			lowest = m
		}
	}
	return lowest, nil
}

const (
	// settleTimeout bounds the wait for the RSS to stop falling.
	settleTimeout = 60 * time.Second
	// The RSS has settled when it fell less than settledKiB over
	// settleWindow readings, settleTick apart.
	settleTick   = 500 * time.Millisecond
	settleWindow = 20
	settledKiB   = 256
)

// logTail is the end of the BFF's output, for an error report.
func (p *bffProcess) logTail(lines int) string {
	raw, err := os.ReadFile(p.logPath)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(all[max(0, len(all)-lines):], "\n")
}

// profile writes the BFF's profile named by query (below /debug/pprof/)
// to path. It uses the default client, which has no timeout: a CPU profile
// lasts as long as the load, longer than client()'s minute.
func (p *bffProcess) profile(ctx context.Context, query, path string) error {
	url := p.metricsURL + "/debug/pprof/" + query
	a, err := capture(ctx, http.DefaultClient, url, http.Header{})
	if err != nil {
		return err
	}
	if a.status != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", url, a.status, http.StatusText(a.status))
	}
	return os.WriteFile(path, a.body, 0o666)
}
