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

// Command workspaces-bff is the backend-for-frontend of Kubeflow Notebooks
// 2.0 Workspaces: it serves the cluster its kubeconfig names. For a local
// cluster seeded with sample data, run cmd/workspaces-bff-dev (`make run`).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

func main() {
	server.Main("workspaces-bff", config.Parse, func(_ context.Context, cfg config.Config, _ *slog.Logger) (*rest.Config, func() error, error) {
		restCfg, err := loadKubeconfig(cfg.Kubeconfig)
		return restCfg, nil, err
	})
}

// loadKubeconfig resolves the API server as kubectl and controller-runtime
// do: an explicit --kubeconfig, else $KUBECONFIG, else the in-cluster
// service account, else ~/.kube/config.
func loadKubeconfig(explicit string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if explicit != "" {
		rules.ExplicitPath = explicit
	} else if os.Getenv(clientcmd.RecommendedConfigPathEnvVar) == "" {
		if cfg, err := rest.InClusterConfig(); err == nil {
			return cfg, nil
		}
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, nil).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("no Kubernetes API server configured (tried --kubeconfig, KUBECONFIG, in-cluster, ~/.kube/config; `make run` starts a local one): %w", err)
	}
	return cfg, nil
}
