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

// Command flagsdoc writes the flag tables of pkg/config into
// docs/operations.md, between config.FlagTablesBegin and FlagTablesEnd.
// `make generate` runs it; its test fails when they are stale.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/kubeflow/workspaces-bff/hack/harness/devmode"
	"github.com/kubeflow/workspaces-bff/pkg/config"
)

func main() {
	path := flag.String("doc", "docs/operations.md", "the document holding the flag tables")
	flag.Parse()
	doc, err := os.ReadFile(*path)
	if err != nil {
		fail(err)
	}
	before, rest, ok := strings.Cut(string(doc), config.FlagTablesBegin)
	_, after, ok2 := strings.Cut(rest, config.FlagTablesEnd)
	if !ok || !ok2 {
		fail(fmt.Errorf("%s lacks the flag table markers", *path))
	}
	out := before + config.FlagTablesBegin + "\n" + tables() + config.FlagTablesEnd + after
	if err := os.WriteFile(*path, []byte(out), 0o644); err != nil {
		fail(err)
	}
}

// tables are the flag tables of both commands, the development command's
// own flags from hack/harness/devmode.
func tables() string {
	return config.FlagTables(func(fs *flag.FlagSet) {
		new(devmode.Flags).Define(fs, func(string) (string, bool) { return "", false })
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "flagsdoc:", err)
	os.Exit(1)
}
