package httpapi

import (
	"net/http"
	"time"
)

// NewServer wraps handler in an http.Server with upstream's timeouts and
// header limit, so a slow client cannot hold a connection forever.
func NewServer(addr string, handler http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       32 * time.Second,
		WriteTimeout:      32 * time.Second,
		IdleTimeout:       90 * time.Second,
		MaxHeaderBytes:    128 << 10,
	}
}
