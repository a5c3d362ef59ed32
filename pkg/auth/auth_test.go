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
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// reviewer answers reviews from a rule, counting them; block, when set,
// holds every review until closed.
type reviewer struct {
	calls atomic.Int64
	allow func(authorizationv1.SubjectAccessReviewSpec) bool
	err   error
	block chan struct{}
}

func (r *reviewer) Create(ctx context.Context, review *authorizationv1.SubjectAccessReview, _ metav1.CreateOptions) (*authorizationv1.SubjectAccessReview, error) {
	r.calls.Add(1)
	if r.block != nil {
		<-r.block
	}
	if r.err != nil {
		return nil, r.err
	}
	out := review.DeepCopy()
	out.Status.Allowed = r.allow(review.Spec)
	return out, nil
}

func TestHeadersUser(t *testing.T) {
	h := Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"}
	tests := []struct {
		name       string
		user       []string
		groups     []string
		want       User
		authorized bool
	}{
		{"prefix stripped", []string{":alice"}, nil, User{Name: "alice"}, true},
		{"no prefix is used as is", []string{"alice"}, nil, User{Name: "alice"}, true},
		{"missing", nil, nil, User{}, false},
		{"empty", []string{""}, nil, User{}, false},
		{"only the prefix", []string{":"}, nil, User{}, false},
		{"given twice is no one", []string{":alice", ":bob"}, nil, User{}, false},
		{"given twice alike is no one", []string{":alice", ":alice"}, nil, User{}, false},
		{"one group per line, commas kept", []string{"a"}, []string{"g1", "g2,g3", ""}, User{Name: "a", Groups: []string{"g1", "g2,g3"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest("GET", "/", nil)
			for _, v := range tt.user {
				r.Header.Add("Kubeflow-Userid", v)
			}
			for _, g := range tt.groups {
				r.Header.Add("kubeflow-groups", g)
			}
			got, ok := h.User(r)
			if ok != tt.authorized || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("User = %+v, %v; want %+v, %v", got, ok, tt.want, tt.authorized)
			}
		})
	}
}

func TestAllowedCachesDecisions(t *testing.T) {
	rev := &reviewer{allow: func(s authorizationv1.SubjectAccessReviewSpec) bool { return s.User == "alice" }}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour, DenyTTL: time.Hour})
	ctx := context.Background()
	p := Workspaces.On("list", "ns", "")
	for range 10 {
		if ok, err := a.Allowed(ctx, User{Name: "alice"}, p); !ok || err != nil {
			t.Fatalf("alice: %v %v", ok, err)
		}
		if ok, err := a.Allowed(ctx, User{Name: "bob"}, p); ok || err != nil {
			t.Fatalf("bob: %v %v", ok, err)
		}
	}
	if n := rev.calls.Load(); n != 2 {
		t.Fatalf("%d reviews for two distinct checks", n)
	}
	// Another namespace, verb or group set is another decision.
	_, _ = a.Allowed(ctx, User{Name: "alice"}, Workspaces.On("list", "other", ""))
	_, _ = a.Allowed(ctx, User{Name: "alice", Groups: []string{"g"}}, p)
	if n := rev.calls.Load(); n != 4 {
		t.Fatalf("%d reviews, want 4", n)
	}
}

func TestAllowedWithoutTTLAsksEveryTime(t *testing.T) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }}
	a := NewAuthorizer(rev, Options{})
	for range 3 {
		_, _ = a.Allowed(context.Background(), User{Name: "a"}, Namespaces.On("list", "", ""))
	}
	if n := rev.calls.Load(); n != 3 {
		t.Fatalf("%d reviews, want 3", n)
	}
}

func TestConcurrentIdenticalChecksCollapse(t *testing.T) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }, block: make(chan struct{})}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := a.Allowed(context.Background(), User{Name: "a"}, Workspaces.On("get", "ns", "x")); !ok || err != nil {
				t.Errorf("Allowed = %v, %v", ok, err)
			}
		}()
	}
	// Wait for the one review to be in flight, then let it answer.
	deadline := time.Now().Add(5 * time.Second)
	for rev.calls.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(rev.block)
	wg.Wait()
	if n := rev.calls.Load(); n != 1 {
		t.Fatalf("%d reviews for 20 identical concurrent checks", n)
	}
}

func TestReviewErrorIsUnavailableAndNotCached(t *testing.T) {
	rev := &reviewer{err: errors.New("connection refused")}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour, DenyTTL: time.Hour})
	for range 2 {
		ok, err := a.Allowed(context.Background(), User{Name: "a"}, Namespaces.On("list", "", ""))
		if ok || !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Allowed = %v, %v; want false, ErrUnavailable", ok, err)
		}
	}
	if n := rev.calls.Load(); n != 2 {
		t.Fatalf("an error was cached: %d reviews", n)
	}
}

