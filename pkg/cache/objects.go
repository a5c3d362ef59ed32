package cache

import "github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"

// WorkspaceObject returns the cached Workspace, which the caller must not
// modify, and whether it exists.
func (m *Model) WorkspaceObject(namespace, name string) (*v1beta1.Workspace, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.workspaces[namespace+"/"+name]
	if !ok {
		return nil, false
	}
	return e.obj, true
}
