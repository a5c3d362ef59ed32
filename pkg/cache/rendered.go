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
