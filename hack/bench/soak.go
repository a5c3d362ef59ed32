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
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The soak (make soak, -soak): dev mode seeded with -workspaces, then for
// -duration every GET route polled concurrently while writers create,
// update, pause and delete Workspaces through the BFF. It reports errors
// (no 5xx allowed), whether every acknowledged write is what the API
// server holds at the end, p99 latencies, and the BFF's RSS and goroutines
// sampled over the run (no growth trend allowed).

// expected is what the acknowledged writes say a Workspace must be.
type expected struct {
	namespace, name string
	exists          bool
	displayName     string
	paused          bool
}

type soakStats struct {
	mu                    sync.Mutex
	reads, writes         histogram
	readCount, writeCount atomic.Int64
	status                [6]atomic.Int64 // by status class: 1xx..5xx, [0] transport errors
	errorSamples          []string
	acknowledged          atomic.Int64
	expectedByName        map[string]*expected
	unexpectedWriteStatus atomic.Int64
}

func (s *soakStats) count(status int, err error, what string) {
	if err != nil {
		s.status[0].Add(1)
		s.sample(what + ": " + err.Error())
		return
	}
	s.status[status/100].Add(1)
	if status >= 500 {
		s.sample(fmt.Sprintf("%s: %d", what, status))
	}
}

func (s *soakStats) sample(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errorSamples) < 10 {
		s.errorSamples = append(s.errorSamples, msg)
	}
}

type sample struct {
	at         time.Duration
	rssKiB     int64
	goroutines float64
}

func runSoak(ctx context.Context, opts options) (err error) {
	dev, err := startSeeded(ctx, opts)
	if err != nil {
		return err
	}
	defer func() { dev.close(err) }()
	clients, plan := dev.clients, dev.plan
	expectedByName := map[string]*expected{}
	var phases []*soakPhase
	var attacked *attackStats
	if opts.attacker {
		if err := grantAttacker(ctx, clients, plan.namespaces[0]); err != nil {
			return err
		}
		phases = append(phases, runSoakPhase(ctx, dev, opts, expectedByName, "without the attacker", "soak", nil))
		attacked = &attackStats{}
		phases = append(phases, runSoakPhase(ctx, dev, opts, expectedByName, "with the attacker", "soak-a", attacked))
	} else {
		phases = append(phases, runSoakPhase(ctx, dev, opts, expectedByName, "soak", "soak", nil))
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}

	// Every acknowledged write must be what the API server holds.
	var verified, mismatched int
	var mismatches []string
	for _, e := range expectedByName {
		ws, err := clients.Workspaces(e.namespace).Get(ctx, e.name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err) && !e.exists:
			verified++
		case err != nil && !apierrors.IsNotFound(err):
			return err
		case err == nil && e.exists && ws.Spec.Paused == e.paused && displayName(ws.Spec.DisplayName) == e.displayName:
			verified++
		default:
			mismatched++
			if len(mismatches) < 5 {
				mismatches = append(mismatches, fmt.Sprintf("%s/%s: want %+v", e.namespace, e.name, *e))
			}
		}
	}
	last := phases[len(phases)-1]
	printSoak(os.Stdout, opts, last.stats, last.samples, verified, mismatched, mismatches)
	if opts.attacker {
		printAttack(os.Stdout, phases[0], last, attacked)
	}
	return nil
}

// runSoakPhase polls and writes for -duration, sampling the BFF's RSS and
// goroutines, with the attacker too when attacked is set. Writers name
// their Workspaces after prefix; what their acknowledged writes promise
// goes into expectedByName.
func runSoakPhase(ctx context.Context, dev *devRun, opts options, expectedByName map[string]*expected, name, prefix string, attacked *attackStats) *soakPhase {
	bff, client, plan := dev.bff, dev.client, dev.plan
	stats := &soakStats{expectedByName: expectedByName}
	start := time.Now()
	var samples []sample
	takeSample := func() {
		m, err := bff.memory(ctx, client)
		if err != nil {
			return
		}
		samples = append(samples, sample{at: time.Since(start), rssKiB: m.rssKiB, goroutines: goroutines(ctx, client, bff.metricsURL)})
	}
	takeSample()

	runCtx, cancel := context.WithTimeout(ctx, opts.duration)
	defer cancel()
	logf("soaking %s for %v: %d pollers, %d writers", name, opts.duration, opts.concurrency, soakWriters)
	var wg sync.WaitGroup
	for i := range opts.concurrency {
		wg.Add(1)
		go func() { defer wg.Done(); poll(runCtx, client, bff.url, plan, stats, i) }()
	}
	for i := range soakWriters {
		wg.Add(1)
		go func() { defer wg.Done(); write(runCtx, client, bff.url, plan, stats, prefix, i) }()
	}
	if attacked != nil {
		wg.Add(1)
		go func() { defer wg.Done(); attack(runCtx, bff.url, plan, attacked) }()
	}
	every := opts.duration / 10
	if opts.attacker {
		// The peak is what the attacker's report compares.
		every = min(every, sampleEvery)
	}
	tick := time.NewTicker(every)
	lastLog := time.Now()
	for done := false; !done; {
		select {
		case <-runCtx.Done():
			done = true
		case <-tick.C:
			takeSample()
			if time.Since(lastLog) >= opts.duration/10 {
				lastLog = time.Now()
				logf("%v: %d reads, %d writes", time.Since(start).Round(time.Second), stats.readCount.Load(), stats.writeCount.Load())
			}
		}
	}
	tick.Stop()
	wg.Wait()
	takeSample()
	return &soakPhase{name: name, stats: stats, samples: samples}
}

