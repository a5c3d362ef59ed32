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

// Package freeport finds a loopback port for a process about to be started.
//
// A port found free by listening on port 0 comes from the kernel's
// ephemeral range (32768 and up by default), where every process that
// listens on port 0 takes its own: dev mode's etcd and kube-apiserver, for
// one, start after the port is found and before the BFF binds it, and may
// take it first. Ports below that range are handed out only on request.
package freeport

import (
	"fmt"
	"math/rand/v2"
	"net"
)

// first and last bound the ports taken: below the default ephemeral range.
const (
	first = 20000
	last  = 32000
)

// Loopback is a port of 127.0.0.1 between first and last, free now.
func Loopback() (int, error) {
	for range 100 {
		port := first + rand.IntN(last-first)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue // taken
		}
		l.Close()
		return port, nil
	}
	return 0, fmt.Errorf("no free loopback port between %d and %d", first, last)
}
