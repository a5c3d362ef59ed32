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

package podlogs

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"go.uber.org/goleak"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// chunks is a reader that returns its chunks one Read at a time, then err
// (io.EOF when nil), and records how many it has handed out.
type chunks struct {
	parts [][]byte
	err   error
	read  int
}

func (c *chunks) Read(p []byte) (int, error) {
	if c.read == len(c.parts) {
		if c.err != nil {
			return 0, c.err
		}
		return 0, io.EOF
	}
	n := copy(p, c.parts[c.read])
	if n < len(c.parts[c.read]) {
		c.parts[c.read] = c.parts[c.read][n:]
		return n, nil
	}
	c.read++
	return n, nil
}

// recorder is a writer that notes each write and each flush, and what the
// source had handed out at each flush.
type recorder struct {
	bytes.Buffer
	writes  []int
	flushed []int // the buffer's length at each flush
	failAt  int   // fail the write that would pass this many bytes (0: never)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.failAt > 0 && r.Len()+len(p) > r.failAt {
		return 0, errors.New("client went away")
	}
	r.writes = append(r.writes, len(p))
	return r.Buffer.Write(p)
}

func TestCopyStreams(t *testing.T) {
	line := []byte("2026-01-01T00:00:00.000000000Z a line of the log\n")
	big := bytes.Repeat(line, 10000) // ~500 KiB
	tests := []struct {
		name string
		src  func() *chunks
		// failAt makes the writer fail past this many bytes.
		failAt      int
		wantErr     string
		wantWritten int
	}{
		{name: "an empty log writes nothing", src: func() *chunks { return &chunks{} }},
		{name: "small chunks are passed on as they come",
			src: func() *chunks { return &chunks{parts: [][]byte{line, line, line}} }, wantWritten: 3 * len(line)},
		{name: "a large read is cut into bounded chunks",
			src: func() *chunks { return &chunks{parts: [][]byte{big}} }, wantWritten: len(big)},
		{name: "a failed read ends the copy with its error",
			src:     func() *chunks { return &chunks{parts: [][]byte{line}, err: errors.New("stream reset")} },
			wantErr: "stream reset", wantWritten: len(line)},
		{name: "a failed write ends the copy",
			src:    func() *chunks { return &chunks{parts: [][]byte{line, line, line}} },
			failAt: 2*len(line) - 1, wantErr: "client went away", wantWritten: len(line)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src()
			want := bytes.Join(src.parts, nil)
			dst := &recorder{failAt: tt.failAt}
			n, err := Copy(dst, src, func() error {
				dst.flushed = append(dst.flushed, dst.Len())
				return nil
			})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if int(n) != tt.wantWritten || dst.Len() != tt.wantWritten {
				t.Fatalf("wrote %d (%d received), want %d", n, dst.Len(), tt.wantWritten)
			}
			if !bytes.Equal(dst.Bytes(), want[:tt.wantWritten]) {
				t.Fatal("the bytes written differ from the bytes read")
			}
			for _, w := range dst.writes {
				if w > chunkSize {
					t.Fatalf("a write of %d bytes: more than one chunk held at once", w)
				}
			}
			// Every write is flushed before the next read: the client has
			// each chunk before the next one is read.
			if len(dst.flushed) != len(dst.writes) {
				t.Fatalf("%d writes, %d flushes", len(dst.writes), len(dst.flushed))
			}
		})
	}
	t.Run("a failed flush ends the copy", func(t *testing.T) {
		_, err := Copy(io.Discard, &chunks{parts: [][]byte{line, line}}, func() error { return errors.New("flush failed") })
		if err == nil || err.Error() != "flush failed" {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("without a flush function it copies all", func(t *testing.T) {
		var buf bytes.Buffer
		if n, err := Copy(&buf, bytes.NewReader(big), nil); err != nil || n != int64(len(big)) {
			t.Fatalf("%d, %v", n, err)
		}
	})
}

func TestTarget(t *testing.T) {
	containers := func(names ...string) []v1beta1.WorkspacePodContainer {
		var out []v1beta1.WorkspacePodContainer
		for _, n := range names {
			out = append(out, v1beta1.WorkspacePodContainer{Name: n})
		}
		return out
	}
	tests := []struct {
		name      string
		status    v1beta1.WorkspacePodStatus
		container string
		want      string
		wantErr   error
	}{
		{name: "no Pod", status: v1beta1.WorkspacePodStatus{Containers: containers("main")}, wantErr: ErrPodNotRunning},
		{name: "main by default", status: v1beta1.WorkspacePodStatus{Name: "p", Containers: containers("istio-proxy", "main")}, want: "main"},
		{name: "no containers reported yet", status: v1beta1.WorkspacePodStatus{Name: "p"}, wantErr: ErrContainerNotStarted},
		{name: "no main container", status: v1beta1.WorkspacePodStatus{Name: "p", Containers: containers("app")}, wantErr: ErrContainerNotFound},
		{name: "a named container", status: v1beta1.WorkspacePodStatus{Name: "p", Containers: containers("main", "app")}, container: "app", want: "app"},
		{name: "a named init container", status: v1beta1.WorkspacePodStatus{Name: "p", Containers: containers("main"), InitContainers: containers("istio-proxy")}, container: "istio-proxy", want: "istio-proxy"},
		{name: "a named container the Pod lacks", status: v1beta1.WorkspacePodStatus{Name: "p", Containers: containers("main")}, container: "app", wantErr: ErrContainerNotFound},
		{name: "main named without containers reported", status: v1beta1.WorkspacePodStatus{Name: "p"}, container: "main", wantErr: ErrContainerNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := &v1beta1.Workspace{Status: v1beta1.WorkspaceStatus{PodTemplatePod: tt.status}}
			pod, got, err := target(ws, tt.container)
			if !errors.Is(err, tt.wantErr) || got != tt.want || (err == nil && pod != "p") {
				t.Fatalf("target = %q, %q, %v; want %q, %v", pod, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestAvailable(t *testing.T) {
	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	waiting := corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	terminated := corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1}}
	tests := []struct {
		name     string
		status   corev1.PodStatus
		previous bool
		wantErr  error
	}{
		{name: "a running container", status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: running}}}},
		{name: "a terminated container has a log", status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: terminated}}}},
		{name: "a waiting container", status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: waiting}}}, wantErr: ErrContainerNotStarted},
		{name: "no status for the container", status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "other", State: running}}}, wantErr: ErrContainerNotStarted},
		{name: "an init container's status", status: corev1.PodStatus{InitContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: running}}}},
		{name: "previous of a container that never terminated", previous: true,
			status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: running}}}, wantErr: ErrNoPreviousLogs},
		{name: "previous of a restarted container", previous: true,
			status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "main", State: waiting, LastTerminationState: terminated}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := available(&corev1.Pod{Status: tt.status}, "main", tt.previous); !errors.Is(err, tt.wantErr) {
				t.Fatalf("available = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestOpenError(t *testing.T) {
	pods := schema.GroupResource{Resource: "pods"}
	tests := []struct {
		name  string
		err   error
		check func(error) bool
	}{
		{"a 400 is the API server's refusal, with its message", apierrors.NewBadRequest("container main is waiting to start"),
			func(err error) bool {
				var r *RefusedError
				return errors.As(err, &r) && r.Message == "container main is waiting to start"
			}},
		{"the Pod gone is not running", apierrors.NewNotFound(pods, "p"),
			func(err error) bool { return errors.Is(err, ErrPodNotRunning) }},
		{"a missing node (reported as a Pod of its name) is the node's failure", apierrors.NewNotFound(pods, "node-1"),
			func(err error) bool { var n *NodeError; return errors.As(err, &n) }},
		{"a kubelet that does not answer is the node's failure", apierrors.NewInternalError(errors.New("dial tcp: connection refused")),
			func(err error) bool { var n *NodeError; return errors.As(err, &n) }},
		{"the BFF's own refusal stays as it is", apierrors.NewForbidden(schema.GroupResource{Resource: "pods/log"}, "p", errors.New("no")),
			func(err error) bool { var n *NodeError; return apierrors.IsForbidden(err) && !errors.As(err, &n) }},
		{"no answer at all stays as it is", errors.New("connection refused"),
			func(err error) bool { return err.Error() == "connection refused" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openError(tt.err, "p"); !tt.check(got) {
				t.Fatalf("openError(%v) = %T %v", tt.err, got, got)
			}
		})
	}
}
