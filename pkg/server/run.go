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

package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
	"github.com/prometheus/common/version"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"

	"github.com/kubeflow/workspaces-bff/pkg/config"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/logging"
)

// Parse reads a command's configuration (config.Parse, or dev mode's).
type Parse func(args []string, lookupEnv func(string) (string, bool), out io.Writer) (config.Config, error)

// Connect gives a command's cluster: the API server to serve, and what to
// do once the BFF has stopped serving it (nil for nothing).
type Connect func(ctx context.Context, cfg config.Config, logger *slog.Logger) (restCfg *rest.Config, stop func() error, err error)

// Main runs a BFF command to its end and exits the process: it reads the
// configuration from the command line and the environment with parse,
// prints the version when asked, sets up logging and GOMEMLIMIT from the
// container's memory limit, then serves connect's cluster until SIGINT or
// SIGTERM (see Run). The exit code is 2 for an invalid configuration, 1
// for an error while serving, 0 otherwise (and for -h). Each of wraps,
// in order, wraps the BFF's API handler (the development command serves
// the API under a gateway's prefix too).
func Main(name string, parse Parse, connect Connect, wraps ...func(http.Handler) http.Handler) {
	cfg, err := parse(os.Args[1:], os.LookupEnv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid configuration:\n%v\n", name, err)
		os.Exit(2)
	}
	if version.Version == "" {
		version.Version = moduleVersion()
	}
	if cfg.PrintVersion {
		fmt.Println(version.Print(name))
		os.Exit(0)
	}
	logger, err := logging.New(os.Stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid configuration:\n%v\n", name, err)
		os.Exit(2)
	}
	slog.SetDefault(logger)
	// client-go logs through klog: send its lines to the same handler, so
	// every line has one format.
	klog.SetSlogLogger(logger)
	logger.Info("starting", "version", version.Version, "revision", version.GetRevision(),
		"config", cfg) // config.Config.LogValue: no secrets
	// The garbage collector works harder as the heap nears 90% of the
	// container's memory limit, rather than let the process be killed.
	// An explicit GOMEMLIMIT wins; without a cgroup limit nothing is set.
	_, _ = memlimit.Set(memlimit.WithRatio(0.9), memlimit.WithProvider(memlimit.FromCgroup), memlimit.WithLogger(logger))

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = connectAndRun(ctx, cfg, logger, connect, wraps)
	cancel()
	if err != nil {
		logger.Error("exiting", "error", err)
		os.Exit(1)
	}
}

func connectAndRun(ctx context.Context, cfg config.Config, logger *slog.Logger, connect Connect, wraps []func(http.Handler) http.Handler) (err error) {
	restCfg, stop, err := connect(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if stop != nil {
		defer func() { err = errors.Join(err, stop()) }()
	}
	return run(ctx, cfg, restCfg, logger, wraps)
}

// run serves the BFF for the API server restCfg names until ctx ends, then
// shuts down gracefully: /readyz fails first, so load balancers stop
// routing here, for cfg.ShutdownDelay while requests are still served;
// then in-flight requests drain for up to cfg.ShutdownTimeout.
func run(ctx context.Context, cfg config.Config, restCfg *rest.Config, logger *slog.Logger, wraps []func(http.Handler) http.Handler) error {
	informerCtx, stopInformers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopInformers()
	bff, err := New(informerCtx, cfg, restCfg, logger)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.Listen())
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen(), err)
	}
	handler := bff.Handler
	for _, wrap := range wraps {
		handler = wrap(handler)
	}
	server := httpapi.NewServer(cfg.Listen(), handler)
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
	logger.Info("serving " + url)

	select {
	case err := <-serveErr:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
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
