// Command workspaces-bff is the backend-for-frontend of Kubeflow Notebooks
// 2.0 Workspaces. With --dev it runs its own local control plane seeded with
// sample data; otherwise it talks to the cluster its kubeconfig names.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/devmode"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func main() {
	cfg, err := config.Parse(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "workspaces-bff: invalid configuration:\n%v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(logger)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, logger); err != nil {
		logger.Error("exiting", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config.Config, logger *slog.Logger) (err error) {
	logger.Info("starting", "config", fmt.Sprintf("%+v", cfg))

	var restCfg *rest.Config
	if cfg.Dev {
		dev, err := devmode.Start(ctx, cfg.DevDir, cfg.ControlPlaneAssets, func(format string, args ...any) {
			logger.Info(fmt.Sprintf(format, args...))
		})
		if err != nil {
			return err
		}
		defer func() {
			logger.Info("stopping the local control plane")
			if stopErr := dev.Stop(); stopErr != nil {
				err = errors.Join(err, fmt.Errorf("stopping the local control plane: %w", stopErr))
			}
		}()
		logger.Info("local control plane ready", "kubeconfig", dev.KubeconfigPath,
			"try", "kubectl --kubeconfig "+dev.KubeconfigPath+" get workspaces -A")
		restCfg = dev.Config
	} else {
		restCfg, err = loadKubeconfig(cfg.Kubeconfig)
		if err != nil {
			return err
		}
	}
	restCfg = rest.CopyConfig(restCfg)
	restCfg.QPS = float32(cfg.ClientQPS)
	restCfg.Burst = cfg.ClientBurst
	restCfg.UserAgent = "workspaces-bff"

	clients, err := kube.NewClients(restCfg)
	if err != nil {
		return err
	}
	informers := cache.NewInformers(clients)
	model := cache.NewModel(models.Options{ProxyURLPrefix: cfg.ProxyURLPrefix})
	if err := model.Register(informers); err != nil {
		return err
	}
	informerCtx, stopInformers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopInformers()
	informers.Start(informerCtx)

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	visibilityTimeouts := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "workspaces_bff_write_visibility_timeouts_total",
		Help: "Writes answered before the read model served them (with a Warning header).",
	})
	registry.MustRegister(visibilityTimeouts)
	writer := actions.New(clients, model, actions.Options{
		VisibilityTimeout:   cfg.WriteVisibilityTimeout,
		OnVisibilityTimeout: visibilityTimeouts.Inc,
	})

	rbac, err := auth.NewRBAC(clients.Kube)
	if err != nil {
		return err
	}
	rbac.Start(informerCtx.Done())
	authorizer, err := newAuthorizer(restCfg, cfg, registry, rbac)
	if err != nil {
		return err
	}

	router := httpapi.NewRouter(httpapi.Dependencies{
		Ready: func() (bool, string) {
			if !informers.HasSynced() || !model.HasSynced() {
				return false, "informers have not synced"
			}
			if !rbac.HasSynced() {
				return false, "RBAC informers have not synced"
			}
			return true, ""
		},
		Reads:  model,
		Writes: writer,
		Users: auth.Headers{
			UserIDHeader: cfg.UserIDHeader, UserIDPrefix: cfg.UserIDPrefix, GroupsHeader: cfg.GroupsHeader,
		},
		Authorizer: authorizer,
		Metrics:    promhttp.HandlerFor(registry, promhttp.HandlerOpts{Registry: registry}),
	})
	listener, err := net.Listen("tcp", cfg.Listen())
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen(), err)
	}
	server := httpapi.NewServer(cfg.Listen(), router)
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(listener) }()

	url := "http://" + listener.Addr().String()
	if cfg.BindAddress == "" {
		url = fmt.Sprintf("http://127.0.0.1:%d", cfg.Port)
	}
	logger.Info("serving "+url, "try",
		fmt.Sprintf("curl -H '%s: %s' %s/api/v1/workspaces", cfg.UserIDHeader, devmode.User, url))

	select {
	case err := <-serveErr:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining in-flight requests", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Warn("shutdown did not drain every request", "error", err)
	}
	stopInformers()
	return nil
}

// newAuthorizer sends SubjectAccessReviews through a client of its own, with
// its own rate limits, and counts reviews and decisions.
func newAuthorizer(restCfg *rest.Config, cfg config.Config, registry prometheus.Registerer, proposer auth.Proposer) (*auth.Authorizer, error) {
	authCfg := rest.CopyConfig(restCfg)
	authCfg.QPS = float32(cfg.AuthzQPS)
	authCfg.Burst = cfg.AuthzBurst
	client, err := kubernetes.NewForConfig(authCfg)
	if err != nil {
		return nil, err
	}
	reviews := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "workspaces_bff_authz_reviews_total",
		Help: "SubjectAccessReviews sent, by result (ok or error).",
	}, []string{"result"})
	decisions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "workspaces_bff_authz_decisions_total",
		Help: "Authorization decisions, by source (cache or review) and decision (allow or deny).",
	}, []string{"source", "decision"})
	registry.MustRegister(reviews, decisions)
	// Resolved once: decisions are counted on every request.
	decided := map[[2]bool]prometheus.Counter{}
	for _, cached := range []bool{false, true} {
		for _, allowed := range []bool{false, true} {
			source, decision := "review", "deny"
			if cached {
				source = "cache"
			}
			if allowed {
				decision = "allow"
			}
			decided[[2]bool{cached, allowed}] = decisions.WithLabelValues(source, decision)
		}
	}
	return auth.NewAuthorizer(client.AuthorizationV1().SubjectAccessReviews(), auth.Options{
		AllowTTL:  cfg.AuthzAllowTTL,
		DenyTTL:   cfg.AuthzDenyTTL,
		CacheSize: cfg.AuthzCacheSize,
		Proposer:  proposer,
		OnReview: func(err error) {
			result := "ok"
			if err != nil {
				result = "error"
			}
			reviews.WithLabelValues(result).Inc()
		},
		Observe: func(cached, allowed bool) { decided[[2]bool{cached, allowed}].Inc() },
	}), nil
}

// loadKubeconfig resolves the API server as kubectl and controller-runtime
// do: an explicit --kubeconfig, else $KUBECONFIG, else the in-cluster
// service account, else ~/.kube/config.
func loadKubeconfig(explicit string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if explicit != "" {
		rules.ExplicitPath = explicit
	} else if os.Getenv(clientcmd.RecommendedConfigPathEnvVar) == "" {
		if cfg, err := rest.InClusterConfig(); err == nil {
			return cfg, nil
		}
	}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, nil).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("no Kubernetes API server configured (tried --kubeconfig, KUBECONFIG, in-cluster, ~/.kube/config; use --dev for a local one): %w", err)
	}
	return cfg, nil
}
