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

package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The checked-in document must be what its sources generate, so that
// `go test ./...` catches a stale one as `make verify-generated` does.
func TestCheckedInDocumentIsFresh(t *testing.T) {
	source, err := os.ReadFile("../../pkg/openapi/api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	upstream, err := os.ReadFile("../../hack/harness/apitest/testdata/upstream-swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(source, upstream)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../pkg/openapi/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("pkg/openapi/openapi.json is stale: run `make generate` and commit it")
	}
}

func TestGenerateRefusesMistakes(t *testing.T) {
	upstream, err := os.ReadFile("../../hack/harness/apitest/testdata/upstream-swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	const head = "openapi: 3.0.3\ninfo: {title: t, version: v}\n"
	tests := []struct {
		name, source, want string
	}{
		{"a schema named as upstream's", head + `paths: {}
components:
  schemas:
    api.ErrorEnvelope: {type: object}
`, `schema "api.ErrorEnvelope" is upstream's too`},
		{"a schema nothing references", head + `paths: {}
components:
  schemas:
    Unused: {type: object}
`, "schemas nothing references: Unused"},
		{"a reference to no schema", head + `paths:
  /x:
    get:
      responses:
        "200":
          description: x
          content:
            application/json:
              schema: {$ref: "#/components/schemas/api.Nope"}
components: {}
`, "neither api.yaml nor upstream defines: api.Nope"},
		{"an invalid document", head + `paths:
  /x:
    get:
      responses: {}
components: {}
`, "not valid OpenAPI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generate([]byte(tt.source), upstream)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
