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
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clientfeatures "k8s.io/client-go/features"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// manifestRBAC is what the base manifests grant the BFF: its
// ServiceAccount, ClusterRole and ClusterRoleBinding, as kustomize renders
// them, and the Namespace they go in.
type manifestRBAC struct {
	namespace corev1.Namespace
	sa        corev1.ServiceAccount
	role      rbacv1.ClusterRole
	binding   rbacv1.ClusterRoleBinding
}

func renderRBAC(t *testing.T) manifestRBAC {
	t.Helper()
	m := render(t, "base")
	var out manifestRBAC
	object(t, m, "ServiceAccount", &out.sa)
	// The base deploys into upstream's namespace, which it does not create.
	out.namespace.Name = out.sa.Namespace
	object(t, m, "ClusterRole", &out.role)
	object(t, m, "ClusterRoleBinding", &out.binding)
	if len(out.binding.Subjects) != 1 || out.binding.Subjects[0].Name != out.sa.Name || out.binding.RoleRef.Name != out.role.Name {
		t.Fatalf("the ClusterRoleBinding binds %v to %v, want the ServiceAccount %s to %s", out.binding.Subjects, out.binding.RoleRef, out.sa.Name, out.role.Name)
	}
	return out
}

// apply creates the manifests' RBAC on the API server under name (the
// ServiceAccount, ClusterRole and binding all renamed) with rules in the
// ClusterRole, waits until the API server authorizes by it, and returns the
// admin configuration impersonating the ServiceAccount, as its pod's token
// would authenticate. Everything but the namespace goes when the test ends.
func (m manifestRBAC) apply(t *testing.T, name string, rules []rbacv1.PolicyRule) *rest.Config {
	t.Helper()
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	kube := env.Clients.Kube
	ns, sa, role, binding := m.namespace.DeepCopy(), m.sa.DeepCopy(), m.role.DeepCopy(), m.binding.DeepCopy()
	sa.Name, role.Name, role.Rules = name, name, rules
	binding.Name, binding.RoleRef.Name, binding.Subjects[0].Name = name, name, name
	_, err := kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	if err := ignoreExists(err); err != nil {
		t.Fatal(err)
	}
	if _, err := kube.CoreV1().ServiceAccounts(sa.Namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kube.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kube.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		_ = kube.RbacV1().ClusterRoleBindings().Delete(ctx, name, metav1.DeleteOptions{})
		_ = kube.RbacV1().ClusterRoles().Delete(ctx, name, metav1.DeleteOptions{})
		_ = kube.CoreV1().ServiceAccounts(sa.Namespace).Delete(ctx, name, metav1.DeleteOptions{})
	})

	cfg := rest.CopyConfig(env.Config)
	cfg.Impersonate = rest.ImpersonationConfig{
		UserName: "system:serviceaccount:" + sa.Namespace + ":" + sa.Name,
		Groups:   []string{"system:serviceaccounts", "system:serviceaccounts:" + sa.Namespace, "system:authenticated"},
	}
	// The API server's authorizer learns of the binding through a watch of
	// its own: wait until it allows one call the role grants.
	r := rules[0]
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User: cfg.Impersonate.UserName, Groups: cfg.Impersonate.Groups,
		ResourceAttributes: &authorizationv1.ResourceAttributes{Group: r.APIGroups[0], Resource: r.Resources[0], Verb: r.Verbs[0]},
	}}
	testenv.Eventually(t, 10*time.Second, func() bool {
		out, err := kube.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		return err == nil && out.Status.Allowed
	}, "the API server never authorized %s by ClusterRole %s", cfg.Impersonate.UserName, name)
	return cfg
}

// recorded is cfg with its calls noted by rec.
func recorded(cfg *rest.Config, rec *recorder) *rest.Config {
	cfg = rest.CopyConfig(cfg)
	cfg.Wrap(rec.wrap)
	return cfg
}

// listModes are the two ways client-go's informers fill their caches: a
// streaming list (a watch that first sends every object, kube-apiserver
// 1.34 and later) or a list and then a watch (older API servers, which
// refuse the streaming list, or ones with their WatchList gate off). The BFF
// must work with both, so the role must grant both list and watch. A list
// then a watch comes first: it needs every verb the other mode does.
var listModes = []struct {
	name      string
	streaming bool
}{
	{"list then watch", false},
	{"streaming lists", true},
}

