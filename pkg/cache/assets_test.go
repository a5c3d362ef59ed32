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
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/informers"
)

func imageSource(ns, name string, data map[string]string, binary map[string][]byte) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{informers.ImageSourceLabel: "true"}},
		Data:       data,
		BinaryData: binary,
	}
}

func hexSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestAssets(t *testing.T) {
	const svg, other = `<svg xmlns="http://www.w3.org/2000/svg"/>`, `<svg><circle r="1"/></svg>`
	a := &Assets{configMaps: map[string]map[string]*Asset{}}
	a.upsert(imageSource("ns", "icons", map[string]string{"icon.svg": svg}, map[string][]byte{"logo.svg": []byte(other)}))

	tests := []struct {
		name           string
		ns, cm, key    string
		wantErr        error
		wantBody, want string
	}{
		{name: "a data key", ns: "ns", cm: "icons", key: "icon.svg", wantBody: svg},
		{name: "a binaryData key", ns: "ns", cm: "icons", key: "logo.svg", wantBody: other},
		{name: "a missing key", ns: "ns", cm: "icons", key: "nope.svg", wantErr: ErrKeyMissing},
		{name: "a ConfigMap of another namespace", ns: "other", cm: "icons", key: "icon.svg", wantErr: ErrConfigMapMissing},
		{name: "a missing ConfigMap", ns: "ns", cm: "nope", key: "icon.svg", wantErr: ErrConfigMapMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asset, err := a.Asset(tt.ns, tt.cm, tt.key)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if string(asset.Bytes()) != tt.wantBody {
				t.Errorf("body %q", asset.Bytes())
			}
			if want := hexSHA256(tt.wantBody); asset.SHA256 != want || asset.ETag() != ETagOf([]byte(tt.wantBody)) {
				t.Errorf("sha256 %s etag %s, want %s and the bytes' ETag", asset.SHA256, asset.ETag(), want)
			}
		})
	}

	t.Run("an update that keeps a key's bytes keeps its ETag", func(t *testing.T) {
		before, _ := a.Asset("ns", "icons", "icon.svg")
		relabelled := imageSource("ns", "icons", map[string]string{"icon.svg": svg}, map[string][]byte{"logo.svg": []byte(other)})
		relabelled.Labels["unrelated"] = "label"
		a.upsert(relabelled)
		if after, _ := a.Asset("ns", "icons", "icon.svg"); after.ETag() != before.ETag() {
			t.Fatalf("ETag %s, was %s", after.ETag(), before.ETag())
		}
	})
	t.Run("an update replaces the content, its hash and its ETag", func(t *testing.T) {
		before, _ := a.Asset("ns", "icons", "icon.svg")
		a.upsert(imageSource("ns", "icons", map[string]string{"icon.svg": other}, nil))
		asset, err := a.Asset("ns", "icons", "icon.svg")
		if err != nil || string(asset.Bytes()) != other || asset.SHA256 != hexSHA256(other) || asset.ETag() == before.ETag() {
			t.Fatalf("after update: %v %q", err, asset.Bytes())
		}
		if _, err := a.Asset("ns", "icons", "logo.svg"); !errors.Is(err, ErrKeyMissing) {
			t.Fatalf("a key the update removed: %v", err)
		}
	})
	t.Run("a deletion, even one only the tombstone tells, forgets the ConfigMap", func(t *testing.T) {
		a.upsert(imageSource("ns", "gone", map[string]string{"k": svg}, nil))
		a.remove(toolscache.DeletedFinalStateUnknown{Key: "ns/gone", Obj: imageSource("ns", "gone", nil, nil)})
		a.remove(imageSource("ns", "icons", nil, nil))
		for _, name := range []string{"gone", "icons"} {
			if _, err := a.Asset("ns", name, "k"); !errors.Is(err, ErrConfigMapMissing) {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
