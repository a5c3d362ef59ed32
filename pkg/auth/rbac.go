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

package auth

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	authorizationclient "k8s.io/client-go/kubernetes/typed/authorization/v1"
	rbaclisters "k8s.io/client-go/listers/rbac/v1"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/informers"
)

// RBAC reads the cluster's RBAC objects from informers (pkg/informers.RBAC)
// to tell, without an
// API call, in which namespaces a user's bindings may grant a policy. It
// only proposes: Authorizer.Filter confirms each proposed namespace with a
// SubjectAccessReview, so a denial by any authorizer still wins. Access
// granted by an authorizer other than RBAC (a webhook) in a namespace where
// RBAC grants nothing is not found this way; such clusters should grant
// cluster-wide list, which is always asked by review.
//
// The BFF may lack the permission to list and watch RBAC objects: upstream's
// ClusterRole grants neither, so an install of upstream's with only the
// image swapped runs so. Start finds that out first, with
// SelfSubjectAccessReviews; when it is so, the informers never start,
// OnUnreadable is told once what is missing, and Candidates proposes
// every namespace, so Filter confirms each by review. The answers
// stay right; they cost a review per namespace and user (cached as every
// decision) instead of one per proposed namespace.
type RBAC struct {
	// OnUnreadable, when set before Start, is called once if the BFF may
	// not read RBAC, with what it lacks ("list roles.rbac.authorization.k8s.io").
	OnUnreadable func(missing []string)

	informers *informers.RBAC
	self      authorizationclient.SelfSubjectAccessReviewInterface
	// The bindings are looked up by subject (informers.SubjectIndex), so a
	// user's poll costs their own bindings, not a scan of all of them.
	roleBindings        toolscache.Indexer
	clusterRoleBindings toolscache.Indexer
	roles               rbaclisters.RoleLister
	clusterRoles        rbaclisters.ClusterRoleLister
	status              atomic.Pointer[rbacStatus]
}

// rbacStatus is what Start has found out: nothing yet (checking, with the
// last error of the check), that the BFF reads RBAC, or what it lacks to.
type rbacStatus struct {
	checked  bool
	checkErr error
	missing  []string
}

// rbacReads are the calls the informers make: a streaming list needs
// watch, a list then a watch both.
var rbacReads = []struct{ verb, resource string }{
	{"list", "roles"}, {"watch", "roles"},
	{"list", "rolebindings"}, {"watch", "rolebindings"},
	{"list", "clusterroles"}, {"watch", "clusterroles"},
	{"list", "clusterrolebindings"}, {"watch", "clusterrolebindings"},
}

// NewRBAC proposes from inf, which Start runs; self checks whether the BFF
// may read RBAC.
func NewRBAC(self authorizationclient.SelfSubjectAccessReviewInterface, inf *informers.RBAC) *RBAC {
	r := &RBAC{
		informers:           inf,
		self:                self,
		roleBindings:        inf.RoleBindings.GetIndexer(),
		clusterRoleBindings: inf.ClusterRoleBindings.GetIndexer(),
		roles:               rbaclisters.NewRoleLister(inf.Roles.GetIndexer()),
		clusterRoles:        rbaclisters.NewClusterRoleLister(inf.ClusterRoles.GetIndexer()),
	}
	r.status.Store(&rbacStatus{})
	return r
}

// Start checks whether the BFF may read RBAC, retrying until the API
// server answers, then runs the informers if it may; all until stop is
// closed. It returns at once.
func (r *RBAC) Start(stop <-chan struct{}) {
	go func() {
		ctx := wait.ContextForChannel(stop)
		backoff := wait.Backoff{Duration: 250 * time.Millisecond, Factor: 2, Jitter: 0.1, Cap: 30 * time.Second, Steps: math.MaxInt32}
		var missing []string
		err := wait.ExponentialBackoffWithContext(ctx, backoff, func(ctx context.Context) (bool, error) {
			var err error
			if missing, err = r.missingReads(ctx); err != nil {
				r.status.Store(&rbacStatus{checkErr: err})
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return // stopped
		}
		r.status.Store(&rbacStatus{checked: true, missing: missing})
		if len(missing) > 0 {
			if r.OnUnreadable != nil {
				r.OnUnreadable(missing)
			}
			return
		}
		r.informers.Start(stop)
	}()
}

// missingReads asks the API server which of rbacReads the BFF may not make.
func (r *RBAC) missingReads(ctx context.Context) ([]string, error) {
	var missing []string
	for _, read := range rbacReads {
		review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
			ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: read.verb, Group: rbacv1.GroupName, Resource: read.resource},
		}}
		out, err := r.self.Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			return nil, err
		}
		if !out.Status.Allowed || out.Status.Denied {
			missing = append(missing, read.verb+" "+read.resource+"."+rbacv1.GroupName)
		}
	}
	return missing, nil
}

