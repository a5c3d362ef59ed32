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

package informers

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/kubeflow/workspaces-bff/pkg/apihealth"
)

// RBAC are the informers of the cluster's RBAC objects, from which pkg/auth
// proposes the namespaces a user may be granted a policy in. Their factory
// is their own, with the shared transform and watch error handler: the BFF
// may lack the permission to read RBAC, and pkg/auth starts them only once
// it knows it has it. Both binding informers are indexed by subject
// (SubjectIndex).
type RBAC struct {
	Roles               toolscache.SharedIndexInformer
	RoleBindings        toolscache.SharedIndexInformer
	ClusterRoles        toolscache.SharedIndexInformer
	ClusterRoleBindings toolscache.SharedIndexInformer

	factory informers.SharedInformerFactory
}

// SubjectIndex indexes RoleBindings and ClusterRoleBindings by the users and
// groups they bind, keyed by SubjectKey; a ServiceAccount is indexed as the
// user it authenticates as.
const SubjectIndex = "subject"

// SubjectKey is SubjectIndex's key of a user (kind rbacv1.UserKind) or a
// group (rbacv1.GroupKind).
func SubjectKey(kind, name string) string { return kind + ":" + name }

// NewRBAC creates the RBAC informers; Start runs them. health, when set, is
// told of their watch errors.
func NewRBAC(client kubernetes.Interface, health *apihealth.Health) (*RBAC, error) {
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithTransform(Transform))
	v1 := factory.Rbac().V1()
	r := &RBAC{
		Roles:               v1.Roles().Informer(),
		RoleBindings:        v1.RoleBindings().Informer(),
		ClusterRoles:        v1.ClusterRoles().Informer(),
		ClusterRoleBindings: v1.ClusterRoleBindings().Informer(),
		factory:             factory,
	}
	for _, inf := range []toolscache.SharedIndexInformer{r.RoleBindings, r.ClusterRoleBindings} {
		if err := inf.AddIndexers(toolscache.Indexers{SubjectIndex: subjectKeys}); err != nil {
			return nil, err
		}
	}
	if health != nil {
		for _, inf := range []toolscache.SharedIndexInformer{r.Roles, r.RoleBindings, r.ClusterRoles, r.ClusterRoleBindings} {
			if err := inf.SetWatchErrorHandlerWithContext(health.WatchErrorHandler); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// Start runs the informers until stop is closed.
func (r *RBAC) Start(stop <-chan struct{}) { r.factory.Start(stop) }

// HasSynced reports whether every RBAC informer has its initial list.
func (r *RBAC) HasSynced() bool {
	return r.Roles.HasSynced() && r.RoleBindings.HasSynced() && r.ClusterRoles.HasSynced() && r.ClusterRoleBindings.HasSynced()
}

// subjectKeys are a binding's SubjectIndex keys.
func subjectKeys(obj any) ([]string, error) {
	var namespace string
	var subjects []rbacv1.Subject
	switch b := obj.(type) {
	case *rbacv1.RoleBinding:
		namespace, subjects = b.Namespace, b.Subjects
	case *rbacv1.ClusterRoleBinding:
		subjects = b.Subjects
	default:
		return nil, nil
	}
	keys := make([]string, 0, len(subjects))
	for _, s := range subjects {
		switch s.Kind {
		case rbacv1.UserKind, rbacv1.GroupKind:
			keys = append(keys, SubjectKey(s.Kind, s.Name))
		case rbacv1.ServiceAccountKind:
			ns := s.Namespace
			if ns == "" {
				ns = namespace
			}
			keys = append(keys, SubjectKey(rbacv1.UserKind, "system:serviceaccount:"+ns+":"+s.Name))
		}
	}
	return keys, nil
}
