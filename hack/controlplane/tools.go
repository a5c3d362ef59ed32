//go:build tools

// Package controlplane records the control-plane binaries as module
// dependencies so that go.sum pins them.
package controlplane

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
