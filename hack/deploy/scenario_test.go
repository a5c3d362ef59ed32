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
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	metricsv1beta1 "k8s.io/metrics/pkg/apis/metrics/v1beta1"
	"sigs.k8s.io/yaml"

	"github.com/kubeflow/workspaces-bff/hack/harness/devdata"
	"github.com/kubeflow/workspaces-bff/hack/harness/localcluster"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/config"
	"github.com/kubeflow/workspaces-bff/pkg/informers"
	"github.com/kubeflow/workspaces-bff/pkg/server"
)

const (
	// readyTimeout bounds how long a BFF may take to sync its informers;
	// one whose list is refused never does when its informers list and then
	// watch (a streaming list needs only watch).
	readyTimeout = 5 * time.Second
	// servedTimeout bounds how long a change may take to be served: one
	// made outside the BFF, or one of its own writes (the scenario's BFFs
	// wait as long before answering). A BFF whose watch is refused sees
	// changes only when it lists again, and client-go waits at least 0.8,
	// 1.6, then 3.2 s between attempts: so of changesInARow changes, each
	// made once the one before is served, the last is not served in time.
	servedTimeout = 2 * time.Second
	changesInARow = 3
	// adminUser may do anything: the scenario's writes come from it.
	adminUser = "deploy-admin@example.com"
	// listerRole may list Workspaces; the scenario's restricted users are
	// bound to it in the fixture namespace.
	listerRole = "deploy-test-workspace-lister"
)

// bff is one BFF running in this process behind an HTTP test server, as
// the API server sees a replica: with its own clients and informers.
type bff struct {
	*server.BFF
	url    string
	client *http.Client
	stop   func()
}

// startBFF runs a BFF against the API server restCfg names, configured by
// args as the binary's flags would, until stop is called or the test ends.
func startBFF(t *testing.T, restCfg *rest.Config, args ...string) (*bff, error) {
	return startBFFLogging(t, restCfg, slog.New(slog.DiscardHandler), args...)
}

// startBFFLogging is startBFF logging to logger.
func startBFFLogging(t *testing.T, restCfg *rest.Config, logger *slog.Logger, args ...string) (*bff, error) {
	cfg, err := config.Parse(args, func(string) (string, bool) { return "", false }, io.Discard)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	b, err := server.New(ctx, cfg, restCfg, logger)
	if err != nil {
		cancel()
		return nil, err
	}
	srv := httptest.NewServer(b.Handler)
	var once sync.Once
	stop := func() { once.Do(func() { srv.Close(); cancel() }) }
	t.Cleanup(stop)
	client := srv.Client()
	client.Timeout = 10 * time.Second
	return &bff{BFF: b, url: srv.URL, client: client, stop: stop}, nil
}

// scenarioArgs configure a scenario's BFF: a write waits at most
// servedTimeout to be served, and denials are not cached, so a grant made
// during the scenario counts as soon as the BFF's RBAC informers see it.
var scenarioArgs = []string{"--write-visibility-timeout=" + servedTimeout.String(), "--authz-deny-ttl=0"}

func (b *bff) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for !b.Ready() {
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s: its informers never synced", timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request as user; a JSON body unless contentType says else.
func (b *bff) do(user, method, path, contentType, body string) (response, error) {
	req, err := http.NewRequest(method, b.url+path, strings.NewReader(body))
	if err != nil {
		return response{}, err
	}
	req.Header.Set("kubeflow-userid", user)
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	buf, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: buf}, nil
}

// expect sends a request and checks its status. A write must also be
// served when it answers: a Warning says it was not within the timeout.
func (b *bff) expect(status int, user, method, path, contentType, body string) (response, error) {
	r, err := b.do(user, method, path, contentType, body)
	switch {
	case err != nil:
		return r, err
	case r.status != status:
		return r, fmt.Errorf("%s %s as %s: %d, want %d: %.300s", method, path, user, r.status, status, r.body)
	case method != http.MethodGet && r.header.Get("Warning") != "":
		return r, fmt.Errorf("%s %s: the write was not served in time: %s", method, path, r.header.Get("Warning"))
	}
	return r, nil
}

