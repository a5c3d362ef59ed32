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

package config

import (
	"flag"
	"regexp"
	"strings"
)

// The generated flag tables sit between these markers in docs/operations.md;
// `make generate` rewrites what is between them (hack/flagsdoc).
const (
	FlagTablesBegin = "<!-- flag tables: generated from pkg/config and hack/harness/devmode by `make generate`; do not edit -->"
	FlagTablesEnd   = "<!-- end of the flag tables -->"
)

// FlagTables is the Markdown of every flag: a table of the production
// command's, then one of those the development command adds with dev (see
// ParseWith). Each row names the flag, its environment variable, its
// default and its usage, as -h prints them.
func FlagTables(dev func(*flag.FlagSet)) string {
	serve, devRows := flags(nil), flags(dev)
	var b strings.Builder
	b.WriteString("| flag | environment variable | default | meaning |\n|---|---|---|---|\n")
	for _, f := range serve {
		b.WriteString(f)
	}
	b.WriteString("\n`workspaces-bff-dev` (`make run`) takes every flag above, and these:\n\n")
	b.WriteString("| flag | environment variable | default | meaning |\n|---|---|---|---|\n")
	seen := map[string]bool{}
	for _, f := range serve {
		seen[f] = true
	}
	for _, f := range devRows {
		if !seen[f] {
			b.WriteString(f)
		}
	}
	return b.String()
}

// envInUsage is how a usage string names its environment variable.
var envInUsage = regexp.MustCompile(`\s*\(env ([A-Z_]+)\)`)

// flags are the rows of the BFF's flags and own's, by name, with their
// defaults as an unset environment leaves them.
func flags(own func(*flag.FlagSet)) []string {
	var c Config
	fs := flagSet("", &c, &envReader{lookup: func(string) (string, bool) { return "", false }})
	if own != nil {
		own(fs)
	}
	var rows []string
	fs.VisitAll(func(f *flag.Flag) {
		usage, env := f.Usage, ""
		if m := envInUsage.FindStringSubmatch(usage); m != nil {
			env = "`" + m[1] + "`"
			usage = envInUsage.ReplaceAllString(usage, "")
		}
		def := "`" + f.DefValue + "`"
		if f.DefValue == "" {
			def = "empty"
		}
		rows = append(rows, "| `--"+f.Name+"` | "+env+" | "+def+" | "+strings.ReplaceAll(usage, "|", `\|`)+" |\n")
	})
	return rows
}
