# Workspaces BFF. `make run` serves dev mode on http://127.0.0.1:4000;
# `make test` runs every check CI runs.

GO ?= go
BIN := $(CURDIR)/bin
CONTROLLER_GEN := $(BIN)/controller-gen
# Directory of the generated CRD manifests (also embedded by hack/crd).
CRD_DIR := hack/crd
API_PKGS := ./pkg/apis/...

.PHONY: all build run test test-go controlplane generate verify-generated vet fmt clean

all: build

## build: compile bin/workspaces-bff.
build:
	$(GO) build -o $(BIN)/workspaces-bff ./cmd/workspaces-bff

## controlplane: build (once) and cache kube-apiserver and etcd for envtest.
controlplane:
	@hack/controlplane.sh >/dev/null

## run: dev mode, an embedded control plane seeded with sample data.
## Extra flags: make run ARGS='--port 5000'.
run: build
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(BIN)/workspaces-bff --dev $(ARGS)

## test: generated files are fresh, vet, then every Go test against a real control plane.
test: verify-generated vet test-go

test-go:
	@assets=$$(hack/controlplane.sh) && KUBEBUILDER_ASSETS=$$assets $(GO) test -count=1 $(TESTFLAGS) ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

$(CONTROLLER_GEN): hack/tools/go.mod hack/tools/go.sum
	$(GO) -C hack/tools build -o $(CONTROLLER_GEN) sigs.k8s.io/controller-tools/cmd/controller-gen

## generate: deepcopy functions and CRD manifests from the Go API types.
generate: $(CONTROLLER_GEN)
	$(CONTROLLER_GEN) object:headerFile=hack/boilerplate.go.txt paths=$(API_PKGS)
	$(CONTROLLER_GEN) crd paths=$(API_PKGS) output:crd:artifacts:config=$(CRD_DIR)

## verify-generated: fail when `make generate` changes a generated file, so a
## stale CRD or deepcopy never reaches a commit. It leaves the fresh files in
## place: commit them and run again.
GENERATED = $(CRD_DIR)/*.yaml pkg/apis/*/*/zz_generated.deepcopy.go
verify-generated: $(CONTROLLER_GEN)
	@before=$$(cat $(GENERATED) 2>/dev/null | sha256sum); \
	$(MAKE) --no-print-directory generate >/dev/null; \
	after=$$(cat $(GENERATED) 2>/dev/null | sha256sum); \
	if [ "$$before" != "$$after" ]; then \
		echo 'generated files were stale and have been regenerated: review and commit them'; exit 1; fi

clean:
	rm -rf $(BIN)
