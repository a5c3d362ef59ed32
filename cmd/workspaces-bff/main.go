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
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/prometheus/common/version"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/devmode"
	"github.com/kubeflow/workspaces-bff/pkg/gctuner"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

func main() {
	cfg, err := config.Parse(os.Args[1:], os.LookupEnv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "workspaces-bff: invalid configuration:\n%v\n", err)
		os.Exit(2)
	}
	if version.Version == "" {
		version.Version = moduleVersion()
	}
	if cfg.PrintVersion {
		fmt.Println(version.Print("workspaces-bff"))
		os.Exit(0)
	}
	// Lines are batched, written within logFlushDelay (warnings and errors
	// at once): one write per access line would cost a system call per
	// request.
	logOut := logging.NewWriter(os.Stderr, logFlushDelay)
	logger, err := logging.New(logOut, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		fmt.Fprintf(os.Stderr, "workspaces-bff: invalid configuration:\n%v\n", err)
		os.Exit(2)
	}
	slog.SetDefault(logger)
	// client-go logs through klog: send its lines to the same handler, so
	// every line has one format.
	klog.SetSlogLogger(logger)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, cfg, logger)
	stop()
	if err != nil {
		logger.Error("exiting", "error", err)
	}
	_ = logOut.Flush()
	if err != nil {
		os.Exit(1)
	}
}

// logFlushDelay bounds how long a logged line waits to be written.
const logFlushDelay = 100 * time.Millisecond

func run(ctx context.Context, cfg config.Config, logger *slog.Logger) (err error) {
	logger.Info("starting", "version", version.Version, "revision", version.GetRevision(),
		"config", cfg) // config.Config.LogValue: no secrets
	if os.Getenv("GOGC") != "" {
		logger.Info("GOGC is set: --gc-headroom is ignored", "GOGC", os.Getenv("GOGC"))
	} else {
		defer gctuner.Start(cfg.GCHeadroom).Stop()
	}
	if cfg.ReleaseIdleMemory {
		defer gctuner.StartReleaser(gctuner.ReleaseInterval).Stop()
	}

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
	informerCtx, stopInformers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopInformers()
	bff, err := server.New(informerCtx, cfg, restCfg, logger)
	if err != nil {
		return err
	}
	router := bff.Handler
	listener, err := net.Listen("tcp", cfg.Listen())
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen(), err)
	}
	server := httpapi.NewServer(cfg.Listen(), router)
	serveErr := make(chan error, 2)
	go func() { serveErr <- server.Serve(listener) }()

	var metricsServer *http.Server
	if cfg.MetricsBindAddress != "" {
		metricsListener, err := net.Listen("tcp", cfg.MetricsBindAddress)
		if err != nil {
			_ = server.Close()
			return fmt.Errorf("listening for metrics on %s: %w", cfg.MetricsBindAddress, err)
		}
		metricsServer = httpapi.NewServer(cfg.MetricsBindAddress, metricsHandler(bff.Metrics, cfg.Pprof))
		if cfg.Pprof {
			// CPU profiles and traces stream for ?seconds=N; the write
			// timeout would cut them off (this port is not the API's).
			metricsServer.WriteTimeout = 0
		}
		go func() { serveErr <- metricsServer.Serve(metricsListener) }()
		logger.Info("serving metrics on http://"+metricsListener.Addr().String()+"/metrics", "pprof", cfg.Pprof)
	}

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
	// First fail readiness, so load balancers stop routing here, while
	// still serving what they send meanwhile; then drain.
	bff.Drain()
	if cfg.ShutdownDelay > 0 {
		logger.Info("shutting down: readyz now fails; serving on while load balancers notice", "delay", cfg.ShutdownDelay)
		select {
		case <-time.After(cfg.ShutdownDelay):
		case err := <-serveErr:
			return fmt.Errorf("serving: %w", err)
		}
	}
	logger.Info("shutting down: draining in-flight requests", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Warn("shutdown did not drain every request", "error", err)
	}
	if metricsServer != nil {
		// Scrapes were answered through the drain; now they may stop.
		_ = metricsServer.Close()
	}
	stopInformers()
	return nil
}

// metricsHandler serves the metrics listener: /metrics and, with pprof,
// net/http/pprof's profiles under /debug/pprof/. (Importing net/http/pprof
// also registers them on http.DefaultServeMux, which the BFF never serves.)
func metricsHandler(metricsHandler http.Handler, withPprof bool) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metricsHandler)
	if withPprof {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

// moduleVersion is the version go build stamped on the main module, for a
// binary built without -ldflags -X (the Dockerfile and make set one): a
// tag for go install of a release, a pseudo-version from the VCS in a
// checkout, "(devel)" without either.
func moduleVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
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
