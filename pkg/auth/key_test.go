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
)

// Distinct callers and checks never share a cached decision.
func TestDecisionKeysAreDistinct(t *testing.T) {
	p := Workspaces.On("get", "ns", "name")
	users := []User{
		{Name: "a"},
		{Name: "b"},
		{Name: "a", Groups: []string{""}},
		{Name: "a", Groups: []string{"g"}},
		{Name: "a", Groups: []string{"g", ""}},
		{Name: "a", Groups: []string{"", "g"}},
		{Name: "a", Groups: []string{"g", "h"}},
		{Name: "a", Groups: []string{"h", "g"}},
		{Name: "a", Groups: []string{"g", "h", "i"}},
		{Name: "a", Groups: []string{"g", "h", "i", ""}},
		{Name: "a", Groups: []string{"g", "h", "i", "j"}},
		{Name: "a", Groups: []string{"g", "h", "i", "j", "k"}},
		{Name: "a", Groups: []string{"g", "h", "i", "jk"}},
	}
	seen := map[string]User{}
	for _, u := range users {
		k := decisionKey(u, p)
		if other, ok := seen[k]; ok {
			t.Errorf("%+v and %+v share a decision key", u, other)
		}
		seen[k] = u
	}
	if decisionKey(users[0], p) == decisionKey(users[0], p.On("list", "ns", "name")) {
		t.Error("two verbs share a decision key")
	}
}
