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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/informers"
)

// Errors of Assets.Asset.
var (
	// ErrConfigMapMissing: no image-source ConfigMap of that name exists
	// (it may exist without the label).
	ErrConfigMapMissing = errors.New("configmap missing")
	// ErrKeyMissing: the ConfigMap has no such key in data or binaryData.
	ErrKeyMissing = errors.New("configmap key missing")
)

// Assets serves the icons and logos that WorkspaceKinds keep in ConfigMaps.
// A ConfigMap informer of its own, restricted by label selector to
// image-source ConfigMaps, feeds it; each key of each ConfigMap is rendered
// when its event arrives (its bytes, their SHA-256 and ETag), so a
// request is a map lookup.
type Assets struct {
	informer     toolscache.SharedIndexInformer
	registration toolscache.ResourceEventHandlerRegistration

	mu sync.RWMutex
	// configMaps maps namespace/name to the ConfigMap's assets by key.
	configMaps map[string]map[string]*Asset
}

// Asset is one key of an image-source ConfigMap, ready to serve. It never
// changes once published; a change of the ConfigMap publishes new ones.
type Asset struct {
	// Body holds the bytes.
	*Body
	// SHA256 is the lowercase hex SHA-256 of the bytes: what the workspace
	// controller writes into the kind's status.spawnerIcon/Logo.sha256, and
	// so what the asset URLs carry as ?sha256=.
	SHA256 string
}

// NewAssets renders the image-source ConfigMaps of inf.ImageSources. Call
// it before the informers start.
func NewAssets(inf *informers.Informers) (*Assets, error) {
	a := &Assets{informer: inf.ImageSources, configMaps: map[string]map[string]*Asset{}}
	reg, err := inf.ImageSources.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
		AddFunc:    a.upsert,
		UpdateFunc: func(_, obj any) { a.upsert(obj) },
		DeleteFunc: a.remove,
	})
	if err != nil {
		return nil, fmt.Errorf("registering the asset store: %w", err)
	}
	a.registration = reg
	return a, nil
}

// HasSynced reports whether the initial list has been rendered.
func (a *Assets) HasSynced() bool {
	return a.informer.HasSynced() && a.registration.HasSynced()
}

// Asset returns the asset under key of the image-source ConfigMap
// namespace/name, looked up in data and then binaryData. Its error is
// ErrConfigMapMissing or ErrKeyMissing.
func (a *Assets) Asset(namespace, name, key string) (*Asset, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	keys, ok := a.configMaps[namespace+"/"+name]
	if !ok {
		return nil, ErrConfigMapMissing
	}
	asset, ok := keys[key]
	if !ok {
		return nil, ErrKeyMissing
	}
	return asset, nil
}

// upsert renders every key of an added or updated ConfigMap.
func (a *Assets) upsert(obj any) {
	cm, ok := obj.(*corev1.ConfigMap)
	if !ok {
		return
	}
	keys := make(map[string]*Asset, len(cm.Data)+len(cm.BinaryData))
	// The API server refuses a key in both data and binaryData; were one
	// there, data would win, as upstream looks there first.
	for k, v := range cm.BinaryData {
		keys[k] = newAsset(v) // shared with the informer's object: never modified
	}
	for k, v := range cm.Data {
		keys[k] = newAsset([]byte(v))
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.configMaps[cm.Namespace+"/"+cm.Name] = keys
}

// remove forgets a deleted ConfigMap, or one that lost its label: the
// watch reports that as a deletion.
func (a *Assets) remove(obj any) {
	if tomb, ok := obj.(toolscache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	cm, ok := obj.(*corev1.ConfigMap)
	if !ok {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.configMaps, cm.Namespace+"/"+cm.Name)
}

// newAsset renders an asset's bytes, which nobody may modify afterwards.
func newAsset(raw []byte) *Asset {
	sum := sha256.Sum256(raw)
	hexSum := hex.EncodeToString(sum[:])
	return &Asset{Body: newBody(raw), SHA256: hexSum}
}