// servedWithin polls a GET as user until ok accepts its answer, and returns
// every answer, the last one accepted: the two-replica test reads what a
// replica served before it caught up. Polls are 10 ms apart: some fifty
// over that test's half-second lag, while polling twice as often made the
// scenarios, which run many BFFs at once, a sixth slower.
func (b *bff) servedWithin(timeout time.Duration, user, path string, ok func(response) bool) ([]response, error) {
	var seen []response
	deadline := time.Now().Add(timeout)
	for {
		r, err := b.do(user, http.MethodGet, path, "", "")
		if err != nil {
			return seen, err
		}
		seen = append(seen, r)
		if ok(r) {
			return seen, nil
		}
		if time.Now().After(deadline) {
			return seen, fmt.Errorf("GET %s as %s: not served within %s; last answer %d: %.300s", path, user, timeout, r.status, r.body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// names decodes the names of a list answer's items.
func names(r response) []string {
	var env struct {
		Data []struct{ Name, Namespace string }
	}
	if r.status != http.StatusOK || json.Unmarshal(r.body, &env) != nil {
		return nil
	}
	out := make([]string, 0, len(env.Data))
	for _, item := range env.Data {
		out = append(out, item.Name)
	}
	return out
}

func lists(name string) func(response) bool {
	return func(r response) bool { return slices.Contains(names(r), name) }
}

// claimUsedBy accepts a PVC list whose item claim shows a Pod (key "pods")
// or its PersistentVolume (key "pv") named name.
func claimUsedBy(claim, key, name string) func(response) bool {
	return func(r response) bool {
		var env struct {
			Data []struct {
				Name string
				Pods []struct{ Name string }
				PV   *struct{ Name string }
			}
		}
		if r.status != http.StatusOK || json.Unmarshal(r.body, &env) != nil {
			return false
		}
		for _, item := range env.Data {
			switch {
			case item.Name != claim:
			case key == "pv":
				return item.PV != nil && item.PV.Name == name
			default:
				return slices.ContainsFunc(item.Pods, func(p struct{ Name string }) bool { return p.Name == name })
			}
		}
		return false
	}
}

// fixture is what every scenario reads and none changes: a namespace with
// the upstream sample PVCs and Secret (and the default ServiceAccount,
// which Pods need), a StorageClass users may create PVCs of, a ClusterRole
// that may list Workspaces, the admin user's binding, and the sample
// WorkspaceKind.
type fixture struct {
	namespace        string
	homePVC, dataPVC string
	secret           string
	storageClass     string
	// kind is the upstream jupyterlab sample; Workspaces use the option
	// values imageConfig and podConfig it defines.
	kind                   *unstructured.Unstructured
	imageConfig, podConfig string
}

var (
	fixtureOnce sync.Once
	shared      *fixture
	fixtureErr  error
)

func getFixture(t *testing.T) *fixture {
	t.Helper()
	fixtureOnce.Do(func() { shared, fixtureErr = newFixture(testenv.Get(t)) })
	if fixtureErr != nil {
		t.Fatalf("fixture: %v", fixtureErr)
	}
	return shared
}

func newFixture(env *testenv.Env) (*fixture, error) {
	ctx := env.Ctx
	samples, err := devdata.Upstream()
	if err != nil {
		return nil, err
	}
	ns, err := env.Clients.Kube.CoreV1().Namespaces().Create(ctx,
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "deploy-"}}, metav1.CreateOptions{})
	if err != nil {
		return nil, err
	}
	creator, err := localcluster.NewCreator(env.Config)
	if err != nil {
		return nil, err
	}
	f := &fixture{namespace: ns.Name, imageConfig: "jupyter-scipy:v1.10.0", podConfig: "tiny_cpu", storageClass: ns.Name}
	for file, out := range map[string]*string{
		"workspace_home_pvc.yaml": &f.homePVC, "workspace_data_pvc.yaml": &f.dataPVC, "workspace_secret.yaml": &f.secret,
	} {
		obj := samples[file][0].DeepCopy()
		obj.SetNamespace(ns.Name)
		if _, err := creator.Create(ctx, obj); err != nil {
			return nil, err
		}
		*out = obj.GetName()
	}
	f.kind = samples["jupyterlab_v1beta1_workspacekind.yaml"][0]
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns.Name}}
	if _, err := env.Clients.Kube.CoreV1().ServiceAccounts(ns.Name).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		return nil, err
	}
	sc := &storagev1.StorageClass{
		ObjectMeta:  metav1.ObjectMeta{Name: f.storageClass, Labels: map[string]string{"notebooks.kubeflow.org/can-use": "true"}},
		Provisioner: "example.com/none",
	}
	if _, err := env.Clients.Kube.StorageV1().StorageClasses().Create(ctx, sc, metav1.CreateOptions{}); err != nil {
		return nil, err
	}
	lister := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: listerRole},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{"kubeflow.org"}, Resources: []string{"workspaces"}, Verbs: []string{"list"}}},
	}
	if _, err := env.Clients.Kube.RbacV1().ClusterRoles().Create(ctx, lister, metav1.CreateOptions{}); err != nil {
		return nil, err
	}
	admin := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "deploy-test-admin"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: adminUser}},
	}
	if _, err := env.Clients.Kube.RbacV1().ClusterRoleBindings().Create(ctx, admin, metav1.CreateOptions{}); err != nil {
		return nil, err
	}
	return f, nil
}

