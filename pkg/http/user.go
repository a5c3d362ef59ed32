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
	"net/http"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// currentUser answers GET /api/v1/user, which the frontend's shared library
// (mod-arch) asks for on every page load: the caller's name, and whether
// they are a cluster admin, decided by a review of auth.ClusterAdmin through
// the authorization cache.
func currentUser(g guard) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := user(r)
		admin, err := g.may(r, auth.ClusterAdmin)
		if err != nil {
			return err
		}
		// Rendered per request, with an ETag from its bytes: a page load
		// that asks twice gets a 304 the second time.
		serveBody(w, r, cache.Rendered(models.User{UserID: u.Name, ClusterAdmin: admin}))
		return nil
	}
}
