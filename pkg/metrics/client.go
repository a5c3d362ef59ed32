package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

// client-go reports its REST client's requests to one process-wide set of
// hooks (k8s.io/client-go/tools/metrics), which the first caller of
// Register owns. controller-runtime's metrics package claims them when it
// is initialised, and it is linked into the binary anyway (dev mode runs
// envtest): rather than race it with adapters of our own, its registry is
// served beside ours. Its rest_client_* names are the ones Kubernetes'
// own components and dashboards use.
func init() {
	crmetrics.RegisterRESTClientMetrics(crmetrics.MetricRequestLatency)
}

// restClientMetrics are the process's client-go request counts
// (rest_client_requests_total, by code, method and host) and latencies
// (rest_client_request_duration_seconds, by verb and host).
var restClientMetrics prometheus.Gatherer = crmetrics.Registry

// buildInfo is workspaces_bff_build_info, 1 with the version, revision and
// Go version the binary was built from as labels (set with -ldflags -X on
// github.com/prometheus/common/version's Version and Revision; the
// revision defaults to the VCS revision go build stamped).
func buildInfo() prometheus.Collector {
	return versioncollector.NewCollector(namespace)
}
