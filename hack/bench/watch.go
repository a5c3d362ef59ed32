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
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// The watch benchmark (make bench-watch) answers one question: do clients
// that follow changes through ?watch=true cost the BFF less than the same
// clients polling? It seeds dev mode, then, while one Workspace changes
// every second, measures the BFF's CPU time over the same period for each
// way the clients can follow their namespace's Workspaces:
//
//   - watch: one Server-Sent Events stream per client;
//   - poll: a GET of the namespace's list every pollInterval, as the
//     frontend does;
//   - poll with If-None-Match: the same, revalidating with the ETag.

// pollInterval is how often a polling client asks.
const pollInterval = 5 * time.Second

type watchPhase struct {
	name string
	// stream follows by ?watch=true; otherwise the clients poll,
	// revalidating with If-None-Match when revalidate is set.
	stream, revalidate bool
	// cpu is the BFF's CPU time over the phase, in clock ticks.
	cpu      uint64
	duration time.Duration
	// received counts events (watch) or answers (poll); errors failures.
	received, errors atomic.Int64
	changes          int
}

func runWatchBench(ctx context.Context, opts options) (err error) {
	dev, err := startSeeded(ctx, opts)
	if err != nil {
		return err
	}
	defer func() { dev.close(err) }()
	// Every client has a connection of its own, as browsers do.
	clients := &http.Client{Transport: &http.Transport{
		DisableCompression: true, MaxIdleConnsPerHost: opts.concurrency + 16,
	}}
	// printWatch compares the first, watching, with each polling phase.
	phases := []*watchPhase{
		{name: "watch (?watch=true)", stream: true},
		{name: "poll every 5 s"},
		{name: "poll every 5 s with If-None-Match", revalidate: true},
	}
	for _, ph := range phases {
		logf("phase %q: %d clients for %v, one change per second", ph.name, opts.concurrency, opts.duration)
		if err := runPhase(ctx, dev, clients, opts, ph); err != nil {
			return err
		}
	}
	printWatch(os.Stdout, opts, phases)
	return nil
}

// runPhase runs one way of following changes: clients start, then the
// BFF's CPU is measured for opts.duration while a Workspace changes every
// second.
func runPhase(ctx context.Context, dev *devRun, httpClient *http.Client, opts options, ph *watchPhase) error {
	phaseCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	ready := make(chan struct{}, opts.concurrency)
	for i := range opts.concurrency {
		ns := dev.plan.namespaces[i%len(dev.plan.namespaces)]
		url := dev.bff.url + "/api/v1/workspaces/" + ns
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ph.stream {
				followStream(phaseCtx, httpClient, url+"?watch=true", ph, ready)
			} else {
				pollList(phaseCtx, httpClient, url, ph.revalidate, ph, ready)
			}
		}()
	}
	for range opts.concurrency {
		select {
		case <-ready:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	before, ok := readStat(dev.bff.cmd.Process.Pid)
	if !ok {
		return fmt.Errorf("reading the BFF's CPU time")
	}
	ph.received.Store(0)
	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for time.Since(start) < opts.duration {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		ns, name := dev.plan.workspace(rand.IntN(dev.plan.workspaces))
		patch := fmt.Sprintf(`{"spec":{"displayName":"change %d"}}`, time.Now().UnixNano())
		if _, err := dev.clients.Workspaces(ns).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			return fmt.Errorf("changing %s/%s: %w", ns, name, err)
		}
		ph.changes++
	}
	after, ok := readStat(dev.bff.cmd.Process.Pid)
	if !ok {
		return fmt.Errorf("reading the BFF's CPU time")
	}
	ph.cpu, ph.duration = after.cpu-before.cpu, time.Since(start)
	return nil
}

// followStream reads a watch stream until ctx ends, counting its change
// events. A stream that fails before its snapshot is an error, and still
// signals ready, so that the phase does not wait for it.
func followStream(ctx context.Context, client *http.Client, url string, ph *watchPhase, ready chan<- struct{}) {
	signalled := false
	defer func() {
		if !signalled {
			ph.errors.Add(1)
			ready <- struct{}{}
		}
	}()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header = benchHeader()
	resp, err := client.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "event: ") {
			continue
		}
		if line == "event: snapshot" && !signalled {
			signalled = true
			ready <- struct{}{}
			continue
		}
		ph.received.Add(1)
	}
}

// pollList GETs url every pollInterval, from a random start within the
// first interval, so the clients do not all ask at once.
func pollList(ctx context.Context, client *http.Client, url string, revalidate bool, ph *watchPhase, ready chan<- struct{}) {
	ready <- struct{}{}
	timer := time.NewTimer(rand.N(pollInterval))
	defer timer.Stop()
	etag := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		timer.Reset(pollInterval)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		req.Header = benchHeader()
		if revalidate && etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				ph.errors.Add(1)
			}
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified {
			ph.errors.Add(1)
			continue
		}
		etag = resp.Header.Get("ETag")
		ph.received.Add(1)
	}
}

func printWatch(w io.Writer, opts options, phases []*watchPhase) {
	fmt.Fprintf(w, "\n## workspaces-bff watch benchmark\n\n")
	fmt.Fprintf(w, "%d Workspaces in %d namespaces; %d clients, each following one namespace's Workspaces; one Workspace changed per second; %v measured per phase; %s.\n\n",
		opts.workspaces, opts.namespaces, opts.concurrency, opts.duration, cpuSummary())
	fmt.Fprintln(w, "| how the clients follow changes | BFF CPU | BFF CPU per second | changes | events or answers | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, ph := range phases {
		cpu := time.Duration(ph.cpu) * clockTick
		fmt.Fprintf(w, "| %s | %v | %.1f ms/s | %d | %d | %d |\n", ph.name, cpu.Round(time.Millisecond),
			float64(cpu.Milliseconds())/ph.duration.Seconds(), ph.changes, ph.received.Load(), ph.errors.Load())
	}
	watch := float64(phases[0].cpu) / phases[0].duration.Seconds()
	for _, ph := range phases[1:] {
		poll := float64(ph.cpu) / ph.duration.Seconds()
		fmt.Fprintf(w, "\nWatching costs %.2f× the CPU of %s: %s (target: less).\n", watch/max(poll, 1e-9), ph.name, verdict(watch < poll))
	}
}
