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
	"errors"
	"fmt"
	"net/http"

	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
)

// Assets are the icons and logos kept in image-source ConfigMaps
// (pkg/cache.Assets).
type Assets interface {
	Asset(namespace, name, key string) (*cache.Asset, error)
}

// assets holds the handlers of a kind's icon and logo.
type assets struct {
	objects Objects
	assets  Assets
	guard   guard
}

// Which of a kind's assets a route serves.
const (
	assetIcon = "icon"
	assetLogo = "logo"
)

// Cache-Control of an asset: one requested by the content hash it has can
// never change, so it is kept for a year without asking again; any other
// is revalidated, as every other GET.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// serve answers GET /api/v1/workspacekinds/{name}/assets/{icon|logo}
// (api.md 5.16) from the asset store. Where upstream answers 500 (the
// ConfigMap or its key is missing) this is a 404 that says which.
func (h assets) serve(which string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		_, name, err := routeParams(r)
		if err != nil {
			return err
		}
		// With a namespace the asset is shown next to that namespace's
		// Workspaces; without, it is an administrator's look at the kind.
		policy := auth.WorkspaceKinds.On("get", "", name)
		ns, err := namespaceQuery(r, "namespace")
		if err != nil {
			return err
		}
		if ns != "" {
			policy = auth.Workspaces.On("list", ns, "")
		}
		if err := h.guard.allowed(r, policy); err != nil {
			return err
		}
		kind, ok := h.objects.Kind(name)
		if !ok {
			return errNotFound()
		}
		ref := kind.Spec.Spawner.Icon
		if which == assetLogo {
			ref = kind.Spec.Spawner.Logo
		}
		if ref.ConfigMap == nil {
			// A URL asset: the browser loads it from there, as upstream.
			return errNotFound()
		}
		asset, err := h.assets.Asset(ref.ConfigMap.Namespace, ref.ConfigMap.Name, ref.ConfigMap.Key)
		switch {
		case errors.Is(err, cache.ErrConfigMapMissing):
			return &Error{Status: http.StatusNotFound, Message: fmt.Sprintf(
				"the %s of workspace kind %q is unavailable: its ConfigMap does not exist or is not labeled %s=true",
				which, name, informers.ImageSourceLabel)}
		case errors.Is(err, cache.ErrKeyMissing):
			return &Error{Status: http.StatusNotFound, Message: fmt.Sprintf(
				"the %s of workspace kind %q is unavailable: its ConfigMap has no key %q", which, name, ref.ConfigMap.Key)}
		case err != nil:
			return err
		}
		serveAsset(w, r, asset)
		return nil
	}
}

// serveAsset answers with an asset's bytes: a strong ETag (its hash), 304
// when the client holds it, gzip when accepted. The SVG is served so that a
// browser opening it directly runs nothing it holds: no sniffing, and a
// sandbox without scripts.
func serveAsset(w http.ResponseWriter, r *http.Request, asset *cache.Asset) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	rep := representation{contentType: svgContentType, cacheControl: cacheRevalidate}
	if r.URL.Query().Get("sha256") == asset.SHA256 {
		rep.cacheControl = cacheImmutable
	}
	if !notModified(w, r, asset.ETag(), rep) {
		writeRendered(w, r, asset.Body, asset.Bytes())
	}
}

const svgContentType = "image/svg+xml"
