# Workspaces BFF. `make run` serves dev mode on http://127.0.0.1:4000;
# `make test` runs every check CI runs.

GO ?= go
BIN := $(CURDIR)/bin
# Stamped into the binary: --version, workspaces_bff_build_info and the
# startup line show them. The Dockerfile stamps the same variables.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
CONTROLLER_GEN := $(BIN)/controller-gen
# Directory of the generated CRD manifests (also embedded by hack/crd).
CRD_DIR := hack/crd
API_PKGS := ./pkg/apis/...

.PHONY: all build build-dev image-binary run test test-go fuzz lint-changed bench bench-load bench-scale bench-watch soak soak-attack controlplane generate verify-generated vet lint license-headers verify-license-headers fmt clean

all: build

STAMP := -X github.com/prometheus/common/version.Version=$(VERSION) -X github.com/prometheus/common/version.Revision=$(REVISION)

## build: compile bin/workspaces-bff, the production binary, and
## bin/workspaces-bff-dev, the development command `make run` starts.
## A cold build reports n of N packages (hack/gobuild.sh); a warm one is silent.
build: build-dev
	@GO=$(GO) hack/gobuild.sh workspaces-bff ./cmd/workspaces-bff -ldflags="$(STAMP)" -o $(BIN)/workspaces-bff

# Measured: see docs/development.md, "What a first run costs".
build-dev:
	@GO=$(GO) GOBUILD_ESTIMATE="measured 18 min on 2 cores shared with other builds, 8 min of CPU (at least 4 min on 2 idle cores)" hack/gobuild.sh workspaces-bff-dev ./cmd/workspaces-bff-dev -ldflags="$(STAMP)" -o $(BIN)/workspaces-bff-dev

## image-binary: the static binary the container image ships (see Dockerfile).
image-binary:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -X github.com/prometheus/common/version.Version=$(VERSION) -X github.com/prometheus/common/version.Revision=$(REVISION)" -o $(BIN)/image/workspaces-bff ./cmd/workspaces-bff

## controlplane: build (once) and cache kube-apiserver and etcd for envtest.
controlplane:
	@hack/controlplane.sh >/dev/null

## run: the development command: a local control plane seeded with sample
## data, served on 127.0.0.1:4000. Extra flags: make run ARGS='--port 5000'.
## Builds only the development command, then the control plane (cached).
run: build-dev
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(BIN)/workspaces-bff-dev $(ARGS)

## test: generated files are fresh, vet, lint, license headers, every Go test
## against a real control plane (fuzz targets run their seed corpus there;
## `make fuzz` fuzzes), each phase announced with n of N and its time.
TEST_PHASES := verify-generated vet lint verify-license-headers test-go
test:
	@total=$(words $(TEST_PHASES)); n=0; start=$$(date +%s); \
	for phase in $(TEST_PHASES); do \
		n=$$((n + 1)); t=$$(date +%s); \
		echo "make test: phase $$n of $$total: $$phase"; \
		$(MAKE) --no-print-directory $$phase || { echo "make test: $$phase failed"; exit 1; }; \
		now=$$(date +%s); echo "make test: $$phase done in $$((now - t))s ($$((now - start))s in all)"; \
	done

# Four test packages at a time on any machine: most of a package's time is
# its control plane starting and tests waiting on informers, which overlap
# well beyond the core count (91 s -> 72 s for test-go on 2 cores).
TEST_PARALLEL ?= 4
test-go:
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) test -count=1 -p $(TEST_PARALLEL) $(TESTFLAGS) ./...

## bench: the HTTP benchmarks: the Workspace, kind and namespace GET routes in
## memory at 1k, 10k and 50k Workspaces, and the write and authorization
## benchmarks, which run against the local control plane; then the heap each
## Workspace costs the informer, the read model and the storage model.
## Extra flags: make bench BENCHFLAGS=-benchtime=2000x.
bench:
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) test -run '^$$' -bench . -benchmem $(BENCHFLAGS) ./pkg/http/
	$(GO) test -run '^$$' -bench MemoryPerWorkspace -benchtime 1x ./pkg/cache/

## bench-load: dev mode seeded with 10,000 Workspaces; the Workspace, kind and namespace GET routes under load,
## compared with a minimal server answering the same bytes, plus RSS and
## event-to-served latency. Extra flags: make bench-load ARGS='-workspaces 1000 -duration 3s'.
bench-load: build
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) run ./hack/bench -bff $(BIN)/workspaces-bff-dev $(ARGS)

## bench-scale: bench-load at 100,000 Workspaces in 500 namespaces, measured on a replica (the
## production binary) started after seeding: its time to ready, RSS and latencies. Extra flags as bench-load's,
## e.g. the sizing curve's ARGS='-workspaces 10000 -namespaces 50'.
bench-scale: build
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) run ./hack/bench -bff $(BIN)/workspaces-bff-dev -workspaces 100000 -namespaces 500 -replica $(ARGS)

## bench-watch: dev mode with 1,000 Workspaces; 1,000 clients follow their
## namespace's Workspaces by ?watch=true, then by polling every 5 s, while one
## Workspace changes per second; compares the BFF's CPU. Extra flags: ARGS='-duration 60s'.
bench-watch: build
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) run ./hack/bench -watch -bff $(BIN)/workspaces-bff-dev -workspaces 1000 -namespaces 50 -concurrency 1000 -duration 30s $(ARGS)

