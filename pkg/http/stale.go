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
