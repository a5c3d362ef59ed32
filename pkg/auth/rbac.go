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
	"slices"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	rbaclisters "k8s.io/client-go/listers/rbac/v1"
	toolscache "k8s.io/client-go/tools/cache"
)

// RBAC reads the cluster's RBAC objects from informers to tell, without an
// API call, in which namespaces a user's bindings may grant a policy. It
// only proposes: Authorizer.Filter confirms each proposed namespace with a
// SubjectAccessReview, so a denial by any authorizer still wins. Access
// granted by an authorizer other than RBAC (a webhook) in a namespace where
// RBAC grants nothing is not found this way; such clusters should grant
// cluster-wide list, which is always asked by review.
type RBAC struct {
	factory             informers.SharedInformerFactory
	roleBindings        toolscache.Indexer
	roles               rbaclisters.RoleLister
	clusterRoles        rbaclisters.ClusterRoleLister
	clusterRoleBindings rbaclisters.ClusterRoleBindingLister
	synced              []toolscache.InformerSynced
}

const bySubject = "subject"

// NewRBAC sets up informers on Roles, RoleBindings, ClusterRoles and
// ClusterRoleBindings; Start runs them.
func NewRBAC(client kubernetes.Interface) (*RBAC, error) {
	factory := informers.NewSharedInformerFactory(client, 0)
	rbac := factory.Rbac().V1()
	rb := rbac.RoleBindings().Informer()
	if err := rb.AddIndexers(toolscache.Indexers{bySubject: subjectKeys}); err != nil {
		return nil, err
	}
	r := &RBAC{
		factory:             factory,
		roleBindings:        rb.GetIndexer(),
		roles:               rbac.Roles().Lister(),
		clusterRoles:        rbac.ClusterRoles().Lister(),
		clusterRoleBindings: rbac.ClusterRoleBindings().Lister(),
	}
	for _, inf := range []toolscache.SharedIndexInformer{
		rb, rbac.Roles().Informer(), rbac.ClusterRoles().Informer(), rbac.ClusterRoleBindings().Informer(),
	} {
		r.synced = append(r.synced, inf.HasSynced)
	}
	return r, nil
}

// Start runs the informers until ctx ends.
func (r *RBAC) Start(stop <-chan struct{}) { r.factory.Start(stop) }

// HasSynced reports whether every informer has its initial list.
func (r *RBAC) HasSynced() bool {
	for _, s := range r.synced {
		if !s() {
			return false
		}
	}
	return true
}

// Candidates returns the namespaces in which u's RoleBindings grant p
// (p.Namespace and p.Name are ignored), and whether a ClusterRoleBinding
// grants it everywhere.
func (r *RBAC) Candidates(u User, p Policy) (everywhere bool, namespaces map[string]bool) {
	namespaces = map[string]bool{}
	keys := append([]string{"User:" + u.Name}, make([]string, 0, len(u.Groups))...)
	for _, g := range u.Groups {
		keys = append(keys, "Group:"+g)
	}
	for _, key := range keys {
		objs, _ := r.roleBindings.ByIndex(bySubject, key)
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
	bindings, _ := r.clusterRoleBindings.List(labels.Everything())
	for _, b := range bindings {
		if bindsUser(b.Subjects, "", u) && rulesAllow(r.rules(b.RoleRef, ""), p) {
			return true, namespaces
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

// subjectKeys indexes a RoleBinding by the users and groups it binds.
func subjectKeys(obj any) ([]string, error) {
	b, ok := obj.(*rbacv1.RoleBinding)
	if !ok {
		return nil, nil
	}
	keys := make([]string, 0, len(b.Subjects))
	for _, s := range b.Subjects {
		switch s.Kind {
		case rbacv1.UserKind, rbacv1.GroupKind:
			keys = append(keys, s.Kind+":"+s.Name)
		case rbacv1.ServiceAccountKind:
			ns := s.Namespace
			if ns == "" {
				ns = b.Namespace
			}
			keys = append(keys, rbacv1.UserKind+":system:serviceaccount:"+ns+":"+s.Name)
		}
	}
	return keys, nil
}

func bindsUser(subjects []rbacv1.Subject, bindingNamespace string, u User) bool {
	for _, s := range subjects {
		switch s.Kind {
		case rbacv1.UserKind:
			if s.Name == u.Name {
				return true
			}
		case rbacv1.GroupKind:
			if slices.Contains(u.Groups, s.Name) {
				return true
			}
		case rbacv1.ServiceAccountKind:
			ns := s.Namespace
			if ns == "" {
				ns = bindingNamespace
			}
			if u.Name == "system:serviceaccount:"+ns+":"+s.Name {
				return true
			}
		}
	}
	return false
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
