package resourceusage

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
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	metricsapi "k8s.io/metrics/pkg/apis/metrics/v1beta1"
	metricsclient "k8s.io/metrics/pkg/client/clientset/versioned"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// metricsServer is a metrics.k8s.io/v1beta1 API of the test's own: it
// serves discovery and the PodMetrics it is given, over TLS, for the
// aggregator to proxy to.
type metricsServer struct {
	mu   sync.Mutex
	pods map[string]*metricsapi.PodMetrics // by namespace/name
}

func (s *metricsServer) set(pm *metricsapi.PodMetrics) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pods[pm.Namespace+"/"+pm.Name] = pm
}

func (s *metricsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	const prefix = "/apis/" + GroupVersion
	switch path := r.URL.Path; {
	case path == "/apis":
		_ = json.NewEncoder(w).Encode(metav1.APIGroupList{
			TypeMeta: metav1.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"},
			Groups: []metav1.APIGroup{{
				Name:             "metrics.k8s.io",
				Versions:         []metav1.GroupVersionForDiscovery{{GroupVersion: GroupVersion, Version: "v1beta1"}},
				PreferredVersion: metav1.GroupVersionForDiscovery{GroupVersion: GroupVersion, Version: "v1beta1"},
			}},
		})
	case path == prefix:
		_ = json.NewEncoder(w).Encode(metav1.APIResourceList{
			TypeMeta:     metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"},
			GroupVersion: GroupVersion,
			APIResources: []metav1.APIResource{{Name: "pods", Namespaced: true, Kind: "PodMetrics", Verbs: []string{"get", "list"}}},
		})
	case strings.HasPrefix(path, prefix+"/namespaces/"):
		// .../namespaces/{ns}/pods/{name}
		parts := strings.Split(strings.TrimPrefix(path, prefix+"/namespaces/"), "/")
		s.mu.Lock()
		var pm *metricsapi.PodMetrics
		if len(parts) == 3 && parts[1] == "pods" {
			pm = s.pods[parts[0]+"/"+parts[2]]
		}
		s.mu.Unlock()
		if pm == nil {
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(metav1.Status{
				TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
				Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
				Details: &metav1.StatusDetails{Group: "metrics.k8s.io", Kind: "pods", Name: parts[len(parts)-1]},
			})
			return
		}
		out := pm.DeepCopy()
		out.TypeMeta = metav1.TypeMeta{Kind: "PodMetrics", APIVersion: GroupVersion}
		_ = json.NewEncoder(w).Encode(out)
	default:
		http.NotFound(w, r)
	}
}

// registerMetricsAPI serves srv's handler as metrics.k8s.io/v1beta1 through
// the API server's aggregator: an ExternalName Service naming localhost at
// the server's port (the aggregator resolves such a Service to its name,
// so it needs no kube-proxy and no Endpoints, which may not point at a
// loopback address), and an APIService on it.
func registerMetricsAPI(t *testing.T, env *testenv.Env, srv *httptest.Server) {
	t.Helper()
	ctx := testenv.Context(t)
	_, portText, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(portText)
	ns := env.Namespace(t)
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "metrics-server", Namespace: ns},
		Spec: corev1.ServiceSpec{
			Type: corev1.ServiceTypeExternalName, ExternalName: "localhost",
			Ports: []corev1.ServicePort{{Name: "https", Port: int32(port)}},
		},
	}
	if _, err := env.Clients.Kube.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	apiServices := dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"})
	apiService := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1",
		"kind":       "APIService",
		"metadata":   map[string]any{"name": "v1beta1.metrics.k8s.io"},
		"spec": map[string]any{
			"group": "metrics.k8s.io", "version": "v1beta1",
			"service":               map[string]any{"namespace": ns, "name": "metrics-server", "port": int64(port)},
			"insecureSkipTLSVerify": true,
			"groupPriorityMinimum":  int64(100),
			"versionPriority":       int64(100),
		},
	}}
	if _, err := apiServices.Create(ctx, apiService, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = apiServices.Delete(context.Background(), apiService.GetName(), metav1.DeleteOptions{})
	})
}

