//go:build linux

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
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestValidateRefusesFlagsTheModeIgnores(t *testing.T) {
	tests := []struct {
		name string
		args []string
		// want are the lines of the error; none when the flags are valid.
		want []string
	}{
		{
			name: "the load benchmark takes every flag",
			args: []string{"-routes", "304", "-events", "5", "-warmup", "0s", "-cpuprofile", "cpu.out", "-heapprofile", "heap.out"},
		},
		{
			name: "make soak's flags are valid",
			args: []string{"-soak", "-bff", "bff", "-workspaces", "5000", "-namespaces", "25", "-duration", "60s", "-concurrency", "16", "-port", "8080", "-keep"},
		},
		{
			name: "make bench-watch's flags are valid",
			args: []string{"-watch", "-bff", "bff", "-workspaces", "1000", "-namespaces", "50", "-concurrency", "1000", "-duration", "30s", "-port", "8080", "-keep"},
		},
		{
			name: "make bench-scale's flags are valid",
			args: []string{"-bff", "bff", "-workspaces", "100000", "-namespaces", "500", "-replica"},
		},
		{
			name: "-replica with -watch is refused",
			args: []string{"-watch", "-replica"},
			want: []string{"-replica is for the load benchmark alone: -watch does not use it"},
		},
		{
			name: "-routes with -soak is refused",
			args: []string{"-soak", "-routes", "304"},
			want: []string{"-routes is for the load benchmark alone: -soak does not use it"},
		},
		{
			name: "-cpuprofile with -watch is refused",
			args: []string{"-watch", "-cpuprofile", "cpu.out"},
			want: []string{"-cpuprofile is for the load benchmark alone: -watch does not use it"},
		},
		{
			name: "every load-only flag with -soak is refused, each by name",
			args: []string{"-soak", "-warmup", "2s", "-events", "10", "-routes", "304", "-cpuprofile", "cpu.out", "-heapprofile", "heap.out"},
			want: []string{
				"-warmup is for the load benchmark alone: -soak does not use it",
				"-events is for the load benchmark alone: -soak does not use it",
				"-routes is for the load benchmark alone: -soak does not use it",
				"-cpuprofile is for the load benchmark alone: -soak does not use it",
				"-heapprofile is for the load benchmark alone: -soak does not use it",
			},
		},
		{
			name: "every load-only flag with -watch is refused, each by name",
			args: []string{"-watch", "-warmup", "2s", "-events", "10", "-routes", "304", "-cpuprofile", "cpu.out", "-heapprofile", "heap.out"},
			want: []string{
				"-warmup is for the load benchmark alone: -watch does not use it",
				"-events is for the load benchmark alone: -watch does not use it",
				"-routes is for the load benchmark alone: -watch does not use it",
				"-cpuprofile is for the load benchmark alone: -watch does not use it",
				"-heapprofile is for the load benchmark alone: -watch does not use it",
			},
		},
		{
			name: "a load-only flag given at its default value is refused too",
			args: []string{"-watch", "-events", "50", "-heapprofile", ""},
			want: []string{
				"-events is for the load benchmark alone: -watch does not use it",
				"-heapprofile is for the load benchmark alone: -watch does not use it",
			},
		},
		{
			name: "-soak=false leaves the load benchmark, which takes -routes",
			args: []string{"-soak=false", "-routes", "304"},
		},
		{
			name: "make soak-attack's flags are valid",
			args: []string{"-soak", "-attacker", "-workspaces", "1000", "-duration", "20s"},
		},
		{
			name: "-attacker without -soak is refused",
			args: []string{"-attacker"},
			want: []string{"-attacker is for the soak alone: give -soak too"},
		},
		{
			name: "-soak and -watch together are refused",
			args: []string{"-soak", "-watch"},
			want: []string{"-soak and -watch each choose a benchmark: give one"},
		},
		{
			name: "a value out of range is reported beside an ignored flag",
			args: []string{"-soak", "-port", "70000", "-routes", "304"},
			want: []string{
				"-port 70000: must be between 0 and 65535",
				"-routes is for the load benchmark alone: -soak does not use it",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("bench", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			opts, err := parseFlags(fs, tt.args)
			if err != nil {
				t.Fatalf("parsing %q: %v", tt.args, err)
			}
			var got []string
			if err := opts.validate(); err != nil {
				got = strings.Split(err.Error(), "\n")
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q:\ngot  %q\nwant %q", tt.args, got, tt.want)
			}
		})
	}
}
