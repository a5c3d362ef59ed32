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
	"context"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/kubeflow/workspaces-bff/hack/harness/apitest"
	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/actions"
	"github.com/kubeflow/workspaces-bff/pkg/apis/kubeflow/v1beta1"
	"github.com/kubeflow/workspaces-bff/pkg/kube"
	"github.com/kubeflow/workspaces-bff/pkg/models"
)

// createStorageClass creates a cluster-wide StorageClass for one test.
func createStorageClass(t testing.TB, name string, canUse bool, annotations map[string]string) {
	t.Helper()
	sc := &storagev1.StorageClass{
		ObjectMeta:  metav1.ObjectMeta{Name: name, Annotations: annotations},
		Provisioner: "example.com/none",
	}
	if canUse {
		sc.Labels = map[string]string{"notebooks.kubeflow.org/can-use": "true"}
	}
	kube := testenv.Get(t).Clients.Kube
	if _, err := kube.StorageV1().StorageClasses().Create(testenv.Context(t), sc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kube.StorageV1().StorageClasses().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
}

// newClaim is a PVC of 1Gi; labels are the can-mount and can-update labels
// to set to "true".
func newClaim(ns, name, class string, labels ...string) *corev1.PersistentVolumeClaim {
	pvc := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
		},
	}
	if class != "" {
		pvc.Spec.StorageClassName = &class
	}
	for _, l := range labels {
		if pvc.Labels == nil {
			pvc.Labels = map[string]string{}
		}
		pvc.Labels["notebooks.kubeflow.org/"+l] = "true"
	}
	return pvc
}

// newPod is a Pod on node (none when "") whose volumes claim the PVCs.
func newPod(ns, name, node string, claims ...string) *corev1.Pod {
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec: corev1.PodSpec{
			NodeName:                     node,
			AutomountServiceAccountToken: new(false),
			Containers:                   []corev1.Container{{Name: "main", Image: "busybox"}},
		},
	}
	for i, c := range claims {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{
			Name:         "v" + string(rune('a'+i)),
			VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: c}},
		})
	}
	return pod
}

// createPods creates Pods in ns; envtest runs no controller, so the
// namespace's default ServiceAccount, which admission requires, is made too.
func createPods(t testing.TB, ns string, pods ...*corev1.Pod) {
	t.Helper()
	kube := testenv.Get(t).Clients.Kube
	ctx := testenv.Context(t)
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns}}
	if _, err := kube.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !strings.Contains(err.Error(), "already exists") {
		t.Fatal(err)
	}
	for _, p := range pods {
		if _, err := kube.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStorageClassReads(t *testing.T) {
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	usable, other := "usable-"+ns, "other-"+ns
	createStorageClass(t, usable, true, map[string]string{
		"notebooks.kubeflow.org/display-name": "Fast SSD",
		"notebooks.kubeflow.org/description":  "SSDs, replicated",
	})
	createStorageClass(t, other, false, nil)
	url := base + "/api/v1/storageclasses"
	list := waitFor(t, url, func(r response) bool {
		items := listItems(t, r.body)
		return items[usable] != nil && items[other] != nil
	}, "both classes listed")
	apitest.ValidateUpstream(t, "api.StorageClassListEnvelope", list.body)

	items := listItems(t, list.body)
	tests := []struct {
		name  string
		class string
		want  map[string]any
	}{
		{"a usable class with its annotations", usable, map[string]any{"displayName": "Fast SSD", "description": "SSDs, replicated", "canUse": true}},
		{"a class without the label or annotations", other, map[string]any{"displayName": "", "description": "", "canUse": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, want := range tt.want {
				if got := items[tt.class][k]; got != want {
					t.Errorf("%s = %v, want %v", k, got, want)
				}
			}
		})
	}
	t.Run("the namespace query is checked but filters nothing", func(t *testing.T) {
		r := do(t, http.MethodGet, url+"?namespace="+ns)
		expect(t, r, http.StatusOK)
		if !bytes.Equal(r.body, list.body) {
			t.Fatalf("with ?namespace: %s", r.body)
		}
		expect(t, do(t, http.MethodGet, url+"?namespace=Not_A_Namespace"), http.StatusUnprocessableEntity)
	})
	t.Run("revalidation: 304 with the current ETag", func(t *testing.T) {
		r := do(t, http.MethodGet, url, "If-None-Match", list.header.Get("ETag"))
		if r.status != http.StatusNotModified {
			t.Fatalf("status %d", r.status)
		}
		if list.header.Get("Cache-Control") != "no-cache" || list.header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("headers %v", list.header)
		}
	})
}

