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
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// seedWorkers is how many creates are in flight: enough to keep the local
// kube-apiserver busy, few enough not to time requests out on 2 cores.
const seedWorkers = 24

// seedPlan names the namespaces and Workspaces the benchmark creates:
// Workspace i lives in namespace i mod len(namespaces).
type seedPlan struct {
	namespaces []string
	workspaces int
}

func newSeedPlan(workspaces, namespaces int) seedPlan {
	p := seedPlan{workspaces: workspaces}
	for i := range namespaces {
		p.namespaces = append(p.namespaces, fmt.Sprintf("bench-%02d", i))
	}
	return p
}

// workspace is the namespace and name of Workspace i.
func (p seedPlan) workspace(i int) (namespace, name string) {
	return p.namespaces[i%len(p.namespaces)], fmt.Sprintf("bench-ws-%05d", i)
}

// workspaceTemplate is a realistic Workspace: the upstream sample's spec
// (data volume, secret, options of the jupyterlab kind) and the status of
// a Running seed Workspace, as the controller would write it.
func workspaceTemplate() (*v1beta1.Workspace, error) {
	upstream, err := devdata.Upstream()
	if err != nil {
		return nil, err
	}
	samples := upstream["jupyterlab_v1beta1_workspace.yaml"]
	if len(samples) != 1 {
		return nil, fmt.Errorf("want one upstream sample Workspace, found %d", len(samples))
	}
	ws := &v1beta1.Workspace{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(samples[0].Object, ws); err != nil {
		return nil, fmt.Errorf("upstream sample Workspace: %w", err)
	}
	seed, err := devdata.Seed()
	if err != nil {
		return nil, err
	}
	for _, obj := range seed {
		if obj.GetKind() != "Workspace" {
			continue
		}
		running := &v1beta1.Workspace{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, running); err != nil {
			return nil, fmt.Errorf("seed Workspace %s: %w", obj.GetName(), err)
		}
		if running.Status.State == v1beta1.WorkspaceStateRunning {
			ws.Status = running.Status
			return ws, nil
		}
	}
	return nil, errors.New("no Running Workspace in the dev seed data")
}

// seed creates the plan's namespaces, then its Workspaces with their status,
// seedWorkers at a time, printing progress to stderr every second.
func seed(ctx context.Context, clients *kube.Clients, plan seedPlan) error {
	for _, ns := range plan.namespaces {
		_, err := clients.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
			Name:   ns,
			Labels: map[string]string{"app.kubernetes.io/part-of": "kubeflow-profile"},
		}}, metav1.CreateOptions{})
		if err != nil {
			return fmt.Errorf("creating namespace %s: %w", ns, err)
		}
	}
	template, err := workspaceTemplate()
	if err != nil {
		return err
	}
	if err := seedMounts(ctx, clients, plan.namespaces); err != nil {
		return err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var created atomic.Int64
	var wg sync.WaitGroup
	for range seedWorkers {
		wg.Go(func() {
			for i := range next {
				if err := createWorkspace(ctx, clients, template, plan, i); err != nil {
					cancel(err)
					return
				}
				created.Add(1)
			}
		})
	}
	progressDone := make(chan struct{})
	go func() {
		defer close(progressDone)
		reportProgress(ctx, &created, plan.workspaces)
	}()
feed:
	for i := range plan.workspaces {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	err = context.Cause(ctx)
	cancel(nil)
	<-progressDone
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	fmt.Fprintf(os.Stderr, "seed: %d/%d Workspaces created\n", created.Load(), plan.workspaces)
	return nil
}

// seedMounts creates, in every namespace, the upstream sample PVCs and Secret
// that the Workspace template mounts: without them a write through the BFF
// to a seeded Workspace is a 422 (a mounted volume must exist and carry the
// can-mount label), and the write benchmarks would measure refusals.
func seedMounts(ctx context.Context, clients *kube.Clients, namespaces []string) error {
	upstream, err := devdata.Upstream()
	if err != nil {
		return err
	}
	var claims []*corev1.PersistentVolumeClaim
	var secrets []*corev1.Secret
	for _, name := range []string{"workspace_home_pvc.yaml", "workspace_data_pvc.yaml", "workspace_secret.yaml"} {
		for _, obj := range upstream[name] {
			switch obj.GetKind() {
			case "PersistentVolumeClaim":
				pvc := &corev1.PersistentVolumeClaim{}
				if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, pvc); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				claims = append(claims, pvc)
			case "Secret":
				secret := &corev1.Secret{}
				if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, secret); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				secrets = append(secrets, secret)
			}
		}
	}
	if len(claims) == 0 || len(secrets) == 0 {
		return errors.New("the upstream samples hold no PVC or no Secret to seed")
	}
	for _, ns := range namespaces {
		for _, pvc := range claims {
			pvc = pvc.DeepCopy()
			pvc.Namespace = ns
			if _, err := clients.Kube.CoreV1().PersistentVolumeClaims(ns).Create(ctx, pvc, metav1.CreateOptions{}); err != nil {
				return fmt.Errorf("creating PVC %s/%s: %w", ns, pvc.Name, err)
			}
		}
		for _, secret := range secrets {
			secret = secret.DeepCopy()
			secret.Namespace = ns
			if _, err := clients.Kube.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
				return fmt.Errorf("creating Secret %s/%s: %w", ns, secret.Name, err)
			}
		}
	}
	return nil
}

