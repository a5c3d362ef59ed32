package metrics

import "github.com/prometheus/client_golang/prometheus"

// Authz are the authorization metrics: SubjectAccessReviews sent, and
// decisions by where they came from (the decision cache: a hit; a review: a
// miss) and what they decided.
type Authz struct {
	reviews *prometheus.CounterVec
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
	reg.MustRegister(a.reviews, decisions)
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
