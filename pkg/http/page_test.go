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

package httpapi

import (
	"encoding/base64"
	"strings"
	"testing"
)

// A page's continue token is the base64 of the versioned last key, and
// decodes back to that key, however long the key.
func TestContinueTokenRoundTrip(t *testing.T) {
	for _, key := range []string{"a", "team-a\x00lab", strings.Repeat("n", 63) + "\x00" + strings.Repeat("w", 253)} {
		field := string(continueField(key))
		token, ok := strings.CutPrefix(field, `,"continue":"`)
		token, ok2 := strings.CutSuffix(token, `"`)
		if !ok || !ok2 {
			t.Fatalf("continue member %q", field)
		}
		if want := base64.RawURLEncoding.EncodeToString([]byte(continuePrefix + key)); token != want {
			t.Fatalf("token %q, want %q", token, want)
		}
		if got, ok := decodeContinue(token); !ok || got != key {
			t.Fatalf("decodeContinue(%q) = %q, %v; want %q", token, got, ok, key)
		}
	}
	for _, token := range []string{"", "!", base64.RawURLEncoding.EncodeToString([]byte("v1:")), base64.RawURLEncoding.EncodeToString([]byte("v2:a"))} {
		if key, ok := decodeContinue(token); ok {
			t.Errorf("decodeContinue(%q) = %q, want no key", token, key)
		}
	}
}
