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

package httpapi

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/kubeflow/workspaces-bff/pkg/cache"
)

// representation is what a cached answer holds and how clients may keep it.
type representation struct {
	contentType, cacheControl string
}

// jsonNoCache is every API GET's: JSON, revalidated on each use.
var jsonNoCache = representation{contentType: "application/json", cacheControl: "no-cache"}

// notModified sets the headers every cached GET carries and answers 304
// when the client already holds this version (etag); otherwise it sets
// rep's content type and leaves the body to the caller.
func notModified(w http.ResponseWriter, r *http.Request, etag string, rep representation) bool {
	h := w.Header()
	h.Set("Etag", etag)
	h.Set("Cache-Control", rep.cacheControl)
	h.Set("Vary", "Accept-Encoding")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	h.Set("Content-Type", rep.contentType)
	return false
}

// serveBody answers a GET with a cached JSON body: its strong ETag, 304
// when the client already holds this version, else the body in the
// encoding the client prefers.
func serveBody(w http.ResponseWriter, r *http.Request, b *cache.Body) {
	if !notModified(w, r, b.ETag(), jsonNoCache) {
		writeRendered(w, r, b, b.Bytes())
	}
}

// compressible is a rendered response whose compressed forms are computed
// once per version: a cache.Body or a cache.Concat. Each is nil when the
// response is too small to be worth compressing.
type compressible interface {
	Gzip() []byte
	Zstd() []byte
}

// writeRendered writes a 200 with a response rendered once per version:
// in the encoding the client prefers, when it has that form, else parts.
func writeRendered(w http.ResponseWriter, r *http.Request, c compressible, parts ...[]byte) {
	var body []byte
	encoding := preferredEncoding(r)
	switch encoding {
	case "zstd":
		body = c.Zstd()
	case "gzip":
		body = c.Gzip()
	}
	if body != nil {
		w.Header().Set("Content-Encoding", encoding)
		parts = [][]byte{body}
	}
	writeParts(w, r, parts...)
}

// writeStreamed writes a 200 with parts assembled for this request only (a
// page of a list), gzipped on the fly when the client accepts it and they
// are worth it.
func writeStreamed(w http.ResponseWriter, r *http.Request, parts ...[]byte) {
	if size(parts) < 1024 || !acceptsGzip(r) {
		writeParts(w, r, parts...)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(w)
	for _, p := range parts {
		_, _ = zw.Write(p)
	}
	_ = zw.Close()
	gzipWriters.Put(zw)
}

// writeParts writes a 200 with parts as they are.
func writeParts(w http.ResponseWriter, r *http.Request, parts ...[]byte) {
	w.Header().Set("Content-Length", strconv.Itoa(size(parts)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		for _, p := range parts {
			_, _ = w.Write(p)
		}
	}
}

func size(parts [][]byte) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// gzipWriters reuses compressors: each holds ~800 KB of state, which would
// otherwise be allocated for every compressed page and log (BenchmarkGet,
// route=workspaces-page-gzip: about 4 KB a request with the pool).
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// etagMatches implements If-None-Match's weak comparison (RFC 9110 13.1.2):
// any listed tag, weak or strong, that names etag matches, and so does "*".
func etagMatches(header, etag string) bool {
	for header != "" {
		var tag string
		tag, header, _ = strings.Cut(header, ",")
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	return codingQuality(r.Header.Values("Accept-Encoding"), "gzip") > 0
}

// preferredEncoding is the content coding of a rendered response: zstd or
// gzip, whichever the client gives the higher quality (zstd on a tie, as
// upstream's gzhttp answers browsers, which accept both), or "" for none.
func preferredEncoding(r *http.Request) string {
	accept := r.Header.Values("Accept-Encoding")
	gz, zst := codingQuality(accept, "gzip"), codingQuality(accept, "zstd")
	switch {
	case zst > 0 && zst >= gz:
		return "zstd"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// codingQuality is the quality the Accept-Encoding values give a content
// coding: its own q (1 when it has none), else that of "*", else 0.
func codingQuality(accept []string, coding string) float64 {
	star := 0.0
	for _, v := range accept {
		for v != "" {
			var enc string
			enc, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(strings.TrimSpace(enc), ";")
			q := 1.0
			if qv, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(qv), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case coding:
				return q
			case "*":
				star = q
			}
		}
	}
	return star
}
