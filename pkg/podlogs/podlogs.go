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

// Package podlogs reads the log of a container of a Workspace's Pod, as
// GET /api/v1/workspaces/{namespace}/{name}/podtemplate/logs/batch serves
// it (api.md 5.10). It checks the Pod's live status first, so that a log
// that cannot exist is a clear error instead of whatever the API server or
// the kubelet would say, then opens the log, a snapshot or followed (for
// .../podtemplate/logs/stream), that its caller streams to the client
// without holding it in memory.
//
// Like one Secret's keys (pkg/actions), this read is not answered from the
// cache: a Pod's container states change by the second, and the log lives
// on the node.
package podlogs

import (
	"context"
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

const (
	// MainContainer is the container the workspace controller runs the
	// kind's image in, and the one read when the caller names none (never
	// an injected sidecar such as istio-proxy).
	MainContainer = "main"
	// DefaultTailLines is how many of the last lines are read when the
	// caller does not say.
	DefaultTailLines int64 = 1000
	// LimitBytes caps a log snapshot, as upstream's: the API server stops
	// after this many bytes.
	LimitBytes int64 = 100 << 20
)

// Why a log cannot be read; upstream answers each with a 400 and its text.
var (
	// ErrPodNotRunning: the Workspace reports no Pod, or its Pod is gone.
	ErrPodNotRunning = errors.New("workspace pod is not running")
	// ErrContainerNotFound: the Pod has no container of that name.
	ErrContainerNotFound = errors.New("container not found in workspace pod")
	// ErrContainerNotStarted: the container has never run.
	ErrContainerNotStarted = errors.New("container has not started yet")
	// ErrNoPreviousLogs: previous was asked of a container that has not
	// terminated before.
	ErrNoPreviousLogs = errors.New("no logs found for the previous container instance")
)

// RefusedError is the API server refusing a log that the Pod's status said
// could be read: the container changed in between. Message is the API
// server's.
type RefusedError struct{ Message string }

func (e *RefusedError) Error() string { return e.Message }

// NodeError is a failure to fetch the log from the Pod's node (the
// kubelet), through the API server.
type NodeError struct{ Err error }

func (e *NodeError) Error() string { return "reading the log from the node: " + e.Err.Error() }
func (e *NodeError) Unwrap() error { return e.Err }

// Options select the log to read.
type Options struct {
	// Container is the container's name; "" reads MainContainer.
	Container string
	// TailLines is how many of the last lines to read; 0 means
	// DefaultTailLines.
	TailLines int64
	// Previous reads the previous, terminated instance of the container.
	Previous bool
	// SinceTime, when set, skips lines logged before it.
	SinceTime *metav1.Time
	// Follow keeps the log open: the node sends lines as the container
	// writes them, and ends when the container ends.
	Follow bool
}

// Reader reads Pods and their logs with the BFF's own identity: the caller
// has checked that the user may read the Workspace.
type Reader struct {
	pods corev1client.PodsGetter
}

// NewReader reads through pods (client-go's CoreV1()).
func NewReader(pods corev1client.PodsGetter) *Reader { return &Reader{pods: pods} }

// Open checks that the log exists and opens it: every line prefixed with
// its RFC 3339 timestamp, at most LimitBytes. The caller closes it. Errors
// are the Err* values above, a *RefusedError, a *NodeError, or the API
// server's error reading the Pod.
func (r *Reader) Open(ctx context.Context, ws *v1beta1.Workspace, opts Options) (io.ReadCloser, error) {
	podName, container, err := target(ws, opts.Container)
	if err != nil {
		return nil, err
	}
	pods := r.pods.Pods(ws.Namespace)
	pod, err := pods.Get(ctx, podName, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		// The Workspace's status names a Pod that no longer exists.
		return nil, ErrPodNotRunning
	case err != nil:
		return nil, fmt.Errorf("reading Pod %s/%s: %w", ws.Namespace, podName, err)
	}
	if err := available(pod, container, opts.Previous); err != nil {
		return nil, err
	}
	tail := opts.TailLines
	if tail <= 0 {
		tail = DefaultTailLines
	}
	limit := LimitBytes
	stream, err := pods.GetLogs(podName, &corev1.PodLogOptions{
		Container:  container,
		TailLines:  &tail,
		LimitBytes: &limit,
		Previous:   opts.Previous,
		SinceTime:  opts.SinceTime,
		Follow:     opts.Follow,
		Timestamps: true,
	}).Stream(ctx)
	if err != nil {
		return nil, openError(err, podName)
	}
	return stream, nil
}

// target is the Pod and container to read, from the Workspace's status:
// a named container must be one of the Pod's containers or init containers
// (a native sidecar such as istio-proxy is one); without a name, main.
func target(ws *v1beta1.Workspace, container string) (pod, name string, err error) {
	status := ws.Status.PodTemplatePod
	if status.Name == "" {
		return "", "", ErrPodNotRunning
	}
	if container != "" {
		if !hasContainer(status.Containers, container) && !hasContainer(status.InitContainers, container) {
			return "", "", ErrContainerNotFound
		}
		return status.Name, container, nil
	}
	if len(status.Containers) == 0 {
		return "", "", ErrContainerNotStarted
	}
	if !hasContainer(status.Containers, MainContainer) {
		return "", "", ErrContainerNotFound
	}
	return status.Name, MainContainer, nil
}

func hasContainer(containers []v1beta1.WorkspacePodContainer, name string) bool {
	for _, c := range containers {
		if c.Name == name {
			return true
		}
	}
	return false
}

// available checks the container's live status: it must have started (not
// be waiting, and be known at all), or, for the previous instance, have
// terminated once.
func available(pod *corev1.Pod, container string, previous bool) error {
	for _, statuses := range [][]corev1.ContainerStatus{pod.Status.ContainerStatuses, pod.Status.InitContainerStatuses} {
		for _, cs := range statuses {
			if cs.Name != container {
				continue
			}
			switch {
			case previous && cs.LastTerminationState.Terminated == nil:
				return ErrNoPreviousLogs
			case !previous && cs.State.Waiting != nil:
				return ErrContainerNotStarted
			}
			return nil
		}
	}
	return ErrContainerNotStarted
}

// openError classifies the API server's refusal to open a log of pod.
func openError(err error, pod string) error {
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		// No answer at all: the API server is unreachable.
		return err
	}
	switch {
	case apierrors.IsBadRequest(err):
		// The container's state changed since it was checked.
		return &RefusedError{Message: status.Status().Message}
	case apierrors.IsNotFound(err) && notFound(status.Status(), pod):
		// Deleted since it was checked.
		return ErrPodNotRunning
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		// The BFF's own identity may not read logs: nothing the caller
		// can act on.
		return err
	}
	return &NodeError{Err: err}
}

// notFound reports whether a NotFound names the Pod itself. The API server
// reports a missing node as a missing Pod of the node's name.
func notFound(s metav1.Status, pod string) bool {
	return s.Details != nil && s.Details.Kind == "pods" && s.Details.Name == pod
}

// chunkSize bounds what Copy holds of a log at once.
const chunkSize = 32 << 10

// Copy streams src to dst as it arrives, one chunk of at most 32 KiB at a
// time, calling flush (when set) after each so that the client receives
// the log while it is read, never the whole log held in memory. It returns
// the bytes written and the first error of src (other than io.EOF), dst or
// flush.
func Copy(dst io.Writer, src io.Reader, flush func() error) (int64, error) {
	buf := make([]byte, chunkSize)
	var written int64
	for {
		n, readErr := src.Read(buf)
		if n > 0 {
			w, err := dst.Write(buf[:n])
			written += int64(w)
			if err != nil {
				return written, err
			}
			if w != n {
				return written, io.ErrShortWrite
			}
			if flush != nil {
				if err := flush(); err != nil {
					return written, err
				}
			}
		}
		if errors.Is(readErr, io.EOF) {
			return written, nil
		}
		if readErr != nil {
			return written, readErr
		}
	}
}
