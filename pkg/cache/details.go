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
	"hash/fnv"
	"strconv"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// Details is a Workspace's pod template details response (api.md 5.9),
// rendered on demand: its ETag is known without rendering, so the polls
// that find it unchanged (a 304) encode nothing, and the body of one small
// object is encoded only for a client that lacks it.
type Details struct {
	etag string
	ws   *v1beta1.Workspace     // shared with the informer: never modify
	kind *v1beta1.WorkspaceKind // nil when the kind does not exist
}

// WorkspaceDetails returns the details response of one Workspace, and
// whether the Workspace exists.
func (m *Model) WorkspaceDetails(namespace, name string) (Details, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.entry(namespace, name)
	if !ok {
		return Details{}, false
	}
	d := Details{ws: e.ws}
	if k, ok := m.kinds[e.ws.Spec.Kind]; ok {
		d.kind = k.obj
	}
	// The details are a function of the Workspace and its kind: naming
	// both versions (and this process, whose rendering may differ from a
	// previous one's) names the body exactly.
	kindVersion := "-"
	if d.kind != nil {
		kindVersion = string(d.kind.UID) + "@" + d.kind.ResourceVersion
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(string(d.ws.UID) + "\x00" + d.ws.ResourceVersion + "\x00" + kindVersion + "\x00"))
	d.etag = `"` + m.boot + "-d" + strconv.FormatUint(h.Sum64(), 36) + `"`
	return d, true
}

// ETag is the strong entity tag of the details body.
func (d Details) ETag() string { return d.etag }

// Body renders the details response, {"data": WorkspaceDetails}.
func (d Details) Body() *Body {
	return newBody(mustJSON(envelope{models.NewWorkspaceDetails(d.ws, d.kind)}), d.etag)
}

// WorkspaceObject returns the cached Workspace, and whether it exists. It is
// shared with the informer's store: the caller must not modify it.
func (m *Model) WorkspaceObject(namespace, name string) (*v1beta1.Workspace, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	e, ok := m.entry(namespace, name)
	if !ok {
		return nil, false
	}
	return e.ws, true
}
