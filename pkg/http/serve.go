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

// gzipped is a rendered response whose gzip form is computed once per
// version: a cache.Body or a cache.Concat.
type gzipped interface {
	// Gzip is the compressed form, nil when not worth compressing.
	Gzip() []byte
}

// writeRendered writes a 200 with a rendered response, whole: its gzip
// form when the client accepts it and there is one, else parts, size bytes
// in all.
func writeRendered(w http.ResponseWriter, r *http.Request, z gzipped, size int, parts ...[]byte) {
	if acceptsGzip(r) {
		if gz := z.Gzip(); gz != nil {
			w.Header().Set("Content-Encoding", "gzip")
			writeParts(w, r, len(gz), gz)
			return
		}
	}
	writeParts(w, r, size, parts...)
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

// acceptsGzip reports whether Accept-Encoding allows gzip: named with q > 0,
// or not named and allowed by "*" with q > 0.
func acceptsGzip(r *http.Request) bool {
	star := false
	for _, v := range r.Header.Values("Accept-Encoding") {
		for v != "" {
			var enc string
			enc, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(strings.TrimSpace(enc), ";")
			allowed := true
			if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
				allowed = err == nil && f > 0
			}
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip":
				return allowed
			case "*":
				star = allowed
			}
		}
	}
	return star
}
