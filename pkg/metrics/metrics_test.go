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
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

func workspace(ns, name, kind, image, pod string, paused bool, state v1beta1.WorkspaceState) *v1beta1.Workspace {
	ws := &v1beta1.Workspace{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, ResourceVersion: "1"}}
	ws.Spec.Kind = kind
	ws.Spec.Paused = paused
	ws.Spec.PodTemplate.Options = v1beta1.WorkspacePodOptions{ImageConfig: image, PodConfig: pod}
	ws.Status.State = state
	return ws
}

func kind(name string, images, pods []string) *v1beta1.WorkspaceKind {
	k := &v1beta1.WorkspaceKind{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: "1"}}
	for _, id := range images {
		k.Spec.PodTemplate.Options.ImageConfig.Values = append(k.Spec.PodTemplate.Options.ImageConfig.Values, v1beta1.ImageConfigValue{ID: id})
	}
	for _, id := range pods {
		k.Spec.PodTemplate.Options.PodConfig.Values = append(k.Spec.PodTemplate.Options.PodConfig.Values, v1beta1.PodConfigValue{ID: id})
	}
	return k
}

// The workspace metrics, as kube-state-metrics tests its stores: objects in,
// exposition text out.
func TestWorkspaceMetrics(t *testing.T) {
	const header = `
# HELP workspaces_bff_workspaces Workspaces, by namespace, kind and status.state (Unknown while none is set).
# TYPE workspaces_bff_workspaces gauge
`
	tests := []struct {
		name    string
		objects []any
		deleted []any
		metric  string
		want    string
	}{
		{
			name: "workspaces by namespace, kind and state",
			objects: []any{
				workspace("a", "w1", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning),
				workspace("a", "w2", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning),
				workspace("a", "w3", "lab", "img1", "small", true, v1beta1.WorkspaceStatePaused),
				workspace("b", "w1", "code", "img1", "small", false, ""),
			},
			metric: "workspaces_bff_workspaces",
			want: header + `
workspaces_bff_workspaces{kind="code",namespace="b",state="Unknown"} 1
workspaces_bff_workspaces{kind="lab",namespace="a",state="Paused"} 1
workspaces_bff_workspaces{kind="lab",namespace="a",state="Running"} 2
`,
		},
		{
			name: "a deleted Workspace's series goes with it",
			objects: []any{
				workspace("a", "w1", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning),
				workspace("gone", "w1", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning),
			},
			deleted: []any{workspace("gone", "w1", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning)},
			metric:  "workspaces_bff_workspaces",
			want: header + `
workspaces_bff_workspaces{kind="lab",namespace="a",state="Running"} 1
`,
		},
		{
			name: "paused Workspaces by namespace and kind",
			objects: []any{
				workspace("a", "w1", "lab", "img1", "small", true, v1beta1.WorkspaceStatePaused),
				workspace("a", "w2", "lab", "img1", "small", true, v1beta1.WorkspaceStateRunning),
				workspace("a", "w3", "lab", "img1", "small", false, v1beta1.WorkspaceStateRunning),
			},
			metric: "workspaces_bff_workspaces_paused",
			want: `
# HELP workspaces_bff_workspaces_paused Workspaces with spec.paused, by namespace and kind.
# TYPE workspaces_bff_workspaces_paused gauge
workspaces_bff_workspaces_paused{kind="lab",namespace="a"} 2
`,
		},
		{
			name: "every kind is reported, an unused one with 0, a missing one that is used too",
			objects: []any{
				kind("lab", nil, nil), kind("unused", nil, nil),
				workspace("a", "w1", "lab", "img1", "small", false, ""),
				workspace("b", "w1", "lab", "img1", "small", false, ""),
				workspace("b", "w2", "deleted-kind", "img1", "small", false, ""),
			},
			metric: "workspaces_bff_workspacekind_workspaces",
			want: `
# HELP workspaces_bff_workspacekind_workspaces Workspaces per WorkspaceKind; every cached kind is reported, with 0 when unused.
# TYPE workspaces_bff_workspacekind_workspaces gauge
workspaces_bff_workspacekind_workspaces{kind="deleted-kind"} 1
workspaces_bff_workspacekind_workspaces{kind="lab"} 2
workspaces_bff_workspacekind_workspaces{kind="unused"} 0
`,
		},
		{
			name: "option values of a kind, defined ones with 0 when unused",
			objects: []any{
				kind("lab", []string{"img1", "img2"}, []string{"small"}),
				workspace("a", "w1", "lab", "img1", "small", false, ""),
				workspace("b", "w1", "lab", "img1", "small", false, ""),
				workspace("b", "w2", "lab", "retired-img", "small", false, ""),
			},
			metric: "workspaces_bff_workspacekind_option_workspaces",
			want: `
# HELP workspaces_bff_workspacekind_option_workspaces Workspaces per WorkspaceKind option value they select (option: imageConfig or podConfig); every value a kind defines is reported, with 0 when unused.
# TYPE workspaces_bff_workspacekind_option_workspaces gauge
workspaces_bff_workspacekind_option_workspaces{kind="lab",option="imageConfig",value="img1"} 2
workspaces_bff_workspacekind_option_workspaces{kind="lab",option="imageConfig",value="img2"} 0
workspaces_bff_workspacekind_option_workspaces{kind="lab",option="imageConfig",value="retired-img"} 1
workspaces_bff_workspacekind_option_workspaces{kind="lab",option="podConfig",value="small"} 3
`,
		},
		{
			name:    "objects and events per resource",
			objects: []any{workspace("a", "w1", "lab", "i", "p", false, ""), workspace("a", "w1", "lab", "i", "p", true, ""), workspace("a", "w2", "lab", "i", "p", false, "")},
			deleted: []any{workspace("a", "w2", "lab", "i", "p", false, "")},
			metric:  "workspaces_bff_cache_events_total",
			want: `
# HELP workspaces_bff_cache_events_total Informer events applied to the read model, by resource and type (add, update, delete).
# TYPE workspaces_bff_cache_events_total counter
workspaces_bff_cache_events_total{resource="namespaces",type="add"} 0
workspaces_bff_cache_events_total{resource="namespaces",type="delete"} 0
workspaces_bff_cache_events_total{resource="namespaces",type="update"} 0
workspaces_bff_cache_events_total{resource="workspacekinds",type="add"} 0
workspaces_bff_cache_events_total{resource="workspacekinds",type="delete"} 0
workspaces_bff_cache_events_total{resource="workspacekinds",type="update"} 0
workspaces_bff_cache_events_total{resource="workspaces",type="add"} 2
workspaces_bff_cache_events_total{resource="workspaces",type="delete"} 1
workspaces_bff_cache_events_total{resource="workspaces",type="update"} 1
`,
		},
		{
			name:    "objects the model serves",
			objects: []any{workspace("a", "w1", "lab", "i", "p", false, ""), kind("lab", nil, nil), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "a"}}},
			metric:  "workspaces_bff_cache_objects",
			want: `
# HELP workspaces_bff_cache_objects Objects the read model serves, by resource.
# TYPE workspaces_bff_cache_objects gauge
workspaces_bff_cache_objects{resource="namespaces"} 1
workspaces_bff_cache_objects{resource="workspacekinds"} 1
workspaces_bff_cache_objects{resource="workspaces"} 1
`,
		},
		{
			name:   "not synced before the informers are registered",
			metric: "workspaces_bff_cache_synced",
			want: `
# HELP workspaces_bff_cache_synced 1 once the informer's initial list has been applied to the read model, else 0, by resource.
# TYPE workspaces_bff_cache_synced gauge
workspaces_bff_cache_synced{resource="namespaces"} 0
workspaces_bff_cache_synced{resource="workspacekinds"} 0
workspaces_bff_cache_synced{resource="workspaces"} 0
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := cache.NewModel(models.Options{})
			for _, o := range tt.objects {
				model.Upsert(o)
			}
			for _, o := range tt.deleted {
				model.Delete(o)
			}
			if err := testutil.CollectAndCompare(readModelCollector{model}, strings.NewReader(tt.want), tt.metric); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestListMetrics(t *testing.T) {
	model := cache.NewModel(models.Options{})
	m := New(model)
	model.SetObserver(m.Cache)
	model.Upsert(workspace("a", "w1", "lab", "i", "p", false, ""))
	model.Upsert(workspace("b", "w1", "lab", "i", "p", false, ""))
	all := model.AllWorkspaces()
	a, b := model.Workspaces("a"), model.Workspaces("b")

	want := `
# HELP workspaces_bff_cache_list_bytes Size of the cached list responses (identity encoding), by scope.
# TYPE workspaces_bff_cache_list_bytes gauge
workspaces_bff_cache_list_bytes{scope="namespace_workspaces"} ` + strconv.Itoa(len(a.Bytes())+len(b.Bytes())) + `
workspaces_bff_cache_list_bytes{scope="namespaces"} 0
workspaces_bff_cache_list_bytes{scope="workspacekinds"} 0
workspaces_bff_cache_list_bytes{scope="workspaces"} ` + strconv.Itoa(all.Size()) + `
# HELP workspaces_bff_cache_lists List responses cached (built on the first read after a change), by scope.
# TYPE workspaces_bff_cache_lists gauge
workspaces_bff_cache_lists{scope="namespace_workspaces"} 2
workspaces_bff_cache_lists{scope="namespaces"} 0
workspaces_bff_cache_lists{scope="workspacekinds"} 0
workspaces_bff_cache_lists{scope="workspaces"} 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "workspaces_bff_cache_list_bytes", "workspaces_bff_cache_lists"); err != nil {
		t.Fatal(err)
	}
	// Two renders, two list builds (one per namespace; the list of all
	// is theirs one after another), each observed once.
	if n := histogramCount(t, m, "workspaces_bff_cache_render_duration_seconds"); n != 2 {
		t.Errorf("renders observed %d, want 2", n)
	}
	if n := histogramCount(t, m, "workspaces_bff_cache_list_build_duration_seconds"); n != 2 {
		t.Errorf("list builds observed %d, want 2", n)
	}
	// A list served again from the cache is not built again.
	model.AllWorkspaces()
	if n := histogramCount(t, m, "workspaces_bff_cache_list_build_duration_seconds"); n != 2 {
		t.Errorf("list builds observed %d after a cached read, want 2", n)
	}
	// The last event's time is exported (absent for resources without events).
	if n := testutil.CollectAndCount(readModelCollector{model}, "workspaces_bff_cache_last_event_timestamp_seconds"); n != 1 {
		t.Errorf("last event series %d, want 1 (workspaces only)", n)
	}
}

