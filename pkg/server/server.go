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

// Package server assembles the BFF from its parts: clients, informers and the
// read model, actions, authorization, metrics and the router. The binary
// (cmd/workspaces-bff) adds flags, listeners and signals; tests build the
// same BFF in process, for example as a ServiceAccount or as two replicas.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	metricsclient "k8s.io/metrics/pkg/client/clientset/versioned"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/apihealth"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/metrics"
	"github.com/kubeflow/workspaces-bff/pkg/models"
	"github.com/kubeflow/workspaces-bff/pkg/openapi"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
	"github.com/kubeflow/workspaces-bff/pkg/resourceusage"
	"github.com/kubeflow/workspaces-bff/pkg/workspaceevents"
)

// BFF is one running BFF: its informers run until the context given to New
// ends.
type BFF struct {
	// Handler serves the API (and /metrics unless cfg.MetricsBindAddress
	// moves it to MetricsHandler).
	Handler http.Handler
	// Metrics serves the Prometheus metrics.
	Metrics http.Handler
	// Model is the read model, for tests that wait on it.
	Model *cache.Model
	// Storage is the read model of StorageClasses, PVCs and Secrets.
	Storage *cache.Storage
	// Health tracks whether the API server answers.
	Health *apihealth.Health

	informers *informers.Informers
	assets    *cache.Assets
	rbac      *auth.RBAC
	draining  atomic.Bool
	// stopWatches is closed by Drain: watch streams end, and their clients
	// reconnect to a replica that is not shutting down.
	stopWatches chan struct{}
}

