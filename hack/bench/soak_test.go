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
	"slices"
	"testing"
)

func TestSoakPollsEveryPathOfTheLoadRoutesOnce(t *testing.T) {
	want := []string{
		"/api/v1/namespaces",
		"/api/v1/workspaces",
		"/api/v1/workspaces/bench-03",
		"/api/v1/workspaces/bench-03/bench-ws-00003",
		"/api/v1/workspacekinds",
		"/api/v1/workspacekinds/jupyterlab",
		"/api/v1/workspaces?limit=100",
	}
	if got := soakPaths("bench-03", "bench-ws-00003"); !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
