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

package actions

import (
	"encoding/json"
	"errors"
	"fmt"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/kubeflow/workspaces-bff/pkg/strictjson"
)

// PatchType is a supported patch format.
type PatchType string

// The patch formats PATCH routes accept, by content type.
const (
	MergePatch PatchType = "application/merge-patch+json" // RFC 7386
	JSONPatch  PatchType = "application/json-patch+json"  // RFC 6902
)

// patchDocument applies a patch. The JSON Patch library panics on some
// malformed patches (a test operation without a value on the root, found by
// FuzzApplyPatch): a panic is a bad patch, not a crash.
func patchDocument(doc []byte, pt PatchType, patch []byte) (patched []byte, err error) {
	parsed, err := checkPatch(pt, patch)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			patched, err = nil, fmt.Errorf("malformed patch: %v", r)
		}
	}()
	switch pt {
	case MergePatch:
		return mergePatch(doc, parsed)
	case JSONPatch:
		// The library decodes the patch again, after checkPatch: only
		// DecodePatch builds the operations it applies, keeping each
		// value as the client wrote it, and checks them with its own
		// (unexported) validation, whose errors the client is answered.
		// Operations built from checkPatch's values would differ.
		ops, err := jsonpatch.DecodePatch(patch)
		if err != nil {
			return nil, err
		}
		opts := jsonpatch.NewApplyOptions()
		opts.AccumulatedCopySizeLimit = maxPatchCopyBytes
		return ops.ApplyWithOptions(doc, opts)
	}
	return nil, fmt.Errorf("unsupported patch type %q", pt)
}

// Limits on what one patch may cost, beyond the size of its body.
const (
	// maxPatchDepth bounds how deeply a patch nests arrays and objects; the
	// deepest editable field lies about 16 levels down.
	maxPatchDepth = 64
	// maxPatchOperations bounds a JSON Patch, as the API server does: the
	// library finds each member of an object by a linear search, so many
	// operations on one object cost their number squared.
	maxPatchOperations = 10000
	// maxPatchCopyBytes bounds what a JSON Patch's copy operations add: each
	// may double the document, so 18 of them (855 bytes) made 270 MB. The
	// API server's own bound (--json-patch-max-copy-bytes) is 3 MiB.
	maxPatchCopyBytes = 4 << 20
)

// checkPatch holds a patch to the rules of every other request body and to
// the limits above, and returns it decoded. The library decodes with
// encoding/json, which keeps the last of duplicate keys (so
// {"displayName":"a","displayName":"b"} would write "b"), and it reads a
// JSON Patch of null as no operations (which would still write the update).
func checkPatch(pt PatchType, patch []byte) (any, error) {
	if depth(patch) > maxPatchDepth {
		return nil, fmt.Errorf("the patch nests arrays and objects deeper than the maximum depth of %d", maxPatchDepth)
	}
	var parsed any
	if err := strictjson.Unmarshal(patch, &parsed); err != nil {
		return nil, err
	}
	if pt == JSONPatch {
		ops, ok := parsed.([]any)
		if !ok {
			return nil, errors.New("a JSON Patch must be an array of operations")
		}
		if len(ops) > maxPatchOperations {
			return nil, fmt.Errorf("the JSON Patch has %d operations, more than the maximum of %d", len(ops), maxPatchOperations)
		}
	}
	return parsed, nil
}

// depth is how deeply JSON text nests arrays and objects, in one pass that
// skips strings. Malformed text gets some number; decoding then refuses it.
func depth(text []byte) int {
	var level, deepest int
	inString, escaped := false, false
	for _, c := range text {
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			level++
			deepest = max(deepest, level)
		case c == ']' || c == '}':
			level--
		}
	}
	return deepest
}

// mergePatch applies an RFC 7386 merge patch to doc. It works on decoded
// values, in time linear in the patch: the library's MergePatch decodes
// every level of a value anew and finds each member by a linear search, so
// a 4 MiB patch of 300,000 short members took seven minutes of CPU.
func mergePatch(doc []byte, patch any) ([]byte, error) {
	var target any
	if err := strictjson.Unmarshal(doc, &target); err != nil {
		return nil, err
	}
	return json.Marshal(mergeValue(target, patch))
}

// mergeValue is RFC 7386's MergePatch(Target, Patch): an object patch
// merges member by member, null removing one; anything else replaces the
// target. It recurses as deep as the patch nests, at most maxPatchDepth.
func mergeValue(target, patch any) any {
	members, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	merged, ok := target.(map[string]any)
	if !ok {
		merged = map[string]any{}
	}
	for key, value := range members {
		if value == nil {
			delete(merged, key)
		} else {
			merged[key] = mergeValue(merged[key], value)
		}
	}
	return merged
}

// envelope is the {"data": …} document a patch applies to: the same
// representation GET returns at the URL.
type envelope[T any] struct {
	Data *T `json:"data"`
}

// applyPatch patches the GET representation of form and decodes the result
// strictly, as if it were a PUT body.
func applyPatch[T any](form *T, pt PatchType, patch []byte) (*T, error) {
	doc, err := json.Marshal(envelope[T]{Data: form})
	if err != nil {
		return nil, fmt.Errorf("encoding the patched representation: %w", err)
	}
	patched, err := patchDocument(doc, pt, patch)
	if errors.Is(err, jsonpatch.ErrTestFailed) {
		// The client's own precondition does not hold: the object is
		// not in the state the patch was written for.
		return nil, &Error{Reason: Conflict, Message: "a test operation of the patch failed: " + err.Error(), Err: err}
	}
	if err != nil {
		return nil, &Error{Reason: BadRequest, Message: "error applying patch: " + err.Error(), Err: err}
	}
	var out envelope[T]
	if err := strictjson.Unmarshal(patched, &out); err != nil {
		return nil, &Error{Reason: BadRequest, Message: "error decoding patched object: " + err.Error(), Err: err}
	}
	if out.Data == nil {
		return nil, invalidRequest(field.ErrorList{field.Required(dataPath, "data is required")})
	}
	return out.Data, nil
}