// New builds a BFF talking to the API server restCfg names (with cfg's
// client limits applied) and starts its informers under ctx.
func New(ctx context.Context, cfg config.Config, restCfg *rest.Config, logger *slog.Logger) (*BFF, error) {
	restCfg = rest.CopyConfig(restCfg)
	restCfg.QPS = float32(cfg.ClientQPS)
	restCfg.Burst = cfg.ClientBurst
	if restCfg.UserAgent == "" {
		restCfg.UserAgent = "workspaces-bff"
	}
	health := apihealth.NewHealth()
	health.Configure(restCfg)
	clients, err := kube.NewClients(restCfg)
	if err != nil {
		return nil, err
	}
	b := &BFF{Health: health, stopWatches: make(chan struct{})}
	if b.informers, err = informers.New(clients, health); err != nil {
		return nil, err
	}
	b.Model = cache.NewModel(models.Options{ProxyURLPrefix: cfg.ProxyURLPrefix})
	m := metrics.New(b.Model)
	b.Metrics = m.Handler()
	b.Model.SetObserver(m.Cache)
	if err := b.Model.Register(b.informers); err != nil {
		return nil, err
	}
	if b.assets, err = cache.NewAssets(b.informers); err != nil {
		return nil, err
	}
	b.Storage = cache.NewStorage()
	b.Storage.SetObserver(m.Cache)
	m.Report(b.Storage)
	if err := b.Storage.Register(b.informers); err != nil {
		return nil, err
	}
	rbacInformers, err := informers.NewRBAC(clients.Kube, health)
	if err != nil {
		return nil, err
	}
	b.rbac = auth.NewRBAC(clients.Kube.AuthorizationV1().SelfSubjectAccessReviews(), rbacInformers)
	b.rbac.OnUnreadable = func(missing []string) {
		logger.Warn("degraded permissions: the BFF may not read RBAC, which its manifests' ClusterRole grants; "+
			"it confirms every namespace a user may see by a SubjectAccessReview of its own: right, but dearer "+
			"(docs/operations.md, \"Running with upstream's ClusterRole\")", "missing", missing)
		m.Permissions.Degraded(metrics.ReasonRBACUnreadable)
	}
	authClient, err := authClient(restCfg, cfg)
	if err != nil {
		return nil, err
	}
	authorizer := newAuthorizer(authClient, cfg, m.Authz, b.rbac)
	writes := actions.New(clients, b.Model, actions.Options{
		VisibilityTimeout: cfg.WriteVisibilityTimeout,
		Observer:          m.Writes,
		Health:            health,
	})
	deps := httpapi.Dependencies{
		Ready:         b.ready,
		Synced:        b.synced,
		Reads:         b.Model,
		Writes:        writes,
		Storage:       b.Storage,
		StorageWrites: actions.NewStorage(writes, b.Storage),
		Users: auth.Headers{
			UserIDHeader: cfg.UserIDHeader, UserIDPrefix: cfg.UserIDPrefix, GroupsHeader: cfg.GroupsHeader,
		},
		Tokens:     newTokens(authClient, cfg, m.Authz),
		Authorizer: authorizer,
		APIHealth:  health,
		Observer:   m.HTTP,
		AccessLog:  logger,
		AccessLogOptions: httpapi.AccessLogOptions{
			All: cfg.AccessLog == config.AccessLogAll, Slow: cfg.AccessLogSlow,
		},
		Consistency: httpapi.ConsistencyOptions{
			Wait: b.waitWritten, Timeout: cfg.WriteVisibilityTimeout, Observe: m.Writes.TokenWaited,
		},
		Watch: httpapi.WatchOptions{
			Heartbeat: cfg.WatchHeartbeat, Max: cfg.WatchMax, MaxPerUser: cfg.WatchMaxPerUser,
			Stop: b.stopWatches, Observer: m.Watch,
		},
		Limits: httpapi.Limits{
			LargeBodyDecodes: cfg.LargeBodyDecodes,
			LogReadsPerUser:  cfg.LogReadsPerUser,
			LogTimeout:       cfg.LogTimeout,
			MaxTailLines:     cfg.LogMaxTailLines,
		},
		Refusals: m.Refusals,
	}
	// The routes that render per request: pod template details and logs
	// (the one read made live, with the BFF's identity), option values and
	// assets.
	deps.Objects, deps.NamespaceLabels, deps.Assets = b.Model, b.Model, b.assets
	deps.PodLogs = podlogs.NewReader(clients.Kube.CoreV1())
	deps.Events = workspaceevents.NewReader(clients.Kube)
	metricsClient, err := metricsclient.NewForConfig(restCfg)
	if err != nil {
		return nil, err
	}
	deps.ResourceUsage = resourceusage.New(clients.Kube.Discovery(), metricsClient.MetricsV1beta1(), b.informers)
	if cfg.MetricsBindAddress == "" {
		deps.Metrics = b.Metrics
	}
	if cfg.SwaggerEnabled {
		opts := openapi.Options{
			Host: cfg.SwaggerHost, BasePath: cfg.SwaggerBasePath, Scheme: cfg.SwaggerScheme,
			UserIDHeader: cfg.UserIDHeader, GroupsHeader: cfg.GroupsHeader,
		}
		if deps.Tokens != nil {
			opts.TokenHeader = cfg.AuthTokenHeader
		}
		deps.Swagger, err = openapi.Handler(opts)
		if err != nil {
			return nil, err
		}
	}
	b.Handler = httpapi.NewRouter(deps)
	b.informers.Start(ctx)
	b.rbac.Start(ctx.Done())
	return b, nil
}

// Drain makes /readyz answer 503, so load balancers stop sending requests
// before the server stops taking them, and ends the watch streams, which
// would otherwise hold the server's shutdown until its timeout.
func (b *BFF) Drain() {
	if !b.draining.Swap(true) {
		close(b.stopWatches)
	}
}

// Ready reports whether the BFF serves complete data.
func (b *BFF) Ready() bool {
	ok, _ := b.ready()
	return ok
}

// Degraded is what the BFF runs without and does instead, or "" (see
// auth.RBAC): /readyz's detail.
func (b *BFF) Degraded() string {
	if synced, detail := b.rbac.Status(); synced {
		return detail
	}
	return ""
}