// clientGates sets client-go's WatchListClient feature gate.
type clientGates struct {
	clientfeatures.Gates
	watchList bool
}

func (g clientGates) Enabled(f clientfeatures.Feature) bool {
	if f == clientfeatures.WatchListClient {
		return g.watchList
	}
	return g.Gates.Enabled(f)
}

// useStreamingLists sets how informers created during the test fill their
// caches (client-go reads its gate when an informer starts). The gate is
// process-wide: no other test may start informers meanwhile, so a test that
// calls it runs in parallel only with tests that start none.
func useStreamingLists(t *testing.T, on bool) {
	prev := clientfeatures.FeatureGates()
	clientfeatures.ReplaceFeatureGates(clientGates{Gates: prev, watchList: on})
	t.Cleanup(func() { clientfeatures.ReplaceFeatureGates(prev) })
}

// TestClusterRoleGrantsExactlyTheCallsTheBFFMakes applies the base
// manifests' ClusterRole and binding, runs the scenario through a BFF
// authenticated as the manifests' ServiceAccount, in both list modes, and
// records every API call it makes: the role must grant each of them and
// nothing else.
func TestClusterRoleGrantsExactlyTheCallsTheBFFMakes(t *testing.T) {
	m := renderRBAC(t)
	if !reflect.DeepEqual(m.role.Rules, Rules) {
		t.Fatal("base/clusterrole.yaml does not hold Rules: run make generate")
	}
	cfg := m.apply(t, m.sa.Name, m.role.Rules)
	made, nonResource := map[call]bool{}, map[string]bool{}
	for _, mode := range listModes {
		t.Run(mode.name, func(t *testing.T) {
			useStreamingLists(t, mode.streaming)
			rec := newRecorder()
			s := newScenario(t)
			b, err := startBFF(t, recorded(cfg, rec), scenarioArgs...)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = s.run(testenv.Context(t), b)
			b.stop()
			if err != nil {
				t.Fatalf("as %s: %v", cfg.Impersonate.UserName, err)
			}
			calls, refused, other := rec.calls()
			t.Logf("scenario passed in %s; calls: %v; other requests: %v", time.Since(start).Round(time.Millisecond), calls, other)
			if len(refused) > 0 {
				t.Errorf("the API server refused %v", refused)
			}
			for _, c := range calls {
				made[c] = true
			}
			for _, p := range other {
				nonResource[p] = true
			}
		})
	}
	if t.Failed() {
		return
	}
	grants := granted(t, m.role.Rules)
	var unused, ungranted []call
	for c := range grants {
		if !made[c] {
			unused = append(unused, c)
		}
	}
	for c := range made {
		if !grants[c] {
			ungranted = append(ungranted, c)
		}
	}
	// Calls every authenticated user may make by the cluster's default
	// roles (system:basic-user: SelfSubjectAccessReviews, with which the
	// BFF checks its own permissions) are not the role's business.
	kube := testenv.Get(t).Clients.Kube
	ungranted = slices.DeleteFunc(ungranted, func(c call) bool {
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: "anyone@example.com", Groups: []string{"system:authenticated"},
			ResourceAttributes: &authorizationv1.ResourceAttributes{Group: c.group, Resource: c.resource, Verb: c.verb},
		}}
		out, err := kube.AuthorizationV1().SubjectAccessReviews().Create(testenv.Context(t), review, metav1.CreateOptions{})
		return err == nil && out.Status.Allowed
	})
	if len(unused) > 0 || len(ungranted) > 0 {
		t.Errorf("granted but never called: %v; called but not granted (and not granted to every user): %v", unused, ungranted)
	}
	// Requests for no resource (discovery, say) are not the role's business only while the cluster's default roles
	// (system:public-info-viewer) let every authenticated user make them.
	for p := range nonResource {
		method, path, _ := strings.Cut(p, " ")
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: "anyone@example.com", Groups: []string{"system:authenticated"},
			NonResourceAttributes: &authorizationv1.NonResourceAttributes{Path: path, Verb: strings.ToLower(method)},
		}}
		out, err := kube.AuthorizationV1().SubjectAccessReviews().Create(testenv.Context(t), review, metav1.CreateOptions{})
		if err != nil || !out.Status.Allowed {
			t.Errorf("the BFF requests %s, which the role does not grant and not every user may (%v)", p, err)
		}
	}
}

