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

package deploy

import (
	"log/slog"
	"os"
	"testing"

	"k8s.io/klog/v2"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

func TestMain(m *testing.M) {
	// The tests run the BFF with permissions missing on purpose; client-go
	// would log every refused list and watch of those runs.
	// The BFF's handlers log the failures those runs answer with.
	quiet := slog.New(slog.DiscardHandler)
	klog.SetSlogLogger(quiet)
	slog.SetDefault(quiet)
	os.Exit(testenv.Main(m))
}