// errSetup marks a failure of the test's own admin calls, never the BFF's.
var errSetup = errors.New("test setup")

// errDegraded marks a BFF that found, by asking the API server, that it
// lacks a permission and runs degraded: right, but not as its manifests
// mean it to.
var errDegraded = errors.New("running degraded")

var scenarios atomic.Int64

// scenario is one pass through every API call the BFF makes, driven through
// its HTTP API: the reads, every write to WorkspaceKinds and Workspaces
// (mounting PVCs and a Secret, whose metadata the BFF checks), every write
// to PVCs and Secrets and the live read of a Secret, a user who may list
// Workspaces in one namespace only, and changes made outside the BFF to
// every other resource its informers watch, which it must serve within
// servedTimeout. Names are the scenario's own, so scenarios can run side by
// side on one API server.
type scenario struct {
	env                   *testenv.Env
	f                     *fixture
	id                    string
	kind, workspace       string
	claim, secret         string
	reader                string
	changes               []change
	workspaces, kinds     string
	workspaceURL, kindURL string
	// metrics serves the Workspace Pod's usage.
	metrics *testenv.MetricsAPI
	// icons is the image-source ConfigMap of the kind's icon, which the
	// changes write; node runs a test kubelet serving kubeletLog for the
	// Workspace's Pod, pod.
	icons, node, pod string
}

// kubeletLog is every log the scenario's test kubelets serve.
const kubeletLog = "2026-01-01T00:00:00Z the scenario's log line\n"

// change is made outside the BFF while it runs; user's GET of path must
// show it within servedTimeout.
type change struct {
	what       string
	make       func(ctx context.Context) error
	user, path string
	served     func(response) bool
}