// histogramCount sums the sample counts of every series of a histogram.
func histogramCount(t *testing.T, m *Metrics, name string) uint64 {
	t.Helper()
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, f := range families {
		if f.GetName() == name {
			for _, s := range f.GetMetric() {
				n += s.GetHistogram().GetSampleCount()
			}
		}
	}
	return n
}

func TestHTTP(t *testing.T) {
	m := New(nil)
	h := m.HTTP
	h.Started()
	if got := testutil.ToFloat64(h.inFlight); got != 1 {
		t.Fatalf("in flight %v, want 1", got)
	}
	h.Finished("/api/v1/workspaces", "GET", 200, time.Millisecond, 100)
	h.Started()
	h.Finished("/api/v1/workspaces", "GET", 200, time.Millisecond, 50)
	h.Started()
	h.Finished("/api/v1/workspaces", "GET", 304, time.Millisecond, 0)
	h.Started()
	h.Finished("unmatched", "BREW", 405, time.Millisecond, 10)

	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"requests by route, method and code", testutil.ToFloat64(h.requests.WithLabelValues("/api/v1/workspaces", "GET", "200")), 2},
		{"a 304 counts under its code", testutil.ToFloat64(h.requests.WithLabelValues("/api/v1/workspaces", "GET", "304")), 1},
		{"an unknown method is other", testutil.ToFloat64(h.requests.WithLabelValues("unmatched", "other", "405")), 1},
		{"bytes by route and method", testutil.ToFloat64(h.bytes.WithLabelValues("/api/v1/workspaces", "GET")), 150},
		{"nothing in flight after", testutil.ToFloat64(h.inFlight), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if n := histogramCount(t, m, "workspaces_bff_http_request_duration_seconds"); n != 4 {
		t.Fatalf("durations observed %d, want 4", n)
	}
}

