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

// Package auth decides who is calling and what they may do. Identity comes
// from headers set by the authenticating proxy in front of the BFF (Headers),
// or from a Kubernetes bearer token the API server reviews (Tokens); every
// decision is a SubjectAccessReview for that user, as upstream makes, with
// the answers cached so that polling costs no API call.
package auth

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/singleflight"
	"golang.org/x/time/rate"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilcache "k8s.io/apimachinery/pkg/util/cache"
)

// User is an authenticated caller. UID and Extra come only from a
// TokenReview (Tokens); the identity headers carry a name and groups.
type User struct {
	Name   string
	Groups []string
	UID    string
	Extra  map[string][]string
}

// Headers read the caller from the trusted request headers (api.md 1.1).
type Headers struct {
	UserIDHeader string
	UserIDPrefix string
	GroupsHeader string
}

// Canonical returns h with its header names in canonical form, the form
// http.Header keeps them in: a lookup by a name in another form
// canonicalizes it again, and allocates, on every request.
func (h Headers) Canonical() Headers {
	h.UserIDHeader = http.CanonicalHeaderKey(h.UserIDHeader)
	h.GroupsHeader = http.CanonicalHeaderKey(h.GroupsHeader)
	return h
}

// User returns the caller, or false when the user header is missing,
// names no one, or is given more than once: which of two would be the
// caller is a guess, and a proxy that appends rather than replaces would
// let the client's own header win.
func (h Headers) User(r *http.Request) (User, bool) {
	values := r.Header.Values(h.UserIDHeader)
	if len(values) != 1 {
		return User{}, false
	}
	name := strings.TrimPrefix(values[0], h.UserIDPrefix)
	if name == "" {
		return User{}, false
	}
	// One group per header line; a comma-separated value is one group, as
	// upstream reads them.
	groups := slices.DeleteFunc(slices.Clone(r.Header.Values(h.GroupsHeader)), func(g string) bool { return g == "" })
	if len(groups) == 0 {
		groups = nil
	}
	return User{Name: name, Groups: groups}, true
}

// Policy is one access check: a verb on a resource, in a namespace ("" for
// cluster-wide) and on a name ("" for all objects).
type Policy struct {
	Verb      string
	Group     string
	Version   string
	Resource  string
	Namespace string
	Name      string
}

// Resources the BFF checks, as upstream names them.
var (
	Namespaces     = Policy{Resource: "namespaces", Version: "v1"}
	Workspaces     = Policy{Group: "kubeflow.org", Version: "v1beta1", Resource: "workspaces"}
	WorkspaceKinds = Policy{Group: "kubeflow.org", Version: "v1beta1", Resource: "workspacekinds"}

	PersistentVolumeClaims = Policy{Resource: "persistentvolumeclaims", Version: "v1"}
	Secrets                = Policy{Resource: "secrets", Version: "v1"}
	StorageClasses         = Policy{Group: "storage.k8s.io", Version: "v1", Resource: "storageclasses"}

	// ClusterAdmin is every verb on every resource of every group,
	// cluster-wide: what the cluster-admin ClusterRole grants, and what no
	// narrower grant matches, since RBAC matches a requested "*" only with
	// a rule's "*".
	ClusterAdmin = Policy{Verb: "*", Group: "*", Resource: "*"}
)

// On returns the policy for verb on namespace/name.
func (p Policy) On(verb, namespace, name string) Policy {
	p.Verb, p.Namespace, p.Name = verb, namespace, name
	return p
}

// Reviewer sends a SubjectAccessReview (client-go's
// AuthorizationV1().SubjectAccessReviews()).
type Reviewer interface {
	Create(ctx context.Context, review *authorizationv1.SubjectAccessReview, opts metav1.CreateOptions) (*authorizationv1.SubjectAccessReview, error)
}

// Options tune the Authorizer.
type Options struct {
	// AllowTTL and DenyTTL are how long a decision is reused.
	AllowTTL, DenyTTL time.Duration
	// CacheSize bounds the cached decisions (least recently used go).
	CacheSize int
	// Concurrency bounds the reviews in flight for one namespace scan.
	Concurrency int
	// Observe, when set, is told of each decision: whether it came from the
	// cache, and whether it allowed.
	Observe func(cached, allowed bool)
	// OnReview, when set, is told of each review sent and its error.
	OnReview func(err error)
	// Proposer, when set, narrows a namespace scan to the namespaces it
	// proposes, so Filter reviews those only (see RBAC).
	Proposer Proposer
	// UserQPS and UserBurst are each user's budget of reviews that Allowed
	// sends (a token bucket): beyond it Allowed fails with a
	// *BudgetError, so that one user cannot spend the reviews every user
	// shares. Namespace scans (Filter) are not charged: their size is the
	// cluster's namespace count, not the caller's choice. Zero is 25 QPS
	// and a burst of 100, the flags' defaults.
	UserQPS   float64
	UserBurst int
}

