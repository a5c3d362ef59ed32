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

package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/version"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// The binary's version and revision are labels of build_info.
func TestBuildInfo(t *testing.T) {
	defer func(v, r string) { version.Version, version.Revision = v, r }(version.Version, version.Revision)
	version.Version, version.Revision = "v0.3.0", "0123abc"
	m := New(nil)
	want := `
# HELP workspaces_bff_build_info A metric with a constant '1' value labeled by version, revision, branch, goversion from which workspaces_bff was built, and the goos and goarch for the build.
# TYPE workspaces_bff_build_info gauge
workspaces_bff_build_info{branch="",goarch="` + version.GoArch + `",goos="` + version.GoOS + `",goversion="` + version.GoVersion + `",revision="0123abc",tags="` + version.GetTags() + `",version="v0.3.0"} 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "workspaces_bff_build_info"); err != nil {
		t.Fatal(err)
	}
}

// A request the BFF's Kubernetes client makes is counted, by code and
// method, and timed, by verb, in the metrics the BFF serves.
func TestRESTClientMetrics(t *testing.T) {
	apiServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/version" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"major":"1","minor":"37"}`))
	}))
	defer apiServer.Close()
	client, err := kubernetes.NewForConfig(&rest.Config{Host: apiServer.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Discovery().ServerVersion(); err != nil {
		t.Fatal(err)
	}
	m := New(nil)
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(apiServer.URL, "http://")
	found := map[string]bool{}
	for _, f := range families {
		for _, metric := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range metric.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["host"] != host {
				continue
			}
			switch {
			case f.GetName() == "rest_client_requests_total" && labels["code"] == "200" && labels["method"] == "GET":
				found[f.GetName()] = metric.GetCounter().GetValue() >= 1
			case f.GetName() == "rest_client_request_duration_seconds" && labels["verb"] == "GET":
				found[f.GetName()] = metric.GetHistogram().GetSampleCount() >= 1
			}
		}
	}
	for _, name := range []string{"rest_client_requests_total", "rest_client_request_duration_seconds"} {
		if !found[name] {
			t.Errorf("no %s for the GET of %s", name, host)
		}
	}
}
