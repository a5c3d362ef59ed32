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

// patchDocument applies a patch. The library panics on some malformed
// patches (a test operation without a value on the root, found by
// FuzzApplyPatch): a panic is a bad patch, not a crash.
func patchDocument(doc []byte, pt PatchType, patch []byte) (patched []byte, err error) {
	if err := checkPatch(pt, patch); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			patched, err = nil, fmt.Errorf("malformed patch: %v", r)
		}
	}()
	switch pt {
	case MergePatch:
		return jsonpatch.MergePatch(doc, patch)
	case JSONPatch:
		ops, err := jsonpatch.DecodePatch(patch)
		if err != nil {
			return nil, err
		}
		return ops.Apply(doc)
	}
	return nil, fmt.Errorf("unsupported patch type %q", pt)
}

// checkPatch holds a patch to the rules of every other request body. The
// library decodes with encoding/json, which keeps the last of duplicate keys
// (so {"displayName":"a","displayName":"b"} would write "b"), and it reads a
// JSON Patch of null as no operations (which would still write the update).
func checkPatch(pt PatchType, patch []byte) error {
	var syntax any
	if err := strictjson.Unmarshal(patch, &syntax); err != nil {
		return err
	}
	if _, ok := syntax.([]any); pt == JSONPatch && !ok {
		return errors.New("a JSON Patch must be an array of operations")
	}
	return nil
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
		return nil, invalidRequest(field.ErrorList{field.Required(field.NewPath("data"), "data is required")})
	}
	return out.Data, nil
}
