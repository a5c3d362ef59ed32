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
	"bytes"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	goruntime "runtime"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/kubeflow/workspaces-bff/pkg/config"
)

// render builds a kustomization directory as kubectl apply -k would.
func render(t *testing.T, dir string) resmap.ResMap {
	t.Helper()
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	m, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize %s: %v", dir, err)
	}
	return m
}

// object decodes the one rendered object of a kind into out.
func object(t *testing.T, m resmap.ResMap, kind string, out any) {
	t.Helper()
	for _, r := range m.Resources() {
		if r.GetKind() != kind {
			continue
		}
		obj, err := r.Map()
		if err != nil {
			t.Fatal(err)
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj, out); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		return
	}
	t.Fatalf("no %s rendered", kind)
}

// namespaced reports whether objects of kind live in a namespace.
func namespaced(kind string) bool {
	return kind != "Namespace" && kind != "ClusterRole" && kind != "ClusterRoleBinding"
}

// podLabels are the labels of the BFF's pods in the base: upstream's
// backend's (TestNamesMatchUpstreamBackend compares them with the vendored
// manifests), which every selector selects (TestSelectorsSelectTheBFF).
var podLabels = map[string]string{
	"app":                          "workspaces-backend",
	"app.kubernetes.io/component":  "api",
	"app.kubernetes.io/managed-by": "kustomize",
	"app.kubernetes.io/name":       "workspaces-backend",
	"app.kubernetes.io/part-of":    "kubeflow-workspaces",
}

func TestBaseManifests(t *testing.T) {
	m := render(t, "base")
	kinds := map[string]bool{}
	for _, r := range m.Resources() {
		kinds[r.GetKind()] = true
		if ns := r.GetNamespace(); namespaced(r.GetKind()) && ns != "kubeflow-workspaces" {
			t.Errorf("%s/%s is in namespace %q", r.GetKind(), r.GetName(), ns)
		}
	}
	for _, want := range []string{"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"} {
		if !kinds[want] {
			t.Errorf("no %s in the base", want)
		}
	}
	// The Namespace is upstream's controller's: owning it too would clash
	// with its manifests (and strip its labels).
	if kinds["Namespace"] {
		t.Error("the base creates a Namespace")
	}

	var d appsv1.Deployment
	object(t, m, "Deployment", &d)
	pod := d.Spec.Template.Spec
	if pod.ServiceAccountName != "workspaces-backend" || pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Errorf("pod: service account %q, security context %+v", pod.ServiceAccountName, pod.SecurityContext)
	}
	c := pod.Containers[0]
	checks := []struct {
		what string
		ok   bool
	}{
		{"readiness on /readyz", c.ReadinessProbe != nil && c.ReadinessProbe.HTTPGet != nil && c.ReadinessProbe.HTTPGet.Path == "/readyz"},
		{"liveness on /livez", c.LivenessProbe != nil && c.LivenessProbe.HTTPGet != nil && c.LivenessProbe.HTTPGet.Path == "/livez"},
		{"read-only root filesystem", c.SecurityContext != nil && c.SecurityContext.ReadOnlyRootFilesystem != nil && *c.SecurityContext.ReadOnlyRootFilesystem},
		{"no privilege escalation", c.SecurityContext != nil && c.SecurityContext.AllowPrivilegeEscalation != nil && !*c.SecurityContext.AllowPrivilegeEscalation},
		{"all capabilities dropped", c.SecurityContext != nil && c.SecurityContext.Capabilities != nil && len(c.SecurityContext.Capabilities.Drop) == 1 && c.SecurityContext.Capabilities.Drop[0] == "ALL"},
		{"the RuntimeDefault seccomp profile (Pod Security restricted)", pod.SecurityContext.SeccompProfile != nil && pod.SecurityContext.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault},
		{"memory request and limit", !c.Resources.Requests.Memory().IsZero() && !c.Resources.Limits.Memory().IsZero()},
		{"cpu request", !c.Resources.Requests.Cpu().IsZero()},
		{"several replicas", d.Spec.Replicas != nil && *d.Spec.Replicas >= 2},
		{"pod labels", reflect.DeepEqual(d.Spec.Template.Labels, podLabels)},
		{"image set by kustomize", strings.HasPrefix(c.Image, "ghcr.io/kubeflow/workspaces-bff:")},
	}
	for _, check := range checks {
		if !check.ok {
			t.Errorf("deployment: %s", check.what)
		}
	}
}

