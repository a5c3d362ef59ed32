package freeport

import (
	"fmt"
	"net"
	"testing"
)

func TestLoopback(t *testing.T) {
	for range 20 {
		port, err := Loopback()
		if err != nil {
			t.Fatal(err)
		}
		if port < first || port >= last {
			t.Fatalf("port %d, want one in [%d, %d)", port, first, last)
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatalf("port %d is not free: %v", port, err)
		}
		l.Close()
	}
}