// newScenario creates, as the admin, what the scenario needs before its BFF
// starts, and deletes everything it creates when the test ends.
func newScenario(t *testing.T) *scenario {
	t.Helper()
	env := testenv.Get(t)
	f := getFixture(t)
	id := fmt.Sprintf("s%d", scenarios.Add(1))
	s := &scenario{
		env: env, f: f, id: id,
		kind: "deploy-" + id, workspace: "ws-" + id, reader: "reader-" + id + "@example.com",
		claim: "claim-" + id, secret: "secret-" + id,
		workspaces: "/api/v1/workspaces/" + f.namespace, kinds: "/api/v1/workspacekinds",
	}
	s.workspaceURL, s.kindURL = s.workspaces+"/"+s.workspace, s.kinds+"/"+s.kind
	s.metrics = env.MetricsAPI(t)
	rbac := env.Clients.Kube.RbacV1()
	ctx := testenv.Context(t)
	bind := func(name, user, kind, role string) {
		t.Helper()
		b := &rbacv1.RoleBinding{
			ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: f.namespace},
			RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: kind, Name: role},
			Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
		}
		if _, err := rbac.RoleBindings(f.namespace).Create(ctx, b, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = rbac.RoleBindings(f.namespace).Delete(context.Background(), name, metav1.DeleteOptions{}) })
	}
	bind("reader-"+id, s.reader, "ClusterRole", listerRole)
	listWorkspaces := []rbacv1.PolicyRule{{APIGroups: []string{"kubeflow.org"}, Resources: []string{"workspaces"}, Verbs: []string{"list"}}}
	mayList := func(user string) (string, string, func(response) bool) {
		return user, "/api/v1/namespaces", lists(f.namespace)
	}
	for i := range changesInARow {
		ns := fmt.Sprintf("deploy-%s-ns%d", id, i)
		t.Cleanup(func() {
			_ = env.Clients.Kube.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{})
		})
		s.changes = append(s.changes, change{
			what: "namespace " + ns + " created",
			make: func(ctx context.Context) error {
				_, err := env.Clients.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
				return err
			},
			user: adminUser, path: "/api/v1/namespaces", served: lists(ns),
		})
	}
	for i := range changesInARow {
		name := fmt.Sprintf("rolebinding-%s-%d", id, i)
		c := change{what: "RoleBinding " + name + " created"}
		c.user, c.path, c.served = mayList(name + "@example.com")
		c.make = func(ctx context.Context) error {
			b := &rbacv1.RoleBinding{
				ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: f.namespace},
				RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: listerRole},
				Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: c.user}},
			}
			_, err := rbac.RoleBindings(f.namespace).Create(ctx, b, metav1.CreateOptions{})
			return err
		}
		t.Cleanup(func() { _ = rbac.RoleBindings(f.namespace).Delete(context.Background(), name, metav1.DeleteOptions{}) })
		s.changes = append(s.changes, c)
	}
	for i := range changesInARow {
		// The binding exists from the start; the Role it names comes later.
		name := fmt.Sprintf("role-%s-%d", id, i)
		c := change{what: "Role " + name + " created"}
		c.user, c.path, c.served = mayList(name + "@example.com")
		bind(name, c.user, "Role", name)
		c.make = func(ctx context.Context) error {
			role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: f.namespace}, Rules: listWorkspaces}
			_, err := rbac.Roles(f.namespace).Create(ctx, role, metav1.CreateOptions{})
			return err
		}
		t.Cleanup(func() { _ = rbac.Roles(f.namespace).Delete(context.Background(), name, metav1.DeleteOptions{}) })
		s.changes = append(s.changes, c)
	}
	for i := range changesInARow {
		// The binding exists from the start; the ClusterRole it names
		// comes later.
		name := fmt.Sprintf("deploy-clusterrole-%s-%d", id, i)
		c := change{what: "ClusterRole " + name + " created"}
		c.user, c.path, c.served = mayList(name + "@example.com")
		bind(name, c.user, "ClusterRole", name)
		c.make = func(ctx context.Context) error {
			role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: name}, Rules: listWorkspaces}
			_, err := rbac.ClusterRoles().Create(ctx, role, metav1.CreateOptions{})
			return err
		}
		t.Cleanup(func() { _ = rbac.ClusterRoles().Delete(context.Background(), name, metav1.DeleteOptions{}) })
		s.changes = append(s.changes, c)
	}
	for i := range changesInARow {
		// A grant everywhere: the user may then list Workspaces in the
		// fixture namespace without a binding there.
		name := fmt.Sprintf("deploy-clusterrolebinding-%s-%d", id, i)
		c := change{what: "ClusterRoleBinding " + name + " created"}
		c.user, c.path, c.served = mayList(name + "@example.com")
		c.make = func(ctx context.Context) error {
			b := &rbacv1.ClusterRoleBinding{
				ObjectMeta: metav1.ObjectMeta{Name: name},
				RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: listerRole},
				Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: c.user}},
			}
			_, err := rbac.ClusterRoleBindings().Create(ctx, b, metav1.CreateOptions{})
			return err
		}
		t.Cleanup(func() { _ = rbac.ClusterRoleBindings().Delete(context.Background(), name, metav1.DeleteOptions{}) })
		s.changes = append(s.changes, c)
	}
	// The kind's icon comes from an image-source ConfigMap that is
	// created, then changed, while the BFF runs.
	s.icons = "icons-" + id
	configMaps := env.Clients.Kube.CoreV1().ConfigMaps(f.namespace)
	for i := range changesInARow {
		svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg"><!-- %s %d --></svg>`, id, i)
		s.changes = append(s.changes, change{
			what: fmt.Sprintf("ConfigMap %s written (%d)", s.icons, i),
			make: func(ctx context.Context) error {
				cm := &corev1.ConfigMap{
					ObjectMeta: metav1.ObjectMeta{Name: s.icons, Namespace: f.namespace, Labels: map[string]string{"notebooks.kubeflow.org/image-source": "true"}},
					Data:       map[string]string{"icon.svg": svg},
				}
				if i == 0 {
					_, err := configMaps.Create(ctx, cm, metav1.CreateOptions{})
					return err
				}
				patch, err := json.Marshal(map[string]any{"data": cm.Data})
				if err != nil {
					return err
				}
				_, err = configMaps.Patch(ctx, s.icons, types.MergePatchType, patch, metav1.PatchOptions{})
				return err
			},
			user: adminUser, path: s.kindURL + "/assets/icon",
			served: func(r response) bool { return r.status == http.StatusOK && string(r.body) == svg },
		})
	}
	t.Cleanup(func() { _ = configMaps.Delete(context.Background(), s.icons, metav1.DeleteOptions{}) })
	s.node = env.Node(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, kubeletLog)
	}))
	s.pod = "ws-" + id + "-0"
	t.Cleanup(func() {
		_ = env.Clients.Kube.CoreV1().Pods(f.namespace).Delete(context.Background(), s.pod, metav1.DeleteOptions{})
	})
	s.addStorageChanges(t)
	t.Cleanup(func() {
		ctx := context.Background()
		_ = env.Clients.Workspaces(f.namespace).Delete(ctx, s.workspace, metav1.DeleteOptions{})
		_ = env.Clients.WorkspaceKinds().Delete(ctx, s.kind, metav1.DeleteOptions{})
		_ = env.Clients.Kube.CoreV1().PersistentVolumeClaims(f.namespace).Delete(ctx, s.claim, metav1.DeleteOptions{})
		_ = env.Clients.Kube.CoreV1().Secrets(f.namespace).Delete(ctx, s.secret, metav1.DeleteOptions{})
	})
	return s
}

