package kube

import (
	"context"
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/rest"
)

// Health tracks whether the API server answers. Reads keep being served from
// the cache while it does not; writes fail fast; informers wait for it to
// come back instead of backing off for up to half a minute.
type Health struct {
	probe    func(ctx context.Context) error
	interval time.Duration

	mu        sync.Mutex
	up        bool
	downSince time.Time
	changed   chan struct{} // closed when up changes
}

// NewHealth probes client's API server at /readyz every interval (500 ms
// if zero) once Run starts. It starts out up: the first failure says
// otherwise.
func NewHealth(client rest.Interface, interval time.Duration) *Health {
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	return &Health{
		probe: func(ctx context.Context) error {
			return client.Get().AbsPath("/readyz").Do(ctx).Error()
		},
		interval: interval,
		up:       true,
		changed:  make(chan struct{}),
	}
}

// Run probes until ctx ends.
func (h *Health) Run(ctx context.Context) {
	t := time.NewTicker(h.interval)
	defer t.Stop()
	for {
		probeCtx, cancel := context.WithTimeout(ctx, h.interval*4)
		err := h.probe(probeCtx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		h.set(err == nil)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Up reports whether the API server answered the last probe, and since
// when it has not if not.
func (h *Health) Up() (up bool, downSince time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.up, h.downSince
}

// Observe learns from an API call's error: a connection failure means the
// API server is down now, without waiting for the next probe.
func (h *Health) Observe(err error) {
	if IsUnreachable(err) {
		h.set(false)
	}
}

// WaitUp blocks while the API server is down, until it is up or ctx ends.
func (h *Health) WaitUp(ctx context.Context) error {
	for {
		h.mu.Lock()
		up, changed := h.up, h.changed
		h.mu.Unlock()
		if up {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (h *Health) set(up bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.up == up {
		return
	}
	h.up = up
	if !up {
		h.downSince = time.Now()
	}
	close(h.changed)
	h.changed = make(chan struct{})
}

// IsUnreachable reports errors of not reaching the API server at all, as
// opposed to its answers.
func IsUnreachable(err error) bool {
	if err == nil {
		return false
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return false
	}
	// A caller giving up or a client timeout says nothing about whether
	// the API server answers (the probe tells that); counting them would
	// hold informers back while it is up.
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var netErr net.Error
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &netErr)
}
