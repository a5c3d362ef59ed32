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
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Node registers a Node whose kubelet is kubelet, an HTTPS server on
// loopback, and returns the Node's name. envtest runs no kubelet, but the
// API server reaches this one as it would a real node's for what only a
// kubelet serves, such as a Pod's log (GET
// /containerLogs/{namespace}/{pod}/{container}): kube-apiserver does not
// verify kubelet certificates unless --kubelet-certificate-authority is set,
// and envtest sets none. The Node and the server go when the test ends.
func (e *Env) Node(t testing.TB, kubelet http.Handler) string {
	t.Helper()
	srv := httptest.NewTLSServer(kubelet)
	t.Cleanup(srv.Close)
	host, portText, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatal(err)
	}
	nodes := e.Clients.Kube.CoreV1().Nodes()
	node, err := nodes.Create(context.Background(), &corev1.Node{ObjectMeta: metav1.ObjectMeta{GenerateName: "test-node-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating a test node: %v", err)
	}
	t.Cleanup(func() { _ = nodes.Delete(context.Background(), node.Name, metav1.DeleteOptions{}) })
	node.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: host}}
	node.Status.DaemonEndpoints.KubeletEndpoint.Port = int32(port)
	if _, err := nodes.UpdateStatus(context.Background(), node, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("writing the test node's status: %v", err)
	}
	return node.Name
}
