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

package resourceusage

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metricsapi "k8s.io/metrics/pkg/apis/metrics/v1beta1"
	metricsclient "k8s.io/metrics/pkg/client/clientset/versioned"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func TestResourceUsage(t *testing.T) {
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	pods, err := informers.New(env.Clients, nil)
	if err != nil {
		t.Fatal(err)
	}
	pods.Start(env.Ctx)
	if !pods.WaitForSync(ctx) {
		t.Fatal("the informers did not sync")
	}
	metrics, err := metricsclient.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	// A clock the test moves past RecheckAfter, so that a new discovery
	// is due without waiting a minute.
	var clockMu sync.Mutex
	clock := time.Now()
	advance := func() {
		clockMu.Lock()
		clock = clock.Add(RecheckAfter)
		clockMu.Unlock()
	}
	reader := New(env.Clients.Kube.Discovery(), metrics.MetricsV1beta1(), pods)
	reader.now = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }

	ns := env.Namespace(t)
	running := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "running"}}
	running.Status.PodTemplatePod.Name = "ws-running-0"
	paused := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "paused"}}
	paused.Spec.Paused = true
	always := corev1.ContainerRestartPolicyAlways
	qty := resource.MustParse
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ws-running-0", Labels: map[string]string{informers.WorkspaceNameLabel: "running"}},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{
				{Name: "setup", Image: "image"}, // runs to completion first: not shown
				{Name: "proxy", Image: "image", RestartPolicy: &always},
			},
			Containers: []corev1.Container{{Name: "main", Image: "image", Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: qty("1"), corev1.ResourceMemory: qty("2Gi")},
				Limits:   corev1.ResourceList{corev1.ResourceMemory: qty("4Gi")},
			}}},
		},
	}
	if _, err := env.Clients.Kube.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, func() bool { return len(pods.WorkspacePods(ns, "running")) == 1 },
		"the Pod never reached the informer")

	asJSON := func(u models.WorkspaceResourceUsage) string {
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Run("without a metrics API every Workspace is METRICS_API_NOT_AVAILABLE", func(t *testing.T) {
		for _, ws := range []*v1beta1.Workspace{running, paused} {
			u, err := reader.Of(ctx, ws)
			if err != nil {
				t.Fatal(err)
			}
			if got := asJSON(u); got != `{"containers":{},"error":"METRICS_API_NOT_AVAILABLE"}` {
				t.Fatalf("%s: %s", ws.Name, got)
			}
		}
	})

	server := env.MetricsAPI(t)
	sampled := metav1.NewTime(time.Date(2026, 8, 14, 4, 22, 31, 0, time.UTC))
	server.Set(&metricsapi.PodMetrics{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ws-running-0"},
		Timestamp:  sampled, Window: metav1.Duration{Duration: 15 * time.Second},
		Containers: []metricsapi.ContainerMetrics{
			{Name: "main", Usage: corev1.ResourceList{corev1.ResourceCPU: qty("961220n"), corev1.ResourceMemory: qty("210992Ki")}},
		},
	})

	t.Run("through the aggregator: usage joined with the Pod's resources", func(t *testing.T) {
		want := `{"containers":{` +
			`"main":{"metricsFromMetricsServer":{"timestamp":"2026-08-14T04:22:31Z","usage":{"cpu":"961220n","memory":"210992Ki"}},` +
			`"resources":{"limits":{"memory":"4Gi"},"requests":{"cpu":"1","memory":"2Gi"}}},` +
			`"proxy":{"resources":{}}}}`
		var got string
		testenv.Eventually(t, time.Minute, func() bool {
			advance() // discover again on each try, until the aggregator serves the API
			u, err := reader.Of(ctx, running)
			if err != nil {
				t.Fatal(err)
			}
			got = asJSON(u)
			return got == want
		}, "the usage never came through the aggregator: last %s", got)
	})
	t.Run("a paused Workspace, without a Pod, is WORKSPACE_NOT_RUNNING", func(t *testing.T) {
		u, err := reader.Of(ctx, paused)
		if err != nil {
			t.Fatal(err)
		}
		if got := asJSON(u); got != `{"containers":{},"error":"WORKSPACE_NOT_RUNNING"}` {
			t.Fatal(got)
		}
	})
	t.Run("a Pod with no sample yet shows its resources only", func(t *testing.T) {
		server.Delete(ns, "ws-running-0")
		u, err := reader.Of(ctx, running)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"containers":{"main":{"resources":{"limits":{"memory":"4Gi"},"requests":{"cpu":"1","memory":"2Gi"}}},"proxy":{"resources":{}}}}`
		if got := asJSON(u); got != want {
			t.Fatalf("%s, want %s", got, want)
		}
	})
}