func TestPVCReads(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	class, volume := "class-"+ns, "pv-"+ns
	createStorageClass(t, class, true, map[string]string{"notebooks.kubeflow.org/display-name": "Standard"})

	home := newClaim(ns, "home", class, "can-mount", "can-update")
	home.Spec.VolumeName = volume
	home.Annotations = map[string]string{"notebooks.kubeflow.org/created-by": "alice@example.com"}
	for _, pvc := range []*corev1.PersistentVolumeClaim{home, newClaim(ns, "data", ""), newClaim(ns, "unused", class, "can-mount")} {
		if _, err := env.Clients.Kube.CoreV1().PersistentVolumeClaims(ns).Create(ctx, pvc, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: volume},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			PersistentVolumeSource:        corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/tmp/" + volume}},
			StorageClassName:              class,
		},
	}
	if _, err := env.Clients.Kube.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Clients.Kube.CoreV1().PersistentVolumes().Delete(context.Background(), volume, metav1.DeleteOptions{})
	})
	// A Pod mounting home twice and data once, one mounting nothing, one
	// not scheduled; a Workspace using home as home and data volume.
	createPods(t, ns,
		newPod(ns, "runner", "node-a", "home", "data", "home"),
		newPod(ns, "bystander", "node-a"),
		newPod(ns, "pending", "", "home"),
	)
	ws := newWorkspace(ns, "lab", "no-kind")
	homeName := "home"
	ws.Spec.PodTemplate.Volumes.Home = &homeName
	ws.Spec.PodTemplate.Volumes.Data = []v1beta1.PodVolumeMount{{PVCName: "home", MountPath: "/again"}, {PVCName: "data", MountPath: "/data"}}
	created, err := env.Clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	created.Status.State = v1beta1.WorkspaceStateRunning
	created.Status.StateMessage = "running"
	created.Status.PodTemplatePod.Name = "lab-pod"
	created.Status.PodTemplatePod.NodeName = "node-a"
	if _, err := env.Clients.Workspaces(created.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}

	url := base + "/api/v1/persistentvolumeclaims/" + ns
	list := waitFor(t, url, func(r response) bool {
		items := listItems(t, r.body)
		return len(items) == 3 && field(items["home"], "pv.name") == volume && len(items["home"]["pods"].([]any)) == 2 &&
			field(items["data"], "workspaces") != nil && len(items["data"]["workspaces"].([]any)) == 1 &&
			field(items["home"]["workspaces"].([]any)[0], "state") == "Running"
	}, "the PVCs with their Pods, Workspaces and volume")
	apitest.ValidateUpstream(t, "api.PVCListEnvelope", list.body)

	var got struct{ Data []json.RawMessage }
	if err := json.Unmarshal(list.body, &got); err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, raw := range got.Data {
		var item struct{ Name string }
		_ = json.Unmarshal(raw, &item)
		byName[item.Name] = string(raw)
	}
	createdAt := field(listItems(t, list.body)["home"], "audit.createdAt")
	tests := []struct {
		name, pvc, want string
	}{
		{"a bound PVC in use shows each Pod and Workspace once, and its volume and class", "home",
			`{"name":"home","canMount":true,"canUpdate":true,` +
				`"pods":[{"name":"pending","phase":"Pending"},{"name":"runner","phase":"Pending","node":{"name":"node-a"}}],` +
				`"workspaces":[{"name":"lab","state":"Running","stateMessage":"running","podTemplatePod":{"name":"lab-pod","node":{"name":"node-a"}}}],` +
				`"audit":{"createdAt":"` + createdAt.(string) + `","createdBy":"alice@example.com","updatedAt":null,"updatedBy":null,"deletedAt":null},` +
				`"pvcSpec":{"requests":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem","storageClassName":"` + class + `"},` +
				`"pv":{"name":"` + volume + `","persistentVolumeReclaimPolicy":"Retain","volumeMode":"Filesystem","accessModes":["ReadWriteOnce"],` +
				`"storageClass":{"name":"` + class + `","displayName":"Standard","description":""}}}`},
		{"an unbound PVC without a class has no pv and an empty class name", "data",
			`{"name":"data","canMount":false,"canUpdate":false,` +
				`"pods":[{"name":"runner","phase":"Pending","node":{"name":"node-a"}}],` +
				`"workspaces":[{"name":"lab","state":"Running","stateMessage":"running","podTemplatePod":{"name":"lab-pod","node":{"name":"node-a"}}}],` +
				`"audit":{"createdAt":"` + createdAt.(string) + `","createdBy":null,"updatedAt":null,"updatedBy":null,"deletedAt":null},` +
				`"pvcSpec":{"requests":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem","storageClassName":""}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if byName[tt.pvc] != tt.want {
				t.Fatalf("got  %s\nwant %s", byName[tt.pvc], tt.want)
			}
		})
	}
	t.Run("a PVC nothing uses has [] of Pods and Workspaces", func(t *testing.T) {
		if !strings.Contains(byName["unused"], `"pods":[],"workspaces":[]`) {
			t.Fatalf("unused: %s", byName["unused"])
		}
	})
	t.Run("a Pod that goes away leaves the PVC's list", func(t *testing.T) {
		if err := env.Clients.Kube.CoreV1().Pods(ns).Delete(ctx, "pending", metav1.DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
			t.Fatal(err)
		}
		r := waitFor(t, url, func(r response) bool {
			pods, _ := listItems(t, r.body)["home"]["pods"].([]any)
			return len(pods) == 1
		}, "the deleted Pod gone")
		if r.header.Get("ETag") == list.header.Get("ETag") {
			t.Fatal("the ETag did not change")
		}
	})
	t.Run("a namespace without PVCs has []", func(t *testing.T) {
		r := do(t, http.MethodGet, base+"/api/v1/persistentvolumeclaims/no-pvcs-here")
		expect(t, r, http.StatusOK)
		if string(r.body) != `{"data":[]}` {
			t.Fatalf("body %s", r.body)
		}
	})
}

// secretValues are values the tests store, which no answer may contain,
// plain or encoded.
var secretValues = []string{"hunter2-value", "s3cr3t-token"}

func assertNoValues(t *testing.T, body []byte) {
	t.Helper()
	for _, v := range secretValues {
		if strings.Contains(string(body), v) || strings.Contains(string(body), base64.StdEncoding.EncodeToString([]byte(v))) {
			t.Fatalf("the answer holds a Secret value: %s", body)
		}
	}
}

func TestSecretReads(t *testing.T) {
	base := bff(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	ns := env.Namespace(t)
	secrets := env.Clients.Kube.CoreV1().Secrets(ns)
	for _, s := range []*corev1.Secret{
		{
			ObjectMeta: metav1.ObjectMeta{Name: "creds", Labels: map[string]string{"notebooks.kubeflow.org/can-mount": "true", "notebooks.kubeflow.org/can-update": "true"},
				Annotations: map[string]string{"notebooks.kubeflow.org/updated-by": "bob@example.com", "notebooks.kubeflow.org/updated-at": "2026-01-02T03:04:05Z",
					// kubectl apply would store the values here, in clear.
					corev1.LastAppliedConfigAnnotation: `{"data":{"password":"` + secretValues[0] + `"}}`}},
			Data: map[string][]byte{"password": []byte(secretValues[0]), "token": []byte(secretValues[1])},
		},
		{
			ObjectMeta: metav1.ObjectMeta{Name: "tls"}, Type: corev1.SecretTypeTLS, Immutable: new(true),
			Data: map[string][]byte{"tls.crt": []byte("c"), "tls.key": []byte("k")},
		},
	} {
		if _, err := secrets.Create(ctx, s, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ws := newWorkspace(ns, "lab", "no-kind")
	ws.Spec.PodTemplate.Volumes.Secrets = []v1beta1.PodSecretMount{{SecretName: "creds", MountPath: "/a"}, {SecretName: "creds", MountPath: "/b"}}
	if _, err := env.Clients.Workspaces(ws.Namespace).Create(ctx, ws, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	url := base + "/api/v1/secrets/" + ns
	list := waitFor(t, url, func(r response) bool {
		items := listItems(t, r.body)
		return items["creds"] != nil && items["tls"] != nil && items["creds"]["mounts"] != nil
	}, "both Secrets listed, creds with its mount")
	apitest.ValidateUpstream(t, "api.SecretListEnvelope", list.body)
	assertNoValues(t, list.body)
	items := listItems(t, list.body)
	createdAt := field(items["creds"], "audit.createdAt").(string)

	t.Run("list items", func(t *testing.T) {
		var got struct{ Data []json.RawMessage }
		_ = json.Unmarshal(list.body, &got)
		want := []string{
			`{"name":"creds","canUpdate":true,"canMount":true,"mounts":[{"group":"kubeflow.org","kind":"Workspace","name":"lab"}],` +
				`"audit":{"createdAt":"` + createdAt + `","createdBy":null,"updatedAt":"2026-01-02T03:04:05Z","updatedBy":"bob@example.com","deletedAt":null}}`,
			`{"name":"tls","canUpdate":false,"canMount":false,` +
				`"audit":{"createdAt":"` + field(items["tls"], "audit.createdAt").(string) + `","createdBy":null,"updatedAt":null,"updatedBy":null,"deletedAt":null}}`,
		}
		if len(got.Data) != len(want) {
			t.Fatalf("%d items: %s", len(got.Data), list.body)
		}
		for i := range want {
			if string(got.Data[i]) != want[i] {
				t.Errorf("item %d\ngot  %s\nwant %s", i, got.Data[i], want[i])
			}
		}
	})

	tests := []struct {
		name, secret string
		status       int
		want         string
	}{
		{"one Secret: its type and keys, no values", "creds", 200, `{"data":{"type":"Opaque","immutable":false,"contents":{"password":{},"token":{}}}}`},
		{"an immutable TLS Secret", "tls", 200, `{"data":{"type":"kubernetes.io/tls","immutable":true,"contents":{"tls.crt":{},"tls.key":{}}}}`},
		{"a missing Secret is 404", "missing", 404, ""},
		{"an invalid name is 422", "Bad_Name", 422, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, http.MethodGet, url+"/"+tt.secret)
			expect(t, r, tt.status)
			if tt.status != 200 {
				return
			}
			apitest.ValidateUpstream(t, "api.SecretEnvelope", r.body)
			if string(r.body) != tt.want {
				t.Fatalf("got  %s\nwant %s", r.body, tt.want)
			}
			again := do(t, http.MethodGet, url+"/"+tt.secret, "If-None-Match", r.header.Get("ETag"))
			if again.status != http.StatusNotModified {
				t.Fatalf("revalidation: %d", again.status)
			}
		})
	}
	t.Run("a Workspace that stops mounting the Secret leaves its mounts", func(t *testing.T) {
		cur, err := env.Clients.Workspaces(ns).Get(ctx, "lab", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cur.Spec.PodTemplate.Volumes.Secrets = nil
		if _, err := env.Clients.Workspaces(cur.Namespace).Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, url, func(r response) bool {
			c := listItems(t, r.body)["creds"]
			_, has := c["mounts"]
			return c != nil && !has
		}, "mounts omitted")
	})
}

// storageFixture is a namespace and a StorageClass users may use, plus one
// they may not.
type storageFixture struct {
	base, ns, class, closed string
}

func newStorageFixture(t *testing.T) storageFixture {
	t.Helper()
	base := bff(t)
	ns := testenv.Get(t).Namespace(t)
	f := storageFixture{base: base, ns: ns, class: "usable-" + ns, closed: "closed-" + ns}
	createStorageClass(t, f.class, true, nil)
	createStorageClass(t, f.closed, false, nil)
	// The BFF checks classes from its cache: wait until it serves them.
	waitFor(t, base+"/api/v1/storageclasses", func(r response) bool {
		items := listItems(t, r.body)
		return items[f.class] != nil && items[f.closed] != nil
	}, "the classes are served")
	return f
}

func (f storageFixture) claimsURL() string  { return f.base + "/api/v1/persistentvolumeclaims/" + f.ns }
func (f storageFixture) secretsURL() string { return f.base + "/api/v1/secrets/" + f.ns }

func (f storageFixture) claimBody(name, class string) string {
	return `{"data":{"name":"` + name + `","accessModes":["ReadWriteOnce"],"storageClassName":"` + class + `","requests":{"storage":"2Gi"}}}`
}

// validationFields are the fields a 422's causes name, with their types.
func validationFields(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var env struct {
		Error struct {
			Cause struct {
				ValidationErrors []struct{ Field, Type string } `json:"validation_errors"`
			}
		}
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range env.Error.Cause.ValidationErrors {
		out[v.Field] = v.Type
	}
	return out
}

func TestPVCWrites(t *testing.T) {
	f := newStorageFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	claims := env.Clients.Kube.CoreV1().PersistentVolumeClaims(f.ns)

	t.Run("create answers 201 with an empty Location and is listed at once", func(t *testing.T) {
		r := send(t, http.MethodPost, f.claimsURL(), "application/json", f.claimBody("made", f.class))
		expect(t, r, http.StatusCreated)
		apitest.ValidateUpstream(t, "api.PVCCreateEnvelope", r.body)
		if want := `{"data":{"name":"made","accessModes":["ReadWriteOnce"],"storageClassName":"` + f.class + `","requests":{"storage":"2Gi"}}}`; string(r.body) != want {
			t.Errorf("body %s, want %s", r.body, want)
		}
		if loc, ok := r.header["Location"]; !ok || len(loc) != 1 || loc[0] != "" {
			t.Errorf("Location %q, want present and empty", loc)
		}
		// No wait: the write answered only once the cache served it.
		item := listItems(t, do(t, http.MethodGet, f.claimsURL()).body)["made"]
		if item == nil || item["canMount"] != true || item["canUpdate"] != true || field(item, "audit.createdBy") != "writer@example.com" {
			t.Fatalf("listed as %v", item)
		}
		stored, err := claims.Get(ctx, "made", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if stored.Annotations["notebooks.kubeflow.org/updated-by"] != "writer@example.com" || *stored.Spec.StorageClassName != f.class {
			t.Errorf("stored %v %v", stored.Annotations, stored.Spec)
		}
	})

	tests := []struct {
		name   string
		body   string
		status int
		fields map[string]string // field -> type of the 422's causes
		msg    string
	}{
		{"a duplicate is 409", f.claimBody("made", f.class), 409, nil, "PVC already exists"},
		{"an unknown class is 422", f.claimBody("other", "no-such-class"), 422,
			map[string]string{"storageClassName": "FieldValueInvalid"}, "validation error"},
		{"a class without can-use is 422", f.claimBody("other", f.closed), 422,
			map[string]string{"storageClassName": "FieldValueForbidden"}, "validation error"},
		{"no access mode, a bad size, a bad class name are 422 at once",
			`{"data":{"name":"x","accessModes":[],"storageClassName":"Bad_Class","requests":{"storage":"lots"}}}`, 422,
			map[string]string{"data.accessModes": "FieldValueRequired", "data.storageClassName": "FieldValueInvalid", "data.requests.storage": "FieldValueInvalid"},
			"request body was invalid"},
		{"an access mode Kubernetes does not know is the API server's 422",
			`{"data":{"name":"odd","accessModes":["ReadSometimes"],"storageClassName":"` + f.class + `","requests":{"storage":"1Gi"}}}`, 422,
			nil, "kubernetes validation error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, http.MethodPost, f.claimsURL(), "application/json", tt.body)
			expect(t, r, tt.status)
			if !strings.Contains(string(r.body), tt.msg) {
				t.Errorf("body %s does not say %q", r.body, tt.msg)
			}
			if tt.fields != nil {
				if got := validationFields(t, r.body); !maps.Equal(got, tt.fields) {
					t.Errorf("causes %v, want %v", got, tt.fields)
				}
			}
		})
	}

	t.Run("a create in a namespace that does not exist is 404", func(t *testing.T) {
		expect(t, send(t, http.MethodPost, f.base+"/api/v1/persistentvolumeclaims/no-such-namespace", "application/json",
			f.claimBody("x", f.class)), http.StatusNotFound)
		expect(t, send(t, http.MethodPost, f.base+"/api/v1/secrets/no-such-namespace", "application/json",
			`{"data":{"name":"x","type":"Opaque","immutable":false,"contents":{}}}`), http.StatusNotFound)
	})
	t.Run("delete answers 204 once reads show the PVC gone or terminating", func(t *testing.T) {
		expect(t, send(t, http.MethodDelete, f.claimsURL()+"/made", "", ""), http.StatusNoContent)
		// envtest runs no controller to lift the protection finalizer: the
		// PVC stays, listed with its deletion time.
		item := listItems(t, do(t, http.MethodGet, f.claimsURL()).body)["made"]
		if item != nil && field(item, "audit.deletedAt") == nil {
			t.Fatalf("after delete: %v", item)
		}
	})
	t.Run("a missing PVC is 404", func(t *testing.T) {
		expect(t, send(t, http.MethodDelete, f.claimsURL()+"/missing", "", ""), http.StatusNotFound)
	})
	t.Run("a PVC without can-update is 403 and stays", func(t *testing.T) {
		if _, err := claims.Create(ctx, newClaim(f.ns, "locked", f.class, "can-mount"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		expect(t, send(t, http.MethodDelete, f.claimsURL()+"/locked", "", ""), http.StatusForbidden)
		if got, err := claims.Get(ctx, "locked", metav1.GetOptions{}); err != nil || got.DeletionTimestamp != nil {
			t.Fatalf("after a refused delete: %v %v", got, err)
		}
	})
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestSecretWrites(t *testing.T) {
	f := newStorageFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	secrets := env.Clients.Kube.CoreV1().Secrets(f.ns)
	url := f.secretsURL() + "/made"

	t.Run("create answers 201 with Location and keys only, and is listed at once", func(t *testing.T) {
		body := `{"data":{"name":"made","type":"Opaque","immutable":false,"contents":{` +
			`"password":{"base64":"` + b64(secretValues[0]) + `"},"token":{"base64":"` + b64(secretValues[1]) + `"},"dropped":{}}}}`
		r := send(t, http.MethodPost, f.secretsURL(), "application/json", body)
		expect(t, r, http.StatusCreated)
		apitest.ValidateUpstream(t, "api.SecretCreateEnvelope", r.body)
		assertNoValues(t, r.body)
		if want := `{"data":{"name":"made","type":"Opaque","immutable":false,"contents":{"password":{},"token":{}}}}`; string(r.body) != want {
			t.Errorf("body %s, want %s", r.body, want)
		}
		if loc := r.header.Get("Location"); loc != "/api/v1/secrets/"+f.ns+"/made" {
			t.Errorf("Location %q", loc)
		}
		if item := listItems(t, do(t, http.MethodGet, f.secretsURL()).body)["made"]; item == nil || item["canUpdate"] != true || item["canMount"] != true {
			t.Fatalf("listed as %v", item)
		}
		stored, err := secrets.Get(ctx, "made", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The values are stored decoded, as a Secret's data is.
		if string(stored.Data["password"]) != secretValues[0] || string(stored.Data["token"]) != secretValues[1] || len(stored.Data) != 2 {
			t.Errorf("stored data %q", stored.Data)
		}
		if stored.Annotations["notebooks.kubeflow.org/created-by"] != "writer@example.com" {
			t.Errorf("annotations %v", stored.Annotations)
		}
	})

	t.Run("PUT sets, keeps and deletes keys", func(t *testing.T) {
		body := `{"data":{"type":"Opaque","immutable":false,"contents":{"password":{},"new":{"base64":"` + b64("fresh") + `"},"ghost":{}}}}`
		r := send(t, http.MethodPut, url, "application/json", body)
		expect(t, r, http.StatusOK)
		apitest.ValidateUpstream(t, "api.SecretEnvelope", r.body)
		if want := `{"data":{"type":"Opaque","immutable":false,"contents":{"new":{},"password":{}}}}`; string(r.body) != want {
			t.Errorf("body %s, want %s", r.body, want)
		}
		stored, err := secrets.Get(ctx, "made", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Data) != 2 || string(stored.Data["password"]) != secretValues[0] || string(stored.Data["new"]) != "fresh" {
			t.Errorf("stored data %q", stored.Data)
		}
		if stored.Annotations["notebooks.kubeflow.org/updated-by"] != "writer@example.com" || stored.Annotations["notebooks.kubeflow.org/updated-at"] == "" {
			t.Errorf("annotations %v", stored.Annotations)
		}
		got := do(t, http.MethodGet, url)
		if !bytes.Equal(got.body, r.body) {
			t.Errorf("GET after PUT %s", got.body)
		}
	})

	if _, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "locked", Labels: map[string]string{"notebooks.kubeflow.org/can-mount": "true"}},
		Data:       map[string][]byte{"k": []byte("v")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "frozen", Labels: map[string]string{"notebooks.kubeflow.org/can-update": "true"}},
		Immutable:  new(true),
		Data:       map[string][]byte{"k": []byte("v")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	keep := `{"data":{"type":"Opaque","immutable":false,"contents":{"k":{}}}}`
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
		field                    string
	}{
		{"a duplicate create is 409", "POST", "", `{"data":{"name":"made","type":"Opaque","immutable":false,"contents":{}}}`, 409, "secret already exists", ""},
		{"a value that is not base64 is 422, without the value", "POST", "",
			`{"data":{"name":"bad","type":"Opaque","immutable":false,"contents":{"k":{"base64":"not base64!` + secretValues[0] + `"}}}}`, 422,
			"must be standard base64", "data.contents[k].base64"},
		{"unpadded base64 is 422", "POST", "", `{"data":{"name":"bad","type":"Opaque","immutable":false,"contents":{"k":{"base64":"YQ"}}}}`, 422,
			"base64", "data.contents[k].base64"},
		{"an invalid key name is 422", "POST", "", `{"data":{"name":"bad","type":"Opaque","immutable":false,"contents":{"a/b":{}}}}`, 422,
			"invalid key name", "data.contents"},
		{"an invalid name is 422", "POST", "", `{"data":{"name":"Bad","type":"Opaque","immutable":false,"contents":{}}}`, 422,
			"request body was invalid", "data.name"},
		{"PUT of a missing Secret is 404", "PUT", "/missing", keep, 404, "could not be found", ""},
		{"PUT of a Secret without can-update is 403", "PUT", "/locked", keep, 403, "not authorized", ""},
		{"PUT of bad base64 is 422", "PUT", "/made", `{"data":{"type":"Opaque","immutable":false,"contents":{"k":{"base64":"%%%"}}}}`, 422,
			"request body was invalid", "data.contents[k].base64"},
		{"PUT changing an immutable Secret is the API server's 422", "PUT", "/frozen",
			`{"data":{"type":"Opaque","immutable":true,"contents":{"k":{"base64":"` + b64("other") + `"}}}}`, 422, "kubernetes validation error", ""},
		{"PUT changing a Secret's type is the API server's 422", "PUT", "/made",
			`{"data":{"type":"kubernetes.io/basic-auth","immutable":false,"contents":{}}}`, 422, "kubernetes validation error", ""},
		{"DELETE of a Secret without can-update is 403", "DELETE", "/locked", "", 403, "not authorized", ""},
		{"DELETE of a missing Secret is 404", "DELETE", "/missing", "", 404, "could not be found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := ""
			if tt.body != "" {
				ct = "application/json"
			}
			r := send(t, tt.method, f.secretsURL()+tt.path, ct, tt.body)
			expect(t, r, tt.status)
			assertNoValues(t, r.body)
			if !strings.Contains(string(r.body), tt.msg) {
				t.Errorf("body %s does not say %q", r.body, tt.msg)
			}
			if tt.field != "" {
				if _, ok := validationFields(t, r.body)[tt.field]; !ok {
					t.Errorf("causes %s do not name %s", r.body, tt.field)
				}
			}
		})
	}
	if got, err := secrets.Get(ctx, "locked", metav1.GetOptions{}); err != nil || string(got.Data["k"]) != "v" || got.DeletionTimestamp != nil {
		t.Fatalf("the Secret without can-update changed: %v %v", got, err)
	}

	t.Run("delete answers 204 and the Secret is gone from reads at once", func(t *testing.T) {
		expect(t, send(t, http.MethodDelete, url, "", ""), http.StatusNoContent)
		if item := listItems(t, do(t, http.MethodGet, f.secretsURL()).body)["made"]; item != nil {
			t.Fatalf("still listed: %v", item)
		}
		expect(t, do(t, http.MethodGet, url), http.StatusNotFound)
	})
}

// roundTripper adapts a function to http.RoundTripper.
type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestSecretPutKeepsAConcurrentChange makes another client change a Secret
// between the BFF's read of it and its write: the write, conditional on
// the version read, fails; the BFF reads again and applies the request to
// the new version, so the other client's change to a key the request keeps
// survives.
func TestSecretPutKeepsAConcurrentChange(t *testing.T) {
	f := newStorageFixture(t)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	secrets := env.Clients.Kube.CoreV1().Secrets(f.ns)
	if _, err := secrets.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "shared", Labels: map[string]string{"notebooks.kubeflow.org/can-update": "true"}},
		Data:       map[string][]byte{"kept": []byte("old"), "set": []byte("old")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var puts atomic.Int32
	cfg := rest.CopyConfig(env.Config)
	cfg.Wrap(func(next http.RoundTripper) http.RoundTripper {
		return roundTripper(func(req *http.Request) (*http.Response, error) {
			if req.Method == http.MethodPut && strings.HasSuffix(req.URL.Path, "/secrets/shared") && puts.Add(1) == 1 {
				cur, err := secrets.Get(req.Context(), "shared", metav1.GetOptions{})
				if err == nil {
					cur.Data["kept"] = []byte("changed meanwhile")
					_, err = secrets.Update(req.Context(), cur, metav1.UpdateOptions{})
				}
				if err != nil {
					return nil, err
				}
			}
			return next.RoundTrip(req)
		})
	})
	clients, err := kube.NewClients(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writes := actions.NewStorage(actions.New(clients, bffModel, actions.Options{}), bffStorage)
	value := b64("new")
	req := &models.SecretUpdate{
		Type:     corev1.SecretTypeOpaque,
		Contents: models.SecretData{"kept": {}, "set": {Base64: &value}},
	}
	res, err := writes.UpdateSecret(ctx, "writer@example.com", f.ns, "shared", req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Warning != "" {
		t.Errorf("warning %q", res.Warning)
	}
	stored, err := secrets.Get(ctx, "shared", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(stored.Data["kept"]) != "changed meanwhile" || string(stored.Data["set"]) != "new" {
		t.Fatalf("stored %q: the concurrent change was lost", stored.Data)
	}
	if n := puts.Load(); n != 2 {
		t.Fatalf("%d PUTs, want 2 (a conflict, then the retry)", n)
	}
}
