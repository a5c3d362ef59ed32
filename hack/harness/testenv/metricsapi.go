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

package testenv

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	metricsv1beta1 "k8s.io/metrics/pkg/apis/metrics/v1beta1"
)

// MetricsAPI is a metrics.k8s.io/v1beta1 API of the tests' own, as a
// metrics server would serve it: discovery and the PodMetrics it is given,
// over TLS, behind the control plane's aggregator.
type MetricsAPI struct {
	mu   sync.Mutex
	pods map[string]*metricsv1beta1.PodMetrics // by namespace/name
}

var (
	metricsOnce   sync.Once
	metricsShared *MetricsAPI
	metricsServer *httptest.Server
)

// MetricsAPI registers the package's metrics API with the control plane on
// first use, and returns once the API server serves it; it serves until the
// package's tests end. Before the first call
// the cluster serves no metrics API.
func (e *Env) MetricsAPI(t testing.TB) *MetricsAPI {
	t.Helper()
	metricsOnce.Do(func() {
		api := &MetricsAPI{pods: map[string]*metricsv1beta1.PodMetrics{}}
		metricsServer = httptest.NewTLSServer(api)
		if err := e.registerMetricsAPI(metricsServer); err != nil {
			t.Fatalf("registering the metrics API: %v", err)
		}
		metricsShared = api
	})
	if metricsShared == nil {
		t.Fatal("the metrics API failed to register earlier")
	}
	return metricsShared
}

// Set serves pm as its Pod's metrics.
func (m *MetricsAPI) Set(pm *metricsv1beta1.PodMetrics) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pods[pm.Namespace+"/"+pm.Name] = pm
}

// Delete stops serving a Pod's metrics, as for a Pod with no sample yet.
func (m *MetricsAPI) Delete(namespace, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.pods, namespace+"/"+name)
}

var groupVersion = metricsv1beta1.SchemeGroupVersion.String()

func (m *MetricsAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	prefix := "/apis/" + groupVersion
	discovered := metav1.GroupVersionForDiscovery{GroupVersion: groupVersion, Version: metricsv1beta1.SchemeGroupVersion.Version}
	switch path := r.URL.Path; {
	case path == "/apis":
		_ = json.NewEncoder(w).Encode(metav1.APIGroupList{
			TypeMeta: metav1.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"},
			Groups: []metav1.APIGroup{{
				Name: metricsv1beta1.GroupName, Versions: []metav1.GroupVersionForDiscovery{discovered}, PreferredVersion: discovered,
			}},
		})
	case path == prefix:
		_ = json.NewEncoder(w).Encode(metav1.APIResourceList{
			TypeMeta:     metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"},
			GroupVersion: groupVersion,
			APIResources: []metav1.APIResource{{Name: "pods", Namespaced: true, Kind: "PodMetrics", Verbs: []string{"get", "list"}}},
		})
	case strings.HasPrefix(path, prefix+"/namespaces/"):
		// .../namespaces/{ns}/pods/{name}
		parts := strings.Split(strings.TrimPrefix(path, prefix+"/namespaces/"), "/")
		m.mu.Lock()
		var pm *metricsv1beta1.PodMetrics
		if len(parts) == 3 && parts[1] == "pods" {
			pm = m.pods[parts[0]+"/"+parts[2]]
		}
		m.mu.Unlock()
		if pm == nil {
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(metav1.Status{
				TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
				Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
				Details: &metav1.StatusDetails{Group: metricsv1beta1.GroupName, Kind: "pods", Name: parts[len(parts)-1]},
			})
			return
		}
		out := pm.DeepCopy()
		out.TypeMeta = metav1.TypeMeta{Kind: "PodMetrics", APIVersion: groupVersion}
		_ = json.NewEncoder(w).Encode(out)
	default:
		http.NotFound(w, r)
	}
}

// registerMetricsAPI serves srv as metrics.k8s.io/v1beta1 through the API
// server's aggregator: an ExternalName Service naming localhost at the
// server's port (the aggregator resolves such a Service to its name, so it
// needs no kube-proxy and no Endpoints, which may not point at a loopback
// address), and an APIService on it.
func (e *Env) registerMetricsAPI(srv *httptest.Server) error {
	ctx := e.Ctx
	_, portText, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		return err
	}
	port, _ := strconv.Atoi(portText)
	ns, err := e.Clients.Kube.CoreV1().Namespaces().Create(ctx,
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "metrics-api-"}}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "metrics-server", Namespace: ns.Name},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeExternalName, ExternalName: "localhost",
			Ports: []corev1.ServicePort{{Name: "https", Port: int32(port)}},
		},
	}
	if _, err := e.Clients.Kube.CoreV1().Services(ns.Name).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	apiServices := dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"})
	_, err = apiServices.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1",
		"kind":       "APIService",
		"metadata":   map[string]any{"name": "v1beta1.metrics.k8s.io"},
		"spec": map[string]any{
			"group": metricsv1beta1.GroupName, "version": metricsv1beta1.SchemeGroupVersion.Version,
			"service":               map[string]any{"namespace": ns.Name, "name": "metrics-server", "port": int64(port)},
			"insecureSkipTLSVerify": true,
			"groupPriorityMinimum":  int64(100),
			"versionPriority":       int64(100),
		},
	}}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	// Served once the aggregator has found the server: a BFF started
	// after this discovers the API at once.
	return wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, time.Minute, true, func(context.Context) (bool, error) {
		_, err := e.Clients.Kube.Discovery().ServerResourcesForGroupVersion(groupVersion)
		return err == nil, nil
	})
}
