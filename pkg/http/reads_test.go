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

package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/auth"
	"github.com/kubeflow/workspaces-bff/pkg/cache"
	httpapi "github.com/kubeflow/workspaces-bff/pkg/http"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/metrics"
	"github.com/kubeflow/workspaces-bff/pkg/models"
	"github.com/kubeflow/workspaces-bff/pkg/podlogs"
	"github.com/kubeflow/workspaces-bff/pkg/workspaceevents"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

var (
	bffOnce  sync.Once
	bffURL   string
	bffModel *cache.Model
	bffRBAC  *auth.RBAC
	// bffMetrics are the package's BFF's metrics (metrics_test.go).
	bffMetrics *metrics.Metrics
	// reviews counts the SubjectAccessReviews the package's BFF sent.
	reviews atomic.Int64
	// bffStorage is the package's BFF's storage read model.
	bffStorage *cache.Storage
)

// grantClusterAdmin binds a user to cluster-admin.
func grantClusterAdmin(t testing.TB, user string) {
	t.Helper()
	testenv.Get(t).GrantClusterAdmin(t, user)
}

// bff starts one BFF for the package, fed by informers on the shared
// control plane. Tests use their own namespaces and kind names, so they
// share it without stepping on each other.
func bff(t testing.TB) string {
	t.Helper()
	bffOnce.Do(func() {
		env := testenv.Get(t)
		inf, err := informers.New(env.Clients, nil)
		if err != nil {
			t.Fatal(err)
		}
		model := cache.NewModel(models.Options{ProxyURLPrefix: "/workspaces"})
		bffMetrics = metrics.New(model)
		model.SetObserver(bffMetrics.Cache)
		if err := model.Register(inf); err != nil {
			t.Fatal(err)
		}
		assets, err := cache.NewAssets(inf)
		if err != nil {
			t.Fatal(err)
		}
		storage := cache.NewStorage()
		storage.SetObserver(bffMetrics.Cache)
		bffMetrics.Report(storage)
		if err := storage.Register(inf); err != nil {
			t.Fatal(err)
		}
		// The informers live as long as the package's control plane.
		inf.Start(env.Ctx)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if !inf.WaitForSync(ctx) {
			t.Fatal("informers did not sync")
		}
		testenv.Eventually(t, time.Minute, assets.HasSynced, "the asset informer syncs")
		rbacInformers, err := informers.NewRBAC(env.Clients.Kube, nil)
		if err != nil {
			t.Fatal(err)
		}
		rbac := auth.NewRBAC(env.Clients.Kube.AuthorizationV1().SelfSubjectAccessReviews(), rbacInformers)
		rbac.Start(env.Ctx.Done())
		testenv.Eventually(t, time.Minute, func() bool { synced, _ := rbac.Status(); return synced }, "RBAC informers sync")
		bffRBAC = rbac
		// The users most tests act as may do anything; auth_test.go sets up
		// users who may not.
		for _, u := range []string{"user@example.com", "writer@example.com"} {
			grantClusterAdmin(t, u)
		}
		writes := actions.New(env.Clients, model, actions.Options{Observer: bffMetrics.Writes})
		srv := httptest.NewServer(httpapi.NewRouter(httpapi.Dependencies{
			Ready:           func() (bool, string) { return model.HasSynced() && storage.HasSynced(), "" },
			Reads:           model,
			Objects:         model,
			NamespaceLabels: model,
			Assets:          assets,
			PodLogs:         podlogs.NewReader(env.Clients.Kube.CoreV1()),
			Events:          workspaceevents.NewReader(env.Clients.Kube),
			Writes:          writes,
			Storage:         storage,
			StorageWrites:   actions.NewStorage(writes, storage),
			Users: auth.Headers{
				UserIDHeader: "kubeflow-userid", UserIDPrefix: ":", GroupsHeader: "kubeflow-groups",
			},
			Authorizer: auth.NewAuthorizer(env.Clients.Kube.AuthorizationV1().SubjectAccessReviews(), auth.Options{
				AllowTTL: time.Second, DenyTTL: time.Second,
				OnReview: func(err error) { reviews.Add(1); bffMetrics.Authz.Reviewed(err) },
				Observe:  bffMetrics.Authz.Decided,
				Proposer: bffRBAC,
			}),
			Metrics:  bffMetrics.Handler(),
			Observer: bffMetrics.HTTP,
		}))
		bffURL = srv.URL
		bffModel = model
		bffStorage = storage
	})
	if bffURL == "" {
		t.Fatal("the BFF did not start")
	}
	return bffURL
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t testing.TB, method, url string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("kubeflow-userid", "user@example.com")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	// The transport must not decompress: the tests check the raw encoding.
	return roundTrip(t, &http.Client{Transport: &http.Transport{DisableCompression: true}}, req)
}

