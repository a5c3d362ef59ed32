//go:build linux

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
