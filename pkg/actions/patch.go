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
	var patched []byte
	switch pt {
	case MergePatch:
		patched, err = jsonpatch.MergePatch(doc, patch)
	case JSONPatch:
		var ops jsonpatch.Patch
		ops, err = jsonpatch.DecodePatch(patch)
		if err == nil {
			patched, err = ops.Apply(doc)
		}
	default:
		err = fmt.Errorf("unsupported patch type %q", pt)
	}
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
