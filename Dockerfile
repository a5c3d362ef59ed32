# The BFF's container image: a static binary on distroless, as a non-root
# user, on a read-only root filesystem (the BFF writes no file).
#
#   docker build -t workspaces-bff .
#
# The build stage runs the same command as `make image-binary`; a test
# (hack/deploy) checks that the two agree and that the result is static.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETOS=linux
ARG TARGETARCH=amd64
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags=-s -o /out/workspaces-bff ./cmd/workspaces-bff

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/workspaces-bff /workspaces-bff
USER 65532:65532
EXPOSE 4000 9090
ENTRYPOINT ["/workspaces-bff"]
