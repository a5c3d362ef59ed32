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

package podlogs

import (
	"errors"
	"strings"
	"testing"
)

func TestBatches(t *testing.T) {
	long := strings.Repeat("x", chunkSize+10)
	tests := []struct {
		name   string
		chunks []string
		err    error
		want   []string // each batch, lines joined by |
		failed bool
	}{
		{"one batch per chunk the node sent", []string{"a\nb\n", "c\n"}, nil, []string{"a|b", "c"}, false},
		{"a line split across chunks waits for its end, with the lines before it", []string{"a\nb", "c\n"}, nil, []string{"a|bc"}, false},
		{"a last line without a newline is sent", []string{"a\nb"}, nil, []string{"a|b"}, false},
		{"a line longer than the buffer comes in pieces", []string{long + "\n"}, nil, []string{long[:chunkSize], long[chunkSize:]}, false},
		{"the source's error is returned after the lines before it", []string{"a\n"}, errors.New("node went away"), []string{"a"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &chunks{err: tt.err}
			for _, c := range tt.chunks {
				src.parts = append(src.parts, []byte(c))
			}
			var got []string
			err := Batches(src, func(lines []string) error {
				got = append(got, strings.Join(lines, "|"))
				return nil
			})
			if (err != nil) != tt.failed {
				t.Fatalf("error %v, want failed=%v", err, tt.failed)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("batches %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("a batch holds at most MaxBatchLines lines", func(t *testing.T) {
		src := &chunks{parts: [][]byte{[]byte(strings.Repeat("l\n", MaxBatchLines+1))}}
		var sizes []int
		if err := Batches(src, func(lines []string) error { sizes = append(sizes, len(lines)); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(sizes) != 2 || sizes[0] != MaxBatchLines || sizes[1] != 1 {
			t.Fatalf("batches of %v lines, want %d then 1", sizes, MaxBatchLines)
		}
	})
	t.Run("a refused send stops the read", func(t *testing.T) {
		stop := errors.New("client left")
		src := &chunks{parts: [][]byte{[]byte("a\n"), []byte("b\n")}}
		if err := Batches(src, func([]string) error { return stop }); !errors.Is(err, stop) || src.read != 1 {
			t.Fatalf("error %v after %d chunks, want the send's after 1", err, src.read)
		}
	})
}

func TestLineTime(t *testing.T) {
	for _, tt := range []struct {
		line string
		ok   bool
	}{
		{"2026-01-01T00:00:01.123456789Z text", true},
		{"2026-01-01T00:00:01Z text", true},
		{"the rest of a long line", false},
		{"2026-01-01T00:00:01Z", false},
	} {
		if _, ok := LineTime(tt.line); ok != tt.ok {
			t.Errorf("LineTime(%q) ok=%v, want %v", tt.line, ok, tt.ok)
		}
	}
}
