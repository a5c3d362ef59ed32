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

// Package testenv gives integration tests a real control plane: one
// kube-apiserver and etcd per test package, started from TestMain, with the
// BFF's CRDs installed. Tests create their own namespaces so they never
// depend on each other.
//
//	func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }
//
//	func TestSomething(t *testing.T) {
//		env := testenv.Get(t)
//		ns := env.Namespace(t)
//		...
//	}
package testenv

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/localcluster"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
)

// Env is the shared control plane of one test package.
type Env struct {
	// Cluster is the running control plane.
	Cluster *localcluster.Cluster
	// Config is an admin client configuration.
	Config *rest.Config
	// Clients are admin clients.
	Clients *kube.Clients
	// Ctx lives as long as the control plane. Package-wide informers use it:
	// it is cancelled before the API server stops, so their open watches do
	// not hold up its graceful shutdown.
	Ctx context.Context
}

var (
	startOnce sync.Once
	shared    *Env
	startErr  error
	stopCtx   context.CancelFunc
)

// Main runs the package's tests and stops the control plane if one started.
// It returns the exit code for os.Exit. The control plane starts on the first
// Get, so unit tests and benchmarks in the same package do not pay for it.
//
// After the control plane stops it fails the package if goroutines leaked:
// a test that starts informers, servers or watches must stop them (use
// Env.Ctx or t.Cleanup).
func Main(m *testing.M) int {
	code := m.Run()
	if metricsServer != nil {
		metricsServer.Close()
	}
	if shared != nil {
		stopCtx()
		if err := shared.Cluster.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: stopping the control plane: %v\n", err)
		}
	}
	if code == 0 {
		if err := goleak.Find(leakOptions...); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: goroutines leaked:\n%v\n", err)
			return 1
		}
	}
	return code
}

// leakOptions ignore goroutines libraries keep for the life of the process.
var leakOptions = []goleak.Option{
	// klog's flush daemon, started by client-go on import.
	goleak.IgnoreTopFunction("k8s.io/klog/v2.(*flushDaemon).run.func1"),
	// Idle keep-alive connections of shared HTTP transports wind down on
	// their own timers.
	goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
	goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
	goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	// A server that refused a request lingers half a second so the client
	// can read the answer, then exits.
	goleak.IgnoreAnyFunction("net/http.(*conn).closeWriteAndWait"),
}

// Get returns the package's control plane, starting it on first use; the
// package's TestMain must call Main so that it is stopped.
func Get(t testing.TB) *Env {
	t.Helper()
	startOnce.Do(func() { shared, startErr = start() })
	if startErr != nil {
		t.Fatalf("testenv: %v", startErr)
	}
	return shared
}

func start() (*Env, error) {
	begin := time.Now()
	cluster, err := localcluster.Start(localcluster.Options{Verbose: os.Getenv("TESTENV_VERBOSE") != ""})
	if err != nil {
		return nil, err
	}
	clients, err := kube.NewClients(cluster.Config)
	if err != nil {
		_ = cluster.Stop()
		return nil, err
	}
	var ctx context.Context
	ctx, stopCtx = context.WithCancel(context.Background())
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "testenv: control plane ready in %s\n", time.Since(begin).Round(time.Millisecond))
	}
	return &Env{Cluster: cluster, Config: cluster.Config, Clients: clients, Ctx: ctx}, nil
}

// Namespace creates a fresh namespace for one test and deletes it when the
// test ends. Labels, if given, are set on it.
func (e *Env) Namespace(t testing.TB, labels ...map[string]string) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "test-"}}
	for _, l := range labels {
		if ns.Labels == nil {
			ns.Labels = map[string]string{}
		}
		for k, v := range l {
			ns.Labels[k] = v
		}
	}
	created, err := e.Clients.Kube.CoreV1().Namespaces().Create(context.Background(), ns, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating a test namespace: %v", err)
	}
	t.Cleanup(func() {
		// envtest runs no namespace controller, so the namespace stays
		// Terminating; deleting it still hides it from later listings of
		// active namespaces and keeps intent clear.
		_ = e.Clients.Kube.CoreV1().Namespaces().Delete(context.Background(), created.Name, metav1.DeleteOptions{})
	})
	return created.Name
}

// GrantClusterAdmin binds user to the cluster-admin ClusterRole, for tests
// whose caller may do anything. The binding outlives the test: the shared
// control plane ends with the package.
func (e *Env) GrantClusterAdmin(t testing.TB, user string) {
	t.Helper()
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "test-admin-"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
	if _, err := e.Clients.Kube.RbacV1().ClusterRoleBindings().Create(context.Background(), binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("granting %s cluster-admin: %v", user, err)
	}
}

// Context returns a context that ends with the test or after a minute,
// whichever comes first, so a hung API call fails the test instead of
// hanging the package.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Eventually polls cond every 10 ms until it returns true or the deadline
// passes, then fails the test with msg. Tests use it instead of sleeping.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, msg string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s: "+msg, append([]any{timeout}, args...)...)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
