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

package cache

import (
	"time"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// The model reports how it works through an Observer (timings, as they
// happen) and Stats and CountWorkspaces (state, read when asked, e.g. at a
// Prometheus scrape). pkg/metrics turns both into metrics; this package
// stays free of any metrics library.

// Resources the model holds, as they are named in Stats and to Observers.
const (
	ResourceWorkspaces     = "workspaces"
	ResourceWorkspaceKinds = "workspacekinds"
	ResourceNamespaces     = "namespaces"
)

// Scopes of the cached list responses.
const (
	// ScopeWorkspaces is the list of every Workspace.
	ScopeWorkspaces = "workspaces"
	// ScopeNamespaceWorkspaces are the lists of one namespace's
	// Workspaces, one per namespace that holds any.
	ScopeNamespaceWorkspaces = "namespace_workspaces"
	// ScopeWorkspaceKinds is the list of every WorkspaceKind.
	ScopeWorkspaceKinds = "workspacekinds"
	// ScopeNamespaces is the list of every namespace.
	ScopeNamespaces = "namespaces"
)

// Observer is told how long the model's work takes. Calls come from
// informer goroutines (rendering) and from the first reader after a change
// (list building), so they must be quick and must not call the model.
type Observer interface {
	// Rendered is one object converted to its API model and encoded, when
	// its event arrived or, for a Workspace, when its kind changed.
	Rendered(resource string, d time.Duration)
	// ListBuilt is one list response assembled after its scope changed.
	ListBuilt(scope string, d time.Duration)
}

type nopObserver struct{}

func (nopObserver) Rendered(string, time.Duration)  {}
func (nopObserver) ListBuilt(string, time.Duration) {}

// ResourceStats describe what the model holds of one resource.
type ResourceStats struct {
	Resource string
	// Objects is how many the model serves.
	Objects int
	// Added, Updated and Deleted count the informer events applied.
	Added, Updated, Deleted uint64
	// LastEvent is when the latest event was applied; zero before any.
	LastEvent time.Time
	// Synced is whether the informer's initial list has been applied.
	Synced bool
}

// ListStats describe the cached list responses of one scope.
type ListStats struct {
	Scope string
	// Lists is how many are cached (one per namespace for
	// ScopeNamespaceWorkspaces, and for ScopeWorkspaceKinds one more per
	// namespace asked for with ?namespaceFilter; 0 or 1 otherwise: a list
	// is built on the first read after a change).
	Lists int
	// Bytes is their identity-encoded size.
	Bytes int
}

// add counts l's list, if built.
func (s *ListStats) add(l *lazyList) {
	if list := l.list.Load(); list != nil {
		s.Lists++
		s.Bytes += len(list.raw)
	}
}

// WorkspaceCounts are the model's Workspaces counted by the dimensions the
// metrics report. Every dimension is bounded by what the cluster holds
// (namespaces, kinds, the option ids in use), never by requests.
type WorkspaceCounts struct {
	// ByState counts Workspaces by namespace, kind and status.state
	// ("Unknown" while the controller has not set one).
	ByState map[WorkspaceGroup]int
	// Paused counts Workspaces with spec.paused by namespace and kind.
	Paused map[WorkspaceGroup]int
	// ByKind counts Workspaces by kind; every cached kind is present, with
	// 0 when no Workspace uses it.
	ByKind map[string]int
	// ByOption counts Workspaces by kind and the option value they select;
	// every value a cached kind defines is present, with 0 when unused.
	ByOption map[OptionValue]int
}

// WorkspaceGroup is a namespace, a kind and, for ByState, a state.
type WorkspaceGroup struct {
	Namespace, Kind, State string
}

// OptionValue is one option value of a kind.
type OptionValue struct {
	Kind string
	// Option is OptionImageConfig or OptionPodConfig.
	Option string
	// Value is the option value's id.
	Value string
}

// Options of a WorkspaceKind's pod template, as OptionValue.Option names them.
const (
	OptionImageConfig = "imageConfig"
	OptionPodConfig   = "podConfig"
)

// combination is everything a Workspace is counted by: counting these first
// costs one map update per Workspace instead of four, and there are few
// distinct combinations.
type combination struct {
	namespace, kind, state, image, pod string
	paused                             bool
}

// combinationOf is what ws is counted by.
func combinationOf(ws *v1beta1.Workspace) combination {
	opts := ws.Spec.PodTemplate.Options
	return combination{ws.Namespace, ws.Spec.Kind, string(ws.Status.State), opts.ImageConfig, opts.PodConfig, ws.Spec.Paused}
}

func countWorkspaces(workspaces []*v1beta1.Workspace, kinds []*v1beta1.WorkspaceKind) WorkspaceCounts {
	c := WorkspaceCounts{
		ByState:  map[WorkspaceGroup]int{},
		Paused:   map[WorkspaceGroup]int{},
		ByKind:   make(map[string]int, len(kinds)),
		ByOption: map[OptionValue]int{},
	}
	for _, k := range kinds {
		c.ByKind[k.Name] = 0
		for _, v := range k.Spec.PodTemplate.Options.ImageConfig.Values {
			c.ByOption[OptionValue{k.Name, OptionImageConfig, v.ID}] = 0
		}
		for _, v := range k.Spec.PodTemplate.Options.PodConfig.Values {
			c.ByOption[OptionValue{k.Name, OptionPodConfig, v.ID}] = 0
		}
	}
	combinations := map[combination]int{}
	for _, ws := range workspaces {
		combinations[combinationOf(ws)]++
	}
	for k, n := range combinations {
		state := k.state
		if state == "" {
			state = string(v1beta1.WorkspaceStateUnknown)
		}
		c.ByState[WorkspaceGroup{k.namespace, k.kind, state}] += n
		if k.paused {
			c.Paused[WorkspaceGroup{Namespace: k.namespace, Kind: k.kind}] += n
		}
		c.ByKind[k.kind] += n
		c.ByOption[OptionValue{k.kind, OptionImageConfig, k.image}] += n
		c.ByOption[OptionValue{k.kind, OptionPodConfig, k.pod}] += n
	}
	return c
}
