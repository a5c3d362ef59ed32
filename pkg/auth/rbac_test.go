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
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
)

func TestRulesAllow(t *testing.T) {
	list := Workspaces.On("list", "ns", "")
	rule := func(verbs, groups, resources, names []string) rbacv1.PolicyRule {
		return rbacv1.PolicyRule{Verbs: verbs, APIGroups: groups, Resources: resources, ResourceNames: names}
	}
	s := func(v ...string) []string { return v }
	tests := []struct {
		name  string
		rules []rbacv1.PolicyRule
		p     Policy
		want  bool
	}{
		{"exact", []rbacv1.PolicyRule{rule(s("list"), s("kubeflow.org"), s("workspaces"), nil)}, list, true},
		{"wildcards", []rbacv1.PolicyRule{rule(s("*"), s("*"), s("*"), nil)}, list, true},
		{"other verb", []rbacv1.PolicyRule{rule(s("get"), s("kubeflow.org"), s("workspaces"), nil)}, list, false},
		{"other group", []rbacv1.PolicyRule{rule(s("list"), s(""), s("workspaces"), nil)}, list, false},
		{"other resource", []rbacv1.PolicyRule{rule(s("list"), s("kubeflow.org"), s("workspacekinds"), nil)}, list, false},
		{"resourceNames never match a list", []rbacv1.PolicyRule{rule(s("list"), s("kubeflow.org"), s("workspaces"), s("a"))}, list, false},
		{"resourceNames match that name", []rbacv1.PolicyRule{rule(s("get"), s("kubeflow.org"), s("workspaces"), s("a"))}, Workspaces.On("get", "ns", "a"), true},
		{"any rule suffices", []rbacv1.PolicyRule{rule(s("get"), s("x"), s("y"), nil), rule(s("list"), s("kubeflow.org"), s("workspaces"), nil)}, list, true},
		{"no rules", nil, list, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rulesAllow(tt.rules, tt.p); got != tt.want {
				t.Fatalf("rulesAllow = %v, want %v", got, tt.want)
			}
		})
	}
}
