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
	"os"
	"strings"
	"testing"

	"github.com/kubeflow/workspaces-bff/pkg/config"
)

// The flag tables in docs/operations.md are the ones pkg/config and dev
// mode define.
func TestFlagTablesAreCurrent(t *testing.T) {
	doc, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), config.FlagTablesBegin+"\n")
	got, _, ok2 := strings.Cut(rest, config.FlagTablesEnd)
	if !ok || !ok2 {
		t.Fatal("docs/operations.md lacks the flag table markers")
	}
	if got != tables() {
		t.Fatal("docs/operations.md's flag tables are stale: run `make generate` and commit the result")
	}
}