// Status reports whether Candidates answers from a complete view (the
// informers have their initial lists, or the BFF may not read RBAC and
// Candidates proposes every namespace), with why not, or, when the BFF may
// not read RBAC, what it lacks and what it does instead.
func (r *RBAC) Status() (synced bool, detail string) {
	st := r.status.Load()
	switch {
	case !st.checked && st.checkErr != nil:
		return false, "checking whether the BFF may read RBAC: " + st.checkErr.Error()
	case !st.checked:
		return false, "checking whether the BFF may read RBAC"
	case len(st.missing) > 0:
		return true, "degraded permissions: the BFF may not " + strings.Join(st.missing, ", ") +
			"; each namespace is confirmed by a SubjectAccessReview of its own"
	case !r.informers.HasSynced():
		return false, "RBAC informers have not synced"
	}
	return true, ""
}

// Candidates returns the namespaces in which u's RoleBindings grant p
// (p.Namespace and p.Name are ignored), and whether a ClusterRoleBinding
// grants it everywhere. When it cannot tell (the BFF may not read RBAC, or
// its informers have not synced) it proposes everywhere: Filter then
// reviews every namespace, never narrowing by what it does not know.
func (r *RBAC) Candidates(u User, p Policy) (everywhere bool, namespaces map[string]bool) {
	if st := r.status.Load(); !st.checked || len(st.missing) > 0 || !r.informers.HasSynced() {
		return true, nil
	}
	keys := make([]string, 0, 1+len(u.Groups))
	keys = append(keys, informers.SubjectKey(rbacv1.UserKind, u.Name))
	for _, g := range u.Groups {
		keys = append(keys, informers.SubjectKey(rbacv1.GroupKind, g))
	}
	// A grant everywhere makes the namespaces moot: Filter reviews them all.
	for _, key := range keys {
		objs, _ := r.clusterRoleBindings.ByIndex(informers.SubjectIndex, key)
		for _, o := range objs {
			if rulesAllow(r.rules(o.(*rbacv1.ClusterRoleBinding).RoleRef, ""), p) {
				return true, nil
			}
		}
	}
	namespaces = map[string]bool{}
	for _, key := range keys {
		objs, _ := r.roleBindings.ByIndex(informers.SubjectIndex, key)
		for _, o := range objs {
			b := o.(*rbacv1.RoleBinding)
			if namespaces[b.Namespace] {
				continue
			}
			if rules := r.rules(b.RoleRef, b.Namespace); rulesAllow(rules, p) {
				namespaces[b.Namespace] = true
			}
		}
	}
	return false, namespaces
}

func (r *RBAC) rules(ref rbacv1.RoleRef, namespace string) []rbacv1.PolicyRule {
	switch ref.Kind {
	case "Role":
		if role, err := r.roles.Roles(namespace).Get(ref.Name); err == nil {
			return role.Rules
		}
	case "ClusterRole":
		if role, err := r.clusterRoles.Get(ref.Name); err == nil {
			return role.Rules
		}
	}
	return nil
}

// rulesAllow applies RBAC's rule matching to a request without a name (a
// list): verb, API group and resource must match, "*" matching any, and a
// rule restricted to resourceNames never matches.
func rulesAllow(rules []rbacv1.PolicyRule, p Policy) bool {
	for _, rule := range rules {
		if len(rule.ResourceNames) > 0 && p.Name == "" {
			continue
		}
		if len(rule.ResourceNames) > 0 && !slices.Contains(rule.ResourceNames, p.Name) {
			continue
		}
		if matches(rule.Verbs, p.Verb) && matches(rule.APIGroups, p.Group) && matches(rule.Resources, p.Resource) {
			return true
		}
	}
	return false
}

func matches(values []string, want string) bool {
	return slices.Contains(values, "*") || slices.Contains(values, want)
}
