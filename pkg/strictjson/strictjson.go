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