// sampleKind returns the upstream jupyterlab WorkspaceKind under a new name.
func sampleKind(t testing.TB, name string) *v1beta1.WorkspaceKind {
	t.Helper()
	samples, err := devdata.Upstream()
	if err != nil {
		t.Fatal(err)
	}
	objs := samples["jupyterlab_v1beta1_workspacekind.yaml"]
	if len(objs) == 0 {
		t.Fatal("no jupyterlab sample")
	}
	kind := &v1beta1.WorkspaceKind{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(objs[0].Object, kind); err != nil {
		t.Fatal(err)
	}
	kind.Name = name
	return kind
}

func newWorkspace(ns, name, kind string) *v1beta1.Workspace {
	return &v1beta1.Workspace{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: v1beta1.WorkspaceSpec{
			Kind: kind,
			PodTemplate: v1beta1.WorkspacePodTemplate{
				Options: v1beta1.WorkspacePodOptions{ImageConfig: "jupyter-scipy:v1.10.0", PodConfig: "tiny_cpu"},
			},
		},
	}
}

// listItems decodes a list envelope into generic items keyed by name.
func listItems(t testing.TB, body []byte) map[string]map[string]any {
	t.Helper()
	var env struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("not a list envelope: %v\n%s", err, body)
	}
	out := map[string]map[string]any{}
	for _, item := range env.Data {
		out[fmt.Sprint(item["name"])] = item
	}
	return out
}

