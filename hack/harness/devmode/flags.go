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

package devmode

import (
	"errors"
	"flag"
	"io"
	"path/filepath"

	"github.com/kubeflow/workspaces-bff/pkg/config"
)

// Flags are the development command's own flags (cmd/workspaces-bff-dev),
// beside the BFF's (pkg/config).
type Flags struct {
	// Dir holds dev mode's state: the admin kubeconfig and etcd's data.
	Dir string
	// ControlPlaneAssets is the directory holding the kube-apiserver and
	// etcd binaries dev mode runs (hack/controlplane.sh prints it).
	ControlPlaneAssets string
	// SimulateController has dev mode play the workspace controller's part
	// on status; tests that write status turn it off.
	SimulateController bool
}

// Parse is config.Parse for the development command: it also takes f's
// flags, and unless told otherwise (by flag or environment) serves on
// 127.0.0.1 only and stops at once on Ctrl-C, as no load balancer waits on
// a laptop.
func (f *Flags) Parse(args []string, lookupEnv func(string) (string, bool), out io.Writer) (config.Config, error) {
	lookup := func(name string) (string, bool) {
		if v, ok := lookupEnv(name); ok {
			return v, true
		}
		switch name {
		case "BIND_ADDRESS":
			return "127.0.0.1", true
		case "SHUTDOWN_DELAY":
			return "0s", true
		}
		return "", false
	}
	cfg, err := config.ParseWith("workspaces-bff-dev", args, lookup, out, func(fs *flag.FlagSet) { f.Define(fs, lookupEnv) })
	if err == nil && f.Dir == "" {
		err = errors.New("dev-dir: must not be empty in dev mode")
	}
	return cfg, err
}

// Define defines f's flags on fs, the control plane's assets defaulting to
// KUBEBUILDER_ASSETS as lookupEnv reads it.
func (f *Flags) Define(fs *flag.FlagSet, lookupEnv func(string) (string, bool)) {
	assets, _ := lookupEnv("KUBEBUILDER_ASSETS")
	fs.StringVar(&f.Dir, "dev-dir", ".dev", "state directory of the local control plane (admin kubeconfig, etcd data)")
	fs.StringVar(&f.ControlPlaneAssets, "controlplane-assets", assets, "directory with the kube-apiserver and etcd binaries, printed by hack/controlplane.sh (env KUBEBUILDER_ASSETS)")
	fs.BoolVar(&f.SimulateController, "simulate-controller", true, "play the workspace controller's part: started Workspaces go Pending then Running, paused ones Terminating then Paused, kinds count their Workspaces (docs/development.md)")
}

// TokenPath is where the development command writes, in the token mode, a
// token of its seeded service account.
func (f *Flags) TokenPath() string {
	return filepath.Join(f.Dir, "token")
}