// reportProgress prints the created count every second until ctx ends.
func reportProgress(ctx context.Context, created *atomic.Int64, total int) {
	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			n := created.Load()
			fmt.Fprintf(os.Stderr, "seed: %d/%d Workspaces (%.0f/s)\n", n, total, float64(n)/time.Since(start).Seconds())
		}
	}
}

// createWorkspace creates Workspace i and writes its status through the
// status subresource, as the workspace controller would.
func createWorkspace(ctx context.Context, clients *kube.Clients, template *v1beta1.Workspace, plan seedPlan, i int) error {
	ws := template.DeepCopy()
	ws.Namespace, ws.Name = plan.workspace(i)
	displayName := fmt.Sprintf("Benchmark Workspace %d", i)
	ws.Spec.DisplayName = &displayName
	status := ws.Status
	created, err := clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating Workspace %s/%s: %w", ws.Namespace, ws.Name, err)
	}
	created.Status = status
	created.Status.PodTemplatePod.Name = "ws-" + ws.Name + "-0"
	if _, err := clients.Workspaces(created.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("writing the status of Workspace %s/%s: %w", ws.Namespace, ws.Name, err)
	}
	return nil
}

// waitForWorkspaces polls GET /api/v1/workspaces until it lists want
// Workspaces or timeout passes: the BFF has then applied every seed event.
func waitForWorkspaces(ctx context.Context, client *http.Client, base string, want int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var last int
	for {
		n, err := countWorkspaces(ctx, client, base)
		if err != nil && ctx.Err() == nil {
			return err
		}
		if n == want {
			return nil
		}
		last = n
		select {
		case <-ctx.Done():
			return fmt.Errorf("GET /api/v1/workspaces listed %d Workspaces, not %d, within %v", last, want, timeout)
		case <-tick.C:
		}
	}
}

// countWorkspaces is the number of items GET /api/v1/workspaces lists.
func countWorkspaces(ctx context.Context, client *http.Client, base string) (int, error) {
	a, err := capture(ctx, client, base+"/api/v1/workspaces", benchHeader())
	if err != nil {
		return 0, err
	}
	if a.status != http.StatusOK {
		return 0, fmt.Errorf("GET /api/v1/workspaces: %d %s", a.status, a.body)
	}
	var list struct {
		Data []json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(a.body, &list); err != nil {
		return 0, fmt.Errorf("GET /api/v1/workspaces: %w", err)
	}
	return len(list.Data), nil
}
