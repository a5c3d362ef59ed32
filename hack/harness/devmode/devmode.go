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

// Package devmode runs the BFF's embedded local control plane: a real
// kube-apiserver and etcd with the CRDs installed, seeded with the upstream
// sample WorkspaceKinds and Workspaces in realistic states, and an admin
// kubeconfig written for kubectl. It exists for `make run`; production
// deployments talk to a real cluster.
package devmode

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/localcluster"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// User is the dev user: it is granted cluster-admin.
const User = "user@example.com"

// The dev service account (seed/10-rbac.yaml), whose token identifies a
// caller in the token mode: an editor of its namespace only.
const (
	ServiceAccountNamespace = devdata.UpstreamNamespace
	ServiceAccount          = "default-editor"
)

// Cluster is a running, seeded dev control plane.
type Cluster struct {
	cluster *localcluster.Cluster
	// Config is an admin client configuration (the BFF's own identity).
	Config *rest.Config
	// KubeconfigPath is the admin kubeconfig written for kubectl.
	KubeconfigPath string

	clients *kube.Clients
	kubelet *httptest.Server
	// stopSimulator stops the controller simulator, if it runs.
	stopSimulator context.CancelFunc
}

// Start starts the control plane with its state in dir, writes
// dir/kubeconfig and seeds the sample data. Each start begins from an empty
// etcd so that a second run never trips over the first one's objects.
func Start(ctx context.Context, dir, assets string, logf func(format string, args ...any)) (*Cluster, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dev dir: %w", err)
	}
	dataDir := filepath.Join(dir, "etcd")
	if err := os.RemoveAll(dataDir); err != nil {
		return nil, fmt.Errorf("clearing the previous run's etcd data: %w", err)
	}
	logf("starting the local control plane (etcd and kube-apiserver)")
	cluster, err := localcluster.Start(localcluster.Options{AssetsDir: assets, EtcdDataDir: dataDir})
	if err != nil {
		return nil, err
	}
	dc := &Cluster{cluster: cluster, Config: cluster.Config, KubeconfigPath: filepath.Join(dir, "kubeconfig")}
	if err := dc.init(ctx, logf); err != nil {
		_ = dc.Stop()
		return nil, err
	}
	return dc, nil
}

func (dc *Cluster) init(ctx context.Context, logf func(string, ...any)) error {
	if err := os.WriteFile(dc.KubeconfigPath, dc.cluster.KubeConfig, 0o600); err != nil {
		return fmt.Errorf("writing the admin kubeconfig: %w", err)
	}
	objs, err := devdata.Seed()
	if err != nil {
		return fmt.Errorf("loading seed data: %w", err)
	}
	if dc.clients, err = kube.NewClients(dc.Config); err != nil {
		return err
	}
	// The node first: the seeded Pods run on it, and their logs come from
	// its kubelet.
	if dc.kubelet, err = startKubelet(ctx, dc.clients); err != nil {
		return err
	}
	creator, err := localcluster.NewCreator(dc.Config)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		if _, err := creator.Create(ctx, obj); err != nil {
			return fmt.Errorf("seeding: %w", err)
		}
	}
	if err := CountKindUsage(ctx, dc.clients); err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	if err := seedStuck(ctx, dc.clients); err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	logf("seeded %d objects; %s may do anything", len(objs), User)
	return nil
}

// WriteToken writes a token of the dev service account, for audiences
// (none: the API server's), valid for a day, to path, readable by its
// owner alone; for the token mode's curl examples.
func (dc *Cluster) WriteToken(ctx context.Context, path string, audiences []string) error {
	expiry := int64((24 * time.Hour).Seconds())
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{Audiences: audiences, ExpirationSeconds: &expiry}}
	out, err := dc.clients.Kube.CoreV1().ServiceAccounts(ServiceAccountNamespace).CreateToken(ctx, ServiceAccount, req, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("requesting a token of %s/%s: %w", ServiceAccountNamespace, ServiceAccount, err)
	}
	return os.WriteFile(path, []byte(out.Status.Token), 0o600)
}

// Simulate runs the controller simulator (simulator.go) until ctx ends or
// Stop: Workspaces move between states as the workspace controller would
// move them, each step taking delay, and kinds count their Workspaces. It
// returns once the simulator has read the cluster.
func (dc *Cluster) Simulate(ctx context.Context, delay time.Duration, logf func(string, ...any)) error {
	sim, err := newSimulator(dc.clients, Node, delay, logf)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	if err := sim.run(ctx); err != nil {
		cancel()
		return err
	}
	dc.stopSimulator = cancel
	return nil
}

// Stop stops the controller simulator, the kubelet, kube-apiserver and
// etcd; no process is left behind.
func (dc *Cluster) Stop() error {
	if dc.stopSimulator != nil {
		dc.stopSimulator()
	}
	if dc.kubelet != nil {
		// A followed log lasts until its client leaves: drop them all, or
		// Close would wait for them.
		dc.kubelet.CloseClientConnections()
		dc.kubelet.Close()
	}
	return dc.cluster.Stop()
}