// addStorageChanges adds the changes made outside the BFF to what the
// storage routes show: StorageClasses, PVCs, the PersistentVolumes bound to
// them, the Pods using them, and Secrets.
func (s *scenario) addStorageChanges(t *testing.T) {
	env := testenv.Get(t)
	core, ns := env.Clients.Kube.CoreV1(), s.f.namespace
	claims, volumes, secrets := core.PersistentVolumeClaims(ns), core.PersistentVolumes(), core.Secrets(ns)
	classes := env.Clients.Kube.StorageV1().StorageClasses()
	pvcs := "/api/v1/persistentvolumeclaims/" + ns
	newClaim := func(name, volume string) *corev1.PersistentVolumeClaim {
		return &corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				VolumeName:  volume,
				Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
			},
		}
	}
	for i := range changesInARow {
		class := fmt.Sprintf("deploy-%s-sc%d", s.id, i)
		outside := fmt.Sprintf("outside-%s-%d", s.id, i)
		volume := fmt.Sprintf("deploy-%s-pv%d", s.id, i)
		// bound names its volume from the start; the volume comes later.
		bound := fmt.Sprintf("bound-%s-%d", s.id, i)
		pod := fmt.Sprintf("pod-%s-%d", s.id, i)
		if _, err := claims.Create(testenv.Context(t), newClaim(bound, volume), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx := context.Background()
			_ = classes.Delete(ctx, class, metav1.DeleteOptions{})
			_ = volumes.Delete(ctx, volume, metav1.DeleteOptions{})
			_ = core.Pods(ns).Delete(ctx, pod, metav1.DeleteOptions{GracePeriodSeconds: new(int64)})
			_ = secrets.Delete(ctx, outside, metav1.DeleteOptions{})
			for _, c := range []string{bound, outside} {
				_ = claims.Delete(ctx, c, metav1.DeleteOptions{})
			}
		})
		s.changes = append(s.changes,
			change{
				what: "StorageClass " + class + " created",
				make: func(ctx context.Context) error {
					_, err := classes.Create(ctx, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: class}, Provisioner: "example.com/none"}, metav1.CreateOptions{})
					return err
				},
				user: adminUser, path: "/api/v1/storageclasses", served: lists(class),
			},
			change{
				what: "PVC " + outside + " created",
				make: func(ctx context.Context) error {
					_, err := claims.Create(ctx, newClaim(outside, ""), metav1.CreateOptions{})
					return err
				},
				user: adminUser, path: pvcs, served: lists(outside),
			},
			change{
				what: "PersistentVolume " + volume + " created",
				make: func(ctx context.Context) error {
					_, err := volumes.Create(ctx, &corev1.PersistentVolume{
						ObjectMeta: metav1.ObjectMeta{Name: volume},
						Spec: corev1.PersistentVolumeSpec{
							Capacity:               corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
							AccessModes:            []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
							PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/tmp/" + volume}},
						},
					}, metav1.CreateOptions{})
					return err
				},
				user: adminUser, path: pvcs, served: claimUsedBy(bound, "pv", volume),
			},
			change{
				what: "Pod " + pod + " created",
				make: func(ctx context.Context) error {
					_, err := core.Pods(ns).Create(ctx, &corev1.Pod{
						ObjectMeta: metav1.ObjectMeta{Name: pod},
						Spec: corev1.PodSpec{
							AutomountServiceAccountToken: new(false),
							Containers:                   []corev1.Container{{Name: "main", Image: "busybox"}},
							Volumes: []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{
								PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: bound},
							}}},
						},
					}, metav1.CreateOptions{})
					return err
				},
				user: adminUser, path: pvcs, served: claimUsedBy(bound, "pods", pod),
			},
			change{
				what: "Secret " + outside + " created",
				make: func(ctx context.Context) error {
					_, err := secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: outside}}, metav1.CreateOptions{})
					return err
				},
				user: adminUser, path: "/api/v1/secrets/" + ns, served: lists(outside),
			},
		)
	}
}