func TestWrites(t *testing.T) {
	gr := schema.GroupResource{Group: "kubeflow.org", Resource: "workspaces"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"success", nil, "success"},
		{"a stale resourceVersion is a conflict", apierrors.NewConflict(gr, "w", errors.New("changed")), "conflict"},
		{"not found", apierrors.NewNotFound(gr, "w"), "not_found"},
		{"already exists", apierrors.NewAlreadyExists(gr, "w"), "already_exists"},
		{"invalid", apierrors.NewInvalid(schema.GroupKind{Group: "kubeflow.org", Kind: "Workspace"}, "w", nil), "invalid"},
		{"forbidden", apierrors.NewForbidden(gr, "w", errors.New("no")), "forbidden"},
		{"throttled", apierrors.NewTooManyRequests("slow down", 1), "unavailable"},
		{"server timeout", apierrors.NewServerTimeout(gr, "update", 1), "unavailable"},
		{"the caller gave up", context.Canceled, "canceled"},
		{"anything else", errors.New("boom"), "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(nil)
			m.Writes.APICall("update", "workspaces", tt.err)
			if got := testutil.ToFloat64(m.Writes.calls.WithLabelValues("workspaces", "update", tt.want)); got != 1 {
				t.Fatalf("outcome %q counted %v times, want 1", tt.want, got)
			}
		})
	}

	m := New(nil)
	m.Writes.Retried("workspaces")
	m.Watch.Opened("workspaces")
	m.Watch.Sent("workspaces", "added", 1)
	m.Watch.Closed("workspaces", "client")
	m.Writes.VisibilityWaited("workspaces", 10*time.Millisecond, false)
	m.Writes.VisibilityWaited("workspaces", 3*time.Second, true)
	if got := testutil.ToFloat64(m.Writes.retries.WithLabelValues("workspaces")); got != 1 {
		t.Errorf("retries %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.Writes.timeouts.WithLabelValues("workspaces")); got != 1 {
		t.Errorf("visibility timeouts %v, want 1", got)
	}
	if n := histogramCount(t, m, "workspaces_bff_write_visibility_wait_seconds"); n != 2 {
		t.Errorf("visibility waits observed %d, want 2", n)
	}
}

