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
	"context"
	"net/http"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// ResourceUsage reads a Workspace's point-in-time resource usage
// (pkg/resourceusage.Reader).
type ResourceUsage interface {
	Of(ctx context.Context, ws *v1beta1.Workspace) (models.WorkspaceResourceUsage, error)
}

// resources answers GET .../podtemplate/resources: the usage of each
// container of the Workspace's Pod, read live, joined with its requests and
// limits. Without a metrics API or a Pod it is still a 200, whose "error"
// says why there is no usage.
func (h podTemplate) resources(w http.ResponseWriter, r *http.Request) error {
	ws, err := h.guard.workspace(r, h.objects)
	if err != nil {
		return err
	}
	usage := models.WorkspaceResourceUsage{
		Containers: map[string]models.ContainerResourceUsage{},
		Error:      models.ErrMetricsAPINotAvailable,
	}
	if h.usage != nil {
		if usage, err = h.usage.Of(r.Context(), ws); err != nil {
			return err
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, dataEnvelope{usage})
	return nil
}