// run drives the scenario through b and returns its first failure.
func (s *scenario) run(ctx context.Context, b *bff) error {
	if err := b.waitReady(readyTimeout); err != nil {
		return err
	}
	if d := b.Degraded(); d != "" {
		return fmt.Errorf("%w: %s", errDegraded, d)
	}
	const admin = adminUser
	for _, path := range []string{"/api/v1/namespaces", s.kinds, "/api/v1/workspaces", s.workspaces} {
		if _, err := b.expect(http.StatusOK, admin, http.MethodGet, path, "", ""); err != nil {
			return err
		}
	}

	// Writes answer once the BFF serves them: at least changesInARow in a
	// row to each resource (a WorkspaceKind: create, PUT, PATCH; a
	// Workspace: create, PUT, PATCH, pause).
	kind := s.f.kind.DeepCopy()
	kind.SetName(s.kind)
	icon := map[string]any{"configMap": map[string]any{
		"name": s.icons, "namespace": s.f.namespace, "key": "icon.svg", "mediaType": "image/svg+xml",
	}}
	if err := unstructured.SetNestedField(kind.Object, icon, "spec", "spawner", "icon"); err != nil {
		return err
	}
	manifest, err := yaml.Marshal(kind.Object)
	if err != nil {
		return err
	}
	if _, err := b.expect(http.StatusCreated, admin, http.MethodPost, s.kinds, "application/yaml", string(manifest)); err != nil {
		return err
	}
	if err := s.put(b, s.kindURL, func(form map[string]any) {
		form["spawner"].(map[string]any)["displayName"] = "Renamed " + s.kind
	}); err != nil {
		return err
	}
	if _, err := b.expect(http.StatusOK, admin, http.MethodPatch, s.kindURL, "application/merge-patch+json",
		`{"data":{"spawner":{"description":"Patched through the BFF"}}}`); err != nil {
		return err
	}

	create := fmt.Sprintf(`{"data":{"name":%q,"kind":%q,"paused":false,
		"podTemplate":{"podMetadata":{"labels":{},"annotations":{}},
		"volumes":{"home":%q,"data":[{"pvcName":%q,"mountPath":"/data"}],"secrets":[{"secretName":%q,"mountPath":"/secret"}]},
		"options":{"imageConfig":%q,"podConfig":%q}}}}`,
		s.workspace, s.kind, s.f.homePVC, s.f.dataPVC, s.f.secret, s.f.imageConfig, s.f.podConfig)
	if _, err := b.expect(http.StatusCreated, admin, http.MethodPost, s.workspaces, "application/json", create); err != nil {
		return err
	}
	if err := s.put(b, s.workspaceURL, func(form map[string]any) { form["displayName"] = "Renamed" }); err != nil {
		return err
	}
	if _, err := b.expect(http.StatusOK, admin, http.MethodPatch, s.workspaceURL, "application/merge-patch+json",
		`{"data":{"displayName":"Patched"}}`); err != nil {
		return err
	}
	if _, err := b.expect(http.StatusOK, admin, http.MethodPost, s.workspaceURL+"/actions/pause", "application/json",
		`{"data":{"paused":true}}`); err != nil {
		return err
	}

	// The Workspace's Pod runs on the test node: its log is read live,
	// the Pod's status first, then the log through the node's kubelet.
	if err := s.runPod(ctx); err != nil {
		return fmt.Errorf("%w: %w", errSetup, err)
	}
	if _, err := b.servedWithin(servedTimeout, admin, s.workspaceURL+"/podtemplate/logs/batch", func(r response) bool {
		return r.status == http.StatusOK && string(r.body) == kubeletLog
	}); err != nil {
		return err
	}
	// Its usage is read live from the metrics API.
	if _, err := b.servedWithin(servedTimeout, admin, s.workspaceURL+"/podtemplate/resources", func(r response) bool {
		return r.status == http.StatusOK && strings.Contains(string(r.body), `"metricsFromMetricsServer"`)
	}); err != nil {
		return err
	}
	// Its Events are read live: its StatefulSets by label, then each
	// object's Events by field selector.
	if _, err := b.servedWithin(servedTimeout, admin, s.workspaceURL+"/events", func(r response) bool {
		return r.status == http.StatusOK && strings.HasPrefix(string(r.body), `{"data":[`)
	}); err != nil {
		return err
	}

	if err := s.storageWrites(b); err != nil {
		return err
	}

	r, err := b.expect(http.StatusOK, s.reader, http.MethodGet, "/api/v1/workspaces", "", "")
	if err != nil {
		return err
	}
	if !lists(s.workspace)(r) {
		return fmt.Errorf("GET /api/v1/workspaces as %s does not list %s: %.300s", s.reader, s.workspace, r.body)
	}

	for _, c := range s.changes {
		if err := c.make(ctx); err != nil {
			return fmt.Errorf("%w: %s: %w", errSetup, c.what, err)
		}
		if _, err := b.servedWithin(servedTimeout, c.user, c.path, c.served); err != nil {
			return fmt.Errorf("%s: %w", c.what, err)
		}
	}

	if _, err := b.expect(http.StatusNoContent, admin, http.MethodDelete, s.workspaceURL, "", ""); err != nil {
		return err
	}
	_, err = b.expect(http.StatusNoContent, admin, http.MethodDelete, s.kindURL, "", "")
	return err
}