func TestAuthz(t *testing.T) {
	m := New(nil)
	m.Authz.Reviewed(nil)
	m.Authz.Reviewed(errors.New("unreachable"))
	m.Authz.Decided(false, true)
	m.Authz.Decided(true, true)
	m.Authz.Decided(true, false)
	m.Authz.TokenReviewed("authenticated")
	m.Authz.TokenReviewed("unauthenticated")
	m.Authz.TokenReviewed("unauthenticated")
	want := `
# HELP workspaces_bff_authn_token_reviews_total TokenReviews sent (--auth-method=user_token), by result (authenticated, unauthenticated or error).
# TYPE workspaces_bff_authn_token_reviews_total counter
workspaces_bff_authn_token_reviews_total{result="authenticated"} 1
workspaces_bff_authn_token_reviews_total{result="unauthenticated"} 2
# HELP workspaces_bff_authz_decisions_total Authorization decisions, by source (cache: a hit; review: a miss) and decision (allow or deny).
# TYPE workspaces_bff_authz_decisions_total counter
workspaces_bff_authz_decisions_total{decision="allow",source="cache"} 1
workspaces_bff_authz_decisions_total{decision="allow",source="review"} 1
workspaces_bff_authz_decisions_total{decision="deny",source="cache"} 1
workspaces_bff_authz_decisions_total{decision="deny",source="review"} 0
# HELP workspaces_bff_authz_reviews_total SubjectAccessReviews sent, by result (ok or error).
# TYPE workspaces_bff_authz_reviews_total counter
workspaces_bff_authz_reviews_total{result="error"} 1
workspaces_bff_authz_reviews_total{result="ok"} 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "workspaces_bff_authz_decisions_total", "workspaces_bff_authz_reviews_total",
		"workspaces_bff_authn_token_reviews_total"); err != nil {
		t.Fatal(err)
	}
}

// Every metric follows Prometheus' naming conventions (promlint) and
// carries the one prefix.
func TestNamingConventions(t *testing.T) {
	model := cache.NewModel(models.Options{})
	m := New(model)
	model.SetObserver(m.Cache)
	model.Upsert(kind("lab", []string{"i"}, []string{"p"}))
	model.Upsert(workspace("a", "w1", "lab", "i", "p", true, ""))
	model.AllWorkspaces()
	m.HTTP.Started()
	m.HTTP.Finished("/livez", "GET", 200, time.Millisecond, 3)
	m.Writes.APICall("get", "workspaces", nil)
	m.Writes.Retried("workspaces")
	m.Writes.VisibilityWaited("workspaces", time.Millisecond, true)
	m.Authz.Reviewed(nil)

	problems, err := testutil.GatherAndLint(m.Gatherer())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
	families, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		name := f.GetName()
		if !strings.HasPrefix(name, "workspaces_bff_") && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") &&
			!strings.HasPrefix(name, "rest_client_") {
			t.Errorf("metric %s lacks the workspaces_bff_ prefix", name)
		}
	}
}

func TestWatchMetrics(t *testing.T) {
	m := New(nil)
	m.Watch.Opened("workspaces")
	m.Watch.Opened("workspaces")
	m.Watch.Opened("workspacekinds")
	m.Watch.Sent("workspaces", "snapshot", 2)
	m.Watch.Sent("workspaces", "added", 3)
	m.Watch.Closed("workspaces", "behind")
	want := `
# HELP workspaces_bff_watch_events_total Events written to watch streams, by resource and event (snapshot, added, modified, deleted).
# TYPE workspaces_bff_watch_events_total counter
workspaces_bff_watch_events_total{event="added",resource="workspaces"} 3
workspaces_bff_watch_events_total{event="snapshot",resource="workspaces"} 2
# HELP workspaces_bff_watch_streams Watch streams (?watch=true) open, by resource.
# TYPE workspaces_bff_watch_streams gauge
workspaces_bff_watch_streams{resource="workspacekinds"} 1
workspaces_bff_watch_streams{resource="workspaces"} 1
# HELP workspaces_bff_watch_streams_closed_total Watch streams ended, by resource and reason (client, behind, access, shutdown).
# TYPE workspaces_bff_watch_streams_closed_total counter
workspaces_bff_watch_streams_closed_total{reason="behind",resource="workspaces"} 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want),
		"workspaces_bff_watch_events_total", "workspaces_bff_watch_streams", "workspaces_bff_watch_streams_closed_total"); err != nil {
		t.Fatal(err)
	}
}

func TestRefusalMetrics(t *testing.T) {
	m := New(nil)
	m.Refusals.Refused("authz_budget")
	m.Refusals.Refused("authz_budget")
	m.Refusals.Refused("body_too_large")
	want := `
# HELP workspaces_bff_refusals_total Requests refused to protect the replica or other users, by reason (body_too_large, decode_busy, authz_budget, watch_user, watch_total, log_user, events_user, token_reviews).
# TYPE workspaces_bff_refusals_total counter
workspaces_bff_refusals_total{reason="authz_budget"} 2
workspaces_bff_refusals_total{reason="body_too_large"} 1
`
	if err := testutil.GatherAndCompare(m.Gatherer(), strings.NewReader(want), "workspaces_bff_refusals_total"); err != nil {
		t.Fatal(err)
	}
}
