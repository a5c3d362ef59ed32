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
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
)

// caller is who a request comes from: a user and groups, or no one.
type caller struct {
	user   string
	groups []string
}

func (c caller) do(t *testing.T, method, url, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if c.user != "" {
		req.Header.Set("kubeflow-userid", c.user)
	}
	for _, g := range c.groups {
		req.Header.Add("kubeflow-groups", g)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return roundTrip(t, nil, req)
}

// bindRole gives a user a Role of rules in ns.
func bindRole(t *testing.T, ns, user string, rules []rbacv1.PolicyRule) {
	t.Helper()
	rbac := testenv.Get(t).Clients.Kube.RbacV1()
	ctx := testenv.Context(t)
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{GenerateName: "role-", Namespace: ns}, Rules: rules}
	role, err := rbac.Roles(ns).Create(ctx, role, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "binding-", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: user}},
	}
	if _, err := rbac.RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// workspaceEditor may do everything with Workspaces in its namespace.
var workspaceEditor = []rbacv1.PolicyRule{{
	APIGroups: []string{"kubeflow.org"}, Resources: []string{"workspaces"},
	Verbs: []string{"get", "list", "watch", "create", "update", "patch", "delete"},
}}

// bindInNamespace gives a subject workspaceEditor in ns and returns the
// binding's name.
func bindInNamespace(t *testing.T, ns string, subject rbacv1.Subject) string {
	t.Helper()
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "workspace-editor", Namespace: ns}, Rules: workspaceEditor}
	if _, err := env.Clients.Kube.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "editor-" + strings.ToLower(subject.Name), Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{subject},
	}
	if _, err := env.Clients.Kube.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return binding.Name
}

