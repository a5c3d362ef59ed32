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
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"sigs.k8s.io/kustomize/api/resmap"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// fieldManager is kubectl's for `kubectl apply --server-side`: both
// installs are applied by the same manager, as one operator running
// kubectl would, so an apply also removes the fields the previous one set
// and this one does not.
const fieldManager = "kubectl"

// applier applies rendered manifests as `kubectl apply --server-side`
// does, to the kinds the API server serves.
type applier struct {
	dynamic dynamic.Interface
	mapper  meta.RESTMapper
	// applied are the objects applied, to delete when the test ends.
	applied map[string]func(context.Context) error
}

func newApplier(t *testing.T) *applier {
	t.Helper()
	env := testenv.Get(t)
	disc, err := discovery.NewDiscoveryClientForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := restmapper.GetAPIGroupResources(disc)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	a := &applier{dynamic: dyn, mapper: restmapper.NewDiscoveryRESTMapper(groups), applied: map[string]func(context.Context) error{}}
	t.Cleanup(func() {
		for _, del := range a.applied {
			_ = del(context.Background())
		}
	})
	return a
}

// objects are the rendered objects of m.
func objects(t *testing.T, m resmap.ResMap) []*unstructured.Unstructured {
	t.Helper()
	var out []*unstructured.Unstructured
	for _, r := range m.Resources() {
		// Through JSON, so numbers are what unstructured expects (int64).
		text, err := r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(text); err != nil {
			t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

// apply applies every object whose kind the API server serves (a dry run
// when dryRun), and returns the kinds it skipped (Istio's and the
// Prometheus Operator's, whose CRDs the test API server lacks).
func (a *applier) apply(t *testing.T, objs []*unstructured.Unstructured, dryRun bool) (skipped []string, err error) {
	t.Helper()
	ctx := testenv.Context(t)
	for _, u := range objs {
		gvk := u.GroupVersionKind()
		mapping, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if meta.IsNoMatchError(err) {
			skipped = append(skipped, gvk.Kind+"/"+u.GetName())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var client dynamic.ResourceInterface = a.dynamic.Resource(mapping.Resource)
		if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
			client = a.dynamic.Resource(mapping.Resource).Namespace(u.GetNamespace())
		}
		opts := metav1.ApplyOptions{FieldManager: fieldManager}
		if dryRun {
			opts.DryRun = []string{metav1.DryRunAll}
		}
		if _, err := client.Apply(ctx, u.GetName(), u, opts); err != nil {
			return skipped, err
		}
		if !dryRun {
			name := u.GetName()
			a.applied[mapping.Resource.String()+"/"+u.GetNamespace()+"/"+name] = func(ctx context.Context) error {
				return client.Delete(ctx, name, metav1.DeleteOptions{})
			}
		}
	}
	return skipped, nil
}

// installed is what the API server holds in the namespace after an apply:
// every Deployment, and every selector of the BFF's pods.
type installed struct {
	deployments []appsv1.Deployment
	selectors   map[string]labels.Selector
	role        rbacv1.ClusterRole
}

func readInstalled(t *testing.T, namespace string) installed {
	t.Helper()
	ctx := testenv.Context(t)
	kube := testenv.Get(t).Clients.Kube
	var out installed
	deployments, err := kube.AppsV1().Deployments(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out.deployments = deployments.Items
	out.selectors = map[string]labels.Selector{}
	asSelector := func(what string, ls *metav1.LabelSelector) {
		s, err := metav1.LabelSelectorAsSelector(ls)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		out.selectors[what] = s
	}
	for _, d := range out.deployments {
		asSelector("Deployment/"+d.Name, d.Spec.Selector)
	}
	services, err := kube.CoreV1().Services(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range services.Items {
		out.selectors["Service/"+s.Name] = labels.SelectorFromValidatedSet(s.Spec.Selector)
	}
	pdbs, err := kube.PolicyV1().PodDisruptionBudgets(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pdbs.Items {
		asSelector("PodDisruptionBudget/"+p.Name, p.Spec.Selector)
	}
	policies, err := kube.NetworkingV1().NetworkPolicies(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range policies.Items {
		asSelector("NetworkPolicy/"+p.Name, &p.Spec.PodSelector)
	}
	role, err := kube.RbacV1().ClusterRoles().Get(ctx, ClusterRoleName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out.role = *role
	return out
}

// oneDeploymentSelected checks that in is one Deployment whose pods every
// selector selects, and returns it.
func (in installed) oneDeploymentSelected(t *testing.T) appsv1.Deployment {
	t.Helper()
	if len(in.deployments) != 1 {
		t.Fatalf("%d Deployments, want one", len(in.deployments))
	}
	d := in.deployments[0]
	pods := labels.Set(d.Spec.Template.Labels)
	for what, s := range in.selectors {
		if s.Empty() || !s.Matches(pods) {
			t.Errorf("%s selects %q, not the Deployment's pods %v", what, s, pods)
		}
	}
	return d
}

// Our overlay applies over an install of upstream's backend (its Istio
// overlay, rendered from the vendored manifests) in a real API server,
// without an immutable-field error, and leaves one Deployment whose pods
// every selector selects; and upstream's applies back over ours.
func TestMigration(t *testing.T) {
	oursMap, theirsMap := render(t, "overlays/kubeflow"), render(t, upstreamBackend)
	ours, theirs := objects(t, oursMap), objects(t, theirsMap)
	var d appsv1.Deployment
	object(t, oursMap, "Deployment", &d)
	namespace := d.Namespace
	kube := testenv.Get(t).Clients.Kube
	_, err := kube.CoreV1().Namespaces().Create(testenv.Context(t), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{})
	if err := ignoreExists(err); err != nil {
		t.Fatal(err)
	}
	a := newApplier(t)

	skipped, err := a.apply(t, theirs, false)
	if err != nil {
		t.Fatalf("applying upstream's backend: %v", err)
	}
	t.Logf("upstream's backend applied; kinds the test API server does not serve, skipped: %v", skipped)
	upstream := readInstalled(t, namespace).oneDeploymentSelected(t)

	// The check is real: a Deployment selecting other labels, as ours did,
	// is refused.
	var moved []*unstructured.Unstructured
	for _, u := range ours {
		if u.GetKind() == "Deployment" {
			u = u.DeepCopy()
			for _, path := range [][]string{{"spec", "selector", "matchLabels", "app"}, {"spec", "template", "metadata", "labels", "app"}} {
				if err := unstructured.SetNestedField(u.Object, "other", path...); err != nil {
					t.Fatal(err)
				}
			}
			moved = append(moved, u)
		}
	}
	if _, err := a.apply(t, moved, true); !apierrors.IsInvalid(err) || !strings.Contains(err.Error(), "field is immutable") {
		t.Fatalf("a Deployment with another selector over upstream's: %v, want an immutable-field error", err)
	}

	if _, err := a.apply(t, ours, false); err != nil {
		t.Fatalf("applying overlays/kubeflow over upstream's backend: %v", err)
	}
	in := readInstalled(t, namespace)
	got := in.oneDeploymentSelected(t)
	if !reflect.DeepEqual(got.Spec.Selector, upstream.Spec.Selector) {
		t.Errorf("selector %v, upstream's was %v", got.Spec.Selector, upstream.Spec.Selector)
	}
	if !reflect.DeepEqual(got.Spec.Template.Labels, d.Spec.Template.Labels) || !reflect.DeepEqual(got.Spec.Template.Spec.Containers[0].Args, d.Spec.Template.Spec.Containers[0].Args) {
		t.Errorf("pod labels %v, args %v: want ours, %v, %v", got.Spec.Template.Labels, got.Spec.Template.Spec.Containers[0].Args, d.Spec.Template.Labels, d.Spec.Template.Spec.Containers[0].Args)
	}
	if !reflect.DeepEqual(in.role.Rules, Rules) {
		t.Errorf("ClusterRole %s holds %d rules, not ours", in.role.Name, len(in.role.Rules))
	}
	// Upstream's NetworkPolicy, which admits every port from all of
	// istio-system, is replaced by ours of the same name.
	np, err := kube.NetworkingV1().NetworkPolicies(namespace).Get(testenv.Context(t), "workspaces-backend", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"kubernetes.io/metadata.name:istio-system istio:ingressgateway TCP/4000"}; !reflect.DeepEqual(admits(*np), want) {
		t.Errorf("NetworkPolicy workspaces-backend admits %q, want ours, %q", admits(*np), want)
	}
	t.Logf("selectors after ours: %v", in.selectors)

	// And back: upstream's over ours. What ours added and upstream's lacks
	// stays until deleted (docs/operations.md lists it).
	if _, err := a.apply(t, theirs, false); err != nil {
		t.Fatalf("applying upstream's backend over ours: %v", err)
	}
	in = readInstalled(t, namespace)
	got = in.oneDeploymentSelected(t)
	if !reflect.DeepEqual(got.Spec.Template.Labels, upstream.Spec.Template.Labels) || len(got.Spec.Template.Spec.Containers[0].Args) > 0 {
		t.Errorf("back to upstream's: pod labels %v, args %v: want upstream's, %v, none", got.Spec.Template.Labels, got.Spec.Template.Spec.Containers[0].Args, upstream.Spec.Template.Labels)
	}
	var upstreamRole rbacv1.ClusterRole
	object(t, theirsMap, "ClusterRole", &upstreamRole)
	if !reflect.DeepEqual(in.role.Rules, upstreamRole.Rules) {
		t.Errorf("back to upstream's: ClusterRole %s does not hold upstream's rules", in.role.Name)
	}
	var left []string
	for what := range in.selectors {
		if !slices.ContainsFunc(theirs, func(u *unstructured.Unstructured) bool { return u.GetKind()+"/"+u.GetName() == what }) {
			left = append(left, what)
		}
	}
	slices.Sort(left)
	if want := []string{"NetworkPolicy/workspaces-backend-metrics", "PodDisruptionBudget/workspaces-backend"}; !slices.Equal(left, want) {
		t.Errorf("after going back, ours left %v, want %v (docs/operations.md lists them)", left, want)
	}
}