// service is the rendered Service's host name and its ports by name.
func service(t *testing.T, m resmap.ResMap) (host string, ports map[string]int) {
	t.Helper()
	var svc corev1.Service
	object(t, m, "Service", &svc)
	ports = map[string]int{}
	for _, p := range svc.Spec.Ports {
		ports[p.Name] = int(p.Port)
	}
	return svc.Name + "." + svc.Namespace + ".svc.cluster.local", ports
}

// virtualService and destinationRule hold what the tests read of Istio's
// objects.
type virtualService struct {
	Spec struct {
		Gateways []string `json:"gateways"`
		HTTP     []struct {
			Match []struct {
				URI struct {
					Prefix string `json:"prefix"`
				} `json:"uri"`
			} `json:"match"`
			Rewrite struct {
				URI string `json:"uri"`
			} `json:"rewrite"`
			Route []struct {
				Destination struct {
					Host string `json:"host"`
					Port struct {
						Number int `json:"number"`
					} `json:"port"`
				} `json:"destination"`
			} `json:"route"`
		} `json:"http"`
	} `json:"spec"`
}

type destinationRule struct {
	Spec struct {
		Host          string `json:"host"`
		TrafficPolicy struct {
			LoadBalancer map[string]any `json:"loadBalancer"`
			TLS          struct {
				Mode string `json:"mode"`
			} `json:"tls"`
		} `json:"trafficPolicy"`
	} `json:"spec"`
}

