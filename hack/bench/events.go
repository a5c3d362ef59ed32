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
	"io"
	"math"
	"net/http"
	"slices"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// eventTimeout bounds how long one change may take to be served before the
// measurement gives up.
const eventTimeout = 10 * time.Second

// eventPoll is the pause between two polls for a change. Polling back to
// back kept a core of the two busy with 304s, taken from the API server
// and the BFF, which deliver and render the change being measured; the
// pause makes a time up to this much later than the change was served.
const eventPoll = 250 * time.Microsecond

// eventResult is the event-to-served latency of one route.
type eventResult struct {
	path    string
	samples []time.Duration // sorted
}

func (r eventResult) quantile(q float64) time.Duration {
	// Nearest rank, as the load histogram's quantiles.
	return r.samples[max(int(math.Ceil(q*float64(len(r.samples))))-1, 0)]
}

// measureEvents changes the Workspace namespace/name count times for each
// path and measures, each time, from the API server acknowledging the
// write to the BFF answering path with the new version: a 200 to a GET
// carrying the previous ETag in If-None-Match, which is a 304 until the
// BFF has applied the event. The time ends when the new answer's headers
// arrive, so it includes rendering and (for a list) rebuilding the
// response, but not transferring it. Polls are eventPoll apart.
func measureEvents(ctx context.Context, clients *kube.Clients, client *http.Client, base, namespace, name string, paths []string, count int) ([]eventResult, error) {
	var results []eventResult
	change := 0
	for _, path := range paths {
		result := eventResult{path: path}
		for range count {
			change++
			before, err := capture(ctx, client, base+path, benchHeader())
			if err != nil {
				return nil, err
			}
			if before.status != http.StatusOK {
				return nil, fmt.Errorf("GET %s: %d %s", path, before.status, before.body)
			}
			patch := fmt.Sprintf(`{"spec":{"displayName":"Benchmark event %d"}}`, change)
			if _, err := clients.Workspaces(namespace).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
				return nil, fmt.Errorf("changing Workspace %s/%s: %w", namespace, name, err)
			}
			acked := time.Now()
			served, err := pollChanged(ctx, client, base+path, before.header.Get("ETag"))
			if err != nil {
				return nil, err
			}
			result.samples = append(result.samples, served.Sub(acked))
		}
		slices.Sort(result.samples)
		results = append(results, result)
	}
	return results, nil
}

// pollChanged GETs url with If-None-Match: etag until the answer is a 200,
// and returns when its headers arrived.
func pollChanged(ctx context.Context, client *http.Client, url, etag string) (time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, eventTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return time.Time{}, err
	}
	req.Header = benchHeader()
	req.Header.Set("If-None-Match", etag)
	for {
		resp, err := client.Do(req)
		if err != nil {
			return time.Time{}, fmt.Errorf("waiting for a change to %s: %w", url, err)
		}
		at := time.Now()
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			return at, nil
		case http.StatusNotModified:
			time.Sleep(eventPoll)
		default:
			return time.Time{}, fmt.Errorf("waiting for a change to %s: %d", url, resp.StatusCode)
		}
	}
}
