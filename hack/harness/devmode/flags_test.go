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
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/config"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config.Config, f Flags)
		wantErr string
	}{
		{name: "dev mode listens on loopback and stops at once by default", check: func(t *testing.T, c config.Config, f Flags) {
			if c.Listen() != "127.0.0.1:4000" || c.ShutdownDelay != 0 {
				t.Fatalf("listen %q, shutdown delay %v", c.Listen(), c.ShutdownDelay)
			}
			if f != (Flags{Dir: ".dev", SimulateController: true}) {
				t.Fatalf("flags %+v", f)
			}
		}},
		{name: "an explicit shutdown delay holds", args: []string{"--shutdown-delay", "2s"}, check: func(t *testing.T, c config.Config, _ Flags) {
			if c.ShutdownDelay != 2*time.Second {
				t.Fatalf("shutdown delay %v", c.ShutdownDelay)
			}
		}},
		{name: "an explicit bind address holds", args: []string{"--bind-address", "0.0.0.0"}, check: func(t *testing.T, c config.Config, _ Flags) {
			if c.BindAddress != "0.0.0.0" {
				t.Fatalf("bind %q", c.BindAddress)
			}
		}},
		{name: "an empty BIND_ADDRESS is all interfaces, as set", env: map[string]string{"BIND_ADDRESS": ""}, check: func(t *testing.T, c config.Config, _ Flags) {
			if c.BindAddress != "" {
				t.Fatalf("bind %q", c.BindAddress)
			}
		}},
		{name: "its own flags, the assets from KUBEBUILDER_ASSETS",
			args: []string{"--dev-dir", "state", "--simulate-controller=false"}, env: map[string]string{"KUBEBUILDER_ASSETS": "/assets"},
			check: func(t *testing.T, _ config.Config, f Flags) {
				if f != (Flags{Dir: "state", ControlPlaneAssets: "/assets"}) {
					t.Fatalf("flags %+v", f)
				}
			}},
		{name: "the BFF's flags are checked as ever", args: []string{"--port", "0"}, wantErr: "port"},
		{name: "an empty dev-dir is refused", args: []string{"--dev-dir", ""}, wantErr: "dev-dir: must not be empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var f Flags
			c, err := f.Parse(tt.args, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c, f)
		})
	}
}
