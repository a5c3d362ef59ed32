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
