package kube

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"syscall"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

func TestIsUnreachable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"connection refused", &url.Error{Op: "Get", URL: "https://x", Err: syscall.ECONNREFUSED}, true},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"an answer", apierrors.NewServiceUnavailable("x"), false},
		{"the caller gave up", &url.Error{Op: "Get", URL: "https://x", Err: context.Canceled}, false},
		{"a client timeout", &url.Error{Op: "Get", URL: "https://x", Err: context.DeadlineExceeded}, false},
		{"something else", errors.New("x"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsUnreachable(tt.err); got != tt.want {
				t.Fatalf("IsUnreachable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
