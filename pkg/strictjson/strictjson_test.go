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
	"strings"
	"testing"
)

func TestUnmarshal(t *testing.T) {
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	tests := []struct {
		name    string
		in      string
		wantErr string // substring; "" means success
	}{
		{"valid", `{"name":"a","count":1}`, ""},
		{"whitespace around", " \n{\"name\":\"a\"}\n ", ""},
		{"unknown field", `{"name":"a","extra":1}`, `unknown field "extra"`},
		{"duplicate key", `{"name":"a","name":"b"}`, `duplicate field "name"`},
		{"wrong type", `{"count":"1"}`, "cannot unmarshal string"},
		{"trailing garbage", `{"name":"a"} x`, "invalid character"},
		{"two values", `{"name":"a"}{"name":"b"}`, "invalid character"},
		{"case mismatch is unknown", `{"Name":"a"}`, `unknown field "Name"`},
		{"malformed", `{"name":`, "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b body
			err := Unmarshal([]byte(tt.in), &b)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
