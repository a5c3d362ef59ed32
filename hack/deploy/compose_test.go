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
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
	"sigs.k8s.io/kustomize/api/resmap"
)

// upstreamController and upstreamBackend are upstream's Istio overlays, as
// upstream ships them (testdata/upstream-manifests, vendored unchanged).
const (
	upstreamController = upstreamManifests + "/controller/manifests/kustomize/overlays/istio"
	upstreamBackend    = upstreamManifests + "/backend/manifests/kustomize/overlays/istio"
)

// kustomizationOf writes a kustomization.yaml into a new directory, its
// text with each {{path}} (relative to hack/deploy) made relative to that
// directory, and returns the directory.
func kustomizationOf(t *testing.T, text string, paths ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(dir, abs)
		if err != nil {
			t.Fatal(err)
		}
		text = strings.ReplaceAll(text, "{{"+p+"}}", rel)
	}
	if err := os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// ids lists the rendered objects as kind/namespace/name.
func ids(m resmap.ResMap) []string {
	var out []string
	for _, r := range m.Resources() {
		id := r.GetKind() + "/"
		if ns := r.GetNamespace(); ns != "" {
			id += ns + "/"
		}
		out = append(out, id+r.GetName())
	}
	slices.Sort(out)
	return out
}

// Upstream's controller overlay and ours build together, as one
// kustomization (or one `kubectl apply -k`) of a Kubeflow install would:
// the Namespace is the controller's alone, with its labels intact.
func TestComposesWithUpstreamController(t *testing.T) {
	for _, overlay := range []string{"overlays/kubeflow", "overlays/kubeflow-monitoring"} {
		t.Run(overlay, func(t *testing.T) {
			dir := kustomizationOf(t, `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - {{`+upstreamController+`}}
  - {{`+overlay+`}}
`, upstreamController, overlay)
			m := render(t, dir)
			t.Logf("kustomize build of %s with upstream's controller overlay: %d objects:\n%s", overlay, m.Size(), strings.Join(ids(m), "\n"))
			var namespaces []corev1.Namespace
			for _, r := range m.Resources() {
				if r.GetKind() == "Namespace" {
					var ns corev1.Namespace
					object(t, m, "Namespace", &ns)
					namespaces = append(namespaces, ns)
				}
			}
			if len(namespaces) != 1 {
				t.Fatalf("%d Namespaces rendered, want upstream's one", len(namespaces))
			}
			ns := namespaces[0]
			if ns.Name != "kubeflow-workspaces" || ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" || ns.Labels["istio-injection"] != "enabled" {
				t.Errorf("Namespace %s, labels %v: want upstream's kubeflow-workspaces with its labels", ns.Name, ns.Labels)
			}
			// Our NetworkPolicies let the gateway and Prometheus past the
			// controller's default deny.
			var names []string
			for _, r := range m.Resources() {
				if r.GetKind() == "NetworkPolicy" {
					names = append(names, r.GetName())
				}
			}
			for _, want := range []string{"default-deny-ingress", "workspaces-backend", "workspaces-backend-metrics"} {
				if !slices.Contains(names, want) {
					t.Errorf("NetworkPolicies %v: no %s", names, want)
				}
			}
		})
	}
}

