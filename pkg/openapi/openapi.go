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

// Package openapi owns the BFF's OpenAPI 3 document and serves it, with
// Swagger UI, at /api/v1/swagger/ when --swagger-enabled.
//
// The document is api.yaml, written by hand, plus the schemas it references
// from upstream's OpenAPI 2.0 document; `make generate` (hack/openapi) merges
// them into openapi.json, which is embedded here. Its servers are relative
// (/api/v1, and / for the probes); Handler writes in the host, base path and
// scheme of the deployment, as upstream does with SWAGGER_HOST,
// SWAGGER_BASE_PATH and SWAGGER_SCHEME.
package openapi

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	swaggerfiles "github.com/swaggo/files/v2"
)

//go:embed openapi.json
var document []byte

// Document returns the embedded document as generated, with relative
// servers: what tests validate responses against.
func Document() []byte { return slices.Clone(document) }

// Options describe the deployment the served document is for.
type Options struct {
	// Host (host[:port]), BasePath and Scheme make the API's server URL,
	// Scheme://Host/BasePath. Scheme may list several, comma-separated
	// ("http,https"), as upstream's schemes do; each is a server.
	Host, BasePath, Scheme string
	// UserIDHeader and GroupsHeader name the identity headers, so that
	// Swagger UI's "Authorize" sets the ones this deployment reads.
	UserIDHeader, GroupsHeader string
	// TokenHeader, set in the token mode (--auth-method=user_token), is
	// the header of the caller's bearer token: the document's one way to
	// authenticate then, in place of the identity headers, which that mode
	// ignores.
	TokenHeader string
}

// Handler serves, relative to where it is mounted (/api/v1/swagger):
// /doc.json, the document for opts; /, Swagger UI showing it; and the UI's
// files (from swaggo/files, the Swagger UI dist). It fails only on a
// document that does not parse, which the package's tests rule out.
func Handler(opts Options) (http.Handler, error) {
	doc, err := forDeployment(document, opts)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(doc)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	mux := http.NewServeMux()
	mux.HandleFunc("/doc.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/json")
		http.ServeContent(w, r, "doc.json", time.Time{}, bytes.NewReader(doc))
	})
	mux.HandleFunc("/swagger-initializer.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "swagger-initializer.js", time.Time{}, strings.NewReader(initializer))
	})
	mux.Handle("/", http.FileServerFS(swaggerfiles.FS))
	return mux, nil
}

// initializer replaces the dist's swagger-initializer.js, which points at
// the petstore: the page loads doc.json from beside itself, so it works
// under any prefix a gateway adds. validatorUrl null keeps the page from
// sending the document to the public validator.
const initializer = `window.onload = function() {
  window.ui = SwaggerUIBundle({
    url: "./doc.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
`

// forDeployment returns the document with the servers and identity header
// names of opts: the API at Scheme://Host+BasePath, the probes (paths with
// servers of their own) at Scheme://Host, each followed by the relative
// URL, which is the server that served the document.
func forDeployment(doc []byte, opts Options) ([]byte, error) {
	var root map[string]any
	if err := json.Unmarshal(doc, &root); err != nil {
		return nil, fmt.Errorf("openapi: embedded document: %w", err)
	}
	basePath := "/" + strings.Trim(opts.BasePath, "/")
	root["servers"] = servers(opts, basePath, "the API, on the server that serves this document")
	paths, _ := root["paths"].(map[string]any)
	for _, item := range paths {
		if item, ok := item.(map[string]any); ok && item["servers"] != nil {
			item["servers"] = servers(opts, "/", "the server root")
		}
	}
	if schemes, ok := dig(root, "components", "securitySchemes").(map[string]any); ok {
		setHeaderName(schemes, "UserIdHeader", opts.UserIDHeader)
		setHeaderName(schemes, "GroupsHeader", opts.GroupsHeader)
		if opts.TokenHeader != "" {
			clear(schemes)
			schemes["Token"] = map[string]any{"type": "apiKey", "in": "header", "name": opts.TokenHeader,
				"description": "The caller's Kubernetes bearer token, after --auth-token-prefix (`Bearer ` by default), reviewed by the API server; the identity headers are ignored."}
			root["security"] = []any{map[string]any{"Token": []any{}}}
		}
	}
	return json.Marshal(root)
}

func servers(opts Options, path, relative string) []any {
	var out []any
	for _, scheme := range strings.Split(opts.Scheme, ",") {
		if scheme = strings.TrimSpace(scheme); scheme != "" && opts.Host != "" {
			url := scheme + "://" + opts.Host + strings.TrimSuffix(path, "/")
			out = append(out, map[string]any{"url": url})
		}
	}
	return append(out, map[string]any{"url": path, "description": relative})
}

func setHeaderName(schemes map[string]any, scheme, header string) {
	if s, ok := schemes[scheme].(map[string]any); ok && header != "" {
		s["name"] = header
	}
}

// dig walks nested objects along keys.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
