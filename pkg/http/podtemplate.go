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

package httpapi

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
)

// Objects are the cached objects that the routes rendering per request
// read (pkg/cache.Model): the pod template details and logs of a
// Workspace, and the option values of a kind.
type Objects interface {
	WorkspaceDetails(namespace, name string) (*cache.Body, bool)
	WorkspaceObject(namespace, name string) (*v1beta1.Workspace, bool)
	Kind(name string) (*v1beta1.WorkspaceKind, bool)
}

// PodLogs opens the log of a Workspace's Pod container
// (pkg/podlogs.Reader).
type PodLogs interface {
	Open(ctx context.Context, ws *v1beta1.Workspace, opts podlogs.Options) (io.ReadCloser, error)
}

// podTemplate holds the handlers of a Workspace's pod template routes.
type podTemplate struct {
	objects Objects
	podLogs PodLogs
	usage   ResourceUsage
	guard   guard
	limits  Limits
	// logReaders counts each user's log reads in progress.
	logReaders *userSlots
	refusals   RefusalObserver
}

// details answers GET .../podtemplate/details (api.md 5.9) from the cache,
// rendered per request: one small object.
func (h podTemplate) details(w http.ResponseWriter, r *http.Request) error {
	ns, name, err := h.guard.access(r, auth.Workspaces, "get")
	if err != nil {
		return err
	}
	body, ok := h.objects.WorkspaceDetails(ns, name)
	return serveFound(w, r, body, ok)
}

// startLog is what both log routes do first: validate the query, check
// access, find the Workspace, and take one of the caller's log slots, each
// of which holds a stream from a kubelet; release gives it back.
func (h podTemplate) startLog(r *http.Request) (ws *v1beta1.Workspace, opts podlogs.Options, release func(), err error) {
	ns, name, err := routeParams(r)
	if err != nil {
		return nil, opts, nil, err
	}
	if opts, err = logOptions(r.URL.Query(), h.limits.MaxTailLines); err != nil {
		return nil, opts, nil, err
	}
	if err := h.guard.allowed(r, auth.Workspaces.On("get", ns, name)); err != nil {
		return nil, opts, nil, err
	}
	ws, ok := h.objects.WorkspaceObject(ns, name)
	if !ok {
		return nil, opts, nil, errNotFound()
	}
	caller := user(r).Name
	if !h.logReaders.acquire(caller) {
		h.refusals.Refused(RefusedLogUser)
		return nil, opts, nil, &Error{Status: http.StatusTooManyRequests, RetryAfter: time.Second,
			Message: "you are reading " + strconv.Itoa(h.limits.LogReadsPerUser) + " logs already, the most one user may at once; try again when one is done"}
	}
	return ws, opts, func() { h.logReaders.release(caller) }, nil
}

// logs answers GET .../podtemplate/logs/batch (api.md 5.10): the live
// Pod's container log, streamed as text as it is read, never held whole.
func (h podTemplate) logs(w http.ResponseWriter, r *http.Request) error {
	ws, opts, release, err := h.startLog(r)
	if err != nil {
		return err
	}
	defer release()
	// One deadline for the whole response, the kubelet's stream and the
	// writes to the client alike: a client that reads slowly cannot hold
	// a stream for longer.
	deadline := time.Now().Add(h.limits.LogTimeout)
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	stream, err := h.podLogs.Open(ctx, ws, opts)
	if err != nil {
		return logError(r, err)
	}
	defer stream.Close()

	hdr := w.Header()
	hdr.Set("Content-Type", "text/plain")
	// A snapshot of a moving log: never stored, never sniffed as HTML.
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Vary", "Accept-Encoding")
	gz := acceptsGzip(r)
	if gz {
		hdr.Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(deadline)
	var dst io.Writer = w
	var zw *gzip.Writer
	if gz {
		zw = gzipWriters.Get().(*gzip.Writer)
		zw.Reset(w)
		defer gzipWriters.Put(zw)
		dst = zw
	}
	flush := func() error {
		if zw != nil {
			if err := zw.Flush(); err != nil {
				return err
			}
		}
		return rc.Flush()
	}
	_, err = podlogs.Copy(dst, stream, flush)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err != nil {
		if r.Context().Err() != nil {
			return nil // the client went away
		}
		// The 200 is out: all that is left is to cut the response short,
		// without its proper end, so that the client cannot take a partial
		// log for the whole.
		slog.WarnContext(r.Context(), "streaming a workspace log failed", "namespace", ws.Namespace, "workspace", ws.Name, "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// logOptions reads and checks the logs route's query as upstream does:
// an empty value is no value. tailLines is at most maxTail: the kubelet
// reads a log backwards to find where the tail starts.
func logOptions(query url.Values, maxTail int64) (podlogs.Options, error) {
	var opts podlogs.Options
	var errs fieldErrors
	if raw := query.Get("container"); raw != "" {
		errs.check("container", raw, validation.IsDNS1123Label)
		opts.Container = raw
	}
	if raw := query.Get("tailLines"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		switch {
		case err != nil || n <= 0:
			errs.add(field.Invalid(field.NewPath("tailLines"), raw, "must be a positive integer"))
		case n > maxTail:
			errs.add(field.Invalid(field.NewPath("tailLines"), raw, "must be at most "+strconv.FormatInt(maxTail, 10)))
		}
		opts.TailLines = n
	}
	if raw := query.Get("previous"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			errs.add(field.Invalid(field.NewPath("previous"), raw, "must be a boolean"))
		}
		opts.Previous = b
	}
	if raw := query.Get("sinceTime"); raw != "" {
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			errs.add(field.Invalid(field.NewPath("sinceTime"), raw, "must be a valid RFC3339 timestamp"))
		}
		since := metav1.NewTime(t)
		opts.SinceTime = &since
	}
	return opts, errs.err(msgInvalidQuery)
}

// msgNodeUnavailable answers a log the Pod's node did not give.
const msgNodeUnavailable = "the container's log could not be read from its node; try again later"

// logError maps a failure to open a log: a log that cannot exist is
// upstream's 400 with its reason, a node that does not answer a 502 (upstream:
// 500); an API server that does not answer is writeError's 503.
func logError(r *http.Request, err error) error {
	var refused *podlogs.RefusedError
	var node *podlogs.NodeError
	switch {
	case errors.Is(err, podlogs.ErrPodNotRunning), errors.Is(err, podlogs.ErrContainerNotFound),
		errors.Is(err, podlogs.ErrContainerNotStarted), errors.Is(err, podlogs.ErrNoPreviousLogs):
		return &Error{Status: http.StatusBadRequest, Message: err.Error()}
	case errors.As(err, &refused):
		return &Error{Status: http.StatusBadRequest, Message: refused.Message}
	case errors.As(err, &node):
		slog.WarnContext(r.Context(), "reading a workspace log from its node failed", "error", err)
		return &Error{Status: http.StatusBadGateway, Message: msgNodeUnavailable}
	}
	return err
}
