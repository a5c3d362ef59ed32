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
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// BenchmarkWriteVisibility measures, against the real control plane, how
// long a write takes to be served by reads:
//   - put: a PUT through the BFF, which answers once its cache serves the
//     write (so the next GET sees it);
//   - visible: from the API server acknowledging a write made around the
//     BFF until the read model serves it (informer delivery plus render).
//
// Run it with: go test -run '^$' -bench WriteVisibility -benchtime=200x ./pkg/http/
func BenchmarkWriteVisibility(b *testing.B) {
	base := bff(b)
	env := testenv.Get(b)
	ns := env.Namespace(b)
	kind := "kind-" + ns
	ctx := context.Background()
	created, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(b, kind), metav1.CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(ctx, kind, metav1.DeleteOptions{}) })
	if err := bffModel.WaitWorkspaceKind(testenv.Context(b), cache.Written{Name: kind, UID: created.UID, ResourceVersion: created.ResourceVersion}); err != nil {
		b.Fatal(err)
	}
	f := writeFixture{base: base, ns: ns, kind: kind}
	r := send(b, http.MethodPost, f.workspacesURL(), "application/json", f.createBody("bench"))
	if r.status != http.StatusCreated {
		b.Fatalf("create: %d %s", r.status, r.body)
	}

	puts := make([]time.Duration, 0, b.N)
	visible := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		// A PUT through the BFF.
		r := do(b, http.MethodGet, f.url("bench"))
		var got struct{ Data form }
		if err := json.Unmarshal(r.body, &got); err != nil {
			b.Fatal(err)
		}
		got.Data.DisplayName = fmt.Sprintf("put %d", i)
		start := time.Now()
		if r := send(b, http.MethodPut, f.url("bench"), "application/json", putBody(got.Data)); r.status != http.StatusOK {
			b.Fatalf("PUT: %d %s", r.status, r.body)
		}
		puts = append(puts, time.Since(start))

		// A write around the BFF, as another client would make.
		ws, err := env.Clients.Workspaces(ns).Get(ctx, "bench", metav1.GetOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ws.Status.State = v1beta1.WorkspaceStateRunning
		ws.Status.StateMessage = fmt.Sprintf("status %d", i)
		out, err := env.Clients.Workspaces(ws.Namespace).UpdateStatus(ctx, ws, metav1.UpdateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		acked := time.Now()
		if err := bffModel.WaitWorkspace(testenv.Context(b), cache.Written{
			Namespace: ns, Name: "bench", UID: out.UID, ResourceVersion: out.ResourceVersion,
		}); err != nil {
			b.Fatal(err)
		}
		visible = append(visible, time.Since(acked))
	}
	b.StopTimer()
	report(b, "put", puts)
	report(b, "visible", visible)
}

func report(b *testing.B, name string, samples []time.Duration) {
	slices.Sort(samples)
	at := func(q float64) float64 {
		return float64(samples[int(q*float64(len(samples)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), name+"-p50-ms")
	b.ReportMetric(at(0.99), name+"-p99-ms")
}
