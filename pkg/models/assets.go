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

package models

import (
	"strings"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

// ImageRef is where the frontend loads an icon or logo from [assets.ImageRef].
type ImageRef struct {
	URL string `json:"url"`
	// Error is set only for a ConfigMap-backed asset the controller could not
	// read.
	Error ImageRefError `json:"error,omitempty"`
}

// ImageRefError is why a ConfigMap-backed asset cannot be served
// [assets.ImageRefErrorCode].
type ImageRefError string

// The ImageRefError values, mapped from the WorkspaceKind's
// status.spawnerIcon/Logo.configMap.errorType.
const (
	ImageRefErrorConfigMapMissing    ImageRefError = "CONFIGMAP_MISSING"
	ImageRefErrorConfigMapKeyMissing ImageRefError = "CONFIGMAP_KEY_MISSING"
	ImageRefErrorConfigMapOther      ImageRefError = "CONFIGMAP_OTHER"
	ImageRefErrorConfigMapUnknown    ImageRefError = "CONFIGMAP_UNKNOWN"
)

// Asset names, the last segment of the asset URLs.
const (
	assetIcon = "icon"
	assetLogo = "logo"
)

// newImageRef renders an icon or logo (crds.md §5.3). A URL asset is served
// as is. A ConfigMap asset is served by the BFF itself, under
// <prefix>/api/v1/workspacekinds/<kind>/assets/<asset>, with the content hash
// the controller computed as a cache buster and the controller's read error,
// if any. An asset with neither has an empty URL.
func newImageRef(asset v1beta1.WorkspaceKindAsset, status v1beta1.WorkspaceKindAssetStatus, kindName, assetName string, opts Options) ImageRef {
	if asset.URL != nil && *asset.URL != "" {
		return ImageRef{URL: *asset.URL}
	}
	if asset.ConfigMap == nil {
		return ImageRef{}
	}
	url := strings.TrimRight(opts.ProxyURLPrefix, "/") + "/api/v1/workspacekinds/" + kindName + "/assets/" + assetName
	if status.SHA256 != "" {
		url += "?sha256=" + status.SHA256
	}
	ref := ImageRef{URL: url}
	if status.ConfigMap != nil {
		ref.Error = imageRefError(status.ConfigMap.ErrorType)
	}
	return ref
}

// imageRefError maps the controller's error type; no error type, no error.
func imageRefError(errorType v1beta1.AssetConfigMapErrorType) ImageRefError {
	switch errorType {
	case "":
		return ""
	case v1beta1.AssetConfigMapErrorNotFound:
		return ImageRefErrorConfigMapMissing
	case v1beta1.AssetConfigMapErrorKeyNotFound:
		return ImageRefErrorConfigMapKeyMissing
	case v1beta1.AssetConfigMapErrorOther:
		return ImageRefErrorConfigMapOther
	default:
		return ImageRefErrorConfigMapUnknown
	}
}