// soakWriters is how many clients write concurrently.
const soakWriters = 4

func displayName(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// soakPaths are the paths of the load benchmark's routes for the Workspace
// namespace/name, each once: the soak sets If-None-Match and
// Accept-Encoding itself, at random, rather than as a route of its own.
func soakPaths(namespace, name string) []string {
	var paths []string
	for _, rt := range routes(namespace, name, "") {
		if !slices.Contains(paths, rt.path) {
			paths = append(paths, rt.path)
		}
	}
	return paths
}

// poll GETs every route in turn, as the frontend and scripts do.
func poll(ctx context.Context, client *http.Client, base string, plan seedPlan, s *soakStats, id int) {
	rng := rand.New(rand.NewPCG(uint64(id), 1))
	etags := map[string]string{}
	for ctx.Err() == nil {
		ns, name := plan.workspace(rng.IntN(plan.workspaces))
		for _, path := range soakPaths(ns, name) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
			req.Header = benchHeader()
			if tag, ok := etags[path]; ok && rng.IntN(2) == 0 {
				req.Header.Set("If-None-Match", tag)
			}
			if rng.IntN(3) == 0 {
				req.Header.Set("Accept-Encoding", "gzip")
			}
			began := time.Now()
			resp, err := client.Do(req)
			if ctx.Err() != nil {
				return
			}
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					etags[path] = resp.Header.Get("ETag")
				}
			}
			s.mu.Lock()
			s.reads.record(time.Since(began))
			s.mu.Unlock()
			s.readCount.Add(1)
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			s.count(status, err, "GET "+path)
		}
	}
}

// write runs create, update, pause and (every other time) delete on
// Workspaces of its own, recording what each acknowledged write promises.
// ctx only stops new writes: a write once sent always runs to its answer,
// so that every write is either acknowledged or known to have failed.
func write(ctx context.Context, client *http.Client, base string, plan seedPlan, s *soakStats, prefix string, id int) {
	stopping := ctx
	ctx = context.WithoutCancel(ctx)
	for i := 0; stopping.Err() == nil; i++ {
		ns := plan.namespaces[(id+i)%len(plan.namespaces)]
		name := fmt.Sprintf("%s-%d-%d", prefix, id, i)
		e := &expected{namespace: ns, name: name}
		s.mu.Lock()
		s.expectedByName[ns+"/"+name] = e
		s.mu.Unlock()
		url := base + "/api/v1/workspaces/" + ns
		body := fmt.Sprintf(`{"data":{"name":%q,"kind":"jupyterlab","paused":false,"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},"volumes":{"data":[]},"options":{"imageConfig":"jupyter-scipy:v1.10.0","podConfig":"tiny_cpu"}}}}`, name)
		if !s.send(ctx, client, http.MethodPost, url, body, http.StatusCreated, nil) {
			continue
		}
		e.exists = true
		url += "/" + name
		if stopping.Err() != nil {
			return
		}
		var form map[string]any
		if !s.send(ctx, client, http.MethodGet, url, "", http.StatusOK, &form) {
			continue
		}
		data, _ := form["data"].(map[string]any)
		data["displayName"] = "soaked " + strconv.Itoa(i)
		put, _ := json.Marshal(map[string]any{"data": data})
		if s.send(ctx, client, http.MethodPut, url, string(put), http.StatusOK, nil) {
			e.displayName = "soaked " + strconv.Itoa(i)
		}
		if s.send(ctx, client, http.MethodPost, url+"/actions/pause", `{"data":{"paused":true}}`, http.StatusOK, nil) {
			e.paused = true
		}
		if i%2 == 0 && s.send(ctx, client, http.MethodDelete, url, "", http.StatusNoContent, nil) {
			e.exists = false
		}
	}
}

