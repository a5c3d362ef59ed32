package auth

import (
	"context"
	"net/http"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
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
	seen := map[decisionKey]User{}
	for _, u := range users {
		k := decisionKeyOf(u, p)
		if other, ok := seen[k]; ok {
			t.Errorf("%+v and %+v share a decision key", u, other)
		}
		seen[k] = u
	}
	if decisionKeyOf(users[0], p) == decisionKeyOf(users[0], p.On("list", "ns", "name")) {
		t.Error("two verbs share a decision key")
	}
}

// A cached decision, the one every request makes, allocates nothing for a
// user of up to three groups.
func TestCachedDecisionDoesNotAllocate(t *testing.T) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour})
	p := Workspaces.On("list", "kubeflow-user-example-com", "")
	ctx := context.Background()
	for _, groups := range [][]string{nil, {"team-a"}, {"team-a", "team-b", "team-c"}} {
		u := User{Name: "alice@example.com", Groups: groups}
		_, _ = a.Allowed(ctx, u, p)
		if n := testing.AllocsPerRun(100, func() { _, _ = a.Allowed(ctx, u, p) }); n != 0 {
			t.Errorf("%d groups: %v allocations per cached decision, want 0", len(groups), n)
		}
	}
}

// Reading the caller from the headers allocates nothing, with groups too.
func TestHeadersUserDoesNotAllocate(t *testing.T) {
	h := Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"}.Canonical()
	r, _ := http.NewRequest("GET", "/", nil)
	r.Header.Set("kubeflow-userid", ":alice")
	r.Header.Add("kubeflow-groups", "team-a")
	r.Header.Add("kubeflow-groups", "team-b")
	if n := testing.AllocsPerRun(100, func() { _, _ = h.User(r) }); n != 0 {
		t.Fatalf("%v allocations, want 0", n)
	}
}
