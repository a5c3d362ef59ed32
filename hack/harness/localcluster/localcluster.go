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

// Package localcluster runs a real kube-apiserver and etcd on this machine,
// through envtest, with the BFF's CRDs installed. Integration tests and dev
// mode both use it, so what the tests exercise is what `make run` serves.
//
// The binaries are built from Go modules by hack/controlplane.sh, which
// prints the directory that holds them; pass it as AssetsDir or through the
// KUBEBUILDER_ASSETS environment variable (the Makefile does this).
package localcluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/kubeflow/workspaces-bff/hack/crd"
)

// AssetsEnv is the environment variable naming the directory with the
// kube-apiserver and etcd binaries.
const AssetsEnv = "KUBEBUILDER_ASSETS"

// Options configure a local cluster.
type Options struct {
	// AssetsDir holds kube-apiserver and etcd; empty means $KUBEBUILDER_ASSETS.
	AssetsDir string
	// EtcdDataDir keeps etcd's data there instead of a temporary directory.
	EtcdDataDir string
	// Verbose attaches the control plane's output to this process's.
	Verbose bool
}

// Cluster is a running control plane with the CRDs installed.
type Cluster struct {
	env *envtest.Environment
	// Config is an admin (system:masters) client configuration.
	Config *rest.Config
	// KubeConfig is Config as a kubeconfig file's contents.
	KubeConfig []byte

	certDir string
}

// Start starts etcd and kube-apiserver, installs the CRDs and waits until
// they are served.
func Start(opts Options) (*Cluster, error) {
	assets := opts.AssetsDir
	if assets == "" {
		assets = os.Getenv(AssetsEnv)
	}
	if err := checkAssets(assets); err != nil {
		return nil, err
	}
	crds, err := crd.CRDs()
	if err != nil {
		return nil, fmt.Errorf("loading CRDs: %w", err)
	}
	env := &envtest.Environment{
		BinaryAssetsDirectory:    assets,
		CRDs:                     crds,
		ErrorIfCRDPathMissing:    true,
		AttachControlPlaneOutput: opts.Verbose,
		// A cold kube-apiserver on a busy 2-core machine needs more than
		// envtest's 20 s default to answer its first health check.
		ControlPlaneStartTimeout: 2 * time.Minute,
		ControlPlaneStopTimeout:  30 * time.Second,
	}
	if opts.EtcdDataDir != "" {
		env.ControlPlane.Etcd = &envtest.Etcd{DataDir: opts.EtcdDataDir}
	}
	// A certificate directory of our own outlives an API server restart
	// (envtest regenerates a directory it created), so clients keep
	// trusting the restarted server.
	certDir, err := os.MkdirTemp("", "bff-apiserver-certs-")
	if err != nil {
		return nil, err
	}
	apiServer := &envtest.APIServer{CertDir: certDir}
	// Watches end at once on shutdown instead of holding it up until
	// envtest's stop timeout, so a test can stop the API server under a
	// running BFF and start it again.
	apiServer.Configure().Set("shutdown-watch-termination-grace-period", "1s")
	env.ControlPlane.APIServer = apiServer
	cfg, err := env.Start()
	if err != nil {
		// Start can fail after launching one of the processes; stop
		// whatever runs so that nothing is left behind.
		_ = env.Stop()
		_ = os.RemoveAll(certDir)
		return nil, fmt.Errorf("starting the local control plane: %w", err)
	}
	return &Cluster{env: env, Config: cfg, KubeConfig: env.KubeConfig, certDir: certDir}, nil
}

// Stop stops kube-apiserver and etcd and removes their temporary files.
func (c *Cluster) Stop() error {
	err := c.env.Stop()
	return errors.Join(err, os.RemoveAll(c.certDir))
}

// APIServer exposes the control plane's API server so that tests can stop
// and restart it to simulate an outage.
func (c *Cluster) APIServer() *envtest.APIServer {
	return c.env.ControlPlane.GetAPIServer()
}

func checkAssets(dir string) error {
	if dir == "" {
		return fmt.Errorf("no control-plane binaries: set %s to the directory printed by hack/controlplane.sh (`make test` and `make run` do this)", AssetsEnv)
	}
	var missing []error
	for _, bin := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, bin)); err != nil {
			missing = append(missing, fmt.Errorf("%s not found in %s (run hack/controlplane.sh to build it)", bin, dir))
		}
	}
	return errors.Join(missing...)
}