// field walks a decoded JSON value along a dotted path.
func field(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// waitFor polls url until check accepts the response.
func waitFor(t testing.TB, url string, check func(response) bool, what string) response {
	t.Helper()
	var last response
	testenv.Eventually(t, 10*time.Second, func() bool {
		last = do(t, http.MethodGet, url)
		return check(last)
	}, "%s (last answer %d: %.300s)", what, last.status, last.body)
	return last
}

func TestWorkspaceReads(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kindName := "jupyterlab-" + ns

	kind, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, kindName), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kind.Name, metav1.DeleteOptions{})
	})
	running, err := env.Clients.Workspaces(newWorkspace(ns, "running", kindName).Namespace).Create(ctx, newWorkspace(ns, "running", kindName), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	running.Status.State = v1beta1.WorkspaceStateRunning
	running.Status.StateMessage = "Workspace is running"
	running.Status.LastRunningTime = 1764000000000
	if _, err := env.Clients.Workspaces(running.Namespace).UpdateStatus(ctx, running, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Clients.Workspaces(newWorkspace(ns, "orphan", "no-such-kind-"+ns).Namespace).Create(ctx, newWorkspace(ns, "orphan", "no-such-kind-"+ns), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	nsURL := base + "/api/v1/workspaces/" + ns
	resp := waitFor(t, nsURL, func(r response) bool {
		items := listItems(t, r.body)
		return r.status == 200 && len(items) == 2 && field(items["running"], "state") == "Running"
	}, "both Workspaces listed, running one with its status")
	apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", resp.body)
	items := listItems(t, resp.body)

	t.Run("a Workspace of an existing kind is rendered with the kind's data", func(t *testing.T) {
		item := items["running"]
		checks := map[string]any{
			"namespace":             ns,
			"workspaceKind.name":    kindName,
			"workspaceKind.missing": false,
			"stateMessage":          "Workspace is running",
			"lastRunningTime":       float64(1764000000000),
			"paused":                false,
			"podTemplate.options.imageConfig.current.id": "jupyter-scipy:v1.10.0",
		}
		for path, want := range checks {
			if got := field(item, path); got != want {
				t.Errorf("%s = %v, want %v", path, got, want)
			}
		}
		services, _ := item["services"].([]any)
		if len(services) == 0 || field(services[0], "httpService.httpPath") != "/workspace/connect/"+ns+"/running/jupyterlab/" {
			t.Errorf("services = %v", item["services"])
		}
	})
	t.Run("a Workspace whose kind is missing is listed with placeholders", func(t *testing.T) {
		item := items["orphan"]
		if field(item, "workspaceKind.missing") != true || field(item, "workspaceKind.icon.url") != "__UNKNOWN_ICON_URL__" {
			t.Errorf("orphan = %v", item["workspaceKind"])
		}
		if services, ok := item["services"].([]any); !ok || len(services) != 0 {
			t.Errorf("services = %v, want []", item["services"])
		}
		if field(item, "state") != "Unknown" {
			t.Errorf("state of a Workspace without status = %v, want Unknown", field(item, "state"))
		}
	})
	t.Run("the all-namespaces list holds them too", func(t *testing.T) {
		resp := do(t, http.MethodGet, base+"/api/v1/workspaces")
		apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", resp.body)
		found := 0
		var all struct{ Data []map[string]any }
		_ = json.Unmarshal(resp.body, &all)
		for _, item := range all.Data {
			if item["namespace"] == ns {
				found++
			}
		}
		if found != 2 {
			t.Fatalf("found %d of this namespace's Workspaces", found)
		}
	})
	t.Run("GET one returns the editable form with a revision", func(t *testing.T) {
		resp := do(t, http.MethodGet, nsURL+"/running")
		if resp.status != 200 {
			t.Fatalf("status %d: %s", resp.status, resp.body)
		}
		apitest.ValidateUpstream(t, "api.WorkspaceEnvelope", resp.body)
		var got struct{ Data map[string]any }
		_ = json.Unmarshal(resp.body, &got)
		if rev := models.Revision(running.UID, running.Name, running.Generation); got.Data["revision"] != rev {
			t.Errorf("revision %v, want %s", got.Data["revision"], rev)
		}
		if field(got.Data, "podTemplate.options.podConfig") != "tiny_cpu" {
			t.Errorf("podTemplate = %v", got.Data["podTemplate"])
		}
	})
	t.Run("a kind change re-renders its Workspaces", func(t *testing.T) {
		latest, err := env.Clients.WorkspaceKinds().Get(ctx, kindName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range latest.Spec.PodTemplate.Options.ImageConfig.Values {
			if v.ID == "jupyter-scipy:v1.10.0" {
				latest.Spec.PodTemplate.Options.ImageConfig.Values[i].Spawner.DisplayName = "Renamed SciPy"
			}
		}
		if _, err := env.Clients.WorkspaceKinds().Update(ctx, latest, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, nsURL, func(r response) bool {
			return field(listItems(t, r.body)["running"], "podTemplate.options.imageConfig.current.displayName") == "Renamed SciPy"
		}, "the new option display name in the list")
	})
	t.Run("a deleted Workspace disappears", func(t *testing.T) {
		if err := env.Clients.Workspaces(ns).Delete(ctx, "orphan", metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, nsURL, func(r response) bool { _, ok := listItems(t, r.body)["orphan"]; return !ok }, "orphan gone")
		if resp := do(t, http.MethodGet, nsURL+"/orphan"); resp.status != 404 {
			t.Fatalf("GET deleted: %d", resp.status)
		}
	})
}

func TestReadErrors(t *testing.T) {
	base := bff(t)
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantField  string
	}{
		{"an unknown namespace has no Workspaces", "/api/v1/workspaces/no-such-namespace", 200, ""},
		{"an uppercase namespace is invalid", "/api/v1/workspaces/Team", 422, "namespace"},
		{"a namespace longer than 63 characters is invalid", "/api/v1/workspaces/" + strings.Repeat("a", 64), 422, "namespace"},
		{"an encoded slash stays in the name and is invalid", "/api/v1/workspaces/ns/a%2Fb", 422, "name"},
		{"a dotted workspace name is valid but missing", "/api/v1/workspaces/ns/a.b", 404, ""},
		{"an invalid workspace name", "/api/v1/workspaces/ns/-bad-", 422, "name"},
		{"a missing Workspace is 404", "/api/v1/workspaces/ns/missing", 404, ""},
		{"a missing WorkspaceKind is 404", "/api/v1/workspacekinds/missing", 404, ""},
		{"an invalid WorkspaceKind name", "/api/v1/workspacekinds/Bad_Name", 422, "name"},
		{"an invalid namespaceFilter", "/api/v1/workspacekinds?namespaceFilter=Bad", 422, "namespaceFilter"},
		{"a valid namespaceFilter does not filter", "/api/v1/workspacekinds?namespaceFilter=anything", 200, ""},
		{"limit must be positive", "/api/v1/workspaces?limit=0", 422, "limit"},
		{"limit must be a number", "/api/v1/namespaces?limit=ten", 422, "limit"},
		{"continue needs limit", "/api/v1/workspacekinds?continue=djE6eA", 422, "limit"},
		{"a forged continue token is invalid", "/api/v1/workspaces?limit=1&continue=%21%21", 422, "continue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, http.MethodGet, base+tt.path)
			if resp.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.status, tt.wantStatus, resp.body)
			}
			if ct := resp.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.wantStatus == 200 {
				if !bytes.HasPrefix(resp.body, []byte(`{"data":[`)) {
					t.Errorf("body %s", resp.body)
				}
				return
			}
			var env struct {
				Error struct {
					Code  string
					Cause struct {
						ValidationErrors []struct{ Field, Type, Origin string } `json:"validation_errors"`
					}
				}
			}
			if err := json.Unmarshal(resp.body, &env); err != nil || env.Error.Code != fmt.Sprint(tt.wantStatus) {
				t.Fatalf("not an error envelope: %s", resp.body)
			}
			if tt.wantField != "" {
				causes := env.Error.Cause.ValidationErrors
				if len(causes) == 0 || causes[0].Field != tt.wantField || causes[0].Origin != "INTERNAL" {
					t.Fatalf("causes %+v, want field %s", causes, tt.wantField)
				}
			}
		})
	}
	t.Run("an empty list is [] not null", func(t *testing.T) {
		resp := do(t, http.MethodGet, base+"/api/v1/workspaces/empty-namespace")
		if string(resp.body) != `{"data":[]}` {
			t.Fatalf("body %s", resp.body)
		}
		apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", resp.body)
	})
}

