//go:build linux

package main

import (
	"slices"
	"testing"
)

func TestServerEnvDropsGOMAXPROCSAlone(t *testing.T) {
	t.Setenv("GOMAXPROCS", "1")
	t.Setenv("BENCH_TEST_KEPT", "yes")
	env := serverEnv()
	if slices.Contains(env, "GOMAXPROCS=1") {
		t.Errorf("the servers' environment keeps GOMAXPROCS: %q", env)
	}
	if !slices.Contains(env, "BENCH_TEST_KEPT=yes") {
		t.Errorf("the servers' environment lost another variable: %q", env)
	}
}