// Our overlay names, labels and exposes the BFF as upstream's backend
// overlay does, so that it applies over an install of upstream's (and
// upstream's over it): TestMigration applies them.
func TestNamesMatchUpstreamBackend(t *testing.T) {
	ours, theirs := render(t, "overlays/kubeflow"), render(t, upstreamBackend)
	for _, kind := range []string{"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service", "VirtualService", "DestinationRule", "AuthorizationPolicy"} {
		var a, b struct {
			Kind, Name, Namespace string
		}
		for _, r := range ours.Resources() {
			if r.GetKind() == kind {
				a.Kind, a.Name, a.Namespace = kind, r.GetName(), r.GetNamespace()
			}
		}
		for _, r := range theirs.Resources() {
			if r.GetKind() == kind {
				b.Kind, b.Name, b.Namespace = kind, r.GetName(), r.GetNamespace()
			}
		}
		if a != b {
			t.Errorf("ours %+v, upstream's %+v", a, b)
		}
	}

	var d, ud appsv1.Deployment
	object(t, ours, "Deployment", &d)
	object(t, theirs, "Deployment", &ud)
	// A Deployment's selector cannot change: it must be upstream's.
	if !reflect.DeepEqual(d.Spec.Selector, ud.Spec.Selector) {
		t.Errorf("selector %v, upstream's %v", d.Spec.Selector, ud.Spec.Selector)
	}
	for k, v := range ud.Spec.Template.Labels {
		if d.Spec.Template.Labels[k] != v {
			t.Errorf("pod label %s=%q, upstream's %q", k, d.Spec.Template.Labels[k], v)
		}
	}
	c, uc := d.Spec.Template.Spec.Containers[0], ud.Spec.Template.Spec.Containers[0]
	if c.Name != uc.Name || d.Spec.Template.Spec.ServiceAccountName != ud.Spec.Template.Spec.ServiceAccountName {
		t.Errorf("container %s, service account %s; upstream's %s, %s", c.Name, d.Spec.Template.Spec.ServiceAccountName, uc.Name, ud.Spec.Template.Spec.ServiceAccountName)
	}
	for _, up := range uc.Ports {
		if !slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p == up }) {
			t.Errorf("no container port %+v, as upstream's", up)
		}
	}

	host, ports := service(t, ours)
	uhost, uports := service(t, theirs)
	for name, port := range uports {
		if ports[name] != port {
			t.Errorf("Service port %s is %d, upstream's %d", name, ports[name], port)
		}
	}
	if host != uhost {
		t.Errorf("Service %s, upstream's %s", host, uhost)
	}

	var vs, uvs virtualService
	object(t, ours, "VirtualService", &vs)
	object(t, theirs, "VirtualService", &uvs)
	if !reflect.DeepEqual(vs.Spec.Gateways, uvs.Spec.Gateways) || vs.Spec.HTTP[0].Match[0].URI.Prefix != uvs.Spec.HTTP[0].Match[0].URI.Prefix ||
		vs.Spec.HTTP[0].Route[0].Destination != uvs.Spec.HTTP[0].Route[0].Destination {
		t.Errorf("VirtualService %+v, upstream's %+v", vs.Spec, uvs.Spec)
	}
}

