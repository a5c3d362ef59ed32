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
