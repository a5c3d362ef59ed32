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

// Command workspaces-bff-dev runs the BFF for development: it starts a local
// control plane (kube-apiserver and etcd, with the BFF's CRDs), seeds it with
// sample data, and serves it on 127.0.0.1. `make run` builds and starts it.
// Unless --simulate-controller=false, a simulator plays the workspace
// controller's part on status. The API is served under /api/v1 and, as
// the upstream frontend's default settings call it, /workspaces/api/v1.
// The production binary is cmd/workspaces-bff, which links none of this.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/devmode"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

func main() {
	var flags devmode.Flags
	server.Main("workspaces-bff-dev", flags.Parse, func(ctx context.Context, cfg config.Config, logger *slog.Logger) (*rest.Config, func() error, error) {
		logger.Info("dev mode", "dev-dir", flags.Dir, "controlplane-assets", flags.ControlPlaneAssets,
			"simulate-controller", flags.SimulateController)
		dev, err := devmode.Start(ctx, flags.Dir, flags.ControlPlaneAssets, func(format string, args ...any) {
			logger.Info(fmt.Sprintf(format, args...))
		})
		if err != nil {
			return nil, nil, err
		}
		if flags.SimulateController {
			if err := dev.Simulate(ctx, devmode.DefaultStepDelay, func(format string, args ...any) {
				logger.Warn(fmt.Sprintf(format, args...))
			}); err != nil {
				return nil, nil, errors.Join(err, dev.Stop())
			}
			logger.Info("simulating the workspace controller: Workspaces change state, kinds count them", "step", devmode.DefaultStepDelay)
		}
		host := cfg.BindAddress
		if host == "" {
			host = "127.0.0.1"
		}
		url := "http://" + net.JoinHostPort(host, strconv.Itoa(cfg.Port))
		// user@example.com: the seeded cluster makes them cluster-admin.
		try := fmt.Sprintf("curl -H '%s: user@example.com' %s/api/v1/workspaces", cfg.UserIDHeader, url)
		if cfg.AuthMethod == config.AuthMethodUserToken {
			if err := dev.WriteToken(ctx, flags.TokenPath(), cfg.TokenAudiences); err != nil {
				return nil, nil, errors.Join(err, dev.Stop())
			}
			logger.Info("token mode: the token of service account " + devmode.ServiceAccountNamespace + "/" + devmode.ServiceAccount +
				" (an editor of its namespace) is in " + flags.TokenPath() + "; the identity headers are ignored")
			try = fmt.Sprintf(`curl -H "%s: %s$(cat %s)" %s/api/v1/workspaces/%s`,
				cfg.AuthTokenHeader, cfg.AuthTokenPrefix, flags.TokenPath(), url, devmode.ServiceAccountNamespace)
		}
		logger.Info("local control plane ready", "kubeconfig", dev.KubeconfigPath,
			"try", "kubectl --kubeconfig "+dev.KubeconfigPath+" get workspaces -A", "and", try)
		stop := func() error {
			logger.Info("stopping the local control plane")
			if err := dev.Stop(); err != nil {
				return fmt.Errorf("stopping the local control plane: %w", err)
			}
			return nil
		}
		return dev.Config, stop, nil
	}, gatewayPrefix)
}

// gatewayPrefix serves the API under /workspaces/api/ too, where the
// upstream frontend's default settings call it (URL_PREFIX=/workspaces,
// as behind Kubeflow's gateway, whose route strips the prefix; here the
// frontend's dev server forwards such calls as they are).
func gatewayPrefix(api http.Handler) http.Handler {
	prefixed := http.StripPrefix("/workspaces", api)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/workspaces/api/") {
			prefixed.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}