func TestFilter(t *testing.T) {
	rev := &reviewer{allow: func(s authorizationv1.SubjectAccessReviewSpec) bool {
		return strings.HasPrefix(s.ResourceAttributes.Namespace, "team-")
	}}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour, DenyTTL: time.Hour, Concurrency: 4})
	var namespaces []string
	for i := range 100 {
		prefix := "other-"
		if i%10 == 0 {
			prefix = "team-"
		}
		namespaces = append(namespaces, prefix+string(rune('a'+i%26))+strings.Repeat("x", i/26))
	}
	got, err := a.Filter(context.Background(), User{Name: "a"}, Workspaces.On("list", "", ""), namespaces)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, ns := range namespaces {
		if strings.HasPrefix(ns, "team-") {
			want = append(want, ns)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Filter = %v, want %v", got, want)
	}
	if _, err := a.Filter(context.Background(), User{Name: "a"}, Workspaces.On("list", "", ""), namespaces); err != nil {
		t.Fatal(err)
	}
	if n := rev.calls.Load(); n != 100 {
		t.Fatalf("%d reviews for 100 namespaces scanned twice, want 100", n)
	}
}

func TestCacheIsBounded(t *testing.T) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour, CacheSize: 10})
	for i := range 100 {
		_, _ = a.Allowed(context.Background(), User{Name: string(rune('a' + i%26))}, Workspaces.On("get", "ns", strings.Repeat("n", i)))
	}
	if n := len(a.cache.Keys()); n > 10 {
		t.Fatalf("%d cached decisions, bound 10", n)
	}
}

// BenchmarkAllowedCached is the cost every request pays: a cached decision.
func BenchmarkAllowedCached(b *testing.B) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour})
	u := User{Name: "alice@example.com", Groups: []string{"team-a", "team-b"}}
	p := Workspaces.On("list", "kubeflow-user-example-com", "")
	ctx := context.Background()
	_, _ = a.Allowed(ctx, u, p)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if ok, _ := a.Allowed(ctx, u, p); !ok {
			b.Fatal("denied")
		}
	}
}

func TestUserBudget(t *testing.T) {
	rev := &reviewer{allow: func(authorizationv1.SubjectAccessReviewSpec) bool { return true }}
	// A budget of 3 that takes 1000 s to give one back: what the test sees
	// does not depend on how fast it runs.
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour, DenyTTL: time.Hour, UserQPS: 0.001, UserBurst: 3})
	ctx := context.Background()
	mallory, alice := User{Name: "mallory"}, User{Name: "alice"}
	named := func(i int) Policy { return Workspaces.On("get", "ns", fmt.Sprintf("random-%d", i)) }
	for i := range 3 {
		if ok, err := a.Allowed(ctx, mallory, named(i)); !ok || err != nil {
			t.Fatalf("check %d within the budget: %v %v", i, ok, err)
		}
	}
	_, err := a.Allowed(ctx, mallory, named(3))
	var budget *BudgetError
	if !errors.As(err, &budget) || budget.RetryAfter <= 0 {
		t.Fatalf("a check past the budget: %v, want a *BudgetError with a RetryAfter", err)
	}
	if n := rev.calls.Load(); n != 3 {
		t.Fatalf("%d reviews sent, want 3: none past the budget", n)
	}
	// A decision already made costs nothing, budget or not.
	if ok, err := a.Allowed(ctx, mallory, named(0)); !ok || err != nil {
		t.Fatalf("a cached decision past the budget: %v %v", ok, err)
	}
	// Another user's budget is their own.
	if ok, err := a.Allowed(ctx, alice, named(3)); !ok || err != nil {
		t.Fatalf("another user: %v %v", ok, err)
	}
	// A namespace scan is not charged: its size is not the caller's choice.
	got, err := a.Filter(ctx, mallory, Workspaces.On("list", "", ""), []string{"a", "b", "c", "d"})
	if err != nil || len(got) != 4 {
		t.Fatalf("a scan past the budget: %v %v", got, err)
	}
}

// A reviewed token's UID and extra attributes reach the review, and
// decisions for users who differ in them alone are not shared: an
// authorizer other than RBAC may decide by them.
func TestAllowedReviewsUIDAndExtra(t *testing.T) {
	var mu sync.Mutex
	var specs []authorizationv1.SubjectAccessReviewSpec
	rev := &reviewer{allow: func(s authorizationv1.SubjectAccessReviewSpec) bool {
		mu.Lock()
		defer mu.Unlock()
		specs = append(specs, s)
		return true
	}}
	a := NewAuthorizer(rev, Options{AllowTTL: time.Hour})
	p := Workspaces.On("list", "ns", "")
	users := []User{
		{Name: "sa", UID: "u1", Extra: map[string][]string{"pod": {"a"}}},
		{Name: "sa", UID: "u1", Extra: map[string][]string{"pod": {"b"}}},
		{Name: "sa", UID: "u2", Extra: map[string][]string{"pod": {"a"}}},
		{Name: "sa", UID: "u1", Extra: map[string][]string{"pod": {"a"}}}, // the first again: cached
	}
	for _, u := range users {
		if ok, err := a.Allowed(context.Background(), u, p); !ok || err != nil {
			t.Fatalf("%+v: %v %v", u, ok, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(specs) != 3 {
		t.Fatalf("%d reviews, want 3: one per distinct UID and extra", len(specs))
	}
	if specs[0].UID != "u1" || !reflect.DeepEqual(specs[0].Extra, map[string]authorizationv1.ExtraValue{"pod": {"a"}}) {
		t.Fatalf("the review carries UID %q and extra %v", specs[0].UID, specs[0].Extra)
	}
}
