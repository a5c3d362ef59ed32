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

package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
)

const imageSourceLabel = "notebooks.kubeflow.org/image-source"

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// configMapAsset is an asset kept in key of the ConfigMap ns/name.
func configMapAsset(ns, name, key string) v1beta1.WorkspaceKindAsset {
	return v1beta1.WorkspaceKindAsset{ConfigMap: &v1beta1.WorkspaceKindAssetConfigMap{
		Name: name, Namespace: ns, Key: key, MediaType: v1beta1.WorkspaceKindAssetMediaTypeSVG,
	}}
}

// sampleSVG is the upstream sample image-source ConfigMap's SVG, larger
// than the size from which bodies are compressed.
func sampleSVG(t *testing.T) []byte {
	t.Helper()
	samples, err := devdata.Upstream()
	if err != nil {
		t.Fatal(err)
	}
	for _, obj := range samples["workspacekind_imagesource_configmap.yaml"] {
		if data, _, _ := unstructured.NestedString(obj.Object, "data", "image.svg"); data != "" {
			return []byte(data)
		}
	}
	t.Fatal("the upstream sample ConfigMap has no image.svg")
	return nil
}

func TestKindAssets(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	configMaps := env.Clients.Kube.CoreV1().ConfigMaps(ns)
	icon := sampleSVG(t)
	logo := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`)
	labelled := map[string]string{imageSourceLabel: "true"}
	for _, cm := range []*corev1.ConfigMap{
		{ObjectMeta: metav1.ObjectMeta{Name: "assets", Labels: labelled},
			Data: map[string]string{"icon.svg": string(icon)}, BinaryData: map[string][]byte{"logo.svg": logo}},
		{ObjectMeta: metav1.ObjectMeta{Name: "unlabelled"}, Data: map[string]string{"icon.svg": string(icon)}},
		{ObjectMeta: metav1.ObjectMeta{Name: "labelled-false", Labels: map[string]string{imageSourceLabel: "false"}},
			Data: map[string]string{"icon.svg": string(icon)}},
	} {
		if _, err := configMaps.Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	kinds := env.Clients.WorkspaceKinds()
	newKind := func(name string, icon, logo v1beta1.WorkspaceKindAsset, status *v1beta1.WorkspaceKindStatus) string {
		t.Helper()
		k := sampleKind(t, name+"-"+ns)
		k.Spec.Spawner.Icon, k.Spec.Spawner.Logo = icon, logo
		created, err := kinds.Create(ctx, k, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = kinds.Delete(context.Background(), created.Name, metav1.DeleteOptions{}) })
		if status != nil {
			created.Status = *status
			if _, err := kinds.UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		return created.Name
	}
	// The controller's status: the hashes of the content, as it computes them.
	hashes := &v1beta1.WorkspaceKindStatus{
		PodTemplateOptions: v1beta1.PodTemplateOptionsMetrics{ImageConfig: []v1beta1.OptionMetric{}, PodConfig: []v1beta1.OptionMetric{}},
		SpawnerIcon:        v1beta1.WorkspaceKindAssetStatus{SHA256: sha256Hex(icon)},
		SpawnerLogo:        v1beta1.WorkspaceKindAssetStatus{SHA256: sha256Hex(logo)},
	}
	good := newKind("good", configMapAsset(ns, "assets", "icon.svg"), configMapAsset(ns, "assets", "logo.svg"), hashes)
	broken := newKind("broken", configMapAsset(ns, "unlabelled", "icon.svg"), configMapAsset(ns, "assets", "missing.svg"), nil)
	unselected := newKind("unselected", configMapAsset(ns, "labelled-false", "icon.svg"), configMapAsset(ns, "no-such-configmap", "logo.svg"), nil)
	iconAt, logoAt := "https://example.com/icon.svg", "https://example.com/logo.svg"
	remote := newKind("remote", v1beta1.WorkspaceKindAsset{URL: &iconAt}, v1beta1.WorkspaceKindAsset{URL: &logoAt}, nil)
	asset := func(kind, which string) string { return base + "/api/v1/workspacekinds/" + kind + "/assets/" + which }

	// The list item names the icon by the URL the frontend loads, with the
	// controller's hash: wait until it does, and use it.
	var iconURL string
	waitFor(t, base+"/api/v1/workspacekinds", func(r response) bool {
		iconURL, _ = field(listItems(t, r.body)[good], "icon.url").(string)
		return strings.Contains(iconURL, "sha256=")
	}, "the kind listed with its hashes")
	if want := "/workspaces/api/v1/workspacekinds/" + good + "/assets/icon?sha256=" + sha256Hex(icon); iconURL != want {
		t.Fatalf("icon URL %s, want %s", iconURL, want)
	}
	waitFor(t, asset(good, "icon"), func(r response) bool { return r.status == 200 }, "the icon served")

	tests := []struct {
		name, url string
		headers   []string
		status    int
		body      []byte
		cache     string // Cache-Control
		contains  string // in an error's body
	}{
		{name: "an icon from data, revalidated without its hash", url: asset(good, "icon"), status: 200, body: icon, cache: "no-cache"},
		{name: "a logo from binaryData", url: asset(good, "logo"), status: 200, body: logo, cache: "no-cache"},
		{name: "the list item's URL is kept for a year", url: base + strings.TrimPrefix(iconURL, "/workspaces"), status: 200, body: icon,
			cache: "public, max-age=31536000, immutable"},
		{name: "a hash of other content is revalidated", url: asset(good, "icon") + "?sha256=" + sha256Hex(logo), status: 200, body: icon, cache: "no-cache"},
		{name: "with a namespace", url: asset(good, "logo") + "?namespace=" + ns + "&sha256=" + sha256Hex(logo), status: 200, body: logo,
			cache: "public, max-age=31536000, immutable"},
		{name: "a ConfigMap without the label is 404 saying so", url: asset(broken, "icon"), status: 404, contains: "is not labeled notebooks.kubeflow.org/image-source=true"},
		{name: "a ConfigMap labelled false is 404", url: asset(unselected, "icon"), status: 404, contains: "does not exist or is not labeled"},
		{name: "a missing ConfigMap is 404", url: asset(unselected, "logo"), status: 404, contains: "does not exist or is not labeled"},
		{name: "a missing key is 404 saying so", url: asset(broken, "logo"), status: 404, contains: `has no key \"missing.svg\"`},
		{name: "a URL asset is 404, as upstream", url: asset(remote, "icon"), status: 404, contains: "the requested resource could not be found"},
		{name: "a missing kind is 404", url: asset("no-such-kind", "logo"), status: 404, contains: "the requested resource could not be found"},
		{name: "an invalid kind name is 422", url: asset("Bad_Kind", "icon"), status: 422, contains: "path parameters were invalid"},
		{name: "an invalid namespace is 422", url: asset(good, "icon") + "?namespace=Bad_NS", status: 422, contains: "query parameters were invalid"},
		{name: "an unknown asset is no route", url: base + "/api/v1/workspacekinds/" + good + "/assets/banner", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, http.MethodGet, tt.url, tt.headers...)
			expect(t, r, tt.status)
			if tt.status != 200 {
				if !strings.Contains(string(r.body), tt.contains) {
					t.Errorf("body %s, want %q", r.body, tt.contains)
				}
				return
			}
			if !bytes.Equal(r.body, tt.body) {
				t.Errorf("body %.100s", r.body)
			}
			want := map[string]string{
				"Content-Type": "image/svg+xml", "Cache-Control": tt.cache,
				"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
			}
			for k, v := range want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s %q, want %q", k, got, v)
				}
			}
			if r.header.Get("ETag") == "" {
				t.Error("no ETag")
			}
		})
	}

	t.Run("If-None-Match with the ETag is 304", func(t *testing.T) {
		etag := do(t, http.MethodGet, asset(good, "icon")).header.Get("ETag")
		r := do(t, http.MethodGet, base+strings.TrimPrefix(iconURL, "/workspaces"), "If-None-Match", etag)
		if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Fatalf("status %d headers %v", r.status, r.header)
		}
	})
	t.Run("gzip is served when accepted", func(t *testing.T) {
		r := do(t, http.MethodGet, asset(good, "icon"), "Accept-Encoding", "gzip")
		if r.header.Get("Content-Encoding") != "gzip" || !bytes.Equal(gunzipIfNeeded(t, r), icon) {
			t.Fatalf("headers %v", r.header)
		}
	})
	t.Run("HEAD sends no body", func(t *testing.T) {
		r := do(t, http.MethodHead, asset(good, "icon"))
		if r.status != 200 || len(r.body) != 0 || r.header.Get("ETag") == "" {
			t.Fatalf("status %d body %d headers %v", r.status, len(r.body), r.header)
		}
	})
	t.Run("a ConfigMap's changes are served as the watch delivers them", func(t *testing.T) {
		late := newKind("late", configMapAsset(ns, "late", "icon.svg"), configMapAsset(ns, "late", "logo.svg"), nil)
		url := asset(late, "icon")
		waitFor(t, url, func(r response) bool { return r.status == 404 && bytes.Contains(r.body, []byte("does not exist")) }, "no ConfigMap yet")

		first := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><!-- first --></svg>`)
		if _, err := configMaps.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "late", Labels: labelled},
			Data: map[string]string{"icon.svg": string(first)}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		r := waitFor(t, url, func(r response) bool { return bytes.Equal(r.body, first) }, "the created ConfigMap served")
		etag := r.header.Get("ETag")

		second := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><!-- second --></svg>`)
		patch := `{"data":{"icon.svg":` + strconv.Quote(string(second)) + `}}`
		if _, err := configMaps.Patch(ctx, "late", types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		r = waitFor(t, url, func(r response) bool { return bytes.Equal(r.body, second) }, "the changed ConfigMap served")
		if r.header.Get("ETag") == etag {
			t.Fatal("new content kept the ETag")
		}
		if r := do(t, http.MethodGet, url, "If-None-Match", etag); r.status != 200 {
			t.Fatalf("the old ETag answered %d", r.status)
		}

		// Without its label the ConfigMap leaves the informer, as deleted.
		if _, err := configMaps.Patch(ctx, "late", types.MergePatchType,
			[]byte(`{"metadata":{"labels":{"`+imageSourceLabel+`":null}}}`), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, url, func(r response) bool { return r.status == 404 }, "the unlabelled ConfigMap no longer served")
	})
}
