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
	"log/slog"
	"testing"
	"time"
)

// An access line carries the request's fields, and the request id once.
func TestLogAccessFields(t *testing.T) {
	var out bytes.Buffer
	l, err := New(&out, FormatText, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 3, 49, 28, 190961236, time.UTC)
	LogAccess(context.Background(), l, Access{Time: at, Level: slog.LevelInfo, RequestID: "EC3EAQBZNKZN-6", Method: "GET",
		Route: "/api/v1/workspaces/{namespace}", Path: "/api/v1/workspaces/team-a", Status: 304,
		Duration: 104129 * time.Nanosecond, User: "Jane Doe"})
	want := `time=2026-11-26T03:49:28.190Z level=INFO msg=request request_id=EC3EAQBZNKZN-6 method=GET ` +
		`route=/api/v1/workspaces/{namespace} path=/api/v1/workspaces/team-a status=304 duration_seconds=0.000104129 bytes=0 user="Jane Doe"` + "\n"
	if out.String() != want {
		t.Fatalf("got  %s\nwant %s", out.String(), want)
	}
}

func TestLogAccessHonoursTheLevel(t *testing.T) {
	var out bytes.Buffer
	l, err := New(&out, FormatText, slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	LogAccess(context.Background(), l, Access{Time: time.Now(), Level: slog.LevelDebug, RequestID: "a", Method: "GET", Route: "/r", Path: "/r"})
	if out.Len() != 0 {
		t.Fatalf("a debug line was written at info level: %s", out.String())
	}
}