// runPod creates the Workspace's Pod on the test node with its main
// container running, and reports it in the Workspace's status, as the
// kubelet and the workspace controller would.
func (s *scenario) runPod(ctx context.Context) error {
	env := s.env
	pods := env.Clients.Kube.CoreV1().Pods(s.f.namespace)
	pod, err := pods.Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: s.pod, Namespace: s.f.namespace,
			Labels: map[string]string{informers.WorkspaceNameLabel: s.workspace}},
		Spec: corev1.PodSpec{NodeName: s.node, Containers: []corev1.Container{{Name: "main", Image: "jupyter"}}},
	}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{{
		Name: "main", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
	}}
	if _, err := pods.UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		return err
	}
	s.metrics.Set(&metricsv1beta1.PodMetrics{
		ObjectMeta: metav1.ObjectMeta{Namespace: s.f.namespace, Name: s.pod},
		Timestamp:  metav1.Now(), Window: metav1.Duration{Duration: 15 * time.Second},
		Containers: []metricsv1beta1.ContainerMetrics{{Name: "main", Usage: corev1.ResourceList{
			corev1.ResourceCPU: resource.MustParse("10m"), corev1.ResourceMemory: resource.MustParse("64Mi"),
		}}},
	})
	ws, err := env.Clients.Workspaces(s.f.namespace).Get(ctx, s.workspace, metav1.GetOptions{})
	if err != nil {
		return err
	}
	ws.Status.State, ws.Status.StateMessage = v1beta1.WorkspaceStateRunning, "Workspace is running"
	ws.Status.PodTemplatePod = v1beta1.WorkspacePodStatus{
		Name: s.pod, NodeName: s.node, Containers: []v1beta1.WorkspacePodContainer{{Name: "main"}},
	}
	_, err = env.Clients.Workspaces(ws.Namespace).UpdateStatus(ctx, ws, metav1.UpdateOptions{})
	return err
}

