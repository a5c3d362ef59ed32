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

// notModified sets the headers every cached GET carries and answers 304
// when the client already holds this version (etag); otherwise it sets the
// JSON content type and leaves the body to the caller.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	return notModifiedAs(w, r, etag, jsonNoCache)
}

// representation is what a cached answer holds and how clients may keep it.
type representation struct {
	contentType, cacheControl string
}

// jsonNoCache is every API GET's: JSON, revalidated on each use.
var jsonNoCache = representation{contentType: "application/json", cacheControl: "no-cache"}

// notModifiedAs is notModified for a representation of its own.
func notModifiedAs(w http.ResponseWriter, r *http.Request, etag string, rep representation) bool {
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

// serveCached answers a GET with a pre-rendered body: a strong ETag, 304
// when the client already holds this version, and the gzip form, computed
// once per version, when the client accepts it.
func serveCached(w http.ResponseWriter, r *http.Request, b *cache.Body) {
	serveCachedAs(w, r, b, jsonNoCache)
}

// serveCachedAs is serveCached for a representation of its own.
func serveCachedAs(w http.ResponseWriter, r *http.Request, b *cache.Body, rep representation) {
	if notModifiedAs(w, r, b.ETag(), rep) {
		return
	}
	writeRendered(w, r, b, len(b.Bytes()), b.Bytes())
}

// compressible is a rendered response whose compressed forms are computed
// once per version: a cache.Body or a cache.Concat. Each is nil when the
// response is too small to be worth compressing.
type compressible interface {
	Gzip() []byte
	Zstd() []byte
}

// writeRendered writes a 200 with a rendered response, whole: in the
// encoding the client prefers, when it has that form, else parts, size
// bytes in all.
func writeRendered(w http.ResponseWriter, r *http.Request, c compressible, size int, parts ...[]byte) {
	var body []byte
	encoding := preferredEncoding(r)
	switch encoding {
	case "zstd":
		body = c.Zstd()
	case "gzip":
		body = c.Gzip()
	}
	if body == nil {
		writeParts(w, r, size, parts...)
		return
	}
	w.Header().Set("Content-Encoding", encoding)
	writeParts(w, r, len(body), body)
}

// writeParts writes a 200 with parts, size bytes in all, as they are.
func writeParts(w http.ResponseWriter, r *http.Request, size int, parts ...[]byte) {
	w.Header().Set("Content-Length", strconv.Itoa(size))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		for _, p := range parts {
			_, _ = w.Write(p)
		}
	}
}

// writeStreamed writes a 200 with bytes assembled for this request only (a
// page of a list), compressing on the fly when the client accepts gzip,
// once notModified has set the headers and found that the client lacks
// this version.
func writeStreamed(w http.ResponseWriter, r *http.Request, parts ...[]byte) {
	h := w.Header()
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	if size < 1024 || !acceptsGzip(r) {
		writeParts(w, r, size, parts...)
		return
	}
	h.Set("Content-Encoding", "gzip")
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

// gzipWriters reuses compressors: each holds ~800 KB of state, which would
// otherwise be allocated for every compressed page.
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
func acceptsGzip(r *http.Request) bool { return codingQuality(r, "gzip") > 0 }

// preferredEncoding is the content coding of a rendered response: zstd or
// gzip, whichever the client gives the higher quality (zstd on a tie, as
// upstream's gzhttp answers browsers, which accept both), or "" for none.
func preferredEncoding(r *http.Request) string {
	gz, zst := codingQuality(r, "gzip"), codingQuality(r, "zstd")
	switch {
	case zst > 0 && zst >= gz:
		return "zstd"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// codingQuality is the quality Accept-Encoding gives a content coding: its
// own q (1 when it has none), else that of "*", else 0.
func codingQuality(r *http.Request, coding string) float64 {
	star := 0.0
	for _, v := range r.Header.Values("Accept-Encoding") {
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