func TestKubeflowOverlay(t *testing.T) {
	m := render(t, "overlays/kubeflow")
	for _, r := range m.Resources() {
		if ns := r.GetNamespace(); namespaced(r.GetKind()) && ns != "kubeflow-workspaces" {
			t.Errorf("%s/%s is in namespace %q", r.GetKind(), r.GetName(), ns)
		}
		if r.GetKind() == "Namespace" {
			t.Errorf("the overlay creates Namespace %s", r.GetName())
		}
	}

	// The BFF's configuration as the Deployment sets it.
	var d appsv1.Deployment
	object(t, m, "Deployment", &d)
	c := d.Spec.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	cfg, err := config.Parse(c.Args, func(name string) (string, bool) { v, ok := env[name]; return v, ok }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ProxyURLPrefix != "/workspaces" {
		t.Errorf("the overlay sets the proxy URL prefix %q, want /workspaces", cfg.ProxyURLPrefix)
	}
	if d.Spec.Template.Labels["sidecar.istio.io/inject"] != "true" {
		t.Errorf("pod labels %v: want the sidecar injected whatever the namespace's label", d.Spec.Template.Labels)
	}

	host, ports := service(t, m)
	if ports["http-api"] != cfg.Port {
		t.Errorf("the Service's http-api port is %d, the BFF listens on %d", ports["http-api"], cfg.Port)
	}
	var vs virtualService
	object(t, m, "VirtualService", &vs)
	if len(vs.Spec.HTTP) != 1 || len(vs.Spec.HTTP[0].Route) != 1 {
		t.Fatalf("VirtualService routes %+v: want one", vs.Spec.HTTP)
	}
	if dest := vs.Spec.HTTP[0].Route[0].Destination; dest.Host != host || dest.Port.Number != cfg.Port {
		t.Errorf("the VirtualService routes to %s:%d, want the Service %s:%d", dest.Host, dest.Port.Number, host, cfg.Port)
	}

	// Mutual TLS and no session affinity: a user reads their own writes
	// on any replica through the consistency token.
	var dr destinationRule
	object(t, m, "DestinationRule", &dr)
	if dr.Spec.Host != host {
		t.Errorf("the DestinationRule is for %s, want the Service %s", dr.Spec.Host, host)
	}
	if dr.Spec.TrafficPolicy.TLS.Mode != "ISTIO_MUTUAL" {
		t.Errorf("the DestinationRule's TLS mode is %q, want ISTIO_MUTUAL", dr.Spec.TrafficPolicy.TLS.Mode)
	}
	if lb := dr.Spec.TrafficPolicy.LoadBalancer; lb != nil {
		t.Errorf("the DestinationRule balances by %v: replicas need no affinity", lb)
	}
}

// The autoscaling example scales the BFF's Deployment on CPU from at
// least two replicas, leaves the replica count to the autoscaler, and
// keeps the PodDisruptionBudget's one replica serving.
func TestAutoscalingOverlay(t *testing.T) {
	m := render(t, "overlays/kubeflow-autoscaling")
	var d appsv1.Deployment
	object(t, m, "Deployment", &d)
	var hpa autoscalingv2.HorizontalPodAutoscaler
	object(t, m, "HorizontalPodAutoscaler", &hpa)
	var pdb policyv1.PodDisruptionBudget
	object(t, m, "PodDisruptionBudget", &pdb)
	if ref := hpa.Spec.ScaleTargetRef; ref.APIVersion != "apps/v1" || ref.Kind != "Deployment" || ref.Name != d.Name {
		t.Errorf("the autoscaler scales %+v, want the Deployment %s", ref, d.Name)
	}
	if hpa.Namespace != d.Namespace {
		t.Errorf("the autoscaler is in %q, the Deployment in %q", hpa.Namespace, d.Namespace)
	}
	if d.Spec.Replicas != nil {
		t.Errorf("the Deployment sets %d replicas: an apply would undo the autoscaler's count", *d.Spec.Replicas)
	}
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.MaxReplicas < *hpa.Spec.MinReplicas {
		t.Errorf("the autoscaler scales between %v and %d, want at least two replicas", hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas)
	}
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() != 1 {
		t.Errorf("the PodDisruptionBudget keeps %v available, want one replica serving", pdb.Spec.MinAvailable)
	}
	// CPU utilization is of the container's request: without one the
	// autoscaler cannot act.
	if len(hpa.Spec.Metrics) != 1 || hpa.Spec.Metrics[0].Resource == nil || hpa.Spec.Metrics[0].Resource.Name != corev1.ResourceCPU {
		t.Fatalf("the autoscaler's metrics are %+v, want CPU", hpa.Spec.Metrics)
	}
	if cpu := d.Spec.Template.Spec.Containers[0].Resources.Requests.Cpu(); cpu.IsZero() {
		t.Error("the container requests no CPU, so CPU utilization is undefined")
	}
}

func TestClusterRoleIsGenerated(t *testing.T) {
	want, err := ClusterRoleYAML()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("base/clusterrole.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("base/clusterrole.yaml is stale: run make generate")
	}
}

// goBuild is the go build command of a Dockerfile RUN line or Makefile
// recipe, from "CGO_ENABLED" to the package: its flags and its package.
var goBuild = regexp.MustCompile(`CGO_ENABLED=0 .*(?:go|\$\(GO\)) build (-trimpath -ldflags="[^"]+") -o \S+ (\./cmd/workspaces-bff)`)

// buildVariable is a variable in a build command: $(NAME) in make, ${NAME}
// in a Dockerfile.
var buildVariable = regexp.MustCompile(`\$\((\w+)\)|\$\{(\w+)\}`)

// buildFlags are a go build command's flags with its variables set from
// vars, or written as $NAME when vars is nil, so make's and the
// Dockerfile's compare.
func buildFlags(flags []byte, vars map[string]string) string {
	return buildVariable.ReplaceAllStringFunc(string(flags), func(v string) string {
		name := strings.Trim(v, "$(){}")
		if vars == nil {
			return "$" + name
		}
		return vars[name]
	})
}

// TestImageBuildsAStaticBinaryLikeMake builds the binary as the image does,
// in parallel with TestEveryGrantedVerbIsNeeded: it starts no informers.
func TestImageBuildsAStaticBinaryLikeMake(t *testing.T) {
	t.Parallel()
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	image, local := goBuild.FindSubmatch(dockerfile), goBuild.FindSubmatch(makefile)
	if image == nil || local == nil {
		t.Fatalf("no static go build in the Dockerfile (%v) or the Makefile's image-binary (%v)", image != nil, local != nil)
	}
	if buildFlags(image[1], nil) != buildFlags(local[1], nil) || !bytes.Equal(image[2], local[2]) {
		t.Fatalf("the image builds %q %q, make image-binary %q %q", image[1], image[2], local[1], local[2])
	}
	// Cross-compiled on the build machine, not emulated per platform.
	if !regexp.MustCompile(`(?m)^FROM --platform=\$BUILDPLATFORM \S+ AS build$`).Match(dockerfile) ||
		!strings.Contains(string(dockerfile), "GOARCH=$TARGETARCH") {
		t.Error("the Dockerfile's build stage does not run on $BUILDPLATFORM with GOARCH=$TARGETARCH")
	}
	if testing.Short() {
		t.Skip("building the binary")
	}
	out := filepath.Join(t.TempDir(), "workspaces-bff")
	flags := buildFlags(image[1], map[string]string{"VERSION": "v0.0.0-stamped", "REVISION": "0123abcd"})
	ldflags, ok := strings.CutPrefix(strings.TrimPrefix(flags, "-trimpath "), "-ldflags=")
	if !ok {
		t.Fatalf("flags %q", flags)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags="+strings.Trim(ldflags, `"`), "-o", out, string(image[2]))
	// In a copy of what the Dockerfile sends to its build stage, and
	// nothing else: the image builds from those paths alone.
	cmd.Dir = buildContext(t, dockerfile)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatal("the binary needs a dynamic loader: it would not run on distroless/static")
		}
	}
	if goruntime.GOOS != "linux" {
		return
	}
	version, err := exec.Command(out, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, version)
	}
	if !strings.Contains(string(version), "version v0.0.0-stamped") || !strings.Contains(string(version), "revision: 0123abcd") {
		t.Errorf("--version of the stamped binary:\n%s", version)
	}
}

// dockerCopy is a COPY of the build context (not --from a stage): its
// sources, relative to the repository.
var dockerCopy = regexp.MustCompile(`(?m)^COPY ((?:[^-\s]\S* )+)\S+$`)

// buildContext copies the paths the Dockerfile's build stage COPYs from the
// repository into a new directory, and returns it.
func buildContext(t *testing.T, dockerfile []byte) string {
	t.Helper()
	dir := t.TempDir()
	copies := dockerCopy.FindAllSubmatch(dockerfile, -1)
	if len(copies) == 0 {
		t.Fatal("the Dockerfile copies nothing from the build context")
	}
	for _, c := range copies {
		for _, src := range strings.Fields(string(c[1])) {
			from, to := filepath.Join("../..", src), filepath.Join(dir, src)
			info, err := os.Stat(from)
			if err != nil {
				t.Fatalf("COPY %s: %v", src, err)
			}
			if info.IsDir() {
				err = os.CopyFS(to, os.DirFS(from))
			} else {
				var data []byte
				if data, err = os.ReadFile(from); err == nil {
					err = os.WriteFile(to, data, 0o644)
				}
			}
			if err != nil {
				t.Fatalf("COPY %s: %v", src, err)
			}
		}
	}
	return dir
}
