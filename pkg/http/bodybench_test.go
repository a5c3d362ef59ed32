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
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

// BenchmarkLargeBodies sends 32 WorkspaceKind manifests of almost 256 KiB
// of label keys at once, from a user who may create them, and reports the
// peak live heap while they are decoded: with the default 4 decode slots,
// and with as many slots as requests (no bound), for comparison. Each
// manifest is decoded whole, then refused for its kind, so nothing is
// written.
//
//	go test -run '^$' -bench LargeBodies -benchtime 5x ./pkg/http/
func BenchmarkLargeBodies(b *testing.B) {
	const concurrent = 32
	var manifest bytes.Buffer
	manifest.WriteString("apiVersion: kubeflow.org/v1beta1\nkind: NotAWorkspaceKind\nmetadata:\n  name: x\n  labels:\n")
	for i := 0; manifest.Len() < httpapi.KindBodyLimit-64; i++ {
		fmt.Fprintf(&manifest, "    k%d: v\n", i)
	}
	for _, slots := range []int{4, concurrent} {
		b.Run(fmt.Sprintf("slots=%d", slots), func(b *testing.B) {
			router := httpapi.NewRouter(httpapi.Dependencies{
				Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":"},
				Authorizer: allowAll{},
				// A wait long enough that every body is decoded: the
				// heap is measured, not the refusals.
				Limits: httpapi.Limits{LargeBodyDecodes: slots, LargeBodyWait: time.Minute},
			})
			var peak, refused atomic.Int64
			for b.Loop() {
				runtime.GC()
				base := liveHeap()
				stop := make(chan struct{})
				sampled := make(chan struct{})
				go func() {
					defer close(sampled)
					for {
						if h := liveHeap() - base; h > peak.Load() {
							peak.Store(h)
						}
						select {
						case <-stop:
							return
						case <-time.After(time.Millisecond):
						}
					}
				}()
				var wg sync.WaitGroup
				for range concurrent {
					wg.Go(func() {
						req := httptest.NewRequest(http.MethodPost, "/api/v1/workspacekinds", nil)
						req.Body = io.NopCloser(bytes.NewReader(manifest.Bytes()))
						req.ContentLength = int64(manifest.Len())
						req.Header.Set("kubeflow-userid", "admin@example.com")
						req.Header.Set("Content-Type", "application/yaml")
						rec := httptest.NewRecorder()
						router.ServeHTTP(rec, req)
						switch rec.Code {
						case http.StatusUnprocessableEntity:
						case http.StatusTooManyRequests:
							refused.Add(1)
						default:
							b.Errorf("status %d: %s", rec.Code, rec.Body)
						}
					})
				}
				wg.Wait()
				close(stop)
				<-sampled
			}
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(refused.Load())/float64(b.N), "refused/op")
		})
	}
}

// liveHeap is the bytes of heap objects, live or not yet swept.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}
