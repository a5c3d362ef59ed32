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

// Package workspaceevents reads the Kubernetes Events about a Workspace,
// its StatefulSet and its Pod, as GET
// /api/v1/workspaces/{namespace}/{name}/events serves them: why a
// Workspace is stuck (an image that cannot be pulled, a Pod that cannot be
// scheduled, a volume that cannot be mounted).
//
// Events are read live, with the BFF's own identity, after the caller's
// access to the Workspace is checked, and never cached: an informer of
// Events would hold every Event of the cluster, where this read asks only
// for those of three objects (docs/design.md says why, with numbers). It
// reads core/v1 Events, which carry the count and first and last times the
// route serves, and which every component that reports on Pods writes
// (events.k8s.io/v1 is the same data with those fields renamed
// deprecatedCount, deprecatedFirstTimestamp...).
package workspaceevents

import (
	"context"
	"fmt"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

const (
	// PerObject bounds the Events read about one object. The recorders
	// that write them count repeats in one Event, and the API server
	// keeps an Event for an hour (--event-ttl), so an object rarely has
	// more.
	PerObject = 100
	// maxStatefulSets bounds the StatefulSets read for a Workspace; the
	// workspace controller owns one.
	maxStatefulSets = 2
)

// Reader reads Events and StatefulSets with the BFF's own identity: the
// caller has checked that the user may read the Workspace.
type Reader struct {
	kube kubernetes.Interface
}

// NewReader reads through kube.
func NewReader(kube kubernetes.Interface) *Reader { return &Reader{kube: kube} }

// object is what an Event is about.
type object struct{ kind, name string }

// Read returns the Events about ws, its StatefulSets (those labelled with
// its name, as the workspace controller labels what it runs for a
// Workspace) and their Pods, newest first; never nil. Each object's Events
// are listed by field selector, so the API server filters them: nothing
// lists a namespace's Events, let alone the cluster's.
func (r *Reader) Read(ctx context.Context, ws *v1beta1.Workspace) ([]models.WorkspaceEvent, error) {
	ns := ws.Namespace
	objects := []object{{"Workspace", ws.Name}}
	sets, err := r.kube.AppsV1().StatefulSets(ns).List(ctx, metav1.ListOptions{
		LabelSelector: labels.Set{informers.WorkspaceNameLabel: ws.Name}.String(),
		Limit:         maxStatefulSets,
	})
	if err != nil {
		return nil, fmt.Errorf("listing the StatefulSets of Workspace %s/%s: %w", ns, ws.Name, err)
	}
	for _, s := range sets.Items {
		// A Workspace's Pod is its StatefulSet's first: named so even
		// while it cannot be created, or after it is gone.
		objects = append(objects, object{"StatefulSet", s.Name}, object{"Pod", s.Name + "-0"})
	}
	if pod := ws.Status.PodTemplatePod.Name; pod != "" && !slices.Contains(objects, object{"Pod", pod}) {
		objects = append(objects, object{"Pod", pod})
	}
	type timed struct {
		event models.WorkspaceEvent
		last  time.Time
	}
	var all []timed
	for _, o := range objects {
		list, err := r.kube.CoreV1().Events(ns).List(ctx, metav1.ListOptions{
			FieldSelector: fields.Set{
				"involvedObject.kind": o.kind, "involvedObject.name": o.name, "involvedObject.namespace": ns,
			}.String(),
			Limit: PerObject,
		})
		if err != nil {
			return nil, fmt.Errorf("listing the Events of %s %s/%s: %w", o.kind, ns, o.name, err)
		}
		for i := range list.Items {
			ev, last := convert(&list.Items[i])
			all = append(all, timed{ev, last})
		}
	}
	slices.SortStableFunc(all, func(a, b timed) int { return b.last.Compare(a.last) })
	out := make([]models.WorkspaceEvent, 0, len(all))
	for _, t := range all {
		out = append(out, t.event)
	}
	return out, nil
}

// convert is e as the route serves it, and when it last happened. An
// Event written through events.k8s.io/v1 has an eventTime and a series
// instead of first and last timestamps and a count.
func convert(e *corev1.Event) (models.WorkspaceEvent, time.Time) {
	first, last, count := e.FirstTimestamp.Time, e.LastTimestamp.Time, e.Count
	if first.IsZero() {
		first = e.EventTime.Time
	}
	if first.IsZero() {
		first = e.CreationTimestamp.Time
	}
	if e.Series != nil {
		last, count = e.Series.LastObservedTime.Time, e.Series.Count
	}
	if last.IsZero() {
		last = first
	}
	return models.WorkspaceEvent{
		Type:           e.Type,
		Reason:         e.Reason,
		Message:        e.Message,
		Count:          max(count, 1),
		FirstTimestamp: first.UTC().Format(time.RFC3339),
		LastTimestamp:  last.UTC().Format(time.RFC3339),
		Object:         models.EventObject{Kind: e.InvolvedObject.Kind, Name: e.InvolvedObject.Name},
	}, last
}
