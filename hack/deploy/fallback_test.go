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
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// syncBuffer is a log sink the BFF's goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestUpstreamClusterRole runs the BFF as an install of upstream's with
// only the image swapped would: its ServiceAccount bound to upstream's own
// ClusterRole (from the vendored manifests), which grants no RBAC read.
// The BFF says so once in its log, in a metric and in /readyz, and still
// answers a user bound in one namespace with that namespace, not an empty
// list.
func TestUpstreamClusterRole(t *testing.T) {
	var upstreamRole rbacv1.ClusterRole
	object(t, render(t, upstreamBackend), "ClusterRole", &upstreamRole)
	m := renderRBAC(t)
	cfg := m.apply(t, "workspaces-backend-upstream-role", upstreamRole.Rules)
	f := getFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)

	// A user who may list Workspaces in the fixture namespace alone.
	user := "namespaced-user@example.com"
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "namespaced-user", Namespace: f.namespace},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: listerRole},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}
	if _, err := env.Clients.Kube.RbacV1().RoleBindings(f.namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.Kube.RbacV1().RoleBindings(f.namespace).Delete(context.Background(), binding.Name, metav1.DeleteOptions{})
	})

	var logs syncBuffer
	b, err := startBFFLogging(t, cfg, slog.New(slog.NewTextHandler(&logs, nil)), scenarioArgs...)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.waitReady(readyTimeout); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"list roles.rbac.authorization.k8s.io", "watch clusterrolebindings.rbac.authorization.k8s.io"} {
		if !strings.Contains(b.Degraded(), want) {
			t.Errorf("Degraded() = %q: does not name %q", b.Degraded(), want)
		}
	}

	r, err := b.expect(http.StatusOK, user, http.MethodGet, "/api/v1/namespaces", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := names(r); !slices.Equal(got, []string{f.namespace}) {
		t.Errorf("GET /api/v1/namespaces as %s: %v, want [%s]: %s", user, got, f.namespace, r.body)
	}
	if _, err := b.expect(http.StatusOK, user, http.MethodGet, "/api/v1/workspaces", "", ""); err != nil {
		t.Error(err)
	}
	// A grant made while the BFF runs counts: reviews see it, as the RBAC
	// informers would have.
	later := "later-user@example.com"
	binding = binding.DeepCopy()
	binding.Name, binding.ResourceVersion, binding.Subjects[0].Name = "later-user", "", later
	if _, err := env.Clients.Kube.RbacV1().RoleBindings(f.namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.Kube.RbacV1().RoleBindings(f.namespace).Delete(context.Background(), "later-user", metav1.DeleteOptions{})
	})
	if _, err := b.servedWithin(servedTimeout, later, "/api/v1/namespaces", lists(f.namespace)); err != nil {
		t.Error(err)
	}

	// Loud: /readyz, the metric, one log line.
	ready, err := b.expect(http.StatusOK, user, http.MethodGet, "/readyz", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(ready.body), "ok\ndegraded permissions: ") {
		t.Errorf("/readyz: %q", ready.body)
	}
	rec := httptest.NewRecorder()
	b.Metrics.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	metrics, _ := io.ReadAll(rec.Body)
	if !strings.Contains(string(metrics), `workspaces_bff_degraded_permissions{reason="rbac_unreadable"} 1`) {
		t.Errorf("/metrics does not report the degraded permissions:\n%s", grepLines(string(metrics), "degraded"))
	}
	if n := strings.Count(logs.String(), "degraded permissions"); n != 1 {
		t.Errorf("%d log lines of degraded permissions, want one:\n%s", n, logs.String())
	}
}

// grepLines returns the lines of text that contain s.
func grepLines(text, s string) string {
	var out []string
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}