// send makes one write (or the GET it needs) and reports whether it was
// acknowledged with the wanted status.
func (s *soakStats) send(ctx context.Context, client *http.Client, method, url, body string, want int, into any) bool {
	req, _ := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	req.Header = benchHeader()
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	began := time.Now()
	resp, err := client.Do(req)
	if ctx.Err() != nil {
		return false
	}
	status := 0
	var raw []byte
	if err == nil {
		raw, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		status = resp.StatusCode
	}
	if method != http.MethodGet {
		s.mu.Lock()
		s.writes.record(time.Since(began))
		s.mu.Unlock()
		s.writeCount.Add(1)
	}
	s.count(status, err, method+" "+url)
	if status != want {
		s.unexpectedWriteStatus.Add(1)
		s.sample(fmt.Sprintf("%s %s: %d %s", method, url, status, bytes.TrimSpace(raw)))
		return false
	}
	if method != http.MethodGet {
		s.acknowledged.Add(1)
	}
	if into != nil {
		return json.Unmarshal(raw, into) == nil
	}
	return true
}

// goroutines is go_goroutines from the BFF's /metrics, or -1.
func goroutines(ctx context.Context, client *http.Client, base string) float64 {
	a, err := capture(ctx, client, base+"/metrics", http.Header{})
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(a.body)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go_goroutines "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return -1
}

func printSoak(w io.Writer, opts options, s *soakStats, samples []sample, verified, mismatched int, mismatches []string) {
	fmt.Fprintf(w, "\nSoak: %d seeded Workspaces over %d namespaces, %v, %d pollers, %d writers.\n\n",
		opts.workspaces, opts.namespaces, opts.duration, opts.concurrency, soakWriters)
	fmt.Fprintf(w, "| | count | p50 | p99 |\n|---|---:|---:|---:|\n")
	fmt.Fprintf(w, "| reads | %d | %s | %s |\n", s.readCount.Load(), latency(s.reads.quantile(0.5)), latency(s.reads.quantile(0.99)))
	fmt.Fprintf(w, "| writes | %d | %s | %s |\n\n", s.writeCount.Load(), latency(s.writes.quantile(0.5)), latency(s.writes.quantile(0.99)))
	fmt.Fprintf(w, "Answers: 2xx %d, 3xx %d, 4xx %d, 5xx %d, transport errors %d; writes answered with another status than expected: %d. 5xx target: 0: %s\n",
		s.status[2].Load(), s.status[3].Load(), s.status[4].Load(), s.status[5].Load(), s.status[0].Load(),
		s.unexpectedWriteStatus.Load(), verdict(s.status[5].Load() == 0 && s.status[0].Load() == 0))
	for _, e := range s.errorSamples {
		fmt.Fprintf(w, "  e.g. %s\n", e)
	}
	fmt.Fprintf(w, "Writes acknowledged: %d; Workspaces checked in the API server at the end: %d as acknowledged, %d not: %s\n",
		s.acknowledged.Load(), verified, mismatched, verdict(mismatched == 0))
	for _, m := range mismatches {
		fmt.Fprintf(w, "  e.g. %s\n", m)
	}
	fmt.Fprintf(w, "\n| at | RSS | goroutines |\n|---:|---:|---:|\n")
	for _, sm := range samples {
		fmt.Fprintf(w, "| %v | %.1f MiB | %.0f |\n", sm.at.Round(time.Second), mib(sm.rssKiB), sm.goroutines)
	}
	if len(samples) >= 4 {
		// A trend: the last third's mean against the second third's (the
		// first third includes warm-up).
		third := len(samples) / 3
		mean := func(xs []sample, f func(sample) float64) float64 {
			sum := 0.0
			for _, x := range xs {
				sum += f(x)
			}
			return sum / float64(len(xs))
		}
		mid, last := samples[third:2*third], samples[2*third:]
		g := func(x sample) float64 { return x.goroutines }
		r := func(x sample) float64 { return float64(x.rssKiB) }
		fmt.Fprintf(w, "\nGoroutines, second third %.0f vs last third %.0f: %s (growth ≤ 10%%); RSS %.1f vs %.1f MiB: %s (growth ≤ 20%%)\n",
			mean(mid, g), mean(last, g), verdict(mean(last, g) <= 1.1*mean(mid, g)),
			mean(mid, r)/1024, mean(last, r)/1024, verdict(mean(last, r) <= 1.2*mean(mid, r)))
	}
}
