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
	"io"
	"net/http"
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/kustomize/api/resmap"

	"github.com/kubeflow/workspaces-bff/hack/harness/testenv"
	"github.com/kubeflow/workspaces-bff/pkg/config"
)

// The token overlay runs the BFF in the token mode with no Istio object,
// its NetworkPolicy admitting the ingress controller alone on the API
// port, and its ServiceAccount bound to system:auth-delegator.
func TestTokenOverlay(t *testing.T) {
	m := render(t, "overlays/token")
	for _, r := range m.Resources() {
		if ns := r.GetNamespace(); namespaced(r.GetKind()) && ns != "kubeflow-workspaces" {
			t.Errorf("%s/%s is in namespace %q", r.GetKind(), r.GetName(), ns)
		}
		switch r.GetKind() {
		case "VirtualService", "DestinationRule", "AuthorizationPolicy", "PeerAuthentication":
			t.Errorf("the token overlay renders Istio's %s/%s", r.GetKind(), r.GetName())
		}
	}

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
	if cfg.AuthMethod != config.AuthMethodUserToken || cfg.AuthTokenHeader != "Authorization" || cfg.AuthTokenPrefix != "Bearer " {
		t.Errorf("the overlay configures auth method %q, header %q, prefix %q: want user_token by Authorization: Bearer",
			cfg.AuthMethod, cfg.AuthTokenHeader, cfg.AuthTokenPrefix)
	}
	if _, ok := d.Spec.Template.Labels["sidecar.istio.io/inject"]; ok {
		t.Errorf("pod labels %v: the token overlay asks for no sidecar", d.Spec.Template.Labels)
	}

	var np networkingv1.NetworkPolicy
	object(t, m, "NetworkPolicy", &np)
	api := intstr.FromInt32(c.Ports[0].ContainerPort)
	want := []string{"kubernetes.io/metadata.name:ingress-nginx app.kubernetes.io/name:ingress-nginx TCP/" + api.String()}
	if got := admits(np); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(np.Spec.PolicyTypes, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}) {
		t.Errorf("the NetworkPolicy admits %q (types %v), want exactly %q", got, np.Spec.PolicyTypes, want)
	}

	var sa corev1.ServiceAccount
	object(t, m, "ServiceAccount", &sa)
	delegator := delegatorBinding(t, m)
	if len(delegator.Subjects) != 1 || delegator.Subjects[0].Kind != rbacv1.ServiceAccountKind ||
		delegator.Subjects[0].Name != sa.Name || delegator.Subjects[0].Namespace != sa.Namespace {
		t.Errorf("the auth-delegator binding binds %+v, want the ServiceAccount %s/%s", delegator.Subjects, sa.Namespace, sa.Name)
	}
}

// delegatorBinding is the rendered binding to system:auth-delegator.
func delegatorBinding(t *testing.T, m resmap.ResMap) rbacv1.ClusterRoleBinding {
	t.Helper()
	for _, r := range m.Resources() {
		if r.GetKind() != "ClusterRoleBinding" {
			continue
		}
		obj, err := r.Map()
		if err != nil {
			t.Fatal(err)
		}
		var b rbacv1.ClusterRoleBinding
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj, &b); err != nil {
			t.Fatal(err)
		}
		if b.RoleRef.Kind == "ClusterRole" && b.RoleRef.Name == "system:auth-delegator" {
			return b
		}
	}
	t.Fatal("no ClusterRoleBinding to system:auth-delegator rendered")
	return rbacv1.ClusterRoleBinding{}
}

// The token overlay's RBAC is what the token mode needs: the base's
// ClusterRole alone may not review tokens; with the overlay's binding to
// system:auth-delegator a BFF running as that account identifies a caller
// by a real service-account token.
func TestTokenOverlayRBACReviewsTokens(t *testing.T) {
	mr := renderRBAC(t)
	const name = "workspaces-backend-token-mode"
	cfg := mr.apply(t, name, mr.role.Rules)
	env := testenv.Get(t)
	ctx := testenv.Context(t)
	kube := env.Clients.Kube
	mayReview := func() bool {
		review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: cfg.Impersonate.UserName, Groups: cfg.Impersonate.Groups,
			ResourceAttributes: &authorizationv1.ResourceAttributes{Group: "authentication.k8s.io", Resource: "tokenreviews", Verb: "create"},
		}}
		out, err := kube.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return out.Status.Allowed
	}
	if mayReview() {
		t.Fatal("the base ClusterRole alone may review tokens: the overlay's binding would not be needed")
	}
	binding := delegatorBinding(t, render(t, "overlays/token"))
	binding.ObjectMeta = metav1.ObjectMeta{Name: name + "-auth-delegator"}
	binding.Subjects[0].Name = name
	if _, err := kube.RbacV1().ClusterRoleBindings().Create(ctx, &binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kube.RbacV1().ClusterRoleBindings().Delete(context.Background(), binding.Name, metav1.DeleteOptions{})
	})
	testenv.Eventually(t, 10*time.Second, mayReview, "the API server never let %s review tokens", cfg.Impersonate.UserName)

	b, err := startBFF(t, cfg, "--auth-method=user_token")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.waitReady(time.Minute); err != nil {
		t.Fatal(err)
	}
	ns := env.Namespace(t)
	if _, err := kube.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "caller"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	token, err := kube.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "caller", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, authorization string
		want                int
	}{
		{"a service-account token is its account", "Bearer " + token.Status.Token, http.StatusOK},
		{"no token is 401", "", http.StatusUnauthorized},
	} {
		req, err := http.NewRequest(http.MethodGet, b.url+"/api/v1/user", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.authorization != "" {
			req.Header.Set("Authorization", tt.authorization)
		}
		req.Header.Set("kubeflow-userid", "user@example.com")
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Fatalf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.want)
		}
		if tt.want != http.StatusOK {
			continue
		}
		var out struct {
			Data struct {
				UserID string `json:"userId"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &out); err != nil || out.Data.UserID != "system:serviceaccount:"+ns+":caller" {
			t.Fatalf("%s: %s (%v)", tt.name, body, err)
		}
	}
}
