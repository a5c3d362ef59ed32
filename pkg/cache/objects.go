package cache

import "github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"

// WorkspaceObject returns the cached Workspace, decoded anew: the caller's
// own. It reports whether the Workspace exists.
func (m *Model) WorkspaceObject(namespace, name string) (*v1beta1.Workspace, bool) {
	m.mu.RLock()
	e, ok := m.entry(namespace, name)
	m.mu.RUnlock()
	if !ok {
		return nil, false
	}
	// A packed Workspace never changes: decode it without holding the lock.
	return e.ws.Workspace(), true
}
