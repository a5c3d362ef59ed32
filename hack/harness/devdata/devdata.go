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

// Package devdata holds the objects dev mode seeds its local cluster with:
// the upstream sample manifests (upstream/, copied verbatim from Kubeflow
// Notebooks) and the dev cluster's own namespaces, RBAC and Workspaces in
// realistic states (seed/). Tests use the upstream samples too.
package devdata

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

//go:embed upstream/*.yaml seed/*.yaml
var files embed.FS

// UpstreamNamespace is where dev mode puts the namespaced upstream samples.
const UpstreamNamespace = "kubeflow-user-example-com"

// Upstream returns the upstream sample manifests, one object per document,
// in file-name order, keyed by file name.
func Upstream() (map[string][]*unstructured.Unstructured, error) {
	return load("upstream")
}

// Seed returns every object dev mode creates, in the order to create them:
// namespaces, StorageClasses and RBAC, then the upstream samples (namespaced
// ones placed in UpstreamNamespace), then the seed Workspaces and their
// PVCs, then the rest of the storage the storage routes show.
func Seed() ([]*unstructured.Unstructured, error) {
	seed, err := load("seed")
	if err != nil {
		return nil, err
	}
	upstream, err := load("upstream")
	if err != nil {
		return nil, err
	}
	var out []*unstructured.Unstructured
	// Namespaces, StorageClasses and RBAC first (00-, 05-, 10-), then the
	// samples, whose kinds the seed Workspaces reference, then the rest of
	// seed/.
	for _, name := range sortedKeys(seed) {
		if name < "20" {
			out = append(out, seed[name]...)
		}
	}
	// Kinds before the Workspace that uses them, and storage before either.
	var samples, workspaces []*unstructured.Unstructured
	for _, name := range sortedKeys(upstream) {
		for _, obj := range upstream[name] {
			if obj.GetKind() != "WorkspaceKind" && obj.GetNamespace() == "" {
				obj.SetNamespace(UpstreamNamespace)
			}
			if obj.GetKind() == "Workspace" {
				workspaces = append(workspaces, obj)
			} else {
				samples = append(samples, obj)
			}
		}
	}
	out = append(out, samples...)
	out = append(out, workspaces...)
	for _, name := range sortedKeys(seed) {
		if name >= "20" {
			out = append(out, seed[name]...)
		}
	}
	return out, nil
}

func load(dir string) (map[string][]*unstructured.Unstructured, error) {
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]*unstructured.Unstructured{}
	for _, e := range entries {
		raw, err := files.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		objs, err := Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", dir, e.Name(), err)
		}
		out[e.Name()] = objs
	}
	return out, nil
}

// Decode splits a multi-document YAML manifest into objects, skipping empty
// documents (comments only).
func Decode(manifest []byte) ([]*unstructured.Unstructured, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(manifest), 4096)
	var out []*unstructured.Unstructured
	for {
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		if len(obj) == 0 {
			continue
		}
		out = append(out, &unstructured.Unstructured{Object: obj})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
