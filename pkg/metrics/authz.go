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

package metrics

import "github.com/prometheus/client_golang/prometheus"

// Authz are the authorization metrics: SubjectAccessReviews sent, and
// decisions by where they came from (the decision cache: a hit; a review: a
// miss) and what they decided; in the token mode, TokenReviews sent.
type Authz struct {
	reviews      *prometheus.CounterVec
	tokenReviews *prometheus.CounterVec
	// decided holds the four decision counters, resolved once: every
	// request makes at least one decision.
	decided [2][2]prometheus.Counter // [cached][allowed]
}

func newAuthz(reg prometheus.Registerer) *Authz {
	a := &Authz{
		reviews: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "authz", Name: "reviews_total",
			Help: "SubjectAccessReviews sent, by result (ok or error).",
		}, []string{"result"}),
		tokenReviews: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Subsystem: "authn", Name: "token_reviews_total",
			Help: "TokenReviews sent (--auth-method=user_token), by result (authenticated, unauthenticated or error).",
		}, []string{"result"}),
	}
	decisions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Subsystem: "authz", Name: "decisions_total",
		Help: "Authorization decisions, by source (cache: a hit; review: a miss) and decision (allow or deny).",
	}, []string{"source", "decision"})
	for cached, source := range []string{"review", "cache"} {
		for allowed, decision := range []string{"deny", "allow"} {
			a.decided[cached][allowed] = decisions.WithLabelValues(source, decision)
		}
	}
	reg.MustRegister(a.reviews, a.tokenReviews, decisions)
	return a
}

// Reviewed counts a SubjectAccessReview sent (auth.Options.OnReview).
func (a *Authz) Reviewed(err error) {
	result := "ok"
	if err != nil {
		result = "error"
	}
	a.reviews.WithLabelValues(result).Inc()
}

// TokenReviewed counts a TokenReview sent (auth.TokenOptions.OnReview), by
// its result: never the token, which would be a secret in a label.
func (a *Authz) TokenReviewed(result string) {
	a.tokenReviews.WithLabelValues(result).Inc()
}

// Decided counts a decision (auth.Options.Observe).
func (a *Authz) Decided(cached, allowed bool) {
	a.decided[index(cached)][index(allowed)].Inc()
}

func index(b bool) int {
	if b {
		return 1
	}
	return 0
}