// ready reports whether the BFF serves complete data, and why not; when it
// does, the detail says what it runs degraded for, if anything.
func (b *BFF) ready() (bool, string) {
	if b.draining.Load() {
		return false, "shutting down"
	}
	if reason := b.syncReason(); reason != "" {
		return false, reason
	}
	return b.rbac.Status()
}

// synced reports whether every informer the routes read from has synced:
// before, the API answers 503 rather than part of a list.
func (b *BFF) synced() bool { return b.syncReason() == "" }

// syncReason says which informers have not synced yet, or "" once all have.
func (b *BFF) syncReason() string {
	switch {
	case !b.informers.HasSynced() || !b.Model.HasSynced() || !b.Storage.HasSynced():
		return "informers have not synced"
	case !b.assets.HasSynced():
		return "the image-source ConfigMap informer has not synced"
	}
	// RBAC's informers only narrow which namespaces are reviewed; until
	// they sync every namespace is, so no answer is partial without them.
	return ""
}

// errNoReadModel is waitWritten's answer for a resource no read model holds.
var errNoReadModel = errors.New("no read model holds this resource")

// waitWritten waits until the read model of resource has applied w.
func (b *BFF) waitWritten(ctx context.Context, resource string, w cache.Written) error {
	switch resource {
	case kube.ResourceWorkspaces:
		return b.Model.WaitWorkspace(ctx, w)
	case kube.ResourceWorkspaceKinds:
		return b.Model.WaitWorkspaceKind(ctx, w)
	case kube.ResourcePersistentVolumeClaims:
		return b.Storage.WaitClaim(ctx, w)
	case kube.ResourceSecrets:
		return b.Storage.WaitSecret(ctx, w)
	}
	return errNoReadModel
}

// authClient sends the reviews, Subject access and Token: a client of its
// own, with its own rate limits.
func authClient(restCfg *rest.Config, cfg config.Config) (kubernetes.Interface, error) {
	authCfg := rest.CopyConfig(restCfg)
	authCfg.QPS = float32(cfg.AuthzQPS)
	authCfg.Burst = cfg.AuthzBurst
	return kubernetes.NewForConfig(authCfg)
}

// newAuthorizer sends SubjectAccessReviews through client, and counts
// reviews and decisions.
func newAuthorizer(client kubernetes.Interface, cfg config.Config, m *metrics.Authz, proposer auth.Proposer) *auth.Authorizer {
	return auth.NewAuthorizer(client.AuthorizationV1().SubjectAccessReviews(), auth.Options{
		AllowTTL:  cfg.AuthzAllowTTL,
		DenyTTL:   cfg.AuthzDenyTTL,
		CacheSize: cfg.AuthzCacheSize,
		UserQPS:   cfg.AuthzUserQPS,
		UserBurst: cfg.AuthzUserBurst,
		Proposer:  proposer,
		OnReview:  m.Reviewed,
		Observe:   m.Decided,
	})
}

// newTokens identifies callers by bearer token in the token mode (nil in
// the header mode), through client: its answers are kept as long as
// authorization decisions, and each client address has the per-user
// budget of reviews that find no valid token.
func newTokens(client kubernetes.Interface, cfg config.Config, m *metrics.Authz) *auth.Tokens {
	if cfg.AuthMethod != config.AuthMethodUserToken {
		return nil
	}
	return auth.NewTokens(client.AuthenticationV1().TokenReviews(), auth.TokenOptions{
		Header: cfg.AuthTokenHeader, Prefix: cfg.AuthTokenPrefix, Audiences: cfg.TokenAudiences,
		ValidTTL: cfg.AuthzAllowTTL, InvalidTTL: cfg.AuthzDenyTTL, CacheSize: cfg.AuthzCacheSize,
		FailureQPS: cfg.AuthzUserQPS, FailureBurst: cfg.AuthzUserBurst,
		OnReview: m.TokenReviewed,
	})
}
