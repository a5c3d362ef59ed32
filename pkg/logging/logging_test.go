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

package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name   string
		format string
		level  slog.Level
		log    func(l *slog.Logger)
		want   []string // substrings of the output, in order
		absent []string
	}{
		{
			name: "text carries the request id of the context", format: FormatText, level: slog.LevelInfo,
			log: func(l *slog.Logger) {
				l.InfoContext(WithRequestID(context.Background(), "abc"), "hello", "k", "v")
			},
			want: []string{"level=INFO", "msg=hello", "k=v", "request_id=abc"},
		},
		{
			name: "json is one object per line", format: FormatJSON, level: slog.LevelInfo,
			log: func(l *slog.Logger) {
				l.With("a", 1).InfoContext(WithRequestID(context.Background(), "id-1"), "hi")
			},
			want: []string{`"msg":"hi"`, `"a":1`, `"request_id":"id-1"`},
		},
		{
			name: "no request id without one in the context", format: FormatText, level: slog.LevelInfo,
			log:    func(l *slog.Logger) { l.Info("plain") },
			want:   []string{"msg=plain"},
			absent: []string{"request_id"},
		},
		{
			name: "lines below the level are dropped", format: FormatText, level: slog.LevelWarn,
			log:    func(l *slog.Logger) { l.Info("quiet"); l.Warn("loud") },
			want:   []string{"msg=loud"},
			absent: []string{"quiet"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l, err := New(&buf, tt.format, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			tt.log(l)
			out := buf.String()
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output %q lacks %q (in order)", out, w)
				}
				rest = rest[i+len(w):]
			}
			for _, a := range tt.absent {
				if strings.Contains(out, a) {
					t.Fatalf("output %q contains %q", out, a)
				}
			}
			if tt.format == FormatJSON {
				var v map[string]any
				if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
					t.Fatalf("not JSON: %v: %q", err, out)
				}
			}
		})
	}
}

func TestNewRejectsUnknownFormat(t *testing.T) {
	if _, err := New(&bytes.Buffer{}, "xml", slog.LevelInfo); err == nil {
		t.Fatal("want an error for format xml")
	}
}
