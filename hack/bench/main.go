//go:build linux

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

// Command bench is the BFF's load benchmark (`make bench-load`). It runs the
// BFF in dev mode as a child process, seeds it with many Workspaces, measures
// how fast a change reaches the served bytes, then drives every GET route
// with a closed-loop load generator and, route by route in the same run, a
// minimal net/http server (a process of its own, as the BFF) that answers
// the same bytes: the most this machine can serve them, which the BFF is
// compared to. It prints a report and exits 0 even when a target is missed:
// the numbers are the product.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"syscall"
	"time"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/kubeflow/workspaces-bff/hack/harness/devmode"
	"github.com/kubeflow/workspaces-bff/hack/harness/freeport"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// options are the command-line flags.
type options struct {
	bff         string
	workspaces  int
	namespaces  int
	duration    time.Duration
	warmup      time.Duration
	concurrency int
	port        int
	events      int
	keep        bool
	serveAnswer string
	soak        bool
	// attacker adds the attacker to the soak (attack.go).
	attacker bool
	watch    bool
	// replica measures a second BFF started after seeding (scale.go).
	replica bool
	// routes selects the routes driven by their label; nil drives all.
	routes *regexp.Regexp
	// cpuProfile, when set, is where the BFF's CPU profile over the load
	// is written; heapProfile, where its heap profile after the load is.
	cpuProfile, heapProfile string
	// given names the flags set on the command line, defaults aside.
	given map[string]bool
}

// parseFlags defines the flags on fs and parses args.
func parseFlags(fs *flag.FlagSet, args []string) (options, error) {
	o := options{given: map[string]bool{}}
	fs.StringVar(&o.bff, "bff", "bin/workspaces-bff-dev", "the BFF's development command (make build)")
	fs.IntVar(&o.workspaces, "workspaces", 10000, "Workspaces to seed")
	fs.IntVar(&o.namespaces, "namespaces", 50, "namespaces to spread the Workspaces over")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured load per route, for the BFF and again for the limit server")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load per route and server, spread over the starts of the measurement rounds")
	fs.IntVar(&o.concurrency, "concurrency", 32, "concurrent keep-alive clients of the load generator")
	fs.IntVar(&o.port, "port", 0, "the BFF's port; 0 picks a free one")
	fs.IntVar(&o.events, "events", 200, "changes measured per route for the event-to-served latency; with fewer than 100 the p99 is the largest")
	fs.BoolVar(&o.keep, "keep", false, "keep the dev directory (kubeconfig, etcd data, bff.log)")
	fs.BoolVar(&o.watch, "watch", false, "run the watch benchmark instead: -concurrency clients follow their namespace's Workspaces by ?watch=true, then by polling every 5 s, while one Workspace changes per second; compares the BFF's CPU (make bench-watch)")
	fs.BoolVar(&o.soak, "soak", false, "run the soak instead: every GET route polled by -concurrency clients while writers create, update, pause and delete, for -duration (make soak)")
	fs.BoolVar(&o.attacker, "attacker", false, "with -soak: run the soak twice, without and then with one user attacking (large bodies, random-name GETs, watches and log reads beyond their budget), and compare the legitimate users' answers (make soak-attack)")
	fs.BoolVar(&o.replica, "replica", false, "after seeding, start the production binary beside -bff against the seeded API server, time it to /readyz and to its first complete list, and measure it instead of the dev BFF (make bench-scale)")
	fs.StringVar(&o.serveAnswer, limitAnswerFile, "", "internal: run as the limit server for the answer in this file")
	fs.Func("routes", "drive only the routes whose label matches this regular expression, e.g. '304' or 'none' (default: all)", func(v string) (err error) {
		o.routes, err = regexp.Compile(v)
		return err
	})
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write the BFF's CPU profile over the route load to this file (go tool pprof FILE)")
	fs.StringVar(&o.heapProfile, "heapprofile", "", "write the BFF's heap profile after the load to this file (go tool pprof FILE)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	fs.Visit(func(f *flag.Flag) { o.given[f.Name] = true })
	return o, nil
}

// loadOnlyFlags are read by the load benchmark alone: the soak and the
// watch benchmark have no warm-up, measure no event-to-served latency,
// choose no routes and write no profiles. Given to either, they would be
// ignored without a word, and a run read as what it was not.
var loadOnlyFlags = []string{"warmup", "events", "routes", "cpuprofile", "heapprofile", "replica"}

// mode is the flag choosing the benchmark that runs: "soak", "watch", or
// "" for the load benchmark.
func (o options) mode() string {
	switch {
	case o.watch:
		return "watch"
	case o.soak:
		return "soak"
	}
	return ""
}