// storageWrites reads the storage routes and writes a PVC and a Secret
// through them: every call the storage routes make.
func (s *scenario) storageWrites(b *bff) error {
	const admin = adminUser
	ns := s.f.namespace
	pvcs, secrets := "/api/v1/persistentvolumeclaims/"+ns, "/api/v1/secrets/"+ns
	for _, path := range []string{"/api/v1/storageclasses", "/api/v1/storageclasses?namespace=" + ns, pvcs, secrets} {
		if _, err := b.expect(http.StatusOK, admin, http.MethodGet, path, "", ""); err != nil {
			return err
		}
	}
	steps := []struct {
		status             int
		method, path, body string
	}{
		{http.StatusCreated, http.MethodPost, pvcs, fmt.Sprintf(`{"data":{"name":%q,"accessModes":["ReadWriteOnce"],"storageClassName":%q,"requests":{"storage":"1Gi"}}}`, s.claim, s.f.storageClass)},
		{http.StatusNoContent, http.MethodDelete, pvcs + "/" + s.claim, ""},
		{http.StatusCreated, http.MethodPost, secrets, fmt.Sprintf(`{"data":{"name":%q,"type":"Opaque","immutable":false,"contents":{"a":{"base64":"YQ=="}}}}`, s.secret)},
		{http.StatusOK, http.MethodGet, secrets + "/" + s.secret, ""},
		{http.StatusOK, http.MethodPut, secrets + "/" + s.secret, `{"data":{"type":"Opaque","immutable":false,"contents":{"a":{},"b":{"base64":"Yg=="}}}}`},
		{http.StatusNoContent, http.MethodDelete, secrets + "/" + s.secret, ""},
	}
	for _, st := range steps {
		if _, err := b.expect(st.status, admin, st.method, st.path, "application/json", st.body); err != nil {
			return err
		}
	}
	return nil
}

// put reads the editable form at url, lets edit change it and PUTs it back
// with its revision.
func (s *scenario) put(b *bff, url string, edit func(map[string]any)) error {
	r, err := b.expect(http.StatusOK, adminUser, http.MethodGet, url, "", "")
	if err != nil {
		return err
	}
	var env struct{ Data map[string]any }
	if err := json.Unmarshal(r.body, &env); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	edit(env.Data)
	body, err := json.Marshal(map[string]any{"data": env.Data})
	if err != nil {
		return err
	}
	_, err = b.expect(http.StatusOK, adminUser, http.MethodPut, url, "application/json", string(body))
	return err
}

// ignoreExists treats an object that is already there as created.
func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}
