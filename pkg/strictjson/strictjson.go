// Package strictjson decodes request bodies strictly: unknown fields,
// duplicate keys, wrong types and anything after the JSON value are errors.
// encoding/json accepts all but wrong types silently; sigs.k8s.io/json (the
// API server's own strict decoder) reports the rest.
package strictjson

import (
	"errors"

	sigsjson "sigs.k8s.io/json"
)

// Unmarshal decodes data into v, strictly and case-sensitively.
func Unmarshal(data []byte, v any) error {
	strict, err := sigsjson.UnmarshalStrict(data, v)
	if err != nil {
		return err
	}
	if len(strict) > 0 {
		return errors.Join(strict...)
	}
	return nil
}