func TestAuthorization(t *testing.T) {
	f := newWriteFixture(t) // namespace A, with a kind of its own
	env := testenv.Get(t)
	nsA := f.ns
	nsB := env.Namespace(t)
	fB := writeFixture{base: f.base, ns: nsB, kind: f.kind}
	f.create(t, "ws-a")
	f.create(t, "ws-del")
	fB.create(t, "ws-b")

	// Storage in namespace A: a class users may use, a PVC and a Secret
	// they may change.
	class := "auth-" + nsA
	createStorageClass(t, class, true, nil)
	waitFor(t, f.base+"/api/v1/storageclasses", func(r response) bool { return listItems(t, r.body)[class] != nil }, "the class is served")
	if _, err := env.Clients.Kube.CoreV1().PersistentVolumeClaims(nsA).Create(testenv.Context(t),
		newClaim(nsA, "auth-pvc", class, "can-update"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Clients.Kube.CoreV1().Secrets(nsA).Create(testenv.Context(t), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "auth-secret", Labels: map[string]string{"notebooks.kubeflow.org/can-update": "true"}},
		Data:       map[string][]byte{"k": []byte("v")},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	admin := caller{user: "user@example.com"}
	alice := caller{user: "alice-" + nsA + "@example.com"}
	// carol may manage PVCs and Secrets in A, and nothing else.
	carol := caller{user: "carol-" + nsA + "@example.com"}
	bindRole(t, nsA, carol.user, []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"persistentvolumeclaims"}, Verbs: []string{"list", "create", "delete"}},
		{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list", "create", "update", "delete"}},
	})
	bob := caller{user: "bob-" + nsA + "@example.com", groups: []string{"team-b-" + nsB}}
	nobody := caller{user: "nobody-" + nsA + "@example.com"}
	anonymous := caller{}
	aliceBinding := bindInNamespace(t, nsA, rbacv1.Subject{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: alice.user})
	bindInNamespace(t, nsB, rbacv1.Subject{APIGroup: "rbac.authorization.k8s.io", Kind: "Group", Name: bob.groups[0]})

	api := f.base + "/api/v1"
	kindURL := api + "/workspacekinds/" + f.kind
	type route struct {
		name, method, url, contentType string
		body                           func() string
	}
	noBody := func() string { return "" }
	putA := func() string { return putBody(getForm(t, f.url("ws-a"))) }
	routes := []route{
		{"get the current user", "GET", api + "/user", "", noBody},
		{"list namespaces", "GET", api + "/namespaces", "", noBody},
		{"list all workspaces", "GET", api + "/workspaces", "", noBody},
		{"list all workspaces, paged", "GET", api + "/workspaces?limit=1", "", noBody},
		{"list workspaces in A", "GET", api + "/workspaces/" + nsA, "", noBody},
		{"get workspace in A", "GET", f.url("ws-a"), "", noBody},
		{"list kinds", "GET", api + "/workspacekinds", "", noBody},
		{"list kinds for A", "GET", api + "/workspacekinds?namespaceFilter=" + nsA, "", noBody},
		{"get kind", "GET", kindURL, "", noBody},
		{"create workspace in A", "POST", f.workspacesURL(), "application/json", func() string { return f.createBody("new-" + fmt.Sprint(time.Now().UnixNano())) }},
		{"put workspace in A", "PUT", f.url("ws-a"), "application/json", putA},
		{"patch workspace in A", "PATCH", f.url("ws-a"), "application/merge-patch+json", func() string { return `{"data":{"displayName":"patched"}}` }},
		{"pause workspace in A", "POST", f.url("ws-a") + "/actions/pause", "application/json", func() string { return `{"data":{"paused":true}}` }},
		{"patch kind", "PATCH", kindURL, "application/merge-patch+json", func() string { return `{"data":{"spawner":{"description":"patched"}}}` }},
		{"delete kind", "DELETE", kindURL, "", noBody},
		{"create kind", "POST", api + "/workspacekinds", "application/yaml", func() string {
			name := fmt.Sprintf("auth-kind-%d", time.Now().UnixNano())
			t.Cleanup(func() { _ = env.Clients.WorkspaceKinds().Delete(context.Background(), name, metav1.DeleteOptions{}) })
			return kindManifest(t, name)
		}},
		{"put kind", "PUT", kindURL, "application/json", func() string {
			b, _ := json.Marshal(map[string]any{"data": getKindForm(t, kindURL)})
			return string(b)
		}},
		{"delete workspace in A", "DELETE", f.url("ws-del"), "", noBody},
		{"get workspace details in A", "GET", f.url("ws-a") + "/podtemplate/details", "", noBody},
		{"get workspace logs in A", "GET", f.url("ws-a") + "/podtemplate/logs/batch", "", noBody},
		{"list kind option values", "POST", kindURL + "/podtemplate/options/listvalues", "application/json", func() string { return `{"data":{}}` }},
		{"list kind option values for A", "POST", kindURL + "/podtemplate/options/listvalues", "application/json", func() string {
			return `{"data":{"context":{"namespace":{"name":"` + nsA + `"}}}}`
		}},
		{"get kind icon", "GET", kindURL + "/assets/icon", "", noBody},
		{"get kind logo for A", "GET", kindURL + "/assets/logo?namespace=" + nsA, "", noBody},
		{"list storage classes", "GET", api + "/storageclasses", "", noBody},
		{"list storage classes for A", "GET", api + "/storageclasses?namespace=" + nsA, "", noBody},
		{"list PVCs in A", "GET", api + "/persistentvolumeclaims/" + nsA, "", noBody},
		{"create PVC in A", "POST", api + "/persistentvolumeclaims/" + nsA, "application/json", func() string {
			return storageFixture{}.claimBody(fmt.Sprintf("pvc-%d", time.Now().UnixNano()), class)
		}},
		{"delete PVC in A", "DELETE", api + "/persistentvolumeclaims/" + nsA + "/auth-pvc", "", noBody},
		{"list secrets in A", "GET", api + "/secrets/" + nsA, "", noBody},
		{"create secret in A", "POST", api + "/secrets/" + nsA, "application/json", func() string {
			return fmt.Sprintf(`{"data":{"name":"secret-%d","type":"Opaque","immutable":false,"contents":{}}}`, time.Now().UnixNano())
		}},
		{"get secret in A", "GET", api + "/secrets/" + nsA + "/auth-secret", "", noBody},
		{"put secret in A", "PUT", api + "/secrets/" + nsA + "/auth-secret", "application/json", func() string {
			return `{"data":{"type":"Opaque","immutable":false,"contents":{"k":{}}}}`
		}},
		{"delete secret in A", "DELETE", api + "/secrets/" + nsA + "/auth-secret", "", noBody},
	}
	// want holds the status per caller and route; routes not listed for a
	// caller are 403.
	want := map[string]map[string]int{
		"admin": {
			"get the current user": 200, "list namespaces": 200, "list all workspaces": 200, "list all workspaces, paged": 200,
			"list workspaces in A": 200, "get workspace in A": 200, "list kinds": 200, "list kinds for A": 200,
			"get kind": 200, "create workspace in A": 201, "put workspace in A": 200, "patch workspace in A": 200,
			// Callers run in order: admin pauses first, alice then finds
			// the Workspace paused.
			"pause workspace in A": 200,
			"patch kind":           200, "delete kind": 409, // the kind is in use
			"create kind": 201, "put kind": 200, "delete workspace in A": 204,
			// Past the access check: ws-a has no Pod, the sample kind's
			// assets are URLs.
			"get workspace details in A": 200, "get workspace logs in A": 400,
			"list kind option values": 200, "list kind option values for A": 200,
			"get kind icon": 404, "get kind logo for A": 404,
			"list storage classes": 200, "list storage classes for A": 200, "list PVCs in A": 200,
			"create PVC in A": 201, "delete PVC in A": 204, "list secrets in A": 200, "create secret in A": 201,
			"get secret in A": 200, "put secret in A": 200, "delete secret in A": 204,
		},
		"alice": {
			"get the current user": 200, "list namespaces": 200, "list all workspaces": 200, "list all workspaces, paged": 200,
			"list workspaces in A": 200, "get workspace in A": 200, "list kinds for A": 200,
			"create workspace in A": 201, "put workspace in A": 200, "patch workspace in A": 200,
			"pause workspace in A": 409,
			// The admin deleted it first.
			"delete workspace in A": 404,
			// get workspaces, create workspaces and list workspaces in A
			// are hers; get workspacekinds is not.
			"get workspace details in A": 200, "get workspace logs in A": 400,
			"list kind option values for A": 200, "get kind logo for A": 404,
		},
		"bob": {"get the current user": 200, "list namespaces": 200, "list all workspaces": 200, "list all workspaces, paged": 200},
		// The class list for A asks whether she may create PVCs there.
		// The admin deleted the PVC and the Secret before her turn: the
		// Secret is gone, the PVC terminating (no controller lifts its
		// protection finalizer here), which a delete accepts again.
		"carol": {
			"get the current user": 200, "list namespaces": 200, "list all workspaces": 200, "list all workspaces, paged": 200,
			"list storage classes for A": 200, "list PVCs in A": 200, "create PVC in A": 201, "delete PVC in A": 204,
			"list secrets in A": 200, "create secret in A": 201, "get secret in A": 404, "put secret in A": 404,
			"delete secret in A": 404,
		},
		// Anyone may list the namespaces and Workspaces they see: none
		// is an empty list, not a 403.
		"nobody": {"get the current user": 200, "list namespaces": 200, "list all workspaces": 200, "list all workspaces, paged": 200},
	}
	callers := []struct {
		name string
		c    caller
		// foreign are names that must never appear, as JSON strings, in
		// this caller's answers.
		foreign []string
	}{
		{"admin", admin, nil},
		{"alice", alice, []string{nsB, "ws-b"}},
		{"bob", bob, []string{nsA, "ws-a"}},
		{"carol", carol, []string{nsB, "ws-b"}},
		{"nobody", nobody, []string{nsA, nsB, "ws-a", "ws-b"}},
	}
	for _, cl := range callers {
		for _, rt := range routes {
			t.Run(cl.name+"/"+rt.name, func(t *testing.T) {
				status := want[cl.name][rt.name]
				if status == 0 {
					status = http.StatusForbidden
				}
				r := cl.c.do(t, rt.method, rt.url, rt.contentType, rt.body())
				expect(t, r, status)
				for _, name := range cl.foreign {
					if strings.Contains(string(r.body), `"`+name+`"`) {
						t.Fatalf("the answer leaks %q: %.300s", name, r.body)
					}
				}
			})
			t.Run("anonymous/"+rt.name, func(t *testing.T) {
				expect(t, anonymous.do(t, rt.method, rt.url, rt.contentType, rt.body()), http.StatusUnauthorized)
			})
		}
	}

	t.Run("a restricted caller sees exactly the namespaces they may list", func(t *testing.T) {
		r := alice.do(t, "GET", api+"/namespaces", "", "")
		expect(t, r, 200)
		if got := listItems(t, r.body); len(got) != 1 || got[nsA] == nil {
			t.Fatalf("alice's namespaces: %s", r.body)
		}
		r = bob.do(t, "GET", api+"/workspaces", "", "")
		items := listItems(t, r.body)
		if len(items) != 1 || items["ws-b"] == nil {
			t.Fatalf("bob's workspaces: %s", r.body)
		}
	})

	t.Run("repeated polling within the TTL sends no review", func(t *testing.T) {
		expect(t, alice.do(t, "GET", api+"/workspaces/"+nsA, "", ""), 200)
		before := reviews.Load()
		for range 50 {
			expect(t, alice.do(t, "GET", api+"/workspaces/"+nsA, "", ""), 200)
		}
		// The harness's TTL is a second: at most one renewal may fall in.
		if sent := reviews.Load() - before; sent > 1 {
			t.Fatalf("50 polls sent %d reviews", sent)
		}
	})

	t.Run("revoking a binding takes effect within the TTL", func(t *testing.T) {
		if err := env.Clients.Kube.RbacV1().RoleBindings(nsA).Delete(context.Background(), aliceBinding, metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
		var last response
		testenv.Eventually(t, 5*time.Second, func() bool {
			last = alice.do(t, "GET", api+"/workspaces/"+nsA, "", "")
			return last.status == http.StatusForbidden
		}, "alice still reads namespace A: %d", last.status)
		testenv.Eventually(t, 5*time.Second, func() bool {
			last = alice.do(t, "GET", api+"/workspaces", "", "")
			return last.status == http.StatusOK && string(last.body) == `{"data":[]}`
		}, "alice still lists Workspaces: %d %s", last.status, last.body)
		if r := alice.do(t, "GET", api+"/namespaces", "", ""); r.status != 200 || string(r.body) != `{"data":[]}` {
			t.Fatalf("alice's namespaces once she sees none: %d %s", r.status, r.body)
		}
	})
}
