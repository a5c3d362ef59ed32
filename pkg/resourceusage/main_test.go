package resourceusage

import (
	"os"
	"testing"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }
