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
	"context"
	"strconv"

	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// Written names a write the caller wants to see served: an object as the
// API server answered the write, or, with Deleted, the object that was
// deleted.
type Written struct {
	Namespace, Name string
	UID             types.UID
	ResourceVersion string
	Deleted         bool
}

// WaitWorkspace blocks until the model serves the written Workspace (or no
// longer serves the deleted one), or ctx ends. It returns ctx's error then.
func (m *Model) WaitWorkspace(ctx context.Context, w Written) error {
	return m.await(ctx, func() bool {
		e, ok := m.entry(w.Namespace, w.Name)
		if !ok {
			return observed(w, false, "", "", m.workspaceRV)
		}
		return observed(w, true, e.ws.UID, e.ws.ResourceVersion, m.workspaceRV)
	})
}

// WaitWorkspaceKind is WaitWorkspace for a WorkspaceKind.
func (m *Model) WaitWorkspaceKind(ctx context.Context, w Written) error {
	return m.await(ctx, func() bool {
		e, ok := m.kinds[w.Name]
		if !ok {
			return observed(w, false, "", "", m.kindRV)
		}
		return observed(w, true, e.obj.UID, e.obj.ResourceVersion, m.kindRV)
	})
}

// Kind returns the cached WorkspaceKind, which the caller must not modify.
func (m *Model) Kind(name string) (*v1beta1.WorkspaceKind, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.kinds[name]
	if !ok {
		return nil, false
	}
	return e.obj, true
}

// NamespaceLabels are a namespace's labels as the Namespace informer last
// delivered them (shared: never modify), and whether it exists.
func (m *Model) NamespaceLabels(name string) (map[string]string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	labels, ok := m.nsLabels[name]
	return labels, ok
}

// KindUsage counts the cached Workspaces of a kind.
func (m *Model) KindUsage(name string) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 0
	for range m.ofKind(name) {
		n++
	}
	return n
}

// observed decides whether a write is visible. A watch delivers one
// resource's events in resourceVersion order, so once the model has applied
// an event at or past the write's resourceVersion, it has applied the write
// itself, whatever happened to the object since. Deletions are seen when the
// object is gone or was replaced by one with another UID.
func observed(w Written, exists bool, uid types.UID, rv string, latest uint64) bool {
	if w.Deleted {
		return !exists || uid != w.UID
	}
	if exists && uid == w.UID && rv == w.ResourceVersion {
		return true
	}
	written, err := strconv.ParseUint(w.ResourceVersion, 10, 64)
	return err == nil && latest >= written
}

// await waits until cond, evaluated under the read lock, holds.
func (m *Model) await(ctx context.Context, cond func() bool) error {
	return m.wakeup.await(ctx, &m.mu, cond)
}

// applied records an event: a new model generation, the latest
// resourceVersion seen of the resource, and a wake-up for waiters. Caller
// holds mu for writing.
func (m *Model) applied(latest *uint64, resourceVersion string) {
	m.generation++
	if latest != nil {
		seen(latest, resourceVersion)
	}
	m.wakeup.wake()
}
