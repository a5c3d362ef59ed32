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

package devdata

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// The workspace controller writes the SHA-256 of a kind's ConfigMap-backed
// icon and logo into its status, and the BFF puts it into the assets' URLs;
// dev mode runs no controller, so the seed writes the status itself. It
// must hold the hash of the content the seed's ConfigMap holds.
func TestSeededAssetHashes(t *testing.T) {
	objs, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	configMaps := map[string]*unstructured.Unstructured{}
	for _, obj := range objs {
		if obj.GetKind() == "ConfigMap" {
			configMaps[obj.GetNamespace()+"/"+obj.GetName()] = obj
		}
	}
	checked := 0
	for _, kind := range objs {
		if kind.GetKind() != "WorkspaceKind" {
			continue
		}
		for asset, status := range map[string]string{"icon": "spawnerIcon", "logo": "spawnerLogo"} {
			ref, ok, _ := unstructured.NestedStringMap(kind.Object, "spec", "spawner", asset, "configMap")
			if !ok {
				continue
			}
			cm := configMaps[ref["namespace"]+"/"+ref["name"]]
			if cm == nil {
				t.Errorf("%s %s: no seeded ConfigMap %s/%s", kind.GetName(), asset, ref["namespace"], ref["name"])
				continue
			}
			if cm.GetLabels()["notebooks.kubeflow.org/image-source"] != "true" {
				t.Errorf("ConfigMap %s is not an image source", cm.GetName())
			}
			content, _, _ := unstructured.NestedString(cm.Object, "data", ref["key"])
			sum := sha256.Sum256([]byte(content))
			got, _, _ := unstructured.NestedString(kind.Object, "status", status, "sha256")
			if want := hex.EncodeToString(sum[:]); content == "" || got != want {
				t.Errorf("%s %s: status.%s.sha256 %q, want %q (the hash of %q)", kind.GetName(), asset, status, got, want, ref["key"])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no seeded WorkspaceKind keeps an asset in a ConfigMap: make run would serve no icon")
	}
}