func TestResourceUsage(t *testing.T) {
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	pods, err := informers.New(env.Clients, nil)
	if err != nil {
		t.Fatal(err)
	}
	pods.Start(env.Ctx)
	if !pods.WaitForSync(ctx) {
		t.Fatal("the informers did not sync")
	}
	metrics, err := metricsclient.NewForConfig(env.Config)
	if err != nil {
		t.Fatal(err)
	}
	// A clock the test moves past RecheckAfter, so that a new discovery
	// is due without waiting a minute.
	var clockMu sync.Mutex
	clock := time.Now()
	advance := func() {
		clockMu.Lock()
		clock = clock.Add(RecheckAfter)
		clockMu.Unlock()
	}
	reader := New(env.Clients.Kube.Discovery(), metrics.MetricsV1beta1(), pods)
	reader.now = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }

	ns := env.Namespace(t)
	running := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "running"}}
	running.Status.PodTemplatePod.Name = "ws-running-0"
	paused := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "paused"}}
	paused.Spec.Paused = true
	always := corev1.ContainerRestartPolicyAlways
	qty := resource.MustParse
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ws-running-0", Labels: map[string]string{informers.WorkspaceNameLabel: "running"}},
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{
				{Name: "setup", Image: "image"}, // runs to completion first: not shown
				{Name: "proxy", Image: "image", RestartPolicy: &always},
			},
			Containers: []corev1.Container{{Name: "main", Image: "image", Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: qty("1"), corev1.ResourceMemory: qty("2Gi")},
				Limits:   corev1.ResourceList{corev1.ResourceMemory: qty("4Gi")},
			}}},
		},
	}
	if _, err := env.Clients.Kube.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, func() bool { return len(pods.WorkspacePods(ns, "running")) == 1 },
		"the Pod never reached the informer")

	asJSON := func(u models.WorkspaceResourceUsage) string {
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Run("without a metrics API every Workspace is METRICS_API_NOT_AVAILABLE", func(t *testing.T) {
		for _, ws := range []*v1beta1.Workspace{running, paused} {
			u, err := reader.Of(ctx, ws)
			if err != nil {
				t.Fatal(err)
			}
			if got := asJSON(u); got != `{"containers":{},"error":"METRICS_API_NOT_AVAILABLE"}` {
				t.Fatalf("%s: %s", ws.Name, got)
			}
		}
	})

	server := &metricsServer{pods: map[string]*metricsapi.PodMetrics{}}
	srv := httptest.NewTLSServer(server)
	t.Cleanup(srv.Close)
	sampled := metav1.NewTime(time.Date(2026, 8, 14, 4, 22, 31, 0, time.UTC))
	server.set(&metricsapi.PodMetrics{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "ws-running-0"},
		Timestamp:  sampled, Window: metav1.Duration{Duration: 15 * time.Second},
		Containers: []metricsapi.ContainerMetrics{
			{Name: "main", Usage: corev1.ResourceList{corev1.ResourceCPU: qty("961220n"), corev1.ResourceMemory: qty("210992Ki")}},
		},
	})
	registerMetricsAPI(t, env, srv)

	t.Run("through the aggregator: usage joined with the Pod's resources", func(t *testing.T) {
		want := `{"containers":{` +
			`"main":{"metricsFromMetricsServer":{"timestamp":"2026-08-14T04:22:31Z","usage":{"cpu":"961220n","memory":"210992Ki"}},` +
			`"resources":{"limits":{"memory":"4Gi"},"requests":{"cpu":"1","memory":"2Gi"}}},` +
			`"proxy":{"resources":{}}}}`
		var got string
		testenv.Eventually(t, time.Minute, func() bool {
			advance() // discover again on each try, until the aggregator serves the API
			u, err := reader.Of(ctx, running)
			if err != nil {
				t.Fatal(err)
			}
			got = asJSON(u)
			return got == want
		}, "the usage never came through the aggregator: last %s", got)
	})
	t.Run("a paused Workspace, without a Pod, is WORKSPACE_NOT_RUNNING", func(t *testing.T) {
		u, err := reader.Of(ctx, paused)
		if err != nil {
			t.Fatal(err)
		}
		if got := asJSON(u); got != `{"containers":{},"error":"WORKSPACE_NOT_RUNNING"}` {
			t.Fatal(got)
		}
	})
	t.Run("a Pod with no sample yet shows its resources only", func(t *testing.T) {
		server.mu.Lock()
		delete(server.pods, ns+"/ws-running-0")
		server.mu.Unlock()
		u, err := reader.Of(ctx, running)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"containers":{"main":{"resources":{"limits":{"memory":"4Gi"},"requests":{"cpu":"1","memory":"2Gi"}}},"proxy":{"resources":{}}}}`
		if got := asJSON(u); got != want {
			t.Fatalf("%s, want %s", got, want)
		}
	})
}
