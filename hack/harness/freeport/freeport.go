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
