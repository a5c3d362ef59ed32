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
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
)

// withStatus creates a Workspace and writes its status through the status
// subresource, as the workspace controller would.
func withStatus(t *testing.T, ws *v1beta1.Workspace, status v1beta1.WorkspaceStatus) *v1beta1.Workspace {
	t.Helper()
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	created, err := env.Clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if status.State == "" {
		status.State = v1beta1.WorkspaceStateRunning
	}
	created.Status = status
	updated, err := env.Clients.Workspaces(created.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return updated
}

// podStatus is a Workspace's status naming its Pod and containers.
func podStatus(pod string, containers []string, initContainers ...string) v1beta1.WorkspaceStatus {
	s := v1beta1.WorkspaceStatus{PodTemplatePod: v1beta1.WorkspacePodStatus{Name: pod, NodeName: "node"}}
	for _, c := range containers {
		s.PodTemplatePod.Containers = append(s.PodTemplatePod.Containers, v1beta1.WorkspacePodContainer{Name: c})
	}
	for _, c := range initContainers {
		s.PodTemplatePod.InitContainers = append(s.PodTemplatePod.InitContainers, v1beta1.WorkspacePodContainer{Name: c})
	}
	return s
}

// runPod creates a Pod on node with these container states and writes its
// status, as the kubelet would.
func runPod(t *testing.T, ns, name, node string, containers, initContainers []corev1.ContainerStatus) {
	t.Helper()
	pods := testenv.Get(t).Clients.Kube.CoreV1().Pods(ns)
	ctx := testenv.Context(t)
	spec := corev1.PodSpec{NodeName: node}
	for _, c := range containers {
		spec.Containers = append(spec.Containers, corev1.Container{Name: c.Name, Image: "image"})
	}
	for _, c := range initContainers {
		spec.InitContainers = append(spec.InitContainers, corev1.Container{Name: c.Name, Image: "image"})
	}
	pod, err := pods.Create(ctx, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: spec}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod.Status.ContainerStatuses, pod.Status.InitContainerStatuses = containers, initContainers
	if _, err := pods.UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestWorkspaceDetailsRoute(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kindName := "details-" + ns
	kind := sampleKind(t, kindName)
	kind.Spec.PodTemplate.VolumeMounts.Home = "/home/researcher"
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, kind, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kindName, metav1.DeleteOptions{})
	})

	home, readOnly := "home-pvc", true
	full := newWorkspace(ns, "full", kindName)
	full.Spec.PodTemplate.PodMetadata = &v1beta1.WorkspacePodMetadata{Labels: map[string]string{"team": "ml"}}
	full.Spec.PodTemplate.Volumes = v1beta1.WorkspacePodVolumes{
		Home:    &home,
		Data:    []v1beta1.PodVolumeMount{{PVCName: "data-pvc", MountPath: "/data", ReadOnly: &readOnly}},
		Secrets: []v1beta1.PodSecretMount{{SecretName: "creds", MountPath: "/secrets/creds"}},
	}
	withStatus(t, full, podStatus("ws-full-0", []string{"main"}, "istio-proxy"))
	bare := newWorkspace(ns, "bare", "no-such-kind-"+ns)
	if _, err := env.Clients.Workspaces(bare.Namespace).Create(ctx, bare, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	orphan := newWorkspace(ns, "orphan", "no-such-kind-"+ns)
	orphan.Spec.PodTemplate.Volumes.Home = &home
	if _, err := env.Clients.Workspaces(orphan.Namespace).Create(ctx, orphan, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	url := func(name string) string {
		return base + "/api/v1/workspaces/" + ns + "/" + name + "/podtemplate/details"
	}
	first := waitFor(t, url("full"), func(r response) bool {
		return r.status == 200 && bytes.Contains(r.body, []byte(`"ws-full-0"`))
	}, "the details with the Pod")

	tests := []struct {
		name, workspace string
		want            string
	}{
		{"every volume, the kind's home mount path, the Pod and its containers", "full", `{"data":{
			"podMetadata":{"labels":{"team":"ml"},"annotations":{}},
			"volumes":{
				"home":{"pvcName":"home-pvc","mountPath":"/home/researcher","readOnly":false},
				"data":[{"pvcName":"data-pvc","mountPath":"/data","readOnly":true}],
				"secrets":[{"secretName":"creds","mountPath":"/secrets/creds","defaultMode":420}]},
			"pod":{"name":"ws-full-0","nodeName":"node","containers":[{"name":"main"}],"initContainers":[{"name":"istio-proxy"}]}}}`},
		{"no volumes, no Pod, no kind: home without a PVC (never null: the frontend reads home.pvcName), the rest omitted", "bare",
			`{"data":{"podMetadata":{"labels":{},"annotations":{}},"volumes":{"home":{"pvcName":null,"mountPath":"__UNKNOWN_HOME_MOUNT_PATH__","readOnly":false}}}}`},
		{"a missing kind gives the unknown home mount path", "orphan", `{"data":{
			"podMetadata":{"labels":{},"annotations":{}},
			"volumes":{"home":{"pvcName":"home-pvc","mountPath":"__UNKNOWN_HOME_MOUNT_PATH__","readOnly":false}}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := waitFor(t, url(tt.workspace), func(r response) bool { return r.status == 200 }, "the Workspace served")
			apitest.ValidateUpstream(t, "api.WorkspaceDetailsEnvelope", r.body)
			assertSameJSON(t, r.body, tt.want)
		})
	}

	t.Run("If-None-Match with the current ETag is 304", func(t *testing.T) {
		etag := first.header.Get("ETag")
		if etag == "" || first.header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("headers %v", first.header)
		}
		r := do(t, http.MethodGet, url("full"), "If-None-Match", etag)
		if r.status != http.StatusNotModified || len(r.body) != 0 {
			t.Fatalf("status %d body %q", r.status, r.body)
		}
	})
	t.Run("a status change gives a new body and ETag", func(t *testing.T) {
		latest, err := env.Clients.Workspaces(ns).Get(ctx, "full", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		latest.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{}
		if _, err := env.Clients.Workspaces(latest.Namespace).UpdateStatus(ctx, latest, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		r := waitFor(t, url("full"), func(r response) bool { return !bytes.Contains(r.body, []byte(`"pod"`)) }, "the Pod gone from the details")
		if r.header.Get("ETag") == first.header.Get("ETag") {
			t.Fatal("the ETag did not change")
		}
		if r := do(t, http.MethodGet, url("full"), "If-None-Match", first.header.Get("ETag")); r.status != 200 {
			t.Fatalf("the old ETag answered %d", r.status)
		}
	})
	t.Run("a kind change the details do not show keeps the ETag", func(t *testing.T) {
		before := do(t, http.MethodGet, url("full")).header.Get("ETag")
		latest, err := env.Clients.WorkspaceKinds().Get(ctx, kindName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		latest.Spec.Spawner.Description = "changed"
		if _, err := env.Clients.WorkspaceKinds().Update(ctx, latest, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		// Once the kind's own route shows the change, the model has it.
		waitFor(t, base+"/api/v1/workspacekinds/"+kindName, func(r response) bool { return bytes.Contains(r.body, []byte(`"changed"`)) }, "the kind changed")
		if got := do(t, http.MethodGet, url("full")).header.Get("ETag"); got != before {
			t.Fatalf("a description the details do not show changed the ETag: %s, was %s", got, before)
		}
	})
	t.Run("gzip is served when accepted", func(t *testing.T) {
		r := do(t, http.MethodGet, url("full"), "Accept-Encoding", "gzip")
		if r.status != 200 || !json.Valid(gunzipIfNeeded(t, r)) {
			t.Fatalf("status %d: %v", r.status, r.header)
		}
	})
	for _, tt := range []struct {
		name, path string
		status     int
	}{
		{"a missing Workspace is 404", "/api/v1/workspaces/" + ns + "/missing/podtemplate/details", 404},
		{"an invalid namespace is 422", "/api/v1/workspaces/Bad_NS/full/podtemplate/details", 422},
		{"an invalid name is 422", "/api/v1/workspaces/" + ns + "/-bad/podtemplate/details", 422},
	} {
		t.Run(tt.name, func(t *testing.T) { expect(t, do(t, http.MethodGet, base+tt.path), tt.status) })
	}
}

// gunzipIfNeeded is the body of r, decompressed when it is gzip.
func gunzipIfNeeded(t *testing.T, r response) []byte {
	t.Helper()
	if r.header.Get("Content-Encoding") != "gzip" {
		return r.body
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// assertSameJSON compares two JSON documents as values.
func assertSameJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON: %v", err)
	}
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	if !bytes.Equal(gj, wj) {
		t.Fatalf("got  %s\nwant %s", gj, wj)
	}
}

// kubelet is a test node's kubelet serving container logs: each names its
// container and the query it was asked with, so a test sees what the BFF
// asked for. Container "stream" sends half its log, then waits for release;
// container "big" sends bigLog.
type kubelet struct {
	release     chan struct{}
	releaseOnce sync.Once
	mu          sync.Mutex
	queries     []url.Values
}

// bigLog is a log larger than any one chunk the BFF holds.
var bigLog = bytes.Repeat([]byte("2026-01-01T00:00:00.000000000Z a line of a long log, repeated\n"), 20000)

// streamFirst is what the "stream" container logs before it waits, more
// than the API server buffers (it flushes a log it does not follow only as
// its buffers fill); streamRest is what it logs once released.
var (
	streamFirst = bytes.Repeat([]byte("2026-01-01T00:00:00.000000000Z before the pause\n"), 5000)
	streamRest  = "2026-01-01T00:00:01Z after the pause\n"
)

func (k *kubelet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// /containerLogs/{namespace}/{pod}/{container}
	parts := strings.Split(r.URL.Path, "/")
	container := parts[len(parts)-1]
	k.mu.Lock()
	k.queries = append(k.queries, r.URL.Query())
	k.mu.Unlock()
	switch container {
	case "stream":
		_, _ = w.Write(streamFirst)
		w.(http.Flusher).Flush()
		<-k.release
		_, _ = io.WriteString(w, streamRest)
	case "big":
		_, _ = w.Write(bigLog)
	default:
		_, _ = fmt.Fprintf(w, "2026-01-01T00:00:00Z log of %s previous=%s\n", container, r.URL.Query().Get("previous"))
	}
}

func (k *kubelet) releaseStream() { k.releaseOnce.Do(func() { close(k.release) }) }

func (k *kubelet) lastQuery() url.Values {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.queries) == 0 {
		return nil
	}
	return k.queries[len(k.queries)-1]
}

func TestWorkspaceLogs(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ns := env.Namespace(t)
	kl := &kubelet{release: make(chan struct{})}
	node := env.Node(t, kl)
	// Registered after the node, so it runs before the kubelet stops,
	// which waits for the requests it is serving.
	t.Cleanup(kl.releaseStream)

	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	waiting := corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	exited := corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1}}
	runPod(t, ns, "ws-lab-0", node, []corev1.ContainerStatus{
		{Name: "main", State: running},
		{Name: "waiter", State: waiting},
		{Name: "restarted", State: running, LastTerminationState: exited},
		{Name: "stream", State: running},
		{Name: "big", State: running},
	}, []corev1.ContainerStatus{{Name: "istio-proxy", State: running}})
	withStatus(t, newWorkspace(ns, "lab", "any"), podStatus("ws-lab-0",
		[]string{"main", "waiter", "restarted", "stream", "big", "unreported"}, "istio-proxy"))
	withStatus(t, newWorkspace(ns, "no-pod", "any"), v1beta1.WorkspaceStatus{State: v1beta1.WorkspaceStatePaused})
	withStatus(t, newWorkspace(ns, "gone", "any"), podStatus("ws-gone-0", []string{"main"}))
	withStatus(t, newWorkspace(ns, "starting", "any"), podStatus("ws-lab-0", nil))
	withStatus(t, newWorkspace(ns, "no-main", "any"), podStatus("ws-lab-0", []string{"app"}))
	runPod(t, ns, "ws-lost-0", "no-such-node-"+ns, []corev1.ContainerStatus{{Name: "main", State: running}}, nil)
	withStatus(t, newWorkspace(ns, "lost", "any"), podStatus("ws-lost-0", []string{"main"}))
	for _, name := range []string{"lab", "gone", "starting", "no-main", "lost"} {
		waitFor(t, base+"/api/v1/workspaces/"+ns+"/"+name+"/podtemplate/details", func(r response) bool {
			return bytes.Contains(r.body, []byte(`"pod":`))
		}, "the Workspace's status served")
	}
	logs := func(name string) string {
		return base + "/api/v1/workspaces/" + ns + "/" + name + "/podtemplate/logs/batch"
	}

	tests := []struct {
		name, workspace, query string
		status                 int
		// body is the whole 200 body, or a part of the error's.
		body string
		// kubelet is what the kubelet must have been asked (200 only).
		kubelet map[string]string
		field   []string // the 422's fields
	}{
		{name: "main by default, the last 1000 lines with timestamps, at most 100 MiB", workspace: "lab", status: 200,
			body:    "2026-01-01T00:00:00Z log of main previous=\n",
			kubelet: map[string]string{"tailLines": "1000", "timestamps": "true", "limitBytes": "104857600", "previous": "", "sinceTime": ""}},
		{name: "an init container (a native sidecar)", workspace: "lab", query: "container=istio-proxy", status: 200,
			body: "2026-01-01T00:00:00Z log of istio-proxy previous=\n"},
		{name: "the previous instance of a restarted container", workspace: "lab", query: "container=restarted&previous=true", status: 200,
			body: "2026-01-01T00:00:00Z log of restarted previous=true\n", kubelet: map[string]string{"previous": "true"}},
		{name: "tailLines and sinceTime are passed on", workspace: "lab", query: "tailLines=5&sinceTime=2026-07-15T10:30:00Z", status: 200,
			body: "2026-01-01T00:00:00Z log of main previous=\n", kubelet: map[string]string{"tailLines": "5", "sinceTime": "2026-07-15T10:30:00Z"}},
		{name: "previous=false and empty values are the defaults", workspace: "lab", query: "previous=false&tailLines=&container=", status: 200,
			body: "2026-01-01T00:00:00Z log of main previous=\n", kubelet: map[string]string{"tailLines": "1000", "previous": ""}},
		{name: "a log larger than a chunk arrives whole", workspace: "lab", query: "container=big", status: 200, body: string(bigLog)},

		{name: "no Pod reported", workspace: "no-pod", status: 400, body: "workspace pod is not running"},
		{name: "a reported Pod that is gone", workspace: "gone", status: 400, body: "workspace pod is not running"},
		{name: "no containers reported yet", workspace: "starting", status: 400, body: "container has not started yet"},
		{name: "no main container", workspace: "no-main", status: 400, body: "container not found in workspace pod"},
		{name: "a container the Pod lacks", workspace: "lab", query: "container=nope", status: 400, body: "container not found in workspace pod"},
		{name: "a waiting container", workspace: "lab", query: "container=waiter", status: 400, body: "container has not started yet"},
		{name: "a container without a live status", workspace: "lab", query: "container=unreported", status: 400, body: "container has not started yet"},
		{name: "previous of a container that never restarted", workspace: "lab", query: "previous=true", status: 400, body: "no logs found for the previous container instance"},
		{name: "a node that does not answer is a 502", workspace: "lost", status: 502, body: "could not be read from its node"},
		{name: "a missing Workspace", workspace: "missing", status: 404},

		{name: "a tailLines of 0", workspace: "lab", query: "tailLines=0", status: 422, body: "must be a positive integer", field: []string{"tailLines"}},
		{name: "a negative tailLines", workspace: "lab", query: "tailLines=-1", status: 422, body: "must be a positive integer", field: []string{"tailLines"}},
		{name: "a tailLines that is no number", workspace: "lab", query: "tailLines=ten", status: 422, body: "must be a positive integer", field: []string{"tailLines"}},
		{name: "a previous that is no boolean", workspace: "lab", query: "previous=maybe", status: 422, body: "must be a boolean", field: []string{"previous"}},
		{name: "a sinceTime that is no RFC 3339 time", workspace: "lab", query: "sinceTime=yesterday", status: 422, body: "must be a valid RFC3339 timestamp", field: []string{"sinceTime"}},
		{name: "a container that is no DNS label", workspace: "lab", query: "container=Main_1", status: 422, field: []string{"container"}},
		{name: "every bad parameter at once", workspace: "lab", query: "container=A&tailLines=x&previous=y&sinceTime=z", status: 422,
			field: []string{"container", "tailLines", "previous", "sinceTime"}},
		{name: "query checks come before the Workspace is looked up", workspace: "missing", query: "tailLines=0", status: 422, field: []string{"tailLines"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := logs(tt.workspace)
			if tt.query != "" {
				u += "?" + tt.query
			}
			r := do(t, http.MethodGet, u)
			expect(t, r, tt.status)
			if tt.status != 200 {
				if !bytes.Contains(r.body, []byte(tt.body)) {
					t.Errorf("body %s, want it to say %q", r.body, tt.body)
				}
				if len(tt.field) > 0 {
					assertFields(t, r.body, tt.field)
				}
				return
			}
			if string(r.body) != tt.body {
				t.Errorf("body %.200q, want %.200q", r.body, tt.body)
			}
			for _, h := range [][2]string{{"Content-Type", "text/plain"}, {"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}} {
				if got := r.header.Get(h[0]); got != h[1] {
					t.Errorf("%s %q, want %q", h[0], got, h[1])
				}
			}
			if r.header.Get("ETag") != "" {
				t.Error("a live log has an ETag")
			}
			q := kl.lastQuery()
			for k, v := range tt.kubelet {
				if got := q.Get(k); got != v {
					t.Errorf("the kubelet was asked %s=%q, want %q (query %v)", k, got, v, q)
				}
			}
		})
	}

	t.Run("gzip is served when accepted", func(t *testing.T) {
		r := do(t, http.MethodGet, logs("lab")+"?container=big", "Accept-Encoding", "gzip")
		expect(t, r, 200)
		if r.header.Get("Content-Encoding") != "gzip" || len(r.body) >= len(bigLog) {
			t.Fatalf("not compressed: %v, %d bytes", r.header, len(r.body))
		}
		if !bytes.Equal(gunzipIfNeeded(t, r), bigLog) {
			t.Fatal("the decompressed log differs")
		}
	})
	t.Run("HEAD checks the log and sends no body", func(t *testing.T) {
		r := do(t, http.MethodHead, logs("lab"))
		if r.status != 200 || len(r.body) != 0 {
			t.Fatalf("status %d body %q", r.status, r.body)
		}
		if r := do(t, http.MethodHead, logs("no-pod")); r.status != 400 {
			t.Fatalf("HEAD of a log that cannot exist: %d", r.status)
		}
	})
	t.Run("the log reaches the client while the node still sends it", func(t *testing.T) {
		// A BFF that waited for the whole log would hold the request
		// until the kubelet is released: fail sooner than the test would.
		ctx, cancel := context.WithTimeout(testenv.Context(t), 15*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, logs("lab")+"?container=stream", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("kubeflow-userid", "user@example.com")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		// The kubelet holds the rest of the log until released: reading
		// the start of it here proves that nothing on the way, the BFF
		// least of all, waits for the whole log.
		start := make([]byte, 64<<10)
		if _, err := io.ReadFull(resp.Body, start); err != nil || !bytes.Equal(start, streamFirst[:len(start)]) {
			t.Fatalf("the start of the log: %v", err)
		}
		kl.releaseStream()
		rest, err := io.ReadAll(resp.Body)
		if err != nil || string(start)+string(rest) != string(streamFirst)+streamRest {
			t.Fatalf("the rest of the log (%d bytes): %v", len(rest), err)
		}
	})
}

// assertFields checks that a 422 names exactly these fields, in order.
func assertFields(t *testing.T, body []byte, want []string) {
	t.Helper()
	var env struct {
		Error struct {
			Cause struct {
				ValidationErrors []struct{ Field string } `json:"validation_errors"`
			}
		}
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range env.Error.Cause.ValidationErrors {
		got = append(got, v.Field)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("fields %v, want %v: %s", got, want, body)
	}
}

// stubObjects serves one Workspace whose Pod is reported.
type stubObjects struct{}

func (stubObjects) WorkspaceDetails(string, string) (*cache.Body, bool) { return nil, false }
func (stubObjects) Kind(string) (*v1beta1.WorkspaceKind, bool)          { return nil, false }
func (stubObjects) WorkspaceObject(ns, name string) (*v1beta1.Workspace, bool) {
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	ws.Status.PodTemplatePod = podStatus("ws-0", []string{"main"}).PodTemplatePod
	return ws, true
}

// brokenLogs opens logs that fail after their first line.
type brokenLogs struct{}

func (brokenLogs) Open(context.Context, *v1beta1.Workspace, podlogs.Options) (io.ReadCloser, error) {
	return io.NopCloser(io.MultiReader(strings.NewReader("2026-01-01T00:00:00Z a line\n"), failingReader{})), nil
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("the node's stream broke") }

// A log whose stream breaks after the 200 must not look complete: the
// response is cut short, so the client sees an error, not a short log.
func TestWorkspaceLogsCutShort(t *testing.T) {
	srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
		Users:      auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Authorizer: allowAll{},
		Objects:    stubObjects{},
		PodLogs:    brokenLogs{},
	}))
	defer srv.Close()
	for _, encoding := range []string{"identity", "gzip"} {
		t.Run(encoding, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/workspaces/ns/ws/podtemplate/logs/batch", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("kubeflow-userid", "user@example.com")
			req.Header.Set("Accept-Encoding", encoding)
			resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if _, err := io.ReadAll(resp.Body); err == nil {
				t.Fatal("the broken log read as complete")
			}
		})
	}
}
