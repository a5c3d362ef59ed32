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

package deploy

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/kustomize/api/resmap"
)

const (
	// upstreamManifests are upstream's kustomize manifests, vendored
	// unchanged with their LICENSE and README.
	upstreamManifests = "testdata/upstream-manifests"
	// sharedUpstreamManifests is where the project keeps upstream's
	// manifests beside the clone (../shared from the repository's root).
	sharedUpstreamManifests = "../../../shared/fixtures/upstream-manifests"
)

// files reads every regular file under root, by path relative to it.
func files(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s is not a regular file", path)
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)], err = os.ReadFile(path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The vendored manifests are upstream's, byte for byte: the tests that
// compare ours with upstream's compare with the real thing.
func TestUpstreamManifestsAreVendoredUnchanged(t *testing.T) {
	vendored := files(t, upstreamManifests)
	for _, want := range []string{"LICENSE", "README.md", "backend/manifests/kustomize/overlays/istio/kustomization.yaml", "controller/manifests/kustomize/overlays/istio/kustomization.yaml"} {
		if _, ok := vendored[want]; !ok {
			t.Errorf("%s/%s is missing", upstreamManifests, want)
		}
	}
	if _, err := os.Stat(sharedUpstreamManifests); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent: nothing to compare the vendored copy with", sharedUpstreamManifests)
	}
	shared := files(t, sharedUpstreamManifests)
	for path, want := range shared {
		got, ok := vendored[path]
		switch {
		case !ok:
			t.Errorf("%s is not vendored", path)
		case !bytes.Equal(got, want):
			t.Errorf("%s differs from upstream's", path)
		}
	}
	for path := range vendored {
		if _, ok := shared[path]; !ok {
			t.Errorf("%s is not upstream's", path)
		}
	}
	t.Logf("%d files identical", len(shared))
}

// selection is one label selector of a rendered object, and whether it
// selects pods or Services.
type selection struct {
	where    string
	selector labels.Selector
	services bool
}

// selectorFields are the fields that hold a label selector, wherever they
// are: an object with one that selectorsOf does not know fails the test.
var selectorFields = []string{"selector", "podSelector", "labelSelector", "namespaceSelector"}

// selectorsOf returns every label selector of r that selects the BFF's
// pods or Service. A NetworkPolicy's peers select its callers, not the
// BFF: TestIstioComponentAdmitsOnlyTheGatewayAndPrometheus and
// TestBaseNetworkPolicy check them.
func selectorsOf(t *testing.T, m resmap.ResMap, kind, name string) []selection {
	t.Helper()
	var obj map[string]any
	for _, r := range m.Resources() {
		if r.GetKind() == kind && r.GetName() == name {
			var err error
			if obj, err = r.Map(); err != nil {
				t.Fatal(err)
			}
		}
	}
	where := kind + "/" + name
	selector := func(field string, path ...string) selection {
		raw, found := nestedMap(obj, path...)
		if !found {
			t.Errorf("%s has no %s", where, strings.Join(path, "."))
			return selection{where: where + " " + field, selector: labels.Nothing()}
		}
		var ls metav1.LabelSelector
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, &ls); err != nil {
			t.Fatalf("%s %s: %v", where, field, err)
		}
		s, err := metav1.LabelSelectorAsSelector(&ls)
		if err != nil {
			t.Fatalf("%s %s: %v", where, field, err)
		}
		return selection{where: where + " " + field, selector: s}
	}
	switch kind {
	case "Deployment":
		var d appsv1.Deployment
		object(t, m, kind, &d)
		out := []selection{selector("spec.selector", "spec", "selector")}
		for i, c := range d.Spec.Template.Spec.TopologySpreadConstraints {
			s, err := metav1.LabelSelectorAsSelector(c.LabelSelector)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, selection{where: where + " topologySpreadConstraints[" + strconv.Itoa(i) + "]", selector: s})
		}
		return out
	case "Service":
		var svc corev1.Service
		object(t, m, kind, &svc)
		s := labels.SelectorFromValidatedSet(svc.Spec.Selector)
		if len(svc.Spec.Selector) == 0 {
			// An empty Service selector selects nothing.
			s = labels.Nothing()
		}
		return []selection{{where: where + " spec.selector", selector: s}}
	case "PodDisruptionBudget", "AuthorizationPolicy", "PeerAuthentication":
		return []selection{selector("spec.selector", "spec", "selector")}
	case "NetworkPolicy":
		return []selection{selector("spec.podSelector", "spec", "podSelector")}
	case "ServiceMonitor":
		s := selector("spec.selector", "spec", "selector")
		s.services = true
		return []selection{s}
	}
	if field, ok := hasSelector(obj); ok {
		t.Errorf("%s has a %s, which the test does not check: add its kind to selectorsOf", where, field)
	}
	return nil
}

// nestedMap is the map at path in obj, if there is one.
func nestedMap(obj map[string]any, path ...string) (map[string]any, bool) {
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	m, ok := cur.(map[string]any)
	return m, ok
}

// hasSelector finds a selector field anywhere in v.
func hasSelector(v any) (string, bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if slices.Contains(selectorFields, k) {
				return k, true
			}
			if f, ok := hasSelector(child); ok {
				return f, true
			}
		}
	case []any:
		for _, child := range v {
			if f, ok := hasSelector(child); ok {
				return f, true
			}
		}
	}
	return "", false
}

// Every selector in every rendered overlay selects the Deployment's pods
// (or, a ServiceMonitor's, the Service), and never the pods of upstream's
// controller, which share the namespace. A selector that selects nothing,
// as a PodDisruptionBudget's without one does, fails.
func TestSelectorsSelectTheBFF(t *testing.T) {
	var controller appsv1.Deployment
	object(t, render(t, upstreamController), "Deployment", &controller)
	for _, dir := range []string{"base", "overlays/kubeflow", "overlays/kubeflow-monitoring", "overlays/kubeflow-autoscaling", "overlays/token"} {
		t.Run(dir, func(t *testing.T) {
			m := render(t, dir)
			var d appsv1.Deployment
			object(t, m, "Deployment", &d)
			var svc corev1.Service
			object(t, m, "Service", &svc)
			pods := labels.Set(d.Spec.Template.Labels)
			checked := map[string]int{}
			for _, r := range m.Resources() {
				for _, s := range selectorsOf(t, m, r.GetKind(), r.GetName()) {
					checked[r.GetKind()]++
					target, other := pods, labels.Set(controller.Spec.Template.Labels)
					if s.services {
						target, other = labels.Set(svc.Labels), labels.Set(controller.Labels)
					}
					if !s.selector.Matches(target) {
						t.Errorf("%s (%s) does not select the BFF's labels %v", s.where, s.selector, target)
					}
					if s.selector.Matches(other) {
						t.Errorf("%s (%s) also selects upstream's controller (%v)", s.where, s.selector, other)
					}
				}
			}
			t.Logf("selectors checked, by kind: %v", checked)
			for _, kind := range []string{"Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"} {
				if checked[kind] == 0 {
					t.Errorf("no %s selector checked", kind)
				}
			}
		})
	}
}
