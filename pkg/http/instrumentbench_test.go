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

package httpapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
	"github.com/kubeflow/workspaces-bff/pkg/metrics"
)

// BenchmarkGetInstrumented measures the GET routes as production serves
// them: BenchmarkGet's handler path plus what server.go adds around it,
// the request metrics, the access log (formatted, then discarded), the
// authorization metrics and the API server health check. At 1k Workspaces
// only: what it adds does not depend on the model's size.
func BenchmarkGetInstrumented(b *testing.B) {
	router := instrumentedRouter(b, 1000)
	for _, route := range benchRoutes {
		b.Run("route="+route.name, func(b *testing.B) {
			measureRoute(b, router, route)
		})
	}
}

// instrumentedRouter is benchRouter's router over a model of n Workspaces
// with server.go's instrumentation: metrics in a registry of their own,
// and access lines formatted, then discarded.
func instrumentedRouter(tb testing.TB, n int) http.Handler {
	tb.Helper()
	m := metrics.New(nil)
	logger, err := logging.New(io.Discard, logging.FormatJSON, slog.LevelInfo)
	if err != nil {
		tb.Fatal(err)
	}
	deps := benchDeps(benchModel(tb, n), auth.NewAuthorizer(allowingReviewer{}, auth.Options{
		AllowTTL: time.Hour, DenyTTL: time.Hour, OnReview: m.Authz.Reviewed, Observe: m.Authz.Decided,
	}))
	deps.APIHealth, deps.Observer, deps.AccessLog = upHealth{}, m.HTTP, logger
	return httpapi.NewRouter(deps)
}

// upHealth is an API server that always answers.
type upHealth struct{}

func (upHealth) Up() (bool, time.Time) { return true, time.Time{} }
