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
	"crypto/sha256"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilcache "k8s.io/apimachinery/pkg/util/cache"
)

// TokenReviewer sends a TokenReview (client-go's
// AuthenticationV1().TokenReviews()).
type TokenReviewer interface {
	Create(ctx context.Context, review *authenticationv1.TokenReview, opts metav1.CreateOptions) (*authenticationv1.TokenReview, error)
}

// Results of a TokenReview, as TokenOptions.OnReview is told them.
const (
	TokenAuthenticated   = "authenticated"
	TokenUnauthenticated = "unauthenticated"
	TokenReviewError     = "error"
)

// TokenOptions configure Tokens.
type TokenOptions struct {
	// Header carries the token, after Prefix (AUTH_TOKEN_HEADER and
	// AUTH_TOKEN_PREFIX). The prefix is matched without regard to case,
	// as HTTP authentication schemes are; it may be empty.
	Header, Prefix string
	// Audiences, when set, are the audiences a token must be meant for
	// (TOKEN_AUDIENCES); empty, the API server's own.
	Audiences []string
	// ValidTTL and InvalidTTL are how long a review's answer is reused.
	ValidTTL, InvalidTTL time.Duration
	// CacheSize bounds the cached answers.
	CacheSize int
	// FailureQPS and FailureBurst are each client address's budget of
	// reviews that found no valid token: beyond it an unknown token from
	// that address is refused (*BudgetError) without a review, so garbage
	// cannot flood the API server. Valid tokens are never charged. Zero
	// is the flags' defaults, 25 per second with a burst of 100.
	FailureQPS   float64
	FailureBurst int
	// OnReview, when set, is told the result of each review sent.
	OnReview func(result string)
}

// ErrUnauthenticated is a request without a valid token: none, one not
// after the prefix, or one the API server does not authenticate (for the
// audiences asked).
var ErrUnauthenticated = errors.New("no valid token")

// Tokens identifies callers by a Kubernetes bearer token, with a
// TokenReview, as kube-rbac-proxy does: answers are cached by the token's
// SHA-256 (never the token itself), and identical reviews in flight
// collapse into one.
type Tokens struct {
	reviewer TokenReviewer
	opts     TokenOptions
	cache    *utilcache.LRUExpireCache
	flight   singleflight.Group
	failures *Budgets
}

// NewTokens returns Tokens sending reviews through reviewer.
func NewTokens(reviewer TokenReviewer, opts TokenOptions) *Tokens {
	if opts.CacheSize <= 0 {
		opts.CacheSize = 100_000
	}
	if opts.FailureQPS <= 0 {
		opts.FailureQPS = 25
	}
	if opts.FailureBurst <= 0 {
		opts.FailureBurst = 100
	}
	opts.Header = http.CanonicalHeaderKey(opts.Header)
	return &Tokens{reviewer: reviewer, opts: opts, cache: utilcache.NewLRUExpireCache(opts.CacheSize),
		failures: NewBudgets(opts.FailureQPS, opts.FailureBurst, opts.CacheSize)}
}

// tokenAnswer is a review's answer: the user, when the token is valid.
type tokenAnswer struct {
	user  User
	valid bool
}

// User returns the caller r's token names: ErrUnauthenticated without a
// valid token, a *BudgetError when r's address spent its budget of failed
// reviews, ErrUnavailable when the API server could not answer.
func (t *Tokens) User(r *http.Request) (User, error) {
	values := r.Header.Values(t.opts.Header)
	if len(values) != 1 {
		return User{}, ErrUnauthenticated
	}
	value, prefix := values[0], t.opts.Prefix
	if len(value) <= len(prefix) || !strings.EqualFold(value[:len(prefix)], prefix) {
		return User{}, ErrUnauthenticated
	}
	token := value[len(prefix):]
	sum := sha256.Sum256([]byte(token))
	key := string(sum[:])
	if v, ok := t.cache.Get(key); ok {
		return v.(tokenAnswer).result()
	}
	source := clientAddress(r)
	if err := t.failures.check(source); err != nil {
		return User{}, err
	}
	v, err, _ := t.flight.Do(key, func() (any, error) {
		if v, ok := t.cache.Get(key); ok {
			return v, nil
		}
		// Detached from the first caller's context, as Authorizer's.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
		defer cancel()
		answer, err := t.review(ctx, token)
		if err != nil {
			return nil, err
		}
		ttl := t.opts.InvalidTTL
		if answer.valid {
			ttl = t.opts.ValidTTL
		}
		if ttl > 0 {
			t.cache.Add(key, answer, ttl)
		}
		return answer, nil
	})
	if err != nil {
		return User{}, err
	}
	answer := v.(tokenAnswer)
	if !answer.valid {
		t.failures.charge(source)
	}
	return answer.result()
}

func (a tokenAnswer) result() (User, error) {
	if !a.valid {
		return User{}, ErrUnauthenticated
	}
	return a.user, nil
}

func (t *Tokens) review(ctx context.Context, token string) (tokenAnswer, error) {
	review := &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: token, Audiences: t.opts.Audiences}}
	out, err := t.reviewer.Create(ctx, review, metav1.CreateOptions{})
	if err != nil {
		t.observe(TokenReviewError)
		// The error names the request, never the token it carried.
		return tokenAnswer{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	s := out.Status
	valid := s.Authenticated && s.User.Username != ""
	// An authenticator that ignores audiences answers with none: a token
	// must be meant for one asked for (as the API server's own webhook
	// token authenticator checks).
	if len(t.opts.Audiences) > 0 && !slices.ContainsFunc(s.Audiences, func(a string) bool { return slices.Contains(t.opts.Audiences, a) }) {
		valid = false
	}
	if !valid {
		t.observe(TokenUnauthenticated)
		return tokenAnswer{}, nil
	}
	t.observe(TokenAuthenticated)
	u := User{Name: s.User.Username, Groups: s.User.Groups, UID: s.User.UID}
	if len(s.User.Extra) > 0 {
		u.Extra = make(map[string][]string, len(s.User.Extra))
		for k, v := range s.User.Extra {
			u.Extra[k] = v
		}
	}
	return tokenAnswer{user: u, valid: true}, nil
}

func (t *Tokens) observe(result string) {
	if t.opts.OnReview != nil {
		t.opts.OnReview(result)
	}
}

// clientAddress is the host of r's peer: behind a proxy, the proxy's.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
