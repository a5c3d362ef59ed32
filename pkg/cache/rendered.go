package cache

import (
	"hash/fnv"
	"strconv"
)

// Rendered is a Body for a response built per request (one Secret, read
// live from the API server, is never cached): {"data": v}, with a strong
// ETag derived from its bytes, so a client that polls it gets a 304 while it
// does not change.
func Rendered(v any) *Body {
	raw := mustJSON(envelope{v})
	h := fnv.New64a()
	_, _ = h.Write(raw)
	return newBody(raw, `"r-`+strconv.FormatUint(h.Sum64(), 36)+`"`)
}
