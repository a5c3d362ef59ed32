package httpapi

import (
	"net/http"
	"time"
)

// APIHealth tells whether the API server answers (pkg/apihealth.Health).
type APIHealth interface {
	Up() (up bool, downSince time.Time)
}

// staleWarning marks GET answers served while the API server is
// unreachable: the cache still answers, but may miss changes made since.
func staleWarning(health APIHealth, next handlerFunc) handlerFunc {
	if health == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if up, since := health.Up(); !up {
			setWarning(w, unreachableSince(since)+"; this data may be stale")
		}
		return next(w, r)
	}
}

// unreachableSince says since when the API server has not answered.
func unreachableSince(since time.Time) string {
	return "the Kubernetes API server has been unreachable since " + since.UTC().Format(time.RFC3339)
}