## fuzz: run each fuzz target for FUZZTIME (default 2000x, executions; seeds always run in test-go).
## Not part of make test: each target's instrumented build is a cold build of its own.
## A count, not a duration: when a duration runs out while a starved worker is
## mid-input, go test fails with "context deadline exceeded" and no crasher.
## The packages' targets run side by side (one target of each package at a
## time): most of a target's time is starting its worker processes, which
## overlap (60 s -> 37 s on 2 cores).
FUZZTIME ?= 2000x
FUZZ_PKGS := ./pkg/strictjson ./pkg/actions ./pkg/http
fuzz:
	@pids=""; for pkg in $(FUZZ_PKGS); do \
		( for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			out=$$($(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg 2>&1) || { echo "$$out"; exit 1; }; \
		done ) & pids="$$pids $$!"; \
	done; status=0; for pid in $$pids; do wait $$pid || status=1; done; exit $$status

## soak: dev mode with 5,000 Workspaces, the Workspace, kind and namespace GET routes polled while
## Workspaces are created, updated, paused and deleted, for 60 s; reports
## errors, lost writes, latencies, RSS and goroutines. Not part of make test.
## Extra flags: make soak ARGS='-duration 5m'.
soak: build
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) run ./hack/bench -soak -bff $(BIN)/workspaces-bff-dev -workspaces 5000 -namespaces 25 -duration 60s -concurrency 16 $(ARGS)

## soak-attack: the soak twice, without and then with one user attacking
## (4 MiB bodies, random-name GETs, watches and log reads beyond their
## budget); compares the legitimate users' 5xx, p99 and the peak RSS, and
## reports the attacker's answers by status. Not part of make test.
## Extra flags: make soak-attack ARGS='-workspaces 1000 -duration 20s'.
soak-attack:
	@$(MAKE) --no-print-directory soak ARGS='-attacker $(ARGS)'

vet:
	$(GO) vet ./...

## lint: golangci-lint with .golangci.yml, the version hack/golangci-lint.sh
## pins (built once from the module proxy and cached outside the clone).
lint:
	@linter=$$(hack/golangci-lint.sh) && $$linter run ./...

## lint-changed: the hurry mode: lint only the packages whose Go files differ
## from where the branch left REV (default main), committed or not (new files once git added). `make lint` (and make test)
## still lints everything.
REV ?= main
lint-changed:
	@pkgs=$$(git diff --name-only --diff-filter=d $$(git merge-base $(REV) HEAD) -- '*.go' | grep -v '^hack/controlplane/\|^hack/tools/' | xargs -r -n1 dirname | sort -u | sed 's|^|./|'); \
	if [ -z "$$pkgs" ]; then echo "lint-changed: no Go file differs from where the branch left $(REV)"; exit 0; fi; \
	echo "lint-changed:" $$pkgs; \
	linter=$$(hack/golangci-lint.sh) && $$linter run $$pkgs

## license-headers: add hack/boilerplate.go.txt to every Go file lacking it
## (run it again after a merge); verify-license-headers fails on any.
license-headers:
	@hack/license-headers.sh

verify-license-headers:
	@hack/license-headers.sh --check

fmt:
	gofmt -w $$(git ls-files '*.go')

$(CONTROLLER_GEN): hack/tools/go.mod hack/tools/go.sum
	$(GO) -C hack/tools build -o $(CONTROLLER_GEN) sigs.k8s.io/controller-tools/cmd/controller-gen

## generate: deepcopy functions and CRD manifests from the Go API types, the
## deployment's ClusterRole from hack/deploy/rbac.go, and the OpenAPI document
## (pkg/openapi/openapi.json) from pkg/openapi/api.yaml and upstream's.
# controller-gen runs its two generators at once: it loads and type-checks the
# packages once.
generate: $(CONTROLLER_GEN)
	$(CONTROLLER_GEN) object:headerFile=hack/boilerplate.go.txt crd paths=$(API_PKGS) output:crd:artifacts:config=$(CRD_DIR)
	$(GO) run ./hack/deploy/gen
	$(GO) run ./hack/openapi
	$(GO) run ./hack/flagsdoc

## verify-generated: fail when `make generate` changes a generated file, so a
## stale CRD or deepcopy never reaches a commit. It leaves the fresh files in
## place: commit them and run again.
GENERATED = $(CRD_DIR)/*.yaml pkg/apis/*/*/zz_generated.deepcopy.go hack/deploy/base/clusterrole.yaml pkg/openapi/openapi.json docs/operations.md
verify-generated: $(CONTROLLER_GEN)
	@before=$$(cat $(GENERATED) 2>/dev/null | sha256sum); \
	$(MAKE) --no-print-directory generate >/dev/null; \
	after=$$(cat $(GENERATED) 2>/dev/null | sha256sum); \
	if [ "$$before" != "$$after" ]; then \
		echo 'generated files were stale and have been regenerated: review and commit them'; exit 1; fi

clean:
	rm -rf $(BIN)
