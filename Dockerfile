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
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETOS=linux
ARG TARGETARCH=amd64
# .git is not sent to the builder (.dockerignore): pass them.
ARG VERSION=dev
ARG REVISION=unknown
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -X github.com/prometheus/common/version.Version=${VERSION} -X github.com/prometheus/common/version.Revision=${REVISION}" -o /out/workspaces-bff ./cmd/workspaces-bff

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/workspaces-bff /workspaces-bff
USER 65532:65532
EXPOSE 4000 9090
ENTRYPOINT ["/workspaces-bff"]
