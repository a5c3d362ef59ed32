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

// Package models holds the JSON bodies the BFF serves, shaped exactly as
// upstream's Workspaces BFF encodes them (field names, keys that are always
// present or omitted, null versus []), and the pure functions that build them
// from the Kubernetes objects.
//
// The constructors run once per informer event, not per request: pkg/cache
// renders each object to bytes when it changes and the handlers serve those
// bytes. They never modify their arguments, which come from informer stores,
// and the models they return share no maps or slices with them, so a model
// stays valid whatever later happens to the object it was built from.
//
// The rules follow upstream's API reference (sections 3, 5.3, 5.5, 5.11,
// 5.13, 5.17) and its CRD reference (§5, "Values a BFF must compute").
package models

// Options carries configuration that affects rendering.
type Options struct {
	// ProxyURLPrefix is PROXY_URL_PREFIX: prepended, without its trailing
	// slash, to the absolute URLs the BFF generates, which are only the
	// asset URLs of ConfigMap-backed icons and logos.
	ProxyURLPrefix string
}