func TestConditionalAndCompressedGets(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	for i := range 12 {
		if _, err := env.Clients.Workspaces(newWorkspace(ns, fmt.Sprintf("ws-%02d", i), "no-kind").Namespace).Create(ctx, newWorkspace(ns, fmt.Sprintf("ws-%02d", i), "no-kind"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	url := base + "/api/v1/workspaces/" + ns
	first := waitFor(t, url, func(r response) bool { return len(listItems(t, r.body)) == 12 }, "12 Workspaces")
	etag := first.header.Get("ETag")

	t.Run("a GET carries a strong ETag and revalidation headers", func(t *testing.T) {
		if !strings.HasPrefix(etag, `"`) || first.header.Get("Cache-Control") != "no-cache" || first.header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("headers %v", first.header)
		}
	})
	t.Run("If-None-Match with the current ETag is 304 with no body", func(t *testing.T) {
		resp := do(t, http.MethodGet, url, "If-None-Match", etag)
		if resp.status != 304 || len(resp.body) != 0 || resp.header.Get("ETag") != etag {
			t.Fatalf("status %d, body %q", resp.status, resp.body)
		}
	})
	t.Run("gzip is served when accepted and decodes to the same bytes", func(t *testing.T) {
		resp := do(t, http.MethodGet, url, "Accept-Encoding", "gzip")
		if resp.header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("not compressed: %v", resp.header)
		}
		zr, err := gzip.NewReader(bytes.NewReader(resp.body))
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		if !bytes.Equal(plain, first.body) {
			t.Fatal("gzip body differs from identity body")
		}
		again := do(t, http.MethodGet, url, "Accept-Encoding", "gzip")
		if !bytes.Equal(again.body, resp.body) {
			t.Fatal("the compressed form changed without a change to the list")
		}
	})
	t.Run("zstd is served to a browser and decodes to the same bytes", func(t *testing.T) {
		resp := do(t, http.MethodGet, url, "Accept-Encoding", "gzip, deflate, br, zstd")
		if resp.header.Get("Content-Encoding") != "zstd" {
			t.Fatalf("not zstd: %v", resp.header)
		}
		zr, err := zstd.NewReader(bytes.NewReader(resp.body))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, first.body) {
			t.Fatalf("zstd body differs from identity body (%v)", err)
		}
	})
	t.Run("a change gives a new ETag and the old one no longer matches", func(t *testing.T) {
		if _, err := env.Clients.Workspaces(newWorkspace(ns, "ws-new", "no-kind").Namespace).Create(ctx, newWorkspace(ns, "ws-new", "no-kind"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		resp := waitFor(t, url, func(r response) bool { return len(listItems(t, r.body)) == 13 }, "the new Workspace")
		if resp.header.Get("ETag") == etag {
			t.Fatal("ETag did not change")
		}
		if r := do(t, http.MethodGet, url, "If-None-Match", etag); r.status != 200 {
			t.Fatalf("stale ETag answered %d", r.status)
		}
	})
	t.Run("pages continue from a key: no duplicates, no skips while the list changes", func(t *testing.T) {
		seen := map[string]int{}
		token := ""
		for page := 0; ; page++ {
			u := url + "?limit=5"
			if token != "" {
				u += "&continue=" + token
			}
			resp := do(t, http.MethodGet, u)
			if resp.status != 200 {
				t.Fatalf("page %d: %d %s", page, resp.status, resp.body)
			}
			apitest.ValidateUpstream(t, "api.WorkspaceListEnvelope", resp.body)
			var pg struct {
				Data     []struct{ Name string }
				Continue string
			}
			if err := json.Unmarshal(resp.body, &pg); err != nil {
				t.Fatal(err)
			}
			for _, item := range pg.Data {
				seen[item.Name]++
			}
			if page == 0 {
				// Between pages: delete an item already served and add one
				// that sorts before the cursor; neither may disturb the rest.
				if err := env.Clients.Workspaces(ns).Delete(ctx, "ws-00", metav1.DeleteOptions{}); err != nil {
					t.Fatal(err)
				}
				if _, err := env.Clients.Workspaces(newWorkspace(ns, "ws-00a", "no-kind").Namespace).Create(ctx, newWorkspace(ns, "ws-00a", "no-kind"), metav1.CreateOptions{}); err != nil {
					t.Fatal(err)
				}
				waitFor(t, url, func(r response) bool {
					items := listItems(t, r.body)
					_, added := items["ws-00a"]
					_, gone := items["ws-00"]
					return added && !gone
				}, "the change between pages")
			}
			if pg.Continue == "" {
				break
			}
			token = pg.Continue
		}
		for i := range 12 {
			name := fmt.Sprintf("ws-%02d", i)
			if seen[name] != 1 {
				t.Errorf("%s seen %d times", name, seen[name])
			}
		}
		if seen["ws-new"] != 1 {
			t.Errorf("ws-new seen %d times", seen["ws-new"])
		}
	})
}

func TestKindAndNamespaceReads(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	kindName := "kind-" + ns
	if _, err := env.Clients.WorkspaceKinds().Create(ctx, sampleKind(t, kindName), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.WorkspaceKinds().Delete(context.Background(), kindName, metav1.DeleteOptions{})
	})

	list := waitFor(t, base+"/api/v1/workspacekinds", func(r response) bool {
		_, ok := listItems(t, r.body)[kindName]
		return ok
	}, "the new kind listed")
	apitest.ValidateUpstream(t, "api.WorkspaceKindListEnvelope", list.body)
	item := listItems(t, list.body)[kindName]
	if field(item, "displayName") != "JupyterLab Notebook" || field(item, "podTemplate.volumeMounts.home") != "/home/jovyan" {
		t.Errorf("kind item = %v", item)
	}

	one := do(t, http.MethodGet, base+"/api/v1/workspacekinds/"+kindName)
	if one.status != 200 {
		t.Fatalf("GET kind: %d %s", one.status, one.body)
	}
	apitest.ValidateUpstream(t, "api.WorkspaceKindEnvelope", one.body)

	nsList := waitFor(t, base+"/api/v1/namespaces", func(r response) bool {
		_, ok := listItems(t, r.body)[ns]
		return ok
	}, "the test namespace listed")
	apitest.ValidateUpstream(t, "api.NamespaceListEnvelope", nsList.body)
}
