// Command gen writes hack/deploy/base/clusterrole.yaml from deploy.Rules.
package main

import (
	"fmt"
	"os"

	"github.com/kubeflow/workspaces-bff/hack/deploy"
)

func main() {
	out, err := deploy.ClusterRoleYAML()
	if err == nil {
		err = os.WriteFile("hack/deploy/base/clusterrole.yaml", out, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