// A copy of the overlay with another `namespace:` renders everything
// there, the references to the namespace included.
func TestNamespaceIsRetargetable(t *testing.T) {
	overlay, err := os.ReadFile("overlays/kubeflow/kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(overlay), "namespace: kubeflow-workspaces", "namespace: team-ml", 1)
	text = strings.ReplaceAll(text, "../../base", "{{base}}")
	text = strings.ReplaceAll(text, "../../components/istio", "{{components/istio}}")
	m := render(t, kustomizationOf(t, text, "base", "components/istio"))
	for _, r := range m.Resources() {
		if namespaced(r.GetKind()) && r.GetNamespace() != "team-ml" {
			t.Errorf("%s/%s is in namespace %q", r.GetKind(), r.GetName(), r.GetNamespace())
		}
	}
	var binding rbacv1.ClusterRoleBinding
	object(t, m, "ClusterRoleBinding", &binding)
	if len(binding.Subjects) != 1 || binding.Subjects[0].Namespace != "team-ml" {
		t.Errorf("ClusterRoleBinding subjects %+v: want the ServiceAccount in team-ml", binding.Subjects)
	}
	const host = "workspaces-backend.team-ml.svc.cluster.local"
	var vs virtualService
	object(t, m, "VirtualService", &vs)
	var dr destinationRule
	object(t, m, "DestinationRule", &dr)
	if got := vs.Spec.HTTP[0].Route[0].Destination.Host; got != host || dr.Spec.Host != host {
		t.Errorf("VirtualService to %s, DestinationRule for %s: want %s", got, dr.Spec.Host, host)
	}
	if strings.Contains(strings.Join(ids(m), " "), "kubeflow-workspaces/") {
		t.Errorf("objects left in kubeflow-workspaces: %v", ids(m))
	}
}

// authorizationPolicy is what the tests read of Istio's AuthorizationPolicy.
type authorizationPolicy struct {
	Spec struct {
		Action   string `json:"action"`
		Selector struct {
			MatchLabels map[string]string `json:"matchLabels"`
		} `json:"selector"`
		Rules []struct {
			From []struct {
				Source map[string][]string `json:"source"`
			} `json:"from"`
			To []struct {
				Operation map[string][]string `json:"operation"`
			} `json:"to"`
			When []any `json:"when"`
		} `json:"rules"`
	} `json:"spec"`
}

// The Istio component admits API traffic from the ingress gateway's
// identity alone, and the metrics port from the monitoring namespace
// alone; its NetworkPolicies admit exactly those two flows.
func TestIstioComponentAdmitsOnlyTheGatewayAndPrometheus(t *testing.T) {
	m := render(t, "overlays/kubeflow")
	_, ports := service(t, m)
	api, metrics := ports["http-api"], ports["http-metrics"]
	var d appsv1.Deployment
	object(t, m, "Deployment", &d)
	selects := func(labels map[string]string) bool {
		for k, v := range labels {
			if d.Spec.Template.Labels[k] != v {
				return false
			}
		}
		// Not every pod of the namespace: the controller's must not be.
		return labels["app"] == "workspaces-backend"
	}

	var ap authorizationPolicy
	object(t, m, "AuthorizationPolicy", &ap)
	if ap.Spec.Action != "ALLOW" || !selects(ap.Spec.Selector.MatchLabels) {
		t.Errorf("AuthorizationPolicy %s selecting %v: want ALLOW for the BFF's pods", ap.Spec.Action, ap.Spec.Selector.MatchLabels)
	}
	type rule struct{ from, to string }
	var got []rule
	for _, r := range ap.Spec.Rules {
		if len(r.From) != 1 || len(r.To) != 1 || len(r.When) != 0 {
			t.Errorf("rule %+v: want one source, one operation, no condition", r)
			continue
		}
		got = append(got, rule{from: fieldsOf(r.From[0].Source), to: fieldsOf(r.To[0].Operation)})
	}
	want := []rule{
		{from: "principals=cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account", to: "paths=/api/v1/* ports=" + strconv.Itoa(api)},
		{from: "namespaces=monitoring", to: "methods=GET paths=/metrics ports=" + strconv.Itoa(metrics)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AuthorizationPolicy rules\n%+v\nwant exactly\n%+v", got, want)
	}

	// Every (source, port) the NetworkPolicies admit, each selecting the
	// BFF's pods alone.
	var admitted []string
	for _, r := range m.Resources() {
		if r.GetKind() != "NetworkPolicy" {
			continue
		}
		var np networkingv1.NetworkPolicy
		obj, err := r.Map()
		if err != nil {
			t.Fatal(err)
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj, &np); err != nil {
			t.Fatal(err)
		}
		if !selects(np.Spec.PodSelector.MatchLabels) || len(np.Spec.PodSelector.MatchExpressions) > 0 {
			t.Errorf("NetworkPolicy %s selects %+v: want the BFF's pods", np.Name, np.Spec.PodSelector)
		}
		if !reflect.DeepEqual(np.Spec.PolicyTypes, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}) || len(np.Spec.Egress) > 0 {
			t.Errorf("NetworkPolicy %s: policy types %v: want ingress only", np.Name, np.Spec.PolicyTypes)
		}
		for _, in := range np.Spec.Ingress {
			if len(in.From) == 0 || len(in.Ports) == 0 {
				t.Errorf("NetworkPolicy %s admits any source or any port: %+v", np.Name, in)
			}
			for _, from := range in.From {
				if from.NamespaceSelector == nil || from.PodSelector == nil || from.IPBlock != nil {
					t.Errorf("NetworkPolicy %s: peer %+v: want a namespace and pod selector", np.Name, from)
					continue
				}
				for _, p := range in.Ports {
					admitted = append(admitted, fieldsOf(map[string][]string{
						"namespace": {from.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]},
						"pods":      {fieldsOfLabels(from.PodSelector.MatchLabels)},
						"port":      {string(*p.Protocol) + "/" + p.Port.String()},
					}))
				}
			}
		}
	}
	slices.Sort(admitted)
	wantAdmitted := []string{
		"namespace=istio-system pods=istio:ingressgateway port=TCP/" + strconv.Itoa(api),
		"namespace=monitoring pods=app.kubernetes.io/name:prometheus port=TCP/" + strconv.Itoa(metrics),
	}
	if !reflect.DeepEqual(admitted, wantAdmitted) {
		t.Errorf("NetworkPolicies admit\n%q\nwant exactly\n%q", admitted, wantAdmitted)
	}
}

// fieldsOf writes a map of lists as "key=a,b key=c", keys sorted.
func fieldsOf(m map[string][]string) string {
	keys := sets.List(sets.KeySet(m))
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+strings.Join(m[k], ","))
	}
	return strings.Join(parts, " ")
}

// fieldsOfLabels writes labels as "k:v,k:v", keys sorted.
func fieldsOfLabels(labels map[string]string) string {
	var parts []string
	for _, k := range sets.List(sets.KeySet(labels)) {
		parts = append(parts, k+":"+labels[k])
	}
	return strings.Join(parts, ",")
}
