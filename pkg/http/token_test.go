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

package httpapi_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
)

// tokenReviews counts the TokenReviews a client sends to the real API
// server; while hold is set, each waits for it to close; with fail, each
// fails as if the API server were away.
type tokenReviews struct {
	sent atomic.Int64
	hold chan struct{}
	fail bool
}

func (c *tokenReviews) client(t testing.TB) *kubernetes.Clientset {
	t.Helper()
	cfg := rest.CopyConfig(testenv.Get(t).Config)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if strings.HasSuffix(r.URL.Path, "/tokenreviews") {
				c.sent.Add(1)
				if c.hold != nil {
					<-c.hold
				}
				if c.fail {
					return nil, errors.New("connection refused")
				}
			}
			return next.RoundTrip(r)
		})
	})
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// tokenRouter is a router in the token mode, reviewing tokens on the real
// API server through reviews, with real access reviews (the identity
// headers would make user@example.com cluster-admin).
func tokenRouter(t testing.TB, reviews *tokenReviews, opts auth.TokenOptions, authz auth.Options, obs httpapi.RefusalObserver, log *slog.Logger) http.Handler {
	t.Helper()
	bff(t)
	if opts.Header == "" {
		opts.Header, opts.Prefix = "Authorization", "Bearer "
	}
	return httpapi.NewRouter(httpapi.Dependencies{
		Ready:            func() (bool, string) { return true, "" },
		Reads:            bffModel,
		Users:            auth.Headers{UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups"},
		Tokens:           auth.NewTokens(reviews.client(t).AuthenticationV1().TokenReviews(), opts),
		Authorizer:       auth.NewAuthorizer(testenv.Get(t).Clients.Kube.AuthorizationV1().SubjectAccessReviews(), authz),
		Refusals:         obs,
		AccessLog:        log,
		AccessLogOptions: httpapi.AccessLogOptions{All: true},
	})
}

// serviceAccount creates a service account in ns.
func serviceAccount(t testing.TB, ns, name string) *corev1.ServiceAccount {
	t.Helper()
	sa, err := testenv.Get(t).Clients.Kube.CoreV1().ServiceAccounts(ns).Create(testenv.Context(t),
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

// requestToken asks the API server for a token of ns/name (TokenRequest),
// for audiences (none: the API server's), bound to bound when set.
func requestToken(t testing.TB, ns, name string, audiences []string, bound *authenticationv1.BoundObjectReference) string {
	t.Helper()
	expiry := int64(600) // the least the API server issues
	req := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
		Audiences: audiences, ExpirationSeconds: &expiry, BoundObjectRef: bound,
	}}
	out, err := testenv.Get(t).Clients.Kube.CoreV1().ServiceAccounts(ns).CreateToken(testenv.Context(t), name, req, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out.Status.Token
}

// resign is token with its claims changed by edit, signed again with the
// control plane's service-account signing key: the API server's own
// token, but for the change.
func resign(t testing.TB, token string, edit func(claims map[string]any)) string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("a token of %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	edit(claims)
	if payload, err = json.Marshal(claims); err != nil {
		t.Fatal(err)
	}
	pemBytes, err := os.ReadFile(filepath.Join(testenv.Get(t).Cluster.APIServer().CertDir, "sa-signer.key"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		t.Fatal("no PEM block in the signing key")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	key, ok := parsed.(*ecdsa.PrivateKey)
	if !ok {
		t.Fatalf("the signing key is a %T, want ECDSA (ES256)", parsed)
	}
	signed := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload)
	digest := sha256.Sum256([]byte(signed))
	r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	// JWS ES256: r and s, each padded to the curve's size.
	size := (key.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// tokenRequest is a request of path from address, with headers.
func tokenRequest(router http.Handler, path, address string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if address != "" {
		req.RemoteAddr = address
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	return rec
}

// userID is the userId GET /api/v1/user answered, and whether the caller
// is cluster-admin.
func userID(t testing.TB, rec *httptest.ResponseRecorder) (string, bool) {
	t.Helper()
	var out struct {
		Data struct {
			UserID       string `json:"userId"`
			ClusterAdmin bool   `json:"clusterAdmin"`
		} `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	return out.Data.UserID, out.Data.ClusterAdmin
}

// The token mode identifies the caller by a service-account token the real
// API server reviews, and by nothing else: no token, a malformed one, one
// the API server does not accept, or one for another audience is 401,
// whatever identity headers come with it.
func TestTokenIdentity(t *testing.T) {
	env := testenv.Get(t)
	ns := env.Namespace(t)
	sa := serviceAccount(t, ns, "reader")
	account := "system:serviceaccount:" + ns + ":reader"
	valid := requestToken(t, ns, sa.Name, nil, nil)
	forBFF := requestToken(t, ns, sa.Name, []string{"workspaces-bff"}, nil)

	// A token of an account deleted since: the API server looks the
	// account up, so its tokens die with it.
	gone := serviceAccount(t, ns, "gone")
	goneToken := requestToken(t, ns, gone.Name, nil, nil)
	if err := env.Clients.Kube.CoreV1().ServiceAccounts(ns).Delete(testenv.Context(t), gone.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	// A token bound to a Secret deleted since (a pod's token outliving
	// its pod).
	secret, err := env.Clients.Kube.CoreV1().Secrets(ns).Create(testenv.Context(t), &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "bound"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	boundToken := requestToken(t, ns, sa.Name, nil, &authenticationv1.BoundObjectReference{Kind: "Secret", APIVersion: "v1", Name: secret.Name, UID: secret.UID})
	if err := env.Clients.Kube.CoreV1().Secrets(ns).Delete(testenv.Context(t), secret.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	// The API server may learn of deletions through its informers: wait
	// until it refuses both tokens itself, so the table checks the BFF.
	for _, revoked := range []string{goneToken, boundToken} {
		testenv.Eventually(t, 10*time.Second, func() bool {
			out, err := env.Clients.Kube.AuthenticationV1().TokenReviews().Create(testenv.Context(t),
				&authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: revoked}}, metav1.CreateOptions{})
			return err == nil && !out.Status.Authenticated
		}, "the API server refuses a revoked token")
	}
	// An expired token: the API server issues none shorter than 10
	// minutes, so the test signs one itself with the control plane's key,
	// an hour past its expiry; the same token re-signed unexpired is
	// accepted, so expiry is what is refused.
	past := time.Now().Add(-2 * time.Hour).Unix()
	expired := resign(t, valid, func(c map[string]any) { c["iat"], c["nbf"], c["exp"] = past, past, past+3600 })
	resigned := resign(t, valid, func(map[string]any) {})

	plain := tokenRouter(t, &tokenReviews{}, auth.TokenOptions{}, auth.Options{}, nil, nil)
	audience := tokenRouter(t, &tokenReviews{}, auth.TokenOptions{Audiences: []string{"workspaces-bff"}}, auth.Options{}, nil, nil)
	odh := tokenRouter(t, &tokenReviews{}, auth.TokenOptions{Header: "x-forwarded-access-token"}, auth.Options{}, nil, nil)

	tests := []struct {
		name    string
		router  http.Handler
		headers []string
		want    string // the account, or "" for 401
	}{
		{"a valid token is its service account", plain, []string{"Authorization", "Bearer " + valid}, account},
		{"the scheme is matched without regard to case", plain, []string{"Authorization", "bearer " + valid}, account},
		{"the identity headers are ignored", plain, []string{"Authorization", "Bearer " + valid, "kubeflow-userid", "user@example.com"}, account},
		{"identity headers without a token are 401", plain, []string{"kubeflow-userid", "user@example.com"}, ""},
		{"no header is 401", plain, nil, ""},
		{"a token without its prefix is 401", plain, []string{"Authorization", valid}, ""},
		{"only the prefix is 401", plain, []string{"Authorization", "Bearer "}, ""},
		{"another scheme is 401", plain, []string{"Authorization", "Basic " + valid}, ""},
		{"garbage is 401", plain, []string{"Authorization", "Bearer not-a-token"}, ""},
		{"the header twice is 401", plain, []string{"Authorization", "Bearer " + valid, "Authorization", "Bearer " + valid}, ""},
		{"a token of a deleted service account is 401", plain, []string{"Authorization", "Bearer " + goneToken}, ""},
		{"a token bound to a deleted object is 401", plain, []string{"Authorization", "Bearer " + boundToken}, ""},
		{"a re-signed token is accepted", plain, []string{"Authorization", "Bearer " + resigned}, account},
		{"an expired token is 401", plain, []string{"Authorization", "Bearer " + expired}, ""},
		{"a token for another audience is 401", plain, []string{"Authorization", "Bearer " + forBFF}, ""},
		{"a token for the audience asked is accepted", audience, []string{"Authorization", "Bearer " + forBFF}, account},
		{"a token for the API server is 401 where an audience is asked", audience, []string{"Authorization", "Bearer " + valid}, ""},
		{"Open Data Hub's header, with no prefix", odh, []string{"X-Forwarded-Access-Token", valid}, account},
		{"Open Data Hub's header ignores Authorization", odh, []string{"Authorization", "Bearer " + valid}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A prefix of "" for Open Data Hub's router.
			rec := tokenRequest(tt.router, "/api/v1/user", "", tt.headers...)
			if tt.want == "" {
				if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), `"code":"401"`) {
					t.Fatalf("%d %s, want a 401 error", rec.Code, rec.Body)
				}
				return
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			if id, admin := userID(t, rec); id != tt.want || admin {
				t.Fatalf("user %q, cluster-admin %v; want %q, not admin", id, admin, tt.want)
			}
		})
	}
}

// A token's account is authorized by the same access reviews as a user
// named by header: where its account may, and nowhere else, whoever the
// identity headers claim.
func TestTokenAuthorization(t *testing.T) {
	env := testenv.Get(t)
	nsA, nsB := env.Namespace(t), env.Namespace(t)
	serviceAccount(t, nsA, "editor")
	bindInNamespace(t, nsA, rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Name: "editor", Namespace: nsA})
	token := "Bearer " + requestToken(t, nsA, "editor", nil, nil)
	router := tokenRouter(t, &tokenReviews{}, auth.TokenOptions{}, auth.Options{}, nil, nil)
	tests := []struct {
		name    string
		path    string
		headers []string
		want    int
	}{
		{"its own namespace is allowed", "/api/v1/workspaces/" + nsA, []string{"Authorization", token}, http.StatusOK},
		{"another namespace is forbidden", "/api/v1/workspaces/" + nsB, []string{"Authorization", token}, http.StatusForbidden},
		{"an admin's user header changes nothing", "/api/v1/workspaces/" + nsB, []string{"Authorization", token, "kubeflow-userid", "user@example.com"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if rec := tokenRequest(router, tt.path, "", tt.headers...); rec.Code != tt.want {
				t.Fatalf("%d %s, want %d", rec.Code, rec.Body, tt.want)
			}
		})
	}
}

// Identical requests in flight at once cost one TokenReview.
func TestTokenReviewsCollapse(t *testing.T) {
	ns := testenv.Get(t).Namespace(t)
	serviceAccount(t, ns, "many")
	token := "Bearer " + requestToken(t, ns, "many", nil, nil)
	reviews := &tokenReviews{hold: make(chan struct{})}
	router := tokenRouter(t, reviews, auth.TokenOptions{ValidTTL: time.Hour}, auth.Options{}, nil, nil)

	const n = 16
	var entered atomic.Int64
	codes := make(chan int, n)
	for range n {
		go func() {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/user", nil)
			req.Header.Set("Authorization", token)
			rec := httptest.NewRecorder()
			entered.Add(1)
			router.ServeHTTP(rec, req)
			codes <- rec.Code
		}()
	}
	// The first review is held until every request has started, so the
	// others find it in flight (or, arriving later, its answer cached).
	testenv.Eventually(t, 10*time.Second, func() bool { return entered.Load() == n && reviews.sent.Load() >= 1 }, "all requests start")
	close(reviews.hold)
	for range n {
		if code := <-codes; code != http.StatusOK {
			t.Errorf("a request answered %d", code)
		}
	}
	if sent := reviews.sent.Load(); sent != 1 {
		t.Fatalf("%d identical requests sent %d TokenReviews, want 1", n, sent)
	}
}

// Reviews that find no valid token are charged to the client's address:
// once its budget is spent an unknown token from there is 429 without a
// review, while a token already reviewed, and other addresses, are served.
func TestTokenReviewBudget(t *testing.T) {
	ns := testenv.Get(t).Namespace(t)
	serviceAccount(t, ns, "known")
	token := "Bearer " + requestToken(t, ns, "known", nil, nil)
	reviews := &tokenReviews{}
	obs := &refusals{}
	router := tokenRouter(t, reviews, auth.TokenOptions{ValidTTL: time.Hour, FailureQPS: 0.001, FailureBurst: 2}, auth.Options{}, obs, nil)
	const attacker, other = "192.0.2.1:5000", "192.0.2.2:5000"

	steps := []struct {
		name    string
		address string
		token   string
		want    int
		sent    int64 // TokenReviews sent so far
	}{
		{"a valid token is reviewed", attacker, token, http.StatusOK, 1},
		{"a first invalid token is reviewed", attacker, "Bearer garbage-1", http.StatusUnauthorized, 2},
		{"a second invalid token is reviewed", attacker, "Bearer garbage-2", http.StatusUnauthorized, 3},
		{"a third is refused unreviewed", attacker, "Bearer garbage-3", http.StatusTooManyRequests, 3},
		{"the reviewed valid token is still served", attacker, token, http.StatusOK, 3},
		{"another address has its own budget", other, "Bearer garbage-3", http.StatusUnauthorized, 4},
	}
	for _, s := range steps {
		rec := tokenRequest(router, "/api/v1/user", s.address, "Authorization", s.token)
		if rec.Code != s.want {
			t.Fatalf("%s: %d %s, want %d", s.name, rec.Code, rec.Body, s.want)
		}
		if sent := reviews.sent.Load(); sent != s.sent {
			t.Fatalf("%s: %d TokenReviews sent, want %d", s.name, sent, s.sent)
		}
		if s.want == http.StatusTooManyRequests && rec.Header().Get("Retry-After") == "" {
			t.Fatalf("%s: no Retry-After", s.name)
		}
	}
	if n := obs.count(httpapi.RefusedTokenReviews); n != 1 {
		t.Fatalf("%d token_reviews refusals counted, want 1", n)
	}
}

// The per-user budget of access reviews is the reviewed account's: one
// account spending it leaves another's whole.
func TestTokenUserBudget(t *testing.T) {
	env := testenv.Get(t)
	nsA, nsB := env.Namespace(t), env.Namespace(t)
	serviceAccount(t, nsA, "spender")
	serviceAccount(t, nsA, "saver")
	spender := "Bearer " + requestToken(t, nsA, "spender", nil, nil)
	saver := "Bearer " + requestToken(t, nsA, "saver", nil, nil)
	obs := &refusals{}
	router := tokenRouter(t, &tokenReviews{}, auth.TokenOptions{}, auth.Options{UserQPS: 0.001, UserBurst: 1}, obs, nil)
	steps := []struct {
		name, token, path string
		want              int
	}{
		{"the spender's first check is reviewed", spender, "/api/v1/workspaces/" + nsA, http.StatusForbidden},
		{"its second is over budget", spender, "/api/v1/workspaces/" + nsB, http.StatusTooManyRequests},
		{"another account has its own budget", saver, "/api/v1/workspaces/" + nsB, http.StatusForbidden},
	}
	for _, s := range steps {
		if rec := tokenRequest(router, s.path, "", "Authorization", s.token); rec.Code != s.want {
			t.Fatalf("%s: %d %s, want %d", s.name, rec.Code, rec.Body, s.want)
		}
	}
	if n := obs.count(httpapi.RefusedAuthzBudget); n != 1 {
		t.Fatalf("%d authz_budget refusals, want 1", n)
	}
}

// No token reaches the access log, valid or not; the reviews are counted
// by result.
func TestTokenNeverLogged(t *testing.T) {
	ns := testenv.Get(t).Namespace(t)
	serviceAccount(t, ns, "quiet")
	token := requestToken(t, ns, "quiet", nil, nil)
	var logged bytes.Buffer
	var mu sync.Mutex
	var results []string
	opts := auth.TokenOptions{OnReview: func(r string) { mu.Lock(); results = append(results, r); mu.Unlock() }}
	router := tokenRouter(t, &tokenReviews{}, opts, auth.Options{}, nil, slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug})))
	const garbage = "not-a-token-but-secret-all-the-same"
	for _, tok := range []string{token, garbage} {
		tokenRequest(router, "/api/v1/user", "", "Authorization", "Bearer "+tok)
	}
	log := logged.String()
	if !strings.Contains(log, "system:serviceaccount:"+ns+":quiet") {
		t.Fatalf("the access log does not name the account:\n%s", log)
	}
	for _, secret := range []string{token, garbage, token[len(token)-16:]} {
		if strings.Contains(log, secret) {
			t.Fatalf("the access log holds a token:\n%s", log)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(results, ",") != auth.TokenAuthenticated+","+auth.TokenUnauthenticated {
		t.Fatalf("reviews observed %v", results)
	}
}

// A review the API server does not answer is a 503, never an identity, and
// its failure is not cached: the next request reviews again.
func TestTokenReviewUnavailable(t *testing.T) {
	reviews := &tokenReviews{fail: true}
	router := tokenRouter(t, reviews, auth.TokenOptions{ValidTTL: time.Hour, InvalidTTL: time.Hour}, auth.Options{}, nil, nil)
	for i := range 2 {
		rec := tokenRequest(router, "/api/v1/user", "", "Authorization", "Bearer some-token")
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "could not check authentication") {
			t.Fatalf("request %d: %d %s, want 503", i, rec.Code, rec.Body)
		}
	}
	if sent := reviews.sent.Load(); sent < 2 {
		t.Fatalf("%d reviews sent for two requests: a failure was cached", sent)
	}
}
