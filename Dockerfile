# The BFF's container image: a static binary on distroless, as a non-root
# user, on a read-only root filesystem (the BFF writes no file).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) -t workspaces-bff .
#
# The build stage runs on the build machine's platform and cross-compiles
# for each TARGETARCH (buildx sets it per --platform), so a multi-arch
# build emulates nothing. It runs the same command as `make image-binary`;
# a test (hack/deploy) checks that the two agree, that the result is
# static and that it reports the version stamped.
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
# Only what the binary is built from: go build then downloads only the
# modules the binary links (about 60), not the ones go.mod lists for the
# tests and the hack/ tools (about 330 in the module graph: envtest,
# chromedp, kustomize, kin-openapi, Prometheus' rule engine...).
COPY go.mod go.sum ./
COPY pkg/ pkg/
COPY cmd/workspaces-bff/ cmd/workspaces-bff/
ARG TARGETOS=linux
ARG TARGETARCH=amd64
# .git is not sent to the builder (.dockerignore): pass them.
ARG VERSION=dev
ARG REVISION=unknown
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -X github.com/prometheus/common/version.Version=${VERSION} -X github.com/prometheus/common/version.Revision=${REVISION}" -o /out/workspaces-bff ./cmd/workspaces-bff

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/workspaces-bff /workspaces-bff
USER 65532:65532
EXPOSE 4000 9090
ENTRYPOINT ["/workspaces-bff"]