// withoutVerb is rules less one verb of rule i (less the rule when that was
// its only verb).
func withoutVerb(rules []rbacv1.PolicyRule, i int, verb string) []rbacv1.PolicyRule {
	out := make([]rbacv1.PolicyRule, 0, len(rules))
	for j, r := range rules {
		if j == i {
			r = *r.DeepCopy()
			r.Verbs = slices.DeleteFunc(r.Verbs, func(v string) bool { return v == verb })
			if len(r.Verbs) == 0 {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// variantConcurrency bounds the scenarios run side by side: most wait (for
// a refused informer to sync, or a write to be served), so a few more than
// the cores keep the package fast without starving the API server.
const variantConcurrency = 8

// TestEveryGrantedVerbIsNeeded removes one verb of the manifests'
// ClusterRole at a time and runs the scenario as a ServiceAccount bound to
// what is left: each time the scenario must fail, and the API server must
// have refused the BFF a call (so the failure is the missing verb's, not a
// slow machine's), or answered its own access review with a no, which
// makes it run degraded (without RBAC's verbs it still answers right, by
// a review per namespace, which TestUpstreamClusterRole checks). The
// variants run with a list then a watch first (listModes' order), where
// every verb counts: with streaming lists first, the ten without list would
// each pass a whole scenario before failing in the other mode. A variant
// that passes runs again with streaming lists.
//
// It runs in parallel with the tests that start no informers (the image
// build), which leaves the list-mode gate to it.
func TestEveryGrantedVerbIsNeeded(t *testing.T) {
	t.Parallel()
	m := renderRBAC(t)
	type variant struct {
		name, account string
		// missing is the verb and resource as a degraded BFF names them.
		missing  string
		rules    []rbacv1.PolicyRule
		cfg      *rest.Config
		proved   string   // how the scenario failed, once it did
		outcomes []string // every run, for the failure message
	}
	var variants []*variant
	for i, r := range m.role.Rules {
		for _, verb := range r.Verbs {
			group := r.APIGroups[0]
			if group == "" {
				group = "core"
			}
			// Named by group too: pods and pods.metrics.k8s.io are two.
			resource := r.Resources[0] + "." + group
			variants = append(variants, &variant{
				name:    fmt.Sprintf("without %s %s/%s", verb, group, r.Resources[0]),
				account: fmt.Sprintf("%s-without-%s-%s", m.sa.Name, verb, strings.NewReplacer(".", "-", "/", "-").Replace(resource)),
				missing: verb + " " + resource,
				rules:   withoutVerb(m.role.Rules, i, verb),
			})
		}
	}
	for _, v := range variants {
		v.cfg = m.apply(t, v.account, v.rules)
	}

	for _, mode := range listModes {
		t.Run(mode.name, func(t *testing.T) {
			useStreamingLists(t, mode.streaming)
			var mu sync.Mutex
			var g errgroup.Group
			g.SetLimit(variantConcurrency)
			for _, v := range variants {
				if v.proved != "" {
					continue
				}
				s := newScenario(t)
				g.Go(func() error {
					rec := newRecorder()
					start := time.Now()
					b, err := startBFF(t, recorded(v.cfg, rec), scenarioArgs...)
					if err != nil {
						return err
					}
					err = s.run(testenv.Context(t), b)
					b.stop()
					_, refused, _ := rec.calls()
					outcome := fmt.Sprintf("%s, %s: %v (refused: %v)", mode.name, time.Since(start).Round(time.Millisecond), err, refused)
					mu.Lock()
					defer mu.Unlock()
					v.outcomes = append(v.outcomes, outcome)
					switch {
					case errors.Is(err, errSetup):
						return err
					case errors.Is(err, errDegraded) && strings.Contains(err.Error(), v.missing),
						err != nil && len(refused) > 0:
						v.proved = outcome
					}
					return nil
				})
			}
			if err := g.Wait(); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, v := range variants {
		if v.proved == "" {
			t.Errorf("%s: the scenario did not fail for want of it:\n  %s", v.name, strings.Join(v.outcomes, "\n  "))
			continue
		}
		t.Logf("%s: %s", v.name, v.proved)
	}
}
