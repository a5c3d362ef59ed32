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

package workspaceevents_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/workspaceevents"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// Events recorded through events.k8s.io/v1 (an eventTime and a series)
// are read as those through core/v1 (first and last timestamps, a count).
func TestReadEventsOfBothAPIs(t *testing.T) {
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kube := env.Clients.Kube
	labels := map[string]string{informers.WorkspaceNameLabel: "lab"}
	_, err := kube.AppsV1().StatefulSets(ns).Create(ctx, &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "ws-lab-x7k2p", Labels: labels},
		Spec: appsv1.StatefulSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "jupyter"}}},
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now().UTC().Truncate(time.Second)
	at := func(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }
	_, err = kube.CoreV1().Events(ns).Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: "ws-lab-x7k2p-0."},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "ws-lab-x7k2p-0", Namespace: ns},
		Type:           corev1.EventTypeWarning, Reason: "FailedMount", Message: "core", Count: 3,
		FirstTimestamp: metav1.NewTime(at(-10)), LastTimestamp: metav1.NewTime(at(-2)),
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []eventsv1.Event{
		{Reason: "Series", Note: "series", EventTime: metav1.NewMicroTime(at(-5)),
			Series: &eventsv1.EventSeries{Count: 4, LastObservedTime: metav1.NewMicroTime(at(-1))}},
		{Reason: "Single", Note: "single", EventTime: metav1.NewMicroTime(at(-3))},
	} {
		ev.Name = "ws-lab-x7k2p." + ev.Note
		ev.Regarding = corev1.ObjectReference{Kind: "StatefulSet", Name: "ws-lab-x7k2p", Namespace: ns}
		ev.Type, ev.Action = corev1.EventTypeNormal, "Reconcile"
		ev.ReportingController, ev.ReportingInstance = "example.com/test", "test-1"
		if _, err := kube.EventsV1().Events(ns).Create(ctx, &ev, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "lab"}}
	events, err := workspaceevents.NewReader(kube).Read(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, fmt.Sprintf("%s %s/%s %d %s..%s", e.Reason, e.Object.Kind, e.Object.Name, e.Count, e.FirstTimestamp, e.LastTimestamp))
	}
	stamp := func(minutes int) string { return at(minutes).Format(time.RFC3339) }
	want := []string{
		"Series StatefulSet/ws-lab-x7k2p 4 " + stamp(-5) + ".." + stamp(-1),
		"FailedMount Pod/ws-lab-x7k2p-0 3 " + stamp(-10) + ".." + stamp(-2),
		"Single StatefulSet/ws-lab-x7k2p 1 " + stamp(-3) + ".." + stamp(-3),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events\n  %q\nwant\n  %q", got, want)
	}
}

// At most PerObject Events are read about one object.
func TestReadIsBoundedPerObject(t *testing.T) {
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	now := metav1.NewTime(time.Now())
	for i := range workspaceevents.PerObject + 1 {
		_, err := env.Clients.Kube.CoreV1().Events(ns).Create(ctx, &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{GenerateName: "ws-big-0."},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "ws-big-0", Namespace: ns},
			Type:           corev1.EventTypeWarning, Reason: "BackOff", Message: fmt.Sprint(i), Count: 1,
			FirstTimestamp: now, LastTimestamp: now,
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
	}
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "big"}}
	ws.Status.PodTemplatePod.Name = "ws-big-0"
	events, err := workspaceevents.NewReader(env.Clients.Kube).Read(ctx, ws)
	if err != nil || len(events) != workspaceevents.PerObject {
		t.Fatalf("%d events (%v), want %d", len(events), err, workspaceevents.PerObject)
	}
}

// BenchmarkRead measures the live read of one Workspace's Events in a
// namespace that holds many other Events: what docs/design.md weighs
// against an informer of Events. It reports, besides the read's time, the
// bytes (protobuf, a lower bound of what an informer's Go objects take)
// of the namespace's Events that an informer would hold.
//
//	KUBEBUILDER_ASSETS=$(hack/controlplane.sh) go test ./pkg/workspaceevents/ -run '^$' -bench Read -benchtime 200x
func BenchmarkRead(b *testing.B) {
	for _, others := range []int{100, 2000} {
		b.Run(fmt.Sprintf("other-events=%d", others), func(b *testing.B) { benchmarkRead(b, others) })
	}
}

func benchmarkRead(b *testing.B, others int) {
	env := testenv.Get(b)
	// Creating the Events takes longer than testenv.Context allows.
	ctx, cancel := context.WithTimeout(env.Ctx, 10*time.Minute)
	defer cancel()
	ns := env.Namespace(b)
	kube := env.Clients.Kube
	labels := map[string]string{informers.WorkspaceNameLabel: "lab"}
	_, err := kube.AppsV1().StatefulSets(ns).Create(ctx, &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "ws-lab-x7k2p", Labels: labels},
		Spec: appsv1.StatefulSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "jupyter"}}},
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	const own = 10
	now := metav1.NewTime(time.Now())
	event := func(kind, name string, i int) {
		_, err := kube.CoreV1().Events(ns).Create(ctx, &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{GenerateName: name + "."},
			InvolvedObject: corev1.ObjectReference{Kind: kind, Name: name, Namespace: ns},
			Type:           corev1.EventTypeWarning, Reason: "BackOff",
			Message: fmt.Sprintf("Back-off restarting failed container main in pod %s (%d)", name, i),
			Count:   1, FirstTimestamp: now, LastTimestamp: now, Source: corev1.EventSource{Component: "kubelet"},
		}, metav1.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < others; i += 8 {
				event("Pod", fmt.Sprintf("other-%d-0", i%200), i)
			}
		})
	}
	wg.Wait()
	for i := range own {
		event("Pod", "ws-lab-x7k2p-0", i)
	}
	all, err := kube.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "lab"}}
	r := workspaceevents.NewReader(kube)
	b.ResetTimer()
	for b.Loop() {
		events, err := r.Read(ctx, ws)
		if err != nil || len(events) != own {
			b.Fatalf("%d events: %v", len(events), err)
		}
	}
	b.ReportMetric(float64(all.Size())/float64(len(all.Items)), "informer-bytes/event")
}
