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
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// createEvent records an Event about kind/name in ns, as a controller, the
// scheduler or a kubelet would.
func createEvent(t *testing.T, ns, kind, name, eventType, reason string, count int32, first, last time.Time) {
	t.Helper()
	_, err := testenv.Get(t).Clients.Kube.CoreV1().Events(ns).Create(testenv.Context(t), &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: name + "."},
		InvolvedObject: corev1.ObjectReference{Kind: kind, Name: name, Namespace: ns},
		Type:           eventType, Reason: reason, Message: reason + " of " + name, Count: count,
		FirstTimestamp: metav1.NewTime(first), LastTimestamp: metav1.NewTime(last),
		Source: corev1.EventSource{Component: "test"},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
}

// workspaceStatefulSet creates the StatefulSet the workspace controller
// runs for the Workspace named workspace, labelled as it labels it.
func workspaceStatefulSet(t *testing.T, ns, name, workspace string) {
	t.Helper()
	labels := map[string]string{informers.WorkspaceNameLabel: workspace}
	_, err := testenv.Get(t).Clients.Kube.AppsV1().StatefulSets(ns).Create(testenv.Context(t), &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
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
}

func TestWorkspaceEventsRoute(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	pending := v1beta1.WorkspaceStatus{State: v1beta1.WorkspaceStatePending}
	stuck := pending
	stuck.PodTemplatePod.Name = "ws-stuck-x7k2p-0"
	withStatus(t, newWorkspace(ns, "stuck", "any"), stuck)
	withStatus(t, newWorkspace(ns, "quiet", "any"), pending)
	workspaceStatefulSet(t, ns, "ws-stuck-x7k2p", "stuck")
	workspaceStatefulSet(t, ns, "ws-other-q9m4z", "other")

	now := time.Now().UTC().Truncate(time.Second)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	createEvent(t, ns, "Workspace", "stuck", "Normal", "Created", 1, ago(10*time.Minute), ago(10*time.Minute))
	createEvent(t, ns, "StatefulSet", "ws-stuck-x7k2p", "Normal", "SuccessfulCreate", 1, ago(9*time.Minute), ago(9*time.Minute))
	createEvent(t, ns, "Pod", "ws-stuck-x7k2p-0", "Warning", "FailedScheduling", 3, ago(8*time.Minute), ago(time.Minute))
	createEvent(t, ns, "Pod", "ws-stuck-x7k2p-0", "Warning", "ImagePullBackOff", 5, ago(5*time.Minute), ago(30*time.Second))
	// Not the Workspace's: another Workspace's objects, and a Pod that has
	// the Workspace's name.
	createEvent(t, ns, "StatefulSet", "ws-other-q9m4z", "Warning", "FailedCreate", 1, now, now)
	createEvent(t, ns, "Pod", "ws-other-q9m4z-0", "Warning", "BackOff", 1, now, now)
	createEvent(t, ns, "Pod", "stuck", "Warning", "BackOff", 1, now, now)

	url := func(name string) string { return base + "/api/v1/workspaces/" + ns + "/" + name + "/events" }
	for _, name := range []string{"stuck", "quiet"} {
		waitFor(t, base+"/api/v1/workspaces/"+ns+"/"+name, func(r response) bool { return r.status == 200 }, "the Workspace served")
	}
	stamp := func(t time.Time) string { return t.Format(time.RFC3339) }
	tests := []struct {
		name, workspace, want string
	}{
		{"the Workspace's, its StatefulSet's and its Pod's events, newest first", "stuck", `{"data":[
			{"type":"Warning","reason":"ImagePullBackOff","message":"ImagePullBackOff of ws-stuck-x7k2p-0","count":5,
			 "firstTimestamp":"` + stamp(ago(5*time.Minute)) + `","lastTimestamp":"` + stamp(ago(30*time.Second)) + `","object":{"kind":"Pod","name":"ws-stuck-x7k2p-0"}},
			{"type":"Warning","reason":"FailedScheduling","message":"FailedScheduling of ws-stuck-x7k2p-0","count":3,
			 "firstTimestamp":"` + stamp(ago(8*time.Minute)) + `","lastTimestamp":"` + stamp(ago(time.Minute)) + `","object":{"kind":"Pod","name":"ws-stuck-x7k2p-0"}},
			{"type":"Normal","reason":"SuccessfulCreate","message":"SuccessfulCreate of ws-stuck-x7k2p","count":1,
			 "firstTimestamp":"` + stamp(ago(9*time.Minute)) + `","lastTimestamp":"` + stamp(ago(9*time.Minute)) + `","object":{"kind":"StatefulSet","name":"ws-stuck-x7k2p"}},
			{"type":"Normal","reason":"Created","message":"Created of stuck","count":1,
			 "firstTimestamp":"` + stamp(ago(10*time.Minute)) + `","lastTimestamp":"` + stamp(ago(10*time.Minute)) + `","object":{"kind":"Workspace","name":"stuck"}}]}`},
		{"a Workspace without events has an empty list, not null", "quiet", `{"data":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, url(tt.workspace), nil)
			if err != nil {
				t.Fatal(err)
			}
			r := do(t, http.MethodGet, url(tt.workspace))
			expect(t, r, http.StatusOK)
			apitest.ValidateOurs(t, req, r.status, r.header, r.body)
			assertSameJSON(t, r.body, tt.want)
			if r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store: Events are read live", r.header.Get("Cache-Control"))
			}
		})
	}
	for _, tt := range []struct {
		name, path, user string
		status           int
	}{
		{"a missing Workspace is 404", "/api/v1/workspaces/" + ns + "/missing/events", "user@example.com", 404},
		{"a caller who may not get the Workspace is 403", "/api/v1/workspaces/" + ns + "/stuck/events", "nobody-" + ns + "@example.com", 403},
		{"an invalid name is 422", "/api/v1/workspaces/" + ns + "/-bad/events", "user@example.com", 422},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, http.MethodGet, base+tt.path, "kubeflow-userid", tt.user)
			expect(t, r, tt.status)
			req, err := http.NewRequest(http.MethodGet, base+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			apitest.ValidateOurs(t, req, r.status, r.header, r.body)
		})
	}
}

// heldEvents are Event reads that last until released; started has each
// read's deadline.
type heldEvents struct {
	started chan time.Time
	release chan struct{}
}

func (h heldEvents) Read(ctx context.Context, _ *v1beta1.Workspace) ([]models.WorkspaceEvent, error) {
	deadline, _ := ctx.Deadline()
	h.started <- deadline
	select {
	case <-h.release:
	case <-ctx.Done():
	}
	return []models.WorkspaceEvent{}, nil
}

// A user reads the Events of at most LogReadsPerUser Workspaces at once:
// each read is a few lists on the API server, within 10 s.
func TestWorkspaceEventsBudget(t *testing.T) {
	obs := &refusals{}
	held := heldEvents{started: make(chan time.Time, 1), release: make(chan struct{})}
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: allowAll{},
		Objects:    stubObjects{},
		Events:     held,
		Limits:     httpapi.Limits{LogReadsPerUser: 1},
		Refusals:   obs,
	}))
	defer srv.Close()
	url := srv.URL + "/api/v1/workspaces/ns/ws/events"
	first := make(chan response, 1)
	go func() { first <- do(t, http.MethodGet, url) }()
	if deadline := <-held.started; deadline.IsZero() || deadline.After(time.Now().Add(10*time.Second)) {
		t.Fatalf("a read with deadline %v, want one within 10 s", deadline)
	}
	r := do(t, http.MethodGet, url)
	expect(t, r, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") == "" || obs.count(httpapi.RefusedEventsUser) != 1 {
		t.Fatalf("Retry-After %q, refusals counted %d", r.header.Get("Retry-After"), obs.count(httpapi.RefusedEventsUser))
	}
	close(held.release)
	expect(t, <-first, http.StatusOK)
	// The slot is back.
	expect(t, do(t, http.MethodGet, url), http.StatusOK)
}

// A user reads Events at most twice a second, in bursts of thirty: each read is
// lists sent with the BFF's own client, whose rate all users' writes share.
// Another user keeps theirs.
func TestWorkspaceEventsRate(t *testing.T) {
	obs := &refusals{}
	done := heldEvents{started: make(chan time.Time, 1000), release: make(chan struct{})}
	close(done.release)
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: allowAll{},
		Objects:    stubObjects{},
		Events:     done,
		Refusals:   obs,
	}))
	defer srv.Close()
	url := srv.URL + "/api/v1/workspaces/ns/ws/events"
	for range 30 {
		expect(t, do(t, http.MethodGet, url), http.StatusOK)
	}
	// The budget refills two reads a second: reads faster than that, as
	// these (each well under half a second), meet a 429.
	var refused response
	for range 900 {
		if refused = do(t, http.MethodGet, url); refused.status != http.StatusOK {
			break
		}
	}
	expect(t, refused, http.StatusTooManyRequests)
	if refused.header.Get("Retry-After") == "" || obs.count(httpapi.RefusedEventsUser) != 1 {
		t.Fatalf("Retry-After %q, refusals counted %d", refused.header.Get("Retry-After"), obs.count(httpapi.RefusedEventsUser))
	}
	expect(t, do(t, http.MethodGet, url, "kubeflow-userid", "other@example.com"), http.StatusOK)
}
