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

// Package actions performs every write of the BFF against the Kubernetes API
// server: create, update, patch, delete and the pause action. Each write
// carries the resourceVersion it was computed from, so a concurrent change
// makes it fail (or, when the change cannot matter, retry) instead of being
// overwritten. After a write the action waits until the read model serves
// it, so the caller's next GET, from any client, sees it.
package actions

import (
	"context"
	"errors"
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// ReadModel is what actions read from the cache: kinds to validate against,
// their usage, and whether a write is visible yet.
type ReadModel interface {
	Kind(name string) (*v1beta1.WorkspaceKind, bool)
	KindUsage(name string) int
	// NamespaceLabels are a namespace's labels from the informer, for the
	// filter rules, and whether it exists.
	NamespaceLabels(name string) (map[string]string, bool)
	WaitWorkspace(ctx context.Context, w cache.Written) error
	WaitWorkspaceKind(ctx context.Context, w cache.Written) error
}

// Options tune the actions.
type Options struct {
	// VisibilityTimeout bounds the wait for the read model to serve a
	// write; 0 means DefaultVisibilityTimeout.
	VisibilityTimeout time.Duration
	// Observer, when set, is told of every API call, retry and wait.
	Observer Observer
	// Health, when set, tells whether the API server answers: while it
	// does not, writes fail at once with Unavailable instead of each
	// waiting for its own timeout, but for the few it admits to find out
	// whether it is back.
	Health interface{ Admit() (bool, time.Time) }
}

// reachable is Unavailable while the API server is known to be down, but
// for the writes Health admits to find out whether it is back.
func (a *Actions) reachable() error {
	if a.opts.Health == nil {
		return nil
	}
	if ok, since := a.opts.Health.Admit(); !ok {
		return &Error{Reason: Unavailable, Message: "the Kubernetes API server has been unreachable since " + since.UTC().Format(time.RFC3339)}
	}
	return nil
}

// DefaultVisibilityTimeout is how long a write waits to become visible.
const DefaultVisibilityTimeout = 3 * time.Second

// Observer is told what the writes do, for metrics (pkg/metrics implements
// it). Calls are made on the request's goroutine and must be quick.
type Observer interface {
	// APICall is one request to the API server made by a write: its verb
	// (get, create, update, patch, delete), the resource's plural name and
	// the error, nil on success. A 409 Conflict is an API call whose error
	// satisfies apierrors.IsConflict.
	APICall(verb, resource string, err error)
	// Retried is a write attempted again after the API server refused it
	// with a 409 Conflict that cannot matter to the caller.
	Retried(resource string)
	// VisibilityWaited is a write's wait for the read model to serve it;
	// timedOut when VisibilityTimeout passed first.
	VisibilityWaited(resource string, d time.Duration, timedOut bool)
}

type nopObserver struct{}

func (nopObserver) APICall(string, string, error)                {}
func (nopObserver) Retried(string)                               {}
func (nopObserver) VisibilityWaited(string, time.Duration, bool) {}

// Actions performs writes.
type Actions struct {
	clients *kube.Clients
	model   ReadModel
	opts    Options
}

// New returns the actions over clients, waiting on model.
func New(clients *kube.Clients, model ReadModel, opts Options) *Actions {
	if opts.VisibilityTimeout <= 0 {
		opts.VisibilityTimeout = DefaultVisibilityTimeout
	}
	if opts.Observer == nil {
		opts.Observer = nopObserver{}
	}
	return &Actions{clients: clients, model: model, opts: opts}
}

// Result is a successful write: the object as the API server answered, and
// a warning when the read model had not served it within the bound.
type Result[T any] struct {
	Object  T
	Warning string
}

// StaleWarning is the Warning a write answers with when the read model had
// not caught up with it in time.
const StaleWarning = "the write succeeded but is not yet visible in reads; a GET may briefly return older data"

// visible waits for the read model to serve a write of resource, within
// the bound. A caller that gave up (ctx) is not a timeout.
func (a *Actions) visible(ctx context.Context, resource string, wait func(context.Context, cache.Written) error, w cache.Written) string {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, a.opts.VisibilityTimeout)
	defer cancel()
	timedOut := errors.Is(wait(ctx, w), context.DeadlineExceeded)
	a.opts.Observer.VisibilityWaited(resource, time.Since(start), timedOut)
	Reported(ctx, resource, w)
	if timedOut {
		return StaleWarning
	}
	return ""
}

type reporterKey struct{}

// WithReporter returns a context under which every successful write calls
// report with its resource and what it wrote, once the write is done. The
// HTTP layer hands the caller a consistency token made of it, so that any
// replica can wait for the write before it answers the caller's next read.
func WithReporter(ctx context.Context, report func(resource string, w cache.Written)) context.Context {
	return context.WithValue(ctx, reporterKey{}, report)
}

// Reported tells the reporter under ctx, if any, of a completed write.
func Reported(ctx context.Context, resource string, w cache.Written) {
	if report, ok := ctx.Value(reporterKey{}).(func(string, cache.Written)); ok {
		report(resource, w)
	}
}

func written(obj kube.Object) cache.Written {
	return cache.Written{
		Namespace: obj.GetNamespace(), Name: obj.GetName(),
		UID: obj.GetUID(), ResourceVersion: obj.GetResourceVersion(),
	}
}

func deleted(obj kube.Object) cache.Written {
	w := written(obj)
	w.Deleted = true
	return w
}

// audit stamps who changed an object and when, as upstream does on PUT.
func (a *Actions) stampUpdate(obj kube.Object, user string) {
	annotations := obj.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[models.AnnotationUpdatedBy] = user
	annotations[models.AnnotationUpdatedAt] = time.Now().UTC().Format(time.RFC3339)
	obj.SetAnnotations(annotations)
}

// stampCreate records who created an object, as upstream does: created-by
// and updated-by, no updated-at.
func stampCreate(obj kube.Object, user string) {
	annotations := obj.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[models.AnnotationCreatedBy] = user
	annotations[models.AnnotationUpdatedBy] = user
	obj.SetAnnotations(annotations)
}
