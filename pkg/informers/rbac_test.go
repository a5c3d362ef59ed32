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
	"reflect"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A binding is indexed by each user and group it binds, a ServiceAccount as
// the user it authenticates as (in the binding's namespace when it names
// none), and by nothing else.
func TestSubjectKeys(t *testing.T) {
	subjects := []rbacv1.Subject{
		{Kind: rbacv1.UserKind, Name: "alice"},
		{Kind: rbacv1.GroupKind, Name: "devs"},
		{Kind: rbacv1.ServiceAccountKind, Name: "bot"},
		{Kind: rbacv1.ServiceAccountKind, Name: "other", Namespace: "ci"},
		{Kind: "Unknown", Name: "x"},
	}
	for _, tt := range []struct {
		name    string
		binding any
		want    []string
	}{
		{"a RoleBinding", &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Namespace: "team"}, Subjects: subjects},
			[]string{"User:alice", "Group:devs", "User:system:serviceaccount:team:bot", "User:system:serviceaccount:ci:other"}},
		{"a ClusterRoleBinding", &rbacv1.ClusterRoleBinding{Subjects: subjects},
			[]string{"User:alice", "Group:devs", "User:system:serviceaccount::bot", "User:system:serviceaccount:ci:other"}},
		{"anything else", &rbacv1.Role{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := subjectKeys(tt.binding)
			if err != nil || !reflect.DeepEqual(keys, tt.want) {
				t.Fatalf("subjectKeys = %v, %v; want %v", keys, err, tt.want)
			}
		})
	}
}
