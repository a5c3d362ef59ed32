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
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// request is one GET the generator repeats, and the answer it must get.
type request struct {
	url    string
	header http.Header
	// status and size are what every answer must have; any other answer
	// counts as an error, so a server cannot look fast by failing.
	status int
	size   int
}

// loadSettings are the generator's knobs, the same for the BFF and the limit.
type loadSettings struct {
	// concurrency is the number of clients, each with its own keep-alive
	// connection, each sending its next request when the previous one ends.
	concurrency int
	// warmup runs before the measurement: connections open, caches fill
	// (the gzip form of a body is compressed on its first request).
	warmup   time.Duration
	duration time.Duration
}

// loadResult is what one measured run saw.
type loadResult struct {
	requests uint64 // answered correctly within the window
	errors   uint64
	firstErr error
	window   time.Duration
	latency  histogram
	// completed counts every correct answer, warmup included: the
	// requests the CPU time below was spent on.
	completed uint64
	// serverCPU and generatorCPU are the CPU time the server process and
	// this process (the load generator) used over the whole run, in clock
	// ticks.
	serverCPU, generatorCPU uint64
}

// clockTick is the unit of CPU times in /proc: USER_HZ, 100 on Linux.
const clockTick = 10 * time.Millisecond

// cpuPerRequest is CPU time in ticks divided over the completed requests.
func (r *loadResult) cpuPerRequest(ticks uint64) time.Duration {
	if r.completed == 0 {
		return 0
	}
	return time.Duration(ticks) * clockTick / time.Duration(r.completed)
}

// rate is correct answers per second.
func (r *loadResult) rate() float64 {
	return float64(r.requests) / r.window.Seconds()
}

// add accumulates another run's counts, window and latencies into r.
func (r *loadResult) add(other *loadResult) {
	r.requests += other.requests
	r.errors += other.errors
	if r.firstErr == nil {
		r.firstErr = other.firstErr
	}
	r.window += other.window
	r.latency.merge(&other.latency)
	r.completed += other.completed
	r.serverCPU += other.serverCPU
	r.generatorCPU += other.generatorCPU
}

// drive runs a closed-loop load of req against the server process
// serverPID: settings.concurrency clients on their own connections, each
// sending as soon as its previous answer is read. It counts the answers
// completed in the window after the warmup and records their latency, from
// sending to the last body byte, and the CPU time the server and the
// generator used.
func drive(ctx context.Context, req request, serverPID int, settings loadSettings) (*loadResult, error) {
	serverBefore, _ := readStat(serverPID)
	generatorBefore, _ := readStat(os.Getpid())
	transport := &http.Transport{
		MaxIdleConns:        settings.concurrency,
		MaxIdleConnsPerHost: settings.concurrency,
		IdleConnTimeout:     time.Minute,
		// The generator asks for gzip only on the gzip route, and never
		// decompresses: it measures the bytes the server sends.
		DisableCompression: true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}

	start := time.Now()
	from := start.Add(settings.warmup)
	until := from.Add(settings.duration)

	results := make([]*loadResult, settings.concurrency)
	var wg sync.WaitGroup
	for i := range results {
		result := &loadResult{}
		results[i] = result
		wg.Go(func() { worker(ctx, client, req, from, until, result) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	serverAfter, _ := readStat(serverPID)
	generatorAfter, _ := readStat(os.Getpid())

	total := &loadResult{
		window:       settings.duration,
		serverCPU:    serverAfter.cpu - serverBefore.cpu,
		generatorCPU: generatorAfter.cpu - generatorBefore.cpu,
	}
	for _, r := range results {
		total.add(r) // workers leave window and CPU zero: the run's are set above
	}
	return total, nil
}

// worker is one closed-loop client. Its request and read buffer are built
// once, so the loop allocates only what net/http itself does.
func worker(ctx context.Context, client *http.Client, req request, from, until time.Time, result *loadResult) {
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.url, nil)
	if err != nil {
		result.errors++
		result.firstErr = err
		return
	}
	httpReq.Header = req.header.Clone()
	buf := make([]byte, 64<<10)
	for {
		sent := time.Now()
		if !sent.Before(until) || ctx.Err() != nil {
			return
		}
		err := exchange(client, httpReq, req, buf)
		done := time.Now()
		if err == nil {
			result.completed++
		}
		if done.Before(from) || done.After(until) {
			continue
		}
		if err != nil {
			result.errors++
			if result.firstErr == nil {
				result.firstErr = err
			}
			continue
		}
		result.requests++
		result.latency.record(done.Sub(sent))
	}
}

// exchange sends one request and reads its whole answer, checking status
// and size.
func exchange(client *http.Client, httpReq *http.Request, req request, buf []byte) error {
	resp, err := client.Do(httpReq)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n := 0
	for {
		m, err := resp.Body.Read(buf)
		n += m
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	if resp.StatusCode != req.status || n != req.size {
		return fmt.Errorf("GET %s: %d with %d bytes, want %d with %d bytes", req.url, resp.StatusCode, n, req.status, req.size)
	}
	return nil
}
