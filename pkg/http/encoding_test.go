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
	"net/http"
	"testing"
)

func TestPreferredEncoding(t *testing.T) {
	tests := []struct {
		name, acceptEncoding, want string
	}{
		{"none", "", ""},
		{"gzip alone", "gzip", "gzip"},
		{"a browser: zstd wins a tie", "gzip, deflate, br, zstd", "zstd"},
		{"gzip preferred by quality", "zstd;q=0.5, gzip", "gzip"},
		{"zstd refused", "gzip, zstd;q=0", "gzip"},
		{"gzip refused, nothing else", "gzip;q=0, br", ""},
		{"any coding", "*", "zstd"},
		{"any but zstd", "*, zstd;q=0", "gzip"},
		{"case and spaces", " GZip ; q=0.8 ", "gzip"},
		{"a malformed quality refuses", "zstd;q=x, gzip", "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, "/", nil)
			if tt.acceptEncoding != "" {
				r.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			if got := preferredEncoding(r); got != tt.want {
				t.Fatalf("preferredEncoding(%q) = %q, want %q", tt.acceptEncoding, got, tt.want)
			}
		})
	}
}
