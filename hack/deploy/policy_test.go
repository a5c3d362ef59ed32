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
	"os"
	"reflect"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// admits lists what a NetworkPolicy's rules admit, one "namespace pods
// port" line per peer and port; a rule without peers or ports admits
// "any".
func admits(np networkingv1.NetworkPolicy) []string {
	var out []string
	for _, in := range np.Spec.Ingress {
		if len(in.From) == 0 || len(in.Ports) == 0 {
			out = append(out, "any")
			continue
		}
		for _, from := range in.From {
			if from.NamespaceSelector == nil || from.PodSelector == nil || from.IPBlock != nil {
				out = append(out, "any")
				continue
			}
			for _, p := range in.Ports {
				out = append(out, fieldsOfLabels(from.NamespaceSelector.MatchLabels)+" "+fieldsOfLabels(from.PodSelector.MatchLabels)+" "+string(*p.Protocol)+"/"+p.Port.String())
			}
		}
	}
	return out
}

// The base alone denies ingress to the BFF's pods but for the API port
// from the gateway's pods, and an overlay changes the gateway by patching
// the path the manifest names.
func TestBaseNetworkPolicy(t *testing.T) {
	m := render(t, "base")
	var d appsv1.Deployment
	object(t, m, "Deployment", &d)
	api := intstr.FromInt32(d.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort)
	if d.Spec.Template.Spec.Containers[0].Ports[0].Name != "http-api" {
		t.Fatalf("the container's first port is %s, want http-api", d.Spec.Template.Spec.Containers[0].Ports[0].Name)
	}
	var np networkingv1.NetworkPolicy
	object(t, m, "NetworkPolicy", &np)
	if !reflect.DeepEqual(np.Spec.PolicyTypes, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}) {
		t.Errorf("policy types %v, want Ingress", np.Spec.PolicyTypes)
	}
	want := []string{"kubernetes.io/metadata.name:istio-system istio:ingressgateway TCP/" + api.String()}
	if got := admits(np); !reflect.DeepEqual(got, want) {
		t.Errorf("the base's NetworkPolicy admits %q, want exactly %q", got, want)
	}

	overlay := kustomizationOf(t, `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - {{base}}
patches:
  - target:
      kind: NetworkPolicy
      name: workspaces-backend
    patch: |-
      - op: replace
        path: /spec/ingress/0/from/0
        value:
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: gateways
          podSelector:
            matchLabels:
              app: my-gateway
`, "base")
	object(t, render(t, overlay), "NetworkPolicy", &np)
	want = []string{"kubernetes.io/metadata.name:gateways app:my-gateway TCP/" + api.String()}
	if got := admits(np); !reflect.DeepEqual(got, want) {
		t.Errorf("with the gateway patched, the NetworkPolicy admits %q, want exactly %q", got, want)
	}
}

// The Istio component requires mutual TLS of every caller of the BFF's
// pods (TestSelectorsSelectTheBFF checks that it selects them).
func TestIstioPeerAuthenticationIsStrict(t *testing.T) {
	var pa struct {
		Spec struct {
			MTLS struct {
				Mode string `json:"mode"`
			} `json:"mtls"`
			PortLevelMTLS map[string]any `json:"portLevelMtls"`
		} `json:"spec"`
	}
	object(t, render(t, "overlays/kubeflow"), "PeerAuthentication", &pa)
	if pa.Spec.MTLS.Mode != "STRICT" || len(pa.Spec.PortLevelMTLS) > 0 {
		t.Errorf("PeerAuthentication mode %q, port-level modes %v: want STRICT on every port", pa.Spec.MTLS.Mode, pa.Spec.PortLevelMTLS)
	}
}

// The ServiceMonitor skips verifying the BFF's certificate; its comment
// must say so, not that the CA still authenticates the BFF.
func TestServiceMonitorSaysWhatIsVerified(t *testing.T) {
	var sm struct {
		Spec struct {
			Endpoints []struct {
				TLSConfig struct {
					InsecureSkipVerify bool `json:"insecureSkipVerify"`
				} `json:"tlsConfig"`
			} `json:"endpoints"`
		} `json:"spec"`
	}
	object(t, render(t, "overlays/kubeflow-monitoring"), "ServiceMonitor", &sm)
	if len(sm.Spec.Endpoints) != 1 || !sm.Spec.Endpoints[0].TLSConfig.InsecureSkipVerify {
		t.Skip("the ServiceMonitor verifies the BFF's certificate")
	}
	text, err := os.ReadFile("components/prometheus/servicemonitor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	comment := strings.Join(strings.Fields(strings.ReplaceAll(string(text), "#", "")), " ")
	for _, want := range []string{"Prometheus does not verify the BFF's side", "neither the server certificate's chain", "nor its name"} {
		if !strings.Contains(comment, want) {
			t.Errorf("the ServiceMonitor's comment does not say %q", want)
		}
	}
	if strings.Contains(comment, "still authenticates") {
		t.Error("the ServiceMonitor's comment claims the CA authenticates the BFF with insecureSkipVerify")
	}
}
