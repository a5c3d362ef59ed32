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

package strictjson

import (
	"encoding/json"
	"testing"
)

// FuzzUnmarshal: strict decoding never panics, and whatever it accepts
// plain encoding/json accepts too, with the same result.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{
		`{"name":"a","count":1}`, `{"name":"a","name":"b"}`, `{"extra":1}`, `{"count":"1"}`,
		`{"name":"a"} x`, `{`, `null`, `[]`, `{"name":"\u00e9"}`, ` {"count":1e3} `,
	} {
		f.Add([]byte(seed))
	}
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var strict body
		if err := Unmarshal(data, &strict); err != nil {
			return
		}
		var loose body
		if err := json.Unmarshal(data, &loose); err != nil {
			t.Fatalf("strict accepted what encoding/json refuses (%v): %q", err, data)
		}
		if strict != loose {
			t.Fatalf("strict %+v, loose %+v for %q", strict, loose, data)
		}
	})
}
