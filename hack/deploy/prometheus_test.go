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
	"encoding/json"
	"log/slog"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// perReplicaGauges are computed by every replica from its own read model:
// a sum across replicas counts each Workspace once per replica.
var perReplicaGauges = []string{
	"workspaces_bff_workspaces", "workspaces_bff_workspaces_paused", "workspaces_bff_workspacekind_workspaces",
	"workspaces_bff_workspacekind_option_workspaces", "workspaces_bff_cache_objects",
}

// promQL parses expr with Prometheus' own parser and checks that every
// per-replica gauge in it is aggregated across replicas by max or min,
// with nothing between summing replicas together.
func promQL(t *testing.T, what, expr string) {
	t.Helper()
	ast, err := parser.NewParser(parser.Options{}).ParseExpr(expr)
	if err != nil {
		t.Errorf("%s: %q does not parse: %v", what, expr, err)
		return
	}
	parser.Inspect(ast, func(node parser.Node, path []parser.Node) error {
		vs, ok := node.(*parser.VectorSelector)
		if !ok || !slices.Contains(perReplicaGauges, vs.Name) {
			return nil
		}
		acrossReplicas := false
		for _, n := range path {
			agg, ok := n.(*parser.AggregateExpr)
			if !ok {
				continue
			}
			switch {
			case agg.Op == parser.MAX || agg.Op == parser.MIN:
				acrossReplicas = true
			case agg.Without || !slices.Contains(agg.Grouping, "pod"):
				t.Errorf("%s: %q: %s over %s adds up replicas", what, expr, agg.Op, vs.Name)
			}
		}
		if !acrossReplicas {
			t.Errorf("%s: %q: %s is not taken by max or min across replicas", what, expr, vs.Name)
		}
		return nil
	})
}

// The PrometheusRule's groups pass Prometheus' own rule validation, and
// hold the alerts docs/operations.md lists.
func TestPrometheusRule(t *testing.T) {
	m := render(t, "overlays/kubeflow-monitoring")
	var rule struct {
		Metadata struct {
			Namespace string `json:"namespace"`
		} `json:"metadata"`
		Spec json.RawMessage `json:"spec"`
	}
	object(t, m, "PrometheusRule", &rule)
	if rule.Metadata.Namespace != "kubeflow-workspaces" {
		t.Errorf("PrometheusRule in %q", rule.Metadata.Namespace)
	}
	groupsYAML, err := yaml.JSONToYAML(rule.Spec)
	if err != nil {
		t.Fatal(err)
	}
	groups, errs := rulefmt.Parse(groupsYAML, false, model.UTF8Validation, parser.NewParser(parser.Options{}), slog.New(slog.DiscardHandler))
	if len(errs) > 0 {
		t.Fatalf("rulefmt: %v", errs)
	}
	var alerts []string
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			alerts = append(alerts, r.Alert)
			promQL(t, "alert "+r.Alert, r.Expr)
			if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("alert %s: want a severity, a summary and a description", r.Alert)
			}
		}
	}
	want := []string{"WorkspacesBackendDown", "WorkspacesBackendNotReady", "WorkspacesBackendReadModelStale",
		"WorkspacesBackendErrors", "WorkspacesBackendAuthorizationErrors", "WorkspacesBackendDegradedPermissions", "WorkspacesBackendSlowWrites"}
	if !slices.Equal(alerts, want) {
		t.Errorf("alerts %v, want %v", alerts, want)
	}
}

// Every query of the Grafana dashboard parses as PromQL.
func TestDashboardQueries(t *testing.T) {
	m := render(t, "overlays/kubeflow-monitoring")
	var cm corev1.ConfigMap
	object(t, m, "ConfigMap", &cm)
	if cm.Labels["grafana_dashboard"] != "1" || len(cm.Data) != 1 {
		t.Fatalf("dashboard ConfigMap %s: labels %v, %d files", cm.Name, cm.Labels, len(cm.Data))
	}
	var dashboard struct {
		Title  string
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	for _, text := range cm.Data {
		if err := json.Unmarshal([]byte(text), &dashboard); err != nil {
			t.Fatal(err)
		}
	}
	if dashboard.Title == "" || len(dashboard.Panels) == 0 {
		t.Fatalf("dashboard %q with %d panels", dashboard.Title, len(dashboard.Panels))
	}
	for _, p := range dashboard.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, target := range p.Targets {
			promQL(t, "panel "+p.Title, target.Expr)
		}
	}
}

// The ServiceMonitor scrapes the Service's metrics port, keeps the BFF's
// labels, and speaks Istio's mutual TLS.
func TestServiceMonitor(t *testing.T) {
	m := render(t, "overlays/kubeflow-monitoring")
	var sm struct {
		Metadata struct {
			Namespace string `json:"namespace"`
		} `json:"metadata"`
		Spec struct {
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			Endpoints []struct {
				Port        string `json:"port"`
				Path        string `json:"path"`
				HonorLabels bool   `json:"honorLabels"`
				Scheme      string `json:"scheme"`
				TLSConfig   struct {
					CAFile   string `json:"caFile"`
					CertFile string `json:"certFile"`
					KeyFile  string `json:"keyFile"`
				} `json:"tlsConfig"`
			} `json:"endpoints"`
		} `json:"spec"`
	}
	object(t, m, "ServiceMonitor", &sm)
	var svc corev1.Service
	object(t, m, "Service", &svc)
	for k, v := range sm.Spec.Selector.MatchLabels {
		if svc.Labels[k] != v {
			t.Errorf("the ServiceMonitor selects %s=%s, the Service has %q", k, v, svc.Labels[k])
		}
	}
	if sm.Metadata.Namespace != svc.Namespace || len(sm.Spec.Endpoints) != 1 {
		t.Fatalf("ServiceMonitor in %q with %d endpoints", sm.Metadata.Namespace, len(sm.Spec.Endpoints))
	}
	e := sm.Spec.Endpoints[0]
	_, ports := service(t, m)
	if _, ok := ports[e.Port]; !ok || e.Port != "http-metrics" || e.Path != "/metrics" {
		t.Errorf("scrapes port %q path %q: want the Service's http-metrics, /metrics", e.Port, e.Path)
	}
	if !e.HonorLabels {
		t.Error("honorLabels is off: the Workspace gauges' namespace label would become exported_namespace")
	}
	if e.Scheme != "https" || e.TLSConfig.CAFile == "" || e.TLSConfig.CertFile == "" || e.TLSConfig.KeyFile == "" {
		t.Errorf("scheme %q, TLS %+v: want Istio's certificates, as STRICT mTLS requires", e.Scheme, e.TLSConfig)
	}
}

// promQLBlock is a ```promql block of docs/operations.md.
var promQLBlock = regexp.MustCompile("(?s)```promql\n(.*?)```")

// The documented PromQL examples parse, and take per-replica gauges by max.
func TestDocumentedPromQL(t *testing.T) {
	readme, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := promQLBlock.FindAllSubmatch(readme, -1)
	if len(blocks) == 0 {
		t.Fatal("no promql block in docs/operations.md")
	}
	n := 0
	for _, block := range blocks {
		// An expression is the lines after a comment, up to the next.
		var expr []string
		flush := func() {
			if len(expr) > 0 {
				promQL(t, "docs/operations.md", strings.Join(expr, "\n"))
				n++
			}
			expr = nil
		}
		for _, line := range strings.Split(string(block[1]), "\n") {
			if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
				flush()
				continue
			}
			expr = append(expr, line)
		}
		flush()
	}
	if n == 0 {
		t.Error("no expression in the promql blocks of docs/operations.md")
	}
}