// validate reports every flag the run cannot honour: a value out of range,
// both modes at once, or a flag given that the chosen mode ignores.
func (o options) validate() error {
	var errs []error
	if o.workspaces < 1 || o.namespaces < 1 || o.concurrency < 1 || o.events < 1 {
		errs = append(errs, errors.New("-workspaces, -namespaces, -concurrency and -events must be at least 1"))
	}
	if o.duration <= 0 || o.warmup < 0 {
		errs = append(errs, errors.New("-duration must be positive and -warmup not negative"))
	}
	if o.port < 0 || o.port > 65535 {
		errs = append(errs, fmt.Errorf("-port %d: must be between 0 and 65535", o.port))
	}
	if o.attacker && !o.soak {
		errs = append(errs, errors.New("-attacker is for the soak alone: give -soak too"))
	}
	if o.soak && o.watch {
		errs = append(errs, errors.New("-soak and -watch each choose a benchmark: give one"))
	} else if mode := o.mode(); mode != "" {
		for _, name := range loadOnlyFlags {
			if o.given[name] {
				errs = append(errs, fmt.Errorf("-%s is for the load benchmark alone: -%s does not use it", name, mode))
			}
		}
	}
	return errors.Join(errs...)
}

func main() {
	opts, err := parseFlags(flag.CommandLine, os.Args[1:])
	if err != nil {
		// flag.CommandLine has printed the error and the usage.
		os.Exit(2)
	}
	if opts.serveAnswer != "" {
		if err := serveAnswer(opts.serveAnswer); err != nil {
			fmt.Fprintf(os.Stderr, "bench: limit server: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if err := opts.validate(); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	run := run
	switch opts.mode() {
	case "soak":
		run = runSoak
	case "watch":
		run = runWatchBench
	}
	err = run(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

// devRun is dev mode started and seeded for a run: the BFF, clients of its
// API and of its API server, and the seed plan.
type devRun struct {
	ctx           context.Context
	opts          options
	devDir        string
	bff           *bffProcess
	client        *http.Client
	clients       *kube.Clients
	plan          seedPlan
	devWorkspaces int // Workspaces dev mode seeds on its own
	// memBeforeSeed is the BFF's memory before the plan's Workspaces were
	// created, settled: the load report's baseline (load benchmark only).
	memBeforeSeed memory
}

// client is the HTTP client of the BFF's API: no transparent decompression,
// so that gzip answers are measured as sent.
func client() *http.Client {
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64}}
}

// startSeeded starts the BFF in dev mode in a fresh directory, waits until
// it is ready, notes its memory, then seeds it with the -workspaces over
// -namespaces and waits until it lists them: the setup every mode starts
// from. close stops it and removes the directory.
func startSeeded(ctx context.Context, opts options) (d *devRun, err error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, errors.New("KUBEBUILDER_ASSETS is not set: run it through make, which sets it")
	}
	client := client()
	d = &devRun{ctx: ctx, opts: opts, client: client, plan: newSeedPlan(opts.workspaces, opts.namespaces)}
	if d.devDir, err = os.MkdirTemp("", "workspaces-bff-bench-"); err != nil {
		return nil, err
	}
	started := d // the returns below set d to nil
	defer func() {
		if err != nil {
			started.close(err)
		}
	}()
	port := opts.port
	if port == 0 {
		if port, err = freeport.Loopback(); err != nil {
			return nil, err
		}
	}
	logf("starting the BFF in dev mode on port %d", port)
	pprofPort := 0
	if opts.cpuProfile != "" || opts.heapProfile != "" {
		if pprofPort, err = freeport.Loopback(); err != nil {
			return nil, err
		}
	}
	if d.bff, err = startBFF(opts.bff, port, pprofPort, d.devDir); err != nil {
		return nil, err
	}
	if err := d.bff.waitReady(ctx, 3*time.Minute); err != nil {
		return nil, err
	}
	if d.devWorkspaces, err = countWorkspaces(ctx, client, d.bff.url); err != nil {
		return nil, err
	}
	restCfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(d.devDir, "kubeconfig"))
	if err != nil {
		return nil, fmt.Errorf("dev kubeconfig: %w", err)
	}
	// Seeding is bounded by the API server, not by client-side throttling.
	restCfg.QPS, restCfg.Burst = 5000, 5000
	if d.clients, err = kube.NewClients(restCfg); err != nil {
		return nil, err
	}
	if opts.mode() == "" {
		// The load benchmark's baseline; the soak and the watch
		// benchmark do not read it, and settling takes 10 s or more.
		if d.memBeforeSeed, err = d.bff.settledMemory(ctx, client); err != nil {
			return nil, err
		}
	}
	if err := d.seed(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// seed creates the plan's Workspaces and waits until the BFF lists them.
func (d *devRun) seed(ctx context.Context) error {
	logf("seeding %d Workspaces over %d namespaces", d.opts.workspaces, d.opts.namespaces)
	if err := seed(ctx, d.clients, d.plan); err != nil {
		return err
	}
	return waitForWorkspaces(ctx, d.client, d.bff.url, d.devWorkspaces+d.opts.workspaces, 5*time.Minute)
}

// close stops the BFF, showing its last output when the run failed.
func (d *devRun) close(runErr error) {
	if d.bff != nil {
		if runErr != nil && d.ctx.Err() == nil {
			fmt.Fprintf(os.Stderr, "bench: the BFF's last output:\n%s\n", d.bff.logTail(30))
		}
		d.bff.Stop()
	}
	if d.opts.keep {
		fmt.Fprintf(os.Stderr, "bench: kept the dev directory %s\n", d.devDir)
	} else {
		_ = os.RemoveAll(d.devDir)
	}
}

// benchHeader is what every benchmark request carries: the dev user's
// identity, as the authenticating proxy would set it.
func benchHeader() http.Header {
	return http.Header{"Kubeflow-Userid": {devmode.User}}
}

// route is one GET the benchmark drives.
type route struct {
	// label is what the report prints: the path pattern and what is special.
	label  string
	path   string
	header http.Header
	// target is the lowest acceptable ratio of BFF to limit requests/s.
	target float64
}

// routes are the GET routes under load, with namespace and name of a seeded
// Workspace and listETag the current ETag of the all-Workspaces list.
func routes(namespace, name, listETag string) []route {
	with := func(key, value string) http.Header {
		h := benchHeader()
		h.Set(key, value)
		return h
	}
	return []route{
		{label: "/api/v1/namespaces", path: "/api/v1/namespaces", header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspaces", path: "/api/v1/workspaces", header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspaces/{ns}", path: "/api/v1/workspaces/" + namespace, header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspaces/{ns}/{name}", path: "/api/v1/workspaces/" + namespace + "/" + name, header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspacekinds", path: "/api/v1/workspacekinds", header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspacekinds/jupyterlab", path: "/api/v1/workspacekinds/jupyterlab", header: benchHeader(), target: 0.70},
		{label: "/api/v1/workspaces If-None-Match (304)", path: "/api/v1/workspaces", header: with("If-None-Match", listETag), target: 0.85},
		{label: "/api/v1/workspaces gzip", path: "/api/v1/workspaces", header: with("Accept-Encoding", "gzip"), target: 0.70},
		{label: "/api/v1/workspaces?limit=100", path: "/api/v1/workspaces?limit=100", header: benchHeader(), target: 0.70},
	}
}

// report is everything the run measured.
type report struct {
	opts          options
	devWorkspaces int // Workspaces dev mode seeds on its own
	// startup is the replica's, with -replica.
	startup        *startup
	namespace      string
	name           string
	routes         []routeResult
	memBefore      memory
	memSeeded      memory
	memSettled     memory
	memAfterLoad   memory
	memLoadSettled memory
	events         []eventResult
}

// routeResult is one route driven on the BFF and on the limit server.
type routeResult struct {
	route route
	size  int
	bff   *loadResult
	limit *loadResult
	// otherCPU is the share of the machine's CPU other processes used
	// while the route was measured.
	otherCPU float64
}

func run(ctx context.Context, opts options) (err error) {
	dev, err := startSeeded(ctx, opts)
	if err != nil {
		return err
	}
	defer func() { dev.close(err) }()
	bff, client, clients, plan := dev.bff, dev.client, dev.clients, dev.plan
	r := report{opts: opts, devWorkspaces: dev.devWorkspaces, memBefore: dev.memBeforeSeed}
	if opts.replica {
		replica, s, err := dev.startReplica(ctx, dev.devWorkspaces+opts.workspaces)
		if err != nil {
			return err
		}
		defer replica.Stop()
		bff, r.startup = replica, &s
	}
	if r.memSeeded, err = bff.memory(ctx, client); err != nil {
		return err
	}
	logf("waiting for the BFF's memory to settle")
	if r.memSettled, err = bff.settledMemory(ctx, client); err != nil {
		return err
	}

	r.namespace, r.name = plan.workspace(0)
	logf("measuring event-to-served latency (%d changes per route)", opts.events)
	eventPaths := []string{
		"/api/v1/workspaces/" + r.namespace + "/" + r.name,
		"/api/v1/workspaces/" + r.namespace,
		"/api/v1/workspaces",
	}
	if r.events, err = measureEvents(ctx, clients, client, bff.url, r.namespace, r.name, eventPaths, opts.events); err != nil {
		return err
	}

	list, err := capture(ctx, client, bff.url+"/api/v1/workspaces", benchHeader())
	if err != nil {
		return err
	}
	settings := loadSettings{concurrency: opts.concurrency, warmup: opts.warmup, duration: opts.duration}
	var driven []route
	for _, rt := range routes(r.namespace, r.name, list.header.Get("ETag")) {
		if opts.routes == nil || opts.routes.MatchString(rt.label) {
			driven = append(driven, rt)
		}
	}
	profiled := make(chan error, 1)
	if opts.cpuProfile != "" {
		// The BFF is idle during the limit server's rounds: the profile
		// holds its load alone.
		seconds := int(time.Duration(len(driven)) * (settings.warmup + settings.duration) * 2 / time.Second)
		go func() {
			profiled <- bff.profile(ctx, fmt.Sprintf("profile?seconds=%d", max(seconds, 1)), opts.cpuProfile)
		}()
	} else {
		profiled <- nil
	}
	for _, rt := range driven {
		result, err := driveRoute(ctx, client, bff, dev.devDir, rt, settings)
		if err != nil {
			return err
		}
		r.routes = append(r.routes, result)
	}
	if r.memAfterLoad, err = bff.memory(ctx, client); err != nil {
		return err
	}
	logf("waiting for the BFF's memory to settle after the load")
	if r.memLoadSettled, err = bff.settledMemory(ctx, client); err != nil {
		return err
	}
	if err := <-profiled; err != nil {
		return fmt.Errorf("CPU profile: %w", err)
	}
	if opts.heapProfile != "" {
		if err := bff.profile(ctx, "heap?gc=1", opts.heapProfile); err != nil {
			return fmt.Errorf("heap profile: %w", err)
		}
	}
	r.print(os.Stdout)
	return nil
}

// rounds is how many alternating turns the BFF and the limit server take
// within each route's measurement.
const rounds = 5

// driveRoute captures the BFF's answer to rt, then drives the BFF and a
// limit server process replaying that answer (its file is written to dir)
// with the same settings, in alternating rounds that together last
// settings.warmup plus settings.duration each.
func driveRoute(ctx context.Context, client *http.Client, bff *bffProcess, dir string, rt route, settings loadSettings) (routeResult, error) {
	a, err := capture(ctx, client, bff.url+rt.path, rt.header)
	if err != nil {
		return routeResult{}, err
	}
	want := http.StatusOK
	if rt.header.Get("If-None-Match") != "" {
		want = http.StatusNotModified
	}
	if a.status != want {
		return routeResult{}, fmt.Errorf("GET %s: %d, want %d: %s", rt.label, a.status, want, a.body)
	}
	result := routeResult{route: rt, size: len(a.body), bff: &loadResult{}, limit: &loadResult{}}
	before, err := takeCPU(bff.cmd.Process.Pid)
	if err != nil {
		return routeResult{}, err
	}
	if err := driveRounds(ctx, bff, rt, a, dir, settings, result.bff, result.limit); err != nil {
		return routeResult{}, err
	}
	// Taken once the limit server has exited, so that its CPU time counts
	// as this process's.
	after, err := takeCPU(bff.cmd.Process.Pid)
	if err != nil {
		return routeResult{}, err
	}
	result.otherCPU = before.otherShare(after)
	logf("%-40s BFF %8.0f req/s, limit %8.0f req/s, other processes %3.0f%% CPU",
		rt.label, result.bff.rate(), result.limit.rate(), 100*result.otherCPU)
	return result, nil
}

// driveRounds starts the limit server for a, the BFF's answer to rt, then
// drives rt on the BFF and on the limit server in alternating rounds,
// adding what each saw to bffTotal and limitTotal.
func driveRounds(ctx context.Context, bff *bffProcess, rt route, a answer, dir string, settings loadSettings, bffTotal, limitTotal *loadResult) error {
	limit, err := startLimit(a, dir)
	if err != nil {
		return err
	}
	defer limit.Close()
	req := request{url: bff.url + rt.path, header: rt.header, status: a.status, size: len(a.body)}
	limitReq := req
	limitReq.url = limit.url + rt.path
	// Short alternating rounds expose both servers to the same moments of
	// the machine: on a shared machine, a burst of other work then lowers
	// both sides instead of one.
	round := settings
	round.warmup /= time.Duration(rounds)
	round.duration /= time.Duration(rounds)
	for range rounds {
		for _, side := range []struct {
			req       request
			serverPID int
			total     *loadResult
		}{{req, bff.cmd.Process.Pid, bffTotal}, {limitReq, limit.cmd.Process.Pid, limitTotal}} {
			r, err := drive(ctx, side.req, side.serverPID, round)
			if err != nil {
				return err
			}
			side.total.add(r)
		}
	}
	return nil
}

// logf prints progress to stderr; the report alone goes to stdout.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// cpuSummary describes the machine the numbers come from.
func cpuSummary() string {
	return fmt.Sprintf("%d CPUs, %s %s/%s", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