// Proposer proposes where a user may be granted a policy: everywhere, or in
// some namespaces. A proposal is confirmed by review before it is used.
type Proposer interface {
	Candidates(u User, p Policy) (everywhere bool, namespaces map[string]bool)
}

// Authorizer answers access checks with cached SubjectAccessReviews.
type Authorizer struct {
	reviewer Reviewer
	opts     Options
	cache    *utilcache.LRUExpireCache
	flight   singleflight.Group

	// budgets are the users' budgets of reviews, by user name.
	budgets *Budgets
}

// NewAuthorizer returns an Authorizer sending reviews through reviewer.
func NewAuthorizer(reviewer Reviewer, opts Options) *Authorizer {
	if opts.CacheSize <= 0 {
		opts.CacheSize = 100_000
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 32
	}
	if opts.UserQPS <= 0 {
		opts.UserQPS = 25
	}
	if opts.UserBurst <= 0 {
		opts.UserBurst = 100
	}
	return &Authorizer{reviewer: reviewer, opts: opts, cache: utilcache.NewLRUExpireCache(opts.CacheSize),
		budgets: NewBudgets(opts.UserQPS, opts.UserBurst, opts.CacheSize)}
}

// ErrUnavailable is returned when the API server could not answer a review.
var ErrUnavailable = errors.New("authorization is unavailable")

// BudgetError is a check refused because its user spent their budget of
// reviews (Options.UserQPS): no decision, and no review sent.
type BudgetError struct {
	// RetryAfter is when the budget has a review again.
	RetryAfter time.Duration
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("the user's budget of access reviews is spent; one is back in %v", e.RetryAfter)
}

// Allowed reports whether u may do p. Identical checks in flight collapse
// into one review; decisions are reused for their TTL. A check that needs a
// review is charged to u's budget.
func (a *Authorizer) Allowed(ctx context.Context, u User, p Policy) (bool, error) {
	return a.allowed(ctx, u, p, true)
}

func (a *Authorizer) allowed(ctx context.Context, u User, p Policy, charge bool) (bool, error) {
	key := decisionKey(u, p)
	if v, ok := a.cache.Get(key); ok {
		allowed := v.(bool)
		a.observe(true, allowed)
		return allowed, nil
	}
	if charge {
		if err := a.budgets.Spend(u.Name); err != nil {
			return false, err
		}
	}
	v, err, _ := a.flight.Do(key, func() (any, error) {
		// A check that missed the cache just as another's review ended
		// (its flight over, its answer cached) finds that answer here
		// instead of sending the same review again.
		if v, ok := a.cache.Get(key); ok {
			return v, nil
		}
		// Detached from the first caller's context: its cancellation
		// must not fail the others waiting on the same review.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		allowed, err := a.review(ctx, u, p)
		if err != nil {
			return false, err
		}
		ttl := a.opts.DenyTTL
		if allowed {
			ttl = a.opts.AllowTTL
		}
		if ttl > 0 {
			a.cache.Add(key, allowed, ttl)
		}
		return allowed, nil
	})
	if err != nil {
		return false, err
	}
	allowed := v.(bool)
	a.observe(false, allowed)
	return allowed, nil
}

