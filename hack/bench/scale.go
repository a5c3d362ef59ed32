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
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/kubeflow/workspaces-bff/hack/harness/freeport"
)

// readyTarget is the longest a replica may take, from its process start,
// to list every Workspace of the seeded cluster.
const readyTarget = 30 * time.Second

// startup is what a replica joining the seeded cluster took, from its
// process start.
type startup struct {
	readyz, firstList time.Duration
}

// startReplica starts a second BFF, the production binary beside -bff,
// against dev mode's seeded API server, as a replica joining a cluster of
// this size would start, and times it: until /readyz answers 200, and until
// it first lists every Workspace (every list rendered). The load is then
// measured on it.
func (d *devRun) startReplica(ctx context.Context, want int) (*bffProcess, startup, error) {
	port, err := freeport.Loopback()
	if err != nil {
		return nil, startup{}, err
	}
	pprofPort := 0
	if d.opts.cpuProfile != "" || d.opts.heapProfile != "" {
		if pprofPort, err = freeport.Loopback(); err != nil {
			return nil, startup{}, err
		}
	}
	bin := filepath.Join(filepath.Dir(d.opts.bff), "workspaces-bff")
	args := []string{"--kubeconfig", filepath.Join(d.devDir, "kubeconfig"), "--bind-address", "127.0.0.1"}
	logf("starting a replica, %s, against the seeded API server", bin)
	start := time.Now()
	p, err := startServer(bin, args, port, pprofPort, filepath.Join(d.devDir, "replica.log"))
	if err != nil {
		return nil, startup{}, err
	}
	var s startup
	if err := p.waitReady(ctx, 5*time.Minute); err != nil {
		p.Stop()
		return nil, startup{}, err
	}
	s.readyz = time.Since(start)
	if err := waitForCompleteList(ctx, d.client, p.url, want, 5*time.Minute); err != nil {
		p.Stop()
		return nil, startup{}, err
	}
	s.firstList = time.Since(start)
	return p, s, nil
}

// waitForCompleteList polls the list of every Workspace until it answers
// 200, which must list all want items: a 503 while the replica syncs is
// expected, a partial 200 is an error.
func waitForCompleteList(ctx context.Context, client *http.Client, base string, want int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		a, err := capture(ctx, client, base+"/api/v1/workspaces", benchHeader())
		if err == nil && a.status == http.StatusOK {
			var list struct{ Data []json.RawMessage }
			if err := json.Unmarshal(a.body, &list); err != nil {
				return fmt.Errorf("GET /api/v1/workspaces: %w", err)
			}
			if len(list.Data) != want {
				return fmt.Errorf("the replica answered 200 with %d Workspaces of %d: a partial list", len(list.Data), want)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the replica did not list the Workspaces within %v", timeout)
		case <-tick.C:
		}
	}
}
