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
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
)

// byteCounter counts what is written to it.
type byteCounter struct{ n int }

func (c *byteCounter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// The access log of a polled BFF: 10,000 successful polls of a namespace's
// Workspaces write nothing at info by default, and a line each with
// --access-log=all (what every request cost before the default changed).
// go test -run TestAccessLogBytesPerPolls -v ./pkg/http/ prints the bytes.
func TestAccessLogBytesPerPolls(t *testing.T) {
	const polls = 10000
	model := benchModel(t, 100)
	for _, tt := range []struct {
		name      string
		opts      httpapi.AccessLogOptions
		wantLines bool
	}{
		{"default", httpapi.AccessLogOptions{Slow: time.Second}, false},
		{"all", httpapi.AccessLogOptions{All: true, Slow: time.Second}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range []string{logging.FormatText, logging.FormatJSON} {
				var out byteCounter
				logger, err := logging.New(&out, format, slog.LevelInfo)
				if err != nil {
					t.Fatal(err)
				}
				deps := benchDeps(model, auth.NewAuthorizer(allowingReviewer{}, auth.Options{AllowTTL: time.Hour, DenyTTL: time.Hour}))
				deps.AccessLog, deps.AccessLogOptions = logger, tt.opts
				router := httpapi.NewRouter(deps)
				for i := range polls {
					req := httptest.NewRequest(http.MethodGet, "/api/v1/workspaces/ns-007", nil)
					req.Header.Set("kubeflow-userid", ":alice@example.com")
					rec := httptest.NewRecorder()
					router.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						t.Fatalf("poll %d: %d %s", i, rec.Code, rec.Body)
					}
				}
				t.Logf("%s, %s: %d bytes of access log per %d polls", tt.name, format, out.n, polls)
				if got := out.n > 0; got != tt.wantLines {
					t.Errorf("%s, %s: %d bytes logged, want lines: %v", tt.name, format, out.n, tt.wantLines)
				}
			}
		})
	}
}