// Filter returns the namespaces, in their order, in which u may do p
// (p.Namespace is replaced by each). With a Proposer only its candidates
// are reviewed. Uncached decisions are reviewed concurrently, at most
// Concurrency at a time.
func (a *Authorizer) Filter(ctx context.Context, u User, p Policy, namespaces []string) ([]string, error) {
	if a.opts.Proposer != nil {
		if everywhere, candidates := a.opts.Proposer.Candidates(u, p); !everywhere {
			narrowed := make([]string, 0, len(candidates))
			for _, ns := range namespaces {
				if candidates[ns] {
					narrowed = append(narrowed, ns)
				}
			}
			namespaces = narrowed
		}
	}
	allowed := make([]bool, len(namespaces))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(a.opts.Concurrency)
	for i, ns := range namespaces {
		g.Go(func() error {
			ok, err := a.allowed(gctx, u, p.On(p.Verb, ns, p.Name), false)
			allowed[i] = ok
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(namespaces))
	for i, ns := range namespaces {
		if allowed[i] {
			out = append(out, ns)
		}
	}
	return out, nil
}

// budgetIdle is how long an unused budget is kept: longer than any budget
// takes to fill up again, so forgetting one gives nothing back.
const budgetIdle = 10 * time.Minute

// Budgets are token buckets (*rate.Limiter) of API calls, one per key (a
// user, a client address), each of qps with burst.
type Budgets struct {
	qps   float64
	burst int
	// mu makes finding or adding a limiter atomic.
	mu       sync.Mutex
	limiters *utilcache.LRUExpireCache
}

// NewBudgets returns Budgets of qps with burst, keeping the size keys
// used last.
func NewBudgets(qps float64, burst, size int) *Budgets {
	return &Budgets{qps: qps, burst: max(1, burst), limiters: utilcache.NewLRUExpireCache(size)}
}

// limiter is key's bucket.
func (b *Budgets) limiter(key string) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	var limiter *rate.Limiter
	if v, ok := b.limiters.Get(key); ok {
		limiter = v.(*rate.Limiter)
	} else {
		limiter = rate.NewLimiter(rate.Limit(b.qps), b.burst)
	}
	// Added on every use, so the idle time counts from the last.
	b.limiters.Add(key, limiter, budgetIdle)
	return limiter
}

// Spend takes one call from key's budget, or says (*BudgetError) when
// there is one.
func (b *Budgets) Spend(key string) error {
	reservation := b.limiter(key).Reserve()
	if delay := reservation.Delay(); delay > 0 {
		// Not waited for: the caller hears at once, and others' checks
		// never queue behind this one's.
		reservation.Cancel()
		return &BudgetError{RetryAfter: delay}
	}
	return nil
}

// check is spend's answer without spending: for a budget charged only
// after the call, when its outcome is known (charge).
func (b *Budgets) check(key string) error {
	if tokens := b.limiter(key).Tokens(); tokens < 1 {
		return &BudgetError{RetryAfter: time.Duration((1 - tokens) / b.qps * float64(time.Second))}
	}
	return nil
}

// charge takes one call from key's budget, if it has one left.
func (b *Budgets) charge(key string) {
	b.limiter(key).Allow()
}

func (a *Authorizer) review(ctx context.Context, u User, p Policy) (bool, error) {
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User:   u.Name,
		Groups: u.Groups,
		UID:    u.UID,
		Extra:  extra(u.Extra),
		ResourceAttributes: &authorizationv1.ResourceAttributes{
			Verb: p.Verb, Group: p.Group, Version: p.Version, Resource: p.Resource,
			Namespace: p.Namespace, Name: p.Name,
		},
	}}
	out, err := a.reviewer.Create(ctx, review, metav1.CreateOptions{})
	if a.opts.OnReview != nil {
		a.opts.OnReview(err)
	}
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return out.Status.Allowed && !out.Status.Denied, nil
}

func (a *Authorizer) observe(cached, allowed bool) {
	if a.opts.Observe != nil {
		a.opts.Observe(cached, allowed)
	}
}

// decisionKey identifies a decision, cached or in flight. NUL cannot
// appear in names or groups, so distinct inputs never share a key.
func decisionKey(u User, p Policy) string {
	var b strings.Builder
	b.Grow(len(u.Name) + len(p.Verb) + len(p.Group) + len(p.Resource) + len(p.Namespace) + len(p.Name) + 16)
	b.WriteString(u.Name)
	for _, g := range u.Groups {
		b.WriteByte(0)
		b.WriteString(g)
	}
	for _, s := range []string{p.Verb, p.Group, p.Version, p.Resource, p.Namespace, p.Name} {
		b.WriteByte(1)
		b.WriteString(s)
	}
	// An authorizer may decide by UID and extra attributes (RBAC does
	// not, a webhook may), so they are part of the decision.
	if u.UID != "" || len(u.Extra) > 0 {
		b.WriteByte(2)
		b.WriteString(u.UID)
		for _, k := range slices.Sorted(maps.Keys(u.Extra)) {
			b.WriteByte(3)
			b.WriteString(k)
			for _, v := range u.Extra[k] {
				b.WriteByte(0)
				b.WriteString(v)
			}
		}
	}
	return b.String()
}

// extra is a user's extra attributes as a SubjectAccessReview takes them.
func extra(in map[string][]string) map[string]authorizationv1.ExtraValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]authorizationv1.ExtraValue, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}
